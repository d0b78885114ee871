//! The state as Terraform's `show -json` writes it: resources grouped by
//! module instance (`root_module`, nested `child_modules`), each with its
//! `sensitive_values` in Terraform's shape. Sensitive values themselves are
//! replaced, as everywhere Terrace prints.

use std::collections::BTreeMap;

use serde_json::{json, Map, Value as Json};
use terrace_state::{ResourceInstance, ResourceMode};

use crate::addrs::{parse_module_instance, ModuleInstance};

/// `values.root_module` for these resources.
pub fn root_module(resources: &[&ResourceInstance]) -> Json {
    let mut by_module: BTreeMap<Vec<String>, Vec<Json>> = BTreeMap::new();
    for r in resources {
        by_module
            .entry(module_path(&r.module))
            .or_default()
            .push(resource_json(r));
    }
    module_json(&[], &by_module)
}

/// The module instance addresses from the root down to `module`:
/// `module.a["x"].module.b` gives `module.a["x"]` and `module.a["x"].module.b`.
fn module_path(module: &str) -> Vec<String> {
    if module.is_empty() {
        return Vec::new();
    }
    let Ok(m) = parse_module_instance(module) else {
        return vec![module.to_string()];
    };
    (1..=m.0.len())
        .map(|n| ModuleInstance(m.0[..n].to_vec()).to_string())
        .collect()
}

fn module_json(path: &[String], by_module: &BTreeMap<Vec<String>, Vec<Json>>) -> Json {
    let mut out = Map::new();
    if let Some(last) = path.last() {
        out.insert("address".into(), json!(last));
    }
    if let Some(resources) = by_module.get(path) {
        out.insert("resources".into(), Json::Array(resources.clone()));
    }
    // The direct children: module instances one step below `path` that
    // hold resources themselves or further down.
    let mut children: Vec<Vec<String>> = by_module
        .keys()
        .filter(|k| k.len() > path.len() && k[..path.len()] == *path)
        .map(|k| k[..=path.len()].to_vec())
        .collect();
    children.dedup();
    if !children.is_empty() {
        out.insert(
            "child_modules".into(),
            Json::Array(children.iter().map(|c| module_json(c, by_module)).collect()),
        );
    }
    Json::Object(out)
}

/// The instance's attributes with its sensitive values replaced.
pub fn redacted(r: &ResourceInstance) -> Json {
    redact(&r.attributes, &sensitive_paths(r))
}

fn sensitive_paths(r: &ResourceInstance) -> Vec<Vec<Json>> {
    r.sensitive_paths
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|p| p.as_array().cloned())
        .collect()
}

fn resource_json(r: &ResourceInstance) -> Json {
    let mut out = Map::new();
    out.insert("address".into(), json!(r.address));
    out.insert(
        "mode".into(),
        json!(if r.mode == ResourceMode::Data {
            "data"
        } else {
            "managed"
        }),
    );
    out.insert("type".into(), json!(r.type_name));
    out.insert("name".into(), json!(r.name));
    if !r.index_key.is_null() {
        out.insert("index".into(), r.index_key.clone());
    }
    out.insert(
        "provider_name".into(),
        json!(r.provider.split('"').nth(1).unwrap_or(&r.provider)),
    );
    out.insert("schema_version".into(), json!(r.schema_version));
    let paths = sensitive_paths(r);
    out.insert("values".into(), redact(&r.attributes, &paths));
    out.insert(
        "sensitive_values".into(),
        sensitive_as_bool(&r.attributes, &paths),
    );
    Json::Object(out)
}

/// The key a path step selects: an attribute name, a map key or a list index.
fn step_key(step: &Json) -> Option<Result<String, usize>> {
    match step["type"].as_str()? {
        "get_attr" => step["value"].as_str().map(|s| Ok(s.to_string())),
        "index" => {
            let v = &step["value"]["value"];
            match v {
                Json::String(s) => Some(Ok(s.clone())),
                Json::Number(n) => n.as_u64().map(|i| Err(i as usize)),
                _ => None,
            }
        }
        _ => None,
    }
}

/// The paths below `key` (those that start with it), without that step.
fn below(paths: &[Vec<Json>], key: &Result<String, usize>) -> Vec<Vec<Json>> {
    paths
        .iter()
        .filter(|p| p.first().and_then(step_key).as_ref() == Some(key))
        .map(|p| p[1..].to_vec())
        .collect()
}

/// The attributes with every sensitive value replaced by a marker.
fn redact(value: &Json, paths: &[Vec<Json>]) -> Json {
    if paths.iter().any(Vec::is_empty) {
        return json!("(sensitive value)");
    }
    if paths.is_empty() {
        return value.clone();
    }
    match value {
        Json::Object(m) => Json::Object(
            m.iter()
                .map(|(k, v)| (k.clone(), redact(v, &below(paths, &Ok(k.clone())))))
                .collect(),
        ),
        Json::Array(items) => Json::Array(
            items
                .iter()
                .enumerate()
                .map(|(i, v)| redact(v, &below(paths, &Err(i))))
                .collect(),
        ),
        other => other.clone(),
    }
}

/// Terraform's `sensitive_values`: `true` where a value is sensitive; lists
/// mirrored element by element (`false` for the others); objects and maps
/// keep only their entries that hold something sensitive or nested.
fn sensitive_as_bool(value: &Json, paths: &[Vec<Json>]) -> Json {
    if paths.iter().any(Vec::is_empty) {
        return Json::Bool(true);
    }
    match value {
        Json::Object(m) => Json::Object(
            m.iter()
                .map(|(k, v)| (k, sensitive_as_bool(v, &below(paths, &Ok(k.clone())))))
                .filter(|(_, s)| *s != Json::Bool(false))
                .map(|(k, s)| (k.clone(), s))
                .collect(),
        ),
        Json::Array(items) => Json::Array(
            items
                .iter()
                .enumerate()
                .map(|(i, v)| sensitive_as_bool(v, &below(paths, &Err(i))))
                .collect(),
        ),
        _ => Json::Bool(false),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn attr(name: &str) -> Json {
        json!({"type": "get_attr", "value": name})
    }

    #[test]
    fn sensitive_values_mirror_terraform() {
        let value = json!({
            "id": "x",
            "password": "p",
            "tags": {"a": "1"},
            "rule": [{"secret": "s", "name": "n"}, {"secret": "t", "name": "m"}],
            "ports": [80, 443]
        });
        let paths = vec![
            vec![attr("password")],
            vec![
                attr("rule"),
                json!({"type": "index", "value": {"value": 1, "type": "number"}}),
                attr("secret"),
            ],
        ];
        assert_eq!(
            sensitive_as_bool(&value, &paths),
            json!({"password": true, "tags": {}, "rule": [{}, {"secret": true}], "ports": [false, false]})
        );
        let shown = redact(&value, &paths);
        assert_eq!(shown["password"], "(sensitive value)");
        assert_eq!(shown["rule"][1]["secret"], "(sensitive value)");
        assert_eq!(shown["rule"][0]["secret"], "s");
    }

    #[test]
    fn modules_nest_as_child_modules() {
        let paths = module_path("module.a[\"x\"].module.b");
        assert_eq!(paths, ["module.a[\"x\"]", "module.a[\"x\"].module.b"]);
    }
}
