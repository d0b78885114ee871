//! Terraform's state file format, version 4 (Terraform 0.12 and later): what
//! `state pull` prints, what `state push` reads, and what `state
//! import-terraform` adopts. The shape follows what Terraform 1.15 writes,
//! field for field, so a pulled state can be handed back to Terraform.

use std::collections::BTreeMap;

use base64::Engine as _;
use serde_json::{json, Map, Value};

use crate::address::{instance_address, parse_address};
use crate::{Action, InstanceStatus, ResourceInstance, ResourceMode, Snapshot, StateError};
use crate::{StoredOutput, TERRAFORM_VERSION};

/// Writes a snapshot as a Terraform v4 state document. An instance left
/// pending by a create or replace is written tainted (the object may exist
/// half made, and Terraform replaces tainted objects); one left pending by
/// an update or delete is written as last known.
pub fn to_terraform_v4(snapshot: &Snapshot) -> Value {
    let mut outputs = Map::new();
    for (name, o) in &snapshot.outputs {
        let mut out = Map::new();
        out.insert("value".into(), o.value.clone());
        out.insert("type".into(), o.ty.clone());
        if o.sensitive {
            out.insert("sensitive".into(), Value::Bool(true));
        }
        outputs.insert(name.clone(), Value::Object(out));
    }
    type Group<'a> = BTreeMap<(&'a str, &'a str, &'a str, &'a str), Vec<&'a ResourceInstance>>;
    let mut groups: Group<'_> = BTreeMap::new();
    for r in snapshot.resources.values() {
        groups
            .entry((&r.module, r.mode.as_str(), &r.type_name, &r.name))
            .or_default()
            .push(r);
    }
    let mut resources = Vec::with_capacity(groups.len());
    for ((module, mode, type_name, name), mut instances) in groups {
        instances.sort_by(|a, b| key_order(&a.index_key).cmp(&key_order(&b.index_key)));
        let mut res = Map::new();
        if !module.is_empty() {
            res.insert("module".into(), module.into());
        }
        res.insert("mode".into(), mode.into());
        res.insert("type".into(), type_name.into());
        res.insert("name".into(), name.into());
        let provider = instances.first().map(|r| r.provider.as_str()).unwrap_or("");
        res.insert("provider".into(), provider.into());
        let instances: Vec<Value> = instances.into_iter().map(instance_v4).collect();
        res.insert("instances".into(), Value::Array(instances));
        resources.push(Value::Object(res));
    }
    json!({
        "version": 4,
        "terraform_version": TERRAFORM_VERSION,
        "serial": snapshot.serial,
        "lineage": snapshot.lineage,
        "outputs": outputs,
        "resources": resources,
        "check_results": snapshot.check_results.clone().unwrap_or(Value::Null),
    })
}

/// Terraform's instance order: no key, then numbers, then strings.
fn key_order(key: &Value) -> (u8, i64, &str) {
    match key {
        Value::Null => (0, 0, ""),
        Value::String(s) => (2, 0, s),
        other => (1, other.as_i64().unwrap_or(0), ""),
    }
}

fn instance_v4(r: &ResourceInstance) -> Value {
    let mut inst = Map::new();
    if !r.index_key.is_null() {
        inst.insert("index_key".into(), r.index_key.clone());
    }
    let tainted = match &r.status {
        InstanceStatus::Ready => false,
        InstanceStatus::Tainted => true,
        InstanceStatus::Pending { action, .. } => {
            matches!(action, Action::Create | Action::Replace)
        }
    };
    if tainted {
        inst.insert("status".into(), "tainted".into());
    }
    inst.insert("schema_version".into(), r.schema_version.into());
    let attributes = if r.attributes.is_null() {
        Value::Object(Map::new())
    } else {
        r.attributes.clone()
    };
    inst.insert("attributes".into(), attributes);
    inst.insert("sensitive_attributes".into(), r.sensitive_paths.clone());
    inst.insert(
        "identity_schema_version".into(),
        r.identity_schema_version.into(),
    );
    if !r.identity.is_null() {
        inst.insert("identity".into(), r.identity.clone());
    }
    if !r.private.is_empty() {
        let text = base64::engine::general_purpose::STANDARD.encode(&r.private);
        inst.insert("private".into(), text.into());
    }
    if !r.dependencies.is_empty() {
        inst.insert("dependencies".into(), r.dependencies.clone().into());
    }
    if r.create_before_destroy {
        inst.insert("create_before_destroy".into(), true.into());
    }
    Value::Object(inst)
}

