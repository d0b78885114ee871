//! `terrace validate`: is the configuration consistent, whatever the
//! variables' values? Variables and resource values are unknown; the graph,
//! provider schemas, resource bodies, locals and outputs are checked.

use terrace_value::{Diagnostics, Severity};

use crate::cli::args::ValidateArgs;
use crate::cli::view;
use crate::diagnostics::{json, SourceMap};
use crate::engine::config_tree::load_tree;
use crate::engine::setup::Engine;

/// Runs `validate`.
pub fn run(args: &ValidateArgs) -> u8 {
    let (diags, sources) = check();
    if args.json {
        let errors = diags
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count();
        let report = serde_json::json!({
            "format_version": "1.0",
            "valid": errors == 0,
            "error_count": errors,
            "warning_count": diags.iter().count() - errors,
            "diagnostics": diags.iter().map(|d| json::diagnostic(d, &sources)).collect::<Vec<_>>(),
        });
        println!(
            "{}",
            serde_json::to_string_pretty(&report).unwrap_or_default()
        );
    } else {
        view::print_diagnostics(&diags, &sources, args.no_color);
        if !diags.has_errors() {
            println!("Success! The configuration is valid.");
        }
    }
    u8::from(diags.has_errors())
}

fn check() -> (Diagnostics, SourceMap) {
    let cwd = std::env::current_dir().unwrap_or_default();
    let (tree, mut diags) = load_tree(&cwd, &cwd);
    let sources: SourceMap = tree
        .all()
        .iter()
        .flat_map(|t| t.module.files.iter().cloned())
        .collect();
    if diags.has_errors() {
        return (diags, sources);
    }
    let graph = match crate::engine::graph::build(&tree) {
        Ok(g) => g,
        Err(d) => {
            diags.extend(d);
            return (diags, sources);
        }
    };
    let base = crate::engine::module_values::base_context(
        &cwd,
        &tree.module,
        &Default::default(),
        "default",
        &cwd,
    );
    let providers =
        crate::engine::providers::ProviderSet::new(crate::engine::registry::factories());
    let engine = Engine {
        tree,
        graph,
        providers,
        base,
        root_vars: Default::default(),
        cwd,
    };
    diags.extend(crate::engine::validate::validate(&engine));
    (diags, sources)
}
