//! `metadata.managedFields`: one entry per manager, operation and subresource, kept in step with writes.

use serde_json::{json, Map, Value};

use crate::fieldset::{display, FieldSet, Path};
use crate::paths;
use crate::status::ApiError;

#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    pub manager: String,
    pub operation: String,
    pub api_version: String,
    pub time: String,
    pub subresource: Option<String>,
    pub set: FieldSet,
}

impl Entry {
    pub fn is(&self, manager: &str, operation: &str, subresource: Option<&str>) -> bool {
        self.manager == manager
            && self.operation == operation
            && self.subresource.as_deref() == subresource
    }

    /// The manager as conflict messages name it: `"kubectl" using apps/v1 at 2026-01-01T00:00:00Z`.
    pub fn describe(&self) -> String {
        let mut s = format!("{:?}", self.manager);
        if let Some(sub) = &self.subresource {
            s.push_str(&format!(" with subresource {sub:?}"));
        }
        if self.operation == "Update" {
            s.push_str(&format!(" using {} at {}", self.api_version, self.time));
        }
        s
    }
}

pub fn parse(obj: &Value) -> Vec<Entry> {
    let Some(items) = obj["metadata"]["managedFields"].as_array() else {
        return Vec::new();
    };
    items
        .iter()
        .map(|e| Entry {
            manager: e["manager"].as_str().unwrap_or_default().to_string(),
            operation: e["operation"].as_str().unwrap_or("Update").to_string(),
            api_version: e["apiVersion"].as_str().unwrap_or_default().to_string(),
            time: e["time"].as_str().unwrap_or_default().to_string(),
            subresource: e["subresource"].as_str().map(str::to_string),
            set: FieldSet::from_fields_v1(&e["fieldsV1"]),
        })
        .collect()
}

pub fn render(entries: &[Entry]) -> Value {
    Value::Array(
        entries
            .iter()
            .map(|e| {
                let mut m = Map::new();
                if !e.manager.is_empty() {
                    m.insert("manager".into(), json!(e.manager));
                }
                m.insert("operation".into(), json!(e.operation));
                m.insert("apiVersion".into(), json!(e.api_version));
                m.insert("time".into(), json!(e.time));
                m.insert("fieldsType".into(), json!("FieldsV1"));
                m.insert("fieldsV1".into(), e.set.to_fields_v1());
                if let Some(sub) = &e.subresource {
                    m.insert("subresource".into(), json!(sub));
                }
                Value::Object(m)
            })
            .collect(),
    )
}

/// An update by `manager` takes the fields it changed from everyone else.
pub fn record_update(
    entries: &mut Vec<Entry>,
    manager: &str,
    api_version: &str,
    subresource: Option<&str>,
    changed: &FieldSet,
    now: &str,
) {
    if changed.is_empty() {
        return;
    }
    let paths = changed.members();
    for e in entries.iter_mut() {
        for p in &paths {
            e.set.remove(p);
        }
    }
    match entries
        .iter_mut()
        .find(|e| e.is(manager, "Update", subresource))
    {
        Some(e) => {
            e.set.union(changed);
            e.time = now.to_string();
            e.api_version = api_version.to_string();
        }
        None => entries.push(Entry {
            manager: manager.to_string(),
            operation: "Update".into(),
            api_version: api_version.to_string(),
            time: now.to_string(),
            subresource: subresource.map(str::to_string),
            set: changed.clone(),
        }),
    }
}

/// Drops paths the object no longer has, and entries left owning nothing.
pub fn prune(entries: &mut Vec<Entry>, obj: &Value) {
    for e in entries.iter_mut() {
        for p in e.set.members() {
            if paths::get(obj, &p).is_none() {
                e.set.remove(&p);
            }
        }
    }
    entries.retain(|e| !e.set.is_empty());
}

/// The 409 an apply gets when it would change fields other managers own.
pub fn conflict_error(
    conflicts: &[(String, Path)],
    group: &str,
    plural: &str,
    name: &str,
) -> ApiError {
    let causes: Vec<Value> = conflicts
        .iter()
        .map(|(m, p)| json!({"reason": "FieldManagerConflict", "message": format!("conflict with {m}"), "field": display(p)}))
        .collect();
    let message = if conflicts.len() == 1 {
        format!(
            "Apply failed with 1 conflict: conflict with {}: {}",
            conflicts[0].0,
            display(&conflicts[0].1)
        )
    } else {
        let mut managers: Vec<&String> = conflicts.iter().map(|(m, _)| m).collect();
        managers.sort();
        managers.dedup();
        let mut lines = Vec::new();
        for m in managers {
            lines.push(format!("conflicts with {m}:"));
            for (_, p) in conflicts.iter().filter(|(x, _)| x == m) {
                lines.push(format!("- {}", display(p)));
            }
        }
        format!(
            "Apply failed with {} conflicts: {}",
            conflicts.len(),
            lines.join("\n")
        )
    };
    let mut details = json!({"name": name, "kind": plural, "causes": causes});
    if !group.is_empty() {
        details["group"] = json!(group);
    }
    ApiError::new(409, "Conflict", message).with_details(details)
}
