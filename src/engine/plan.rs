//! Planning: walk the graph, evaluate every object in every module instance,
//! refresh and plan each resource instance through its provider, and collect
//! the changes (including deletions of what the configuration no longer has).

use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Arc, Mutex};

use terrace_state::{ResourceInstance, Snapshot};
use terrace_value::{Diagnostic, Diagnostics, Value};
use tokio::sync::Semaphore;

use super::apply_exec::ApplyCtx;
use super::expand::{expansion, instance_context};
use super::graph::NodeKind;
use super::plan_instance::{self, InstanceJob};
use super::plan_model::{Action, OutputChange, Plan, PlanMode, ResourceChange};
use super::setup::{Engine, ProviderError, ProviderRef};
use super::values::{Expansion, Store};
use super::walk::walk;
use crate::addrs::{parse_instance, AbsResource, AbsResourceInstance, InstanceKey, ModuleInstance};
use crate::lang::eval::Evaluator;

/// How to plan.
#[derive(Debug, Clone, Default)]
pub struct PlanOptions {
    /// Normal, destroy or refresh-only.
    pub mode: PlanMode,
    /// Whether to read real objects first (`-refresh=false` turns it off).
    pub refresh: bool,
    /// `-target` addresses: only these (and what they depend on).
    pub targets: Vec<String>,
    /// `-exclude` addresses: leave these and their dependents alone.
    pub excludes: Vec<String>,
    /// `-replace` addresses: replace these even if unchanged.
    pub replace: Vec<String>,
    /// How many provider calls may run at once.
    pub parallelism: usize,
}

/// State shared by the tasks of one planning walk.
pub(super) struct Planning<'a> {
    pub engine: &'a Engine,
    pub opts: &'a PlanOptions,
    pub store: Arc<Store>,
    pub prior: BTreeMap<String, ResourceInstance>,
    pub changes: Mutex<Vec<ResourceChange>>,
    pub drift: Mutex<Vec<ResourceChange>>,
    pub diags: Mutex<Diagnostics>,
    pub seen: Mutex<BTreeSet<String>>,
    /// When destroying: the deletions with the configuration's
    /// dependencies of each, carried out after the walk, dependents first
    /// (the walk itself goes dependencies first).
    pub destroys: Mutex<Vec<(ResourceChange, Vec<String>)>>,
    pub calls: Semaphore,
    pub replace: BTreeSet<AbsResourceInstance>,
    pub apply: Option<&'a ApplyCtx>,
    /// Instances a `moved` block renamed: new address → old address.
    pub renamed: BTreeMap<String, AbsResourceInstance>,
    /// `import` blocks whose targets are not in the state yet, by address.
    pub imports: BTreeMap<String, &'a crate::config::Import>,
    /// Targets being imported in this run: ID and the provider's private data.
    pub importing: Mutex<BTreeMap<String, (String, Vec<u8>)>>,
    /// Every object refresh read, by address.
    pub refreshed: Mutex<BTreeMap<String, Option<Value>>>,
    /// Instances whose provider cannot be configured until apply.
    pub deferred: Mutex<Vec<super::plan_model::Deferred>>,
    /// With `-target`: the resources to plan (targets and what they need).
    pub targeted: Option<BTreeSet<super::graph::Node>>,
}

impl Planning<'_> {
    pub fn fail(&self, d: Diagnostics) {
        self.diags
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .extend(d);
    }
}

/// Plans the configuration against `prior`.
pub async fn plan(
    engine: &Engine,
    prior: &Snapshot,
    opts: &PlanOptions,
) -> (Plan, Store, Diagnostics) {
    run(engine, prior, opts, None).await
}

