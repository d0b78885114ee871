//! `terrace output`: root module outputs from the state, for people (secrets
//! hidden) or as JSON in Terraform's shape.

use terrace_state::{SqliteState, StoredOutput};
use terrace_value::{type_from_json, value_from_json, Value};

use crate::cli::args::OutputArgs;
use crate::cli::workdir::Workdir;
use crate::lang::format::format_value;

/// Runs `output`.
pub fn run(args: &OutputArgs) -> u8 {
    let (wd, _) = Workdir::load();
    let snapshot = match SqliteState::open_existing(&wd.state_path(), &wd.workspace())
        .and_then(|s| s.map(|s| s.snapshot()).transpose())
    {
        Ok(s) => s.unwrap_or_default(),
        Err(e) => {
            eprintln!("Error: Failed to read state: {e}");
            return 1;
        }
    };
    let outputs = snapshot.outputs;
    if let Some(name) = &args.name {
        let Some(o) = outputs.get(name) else {
            eprintln!("\nError: Output {name:?} not found\n\nThe output variable requested could not be found in the state file. If you recently added this to your configuration, be sure to run `terrace apply`, since the state won't be updated with new output variables until that command is run.");
            return 1;
        };
        // Naming one output is asking for its value, sensitive or not, as Terraform does.
        if args.json {
            println!("{}", o.value);
        } else if args.raw {
            match &o.value {
                serde_json::Value::String(s) => print!("{s}"),
                serde_json::Value::Number(n) => print!("{n}"),
                serde_json::Value::Bool(b) => print!("{b}"),
                _ => {
                    eprintln!("\nError: Unsupported value for raw output\n\nThe -raw option only supports strings, numbers, and boolean values, but output value {name:?} is not one of those.");
                    return 1;
                }
            }
        } else {
            println!("{}", format_value(&decode(o), 0));
        }
        return 0;
    }
    if args.raw {
        eprintln!("Error: The -raw option requires a single output name.");
        return 1;
    }
    if args.json {
        let all: serde_json::Map<String, serde_json::Value> = outputs
            .iter()
            .map(|(k, o)| {
                // Listing every output never shows a secret; name it to get its value.
                let value = if o.sensitive {
                    serde_json::Value::Null
                } else {
                    o.value.clone()
                };
                (
                    k.clone(),
                    serde_json::json!({"sensitive": o.sensitive, "type": o.ty, "value": value}),
                )
            })
            .collect();
        println!(
            "{}",
            serde_json::to_string_pretty(&serde_json::Value::Object(all)).unwrap_or_default()
        );
        return 0;
    }
    if outputs.is_empty() {
        eprintln!("\nWarning: No outputs found\n\nThe state file either has no outputs defined, or all the defined outputs are empty. Please define an output in your configuration with the `output` keyword and run `terrace apply` for it to become available.");
        return 0;
    }
    for (name, o) in &outputs {
        if o.sensitive {
            println!("{name} = <sensitive>");
        } else {
            println!("{name} = {}", format_value(&decode(o), 0));
        }
    }
    0
}

fn decode(o: &StoredOutput) -> Value {
    type_from_json(&o.ty)
        .ok()
        .and_then(|t| value_from_json(&o.value, &t).ok())
        .unwrap_or_else(Value::null)
}