/// Reads a Terraform state file's text.
pub fn parse_terraform_v4(text: &str) -> Result<Snapshot, StateError> {
    let doc: Value = serde_json::from_str(text).map_err(|e| StateError::InvalidTerraformState {
        at: format!("line {}, column {}", e.line(), e.column()),
        detail: e.to_string(),
    })?;
    from_terraform_v4(&doc)
}

/// Reads a Terraform v4 state document, checking its shape and keeping its
/// lineage and serial.
pub fn from_terraform_v4(doc: &Value) -> Result<Snapshot, StateError> {
    let top = object(doc, "the document")?;
    match top.get("version") {
        Some(v) if v.as_u64() == Some(4) => {}
        Some(v) => {
            return Err(StateError::UnsupportedVersion {
                found: v.to_string(),
            })
        }
        None => {
            return Err(invalid(
                "version",
                "missing; this is not a Terraform state file",
            ))
        }
    }
    let lineage = opt_str(top, "lineage", "")?.unwrap_or_default().to_string();
    let serial = top
        .get("serial")
        .and_then(Value::as_u64)
        .ok_or_else(|| invalid("serial", "expected a whole number"))?;
    let mut outputs = BTreeMap::new();
    if let Some(v) = top.get("outputs").filter(|v| !v.is_null()) {
        for (name, o) in object(v, "outputs")? {
            let at = format!("outputs.{name}");
            let o = object(o, &at)?;
            let value = o
                .get("value")
                .cloned()
                .ok_or_else(|| invalid(&at, "missing value"))?;
            let ty = o
                .get("type")
                .cloned()
                .ok_or_else(|| invalid(&at, "missing type"))?;
            let sensitive = opt_bool(o, "sensitive", &at)?;
            outputs.insert(
                name.clone(),
                StoredOutput {
                    value,
                    ty,
                    sensitive,
                },
            );
        }
    }
    let mut resources = BTreeMap::new();
    if let Some(list) = top.get("resources").filter(|v| !v.is_null()) {
        let list = list
            .as_array()
            .ok_or_else(|| invalid("resources", "expected a list"))?;
        for (i, res) in list.iter().enumerate() {
            for r in resource_v4(res, &format!("resources[{i}]"))? {
                if resources.contains_key(&r.address) {
                    return Err(invalid(
                        &format!("resources[{i}]"),
                        &format!("{} appears twice", r.address),
                    ));
                }
                resources.insert(r.address.clone(), r);
            }
        }
    }
    let check_results = top.get("check_results").filter(|v| !v.is_null()).cloned();
    Ok(Snapshot {
        lineage,
        serial,
        outputs,
        resources,
        check_results,
        deposed: Vec::new(),
    })
}

