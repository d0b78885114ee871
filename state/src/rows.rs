//! How a resource instance maps to a row of the `resources` table and
//! back: JSON columns for values, plain columns for what queries filter on.

use rusqlite::{params, Connection, Row};

use crate::sqlite::db_error;
use crate::{Action, InstanceStatus, ResourceInstance, ResourceMode, StateError};

/// The columns `raw_row` expects, in order.
pub(crate) const INSTANCE_COLUMNS: &str =
    "address, module, mode, type, name, index_key, provider, \
     schema_version, attributes, sensitive_paths, identity_schema_version, identity, private, \
     dependencies, create_before_destroy, status, pending_action, pending_since";

/// A row as SQLite returns it, before its JSON is decoded.
pub(crate) struct RawRow {
    address: String,
    module: String,
    mode: String,
    type_name: String,
    name: String,
    index_key: String,
    provider: String,
    schema_version: u64,
    attributes: String,
    sensitive_paths: String,
    identity_schema_version: u64,
    identity: String,
    private: Vec<u8>,
    dependencies: String,
    create_before_destroy: bool,
    status: String,
    pending_action: Option<String>,
    pending_since: Option<String>,
}

/// Reads one row selected with `INSTANCE_COLUMNS`.
fn raw_row(r: &Row<'_>) -> rusqlite::Result<RawRow> {
    Ok(RawRow {
        address: r.get(0)?,
        module: r.get(1)?,
        mode: r.get(2)?,
        type_name: r.get(3)?,
        name: r.get(4)?,
        index_key: r.get(5)?,
        provider: r.get(6)?,
        schema_version: r.get(7)?,
        attributes: r.get(8)?,
        sensitive_paths: r.get(9)?,
        identity_schema_version: r.get(10)?,
        identity: r.get(11)?,
        private: r.get(12)?,
        dependencies: r.get(13)?,
        create_before_destroy: r.get(14)?,
        status: r.get(15)?,
        pending_action: r.get(16)?,
        pending_since: r.get(17)?,
    })
}

/// Decodes a row's JSON columns.
fn decode(raw: RawRow) -> Result<ResourceInstance, StateError> {
    let address = raw.address;
    let corrupt = |detail: String| StateError::Corrupt {
        what: format!("resource {address}"),
        detail,
    };
    let json = |text: &str| -> Result<serde_json::Value, StateError> {
        serde_json::from_str(text).map_err(|e| corrupt(e.to_string()))
    };
    let mode =
        ResourceMode::parse(&raw.mode).ok_or_else(|| corrupt(format!("mode {:?}", raw.mode)))?;
    let status = match raw.status.as_str() {
        "ready" => InstanceStatus::Ready,
        "tainted" => InstanceStatus::Tainted,
        "pending" => InstanceStatus::Pending {
            action: raw
                .pending_action
                .as_deref()
                .and_then(Action::parse)
                .ok_or_else(|| corrupt(format!("pending action {:?}", raw.pending_action)))?,
            since: raw.pending_since.unwrap_or_default(),
        },
        other => return Err(corrupt(format!("status {other:?}"))),
    };
    let dependencies = serde_json::from_str(&raw.dependencies)
        .map_err(|e| corrupt(format!("dependencies: {e}")))?;
    Ok(ResourceInstance {
        module: raw.module,
        mode,
        type_name: raw.type_name,
        name: raw.name,
        index_key: json(&raw.index_key)?,
        provider: raw.provider,
        schema_version: raw.schema_version,
        attributes: json(&raw.attributes)?,
        sensitive_paths: json(&raw.sensitive_paths)?,
        identity_schema_version: raw.identity_schema_version,
        identity: json(&raw.identity)?,
        private: raw.private,
        dependencies,
        create_before_destroy: raw.create_before_destroy,
        status,
        address,
    })
}

/// Runs a query selecting `INSTANCE_COLUMNS` with the workspace as `?1`.
pub(crate) fn read_instances(
    conn: &Connection,
    path: &str,
    sql: &str,
    workspace: &str,
) -> Result<Vec<ResourceInstance>, StateError> {
    let db = db_error(path);
    let mut stmt = conn.prepare_cached(sql).map_err(&db)?;
    let rows = stmt.query_map(params![workspace], raw_row).map_err(&db)?;
    let mut out = Vec::new();
    for row in rows {
        out.push(decode(row.map_err(&db)?)?);
    }
    Ok(out)
}

/// The row of one instance, if there is one.
pub(crate) fn read_one(
    conn: &Connection,
    path: &str,
    workspace: &str,
    address: &str,
) -> Result<Option<ResourceInstance>, StateError> {
    let db = db_error(path);
    let mut stmt = conn
        .prepare_cached(&format!(
            "SELECT {INSTANCE_COLUMNS} FROM resources WHERE workspace = ?1 AND address = ?2"
        ))
        .map_err(&db)?;
    let mut rows = stmt
        .query_map(params![workspace, address], raw_row)
        .map_err(&db)?;
    match rows.next() {
        Some(row) => decode(row.map_err(&db)?).map(Some),
        None => Ok(None),
    }
}

/// Inserts or overwrites one instance's row.
pub(crate) fn write_instance(
    conn: &Connection,
    workspace: &str,
    r: &ResourceInstance,
) -> rusqlite::Result<()> {
    let (status, action, since) = match &r.status {
        InstanceStatus::Ready => ("ready", None, None),
        InstanceStatus::Tainted => ("tainted", None, None),
        InstanceStatus::Pending { action, since } => {
            ("pending", Some(action.as_str()), Some(since.as_str()))
        }
    };
    let dependencies = serde_json::Value::from(r.dependencies.clone()).to_string();
    conn.prepare_cached(
        "INSERT OR REPLACE INTO resources (workspace, address, module, mode, type, name, index_key, \
         provider, schema_version, attributes, sensitive_paths, identity_schema_version, identity, \
         private, dependencies, create_before_destroy, status, pending_action, pending_since) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19)",
    )?
    .execute(params![
        workspace,
        r.address,
        r.module,
        r.mode.as_str(),
        r.type_name,
        r.name,
        r.index_key.to_string(),
        r.provider,
        r.schema_version,
        r.attributes.to_string(),
        r.sensitive_paths.to_string(),
        r.identity_schema_version,
        r.identity.to_string(),
        r.private,
        dependencies,
        r.create_before_destroy,
        status,
        action,
        since,
    ])?;
    Ok(())
}

/// Deletes one instance's row; whether it existed.
pub(crate) fn delete_instance(
    conn: &Connection,
    workspace: &str,
    address: &str,
) -> rusqlite::Result<bool> {
    let n = conn
        .prepare_cached("DELETE FROM resources WHERE workspace = ?1 AND address = ?2")?
        .execute(params![workspace, address])?;
    Ok(n > 0)
}
