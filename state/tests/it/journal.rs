//! The intent journal: begin/complete pairs, pending intents after a crash,
//! failures, serial and history bookkeeping, and what it costs.

use std::time::Instant;

use serde_json::json;
use terrace_state::{Action, InstanceStatus, Outcome, SqliteState, StateError};

use crate::support::{create, pet, temp_db};

#[test]
fn a_create_is_pending_until_completed_then_ready() {
    let (_dir, path) = temp_db();
    let mut st = SqliteState::open(&path, "default").unwrap();
    let r = pet("a", json!(null), "sunny-mole");
    let id = st.begin(&r.address, Action::Create, Some(&r)).unwrap();
    let snap = st.snapshot().unwrap();
    assert_eq!(snap.serial, 0, "beginning is not a change");
    assert!(matches!(
        snap.resources["random_pet.a"].status,
        InstanceStatus::Pending {
            action: Action::Create,
            ..
        }
    ));
    assert_eq!(st.complete(id, Outcome::Stored(r.clone())).unwrap(), 1);
    let snap = st.snapshot().unwrap();
    assert_eq!(snap.resources["random_pet.a"], r);
    assert!(st.pending().unwrap().is_empty());
    let history = st.history(10).unwrap();
    assert_eq!(history.len(), 1);
    assert_eq!(
        (history[0].serial, history[0].summary.as_str()),
        (1, "create random_pet.a")
    );
}

#[test]
fn serial_grows_by_one_per_change() {
    let (_dir, path) = temp_db();
    let mut st = SqliteState::open(&path, "default").unwrap();
    for i in 0..5u64 {
        let r = pet("p", json!(i), "x");
        assert_eq!(create(&mut st, &r), i + 1);
    }
    let mut r = pet("p", json!(2), "y");
    let id = st.begin(&r.address, Action::Update, None).unwrap();
    r.attributes["id"] = json!("z");
    assert_eq!(st.complete(id, Outcome::Stored(r)).unwrap(), 6);
    let id = st.begin("random_pet.p[3]", Action::Delete, None).unwrap();
    assert_eq!(st.complete(id, Outcome::Removed).unwrap(), 7);
    let snap = st.snapshot().unwrap();
    assert_eq!(snap.serial, 7);
    assert_eq!(snap.resources.len(), 4);
    assert_eq!(snap.resources["random_pet.p[2]"].attributes["id"], "z");
    let serials: Vec<u64> = st.history(100).unwrap().iter().map(|h| h.serial).collect();
    assert_eq!(serials, vec![7, 6, 5, 4, 3, 2, 1]);
}

#[test]
fn a_pending_intent_survives_reopening() {
    let (_dir, path) = temp_db();
    {
        let mut st = SqliteState::open(&path, "default").unwrap();
        create(&mut st, &pet("kept", json!(null), "old"));
        let r = pet("new", json!(null), "planned");
        st.begin(&r.address, Action::Create, Some(&r)).unwrap();
        st.begin("random_pet.kept", Action::Delete, None).unwrap();
        // Dropped without completing: the process "died".
    }
    let mut st = SqliteState::open(&path, "default").unwrap();
    let pending = st.pending().unwrap();
    let seen: Vec<(&str, Action)> = pending
        .iter()
        .map(|p| (p.address.as_str(), p.action))
        .collect();
    assert_eq!(
        seen,
        vec![
            ("random_pet.new", Action::Create),
            ("random_pet.kept", Action::Delete)
        ]
    );
    assert_eq!(pending[1].record.as_ref().unwrap().attributes["id"], "old");
    let snap = st.snapshot().unwrap();
    assert_eq!(snap.resources.len(), 2, "state list names both");
    assert!(snap
        .resources
        .values()
        .all(|r| matches!(r.status, InstanceStatus::Pending { .. })));
    // The next plan reads them back: the create happened, the delete did too.
    let mut found = pet("new", json!(null), "real");
    found.status = InstanceStatus::Ready;
    st.complete(pending[0].id, Outcome::Stored(found.clone()))
        .unwrap();
    st.complete(pending[1].id, Outcome::Removed).unwrap();
    let snap = st.snapshot().unwrap();
    assert_eq!(snap.resources.len(), 1);
    assert_eq!(snap.resources["random_pet.new"], found);
    assert!(st.pending().unwrap().is_empty());
}

