//! The kubernetes provider, on the kube crate: `kubernetes_manifest` for any
//! object (server-side apply as field manager `terrace`), typed resources
//! and data sources named as the Terraform kubernetes provider names them,
//! one instance per cluster, and refresh by one LIST per kind and
//! namespace. Drift is limited to the fields the configuration sets.

mod cluster;
mod connection;
mod data;
mod errors;
mod json;
mod manifest;
mod provider;
mod quantity;
mod typed;
mod values;
mod wait;

pub use provider::{Factory, Kubernetes};

/// The provider's factory, for the engine's registry.
pub fn factory() -> Factory {
    Factory
}
