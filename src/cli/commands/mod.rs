//! One file per command; each returns its exit code.

pub mod apply;
pub mod console;
pub mod fmt;
pub mod graph;
pub mod output;
pub mod plan;
pub mod providers;
pub mod show;
pub mod state;
pub mod validate;
pub mod workspace;
