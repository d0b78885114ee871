//! The collection functions of Terraform's library that read or filter one
//! sequence, and the helpers every collection group shares: cty's equality
//! with unknowns, and the way Terraform decides a call's result is unknown.
//!
//! Terraform only short-circuits a call when an argument is unknown at the
//! top level; unknown elements inside a known collection reach the function,
//! which often still gives a known answer (`length([unknown])` is 1). So these
//! functions take `.unknowns()` parameters and apply that rule themselves.

use std::cmp::Ordering;

use terrace_value::{convert, Number, Type, Value};
use unicode_segmentation::UnicodeSegmentation;

pub(super) use super::collection_equal::equal;
use super::{collection_maps, collection_seq, collection_sets};
use super::{FuncContext, FuncError, Function, Param};

/// The functions of this group.
pub fn functions() -> Vec<Function> {
    let any = || Param::new("list", Type::Dynamic).unknowns();
    let mut fns = vec![
        Function::new("alltrue", vec![bools()], Type::Bool, alltrue),
        Function::new("anytrue", vec![bools()], Type::Bool, anytrue),
        Function::new("coalesce", vec![], Type::Dynamic, coalesce)
            .variadic(Param::new("vals", Type::Dynamic).nullable().unknowns()),
        Function::new("coalescelist", vec![], Type::Dynamic, coalescelist)
            .variadic(Param::new("vals", Type::Dynamic).nullable().unknowns()),
        Function::new(
            "compact",
            vec![Param::new("list", Type::list(Type::String))],
            Type::list(Type::String),
            compact,
        ),
        Function::new(
            "contains",
            vec![any(), Param::new("value", Type::Dynamic).unknowns()],
            Type::Bool,
            contains,
        ),
        Function::new(
            "distinct",
            vec![Param::new("list", Type::list(Type::Dynamic)).unknowns()],
            Type::Dynamic,
            distinct,
        ),
        Function::new(
            "element",
            vec![any(), Param::new("index", Type::Number).unknowns()],
            Type::Dynamic,
            element,
        ),
        Function::new(
            "index",
            vec![any(), Param::new("value", Type::Dynamic).unknowns()],
            Type::Number,
            index,
        ),
        Function::new(
            "length",
            vec![Param::new("value", Type::Dynamic)
                .unknowns()
                .shallow_marks()],
            Type::Number,
            length,
        ),
        Function::new("one", vec![any()], Type::Dynamic, one),
        Function::new("range", vec![], Type::list(Type::Number), range)
            .variadic(Param::new("params", Type::Number)),
        Function::new(
            "sort",
            vec![Param::new("list", Type::list(Type::String)).unknowns()],
            Type::list(Type::String),
            sort,
        ),
        Function::new("sum", vec![any()], Type::Number, sum),
    ];
    fns.extend(collection_seq::functions());
    fns.extend(collection_maps::functions());
    fns.extend(collection_sets::functions());
    fns
}

fn bools() -> Param {
    Param::new("list", Type::list(Type::Bool)).unknowns()
}

/// Terraform's answer when an argument's type is not known yet and the
/// parameter does not accept that: an unknown of unknown type, before any
/// type check could fail.
pub(super) fn untyped(args: &[Value]) -> Option<Value> {
    args.iter()
        .any(|a| a.ty() == Type::Dynamic)
        .then(Value::unknown)
}

/// Type unification as cty does it for function arguments: a value of
/// unknown type (a bare `null`) converts to anything, so it does not pull the
/// result to `any`.
pub(super) fn unify_types(types: &[Type]) -> Option<Type> {
    let known: Vec<Type> = types
        .iter()
        .filter(|t| **t != Type::Dynamic)
        .cloned()
        .collect();
    if known.is_empty() {
        return types.first().map(|_| Type::Dynamic);
    }
    terrace_value::unify(&known)
}

/// Whether an argument is unknown at the top level.
pub(super) fn any_unknown(args: &[Value]) -> bool {
    args.iter().any(|a| !a.is_known())
}

/// A whole number as Terraform's Go conversion to `int` accepts it; the
/// message is the one that conversion gives.
pub(super) fn to_int(v: &Value) -> Result<i64, String> {
    v.as_number().and_then(Number::to_i64).ok_or_else(|| {
        "value must be a whole number, between -9223372036854775808 and 9223372036854775807"
            .to_string()
    })
}

