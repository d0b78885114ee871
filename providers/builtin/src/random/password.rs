//! `random_password`: a `random_string` whose result is sensitive, with a
//! bcrypt hash of it, and whose `id` is always `"none"`.

use async_trait::async_trait;
use terrace_provider_sdk::{Attribute, Block, Diagnostic, Diagnostics, Schema, Type, Value};

use super::string::{generate, imported, plan_strings, string_attributes, validate_strings};
use crate::attrs::with_all;
use crate::provider::{Plan, Resource};

pub(crate) struct RandomPassword;

/// Go's bcrypt default cost, which Terraform's provider uses.
const BCRYPT_COST: u32 = 10;

fn block() -> Block {
    let mut attrs = string_attributes(true);
    attrs.push((
        "bcrypt_hash",
        Attribute::computed(Type::String)
            .sensitive()
            .describe("A bcrypt hash of the generated random string."),
    ));
    attrs.push((
        "id",
        Attribute::computed(Type::String).describe("A static value used internally by Terraform."),
    ));
    Block::with_attributes(attrs)
}

/// A bcrypt hash in Go's `$2a$` form. Bcrypt reads at most 72 bytes, so a
/// longer password is hashed by its first 72.
fn bcrypt_hash(password: &str) -> Result<String, Diagnostics> {
    let bytes = password.as_bytes();
    let cut = &bytes[..bytes.len().min(72)];
    bcrypt::hash_with_result(cut, BCRYPT_COST)
        .map(|parts| parts.format_for_version(bcrypt::Version::TwoA))
        .map_err(|e| Diagnostic::error("Cannot hash the password", e.to_string()).into())
}

#[async_trait]
impl Resource for RandomPassword {
    fn type_name(&self) -> &'static str {
        "random_password"
    }

    fn schema(&self) -> Schema {
        Schema {
            version: 3,
            block: block(),
        }
    }

    fn validate(&self, config: &Value) -> Diagnostics {
        validate_strings(config)
    }

    fn plan(&self, prior: Option<&Value>, config: &Value) -> Result<Plan, Diagnostics> {
        Ok(plan_strings(&block(), prior, config))
    }

    async fn create(&self, planned: &Value) -> Result<Value, Diagnostics> {
        let result = generate(planned)?;
        let hash = bcrypt_hash(&result)?;
        Ok(with_all(
            planned,
            [
                ("result", Value::string(result)),
                ("bcrypt_hash", Value::string(hash)),
                ("id", Value::string("none")),
            ],
        ))
    }

    fn import(&self, id: &str) -> Result<Value, Diagnostics> {
        let state = imported(&block(), Value::string("none"), id);
        Ok(with_all(
            &state,
            [("bcrypt_hash", Value::string(bcrypt_hash(id)?))],
        ))
    }
}
