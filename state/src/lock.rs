//! State locks: exclusive for apply, destroy and state edits, shared for
//! plan, drift checks and other read-only work, so readers never wait for
//! each other.
//!
//! The lock is an OS file lock (`flock`) on a sidecar `<db>.lock` file. The
//! kernel drops it when the holding process exits, however it exits, so a
//! killed process never leaves a lock that needs a manual unlock. Holders
//! publish who they are in `<db>.lock.d/<id>.json`, and hold an OS lock on
//! that file too: a record whose file can be locked by someone else belongs
//! to a dead holder and is swept away, so waiters only ever name live
//! holders.

use std::fs::{File, OpenOptions};
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use fs4::{FileExt, TryLockError};
use serde::{Deserialize, Serialize};

use crate::StateError;

/// How long a waiter sleeps between attempts.
const POLL: Duration = Duration::from_millis(50);

/// Readers share; writers exclude everyone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LockKind {
    /// Read-only work: plan, drift checks, `state list|show|pull`.
    Shared,
    /// Changes: apply, destroy, state edits.
    Exclusive,
}

/// Who holds a lock, published so that waiters can name them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LockInfo {
    /// Names this holding, for `force-unlock`.
    pub id: String,
    /// Shared or exclusive.
    pub kind: LockKind,
    /// The user.
    pub who: String,
    /// The machine.
    pub host: String,
    /// The holding process.
    pub pid: u32,
    /// The command, e.g. `apply`.
    pub operation: String,
    /// When the lock was taken (RFC 3339, UTC).
    pub since: String,
}

impl LockInfo {
    /// Describes this process about to run `operation`.
    pub fn current(operation: &str) -> LockInfo {
        LockInfo {
            id: uuid::Uuid::new_v4().to_string(),
            kind: LockKind::Exclusive,
            who: ["USER", "USERNAME", "LOGNAME"]
                .iter()
                .find_map(|k| std::env::var(k).ok().filter(|v| !v.is_empty()))
                .unwrap_or_else(|| "unknown".into()),
            host: host_name(),
            pid: std::process::id(),
            operation: operation.to_string(),
            since: crate::journal::now(),
        }
    }

    /// `alice on build-7 (pid 4242) holds an exclusive lock for apply since ...`
    pub fn describe(&self) -> String {
        let kind = match self.kind {
            LockKind::Shared => "a shared",
            LockKind::Exclusive => "an exclusive",
        };
        format!(
            "{} on {} (pid {}) holds {kind} lock for {} since {}",
            self.who, self.host, self.pid, self.operation, self.since
        )
    }
}

fn host_name() -> String {
    std::env::var("HOSTNAME")
        .ok()
        .or_else(|| std::fs::read_to_string("/proc/sys/kernel/hostname").ok())
        .or_else(|| std::fs::read_to_string("/etc/hostname").ok())
        .map(|h| h.trim().to_string())
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| "unknown".into())
}

/// A held state lock; dropping it releases it.
#[derive(Debug)]
pub struct StateLock {
    info: LockInfo,
    /// Held for its OS lock; closing it releases the lock.
    _file: File,
    /// The published holder record and its open, locked file.
    record: Option<(PathBuf, File)>,
}

impl StateLock {
    /// Takes the lock of the database at `db_path`, waiting up to `timeout`
    /// (zero: one attempt). On failure the error names the live holders.
    pub fn acquire(
        db_path: &Path,
        kind: LockKind,
        mut info: LockInfo,
        timeout: Duration,
    ) -> Result<StateLock, StateError> {
        info.kind = kind;
        let lock_path = sidecar(db_path, ".lock");
        let file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&lock_path)
            .map_err(|e| io_error(&lock_path, e))?;
        let start = Instant::now();
        loop {
            let attempt = match kind {
                LockKind::Shared => FileExt::try_lock_shared(&file),
                LockKind::Exclusive => FileExt::try_lock(&file),
            };
            match attempt {
                Ok(()) => break,
                Err(TryLockError::WouldBlock) => {
                    let waited = start.elapsed();
                    if waited >= timeout {
                        return Err(StateError::Locked {
                            path: lock_path.display().to_string(),
                            holders: lock_holders(db_path).unwrap_or_default(),
                        });
                    }
                    std::thread::sleep(POLL.min(timeout - waited));
                }
                Err(TryLockError::Error(e)) => return Err(io_error(&lock_path, e)),
            }
        }
        let dir = sidecar(db_path, ".lock.d");
        if kind == LockKind::Exclusive {
            // Nobody else holds anything now, so every record is stale.
            clear_dir(&dir);
        }
        // The record only helps waiters name us; failing to write it must
        // not fail the command.
        let record = publish(&dir, &info).ok();
        Ok(StateLock {
            info,
            _file: file,
            record,
        })
    }

    /// Who holds this lock.
    pub fn info(&self) -> &LockInfo {
        &self.info
    }
}

