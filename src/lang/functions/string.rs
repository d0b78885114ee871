//! The string functions of Terraform's library. "Characters" here are
//! grapheme clusters, as in Terraform; case mapping follows Go's simple
//! per-character mapping, so `upper("ß")` stays `"ß"`. `format`/`formatlist`
//! and the regular-expression functions live in submodules.

mod format;
mod format_number;
mod regex;
mod regex_translate;

use terrace_value::{Type, Value};
use unicode_segmentation::UnicodeSegmentation;

use super::numeric::whole;
use super::{FuncContext, FuncError, Function, Param};

/// The functions of this group.
pub fn functions() -> Vec<Function> {
    let string = |name| Param::new(name, Type::String);
    let unary = |name, imp| Function::new(name, vec![string("str")], Type::String, imp);
    let mut fns = vec![
        unary("chomp", chomp),
        unary("lower", lower),
        unary("upper", upper),
        unary("strrev", strrev),
        unary("title", title),
        unary("trimspace", trimspace),
        Function::new(
            "endswith",
            vec![string("str"), string("suffix")],
            Type::Bool,
            endswith,
        ),
        Function::new(
            "startswith",
            vec![string("str").unknowns(), string("prefix")],
            Type::Bool,
            startswith,
        ),
        Function::new(
            "strcontains",
            vec![string("str"), string("substr")],
            Type::Bool,
            strcontains,
        ),
        Function::new(
            "indent",
            vec![Param::new("spaces", Type::Number), string("str")],
            Type::String,
            indent,
        ),
        Function::new("join", vec![string("separator")], Type::String, join)
            .variadic(Param::new("lists", Type::list(Type::String))),
        Function::new(
            "replace",
            vec![string("str"), string("substr"), string("replace")],
            Type::String,
            replace,
        ),
        Function::new(
            "split",
            vec![string("separator"), string("str")],
            Type::list(Type::String),
            split,
        ),
        Function::new(
            "substr",
            vec![
                string("str"),
                Param::new("offset", Type::Number),
                Param::new("length", Type::Number),
            ],
            Type::String,
            substr,
        ),
        Function::new(
            "trim",
            vec![string("str"), string("cutset")],
            Type::String,
            trim,
        ),
        Function::new(
            "trimprefix",
            vec![string("str"), string("prefix")],
            Type::String,
            trimprefix,
        ),
        Function::new(
            "trimsuffix",
            vec![string("str"), string("suffix")],
            Type::String,
            trimsuffix,
        ),
    ];
    fns.extend(format::functions());
    fns.extend(regex::functions());
    fns
}

/// The argument at `i` as a string; the call machinery has converted it.
fn text(args: &[Value], i: usize) -> Result<&str, FuncError> {
    args.get(i)
        .and_then(Value::as_str)
        .ok_or_else(|| FuncError::arg(i, "string required"))
}

fn chomp(_: &FuncContext<'_>, args: &[Value]) -> Result<Value, FuncError> {
    Ok(Value::string(text(args, 0)?.trim_end_matches(['\r', '\n'])))
}

/// Go's `unicode.ToUpper`: the simple mapping, one character to one.
fn upper_char(c: char) -> char {
    let mut it = c.to_uppercase();
    match (it.next(), it.next()) {
        (Some(u), None) => u,
        _ => c,
    }
}

/// Go's `unicode.ToLower`: the simple mapping, one character to one.
fn lower_char(c: char) -> char {
    if c == '\u{130}' {
        return 'i';
    }
    let mut it = c.to_lowercase();
    match (it.next(), it.next()) {
        (Some(l), None) => l,
        _ => c,
    }
}

/// Go's `unicode.ToTitle`: like upper case except for the digraphs, which
/// have a distinct title-case form.
fn title_char(c: char) -> char {
    match c {
        '\u{1C4}'..='\u{1C6}' => '\u{1C5}',
        '\u{1C7}'..='\u{1C9}' => '\u{1C8}',
        '\u{1CA}'..='\u{1CC}' => '\u{1CB}',
        '\u{1F1}'..='\u{1F3}' => '\u{1F2}',
        _ => upper_char(c),
    }
}

fn lower(_: &FuncContext<'_>, args: &[Value]) -> Result<Value, FuncError> {
    Ok(Value::string(
        text(args, 0)?.chars().map(lower_char).collect::<String>(),
    ))
}

fn upper(_: &FuncContext<'_>, args: &[Value]) -> Result<Value, FuncError> {
    Ok(Value::string(
        text(args, 0)?.chars().map(upper_char).collect::<String>(),
    ))
}

