//! `moved` blocks: a stored object that a refactoring renamed keeps its
//! identity under the new address instead of being destroyed and recreated.
//! A block moves a resource, one resource instance, a module call or one
//! module instance, relative to the module that declares it (in every stored
//! instance of that module). Adding or removing `count` implies a move
//! between the single object and instance `[0]`, as in Terraform.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use hcl_edit::Span;
use terrace_state::ResourceInstance;
use terrace_value::{Diagnostic, Diagnostics};

use super::config_tree::ConfigTree;
use crate::addrs::{
    parse_instance, parse_module_instance, AbsResourceInstance, InstanceKey, Mode, ModuleInstance,
    Resource,
};

/// What one side of a `moved` block names, relative to its module.
#[derive(Debug, Clone, PartialEq)]
pub enum Endpoint {
    /// A resource (no instance key: every instance) or one instance.
    Resource(AbsResourceInstance),
    /// A module call (no key on the last step: every instance) or one
    /// module instance, with everything inside it.
    Module(ModuleInstance),
}

/// One move: every stored instance matching `from` goes to `to`.
#[derive(Debug, Clone)]
pub struct Move {
    /// The call path of the module declaring the block (`[]` for the root).
    pub module: Vec<String>,
    /// The old address.
    pub from: Endpoint,
    /// The new address.
    pub to: Endpoint,
}

fn endpoint(text: &str) -> Result<Endpoint, crate::addrs::AddressError> {
    parse_instance(text).map(Endpoint::Resource).or_else(|e| {
        parse_module_instance(text)
            .map(Endpoint::Module)
            .map_err(|_| e)
    })
}

/// The `moved` blocks of every module, parents before children.
pub fn moves(tree: &ConfigTree) -> Result<Vec<Move>, Diagnostics> {
    let mut out = Vec::new();
    let mut diags = Diagnostics::new();
    for t in tree.all() {
        for m in &t.module.moved {
            let text = |e: &crate::config::Expr| {
                e.expr
                    .span()
                    .and_then(|s| e.file.slice(s))
                    .unwrap_or_default()
                    .to_string()
            };
            let at = m.from.file.range(m.from.expr.span().unwrap_or(0..0));
            match (endpoint(&text(&m.from)), endpoint(&text(&m.to))) {
                (Ok(from), Ok(to)) => {
                    if std::mem::discriminant(&from) != std::mem::discriminant(&to) {
                        diags.push(
                            Diagnostic::error(
                                "Invalid \"moved\" addresses",
                                "A resource can only move to a resource address, and a module \
                                 only to a module address.",
                            )
                            .at(at),
                        );
                        continue;
                    }
                    out.push(Move {
                        module: t.path.clone(),
                        from,
                        to,
                    });
                }
                (Err(e), _) | (_, Err(e)) => {
                    diags.push(Diagnostic::error("Invalid \"moved\" address", e.to_string()).at(at))
                }
            }
        }
    }
    if !diags.is_empty() {
        return Err(diags);
    }
    let implied: Vec<Move> = tree
        .all()
        .into_iter()
        .flat_map(|t| implied(t, &out))
        .collect();
    out.extend(implied);
    Ok(out)
}

/// Terraform's implied moves: a resource that gained `count` takes its
/// single object as instance `[0]`, and one that lost `count` (and has no
/// `for_each`) takes instance `[0]` as its single object, unless a `moved`
/// block of the module already says where that resource goes.
fn implied(t: &ConfigTree, explicit: &[Move]) -> Vec<Move> {
    let named = |r: &Resource| {
        explicit.iter().any(|m| {
            m.module == t.path
                && [&m.from, &m.to].iter().any(
                    |e| matches!(e, Endpoint::Resource(a) if a.module.is_root() && a.resource == *r),
                )
        })
    };
    let mut out = Vec::new();
    for r in t.module.resources.values() {
        if !matches!(r.mode, crate::config::Mode::Managed) || r.for_each.is_some() {
            continue;
        }
        let resource = Resource {
            mode: Mode::Managed,
            type_name: r.ty.clone(),
            name: r.name.clone(),
        };
        if named(&resource) {
            continue;
        }
        let at = |key: Option<InstanceKey>| {
            Endpoint::Resource(AbsResourceInstance {
                module: ModuleInstance::root(),
                resource: resource.clone(),
                key,
            })
        };
        let (from, to) = if r.count.is_some() {
            (at(None), at(Some(InstanceKey::Int(0))))
        } else {
            (at(Some(InstanceKey::Int(0))), at(None))
        };
        out.push(Move {
            module: t.path.clone(),
            from,
            to,
        });
    }
    out
}

