//! Turns a structured diff into the text of Terraform's plan renderer:
//! `~ attr = old -> new`, nested `{ ... }` and `[ ... ]` with their symbols,
//! `(known after apply)`, `(sensitive value)`, heredocs for multi-line
//! strings, `jsonencode(...)` for JSON strings, `# forces replacement`, and
//! counts of unchanged parts that are hidden.

use terrace_value::Value;

use super::diff::{Act, Diff, Node};
use super::paint::paint;
use super::render_strings::{heredoc, json};
use super::text::{attribute_name, go_quote, indent};

/// Attributes shown even when unchanged, so the reader can tell which object
/// is meant.
pub(crate) const IMPORTANT: &[&str] = &["id", "name", "tags"];

/// How a node is rendered; children get adjusted copies.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Opts {
    pub color: bool,
    /// Never print ` -> null` (children of a structure being deleted).
    pub no_null_suffix: bool,
    /// Print `# forces replacement` even if this node is not a replace path.
    pub force_replace: bool,
    /// Never print `# forces replacement` (the container already does).
    pub forbid_replace: bool,
    /// Show unchanged children instead of counting them.
    pub show_unchanged: bool,
}

/// The action symbol, painted.
pub(crate) fn symbol(act: Act, o: Opts) -> String {
    paint(act.symbol(), o.color)
}

pub(crate) fn null_suffix(act: Act, o: Opts) -> String {
    if act == Act::Delete && !o.no_null_suffix {
        paint(" [dark_gray]-> null[reset]", o.color)
    } else {
        String::new()
    }
}

pub(crate) fn forces(replace: bool, o: Opts) -> String {
    if (replace || o.force_replace) && !o.forbid_replace {
        paint(" [red]# forces replacement[reset]", o.color)
    } else {
        String::new()
    }
}

/// `# (N unchanged things hidden)`.
pub(crate) fn unchanged(keyword: &str, count: usize, o: Opts) -> String {
    let plural = if count == 1 { "" } else { "s" };
    paint(
        &format!("[dark_gray]# ({count} unchanged {keyword}{plural} hidden)[reset]"),
        o.color,
    )
}

/// Warning lines to print above a child's line (sensitivity changes).
pub(crate) fn warnings(d: &Diff, level: usize, o: Opts) -> Vec<String> {
    let Node::Sensitive {
        before,
        after,
        inner,
    } = &d.node
    else {
        return Vec::new();
    };
    if before == after || matches!(inner, Act::Create | Act::Delete) {
        return Vec::new();
    }
    let pad = indent(level);
    let mut text = if *before {
        format!("  # [yellow]Warning[reset]: this attribute value will no longer be marked as sensitive\n{pad}  # after applying this change.")
    } else {
        format!("  # [yellow]Warning[reset]: this attribute value will be marked as sensitive and will not\n{pad}  # display in UI output after applying this change.")
    };
    if *inner == Act::NoOp {
        text.push_str(" The value is unchanged.");
    }
    vec![paint(&text, o.color)]
}

/// A diff node as text, at nesting `level`.
pub(crate) fn render(d: &Diff, level: usize, o: Opts) -> String {
    match &d.node {
        Node::Primitive { before, after } => {
            primitive(d, before.as_ref(), after.as_ref(), level, o)
        }
        Node::Json(inner) => json(d, inner, level, o),
        Node::Unknown(None) => format!("(known after apply){}", forces(d.replace, o)),
        Node::Unknown(Some(_)) if d.act == Act::Create => {
            format!("(known after apply){}", forces(d.replace, o))
        }
        Node::Unknown(Some(before)) => {
            let mut bo = o;
            bo.no_null_suffix = true;
            bo.forbid_replace = bo.forbid_replace || d.replace;
            format!(
                "{} -> (known after apply){}",
                render(before, level, bo),
                forces(d.replace, o)
            )
        }
        Node::Sensitive { .. } => format!(
            "(sensitive value){}{}",
            null_suffix(d.act, o),
            forces(d.replace, o)
        ),
        Node::Object(attrs) => object(d, attrs, level, o),
        Node::Map(elems) => map(d, elems, level, o),
        Node::List(elems) => list(d, elems, level, o),
        Node::Set(elems) => set(d, elems, level, o),
        Node::TypeChange(before, after) => {
            let mut co = o;
            co.no_null_suffix = true;
            format!(
                "{} {} {}",
                render(before, level, co),
                paint("[yellow]->[reset]", o.color),
                render(after, level, co)
            )
        }
    }
}

