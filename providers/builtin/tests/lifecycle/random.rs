//! `random_string`, `random_password`, `random_id`, `random_integer`,
//! `random_uuid` and `random_pet`.

use serde_json::json;
use terrace_provider_sdk::testing::{assert_no_errors, attr, string_attr};
use terrace_provider_sdk::Value;

use crate::{assert_error_mentions, harness, is_unknown, paths};

fn int(v: &Value, name: &str) -> i64 {
    attr(v, name).as_number().and_then(|n| n.to_i64()).unwrap()
}

#[tokio::test]
async fn random_string_plans_defaults_and_generates_once() {
    let h = harness("random").await;
    let config = h.config("random_string", json!({"length": 16}));
    let planned = h
        .plan("random_string", None, Some(&config))
        .await
        .planned_state
        .unwrap();
    assert!(is_unknown(attr(&planned, "result")) && is_unknown(attr(&planned, "id")));
    for flag in ["special", "upper", "lower", "number", "numeric"] {
        assert_eq!(attr(&planned, flag), &Value::Bool(true), "{flag}");
    }
    assert_eq!(int(&planned, "min_special"), 0);
    assert!(attr(&planned, "override_special").is_null());

    let state = h.create("random_string", json!({"length": 16})).await;
    let result = string_attr(&state, "result");
    assert_eq!(result.chars().count(), 16);
    assert_eq!(string_attr(&state, "id"), result);
    h.assert_no_op("random_string", &state, json!({"length": 16}))
        .await;
    h.assert_no_op(
        "random_string",
        &state,
        json!({"length": 16, "special": true}),
    )
    .await;
}

#[tokio::test]
async fn random_string_replaces_on_any_argument_or_keeper() {
    let h = harness("random").await;
    let state = h
        .create("random_string", json!({"length": 8, "keepers": {"k": "1"}}))
        .await;
    let r = |j| h.replace_paths("random_string", &state, j);
    assert_eq!(
        r(json!({"length": 9, "keepers": {"k": "1"}})).await,
        paths(&["length"])
    );
    assert_eq!(
        r(json!({"length": 8, "keepers": {"k": "2"}})).await,
        paths(&["keepers"])
    );
    assert_eq!(
        r(json!({"length": 8, "keepers": {"k": "1"}, "upper": false})).await,
        paths(&["upper"])
    );
}

#[tokio::test]
async fn override_special_from_empty_to_null_is_no_replacement() {
    let h = harness("random").await;
    let state = h
        .create(
            "random_string",
            json!({"length": 8, "override_special": ""}),
        )
        .await;
    assert!(h
        .replace_paths("random_string", &state, json!({"length": 8}))
        .await
        .is_empty());
}

#[tokio::test]
async fn numeric_and_number_follow_each_other() {
    let h = harness("random").await;
    let state = h
        .create("random_string", json!({"length": 40, "numeric": false}))
        .await;
    assert_eq!(attr(&state, "number"), &Value::Bool(false));
    assert!(!string_attr(&state, "result")
        .chars()
        .any(|c| c.is_ascii_digit()));
    let diags = h.validate(
        "random_string",
        json!({"length": 4, "number": true, "numeric": false}),
    );
    assert_error_mentions(&diags, "different values");
}

#[tokio::test]
async fn random_string_rejects_impossible_lengths() {
    let h = harness("random").await;
    assert_error_mentions(
        &h.validate("random_string", json!({"length": 0})),
        "\"length\"",
    );
    let diags = h.validate(
        "random_string",
        json!({"length": 3, "min_upper": 2, "min_lower": 2}),
    );
    assert_error_mentions(&diags, "sum of min_upper");
    let config = h.config("random_string", json!({"length": -1}));
    let plan = h.plan("random_string", None, Some(&config)).await;
    assert_error_mentions(&plan.diagnostics, "at least 1");
}

#[tokio::test]
async fn random_string_imports_its_value() {
    let h = harness("random").await;
    let imported = h.import("random_string", "abcdef").await;
    assert_no_errors("import", &imported.diagnostics);
    let state = imported.state.unwrap();
    assert_eq!(string_attr(&state, "result"), "abcdef");
    assert_eq!(int(&state, "length"), 6);
    h.assert_no_op("random_string", &state, json!({"length": 6}))
        .await;
}

#[tokio::test]
async fn random_password_is_sensitive_with_a_matching_bcrypt_hash() {
    let h = harness("random").await;
    let schema = &h.resource_schema("random_password").block;
    assert!(schema.attributes["result"].sensitive && schema.attributes["bcrypt_hash"].sensitive);
    let state = h
        .create("random_password", json!({"length": 12, "special": false}))
        .await;
    assert_eq!(string_attr(&state, "id"), "none");
    let result = string_attr(&state, "result");
    assert!(result.chars().all(|c| c.is_ascii_alphanumeric()));
    let hash = string_attr(&state, "bcrypt_hash");
    assert!(hash.starts_with("$2a$10$"), "{hash}");
    assert!(bcrypt::verify(&result, &hash).unwrap());
    h.assert_no_op(
        "random_password",
        &state,
        json!({"length": 12, "special": false}),
    )
    .await;

    let imported = h.import("random_password", "s3cret").await.state.unwrap();
    assert_eq!(string_attr(&imported, "result"), "s3cret");
    assert!(bcrypt::verify("s3cret", &string_attr(&imported, "bcrypt_hash")).unwrap());
}

