//! State locks: readers share, writers exclude, waiters name the holder,
//! and a killed holder never leaves a lock behind.

use std::time::{Duration, Instant};

use terrace_state::{force_unlock, lock_holders, LockInfo, LockKind, StateError, StateLock};

use crate::support::{temp_db, ChildProcess};

fn lock(
    path: &std::path::Path,
    kind: LockKind,
    op: &str,
    wait_ms: u64,
) -> Result<StateLock, StateError> {
    StateLock::acquire(
        path,
        kind,
        LockInfo::current(op),
        Duration::from_millis(wait_ms),
    )
}

#[test]
fn shared_locks_coexist() {
    let (_dir, path) = temp_db();
    let a = lock(&path, LockKind::Shared, "plan", 0).unwrap();
    let b = lock(&path, LockKind::Shared, "drift", 0).unwrap();
    let holders = lock_holders(&path).unwrap();
    assert_eq!(holders.len(), 2);
    drop((a, b));
    assert!(lock_holders(&path).unwrap().is_empty());
}

#[test]
fn exclusive_excludes_and_the_error_names_the_holder() {
    let (_dir, path) = temp_db();
    let held = lock(&path, LockKind::Exclusive, "apply", 0).unwrap();
    for kind in [LockKind::Shared, LockKind::Exclusive] {
        let err = lock(&path, kind, "plan", 0).unwrap_err();
        let StateError::Locked { holders, .. } = &err else {
            panic!("{err}");
        };
        assert_eq!(holders, &vec![held.info().clone()]);
        let text = err.to_string();
        assert!(text.contains("exclusive lock for apply since"), "{text}");
        assert!(
            text.contains(&format!("pid {}", std::process::id())),
            "{text}"
        );
        assert!(text.contains(&held.info().id), "{text}");
    }
    drop(held);
    lock(&path, LockKind::Exclusive, "apply", 0).unwrap();
}

#[test]
fn readers_keep_a_writer_out() {
    let (_dir, path) = temp_db();
    let _a = lock(&path, LockKind::Shared, "plan", 0).unwrap();
    let _b = lock(&path, LockKind::Shared, "drift", 0).unwrap();
    let err = lock(&path, LockKind::Exclusive, "apply", 0).unwrap_err();
    assert!(err.to_string().contains("and 1 other reader"), "{err}");
}

#[test]
fn exclusion_holds_across_threads() {
    let (_dir, path) = temp_db();
    let held = lock(&path, LockKind::Exclusive, "apply", 0).unwrap();
    let p = path.clone();
    let other = std::thread::spawn(move || lock(&p, LockKind::Shared, "plan", 0).is_err());
    assert!(other.join().unwrap(), "another thread got in");
    drop(held);
    let p = path.clone();
    let other = std::thread::spawn(move || lock(&p, LockKind::Shared, "plan", 0).is_ok());
    assert!(other.join().unwrap());
}

#[test]
fn a_timeout_waits_then_fails() {
    let (_dir, path) = temp_db();
    let _held = lock(&path, LockKind::Exclusive, "apply", 0).unwrap();
    let start = Instant::now();
    let err = lock(&path, LockKind::Exclusive, "apply", 300).unwrap_err();
    let waited = start.elapsed();
    assert!(matches!(err, StateError::Locked { .. }));
    assert!(waited >= Duration::from_millis(300), "{waited:?}");
    assert!(waited < Duration::from_secs(3), "{waited:?}");
}

#[test]
fn a_waiter_gets_the_lock_when_it_is_released() {
    let (_dir, path) = temp_db();
    let held = lock(&path, LockKind::Exclusive, "apply", 0).unwrap();
    let release = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(200));
        drop(held);
    });
    let start = Instant::now();
    lock(&path, LockKind::Exclusive, "apply", 10_000).unwrap();
    assert!(start.elapsed() >= Duration::from_millis(150));
    release.join().unwrap();
}

#[test]
fn another_process_is_excluded_and_its_death_frees_the_lock() {
    let (_dir, path) = temp_db();
    let child = ChildProcess::start("exclusive", &path);
    let pid = child.child.id();
    let err = lock(&path, LockKind::Shared, "plan", 0).unwrap_err();
    let StateError::Locked { holders, .. } = &err else {
        panic!("{err}");
    };
    assert_eq!(holders.len(), 1);
    assert_eq!(holders[0].pid, pid);
    assert_eq!(holders[0].kind, LockKind::Exclusive);
    let err = force_unlock(&path, &holders[0].id).unwrap_err();
    assert!(matches!(err, StateError::HolderAlive { .. }), "{err}");
    let id = holders[0].id.clone();
    child.kill();
    // No unlock needed: the kernel released it, and the stale record goes.
    lock(&path, LockKind::Exclusive, "apply", 0).unwrap();
    let report = force_unlock(&path, &id).unwrap();
    assert!(
        report.message().contains("already gone"),
        "{}",
        report.message()
    );
}

#[test]
fn readers_share_across_processes() {
    let (_dir, path) = temp_db();
    let child = ChildProcess::start("shared", &path);
    let mine = lock(&path, LockKind::Shared, "drift", 0).unwrap();
    let err = lock(&path, LockKind::Exclusive, "apply", 0).unwrap_err();
    let StateError::Locked { holders, .. } = &err else {
        panic!("{err}");
    };
    assert_eq!(holders.len(), 2, "{err}");
    drop(mine);
    child.kill();
    assert!(
        lock_holders(&path).unwrap().is_empty(),
        "a dead reader's record is swept"
    );
    lock(&path, LockKind::Exclusive, "apply", 0).unwrap();
}
