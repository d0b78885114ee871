//! One resource instance in the plan: the `# addr will be created` comment
//! with its reasons, the `+ resource "type" "name" {` header, and the body of
//! attributes, where `id`, `name` and `tags` are always shown so the reader
//! can tell which object is meant.

use terrace_value::{Path, Type, Value};

use super::diff::{Act, Diff, Differ};
use super::paint::paint;
use super::render::{render, symbol, unchanged, warnings, Opts, IMPORTANT};
use super::text::{attribute_name, indent};
use crate::addrs::{InstanceKey, Mode};
use crate::engine::plan_model::{Action, ActionReason, ResourceChange};

/// Whether the change is proposed by the plan or was found by refresh.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Cause {
    Proposed,
    Drift,
}

/// Whether the change has anything to show.
pub(crate) fn is_shown(rc: &ResourceChange) -> bool {
    rc.action != Action::NoOp || moved(rc) || rc.importing.is_some()
}

fn moved(rc: &ResourceChange) -> bool {
    rc.prev_addr.as_ref().is_some_and(|p| *p != rc.addr)
}

/// The whole block for one instance, or `None` when there is nothing to say.
pub(crate) fn render_resource(
    rc: &ResourceChange,
    cause: Cause,
    tool: &str,
    color: bool,
) -> Option<String> {
    if !is_shown(rc) {
        return None;
    }
    let mode = match rc.addr.resource.mode {
        Mode::Managed => "resource",
        Mode::Data => "data",
    };
    let header = format!(
        "{mode} \"{}\" \"{}\"",
        rc.addr.resource.type_name, rc.addr.resource.name
    );
    let opts = Opts {
        color,
        show_unchanged: rc.importing.is_some(),
        ..Opts::default()
    };
    Some(format!(
        "{}{} {header} {}",
        paint(&comment(rc, cause, tool), color),
        paint(action_symbol(rc.action), color),
        body(rc, opts)
    ))
}

/// The three-column symbol of a resource action.
pub(crate) fn action_symbol(action: Action) -> &'static str {
    match action {
        Action::NoOp => "   ",
        Action::Create => "  [green]+[reset]",
        Action::Update => "  [yellow]~[reset]",
        Action::Delete => "  [red]-[reset]",
        Action::DeleteThenCreate => "[red]-[reset]/[green]+[reset]",
        Action::CreateThenDelete => "[green]+[reset]/[red]-[reset]",
        Action::Read => " [cyan]<=[reset]",
        Action::Forget => " [red].[reset]",
    }
}

fn comment(rc: &ResourceChange, cause: Cause, tool: &str) -> String {
    let addr = rc.addr.to_string();
    let mut out = match rc.action {
        Action::Create => format!("[bold]  # {addr}[reset] will be created"),
        Action::Read => {
            let mut s = format!("[bold]  # {addr}[reset] will be read during apply");
            match rc.reason {
                Some(ActionReason::ReadBecauseConfigUnknown) => {
                    s.push_str("\n  # (config refers to values not yet known)")
                }
                Some(ActionReason::ReadBecauseDependencyPending) => {
                    s.push_str("\n  # (depends on a resource or a module with changes pending)")
                }
                _ => {}
            }
            s
        }
        Action::Update => match cause {
            Cause::Proposed => format!("[bold]  # {addr}[reset] will be updated in-place"),
            Cause::Drift => format!("[bold]  # {addr}[reset] has changed"),
        },
        Action::DeleteThenCreate | Action::CreateThenDelete => match rc.reason {
            Some(ActionReason::ReplaceBecauseTainted) => {
                format!("[bold]  # {addr}[reset] is tainted, so must be [bold][red]replaced[reset]")
            }
            Some(ActionReason::ReplaceByRequest) => {
                format!("[bold]  # {addr}[reset] will be [bold][red]replaced[reset], as requested")
            }
            Some(ActionReason::ReplaceByTriggers) => format!(
                "[bold]  # {addr}[reset] will be [bold][red]replaced[reset] due to changes in replace_triggered_by"
            ),
            _ => format!("[bold]  # {addr}[reset] must be [bold][red]replaced[reset]"),
        },
        Action::Forget => format!(
            "[bold] # {addr}[reset] will no longer be managed by {tool}, but [bold][red]will not be destroyed[reset]\n # (destroy = false is set in the configuration)"
        ),
        Action::Delete => {
            let mut s = match cause {
                Cause::Proposed => format!("[bold]  # {addr}[reset] will be [bold][red]destroyed[reset]"),
                Cause::Drift => format!("[bold]  # {addr}[reset] has been deleted"),
            };
            match (&rc.reason, &rc.addr.key) {
                (Some(ActionReason::DeleteBecauseNoResourceConfig), _) => s.push_str(&format!(
                    "\n  # (because {}.{} is not in configuration)",
                    rc.addr.resource.type_name, rc.addr.resource.name
                )),
                (Some(ActionReason::DeleteBecauseNoModule), _) => {
                    s.push_str(&format!("\n  # (because {} is not in configuration)", rc.addr.module))
                }
                (Some(ActionReason::DeleteBecauseNoInstance), Some(k @ InstanceKey::Int(_))) => {
                    s.push_str(&format!("\n  # (because index {k} is out of range for count)"))
                }
                (Some(ActionReason::DeleteBecauseNoInstance), Some(k @ InstanceKey::Str(_))) => {
                    s.push_str(&format!("\n  # (because key {k} is not in for_each map)"))
                }
                (Some(ActionReason::DeleteBecauseNoInstance), None)
                | (Some(ActionReason::DeleteBecauseWrongRepetition), None) => {
                    s.push_str("\n  # (because resource uses count or for_each)")
                }
                (Some(ActionReason::DeleteBecauseWrongRepetition), Some(InstanceKey::Int(_))) => {
                    s.push_str("\n  # (because resource does not use count)")
                }
                (Some(ActionReason::DeleteBecauseWrongRepetition), Some(InstanceKey::Str(_))) => {
                    s.push_str("\n  # (because resource does not use for_each)")
                }
                _ => {}
            }
            s
        }
        Action::NoOp => match (&rc.prev_addr, &rc.importing) {
            (Some(prev), _) if moved(rc) => {
                format!("[bold]  # {prev}[reset] has moved to [bold]{addr}[reset]")
            }
            _ => format!("[bold]  # {addr}[reset] will be imported"),
        },
    };
    out.push('\n');
    if let Some(prev) = rc
        .prev_addr
        .as_ref()
        .filter(|_| moved(rc) && rc.action != Action::NoOp)
    {
        out.push_str(&format!("  # [reset](moved from {prev})\n"));
    }
    if let Some(id) = &rc.importing {
        if rc.action != Action::NoOp || moved(rc) {
            out.push_str(&format!("  # [reset](imported from \"{id}\")\n"));
        }
        if rc.action.is_replace() {
            out.push_str(
                "  # [reset][yellow]Warning: this will destroy the imported resource[reset]\n",
            );
        }
    }
    out
}

