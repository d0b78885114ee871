//! `terrace plan` and `terrace apply` for what the engine evaluates today:
//! variables, locals and outputs, recorded in the embedded state.

use std::collections::BTreeMap;
use std::io::{BufRead, Write};

use terrace_state::{Snapshot, SqliteState, StoredOutput};
use terrace_value::{
    type_from_json, type_to_json, value_from_json, value_to_json, Diagnostic, Diagnostics, Value,
};

use crate::cli::args::{ApplyArgs, RunArgs};
use crate::cli::view;
use crate::cli::workdir::Workdir;
use crate::engine::module_values::{evaluate_outputs, OutputValue};
use crate::lang::format::format_value;

/// One output's change between the state and the configuration.
struct OutputChange {
    name: String,
    before: Option<Value>,
    after: Option<OutputValue>,
}

impl OutputChange {
    fn symbol(&self) -> &'static str {
        match (&self.before, &self.after) {
            (None, Some(_)) => "+",
            (Some(_), None) => "-",
            _ => "~",
        }
    }
}

struct Planned {
    wd: Workdir,
    new_outputs: BTreeMap<String, OutputValue>,
    changes: Vec<OutputChange>,
    prior: Snapshot,
}

fn compute(args: &RunArgs, planning: bool) -> Result<Planned, u8> {
    let (wd, mut diags) = Workdir::load();
    for (addr, r) in &wd.module.resources {
        diags.push(Diagnostic::error("Resource not supported yet", format!("{addr}: resources of type {:?} cannot be planned by this version of Terrace yet; only variables, locals and outputs are.", r.ty)).at(r.range.clone()).about(addr.clone()));
    }
    for (name, m) in &wd.module.module_calls {
        diags.push(
            Diagnostic::error(
                "Module calls not supported yet",
                format!(
                    "module.{name}: module calls cannot be planned by this version of Terrace yet."
                ),
            )
            .at(m.range.clone()),
        );
    }
    if diags.has_errors() {
        view::print_diagnostics(&diags, &wd.sources, args.no_color);
        return Err(1);
    }
    let (ctx, ctx_diags) = wd.context(args, planning);
    diags.extend(ctx_diags);
    let (new_outputs, out_diags) = if diags.has_errors() {
        (BTreeMap::new(), Diagnostics::new())
    } else {
        evaluate_outputs(&wd.module, &ctx)
    };
    diags.extend(out_diags);
    view::print_diagnostics(&diags, &wd.sources, args.no_color);
    if diags.has_errors() {
        return Err(1);
    }
    let prior = match SqliteState::open_existing(&wd.state_path(), &wd.workspace())
        .and_then(|s| s.map(|s| s.snapshot()).transpose())
    {
        Ok(s) => s.unwrap_or_default(),
        Err(e) => {
            eprintln!("Error: Failed to read state: {e}");
            return Err(1);
        }
    };
    let mut changes = Vec::new();
    for (name, o) in &prior.outputs {
        let before = type_from_json(&o.ty)
            .ok()
            .and_then(|t| value_from_json(&o.value, &t).ok())
            .map(|v| if o.sensitive { v.sensitive() } else { v });
        match new_outputs.get(name) {
            Some(after)
                if before
                    .as_ref()
                    .is_some_and(|b| b.same_as(&after.value) && b.ty() == after.value.ty())
                    && o.sensitive == after.sensitive => {}
            after => changes.push(OutputChange {
                name: name.clone(),
                before,
                after: after.cloned(),
            }),
        }
    }
    for (name, o) in &new_outputs {
        if !prior.outputs.contains_key(name) {
            changes.push(OutputChange {
                name: name.clone(),
                before: None,
                after: Some(o.clone()),
            });
        }
    }
    changes.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(Planned {
        wd,
        new_outputs,
        changes,
        prior,
    })
}

fn shown(v: &Value, sensitive: bool) -> String {
    if sensitive {
        "(sensitive value)".into()
    } else {
        // Nested lines sit under the output's name, as in Terraform's plan.
        format_value(v, 0).replace('\n', "\n    ")
    }
}

