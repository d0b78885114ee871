//! The one path every stored change takes: subresource rules, server-owned metadata,
//! defaults, generation, managed fields, validation, no-op detection and the resourceVersion.

use serde_json::{json, Map, Value};

use crate::catalog::ResourceType;
use crate::defaults;
use crate::managed::{self, Entry};
use crate::state::State;
use crate::status::ApiError;
use crate::validate;

pub struct Write<'a> {
    pub rt: &'a ResourceType,
    pub namespace: &'a str,
    pub name: &'a str,
    pub subresource: Option<&'a str>,
    pub dry_run: bool,
}

/// Everything but metadata and status: what `generation` counts changes of.
fn spec_part(o: &Value) -> Value {
    let mut o = o.clone();
    if let Some(m) = o.as_object_mut() {
        for k in ["metadata", "status", "apiVersion", "kind"] {
            m.shift_remove(k);
        }
    }
    o
}

fn without_times(o: &Value) -> Value {
    let mut o = o.clone();
    if let Some(Value::Array(entries)) = o
        .get_mut("metadata")
        .and_then(|m| m.get_mut("managedFields"))
    {
        for e in entries {
            if let Some(m) = e.as_object_mut() {
                m.shift_remove("time");
            }
        }
    }
    o
}

fn reorder(m: &mut Map<String, Value>, first: &[&str], last: &[&str]) {
    let mut old = std::mem::take(m);
    for k in first {
        if let Some(v) = old.shift_remove(*k) {
            m.insert((*k).to_string(), v);
        }
    }
    let tail: Vec<(String, Value)> = last
        .iter()
        .filter_map(|k| old.shift_remove(*k).map(|v| (k.to_string(), v)))
        .collect();
    m.extend(old);
    m.extend(tail);
}

/// Puts fields in the order the real server writes them: type, metadata, body, status.
pub fn tidy(o: &mut Value) {
    if let Some(meta) = o.get_mut("metadata").and_then(Value::as_object_mut) {
        reorder(
            meta,
            &[
                "name",
                "generateName",
                "namespace",
                "uid",
                "resourceVersion",
                "generation",
                "creationTimestamp",
                "deletionTimestamp",
                "deletionGracePeriodSeconds",
                "labels",
                "annotations",
                "ownerReferences",
                "finalizers",
            ],
            &["managedFields"],
        );
    }
    if let Some(m) = o.as_object_mut() {
        reorder(m, &["apiVersion", "kind", "metadata"], &["status"]);
    }
}