/// The elements of a known list, set or tuple (empty for anything else).
pub(super) fn elements(v: &Value) -> &[Value] {
    v.as_elements().unwrap_or(&[])
}

fn alltrue(_: &FuncContext<'_>, args: &[Value]) -> Result<Value, FuncError> {
    if any_unknown(args) {
        return Ok(Value::Unknown(Type::Bool));
    }
    for v in elements(&args[0]) {
        match v {
            Value::Unknown(_) => return Ok(Value::Unknown(Type::Bool)),
            Value::Bool(true) => {}
            _ => return Ok(Value::Bool(false)),
        }
    }
    Ok(Value::Bool(true))
}

fn anytrue(_: &FuncContext<'_>, args: &[Value]) -> Result<Value, FuncError> {
    if any_unknown(args) {
        return Ok(Value::Unknown(Type::Bool));
    }
    let mut unknown = false;
    for v in elements(&args[0]) {
        match v {
            Value::Unknown(_) => unknown = true,
            Value::Bool(true) => return Ok(Value::Bool(true)),
            _ => {}
        }
    }
    Ok(if unknown {
        Value::Unknown(Type::Bool)
    } else {
        Value::Bool(false)
    })
}

fn coalesce(_: &FuncContext<'_>, args: &[Value]) -> Result<Value, FuncError> {
    let types: Vec<Type> = args.iter().map(Value::ty).collect();
    let ret = match unify_types(&types) {
        Some(t) => t,
        None => return Err(FuncError::call("all arguments must have the same type")),
    };
    for (i, arg) in args.iter().enumerate() {
        let v = convert(arg, &ret).map_err(|e| FuncError::arg(i, e.to_string()))?;
        if !v.is_known() {
            return Ok(Value::Unknown(ret));
        }
        if v.is_null() || (ret == Type::String && v.as_str() == Some("")) {
            continue;
        }
        return Ok(v);
    }
    Err(FuncError::call("no non-null, non-empty-string arguments"))
}

fn coalescelist(_: &FuncContext<'_>, args: &[Value]) -> Result<Value, FuncError> {
    if args.is_empty() {
        return Err(FuncError::call("at least one argument is required"));
    }
    let ret = if any_unknown(args) {
        Type::Dynamic
    } else {
        let types: Vec<Type> = args.iter().map(Value::ty).collect();
        if !types
            .iter()
            .all(|t| matches!(t, Type::List(_) | Type::Tuple(_)))
        {
            return Err(FuncError::call(
                "coalescelist arguments must be lists or tuples",
            ));
        }
        if types.iter().all(|t| *t == types[0]) {
            types[0].clone()
        } else {
            Type::Dynamic
        }
    };
    for arg in args {
        if !arg.is_known() {
            return Ok(Value::Unknown(ret));
        }
        if !arg.is_null() && arg.length().unwrap_or(0) > 0 {
            return Ok(arg.clone());
        }
    }
    Err(FuncError::call("no non-null arguments"))
}

fn compact(_: &FuncContext<'_>, args: &[Value]) -> Result<Value, FuncError> {
    let kept = elements(&args[0])
        .iter()
        .filter(|v| !v.is_null() && v.as_str() != Some(""))
        .cloned()
        .collect();
    Ok(Value::List(Type::String, kept))
}

fn contains(_: &FuncContext<'_>, args: &[Value]) -> Result<Value, FuncError> {
    if let Some(v) = untyped(args) {
        return Ok(v);
    }
    if any_unknown(args) {
        return Ok(Value::Unknown(Type::Bool));
    }
    if !matches!(args[0].ty(), Type::List(_) | Type::Tuple(_) | Type::Set(_)) {
        return Err(FuncError::call("argument must be list, tuple, or set"));
    }
    let mut unknown = false;
    for v in elements(&args[0]) {
        match equal(&args[1], v) {
            Some(true) => return Ok(Value::Bool(true)),
            Some(false) => {}
            None => unknown = true,
        }
    }
    Ok(if unknown {
        Value::Unknown(Type::Bool)
    } else {
        Value::Bool(false)
    })
}

fn distinct(_: &FuncContext<'_>, args: &[Value]) -> Result<Value, FuncError> {
    let ty = args[0].ty();
    if !args[0].is_wholly_known() {
        return Ok(Value::Unknown(ty));
    }
    let elem = ty.element_type().cloned().unwrap_or(Type::Dynamic);
    let mut out: Vec<Value> = Vec::new();
    for v in elements(&args[0]) {
        if !out.iter().any(|o| equal(o, v) == Some(true)) {
            out.push(v.clone());
        }
    }
    Ok(Value::List(elem, out))
}