fn scalar(v: Option<&Value>, o: Opts) -> String {
    match v.map(Value::unmarked) {
        None | Some(Value::Null(_)) => paint("[dark_gray]null[reset]", o.color),
        Some(Value::Bool(b)) => b.to_string(),
        Some(Value::Number(n)) => n.to_string(),
        Some(Value::String(s)) => go_quote(s),
        Some(_) => "(known after apply)".into(),
    }
}

fn primitive(
    d: &Diff,
    before: Option<&Value>,
    after: Option<&Value>,
    level: usize,
    o: Opts,
) -> String {
    let multiline = |v: Option<&Value>| v.and_then(Value::as_str).is_some_and(|s| s.contains('\n'));
    if multiline(before) || multiline(after) {
        return heredoc(d, before, after, level, o);
    }
    let f = forces(d.replace, o);
    match d.act {
        Act::Create => format!("{}{f}", scalar(after, o)),
        Act::Delete => format!("{}{}{f}", scalar(before, o), null_suffix(d.act, o)),
        Act::NoOp => format!("{}{f}", scalar(before, o)),
        Act::Update => format!(
            "{} {} {}{f}",
            scalar(before, o),
            paint("[yellow]->[reset]", o.color),
            scalar(after, o)
        ),
    }
}

fn object(d: &Diff, attrs: &[(String, Diff)], level: usize, o: Opts) -> String {
    if attrs.is_empty() {
        return format!("{{}}{}{}", null_suffix(d.act, o), forces(d.replace, o));
    }
    let mut co = o;
    co.no_null_suffix = true;
    let names: Vec<String> = attrs.iter().map(|(k, _)| attribute_name(k)).collect();
    let width = names.iter().map(|n| n.chars().count()).max().unwrap_or(0);
    let pad = indent(level + 1);
    let mut out = format!("{{{}\n", forces(d.replace, o));
    let mut hidden = 0;
    for ((key, child), name) in attrs.iter().zip(&names) {
        let important = IMPORTANT.contains(&key.as_str());
        if !important && child.act == Act::NoOp && !o.show_unchanged {
            hidden += 1;
            continue;
        }
        let mut io = co;
        io.show_unchanged = io.show_unchanged || important;
        for w in warnings(child, level + 1, o) {
            out.push_str(&format!("{pad}{w}\n"));
        }
        out.push_str(&format!(
            "{pad}{} {name:<width$} = {}\n",
            symbol(child.act, o),
            render(child, level + 1, io)
        ));
    }
    if hidden > 0 {
        out.push_str(&format!(
            "{pad}{} {}\n",
            symbol(Act::NoOp, o),
            unchanged("attribute", hidden, o)
        ));
    }
    out.push_str(&format!(
        "{}{} }}{}",
        indent(level),
        symbol(Act::NoOp, o),
        null_suffix(d.act, o)
    ));
    out
}

