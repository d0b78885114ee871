//! Calling a function: arity, conversion of arguments to parameter types, and
//! the uniform handling of nulls, unknowns and marks, so implementations only
//! see the values they asked for.

use terrace_value::{convert, Marks, Value};

use super::{FuncContext, FuncError, Function, Param};

/// Why a call failed, in the words of a diagnostic.
#[derive(Debug, Clone, PartialEq)]
pub struct CallError {
    /// The diagnostic summary.
    pub summary: String,
    /// The diagnostic detail.
    pub detail: String,
    /// The argument at fault, if any.
    pub arg: Option<usize>,
}

/// Calls `f` with `args`.
pub fn call(f: &Function, ctx: &FuncContext<'_>, args: Vec<Value>) -> Result<Value, CallError> {
    let min = f.params.len();
    if args.len() < min {
        let missing = &f.params[args.len()];
        return Err(CallError {
            summary: "Not enough function arguments".into(),
            detail: format!(
                "Function {:?} expects {} argument(s). Missing value for {:?}.",
                f.name, min, missing.name
            ),
            arg: None,
        });
    }
    if f.variadic.is_none() && args.len() > min {
        return Err(CallError {
            summary: "Too many function arguments".into(),
            detail: format!("Function {:?} expects only {} argument(s).", f.name, min),
            arg: Some(min),
        });
    }
    let mut marks = Marks::NONE;
    let mut any_unknown = false;
    let mut prepared = Vec::with_capacity(args.len());
    for (i, arg) in args.into_iter().enumerate() {
        let param = f
            .params
            .get(i)
            .or(f.variadic.as_ref())
            .expect("arity checked above");
        let arg = prepare(param, i, arg, &mut marks, &mut any_unknown)?;
        prepared.push(arg);
    }
    if any_unknown || (f.impure && ctx.planning) {
        return Ok(Value::Unknown(f.returns.clone()).mark(marks));
    }
    match (f.imp)(ctx, &prepared) {
        Ok(v) => Ok(v.mark(marks)),
        Err(FuncError {
            arg: Some(i),
            message,
        }) => {
            let name = f
                .params
                .get(i)
                .or(f.variadic.as_ref())
                .map_or("", |p| p.name);
            Err(CallError {
                summary: "Invalid function argument".into(),
                detail: format!("Invalid value for {name:?} parameter: {message}."),
                arg: Some(i),
            })
        }
        Err(FuncError { arg: None, message }) => Err(CallError {
            summary: "Error in function call".into(),
            detail: format!("Call to function {:?} failed: {message}.", f.name),
            arg: None,
        }),
    }
}

fn prepare(
    param: &Param,
    index: usize,
    arg: Value,
    marks: &mut Marks,
    any_unknown: &mut bool,
) -> Result<Value, CallError> {
    let invalid = |message: String| CallError {
        summary: "Invalid function argument".into(),
        detail: format!("Invalid value for {:?} parameter: {message}.", param.name),
        arg: Some(index),
    };
    let arg = if param.allow_marked {
        arg
    } else if param.shallow_marks {
        let (v, m) = arg.unmark();
        *marks |= m;
        v
    } else {
        let (v, m) = arg.unmark_deep();
        *marks |= m;
        v
    };
    if arg.is_null() && !param.allow_null {
        return Err(invalid("argument must not be null".into()));
    }
    let converted = convert(&arg, &param.ty).map_err(|e| invalid(e.to_string()))?;
    if !param.allow_unknown && !converted.is_wholly_known() {
        *any_unknown = true;
    }
    Ok(converted)
}
