//! Planning one resource instance: decode its configuration, refresh its
//! stored object, ask the provider for the planned object, check the answer,
//! and choose the action.

use std::sync::Arc;

use terrace_provider_sdk::{PlanRequest, Provider, ReadRequest, Schema};
use terrace_state::{InstanceStatus, ResourceInstance};
use terrace_value::{Diagnostic, Diagnostics, Path, PathStep, Type, Value};

use super::decode_body;
use super::plan::Planning;
use super::plan_model::{Action, ActionReason, PlanMode, ResourceChange};
use super::state_codec;
use crate::addrs::{AbsResourceInstance, Mode};
use crate::config;
use crate::lang::eval::Evaluator;
use crate::lang::scope::{EvalContext, Scope};

/// One instance to plan.
pub(super) struct InstanceJob<'a> {
    pub addr: AbsResourceInstance,
    pub config: &'a config::Resource,
    pub schema: &'a Schema,
    pub ctx: EvalContext,
    pub provider: Arc<dyn Provider>,
    pub provider_addr: String,
    pub dependencies: Vec<String>,
    /// The object as read by the resource's batched refresh, when there was one.
    pub refreshed: Option<Option<Value>>,
}

/// The stored object of a record as a value of the schema's type.
pub(super) fn stored_value(record: &ResourceInstance, ty: &Type) -> Option<Value> {
    state_codec::decode(&record.attributes, &record.sensitive_paths, ty).ok()
}

/// The stored object an instance starts from: none when there is no record,
/// or when a create was interrupted before its object got an ID.
pub(super) fn prior_object(record: Option<&ResourceInstance>, ty: &Type) -> Option<Value> {
    let prior = record.and_then(|r| stored_value(r, ty))?;
    let unborn = record.is_some_and(|r| matches!(&r.status, InstanceStatus::Pending { action, .. } if *action == terrace_state::Action::Create));
    let has_id = prior
        .as_entries()
        .and_then(|m| m.get("id").cloned())
        .is_some_and(|id| !id.is_null());
    if unborn && !has_id {
        None
    } else {
        Some(prior)
    }
}

/// Finds the object an `import` block names, so the plan diffs against it.
async fn import(
    p: &Planning<'_>,
    job: &InstanceJob<'_>,
    imp: &config::Import,
) -> Result<Value, Diagnostics> {
    let ctx = p
        .engine
        .context(&p.store, &crate::addrs::ModuleInstance::root());
    let id = super::import_blocks::id(imp, &ctx)?;
    let type_name = job.addr.resource.type_name.clone();
    let _permit = p.calls.acquire().await;
    let found = job
        .provider
        .import_resource(terrace_provider_sdk::ImportRequest {
            type_name: type_name.clone(),
            id: id.clone(),
        })
        .await;
    if found.diagnostics.has_errors() {
        return Err(with_address(found.diagnostics, &job.addr));
    }
    let missing = || -> Diagnostics {
        with_address(
            Diagnostic::error(
                "Cannot import non-existent remote object",
                format!("While attempting to import an existing object to {}, the provider detected that no object exists with the given id {id:?}. Only pre-existing objects can be imported; check that the id is correct and that it is associated with the provider's configured region or endpoint, or use \"terrace apply\" to create a new remote object for this resource.", job.addr),
            )
            .at(imp.id.range())
            .into(),
            &job.addr,
        )
    };
    let Some(state) = found.state else {
        return Err(missing());
    };
    let read = job
        .provider
        .read_resource(ReadRequest {
            type_name,
            current_state: state,
            private: Vec::new(),
        })
        .await;
    if read.diagnostics.has_errors() {
        return Err(with_address(read.diagnostics, &job.addr));
    }
    let Some(object) = read.new_state else {
        return Err(missing());
    };
    p.importing
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .insert(job.addr.to_string(), (id, read.private));
    Ok(state_codec::mark_schema_sensitive(
        object,
        &job.schema.block,
    ))
}

