//! Value equality as Terraform's functions see it (cty's `Equals`): types
//! must match, numbers compare by value, and unknowns leave the answer open
//! unless the types already rule equality out.

use terrace_value::{Type, Value};

/// cty's `Equals`: `None` while unknowns leave the answer open.
pub(super) fn equal(a: &Value, b: &Value) -> Option<bool> {
    let (a, b) = (a.unmarked(), b.unmarked());
    match (a.is_known(), b.is_known()) {
        (false, false) => return None,
        (true, false) => return known_vs_unknown(a, b),
        (false, true) => return known_vs_unknown(b, a),
        (true, true) => {}
    }
    if a.is_null() || b.is_null() {
        return Some(a.is_null() && b.is_null());
    }
    let (ta, tb) = (a.ty(), b.ty());
    if has_untyped_unknown(a) || has_untyped_unknown(b) {
        if !conforms(&ta, &tb) && !conforms(&tb, &ta) {
            return Some(false);
        }
        return None;
    }
    if ta != tb {
        return Some(false);
    }
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => Some(x == y),
        (Value::Set(_, xs), Value::Set(_, ys)) => {
            if !a.is_wholly_known() || !b.is_wholly_known() {
                return None;
            }
            Some(xs.len() == ys.len() && xs.iter().zip(ys).all(|(x, y)| x.same_as(y)))
        }
        (Value::List(_, xs), Value::List(_, ys)) | (Value::Tuple(xs), Value::Tuple(ys)) => {
            if xs.len() != ys.len() {
                return Some(false);
            }
            all_equal(xs.iter().zip(ys))
        }
        (Value::Map(_, xs), Value::Map(_, ys)) | (Value::Object(xs), Value::Object(ys)) => {
            if xs.len() != ys.len() || xs.keys().ne(ys.keys()) {
                return Some(false);
            }
            all_equal(xs.values().zip(ys.values()))
        }
        (x, y) => Some(x == y),
    }
}

fn all_equal<'a>(pairs: impl Iterator<Item = (&'a Value, &'a Value)>) -> Option<bool> {
    for (x, y) in pairs {
        match equal(x, y) {
            None => return None,
            Some(false) => return Some(false),
            Some(true) => {}
        }
    }
    Some(true)
}

fn known_vs_unknown(known: &Value, unknown: &Value) -> Option<bool> {
    let ut = unknown.ty();
    if known.is_null() || ut.has_dynamic() || known.ty() == ut {
        None
    } else {
        Some(false)
    }
}

/// Whether an unknown of unknown type hides somewhere in a known value.
fn has_untyped_unknown(v: &Value) -> bool {
    match v.unmarked() {
        Value::Unknown(t) => *t == Type::Dynamic,
        Value::List(_, vs) | Value::Set(_, vs) | Value::Tuple(vs) => {
            vs.iter().any(has_untyped_unknown)
        }
        Value::Map(_, m) | Value::Object(m) => m.values().any(has_untyped_unknown),
        _ => false,
    }
}

/// Whether a value of type `have` could turn out to be of type `want` once
/// the `any` parts of `want` are known.
fn conforms(have: &Type, want: &Type) -> bool {
    match (have, want) {
        (_, Type::Dynamic) => true,
        (Type::List(a), Type::List(b))
        | (Type::Set(a), Type::Set(b))
        | (Type::Map(a), Type::Map(b)) => conforms(a, b),
        (Type::Tuple(a), Type::Tuple(b)) => {
            a.len() == b.len() && a.iter().zip(b).all(|(x, y)| conforms(x, y))
        }
        (Type::Object(a), Type::Object(b)) => {
            a.attrs.len() == b.attrs.len()
                && a.attrs
                    .iter()
                    .zip(&b.attrs)
                    .all(|((ka, ta), (kb, tb))| ka == kb && conforms(ta, tb))
        }
        (a, b) => a == b,
    }
}
