//! Destroying deposed objects: the old objects of `create_before_destroy`
//! replacements whose delete failed or was cut short. Each stays in the
//! state until its provider confirms it is gone, and the next apply retries.

use std::sync::Arc;

use terrace_provider_sdk::ApplyRequest;
use terrace_state::SqliteState;
use terrace_value::{Diagnostic, Diagnostics, Type};

use super::plan_instance::provider_ref_of;
use super::setup::Engine;
use super::state_codec;
use super::values::Store;

/// Destroys every deposed object of the workspace; returns how many.
pub async fn destroy_deposed(
    engine: &Engine,
    state: &mut SqliteState,
) -> Result<usize, Diagnostics> {
    let fail = |e: terrace_state::StateError| {
        Diagnostics::from(Diagnostic::error("Failed to save state", e.to_string()))
    };
    let store = Arc::new(Store::default());
    let mut done = 0;
    for d in state.deposed().map_err(fail)? {
        let label = format!("{} (deposed object {})", d.address, d.key);
        let pref = provider_ref_of(&d.record.provider);
        let provider = engine.provider(&store, &pref).await?;
        let ty = engine
            .providers
            .schema(&pref.local)
            .and_then(|s| s.resources.get(&d.record.type_name))
            .map_or(Type::Dynamic, |s| s.block.value_type());
        let prior = state_codec::decode(&d.record.attributes, &d.record.sensitive_paths, &ty)
            .map_err(|e| {
                Diagnostics::from(Diagnostic::error(
                    "Invalid deposed object",
                    format!("{label}: {e}"),
                ))
            })?;
        let resp = provider
            .apply_resource(ApplyRequest {
                type_name: d.record.type_name.clone(),
                prior_state: Some(prior.unmark_deep().0),
                planned_state: None,
                config: None,
                planned_private: d.record.private.clone(),
            })
            .await;
        if resp.diagnostics.has_errors() {
            let mut diags = resp.diagnostics;
            for x in diags.0.iter_mut() {
                x.address.get_or_insert_with(|| label.clone());
            }
            return Err(diags);
        }
        state.remove_deposed(&d.address, &d.key).map_err(fail)?;
        done += 1;
    }
    Ok(done)
}
