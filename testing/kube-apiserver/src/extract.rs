//! The field set a value stands for (what an applier owns) and the fields a write changed.

use serde_json::{Map, Value};

use crate::fieldset::{Element, FieldSet, Path};
use crate::paths;
use crate::schema::{self, ListKind};

/// The parts of an object that field management tracks for a write to `subresource`:
/// no type or identity fields, no server-owned metadata, and only the status for `/status`
/// (or no status for the main resource of a kind with a status subresource).
pub fn strip(obj: &Value, has_status: bool, subresource: Option<&str>) -> Value {
    let mut out = Map::new();
    let Value::Object(m) = obj else {
        return Value::Object(out);
    };
    for (k, v) in m {
        match k.as_str() {
            "apiVersion" | "kind" => {}
            "metadata" => {
                if subresource.is_some() {
                    continue;
                }
                let mut meta = Map::new();
                if let Value::Object(mm) = v {
                    for (mk, mv) in mm {
                        if matches!(
                            mk.as_str(),
                            "labels" | "annotations" | "finalizers" | "ownerReferences"
                        ) {
                            meta.insert(mk.clone(), mv.clone());
                        }
                    }
                }
                if !meta.is_empty() {
                    out.insert(k.clone(), Value::Object(meta));
                }
            }
            "status" => {
                if subresource == Some("status") || !has_status {
                    out.insert(k.clone(), v.clone());
                }
            }
            _ => {
                if subresource != Some("status") {
                    out.insert(k.clone(), v.clone());
                }
            }
        }
    }
    Value::Object(out)
}

/// Every path the value sets, as the applier of it would own them.
pub fn from_value(v: &Value, custom: bool) -> FieldSet {
    let mut set = FieldSet::default();
    if let Value::Object(m) = v {
        walk_map(m, &mut Vec::new(), &mut set, custom);
    }
    set
}

fn walk_map(m: &Map<String, Value>, path: &mut Path, set: &mut FieldSet, custom: bool) {
    for (k, child) in m {
        path.push(Element::Field(k.clone()));
        walk_value(child, k, path, set, custom);
        path.pop();
    }
}

fn walk_value(v: &Value, field: &str, path: &mut Path, set: &mut FieldSet, custom: bool) {
    match v {
        Value::Object(m) if !m.is_empty() && !schema::atomic_map(custom, field) => {
            walk_map(m, path, set, custom)
        }
        Value::Array(items) if !items.is_empty() => match schema::list_kind(custom, field, items) {
            ListKind::Map(keys) => {
                for item in items {
                    let Value::Object(im) = item else { continue };
                    path.push(Element::key(schema::key_of(item, &keys)));
                    set.insert(path);
                    walk_map(im, path, set, custom);
                    path.pop();
                }
            }
            ListKind::Set => {
                for item in items {
                    path.push(Element::value(item));
                    set.insert(path);
                    path.pop();
                }
            }
            ListKind::Atomic => set.insert(path),
        },
        _ => set.insert(path),
    }
}

/// The paths of `new` whose value is not the same in `old`: what an update takes ownership of.
pub fn changed(old: Option<&Value>, new: &Value, custom: bool) -> FieldSet {
    let all = from_value(new, custom);
    let mut out = FieldSet::default();
    for p in all.members() {
        let before = old.and_then(|o| paths::get(o, &p));
        let element = matches!(p.last(), Some(Element::Key(_) | Element::Value(_)));
        let differs = match (before, paths::get(new, &p)) {
            (None, _) => true,
            (Some(_), _) if element => false,
            (Some(b), Some(a)) => !paths::json_eq(a, b),
            (Some(_), None) => false,
        };
        if differs {
            out.insert(&p);
        }
    }
    out
}