fn print_changes(changes: &[OutputChange]) {
    if changes.is_empty() {
        println!("\nNo changes. Your infrastructure matches the configuration.\n\nTerrace has compared your real infrastructure against your configuration and found no differences, so no changes are needed.");
        return;
    }
    println!("\nChanges to Outputs:");
    let width = changes.iter().map(|c| c.name.len()).max().unwrap_or(0);
    for c in changes {
        let pad = " ".repeat(width - c.name.len());
        let text = match (&c.before, &c.after) {
            (None, Some(a)) => shown(&a.value, a.sensitive),
            (Some(b), None) => format!("{} -> null", shown(b, b.is_sensitive())),
            (Some(b), Some(a)) => format!(
                "{} -> {}",
                shown(b, b.is_sensitive()),
                shown(&a.value, a.sensitive)
            ),
            (None, None) => String::new(),
        };
        println!("  {} {}{pad} = {text}", c.symbol(), c.name);
    }
    println!("\nYou can apply this plan to save these new output values to the state, without changing any real infrastructure.");
}

/// Runs `plan`.
pub fn plan(args: &RunArgs) -> u8 {
    let planned = match compute(args, true) {
        Ok(p) => p,
        Err(code) => return code,
    };
    if args.json {
        emit_json(&planned.changes);
    } else {
        print_changes(&planned.changes);
    }
    if args.detailed_exitcode && !planned.changes.is_empty() {
        2
    } else {
        0
    }
}

fn emit_json(changes: &[OutputChange]) {
    let outputs: serde_json::Map<String, serde_json::Value> = changes
        .iter()
        .map(|c| {
            let action = match c.symbol() {
                "+" => "create",
                "-" => "delete",
                _ => "update",
            };
            (c.name.clone(), serde_json::json!({"action": action, "sensitive": c.after.as_ref().is_some_and(|a| a.sensitive)}))
        })
        .collect();
    println!(
        "{}",
        serde_json::json!({"@level": "info", "@message": "Outputs", "type": "outputs", "outputs": outputs})
    );
    println!(
        "{}",
        serde_json::json!({"@level": "info", "@message": "Plan: 0 to add, 0 to change, 0 to destroy.", "type": "change_summary", "changes": {"add": 0, "change": 0, "remove": 0, "operation": "plan"}})
    );
}

/// Runs `apply`.
pub fn apply(args: &ApplyArgs) -> u8 {
    let planned = match compute(&args.run, false) {
        Ok(p) => p,
        Err(code) => return code,
    };
    if !args.run.json {
        print_changes(&planned.changes);
    }
    if !planned.changes.is_empty() && !args.auto_approve {
        print!("\nDo you want to perform these actions?\n  Terrace will perform the actions described above.\n  Only 'yes' will be accepted to approve.\n\n  Enter a value: ");
        let _ = std::io::stdout().flush();
        let mut answer = String::new();
        let _ = std::io::stdin().lock().read_line(&mut answer);
        if answer.trim() != "yes" {
            eprintln!("\nError: Apply cancelled.");
            return 1;
        }
    }
    let mut stored = BTreeMap::new();
    for (name, o) in &planned.new_outputs {
        let Ok(value) = value_to_json(&o.value) else {
            continue;
        };
        stored.insert(
            name.clone(),
            StoredOutput {
                value,
                ty: type_to_json(&o.value.ty()),
                sensitive: o.sensitive,
            },
        );
    }
    if !planned.changes.is_empty() || planned.prior.serial == 0 {
        let result = SqliteState::open(&planned.wd.state_path(), &planned.wd.workspace())
            .and_then(|mut s| s.replace_outputs(&stored, "apply"));
        if let Err(e) = result {
            eprintln!("Error: Failed to save state: {e}");
            return 1;
        }
    }
    if args.run.json {
        emit_json(&planned.changes);
        return 0;
    }
    println!("\nApply complete! Resources: 0 added, 0 changed, 0 destroyed.");
    if !planned.new_outputs.is_empty() {
        println!("\nOutputs:\n");
        for (name, o) in &planned.new_outputs {
            if o.sensitive {
                println!("{name} = <sensitive>");
            } else {
                println!("{name} = {}", format_value(&o.value, 0));
            }
        }
    }
    0
}
