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

/// The value at `path`, or `None` when it does not reach that far.
fn value_at<'a>(v: &'a Value, path: &terrace_value::Path) -> Option<&'a Value> {
    path.0
        .iter()
        .try_fold(v.unmarked(), |cur, step| match step {
            terrace_value::PathStep::Attr(n) | terrace_value::PathStep::Key(n) => {
                cur.as_entries().and_then(|m| m.get(n)).map(Value::unmarked)
            }
            terrace_value::PathStep::Index(i) => usize::try_from(*i)
                .ok()
                .and_then(|i| cur.as_elements().and_then(|e| e.get(i)))
                .map(Value::unmarked),
        })
}

/// The paths among `candidates` whose values differ between `prior` and
/// `planned` (unknown counts as different), as replacement paths must.
pub(crate) fn changed_paths(
    prior: &Value,
    planned: &Value,
    candidates: Vec<terrace_value::Path>,
) -> Vec<terrace_value::Path> {
    candidates
        .into_iter()
        .filter(|p| match (value_at(prior, p), value_at(planned, p)) {
            (Some(a), Some(b)) => {
                let both_null = a.is_null() && b.is_null();
                !both_null && (!a.is_wholly_known() || !b.is_wholly_known() || !a.same_as(b))
            }
            (None, None) => false,
            (Some(a), None) | (None, Some(a)) => !a.is_null(),
        })
        .collect()
}
