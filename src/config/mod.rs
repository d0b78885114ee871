//! Configuration: loading a module's files into a model of its blocks, type
//! constraints, and the values of input variables from every source.

mod decode;
mod json_syntax;
mod load;
mod model;
pub mod typeexpr;
pub mod variables;

pub use decode::valid_name;
pub use load::load_module;
pub use model::*;
