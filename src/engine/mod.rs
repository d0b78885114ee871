//! The engine: evaluating a module's values in dependency order, and (as it
//! grows) planning and applying its resources.

pub mod module_values;
pub mod plan_model;
