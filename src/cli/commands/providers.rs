//! `terrace providers` and `terrace providers schema -json`: the providers a
//! configuration uses, and every provider's schema in Terraform's JSON shape.

use std::collections::BTreeSet;

use crate::cli::args::ProvidersArgs;
use crate::engine::providers::ProviderSet;

/// Runs `providers`.
pub fn run(args: &ProvidersArgs) -> u8 {
    let set = ProviderSet::new(crate::engine::registry::factories());
    match args.what.as_deref() {
        Some("schema") => {
            if !args.json {
                eprintln!(
                    "Error: The `terrace providers schema` command requires the `-json` flag."
                );
                return 1;
            }
            let schemas: serde_json::Map<String, serde_json::Value> = set
                .schemas()
                .iter()
                .map(|(local, s)| {
                    (
                        set.source(local),
                        terrace_provider_sdk::provider_schema_json(s),
                    )
                })
                .collect();
            println!(
                "{}",
                serde_json::json!({"format_version": "1.0", "provider_schemas": schemas})
            );
            0
        }
        None => {
            let cwd = std::env::current_dir().unwrap_or_default();
            let (tree, _) = crate::engine::config_tree::load_tree(&cwd, &cwd);
            let mut used = BTreeSet::new();
            for m in tree.all() {
                used.extend(m.module.terraform.required_providers.keys().cloned());
                used.extend(
                    m.module
                        .resources
                        .values()
                        .map(|r| ProviderSet::implied(&r.ty).to_string()),
                );
                used.extend(m.module.providers.iter().map(|p| p.name.clone()));
            }
            println!("\nProviders required by configuration:\n.");
            for p in used {
                println!("├── provider[{}]", set.source(&p));
            }
            0
        }
        Some(other) => {
            eprintln!("Error: unknown providers subcommand {other:?}; try `terrace providers schema -json`.");
            1
        }
    }
}
