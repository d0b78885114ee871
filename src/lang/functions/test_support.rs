//! One way for the function tests to call a function by name, with a fixed
//! context, instead of each test file building its own.

use std::path::Path;

use terrace_value::Value;

use super::{call, lookup, CallError, FuncContext};

/// Calls function `name` with `args`, resolving files against `dir`.
pub fn call_in(dir: &Path, name: &str, args: Vec<Value>) -> Result<Value, CallError> {
    let render = |_: &str, _: &str, _: &Value| Err("no templates here".to_string());
    let ctx = FuncContext {
        base_dir: dir.to_path_buf(),
        plan_timestamp: "2024-01-01T00:00:00Z".into(),
        planning: false,
        render_template: &render,
    };
    let f = lookup(name).unwrap_or_else(|| panic!("no function named {name}"));
    call(f, &ctx, args)
}

/// Calls function `name` with `args` in the current directory.
pub fn call_named(name: &str, args: Vec<Value>) -> Result<Value, CallError> {
    call_in(Path::new("."), name, args)
}
