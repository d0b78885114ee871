//! Lifecycle tests of every built-in resource type and data source, driven
//! through the public factories and the SDK's harness the way the engine
//! drives them: create plans, applies, no-op re-plans, replacements,
//! refreshes and imports.

mod external;
mod local;
mod null;
mod random;
mod terraform;
mod time;

use terrace_provider_sdk::testing::{diagnostics_text, Harness};
use terrace_provider_sdk::{Diagnostics, Path, Value};

/// A configured instance of the built-in provider called `name`.
pub async fn harness(name: &str) -> Harness {
    let factory = terrace_providers_builtin::factories()
        .into_iter()
        .find(|f| f.name() == name)
        .unwrap_or_else(|| panic!("no built-in provider {name:?}"));
    Harness::new(factory.create(), serde_json::json!({})).await
}

/// The paths named `names`, for comparing with `requires_replace`.
pub fn paths(names: &[&str]) -> Vec<Path> {
    names.iter().map(|n| Path::root().attr(n)).collect()
}

/// Panics unless `diags` holds an error whose text mentions `needle`.
pub fn assert_error_mentions(diags: &Diagnostics, needle: &str) {
    assert!(
        diags.has_errors(),
        "expected an error mentioning {needle:?}, got none"
    );
    let text = diagnostics_text(diags);
    assert!(
        text.contains(needle),
        "expected an error mentioning {needle:?}, got:\n{text}"
    );
}

/// Whether `v` is unknown.
pub fn is_unknown(v: &Value) -> bool {
    !v.is_known()
}
