//! Terrace: a plan/apply engine for infrastructure as code. The binary in
//! `main.rs` is thin; everything it does lives in these modules.

pub mod addrs;
pub mod cli;
pub mod config;
pub mod diagnostics;
pub mod engine;
pub mod fmt;
pub mod lang;
pub mod views;
