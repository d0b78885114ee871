//! Reading typed attributes out of configuration and state objects, and
//! building state objects, with diagnostics that name the attribute instead
//! of panicking on values of the wrong shape. The readers every provider
//! shares come from the SDK's framework; these are the AWS-specific ones.

use std::collections::BTreeMap;

use terrace_provider_sdk::{Diagnostic, Diagnostics, Type, Value};
use terrace_value::Number;

pub(crate) use terrace_provider_sdk::framework::{
    attr, boolean, int, invalid, number, string, with,
};

fn not_known(name: &str) -> Diagnostics {
    Diagnostic::error(
        format!("Value of {name:?} is not yet known"),
        format!("The attribute {name:?} must be known to carry out this change."),
    )
    .into()
}

/// A map(string) attribute: `None` when null; null elements are kept as
/// `None` so callers can decide what they mean.
pub(crate) fn string_map(
    obj: &Value,
    name: &str,
) -> Result<Option<BTreeMap<String, Option<String>>>, Diagnostics> {
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
        let s = match e.unmarked() {
            Value::Null(_) => None,
            Value::String(s) => Some(s.clone()),
            _ => return Err(invalid(name, "a map of strings")),
        };
        out.insert(k.clone(), s);
    }
    Ok(Some(out))
}

/// A list(string) attribute: `None` when null; null elements kept as `None`.
pub(crate) fn string_list(
    obj: &Value,
    name: &str,
) -> Result<Option<Vec<Option<String>>>, Diagnostics> {
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
    elems
        .iter()
        .map(|e| match e.unmarked() {
            Value::Null(_) => Ok(None),
            Value::String(s) => Ok(Some(s.clone())),
            _ => Err(invalid(name, "a list of strings")),
        })
        .collect::<Result<Vec<_>, _>>()
        .map(Some)
}

/// `obj` with each of `values` set.
pub(crate) fn with_all(
    obj: &Value,
    values: impl IntoIterator<Item = (&'static str, Value)>,
) -> Value {
    values
        .into_iter()
        .fold(obj.clone(), |acc, (k, v)| with(&acc, k, v))
}

/// A string or null.
pub(crate) fn opt_str(s: Option<&str>) -> Value {
    s.map_or(Value::Null(Type::String), Value::string)
}

/// A whole number or null.
pub(crate) fn opt_int(n: Option<i64>) -> Value {
    n.map_or(Value::Null(Type::Number), number)
}

/// A bool or null.
pub(crate) fn opt_bool(b: Option<bool>) -> Value {
    b.map_or(Value::Null(Type::Bool), Value::Bool)
}

/// A float, as exactly as it converts; null when not finite.
pub(crate) fn float(f: f64) -> Value {
    match Number::from_f64(f) {
        Ok(n) => Value::Number(n),
        Err(_) => Value::Null(Type::Number),
    }
}

/// A number attribute as a float: `None` when null.
pub(crate) fn float_attr(obj: &Value, name: &str) -> Result<Option<f64>, Diagnostics> {
    match attr(obj, name).unmarked() {
        Value::Null(_) => Ok(None),
        Value::Unknown(_) => Err(not_known(name)),
        Value::Number(n) => Ok(Some(n.to_f64())),
        _ => Err(invalid(name, "a number")),
    }
}

/// A set of strings.
pub(crate) fn string_set<S: AsRef<str>>(items: impl IntoIterator<Item = S>) -> Value {
    Value::set(
        Type::String,
        items
            .into_iter()
            .map(|s| Value::string(s.as_ref()))
            .collect(),
    )
}

/// A list of strings.
#[cfg(test)]
pub(crate) fn string_list_value<S: AsRef<str>>(items: impl IntoIterator<Item = S>) -> Value {
    Value::List(
        Type::String,
        items
            .into_iter()
            .map(|s| Value::string(s.as_ref()))
            .collect(),
    )
}

/// A string attribute, `None` when null or empty: for an attribute whose
/// default is `""`, as the Terraform provider stores an unset one.
pub(crate) fn non_empty(obj: &Value, name: &str) -> Result<Option<String>, Diagnostics> {
    Ok(string(obj, name)?.filter(|s| !s.is_empty()))
}

/// A required string attribute.
pub(crate) fn req_string(obj: &Value, name: &str) -> Result<String, Diagnostics> {
    string(obj, name)?.ok_or_else(|| {
        Diagnostic::error(
            format!("Missing value for {name:?}"),
            format!("The attribute {name:?} must be set."),
        )
        .into()
    })
}

/// The non-null strings of a list or set attribute.
pub(crate) fn strings(obj: &Value, name: &str) -> Result<Vec<String>, Diagnostics> {
    Ok(string_list(obj, name)?
        .unwrap_or_default()
        .into_iter()
        .flatten()
        .collect())
}

/// The non-null entries of a map(string) attribute.
pub(crate) fn tag_map(obj: &Value, name: &str) -> Result<BTreeMap<String, String>, Diagnostics> {
    Ok(string_map(obj, name)?
        .unwrap_or_default()
        .into_iter()
        .filter_map(|(k, v)| v.map(|v| (k, v)))
        .collect())
}

/// A map(string) of these entries.
pub(crate) fn tags_value<K: Into<String>, V: Into<String>>(
    entries: impl IntoIterator<Item = (K, V)>,
) -> Value {
    Value::Map(
        Type::String,
        entries
            .into_iter()
            .map(|(k, v)| (k.into(), Value::String(v.into())))
            .collect(),
    )
}

/// The elements of a nested block list or set (empty when null).
pub(crate) fn blocks<'a>(obj: &'a Value, name: &str) -> &'a [Value] {
    attr(obj, name).as_elements().unwrap_or(&[])
}