fn resource_v4(res: &Value, at: &str) -> Result<Vec<ResourceInstance>, StateError> {
    let res = object(res, at)?;
    let mode_text = req_str(res, "mode", at)?;
    let mode = ResourceMode::parse(mode_text)
        .ok_or_else(|| invalid(&format!("{at}.mode"), "expected \"managed\" or \"data\""))?;
    let type_name = req_str(res, "type", at)?;
    let name = req_str(res, "name", at)?;
    let provider = req_str(res, "provider", at)?;
    let module = opt_str(res, "module", at)?.unwrap_or_default();
    if !module.is_empty() {
        let probe = parse_address(&format!("{module}.t.n"));
        if !matches!(&probe, Ok(p) if p.module == module) {
            return Err(invalid(
                &format!("{at}.module"),
                &format!("{module:?} is not a module instance address"),
            ));
        }
    }
    let instances = res
        .get("instances")
        .and_then(Value::as_array)
        .ok_or_else(|| invalid(&format!("{at}.instances"), "expected a list"))?;
    let mut out = Vec::with_capacity(instances.len());
    for (j, inst) in instances.iter().enumerate() {
        let at = format!("{at}.instances[{j}]");
        let inst = object(inst, &at)?;
        let mut r = ResourceInstance::new(module, mode, type_name, name, Value::Null, provider);
        r.index_key = match inst.get("index_key") {
            None | Some(Value::Null) => Value::Null,
            Some(Value::String(s)) => Value::String(s.clone()),
            Some(n) => Value::from(n.as_i64().filter(|i| *i >= 0).ok_or_else(|| {
                invalid(
                    &format!("{at}.index_key"),
                    "expected a whole number or a string",
                )
            })?),
        };
        r.address = instance_address(module, mode, type_name, name, &r.index_key);
        if inst.get("deposed").is_some_and(|d| !d.is_null()) {
            return Err(invalid(
                &at,
                &format!(
                    "{} has a deposed object left by a failed create_before_destroy \
                     replacement; let Terraform finish it (terraform apply) before adopting",
                    r.address
                ),
            ));
        }
        r.status = match opt_str(inst, "status", &at)? {
            None | Some("") => InstanceStatus::Ready,
            Some("tainted") => InstanceStatus::Tainted,
            Some(other) => {
                return Err(invalid(
                    &format!("{at}.status"),
                    &format!("unknown status {other:?}"),
                ))
            }
        };
        r.schema_version = opt_u64(inst, "schema_version", &at)?;
        r.attributes = match inst.get("attributes") {
            Some(Value::Object(o)) => Value::Object(o.clone()),
            _ if inst.contains_key("attributes_flat") => {
                return Err(invalid(
                    &at,
                    "flat attributes (Terraform 0.11) are not supported; refresh the state \
                     with Terraform 0.12 or later first",
                ))
            }
            _ => return Err(invalid(&format!("{at}.attributes"), "expected an object")),
        };
        r.sensitive_paths = match inst.get("sensitive_attributes") {
            None | Some(Value::Null) => Value::Array(Vec::new()),
            Some(Value::Array(a)) => Value::Array(a.clone()),
            Some(_) => {
                return Err(invalid(
                    &format!("{at}.sensitive_attributes"),
                    "expected a list of paths",
                ))
            }
        };
        r.identity_schema_version = opt_u64(inst, "identity_schema_version", &at)?;
        r.identity = inst.get("identity").cloned().unwrap_or(Value::Null);
        if let Some(text) = opt_str(inst, "private", &at)? {
            r.private = base64::engine::general_purpose::STANDARD
                .decode(text)
                .map_err(|e| invalid(&format!("{at}.private"), &format!("not base64: {e}")))?;
        }
        if let Some(deps) = inst.get("dependencies").filter(|v| !v.is_null()) {
            let bad = || {
                invalid(
                    &format!("{at}.dependencies"),
                    "expected a list of addresses",
                )
            };
            r.dependencies = deps
                .as_array()
                .ok_or_else(bad)?
                .iter()
                .map(|d| d.as_str().map(str::to_string).ok_or_else(bad))
                .collect::<Result<_, _>>()?;
        }
        r.create_before_destroy = opt_bool(inst, "create_before_destroy", &at)?;
        out.push(r);
    }
    Ok(out)
}

fn invalid(at: &str, detail: &str) -> StateError {
    StateError::InvalidTerraformState {
        at: at.to_string(),
        detail: detail.to_string(),
    }
}

fn join(at: &str, key: &str) -> String {
    if at.is_empty() {
        key.to_string()
    } else {
        format!("{at}.{key}")
    }
}

fn object<'a>(v: &'a Value, at: &str) -> Result<&'a Map<String, Value>, StateError> {
    v.as_object()
        .ok_or_else(|| invalid(at, "expected an object"))
}

fn req_str<'a>(o: &'a Map<String, Value>, key: &str, at: &str) -> Result<&'a str, StateError> {
    opt_str(o, key, at)?.ok_or_else(|| invalid(&join(at, key), "missing"))
}

fn opt_str<'a>(
    o: &'a Map<String, Value>,
    key: &str,
    at: &str,
) -> Result<Option<&'a str>, StateError> {
    match o.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(_) => Err(invalid(&join(at, key), "expected a string")),
    }
}

fn opt_u64(o: &Map<String, Value>, key: &str, at: &str) -> Result<u64, StateError> {
    match o.get(key) {
        None | Some(Value::Null) => Ok(0),
        Some(v) => v
            .as_u64()
            .ok_or_else(|| invalid(&join(at, key), "expected a whole number")),
    }
}

fn opt_bool(o: &Map<String, Value>, key: &str, at: &str) -> Result<bool, StateError> {
    match o.get(key) {
        None | Some(Value::Null) => Ok(false),
        Some(Value::Bool(b)) => Ok(*b),
        Some(_) => Err(invalid(&join(at, key), "expected true or false")),
    }
}
