//! Terrace.

pub mod fmt;
