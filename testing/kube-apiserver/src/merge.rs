//! Merging a partial object into a whole one, lists by their merge keys: the core of
//! server-side apply and of strategic merge patch.

use serde_json::Value;

use crate::paths::json_eq;
use crate::schema::{self, ListKind};

/// Merges `patch` into `target`; `field` is the name `target` is stored under.
/// A null in the patch removes the field.
pub fn merge(target: &mut Value, patch: &Value, custom: bool, field: &str) {
    match (target, patch) {
        (Value::Object(t), Value::Object(p)) if !schema::atomic_map(custom, field) => {
            for (k, pv) in p {
                if pv.is_null() {
                    t.shift_remove(k);
                    continue;
                }
                match t.get_mut(k) {
                    Some(tv) => merge(tv, pv, custom, k),
                    None => {
                        t.insert(k.clone(), pv.clone());
                    }
                }
            }
        }
        (Value::Array(t), Value::Array(p)) => {
            match schema::list_kind(custom, field, if p.is_empty() { t } else { p }) {
                ListKind::Map(keys) if !p.is_empty() => {
                    for pi in p {
                        let key = schema::key_of(pi, &keys);
                        let found = t.iter_mut().find(|ti| {
                            ti.is_object()
                                && schema::key_of(ti, &keys)
                                    .iter()
                                    .zip(&key)
                                    .all(|(a, b)| json_eq(&a.1, &b.1))
                        });
                        match found {
                            Some(ti) => merge(ti, pi, custom, ""),
                            None => t.push(pi.clone()),
                        }
                    }
                }
                ListKind::Set if !p.is_empty() => {
                    for pi in p {
                        if !t.iter().any(|ti| json_eq(ti, pi)) {
                            t.push(pi.clone());
                        }
                    }
                }
                _ => *t = p.clone(),
            }
        }
        (t, p) => *t = p.clone(),
    }
}
