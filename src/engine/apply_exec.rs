//! Carrying out one change: the intent is journaled before the provider is
//! called, and the result recorded after, each in one transaction, so a
//! process killed at any moment leaves a state that names every object that
//! may exist.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use terrace_provider_sdk::{ApplyRequest, Provider};
use terrace_state::{
    Action as StateAction, InstanceStatus, Outcome, ResourceInstance, ResourceMode, SqliteState,
};
use terrace_value::{Diagnostic, Diagnostics, Value};

use super::plan_model::Action;
use super::state_codec;
use crate::addrs::{AbsResourceInstance, InstanceKey, Mode};

/// Told when a change starts (`None`) and ends (`Some(succeeded)`).
pub type Progress = Box<dyn Fn(&AbsResourceInstance, Action, Option<bool>) + Send + Sync>;

/// What applying shares across tasks.
pub struct ApplyCtx {
    /// The state, written one change at a time.
    pub state: Mutex<SqliteState>,
    /// Set by the first Ctrl-C: start nothing new.
    pub stop: Arc<AtomicBool>,
    /// Instances added, changed and destroyed so far.
    pub counts: Mutex<(usize, usize, usize)>,
    /// The saved plan's action per address, when applying a saved plan.
    pub expected: Option<BTreeMap<String, Action>>,
    /// Instances the plan deferred: planned and applied now, whatever the
    /// saved plan's action list says.
    pub deferred: std::collections::BTreeSet<String>,
    /// The objects the plan just read, by address: applying right after
    /// planning reads nothing twice.
    pub refreshed: Option<BTreeMap<String, Option<Value>>>,
    /// Called as each change starts and finishes, for progress output.
    pub progress: Progress,
}

impl ApplyCtx {
    /// Whether a stop was requested.
    pub fn stopping(&self) -> bool {
        self.stop.load(Ordering::SeqCst)
    }
}

/// Everything about the instance that goes into its state record.
pub struct Target<'a> {
    /// The instance.
    pub addr: &'a AbsResourceInstance,
    /// Its provider configuration address.
    pub provider_addr: &'a str,
    /// The provider.
    pub provider: &'a Arc<dyn Provider>,
    /// The resource type's schema version.
    pub schema_version: u64,
    /// The resource type's value type, which decides how values are stored.
    pub ty: terrace_value::Type,
    /// Resources it depends on.
    pub dependencies: Vec<String>,
    /// `lifecycle.create_before_destroy`.
    pub create_before_destroy: bool,
}

/// Stores what a data source read during an apply, as Terraform's state
/// keeps data sources.
pub(super) fn store_data(ctx: &ApplyCtx, t: &Target<'_>, value: &Value) -> Result<(), Diagnostics> {
    let r = record(t, value, Vec::new())?;
    let mut st = ctx.state.lock().unwrap_or_else(|p| p.into_inner());
    st.store_data(&r).map_err(|e| state_err(t.addr, e))?;
    Ok(())
}

/// Forgets a data source's stored result (destroy, or gone from the
/// configuration).
pub(super) fn drop_data(ctx: &ApplyCtx, addr: &AbsResourceInstance) -> Result<(), Diagnostics> {
    let mut st = ctx.state.lock().unwrap_or_else(|p| p.into_inner());
    st.drop_data(&addr.to_string())
        .map_err(|e| state_err(addr, e))
}

fn record(
    t: &Target<'_>,
    value: &Value,
    private: Vec<u8>,
) -> Result<ResourceInstance, Diagnostics> {
    let (attributes, sensitive_paths) = state_codec::encode(value, &t.ty).map_err(|e| {
        Diagnostics::from(Diagnostic::error(
            "Invalid object from provider",
            format!(
                "{}: the provider returned an object that cannot be stored: {e}.",
                t.addr
            ),
        ))
    })?;
    Ok(ResourceInstance {
        address: t.addr.to_string(),
        module: t.addr.module.to_string(),
        mode: if t.addr.resource.mode == Mode::Data {
            ResourceMode::Data
        } else {
            ResourceMode::Managed
        },
        type_name: t.addr.resource.type_name.clone(),
        name: t.addr.resource.name.clone(),
        index_key: match &t.addr.key {
            None => serde_json::Value::Null,
            Some(InstanceKey::Int(i)) => serde_json::Value::from(*i),
            Some(InstanceKey::Str(s)) => serde_json::Value::from(s.clone()),
        },
        provider: t.provider_addr.to_string(),
        schema_version: t.schema_version,
        attributes,
        sensitive_paths,
        identity_schema_version: 0,
        identity: serde_json::Value::Null,
        private,
        dependencies: t.dependencies.clone(),
        create_before_destroy: t.create_before_destroy,
        status: InstanceStatus::Ready,
    })
}

