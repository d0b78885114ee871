//! `format` and `formatlist`: printf-style verbs as Terraform implements them
//! (flags, width, precision, then an optional `[n]` argument index, then the
//! verb letter), with its exact error messages and offsets. Widths count
//! grapheme clusters; structured values print as JSON.

use std::collections::BTreeMap;

use terrace_value::{Number, Type, Value};
use unicode_segmentation::UnicodeSegmentation;

use super::format_number;
use super::{go_quote, go_quote_char, text};
use crate::lang::functions::{FuncContext, FuncError, Function, Param};

/// The largest width or precision accepted. Terraform has none, but a
/// `%999999999d` must fail rather than build a gigabyte of padding.
const MAX_WIDTH: usize = 1_000_000;

/// The functions of this module.
pub(super) fn functions() -> Vec<Function> {
    vec![
        Function::new(
            "format",
            vec![Param::new("format", Type::String)],
            Type::String,
            format,
        )
        .variadic(Param::new("args", Type::Dynamic).nullable()),
        Function::new(
            "formatlist",
            vec![Param::new("format", Type::String)],
            Type::list(Type::String),
            formatlist,
        )
        .variadic(Param::new("args", Type::Dynamic).nullable().unknowns()),
    ]
}

/// One `%` sequence of a format string.
pub(super) struct Verb {
    /// The sequence as written, such as `%-5.2[3]f`.
    pub raw: String,
    /// Its byte offset in the format string.
    pub offset: usize,
    /// The one-based index of the argument it formats.
    pub arg: usize,
    /// The verb letter.
    pub mode: char,
    pub zero: bool,
    pub sharp: bool,
    pub plus: bool,
    pub minus: bool,
    pub space: bool,
    pub width: Option<usize>,
    pub prec: Option<usize>,
}

fn format(_: &FuncContext<'_>, args: &[Value]) -> Result<Value, FuncError> {
    format_text(text(args, 0)?, &args[1..]).map(Value::String)
}

fn formatlist(_: &FuncContext<'_>, args: &[Value]) -> Result<Value, FuncError> {
    let fmt = text(args, 0)?;
    let args = &args[1..];
    if args.is_empty() {
        return Ok(Value::List(
            Type::String,
            vec![Value::String(format_text(fmt, args)?)],
        ));
    }
    // Sequences are walked in step; anything else repeats on every line.
    let mut len: Option<(usize, usize)> = None;
    let mut unknown = false;
    for (i, arg) in args.iter().enumerate() {
        let ty = arg.ty();
        let sequence = matches!(ty, Type::List(_) | Type::Set(_) | Type::Tuple(_));
        if sequence && !arg.is_null() {
            let this = match (&ty, arg.length()) {
                (_, Some(n)) => n,
                (Type::Tuple(ts), None) => ts.len(),
                _ => {
                    unknown = true;
                    continue;
                }
            };
            match len {
                None => len = Some((this, i)),
                Some((n, first)) if n != this => {
                    return Err(FuncError::arg(
                        i + 1,
                        format!(
                            "argument {} has length {this}, which is inconsistent with argument {} of length {n}",
                            i + 1,
                            first + 1
                        ),
                    ))
                }
                Some(_) => {}
            }
            unknown |= !arg.is_known();
        } else if *arg == Value::Unknown(Type::Dynamic) {
            unknown = true;
        }
    }
    if unknown {
        return Ok(Value::Unknown(Type::list(Type::String)));
    }
    let rows = len.map_or(1, |(n, _)| n);
    let mut out = Vec::with_capacity(rows);
    for row in 0..rows {
        let row_args: Vec<Value> = args
            .iter()
            .map(|arg| match arg.as_elements() {
                Some(elems) if !arg.is_null() => elems[row].clone(),
                _ => arg.clone(),
            })
            .collect();
        if !row_args.iter().all(Value::is_wholly_known) {
            out.push(Value::Unknown(Type::String));
            continue;
        }
        let line = format_text(fmt, &row_args).map_err(|e| {
            FuncError::call(format!("error on format iteration {row}: {}", e.message))
        })?;
        out.push(Value::String(line));
    }
    Ok(Value::List(Type::String, out))
}

/// Reads a decimal number at `*p`, saturating rather than overflowing.
fn read_number(b: &[u8], p: &mut usize) -> usize {
    let mut n: usize = 0;
    while let Some(d) = b.get(*p).filter(|c| c.is_ascii_digit()) {
        n = n.saturating_mul(10).saturating_add(usize::from(d - b'0'));
        *p += 1;
    }
    n
}

