//! `terrace validate`: is the configuration consistent, whatever the
//! variables' values? Variables are unknown; everything else is checked.

use terrace_value::{Diagnostics, Severity};

use crate::cli::args::ValidateArgs;
use crate::cli::view;
use crate::cli::workdir::Workdir;
use crate::diagnostics::json;
use crate::engine::module_values::evaluate_outputs;

/// Runs `validate`.
pub fn run(args: &ValidateArgs) -> u8 {
    let (wd, mut diags) = Workdir::load();
    if !diags.has_errors() {
        diags.extend(check(&wd));
    }
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
            "diagnostics": diags.iter().map(|d| json::diagnostic(d, &wd.sources)).collect::<Vec<_>>(),
        });
        println!(
            "{}",
            serde_json::to_string_pretty(&report).unwrap_or_default()
        );
    } else {
        view::print_diagnostics(&diags, &wd.sources, args.no_color);
        if !diags.has_errors() {
            println!("Success! The configuration is valid.");
        }
    }
    u8::from(diags.has_errors())
}

fn check(wd: &Workdir) -> Diagnostics {
    let (ctx, mut diags) = wd.validation_context();
    let (_, output_diags) = evaluate_outputs(&wd.module, &ctx);
    diags.extend(output_diags);
    diags
}
