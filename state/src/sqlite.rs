//! The embedded SQLite state: one database file holding every workspace,
//! written in transactions so a crash never leaves half a change.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rusqlite::{params, Connection, OptionalExtension};

use crate::{Snapshot, StateError, StoredOutput};

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS workspaces (
    name    TEXT PRIMARY KEY,
    lineage TEXT NOT NULL,
    serial  INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS outputs (
    workspace TEXT NOT NULL,
    name      TEXT NOT NULL,
    value     TEXT NOT NULL,
    type      TEXT NOT NULL,
    sensitive INTEGER NOT NULL,
    PRIMARY KEY (workspace, name)
);
CREATE TABLE IF NOT EXISTS history (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    workspace TEXT NOT NULL,
    serial    INTEGER NOT NULL,
    at        TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    summary   TEXT NOT NULL
);
";

/// A SQLite state database, opened on one workspace.
pub struct SqliteState {
    conn: Connection,
    path: PathBuf,
    workspace: String,
}

impl SqliteState {
    /// Opens (creating if needed) the database at `path` on `workspace`.
    pub fn open(path: &Path, workspace: &str) -> Result<SqliteState, StateError> {
        let db = |source| StateError::Database {
            path: path.display().to_string(),
            source,
        };
        let conn = Connection::open(path).map_err(db)?;
        conn.pragma_update(None, "journal_mode", "WAL")
            .map_err(db)?;
        conn.pragma_update(None, "synchronous", "FULL")
            .map_err(db)?;
        conn.busy_timeout(std::time::Duration::from_secs(30))
            .map_err(db)?;
        conn.execute_batch(SCHEMA).map_err(db)?;
        Ok(SqliteState {
            conn,
            path: path.to_path_buf(),
            workspace: workspace.to_string(),
        })
    }

    /// Opens the database only if it exists.
    pub fn open_existing(path: &Path, workspace: &str) -> Result<Option<SqliteState>, StateError> {
        if path.exists() {
            SqliteState::open(path, workspace).map(Some)
        } else {
            Ok(None)
        }
    }

    fn db(&self) -> impl Fn(rusqlite::Error) -> StateError + '_ {
        move |source| StateError::Database {
            path: self.path.display().to_string(),
            source,
        }
    }

    /// The workspace's current snapshot (empty if it has none yet).
    pub fn snapshot(&self) -> Result<Snapshot, StateError> {
        let head: Option<(String, u64)> = self
            .conn
            .query_row(
                "SELECT lineage, serial FROM workspaces WHERE name = ?1",
                params![self.workspace],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()
            .map_err(self.db())?;
        let Some((lineage, serial)) = head else {
            return Ok(Snapshot::default());
        };
        let mut stmt = self.conn.prepare("SELECT name, value, type, sensitive FROM outputs WHERE workspace = ?1 ORDER BY name").map_err(self.db())?;
        let rows = stmt
            .query_map(params![self.workspace], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, bool>(3)?,
                ))
            })
            .map_err(self.db())?;
        let mut outputs = BTreeMap::new();
        for row in rows {
            let (name, value, ty, sensitive) = row.map_err(self.db())?;
            let corrupt = |e: serde_json::Error| StateError::Corrupt {
                what: format!("output {name}"),
                detail: e.to_string(),
            };
            let value = serde_json::from_str(&value).map_err(corrupt)?;
            let ty = serde_json::from_str(&ty).map_err(corrupt)?;
            outputs.insert(
                name.clone(),
                StoredOutput {
                    value,
                    ty,
                    sensitive,
                },
            );
        }
        Ok(Snapshot {
            lineage,
            serial,
            outputs,
        })
    }

    /// Replaces the root module outputs in one transaction, bumping the serial.
    pub fn replace_outputs(
        &mut self,
        outputs: &BTreeMap<String, StoredOutput>,
        summary: &str,
    ) -> Result<u64, StateError> {
        let path = self.path.display().to_string();
        let db = |source| StateError::Database {
            path: path.clone(),
            source,
        };
        let tx = self.conn.transaction().map_err(db)?;
        let serial: Option<u64> = tx
            .query_row(
                "SELECT serial FROM workspaces WHERE name = ?1",
                params![self.workspace],
                |r| r.get(0),
            )
            .optional()
            .map_err(db)?;
        let serial = match serial {
            Some(s) => {
                tx.execute(
                    "UPDATE workspaces SET serial = ?2 WHERE name = ?1",
                    params![self.workspace, s + 1],
                )
                .map_err(db)?;
                s + 1
            }
            None => {
                let lineage = uuid::Uuid::new_v4().to_string();
                tx.execute(
                    "INSERT INTO workspaces (name, lineage, serial) VALUES (?1, ?2, 1)",
                    params![self.workspace, lineage],
                )
                .map_err(db)?;
                1
            }
        };
        tx.execute(
            "DELETE FROM outputs WHERE workspace = ?1",
            params![self.workspace],
        )
        .map_err(db)?;
        for (name, o) in outputs {
            tx.execute(
                "INSERT INTO outputs (workspace, name, value, type, sensitive) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![self.workspace, name, o.value.to_string(), o.ty.to_string(), o.sensitive],
            )
            .map_err(db)?;
        }
        tx.execute(
            "INSERT INTO history (workspace, serial, summary) VALUES (?1, ?2, ?3)",
            params![self.workspace, serial, summary],
        )
        .map_err(db)?;
        tx.commit().map_err(db)?;
        Ok(serial)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outputs_round_trip_and_serial_grows() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.db");
        let mut st = SqliteState::open(&path, "default").unwrap();
        assert_eq!(st.snapshot().unwrap(), Snapshot::default());
        let mut outs = BTreeMap::new();
        outs.insert(
            "a".to_string(),
            StoredOutput {
                value: serde_json::json!(1),
                ty: serde_json::json!("number"),
                sensitive: false,
            },
        );
        assert_eq!(st.replace_outputs(&outs, "apply").unwrap(), 1);
        assert_eq!(st.replace_outputs(&outs, "apply").unwrap(), 2);
        let snap = SqliteState::open(&path, "default")
            .unwrap()
            .snapshot()
            .unwrap();
        assert_eq!(snap.serial, 2);
        assert_eq!(snap.outputs, outs);
        let other = SqliteState::open(&path, "staging")
            .unwrap()
            .snapshot()
            .unwrap();
        assert_eq!(other.serial, 0);
    }
}