/// Formats `args` by `fmt`, failing as Terraform does.
pub(super) fn format_text(fmt: &str, args: &[Value]) -> Result<String, FuncError> {
    let b = fmt.as_bytes();
    let stuck = |p: usize| match fmt.get(p..).and_then(|rest| rest.chars().next()) {
        Some(c) => FuncError::call(format!(
            "unrecognized format character {} at offset {p}",
            go_quote_char(c)
        )),
        None => FuncError::call(format!(
            "invalid format string starting at offset {}",
            b.len()
        )),
    };
    let mut out = String::new();
    let mut p = 0;
    let mut next_arg = 1;
    let mut highest = 0;
    while p < b.len() {
        if b[p] != b'%' {
            let end = fmt[p..].find('%').map_or(b.len(), |i| p + i);
            out.push_str(&fmt[p..end]);
            p = end;
            continue;
        }
        let start = p;
        p += 1;
        if b.get(p) == Some(&b'%') {
            out.push('%');
            p += 1;
            continue;
        }
        let mut verb = Verb {
            raw: String::new(),
            offset: start,
            arg: next_arg,
            mode: '?',
            zero: false,
            sharp: false,
            plus: false,
            minus: false,
            space: false,
            width: None,
            prec: None,
        };
        while let Some(c) = b.get(p) {
            match c {
                b'0' => verb.zero = true,
                b'#' => verb.sharp = true,
                b'-' => verb.minus = true,
                b'+' => verb.plus = true,
                b' ' => verb.space = true,
                _ => break,
            }
            p += 1;
        }
        if matches!(b.get(p), Some(b'1'..=b'9')) {
            verb.width = Some(read_number(b, &mut p));
        }
        if b.get(p) == Some(&b'.') {
            p += 1;
            verb.prec = Some(read_number(b, &mut p));
        }
        if b.get(p) == Some(&b'[') {
            p += 1;
            if !matches!(b.get(p), Some(b'1'..=b'9')) {
                return Err(stuck(p));
            }
            verb.arg = read_number(b, &mut p);
            if b.get(p) != Some(&b']') {
                return Err(stuck(p));
            }
            p += 1;
        }
        match b.get(p) {
            Some(c) if c.is_ascii_alphabetic() => verb.mode = char::from(*c),
            _ => return Err(stuck(p)),
        }
        p += 1;
        verb.raw = fmt[start..p].to_string();
        highest = highest.max(verb.arg);
        out.push_str(&format_verb(&verb, args)?);
        next_arg = verb.arg.saturating_add(1);
    }
    if highest < args.len() {
        let message = if highest == 0 {
            "too many arguments; no verbs in format string".to_string()
        } else {
            format!("too many arguments; only {highest} used by format string")
        };
        return Err(FuncError::arg(highest + 1, message));
    }
    Ok(out)
}

fn unsupported(verb: &Verb, why: impl std::fmt::Display) -> FuncError {
    FuncError::call(format!(
        "unsupported value for {} at {}: {why}",
        go_quote(&verb.raw),
        verb.offset
    ))
}

fn format_verb(verb: &Verb, args: &[Value]) -> Result<String, FuncError> {
    let Some(arg) = args.get(verb.arg - 1) else {
        return Err(FuncError::call(format!(
            "not enough arguments for {} at {}: need index {} but have {} total",
            go_quote(&verb.raw),
            verb.offset,
            verb.arg,
            args.len()
        )));
    };
    let arg = arg.unmarked();
    if verb.mode != 'v' && arg.is_null() {
        return Err(unsupported(verb, "null value cannot be formatted"));
    }
    if verb.width.unwrap_or(0).max(verb.prec.unwrap_or(0)) > MAX_WIDTH {
        return Err(unsupported(
            verb,
            format!("width and precision may not exceed {MAX_WIDTH}"),
        ));
    }
    match verb.mode {
        'v' => Ok(pad(
            verb,
            as_is(verb, arg).map_err(|e| unsupported(verb, e))?,
        )),
        't' => Ok(to_bool(arg).map_err(|e| unsupported(verb, e))?.to_string()),
        'b' | 'd' | 'o' | 'x' | 'X' => {
            let n = to_number(arg).map_err(|e| unsupported(verb, e))?;
            let too_big = n
                .to_decimal()
                .is_none_or(|d| d.digits() as i64 - d.fractional_digit_count() > MAX_WIDTH as i64);
            if too_big {
                return Err(unsupported(verb, "the number is too large to format"));
            }
            let int = n
                .to_bigint()
                .ok_or_else(|| unsupported(verb, "an integer is required"))?;
            Ok(format_number::integer(verb, &int))
        }
        'e' | 'E' | 'f' | 'g' | 'G' => {
            let n = to_number(arg).map_err(|e| unsupported(verb, e))?;
            format_number::float(verb, &n).map_err(|e| unsupported(verb, e))
        }
        's' | 'q' => {
            let s = to_text(arg).map_err(|e| unsupported(verb, e))?;
            let s = match verb.prec.filter(|p| *p > 0) {
                Some(p) => s.graphemes(true).take(p).collect(),
                None => s,
            };
            Ok(pad(
                verb,
                if verb.mode == 'q' { json_string(&s) } else { s },
            ))
        }
        m => Err(FuncError::call(format!(
            "unsupported format verb {} in {} at offset {}",
            go_quote_char(m),
            go_quote(&verb.raw),
            verb.offset
        ))),
    }
}

