//! The generic conversion between a typed resource's Terraform value
//! (snake_case names, lists of blocks) and its Kubernetes object (camelCase
//! names, objects and arrays), driven by the field tables in `spec`.

use std::collections::BTreeMap;

use base64::Engine as _;
use serde_json::{Map, Value as Json};
use terrace_value::{Number, Type, Value};

use super::spec::{attr_type, schema_block, Field, Kind, Mode};

/// The Kubernetes form of a wholly known Terraform object; an error names
/// the attribute path that could not be converted.
pub(crate) fn to_k8s(
    fields: &[Field],
    obj: &Value,
    path: &str,
) -> Result<Map<String, Json>, String> {
    let mut out = Map::new();
    let Some(attrs) = obj.unmarked().as_entries() else {
        return Ok(out);
    };
    for f in fields {
        let Some(v) = attrs.get(f.tf) else { continue };
        // What the server sets is never sent; a value the provider fills in
        // is sent only once known.
        if f.mode == Mode::Computed || f.mode == Mode::OptionalComputed && !v.is_wholly_known() {
            continue;
        }
        let here = if path.is_empty() {
            f.tf.to_string()
        } else {
            format!("{path}.{}", f.tf)
        };
        if let Some(j) = field_to_k8s(f, v.unmarked(), &here)? {
            out.insert(f.k8s_name(), j);
        }
    }
    Ok(out)
}

fn field_to_k8s(f: &Field, v: &Value, path: &str) -> Result<Option<Json>, String> {
    if v.is_null() {
        return Ok(None);
    }
    if !v.is_wholly_known() && !matches!(f.kind, Kind::Block(..)) {
        return Err(format!("{path} is not yet known"));
    }
    let bad = |want: &str| format!("{path} must be {want}");
    let text = |v: &Value| v.unmarked().as_str().map(str::to_string);
    Ok(Some(match f.kind {
        Kind::Local(_) => return Ok(None),
        Kind::Str => Json::String(text(v).ok_or_else(|| bad("a string"))?),
        Kind::Bool => Json::Bool(v.as_bool().ok_or_else(|| bad("a bool"))?),
        Kind::Int => {
            number(v.as_number().ok_or_else(|| bad("a number"))?).ok_or_else(|| bad("a number"))?
        }
        Kind::IntAsStr => {
            let s = text(v).ok_or_else(|| bad("a string"))?;
            Json::Number(
                s.trim()
                    .parse::<i64>()
                    .map_err(|_| bad("a whole number"))?
                    .into(),
            )
        }
        Kind::IntOrStr => {
            let s = text(v).ok_or_else(|| bad("a string"))?;
            match s.parse::<i64>() {
                Ok(n) => Json::Number(n.into()),
                Err(_) => Json::String(s),
            }
        }
        Kind::MapStr | Kind::MapBase64 => {
            let m = v.as_entries().ok_or_else(|| bad("a map of strings"))?;
            let mut out = Map::new();
            for (k, e) in m {
                let Some(s) = text(e) else { continue };
                let s = if matches!(f.kind, Kind::MapBase64) {
                    base64::engine::general_purpose::STANDARD.encode(s)
                } else {
                    s
                };
                out.insert(k.clone(), Json::String(s));
            }
            Json::Object(out)
        }
        Kind::ListStr => {
            let es = v.as_elements().ok_or_else(|| bad("a list of strings"))?;
            Json::Array(
                es.iter()
                    .filter_map(|e| text(e).map(Json::String))
                    .collect(),
            )
        }
        Kind::Block(inner, max) => {
            if !v.is_known() {
                return Err(format!("{path} is not yet known"));
            }
            let es = v.as_elements().ok_or_else(|| bad("a list of blocks"))?;
            let mut items = Vec::new();
            for (i, e) in es.iter().enumerate() {
                items.push(Json::Object(to_k8s(inner, e, &format!("{path}[{i}]"))?));
            }
            if max == 1 {
                match items.into_iter().next() {
                    Some(first) => first,
                    None => return Ok(None),
                }
            } else {
                if items.is_empty() {
                    return Ok(None);
                }
                Json::Array(items)
            }
        }
    }))
}

fn number(n: &Number) -> Option<Json> {
    terrace_value::value_to_json(&Value::Number(n.clone())).ok()
}

/// The Terraform value of a Kubernetes object (or part of one): every field
/// of the table present, null or empty when the object lacks it.
pub(crate) fn to_tf(fields: &[Field], obj: Option<&Map<String, Json>>) -> Value {
    let mut out = BTreeMap::new();
    for f in fields {
        let j = obj.and_then(|o| o.get(&f.k8s_name()));
        out.insert(f.tf.to_string(), field_to_tf(f, j));
    }
    Value::Object(out)
}

