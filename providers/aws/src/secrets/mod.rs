//! AWS Secrets Manager: secrets and their versions.

pub(crate) mod secret;
pub(crate) mod version;
