//! The collection functions about keys: maps and objects (`keys`, `values`,
//! `lookup`, `merge`, `zipmap`, `transpose`) and `matchkeys`. Objects give
//! structural results (tuples, objects) where maps give collections.

use std::collections::{BTreeMap, BTreeSet};

use terrace_value::{convert, Type, Value};

use super::collection::{any_unknown, elements, equal, unify_types, untyped};
use super::{FuncContext, FuncError, Function, Param};

/// The functions of this group.
pub fn functions() -> Vec<Function> {
    let map = |name| Param::new(name, Type::Dynamic).unknowns();
    let list = |name| Param::new(name, Type::list(Type::Dynamic)).unknowns();
    vec![
        Function::new(
            "keys",
            vec![map("inputMap").shallow_marks()],
            Type::Dynamic,
            keys,
        ),
        Function::new("values", vec![map("mapping")], Type::Dynamic, values),
        Function::new(
            "lookup",
            vec![
                map("inputMap"),
                Param::new("key", Type::String).unknowns().marked(),
            ],
            Type::Dynamic,
            lookup,
        )
        .variadic(Param::new("default", Type::Dynamic).nullable().unknowns()),
        Function::new("merge", vec![], Type::Dynamic, merge)
            .variadic(Param::new("maps", Type::Dynamic).nullable().unknowns()),
        Function::new(
            "zipmap",
            vec![
                Param::new("keys", Type::list(Type::String)).unknowns(),
                map("values"),
            ],
            Type::Dynamic,
            zipmap,
        ),
        Function::new(
            "transpose",
            vec![Param::new("values", Type::map(Type::list(Type::String)))],
            Type::map(Type::list(Type::String)),
            transpose,
        ),
        Function::new(
            "matchkeys",
            vec![list("values"), list("keys"), list("searchset")],
            Type::Dynamic,
            matchkeys,
        ),
    ]
}

fn keys(_: &FuncContext<'_>, args: &[Value]) -> Result<Value, FuncError> {
    if let Some(v) = untyped(args) {
        return Ok(v);
    }
    match args[0].ty() {
        // An object's attribute names are in its type, known or not.
        Type::Object(o) => Ok(Value::Tuple(o.attrs.keys().map(Value::string).collect())),
        Type::Map(_) if !args[0].is_known() => Ok(Value::Unknown(Type::list(Type::String))),
        Type::Map(_) => Ok(Value::List(
            Type::String,
            args[0]
                .as_entries()
                .into_iter()
                .flatten()
                .map(|(k, _)| Value::string(k))
                .collect(),
        )),
        _ => Err(FuncError::arg(0, "must have map or object type")),
    }
}

fn values(_: &FuncContext<'_>, args: &[Value]) -> Result<Value, FuncError> {
    if let Some(v) = untyped(args) {
        return Ok(v);
    }
    let ret = match args[0].ty() {
        Type::Map(t) => Type::List(t),
        Type::Object(o) => Type::Tuple(o.attrs.into_values().collect()),
        _ => {
            return Err(FuncError::call(
                "values() requires a map as the first argument",
            ))
        }
    };
    if any_unknown(args) {
        return Ok(Value::Unknown(ret));
    }
    let vals: Vec<Value> = args[0]
        .as_entries()
        .into_iter()
        .flatten()
        .map(|(_, v)| v)
        .cloned()
        .collect();
    Ok(match ret {
        Type::List(t) => Value::List(*t, vals),
        _ => Value::Tuple(vals),
    })
}

