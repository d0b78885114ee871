//! Deliberate edits a person makes to the state (`state rm`, `state mv`,
//! `state push`, `state import-terraform`), each one transaction, one
//! serial bump and one history row.

use rusqlite::{params, Connection, OptionalExtension};

use crate::address::{instance_address, parse_address};
use crate::rows::{read_one, write_instance};
use crate::sqlite::{bump_serial, db_error, record_history, write_outputs};
use crate::terraform_v4::from_terraform_v4;
use crate::{InstanceStatus, Snapshot, SqliteState, StateError};

impl SqliteState {
    /// Forgets an instance, or every instance of a resource when given a
    /// resource address without a key; the objects themselves are left
    /// alone. Returns the addresses removed.
    pub fn rm(&mut self, address: &str) -> Result<Vec<String>, StateError> {
        let db = db_error(&self.path);
        let ws = &self.workspace;
        let tx = self.conn.transaction().map_err(&db)?;
        let removed = matching(&tx, ws, address).map_err(&db)?;
        if removed.is_empty() {
            return Err(StateError::NoSuchResource {
                address: address.to_string(),
            });
        }
        for a in &removed {
            tx.prepare_cached("DELETE FROM resources WHERE workspace = ?1 AND address = ?2")
                .map_err(&db)?
                .execute(params![ws, a])
                .map_err(&db)?;
            tx.prepare_cached("DELETE FROM intents WHERE workspace = ?1 AND address = ?2")
                .map_err(&db)?
                .execute(params![ws, a])
                .map_err(&db)?;
        }
        let serial = bump_serial(&tx, ws).map_err(&db)?;
        record_history(&tx, ws, serial, &format!("state rm {}", removed.join(", ")))
            .map_err(&db)?;
        tx.commit().map_err(&db)?;
        Ok(removed)
    }

    /// Renames an instance, or every instance of a resource when both
    /// addresses name resources without keys. Returns `(from, to)` pairs.
    pub fn mv(&mut self, from: &str, to: &str) -> Result<Vec<(String, String)>, StateError> {
        let db = db_error(&self.path);
        let ws = &self.workspace;
        let src = parse_address(from)?;
        let dst = parse_address(to)?;
        if src.mode != dst.mode {
            return Err(StateError::InvalidAddress {
                address: to.to_string(),
                reason: "cannot move between a managed resource and a data source".into(),
            });
        }
        let tx = self.conn.transaction().map_err(&db)?;
        let sources = matching(&tx, ws, from).map_err(&db)?;
        if sources.is_empty() {
            return Err(StateError::NoSuchResource {
                address: from.to_string(),
            });
        }
        let whole = !exists(&tx, ws, from).map_err(&db)?;
        if whole && dst.key.is_some() {
            return Err(StateError::InvalidAddress {
                address: to.to_string(),
                reason: format!("{from} names a whole resource, so the destination needs no key"),
            });
        }
        let mut moves = Vec::with_capacity(sources.len());
        for source in sources {
            let Some(row) = read_one(&tx, &self.path, ws, &source)? else {
                continue;
            };
            if let InstanceStatus::Pending { action, since } = &row.status {
                return Err(StateError::AlreadyPending {
                    address: source,
                    action: action.as_str().into(),
                    since: since.clone(),
                });
            }
            let key = if whole {
                row.index_key.clone()
            } else {
                dst.key.clone().unwrap_or(serde_json::Value::Null)
            };
            let target = instance_address(&dst.module, dst.mode, &dst.type_name, &dst.name, &key);
            if exists(&tx, ws, &target).map_err(&db)? {
                return Err(StateError::AddressTaken { address: target });
            }
            tx.prepare_cached(
                "UPDATE resources SET address = ?3, module = ?4, type = ?5, name = ?6, \
                 index_key = ?7 WHERE workspace = ?1 AND address = ?2",
            )
            .map_err(&db)?
            .execute(params![
                ws,
                source,
                target,
                dst.module,
                dst.type_name,
                dst.name,
                key.to_string()
            ])
            .map_err(&db)?;
            moves.push((source, target));
        }
        let serial = bump_serial(&tx, ws).map_err(&db)?;
        record_history(&tx, ws, serial, &format!("state mv {from} {to}")).map_err(&db)?;
        tx.commit().map_err(&db)?;
        Ok(moves)
    }

