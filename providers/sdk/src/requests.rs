//! Requests and responses of each lifecycle step. Values are objects of the
//! schema's type; unknown values appear only in plans.

use std::collections::BTreeMap;

use terrace_value::{Diagnostics, Path, Value};

/// Configure the provider instance before any other call.
#[derive(Debug, Clone)]
pub struct ConfigureRequest {
    /// The `provider` block's value (unknown parts possible during plan).
    pub config: Value,
}

/// The outcome of configuring.
#[derive(Debug, Clone, Default)]
pub struct ConfigureResponse {
    /// Problems found.
    pub diagnostics: Diagnostics,
}

/// Check one resource's or data source's configuration.
#[derive(Debug, Clone)]
pub struct ValidateRequest {
    /// The resource type or data source name.
    pub type_name: String,
    /// The configuration value (may contain unknowns).
    pub config: Value,
}

/// Plan a change to one managed resource instance.
#[derive(Debug, Clone)]
pub struct PlanRequest {
    /// The resource type.
    pub type_name: String,
    /// The state before, or `None` when creating.
    pub prior_state: Option<Value>,
    /// The configuration (may contain unknowns), or `None` when destroying.
    pub config: Option<Value>,
    /// Provider-private data stored with the prior state.
    pub prior_private: Vec<u8>,
}

/// The planned state and what forces replacement.
#[derive(Debug, Clone, Default)]
pub struct PlanResponse {
    /// The state after apply, with unknowns for values known only then;
    /// `None` when destroying.
    pub planned_state: Option<Value>,
    /// Attribute paths whose change forces replacement.
    pub requires_replace: Vec<Path>,
    /// Data to hand back to apply.
    pub planned_private: Vec<u8>,
    /// Problems found.
    pub diagnostics: Diagnostics,
}

/// Carry out a planned change.
#[derive(Debug, Clone)]
pub struct ApplyRequest {
    /// The resource type.
    pub type_name: String,
    /// The state before, or `None` when creating.
    pub prior_state: Option<Value>,
    /// The planned state, or `None` when destroying.
    pub planned_state: Option<Value>,
    /// The configuration, or `None` when destroying.
    pub config: Option<Value>,
    /// What plan returned as private data.
    pub planned_private: Vec<u8>,
}

/// The state after a change.
#[derive(Debug, Clone, Default)]
pub struct ApplyResponse {
    /// The new state (wholly known), or `None` when the object is gone.
    pub new_state: Option<Value>,
    /// Data to store with the state.
    pub private: Vec<u8>,
    /// Problems found; with errors, `new_state` says what exists anyway.
    pub diagnostics: Diagnostics,
}

/// Refresh one managed resource instance from the real world.
#[derive(Debug, Clone)]
pub struct ReadRequest {
    /// The resource type.
    pub type_name: String,
    /// The state as last stored.
    pub current_state: Value,
    /// Provider-private data stored with it.
    pub private: Vec<u8>,
}

/// The object as it is now.
#[derive(Debug, Clone, Default)]
pub struct ReadResponse {
    /// The state as it is, or `None` when the object no longer exists.
    pub new_state: Option<Value>,
    /// Private data to store.
    pub private: Vec<u8>,
    /// Problems found.
    pub diagnostics: Diagnostics,
}

/// Refresh many instances of one type at once (list-based refresh).
#[derive(Debug, Clone)]
pub struct ReadManyRequest {
    /// The resource type.
    pub type_name: String,
    /// Instances keyed by an engine-chosen key, with their stored states.
    pub current_states: BTreeMap<String, Value>,
}

/// The objects as they are now, under the request's keys.
#[derive(Debug, Clone, Default)]
pub struct ReadManyResponse {
    /// New states; a key that is missing or `None` is gone.
    pub new_states: BTreeMap<String, Option<Value>>,
    /// Problems found.
    pub diagnostics: Diagnostics,
}

/// Adopt an existing object by its provider-specific ID.
#[derive(Debug, Clone)]
pub struct ImportRequest {
    /// The resource type.
    pub type_name: String,
    /// The ID, in the format the Terraform provider uses.
    pub id: String,
}

/// What was found for an import.
#[derive(Debug, Clone, Default)]
pub struct ImportResponse {
    /// The state of the object (to be refreshed with a read).
    pub state: Option<Value>,
    /// Problems found.
    pub diagnostics: Diagnostics,
}

/// Read a data source.
#[derive(Debug, Clone)]
pub struct ReadDataRequest {
    /// The data source name.
    pub type_name: String,
    /// Its configuration (wholly known).
    pub config: Value,
}

/// A data source's result.
#[derive(Debug, Clone, Default)]
pub struct ReadDataResponse {
    /// The data source's full value.
    pub state: Option<Value>,
    /// Problems found.
    pub diagnostics: Diagnostics,
}
