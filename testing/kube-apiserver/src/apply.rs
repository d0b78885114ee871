//! Server-side apply: merge an applied configuration, remove what the applier stopped
//! setting, detect conflicts with other managers and move ownership on force.

use serde_json::{json, Value};

use crate::catalog::ResourceType;
use crate::extract;
use crate::fieldset::{Element, FieldSet};
use crate::managed::{self, Entry};
use crate::merge;
use crate::paths;
use crate::status::ApiError;

pub struct Applied {
    pub object: Value,
    pub entries: Vec<Entry>,
}

pub struct ApplyRequest<'a> {
    pub rt: &'a ResourceType,
    pub name: &'a str,
    pub manager: &'a str,
    pub force: bool,
    pub subresource: Option<&'a str>,
    pub now: &'a str,
}

pub fn apply(
    live: Option<&Value>,
    config: &Value,
    req: &ApplyRequest<'_>,
) -> Result<Applied, ApiError> {
    let rt = req.rt;
    let stripped = extract::strip(config, rt.status, req.subresource);
    let applied = extract::from_value(&stripped, rt.custom);
    let mut entries = live.map(managed::parse).unwrap_or_default();
    let mine = entries
        .iter()
        .position(|e| e.is(req.manager, "Apply", req.subresource));
    let previous = mine.map(|i| entries[i].set.clone()).unwrap_or_default();
    let mut others = FieldSet::default();
    for (i, e) in entries.iter().enumerate() {
        if Some(i) != mine {
            others.union(&e.set);
        }
    }

    let mut merged = live.cloned().unwrap_or_else(|| json!({}));
    for p in previous.difference(&applied).members() {
        if !others.touches(&p) && !applied.touches(&p) {
            paths::remove(&mut merged, &p);
        }
    }
    merge::merge(&mut merged, &stripped, rt.custom, "");

    let mut conflicts: Vec<(usize, Vec<Element>)> = Vec::new();
    if let Some(live) = live {
        for p in applied.members() {
            if matches!(p.last(), Some(Element::Key(_) | Element::Value(_))) {
                continue;
            }
            let Some(before) = paths::get(live, &p) else {
                continue;
            };
            if paths::get(&merged, &p).is_some_and(|after| paths::json_eq(after, before)) {
                continue;
            }
            for (i, e) in entries.iter().enumerate() {
                if Some(i) != mine && e.set.contains(&p) {
                    conflicts.push((i, p.clone()));
                }
            }
        }
    }
    if !conflicts.is_empty() {
        if !req.force {
            let described: Vec<(String, Vec<Element>)> = conflicts
                .iter()
                .map(|(i, p)| (entries[*i].describe(), p.clone()))
                .collect();
            return Err(managed::conflict_error(
                &described, &rt.group, &rt.plural, req.name,
            ));
        }
        for (i, p) in &conflicts {
            entries[*i].set.remove(p);
        }
    }

    let entry = Entry {
        manager: req.manager.to_string(),
        operation: "Apply".into(),
        api_version: rt.api_version(),
        time: req.now.to_string(),
        subresource: req.subresource.map(str::to_string),
        set: applied,
    };
    match mine {
        Some(i) => entries[i] = entry,
        None => entries.push(entry),
    }
    Ok(Applied {
        object: merged,
        entries,
    })
}
