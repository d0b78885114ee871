//! Terrace: a plan/apply engine for infrastructure as code. The binary in
//! `main.rs` is thin; everything it does lives in these modules.

pub mod diagnostics;
pub mod lang;