fn state_err(addr: &AbsResourceInstance, e: terrace_state::StateError) -> Diagnostics {
    Diagnostic::error("Failed to save state", format!("{addr}: {e}"))
        .about(addr.to_string())
        .into()
}

/// One provider call with its journal entries: create/update when `after`
/// is given, delete when it is not. Returns the object that now exists.
pub async fn call(
    ctx: &ApplyCtx,
    t: &Target<'_>,
    before: Option<&Value>,
    after: Option<&Value>,
    config: Option<Value>,
    private: Vec<u8>,
) -> Result<Option<Value>, Diagnostics> {
    let action = match (before, after) {
        (None, _) => StateAction::Create,
        (Some(_), Some(_)) => StateAction::Update,
        (Some(_), None) => StateAction::Delete,
    };
    let hint = match after {
        Some(a) if before.is_none() => {
            // A create has nothing stored yet: record what is planned, unknowns as null.
            Some(record(t, &known_or_null(a), Vec::new())?)
        }
        _ => None,
    };
    let intent = {
        let mut st = ctx.state.lock().unwrap_or_else(|p| p.into_inner());
        st.begin(&t.addr.to_string(), action, hint.as_ref())
            .map_err(|e| state_err(t.addr, e))?
    };
    let resp = t
        .provider
        .apply_resource(ApplyRequest {
            type_name: t.addr.resource.type_name.clone(),
            prior_state: before.map(|v| v.clone().unmark_deep().0),
            planned_state: after.map(|v| v.clone().unmark_deep().0),
            config,
            planned_private: private,
        })
        .await;
    let failed = resp.diagnostics.has_errors();
    let new = resp.new_state.map(|v| {
        let paths = after.map(state_codec::marked_paths).unwrap_or_default();
        state_codec::mark_paths(v, &paths)
    });
    if let (Some(n), Some(_)) = (&new, after) {
        if !n.is_wholly_known() {
            let mut st = ctx.state.lock().unwrap_or_else(|p| p.into_inner());
            let _ = st.complete(
                intent,
                Outcome::Failed {
                    message: "provider returned unknown values".into(),
                    keep: None,
                },
            );
            return Err(Diagnostic::error("Provider returned invalid result object", format!("After applying {}, the provider left some attribute values unknown. This is a bug in the provider.", t.addr)).about(t.addr.to_string()).into());
        }
    }
    let outcome = match (&new, failed) {
        (Some(v), false) => Outcome::Stored(record(t, v, resp.private.clone())?),
        (None, false) => Outcome::Removed,
        (keep, true) => Outcome::Failed {
            message: resp
                .diagnostics
                .iter()
                .map(|d| d.summary.clone())
                .collect::<Vec<_>>()
                .join("; "),
            keep: match keep {
                Some(v) => {
                    let mut r = record(t, v, resp.private.clone())?;
                    if before.is_none() {
                        r.status = InstanceStatus::Tainted;
                    }
                    Some(r)
                }
                None => None,
            },
        },
    };
    {
        let mut st = ctx.state.lock().unwrap_or_else(|p| p.into_inner());
        st.complete(intent, outcome)
            .map_err(|e| state_err(t.addr, e))?;
    }
    if failed {
        let mut d = resp.diagnostics;
        for x in d.0.iter_mut() {
            x.address.get_or_insert_with(|| t.addr.to_string());
        }
        return Err(d);
    }
    Ok(new)
}

/// Stores an imported object that needs no change, journaled like a create.
pub fn adopt(
    ctx: &ApplyCtx,
    t: &Target<'_>,
    object: &Value,
    private: Vec<u8>,
) -> Result<(), Diagnostics> {
    let rec = record(t, object, private)?;
    let mut st = ctx.state.lock().unwrap_or_else(|p| p.into_inner());
    let intent = st
        .begin(&t.addr.to_string(), StateAction::Create, Some(&rec))
        .map_err(|e| state_err(t.addr, e))?;
    st.complete(intent, Outcome::Stored(rec))
        .map(|_| ())
        .map_err(|e| state_err(t.addr, e))
}

