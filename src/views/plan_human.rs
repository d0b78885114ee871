//! The plan as a person reads it in a terminal, laid out as Terraform 1.15
//! lays it out, so that people and tools used to Terraform's plans read
//! Terrace's: the drift note, the legend of symbols, one block per resource
//! instance, the `Plan:` summary and the changes to outputs.

use std::collections::BTreeSet;

use super::diff::{Act, Differ};
use super::paint::paint;
use super::render::{render, symbol, Opts};
use super::resource_block::{is_shown, render_resource, Cause};
use super::text::{attribute_name, word_wrap, COLUMNS};
use crate::engine::plan_model::{Action, OutputChange, Plan, PlanMode, ResourceChange};
use crate::engine::relevant::relevant_drift;
use terrace_value::Path;

/// How the human plan is written.
#[derive(Debug, Clone)]
pub struct HumanOptions {
    /// ANSI colours and bold.
    pub color: bool,
    /// The tool's name in prose ("Terrace").
    pub tool: String,
    /// Prose is wrapped to this many columns.
    pub width: usize,
}

impl Default for HumanOptions {
    fn default() -> Self {
        HumanOptions {
            color: false,
            tool: "Terrace".into(),
            width: COLUMNS,
        }
    }
}

/// The plan as text, with colour when `color` is true.
pub fn render_plan(plan: &Plan, color: bool) -> String {
    render_plan_with(
        plan,
        &HumanOptions {
            color,
            ..HumanOptions::default()
        },
    )
}

/// The plan as text, with every option spelled out.
pub fn render_plan_with(plan: &Plan, opts: &HumanOptions) -> String {
    let tool = opts.tool.as_str();
    let command = tool.to_lowercase();
    let color = opts.color;
    // Lines stay strictly shorter than the width, as Terraform's do.
    let wrap = |s: &str| word_wrap(&s.replace("Terraform", tool), opts.width.saturating_sub(1));
    let mut out = String::new();

    let changes: Vec<_> = plan
        .changes
        .iter()
        .filter(|c| is_shown(c))
        .filter(|c| {
            !(c.action == Action::Delete && c.addr.resource.mode == crate::addrs::Mode::Data)
        })
        .collect();
    let outputs = render_outputs(&plan.outputs, color);
    let actions: BTreeSet<Action> = changes
        .iter()
        .map(|c| c.action)
        .filter(|a| *a != Action::NoOp)
        .collect();
    let importing = changes.iter().filter(|c| c.importing.is_some()).count();
    let empty = changes.is_empty()
        && outputs.is_empty()
        && plan.deferred.is_empty()
        && (plan.deposed.is_empty() || plan.mode == PlanMode::RefreshOnly);

    // A refresh-only plan reports all drift; a normal one only what the
    // planned changes depend on, as Terraform does.
    let drift: Vec<ResourceChange> = if plan.mode == PlanMode::RefreshOnly {
        plan.drift.clone()
    } else {
        plan.drift
            .iter()
            .filter(|d| d.action != Action::NoOp)
            .filter_map(|d| relevant_drift(d, &plan.relevant))
            .collect()
    };
    let have_drift = !drift.is_empty() && (!empty || plan.mode == PlanMode::RefreshOnly);
    if have_drift {
        out.push_str(&paint(
            &format!("\n[bold][cyan]Note:[reset][bold] Objects have changed outside of {tool}\n"),
            color,
        ));
        out.push('\n');
        out.push_str(&wrap(&format!(
            "Terraform detected the following changes made outside of Terraform since the last \"{command} apply\" which may have affected this plan:\n"
        )));
        for d in &drift {
            if let Some(block) = render_resource(d, Cause::Drift, tool, color) {
                out.push('\n');
                out.push_str(&block);
                out.push('\n');
            }
        }
        let closing = if plan.mode == PlanMode::RefreshOnly {
            "\n\nThis is a refresh-only plan, so Terraform will not take any actions to undo these. If you were expecting these changes then you can apply this plan to record the updated values in the Terraform state without changing any remote objects."
        } else {
            "\n\nUnless you have made equivalent changes to your configuration, or ignored the relevant attributes using ignore_changes, the following plan may include actions to undo or respond to these changes."
        };
        out.push_str(&wrap(closing));
        out.push('\n');
    }

    let rule = paint(
        &format!(
            "[dark_gray]{}[reset]\n",
            "─".repeat(opts.width.saturating_sub(1))
        ),
        color,
    );
    if empty {
        if plan.errored {
            if have_drift {
                out.push_str(&rule);
                out.push('\n');
            }
            out.push_str(&paint(
                &format!("\n[reset][bold][red]Planning failed.[reset][bold] {tool} encountered an error while generating this plan.[reset]\n\n"),
                color,
            ));
        } else {
            match plan.mode {
                PlanMode::RefreshOnly => {
                    if have_drift {
                        return out;
                    }
                    out.push_str(&paint("\n[reset][bold][green]No changes.[reset][bold] Your infrastructure still matches the configuration.[reset]\n\n", color));
                    out.push_str(&wrap("Terraform has checked that the real remote objects still match the result of your most recent changes, and found no differences."));
                    out.push('\n');
                }
                PlanMode::Destroy => {
                    if have_drift {
                        out.push_str(&rule);
                        out.push('\n');
                    }
                    out.push_str(&paint("\n[reset][bold][green]No changes.[reset][bold] No objects need to be destroyed.[reset]\n\n", color));
                    out.push_str(&wrap("Either you have not created any objects yet or the existing objects were already deleted outside of Terraform."));
                    out.push('\n');
                }
                PlanMode::Normal => {
                    if have_drift {
                        out.push_str(&rule);
                        out.push('\n');
                    }
                    out.push_str(&paint("\n[reset][bold][green]No changes.[reset][bold] Your infrastructure matches the configuration.[reset]\n\n", color));
                    if have_drift {
                        out.push_str(&wrap("Your configuration already matches the changes detected above, so applying this plan will only update the state to include the changes detected above and won't change any real infrastructure."));
                        out.push('\n');
                        return out;
                    }
                    out.push_str(&wrap("Terraform has compared your real infrastructure against your configuration and found no differences, so no changes are needed."));
                    out.push('\n');
                }
            }
        }
    }

    if have_drift {
        out.push_str(&rule);
        out.push('\n');
    }

    if !actions.is_empty() {
        out.push_str(&wrap("\nTerraform used the selected providers to generate the following execution plan. Resource actions are indicated with the following symbols:"));
        out.push('\n');
        let legend = [
            (Action::Create, "  [green]+[reset] create"),
            (Action::Update, "  [yellow]~[reset] update in-place"),
            (Action::Delete, "  [red]-[reset] destroy"),
            (
                Action::DeleteThenCreate,
                "[red]-[reset]/[green]+[reset] destroy and then create replacement",
            ),
            (
                Action::CreateThenDelete,
                "[green]+[reset]/[red]-[reset] create replacement and then destroy",
            ),
            (Action::Read, " [cyan]<=[reset] read (data resources)"),
            (Action::Forget, " [red].[reset] forget"),
        ];
        for (action, line) in legend {
            if actions.contains(&action) {
                out.push_str(&paint(line, color));
                out.push('\n');
            }
        }
    }

    if !changes.is_empty() {
        if plan.errored {
            out.push_str(&format!(
                "\n{tool} planned the following actions, but then encountered a problem:\n"
            ));
        } else {
            out.push_str(&format!("\n{tool} will perform the following actions:\n"));
        }
        for c in &changes {
            if let Some(block) = render_resource(c, Cause::Proposed, tool, color) {
                out.push('\n');
                out.push_str(&block);
                out.push('\n');
            }
        }
        out.push_str(&summary_line(plan, importing, color));
    }

    if !plan.deferred.is_empty() {
        out.push_str(&deferred_section(plan, tool, color));
    }
    if !plan.deposed.is_empty() && plan.mode != PlanMode::RefreshOnly {
        out.push_str(&paint(&format!("\n[bold]Deposed:[reset] {tool} will first destroy these old objects, left by a create_before_destroy replacement whose delete did not finish:\n"), color));
        for d in &plan.deposed {
            out.push_str(&paint("  [red]-[reset] ", color));
            out.push_str(d);
            out.push('\n');
        }
    }

    if !outputs.is_empty() {
        out.push_str("\nChanges to Outputs:\n");
        out.push_str(&outputs);
        out.push('\n');
        if actions.is_empty() {
            out.push_str(&wrap("\nYou can apply this plan to save these new output values to the Terraform state, without changing any real infrastructure."));
            out.push('\n');
        }
    }
    out
}

