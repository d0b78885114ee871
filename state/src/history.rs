//! The history of changes: one row per serial, so a person can see what
//! changed a workspace's state and when.

use rusqlite::params;

use crate::sqlite::db_error;
use crate::{SqliteState, StateError};

/// One change to a workspace's state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoryEntry {
    /// The serial the change produced.
    pub serial: u64,
    /// When it was written (RFC 3339, UTC).
    pub at: String,
    /// What changed (`create aws_s3_bucket.b`, `state mv a.b a.c`, ...).
    pub summary: String,
}

impl SqliteState {
    /// The workspace's most recent changes, newest first, at most `limit`.
    pub fn history(&self, limit: usize) -> Result<Vec<HistoryEntry>, StateError> {
        let db = db_error(&self.path);
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT serial, at, summary FROM history WHERE workspace = ?1 \
                 ORDER BY id DESC LIMIT ?2",
            )
            .map_err(&db)?;
        let rows = stmt
            .query_map(params![self.workspace, limit], |r| {
                Ok(HistoryEntry {
                    serial: r.get(0)?,
                    at: r.get(1)?,
                    summary: r.get(2)?,
                })
            })
            .map_err(&db)?;
        rows.collect::<Result<_, _>>().map_err(&db)
    }
}
