//! One resource instance as the state records it: the last known object a
//! provider returned, with what it takes to manage it again (provider,
//! schema version, private data, dependencies) and whether a provider call
//! on it is in flight.

use serde::{Deserialize, Serialize};

use crate::address::instance_address;
use crate::StateError;

/// Managed resource or data source.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ResourceMode {
    /// A `resource` block.
    Managed,
    /// A `data` block.
    Data,
}

impl ResourceMode {
    /// `managed` or `data`, as Terraform's state writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            ResourceMode::Managed => "managed",
            ResourceMode::Data => "data",
        }
    }

    /// Reads `managed` or `data`.
    pub fn parse(text: &str) -> Option<ResourceMode> {
        match text {
            "managed" => Some(ResourceMode::Managed),
            "data" => Some(ResourceMode::Data),
            _ => None,
        }
    }
}

/// The provider call an intent announces.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Action {
    /// A new object.
    Create,
    /// An in-place change.
    Update,
    /// Delete and create (in either order).
    Replace,
    /// Removal.
    Delete,
}

impl Action {
    /// The word the state stores and `state list` shows.
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Create => "create",
            Action::Update => "update",
            Action::Replace => "replace",
            Action::Delete => "delete",
        }
    }

    /// Reads the stored word.
    pub fn parse(text: &str) -> Option<Action> {
        match text {
            "create" => Some(Action::Create),
            "update" => Some(Action::Update),
            "replace" => Some(Action::Replace),
            "delete" => Some(Action::Delete),
            _ => None,
        }
    }
}

/// Whether the recorded object can be trusted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "lowercase")]
pub enum InstanceStatus {
    /// The object is as recorded.
    Ready,
    /// The object exists but a create or replace failed part way; the next
    /// apply replaces it.
    Tainted,
    /// A provider call was begun and never completed (the process died):
    /// the object may or may not exist, and may differ from the record.
    Pending {
        /// The call that was in flight.
        action: Action,
        /// When it began (RFC 3339, UTC).
        since: String,
    },
}

/// One resource instance in the state.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ResourceInstance {
    /// The full instance address, `module.a["x"].aws_s3_bucket.b[0]`.
    pub address: String,
    /// The module instance address, `""` for the root module.
    pub module: String,
    /// Managed resource or data source.
    pub mode: ResourceMode,
    /// The resource type, `aws_s3_bucket`.
    pub type_name: String,
    /// The resource name, `b`.
    pub name: String,
    /// `null`, a whole number under `count`, a string under `for_each`.
    pub index_key: serde_json::Value,
    /// The provider configuration address,
    /// `provider["registry.terraform.io/hashicorp/aws"].west`.
    pub provider: String,
    /// The resource type schema version the attributes were written with.
    pub schema_version: u64,
    /// The object, in Terraform's JSON encoding.
    pub attributes: serde_json::Value,
    /// Sensitive attribute paths, in the shape of Terraform's
    /// `sensitive_attributes`.
    pub sensitive_paths: serde_json::Value,
    /// The resource identity schema version (Terraform 1.12 and later).
    pub identity_schema_version: u64,
    /// The resource identity object, `null` when the provider has none.
    pub identity: serde_json::Value,
    /// Opaque provider data, handed back on every call.
    pub private: Vec<u8>,
    /// Addresses of the resources this one depended on when last applied.
    pub dependencies: Vec<String>,
    /// Whether replacement creates the new object first.
    pub create_before_destroy: bool,
    /// Whether the record can be trusted.
    pub status: InstanceStatus,
}

impl ResourceInstance {
    /// A ready instance with empty attributes, its address built from the
    /// parts.
    pub fn new(
        module: &str,
        mode: ResourceMode,
        type_name: &str,
        name: &str,
        index_key: serde_json::Value,
        provider: &str,
    ) -> ResourceInstance {
        ResourceInstance {
            address: instance_address(module, mode, type_name, name, &index_key),
            module: module.to_string(),
            mode,
            type_name: type_name.to_string(),
            name: name.to_string(),
            index_key,
            provider: provider.to_string(),
            schema_version: 0,
            attributes: serde_json::Value::Object(serde_json::Map::new()),
            sensitive_paths: serde_json::Value::Array(Vec::new()),
            identity_schema_version: 0,
            identity: serde_json::Value::Null,
            private: Vec::new(),
            dependencies: Vec::new(),
            create_before_destroy: false,
            status: InstanceStatus::Ready,
        }
    }

    /// Checks that the address matches its parts, so moves and exports
    /// never disagree with lookups.
    pub(crate) fn check(&self) -> Result<(), StateError> {
        let bad = |reason: String| StateError::InvalidRecord {
            address: self.address.clone(),
            reason,
        };
        if !matches!(
            self.index_key,
            serde_json::Value::Null | serde_json::Value::String(_)
        ) && self.index_key.as_i64().is_none()
        {
            return Err(bad(format!(
                "index key {} is neither a whole number nor a string",
                self.index_key
            )));
        }
        let built = instance_address(
            &self.module,
            self.mode,
            &self.type_name,
            &self.name,
            &self.index_key,
        );
        if built != self.address {
            return Err(bad(format!("its parts spell {built}")));
        }
        Ok(())
    }
}
