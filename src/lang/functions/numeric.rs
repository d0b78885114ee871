//! The numeric functions of Terraform's library. Most work on exact numbers;
//! `log` and `pow` go through 64-bit floats because Terraform's do, and
//! `signum` insists on a whole number because Terraform's converts to an int.

use num_bigint::{BigInt, Sign};
use terrace_value::{Marks, Number, Type, Value};

use super::string::go_quote;
use super::{FuncContext, FuncError, Function, Param};

/// The functions of this group.
pub fn functions() -> Vec<Function> {
    let num = || Param::new("num", Type::Number);
    vec![
        Function::new("abs", vec![num()], Type::Number, abs),
        Function::new("ceil", vec![num()], Type::Number, ceil),
        Function::new("floor", vec![num()], Type::Number, floor),
        Function::new(
            "log",
            vec![num(), Param::new("base", Type::Number)],
            Type::Number,
            log,
        ),
        Function::new("max", vec![], Type::Number, max)
            .variadic(Param::new("numbers", Type::Number)),
        Function::new("min", vec![], Type::Number, min)
            .variadic(Param::new("numbers", Type::Number)),
        Function::new(
            "parseint",
            vec![
                Param::new("number", Type::Dynamic).unknowns().marked(),
                Param::new("base", Type::Number).unknowns().marked(),
            ],
            Type::Number,
            parseint,
        ),
        Function::new(
            "pow",
            vec![num(), Param::new("power", Type::Number)],
            Type::Number,
            pow,
        ),
        Function::new("signum", vec![num()], Type::Number, signum),
    ]
}

/// The argument at `i` as a number; the call machinery has converted it.
fn number(args: &[Value], i: usize) -> Result<&Number, FuncError> {
    args.get(i)
        .and_then(Value::as_number)
        .ok_or_else(|| FuncError::arg(i, "a number is required"))
}

/// Terraform converts some numbers to a Go `int`; this is its complaint when
/// the number is fractional or out of range.
pub(super) const WHOLE_NUMBER: &str =
    "value must be a whole number, between -9223372036854775808 and 9223372036854775807";

/// The number as an `i64`, failing the way Terraform's conversion to `int` does.
pub(super) fn whole(n: &Number) -> Result<i64, String> {
    n.to_i64().ok_or_else(|| WHOLE_NUMBER.to_string())
}

fn abs(_: &FuncContext<'_>, args: &[Value]) -> Result<Value, FuncError> {
    Ok(Value::Number(number(args, 0)?.abs()))
}

fn ceil(_: &FuncContext<'_>, args: &[Value]) -> Result<Value, FuncError> {
    Ok(Value::Number(number(args, 0)?.ceil()))
}

fn floor(_: &FuncContext<'_>, args: &[Value]) -> Result<Value, FuncError> {
    Ok(Value::Number(number(args, 0)?.floor()))
}

/// A float result as a number. Terraform panics on NaN (and reports the
/// panic); infinities it keeps, but they cannot be represented here.
fn from_float(f: f64) -> Result<Value, FuncError> {
    if f.is_nan() {
        return Err(FuncError::call(
            "panic in function implementation: Float.SetFloat64(NaN)",
        ));
    }
    Number::from_f64(f)
        .map(Value::Number)
        .map_err(|_| FuncError::call("the result is an infinity, which cannot be represented"))
}

fn log(_: &FuncContext<'_>, args: &[Value]) -> Result<Value, FuncError> {
    let num = number(args, 0)?.to_f64();
    let base = number(args, 1)?.to_f64();
    from_float(num.ln() / base.ln())
}

fn pow(_: &FuncContext<'_>, args: &[Value]) -> Result<Value, FuncError> {
    let num = number(args, 0)?.to_f64();
    let power = number(args, 1)?.to_f64();
    from_float(num.powf(power))
}

