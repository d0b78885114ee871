//! `terraform_data`.

use serde_json::json;
use terrace_provider_sdk::testing::{assert_no_errors, attr, string_attr};
use terrace_provider_sdk::{Type, Value};

use crate::{harness, is_unknown, paths};

const T: &str = "terraform_data";

#[tokio::test]
async fn create_plans_unknown_id_and_output_then_apply_fills_them() {
    let h = harness("terraform").await;
    let config = h.config(T, json!({"input": "hello"}));
    let plan = h.plan(T, None, Some(&config)).await;
    assert_no_errors("plan", &plan.diagnostics);
    let planned = plan.planned_state.clone().unwrap();
    assert_eq!(attr(&planned, "id"), &Value::Unknown(Type::String));
    assert_eq!(attr(&planned, "output"), &Value::Unknown(Type::String));

    let state = h
        .apply(T, None, &plan, Some(&config))
        .await
        .new_state
        .unwrap();
    assert_eq!(string_attr(&state, "output"), "hello");
    assert_eq!(string_attr(&state, "id").len(), 36);
    h.assert_no_op(T, &state, json!({"input": "hello"})).await;
}

#[tokio::test]
async fn null_input_plans_a_null_output() {
    let h = harness("terraform").await;
    let config = h.config(T, json!({}));
    let plan = h.plan(T, None, Some(&config)).await;
    let planned = plan.planned_state.unwrap();
    assert!(attr(&planned, "output").is_null());
    let state = h.create(T, json!({})).await;
    assert!(attr(&state, "output").is_null());
    h.assert_no_op(T, &state, json!({})).await;
}

#[tokio::test]
async fn changing_input_updates_in_place_with_output_unknown() {
    let h = harness("terraform").await;
    let state = h.create(T, json!({"input": {"a": 1}})).await;
    let config = h.config(T, json!({"input": {"a": 2}}));
    let plan = h.plan(T, Some(&state), Some(&config)).await;
    assert!(plan.requires_replace.is_empty());
    let planned = plan.planned_state.clone().unwrap();
    assert!(is_unknown(attr(&planned, "output")));
    assert_eq!(attr(&planned, "id"), attr(&state, "id"));

    let new = h
        .apply(T, Some(&state), &plan, Some(&config))
        .await
        .new_state
        .unwrap();
    assert!(attr(&new, "output").same_as(attr(&config, "input")));
    assert_eq!(attr(&new, "id"), attr(&state, "id"));
}

#[tokio::test]
async fn a_change_of_type_alone_is_a_change() {
    let h = harness("terraform").await;
    let state = h.create(T, json!({"input": "1"})).await;
    let config = h.config(T, json!({"input": 1}));
    let planned = h
        .plan(T, Some(&state), Some(&config))
        .await
        .planned_state
        .unwrap();
    assert!(is_unknown(attr(&planned, "output")));
}

#[tokio::test]
async fn changing_triggers_replace_forces_replacement() {
    let h = harness("terraform").await;
    let state = h
        .create(T, json!({"input": "x", "triggers_replace": ["a"]}))
        .await;
    h.assert_no_op(T, &state, json!({"input": "x", "triggers_replace": ["a"]}))
        .await;
    let config = h.config(T, json!({"input": "x", "triggers_replace": ["b"]}));
    let plan = h.plan(T, Some(&state), Some(&config)).await;
    assert_eq!(plan.requires_replace, paths(&["triggers_replace"]));
    let planned = plan.planned_state.unwrap();
    assert!(is_unknown(attr(&planned, "id")));
    assert!(is_unknown(attr(&planned, "output")));
}

#[tokio::test]
async fn import_takes_the_id_and_read_keeps_the_state() {
    let h = harness("terraform").await;
    let imported = h.import(T, "some-id").await;
    assert_no_errors("import", &imported.diagnostics);
    let state = imported.state.unwrap();
    assert_eq!(string_attr(&state, "id"), "some-id");
    assert!(attr(&state, "input").is_null());
    let read = h.read(T, &state).await;
    assert_eq!(read.new_state, Some(state.clone()));
    h.destroy(T, &state).await;
}
