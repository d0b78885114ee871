//! Typed resources (`kubernetes_deployment_v1`, ...): one generic lifecycle
//! over per-type field tables, converting between Terraform's nested
//! blocks and the Kubernetes object.

pub(crate) mod convert;
pub(crate) mod kinds;
pub(crate) mod pod;
pub(crate) mod resource;
pub(crate) mod spec;
