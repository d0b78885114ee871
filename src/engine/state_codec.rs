//! Between values and the state's records: attributes as Terraform's JSON,
//! sensitive marks as `sensitive_attributes` paths, and back.

use serde_json::{json, Value as Json};
use terrace_value::{
    type_from_json, value_from_json, value_to_json, Marks, Path, PathStep, Type, Value,
};

/// The paths of every marked part of `v`.
pub fn marked_paths(v: &Value) -> Vec<Path> {
    let mut out = Vec::new();
    walk(v, &Path::root(), &mut out);
    out
}

fn walk(v: &Value, at: &Path, out: &mut Vec<Path>) {
    if let Value::Marked(inner, m) = v {
        if m.is_sensitive() {
            out.push(at.clone());
            return;
        }
        return walk(inner, at, out);
    }
    match v {
        Value::List(_, vs) | Value::Tuple(vs) => {
            for (i, x) in vs.iter().enumerate() {
                walk(x, &at.child(PathStep::Index(i as u64)), out);
            }
        }
        Value::Set(_, vs) if vs.iter().any(Value::has_marks_deep) => out.push(at.clone()),
        Value::Map(_, m) => {
            for (k, x) in m {
                walk(x, &at.child(PathStep::Key(k.clone())), out);
            }
        }
        Value::Object(m) => {
            for (k, x) in m {
                walk(x, &at.attr(k), out);
            }
        }
        _ => {}
    }
}

/// `v` with the parts at `paths` marked sensitive.
pub fn mark_paths(v: Value, paths: &[Path]) -> Value {
    paths.iter().fold(v, |v, p| mark_at(v, &p.0))
}

fn mark_at(v: Value, steps: &[PathStep]) -> Value {
    let Some((first, rest)) = steps.split_first() else {
        return v.sensitive();
    };
    let (v, marks) = v.unmark();
    let out = match (v, first) {
        (Value::Object(mut m), PathStep::Attr(a)) => {
            if let Some(x) = m.remove(a) {
                m.insert(a.clone(), mark_at(x, rest));
            }
            Value::Object(m)
        }
        (Value::Map(t, mut m), PathStep::Key(k) | PathStep::Attr(k)) => {
            if let Some(x) = m.remove(k) {
                m.insert(k.clone(), mark_at(x, rest));
            }
            Value::Map(t, m)
        }
        (Value::List(t, mut vs), PathStep::Index(i)) => {
            if let Some(x) = vs.get_mut(*i as usize) {
                *x = mark_at(std::mem::replace(x, Value::null()), rest);
            }
            Value::List(t, vs)
        }
        (Value::Tuple(mut vs), PathStep::Index(i)) => {
            if let Some(x) = vs.get_mut(*i as usize) {
                *x = mark_at(std::mem::replace(x, Value::null()), rest);
            }
            Value::Tuple(vs)
        }
        (other, _) => other,
    };
    out.mark(marks)
}

/// Terraform's `sensitive_attributes` JSON for these paths.
pub fn paths_to_json(paths: &[Path]) -> Json {
    Json::Array(
        paths
            .iter()
            .map(|p| {
                Json::Array(
                    p.0.iter()
                        .map(|s| match s {
                            PathStep::Attr(a) => json!({"type": "get_attr", "value": a}),
                            PathStep::Key(k) => {
                                json!({"type": "index", "value": {"value": k, "type": "string"}})
                            }
                            PathStep::Index(i) => {
                                json!({"type": "index", "value": {"value": i, "type": "number"}})
                            }
                        })
                        .collect(),
                )
            })
            .collect(),
    )
}

/// Paths from Terraform's `sensitive_attributes` JSON.
pub fn paths_from_json(j: &Json) -> Vec<Path> {
    let Some(items) = j.as_array() else {
        return Vec::new();
    };
    items
        .iter()
        .filter_map(|p| {
            let steps = p.as_array()?;
            let mut path = Path::root();
            for s in steps {
                let step = match (s["type"].as_str(), &s["value"]) {
                    (Some("get_attr"), Json::String(a)) => PathStep::Attr(a.clone()),
                    (Some("index"), v) => match (&v["type"], &v["value"]) {
                        (_, Json::String(k)) => PathStep::Key(k.clone()),
                        (_, Json::Number(n)) => PathStep::Index(n.as_u64()?),
                        _ => return None,
                    },
                    _ => return None,
                };
                path = path.child(step);
            }
            Some(path)
        })
        .collect()
}

/// A stored object as a value of `ty`, with its sensitive parts marked.
pub fn decode(attributes: &Json, sensitive: &Json, ty: &Type) -> Result<Value, String> {
    let v = from_json_typed(attributes, ty)?;
    Ok(mark_paths(v, &paths_from_json(sensitive)))
}