/// Stores `new` (the requested object) in place of `old` and returns what the server answers with.
pub fn commit(
    state: &mut State,
    w: &Write<'_>,
    old: Option<&Value>,
    new: Value,
    mut entries: Vec<Entry>,
) -> Result<Value, ApiError> {
    let rt = w.rt;
    let mut new = match (w.subresource, old) {
        (Some(_), Some(old)) => {
            let mut base = old.clone();
            match new.get("status") {
                Some(s) => base["status"] = s.clone(),
                None => {
                    if let Some(m) = base.as_object_mut() {
                        m.shift_remove("status");
                    }
                }
            }
            base
        }
        _ => new,
    };
    if w.subresource.is_none() && rt.status {
        match old.map(|o| &o["status"]).filter(|s| !s.is_null()) {
            Some(s) => new["status"] = s.clone(),
            None => {
                if let Some(m) = new.as_object_mut() {
                    m.shift_remove("status");
                }
            }
        }
    }
    if !new.is_object() {
        return Err(ApiError::bad_request("the object must be a JSON object"));
    }
    new["apiVersion"] = json!(rt.api_version());
    new["kind"] = json!(rt.kind);
    if !new["metadata"].is_object() {
        new["metadata"] = json!({});
    }
    {
        let meta = &mut new["metadata"];
        meta["name"] = json!(w.name);
        if rt.namespaced {
            meta["namespace"] = json!(w.namespace);
        } else if let Some(m) = meta.as_object_mut() {
            m.shift_remove("namespace");
        }
        let m = meta
            .as_object_mut()
            .ok_or_else(|| ApiError::bad_request("metadata must be an object"))?;
        for k in [
            "selfLink",
            "generation",
            "deletionTimestamp",
            "deletionGracePeriodSeconds",
            "managedFields",
            "resourceVersion",
        ] {
            m.shift_remove(k);
        }
        match old {
            Some(old) => {
                let om = &old["metadata"];
                m.insert("uid".into(), om["uid"].clone());
                m.insert("creationTimestamp".into(), om["creationTimestamp"].clone());
                for k in ["deletionTimestamp", "deletionGracePeriodSeconds"] {
                    if !om[k].is_null() {
                        m.insert(k.into(), om[k].clone());
                    }
                }
            }
            None => {
                m.insert("uid".into(), json!(uuid::Uuid::new_v4().to_string()));
                m.insert("creationTimestamp".into(), json!(crate::now()));
            }
        }
        if m.get("finalizers")
            .is_some_and(|f| f.as_array().is_some_and(Vec::is_empty))
        {
            m.shift_remove("finalizers");
        }
    }
    defaults::apply(&rt.kind, rt.custom, &mut new, old, &mut state.alloc);
    if rt.generation {
        let generation = match old {
            None => 1,
            Some(old) => {
                let g = old["metadata"]["generation"].as_i64().unwrap_or(1);
                if spec_part(old) != spec_part(&new) {
                    g + 1
                } else {
                    g
                }
            }
        };
        new["metadata"]["generation"] = json!(generation);
    }
    managed::prune(&mut entries, &new);
    if !entries.is_empty() {
        new["metadata"]["managedFields"] = managed::render(&entries);
    }
    validate::validate(rt, &new)?;
    if let Some(old) = old {
        let mut candidate = new.clone();
        candidate["metadata"]["resourceVersion"] = old["metadata"]["resourceVersion"].clone();
        if without_times(&candidate) == without_times(old) {
            return Ok(old.clone());
        }
    }
    if w.dry_run {
        if let Some(old) = old {
            new["metadata"]["resourceVersion"] = old["metadata"]["resourceVersion"].clone();
        }
        tidy(&mut new);
        return Ok(new);
    }
    new["metadata"]["resourceVersion"] = json!(state.next_resource_version());
    tidy(&mut new);
    let finished = new["metadata"]["deletionTimestamp"].is_string()
        && new["metadata"]["finalizers"]
            .as_array()
            .is_none_or(Vec::is_empty)
        && rt.kind != "Namespace";
    if finished {
        state.remove(rt, w.namespace, w.name);
        forget(state, rt, &new);
    } else {
        state.store(rt, w.namespace, w.name, new.clone());
        if rt.kind == "CustomResourceDefinition" && !rt.custom {
            state.catalog.add_crd(&new);
        }
    }
    Ok(new)
}

/// Side effects of an object leaving the store.
pub fn forget(state: &mut State, rt: &ResourceType, obj: &Value) {
    if rt.kind == "CustomResourceDefinition" && !rt.custom {
        state.catalog.remove_crd(obj);
        let group = obj["spec"]["group"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        let kind = obj["spec"]["names"]["kind"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        state.objects.remove(&(group, kind));
    }
    if let Some(uid) = obj["metadata"]["uid"].as_str() {
        state.observed.remove(uid);
    }
}

/// A controller's write of an object's status, recorded as an update of the status subresource.
pub fn controller_status(
    state: &mut State,
    rt: &ResourceType,
    ns: &str,
    name: &str,
    status: Value,
) {
    let Some(old) = state.lookup(rt, ns, name).cloned() else {
        return;
    };
    let mut new = old.clone();
    new["status"] = status;
    let mut entries = managed::parse(&old);
    let sub = if rt.status { Some("status") } else { None };
    let changed = crate::extract::changed(
        Some(&crate::extract::strip(&old, rt.status, sub)),
        &crate::extract::strip(&new, rt.status, sub),
        rt.custom,
    );
    managed::record_update(
        &mut entries,
        "kube-controller-manager",
        &rt.api_version(),
        sub,
        &changed,
        &crate::now(),
    );
    let w = Write {
        rt,
        namespace: ns,
        name,
        subresource: sub,
        dry_run: false,
    };
    let _ = commit(state, &w, Some(&old), new, entries);
}