/// Whether the stored object must be read before planning: always with
/// refresh on, and for objects an interrupted run left pending.
pub(super) fn needs_refresh(p: &Planning<'_>, record: Option<&ResourceInstance>) -> bool {
    p.opts.refresh || record.is_some_and(|r| matches!(r.status, InstanceStatus::Pending { .. }))
}

pub(super) fn with_address(mut d: Diagnostics, addr: &AbsResourceInstance) -> Diagnostics {
    for x in d.0.iter_mut() {
        x.address.get_or_insert_with(|| addr.to_string());
    }
    d
}

/// Plans `job`, records its change and its value for references.
pub(super) async fn plan(p: &Planning<'_>, job: &InstanceJob<'_>) -> Result<(), Diagnostics> {
    let address = job.addr.to_string();
    p.seen
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .insert(address.clone());
    let ty = job.schema.block.value_type();
    let record = p.prior.get(&address);
    if job.addr.resource.mode == Mode::Data {
        return super::plan_data::read_data(p, job, &ty).await;
    }
    let mut prior = prior_object(record, &ty);
    if record.is_none() {
        if let Some(imp) = p.imports.get(&address) {
            prior = Some(import(p, job, imp).await?);
        }
    }
    let ev = Evaluator::new(&job.config.body.file, &job.ctx);
    let config = if p.opts.mode == PlanMode::Destroy {
        None
    } else {
        let (v, d) = decode_body::decode(
            &ev,
            &Scope::root(),
            &job.config.body.body,
            &job.schema.block,
        );
        if d.has_errors() {
            return Err(with_address(d, &job.addr));
        }
        Some(v)
    };
    if let Some(before) = prior.clone() {
        if needs_refresh(p, record) {
            let from_plan = p
                .apply
                .and_then(|a| a.refreshed.as_ref())
                .and_then(|m| m.get(&address));
            let read = match (from_plan, &job.refreshed) {
                (Some(read), _) | (None, Some(read)) => read.clone(),
                (None, None) => {
                    let _permit = p.calls.acquire().await;
                    let (plain, _) = before.clone().unmark_deep();
                    let resp = job
                        .provider
                        .read_resource(ReadRequest {
                            type_name: job.addr.resource.type_name.clone(),
                            current_state: plain,
                            private: record.map(|r| r.private.clone()).unwrap_or_default(),
                        })
                        .await;
                    if resp.diagnostics.has_errors() {
                        return Err(with_address(resp.diagnostics, &job.addr));
                    }
                    resp.new_state
                }
            };
            p.refreshed
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .insert(address.clone(), read.clone());
            // The stored marks stay: a read object is as sensitive as it was.
            let stored_marks = state_codec::marked_paths(&before);
            let refreshed = read.map(|v| {
                let v = state_codec::mark_schema_sensitive(v, &job.schema.block);
                state_codec::mark_paths(v, &stored_marks)
            });
            let changed = match (&refreshed, &before) {
                (Some(a), b) => !a.same_as(b),
                (None, _) => true,
            };
            if changed {
                p.drift
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .push(ResourceChange {
                        addr: job.addr.clone(),
                        prev_addr: None,
                        provider: job.provider_addr.clone(),
                        action: if refreshed.is_some() {
                            Action::Update
                        } else {
                            Action::Delete
                        },
                        reason: None,
                        before: Some(before),
                        after: refreshed.clone(),
                        requires_replace: Vec::new(),
                        importing: None,
                        private: Vec::new(),
                    });
            }
            prior = refreshed;
        }
    }
    if p.opts.mode == PlanMode::RefreshOnly {
        // An object found gone is unknown to what refers to it, as in
        // Terraform, so a drift check does not fail on its outputs.
        remember(
            p,
            job,
            prior.clone().unwrap_or_else(|| Value::Unknown(ty.clone())),
        );
        return Ok(());
    }
    let Some(config) = config else {
        if let Some(before) = prior {
            prevent_destroy(job)?;
            if p.apply.is_some() {
                // Carried out after the walk, dependents first.
                p.destroys.lock().unwrap_or_else(|e| e.into_inner()).push((
                    ResourceChange {
                        addr: job.addr.clone(),
                        prev_addr: None,
                        provider: job.provider_addr.clone(),
                        action: Action::Delete,
                        reason: None,
                        before: Some(before),
                        after: None,
                        requires_replace: Vec::new(),
                        importing: None,
                        private: record.map(|r| r.private.clone()).unwrap_or_default(),
                    },
                    job.dependencies.clone(),
                ));
                return Ok(());
            }
            return finish(
                p,
                job,
                Action::Delete,
                None,
                Some(before),
                None,
                Vec::new(),
                Vec::new(),
                None,
            )
            .await;
        }
        return Ok(());
    };
    let config = ignore_changes(job.config, config, prior.as_ref());
    let (config_plain, _) = config.clone().unmark_deep();
    let config_plain_for_apply = config_plain.clone();
    // Permits are held only around provider calls: `finish` takes its own.
    let permit = p.calls.acquire().await;
    let resp = job
        .provider
        .plan_resource(PlanRequest {
            type_name: job.addr.resource.type_name.clone(),
            prior_state: prior.clone().map(|v| v.unmark_deep().0),
            config: Some(config_plain.clone()),
            prior_private: record.map(|r| r.private.clone()).unwrap_or_default(),
        })
        .await;
    drop(permit);
    if resp.diagnostics.has_errors() {
        return Err(with_address(resp.diagnostics, &job.addr));
    }
    let Some(planned) = resp.planned_state else {
        return Err(with_address(Diagnostic::error("Provider produced invalid plan", "The provider returned no planned object for a resource that is in the configuration. This is a bug in the provider.").into(), &job.addr));
    };
    let prior_plain = prior.clone().map(|v| v.unmark_deep().0);
    check_planned(
        &job.addr,
        &job.schema.block,
        &config_plain,
        prior_plain.as_ref(),
        &planned,
    )?;
    let planned = remark(planned, &config, &job.schema.block);
    let tainted = record.is_some_and(|r| matches!(r.status, InstanceStatus::Tainted));
    let (action, reason, after, private) = match &prior {
        None => (Action::Create, None, planned, resp.planned_private),
        Some(before) => {
            let replace_paths: Vec<Path> = resp
                .requires_replace
                .iter()
                .filter(|path| differs(before, &planned, path))
                .cloned()
                .collect();
            let by_request = p.replace.contains(&job.addr);
            let triggered = !job.config.lifecycle.replace_triggered_by.is_empty() && {
                // Synchronous, so the lock is held only while the triggers are checked.
                let changes = p.changes.lock().unwrap_or_else(|e| e.into_inner());
                super::replace_triggers::fired(
                    &job.config.lifecycle.replace_triggered_by,
                    &job.addr,
                    &job.ctx,
                    &changes,
                )
                .map_err(|d| with_address(d, &job.addr))?
            };
            if by_request || tainted || triggered || !replace_paths.is_empty() {
                let reason = if by_request {
                    ActionReason::ReplaceByRequest
                } else if tainted {
                    ActionReason::ReplaceBecauseTainted
                } else if triggered && replace_paths.is_empty() {
                    ActionReason::ReplaceByTriggers
                } else {
                    ActionReason::ReplaceBecauseCannotUpdate
                };
                let permit = p.calls.acquire().await;
                let fresh = job
                    .provider
                    .plan_resource(PlanRequest {
                        type_name: job.addr.resource.type_name.clone(),
                        prior_state: None,
                        config: Some(config_plain),
                        prior_private: Vec::new(),
                    })
                    .await;
                drop(permit);
                if fresh.diagnostics.has_errors() {
                    return Err(with_address(fresh.diagnostics, &job.addr));
                }
                let after = remark(
                    fresh.planned_state.unwrap_or(planned),
                    &config,
                    &job.schema.block,
                );
                prevent_destroy(job)?;
                let action = if job.config.lifecycle.create_before_destroy
                    || p.engine.dependents_create_before_destroy(&job.addr)
                {
                    Action::CreateThenDelete
                } else {
                    Action::DeleteThenCreate
                };
                return finish(
                    p,
                    job,
                    action,
                    Some(reason),
                    Some(before.clone()),
                    Some(after),
                    replace_paths,
                    fresh.planned_private,
                    Some(config_plain_for_apply),
                )
                .await;
            }
            if planned.is_wholly_known() && planned.same_as(before) {
                (Action::NoOp, None, planned, resp.planned_private)
            } else {
                (Action::Update, None, planned, resp.planned_private)
            }
        }
    };
    finish(
        p,
        job,
        action,
        reason,
        prior,
        Some(after),
        Vec::new(),
        private,
        Some(config_plain_for_apply),
    )
    .await
}

