//! Which resource attributes the planned changes depend on (Terraform's
//! `relevant_attributes`). A normal plan reports only drift in these: a
//! change made outside to anything else cannot have affected the plan.

use std::collections::BTreeSet;

use hcl_edit::expr::Expression;
use terrace_value::Value;

use super::config_tree::ConfigTree;
use super::graph::body_exprs;
use super::plan_model::{Action, RelevantAttr, ResourceChange};
use crate::lang::references::{references, Reference};

/// The attributes the changes in `changes` (other than no-ops) refer to,
/// following locals, module inputs and module outputs to resources.
pub fn relevant_attributes(
    tree: &ConfigTree,
    changes: &[ResourceChange],
) -> BTreeSet<RelevantAttr> {
    let mut out = BTreeSet::new();
    let mut seen: BTreeSet<(Vec<String>, String)> = BTreeSet::new();
    let mut work: Vec<(Vec<String>, Reference)> = Vec::new();
    let mut done_resources: BTreeSet<(Vec<String>, String)> = BTreeSet::new();
    for c in changes.iter().filter(|c| c.action != Action::NoOp) {
        let path = c.addr.module.config_path();
        let key = c.addr.resource.to_string();
        if !done_resources.insert((path.clone(), key.clone())) {
            continue;
        }
        let Some(r) = tree.get(&path).and_then(|m| m.module.resources.get(&key)) else {
            continue;
        };
        let mut exprs: Vec<&Expression> = Vec::new();
        exprs.extend(r.count.iter().map(|e| &e.expr));
        exprs.extend(r.for_each.iter().map(|e| &e.expr));
        body_exprs(&r.body.body, &mut exprs);
        for e in exprs {
            work.extend(references(e).into_iter().map(|r| (path.clone(), r)));
        }
    }
    while let Some((path, r)) = work.pop() {
        let Some(m) = tree.get(&path) else {
            continue;
        };
        let mut follow = |p: &[String], kind: &str, name: &str, e: &Expression| {
            if seen.insert((p.to_vec(), format!("{kind}.{name}"))) {
                work.extend(references(e).into_iter().map(|r| (p.to_vec(), r)));
            }
        };
        let first = r.attrs.first().cloned();
        match (r.root.as_str(), first) {
            ("local", Some(n)) => {
                if let Some(l) = m.module.locals.get(&n) {
                    follow(&path, "local", &n, &l.expr.expr);
                }
            }
            ("var", Some(n)) => {
                // A module's input comes from the calling block's argument.
                if let Some((call, parent)) = path.split_last() {
                    let input = tree
                        .get(parent)
                        .and_then(|pm| pm.module.module_calls.get(call))
                        .and_then(|c| c.inputs.get(&n));
                    if let Some(e) = input {
                        follow(parent, &format!("module.{call}.input"), &n, &e.expr);
                    }
                }
            }
            ("module", Some(n)) => {
                let Some(child) = m.children.get(&n) else {
                    continue;
                };
                let wanted = r.attrs.get(1);
                for (o, output) in &child.module.outputs {
                    if wanted.is_none_or(|w| w == o) {
                        follow(&child.path, "output", o, &output.value.expr);
                    }
                }
            }
            ("data", Some(t)) => {
                if let Some(n) = r.attrs.get(1) {
                    let resource = format!("data.{t}.{n}");
                    if m.module.resources.contains_key(&resource) {
                        out.insert(RelevantAttr {
                            module: path.clone(),
                            resource,
                            attr: r.attrs.get(2).cloned(),
                        });
                    }
                }
            }
            (t, Some(n)) => {
                let resource = format!("{t}.{n}");
                if m.module.resources.contains_key(&resource) {
                    out.insert(RelevantAttr {
                        module: path.clone(),
                        resource,
                        attr: r.attrs.get(1).cloned(),
                    });
                }
            }
            _ => {}
        }
    }
    out
}

/// The part of a drift entry that is relevant to the plan: `None` when
/// nothing relevant changed. Attributes that are not relevant keep their
/// stored value, so they show as unchanged.
pub fn relevant_drift(
    d: &ResourceChange,
    relevant: &BTreeSet<RelevantAttr>,
) -> Option<ResourceChange> {
    let module = d.addr.module.config_path();
    let resource = d.addr.resource.to_string();
    let attrs: Vec<&Option<String>> = relevant
        .iter()
        .filter(|r| r.module == module && r.resource == resource)
        .map(|r| &r.attr)
        .collect();
    if attrs.is_empty() {
        return None;
    }
    if attrs.iter().any(|a| a.is_none()) {
        return Some(d.clone());
    }
    let (Some(before), Some(after)) = (&d.before, &d.after) else {
        // Gone, or newly there: the whole object matters.
        return Some(d.clone());
    };
    let (Some(b), Some(a)) = (before.as_entries(), after.as_entries()) else {
        return Some(d.clone());
    };
    let mut kept = a.clone();
    for (name, v) in kept.iter_mut() {
        if !attrs.iter().any(|x| x.as_deref() == Some(name.as_str())) {
            if let Some(old) = b.get(name) {
                *v = old.clone();
            }
        }
    }
    let kept = Value::Object(kept);
    if kept.same_as(before) {
        return None;
    }
    let mut out = d.clone();
    out.after = Some(kept);
    Some(out)
}
