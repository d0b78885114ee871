//! `kill -9` at any moment loses track of nothing: processes are killed
//! mid-change and the state is read back.

use std::time::Duration;

use terrace_state::{Action, InstanceStatus, SqliteState};

use crate::support::{temp_db, ChildProcess};

#[test]
fn a_create_begun_by_a_killed_process_is_listed_as_pending() {
    let (_dir, path) = temp_db();
    ChildProcess::start("begin-create", &path).kill();
    let st = SqliteState::open(&path, "default").unwrap();
    let snap = st.snapshot().unwrap();
    let r = &snap.resources["random_pet.crashed"];
    assert!(matches!(
        r.status,
        InstanceStatus::Pending {
            action: Action::Create,
            ..
        }
    ));
    assert_eq!(r.attributes["id"], "half-made");
    let pending = st.pending().unwrap();
    assert_eq!(pending.len(), 1);
    assert_eq!(pending[0].address, "random_pet.crashed");
}

#[test]
fn killing_an_apply_at_random_moments_leaves_a_consistent_state() {
    let (_dir, path) = temp_db();
    for round in 0..5u64 {
        let child = ChildProcess::start("churn", &path);
        std::thread::sleep(Duration::from_millis(60 + 37 * round));
        child.kill();
        let mut st = SqliteState::open(&path, "default").unwrap();
        let snap = st.snapshot().unwrap();
        let pending = st.pending().unwrap();
        assert!(pending.len() <= 1, "one change at a time: {pending:?}");
        let marked = snap
            .resources
            .values()
            .filter(|r| matches!(r.status, InstanceStatus::Pending { .. }))
            .count();
        assert_eq!(marked, pending.len(), "rows and journal agree");
        let history = st.history(usize::MAX).unwrap();
        assert_eq!(
            history.len() as u64,
            snap.serial,
            "one history row per serial"
        );
        // Resolve as the next plan would: the object is whatever the record says.
        for p in pending {
            let mut found = p.record.unwrap();
            found.status = InstanceStatus::Ready;
            st.complete(p.id, terrace_state::Outcome::Stored(found))
                .unwrap();
        }
    }
}