/// Plans, and with `apply` carries each change out as soon as it is planned
/// with its final values.
pub async fn run(
    engine: &Engine,
    prior: &Snapshot,
    opts: &PlanOptions,
    apply: Option<&ApplyCtx>,
) -> (Plan, Store, Diagnostics) {
    let mut replace = BTreeSet::new();
    let mut diags = Diagnostics::new();
    for r in &opts.replace {
        match parse_instance(r) {
            Ok(a) => {
                replace.insert(a);
            }
            Err(e) => diags.push(Diagnostic::error("Invalid replace address", e.to_string())),
        }
    }
    let mut prior_resources = prior.resources.clone();
    let renamed = match super::moved::moves(&engine.tree) {
        Ok(moves) => {
            let renamed = super::moved::apply_moves(&mut prior_resources, &moves);
            if let Some(ctx) = apply {
                // The state follows the rename before anything else happens to the objects.
                let mut st = ctx.state.lock().unwrap_or_else(|p| p.into_inner());
                for (new, old) in &renamed {
                    if let Err(e) = st.mv(&old.to_string(), new) {
                        diags.push(Diagnostic::error(
                            "Failed to move state",
                            format!("{old} -> {new}: {e}"),
                        ));
                    }
                }
            }
            renamed
        }
        Err(d) => {
            diags.extend(d);
            BTreeMap::new()
        }
    };
    let imports = if opts.mode == PlanMode::Normal {
        let (found, d) =
            super::import_blocks::pending(&engine.tree, |a| prior_resources.contains_key(a));
        diags.extend(d);
        found
    } else {
        BTreeMap::new()
    };
    let planning = Planning {
        engine,
        imports,
        importing: Mutex::new(BTreeMap::new()),
        opts,
        store: Arc::new(Store::default()),
        prior: prior_resources,
        renamed,
        changes: Mutex::new(Vec::new()),
        drift: Mutex::new(Vec::new()),
        deferred: Mutex::new(Vec::new()),
        refreshed: Mutex::new(BTreeMap::new()),
        diags: Mutex::new(diags),
        seen: Mutex::new(BTreeSet::new()),
        destroys: Mutex::new(Vec::new()),
        calls: Semaphore::new(opts.parallelism.max(1)),
        replace,
        apply,
        targeted: targeted(engine, &opts.targets, &opts.excludes),
    };
    let g = &engine.graph.graph;
    let stop = || apply.is_some_and(|a| a.stopping());
    let outcome = walk(g, 64, false, stop, |idx| {
        let node = g[idx].clone();
        let planning = &planning;
        async move { planning.visit(&node.path, &node.kind).await }
    })
    .await;
    if !outcome.skipped.is_empty() && stop() {
        planning.fail(Diagnostic::warning("Apply interrupted", format!("{} objects were not started because of the interrupt; the state records everything that was done.", outcome.skipped.len())).into());
    }
    planning.orphans().await;
    let mut plan = Plan {
        deposed: prior
            .deposed
            .iter()
            .map(|d| format!("{} (deposed object {})", d.address, d.key))
            .collect(),
        mode: opts.mode,
        prior_lineage: prior.lineage.clone(),
        prior_serial: prior.serial,
        timestamp: engine.base.plan_timestamp.clone(),
        ..Plan::default()
    };
    let Planning {
        changes,
        drift,
        deferred,
        refreshed,
        diags,
        store,
        ..
    } = planning;
    plan.changes = changes.into_inner().unwrap_or_else(|p| p.into_inner());
    plan.changes.sort_by(|a, b| a.addr.cmp(&b.addr));
    plan.drift = drift.into_inner().unwrap_or_else(|p| p.into_inner());
    plan.drift.sort_by(|a, b| a.addr.cmp(&b.addr));
    if plan.mode == PlanMode::Destroy {
        // As in Terraform: the refresh still updates the state, but what
        // changed outside does not matter to objects about to go.
        plan.drift.clear();
    } else {
        plan.relevant = super::relevant::relevant_attributes(&engine.tree, &plan.changes);
    }
    plan.deferred = deferred.into_inner().unwrap_or_else(|p| p.into_inner());
    plan.refreshed = refreshed.into_inner().unwrap_or_else(|p| p.into_inner());
    plan.deferred.sort_by(|a, b| a.addr.cmp(&b.addr));
    let mut diags = diags.into_inner().unwrap_or_else(|p| p.into_inner());
    locate(engine, &mut diags);
    plan.errored = diags.has_errors();
    let store = Arc::try_unwrap(store).unwrap_or_default();
    plan.outputs = output_changes(engine, &store, prior, opts.mode);
    (plan, store, diags)
}

/// A diagnostic about a resource instance (a provider's error, say) that
/// has no source range points at the resource's block, as Terraform's do.
fn locate(engine: &Engine, diags: &mut Diagnostics) {
    for d in diags.0.iter_mut() {
        if d.range.is_some() {
            continue;
        }
        let Some(addr) = d.address.as_deref().and_then(|a| parse_instance(a).ok()) else {
            continue;
        };
        let resource = engine
            .tree
            .get(&addr.module.config_path())
            .and_then(|m| m.module.resources.get(&addr.resource.to_string()));
        if let Some(r) = resource {
            d.range = Some(r.range.clone());
        }
    }
}

