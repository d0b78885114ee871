//! `random_id`: random bytes shown as URL-safe and standard base64, hex and
//! decimal, each with an optional prefix. Imported as `B64URL` or
//! `PREFIX,B64URL`.

use async_trait::async_trait;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine;
use num_bigint::BigUint;
use rand::RngCore;
use terrace_provider_sdk::{Attribute, Block, Diagnostic, Diagnostics, Schema, Type, Value};

use super::{keepers, same};
use crate::attrs::{self, number, object, with_all};
use crate::plan;
use crate::provider::{Plan, Resource};

pub(crate) struct RandomId;

fn block() -> Block {
    let computed = |text: &str| Attribute::computed(Type::String).describe(text);
    Block::with_attributes([
        keepers(),
        (
            "byte_length",
            Attribute::required(Type::Number)
                .force_new()
                .describe("The number of random bytes to produce, at least 1."),
        ),
        (
            "prefix",
            Attribute::optional(Type::String)
                .force_new()
                .describe("A string put as-is before each form of the value."),
        ),
        (
            "b64_url",
            computed("The value in URL-safe base64 without padding, prefixed."),
        ),
        (
            "b64_std",
            computed("The value in standard base64, prefixed."),
        ),
        (
            "hex",
            computed("The value in lowercase hexadecimal, two digits a byte, prefixed."),
        ),
        ("dec", computed("The value as a decimal number, prefixed.")),
        (
            "id",
            computed("The value in URL-safe base64 without padding or prefix."),
        ),
    ])
}

/// Every form of `bytes`, each after `prefix`.
fn forms(bytes: &[u8], prefix: &str) -> Vec<(&'static str, Value)> {
    let url = URL_SAFE_NO_PAD.encode(bytes);
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    let dec = BigUint::from_bytes_be(bytes).to_string();
    vec![
        ("id", Value::string(url.clone())),
        ("b64_url", Value::string(format!("{prefix}{url}"))),
        (
            "b64_std",
            Value::string(format!("{prefix}{}", STANDARD.encode(bytes))),
        ),
        ("hex", Value::string(format!("{prefix}{hex}"))),
        ("dec", Value::string(format!("{prefix}{dec}"))),
    ]
}

#[async_trait]
impl Resource for RandomId {
    fn type_name(&self) -> &'static str {
        "random_id"
    }

    fn schema(&self) -> Schema {
        Schema {
            version: 0,
            block: block(),
        }
    }

    fn validate(&self, config: &Value) -> Diagnostics {
        match attrs::int(config, "byte_length") {
            Ok(Some(n)) if n < 1 => Diagnostic::error(
                "Invalid value for \"byte_length\"",
                format!("The attribute \"byte_length\" must be at least 1, got {n}."),
            )
            .into(),
            Err(d) if attrs::attr(config, "byte_length").is_known() => d,
            _ => Diagnostics::new(),
        }
    }

    fn plan(&self, prior: Option<&Value>, config: &Value) -> Result<Plan, Diagnostics> {
        Ok(plan::standard(&block(), &[], prior, config, same))
    }

    async fn create(&self, planned: &Value) -> Result<Value, Diagnostics> {
        let length = attrs::int(planned, "byte_length")?.unwrap_or(0);
        let length = usize::try_from(length).map_err(|_| {
            Diagnostics::from(Diagnostic::error(
                "Invalid value for \"byte_length\"",
                format!("The attribute \"byte_length\" must be at least 1, got {length}."),
            ))
        })?;
        let mut bytes = vec![0u8; length];
        rand::rng().fill_bytes(&mut bytes);
        let prefix = attrs::string(planned, "prefix")?.unwrap_or_default();
        Ok(with_all(planned, forms(&bytes, &prefix)))
    }

    fn import(&self, id: &str) -> Result<Value, Diagnostics> {
        let (prefix, encoded) = match id.rfind(',') {
            Some(i) => (&id[..i], &id[i + 1..]),
            None => ("", id),
        };
        let bytes = URL_SAFE_NO_PAD.decode(encoded).map_err(|e| {
            Diagnostics::from(Diagnostic::error(
                "Cannot import random_id",
                format!(
                    "The import ID must be the value's URL-safe base64 (b64_url without prefix), \
                     optionally after \"PREFIX,\"; {encoded:?} does not decode: {e}."
                ),
            ))
        })?;
        let mut set = forms(&bytes, prefix);
        set.push(("byte_length", number(bytes.len() as i64)));
        set.push(("keepers", Value::Null(Type::map(Type::String))));
        if !prefix.is_empty() {
            set.push(("prefix", Value::string(prefix)));
        }
        Ok(object(&block(), set))
    }
}
