//! `regex`, `regexall` and the `/pattern/` form of `replace`. Terraform uses
//! Go's RE2 dialect; patterns are rewritten for the `regex` crate by
//! [`super::regex_translate`], and results take the shape Terraform gives
//! them: the whole match, a tuple of groups or an object of named groups.

use std::collections::BTreeMap;

use regex::Regex;
use terrace_value::{Type, Value};

use super::regex_translate::{is_word, translate, SyntaxError};
use super::text;
use crate::lang::functions::{FuncContext, FuncError, Function, Param};

/// The functions of this module.
pub(super) fn functions() -> Vec<Function> {
    let params = || {
        vec![
            Param::new("pattern", Type::String),
            Param::new("string", Type::String),
        ]
    };
    vec![
        Function::new("regex", params(), Type::Dynamic, regex),
        Function::new("regexall", params(), Type::list(Type::Dynamic), regexall),
    ]
}

/// A compiled pattern and the Go name of each capture group (`None` for
/// unnamed ones), in order.
struct GoRegex {
    re: Regex,
    names: Vec<Option<String>>,
}

impl GoRegex {
    fn new(pattern: &str) -> Result<GoRegex, SyntaxError> {
        let (translated, names) = translate(pattern)?;
        let re = Regex::new(&translated).map_err(|e| SyntaxError {
            code: match e {
                regex::Error::CompiledTooBig(_) => "expression too large",
                _ => "invalid or unsupported Perl syntax",
            },
            expr: pattern.to_string(),
        })?;
        Ok(GoRegex { re, names })
    }
}

/// The shape of a pattern's results: the whole match, a tuple of unnamed
/// groups, or an object of named ones.
fn result_type(re: &GoRegex) -> Result<Type, String> {
    let named: Vec<&String> = re.names.iter().flatten().collect();
    let unnamed = re.names.len() - named.len();
    match (unnamed, named.len()) {
        (0, 0) => Ok(Type::String),
        (_, 0) => Ok(Type::Tuple(vec![Type::String; unnamed])),
        (0, _) => Ok(Type::object(
            named
                .into_iter()
                .map(|n| (n.clone(), Type::String))
                .collect(),
        )),
        _ => Err("invalid regexp pattern: cannot mix both named and unnamed capture groups".into()),
    }
}

fn compile_for(args: &[Value]) -> Result<(GoRegex, Type), FuncError> {
    let pattern = text(args, 0)?;
    let re = GoRegex::new(pattern).map_err(|e| {
        FuncError::arg(
            0,
            format!("invalid regexp pattern: {} in {}", e.code, e.expr),
        )
    })?;
    let ty = result_type(&re).map_err(|e| FuncError::arg(0, e))?;
    Ok((re, ty))
}

fn captured(caps: &regex::Captures<'_>, i: usize) -> Value {
    caps.get(i)
        .map_or(Value::Null(Type::String), |m| Value::string(m.as_str()))
}

fn result(re: &GoRegex, caps: &regex::Captures<'_>, ty: &Type) -> Value {
    match ty {
        Type::String => captured(caps, 0),
        Type::Tuple(_) => Value::Tuple((1..=re.names.len()).map(|i| captured(caps, i)).collect()),
        _ => {
            // Go keeps the last of several groups with the same name.
            let mut attrs = BTreeMap::new();
            for (i, name) in re.names.iter().enumerate() {
                if let Some(name) = name {
                    attrs.insert(name.clone(), captured(caps, i + 1));
                }
            }
            Value::Object(attrs)
        }
    }
}

fn regex(_: &FuncContext<'_>, args: &[Value]) -> Result<Value, FuncError> {
    let (re, ty) = compile_for(args)?;
    let caps = re
        .re
        .captures(text(args, 1)?)
        .ok_or_else(|| FuncError::call("pattern did not match any part of the given string"))?;
    Ok(result(&re, &caps, &ty))
}

fn regexall(_: &FuncContext<'_>, args: &[Value]) -> Result<Value, FuncError> {
    let (re, ty) = compile_for(args)?;
    let all = re
        .re
        .captures_iter(text(args, 1)?)
        .map(|caps| result(&re, &caps, &ty))
        .collect();
    Ok(Value::List(ty, all))
}

/// `replace` with a regular expression: Go's `ReplaceAllString`, whose
/// template expands `$1`, `${1}`, `$name` and `${name}`, with `$$` for `$`.
pub(super) fn replace_all(s: &str, pattern: &str, template: &str) -> Result<String, FuncError> {
    let re = GoRegex::new(pattern)
        .map_err(|e| FuncError::call(format!("error parsing regexp: {}: `{}`", e.code, e.expr)))?;
    let mut out = String::new();
    let mut last = 0;
    for caps in re.re.captures_iter(s) {
        let Some(whole) = caps.get(0) else { continue };
        out.push_str(&s[last..whole.start()]);
        expand(&mut out, &re, &caps, template);
        last = whole.end();
    }
    out.push_str(&s[last..]);
    Ok(out)
}

/// Appends `template` with references to `caps` filled in, as Go's
/// `Regexp.Expand` does; a `$` not followed by a valid name stays literal.
fn expand(out: &mut String, re: &GoRegex, caps: &regex::Captures<'_>, template: &str) {
    let mut rest = template;
    while let Some(i) = rest.find('$') {
        out.push_str(&rest[..i]);
        rest = &rest[i + 1..];
        if let Some(after) = rest.strip_prefix('$') {
            out.push('$');
            rest = after;
            continue;
        }
        let (name, after) = if let Some(inner) = rest.strip_prefix('{') {
            match inner.find('}') {
                Some(end) if end > 0 && inner[..end].chars().all(is_word) => {
                    (&inner[..end], &inner[end + 1..])
                }
                _ => ("", rest),
            }
        } else {
            let end = rest.find(|c: char| !is_word(c)).unwrap_or(rest.len());
            (&rest[..end], &rest[end..])
        };
        if name.is_empty() {
            out.push('$');
            continue;
        }
        rest = after;
        let index = match name.parse::<usize>() {
            Ok(n) => Some(n),
            Err(_) => re
                .names
                .iter()
                .position(|n| n.as_deref() == Some(name))
                .map(|i| i + 1),
        };
        if let Some(m) = index.and_then(|i| caps.get(i)) {
            out.push_str(m.as_str());
        }
    }
    out.push_str(rest);
}

#[cfg(test)]
#[path = "regex_tests.rs"]
mod tests;