/// A wholly known value of schema type `ty` as stored attributes and
/// sensitive paths.
pub fn encode(v: &Value, ty: &Type) -> Result<(Json, Json), String> {
    let paths = marked_paths(v);
    let (plain, _) = v.clone().unmark_deep();
    let attrs = to_json_typed(&plain, ty)?;
    Ok((attrs, paths_to_json(&paths)))
}

/// Where the schema says `any`, Terraform stores `{"value": ..., "type": ...}`
/// so that a list stays a list and not a tuple; elsewhere the schema's type
/// is enough.
fn to_json_typed(v: &Value, ty: &Type) -> Result<Json, String> {
    if !ty.has_dynamic() || v.is_null() {
        return value_to_json(v).map_err(|e| e.to_string());
    }
    match (ty, v) {
        (Type::Dynamic, v) => Ok(
            json!({"value": value_to_json(v).map_err(|e| e.to_string())?, "type": terrace_value::type_to_json(&v.ty())}),
        ),
        (Type::Object(ot), Value::Object(m)) => {
            let mut out = serde_json::Map::new();
            for (k, x) in m {
                let t = ot.attrs.get(k).cloned().unwrap_or(Type::Dynamic);
                out.insert(k.clone(), to_json_typed(x, &t)?);
            }
            Ok(Json::Object(out))
        }
        (Type::List(e) | Type::Set(e), Value::List(_, vs) | Value::Set(_, vs)) => Ok(Json::Array(
            vs.iter()
                .map(|x| to_json_typed(x, e))
                .collect::<Result<_, _>>()?,
        )),
        (Type::Map(e), Value::Map(_, m)) => Ok(Json::Object(
            m.iter()
                .map(|(k, x)| Ok((k.clone(), to_json_typed(x, e)?)))
                .collect::<Result<_, String>>()?,
        )),
        (Type::Tuple(ts), Value::Tuple(vs)) => Ok(Json::Array(
            vs.iter()
                .zip(ts)
                .map(|(x, t)| to_json_typed(x, t))
                .collect::<Result<_, _>>()?,
        )),
        (_, v) => value_to_json(v).map_err(|e| e.to_string()),
    }
}

fn from_json_typed(j: &Json, ty: &Type) -> Result<Value, String> {
    if !ty.has_dynamic() || j.is_null() {
        return value_from_json(j, ty).map_err(|e| e.to_string());
    }
    match ty {
        Type::Dynamic => match j.as_object() {
            Some(o) if o.len() == 2 && o.contains_key("value") && o.contains_key("type") => {
                let t = type_from_json(&o["type"]).map_err(|e| e.to_string())?;
                value_from_json(&o["value"], &t).map_err(|e| e.to_string())
            }
            _ => value_from_json(j, ty).map_err(|e| e.to_string()),
        },
        Type::Object(ot) => {
            let obj = j.as_object().ok_or("object required")?;
            let mut out = std::collections::BTreeMap::new();
            for (k, t) in &ot.attrs {
                let v = match obj.get(k) {
                    Some(x) => from_json_typed(x, t)?,
                    None => Value::Null(t.clone()),
                };
                out.insert(k.clone(), v);
            }
            Ok(Value::Object(out))
        }
        Type::List(e) | Type::Set(e) => {
            let items = j.as_array().ok_or("array required")?;
            let vs = items
                .iter()
                .map(|x| from_json_typed(x, e))
                .collect::<Result<Vec<_>, _>>()?;
            Ok(if matches!(ty, Type::Set(_)) {
                Value::set((**e).clone(), vs)
            } else {
                Value::List((**e).clone(), vs)
            })
        }
        Type::Map(e) => {
            let obj = j.as_object().ok_or("object required")?;
            Ok(Value::Map(
                (**e).clone(),
                obj.iter()
                    .map(|(k, x)| Ok((k.clone(), from_json_typed(x, e)?)))
                    .collect::<Result<_, String>>()?,
            ))
        }
        Type::Tuple(ts) => {
            let items = j.as_array().ok_or("array required")?;
            Ok(Value::Tuple(
                items
                    .iter()
                    .zip(ts)
                    .map(|(x, t)| from_json_typed(x, t))
                    .collect::<Result<_, _>>()?,
            ))
        }
        _ => value_from_json(j, ty).map_err(|e| e.to_string()),
    }
}

/// Marks the attributes a schema declares sensitive.
pub fn mark_schema_sensitive(v: Value, block: &terrace_provider_sdk::Block) -> Value {
    let paths: Vec<Path> = block
        .attributes
        .iter()
        .filter(|(_, a)| a.sensitive)
        .map(|(n, _)| Path::root().attr(n))
        .collect();
    mark_paths(v, &paths)
}

/// A type from its JSON form, for callers holding stored types.
pub fn type_of(j: &Json) -> Type {
    type_from_json(j).unwrap_or(Type::Dynamic)
}

/// Whether a value carries the sensitive mark anywhere.
pub fn any_sensitive(v: &Value) -> bool {
    !marked_paths(v).is_empty() || v.marks().contains(Marks::SENSITIVE)
}
