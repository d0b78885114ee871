//! `moved` blocks: a stored object that a refactoring renamed keeps its
//! identity under the new address instead of being destroyed and recreated.

use std::collections::BTreeMap;

use hcl_edit::Span;
use terrace_state::ResourceInstance;
use terrace_value::{Diagnostic, Diagnostics};

use super::config_tree::ConfigTree;
use crate::addrs::{parse_instance, AbsResourceInstance};

/// One move: every stored instance matching `from` goes to `to`.
#[derive(Debug, Clone)]
pub struct Move {
    /// The old address (a resource, or one instance).
    pub from: AbsResourceInstance,
    /// The new address.
    pub to: AbsResourceInstance,
}

/// The `moved` blocks of the root module.
pub fn moves(tree: &ConfigTree) -> Result<Vec<Move>, Diagnostics> {
    let mut out = Vec::new();
    let mut diags = Diagnostics::new();
    for m in &tree.module.moved {
        let text = |e: &crate::config::Expr| {
            e.expr
                .span()
                .and_then(|s| e.file.slice(s))
                .unwrap_or_default()
                .to_string()
        };
        match (parse_instance(&text(&m.from)), parse_instance(&text(&m.to))) {
            (Ok(from), Ok(to)) => out.push(Move { from, to }),
            (Err(e), _) | (_, Err(e)) => diags.push(
                Diagnostic::error("Invalid \"moved\" address", e.to_string())
                    .at(m.from.file.range(m.from.expr.span().unwrap_or(0..0))),
            ),
        }
    }
    if diags.is_empty() {
        Ok(out)
    } else {
        Err(diags)
    }
}

/// Applies the moves to the stored instances, returning the renames made
/// (new address → old address). A move whose target already exists is skipped.
pub fn apply_moves(
    prior: &mut BTreeMap<String, ResourceInstance>,
    moves: &[Move],
) -> BTreeMap<String, AbsResourceInstance> {
    let mut renamed = BTreeMap::new();
    for mv in moves {
        let whole = mv.from.key.is_none() && mv.to.key.is_none();
        let sources: Vec<String> = prior
            .keys()
            .filter(|a| match parse_instance(a) {
                Ok(addr) if whole => addr.resource_addr() == mv.from.resource_addr(),
                Ok(addr) => addr == mv.from,
                Err(_) => false,
            })
            .cloned()
            .collect();
        for old in sources {
            let Ok(old_addr) = parse_instance(&old) else {
                continue;
            };
            let new_addr = if whole {
                mv.to.resource_addr().instance(old_addr.key.clone())
            } else {
                mv.to.clone()
            };
            let new = new_addr.to_string();
            if prior.contains_key(&new) {
                continue;
            }
            if let Some(mut record) = prior.remove(&old) {
                record.address = new.clone();
                record.module = new_addr.module.to_string();
                record.name = new_addr.resource.name.clone();
                record.type_name = new_addr.resource.type_name.clone();
                prior.insert(new.clone(), record);
                renamed.insert(new, old_addr);
            }
        }
    }
    renamed
}
