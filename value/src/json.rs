//! Values and types in JSON, in the shapes Terraform uses for state, plans and
//! `output -json` (cty's JSON encoding), with numbers kept exact.

use std::collections::BTreeMap;
use std::str::FromStr;

use serde_json::Value as Json;

use crate::{Number, ObjectType, Type, Value};

/// A JSON document that does not fit the wanted type, or a value JSON cannot hold.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{0}")]
pub struct JsonError(pub String);

/// A type in cty's JSON form: `"string"`, `["list","number"]`, `["object",{...}]`.
pub fn type_to_json(t: &Type) -> Json {
    match t {
        Type::Dynamic => Json::from("dynamic"),
        Type::Bool => Json::from("bool"),
        Type::Number => Json::from("number"),
        Type::String => Json::from("string"),
        Type::List(e) => Json::Array(vec!["list".into(), type_to_json(e)]),
        Type::Set(e) => Json::Array(vec!["set".into(), type_to_json(e)]),
        Type::Map(e) => Json::Array(vec!["map".into(), type_to_json(e)]),
        Type::Tuple(ts) => Json::Array(vec![
            "tuple".into(),
            Json::Array(ts.iter().map(type_to_json).collect()),
        ]),
        Type::Object(o) => {
            let attrs = o
                .attrs
                .iter()
                .map(|(k, v)| (k.clone(), type_to_json(v)))
                .collect();
            let mut parts = vec!["object".into(), Json::Object(attrs)];
            if !o.optional.is_empty() {
                parts.push(Json::Array(
                    o.optional.iter().map(|s| Json::from(s.as_str())).collect(),
                ));
            }
            Json::Array(parts)
        }
    }
}

/// Reads a type from cty's JSON form.
pub fn type_from_json(j: &Json) -> Result<Type, JsonError> {
    let bad = || JsonError(format!("invalid type: {j}"));
    match j {
        Json::String(s) => match s.as_str() {
            "dynamic" => Ok(Type::Dynamic),
            "bool" => Ok(Type::Bool),
            "number" => Ok(Type::Number),
            "string" => Ok(Type::String),
            _ => Err(bad()),
        },
        Json::Array(parts) => match (parts.first().and_then(Json::as_str), parts.get(1)) {
            (Some("list"), Some(e)) => Ok(Type::list(type_from_json(e)?)),
            (Some("set"), Some(e)) => Ok(Type::set(type_from_json(e)?)),
            (Some("map"), Some(e)) => Ok(Type::map(type_from_json(e)?)),
            (Some("tuple"), Some(Json::Array(ts))) => Ok(Type::Tuple(
                ts.iter().map(type_from_json).collect::<Result<_, _>>()?,
            )),
            (Some("object"), Some(Json::Object(attrs))) => {
                let mut ot = ObjectType::default();
                for (k, v) in attrs {
                    ot.attrs.insert(k.clone(), type_from_json(v)?);
                }
                if let Some(Json::Array(opt)) = parts.get(2) {
                    ot.optional = opt
                        .iter()
                        .filter_map(Json::as_str)
                        .map(String::from)
                        .collect();
                }
                Ok(Type::Object(ot))
            }
            _ => Err(bad()),
        },
        _ => Err(bad()),
    }
}

/// A known value as JSON; marks are dropped (the caller records them apart).
/// Unknown values cannot be encoded.
pub fn value_to_json(v: &Value) -> Result<Json, JsonError> {
    Ok(match v {
        Value::Marked(inner, _) => value_to_json(inner)?,
        Value::Null(_) => Json::Null,
        Value::Unknown(_) => return Err(JsonError("value is not yet known".into())),
        Value::Bool(b) => Json::Bool(*b),
        Value::Number(n) => number_to_json(n)?,
        Value::String(s) => Json::String(s.clone()),
        Value::List(_, vs) | Value::Set(_, vs) | Value::Tuple(vs) => {
            Json::Array(vs.iter().map(value_to_json).collect::<Result<_, _>>()?)
        }
        Value::Map(_, m) | Value::Object(m) => {
            let mut out = serde_json::Map::new();
            for (k, v) in m {
                out.insert(k.clone(), value_to_json(v)?);
            }
            Json::Object(out)
        }
    })
}

/// A number as a JSON number, printed as Terraform prints it. JSON has no
/// infinities, and no negative zero either: Terraform's state and outputs
/// store `-0` as `0`.
pub fn number_to_json(n: &Number) -> Result<Json, JsonError> {
    if n.is_infinite() {
        return Err(JsonError("cannot serialize infinity as JSON".into()));
    }
    let text = if n.is_zero() {
        "0".to_string()
    } else {
        n.to_string()
    };
    serde_json::Number::from_str(&text)
        .map(Json::Number)
        .map_err(|e| JsonError(format!("cannot serialize {text} as JSON: {e}")))
}