#[tokio::test]
async fn random_id_shows_the_bytes_in_every_form() {
    let h = harness("random").await;
    let state = h
        .create("random_id", json!({"byte_length": 8, "prefix": "p-"}))
        .await;
    let id = string_attr(&state, "id");
    assert_eq!(string_attr(&state, "b64_url"), format!("p-{id}"));
    assert_eq!(string_attr(&state, "hex").len(), 2 + 16);
    h.assert_no_op(
        "random_id",
        &state,
        json!({"byte_length": 8, "prefix": "p-"}),
    )
    .await;
    let r = h
        .replace_paths("random_id", &state, json!({"byte_length": 8}))
        .await;
    assert_eq!(r, paths(&["prefix"]));
    assert_error_mentions(
        &h.validate("random_id", json!({"byte_length": 0})),
        "byte_length",
    );
}

#[tokio::test]
async fn random_id_imports_prefix_and_url_base64() {
    let h = harness("random").await;
    let state = h.import("random_id", "p-,AAECAw").await.state.unwrap();
    assert_eq!(string_attr(&state, "id"), "AAECAw");
    assert_eq!(string_attr(&state, "hex"), "p-00010203");
    assert_eq!(string_attr(&state, "dec"), "p-66051");
    assert_eq!(string_attr(&state, "b64_std"), "p-AAECAw==");
    assert_eq!(string_attr(&state, "prefix"), "p-");
    assert_eq!(int(&state, "byte_length"), 4);
    let r = h
        .replace_paths(
            "random_id",
            &state,
            json!({"byte_length": 4, "prefix": "p-"}),
        )
        .await;
    assert!(r.is_empty());
    assert_error_mentions(
        &h.import("random_id", "not base64!").await.diagnostics,
        "decode",
    );
}

#[tokio::test]
async fn random_integer_stays_in_range_and_repeats_with_a_seed() {
    let h = harness("random").await;
    let state = h
        .create("random_integer", json!({"min": 1, "max": 3}))
        .await;
    let n = int(&state, "result");
    assert!((1..=3).contains(&n));
    assert_eq!(string_attr(&state, "id"), n.to_string());
    h.assert_no_op("random_integer", &state, json!({"min": 1, "max": 3}))
        .await;
    let r = h
        .replace_paths("random_integer", &state, json!({"min": 1, "max": 4}))
        .await;
    assert_eq!(r, paths(&["max"]));

    let seeded = json!({"min": 0, "max": 1000000, "seed": "abc"});
    let a = h.create("random_integer", seeded.clone()).await;
    let b = h.create("random_integer", seeded).await;
    assert_eq!(attr(&a, "result"), attr(&b, "result"));
    assert_error_mentions(
        &h.validate("random_integer", json!({"min": 5, "max": 1})),
        "minimum",
    );
}

#[tokio::test]
async fn random_integer_imports_result_min_max_and_seed() {
    let h = harness("random").await;
    let state = h
        .import("random_integer", "15,1,20,seedy")
        .await
        .state
        .unwrap();
    assert_eq!(int(&state, "result"), 15);
    assert_eq!(string_attr(&state, "id"), "15");
    assert_eq!(string_attr(&state, "seed"), "seedy");
    assert_error_mentions(
        &h.import("random_integer", "15,1").await.diagnostics,
        "RESULT,MIN,MAX",
    );
    assert_error_mentions(
        &h.import("random_integer", "x,1,2").await.diagnostics,
        "whole number",
    );
}

#[tokio::test]
async fn random_uuid_generates_and_imports() {
    let h = harness("random").await;
    let state = h.create("random_uuid", json!({})).await;
    let u = string_attr(&state, "result");
    assert_eq!(u.len(), 36);
    assert_eq!(string_attr(&state, "id"), u);
    h.assert_no_op("random_uuid", &state, json!({})).await;
    let r = h
        .replace_paths("random_uuid", &state, json!({"keepers": {"a": "b"}}))
        .await;
    assert_eq!(r, paths(&["keepers"]));

    let imported = h
        .import("random_uuid", "6A7C1A2B-0C3D-4E5F-8A9B-0C1D2E3F4A5B")
        .await;
    let imported = imported.state.unwrap();
    assert_eq!(
        string_attr(&imported, "result"),
        "6a7c1a2b-0c3d-4e5f-8a9b-0c1d2e3f4a5b"
    );
    assert_error_mentions(
        &h.import("random_uuid", "nope").await.diagnostics,
        "not a UUID",
    );
}

#[tokio::test]
async fn random_pet_joins_words_after_the_prefix() {
    let h = harness("random").await;
    let state = h.create("random_pet", json!({})).await;
    assert_eq!(string_attr(&state, "id").split('-').count(), 2);
    assert_eq!(int(&state, "length"), 2);
    assert_eq!(string_attr(&state, "separator"), "-");
    h.assert_no_op("random_pet", &state, json!({})).await;

    let state = h
        .create(
            "random_pet",
            json!({"length": 3, "prefix": "dev", "separator": "_"}),
        )
        .await;
    let id = string_attr(&state, "id");
    assert!(id.starts_with("dev_") && id.split('_').count() == 4, "{id}");
    let r = h
        .replace_paths(
            "random_pet",
            &state,
            json!({"length": 2, "prefix": "dev", "separator": "_"}),
        )
        .await;
    assert_eq!(r, paths(&["length"]));
    assert_error_mentions(
        &h.import("random_pet", "x").await.diagnostics,
        "cannot be imported",
    );
}
