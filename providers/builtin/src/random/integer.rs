//! `random_integer`: a random whole number between `min` and `max`
//! inclusive, repeatable with a `seed`. Imported as `RESULT,MIN,MAX` or
//! `RESULT,MIN,MAX,SEED`.

use async_trait::async_trait;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use sha2::{Digest, Sha256};
use terrace_provider_sdk::{Attribute, Block, Diagnostic, Diagnostics, Schema, Type, Value};

use super::{keepers, same};
use crate::attrs::{self, number, object, with_all};
use crate::plan;
use crate::provider::{Plan, Resource};

pub(crate) struct RandomInteger;

fn block() -> Block {
    Block::with_attributes([
        keepers(),
        (
            "min",
            Attribute::required(Type::Number)
                .force_new()
                .describe("The minimum inclusive value of the range."),
        ),
        (
            "max",
            Attribute::required(Type::Number)
                .force_new()
                .describe("The maximum inclusive value of the range."),
        ),
        (
            "seed",
            Attribute::optional(Type::String)
                .force_new()
                .describe("A custom seed to always produce the same value."),
        ),
        (
            "result",
            Attribute::computed(Type::Number).describe("The random integer result."),
        ),
        (
            "id",
            Attribute::computed(Type::String).describe("The random integer result as a string."),
        ),
    ])
}

fn min_above_max() -> Diagnostic {
    Diagnostic::error(
        "Invalid value for \"min\"",
        "The minimum (min) value needs to be smaller than or equal to the maximum (max) value.",
    )
}

/// Draws from `min..=max`; with a seed, the same seed gives the same number.
/// The numbers differ from Terraform's, whose seeded generator is Go's.
fn draw(min: i64, max: i64, seed: Option<&str>) -> i64 {
    match seed {
        Some(seed) => {
            let digest: [u8; 32] = Sha256::digest(seed.as_bytes()).into();
            StdRng::from_seed(digest).random_range(min..=max)
        }
        None => rand::rng().random_range(min..=max),
    }
}

fn import_error(detail: String) -> Diagnostics {
    Diagnostic::error("Cannot import random_integer", detail).into()
}

#[async_trait]
impl Resource for RandomInteger {
    fn type_name(&self) -> &'static str {
        "random_integer"
    }

    fn schema(&self) -> Schema {
        Schema {
            version: 0,
            block: block(),
        }
    }

    fn validate(&self, config: &Value) -> Diagnostics {
        let mut diags = Diagnostics::new();
        let mut bounds = Vec::new();
        for name in ["min", "max"] {
            match attrs::int(config, name) {
                Ok(v) => bounds.push(v),
                Err(d) if attrs::attr(config, name).is_known() => diags.extend(d),
                Err(_) => bounds.push(None),
            }
        }
        if let [Some(min), Some(max)] = bounds[..] {
            if min > max {
                diags.push(min_above_max());
            }
        }
        diags
    }

    fn plan(&self, prior: Option<&Value>, config: &Value) -> Result<Plan, Diagnostics> {
        Ok(plan::standard(&block(), &[], prior, config, same))
    }

    async fn create(&self, planned: &Value) -> Result<Value, Diagnostics> {
        let min = attrs::int(planned, "min")?.unwrap_or(0);
        let max = attrs::int(planned, "max")?.unwrap_or(0);
        if min > max {
            return Err(min_above_max().into());
        }
        let seed = attrs::string(planned, "seed")?;
        let n = draw(min, max, seed.as_deref().filter(|s| !s.is_empty()));
        Ok(with_all(
            planned,
            [("result", number(n)), ("id", Value::string(n.to_string()))],
        ))
    }

    fn import(&self, id: &str) -> Result<Value, Diagnostics> {
        let parts: Vec<&str> = id.split(',').collect();
        if parts.len() != 3 && parts.len() != 4 {
            return Err(import_error(format!(
                "Invalid import ID {id:?}: expecting RESULT,MIN,MAX or RESULT,MIN,MAX,SEED."
            )));
        }
        let mut nums = Vec::new();
        for (text, what) in parts.iter().zip(["result", "min", "max"]) {
            let n: i64 = text.parse().map_err(|_| {
                import_error(format!("The {what} value {text:?} is not a whole number."))
            })?;
            nums.push(n);
        }
        let mut set = vec![
            ("id", Value::string(parts[0])),
            ("result", number(nums[0])),
            ("min", number(nums[1])),
            ("max", number(nums[2])),
            ("keepers", Value::Null(Type::map(Type::String))),
        ];
        if let Some(seed) = parts.get(3) {
            set.push(("seed", Value::string(*seed)));
        }
        Ok(object(&block(), set))
    }
}