fn lookup(_: &FuncContext<'_>, args: &[Value]) -> Result<Value, FuncError> {
    if args.len() > 3 {
        return Err(FuncError::call(format!(
            "lookup() takes two or three arguments, got {}",
            args.len()
        )));
    }
    if let Some(v) = untyped(&args[..1]) {
        return Ok(v);
    }
    let (key, key_marks) = args[1].clone().unmark();
    let default = args.get(2);
    let ret = match args[0].ty() {
        Type::Object(_) if !key.is_known() => Type::Dynamic,
        Type::Object(o) => {
            let name = key.as_str().unwrap_or_default();
            match (o.attrs.get(name), default) {
                (Some(t), _) => t.clone(),
                (None, Some(d)) => d.ty(),
                (None, None) => {
                    return Err(FuncError::arg(
                        0,
                        format!("the given object has no attribute {name:?}"),
                    ))
                }
            }
        }
        Type::Map(t) => {
            if default.is_some_and(|d| convert(d, &t).is_err()) {
                return Err(FuncError::arg(
                    2,
                    "the default value must have the same type as the map elements",
                ));
            }
            *t
        }
        _ => {
            return Err(FuncError::arg(
                0,
                "lookup() requires a map as the first argument",
            ))
        }
    };
    if !args[0].is_known() || !key.is_known() {
        return Ok(Value::Unknown(ret).mark(key_marks));
    }
    let name = key.as_str().unwrap_or_default();
    if let Some(v) = args[0].as_entries().and_then(|m| m.get(name)) {
        return Ok(v.clone().mark(key_marks));
    }
    match default {
        Some(d) => {
            let d = convert(d, &ret).map_err(|e| FuncError::call(e.to_string()))?;
            Ok(d.mark(key_marks))
        }
        None if key_marks.is_sensitive() => Err(FuncError::call(
            "lookup failed to find key (sensitive value)",
        )),
        None => Err(FuncError::call(format!(
            "lookup failed to find key {name:?}"
        ))),
    }
}

fn merge(_: &FuncContext<'_>, args: &[Value]) -> Result<Value, FuncError> {
    let ret = merge_type(args)?;
    if any_unknown(args) {
        return Ok(Value::Unknown(ret));
    }
    let mut out = BTreeMap::new();
    for arg in args.iter().filter(|a| !a.is_null()) {
        for (k, v) in arg.as_entries().into_iter().flatten() {
            out.insert(k.clone(), v.clone());
        }
    }
    Ok(match ret {
        Type::Map(t) => Value::Map(*t, out),
        _ => Value::Object(out),
    })
}

/// The same type when every argument has it; otherwise an object of every
/// key seen, unless an unknown map hides some.
fn merge_type(args: &[Value]) -> Result<Type, FuncError> {
    let Some(first) = args.first() else {
        return Ok(Type::object(BTreeMap::new()));
    };
    let first = first.ty();
    let mut attrs = BTreeMap::new();
    let mut attrs_known = true;
    for arg in args {
        let ty = arg.ty();
        match &ty {
            Type::Dynamic => return Ok(Type::Dynamic),
            Type::Object(o) if !arg.is_null() => attrs.extend(o.attrs.clone()),
            Type::Object(_) => {}
            Type::Map(_) if arg.is_null() => {}
            Type::Map(t) if arg.is_known() => {
                for k in arg.as_entries().into_iter().flatten().map(|(k, _)| k) {
                    attrs.insert(k.clone(), (**t).clone());
                }
            }
            Type::Map(_) => attrs_known = false,
            t => {
                return Err(FuncError::call(format!(
                    "arguments must be maps or objects, got {:?}",
                    t.friendly_name()
                )))
            }
        }
    }
    if args.iter().all(|a| a.ty() == first) {
        Ok(first)
    } else if !attrs_known {
        Ok(Type::Dynamic)
    } else {
        Ok(Type::object(attrs))
    }
}

