//! Terraform's state format v4: adopting a Terraform state, and writing
//! ours back in the shape Terraform writes.

use serde_json::json;
use terrace_state::{
    from_terraform_v4, parse_terraform_v4, to_terraform_v4, InstanceStatus, ResourceMode,
    SqliteState, StateError,
};

use crate::support::{create, pet, temp_db};

const HAND_WRITTEN: &str = include_str!("../fixtures/terraform-v4.tfstate");
const BY_TERRAFORM: &str = include_str!("../fixtures/terraform_data.tfstate");

#[test]
fn a_terraform_state_is_adopted_with_its_lineage_and_serial() {
    let (_dir, path) = temp_db();
    let mut st = SqliteState::open(&path, "default").unwrap();
    let doc: serde_json::Value = serde_json::from_str(HAND_WRITTEN).unwrap();
    assert_eq!(st.import_terraform(&doc).unwrap(), 17);
    let snap = st.snapshot().unwrap();
    assert_eq!(snap.lineage, "3f0b6c2e-7d1a-4b8e-9c55-0e2f6a4d91b7");
    assert_eq!(snap.serial, 17);
    let addresses: Vec<&str> = snap.resources.keys().map(String::as_str).collect();
    assert_eq!(
        addresses,
        vec![
            "data.local_file.motd",
            "local_file.pet",
            "module.app[\"blue\"].local_file.config",
            "module.app[\"blue\"].random_pet.suffix[\"a\"]",
            "module.app[\"blue\"].random_pet.suffix[\"b\"]",
            "module.app[\"green\"].local_file.config",
            "module.app[\"green\"].random_pet.suffix[\"a\"]",
            "module.app[\"green\"].random_pet.suffix[\"b\"]",
            "random_pet.name",
            "random_pet.server[0]",
            "random_pet.server[1]",
        ]
    );
    let suffix = &snap.resources["module.app[\"green\"].random_pet.suffix[\"b\"]"];
    assert_eq!(suffix.module, "module.app[\"green\"]");
    assert_eq!(suffix.index_key, json!("b"));
    assert_eq!(suffix.attributes["id"], "calm-yak-2");
    let config = &snap.resources["module.app[\"blue\"].local_file.config"];
    assert_eq!(config.private, br#"{"schema_version":"0"}"#);
    assert_eq!(
        config.dependencies,
        vec!["module.app.random_pet.suffix", "random_pet.name"]
    );
    assert_eq!(
        config.sensitive_paths,
        json!([[{"type": "get_attr", "value": "sensitive_content"}]])
    );
    assert_eq!(
        snap.resources["data.local_file.motd"].mode,
        ResourceMode::Data
    );
    assert_eq!(
        snap.resources["random_pet.server[1]"].status,
        InstanceStatus::Tainted
    );
    assert!(snap.resources["random_pet.server[0]"]
        .provider
        .ends_with("/random\"].eu"));
    assert!(snap.resources["random_pet.name"].create_before_destroy);
    assert!(snap.outputs["admin_token"].sensitive);
    // The next change continues the adopted serial.
    assert_eq!(create(&mut st, &pet("extra", json!(null), "x")), 18);
    // And adopting twice is refused.
    let err = st.import_terraform(&doc).unwrap_err();
    assert!(matches!(err, StateError::WorkspaceInUse { .. }), "{err}");
}

#[test]
fn a_state_terraform_wrote_is_written_back_byte_for_byte() {
    let snap = parse_terraform_v4(BY_TERRAFORM).unwrap();
    let ours = serde_json::to_string_pretty(&to_terraform_v4(&snap)).unwrap() + "\n";
    assert_eq!(ours, BY_TERRAFORM);
}

#[test]
fn pull_then_push_round_trips() {
    let (_dir, path) = temp_db();
    let mut st = SqliteState::open(&path, "default").unwrap();
    st.import_terraform(&serde_json::from_str(HAND_WRITTEN).unwrap())
        .unwrap();
    let before = st.snapshot().unwrap();
    let pulled = to_terraform_v4(&before);
    assert_eq!(from_terraform_v4(&pulled).unwrap(), before);
    let mut pushed = before.clone();
    pushed.serial += 5;
    pushed.resources.remove("random_pet.name");
    assert_eq!(st.push(&pushed, false).unwrap(), 22);
    let after = st.snapshot().unwrap();
    assert_eq!(after.resources, pushed.resources);
    assert_eq!(after.lineage, before.lineage);
}

#[test]
fn push_refuses_other_lineages_and_older_serials_unless_forced() {
    let (_dir, path) = temp_db();
    let mut st = SqliteState::open(&path, "default").unwrap();
    st.import_terraform(&serde_json::from_str(HAND_WRITTEN).unwrap())
        .unwrap();
    let mut other = st.snapshot().unwrap();
    other.lineage = "someone-else".into();
    let err = st.push(&other, false).unwrap_err();
    assert!(matches!(err, StateError::LineageMismatch { .. }), "{err}");
    let mut older = st.snapshot().unwrap();
    older.serial = 3;
    let err = st.push(&older, false).unwrap_err();
    assert!(matches!(err, StateError::SerialBehind { .. }), "{err}");
    assert_eq!(
        st.push(&older, true).unwrap(),
        18,
        "forced pushes still move forward"
    );
}

#[test]
fn other_versions_and_bad_shapes_are_refused_clearly() {
    let err = from_terraform_v4(&json!({"version": 3, "serial": 1, "modules": []})).unwrap_err();
    assert!(matches!(err, StateError::UnsupportedVersion { .. }));
    assert!(
        err.to_string().contains("version 3 is not supported"),
        "{err}"
    );
    let err = from_terraform_v4(&json!({"serial": 1})).unwrap_err();
    assert!(err.to_string().contains("not a Terraform state"), "{err}");
    let cases = [
        (
            json!({"mode": "managed", "type": "t", "name": "n", "provider": "p",
                "instances": [{"index_key": 1.5, "attributes": {}}]}),
            "resources[0].instances[0].index_key",
        ),
        (
            json!({"mode": "resource", "type": "t", "name": "n", "provider": "p", "instances": []}),
            "resources[0].mode",
        ),
        (
            json!({"mode": "managed", "type": "t", "name": "n", "instances": []}),
            "resources[0].provider",
        ),
        (
            json!({"mode": "managed", "type": "t", "name": "n", "provider": "p",
                "instances": [{"deposed": "00000001", "attributes": {}}]}),
            "deposed object",
        ),
        (
            json!({"mode": "managed", "type": "t", "name": "n", "provider": "p",
                "instances": [{"attributes_flat": {"id": "x"}}]}),
            "Terraform 0.11",
        ),
        (
            json!({"module": "mod.x", "mode": "managed", "type": "t", "name": "n", "provider": "p",
                "instances": []}),
            "not a module instance address",
        ),
    ];
    for (resource, expected) in cases {
        let doc = json!({"version": 4, "serial": 1, "lineage": "l", "resources": [resource]});
        let err = from_terraform_v4(&doc).unwrap_err();
        assert!(
            err.to_string().contains(expected),
            "{err} (wanted {expected})"
        );
    }
    let err = parse_terraform_v4("{\n  \"version\": 4,\n").unwrap_err();
    assert!(err.to_string().contains("line 3"), "{err}");
}

#[test]
fn pending_creates_are_pulled_as_tainted() {
    let (_dir, path) = temp_db();
    let mut st = SqliteState::open(&path, "default").unwrap();
    let r = pet("p", json!(null), "maybe");
    st.begin(&r.address, terrace_state::Action::Create, Some(&r))
        .unwrap();
    let pulled = to_terraform_v4(&st.snapshot().unwrap());
    assert_eq!(pulled["resources"][0]["instances"][0]["status"], "tainted");
}