/// Records the planned change; when applying, carries it out and makes the
/// resulting object visible to references instead of the planned one.
#[allow(clippy::too_many_arguments)]
async fn finish(
    p: &Planning<'_>,
    job: &InstanceJob<'_>,
    action: Action,
    reason: Option<ActionReason>,
    before: Option<Value>,
    after: Option<Value>,
    requires_replace: Vec<Path>,
    private: Vec<u8>,
    config: Option<Value>,
) -> Result<(), Diagnostics> {
    let Some(ctx) = p.apply else {
        if let Some(a) = &after {
            remember(p, job, a.clone());
        }
        push(
            p,
            job,
            action,
            reason,
            before,
            after,
            requires_replace,
            private,
        );
        return Ok(());
    };
    let address = job.addr.to_string();
    if let Some(expected) = ctx
        .expected
        .as_ref()
        .filter(|_| !ctx.deferred.contains(&address))
    {
        let was = expected.get(&address).copied().unwrap_or(Action::NoOp);
        // An update may turn out to change nothing once the values unknown
        // at planning are known (a dependency replaced with the same
        // output), as Terraform allows; any other difference is an error.
        let settled = matches!(
            (was, action),
            (Action::Read, Action::NoOp) | (Action::Update, Action::NoOp)
        );
        if was != action && !settled {
            return Err(Diagnostic::error(
                "Provider produced inconsistent final plan",
                format!("When applying the saved plan, {address} was planned to {:?} but now needs to {:?}. Make a new plan.", was, action),
            )
            .about(address)
            .into());
        }
    }
    let target = super::apply_exec::Target {
        addr: &job.addr,
        provider_addr: &job.provider_addr,
        provider: &job.provider,
        schema_version: job.schema.version,
        ty: job.schema.block.value_type(),
        dependencies: job.dependencies.clone(),
        create_before_destroy: job.config.lifecycle.create_before_destroy,
    };
    let imported = p
        .importing
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .get(&address)
        .cloned();
    if let (Some((_, private)), Some(object), Action::NoOp) = (&imported, &before, action) {
        super::apply_exec::adopt(ctx, &target, object, private.clone())?;
    }
    let _permit = p.calls.acquire().await;
    let result = super::apply_exec::execute(
        ctx,
        &target,
        action,
        before.clone(),
        after.clone(),
        config,
        private.clone(),
    )
    .await?;
    let result = result.map(|v| state_codec::mark_schema_sensitive(v, &job.schema.block));
    if let Some(v) = &result {
        remember(p, job, v.clone());
    }
    push(
        p,
        job,
        action,
        reason,
        before,
        result.or(after),
        requires_replace,
        private,
    );
    Ok(())
}

