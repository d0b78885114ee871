//! The lifecycle every typed resource shares: plan (defaults, values the
//! server fills in, replacement), apply by server-side apply, readiness,
//! refresh limited to the configured fields, deletion and import.

use std::time::Duration;

use serde_json::{json, Map, Value as Json};
use terrace_provider_sdk::{Attribute, NestedBlock, Nesting, Path, PathStep, Schema, Type};
use terrace_value::{Diagnostic, Diagnostics, Value};

use super::convert::{to_k8s, to_tf};
use super::kinds::{Readiness, TypedKind};
use super::pod::{CLUSTER_METADATA, METADATA};
use super::spec::{block, schema_block, Field, Kind, Mode};
use crate::cluster::{Cluster, KindInfo, ObjectRef};
use crate::json::{project, same};
use crate::values::{attr, changed_paths, first_block, text};
use crate::wait::{parse_duration, until_ready, WaitFor};

/// The field manager Terrace applies as.
pub(crate) const MANAGER: &str = "terrace";

/// The `metadata` block and the type's own fields.
pub(crate) fn all_fields(k: &TypedKind) -> Vec<Field> {
    let meta = if k.namespaced {
        METADATA
    } else {
        CLUSTER_METADATA
    };
    let mut out = vec![block("metadata", meta).required()];
    out.extend_from_slice(k.fields);
    out
}

/// The `timeouts` block.
pub(crate) fn timeouts_block() -> NestedBlock {
    let s = || Attribute::optional(Type::String);
    NestedBlock {
        nesting: Nesting::Single,
        block: terrace_provider_sdk::Block::with_attributes([
            ("create", s()),
            ("update", s()),
            ("delete", s()),
        ]),
        min_items: 0,
        max_items: 1,
    }
}

/// The resource's schema.
pub(crate) fn schema(k: &TypedKind) -> Schema {
    let mut b = schema_block(&all_fields(k));
    b.attributes
        .insert("id".into(), Attribute::computed(Type::String));
    b.blocks.insert("timeouts".into(), timeouts_block());
    Schema {
        version: 0,
        block: b,
    }
}

/// Where the object of a typed resource lives.
pub(crate) fn kind_info(k: &TypedKind) -> KindInfo {
    KindInfo::fixed(k.api_version, k.kind, k.plural, k.namespaced)
}

/// The Kubernetes object a (planned or stored) value describes, without
/// what the server fills in.
pub(crate) fn desired(k: &TypedKind, v: &Value) -> Result<Json, Diagnostics> {
    let body = to_k8s(&all_fields(k), v, "").map_err(|e| {
        Diagnostics::from(Diagnostic::error(
            format!("Invalid {} configuration", k.type_name),
            format!("The attribute {e}."),
        ))
    })?;
    let mut obj = Map::new();
    obj.insert("apiVersion".into(), json!(k.api_version));
    obj.insert("kind".into(), json!(k.kind));
    obj.extend(body);
    if !obj.contains_key("metadata") {
        obj.insert("metadata".into(), json!({}));
    }
    Ok(Json::Object(obj))
}

fn object_ref(k: &TypedKind, v: &Value) -> Option<ObjectRef> {
    let meta = first_block(v, "metadata")?;
    Some(ObjectRef {
        kind: kind_info(k),
        namespace: if k.namespaced {
            Some(text(meta, "namespace").unwrap_or_else(|| "default".into()))
        } else {
            None
        },
        name: text(meta, "name")?,
    })
}

