//! The conversion functions of Terraform's library: explicit conversions to a
//! type (`tostring`, `tolist`, ...) with messages written for an explicit
//! request rather than for an implicit one, and the functions that add,
//! remove or test the sensitive mark.

use terrace_value::{convert, unify, Marks, Type, Value};

use super::{FuncContext, FuncError, Function, Param};

/// The functions of this group.
pub fn functions() -> Vec<Function> {
    let to = |name, ty: Type, imp| {
        let v = Param::new("v", Type::Dynamic)
            .nullable()
            .unknowns()
            .marked();
        Function::new(name, vec![v], ty, imp)
    };
    let marked = || {
        Param::new("value", Type::Dynamic)
            .nullable()
            .unknowns()
            .marked()
    };
    vec![
        to("tobool", Type::Bool, tobool),
        to("tonumber", Type::Number, tonumber),
        to("tostring", Type::String, tostring),
        to("tolist", Type::list(Type::Dynamic), tolist),
        to("toset", Type::set(Type::Dynamic), toset),
        to("tomap", Type::map(Type::Dynamic), tomap),
        Function::new("sensitive", vec![marked()], Type::Dynamic, sensitive),
        Function::new("nonsensitive", vec![marked()], Type::Dynamic, nonsensitive),
        Function::new("issensitive", vec![marked()], Type::Bool, issensitive),
        Function::new(
            "ephemeralasnull",
            vec![marked()],
            Type::Dynamic,
            ephemeralasnull,
        ),
    ]
}

/// `ephemeralasnull`: the value with every ephemeral part replaced by a null
/// of its type, so it may be stored.
fn ephemeralasnull(_: &FuncContext<'_>, args: &[Value]) -> Result<Value, FuncError> {
    fn strip(v: &Value) -> Value {
        match v {
            Value::Marked(inner, m) if m.contains(Marks::EPHEMERAL) => Value::Null(inner.ty()),
            Value::Marked(inner, m) => strip(inner).mark(*m),
            Value::List(t, vs) => Value::List(t.clone(), vs.iter().map(strip).collect()),
            Value::Set(t, vs) => Value::set(t.clone(), vs.iter().map(strip).collect()),
            Value::Tuple(vs) => Value::Tuple(vs.iter().map(strip).collect()),
            Value::Map(t, m) => Value::Map(
                t.clone(),
                m.iter().map(|(k, v)| (k.clone(), strip(v))).collect(),
            ),
            Value::Object(m) => {
                Value::Object(m.iter().map(|(k, v)| (k.clone(), strip(v))).collect())
            }
            other => other.clone(),
        }
    }
    Ok(strip(&args[0]))
}

fn tobool(_: &FuncContext<'_>, args: &[Value]) -> Result<Value, FuncError> {
    // Terraform's conversion also reads "1" and "0" as bools.
    match args[0].as_str() {
        Some("1") => Ok(Value::Bool(true).mark(args[0].marks())),
        Some("0") => Ok(Value::Bool(false).mark(args[0].marks())),
        _ => convert_to(&args[0], &Type::Bool),
    }
}

fn tonumber(_: &FuncContext<'_>, args: &[Value]) -> Result<Value, FuncError> {
    convert_to(&args[0], &Type::Number)
}

fn tostring(_: &FuncContext<'_>, args: &[Value]) -> Result<Value, FuncError> {
    convert_to(&args[0], &Type::String)
}

fn tolist(_: &FuncContext<'_>, args: &[Value]) -> Result<Value, FuncError> {
    convert_to(&args[0], &Type::list(Type::Dynamic))
}

fn toset(_: &FuncContext<'_>, args: &[Value]) -> Result<Value, FuncError> {
    convert_to(&args[0], &Type::set(Type::Dynamic))
}

fn tomap(_: &FuncContext<'_>, args: &[Value]) -> Result<Value, FuncError> {
    convert_to(&args[0], &Type::map(Type::Dynamic))
}

