//! The state store: what Terrace last knew of the world, per workspace, with a
//! serial and a lineage. SQLite is the embedded default. This crate knows
//! nothing about HCL; values arrive as JSON in Terraform's encoding.
//!
//! Invariants the engine relies on:
//! - One row per resource instance; a change rewrites only its own rows, so
//!   applying N changes costs O(N) writes, not O(N²).
//! - Every provider call that changes an object is journaled before it
//!   starts ([`SqliteState::begin`]) and its result written after
//!   ([`SqliteState::complete`]); after a `kill -9` at any moment the state
//!   names every object that may exist, the uncertain ones marked pending.
//! - Locks are OS file locks ([`StateLock`]), shared for reading and
//!   exclusive for writing; the kernel releases them when a process dies.

mod address;
mod data;
mod deposed;
mod edit;
mod error;
mod history;
mod journal;
mod lock;
mod resource;
mod rows;
mod sqlite;
mod terraform_v4;
mod workspace;

pub use address::{instance_address, parse_address, resource_address, AddressParts};
pub use deposed::DeposedObject;
pub use error::StateError;
pub use history::HistoryEntry;
pub use journal::{IntentId, Outcome, PendingIntent};
pub use lock::{force_unlock, lock_holders, ForceUnlockReport, LockInfo, LockKind, StateLock};
pub use resource::{Action, InstanceStatus, ResourceInstance, ResourceMode};
pub use sqlite::SqliteState;
pub use terraform_v4::{from_terraform_v4, parse_terraform_v4, to_terraform_v4};
pub use workspace::{
    select_workspace, selected_workspace, validate_workspace_name, DEFAULT_WORKSPACE,
    ENVIRONMENT_FILE,
};

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// The default file name of the embedded state, in the working directory.
pub const DEFAULT_STATE_FILE: &str = "terrace.tfstate.db";

/// The Terraform release whose state format `state pull` writes.
pub const TERRAFORM_VERSION: &str = "1.15.5";

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
    /// Resource instances, by address.
    pub resources: BTreeMap<String, ResourceInstance>,
    /// The last run's check results, as Terraform's state records them.
    pub check_results: Option<serde_json::Value>,
    /// Old objects of `create_before_destroy` replacements not yet destroyed.
    pub deposed: Vec<DeposedObject>,
}
