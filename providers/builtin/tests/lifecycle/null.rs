//! `null_resource`.

use serde_json::json;
use terrace_provider_sdk::testing::{attr, string_attr};

use crate::{assert_error_mentions, harness, is_unknown, paths};

const T: &str = "null_resource";

#[tokio::test]
async fn create_gives_a_random_decimal_id() {
    let h = harness("null").await;
    let config = h.config(T, json!({"triggers": {"a": "1"}}));
    let planned = h.plan(T, None, Some(&config)).await.planned_state.unwrap();
    assert!(is_unknown(attr(&planned, "id")));
    let state = h.create(T, json!({"triggers": {"a": "1"}})).await;
    let id = string_attr(&state, "id");
    assert!(id.parse::<i64>().is_ok_and(|n| n >= 0), "{id}");
    h.assert_no_op(T, &state, json!({"triggers": {"a": "1"}}))
        .await;
}

#[tokio::test]
async fn changing_triggers_forces_replacement_but_null_values_do_not() {
    let h = harness("null").await;
    let state = h.create(T, json!({"triggers": {"a": "1"}})).await;
    let changed = h
        .replace_paths(T, &state, json!({"triggers": {"a": "2"}}))
        .await;
    assert_eq!(changed, paths(&["triggers"]));
    let removed = h.replace_paths(T, &state, json!({})).await;
    assert_eq!(removed, paths(&["triggers"]));
    let null_key = h
        .replace_paths(T, &state, json!({"triggers": {"a": "1", "b": null}}))
        .await;
    assert!(null_key.is_empty());
}

#[tokio::test]
async fn cannot_be_imported() {
    let h = harness("null").await;
    assert_error_mentions(&h.import(T, "123").await.diagnostics, "cannot be imported");
}