fn signum(_: &FuncContext<'_>, args: &[Value]) -> Result<Value, FuncError> {
    let n = whole(number(args, 0)?).map_err(FuncError::call)?;
    Ok(Value::from(n.signum()))
}

fn extreme(args: &[Value], want: std::cmp::Ordering) -> Result<Value, FuncError> {
    let mut best: Option<&Number> = None;
    for i in 0..args.len() {
        let n = number(args, i)?;
        if best.is_none_or(|b| n.compare(b) == want) {
            best = Some(n);
        }
    }
    best.map(|n| Value::Number(n.clone()))
        .ok_or_else(|| FuncError::call("must pass at least one number"))
}

fn max(_: &FuncContext<'_>, args: &[Value]) -> Result<Value, FuncError> {
    extreme(args, std::cmp::Ordering::Greater)
}

fn min(_: &FuncContext<'_>, args: &[Value]) -> Result<Value, FuncError> {
    extreme(args, std::cmp::Ordering::Less)
}

/// Terraform redacts sensitive input from parseint's error message.
fn shown(text: String, marks: Marks) -> String {
    if marks.is_sensitive() {
        "(sensitive value)".to_string()
    } else {
        text
    }
}

fn parseint(_: &FuncContext<'_>, args: &[Value]) -> Result<Value, FuncError> {
    let (num, num_marks) = args[0].clone().unmark_deep();
    let (base, base_marks) = args[1].clone().unmark_deep();
    let marks = num_marks | base_marks;
    let text = match &num {
        Value::Unknown(Type::Dynamic) => return Ok(Value::Unknown(Type::Number).mark(marks)),
        _ if num.ty() != Type::String => {
            return Err(FuncError::arg(
                0,
                format!(
                    "first argument must be a string, not {}",
                    num.ty().friendly_name()
                ),
            ))
        }
        Value::String(s) => s.clone(),
        _ => return Ok(Value::Unknown(Type::Number).mark(marks)),
    };
    let base = match &base {
        Value::Number(n) => whole(n).map_err(|e| FuncError::arg(1, e))?,
        _ => return Ok(Value::Unknown(Type::Number).mark(marks)),
    };
    if !(2..=62).contains(&base) {
        return Err(FuncError::arg(
            1,
            "base must be a whole number between 2 and 62 inclusive",
        ));
    }
    match parse_big_int(&text, base as u32) {
        Some(n) => Ok(Value::Number(Number::from(n)).mark(marks)),
        None => Err(FuncError::arg(
            0,
            format!(
                "cannot parse {} as a base {} integer",
                shown(go_quote(&text), num_marks),
                shown(base.to_string(), base_marks)
            ),
        )),
    }
}

/// Parses an optionally signed integer in `base` (2 to 62) as Go's
/// `big.Int.SetString` does: up to base 36 letters are case-insensitive,
/// beyond it lower case comes before upper case.
fn parse_big_int(text: &str, base: u32) -> Option<BigInt> {
    let (sign, digits) = match text.as_bytes().first() {
        Some(b'-') => (Sign::Minus, &text[1..]),
        Some(b'+') => (Sign::Plus, &text[1..]),
        _ => (Sign::Plus, text),
    };
    if digits.is_empty() {
        return None;
    }
    let mut values = Vec::with_capacity(digits.len());
    for c in digits.bytes() {
        let v = match c {
            b'0'..=b'9' => u32::from(c - b'0'),
            b'a'..=b'z' => u32::from(c - b'a') + 10,
            b'A'..=b'Z' if base <= 36 => u32::from(c - b'A') + 10,
            b'A'..=b'Z' => u32::from(c - b'A') + 36,
            _ => return None,
        };
        if v >= base {
            return None;
        }
        values.push(v as u8);
    }
    let magnitude = num_bigint::BigUint::from_radix_be(&values, base)?;
    Some(BigInt::from_biguint(sign, magnitude))
}

#[cfg(test)]
#[path = "numeric_tests.rs"]
mod tests;