/// Where `mv` takes the stored instance `addr`, if it concerns it.
fn relocate(addr: &AbsResourceInstance, mv: &Move) -> Option<AbsResourceInstance> {
    // The common case, cheaply: a resource move about another resource.
    if let Endpoint::Resource(from) = &mv.from {
        if addr.resource != from.resource {
            return None;
        }
    }
    let depth = mv.module.len();
    let steps = &addr.module.0;
    if steps.len() < depth || steps[..depth].iter().map(|s| &s.name).ne(mv.module.iter()) {
        return None;
    }
    let (base, inner) = steps.split_at(depth);
    let rel = AbsResourceInstance {
        module: ModuleInstance(inner.to_vec()),
        resource: addr.resource.clone(),
        key: addr.key.clone(),
    };
    let moved = match (&mv.from, &mv.to) {
        (Endpoint::Resource(from), Endpoint::Resource(to)) => {
            if from.key.is_none() && to.key.is_none() {
                (rel.resource_addr() == from.resource_addr())
                    .then(|| to.resource_addr().instance(rel.key.clone()))?
            } else {
                (rel == *from).then(|| to.clone())?
            }
        }
        (Endpoint::Module(from), Endpoint::Module(to)) => {
            let (n, (last_from, last_to)) = (from.0.len(), (from.0.last()?, to.0.last()?));
            let head = rel.module.0.get(..n)?;
            let whole = last_from.key.is_none() && last_to.key.is_none();
            let matches = if whole {
                head[..n - 1] == from.0[..n - 1] && head[n - 1].name == last_from.name
            } else {
                head == &from.0[..]
            };
            if !matches {
                return None;
            }
            let mut module = to.0.clone();
            if whole {
                if let Some(last) = module.last_mut() {
                    last.key = head[n - 1].key.clone();
                }
            }
            module.extend(rel.module.0[n..].iter().cloned());
            AbsResourceInstance {
                module: ModuleInstance(module),
                ..rel
            }
        }
        _ => return None,
    };
    let mut module = base.to_vec();
    module.extend(moved.module.0);
    Some(AbsResourceInstance {
        module: ModuleInstance(module),
        ..moved
    })
}

/// Applies the moves to the stored instances, returning the renames made
/// (new address → address before any move). A move whose target already
/// exists is skipped.
pub fn apply_moves(
    prior: &mut BTreeMap<String, ResourceInstance>,
    moves: &[Move],
) -> BTreeMap<String, AbsResourceInstance> {
    let mut renamed: BTreeMap<String, AbsResourceInstance> = BTreeMap::new();
    if moves.is_empty() {
        return renamed;
    }
    // Each stored address is parsed once, and a resource move looks only at
    // the instances of its resource: configurations with many resources
    // have as many implied moves.
    let mut parsed: BTreeMap<String, AbsResourceInstance> = prior
        .keys()
        .filter_map(|a| Some((a.clone(), parse_instance(a).ok()?)))
        .collect();
    let mut by_resource: HashMap<Resource, BTreeSet<String>> = HashMap::new();
    for (a, p) in &parsed {
        by_resource
            .entry(p.resource.clone())
            .or_default()
            .insert(a.clone());
    }
    for mv in moves {
        let candidates: Vec<&String> = match &mv.from {
            Endpoint::Resource(from) => by_resource
                .get(&from.resource)
                .map(|s| s.iter().collect())
                .unwrap_or_default(),
            Endpoint::Module(_) => parsed.keys().collect(),
        };
        let planned: Vec<(String, AbsResourceInstance, AbsResourceInstance)> = candidates
            .into_iter()
            .filter_map(|a| {
                let old = parsed.get(a)?;
                Some((a.clone(), old.clone(), relocate(old, mv)?))
            })
            .collect();
        for (old, old_addr, new_addr) in planned {
            let new = new_addr.to_string();
            if new == old || prior.contains_key(&new) {
                continue;
            }
            if let Some(mut record) = prior.remove(&old) {
                record.address = new.clone();
                record.module = new_addr.module.to_string();
                record.name = new_addr.resource.name.clone();
                record.type_name = new_addr.resource.type_name.clone();
                prior.insert(new.clone(), record);
                parsed.remove(&old);
                if let Some(set) = by_resource.get_mut(&old_addr.resource) {
                    set.remove(&old);
                }
                by_resource
                    .entry(new_addr.resource.clone())
                    .or_default()
                    .insert(new.clone());
                parsed.insert(new.clone(), new_addr);
                let original = renamed.remove(&old).unwrap_or(old_addr);
                renamed.insert(new, original);
            }
        }
    }
    renamed
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mv(module: &[&str], from: &str, to: &str) -> Move {
        Move {
            module: module.iter().map(|s| s.to_string()).collect(),
            from: endpoint(from).expect("from"),
            to: endpoint(to).expect("to"),
        }
    }

    fn moved(addr: &str, m: &Move) -> Option<String> {
        relocate(&parse_instance(addr).expect("addr"), m).map(|a| a.to_string())
    }

    #[test]
    fn whole_module_calls_keep_their_keys() {
        let m = mv(&[], "module.old", "module.new");
        assert_eq!(
            moved("module.old[\"a\"].t.x[1]", &m).as_deref(),
            Some("module.new[\"a\"].t.x[1]")
        );
        assert_eq!(moved("module.older.t.x", &m), None);
    }

    #[test]
    fn one_module_instance_moves_alone() {
        let m = mv(&[], "module.app", "module.app[\"primary\"]");
        assert_eq!(
            moved("module.app.module.c.t.x", &m).as_deref(),
            Some("module.app[\"primary\"].module.c.t.x")
        );
        let m = mv(&[], "module.old[\"a\"]", "module.new[\"a\"]");
        assert_eq!(moved("module.old[\"b\"].t.x", &m), None);
    }

    #[test]
    fn blocks_in_a_module_apply_to_each_of_its_instances() {
        let m = mv(&["svc"], "t.old", "t.new");
        assert_eq!(
            moved("module.svc[\"a\"].t.old[0]", &m).as_deref(),
            Some("module.svc[\"a\"].t.new[0]")
        );
        assert_eq!(moved("t.old", &m), None);
        assert_eq!(moved("module.other.t.old", &m), None);
    }
}