fn zipmap(_: &FuncContext<'_>, args: &[Value]) -> Result<Value, FuncError> {
    if let Some(v) = untyped(&args[1..]) {
        return Ok(v);
    }
    let (keys, vals) = (&args[0], &args[1]);
    let ret = match vals.ty() {
        Type::List(t) => Type::Map(t),
        Type::Tuple(_) if !keys.is_wholly_known() => Type::Dynamic,
        Type::Tuple(ts) => {
            let names = elements(keys);
            if names.len() != ts.len() {
                return Err(count_mismatch(names.len(), ts.len()));
            }
            let mut attrs = BTreeMap::new();
            for (i, (k, t)) in names.iter().zip(ts).enumerate() {
                let k = k.as_str().ok_or_else(|| null_key(i))?;
                attrs.insert(k.to_string(), t);
            }
            Type::object(attrs)
        }
        _ => {
            return Err(FuncError::call(
                "values argument must be a list or tuple value",
            ))
        }
    };
    if any_unknown(args) || !keys.is_wholly_known() {
        return Ok(Value::Unknown(ret));
    }
    let (names, items) = (elements(keys), elements(vals));
    if names.len() != items.len() {
        return Err(count_mismatch(names.len(), items.len()));
    }
    let mut out = BTreeMap::new();
    for (i, (k, v)) in names.iter().zip(items).enumerate() {
        let k = k.as_str().ok_or_else(|| null_key(i))?;
        out.insert(k.to_string(), v.clone());
    }
    Ok(match ret {
        Type::Map(t) => Value::Map(*t, out),
        _ => Value::Object(out),
    })
}

fn count_mismatch(keys: usize, values: usize) -> FuncError {
    FuncError::call(format!(
        "number of keys ({keys}) does not match number of values ({values})"
    ))
}

fn null_key(i: usize) -> FuncError {
    FuncError::call(format!("keys list has null value at index {i}"))
}

fn transpose(_: &FuncContext<'_>, args: &[Value]) -> Result<Value, FuncError> {
    let mut out: BTreeMap<String, BTreeSet<(String, usize)>> = BTreeMap::new();
    let mut n = 0;
    for (key, list) in args[0].as_entries().into_iter().flatten() {
        for v in elements(list) {
            let Some(s) = v.as_str() else {
                return Err(FuncError::call("input must be a map of lists of strings"));
            };
            // The counter keeps a key that lists the same value twice twice.
            out.entry(s.to_string())
                .or_default()
                .insert((key.clone(), n));
            n += 1;
        }
    }
    let out = out
        .into_iter()
        .map(|(k, ks)| {
            let list = ks.into_iter().map(|(k, _)| Value::String(k)).collect();
            (k, Value::List(Type::String, list))
        })
        .collect();
    Ok(Value::Map(Type::list(Type::String), out))
}

fn matchkeys(_: &FuncContext<'_>, args: &[Value]) -> Result<Value, FuncError> {
    let Some(key_ty) = unify_types(&[args[1].ty(), args[2].ty()]) else {
        return Err(FuncError::call(
            "keys and searchset must be of the same type",
        ));
    };
    let ret = args[0].ty();
    if any_unknown(args) {
        return Ok(Value::Unknown(ret));
    }
    let elem = ret.element_type().cloned().unwrap_or(Type::Dynamic);
    let empty = || Ok(Value::List(elem.clone(), Vec::new()));
    let vals = elements(&args[0]);
    if vals.len() != elements(&args[1]).len() {
        return Err(FuncError::call("length of keys and values should be equal"));
    }
    let keys = convert(&args[1], &key_ty).map_err(|e| FuncError::arg(1, e.to_string()))?;
    let search = convert(&args[2], &key_ty).map_err(|e| FuncError::arg(2, e.to_string()))?;
    if elements(&search).is_empty() {
        return empty();
    }
    if !args[0].is_wholly_known() || !keys.is_wholly_known() {
        return Ok(Value::Unknown(ret));
    }
    let mut out = Vec::new();
    for (key, v) in elements(&keys).iter().zip(vals) {
        for s in elements(&search) {
            match equal(key, s) {
                None => return empty(),
                Some(true) => {
                    out.push(v.clone());
                    break;
                }
                Some(false) => {}
            }
        }
    }
    Ok(Value::List(elem, out))
}