fn field_to_tf(f: &Field, j: Option<&Json>) -> Value {
    let ty = attr_type(f.kind);
    let j = j.filter(|j| !j.is_null());
    if let Kind::Block(inner, _) = f.kind {
        let ety = schema_block(inner).value_type();
        let items = match j {
            Some(Json::Array(a)) => a.iter().map(|e| to_tf(inner, e.as_object())).collect(),
            Some(Json::Object(o)) => vec![to_tf(inner, Some(o))],
            _ => Vec::new(),
        };
        return Value::List(ety, items);
    }
    let Some(j) = j else {
        return Value::Null(ty);
    };
    let s = |j: &Json| match j {
        Json::String(s) => Some(s.clone()),
        Json::Number(n) => Some(n.to_string()),
        Json::Bool(b) => Some(b.to_string()),
        _ => None,
    };
    let v = match f.kind {
        Kind::Local(_) | Kind::Block(..) => None,
        Kind::Str | Kind::IntAsStr | Kind::IntOrStr => s(j).map(Value::String),
        Kind::Bool => j.as_bool().map(Value::Bool),
        Kind::Int => j
            .as_number()
            .and_then(|n| Number::parse(&n.to_string()).ok())
            .map(Value::Number),
        Kind::MapStr | Kind::MapBase64 => j.as_object().map(|m| {
            let entries = m
                .iter()
                .filter_map(|(k, v)| {
                    let text = s(v)?;
                    let text = if matches!(f.kind, Kind::MapBase64) {
                        let bytes = base64::engine::general_purpose::STANDARD
                            .decode(text)
                            .ok()?;
                        String::from_utf8(bytes).ok()?
                    } else {
                        text
                    };
                    Some((k.clone(), Value::String(text)))
                })
                .collect();
            Value::Map(Type::String, entries)
        }),
        Kind::ListStr => j.as_array().map(|a| {
            Value::List(
                Type::String,
                a.iter().filter_map(|e| s(e).map(Value::String)).collect(),
            )
        }),
    };
    v.unwrap_or(Value::Null(ty))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::typed::spec::{block, blocks, opt, req};
    use serde_json::json;

    const PORT: &[Field] = &[req("container_port", Kind::Int), opt("name", Kind::Str)];
    const CONTAINER: &[Field] = &[
        req("name", Kind::Str),
        opt("image", Kind::Str),
        blocks("port", PORT, 0).k8s("ports"),
        opt("args", Kind::ListStr),
    ];
    const SPEC: &[Field] = &[
        opt("replicas", Kind::IntAsStr),
        block("selector", &[opt("match_labels", Kind::MapStr)]),
        blocks("container", CONTAINER, 0).k8s("containers"),
        opt("data", Kind::MapBase64),
    ];

    #[test]
    fn round_trip_through_the_object() {
        let k8s = json!({
            "replicas": 2,
            "selector": {"matchLabels": {"app": "web"}},
            "containers": [{"name": "web", "image": "nginx", "ports": [{"containerPort": 80}], "args": ["-v"]}],
            "data": {"k": "aGVsbG8="}
        });
        let tf = to_tf(SPEC, k8s.as_object());
        let attrs = tf.as_entries().cloned().unwrap_or_default();
        assert_eq!(attrs["replicas"], Value::string("2"));
        assert_eq!(
            attrs["data"],
            Value::Map(
                Type::String,
                [("k".to_string(), Value::string("hello"))].into()
            )
        );
        let back = to_k8s(SPEC, &tf, "spec").map(Json::Object);
        assert_eq!(back, Ok(k8s));
    }

    #[test]
    fn absent_fields_are_null_or_empty_and_omitted_again() {
        let tf = to_tf(SPEC, None);
        let attrs = tf.as_entries().cloned().unwrap_or_default();
        assert!(attrs["replicas"].is_null());
        assert_eq!(
            attrs["container"].as_elements().map(<[Value]>::len),
            Some(0)
        );
        assert_eq!(to_k8s(SPEC, &tf, ""), Ok(Map::new()));
    }

    #[test]
    fn conversion_errors_name_the_attribute() {
        let tf = Value::Object([("replicas".to_string(), Value::string("two"))].into());
        assert_eq!(
            to_k8s(SPEC, &tf, "spec[0]"),
            Err("spec[0].replicas must be a whole number".to_string())
        );
    }
}
