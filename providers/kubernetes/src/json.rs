//! Kubernetes objects are JSON and Terrace values are typed: this module
//! moves between the two, and projects a live object onto the fields a
//! configuration sets, which is how drift stays limited to what Terrace
//! manages (server defaults and other managers' fields fall outside).

use serde_json::{Map, Value as Json};
use terrace_value::{value_from_json, value_to_json, Type, Value};

/// A wholly known value as JSON; `None` when any part is unknown.
pub(crate) fn to_json(v: &Value) -> Option<Json> {
    if !v.is_wholly_known() {
        return None;
    }
    value_to_json(v).ok()
}

/// JSON as a value whose type is inferred (objects, tuples, numbers, ...).
pub(crate) fn from_json(j: &Json) -> Value {
    value_from_json(j, &Type::Dynamic).unwrap_or(Value::Null(Type::Dynamic))
}

/// The parts of `live` that `shape` names: object keys `shape` has, list
/// elements matched by `name` when the shape's elements carry one (other
/// managers may add their own), otherwise by position with every element
/// kept (the whole list belongs to whoever set it).
///
/// Values of `resources.limits` and `resources.requests` that equal the
/// shape's as quantities ("500m" for "0.5") keep the shape's spelling.
pub(crate) fn project(live: &Json, shape: &Json) -> Json {
    project_in(live, shape, Within::Other)
}

/// Where in an object a projection is: quantities are compared by value
/// only inside `resources.limits` and `resources.requests`.
#[derive(Clone, Copy, PartialEq)]
enum Within {
    Other,
    Resources,
    Quantities,
}

fn project_in(live: &Json, shape: &Json, within: Within) -> Json {
    match (live, shape) {
        (Json::Object(l), Json::Object(s)) => {
            let mut out = Map::new();
            for (k, sv) in s {
                let Some(lv) = l.get(k) else { continue };
                let inner = match (within, k.as_str()) {
                    (Within::Other, "resources") => Within::Resources,
                    (Within::Resources, "limits" | "requests") => Within::Quantities,
                    _ => Within::Other,
                };
                let projected = match (lv, sv) {
                    (Json::String(a), Json::String(b))
                        if within == Within::Quantities && crate::quantity::same(a, b) =>
                    {
                        sv.clone()
                    }
                    _ => project_in(lv, sv, inner),
                };
                out.insert(k.clone(), projected);
            }
            Json::Object(out)
        }
        (Json::Array(l), Json::Array(s)) => {
            let named = !s.is_empty() && s.iter().all(|e| e.get("name").is_some());
            if named {
                let mut out = Vec::new();
                for se in s {
                    if let Some(le) = l.iter().find(|le| le.get("name") == se.get("name")) {
                        out.push(project_in(le, se, Within::Other));
                    }
                }
                return Json::Array(out);
            }
            let out = l
                .iter()
                .enumerate()
                .map(|(i, le)| match s.get(i) {
                    Some(se) => project_in(le, se, Within::Other),
                    None => le.clone(),
                })
                .collect();
            Json::Array(out)
        }
        _ => live.clone(),
    }
}

/// Whether two JSON documents are equal, numbers compared by value.
pub(crate) fn same(a: &Json, b: &Json) -> bool {
    match (a, b) {
        (Json::Number(x), Json::Number(y)) => {
            x == y || x.as_f64().is_some() && x.as_f64() == y.as_f64()
        }
        (Json::Object(x), Json::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same(v, w)))
        }
        (Json::Array(x), Json::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(v, w)| same(v, w))
        }
        _ => a == b,
    }
}

/// Removes the value at a dotted path such as `metadata.annotations`.
pub(crate) fn remove_path(doc: &mut Json, path: &str) {
    let parts: Vec<&str> = path.split('.').collect();
    let Some((last, init)) = parts.split_last() else {
        return;
    };
    let mut cur = doc;
    for p in init {
        match cur.get_mut(*p) {
            Some(next) => cur = next,
            None => return,
        }
    }
    if let Some(m) = cur.as_object_mut() {
        m.remove(*last);
    }
}

/// The value at a dotted path such as `status.phase`.
pub(crate) fn at_path<'a>(doc: &'a Json, path: &str) -> Option<&'a Json> {
    path.split('.').try_fold(doc, |cur, p| match cur {
        Json::Array(a) => p.parse::<usize>().ok().and_then(|i| a.get(i)),
        _ => cur.get(p),
    })
}

/// A string at a dotted path.
pub(crate) fn str_at<'a>(doc: &'a Json, path: &str) -> Option<&'a str> {
    at_path(doc, path).and_then(Json::as_str)
}

/// An integer at a dotted path.
pub(crate) fn int_at(doc: &Json, path: &str) -> Option<i64> {
    at_path(doc, path).and_then(Json::as_i64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn projection_keeps_only_configured_fields() {
        let live = json!({"spec": {"replicas": 3, "paused": false,
            "template": {"spec": {"containers": [
                {"name": "sidecar", "image": "s"},
                {"name": "web", "image": "nginx", "imagePullPolicy": "Always"}]}}}});
        let shape = json!({"spec": {"replicas": 2,
            "template": {"spec": {"containers": [{"name": "web", "image": "x"}]}}}});
        assert_eq!(
            project(&live, &shape),
            json!({"spec": {"replicas": 3,
                "template": {"spec": {"containers": [{"name": "web", "image": "nginx"}]}}}})
        );
    }

    #[test]
    fn equal_resource_quantities_keep_the_configured_spelling() {
        let live = json!({"resources": {"limits": {"cpu": "500m", "memory": "1Gi"},
            "requests": {"cpu": "100m"}}, "args": ["500m"]});
        let shape = json!({"resources": {"limits": {"cpu": "0.5", "memory": "1024Mi"},
            "requests": {"cpu": "0.2"}}, "args": ["0.5"]});
        assert_eq!(
            project(&live, &shape),
            json!({"resources": {"limits": {"cpu": "0.5", "memory": "1024Mi"},
                "requests": {"cpu": "100m"}}, "args": ["500m"]})
        );
    }

    #[test]
    fn unnamed_lists_are_kept_whole() {
        let live = json!({"args": ["a", "b", "c"]});
        let shape = json!({"args": ["a", "b"]});
        assert_eq!(project(&live, &shape), live);
        assert!(!same(&project(&live, &shape), &shape));
    }

    #[test]
    fn removed_field_is_missing_from_projection() {
        let live = json!({"data": {}});
        let shape = json!({"data": {"a": "1"}});
        assert!(!same(&project(&live, &shape), &shape));
    }

    #[test]
    fn paths_reach_nested_values() {
        let mut doc = json!({"metadata": {"labels": {"a": "1"}, "name": "x"}, "items": [{"v": 2}]});
        assert_eq!(str_at(&doc, "metadata.name"), Some("x"));
        assert_eq!(int_at(&doc, "items.0.v"), Some(2));
        remove_path(&mut doc, "metadata.labels");
        assert_eq!(doc, json!({"metadata": {"name": "x"}, "items": [{"v": 2}]}));
    }
}