    /// Replaces everything the workspace holds with `snapshot` (the raw
    /// operation under `state push`). Keeps the snapshot's lineage (a fresh
    /// one when it has none) and writes the larger of its serial and the
    /// current serial plus one. Open intents are dropped.
    pub fn replace_all(&mut self, snapshot: &Snapshot, summary: &str) -> Result<u64, StateError> {
        for r in snapshot.resources.values() {
            r.check()?;
            if matches!(r.status, InstanceStatus::Pending { .. }) {
                return Err(StateError::InvalidRecord {
                    address: r.address.clone(),
                    reason: "a replacement state cannot carry pending instances".into(),
                });
            }
        }
        let db = db_error(&self.path);
        let ws = &self.workspace;
        let tx = self.conn.transaction().map_err(&db)?;
        for table in ["resources", "intents"] {
            tx.execute(
                &format!("DELETE FROM {table} WHERE workspace = ?1"),
                params![ws],
            )
            .map_err(&db)?;
        }
        for r in snapshot.resources.values() {
            write_instance(&tx, ws, r).map_err(&db)?;
        }
        write_outputs(&tx, ws, &snapshot.outputs).map_err(&db)?;
        let current = bump_serial(&tx, ws).map_err(&db)?;
        let serial = current.max(snapshot.serial);
        let checks = snapshot.check_results.as_ref().map(|c| c.to_string());
        tx.execute(
            "UPDATE workspaces SET serial = ?2, check_results = ?3, \
             lineage = CASE WHEN ?4 = '' THEN lineage ELSE ?4 END WHERE name = ?1",
            params![ws, serial, checks, snapshot.lineage],
        )
        .map_err(&db)?;
        record_history(&tx, ws, serial, summary).map_err(&db)?;
        tx.commit().map_err(&db)?;
        Ok(serial)
    }

    /// `state push`: replaces the state unless the pushed one belongs to
    /// another lineage, is older, or would drop pending provider calls
    /// (`force` skips these checks).
    pub fn push(&mut self, snapshot: &Snapshot, force: bool) -> Result<u64, StateError> {
        if !force {
            let current = self.snapshot()?;
            let pending = self.pending()?;
            if let Some(first) = pending.first() {
                return Err(StateError::PendingIntents {
                    count: pending.len(),
                    first: first.address.clone(),
                });
            }
            if current.serial > 0 && current.lineage != snapshot.lineage {
                return Err(StateError::LineageMismatch {
                    current: current.lineage,
                    pushed: snapshot.lineage.clone(),
                });
            }
            if snapshot.serial < current.serial {
                return Err(StateError::SerialBehind {
                    current: current.serial,
                    pushed: snapshot.serial,
                });
            }
        }
        self.replace_all(snapshot, "state push")
    }

    /// `state import-terraform`: adopts a Terraform state (format v4) into
    /// this workspace, which must not have state yet, keeping its lineage
    /// and serial.
    pub fn import_terraform(&mut self, state: &serde_json::Value) -> Result<u64, StateError> {
        let snapshot = from_terraform_v4(state)?;
        let current = self.snapshot()?;
        if current.serial > 0 || !current.resources.is_empty() {
            return Err(StateError::WorkspaceInUse {
                name: self.workspace.clone(),
                serial: current.serial,
            });
        }
        self.replace_all(&snapshot, "state import-terraform")
    }
}

fn exists(conn: &Connection, ws: &str, address: &str) -> rusqlite::Result<bool> {
    Ok(conn
        .prepare_cached("SELECT 1 FROM resources WHERE workspace = ?1 AND address = ?2")?
        .query_row(params![ws, address], |_| Ok(()))
        .optional()?
        .is_some())
}

/// The instance `address` names, or every instance of the resource it
/// names when it has no key and no instance has exactly that address.
fn matching(conn: &Connection, ws: &str, address: &str) -> rusqlite::Result<Vec<String>> {
    if exists(conn, ws, address)? {
        return Ok(vec![address.to_string()]);
    }
    let Ok(parts) = parse_address(address) else {
        return Ok(Vec::new());
    };
    if parts.key.is_some() {
        return Ok(Vec::new());
    }
    let mut stmt = conn.prepare_cached(
        "SELECT address FROM resources WHERE workspace = ?1 AND module = ?2 AND mode = ?3 \
         AND type = ?4 AND name = ?5 ORDER BY address",
    )?;
    let rows = stmt.query_map(
        params![
            ws,
            parts.module,
            parts.mode.as_str(),
            parts.type_name,
            parts.name
        ],
        |r| r.get(0),
    )?;
    rows.collect()
}
