//! The engine: the configuration tree, its dependency graph, the walk, and
//! planning and applying through providers.

pub mod apply_exec;
pub mod config_tree;
mod data_deps;
pub mod decode_body;
pub mod deposed;
pub mod expand;
pub mod graph;
pub mod import;
pub mod import_blocks;
pub mod module_values;
pub mod moved;
mod orphans;
pub mod plan;
mod plan_data;
mod plan_instance;
pub mod plan_model;
pub mod provider_resolve;
pub mod providers;
pub mod recover;
pub mod registry;
pub mod relevant;
pub mod replace_triggers;
pub mod setup;
pub mod state_codec;
pub mod validate;
pub mod values;
pub mod walk;

#[cfg(test)]
mod tests;
