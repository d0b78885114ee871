//! Stored instances the walk did not plan: why each is deleted, in
//! Terraform's terms, and deleting them dependents first, a level at a time.

use std::collections::BTreeMap;

use terrace_state::ResourceInstance;

use super::graph::NodeKind;
use super::plan::Planning;
use super::plan_instance;
use super::plan_model::{ActionReason, ResourceChange};
use crate::addrs::{parse_instance, AbsResourceInstance, InstanceKey};

impl Planning<'_> {
    /// Why a stored instance the walk did not plan is deleted, in
    /// Terraform's terms.
    fn orphan_reason(&self, addr: &AbsResourceInstance) -> ActionReason {
        let path = addr.module.config_path();
        let Some(tree) = self.engine.tree.get(&path) else {
            return ActionReason::DeleteBecauseNoResourceConfig;
        };
        if !self.store.instances(&path).contains(&addr.module) {
            return ActionReason::DeleteBecauseNoModule;
        }
        let Some(r) = tree.module.resources.get(&addr.resource.to_string()) else {
            return ActionReason::DeleteBecauseNoResourceConfig;
        };
        let fits = match &addr.key {
            None => r.count.is_none() && r.for_each.is_none(),
            Some(InstanceKey::Int(_)) => r.count.is_some(),
            Some(InstanceKey::Str(_)) => r.for_each.is_some(),
        };
        if fits {
            ActionReason::DeleteBecauseNoInstance
        } else {
            ActionReason::DeleteBecauseWrongRepetition
        }
    }

    /// Stored instances nothing planned: deleted, with the reason why;
    /// when applying, destroyed with the deletions a destroy planned,
    /// dependents first.
    pub(super) async fn orphans(&self) {
        let seen = self.seen.lock().unwrap_or_else(|p| p.into_inner()).clone();
        let mut found = Vec::new();
        for (address, record) in &self.prior {
            if seen.contains(address) {
                continue;
            }
            let Ok(addr) = parse_instance(address) else {
                continue;
            };
            let node = super::graph::Node {
                path: addr.module.config_path(),
                kind: NodeKind::Resource(addr.resource.clone()),
            };
            if self.targeted.as_ref().is_some_and(|t| !t.contains(&node)) {
                continue;
            }
            let reason = self.orphan_reason(&addr);
            if record.mode == terrace_state::ResourceMode::Data {
                // No longer configured: an apply forgets what it read.
                if let Some(ctx) = self.apply {
                    if let Err(d) = super::apply_exec::drop_data(ctx, &addr) {
                        self.fail(d);
                    }
                }
                continue;
            }
            found.push(plan_instance::deletion(self, addr, record, reason));
        }
        let Some(ctx) = self.apply else {
            self.changes
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .extend(found);
            return;
        };
        let mut configured: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for (change, deps) in self
            .destroys
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .drain(..)
        {
            configured.insert(change.addr.to_string(), deps);
            found.push(change);
        }
        // Each level only holds objects nothing left depends on: its
        // deletions run at once, bounded by -parallelism like every call.
        for level in dependents_first(found, &self.prior, &configured) {
            if ctx.stopping() {
                break;
            }
            let results = futures::future::join_all(
                level
                    .iter()
                    .map(|change| plan_instance::destroy_orphan(self, ctx, change)),
            )
            .await;
            let mut failed = false;
            for (change, result) in level.into_iter().zip(results) {
                match result {
                    Ok(()) => self
                        .changes
                        .lock()
                        .unwrap_or_else(|p| p.into_inner())
                        .push(change),
                    Err(d) => {
                        failed = true;
                        self.fail(d)
                    }
                }
            }
            // What the failed objects depend on must stay.
            if failed {
                break;
            }
        }
    }
}

/// Groups deletions into levels so that what depends on an object is in an
/// earlier level, by the stored dependencies and, for a destroy, the
/// configuration's (an imported object has no stored ones yet).
fn dependents_first(
    mut changes: Vec<ResourceChange>,
    prior: &BTreeMap<String, ResourceInstance>,
    configured: &BTreeMap<String, Vec<String>>,
) -> Vec<Vec<ResourceChange>> {
    let mut out = Vec::new();
    while !changes.is_empty() {
        let resources: Vec<String> = changes
            .iter()
            .map(|c| c.addr.resource_addr().to_string())
            .collect();
        let needed = |c: &ResourceChange| {
            let me = c.addr.resource_addr().to_string();
            changes.iter().any(|o| {
                o.addr != c.addr
                    && (prior
                        .get(&o.addr.to_string())
                        .is_some_and(|r| r.dependencies.contains(&me))
                        || configured
                            .get(&o.addr.to_string())
                            .is_some_and(|d| d.contains(&me)))
            })
        };
        let (free, rest): (Vec<_>, Vec<_>) = changes.iter().cloned().partition(|c| !needed(c));
        let _ = resources;
        if free.is_empty() {
            out.push(rest);
            break;
        }
        out.push(free);
        changes = rest;
    }
    out
}
