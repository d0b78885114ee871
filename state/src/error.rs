//! The ways reading or writing state can fail.

/// A state operation that failed.
#[derive(Debug, thiserror::Error)]
pub enum StateError {
    /// The database could not be opened, read or written.
    #[error("state database {path}: {source}")]
    Database {
        /// The database file.
        path: String,
        /// What SQLite said.
        #[source]
        source: rusqlite::Error,
    },
    /// A stored value could not be decoded.
    #[error("state entry {what} is corrupt: {detail}")]
    Corrupt {
        /// Which entry.
        what: String,
        /// What was wrong.
        detail: String,
    },
}