/// Reads a value of type `t` from JSON; with `Type::Dynamic` the type is
/// inferred as `jsondecode` does (objects, tuples, numbers, strings, bools).
pub fn value_from_json(j: &Json, t: &Type) -> Result<Value, JsonError> {
    let mismatch = || {
        JsonError(format!(
            "{} required, but have {}",
            t.friendly_name(),
            kind(j)
        ))
    };
    if j.is_null() {
        return Ok(Value::Null(t.clone()));
    }
    match t {
        Type::Dynamic => infer(j),
        Type::Bool => j.as_bool().map(Value::Bool).ok_or_else(mismatch),
        Type::Number => match j {
            Json::Number(n) => Number::parse(&n.to_string())
                .map(Value::Number)
                .map_err(|e| JsonError(e.to_string())),
            _ => Err(mismatch()),
        },
        Type::String => j.as_str().map(Value::string).ok_or_else(mismatch),
        Type::List(e) | Type::Set(e) => {
            let items = j.as_array().ok_or_else(mismatch)?;
            let vs = items
                .iter()
                .map(|i| value_from_json(i, e))
                .collect::<Result<Vec<_>, _>>()?;
            Ok(match t {
                Type::Set(_) => Value::set((**e).clone(), vs),
                _ => Value::List((**e).clone(), vs),
            })
        }
        Type::Tuple(ts) => {
            let items = j.as_array().ok_or_else(mismatch)?;
            if items.len() != ts.len() {
                return Err(mismatch());
            }
            Ok(Value::Tuple(
                items
                    .iter()
                    .zip(ts)
                    .map(|(i, t)| value_from_json(i, t))
                    .collect::<Result<_, _>>()?,
            ))
        }
        Type::Map(e) => {
            let obj = j.as_object().ok_or_else(mismatch)?;
            let mut m = BTreeMap::new();
            for (k, v) in obj {
                m.insert(k.clone(), value_from_json(v, e)?);
            }
            Ok(Value::Map((**e).clone(), m))
        }
        Type::Object(ot) => {
            let obj = j.as_object().ok_or_else(mismatch)?;
            let mut m = BTreeMap::new();
            for (k, at) in &ot.attrs {
                let v = match obj.get(k) {
                    Some(v) => value_from_json(v, at)?,
                    None => Value::Null(at.clone()),
                };
                m.insert(k.clone(), v);
            }
            Ok(Value::Object(m))
        }
    }
}

fn infer(j: &Json) -> Result<Value, JsonError> {
    Ok(match j {
        Json::Null => Value::null(),
        Json::Bool(b) => Value::Bool(*b),
        Json::Number(n) => {
            Value::Number(Number::parse(&n.to_string()).map_err(|e| JsonError(e.to_string()))?)
        }
        Json::String(s) => Value::string(s.clone()),
        Json::Array(items) => Value::Tuple(items.iter().map(infer).collect::<Result<_, _>>()?),
        Json::Object(obj) => {
            let mut m = BTreeMap::new();
            for (k, v) in obj {
                m.insert(k.clone(), infer(v)?);
            }
            Value::Object(m)
        }
    })
}

fn kind(j: &Json) -> &'static str {
    match j {
        Json::Null => "null",
        Json::Bool(_) => "bool",
        Json::Number(_) => "number",
        Json::String(_) => "string",
        Json::Array(_) => "array",
        Json::Object(_) => "object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn number(text: &str) -> Value {
        Value::Number(Number::parse(text).unwrap())
    }

    #[test]
    fn numbers_print_as_terraform_stores_them() {
        let third = number("1")
            .as_number()
            .unwrap()
            .div(&Number::from(3i64))
            .unwrap();
        let json = value_to_json(&Value::Number(third)).unwrap();
        assert_eq!(json.to_string().len(), 157);
        assert_eq!(value_to_json(&number("-0")).unwrap().to_string(), "0");
        assert_eq!(value_to_json(&number("1e3")).unwrap().to_string(), "1000");
    }

    #[test]
    fn infinities_are_refused() {
        let inf = Value::Tuple(vec![number("Inf")]);
        assert_eq!(
            value_to_json(&inf).unwrap_err().to_string(),
            "cannot serialize infinity as JSON"
        );
    }
}