fn map(d: &Diff, elems: &[(String, Diff)], level: usize, o: Opts) -> String {
    if elems.is_empty() {
        return format!("{{}}{}{}", null_suffix(d.act, o), forces(d.replace, o));
    }
    let width = elems
        .iter()
        .map(|(k, _)| k.chars().count())
        .max()
        .unwrap_or(0)
        + 2;
    let mut co = o;
    co.no_null_suffix = d.act == Act::Delete;
    co.force_replace = false;
    let pad = indent(level + 1);
    let mut out = format!("{{{}\n", forces(d.replace, o));
    let mut hidden = 0;
    for (key, child) in elems {
        if child.act == Act::NoOp && !o.show_unchanged {
            hidden += 1;
            continue;
        }
        for w in warnings(child, level + 1, o) {
            out.push_str(&format!("{pad}{w}\n"));
        }
        let comma = if matches!(child.node, Node::Object(_)) {
            ","
        } else {
            ""
        };
        out.push_str(&format!(
            "{pad}{} {:<width$} = {}{comma}\n",
            symbol(child.act, o),
            go_quote(key),
            render(child, level + 1, co)
        ));
    }
    if hidden > 0 {
        out.push_str(&format!(
            "{pad}{} {}\n",
            symbol(Act::NoOp, o),
            unchanged("element", hidden, o)
        ));
    }
    out.push_str(&format!(
        "{}{} }}{}",
        indent(level),
        symbol(Act::NoOp, o),
        null_suffix(d.act, o)
    ));
    out
}

/// A list or tuple: unchanged elements are hidden, except the one on each
/// side of a change, which gives the reader its place in the list.
fn list(d: &Diff, elems: &[Diff], level: usize, o: Opts) -> String {
    if elems.is_empty() {
        return format!("[]{}{}", null_suffix(d.act, o), forces(d.replace, o));
    }
    let mut eo = o;
    eo.no_null_suffix = true;
    let mut uo = o;
    uo.show_unchanged = true;
    let pad = indent(level + 1);
    let mut out = format!("[{}\n", forces(d.replace, o));
    let mut pending: Vec<&Diff> = Vec::new();
    let mut render_next = false;
    for e in elems {
        if e.act == Act::NoOp && !render_next && !o.show_unchanged {
            pending.push(e);
            continue;
        }
        render_next = false;
        if pending.len() > 1 {
            out.push_str(&format!(
                "{pad}{} {}\n",
                symbol(Act::NoOp, o),
                unchanged("element", pending.len() - 1, o)
            ));
        }
        if let Some(last) = pending.last() {
            out.push_str(&format!(
                "{pad}{} {},\n",
                symbol(last.act, o),
                render(last, level + 1, uo)
            ));
        }
        pending.clear();
        let eo = if e.act == Act::NoOp {
            uo
        } else {
            render_next = true;
            eo
        };
        for w in warnings(e, level + 1, o) {
            out.push_str(&format!("{pad}{w}\n"));
        }
        out.push_str(&format!(
            "{pad}{} {},\n",
            symbol(e.act, o),
            render(e, level + 1, eo)
        ));
    }
    if !pending.is_empty() {
        out.push_str(&format!(
            "{pad}{} {}\n",
            symbol(Act::NoOp, o),
            unchanged("element", pending.len(), o)
        ));
    }
    out.push_str(&format!(
        "{}{} ]{}",
        indent(level),
        symbol(Act::NoOp, o),
        null_suffix(d.act, o)
    ));
    out
}

fn set(d: &Diff, elems: &[Diff], level: usize, o: Opts) -> String {
    if elems.is_empty() {
        return format!("[]{}{}", null_suffix(d.act, o), forces(d.replace, o));
    }
    let mut eo = o;
    eo.no_null_suffix = true;
    let pad = indent(level + 1);
    let mut out = format!("[{}\n", forces(d.replace, o));
    let mut hidden = 0;
    for e in elems {
        if e.act == Act::NoOp && !o.show_unchanged {
            hidden += 1;
            continue;
        }
        for w in warnings(e, level + 1, o) {
            out.push_str(&format!("{pad}{w}\n"));
        }
        out.push_str(&format!(
            "{pad}{} {},\n",
            symbol(e.act, o),
            render(e, level + 1, eo)
        ));
    }
    if hidden > 0 {
        out.push_str(&format!(
            "{pad}{} {}\n",
            symbol(Act::NoOp, o),
            unchanged("element", hidden, o)
        ));
    }
    out.push_str(&format!(
        "{}{} ]{}",
        indent(level),
        symbol(Act::NoOp, o),
        null_suffix(d.act, o)
    ));
    out
}
