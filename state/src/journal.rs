//! The intent journal: what makes a `kill -9` lose track of nothing.
//!
//! Before each provider call that creates, updates, replaces or deletes an
//! object, the engine calls [`SqliteState::begin`]: one small transaction
//! records the intent and marks the instance pending (inserting a row when
//! the state has none yet, so `state list` names an object that may be about
//! to exist). After the call, [`SqliteState::complete`] writes the result,
//! closes the intent, bumps the serial and appends a history row, again in
//! one transaction touching only that instance's rows. Intents still open
//! when a process starts are the calls a dead process never finished;
//! [`SqliteState::pending`] lists them so the next plan can read the objects
//! back and complete the intents with what it found.

use rusqlite::{params, OptionalExtension};

use crate::rows::{delete_instance, write_instance};
use crate::sqlite::{bump_serial, db_error, record_history};
use crate::{Action, InstanceStatus, ResourceInstance, SqliteState, StateError};

/// Names an open intent; stable across processes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct IntentId(pub i64);

/// What came of a provider call.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// The call succeeded; this is the object now (ready or tainted).
    Stored(ResourceInstance),
    /// The object is gone (a delete succeeded, or reading found nothing).
    Removed,
    /// The call failed.
    Failed {
        /// The provider's error, for the history.
        message: String,
        /// The object the provider says exists after the failure; `None`
        /// restores the record from before the call (and forgets an
        /// instance the call was to create).
        keep: Option<ResourceInstance>,
    },
}

/// An intent with no result: a provider call that may or may not have
/// happened.
#[derive(Debug, Clone, PartialEq)]
pub struct PendingIntent {
    /// The intent, to complete once resolved.
    pub id: IntentId,
    /// The instance.
    pub address: String,
    /// The call that was about to happen.
    pub action: Action,
    /// When it began (RFC 3339, UTC).
    pub since: String,
    /// The instance's record: the last known object, or the planned one
    /// for a create.
    pub record: Option<ResourceInstance>,
}

/// Now, as the state writes times.
pub(crate) fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

