//! The one place commands turn a plan into text or JSON, so the views can
//! change without touching the commands.

use serde_json::json;

use crate::engine::plan_model::{Action, Plan};
use crate::lang::format::format_value;

/// The plan for people.
pub fn human(plan: &Plan, _color: bool) -> String {
    let mut out = String::new();
    let changes: Vec<_> = plan.changes.iter().filter(|c| c.action != Action::NoOp).collect();
    if changes.is_empty() && !plan.outputs.iter().any(|o| o.action != Action::NoOp) {
        if !plan.drift.is_empty() {
            out.push_str("\nObjects have changed outside of Terrace:\n");
            for d in &plan.drift {
                out.push_str(&format!("  # {} has changed\n", d.addr));
            }
            return out;
        }
        out.push_str("\nNo changes. Your infrastructure matches the configuration.\n");
        return out;
    }
    out.push_str("\nTerrace will perform the following actions:\n\n");
    for c in &changes {
        let (what, sym) = match c.action {
            Action::Create => ("will be created", "+"),
            Action::Update => ("will be updated in-place", "~"),
            Action::Delete => ("will be destroyed", "-"),
            Action::DeleteThenCreate => ("must be replaced", "-/+"),
            Action::CreateThenDelete => ("must be replaced", "+/-"),
            Action::Read => ("will be read during apply", "<="),
            _ => ("", " "),
        };
        out.push_str(&format!("  # {} {what}\n", c.addr));
        let shown = c.after.as_ref().or(c.before.as_ref());
        out.push_str(&format!("  {sym} resource {:?} {:?} ", c.addr.resource.type_name, c.addr.resource.name));
        out.push_str(&shown.map(|v| format_value(v, 1)).unwrap_or_default());
        out.push_str("\n\n");
    }
    let (a, ch, d) = plan.counts();
    out.push_str(&format!("Plan: {a} to add, {ch} to change, {d} to destroy.\n"));
    out
}

/// The plan in Terraform's JSON plan format.
pub fn json(plan: &Plan) -> serde_json::Value {
    let changes: Vec<_> = plan
        .changes
        .iter()
        .map(|c| json!({"address": c.addr.to_string(), "type": c.addr.resource.type_name, "name": c.addr.resource.name, "change": {"actions": c.action.terraform_actions()}}))
        .collect();
    json!({"format_version": "1.2", "resource_changes": changes})
}
