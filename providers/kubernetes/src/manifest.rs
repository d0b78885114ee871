//! `kubernetes_manifest`: any object, custom resources included, applied
//! with server-side apply. `object` holds the live object limited to the
//! fields the manifest sets, so refresh reports only what Terrace manages.

use std::time::Duration;

use serde_json::{json, Value as Json};
use terrace_provider_sdk::{Attribute, Block, NestedBlock, Nesting, Path, Schema, Type};
use terrace_value::{Diagnostic, Diagnostics, Value};

use crate::cluster::{Cluster, ObjectRef};
use crate::json::{from_json, project, remove_path, same, to_json};
use crate::typed::resource::MANAGER;
use crate::values::{attr, changed_paths, elements, first_block, flag, text};
use crate::wait::{parse_duration, until_ready, WaitFor};

/// The resource type name.
pub(crate) const TYPE_NAME: &str = "kubernetes_manifest";

fn list_block(block: Block) -> NestedBlock {
    NestedBlock {
        nesting: Nesting::List,
        block,
        min_items: 0,
        max_items: 1,
    }
}

/// Its schema.
pub(crate) fn schema() -> Schema {
    let mut b = Block::with_attributes([
        (
            "manifest",
            Attribute::required(Type::Dynamic).describe("The object, as HCL."),
        ),
        (
            "object",
            Attribute::optional_computed(Type::Dynamic)
                .describe("The live object, limited to the fields of manifest."),
        ),
        (
            "computed_fields",
            Attribute::optional(Type::list(Type::String)),
        ),
    ]);
    b.blocks.insert(
        "field_manager".into(),
        list_block(Block::with_attributes([
            ("name", Attribute::optional(Type::String)),
            ("force_conflicts", Attribute::optional(Type::Bool)),
        ])),
    );
    let mut wait = Block::with_attributes([
        ("rollout", Attribute::optional(Type::Bool)),
        ("fields", Attribute::optional(Type::map(Type::String))),
    ]);
    wait.blocks.insert(
        "condition".into(),
        NestedBlock {
            nesting: Nesting::List,
            block: Block::with_attributes([
                ("type", Attribute::optional(Type::String)),
                ("status", Attribute::optional(Type::String)),
            ]),
            min_items: 0,
            max_items: 0,
        },
    );
    b.blocks.insert("wait".into(), list_block(wait));
    let s = || Attribute::optional(Type::String);
    b.blocks.insert(
        "timeouts".into(),
        list_block(Block::with_attributes([
            ("create", s()),
            ("update", s()),
            ("delete", s()),
        ])),
    );
    Schema {
        version: 0,
        block: b,
    }
}

/// The manifest's JSON with its identity checked.
fn manifest_json(v: &Value) -> Result<Option<Json>, Diagnostics> {
    let Some(j) = to_json(attr(v, "manifest")) else {
        return Ok(None);
    };
    let bad = |what: &str| -> Diagnostics {
        Diagnostic::error(
            "Invalid manifest",
            format!("The attribute manifest must set {what}."),
        )
        .into()
    };
    if !j.is_object() {
        return Err(Diagnostic::error(
            "Invalid manifest",
            "The attribute manifest must be an object.",
        )
        .into());
    }
    if j["apiVersion"].as_str().is_none() {
        return Err(bad("apiVersion"));
    }
    if j["kind"].as_str().is_none() {
        return Err(bad("kind"));
    }
    if j["metadata"]["name"].as_str().is_none() {
        return Err(bad("metadata.name"));
    }
    Ok(Some(j))
}

/// Fields the server may set differently from the manifest.
fn computed_fields(v: &Value) -> Vec<String> {
    let listed: Vec<String> = elements(v, "computed_fields")
        .iter()
        .filter_map(|e| e.as_str().map(String::from))
        .collect();
    if attr(v, "computed_fields").is_null() {
        vec!["metadata.labels".into(), "metadata.annotations".into()]
    } else {
        listed
    }
}

fn without(doc: &Json, paths: &[String]) -> Json {
    let mut d = doc.clone();
    for p in paths {
        remove_path(&mut d, p);
    }
    d
}

fn with_attr(v: &Value, name: &str, value: Value) -> Value {
    let mut out = v.as_entries().cloned().unwrap_or_default();
    out.insert(name.to_string(), value);
    Value::Object(out)
}

