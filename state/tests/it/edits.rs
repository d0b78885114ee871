//! State edits: `state rm`, `state mv`, each one change in the history.

use serde_json::json;
use terrace_state::{Action, SqliteState, StateError};

use crate::support::{create, pet, temp_db};

fn seeded() -> (tempfile::TempDir, SqliteState) {
    let (dir, path) = temp_db();
    let mut st = SqliteState::open(&path, "default").unwrap();
    create(&mut st, &pet("a", json!(null), "one"));
    create(&mut st, &pet("b", json!("x"), "bx"));
    create(&mut st, &pet("b", json!("y"), "by"));
    (dir, st)
}

fn addresses(st: &SqliteState) -> Vec<String> {
    st.snapshot().unwrap().resources.into_keys().collect()
}

#[test]
fn rm_forgets_an_instance_or_a_whole_resource() {
    let (_dir, mut st) = seeded();
    assert_eq!(
        st.rm("random_pet.b[\"x\"]").unwrap(),
        vec!["random_pet.b[\"x\"]"]
    );
    assert_eq!(st.rm("random_pet.b").unwrap(), vec!["random_pet.b[\"y\"]"]);
    assert_eq!(addresses(&st), vec!["random_pet.a"]);
    assert_eq!(st.snapshot().unwrap().serial, 5);
    assert_eq!(
        st.history(1).unwrap()[0].summary,
        "state rm random_pet.b[\"y\"]"
    );
    let err = st.rm("random_pet.zzz").unwrap_err();
    assert!(matches!(err, StateError::NoSuchResource { .. }), "{err}");
}

#[test]
fn mv_renames_an_instance_into_a_module() {
    let (_dir, mut st) = seeded();
    let moved = st
        .mv("random_pet.a", "module.m[\"k\"].random_pet.c[0]")
        .unwrap();
    assert_eq!(moved[0].1, "module.m[\"k\"].random_pet.c[0]");
    let r = st
        .resource("module.m[\"k\"].random_pet.c[0]")
        .unwrap()
        .unwrap();
    assert_eq!(
        (r.module.as_str(), r.name.as_str()),
        ("module.m[\"k\"]", "c")
    );
    assert_eq!(r.index_key, json!(0));
    assert_eq!(r.attributes["id"], "one");
    assert!(st.resource("random_pet.a").unwrap().is_none());
}

#[test]
fn mv_of_a_resource_moves_every_instance_with_its_key() {
    let (_dir, mut st) = seeded();
    let moved = st.mv("random_pet.b", "random_pet.renamed").unwrap();
    assert_eq!(moved.len(), 2);
    assert_eq!(
        addresses(&st),
        vec![
            "random_pet.a",
            "random_pet.renamed[\"x\"]",
            "random_pet.renamed[\"y\"]"
        ]
    );
    let err = st.mv("random_pet.renamed", "random_pet.z[0]").unwrap_err();
    assert!(err.to_string().contains("needs no key"), "{err}");
}

#[test]
fn mv_refuses_taken_addresses_pending_instances_and_mode_changes() {
    let (_dir, mut st) = seeded();
    let err = st.mv("random_pet.b[\"x\"]", "random_pet.a").unwrap_err();
    assert!(matches!(err, StateError::AddressTaken { .. }), "{err}");
    let err = st.mv("random_pet.a", "data.random_pet.a").unwrap_err();
    assert!(err.to_string().contains("data source"), "{err}");
    st.begin("random_pet.a", Action::Delete, None).unwrap();
    let err = st.mv("random_pet.a", "random_pet.q").unwrap_err();
    assert!(matches!(err, StateError::AlreadyPending { .. }), "{err}");
    // rm is the way out of a pending instance one knows is gone.
    st.rm("random_pet.a").unwrap();
    assert!(st.pending().unwrap().is_empty());
}
