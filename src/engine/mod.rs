//! The engine: the configuration tree, its dependency graph, the walk, and
//! planning and applying through providers.

pub mod config_tree;
pub mod graph;
pub mod module_values;
pub mod plan_model;
pub mod values;
pub mod walk;
