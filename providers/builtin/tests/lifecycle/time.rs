//! `time_sleep` and `time_static`.

use std::time::{Duration, Instant};

use serde_json::json;
use terrace_provider_sdk::testing::{assert_no_errors, attr, string_attr};
use terrace_provider_sdk::Value;

use crate::{assert_error_mentions, harness, is_unknown, paths};

fn int(v: &Value, name: &str) -> i64 {
    attr(v, name).as_number().and_then(|n| n.to_i64()).unwrap()
}

#[tokio::test]
async fn time_sleep_waits_on_create_and_destroy() {
    let h = harness("time").await;
    let args = json!({"create_duration": "200ms", "destroy_duration": "150ms"});
    let start = Instant::now();
    let state = h.create("time_sleep", args.clone()).await;
    assert!(start.elapsed() >= Duration::from_millis(200));
    assert!(string_attr(&state, "id").ends_with('Z'));
    h.assert_no_op("time_sleep", &state, args).await;

    let start = Instant::now();
    h.destroy("time_sleep", &state).await;
    assert!(start.elapsed() >= Duration::from_millis(150));
}

#[tokio::test]
async fn changing_a_duration_updates_in_place_and_triggers_replace() {
    let h = harness("time").await;
    let state = h
        .create(
            "time_sleep",
            json!({"create_duration": "1ms", "triggers": {"a": "1"}}),
        )
        .await;
    let config = h.config(
        "time_sleep",
        json!({"create_duration": "2s", "triggers": {"a": "1"}}),
    );
    let plan = h.plan("time_sleep", Some(&state), Some(&config)).await;
    assert!(plan.requires_replace.is_empty());
    let start = Instant::now();
    let new = h
        .apply("time_sleep", Some(&state), &plan, Some(&config))
        .await;
    assert!(
        start.elapsed() < Duration::from_secs(1),
        "an update must not wait"
    );
    assert_eq!(
        attr(new.new_state.as_ref().unwrap(), "id"),
        attr(&state, "id")
    );

    let r = h
        .replace_paths(
            "time_sleep",
            &state,
            json!({"create_duration": "1ms", "triggers": {"a": "2"}}),
        )
        .await;
    assert_eq!(r, paths(&["triggers"]));
}

#[tokio::test]
async fn time_sleep_checks_durations_and_imports_them() {
    let h = harness("time").await;
    assert_error_mentions(&h.validate("time_sleep", json!({})), "At least one");
    assert_error_mentions(
        &h.validate("time_sleep", json!({"create_duration": "1h30m"})),
        "create_duration",
    );
    let state = h.import("time_sleep", "30s,").await.state.unwrap();
    assert_eq!(string_attr(&state, "create_duration"), "30s");
    assert!(attr(&state, "destroy_duration").is_null());
    assert_error_mentions(
        &h.import("time_sleep", ",").await.diagnostics,
        "at least one",
    );
    assert_error_mentions(
        &h.import("time_sleep", "x,").await.diagnostics,
        "create_duration",
    );
}

#[tokio::test]
async fn time_static_takes_now_at_apply() {
    let h = harness("time").await;
    let config = h.config("time_static", json!({}));
    let planned = h
        .plan("time_static", None, Some(&config))
        .await
        .planned_state
        .unwrap();
    assert!(is_unknown(attr(&planned, "rfc3339")) && is_unknown(attr(&planned, "year")));
    let state = h.create("time_static", json!({})).await;
    assert!(int(&state, "year") >= 2024);
    assert_eq!(attr(&state, "id"), attr(&state, "rfc3339"));
    h.assert_no_op("time_static", &state, json!({})).await;
    let r = h
        .replace_paths("time_static", &state, json!({"triggers": {"a": "b"}}))
        .await;
    assert_eq!(r, paths(&["triggers"]));
}

#[tokio::test]
async fn time_static_with_rfc3339_is_known_at_plan() {
    let h = harness("time").await;
    let args = json!({"rfc3339": "2020-02-12T06:36:13+02:00"});
    let config = h.config("time_static", args.clone());
    let plan = h.plan("time_static", None, Some(&config)).await;
    assert_no_errors("plan", &plan.diagnostics);
    let planned = plan.planned_state.unwrap();
    assert_eq!(int(&planned, "hour"), 6);
    assert_eq!(int(&planned, "unix"), 1581482173);
    let state = h.create("time_static", args.clone()).await;
    assert_eq!(string_attr(&state, "id"), "2020-02-12T06:36:13+02:00");
    h.assert_no_op("time_static", &state, args).await;
    let r = h
        .replace_paths(
            "time_static",
            &state,
            json!({"rfc3339": "2021-01-01T00:00:00Z"}),
        )
        .await;
    assert_eq!(r, paths(&["rfc3339"]));
    assert_error_mentions(
        &h.validate("time_static", json!({"rfc3339": "yesterday"})),
        "rfc3339",
    );
}

#[tokio::test]
async fn time_static_imports_a_timestamp() {
    let h = harness("time").await;
    let state = h
        .import("time_static", "2020-02-12T06:36:13Z")
        .await
        .state
        .unwrap();
    assert_eq!(int(&state, "year"), 2020);
    assert_eq!(int(&state, "month"), 2);
    assert_eq!(int(&state, "day"), 12);
    assert_eq!(int(&state, "second"), 13);
    assert_error_mentions(
        &h.import("time_static", "nope").await.diagnostics,
        "rfc3339",
    );
}