impl SqliteState {
    /// Durably records that a provider call on `address` is about to
    /// happen. `planned` is the record to show while the call is in flight
    /// when the state has no row for the instance yet (a create); it is
    /// ignored otherwise.
    pub fn begin(
        &mut self,
        address: &str,
        action: Action,
        planned: Option<&ResourceInstance>,
    ) -> Result<IntentId, StateError> {
        let db = db_error(&self.path);
        let ws = &self.workspace;
        let tx = self.conn.transaction().map_err(&db)?;
        let open: Option<(String, String)> = tx
            .prepare_cached(
                "SELECT action, since FROM intents WHERE workspace = ?1 AND address = ?2",
            )
            .map_err(&db)?
            .query_row(params![ws, address], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()
            .map_err(&db)?;
        if let Some((action, since)) = open {
            return Err(StateError::AlreadyPending {
                address: address.to_string(),
                action,
                since,
            });
        }
        let prior: Option<String> = tx
            .prepare_cached("SELECT status FROM resources WHERE workspace = ?1 AND address = ?2")
            .map_err(&db)?
            .query_row(params![ws, address], |r| r.get(0))
            .optional()
            .map_err(&db)?;
        let since = now();
        if prior.is_some() {
            tx.prepare_cached(
                "UPDATE resources SET status = 'pending', pending_action = ?3, pending_since = ?4 \
                 WHERE workspace = ?1 AND address = ?2",
            )
            .map_err(&db)?
            .execute(params![ws, address, action.as_str(), since])
            .map_err(&db)?;
        } else {
            let Some(planned) = planned else {
                return Err(StateError::InvalidRecord {
                    address: address.to_string(),
                    reason: "the state has no record of it and no planned record was given".into(),
                });
            };
            check_same(address, planned)?;
            let mut row = planned.clone();
            row.status = InstanceStatus::Pending {
                action,
                since: since.clone(),
            };
            write_instance(&tx, ws, &row).map_err(&db)?;
        }
        let id = tx
            .prepare_cached(
                "INSERT INTO intents (workspace, address, action, since, prior_status) \
                 VALUES (?1, ?2, ?3, ?4, ?5) RETURNING id",
            )
            .map_err(&db)?
            .query_row(params![ws, address, action.as_str(), since, prior], |r| {
                r.get(0)
            })
            .map_err(&db)?;
        tx.commit().map_err(&db)?;
        Ok(IntentId(id))
    }

    /// Records what came of the call `intent` announced: the instance's row,
    /// the intent's close, the serial bump and a history row, in one
    /// transaction. Returns the new serial.
    pub fn complete(&mut self, intent: IntentId, outcome: Outcome) -> Result<u64, StateError> {
        let db = db_error(&self.path);
        let ws = &self.workspace;
        let tx = self.conn.transaction().map_err(&db)?;
        let open: Option<(String, String, Option<String>)> = tx
            .prepare_cached(
                "SELECT address, action, prior_status FROM intents WHERE id = ?1 AND workspace = ?2",
            )
            .map_err(&db)?
            .query_row(params![intent.0, ws], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })
            .optional()
            .map_err(&db)?;
        let Some((address, action, prior)) = open else {
            return Err(StateError::UnknownIntent { id: intent.0 });
        };
        let summary = match &outcome {
            Outcome::Stored(r) => {
                check_stored(&address, r)?;
                write_instance(&tx, ws, r).map_err(&db)?;
                format!("{action} {address}")
            }
            Outcome::Removed => {
                delete_instance(&tx, ws, &address).map_err(&db)?;
                format!("{action} {address}: removed")
            }
            Outcome::Failed {
                message,
                keep: Some(r),
            } => {
                check_stored(&address, r)?;
                write_instance(&tx, ws, r).map_err(&db)?;
                format!("{action} {address} failed: {message}")
            }
            Outcome::Failed {
                message,
                keep: None,
            } => {
                match &prior {
                    None => {
                        delete_instance(&tx, ws, &address).map_err(&db)?;
                    }
                    Some(status) => {
                        tx.prepare_cached(
                            "UPDATE resources SET status = ?3, pending_action = NULL, \
                             pending_since = NULL WHERE workspace = ?1 AND address = ?2",
                        )
                        .map_err(&db)?
                        .execute(params![ws, address, status])
                        .map_err(&db)?;
                    }
                }
                format!("{action} {address} failed: {message}")
            }
        };
        tx.prepare_cached("DELETE FROM intents WHERE id = ?1")
            .map_err(&db)?
            .execute(params![intent.0])
            .map_err(&db)?;
        let serial = bump_serial(&tx, ws).map_err(&db)?;
        record_history(&tx, ws, serial, &summary).map_err(&db)?;
        tx.commit().map_err(&db)?;
        Ok(serial)
    }

    /// The intents no process completed, oldest first.
    pub fn pending(&self) -> Result<Vec<PendingIntent>, StateError> {
        let db = db_error(&self.path);
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT id, address, action, since FROM intents WHERE workspace = ?1 ORDER BY id",
            )
            .map_err(&db)?;
        let rows = stmt
            .query_map(params![self.workspace], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                ))
            })
            .map_err(&db)?
            .collect::<Result<Vec<_>, _>>()
            .map_err(&db)?;
        let mut out = Vec::with_capacity(rows.len());
        for (id, address, action, since) in rows {
            let action = Action::parse(&action).ok_or_else(|| StateError::Corrupt {
                what: format!("intent {id}"),
                detail: format!("action {action:?}"),
            })?;
            out.push(PendingIntent {
                id: IntentId(id),
                record: self.resource(&address)?,
                address,
                action,
                since,
            });
        }
        Ok(out)
    }
}

fn check_same(address: &str, r: &ResourceInstance) -> Result<(), StateError> {
    if r.address != address {
        return Err(StateError::InvalidRecord {
            address: address.to_string(),
            reason: format!("the record given is for {}", r.address),
        });
    }
    r.check()
}

fn check_stored(address: &str, r: &ResourceInstance) -> Result<(), StateError> {
    check_same(address, r)?;
    if matches!(r.status, InstanceStatus::Pending { .. }) {
        return Err(StateError::InvalidRecord {
            address: address.to_string(),
            reason: "a completed call cannot leave the instance pending".into(),
        });
    }
    Ok(())
}
