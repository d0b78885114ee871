//! Views: what a plan, an apply or a refresh looks like to a person (the
//! human plan text), to a program reading a saved plan (`show -json`), and
//! to a pipeline following a run (`-json` events). Each is a pure function of
//! the plan model, so the engine decides and the views only describe.

mod diff;
mod diff_match;
pub mod events;
mod events_hooks;
mod json_shapes;
mod paint;
pub mod plan_human;
pub mod plan_json;
mod render;
mod render_strings;
mod resource_block;
pub mod state_json;
mod text;

pub use events::Event;
pub use plan_human::{render_plan, render_plan_with, HumanOptions};
pub use plan_json::{plan_json, resource_change_json, PlanJsonContext};
