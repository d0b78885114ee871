//! The embedded SQLite state: one database file holding every workspace,
//! one row per resource instance, written in small transactions so a crash
//! never leaves half a change and a change costs only its own rows.
//!
//! Durability: the database runs in WAL mode with `synchronous=NORMAL`. A
//! committed transaction survives the process being killed at any moment
//! (the WAL is in the OS page cache and is replayed on the next open); a
//! power loss may lose the last few commits, never consistency, which is
//! the operating system's and disk's business, not ours.

use std::collections::BTreeMap;
use std::path::Path;

use rusqlite::{params, Connection, OptionalExtension};

use crate::rows::{read_instances, read_one, INSTANCE_COLUMNS};
use crate::{ResourceInstance, Snapshot, StateError, StoredOutput};

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS workspaces (
    name          TEXT PRIMARY KEY,
    lineage       TEXT NOT NULL,
    serial        INTEGER NOT NULL,
    check_results TEXT
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
CREATE INDEX IF NOT EXISTS history_by_workspace ON history (workspace, id);
CREATE TABLE IF NOT EXISTS resources (
    workspace               TEXT NOT NULL,
    address                 TEXT NOT NULL,
    module                  TEXT NOT NULL,
    mode                    TEXT NOT NULL,
    type                    TEXT NOT NULL,
    name                    TEXT NOT NULL,
    index_key               TEXT NOT NULL,
    provider                TEXT NOT NULL,
    schema_version          INTEGER NOT NULL,
    attributes              TEXT NOT NULL,
    sensitive_paths         TEXT NOT NULL,
    identity_schema_version INTEGER NOT NULL,
    identity                TEXT NOT NULL,
    private                 BLOB NOT NULL,
    dependencies            TEXT NOT NULL,
    create_before_destroy   INTEGER NOT NULL,
    status                  TEXT NOT NULL,
    pending_action          TEXT,
    pending_since           TEXT,
    PRIMARY KEY (workspace, address)
);
CREATE TABLE IF NOT EXISTS deposed (
    workspace TEXT NOT NULL,
    address   TEXT NOT NULL,
    key       TEXT NOT NULL,
    record    TEXT NOT NULL,
    since     TEXT NOT NULL,
    PRIMARY KEY (workspace, address, key)
);
CREATE TABLE IF NOT EXISTS intents (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    workspace    TEXT NOT NULL,
    address      TEXT NOT NULL,
    action       TEXT NOT NULL,
    since        TEXT NOT NULL,
    prior_status TEXT,
    UNIQUE (workspace, address)
);
";

/// A SQLite state database, opened on one workspace.
pub struct SqliteState {
    pub(crate) conn: Connection,
    pub(crate) path: String,
    pub(crate) workspace: String,
}

/// Turns SQLite errors into errors naming the database file.
pub(crate) fn db_error(path: &str) -> impl Fn(rusqlite::Error) -> StateError + '_ {
    move |source| StateError::Database {
        path: path.to_string(),
        source,
    }
}

