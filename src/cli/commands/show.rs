//! `terrace show`: a saved plan or the current state, for people or in
//! Terraform's JSON formats.

use serde_json::{json, Value as Json};
use terrace_state::{ResourceMode, SqliteState};

use crate::cli::args::ShowArgs;
use crate::cli::plan_file::PlanFile;
use crate::cli::session::workspace;

/// Runs `show`.
pub fn run(args: &ShowArgs) -> u8 {
    if let Some(f) = &args.file {
        return match PlanFile::load(std::path::Path::new(f)) {
            Ok(p) if args.json => {
                println!("{}", p.json);
                0
            }
            Ok(p) => {
                print!("{}", p.human);
                0
            }
            Err(e) => {
                eprintln!("\nError: Failed to read the plan file\n\n{e}");
                1
            }
        };
    }
    let cwd = std::env::current_dir().unwrap_or_default();
    let db = cwd.join(terrace_state::DEFAULT_STATE_FILE);
    let snapshot = match SqliteState::open_existing(&db, &workspace(&cwd))
        .and_then(|s| s.map(|s| s.snapshot()).transpose())
    {
        Ok(s) => s.unwrap_or_default(),
        Err(e) => {
            eprintln!("Error: Failed to read state: {e}");
            return 1;
        }
    };
    if args.json {
        let resources: Vec<&terrace_state::ResourceInstance> =
            snapshot.resources.values().collect();
        let outputs: serde_json::Map<String, Json> = snapshot
            .outputs
            .iter()
            .map(|(k, o)| (k.clone(), json!({"sensitive": o.sensitive, "type": o.ty, "value": if o.sensitive { Json::Null } else { o.value.clone() }})))
            .collect();
        println!(
            "{}",
            json!({"format_version": "1.0", "terraform_version": env!("CARGO_PKG_VERSION"), "values": {"outputs": outputs, "root_module": crate::views::state_json::root_module(&resources)}})
        );
        return 0;
    }
    if snapshot.resources.is_empty() && snapshot.outputs.is_empty() {
        println!("The state file is empty. No resources are represented.");
        return 0;
    }
    for r in snapshot.resources.values() {
        println!("# {}:", r.address);
        let keyword = if r.mode == ResourceMode::Data {
            "data"
        } else {
            "resource"
        };
        println!("{keyword} {:?} {:?} {{", r.type_name, r.name);
        let shown = crate::views::state_json::redacted(r);
        if let Some(obj) = shown.as_object() {
            let width = obj.keys().map(String::len).max().unwrap_or(0);
            for (k, v) in obj {
                if v.is_null() {
                    continue;
                }
                println!("    {k:width$} = {}", v);
            }
        }
        println!("}}\n");
    }
    if !snapshot.outputs.is_empty() {
        println!("\nOutputs:\n");
        for (k, o) in &snapshot.outputs {
            if o.sensitive {
                println!("{k} = (sensitive value)");
            } else {
                println!("{k} = {}", o.value);
            }
        }
    }
    0
}
