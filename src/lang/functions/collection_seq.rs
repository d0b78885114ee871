//! The collection functions that rebuild sequences (`concat`, `flatten`,
//! `chunklist`, `reverse`, `slice`), where the hard part is the result type:
//! lists stay lists and tuples stay tuples, element by element.

use terrace_value::{convert, Type, Value};

use super::collection::{any_unknown, elements, to_int, unify_types, untyped};
use super::{FuncContext, FuncError, Function, Param};

/// The functions of this group.
pub fn functions() -> Vec<Function> {
    let list = || Param::new("list", Type::Dynamic).unknowns();
    let index = |name| Param::new(name, Type::Number).unknowns();
    vec![
        Function::new(
            "chunklist",
            vec![
                Param::new("list", Type::list(Type::Dynamic)).unknowns(),
                index("size"),
            ],
            Type::Dynamic,
            chunklist,
        ),
        Function::new("concat", vec![], Type::Dynamic, concat)
            .variadic(Param::new("seqs", Type::Dynamic).unknowns()),
        Function::new("flatten", vec![list()], Type::Dynamic, flatten),
        Function::new("reverse", vec![list()], Type::Dynamic, reverse),
        Function::new(
            "slice",
            vec![list(), index("start_index"), index("end_index")],
            Type::Dynamic,
            slice,
        ),
    ]
}

fn chunklist(_: &FuncContext<'_>, args: &[Value]) -> Result<Value, FuncError> {
    let list_ty = args[0].ty();
    if any_unknown(args) {
        return Ok(Value::Unknown(Type::list(list_ty)));
    }
    let size = to_int(&args[1]).map_err(|e| FuncError::call(format!("invalid size: {e}")))?;
    if size < 0 {
        return Err(FuncError::call("the size argument must be positive"));
    }
    let elem = list_ty.element_type().cloned().unwrap_or(Type::Dynamic);
    let elems = elements(&args[0]);
    let chunks = if elems.is_empty() {
        Vec::new()
    } else if size == 0 {
        vec![args[0].clone()]
    } else {
        let size = usize::try_from(size).unwrap_or(usize::MAX);
        elems
            .chunks(size)
            .map(|c| Value::List(elem.clone(), c.to_vec()))
            .collect()
    };
    Ok(Value::List(list_ty, chunks))
}

fn concat(_: &FuncContext<'_>, args: &[Value]) -> Result<Value, FuncError> {
    if args.is_empty() {
        return Err(FuncError::call("at least one argument is required"));
    }
    if let Some(v) = untyped(args) {
        return Ok(v);
    }
    let types: Vec<Type> = args.iter().map(Value::ty).collect();
    if types.iter().all(|t| matches!(t, Type::List(_))) {
        if let Some(ret) = unify_types(&types) {
            if any_unknown(args) {
                return Ok(Value::Unknown(ret));
            }
            let elem = ret.element_type().cloned().unwrap_or(Type::Dynamic);
            let mut out = Vec::new();
            for (i, list) in args.iter().enumerate() {
                let list = convert(list, &ret).map_err(|e| FuncError::arg(i, e.to_string()))?;
                out.extend(elements(&list).iter().cloned());
            }
            return Ok(Value::List(elem, out));
        }
    }
    let mut etys = Vec::new();
    for (i, (arg, ty)) in args.iter().zip(&types).enumerate() {
        match ty {
            Type::Tuple(ts) => etys.extend(ts.iter().cloned()),
            Type::List(_) if !arg.is_known() => return Ok(Value::unknown()),
            Type::List(t) => etys.extend(elements(arg).iter().map(|_| (**t).clone())),
            t => {
                return Err(FuncError::arg(
                    i,
                    format!(
                        "all arguments must be lists or tuples; got {}",
                        t.friendly_name()
                    ),
                ))
            }
        }
    }
    if any_unknown(args) {
        return Ok(Value::Unknown(Type::Tuple(etys)));
    }
    Ok(Value::Tuple(
        args.iter()
            .flat_map(|a| elements(a).iter().cloned())
            .collect(),
    ))
}

