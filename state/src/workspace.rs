//! Workspaces: several independent states (each with its own lineage and
//! serial) in one database, and which one a working directory has selected,
//! kept in `.terrace/environment` as Terraform keeps it in
//! `.terraform/environment`.

use std::path::{Path, PathBuf};

use rusqlite::{params, OptionalExtension};

use crate::sqlite::db_error;
use crate::{SqliteState, StateError};

/// The workspace every database has.
pub const DEFAULT_WORKSPACE: &str = "default";

/// Where a working directory records its selected workspace.
pub const ENVIRONMENT_FILE: &str = ".terrace/environment";

/// Refuses names that cannot be used as a workspace (they also name
/// directories and keys in remote backends).
pub fn validate_workspace_name(name: &str) -> Result<(), StateError> {
    let bad = |reason: &str| StateError::InvalidWorkspaceName {
        name: name.to_string(),
        reason: reason.to_string(),
    };
    if name.is_empty() {
        return Err(bad("it is empty"));
    }
    if name.trim() != name {
        return Err(bad("it starts or ends with whitespace"));
    }
    if name
        .chars()
        .any(|c| c == '/' || c == '\\' || c.is_control())
    {
        return Err(bad("it contains a slash, backslash or control character"));
    }
    if name == "." || name == ".." {
        return Err(bad("it is a relative path"));
    }
    Ok(())
}

/// The workspace selected in `dir` (`default` when none was selected).
pub fn selected_workspace(dir: &Path) -> Result<String, StateError> {
    let path = dir.join(ENVIRONMENT_FILE);
    match std::fs::read_to_string(&path) {
        Ok(text) if !text.trim().is_empty() => Ok(text.trim().to_string()),
        Ok(_) => Ok(DEFAULT_WORKSPACE.to_string()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(DEFAULT_WORKSPACE.to_string()),
        Err(source) => Err(io_error(&path, source)),
    }
}

/// Records `name` as the workspace selected in `dir`.
pub fn select_workspace(dir: &Path, name: &str) -> Result<(), StateError> {
    validate_workspace_name(name)?;
    let path = dir.join(ENVIRONMENT_FILE);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| io_error(parent, e))?;
    }
    std::fs::write(&path, name).map_err(|e| io_error(&path, e))
}

fn io_error(path: &Path, source: std::io::Error) -> StateError {
    StateError::Io {
        path: PathBuf::from(path).display().to_string(),
        source,
    }
}

impl SqliteState {
    /// Every workspace, `default` first, then by name.
    pub fn list_workspaces(&self) -> Result<Vec<String>, StateError> {
        let db = db_error(&self.path);
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT name FROM workspaces UNION SELECT DISTINCT workspace FROM resources \
                 ORDER BY 1",
            )
            .map_err(&db)?;
        let names = stmt
            .query_map([], |r| r.get::<_, String>(0))
            .map_err(&db)?
            .collect::<Result<Vec<_>, _>>()
            .map_err(&db)?;
        let mut out = vec![DEFAULT_WORKSPACE.to_string()];
        out.extend(names.into_iter().filter(|n| n != DEFAULT_WORKSPACE));
        Ok(out)
    }

    /// Whether the workspace exists (`default` always does).
    pub fn workspace_exists(&self, name: &str) -> Result<bool, StateError> {
        Ok(self.list_workspaces()?.iter().any(|n| n == name))
    }

    /// Creates an empty workspace with a fresh lineage.
    pub fn create_workspace(&mut self, name: &str) -> Result<(), StateError> {
        validate_workspace_name(name)?;
        if self.workspace_exists(name)? {
            return Err(StateError::WorkspaceExists {
                name: name.to_string(),
            });
        }
        self.conn
            .execute(
                "INSERT INTO workspaces (name, lineage, serial) VALUES (?1, ?2, 0)",
                params![name, uuid::Uuid::new_v4().to_string()],
            )
            .map_err(db_error(&self.path))?;
        Ok(())
    }

    /// Deletes a workspace and everything it holds. Refuses `default`, and
    /// a workspace that still tracks resources unless `force`.
    pub fn delete_workspace(&mut self, name: &str, force: bool) -> Result<(), StateError> {
        if name == DEFAULT_WORKSPACE {
            return Err(StateError::DeleteDefault);
        }
        if !self.workspace_exists(name)? {
            return Err(StateError::WorkspaceNotFound {
                name: name.to_string(),
            });
        }
        let db = db_error(&self.path);
        let tx = self.conn.transaction().map_err(&db)?;
        let count: usize = tx
            .query_row(
                "SELECT count(*) FROM resources WHERE workspace = ?1",
                params![name],
                |r| r.get(0),
            )
            .optional()
            .map_err(&db)?
            .unwrap_or(0);
        if count > 0 && !force {
            return Err(StateError::WorkspaceNotEmpty {
                name: name.to_string(),
                count,
            });
        }
        for table in ["resources", "deposed", "intents", "outputs", "history"] {
            tx.execute(
                &format!("DELETE FROM {table} WHERE workspace = ?1"),
                params![name],
            )
            .map_err(&db)?;
        }
        tx.execute("DELETE FROM workspaces WHERE name = ?1", params![name])
            .map_err(&db)?;
        tx.commit().map_err(&db)
    }
}