#[test]
fn a_failed_create_without_an_object_leaves_nothing() {
    let (_dir, path) = temp_db();
    let mut st = SqliteState::open(&path, "default").unwrap();
    let r = pet("a", json!(null), "x");
    let id = st.begin(&r.address, Action::Create, Some(&r)).unwrap();
    let failed = Outcome::Failed {
        message: "quota exceeded".into(),
        keep: None,
    };
    assert_eq!(st.complete(id, failed).unwrap(), 1);
    assert!(st.snapshot().unwrap().resources.is_empty());
    assert_eq!(
        st.history(1).unwrap()[0].summary,
        "create random_pet.a failed: quota exceeded"
    );
}

#[test]
fn a_failed_update_restores_the_prior_record_and_status() {
    let (_dir, path) = temp_db();
    let mut st = SqliteState::open(&path, "default").unwrap();
    let mut r = pet("a", json!(null), "x");
    r.status = InstanceStatus::Tainted;
    create(&mut st, &r);
    let id = st.begin(&r.address, Action::Update, None).unwrap();
    let failed = Outcome::Failed {
        message: "boom".into(),
        keep: None,
    };
    st.complete(id, failed).unwrap();
    assert_eq!(st.resource("random_pet.a").unwrap(), Some(r.clone()));
    // A failure that leaves a half-made object keeps that object.
    let id = st.begin(&r.address, Action::Replace, None).unwrap();
    let mut half = r.clone();
    half.attributes["id"] = json!("half");
    let failed = Outcome::Failed {
        message: "timeout".into(),
        keep: Some(half.clone()),
    };
    st.complete(id, failed).unwrap();
    assert_eq!(st.resource("random_pet.a").unwrap(), Some(half));
}

#[test]
fn misuse_is_refused_with_a_reason() {
    let (_dir, path) = temp_db();
    let mut st = SqliteState::open(&path, "default").unwrap();
    let r = pet("a", json!(null), "x");
    let err = st.begin(&r.address, Action::Create, None).unwrap_err();
    assert!(matches!(err, StateError::InvalidRecord { .. }), "{err}");
    let id = st.begin(&r.address, Action::Create, Some(&r)).unwrap();
    let err = st.begin(&r.address, Action::Update, Some(&r)).unwrap_err();
    assert!(matches!(err, StateError::AlreadyPending { .. }), "{err}");
    let other = pet("b", json!(null), "x");
    let err = st.complete(id, Outcome::Stored(other)).unwrap_err();
    assert!(matches!(err, StateError::InvalidRecord { .. }), "{err}");
    let mut lying = r.clone();
    lying.name = "c".into();
    let err = st.complete(id, Outcome::Stored(lying)).unwrap_err();
    assert!(err.to_string().contains("random_pet.c"), "{err}");
    st.complete(id, Outcome::Stored(r)).unwrap();
    let err = st.complete(id, Outcome::Removed).unwrap_err();
    assert!(matches!(err, StateError::UnknownIntent { .. }), "{err}");
}

/// Runs `n` begin/complete pairs on a state that already tracks `preload`
/// instances; returns pairs per second.
fn pairs_per_second(preload: usize, n: usize) -> f64 {
    let (_dir, path) = temp_db();
    let mut st = SqliteState::open(&path, "default").unwrap();
    let mut snap = st.snapshot().unwrap();
    for i in 0..preload {
        let r = pet("preloaded", json!(i), &format!("p-{i}"));
        snap.resources.insert(r.address.clone(), r);
    }
    st.replace_all(&snap, "preload").unwrap();
    let start = Instant::now();
    for i in 0..n {
        let r = pet("measured", json!(i), &format!("m-{i}"));
        let id = st.begin(&r.address, Action::Create, Some(&r)).unwrap();
        st.complete(id, Outcome::Stored(r)).unwrap();
    }
    n as f64 / start.elapsed().as_secs_f64()
}

#[test]
fn thousands_of_changes_per_second_whatever_the_state_size() {
    let small = pairs_per_second(0, 2000);
    let large = pairs_per_second(20_000, 2000);
    println!("journal: {small:.0} begin/complete pairs/s on an empty state, {large:.0} with 20000 instances");
    // Loose bounds, so a busy machine does not fail them: what they guard
    // against is a change rewriting the whole state, which would collapse
    // the second figure to tens per second.
    assert!(small > 500.0, "{small:.0} pairs/s");
    assert!(
        large > small / 4.0,
        "cost grows with state size: {small:.0} vs {large:.0}"
    );
}
