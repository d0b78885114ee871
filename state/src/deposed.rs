//! Deposed objects: the old object of a `create_before_destroy` replacement,
//! recorded before the new one is created and kept until it is destroyed, so
//! neither a failed delete nor a `kill -9` can make the state forget it.

use rusqlite::params;

use crate::journal::now;
use crate::sqlite::{bump_serial, db_error, record_history};
use crate::{ResourceInstance, SqliteState, StateError};

/// An object replaced under `create_before_destroy` and not yet destroyed.
#[derive(Debug, Clone, PartialEq)]
pub struct DeposedObject {
    /// The instance it was replaced at.
    pub address: String,
    /// Tells deposed objects of one instance apart (8 hex digits, as Terraform's).
    pub key: String,
    /// Its last known record.
    pub record: ResourceInstance,
    /// When it was deposed (RFC 3339, UTC).
    pub since: String,
}

impl SqliteState {
    /// Records the instance's current object as deposed, in one
    /// transaction, before its replacement is created. Returns the key.
    pub fn depose(&mut self, address: &str) -> Result<Option<String>, StateError> {
        let Some(record) = self.resource(address)? else {
            return Ok(None);
        };
        let db = db_error(&self.path);
        let key = format!("{:08x}", rand_key());
        let text = serde_json::to_string(&record).map_err(|e| StateError::Corrupt {
            what: format!("deposed object of {address}"),
            detail: e.to_string(),
        })?;
        let tx = self.conn.transaction().map_err(&db)?;
        tx.prepare_cached(
            "INSERT INTO deposed (workspace, address, key, record, since) VALUES (?1, ?2, ?3, ?4, ?5)",
        )
        .map_err(&db)?
        .execute(params![self.workspace, address, key, text, now()])
        .map_err(&db)?;
        let serial = bump_serial(&tx, &self.workspace).map_err(&db)?;
        record_history(
            &tx,
            &self.workspace,
            serial,
            &format!("depose {address} ({key})"),
        )
        .map_err(&db)?;
        tx.commit().map_err(&db)?;
        Ok(Some(key))
    }

    /// Forgets a deposed object once it is destroyed.
    pub fn remove_deposed(&mut self, address: &str, key: &str) -> Result<(), StateError> {
        let db = db_error(&self.path);
        let tx = self.conn.transaction().map_err(&db)?;
        tx.prepare_cached("DELETE FROM deposed WHERE workspace = ?1 AND address = ?2 AND key = ?3")
            .map_err(&db)?
            .execute(params![self.workspace, address, key])
            .map_err(&db)?;
        let serial = bump_serial(&tx, &self.workspace).map_err(&db)?;
        record_history(
            &tx,
            &self.workspace,
            serial,
            &format!("destroy deposed {address} ({key})"),
        )
        .map_err(&db)?;
        tx.commit().map_err(&db)
    }

    /// Every deposed object of the workspace, by address and key.
    pub fn deposed(&self) -> Result<Vec<DeposedObject>, StateError> {
        let db = db_error(&self.path);
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT address, key, record, since FROM deposed WHERE workspace = ?1 ORDER BY address, key",
            )
            .map_err(&db)?;
        let rows = stmt
            .query_map(params![self.workspace], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                ))
            })
            .map_err(&db)?;
        let mut out = Vec::new();
        for row in rows {
            let (address, key, text, since) = row.map_err(&db)?;
            let record = serde_json::from_str(&text).map_err(|e| StateError::Corrupt {
                what: format!("deposed object {address} ({key})"),
                detail: e.to_string(),
            })?;
            out.push(DeposedObject {
                address,
                key,
                record,
                since,
            });
        }
        Ok(out)
    }
}

fn rand_key() -> u32 {
    let id = uuid::Uuid::new_v4();
    u32::from_be_bytes([
        id.as_bytes()[0],
        id.as_bytes()[1],
        id.as_bytes()[2],
        id.as_bytes()[3],
    ])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Action, Outcome, ResourceMode};

    #[test]
    fn a_deposed_object_outlives_its_replacement_until_removed() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.db");
        let mut st = SqliteState::open(&path, "default").unwrap();
        let mut old = ResourceInstance::new(
            "",
            ResourceMode::Managed,
            "t_x",
            "a",
            serde_json::Value::Null,
            "p",
        );
        old.attributes = serde_json::json!({"id": "old"});
        let i = st.begin("t_x.a", Action::Create, Some(&old)).unwrap();
        st.complete(i, Outcome::Stored(old.clone())).unwrap();

        let key = st.depose("t_x.a").unwrap().unwrap();
        let mut new = old.clone();
        new.attributes = serde_json::json!({"id": "new"});
        let i = st.begin("t_x.a", Action::Create, Some(&new)).unwrap();
        st.complete(i, Outcome::Stored(new)).unwrap();

        // A fresh handle, as after a crash, still sees the old object.
        drop(st);
        let mut st = SqliteState::open(&path, "default").unwrap();
        let deposed = st.deposed().unwrap();
        assert_eq!(deposed.len(), 1);
        assert_eq!(deposed[0].key, key);
        assert_eq!(deposed[0].record.attributes["id"], "old");
        assert_eq!(
            st.resource("t_x.a").unwrap().unwrap().attributes["id"],
            "new"
        );

        st.remove_deposed("t_x.a", &key).unwrap();
        assert!(st.deposed().unwrap().is_empty());
        assert_eq!(st.depose("t_x.none").unwrap(), None);
    }
}
