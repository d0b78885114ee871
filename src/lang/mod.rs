//! The Terraform language: expression evaluation over hcl-edit's spanned AST
//! and the built-in function library.

pub mod functions;
