//! Terraform's conversion rules: the implicit conversions the language makes
//! when a value meets a type constraint (`"1"` to a number, a tuple to a list,
//! an object to a map or to an object type with optional attributes).

use std::collections::BTreeMap;

use crate::{unify, Number, Path, PathStep, Type, Value};

/// A value that cannot be converted to the wanted type.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{}{message}", if path.is_root() { String::new() } else { format!("{}: ", describe(path)) })]
pub struct ConversionError {
    /// Where inside the value the conversion failed.
    pub path: Path,
    /// What was wrong, in Terraform's words ("string required").
    pub message: String,
}

fn describe(path: &Path) -> String {
    match path.0.last() {
        Some(PathStep::Attr(a)) => format!("attribute {a:?}"),
        Some(PathStep::Key(k)) => format!("element {k:?}"),
        Some(PathStep::Index(i)) => format!("element {i}"),
        None => String::new(),
    }
}

/// Converts `value` to `want`, keeping marks where they are.
pub fn convert(value: &Value, want: &Type) -> Result<Value, ConversionError> {
    conv(value.clone(), want, &Path::root())
}

fn fail(path: &Path, message: impl Into<String>) -> ConversionError {
    ConversionError {
        path: path.clone(),
        message: message.into(),
    }
}

fn required(want: &Type) -> String {
    match want {
        Type::Object(_) => "object required".into(),
        Type::Tuple(_) => "tuple required".into(),
        t => format!("{} required", t.friendly_name()),
    }
}

fn conv(value: Value, want: &Type, path: &Path) -> Result<Value, ConversionError> {
    if let Value::Marked(inner, marks) = value {
        return Ok(conv(*inner, want, path)?.mark(marks));
    }
    if *want == Type::Dynamic {
        return Ok(value);
    }
    match value {
        Value::Null(t) => {
            type_convertible(&t, want, path)?;
            return Ok(Value::Null(want.without_optional_attrs()));
        }
        Value::Unknown(t) => {
            type_convertible(&t, want, path)?;
            return Ok(Value::Unknown(want.without_optional_attrs()));
        }
        _ => {}
    }
    match want {
        Type::Dynamic => Ok(value),
        Type::String => match value {
            Value::String(_) => Ok(value),
            Value::Number(n) => Ok(Value::String(n.to_string())),
            Value::Bool(b) => Ok(Value::String(b.to_string())),
            _ => Err(fail(path, required(want))),
        },
        Type::Number => match value {
            Value::Number(_) => Ok(value),
            Value::String(s) => Number::parse(&s)
                .map(Value::Number)
                .map_err(|_| fail(path, "a number is required")),
            _ => Err(fail(path, required(want))),
        },
        Type::Bool => match value {
            Value::Bool(_) => Ok(value),
            Value::String(s) => match s.as_str() {
                "true" => Ok(Value::Bool(true)),
                "false" => Ok(Value::Bool(false)),
                _ => Err(fail(path, "a bool is required")),
            },
            _ => Err(fail(path, required(want))),
        },
        Type::List(et) | Type::Set(et) => {
            let elems = match value {
                Value::List(_, vs) | Value::Set(_, vs) | Value::Tuple(vs) => vs,
                _ => return Err(fail(path, required(want))),
            };
            let et = element_target(et, elems.iter(), path, "list")?;
            let mut out = Vec::with_capacity(elems.len());
            for (i, v) in elems.into_iter().enumerate() {
                out.push(conv(v, &et, &path.child(PathStep::Index(i as u64)))?);
            }
            let et = et.without_optional_attrs();
            Ok(match want {
                Type::Set(_) => Value::set(et, out),
                _ => Value::List(et, out),
            })
        }
        Type::Map(et) => {
            let entries = match value {
                Value::Map(_, m) | Value::Object(m) => m,
                _ => return Err(fail(path, required(want))),
            };
            let et = element_target(et, entries.values(), path, "map")?;
            let mut out = BTreeMap::new();
            for (k, v) in entries {
                let converted = conv(v, &et, &path.child(PathStep::Key(k.clone())))?;
                out.insert(k, converted);
            }
            Ok(Value::Map(et.without_optional_attrs(), out))
        }
        Type::Tuple(ts) => {
            let elems = match value {
                Value::Tuple(vs) | Value::List(_, vs) => vs,
                _ => return Err(fail(path, required(want))),
            };
            if elems.len() != ts.len() {
                return Err(fail(
                    path,
                    format!("tuple required with exactly {} elements", ts.len()),
                ));
            }
            let mut out = Vec::with_capacity(elems.len());
            for (i, (v, t)) in elems.into_iter().zip(ts).enumerate() {
                out.push(conv(v, t, &path.child(PathStep::Index(i as u64)))?);
            }
            Ok(Value::Tuple(out))
        }
        Type::Object(ot) => {
            let mut entries = match value {
                Value::Object(m) | Value::Map(_, m) => m,
                _ => return Err(fail(path, required(want))),
            };
            let mut out = BTreeMap::new();
            for (name, t) in &ot.attrs {
                let attr_path = path.child(PathStep::Attr(name.clone()));
                match entries.remove(name) {
                    Some(v) => {
                        out.insert(name.clone(), conv(v, t, &attr_path)?);
                    }
                    None if ot.optional.contains(name) => {
                        out.insert(name.clone(), Value::Null(t.without_optional_attrs()));
                    }
                    None => {
                        return Err(fail(path, format!("attribute {name:?} is required")));
                    }
                }
            }
            Ok(Value::Object(out))
        }
    }
}