/// Fills, in `config`, what the configuration leaves to the provider:
/// defaults of resource-only attributes, then values the server computes
/// (the prior value, or unknown on create).
fn fill(
    fields: &[Field],
    config: &Value,
    prior: Option<&Value>,
    defaults: &[(&str, bool)],
) -> Value {
    let mut out = config.as_entries().cloned().unwrap_or_default();
    for f in fields {
        let c = out.get(f.tf).cloned().unwrap_or(Value::Null(Type::Dynamic));
        let p = prior.map(|p| attr(p, f.tf));
        let v = match f.kind {
            Kind::Block(inner, _) if f.mode == Mode::Computed => match p {
                Some(pv) => pv.clone(),
                None => Value::Unknown(Type::list(schema_block(inner).value_type())),
            },
            Kind::Block(inner, _) => match c.as_elements() {
                Some(items) => {
                    let ety = schema_block(inner).value_type();
                    let filled = items
                        .iter()
                        .enumerate()
                        .map(|(i, item)| {
                            let pi = p.and_then(|p| p.as_elements()).and_then(|e| e.get(i));
                            fill(inner, item, pi, &[])
                        })
                        .collect();
                    Value::List(ety, filled)
                }
                None => c,
            },
            Kind::Local(_) if c.is_null() => {
                let d = defaults
                    .iter()
                    .find(|(n, _)| *n == f.tf)
                    .is_some_and(|(_, d)| *d);
                Value::Bool(d)
            }
            _ if c.is_null() && matches!(f.mode, Mode::Computed | Mode::OptionalComputed) => {
                match p {
                    Some(pv) => pv.clone(),
                    None => Value::Unknown(super::spec::attr_type(f.kind)),
                }
            }
            _ => c,
        };
        out.insert(f.tf.to_string(), v);
    }
    Value::Object(out)
}

/// Sets `metadata[0].name` to `value` in a planned object.
fn set_meta(v: &Value, name: &str, value: Value) -> Value {
    let mut out = v.as_entries().cloned().unwrap_or_default();
    if let Some(Value::List(ty, items)) = out.get("metadata").cloned() {
        let items = items
            .into_iter()
            .enumerate()
            .map(|(i, m)| {
                if i > 0 {
                    return m;
                }
                let mut mm = m.as_entries().cloned().unwrap_or_default();
                mm.insert(name.to_string(), value.clone());
                Value::Object(mm)
            })
            .collect();
        out.insert("metadata".into(), Value::List(ty, items));
    }
    Value::Object(out)
}

/// Paths whose change replaces the object: force-new fields, following
/// single blocks.
fn replace_paths(fields: &[Field], base: Path, out: &mut Vec<Path>) {
    for f in fields {
        let here = base.attr(f.tf);
        if f.force_new {
            out.push(here.clone());
        }
        if let Kind::Block(inner, 1) = f.kind {
            replace_paths(inner, here.child(PathStep::Index(0)), out);
        }
    }
}

/// Plans a create (`prior` is `None`) or an update.
pub(crate) fn plan(
    k: &TypedKind,
    prior: Option<&Value>,
    config: &Value,
) -> Result<(Value, Vec<Path>), Diagnostics> {
    let fields = all_fields(k);
    let mut planned = fill(&fields, config, prior, k.defaults);
    let meta = first_block(&planned, "metadata").cloned();
    if k.namespaced
        && meta
            .as_ref()
            .is_some_and(|m| !attr(m, "namespace").is_known() || attr(m, "namespace").is_null())
    {
        planned = set_meta(&planned, "namespace", Value::string("default"));
    }
    let named = meta
        .as_ref()
        .is_some_and(|m| !attr(m, "name").is_null() && attr(m, "name").is_known());
    let generated = meta
        .as_ref()
        .is_some_and(|m| !attr(m, "generate_name").is_null());
    if !named && !generated && prior.is_none() && config_name_null(config) {
        return Err(Diagnostic::error(
            "Missing object name",
            format!(
                "{}: set metadata.name or metadata.generate_name.",
                k.type_name
            ),
        )
        .into());
    }
    let mut out = with_attr(&planned, "timeouts", attr(config, "timeouts").clone());
    let id = match (prior, object_ref(k, &out)) {
        (Some(p), _) => attr(p, "id").clone(),
        (None, Some(r)) => Value::string(id_of(&r)),
        (None, None) => Value::Unknown(Type::String),
    };
    out = with_attr(&out, "id", id);
    let Some(prior) = prior else {
        return Ok((out, Vec::new()));
    };
    let mut paths = Vec::new();
    replace_paths(&fields, Path::root(), &mut paths);
    let unchanged = match (desired(k, &out), desired(k, prior)) {
        (Ok(a), Ok(b)) => out.is_wholly_known() && same(&a, &b),
        _ => false,
    };
    if !unchanged {
        out = set_meta(&out, "resource_version", Value::Unknown(Type::String));
        out = set_meta(&out, "generation", Value::Unknown(Type::Number));
    }
    let paths = changed_paths(prior, &out, paths);
    Ok((out, paths))
}