/// `lifecycle { prevent_destroy = true }` refuses any plan that destroys.
fn prevent_destroy(job: &InstanceJob<'_>) -> Result<(), Diagnostics> {
    if !job.config.lifecycle.prevent_destroy {
        return Ok(());
    }
    Err(Diagnostic::error(
        "Instance cannot be destroyed",
        format!("Resource {} has lifecycle.prevent_destroy set, but the plan calls for this resource to be destroyed. To avoid this error and continue with the plan, either disable lifecycle.prevent_destroy or reduce the scope of the plan using the -target option.", job.addr),
    )
    .at(job.config.range.clone())
    .about(job.addr.to_string())
    .into())
}

/// Makes a value visible to references.
pub(super) fn remember(p: &Planning<'_>, job: &InstanceJob<'_>, value: Value) {
    let res = job.addr.resource.clone();
    p.store.with(&job.addr.module, |m| {
        if let Some((_, instances)) = m.resources.get_mut(&res) {
            instances.insert(job.addr.key.clone(), value);
        }
    });
}

#[allow(clippy::too_many_arguments)]
pub(super) fn push(
    p: &Planning<'_>,
    job: &InstanceJob<'_>,
    action: Action,
    reason: Option<ActionReason>,
    before: Option<Value>,
    after: Option<Value>,
    requires_replace: Vec<Path>,
    private: Vec<u8>,
) {
    p.changes
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .push(ResourceChange {
            addr: job.addr.clone(),
            prev_addr: p.renamed.get(&job.addr.to_string()).cloned(),
            provider: job.provider_addr.clone(),
            action,
            reason,
            before,
            after,
            requires_replace,
            importing: p
                .importing
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .get(&job.addr.to_string())
                .map(|(id, _)| id.clone()),
            private,
        });
}