/// Plans a create or update.
pub(crate) fn plan(
    prior: Option<&Value>,
    config: &Value,
) -> Result<(Value, Vec<Path>), Diagnostics> {
    let manifest = manifest_json(config)?;
    let unknown = with_attr(config, "object", Value::Unknown(Type::Dynamic));
    let Some(prior) = prior else {
        return Ok((unknown, Vec::new()));
    };
    let m = Path::root().attr("manifest");
    let paths = vec![
        m.attr("apiVersion"),
        m.attr("kind"),
        m.attr("metadata").attr("name"),
        m.attr("metadata").attr("namespace"),
    ];
    let prior_manifest = to_json(attr(prior, "manifest"));
    let prior_object = to_json(attr(prior, "object"));
    let keep = match (&manifest, &prior_manifest, &prior_object) {
        (Some(m), Some(pm), Some(po)) if same(m, pm) => {
            let want = without(m, &computed_fields(config));
            same(&project(po, &want), &want)
        }
        _ => false,
    };
    let paths = changed_paths(prior, config, paths);
    if keep {
        Ok((
            with_attr(config, "object", attr(prior, "object").clone()),
            paths,
        ))
    } else {
        Ok((unknown, paths))
    }
}

async fn locate(cluster: &Cluster, manifest: &Json) -> Result<ObjectRef, Diagnostics> {
    let api_version = manifest["apiVersion"].as_str().unwrap_or_default();
    let kind = manifest["kind"].as_str().unwrap_or_default();
    let info = cluster.resolve("manifest", api_version, kind).await?;
    let namespace = info.namespaced.then(|| {
        manifest["metadata"]["namespace"]
            .as_str()
            .unwrap_or("default")
            .to_string()
    });
    Ok(ObjectRef {
        kind: info,
        namespace,
        name: manifest["metadata"]["name"]
            .as_str()
            .unwrap_or_default()
            .to_string(),
    })
}

fn timeout(v: &Value, which: &str) -> Duration {
    first_block(v, "timeouts")
        .and_then(|t| text(t, which))
        .and_then(|s| parse_duration(&s))
        .unwrap_or(Duration::from_secs(600))
}

fn wait_for(v: &Value) -> WaitFor {
    let Some(w) = first_block(v, "wait") else {
        return WaitFor::default();
    };
    WaitFor {
        rollout: flag(w, "rollout") == Some(true),
        fields: attr(w, "fields")
            .as_entries()
            .map(|m| {
                m.iter()
                    .filter_map(|(k, v)| v.as_str().map(|s| (k.clone(), s.to_string())))
                    .collect()
            })
            .unwrap_or_default(),
        conditions: elements(w, "condition")
            .iter()
            .map(|c| {
                (
                    text(c, "type").unwrap_or_default(),
                    text(c, "status").unwrap_or_else(|| "True".into()),
                )
            })
            .collect(),
        ..WaitFor::default()
    }
}

/// Applies the manifest and waits as configured.
pub(crate) async fn apply(
    cluster: &Cluster,
    prior: Option<&Value>,
    planned: &Value,
) -> Result<Value, Diagnostics> {
    let Some(mut manifest) = manifest_json(planned)? else {
        return Err(Diagnostic::error(
            "Invalid manifest",
            "The attribute manifest is not known at apply time.",
        )
        .into());
    };
    let at = locate(cluster, &manifest).await?;
    if let Some(ns) = &at.namespace {
        manifest["metadata"]["namespace"] = json!(ns);
    }
    let fm = first_block(planned, "field_manager");
    let manager = fm
        .and_then(|f| text(f, "name"))
        .unwrap_or_else(|| MANAGER.into());
    let force = fm.and_then(|f| flag(f, "force_conflicts")) == Some(true);
    let mut live = cluster
        .apply("manifest", &at, &manifest, &manager, force)
        .await?;
    let which = if prior.is_some() { "update" } else { "create" };
    if let Some(seen) = until_ready(
        cluster,
        "wait",
        &at,
        &wait_for(planned),
        timeout(planned, which),
    )
    .await?
    {
        live = seen;
    }
    let shape = to_json(attr(planned, "manifest")).unwrap_or(Json::Null);
    Ok(with_attr(
        planned,
        "object",
        from_json(&project(&live, &shape)),
    ))
}