fn config_name_null(config: &Value) -> bool {
    first_block(config, "metadata").is_none_or(|m| attr(m, "name").is_null())
}

fn with_attr(v: &Value, name: &str, value: Value) -> Value {
    let mut out = v.as_entries().cloned().unwrap_or_default();
    out.insert(name.to_string(), value);
    Value::Object(out)
}

/// `namespace/name`, or `name` for a cluster-scoped object.
pub(crate) fn id_of(r: &ObjectRef) -> String {
    match &r.namespace {
        Some(ns) => format!("{ns}/{}", r.name),
        None => r.name.clone(),
    }
}

/// A timeout from the `timeouts` block, or its default.
pub(crate) fn timeout(v: &Value, which: &str, default: Duration) -> Duration {
    attr(v, "timeouts")
        .as_entries()
        .and_then(|m| m.get(which))
        .and_then(Value::as_str)
        .and_then(parse_duration)
        .unwrap_or(default)
}

/// Replaces each unknown in `planned` with the value at the same place in
/// `actual`.
fn resolve_unknowns(planned: &Value, actual: &Value) -> Value {
    match planned {
        Value::Unknown(_) => actual.clone(),
        Value::Object(m) => Value::Object(
            m.iter()
                .map(|(k, v)| (k.clone(), resolve_unknowns(v, attr(actual, k))))
                .collect(),
        ),
        Value::List(t, items) => Value::List(
            t.clone(),
            items
                .iter()
                .enumerate()
                .map(|(i, v)| {
                    let a = actual
                        .as_elements()
                        .and_then(|e| e.get(i))
                        .cloned()
                        .unwrap_or(Value::Null(Type::Dynamic));
                    resolve_unknowns(v, &a)
                })
                .collect(),
        ),
        other => other.clone(),
    }
}

/// Creates or updates the object and waits for it as configured.
pub(crate) async fn apply(
    cluster: &Cluster,
    k: &TypedKind,
    prior: Option<&Value>,
    planned: &Value,
) -> Result<Value, Diagnostics> {
    let mut obj = desired(k, planned)?;
    let r = object_ref(k, planned);
    let live = match r {
        Some(r) => {
            if let Some(ns) = &r.namespace {
                obj["metadata"]["namespace"] = json!(ns);
            }
            // A typed resource owns the object as Terraform's typed
            // resources do: its fields are taken over from other managers,
            // so an out-of-band change is restored by the next apply.
            cluster.apply("metadata", &r, &obj, MANAGER, true).await?
        }
        None => {
            let r = ObjectRef {
                kind: kind_info(k),
                namespace: k.namespaced.then(|| "default".to_string()),
                name: String::new(),
            };
            let ns = first_block(planned, "metadata").and_then(|m| text(m, "namespace"));
            let r = ObjectRef {
                namespace: ns.or(r.namespace),
                ..r
            };
            cluster.create("metadata", &r, &obj, MANAGER).await?
        }
    };
    let mut live = live;
    let at = object_ref_from_live(k, &live);
    let wait_on =
        k.readiness != Readiness::None && attr(planned, k.readiness_attr).as_bool() == Some(true);
    if let (true, Some(at)) = (wait_on, &at) {
        let w = WaitFor {
            rollout: k.readiness == Readiness::Rollout,
            completion: k.readiness == Readiness::Completion,
            bound: k.readiness == Readiness::Bound,
            load_balancer: k.readiness == Readiness::LoadBalancer,
            ..WaitFor::default()
        };
        let which = if prior.is_some() { "update" } else { "create" };
        let t = timeout(planned, which, Duration::from_secs(600));
        if let Some(seen) = until_ready(cluster, k.readiness_attr, at, &w, t).await? {
            live = seen;
        }
    }
    let actual = state_from_live(k, &live, None);
    let mut out = resolve_unknowns(planned, &actual);
    if let Some(at) = at {
        out = with_attr(&out, "id", Value::string(id_of(&at)));
    }
    Ok(out)
}

fn object_ref_from_live(k: &TypedKind, live: &Json) -> Option<ObjectRef> {
    Some(ObjectRef {
        kind: kind_info(k),
        namespace: if k.namespaced {
            live["metadata"]["namespace"].as_str().map(String::from)
        } else {
            None
        },
        name: live["metadata"]["name"].as_str()?.to_string(),
    })
}

