//! The shapes Terraform's JSON formats give to values: known parts as plain
//! JSON (unknowns left out), and the parallel `after_unknown` and
//! `*_sensitive` structures that say where a value is unknown or sensitive
//! without repeating it.

use serde_json::{Map, Value as Json};
use terrace_value::{value_to_json, Path, PathStep, Type, Value};

/// The known parts of a value as JSON: marks dropped, unknown attributes
/// and map entries left out, unknown elements as null. `None` when the
/// whole value is unknown.
pub(crate) fn known_json(v: &Value) -> Option<Json> {
    Some(match v.unmarked() {
        Value::Unknown(_) => return None,
        Value::Null(_) => Json::Null,
        Value::Bool(b) => Json::Bool(*b),
        Value::Number(_) => value_to_json(v.unmarked()).unwrap_or(Json::Null),
        Value::String(s) => Json::String(s.clone()),
        Value::List(_, vs) | Value::Set(_, vs) | Value::Tuple(vs) => Json::Array(
            vs.iter()
                .map(|v| known_json(v).unwrap_or(Json::Null))
                .collect(),
        ),
        Value::Map(_, m) | Value::Object(m) => Json::Object(
            m.iter()
                .filter_map(|(k, v)| known_json(v).map(|j| (k.clone(), j)))
                .collect(),
        ),
        Value::Marked(..) => Json::Null,
    })
}

/// Terraform's `after_unknown`: `true` where unknown, `false` for known
/// leaves, arrays for sequences, objects keeping only non-`false` entries.
pub(crate) fn unknown_as_bool(v: &Value) -> Json {
    match v.unmarked() {
        Value::Unknown(_) => Json::Bool(true),
        Value::List(_, vs) | Value::Set(_, vs) | Value::Tuple(vs) => {
            Json::Array(vs.iter().map(unknown_as_bool).collect())
        }
        Value::Map(_, m) | Value::Object(m) => {
            Json::Object(keep_true(m.iter().map(|(k, v)| (k, unknown_as_bool(v)))))
        }
        _ => Json::Bool(false),
    }
}

/// Terraform's `*_sensitive`: `true` where sensitive, `false` for other
/// leaves and nulls, arrays for sequences, objects keeping only non-`false`
/// entries; an unknown collection gives an empty array or object.
pub(crate) fn sensitive_as_bool(v: &Value) -> Json {
    if v.is_sensitive() {
        return Json::Bool(true);
    }
    match v.unmarked() {
        Value::Unknown(t) => match t {
            Type::List(_) | Type::Set(_) | Type::Tuple(_) => Json::Array(Vec::new()),
            Type::Map(_) | Type::Object(_) => Json::Object(Map::new()),
            _ => Json::Bool(false),
        },
        Value::List(_, vs) | Value::Set(_, vs) | Value::Tuple(vs) => {
            Json::Array(vs.iter().map(sensitive_as_bool).collect())
        }
        Value::Map(_, m) | Value::Object(m) => {
            Json::Object(keep_true(m.iter().map(|(k, v)| (k, sensitive_as_bool(v)))))
        }
        _ => Json::Bool(false),
    }
}

fn keep_true<'a>(entries: impl Iterator<Item = (&'a String, Json)>) -> Map<String, Json> {
    entries
        .filter(|(_, j)| *j != Json::Bool(false))
        .map(|(k, j)| (k.clone(), j))
        .collect()
}

/// A path as Terraform's JSON writes it: `["tags", "env"]`, `["rule", 0]`.
pub(crate) fn path_json(path: &Path) -> Json {
    Json::Array(
        path.0
            .iter()
            .map(|step| match step {
                PathStep::Attr(a) | PathStep::Key(a) => Json::String(a.clone()),
                PathStep::Index(i) => Json::from(*i),
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn obj(entries: &[(&str, Value)]) -> Value {
        Value::Object(
            entries
                .iter()
                .map(|(k, v)| (k.to_string(), v.clone()))
                .collect(),
        )
    }

    #[test]
    fn shapes_follow_terraform() {
        let v = obj(&[
            ("id", Value::Unknown(Type::String)),
            (
                "list",
                Value::Tuple(vec![Value::from("a"), Value::from("b").sensitive()]),
            ),
            ("tags", obj(&[("a", Value::from("1"))])),
            ("secret", Value::from("x").sensitive()),
        ]);
        assert_eq!(
            known_json(&v),
            Some(json!({"list": ["a", "b"], "tags": {"a": "1"}, "secret": "x"}))
        );
        assert_eq!(
            unknown_as_bool(&v),
            json!({"id": true, "list": [false, false], "tags": {}})
        );
        assert_eq!(
            sensitive_as_bool(&v),
            json!({"list": [false, true], "tags": {}, "secret": true})
        );
        assert_eq!(
            sensitive_as_bool(&Value::Unknown(Type::list(Type::String))),
            json!([])
        );
        assert_eq!(known_json(&Value::unknown()), None);
        let p = Path::root().attr("rule").child(PathStep::Index(0));
        assert_eq!(path_json(&p), json!(["rule", 0]));
    }
}