/// The element type a collection conversion aims at: the wanted one, or, for
/// `any`, the type the elements unify to.
fn element_target<'a>(
    want: &Type,
    elems: impl Iterator<Item = &'a Value>,
    path: &Path,
    kind: &str,
) -> Result<Type, ConversionError> {
    if *want != Type::Dynamic {
        return Ok(want.clone());
    }
    // An untyped null converts to anything, so it does not decide the type.
    let types: Vec<Type> = elems
        .filter(|v| !matches!(v.unmarked(), Value::Null(Type::Dynamic)))
        .map(Value::ty)
        .collect();
    unify(&types).ok_or_else(|| fail(path, format!("all {kind} elements must have the same type")))
}

/// Checks that a value of type `have` could be converted to `want`, for nulls
/// and unknowns whose content cannot be checked.
fn type_convertible(have: &Type, want: &Type, path: &Path) -> Result<(), ConversionError> {
    let ok = match (have, want) {
        (Type::Dynamic, _) | (_, Type::Dynamic) => true,
        (a, b) if a == b => true,
        (a, b) if a.is_primitive() && b.is_primitive() => !matches!(
            (a, b),
            (Type::Number, Type::Bool) | (Type::Bool, Type::Number)
        ),
        (Type::List(_) | Type::Set(_) | Type::Tuple(_), Type::List(_) | Type::Set(_)) => true,
        (Type::List(_) | Type::Tuple(_), Type::Tuple(_)) => true,
        (Type::Map(_) | Type::Object(_), Type::Map(_) | Type::Object(_)) => true,
        _ => false,
    };
    if ok {
        Ok(())
    } else {
        Err(fail(path, required(want)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn primitives() {
        assert_eq!(
            convert(&Value::from(1), &Type::String).unwrap(),
            Value::from("1")
        );
        assert_eq!(
            convert(&Value::from("2"), &Type::Number).unwrap(),
            Value::from(2)
        );
        assert!(convert(&Value::from("x"), &Type::Number).is_err());
        assert!(convert(&Value::Bool(true), &Type::Number).is_err());
    }

    #[test]
    fn tuple_to_list_unifies() {
        let t = Value::Tuple(vec![Value::from(1), Value::from("a")]);
        let l = convert(&t, &Type::list(Type::Dynamic)).unwrap();
        assert_eq!(l.ty(), Type::list(Type::String));
    }

    #[test]
    fn optional_attributes() {
        let mut ot = crate::ObjectType::default();
        ot.attrs.insert("a".into(), Type::String);
        ot.attrs.insert("b".into(), Type::Number);
        ot.optional.insert("b".into());
        let v = Value::Object([("a".to_string(), Value::from("x"))].into());
        let got = convert(&v, &Type::Object(ot)).unwrap();
        assert_eq!(got.as_entries().unwrap()["b"], Value::Null(Type::Number));
    }

    #[test]
    fn converted_values_have_concrete_types() {
        // A map of objects with optional attributes holds plain objects, as
        // in cty: the markers belong to the constraint, not to the value.
        let mut inner = crate::ObjectType::default();
        inner.attrs.insert("n".into(), Type::Number);
        inner.optional.insert("n".into());
        let mut ot = crate::ObjectType::default();
        ot.attrs.insert("a".into(), Type::String);
        ot.attrs.insert("o".into(), Type::Object(inner.clone()));
        ot.optional.insert("o".into());
        let v = Value::Object([("a".to_string(), Value::from("x"))].into());
        let m = Value::Object([("k".to_string(), v)].into());
        let got = convert(&m, &Type::map(Type::Object(ot))).unwrap();
        let concrete = Type::object(
            [
                ("a".to_string(), Type::String),
                (
                    "o".to_string(),
                    Type::object([("n".to_string(), Type::Number)].into()),
                ),
            ]
            .into(),
        );
        assert_eq!(got.ty(), Type::map(concrete.clone()));
        let null = convert(&Value::Null(Type::Dynamic), &Type::Object(inner)).unwrap();
        assert_eq!(
            null.ty(),
            Type::object([("n".to_string(), Type::Number)].into())
        );
    }

    #[test]
    fn marks_survive() {
        let v = Value::from(1).sensitive();
        assert!(convert(&v, &Type::String).unwrap().is_sensitive());
    }
}