/// Instances planned only during apply, with the reason, so a reviewer
/// knows the plan is partial.
fn deferred_section(plan: &Plan, tool: &str, color: bool) -> String {
    let mut out = paint(
        &format!("\n[bold]Deferred:[reset] {tool} will plan and apply these {} object(s) during apply, once their provider can be configured:\n", plan.deferred.len()),
        color,
    );
    let mut reasons: Vec<&str> = Vec::new();
    for d in &plan.deferred {
        out.push_str(&paint("  [dark_gray]#[reset] ", color));
        out.push_str(&format!("{}\n", d.addr));
        if !reasons.contains(&d.reason.as_str()) {
            reasons.push(&d.reason);
        }
    }
    for r in reasons {
        out.push_str(&format!("\n{r}\n"));
    }
    out
}

/// `Plan: N to add, N to change, N to destroy.`
fn summary_line(plan: &Plan, importing: usize, color: bool) -> String {
    let (add, change, destroy) = plan.counts();
    let mut out = paint("\n[bold]Plan:[reset] ", color);
    if importing > 0 {
        out.push_str(&format!("{importing} to import, "));
    }
    out.push_str(&format!(
        "{add} to add, {change} to change, {destroy} to destroy.\n"
    ));
    out
}

/// The `Changes to Outputs:` lines, empty when no output changes.
fn render_outputs(outputs: &[OutputChange], color: bool) -> String {
    let differ = Differ { replace_paths: &[] };
    let opts = Opts {
        color,
        ..Opts::default()
    };
    let width = outputs
        .iter()
        .map(|o| attribute_name(&o.name).chars().count())
        .max()
        .unwrap_or(0);
    let mut names: Vec<&OutputChange> = outputs.iter().collect();
    names.sort_by(|a, b| a.name.cmp(&b.name));
    let mut lines = Vec::new();
    for o in names {
        let mark = |v: &Option<terrace_value::Value>| {
            v.clone()
                .map(|v| if o.sensitive { v.sensitive() } else { v })
        };
        let (before, after) = (mark(&o.before), mark(&o.after));
        let diff = differ.value(before.as_ref(), after.as_ref(), &Path::root());
        if diff.act == Act::NoOp {
            continue;
        }
        lines.push(format!(
            "{} {:<width$} = {}",
            symbol(diff.act, opts),
            attribute_name(&o.name),
            render(&diff, 0, opts)
        ));
    }
    lines.join("\n")
}
