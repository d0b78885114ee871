//! What the server knows of built-in schemas for merging: list merge keys, set lists and atomic fields.
//!
//! Custom resources have no such knowledge: their lists and maps follow the defaults
//! (lists atomic, maps granular), as for a CRD schema without `x-kubernetes-list-type`.

use serde_json::Value;

/// How a list at some field merges.
#[derive(Clone, Debug, PartialEq)]
pub enum ListKind {
    /// Replaced whole.
    Atomic,
    /// Elements identified by these key fields (`k:{...}`).
    Map(Vec<&'static str>),
    /// Scalar elements identified by value (`v:...`).
    Set,
}

/// The merge behaviour of the list stored under `field` (the last field name of its path).
pub fn list_kind(custom: bool, field: &str, items: &[Value]) -> ListKind {
    if custom {
        return ListKind::Atomic;
    }
    match field {
        "containers"
        | "initContainers"
        | "ephemeralContainers"
        | "env"
        | "volumes"
        | "imagePullSecrets" => ListKind::Map(vec!["name"]),
        "volumeMounts" => ListKind::Map(vec!["mountPath"]),
        "volumeDevices" => ListKind::Map(vec!["devicePath"]),
        "hostAliases" => ListKind::Map(vec!["ip"]),
        "conditions" => ListKind::Map(vec!["type"]),
        "ownerReferences" => ListKind::Map(vec!["uid"]),
        "finalizers" => ListKind::Set,
        "ports" => {
            let first = items.iter().find(|i| i.is_object());
            match first {
                Some(i) if i.get("containerPort").is_some() => {
                    ListKind::Map(vec!["containerPort", "protocol"])
                }
                Some(i) if i.get("port").is_some() => ListKind::Map(vec!["port", "protocol"]),
                _ => ListKind::Atomic,
            }
        }
        _ => ListKind::Atomic,
    }
}

/// Maps and structs replaced whole rather than merged.
pub fn atomic_map(custom: bool, field: &str) -> bool {
    !custom
        && matches!(
            field,
            "selector" | "nodeSelector" | "matchLabels" | "labelSelector" | "roleRef"
        )
}

/// A merge key's value in an element, with the schema default for a missing `protocol`.
pub fn key_value(item: &Value, key: &str) -> Value {
    match item.get(key) {
        Some(v) => v.clone(),
        None if key == "protocol" => Value::String("TCP".into()),
        None => Value::Null,
    }
}

/// The key values identifying `item` in a list keyed by `keys`.
pub fn key_of(item: &Value, keys: &[&str]) -> Vec<(String, Value)> {
    keys.iter()
        .map(|k| (k.to_string(), key_value(item, k)))
        .collect()
}