/// The attributes of the instance, one per line, aligned.
fn body(rc: &ResourceChange, opts: Opts) -> String {
    let differ = Differ {
        replace_paths: &rc.requires_replace,
    };
    let attrs = attributes(rc, &differ);
    let replace = rc.requires_replace.iter().any(Path::is_root);
    let forces = if replace {
        paint(" [red]# forces replacement[reset]", opts.color)
    } else {
        String::new()
    };
    if attrs.is_empty() {
        return format!("{{}}{forces}");
    }
    let names: Vec<String> = attrs.iter().map(|(k, _)| attribute_name(k)).collect();
    let width = names.iter().map(|n| n.chars().count()).max().unwrap_or(0);
    let pad = indent(1);
    let mut out = format!("{{{forces}\n");
    let mut hidden = 0;
    for ((key, child), name) in attrs.iter().zip(&names) {
        let important = IMPORTANT.contains(&key.as_str());
        if !important && child.act == Act::NoOp && !opts.show_unchanged {
            hidden += 1;
            continue;
        }
        let mut co = opts;
        co.show_unchanged = co.show_unchanged || important;
        for w in warnings(child, 1, opts) {
            out.push_str(&format!("{pad}{w}\n"));
        }
        out.push_str(&format!(
            "{pad}{} {name:<width$} = {}\n",
            symbol(child.act, opts),
            render(child, 1, co)
        ));
    }
    if hidden > 0 {
        out.push_str(&format!(
            "{pad}{} {}\n",
            symbol(Act::NoOp, opts),
            unchanged("attribute", hidden, opts)
        ));
    }
    out.push_str(&format!("{} }}", symbol(Act::NoOp, opts)));
    out
}

/// The diffs of the top-level attributes; empty strings count as null here,
/// as they do in Terraform's blocks, and attributes null on both sides are
/// left out.
fn attributes(rc: &ResourceChange, differ: &Differ<'_>) -> Vec<(String, Diff)> {
    // A whole object marked sensitive keeps every attribute sensitive.
    let entries = |v: &Option<Value>| -> Vec<(String, Value)> {
        let marks = v.as_ref().map(Value::marks).unwrap_or_default();
        match v.as_ref().map(Value::unmarked) {
            Some(Value::Object(m)) => m
                .iter()
                .map(|(k, v)| (k.clone(), v.clone().mark(marks)))
                .collect(),
            Some(Value::Unknown(Type::Object(t))) => t
                .attrs
                .iter()
                .map(|(k, t)| (k.clone(), Value::Unknown(t.clone())))
                .collect(),
            _ => Vec::new(),
        }
    };
    let before = entries(&rc.before);
    let after = entries(&rc.after);
    let mut keys: Vec<&String> = before.iter().chain(after.iter()).map(|(k, _)| k).collect();
    keys.sort();
    keys.dedup();
    let find = |list: &[(String, Value)], key: &str| {
        list.iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.clone())
            .filter(|v| !v.is_null() && v.as_str() != Some(""))
    };
    let mut out = Vec::new();
    for key in keys {
        let (b, a) = (find(&before, key), find(&after, key));
        let child = differ.value(b.as_ref(), a.as_ref(), &Path::root().attr(key));
        if child.act == Act::NoOp && b.is_none() && a.is_none() {
            continue;
        }
        out.push((key.clone(), child));
    }
    out
}