impl Drop for StateLock {
    fn drop(&mut self) {
        if let Some((path, _)) = &self.record {
            let _ = std::fs::remove_file(path);
        }
    }
}

/// `<db><suffix>`, beside the database.
fn sidecar(db_path: &Path, suffix: &str) -> PathBuf {
    let mut name = db_path.file_name().unwrap_or_default().to_os_string();
    name.push(suffix);
    db_path.with_file_name(name)
}

fn io_error(path: &Path, source: std::io::Error) -> StateError {
    StateError::Io {
        path: path.display().to_string(),
        source,
    }
}

/// Writes the holder record under a temporary name, locks it, then renames
/// it into place, so a published record is always locked by a live holder.
fn publish(dir: &Path, info: &LockInfo) -> std::io::Result<(PathBuf, File)> {
    std::fs::create_dir_all(dir)?;
    let tmp = dir.join(format!(".{}.tmp", info.id));
    let mut file = File::create(&tmp)?;
    FileExt::try_lock(&file)?;
    file.write_all(&serde_json::to_vec(info).map_err(std::io::Error::other)?)?;
    let path = dir.join(format!("{}.json", info.id));
    std::fs::rename(&tmp, &path)?;
    Ok((path, file))
}

fn clear_dir(dir: &Path) {
    if let Ok(entries) = std::fs::read_dir(dir) {
        for entry in entries.flatten() {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// The live holders of the lock of the database at `db_path`, oldest first.
/// Records left by dead holders are removed on the way.
pub fn lock_holders(db_path: &Path) -> Result<Vec<LockInfo>, StateError> {
    let dir = sidecar(db_path, ".lock.d");
    let entries = match std::fs::read_dir(&dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(io_error(&dir, e)),
    };
    let mut holders = Vec::new();
    for entry in entries.flatten() {
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "json") {
            continue;
        }
        let Ok(file) = File::open(&path) else {
            continue;
        };
        match FileExt::try_lock_shared(&file) {
            Ok(()) => {
                let _ = std::fs::remove_file(&path);
            }
            Err(TryLockError::WouldBlock) => {
                let info = std::fs::read(&path)
                    .ok()
                    .and_then(|bytes| serde_json::from_slice::<LockInfo>(&bytes).ok());
                holders.extend(info);
            }
            Err(TryLockError::Error(_)) => {}
        }
    }
    holders.sort_by(|a, b| a.since.cmp(&b.since));
    Ok(holders)
}

/// What `force-unlock` found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ForceUnlockReport {
    /// The lock id asked for.
    pub id: String,
    /// Other live holders, which still hold their locks.
    pub others: Vec<LockInfo>,
}

impl ForceUnlockReport {
    /// What to tell the person who asked.
    pub fn message(&self) -> String {
        let mut text = format!(
            "Lock {} is not held. State locks are operating system locks that end when their \
             process exits, so a dead holder's lock is already gone; any record it left was \
             cleared.",
            self.id
        );
        for other in &self.others {
            text.push_str(&format!(
                " Still held: {} (lock id {}).",
                other.describe(),
                other.id
            ));
        }
        text
    }
}

/// `force-unlock`: a live holder's lock cannot (and must not) be broken from
/// outside; a dead holder's lock needs no breaking. Clears records left by
/// dead holders, and refuses while the holder with `id` is alive.
pub fn force_unlock(db_path: &Path, id: &str) -> Result<ForceUnlockReport, StateError> {
    let holders = lock_holders(db_path)?;
    if let Some(holder) = holders.iter().find(|h| h.id == id) {
        return Err(StateError::HolderAlive {
            holder: Box::new(holder.clone()),
        });
    }
    Ok(ForceUnlockReport {
        id: id.to_string(),
        others: holders,
    })
}
