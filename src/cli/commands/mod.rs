//! One file per command; each returns its exit code.

pub mod apply;
pub mod console;
pub mod fmt;
pub mod output;
pub mod validate;
