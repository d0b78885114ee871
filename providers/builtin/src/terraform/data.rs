//! `terraform_data`: stores any value (`input`, echoed as `output` after
//! apply) and is replaced when `triggers_replace` changes; the built-in
//! successor of `null_resource`. Values of any type are compared exactly,
//! type included, as Terraform does.

use async_trait::async_trait;
use terrace_provider_sdk::{Attribute, Block, Diagnostics, Path, Schema, Type, Value};

use crate::attrs::{attr, object, with_all};
use crate::provider::{Plan, Resource};

pub(crate) struct TerraformData;

fn block() -> Block {
    Block::with_attributes([
        (
            "input",
            Attribute::optional(Type::Dynamic).describe(
                "A value to store in the instance state; changing it updates `output` in place.",
            ),
        ),
        (
            "output",
            Attribute::computed(Type::Dynamic)
                .describe("The value of `input` after the last apply."),
        ),
        (
            "triggers_replace",
            Attribute::optional(Type::Dynamic)
                .force_new()
                .describe("A value whose change replaces the instance."),
        ),
        (
            "id",
            Attribute::computed(Type::String).describe("A unique ID for the instance."),
        ),
    ])
}

/// Equal as cty's raw equality: same type, same value, nulls alike.
fn raw_equal(a: &Value, b: &Value) -> bool {
    match (a.is_null(), b.is_null()) {
        (true, true) => true,
        (false, false) => {
            a.is_wholly_known() && b.is_wholly_known() && a.ty() == b.ty() && a.same_as(b)
        }
        _ => false,
    }
}

/// `output` as planned for a new value of `input`: null stays null, anything
/// else is known only after apply.
fn pending_output(input: &Value) -> Value {
    if input.is_null() {
        input.clone()
    } else {
        Value::Unknown(input.ty())
    }
}

#[async_trait]
impl Resource for TerraformData {
    fn type_name(&self) -> &'static str {
        "terraform_data"
    }

    fn schema(&self) -> Schema {
        Schema {
            version: 0,
            block: block(),
        }
    }

    fn plan(&self, prior: Option<&Value>, config: &Value) -> Result<Plan, Diagnostics> {
        let input = attr(config, "input").clone();
        let triggers = attr(config, "triggers_replace").clone();
        let fresh = |requires_replace: Vec<Path>| Plan {
            state: object(
                &block(),
                [
                    ("input", input.clone()),
                    ("output", pending_output(&input)),
                    ("triggers_replace", triggers.clone()),
                    ("id", Value::Unknown(Type::String)),
                ],
            ),
            requires_replace,
        };
        let Some(prior) = prior else {
            return Ok(fresh(Vec::new()));
        };
        if !raw_equal(attr(prior, "triggers_replace"), &triggers) {
            return Ok(fresh(vec![Path::root().attr("triggers_replace")]));
        }
        let output = if raw_equal(attr(prior, "input"), &input) {
            attr(prior, "output").clone()
        } else {
            Value::Unknown(input.ty())
        };
        Ok(Plan {
            state: object(
                &block(),
                [
                    ("input", input),
                    ("output", output),
                    ("triggers_replace", triggers),
                    ("id", attr(prior, "id").clone()),
                ],
            ),
            requires_replace: Vec::new(),
        })
    }

    async fn create(&self, planned: &Value) -> Result<Value, Diagnostics> {
        let mut set = Vec::new();
        if !attr(planned, "output").is_known() {
            set.push(("output", attr(planned, "input").clone()));
        }
        if !attr(planned, "id").is_known() {
            set.push(("id", Value::string(uuid::Uuid::new_v4().to_string())));
        }
        Ok(with_all(planned, set))
    }

    fn import(&self, id: &str) -> Result<Value, Diagnostics> {
        Ok(object(&block(), [("id", Value::string(id))]))
    }
}