/// Pads to the verb's width in grapheme clusters. Unlike Go's numbers, the
/// zero flag pads with zeros even on the right when combined with `-`.
fn pad(verb: &Verb, s: String) -> String {
    let Some(width) = verb.width else { return s };
    let have = s.graphemes(true).count();
    if have >= width {
        return s;
    }
    let pads = (if verb.zero { "0" } else { " " }).repeat(width - have);
    if verb.minus {
        s + &pads
    } else {
        pads + &s
    }
}

/// `%v`: strings as they are, numbers in shortest `%g` form, the rest (and
/// everything under `%#v`) as JSON.
fn as_is(verb: &Verb, arg: &Value) -> Result<String, String> {
    match arg {
        Value::String(s) if !verb.sharp => Ok(s.clone()),
        Value::Number(n) if !verb.sharp => Ok(format_number::shortest(n)),
        v => json(v),
    }
}

fn mismatch(want: &str, have: &Value) -> String {
    format!("{want} required, but have {}", have.ty().friendly_name())
}

fn to_text(v: &Value) -> Result<String, String> {
    match v {
        Value::String(s) => Ok(s.clone()),
        Value::Number(n) => Ok(n.to_string()),
        Value::Bool(b) => Ok(b.to_string()),
        v => Err(mismatch("string", v)),
    }
}

fn to_number(v: &Value) -> Result<Number, String> {
    match v {
        Value::Number(n) => Ok(n.clone()),
        Value::String(s) => Number::parse(s).map_err(|_| "a number is required".to_string()),
        v => Err(mismatch("number", v)),
    }
}

fn to_bool(v: &Value) -> Result<bool, String> {
    match v {
        Value::Bool(b) => Ok(*b),
        Value::String(s) if s == "true" => Ok(true),
        Value::String(s) if s == "false" => Ok(false),
        Value::String(_) => Err("a bool is required".to_string()),
        v => Err(mismatch("bool", v)),
    }
}

/// A value as compact JSON, as Terraform encodes it for `%#v`.
fn json(v: &Value) -> Result<String, String> {
    let mut out = String::new();
    write_json(&mut out, v)?;
    Ok(out)
}

fn write_json(out: &mut String, v: &Value) -> Result<(), String> {
    match v {
        Value::Marked(inner, _) => write_json(out, inner)?,
        Value::Null(_) => out.push_str("null"),
        Value::Unknown(_) => return Err("value is not known".to_string()),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => out.push_str(&n.to_string()),
        Value::String(s) => out.push_str(&json_string(s)),
        Value::List(_, vs) | Value::Set(_, vs) | Value::Tuple(vs) => {
            out.push('[');
            for (i, e) in vs.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_json(out, e)?;
            }
            out.push(']');
        }
        Value::Map(_, m) | Value::Object(m) => write_json_object(out, m)?,
    }
    Ok(())
}

fn write_json_object(out: &mut String, m: &BTreeMap<String, Value>) -> Result<(), String> {
    out.push('{');
    for (i, (k, e)) in m.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&json_string(k));
        out.push(':');
        write_json(out, e)?;
    }
    out.push('}');
    Ok(())
}

/// A JSON string as Go's encoder writes it, escaping HTML-significant
/// characters and the line and paragraph separators.
pub(super) fn json_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\x08' => out.push_str("\\b"),
            '\x0C' => out.push_str("\\f"),
            '<' | '>' | '&' | '\u{2028}' | '\u{2029}' => {
                out.push_str(&format!("\\u{:04x}", c as u32))
            }
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
#[path = "format_tests.rs"]
mod tests;