/// Carries out a planned action; returns the object that exists afterwards.
pub async fn execute(
    ctx: &ApplyCtx,
    t: &Target<'_>,
    action: Action,
    before: Option<Value>,
    after: Option<Value>,
    config: Option<Value>,
    private: Vec<u8>,
) -> Result<Option<Value>, Diagnostics> {
    (ctx.progress)(t.addr, action, None);
    let result = match action {
        Action::NoOp | Action::Read | Action::Forget => Ok(before.or(after)),
        Action::Create => call(ctx, t, None, after.as_ref(), config, private).await,
        Action::Update => call(ctx, t, before.as_ref(), after.as_ref(), config, private).await,
        Action::Delete => call(ctx, t, before.as_ref(), None, None, Vec::new())
            .await
            .map(|_| None),
        Action::DeleteThenCreate => {
            call(ctx, t, before.as_ref(), None, None, Vec::new()).await?;
            call(ctx, t, None, after.as_ref(), config, private).await
        }
        Action::CreateThenDelete => {
            // The old object is recorded as deposed before the new one is
            // created, and forgotten only once its provider destroyed it.
            let address = t.addr.to_string();
            let key = {
                let mut st = ctx.state.lock().unwrap_or_else(|p| p.into_inner());
                st.depose(&address).map_err(|e| state_err(t.addr, e))?
            };
            let created = call(ctx, t, None, after.as_ref(), config, private).await;
            let mut st_result = Ok(());
            if created.is_err() {
                // The old object is still the current one.
                if let Some(k) = &key {
                    let mut st = ctx.state.lock().unwrap_or_else(|p| p.into_inner());
                    st_result = st.remove_deposed(&address, k);
                }
            }
            let new = created?;
            st_result.map_err(|e| state_err(t.addr, e))?;
            let resp = t
                .provider
                .apply_resource(ApplyRequest {
                    type_name: t.addr.resource.type_name.clone(),
                    prior_state: before.map(|v| v.unmark_deep().0),
                    planned_state: None,
                    config: None,
                    planned_private: Vec::new(),
                })
                .await;
            if resp.diagnostics.has_errors() {
                let mut d = resp.diagnostics;
                for x in d.0.iter_mut() {
                    x.address
                        .get_or_insert_with(|| format!("{address} (deposed object)"));
                }
                return Err(d);
            }
            if let Some(k) = &key {
                let mut st = ctx.state.lock().unwrap_or_else(|p| p.into_inner());
                st.remove_deposed(&address, k)
                    .map_err(|e| state_err(t.addr, e))?;
            }
            Ok(new)
        }
    };
    (ctx.progress)(t.addr, action, Some(result.is_ok()));
    if result.is_ok() {
        let mut c = ctx.counts.lock().unwrap_or_else(|p| p.into_inner());
        match action {
            Action::Create => c.0 += 1,
            Action::Update => c.1 += 1,
            Action::Delete => c.2 += 1,
            Action::DeleteThenCreate | Action::CreateThenDelete => {
                c.0 += 1;
                c.2 += 1;
            }
            _ => {}
        }
    }
    result
}

/// Unknown parts as null, for the record shown while a create is in flight.
fn known_or_null(v: &Value) -> Value {
    match v {
        Value::Unknown(t) => Value::Null(t.clone()),
        Value::Marked(inner, m) => known_or_null(inner).mark(*m),
        Value::List(t, vs) => Value::List(t.clone(), vs.iter().map(known_or_null).collect()),
        Value::Set(t, vs) => Value::set(t.clone(), vs.iter().map(known_or_null).collect()),
        Value::Tuple(vs) => Value::Tuple(vs.iter().map(known_or_null).collect()),
        Value::Map(t, m) => Value::Map(
            t.clone(),
            m.iter()
                .map(|(k, v)| (k.clone(), known_or_null(v)))
                .collect(),
        ),
        Value::Object(m) => Value::Object(
            m.iter()
                .map(|(k, v)| (k.clone(), known_or_null(v)))
                .collect(),
        ),
        other => other.clone(),
    }
}
