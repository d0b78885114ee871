//! Data source results kept in the state, as Terraform keeps them: written
//! when an apply reads them, dropped when the configuration no longer has
//! them. Reading has no effect on the world, so nothing is journaled.

use rusqlite::params;

use crate::rows::write_instance;
use crate::sqlite::{bump_serial, db_error, record_history};
use crate::{parse_address, ResourceInstance, ResourceMode, SqliteState, StateError};

impl SqliteState {
    /// Stores what a data source read. Returns the serial after it.
    pub fn store_data(&mut self, r: &ResourceInstance) -> Result<u64, StateError> {
        if r.mode != ResourceMode::Data {
            return Err(StateError::InvalidRecord {
                address: r.address.clone(),
                reason: "only data source results are stored without a journal entry".into(),
            });
        }
        // The same result again changes nothing, and so bumps no serial:
        // a plan saved before this run stays current.
        if self.resource(&r.address)?.as_ref() == Some(r) {
            return self.snapshot_serial();
        }
        let db = db_error(&self.path);
        let ws = &self.workspace;
        let tx = self.conn.transaction().map_err(&db)?;
        write_instance(&tx, ws, r).map_err(&db)?;
        let serial = bump_serial(&tx, ws).map_err(&db)?;
        record_history(&tx, ws, serial, &format!("read {}", r.address)).map_err(&db)?;
        tx.commit().map_err(&db)?;
        Ok(serial)
    }

    /// Forgets a data source's stored result; nothing when there is none.
    pub fn drop_data(&mut self, address: &str) -> Result<(), StateError> {
        if parse_address(address)?.mode != ResourceMode::Data {
            return Err(StateError::InvalidRecord {
                address: address.to_string(),
                reason: "only data source results are forgotten this way".into(),
            });
        }
        let db = db_error(&self.path);
        let ws = &self.workspace;
        let tx = self.conn.transaction().map_err(&db)?;
        let gone = tx
            .prepare_cached("DELETE FROM resources WHERE workspace = ?1 AND address = ?2")
            .map_err(&db)?
            .execute(params![ws, address])
            .map_err(&db)?;
        if gone > 0 {
            let serial = bump_serial(&tx, ws).map_err(&db)?;
            record_history(&tx, ws, serial, &format!("forget {address}")).map_err(&db)?;
        }
        tx.commit().map_err(&db)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_results_are_stored_and_forgotten() {
        let dir = tempfile::tempdir().unwrap();
        let mut st = SqliteState::open(&dir.path().join("s.db"), "default").unwrap();
        let mut r = ResourceInstance::new(
            "",
            ResourceMode::Data,
            "local_file",
            "f",
            serde_json::Value::Null,
            "provider[\"registry.terraform.io/hashicorp/local\"]",
        );
        r.attributes = serde_json::json!({"content": "hi"});
        let serial = st.store_data(&r).unwrap();
        assert_eq!(
            st.store_data(&r).unwrap(),
            serial,
            "nothing new, no new serial"
        );
        let snap = st.snapshot().unwrap();
        assert_eq!(
            snap.resources["data.local_file.f"].attributes["content"],
            "hi"
        );
        st.drop_data("data.local_file.f").unwrap();
        assert!(st.snapshot().unwrap().resources.is_empty());

        let managed = ResourceInstance::new(
            "",
            ResourceMode::Managed,
            "local_file",
            "f",
            serde_json::Value::Null,
            "provider[\"registry.terraform.io/hashicorp/local\"]",
        );
        assert!(st.store_data(&managed).is_err());
    }
}