impl SqliteState {
    /// Opens (creating if needed) the database at `path` on `workspace`.
    pub fn open(path: &Path, workspace: &str) -> Result<SqliteState, StateError> {
        let shown = path.display().to_string();
        let db = db_error(&shown);
        let conn = Connection::open(path).map_err(&db)?;
        conn.busy_timeout(std::time::Duration::from_secs(30))
            .map_err(&db)?;
        conn.pragma_update(None, "journal_mode", "WAL")
            .map_err(&db)?;
        conn.pragma_update(None, "synchronous", "NORMAL")
            .map_err(&db)?;
        // Checkpoints are the only fsyncs in WAL mode; one per ~40 MB of
        // changes rather than SQLite's default ~4 MB keeps thousands of
        // small commits per second possible on ordinary disks.
        conn.pragma_update(None, "wal_autocheckpoint", 10_000)
            .map_err(&db)?;
        conn.execute_batch(SCHEMA).map_err(&db)?;
        migrate(&conn).map_err(&db)?;
        Ok(SqliteState {
            conn,
            path: shown.clone(),
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

    /// The workspace this handle reads and writes.
    pub fn workspace(&self) -> &str {
        &self.workspace
    }

    /// The workspace's current snapshot (empty if it has none yet).
    pub fn snapshot(&self) -> Result<Snapshot, StateError> {
        let db = db_error(&self.path);
        let head: Option<(String, u64, Option<String>)> = self
            .conn
            .query_row(
                "SELECT lineage, serial, check_results FROM workspaces WHERE name = ?1",
                params![self.workspace],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()
            .map_err(&db)?;
        let (lineage, serial, check_results) = head.unwrap_or_default();
        let check_results = check_results
            .map(|text| {
                serde_json::from_str(&text).map_err(|e| StateError::Corrupt {
                    what: "check results".into(),
                    detail: e.to_string(),
                })
            })
            .transpose()?;
        let resources = read_instances(
            &self.conn,
            &self.path,
            &format!("SELECT {INSTANCE_COLUMNS} FROM resources WHERE workspace = ?1"),
            &self.workspace,
        )?
        .into_iter()
        .map(|r| (r.address.clone(), r))
        .collect();
        Ok(Snapshot {
            lineage,
            serial,
            outputs: self.outputs()?,
            resources,
            check_results,
            deposed: self.deposed()?,
        })
    }

    /// One resource instance, if the state has it.
    pub fn resource(&self, address: &str) -> Result<Option<ResourceInstance>, StateError> {
        read_one(&self.conn, &self.path, &self.workspace, address)
    }

    /// The workspace's serial, 0 before anything was written.
    pub(crate) fn snapshot_serial(&self) -> Result<u64, StateError> {
        let db = db_error(&self.path);
        self.conn
            .prepare_cached("SELECT serial FROM workspaces WHERE name = ?1")
            .map_err(&db)?
            .query_row(params![self.workspace], |r| r.get(0))
            .optional()
            .map_err(&db)
            .map(Option::unwrap_or_default)
    }

    fn outputs(&self) -> Result<BTreeMap<String, StoredOutput>, StateError> {
        let db = db_error(&self.path);
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT name, value, type, sensitive FROM outputs WHERE workspace = ?1 ORDER BY name",
            )
            .map_err(&db)?;
        let rows = stmt
            .query_map(params![self.workspace], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, bool>(3)?,
                ))
            })
            .map_err(&db)?;
        let mut outputs = BTreeMap::new();
        for row in rows {
            let (name, value, ty, sensitive) = row.map_err(&db)?;
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
        Ok(outputs)
    }

    /// Replaces the root module outputs in one transaction, bumping the serial.
    pub fn replace_outputs(
        &mut self,
        outputs: &BTreeMap<String, StoredOutput>,
        summary: &str,
    ) -> Result<u64, StateError> {
        // The same outputs again change nothing and bump no serial, as
        // Terraform writes a state only when it differs.
        let serial = self.snapshot_serial()?;
        if serial > 0 && self.outputs()? == *outputs {
            return Ok(serial);
        }
        let db = db_error(&self.path);
        let tx = self.conn.transaction().map_err(&db)?;
        write_outputs(&tx, &self.workspace, outputs).map_err(&db)?;
        let serial = bump_serial(&tx, &self.workspace).map_err(&db)?;
        record_history(&tx, &self.workspace, serial, summary).map_err(&db)?;
        tx.commit().map_err(&db)?;
        Ok(serial)
    }
}

/// Adds what later versions of the schema added to databases made by
/// earlier ones.
fn migrate(conn: &Connection) -> rusqlite::Result<()> {
    let has_checks: bool = conn.query_row(
        "SELECT count(*) > 0 FROM pragma_table_info('workspaces') WHERE name = 'check_results'",
        [],
        |r| r.get(0),
    )?;
    if !has_checks {
        conn.execute_batch("ALTER TABLE workspaces ADD COLUMN check_results TEXT")?;
    }
    Ok(())
}

/// Replaces a workspace's outputs.
pub(crate) fn write_outputs(
    conn: &Connection,
    workspace: &str,
    outputs: &BTreeMap<String, StoredOutput>,
) -> rusqlite::Result<()> {
    conn.prepare_cached("DELETE FROM outputs WHERE workspace = ?1")?
        .execute(params![workspace])?;
    let mut insert = conn.prepare_cached(
        "INSERT INTO outputs (workspace, name, value, type, sensitive) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for (name, o) in outputs {
        insert.execute(params![
            workspace,
            name,
            o.value.to_string(),
            o.ty.to_string(),
            o.sensitive
        ])?;
    }
    Ok(())
}

/// Increments a workspace's serial (creating the workspace with a fresh
/// lineage at serial 1) and returns the new serial.
pub(crate) fn bump_serial(conn: &Connection, workspace: &str) -> rusqlite::Result<u64> {
    conn.prepare_cached(
        "INSERT INTO workspaces (name, lineage, serial) VALUES (?1, ?2, 1)
         ON CONFLICT (name) DO UPDATE SET serial = serial + 1
         RETURNING serial",
    )?
    .query_row(params![workspace, uuid::Uuid::new_v4().to_string()], |r| {
        r.get(0)
    })
}

/// Appends a history row for a change that produced `serial`.
pub(crate) fn record_history(
    conn: &Connection,
    workspace: &str,
    serial: u64,
    summary: &str,
) -> rusqlite::Result<()> {
    conn.prepare_cached("INSERT INTO history (workspace, serial, summary) VALUES (?1, ?2, ?3)")?
        .execute(params![workspace, serial, summary])?;
    Ok(())
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
        // The same outputs again are no change.
        assert_eq!(st.replace_outputs(&outs, "apply").unwrap(), 1);
        outs.get_mut("a").unwrap().value = serde_json::json!(2);
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

    #[test]
    fn databases_from_before_check_results_are_upgraded() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("old.db");
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch(
            "CREATE TABLE workspaces (name TEXT PRIMARY KEY, lineage TEXT NOT NULL, serial INTEGER NOT NULL);
             INSERT INTO workspaces VALUES ('default', 'l-1', 7);",
        )
        .unwrap();
        drop(conn);
        let snap = SqliteState::open(&path, "default")
            .unwrap()
            .snapshot()
            .unwrap();
        assert_eq!((snap.lineage.as_str(), snap.serial), ("l-1", 7));
    }
}
