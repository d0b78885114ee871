//! Strings that are more than one line or hold JSON: rendered as heredocs
//! diffed line by line, or as `jsonencode(...)` around a diff of the
//! decoded JSON, so a one-word change in a policy document reads as one
//! line.

use terrace_value::Value;

use super::diff::{Act, Diff};
use super::render::{forces, null_suffix, render, symbol, Opts};
use super::text::indent;

/// A multi-line string as `<<-EOT ... EOT`, line by line.
pub(crate) fn heredoc(
    d: &Diff,
    before: Option<&Value>,
    after: Option<&Value>,
    level: usize,
    o: Opts,
) -> String {
    let text = |v: Option<&Value>| v.and_then(Value::as_str).map(|s| s.trim().to_string());
    let pad = indent(level + 1);
    let line = |act: Act, l: &str| format!("{pad}{} {l}", symbol(act, o));
    let lines: Vec<String> = match d.act {
        Act::Create | Act::NoOp => {
            let s = text(if d.act == Act::Create { after } else { before }).unwrap_or_default();
            s.split('\n').map(|l| line(Act::NoOp, l)).collect()
        }
        Act::Delete => {
            let s = text(before).unwrap_or_default();
            s.split('\n').map(|l| line(Act::NoOp, l)).collect()
        }
        Act::Update => {
            let b = text(before).unwrap_or_default();
            let a = text(after).unwrap_or_default();
            let bl: Vec<Value> = b.split('\n').map(Value::from).collect();
            let al: Vec<Value> = a.split('\n').map(Value::from).collect();
            super::diff_match::line_pairs(&bl, &al)
                .into_iter()
                .map(|(x, y)| match (x, y) {
                    (Some(x), Some(_)) => line(Act::NoOp, x),
                    (Some(x), None) => line(Act::Delete, x),
                    (None, Some(y)) => line(Act::Create, y),
                    (None, None) => String::new(),
                })
                .collect()
        }
    };
    format!(
        "<<-EOT{}\n{}\n{}{} EOT{}",
        forces(d.replace, o),
        lines.join("\n"),
        indent(level),
        symbol(Act::NoOp, o),
        null_suffix(d.act, o)
    )
}

/// A JSON string as `jsonencode(...)` around the diff of its contents.
pub(crate) fn json(d: &Diff, inner: &Diff, level: usize, o: Opts) -> String {
    let mut jo = o;
    let mut act = d.act;
    let mut whitespace = "";
    let mut replace = forces(d.replace, o);
    if inner.act == Act::NoOp && d.act == Act::Update {
        whitespace = if d.replace {
            " # whitespace changes force replacement"
        } else {
            " # whitespace changes"
        };
        replace = String::new();
        jo.show_unchanged = true;
        act = Act::NoOp;
    }
    let body = render(inner, level + 1, jo);
    if matches!(d.act, Act::Create | Act::Delete) {
        act = Act::NoOp;
    }
    if body.contains('\n') {
        format!(
            "jsonencode({whitespace}\n{}{} {body}{replace}\n{})",
            indent(level + 1),
            symbol(act, o),
            indent(level + 1)
        )
    } else {
        format!("jsonencode({body}){whitespace}{replace}")
    }
}
