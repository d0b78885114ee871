//! Fuzzes the module path end to end: the input becomes `main.tf` of a module
//! that is loaded, has its variables resolved (with values from the
//! environment too) and its locals and outputs evaluated, as `plan` would.
//! Diagnostics are fine; panics, hangs and runaway memory are not.

#![no_main]

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use terrace::config::load_module;
use terrace::config::variables::resolve;
use terrace::engine::module_values::{base_context, evaluate_locals, evaluate_outputs};

/// The module directory, made once per process; each input overwrites `main.tf`.
fn module_dir() -> &'static PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("terrace-fuzz-module-{}", std::process::id()));
        let _ = std::fs::create_dir_all(&dir);
        dir
    })
}

fuzz_target!(|data: &[u8]| {
    let dir = module_dir();
    if std::fs::write(dir.join("main.tf"), data).is_err() {
        return;
    }
    let (module, diags) = load_module(dir, ".");
    if diags.has_errors() {
        return;
    }
    let env = BTreeMap::from([
        ("TF_VAR_region".to_string(), "eu-west-1".to_string()),
        ("TF_VAR_sizes".to_string(), "[1, 2, 3]".to_string()),
        ("TF_VAR_tags".to_string(), "{ team = \"red\" }".to_string()),
    ]);
    let (vars, _diags) = resolve(&module, dir, &[], &env);
    let mut ctx = base_context(dir, &module, &vars, "default", dir);
    let _ = evaluate_locals(&module, &mut ctx);
    let _ = evaluate_outputs(&module, &ctx);
});
