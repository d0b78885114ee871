//! `random_pet`: a random name such as `merry-otter`, made of `length`
//! words joined by `separator` after an optional `prefix`. Like Terraform's,
//! it cannot be imported.

use async_trait::async_trait;
use rand::seq::IndexedRandom;
use terrace_provider_sdk::{Attribute, Block, Diagnostic, Diagnostics, Schema, Type, Value};

use super::pet_words::{ADJECTIVES, ADVERBS, NAMES};
use super::{keepers, same};
use crate::attrs::{self, number, with};
use crate::plan;
use crate::provider::{Plan, Resource};

pub(crate) struct RandomPet;

fn block() -> Block {
    Block::with_attributes([
        keepers(),
        (
            "length",
            Attribute::optional_computed(Type::Number)
                .force_new()
                .describe("The length (in words) of the pet name. Defaults to 2."),
        ),
        (
            "prefix",
            Attribute::optional(Type::String)
                .force_new()
                .describe("A string to prefix the name with."),
        ),
        (
            "separator",
            Attribute::optional_computed(Type::String)
                .force_new()
                .describe("The character to separate words in the pet name. Defaults to \"-\"."),
        ),
        (
            "id",
            Attribute::computed(Type::String).describe("The random pet name."),
        ),
    ])
}

/// `words` words: adverbs, then an adjective, then an animal.
fn pet_name(words: usize, separator: &str) -> String {
    let mut rng = rand::rng();
    let mut pick = |list: &[&'static str]| list.choose(&mut rng).copied().unwrap_or("pet");
    let mut parts: Vec<&str> = Vec::with_capacity(words);
    for _ in 2..words {
        parts.push(pick(ADVERBS));
    }
    if words >= 2 {
        parts.push(pick(ADJECTIVES));
    }
    parts.push(pick(NAMES));
    parts.join(separator)
}

#[async_trait]
impl Resource for RandomPet {
    fn type_name(&self) -> &'static str {
        "random_pet"
    }

    fn schema(&self) -> Schema {
        Schema {
            version: 0,
            block: block(),
        }
    }

    fn validate(&self, config: &Value) -> Diagnostics {
        match attrs::int(config, "length") {
            Ok(Some(n)) if n < 1 => Diagnostic::error(
                "Invalid value for \"length\"",
                format!("The attribute \"length\" must be at least 1, got {n}."),
            )
            .into(),
            Err(d) if attrs::attr(config, "length").is_known() => d,
            _ => Diagnostics::new(),
        }
    }

    fn plan(&self, prior: Option<&Value>, config: &Value) -> Result<Plan, Diagnostics> {
        let defaults = [("length", number(2)), ("separator", Value::string("-"))];
        Ok(plan::standard(&block(), &defaults, prior, config, same))
    }

    async fn create(&self, planned: &Value) -> Result<Value, Diagnostics> {
        let length = attrs::int(planned, "length")?.unwrap_or(2);
        let words = usize::try_from(length).unwrap_or(1).max(1);
        let separator = attrs::string(planned, "separator")?.unwrap_or_else(|| "-".into());
        let mut name = pet_name(words, &separator);
        if let Some(prefix) = attrs::string(planned, "prefix")?.filter(|p| !p.is_empty()) {
            name = format!("{prefix}{separator}{name}");
        }
        Ok(with(planned, "id", Value::string(name)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_have_the_asked_number_of_words() {
        for words in 1..6 {
            let name = pet_name(words, "_");
            assert_eq!(name.split('_').count(), words, "{name}");
            assert_eq!(name, name.to_lowercase());
        }
    }
}
