//! The one place commands turn a plan into text or JSON, so the views can
//! change without touching the commands.

use crate::engine::plan_model::Plan;
use crate::views::plan_json::{plan_json, PlanJsonContext};

/// The plan for people.
pub fn human(plan: &Plan, color: bool) -> String {
    crate::views::plan_human::render_plan(plan, color)
}

/// The plan in Terraform's JSON plan format.
pub fn json(plan: &Plan) -> serde_json::Value {
    plan_json(plan, &PlanJsonContext::default())
}