fn element(_: &FuncContext<'_>, args: &[Value]) -> Result<Value, FuncError> {
    if let Some(v) = untyped(&args[..1]) {
        return Ok(v);
    }
    let (list, idx) = (&args[0], &args[1]);
    let ret = match list.ty() {
        Type::List(t) => *t,
        Type::Tuple(ts) if idx.is_known() => {
            let i = to_int(idx).map_err(|e| FuncError::call(format!("invalid index: {e}")))?;
            if ts.is_empty() {
                return Err(FuncError::call(
                    "cannot use element function with an empty list",
                ));
            }
            ts[wrap(i, ts.len())].clone()
        }
        Type::Tuple(_) => Type::Dynamic,
        t => {
            return Err(FuncError::call(format!(
                "cannot read elements from {}",
                t.friendly_name()
            )))
        }
    };
    if any_unknown(args) {
        return Ok(Value::Unknown(ret));
    }
    let i = to_int(idx).map_err(|e| FuncError::call(format!("invalid index: {e}")))?;
    let elems = elements(list);
    if elems.is_empty() {
        return Err(FuncError::call(
            "cannot use element function with an empty list",
        ));
    }
    Ok(elems[wrap(i, elems.len())].clone())
}

/// An index taken modulo a non-zero length; negative ones count from the end.
fn wrap(i: i64, len: usize) -> usize {
    let len = i128::try_from(len).unwrap_or(i128::MAX);
    usize::try_from(i128::from(i).rem_euclid(len)).unwrap_or(0)
}

fn index(_: &FuncContext<'_>, args: &[Value]) -> Result<Value, FuncError> {
    if let Some(v) = untyped(args) {
        return Ok(v);
    }
    if any_unknown(args) {
        return Ok(Value::Unknown(Type::Number));
    }
    if !matches!(args[0].ty(), Type::List(_) | Type::Tuple(_)) {
        return Err(FuncError::call("argument must be a list or tuple"));
    }
    let elems = elements(&args[0]);
    if elems.is_empty() {
        return Err(FuncError::call("cannot search an empty list"));
    }
    for (i, v) in elems.iter().enumerate() {
        match equal(v, &args[1]) {
            Some(true) => return Ok(Value::number(i)),
            Some(false) => {}
            None => return Ok(Value::Unknown(Type::Number)),
        }
    }
    Err(FuncError::call("item not found"))
}

fn length(_: &FuncContext<'_>, args: &[Value]) -> Result<Value, FuncError> {
    let v = &args[0];
    let count = match v.ty() {
        Type::Dynamic => return Ok(Value::Unknown(Type::Number)),
        Type::Tuple(ts) => ts.len(),
        Type::Object(o) => o.attrs.len(),
        Type::String | Type::List(_) | Type::Set(_) | Type::Map(_) if !v.is_known() => {
            return Ok(Value::Unknown(Type::Number))
        }
        Type::String => v.as_str().map_or(0, |s| s.graphemes(true).count()),
        Type::Set(_) if elements(v).len() > 1 && !v.is_wholly_known() => {
            // Unknown elements may turn out equal to others and merge.
            return Ok(Value::Unknown(Type::Number));
        }
        Type::List(_) | Type::Set(_) | Type::Map(_) => v.length().unwrap_or(0),
        _ => {
            return Err(FuncError::call(
                "argument must be a string, a collection type, or a structural type",
            ))
        }
    };
    Ok(Value::number(count))
}

fn one(_: &FuncContext<'_>, args: &[Value]) -> Result<Value, FuncError> {
    if let Some(v) = untyped(args) {
        return Ok(v);
    }
    const WRONG: &str = "must be a list, set, or tuple value with either zero or one elements";
    let ret = match args[0].ty() {
        Type::List(t) | Type::Set(t) => *t,
        Type::Tuple(ts) if ts.is_empty() => Type::Dynamic,
        Type::Tuple(mut ts) if ts.len() == 1 => ts.remove(0),
        _ => return Err(FuncError::arg(0, WRONG)),
    };
    if any_unknown(args) {
        return Ok(Value::Unknown(ret));
    }
    match elements(&args[0]) {
        [] => Ok(Value::Null(ret)),
        [v] => Ok(v.clone()),
        _ => Err(FuncError::arg(0, WRONG)),
    }
}