fn strrev(_: &FuncContext<'_>, args: &[Value]) -> Result<Value, FuncError> {
    Ok(Value::string(
        text(args, 0)?.graphemes(true).rev().collect::<String>(),
    ))
}

/// Whether Go's `strings.Title` starts a new word after `c`.
fn is_word_separator(c: char) -> bool {
    if c.is_ascii() {
        !(c.is_ascii_alphanumeric() || c == '_')
    } else {
        c.is_whitespace()
    }
}

fn title(_: &FuncContext<'_>, args: &[Value]) -> Result<Value, FuncError> {
    let mut prev = ' ';
    let out = text(args, 0)?
        .chars()
        .map(|c| {
            let mapped = if is_word_separator(prev) {
                title_char(c)
            } else {
                c
            };
            prev = c;
            mapped
        })
        .collect::<String>();
    Ok(Value::string(out))
}

fn trimspace(_: &FuncContext<'_>, args: &[Value]) -> Result<Value, FuncError> {
    Ok(Value::string(text(args, 0)?.trim()))
}

fn endswith(_: &FuncContext<'_>, args: &[Value]) -> Result<Value, FuncError> {
    Ok(Value::Bool(text(args, 0)?.ends_with(text(args, 1)?)))
}

fn startswith(_: &FuncContext<'_>, args: &[Value]) -> Result<Value, FuncError> {
    let prefix = text(args, 1)?;
    if !args[0].is_known() {
        // Every string starts with the empty string, known or not.
        return Ok(if prefix.is_empty() {
            Value::Bool(true)
        } else {
            Value::Unknown(Type::Bool)
        });
    }
    Ok(Value::Bool(text(args, 0)?.starts_with(prefix)))
}

fn strcontains(_: &FuncContext<'_>, args: &[Value]) -> Result<Value, FuncError> {
    Ok(Value::Bool(text(args, 0)?.contains(text(args, 1)?)))
}

/// The most text `indent` will build; Terraform has no limit, but a huge
/// count of spaces must fail rather than exhaust memory.
const MAX_INDENT_OUTPUT: usize = 64 << 20;

fn indent(_: &FuncContext<'_>, args: &[Value]) -> Result<Value, FuncError> {
    let spaces = args[0]
        .as_number()
        .map_or(Err(String::new()), whole)
        .map_err(FuncError::call)?;
    let s = text(args, 1)?;
    if spaces < 0 {
        return Err(FuncError::call(
            "panic in function implementation: strings: negative Repeat count",
        ));
    }
    let lines = s.matches('\n').count();
    if lines == 0 {
        return Ok(Value::string(s));
    }
    let total = usize::try_from(spaces)
        .ok()
        .and_then(|n| n.checked_mul(lines))
        .and_then(|n| n.checked_add(s.len()));
    match total {
        Some(t) if t <= MAX_INDENT_OUTPUT => {}
        _ => return Err(FuncError::call("the indented string would be too large")),
    }
    let pad = " ".repeat(spaces as usize);
    Ok(Value::string(s.replace('\n', &format!("\n{pad}"))))
}

fn join(_: &FuncContext<'_>, args: &[Value]) -> Result<Value, FuncError> {
    let sep = text(args, 0)?;
    let lists = &args[1..];
    if lists.is_empty() {
        return Err(FuncError::call("at least one list is required"));
    }
    let mut items = Vec::new();
    for (li, list) in lists.iter().enumerate() {
        for (ei, elem) in list.as_elements().unwrap_or_default().iter().enumerate() {
            match elem.as_str() {
                Some(s) => items.push(s),
                None if lists.len() > 1 => {
                    return Err(FuncError::arg(
                        li + 1,
                        format!(
                            "element {ei} of list {} is null; cannot concatenate null values",
                            li + 1
                        ),
                    ))
                }
                None => {
                    return Err(FuncError::arg(
                        li + 1,
                        format!("element {ei} is null; cannot concatenate null values"),
                    ))
                }
            }
        }
    }
    Ok(Value::string(items.join(sep)))
}

fn replace(_: &FuncContext<'_>, args: &[Value]) -> Result<Value, FuncError> {
    let (s, substr, with) = (text(args, 0)?, text(args, 1)?, text(args, 2)?);
    // A substring wrapped in slashes is a regular expression.
    if substr.len() > 1 && substr.starts_with('/') && substr.ends_with('/') {
        return regex::replace_all(s, &substr[1..substr.len() - 1], with).map(Value::string);
    }
    Ok(Value::string(s.replace(substr, with)))
}