fn flatten(_: &FuncContext<'_>, args: &[Value]) -> Result<Value, FuncError> {
    let list = &args[0];
    if !list.is_wholly_known() {
        // Terraform types the result only from a wholly known argument, yet
        // still flattens a known one whose unknowns are not sequences.
        if !list.is_known() {
            return Ok(Value::unknown());
        }
    } else if !matches!(list.ty(), Type::List(_) | Type::Set(_) | Type::Tuple(_)) {
        return Err(FuncError::call("can only flatten lists, sets and tuples"));
    }
    let mut out = Vec::new();
    if flatten_into(list, &mut out) {
        Ok(Value::Tuple(out))
    } else {
        Ok(Value::unknown())
    }
}

/// Appends the leaves of `seq` to `out`; false when an unknown might still
/// turn out to be a sequence, so the result's shape cannot be known.
fn flatten_into(seq: &Value, out: &mut Vec<Value>) -> bool {
    if !seq.is_known() {
        return false;
    }
    let mut known = true;
    for v in elements(seq) {
        let ty = v.ty();
        if ty == Type::Dynamic && !v.is_null() {
            known = false;
        }
        match ty {
            Type::List(_) | Type::Set(_) | Type::Tuple(_) => {
                if !flatten_into(v, out) {
                    known = false;
                }
            }
            _ => out.push(v.clone()),
        }
    }
    known
}

fn reverse(_: &FuncContext<'_>, args: &[Value]) -> Result<Value, FuncError> {
    if let Some(v) = untyped(args) {
        return Ok(v);
    }
    let ret = match args[0].ty() {
        Type::Tuple(mut ts) => {
            ts.reverse();
            Type::Tuple(ts)
        }
        Type::List(t) | Type::Set(t) => Type::List(t),
        t => {
            return Err(FuncError::arg(
                0,
                format!(
                    "can only reverse list or tuple values, not {}",
                    t.friendly_name()
                ),
            ))
        }
    };
    if any_unknown(args) {
        return Ok(Value::Unknown(ret));
    }
    let out: Vec<Value> = elements(&args[0]).iter().rev().cloned().collect();
    Ok(match ret {
        Type::List(t) => Value::List(*t, out),
        _ => Value::Tuple(out),
    })
}

fn slice(_: &FuncContext<'_>, args: &[Value]) -> Result<Value, FuncError> {
    if let Some(v) = untyped(&args[..1]) {
        return Ok(v);
    }
    let list = &args[0];
    let ty = list.ty();
    match ty {
        Type::Set(_) => {
            return Err(FuncError::arg(
                0,
                "cannot slice a set, because its elements do not have indices; explicitly \
                 convert to a list if the ordering of the result is not important",
            ))
        }
        Type::List(_) | Type::Tuple(_) => {}
        _ => return Err(FuncError::arg(0, "must be a list or tuple value")),
    }
    let len = match &ty {
        Type::Tuple(ts) => Some(ts.len()),
        _ => list.is_known().then(|| elements(list).len()),
    };
    let start = slice_index(&args[1], 1, "start", len)?;
    let end = slice_index(&args[2], 2, "end", len)?;
    if let (Some(s), Some(e)) = (start, end) {
        if s > e {
            return Err(FuncError::arg(
                1,
                "start index must not be greater than end index",
            ));
        }
    }
    let ret = match (&ty, start, end) {
        (Type::List(_), _, _) => ty.clone(),
        (Type::Tuple(ts), Some(s), Some(e)) => Type::Tuple(ts[s..e].to_vec()),
        _ => Type::Dynamic,
    };
    if any_unknown(args) {
        return Ok(Value::Unknown(ret));
    }
    let (Some(s), Some(e)) = (start, end) else {
        return Ok(Value::Unknown(ret));
    };
    let out = elements(list)[s..e].to_vec();
    Ok(match ret {
        Type::List(t) => Value::List(*t, out),
        _ => Value::Tuple(out),
    })
}

/// A known slice bound, checked against the length when that is known.
fn slice_index(
    v: &Value,
    arg: usize,
    which: &str,
    len: Option<usize>,
) -> Result<Option<usize>, FuncError> {
    if !v.is_known() {
        return Ok(None);
    }
    let i = to_int(v).map_err(|e| FuncError::arg(arg, format!("invalid {which} index: {e}")))?;
    if i < 0 {
        return Err(FuncError::arg(
            arg,
            format!("{which} index must not be less than zero"),
        ));
    }
    let i = usize::try_from(i).unwrap_or(usize::MAX);
    if let Some(len) = len {
        if i > len {
            return Err(FuncError::arg(
                arg,
                format!("{which} index must not be greater than the length of the list"),
            ));
        }
    }
    Ok(Some(i))
}
