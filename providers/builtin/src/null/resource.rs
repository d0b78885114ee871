//! `null_resource`: holds only a random ID and is replaced when its
//! `triggers` change. Like Terraform's, it cannot be imported.

use async_trait::async_trait;
use rand::Rng;
use terrace_provider_sdk::{Attribute, Block, Diagnostics, Schema, Type, Value};

use crate::attrs::{attr, with};
use crate::plan::{self, Same};
use crate::provider::{Plan, Resource};

pub(crate) struct NullResource;

fn block() -> Block {
    Block::with_attributes([
        (
            "triggers",
            Attribute::optional(Type::map(Type::String))
                .force_new()
                .describe("Arbitrary strings that, when changed, replace the resource."),
        ),
        (
            "id",
            Attribute::computed(Type::String).describe("A random value set at create time."),
        ),
    ])
}

fn same(_name: &str) -> Same {
    plan::map_values_not_null
}

#[async_trait]
impl Resource for NullResource {
    fn type_name(&self) -> &'static str {
        "null_resource"
    }

    fn schema(&self) -> Schema {
        Schema {
            version: 0,
            block: block(),
        }
    }

    fn plan(&self, prior: Option<&Value>, config: &Value) -> Result<Plan, Diagnostics> {
        Ok(plan::standard(&block(), &[], prior, config, same))
    }

    async fn create(&self, planned: &Value) -> Result<Value, Diagnostics> {
        if attr(planned, "id").is_known() {
            return Ok(planned.clone());
        }
        // A non-negative 63-bit integer in decimal, as Go's rand.Int() gives.
        let id: u64 = rand::rng().random_range(0..=i64::MAX as u64);
        Ok(with(planned, "id", Value::string(id.to_string())))
    }
}
