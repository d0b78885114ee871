//! The set functions: union, intersection, difference and the Cartesian
//! product. Their element type is the unification of the arguments'.

use terrace_value::{convert, Type, Value};

use super::collection::{any_unknown, elements, unify_types, untyped};
use super::{FuncContext, FuncError, Function, Param};

/// The largest product `setproduct` builds; Terraform has no limit, but a
/// product of a few large sets would exhaust memory long before finishing.
const PRODUCT_LIMIT: usize = 1 << 20;

/// The functions of this group.
pub fn functions() -> Vec<Function> {
    let set = |name| Param::new(name, Type::set(Type::Dynamic)).unknowns();
    vec![
        Function::new("setunion", vec![set("first_set")], Type::Dynamic, setunion)
            .variadic(set("other_sets")),
        Function::new(
            "setintersection",
            vec![set("first_set")],
            Type::Dynamic,
            setintersection,
        )
        .variadic(set("other_sets")),
        Function::new(
            "setsubtract",
            vec![set("a"), set("b")],
            Type::Dynamic,
            setsubtract,
        ),
        Function::new("setproduct", vec![], Type::Dynamic, setproduct)
            .variadic(Param::new("sets", Type::Dynamic).unknowns()),
    ]
}

fn setunion(_: &FuncContext<'_>, args: &[Value]) -> Result<Value, FuncError> {
    set_operation(args, true, |acc, next| {
        acc.extend(next.iter().cloned());
    })
}

fn setintersection(_: &FuncContext<'_>, args: &[Value]) -> Result<Value, FuncError> {
    set_operation(args, false, |acc, next| {
        acc.retain(|v| next.iter().any(|n| n.same_as(v)));
    })
}

fn setsubtract(_: &FuncContext<'_>, args: &[Value]) -> Result<Value, FuncError> {
    set_operation(args, false, |acc, next| {
        acc.retain(|v| !next.iter().any(|n| n.same_as(v)));
    })
}

/// Folds `op` over the arguments converted to their common set type. Only
/// union can say anything about sets with unknown elements: an unknown might
/// equal any other element.
fn set_operation(
    args: &[Value],
    allow_unknown_elements: bool,
    op: impl Fn(&mut Vec<Value>, &[Value]),
) -> Result<Value, FuncError> {
    let ret = set_type(args)?;
    if any_unknown(args) {
        return Ok(Value::Unknown(ret));
    }
    let elem = ret.element_type().cloned().unwrap_or(Type::Dynamic);
    let mut acc: Option<Vec<Value>> = None;
    for (i, arg) in args.iter().enumerate() {
        let set = convert(arg, &ret).map_err(|e| FuncError::arg(i, e.to_string()))?;
        if !allow_unknown_elements && !set.is_wholly_known() {
            return Ok(Value::Unknown(ret));
        }
        match acc.as_mut() {
            None => acc = Some(elements(&set).to_vec()),
            Some(acc) => op(acc, elements(&set)),
        }
    }
    Ok(Value::set(elem, acc.unwrap_or_default()))
}

fn set_type(args: &[Value]) -> Result<Type, FuncError> {
    let etys: Vec<Type> = args
        .iter()
        .filter_map(|a| {
            let ety = a.ty().element_type().cloned().unwrap_or(Type::Dynamic);
            // An empty set of unknown element type converts to any other.
            let empty = a.is_known() && elements(a).is_empty();
            (!(empty && ety == Type::Dynamic)).then_some(ety)
        })
        .collect();
    if etys.is_empty() {
        return Ok(Type::set(Type::Dynamic));
    }
    unify_types(&etys)
        .map(Type::set)
        .ok_or_else(|| FuncError::call("given sets must all have compatible element types"))
}

fn setproduct(_: &FuncContext<'_>, args: &[Value]) -> Result<Value, FuncError> {
    if let Some(v) = untyped(args) {
        return Ok(v);
    }
    if args.len() < 2 {
        return Err(FuncError::call("at least two arguments are required"));
    }
    let mut lists = 0;
    let mut etys = Vec::with_capacity(args.len());
    for (i, arg) in args.iter().enumerate() {
        match arg.ty() {
            Type::Set(t) => etys.push(*t),
            Type::List(t) => {
                etys.push(*t);
                lists += 1;
            }
            Type::Tuple(ts) if ts.is_empty() => {
                etys.push(Type::Dynamic);
                lists += 1;
            }
            Type::Tuple(ts) => {
                let ety = unify_types(&ts)
                    .ok_or_else(|| FuncError::arg(i, "all elements must be of the same type"))?;
                etys.push(ety);
                lists += 1;
            }
            _ => return Err(FuncError::arg(i, "a set or a list is required")),
        }
    }
    let tuple = Type::Tuple(etys.clone());
    let all_lists = lists == args.len();
    let ret = if all_lists {
        Type::list(tuple.clone())
    } else {
        Type::set(tuple.clone())
    };
    let unknown_length =
        |a: &Value| !a.is_known() || (elements(a).len() > 1 && !a.is_wholly_known());
    if args
        .iter()
        .any(|a| unknown_length(a) && matches!(a.ty(), Type::Set(_)))
        || any_unknown(args)
    {
        return Ok(Value::Unknown(ret));
    }
    let mut total: usize = 1;
    for arg in args {
        total = total.saturating_mul(elements(arg).len());
    }
    if total > PRODUCT_LIMIT {
        return Err(FuncError::call(format!(
            "the product would have {total} elements, more than the {PRODUCT_LIMIT} allowed"
        )));
    }
    let mut product = Vec::with_capacity(total);
    let mut odometer = vec![0usize; args.len()];
    for _ in 0..total {
        let mut row = Vec::with_capacity(args.len());
        for (j, &n) in odometer.iter().enumerate() {
            let v = &elements(&args[j])[n];
            let v = convert(v, &etys[j]).map_err(|e| FuncError::arg(j, e.to_string()))?;
            row.push(v);
        }
        product.push(Value::Tuple(row));
        for j in (0..odometer.len()).rev() {
            odometer[j] += 1;
            if odometer[j] < elements(&args[j]).len() {
                break;
            }
            odometer[j] = 0;
        }
    }
    Ok(if all_lists {
        Value::List(tuple, product)
    } else {
        Value::set(tuple, product)
    })
}
