//! The state store: what Terrace last knew of the world, per workspace, with a
//! serial and a lineage. SQLite is the embedded default. This crate knows
//! nothing about HCL; values arrive as JSON in Terraform's encoding.

mod error;
mod sqlite;

pub use error::StateError;
pub use sqlite::SqliteState;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// The default file name of the embedded state, in the working directory.
pub const DEFAULT_STATE_FILE: &str = "terrace.tfstate.db";

/// A root module output as stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredOutput {
    /// The value, in cty's JSON encoding.
    pub value: serde_json::Value,
    /// The type, in cty's JSON type encoding.
    #[serde(rename = "type")]
    pub ty: serde_json::Value,
    /// Whether the output is sensitive.
    pub sensitive: bool,
}

/// Everything the state holds for one workspace at one serial.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Snapshot {
    /// Identifies this state's history across copies and migrations.
    pub lineage: String,
    /// Increases with every change.
    pub serial: u64,
    /// Root module outputs, by name.
    pub outputs: BTreeMap<String, StoredOutput>,
}