/// With `-target` or `-exclude`, the resource nodes to plan: each target
/// and everything it depends on (all nodes without targets), less each
/// excluded resource and everything that depends on it. Instance keys
/// select their whole resource.
fn targeted(
    engine: &Engine,
    targets: &[String],
    excludes: &[String],
) -> Option<BTreeSet<super::graph::Node>> {
    if targets.is_empty() && excludes.is_empty() {
        return None;
    }
    let g = &engine.graph;
    let closure = |addrs: &[String], direction: petgraph::Direction| {
        let mut out = BTreeSet::new();
        let mut queue: Vec<petgraph::graph::NodeIndex> = addrs
            .iter()
            .filter_map(|t| parse_instance(t).ok())
            .filter_map(|a| {
                g.find(&super::graph::Node {
                    path: a.module.config_path(),
                    kind: NodeKind::Resource(a.resource),
                })
            })
            .collect();
        while let Some(idx) = queue.pop() {
            if out.insert(g.graph[idx].clone()) {
                queue.extend(g.graph.neighbors_directed(idx, direction));
            }
        }
        out
    };
    let mut chosen = if targets.is_empty() {
        g.graph.node_weights().cloned().collect()
    } else {
        closure(targets, petgraph::Direction::Incoming)
    };
    for gone in closure(excludes, petgraph::Direction::Outgoing) {
        chosen.remove(&gone);
    }
    Some(chosen)
}

/// Changes to root outputs between the state and the planned values.
fn output_changes(
    engine: &Engine,
    store: &Store,
    prior: &Snapshot,
    mode: PlanMode,
) -> Vec<OutputChange> {
    let new = if mode == PlanMode::Destroy {
        BTreeMap::new()
    } else {
        store.with(&ModuleInstance::root(), |m| m.outputs.clone())
    };
    let mut out = Vec::new();
    let decode = |o: &terrace_state::StoredOutput| {
        let ty = terrace_value::type_from_json(&o.ty).unwrap_or_default();
        terrace_value::value_from_json(&o.value, &ty).ok().map(|v| {
            if o.sensitive {
                v.sensitive()
            } else {
                v
            }
        })
    };
    let names: BTreeSet<&String> = prior.outputs.keys().chain(new.keys()).collect();
    for name in names {
        let sensitive = engine
            .tree
            .module
            .outputs
            .get(name)
            .is_some_and(|o| o.sensitive)
            || prior.outputs.get(name).is_some_and(|o| o.sensitive);
        let before = prior.outputs.get(name).and_then(decode);
        let after = new.get(name).cloned();
        let action = match (&before, &after) {
            // A null root output is not stored, so it stays absent: no change.
            (None, Some(a)) if a.is_null() => Action::NoOp,
            (None, Some(_)) => Action::Create,
            (Some(_), None) => Action::Delete,
            (Some(b), Some(a)) if a.is_wholly_known() && b.same_as(a) && b.ty() == a.ty() => {
                Action::NoOp
            }
            (Some(_), Some(_)) => Action::Update,
            (None, None) => continue,
        };
        out.push(OutputChange {
            name: name.clone(),
            action,
            before,
            after,
            sensitive,
        });
    }
    out
}

