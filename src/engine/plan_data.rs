//! Planning a data source: read while planning when its configuration is
//! known and nothing it depends on is about to change, else during apply;
//! what an apply reads is kept in the state.

use terrace_provider_sdk::ReadDataRequest;
use terrace_value::{Diagnostics, Type, Value};

use super::decode_body;
use super::plan::Planning;
use super::plan_instance::{push, remember, with_address, InstanceJob};
use super::plan_model::{Action, ActionReason, PlanMode};
use super::state_codec;
use crate::lang::eval::Evaluator;
use crate::lang::scope::Scope;

/// A data source: read now when its configuration is known, else at apply.
pub(super) async fn read_data(
    p: &Planning<'_>,
    job: &InstanceJob<'_>,
    ty: &Type,
) -> Result<(), Diagnostics> {
    let ev = Evaluator::new(&job.config.body.file, &job.ctx);
    let (config, d) = decode_body::decode(
        &ev,
        &Scope::root(),
        &job.config.body.body,
        &job.schema.block,
    );
    if d.has_errors() {
        return Err(with_address(d, &job.addr));
    }
    if p.opts.mode == PlanMode::Destroy {
        if let Some(ctx) = p.apply {
            super::apply_exec::drop_data(ctx, &job.addr)?;
        }
        return Ok(());
    }
    // While planning (not while applying, when what it depends on is done),
    // a data source waits for changes it depends on, as Terraform's do.
    let waits = p.apply.is_none() && {
        let changes = p.changes.lock().unwrap_or_else(|e| e.into_inner());
        super::data_deps::pending(job.config, &job.addr.module, &changes)
    };
    let known = config.is_wholly_known();
    if !known || waits {
        let after = if known {
            with_computed_unknown(config, &job.schema.block)
        } else {
            Value::Unknown(ty.clone())
        };
        let reason = if known {
            ActionReason::ReadBecauseDependencyPending
        } else {
            ActionReason::ReadBecauseConfigUnknown
        };
        push(
            p,
            job,
            Action::Read,
            Some(reason),
            None,
            Some(after.clone()),
            Vec::new(),
            Vec::new(),
        );
        remember(p, job, after);
        return Ok(());
    }
    let _permit = p.calls.acquire().await;
    let (plain, marks) = config.unmark_deep();
    let resp = job
        .provider
        .read_data_source(ReadDataRequest {
            type_name: job.addr.resource.type_name.clone(),
            config: plain,
        })
        .await;
    if resp.diagnostics.has_errors() {
        return Err(with_address(resp.diagnostics, &job.addr));
    }
    let value = resp.state.unwrap_or(Value::Null(ty.clone())).mark(marks);
    let value = state_codec::mark_schema_sensitive(value, &job.schema.block);
    if let Some(ctx) = p.apply {
        let target = super::apply_exec::Target {
            addr: &job.addr,
            provider_addr: &job.provider_addr,
            provider: &job.provider,
            schema_version: job.schema.version,
            ty: ty.clone(),
            dependencies: job.dependencies.clone(),
            create_before_destroy: false,
        };
        super::apply_exec::store_data(ctx, &target, &value)?;
    }
    remember(p, job, value);
    Ok(())
}

/// A data source's configuration with what the provider computes unknown:
/// what it will read, as far as the plan can tell.
fn with_computed_unknown(config: Value, block: &terrace_provider_sdk::Block) -> Value {
    let Some(entries) = config.as_entries() else {
        return config;
    };
    let mut out = entries.clone();
    for (name, a) in &block.attributes {
        if a.computed && out.get(name).is_none_or(Value::is_null) {
            out.insert(name.clone(), Value::Unknown(a.ty.clone()));
        }
    }
    Value::Object(out)
}
