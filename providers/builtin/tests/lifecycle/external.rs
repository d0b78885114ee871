//! The `external` data source.

use serde_json::json;
use terrace_provider_sdk::testing::{assert_no_errors, attr, string_attr};

use crate::{assert_error_mentions, harness};

#[tokio::test]
async fn runs_the_program_with_the_query_on_stdin() {
    let h = harness("external").await;
    let script = r#"read q; printf '{"got": %s, "dir": "%s"}' "$(printf '%s' "$q" | sed 's/"/\\"/g' | sed 's/.*/"&"/')" "$(pwd)""#;
    let dir = tempfile::tempdir().unwrap();
    let read = h
        .read_data(
            "external",
            json!({
                "program": ["sh", "-c", script],
                "query": {"name": "x"},
                "working_dir": dir.path().to_str().unwrap(),
            }),
        )
        .await;
    assert_no_errors("read", &read.diagnostics);
    let state = read.state.unwrap();
    assert_eq!(string_attr(&state, "id"), "-");
    let result = attr(&state, "result");
    assert_eq!(attr(result, "got").as_str(), Some(r#"{"name":"x"}"#));
    let canonical = dir.path().canonicalize().unwrap();
    assert_eq!(attr(result, "dir").as_str(), canonical.to_str());
}

#[tokio::test]
async fn a_failing_program_reports_its_stderr() {
    let h = harness("external").await;
    let read = h
        .read_data(
            "external",
            json!({"program": ["sh", "-c", "echo broken >&2; exit 3"]}),
        )
        .await;
    assert_error_mentions(&read.diagnostics, "broken");
    assert_error_mentions(&read.diagnostics, "program");
}

#[tokio::test]
async fn output_must_be_an_object_of_strings() {
    let h = harness("external").await;
    for out in ["not json", "[1]", r#"{"a": 1}"#] {
        let program = json!({"program": ["sh", "-c", format!("echo '{out}'")]});
        let read = h.read_data("external", program).await;
        assert_error_mentions(&read.diagnostics, "JSON object");
    }
    let ok = h
        .read_data(
            "external",
            json!({"program": ["sh", "-c", r#"echo '{"a": null}'"#]}),
        )
        .await;
    assert_no_errors("read", &ok.diagnostics);
}

#[tokio::test]
async fn a_missing_or_empty_program_is_an_error() {
    let h = harness("external").await;
    let read = h
        .read_data("external", json!({"program": ["/no/such/program"]}))
        .await;
    assert_error_mentions(&read.diagnostics, "/no/such/program");
    let read = h.read_data("external", json!({"program": [""]})).await;
    assert_error_mentions(&read.diagnostics, "program");
    let read = h.read_data("external", json!({"program": []})).await;
    assert_error_mentions(&read.diagnostics, "program");
}