/// The state for a live object, or for the part of it `shape` names.
pub(crate) fn state_from_live(k: &TypedKind, live: &Json, shape: Option<&Json>) -> Value {
    let mut seen = match shape {
        Some(s) => project(live, s),
        None => live.clone(),
    };
    for f in ["uid", "resourceVersion", "generation", "name", "namespace"] {
        if let Some(v) = live["metadata"].get(f) {
            seen["metadata"][f] = v.clone();
        }
    }
    let mut v = to_tf(&all_fields(k), seen.as_object());
    if let Some(at) = object_ref_from_live(k, live) {
        v = with_attr(&v, "id", Value::string(id_of(&at)));
    }
    v
}

/// The refreshed state of `state` given the live object (`None`: gone).
/// Unchanged configured fields keep the stored state as it is.
pub(crate) fn refreshed(
    k: &TypedKind,
    state: &Value,
    live: Option<&Json>,
) -> Result<Option<Value>, Diagnostics> {
    let Some(live) = live else { return Ok(None) };
    let shape = desired(k, state)?;
    if same(&project(live, &shape), &shape) {
        return Ok(Some(state.clone()));
    }
    let mut v = state_from_live(k, live, Some(&shape));
    for keep in ["timeouts"].into_iter().chain(
        k.fields
            .iter()
            .filter(|f| matches!(f.kind, Kind::Local(_)))
            .map(|f| f.tf),
    ) {
        v = with_attr(&v, keep, attr(state, keep).clone());
    }
    Ok(Some(v))
}

/// Refreshes one object.
pub(crate) async fn read(
    cluster: &Cluster,
    k: &TypedKind,
    state: &Value,
) -> Result<Option<Value>, Diagnostics> {
    let Some(r) = object_ref(k, state) else {
        return Ok(None);
    };
    let live = cluster.get("metadata", &r).await?;
    refreshed(k, state, live.as_ref())
}

/// Where a stored state's object lives.
pub(crate) fn stored_ref(k: &TypedKind, state: &Value) -> Option<ObjectRef> {
    object_ref(k, state)
}

/// Deletes the object and waits until it is gone.
pub(crate) async fn delete(
    cluster: &Cluster,
    k: &TypedKind,
    prior: &Value,
) -> Result<(), Diagnostics> {
    let Some(r) = object_ref(k, prior) else {
        return Ok(());
    };
    cluster
        .delete(
            "metadata",
            &r,
            timeout(prior, "delete", Duration::from_secs(300)),
        )
        .await
}

/// Adopts the object named by `namespace/name` (or `name`).
pub(crate) async fn import(
    cluster: &Cluster,
    k: &TypedKind,
    id: &str,
) -> Result<Value, Diagnostics> {
    let (namespace, name) = match (k.namespaced, id.split_once('/')) {
        (true, Some((ns, n))) => (Some(ns.to_string()), n.to_string()),
        (true, None) => (Some("default".to_string()), id.to_string()),
        (false, _) => (None, id.to_string()),
    };
    if name.is_empty() {
        return Err(Diagnostic::error(
            "Invalid import ID",
            format!(
                "{} is imported by \"namespace/name\"; got {id:?}.",
                k.type_name
            ),
        )
        .into());
    }
    let r = ObjectRef {
        kind: kind_info(k),
        namespace,
        name,
    };
    let Some(live) = cluster.get("metadata", &r).await? else {
        return Err(Diagnostic::error(
            "Cannot import non-existent remote object",
            format!("{} does not exist in the cluster.", r.describe()),
        )
        .into());
    };
    let mut v = state_from_live(k, &live, None);
    for (name, d) in k.defaults {
        v = with_attr(&v, name, Value::Bool(*d));
    }
    let ty = schema(k).block.value_type();
    if let Some(t) = ty_attr(&ty, "timeouts") {
        v = with_attr(&v, "timeouts", Value::Null(t));
    }
    Ok(v)
}

fn ty_attr(t: &Type, name: &str) -> Option<Type> {
    match t {
        Type::Object(o) => o.attrs.get(name).cloned(),
        _ => None,
    }
}
