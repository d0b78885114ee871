//! Reading attributes out of configuration and state values without
//! panicking on values of an unexpected shape.

use terrace_value::{Type, Value};

static NULL: Value = Value::Null(Type::Dynamic);

/// The attribute `name` of an object, or null.
pub(crate) fn attr<'a>(obj: &'a Value, name: &str) -> &'a Value {
    obj.unmarked()
        .as_entries()
        .and_then(|m| m.get(name))
        .map(Value::unmarked)
        .unwrap_or(&NULL)
}

/// A known string attribute.
pub(crate) fn text(obj: &Value, name: &str) -> Option<String> {
    attr(obj, name).as_str().map(String::from)
}

/// A known bool attribute.
pub(crate) fn flag(obj: &Value, name: &str) -> Option<bool> {
    attr(obj, name).as_bool()
}

/// The first block of a list-nested block (`metadata[0]`), or a single one.
pub(crate) fn first_block<'a>(obj: &'a Value, name: &str) -> Option<&'a Value> {
    let v = attr(obj, name);
    match v.as_elements() {
        Some(items) => items.first().map(Value::unmarked),
        None if !v.is_null() && v.as_entries().is_some() => Some(v),
        None => None,
    }
}

/// The elements of a list attribute or list block.
pub(crate) fn elements<'a>(obj: &'a Value, name: &str) -> &'a [Value] {
    attr(obj, name).as_elements().unwrap_or(&[])
}