/// Terraform refuses to build longer ranges, to bound memory.
const RANGE_LIMIT: usize = 1024;

fn range(_: &FuncContext<'_>, args: &[Value]) -> Result<Value, FuncError> {
    let nums: Vec<Number> = args.iter().filter_map(|a| a.as_number().cloned()).collect();
    let one = Number::from(1i64);
    let (start, end, step) = match nums.as_slice() {
        [end] if end.is_negative() => (Number::zero(), end.clone(), one.neg()),
        [end] => (Number::zero(), end.clone(), one),
        [start, end] if end.compare(start) == Ordering::Less => {
            (start.clone(), end.clone(), one.neg())
        }
        [start, end] => (start.clone(), end.clone(), one),
        [start, end, step] => (start.clone(), end.clone(), step.clone()),
        _ => return Err(FuncError::call("must have one, two, or three arguments")),
    };
    // A zero step counts up, so it ends empty or at the limit, as in Terraform.
    let down = step.is_negative();
    if down && end.compare(&start) == Ordering::Greater {
        return Err(FuncError::arg(
            1,
            "end must be less than start when step is negative",
        ));
    }
    if !down && end.compare(&start) == Ordering::Less {
        return Err(FuncError::arg(
            1,
            "end must be greater than start when step is positive",
        ));
    }
    let mut out = Vec::new();
    let mut num = start;
    loop {
        let done = match num.compare(&end) {
            Ordering::Less => down,
            Ordering::Equal => true,
            Ordering::Greater => !down,
        };
        if done {
            break;
        }
        if out.len() >= RANGE_LIMIT {
            return Err(FuncError::call(
                "more than 1024 values were generated; either decrease the difference \
                 between start and end or use a smaller step",
            ));
        }
        let next = num.add(&step);
        out.push(Value::Number(num));
        num = next;
    }
    Ok(Value::List(Type::Number, out))
}

fn sort(_: &FuncContext<'_>, args: &[Value]) -> Result<Value, FuncError> {
    if !args[0].is_known() {
        return Ok(Value::Unknown(Type::list(Type::String)));
    }
    let elems = elements(&args[0]);
    // One unknown element could sort anywhere, so every position is unknown.
    if elems.iter().any(|v| !v.is_known()) {
        return Ok(Value::List(
            Type::String,
            vec![Value::Unknown(Type::String); elems.len()],
        ));
    }
    let mut strings = Vec::new();
    for (i, v) in elements(&args[0]).iter().enumerate() {
        match v.as_str() {
            Some(s) => strings.push(s.to_string()),
            None => {
                return Err(FuncError::call(format!(
                    "given list element {i} is null; a null string cannot be sorted"
                )))
            }
        }
    }
    strings.sort_unstable();
    Ok(Value::List(
        Type::String,
        strings.into_iter().map(Value::String).collect(),
    ))
}

fn sum(_: &FuncContext<'_>, args: &[Value]) -> Result<Value, FuncError> {
    if let Some(v) = untyped(args) {
        return Ok(v);
    }
    if any_unknown(args) {
        return Ok(Value::Unknown(Type::Number));
    }
    let list = &args[0];
    let ty = list.ty();
    let Some(count) = list.length() else {
        return Err(FuncError::arg(0, "cannot sum noniterable"));
    };
    if count == 0 {
        return Err(FuncError::arg(0, "cannot sum an empty list"));
    }
    if !matches!(ty, Type::List(_) | Type::Set(_) | Type::Tuple(_)) {
        return Err(FuncError::arg(
            0,
            format!(
                "argument must be list, set, or tuple. Received {}",
                ty.friendly_name()
            ),
        ));
    }
    if !list.is_wholly_known() {
        return Ok(Value::Unknown(Type::Number));
    }
    // Terraform starts from the first element, so `sum([-0])` stays `-0`.
    let mut total: Option<Number> = None;
    for v in elements(list) {
        let n = convert(v, &Type::Number)
            .ok()
            .and_then(|n| n.as_number().cloned());
        let Some(n) = n else {
            return Err(FuncError::arg(
                0,
                "argument must be list, set, or tuple of number values",
            ));
        };
        total = Some(match total {
            None => n,
            Some(t) => t.try_add(&n).map_err(|e| FuncError::call(e.to_string()))?,
        });
    }
    Ok(Value::Number(total.unwrap_or_else(Number::zero)))
}
