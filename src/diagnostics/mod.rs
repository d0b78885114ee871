//! Diagnostics at the edge: rendered once, for people (Terraform's layout,
//! with carets and hints) or as Terraform's JSON, with the source they point
//! into; and the translation of parser errors into diagnostics.

pub mod human;
pub mod json;
mod parse_error;
mod scan;
mod snippet;
mod source_map;

pub use parse_error::parse_error;
pub use snippet::{highlight_range, snippet, Snippet};
pub use source_map::SourceMap;
