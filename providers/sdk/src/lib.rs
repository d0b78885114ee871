//! The provider contract, mirroring Terraform's resource lifecycle: schema,
//! configure, validate, plan, apply, read, import, and data source reads. One
//! call per step, `XRequest → XResponse`, with diagnostics inside responses.
//! Providers see plain values: the engine strips sensitive marks before a
//! call and puts them back after.

pub mod framework;
mod provider;
mod requests;
mod schema;
mod schema_json;
#[cfg(feature = "testing")]
pub mod testing;

pub use provider::{Provider, ProviderFactory};
pub use requests::*;
pub use schema::{Attribute, Block, NestedBlock, Nesting, ProviderSchema, Schema};
pub use schema_json::provider_schema_json;
pub use terrace_value::{Diagnostic, Diagnostics, Path, PathStep, Type, Value};