fn split(_: &FuncContext<'_>, args: &[Value]) -> Result<Value, FuncError> {
    let (sep, s) = (text(args, 0)?, text(args, 1)?);
    let parts: Vec<Value> = if sep.is_empty() {
        // Go splits at every character (code point) for an empty separator.
        s.chars().map(|c| Value::string(c.to_string())).collect()
    } else {
        s.split(sep).map(Value::string).collect()
    };
    Ok(Value::List(Type::String, parts))
}

fn substr(_: &FuncContext<'_>, args: &[Value]) -> Result<Value, FuncError> {
    let s = text(args, 0)?;
    let int = |i: usize| {
        args[i]
            .as_number()
            .map_or(Err(String::new()), whole)
            .map_err(FuncError::call)
    };
    let (mut offset, length) = (int(1)?, int(2)?);
    let graphemes: Vec<&str> = s.graphemes(true).collect();
    let count = i64::try_from(graphemes.len()).unwrap_or(i64::MAX);
    if offset < 0 {
        offset = offset.saturating_add(count);
    } else if length == 0 {
        return Ok(Value::string(""));
    }
    if offset > count {
        return Ok(Value::string(""));
    }
    let rest = &graphemes[offset.max(0) as usize..];
    // A zero length only gets here with a negative offset, where Terraform
    // takes the whole remainder; any negative length does too.
    let take = if length <= 0 {
        rest.len()
    } else {
        rest.len().min(length as usize)
    };
    Ok(Value::string(rest[..take].concat()))
}

fn trim(_: &FuncContext<'_>, args: &[Value]) -> Result<Value, FuncError> {
    let cutset = text(args, 1)?;
    Ok(Value::string(
        text(args, 0)?.trim_matches(|c| cutset.contains(c)),
    ))
}

fn trimprefix(_: &FuncContext<'_>, args: &[Value]) -> Result<Value, FuncError> {
    let s = text(args, 0)?;
    Ok(Value::string(s.strip_prefix(text(args, 1)?).unwrap_or(s)))
}

fn trimsuffix(_: &FuncContext<'_>, args: &[Value]) -> Result<Value, FuncError> {
    let s = text(args, 0)?;
    Ok(Value::string(s.strip_suffix(text(args, 1)?).unwrap_or(s)))
}

/// Whether Go's `strconv` prints `c` as itself rather than escaping it: the
/// graphic characters, an approximation of Unicode's L, M, N, P and S.
fn go_printable(c: char) -> bool {
    if c == ' ' {
        return true;
    }
    let format_char = matches!(c,
        '\u{AD}' | '\u{600}'..='\u{605}' | '\u{61C}' | '\u{6DD}' | '\u{70F}' | '\u{180E}'
        | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{206F}'
        | '\u{FEFF}' | '\u{FFF9}'..='\u{FFFB}' | '\u{E000}'..='\u{F8FF}' | '\u{FFFE}'
        | '\u{FFFF}' | '\u{E0001}'..='\u{E007F}' | '\u{F0000}'..);
    !(c.is_control() || c.is_whitespace() || format_char)
}

fn go_escape(out: &mut String, c: char, quote: char) {
    match c {
        '\x07' => out.push_str("\\a"),
        '\x08' => out.push_str("\\b"),
        '\x0C' => out.push_str("\\f"),
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        '\x0B' => out.push_str("\\v"),
        '\\' => out.push_str("\\\\"),
        c if c == quote => {
            out.push('\\');
            out.push(c);
        }
        c if go_printable(c) => out.push(c),
        c if (c as u32) < 0x80 => out.push_str(&format!("\\x{:02x}", c as u32)),
        c if (c as u32) < 0x10000 => out.push_str(&format!("\\u{:04x}", c as u32)),
        c => out.push_str(&format!("\\U{:08x}", c as u32)),
    }
}

/// A string quoted as Go's `%q` (`strconv.Quote`) prints it.
pub(super) fn go_quote(s: &str) -> String {
    super::go_quote::go_quote(s.as_bytes())
}

/// A character quoted as Go's `%q` prints a rune.
fn go_quote_char(c: char) -> String {
    let mut out = String::from('\'');
    go_escape(&mut out, c, '\'');
    out.push('\'');
    out
}

#[cfg(test)]
#[path = "string_tests.rs"]
mod tests;
