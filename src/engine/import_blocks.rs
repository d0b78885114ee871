//! `import` blocks: objects the configuration adopts during apply. Planning
//! finds each target's object through its provider and plans against it,
//! so the plan shows what adopting it would change.

use std::collections::BTreeMap;

use terrace_value::{Diagnostic, Diagnostics, Value};

use super::config_tree::ConfigTree;
use crate::addrs::{parse_instance, AbsResourceInstance};
use crate::config::Import;
use crate::lang::eval::Evaluator;
use crate::lang::scope::EvalContext;

/// The instance an `import` block's `to` names.
pub fn target(imp: &Import) -> Result<AbsResourceInstance, Diagnostics> {
    let text = imp.to.expr.to_string();
    parse_instance(text.trim()).map_err(|e| {
        Diagnostic::error(
            "Invalid import address",
            format!("The import block's to argument must be a resource instance address: {e}."),
        )
        .at(imp.to.range())
        .into()
    })
}

/// The import targets by address, for those not already in the state;
/// each target must be declared in the configuration.
pub fn pending(
    tree: &ConfigTree,
    stored: impl Fn(&str) -> bool,
) -> (BTreeMap<String, &Import>, Diagnostics) {
    let mut out = BTreeMap::new();
    let mut diags = Diagnostics::new();
    for imp in &tree.module.imports {
        let addr = match target(imp) {
            Ok(a) => a,
            Err(d) => {
                diags.extend(d);
                continue;
            }
        };
        let declared = tree
            .get(&addr.module.config_path())
            .is_some_and(|m| m.module.resources.contains_key(&addr.resource.to_string()));
        if !declared {
            diags.push(
                Diagnostic::error(
                    "Configuration for import target does not exist",
                    format!("The configuration for the given import target {addr} does not exist. All target instances must have an associated configuration to be imported."),
                )
                .at(imp.to.range()),
            );
            continue;
        }
        let address = addr.to_string();
        if stored(&address) {
            continue;
        }
        if out.insert(address.clone(), imp).is_some() {
            diags.push(
                Diagnostic::error(
                    "Duplicate import configuration",
                    format!("{address} is the target of more than one import block."),
                )
                .at(imp.to.range()),
            );
        }
    }
    (out, diags)
}

/// The ID an `import` block gives, evaluated in the root module.
pub fn id(imp: &Import, ctx: &EvalContext) -> Result<String, Diagnostics> {
    let ev = Evaluator::new(&imp.id.file, ctx);
    let v = ev.eval(&imp.id.expr)?;
    match v.unmark_deep().0 {
        Value::String(s) if !s.is_empty() => Ok(s.to_string()),
        Value::Unknown(_) => Err(Diagnostic::error("Invalid import id argument", "The import block's id depends on values known only after apply. It must come from literals, variables or locals.").at(imp.id.range()).into()),
        _ => Err(Diagnostic::error("Invalid import id argument", "The import block's id must be a non-empty string.").at(imp.id.range()).into()),
    }
}