/// Converts `v` to `want`, first checking, as Terraform does, that the types
/// allow it at all, so an unknown of the wrong type is an error too.
fn convert_to(v: &Value, want: &Type) -> Result<Value, FuncError> {
    let have = v.ty();
    if !conversion_exists(&have, want) {
        return Err(cannot(&have, want));
    }
    if fits(&have, want) {
        // Already a collection of the wanted kind: keep its element type,
        // which an empty collection could not otherwise tell.
        return Ok(v.clone());
    }
    if !v.is_known() {
        return Ok(Value::Unknown(want.clone()).mark(v.marks()));
    }
    convert(v, want).map_err(|_| {
        let (plain, marks) = v.clone().unmark_deep();
        match (&have, want, plain.as_str()) {
            _ if marks.is_sensitive() => FuncError::arg(
                0,
                format!(
                    "cannot convert this sensitive {} to {}",
                    have.friendly_name(),
                    wanted(want)
                ),
            ),
            (Type::String, Type::Bool, Some(s)) => FuncError::arg(
                0,
                format!(
                    "cannot convert {} to bool; only the strings \"true\" or \"false\" are allowed",
                    go_quote(s)
                ),
            ),
            (Type::String, Type::Number, Some(s)) => FuncError::arg(
                0,
                format!(
                    "cannot convert {} to number; given string must be a decimal \
                     representation of a number",
                    go_quote(s)
                ),
            ),
            _ => cannot(&have, want),
        }
    })
}

fn cannot(have: &Type, want: &Type) -> FuncError {
    FuncError::arg(
        0,
        format!(
            "cannot convert {} to {}",
            have.friendly_name(),
            wanted(want)
        ),
    )
}

/// How a type constraint reads in a message: `any` element types are "any
/// single type".
fn wanted(t: &Type) -> String {
    match t {
        Type::Dynamic => "any single type".into(),
        Type::List(e) => format!("list of {}", wanted(e)),
        Type::Set(e) => format!("set of {}", wanted(e)),
        Type::Map(e) => format!("map of {}", wanted(e)),
        t => t.friendly_name(),
    }
}

/// Whether values of type `have` may convert to `want` (it can still fail for
/// a particular value, like the string "a" to a number).
fn conversion_exists(have: &Type, want: &Type) -> bool {
    match (have, want) {
        (_, Type::Dynamic) | (Type::Dynamic, _) => true,
        (a, b) if a == b => true,
        (a, b) if a.is_primitive() && b.is_primitive() => !matches!(
            (a, b),
            (Type::Number, Type::Bool) | (Type::Bool, Type::Number)
        ),
        (Type::List(a) | Type::Set(a), Type::List(b) | Type::Set(b)) => conversion_exists(a, b),
        (Type::Map(a), Type::Map(b)) => conversion_exists(a, b),
        (Type::Tuple(ts), Type::List(b) | Type::Set(b)) => elements_convert(ts, b),
        (Type::Object(o), Type::Map(b)) => {
            elements_convert(&o.attrs.values().cloned().collect::<Vec<_>>(), b)
        }
        _ => false,
    }
}

/// Whether `have` already is `want`, reading `any` in `want` as any type.
fn fits(have: &Type, want: &Type) -> bool {
    match (have, want) {
        (_, Type::Dynamic) => true,
        (Type::List(a), Type::List(b))
        | (Type::Set(a), Type::Set(b))
        | (Type::Map(a), Type::Map(b)) => fits(a, b),
        (a, b) => a == b,
    }
}

/// Whether a structure's element types can all become one element type:
/// the wanted one, or the one they unify to.
fn elements_convert(types: &[Type], want: &Type) -> bool {
    if *want != Type::Dynamic {
        return types.iter().all(|t| conversion_exists(t, want));
    }
    unify(types).is_some()
}

/// Go's `strconv.Quote`, which Terraform's messages use for strings.
pub(super) fn go_quote(s: &str) -> String {
    super::go_quote::go_quote(s.as_bytes())
}

fn sensitive(_: &FuncContext<'_>, args: &[Value]) -> Result<Value, FuncError> {
    Ok(args[0].clone().sensitive())
}

/// Removes the sensitive mark from the value itself, keeping other marks and
/// any marks deeper inside. Terraform once refused values that were not
/// sensitive; it now returns them unchanged.
fn nonsensitive(_: &FuncContext<'_>, args: &[Value]) -> Result<Value, FuncError> {
    let (v, marks) = args[0].clone().unmark();
    let kept = if marks.contains(Marks::EPHEMERAL) {
        Marks::EPHEMERAL
    } else {
        Marks::NONE
    };
    Ok(v.mark(kept))
}

fn issensitive(_: &FuncContext<'_>, args: &[Value]) -> Result<Value, FuncError> {
    if args[0].is_sensitive() {
        return Ok(Value::Bool(true));
    }
    if !args[0].is_known() {
        return Ok(Value::Unknown(Type::Bool));
    }
    Ok(Value::Bool(false))
}