impl Planning<'_> {
    async fn visit(&self, path: &[String], kind: &NodeKind) -> bool {
        let Some(tree) = self.engine.tree.get(path) else {
            return false;
        };
        let module = &tree.module;
        let mut ok = true;
        for mi in self.store.instances(path) {
            let result = match kind {
                NodeKind::Variable(name) => self.variable(&mi, name),
                NodeKind::Local(name) => {
                    let l = &module.locals[name];
                    let ctx = self.engine.context(&self.store, &mi);
                    match Evaluator::new(&l.expr.file, &ctx).eval(&l.expr.expr) {
                        Ok(v) => {
                            self.store.with(&mi, |m| m.locals.insert(name.clone(), v));
                            Ok(())
                        }
                        Err(d) => Err(d),
                    }
                }
                NodeKind::Output(name) => {
                    let o = &module.outputs[name];
                    let ctx = self.engine.context(&self.store, &mi);
                    match Evaluator::new(&o.value.file, &ctx).eval(&o.value.expr) {
                        Ok(v) if mi.is_root() && v.has_marks_deep() && !o.sensitive => Err(Diagnostic::error(
                            "Output refers to sensitive values",
                            "To reduce the risk of accidentally exporting sensitive data that was intended to be only internal, Terrace requires that any root module output containing sensitive data be explicitly marked as sensitive, to confirm your intent.",
                        )
                        .at(o.range.clone())
                        .into()),
                        Ok(v) => {
                            self.store.with(&mi, |m| m.outputs.insert(name.clone(), v));
                            Ok(())
                        }
                        Err(d) => Err(d),
                    }
                }
                NodeKind::ModuleCall(name) => {
                    let call = &module.module_calls[name];
                    let ctx = self.engine.context(&self.store, &mi);
                    expansion(&ctx, call.count.as_ref(), call.for_each.as_ref()).map(|e| {
                        self.store.with(&mi, |m| m.calls.insert(name.clone(), e));
                    })
                }
                NodeKind::Resource(res) => {
                    let key = res.to_string();
                    let r = &module.resources[&key];
                    self.resource(&mi, r).await
                }
            };
            if let Err(d) = result {
                self.fail(d);
                ok = false;
            }
        }
        ok
    }

    /// An untargeted resource: its stored instances stand, visible to
    /// references as they are in the state.
    fn keep_as_stored(&self, abs: &AbsResource, ty: &terrace_value::Type) {
        let prefix = abs.to_string();
        let mut instances = BTreeMap::new();
        for (address, record) in &self.prior {
            let Ok(addr) = parse_instance(address) else {
                continue;
            };
            if addr.resource_addr().to_string() != prefix {
                continue;
            }
            self.seen
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .insert(address.clone());
            if let Some(v) = plan_instance::stored_value(record, ty) {
                instances.insert(addr.key.clone(), v);
            }
        }
        let keys: Vec<_> = instances.keys().cloned().collect();
        let exp = match keys.first() {
            Some(Some(crate::addrs::InstanceKey::Int(_))) => Expansion::Count(keys.len()),
            Some(Some(crate::addrs::InstanceKey::Str(_))) => Expansion::ForEach(
                keys.iter()
                    .filter_map(|k| match k {
                        Some(crate::addrs::InstanceKey::Str(s)) => Some((s.clone(), Value::null())),
                        _ => None,
                    })
                    .collect(),
            ),
            _ => Expansion::Single,
        };
        self.store.with(&abs.module, |m| {
            m.resources.insert(abs.resource.clone(), (exp, instances))
        });
    }

    /// The resources `res` refers to in its module instance, as addresses.
    fn dependencies(&self, mi: &ModuleInstance, res: &crate::addrs::Resource) -> Vec<String> {
        let g = &self.engine.graph;
        let node = super::graph::Node {
            path: mi.config_path(),
            kind: NodeKind::Resource(res.clone()),
        };
        let Some(idx) = g.find(&node) else {
            return Vec::new();
        };
        let mut out: Vec<String> = g
            .graph
            .neighbors_directed(idx, petgraph::Direction::Incoming)
            .filter_map(|d| match &g.graph[d].kind {
                NodeKind::Resource(r) if r.mode == crate::addrs::Mode::Managed => Some(
                    AbsResource {
                        module: mi.clone(),
                        resource: r.clone(),
                    }
                    .to_string(),
                ),
                _ => None,
            })
            .collect();
        out.sort();
        out
    }

    fn variable(&self, mi: &ModuleInstance, name: &str) -> Result<(), Diagnostics> {
        if mi.is_root() {
            let v = self
                .engine
                .root_vars
                .get(name)
                .cloned()
                .unwrap_or_else(Value::null);
            self.store.with(mi, |m| m.vars.insert(name.to_string(), v));
            return Ok(());
        }
        let mut steps = mi.0.clone();
        let Some(last) = steps.pop() else {
            return Ok(());
        };
        let parent = ModuleInstance(steps);
        let parent_tree = self
            .engine
            .tree
            .get(&parent.config_path())
            .ok_or_else(Diagnostics::new)?;
        let child_tree = self
            .engine
            .tree
            .get(&mi.config_path())
            .ok_or_else(Diagnostics::new)?;
        let call = &parent_tree.module.module_calls[&last.name];
        let var = &child_tree.module.variables[name];
        let value = match call.inputs.get(name) {
            Some(e) => {
                let ctx = self.engine.context(&self.store, &parent);
                let exp = self
                    .store
                    .with(&parent, |m| m.calls.get(&last.name).cloned())
                    .unwrap_or_default();
                let ctx = instance_context(&ctx, &exp, &last.key);
                Evaluator::new(&e.file, &ctx).eval(&e.expr)?
            }
            None => match &var.default {
                Some(d) => Evaluator::new(&d.file, &Default::default()).eval(&d.expr)?,
                None => {
                    return Err(Diagnostic::error(
                        "Missing required argument",
                        format!("The argument {name:?} is required, but no definition was found."),
                    )
                    .at(call.range.clone())
                    .into());
                }
            },
        };
        let value = if value.is_null() && !var.nullable {
            Value::null()
        } else {
            value
        };
        let converted = var.constraint.apply(&value).map_err(|e| {
            Diagnostics::from(
                Diagnostic::error(
                    "Invalid value for input variable",
                    format!(
                        "The given value is not suitable for module.{}.var.{name}: {e}.",
                        last.name
                    ),
                )
                .at(call.range.clone()),
            )
        })?;
        let converted = if var.sensitive {
            converted.sensitive()
        } else {
            converted
        };
        self.store
            .with(mi, |m| m.vars.insert(name.to_string(), converted));
        Ok(())
    }

    async fn resource(
        &self,
        mi: &ModuleInstance,
        r: &crate::config::Resource,
    ) -> Result<(), Diagnostics> {
        let res = super::graph::resource_of(r);
        let abs = AbsResource {
            module: mi.clone(),
            resource: res.clone(),
        };
        let schema = self.engine.schema_of(r, &self.engine.provider_of(r))?;
        let node = super::graph::Node {
            path: mi.config_path(),
            kind: NodeKind::Resource(res.clone()),
        };
        if self.targeted.as_ref().is_some_and(|t| !t.contains(&node)) {
            self.keep_as_stored(&abs, &schema.block.value_type());
            return Ok(());
        }
        let ctx = self.engine.context(&self.store, mi);
        let exp = if self.opts.mode == PlanMode::Destroy {
            Expansion::Count(0)
        } else {
            expansion(&ctx, r.count.as_ref(), r.for_each.as_ref())?
        };
        let exp = match (&exp, r.count.is_some() || r.for_each.is_some()) {
            (Expansion::Count(0), false) if self.opts.mode == PlanMode::Destroy => {
                Expansion::Single
            }
            _ => exp,
        };
        self.store.with(mi, |m| {
            m.resources
                .insert(res.clone(), (exp.clone(), BTreeMap::new()))
        });
        let dependencies = self.dependencies(mi, &res);
        let mut diags = Diagnostics::new();
        // Instances grouped by the provider instance that serves them.
        let mut groups: Vec<(ProviderRef, Vec<Option<InstanceKey>>)> = Vec::new();
        for key in exp.keys() {
            let addr = abs.instance(key.clone());
            if self.opts.mode == PlanMode::Destroy && !self.prior.contains_key(&addr.to_string()) {
                continue;
            }
            let ictx = instance_context(&ctx, &exp, &key);
            match self.engine.provider_for(&self.store, mi, r, &ictx) {
                Ok(pref) => match groups.iter_mut().find(|(p, _)| *p == pref) {
                    Some((_, keys)) => keys.push(key),
                    None => groups.push((pref, vec![key])),
                },
                Err(d) => diags.extend(super::plan_instance::with_address(d, &addr)),
            }
        }
        let mut jobs: Vec<InstanceJob<'_>> = Vec::new();
        for (pref, keys) in groups {
            let provider_addr = self.engine.providers.address(
                &pref.local,
                pref.alias.as_deref(),
                pref.key.as_ref(),
            );
            let addrs: Vec<AbsResourceInstance> =
                keys.iter().map(|k| abs.instance(k.clone())).collect();
            let provider = match self.engine.provider(&self.store, &pref).await {
                Ok(p) => p,
                Err(ProviderError::Deferred(reason)) if self.apply.is_none() => {
                    self.defer(&addrs, schema, &provider_addr, &reason);
                    continue;
                }
                Err(e) => {
                    let d: Diagnostics = e.into();
                    for a in &addrs {
                        diags.extend(super::plan_instance::with_address(d.clone(), a));
                    }
                    continue;
                }
            };
            let mut refreshed = match self.refresh_batch(&addrs, schema, &provider).await {
                Ok(r) => r,
                Err(d) => {
                    diags.extend(d);
                    continue;
                }
            };
            jobs.extend(keys.into_iter().zip(addrs).map(|(key, addr)| InstanceJob {
                refreshed: refreshed.remove(&addr.to_string()),
                addr,
                config: r,
                schema,
                ctx: instance_context(&ctx, &exp, &key),
                provider: provider.clone(),
                provider_addr: provider_addr.clone(),
                dependencies: dependencies.clone(),
            }));
        }
        let results =
            futures::future::join_all(jobs.iter().map(|j| plan_instance::plan(self, j))).await;
        for r in results {
            if let Err(d) = r {
                diags.extend(d);
            }
        }
        // In destroy mode, every stored instance of this resource goes.
        if diags.has_errors() {
            Err(diags)
        } else {
            Ok(())
        }
    }

    /// Records instances that wait for their provider: their values are
    /// unknown to everything that refers to them until apply.
    fn defer(
        &self,
        addrs: &[AbsResourceInstance],
        schema: &terrace_provider_sdk::Schema,
        provider: &str,
        reason: &str,
    ) {
        let ty = schema.block.value_type();
        let mut seen = self.seen.lock().unwrap_or_else(|p| p.into_inner());
        let mut deferred = self.deferred.lock().unwrap_or_else(|p| p.into_inner());
        for addr in addrs {
            seen.insert(addr.to_string());
            self.store.with(&addr.module, |m| {
                if let Some((_, instances)) = m.resources.get_mut(&addr.resource) {
                    instances.insert(addr.key.clone(), Value::Unknown(ty.clone()));
                }
            });
            deferred.push(super::plan_model::Deferred {
                addr: addr.clone(),
                provider: provider.to_string(),
                reason: reason.to_string(),
            });
        }
    }

    /// Reads the stored objects of a resource's instances in one provider
    /// call, so providers whose APIs list can refresh many objects at once.
    /// Returns the objects by instance address; with fewer than two objects
    /// to read, it reads nothing and each instance reads its own.
    async fn refresh_batch(
        &self,
        addrs: &[AbsResourceInstance],
        schema: &terrace_provider_sdk::Schema,
        provider: &Arc<dyn terrace_provider_sdk::Provider>,
    ) -> Result<BTreeMap<String, Option<Value>>, Diagnostics> {
        if addrs
            .first()
            .is_some_and(|a| a.resource.mode == crate::addrs::Mode::Data)
        {
            return Ok(BTreeMap::new());
        }
        let ty = schema.block.value_type();
        let current_states: BTreeMap<String, Value> = addrs
            .iter()
            .filter_map(|a| {
                let address = a.to_string();
                let record = self.prior.get(&address);
                let from_plan = self
                    .apply
                    .and_then(|a| a.refreshed.as_ref())
                    .is_some_and(|m| m.contains_key(&address));
                if from_plan || !plan_instance::needs_refresh(self, record) {
                    return None;
                }
                let prior = plan_instance::prior_object(record, &ty)?;
                Some((address, prior.unmark_deep().0))
            })
            .collect();
        if current_states.len() < 2 {
            return Ok(BTreeMap::new());
        }
        let Some(first) = addrs.first() else {
            return Ok(BTreeMap::new());
        };
        let keys: Vec<String> = current_states.keys().cloned().collect();
        let _permit = self.calls.acquire().await;
        let resp = provider
            .read_many(terrace_provider_sdk::ReadManyRequest {
                type_name: first.resource.type_name.clone(),
                current_states,
            })
            .await;
        if resp.diagnostics.has_errors() {
            let mut d = resp.diagnostics;
            for x in d.0.iter_mut() {
                x.address
                    .get_or_insert_with(|| first.resource_addr().to_string());
            }
            return Err(d);
        }
        let mut found = resp.new_states;
        Ok(keys
            .into_iter()
            .map(|k| {
                let v = found.remove(&k).flatten();
                (k, v)
            })
            .collect())
    }
}
