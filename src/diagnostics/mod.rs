//! Diagnostics at the edge: rendered once, for people (Terraform's layout,
//! with carets and hints) or as Terraform's JSON, with the source they point
//! into.

pub mod human;
pub mod json;
mod snippet;
mod source_map;

pub use snippet::{highlight_range, snippet, Snippet};
pub use source_map::SourceMap;