/// The deletion of a stored instance the configuration no longer has.
pub(super) fn deletion(
    p: &Planning<'_>,
    addr: AbsResourceInstance,
    record: &ResourceInstance,
    reason: ActionReason,
) -> ResourceChange {
    let pref = provider_ref_of(&record.provider);
    let ty = p
        .engine
        .providers
        .schema(&pref.local)
        .and_then(|s| {
            if record.mode == terrace_state::ResourceMode::Data {
                s.data_sources.get(&record.type_name)
            } else {
                s.resources.get(&record.type_name)
            }
        })
        .map_or(Type::Dynamic, |s| s.block.value_type());
    ResourceChange {
        addr,
        prev_addr: None,
        provider: record.provider.clone(),
        action: Action::Delete,
        reason: Some(reason),
        before: state_codec::decode(&record.attributes, &record.sensitive_paths, &ty).ok(),
        after: None,
        requires_replace: Vec::new(),
        importing: None,
        private: record.private.clone(),
    }
}

/// Destroys a stored instance the configuration no longer has.
pub(super) async fn destroy_orphan(
    p: &Planning<'_>,
    ctx: &super::apply_exec::ApplyCtx,
    change: &ResourceChange,
) -> Result<(), Diagnostics> {
    let pref = provider_ref_of(&change.provider);
    let provider = p.engine.provider(&p.store, &pref).await?;
    let schema = p
        .engine
        .providers
        .schema(&pref.local)
        .and_then(|s| s.resources.get(&change.addr.resource.type_name));
    let target = super::apply_exec::Target {
        addr: &change.addr,
        provider_addr: &change.provider,
        provider: &provider,
        schema_version: schema.map_or(0, |s| s.version),
        ty: schema.map_or(Type::Dynamic, |s| s.block.value_type()),
        dependencies: Vec::new(),
        create_before_destroy: false,
    };
    let _permit = p.calls.acquire().await;
    super::apply_exec::execute(
        ctx,
        &target,
        Action::Delete,
        change.before.clone(),
        None,
        None,
        Vec::new(),
    )
    .await?;
    Ok(())
}

/// The local name, alias and instance key in a provider address such as
/// `provider["registry.terraform.io/hashicorp/aws"].by_region["west"]`.
pub(super) fn provider_ref_of(address: &str) -> super::setup::ProviderRef {
    let inner = address.split("provider[\"").nth(1).unwrap_or(address);
    let (source, rest) = inner.split_once("\"]").unwrap_or((inner, ""));
    let local = source.rsplit('/').next().unwrap_or(source).to_string();
    let rest = rest.strip_prefix('.').unwrap_or("");
    let (alias, key) = match rest.split_once('[') {
        Some((alias, key)) => (alias, Some(key.trim_end_matches(']'))),
        None => (rest, None),
    };
    let key = key.and_then(|k| match serde_json::from_str::<serde_json::Value>(k) {
        Ok(serde_json::Value::String(s)) => Some(crate::addrs::InstanceKey::Str(s)),
        Ok(serde_json::Value::Number(n)) => n.as_i64().map(crate::addrs::InstanceKey::Int),
        _ => None,
    });
    super::setup::ProviderRef {
        local,
        alias: Some(alias.to_string()).filter(|a| !a.is_empty()),
        key,
    }
}

