//! `local_file`, `local_sensitive_file` and their data sources.

use std::os::unix::fs::PermissionsExt;

use serde_json::json;
use terrace_provider_sdk::testing::{assert_no_errors, attr, string_attr};

use crate::{assert_error_mentions, harness, is_unknown, paths};

const HELLO_SHA1: &str = "aaf4c61ddcc5e8a2dabede0f3b482cd9aea9434d";

fn mode(path: &std::path::Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[tokio::test]
async fn local_file_writes_the_file_and_its_directory() {
    let h = harness("local").await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("sub/out.txt");
    let args = json!({
        "filename": file.to_str().unwrap(),
        "content": "hello",
        "file_permission": "0640",
        "directory_permission": "0750",
    });
    let config = h.config("local_file", args.clone());
    let planned = h
        .plan("local_file", None, Some(&config))
        .await
        .planned_state
        .unwrap();
    assert!(is_unknown(attr(&planned, "id")) && is_unknown(attr(&planned, "content_sha256")));

    let state = h.create("local_file", args.clone()).await;
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "hello");
    assert_eq!(string_attr(&state, "id"), HELLO_SHA1);
    assert_eq!(string_attr(&state, "content_sha1"), HELLO_SHA1);
    assert_eq!(
        string_attr(&state, "content_md5"),
        "5d41402abc4b2a76b9719d911017c592"
    );
    assert_eq!(mode(&file), 0o640);
    assert_eq!(mode(&dir.path().join("sub")), 0o750);
    h.assert_no_op("local_file", &state, args).await;

    h.destroy("local_file", &state).await;
    assert!(!file.exists());
}

#[tokio::test]
async fn local_file_defaults_permissions_and_replaces_on_change() {
    let h = harness("local").await;
    let dir = tempfile::tempdir().unwrap();
    let name = dir.path().join("f").to_str().unwrap().to_string();
    let state = h
        .create("local_file", json!({"filename": name, "content": "a"}))
        .await;
    assert_eq!(string_attr(&state, "file_permission"), "0777");
    assert_eq!(string_attr(&state, "directory_permission"), "0777");
    let r = h
        .replace_paths(
            "local_file",
            &state,
            json!({"filename": name, "content": "b"}),
        )
        .await;
    assert_eq!(r, paths(&["content"]));
}

#[tokio::test]
async fn reading_a_missing_or_changed_file_drops_it_from_state() {
    let h = harness("local").await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("f.txt");
    let state = h
        .create(
            "local_file",
            json!({"filename": file.to_str().unwrap(), "content": "hello"}),
        )
        .await;
    assert_eq!(
        h.read("local_file", &state).await.new_state,
        Some(state.clone())
    );

    std::fs::write(&file, "changed").unwrap();
    let read = h.read("local_file", &state).await;
    assert_no_errors("read", &read.diagnostics);
    assert_eq!(read.new_state, None);

    std::fs::remove_file(&file).unwrap();
    assert_eq!(h.read("local_file", &state).await.new_state, None);
    // Destroying what is already gone is not an error.
    h.destroy("local_file", &state).await;
}

#[tokio::test]
async fn local_file_takes_base64_or_a_source_file() {
    let h = harness("local").await;
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("b64");
    let state = h
        .create(
            "local_file",
            json!({"filename": out.to_str().unwrap(), "content_base64": "aGVsbG8="}),
        )
        .await;
    assert_eq!(std::fs::read(&out).unwrap(), b"hello");
    assert_eq!(string_attr(&state, "id"), HELLO_SHA1);

    let copy = dir.path().join("copy");
    let args = json!({"filename": copy.to_str().unwrap(), "source": out.to_str().unwrap()});
    h.create("local_file", args).await;
    assert_eq!(std::fs::read(&copy).unwrap(), b"hello");

    let bad = json!({"filename": copy.to_str().unwrap(), "content_base64": "%%%"});
    let config = h.config("local_file", bad);
    let plan = h.plan("local_file", None, Some(&config)).await;
    let applied = h.apply("local_file", None, &plan, Some(&config)).await;
    assert_error_mentions(&applied.diagnostics, "content_base64");
}

#[tokio::test]
async fn local_file_needs_exactly_one_content_and_valid_modes() {
    let h = harness("local").await;
    let none = h.validate("local_file", json!({"filename": "x"}));
    assert_error_mentions(&none, "Exactly one of content");
    let two = h.validate(
        "local_file",
        json!({"filename": "x", "content": "a", "source": "b"}),
    );
    assert_error_mentions(&two, "content, source are");
    let mode = h.validate(
        "local_file",
        json!({"filename": "x", "content": "a", "file_permission": "999"}),
    );
    assert_error_mentions(&mode, "file_permission");
    let long = h.validate(
        "local_file",
        json!({"filename": "x", "content": "a", "directory_permission": "07777"}),
    );
    assert_error_mentions(&long, "3 or 4 digits");
    assert_error_mentions(
        &h.import("local_file", "x").await.diagnostics,
        "cannot be imported",
    );
}

#[tokio::test]
async fn local_sensitive_file_is_owner_only_by_default() {
    let h = harness("local").await;
    let block = &h.resource_schema("local_sensitive_file").block;
    assert!(block.attributes["content"].sensitive);
    assert!(!block.attributes.contains_key("sensitive_content"));
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("secret");
    let args = json!({"filename": file.to_str().unwrap(), "content": "hello"});
    let state = h.create("local_sensitive_file", args.clone()).await;
    assert_eq!(string_attr(&state, "file_permission"), "0700");
    assert_eq!(mode(&file), 0o700);
    h.assert_no_op("local_sensitive_file", &state, args).await;
}

#[tokio::test]
async fn local_file_data_source_reads_content_and_checksums() {
    let h = harness("local").await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("in.txt");
    std::fs::write(&file, "hello").unwrap();
    let read = h
        .read_data("local_file", json!({"filename": file.to_str().unwrap()}))
        .await;
    assert_no_errors("read", &read.diagnostics);
    let state = read.state.unwrap();
    assert_eq!(string_attr(&state, "content"), "hello");
    assert_eq!(string_attr(&state, "content_base64"), "aGVsbG8=");
    assert_eq!(string_attr(&state, "id"), HELLO_SHA1);

    let sensitive = &h.data_source_schema("local_sensitive_file").block;
    assert!(sensitive.attributes["content"].sensitive);
    let missing = json!({"filename": dir.path().join("nope").to_str().unwrap()});
    assert_error_mentions(
        &h.read_data("local_file", missing).await.diagnostics,
        "filename",
    );
}
