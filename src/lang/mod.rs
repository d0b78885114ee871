//! The Terraform language: expression evaluation over hcl-edit's spanned AST
//! and the built-in function library.

pub mod eval;
pub mod format;
pub mod functions;
pub mod nesting;
pub mod parse;
pub mod references;
pub mod scope;
pub mod source;