/// `lifecycle { ignore_changes = [...] }`: the stored values of ignored
/// attributes replace the configured ones.
fn ignore_changes(r: &config::Resource, config: Value, prior: Option<&Value>) -> Value {
    let Some(prior_attrs) = prior.and_then(Value::as_entries) else {
        return config;
    };
    if r.lifecycle.ignore_changes.is_empty() && !r.lifecycle.ignore_all_changes {
        return config;
    }
    let (config, marks) = config.unmark();
    let mut attrs = match config {
        Value::Object(attrs) => attrs,
        other => return other.mark(marks),
    };
    let names: Vec<String> = if r.lifecycle.ignore_all_changes {
        attrs.keys().cloned().collect()
    } else {
        r.lifecycle
            .ignore_changes
            .iter()
            .filter_map(|e| {
                crate::lang::references::references(&e.expr)
                    .into_iter()
                    .next()
                    .map(|r| r.root)
            })
            .collect()
    };
    for n in names {
        if let Some(v) = prior_attrs.get(&n) {
            attrs.insert(n, v.clone());
        }
    }
    Value::Object(attrs).mark(marks)
}

/// Whether the value at `path` differs between two objects.
fn differs(a: &Value, b: &Value, path: &Path) -> bool {
    let get = |v: &Value| -> Option<Value> {
        let mut cur = v.clone();
        for step in &path.0 {
            cur = match step {
                PathStep::Attr(n) | PathStep::Key(n) => cur.as_entries()?.get(n)?.clone(),
                PathStep::Index(i) => cur.as_elements()?.get(*i as usize)?.clone(),
            };
        }
        Some(cur)
    };
    match (get(a), get(b)) {
        (Some(x), Some(y)) => !x.is_wholly_known() || !y.is_wholly_known() || !x.same_as(&y),
        (None, None) => false,
        _ => true,
    }
}

/// The engine's check of a provider's plan: every attribute the provider
/// does not compute must be what the configuration says, or, as Terraform
/// allows, the prior value unchanged when both are set: the provider found
/// the two equivalent (the same JSON document written differently, say).
fn check_planned(
    addr: &AbsResourceInstance,
    block: &terrace_provider_sdk::Block,
    config: &Value,
    prior: Option<&Value>,
    planned: &Value,
) -> Result<(), Diagnostics> {
    let (Some(c), Some(pl)) = (config.as_entries(), planned.as_entries()) else {
        return Ok(());
    };
    let prior = prior.and_then(Value::as_entries);
    let mut diags = Diagnostics::new();
    for (name, spec) in &block.attributes {
        if spec.computed {
            continue;
        }
        let (Some(cv), Some(pv)) = (c.get(name), pl.get(name)) else {
            continue;
        };
        let kept_prior = prior
            .and_then(|p| p.get(name))
            .is_some_and(|old| !old.is_null() && !cv.is_null() && old.same_as(pv));
        if kept_prior {
            continue;
        }
        if cv.is_wholly_known()
            && pv.is_wholly_known()
            && !(cv.same_as(pv) || cv.is_null() && pv.is_null())
        {
            diags.push(
                Diagnostic::error(
                    "Provider produced invalid plan",
                    format!("The provider planned {name} = {} for {addr}, but the configuration says {}. This is a bug in the provider.", short(pv), short(cv)),
                )
                .about(addr.to_string()),
            );
        }
    }
    if diags.is_empty() {
        Ok(())
    } else {
        Err(diags)
    }
}

fn short(v: &Value) -> String {
    if v.has_marks_deep() {
        return "(sensitive value)".into();
    }
    crate::lang::format::format_value(v, 0)
}

/// Puts back the marks the configuration had, and the schema's sensitive ones.
fn remark(planned: Value, config: &Value, block: &terrace_provider_sdk::Block) -> Value {
    let paths = state_codec::marked_paths(config);
    let v = state_codec::mark_paths(planned, &paths);
    state_codec::mark_schema_sensitive(v, block)
}
