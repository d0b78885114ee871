//! After a crash: every provider call that was journaled but never recorded
//! is resolved by reading the object it was about, before anything else
//! writes the state. Updates and deletes are settled by reading the object;
//! an interrupted create is kept as tainted, since it may or may not have
//! made its object.

use std::sync::Arc;

use terrace_provider_sdk::ReadRequest;
use terrace_state::{Action as StateAction, InstanceStatus, Outcome, SqliteState};
use terrace_value::{Diagnostic, Diagnostics, Value};

use super::plan_instance::provider_ref_of;
use super::setup::Engine;
use super::state_codec;
use super::values::Store;

/// Resolves every open intent of the workspace; returns how many it closed.
pub async fn resolve_pending(
    engine: &Engine,
    state: &mut SqliteState,
) -> Result<usize, Diagnostics> {
    let pending = state.pending().map_err(|e| {
        Diagnostics::from(Diagnostic::error(
            "Failed to read the journal",
            e.to_string(),
        ))
    })?;
    let store = Arc::new(Store::default());
    let mut closed = 0;
    for intent in pending {
        let outcome = match &intent.record {
            None => Outcome::Removed,
            Some(record) => {
                let pref = provider_ref_of(&record.provider);
                let provider = engine.provider(&store, &pref).await?;
                let schema = engine
                    .providers
                    .schema(&pref.local)
                    .and_then(|s| s.resources.get(&record.type_name));
                let Some(schema) = schema else {
                    return Err(Diagnostic::error("Cannot resolve an interrupted change", format!("{} was being changed when Terrace stopped, and its resource type {:?} is unknown to provider {:?}.", intent.address, record.type_name, pref.local)).into());
                };
                let ty = schema.block.value_type();
                let current = state_codec::decode(&record.attributes, &record.sensitive_paths, &ty)
                    .unwrap_or(Value::Null(ty.clone()));
                if intent.action == StateAction::Create {
                    // Whether the object was made cannot be known from a
                    // record without an ID: keep it tainted, so the next
                    // apply replaces it and a destroy removes it.
                    let mut r = record.clone();
                    r.status = InstanceStatus::Tainted;
                    Outcome::Stored(r)
                } else {
                    let resp = provider
                        .read_resource(ReadRequest {
                            type_name: record.type_name.clone(),
                            current_state: current.unmark_deep().0,
                            private: record.private.clone(),
                        })
                        .await;
                    if resp.diagnostics.has_errors() {
                        return Err(resp.diagnostics);
                    }
                    match resp.new_state {
                        None => Outcome::Removed,
                        Some(v) => {
                            let v = state_codec::mark_schema_sensitive(v, &schema.block);
                            let (attributes, sensitive_paths) = state_codec::encode(&v, &ty)
                                .map_err(|e| {
                                    Diagnostics::from(Diagnostic::error(
                                        "Invalid object from provider",
                                        e,
                                    ))
                                })?;
                            let mut r = record.clone();
                            r.attributes = attributes;
                            r.sensitive_paths = sensitive_paths;
                            r.status = InstanceStatus::Ready;
                            Outcome::Stored(r)
                        }
                    }
                }
            }
        };
        state.complete(intent.id, outcome).map_err(|e| {
            Diagnostics::from(Diagnostic::error("Failed to save state", e.to_string()))
        })?;
        closed += 1;
    }
    Ok(closed)
}
