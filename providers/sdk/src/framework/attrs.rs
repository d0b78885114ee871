//! Reading typed attributes out of configuration and state objects, and
//! building state objects, with diagnostics that name the attribute instead
//! of panicking on values of the wrong shape.

use std::collections::BTreeMap;

use terrace_value::{Diagnostic, Diagnostics, Number, Type, Value};

use crate::schema::Block;

static NULL: Value = Value::Null(Type::Dynamic);

/// The attribute `name` of an object, or null when absent.
pub fn attr<'a>(obj: &'a Value, name: &str) -> &'a Value {
    obj.as_entries().and_then(|m| m.get(name)).unwrap_or(&NULL)
}

/// Whether the attribute is set to a known or unknown non-null value.
pub fn is_set(obj: &Value, name: &str) -> bool {
    !attr(obj, name).is_null()
}

fn not_known(name: &str) -> Diagnostics {
    Diagnostic::error(
        format!("Value of {name:?} is not yet known"),
        format!("The attribute {name:?} must be known to carry out this change."),
    )
    .into()
}

/// A diagnostic saying attribute `name` must be `want`.
pub fn invalid(name: &str, want: &str) -> Diagnostics {
    Diagnostic::error(
        format!("Invalid value for {name:?}"),
        format!("The attribute {name:?} must be {want}."),
    )
    .into()
}

/// A string attribute: `None` when null.
pub fn string(obj: &Value, name: &str) -> Result<Option<String>, Diagnostics> {
    match attr(obj, name).unmarked() {
        Value::Null(_) => Ok(None),
        Value::Unknown(_) => Err(not_known(name)),
        Value::String(s) => Ok(Some(s.clone())),
        _ => Err(invalid(name, "a string")),
    }
}

/// A string attribute that must be set.
pub fn required_string(obj: &Value, name: &str) -> Result<String, Diagnostics> {
    string(obj, name)?.ok_or_else(|| invalid(name, "set"))
}

/// A whole-number attribute: `None` when null.
pub fn int(obj: &Value, name: &str) -> Result<Option<i64>, Diagnostics> {
    match attr(obj, name).unmarked() {
        Value::Null(_) => Ok(None),
        Value::Unknown(_) => Err(not_known(name)),
        Value::Number(n) => n
            .to_i64()
            .map(Some)
            .ok_or_else(|| invalid(name, "a whole number between -2^63 and 2^63-1")),
        _ => Err(invalid(name, "a number")),
    }
}

/// A bool attribute: `None` when null.
pub fn boolean(obj: &Value, name: &str) -> Result<Option<bool>, Diagnostics> {
    match attr(obj, name).unmarked() {
        Value::Null(_) => Ok(None),
        Value::Unknown(_) => Err(not_known(name)),
        Value::Bool(b) => Ok(Some(*b)),
        _ => Err(invalid(name, "a bool")),
    }
}

/// A map(string) attribute: `None` when null; null elements are dropped.
pub fn string_map(
    obj: &Value,
    name: &str,
) -> Result<Option<BTreeMap<String, String>>, Diagnostics> {
    let v = attr(obj, name);
    if v.is_null() {
        return Ok(None);
    }
    if !v.is_wholly_known() {
        return Err(not_known(name));
    }
    let entries = v
        .as_entries()
        .ok_or_else(|| invalid(name, "a map of strings"))?;
    let mut out = BTreeMap::new();
    for (k, e) in entries {
        match e.unmarked() {
            Value::Null(_) => {}
            Value::String(s) => {
                out.insert(k.clone(), s.clone());
            }
            _ => return Err(invalid(name, "a map of strings")),
        }
    }
    Ok(Some(out))
}

/// A list(string) or set(string) attribute: `None` when null; null
/// elements are dropped.
pub fn string_list(obj: &Value, name: &str) -> Result<Option<Vec<String>>, Diagnostics> {
    let v = attr(obj, name);
    if v.is_null() {
        return Ok(None);
    }
    if !v.is_wholly_known() {
        return Err(not_known(name));
    }
    let elems = v
        .as_elements()
        .ok_or_else(|| invalid(name, "a list of strings"))?;
    let mut out = Vec::new();
    for e in elems {
        match e.unmarked() {
            Value::Null(_) => {}
            Value::String(s) => out.push(s.clone()),
            _ => return Err(invalid(name, "a list of strings")),
        }
    }
    Ok(Some(out))
}

/// A known number value.
pub fn number(n: i64) -> Value {
    Value::Number(Number::from(n))
}

/// A known map(string) value.
pub fn map_of_strings(entries: BTreeMap<String, String>) -> Value {
    Value::Map(
        Type::String,
        entries
            .into_iter()
            .map(|(k, v)| (k, Value::String(v)))
            .collect(),
    )
}

/// A known set(string) value.
pub fn set_of_strings(items: impl IntoIterator<Item = String>) -> Value {
    Value::set(Type::String, items.into_iter().map(Value::String).collect())
}

/// A known list(string) value.
pub fn list_of_strings(items: impl IntoIterator<Item = String>) -> Value {
    Value::List(Type::String, items.into_iter().map(Value::String).collect())
}

/// A string value, or a null string.
pub fn opt_string(s: Option<String>) -> Value {
    s.map_or(Value::Null(Type::String), Value::String)
}

/// An object of `block`'s type with the given attributes set and every
/// other attribute (and nested block) null.
pub fn object<K: Into<String>>(block: &Block, set: impl IntoIterator<Item = (K, Value)>) -> Value {
    let mut m: BTreeMap<String, Value> = BTreeMap::new();
    if let Type::Object(ot) = block.value_type() {
        for (k, t) in ot.attrs {
            m.insert(k, Value::Null(t));
        }
    }
    for (k, v) in set {
        m.insert(k.into(), v);
    }
    Value::Object(m)
}

/// `obj` with attribute `name` replaced by `value`.
pub fn with(obj: &Value, name: &str, value: Value) -> Value {
    let mut m = obj.as_entries().cloned().unwrap_or_default();
    m.insert(name.to_string(), value);
    Value::Object(m)
}

/// A string attribute that is `None` when null or not yet known, for a
/// create where the server picks what the configuration left open.
pub fn known_string(obj: &Value, name: &str) -> Result<Option<String>, Diagnostics> {
    if !attr(obj, name).is_known() {
        return Ok(None);
    }
    string(obj, name)
}