/// The refreshed state given the live object (`None`: gone).
pub(crate) fn refreshed(state: &Value, live: Option<&Json>) -> Option<Value> {
    let live = live?;
    let shape = to_json(attr(state, "manifest")).unwrap_or(Json::Null);
    let seen = project(live, &shape);
    match to_json(attr(state, "object")) {
        Some(stored) if same(&stored, &seen) => Some(state.clone()),
        _ => Some(with_attr(state, "object", from_json(&seen))),
    }
}

/// Where a stored state's object lives (asks discovery for the kind).
pub(crate) async fn stored_ref(
    cluster: &Cluster,
    state: &Value,
) -> Result<Option<ObjectRef>, Diagnostics> {
    match to_json(attr(state, "manifest")) {
        Some(m) if m["metadata"]["name"].is_string() => locate(cluster, &m).await.map(Some),
        _ => Ok(None),
    }
}

/// Refreshes one object.
pub(crate) async fn read(cluster: &Cluster, state: &Value) -> Result<Option<Value>, Diagnostics> {
    let Some(at) = stored_ref(cluster, state).await? else {
        return Ok(None);
    };
    let live = cluster.get("manifest", &at).await?;
    Ok(refreshed(state, live.as_ref()))
}

/// Deletes the object and waits until it is gone.
pub(crate) async fn delete(cluster: &Cluster, prior: &Value) -> Result<(), Diagnostics> {
    let Some(at) = stored_ref(cluster, prior).await? else {
        return Ok(());
    };
    cluster
        .delete("manifest", &at, timeout(prior, "delete"))
        .await
}

/// Adopts `apiVersion=v1,kind=ConfigMap,namespace=default,name=x`.
pub(crate) async fn import(cluster: &Cluster, id: &str) -> Result<Value, Diagnostics> {
    let mut parts = std::collections::BTreeMap::new();
    for p in id.split(',') {
        if let Some((k, v)) = p.split_once('=') {
            parts.insert(k.trim().to_string(), v.trim().to_string());
        }
    }
    let (Some(api_version), Some(kind), Some(name)) = (
        parts.get("apiVersion"),
        parts.get("kind"),
        parts.get("name"),
    ) else {
        return Err(Diagnostic::error(
            "Invalid import ID",
            format!("kubernetes_manifest is imported by \"apiVersion=v1,kind=ConfigMap,namespace=default,name=example\"; got {id:?}."),
        )
        .into());
    };
    let mut m = json!({"apiVersion": api_version, "kind": kind, "metadata": {"name": name}});
    if let Some(ns) = parts.get("namespace") {
        m["metadata"]["namespace"] = json!(ns);
    }
    let at = locate(cluster, &m).await?;
    let Some(mut live) = cluster.get("manifest", &at).await? else {
        return Err(Diagnostic::error(
            "Cannot import non-existent remote object",
            format!("{} does not exist in the cluster.", at.describe()),
        )
        .into());
    };
    if let Some(obj) = live.as_object_mut() {
        obj.remove("status");
    }
    for f in [
        "uid",
        "resourceVersion",
        "generation",
        "creationTimestamp",
        "managedFields",
        "selfLink",
    ] {
        remove_path(&mut live, &format!("metadata.{f}"));
    }
    if live["metadata"]["annotations"]
        .as_object()
        .is_some_and(|a| a.is_empty())
    {
        remove_path(&mut live, "metadata.annotations");
    }
    let ty = schema().block.value_type();
    let null = |name: &str| match &ty {
        Type::Object(o) => Value::Null(o.attrs.get(name).cloned().unwrap_or(Type::Dynamic)),
        _ => Value::Null(Type::Dynamic),
    };
    let mut state = std::collections::BTreeMap::new();
    for name in ["computed_fields", "field_manager", "wait", "timeouts"] {
        state.insert(name.to_string(), null(name));
    }
    for name in ["field_manager", "wait", "timeouts"] {
        if let Type::Object(o) = &ty {
            if let Some(Type::List(e)) = o.attrs.get(name) {
                state.insert(name.to_string(), Value::List((**e).clone(), Vec::new()));
            }
        }
    }
    state.insert("manifest".into(), from_json(&live));
    state.insert("object".into(), from_json(&live));
    Ok(Value::Object(state))
}
