//! `random_uuid`: a random UUID in its 36-character hyphenated form.
//! Imported by the UUID itself.

use async_trait::async_trait;
use terrace_provider_sdk::{Attribute, Block, Diagnostic, Diagnostics, Schema, Type, Value};
use uuid::Uuid;

use super::{keepers, same};
use crate::attrs::{object, with_all};
use crate::plan;
use crate::provider::{Plan, Resource};

pub(crate) struct RandomUuid;

fn block() -> Block {
    Block::with_attributes([
        keepers(),
        (
            "result",
            Attribute::computed(Type::String).describe("The generated UUID."),
        ),
        (
            "id",
            Attribute::computed(Type::String).describe("The generated UUID."),
        ),
    ])
}

#[async_trait]
impl Resource for RandomUuid {
    fn type_name(&self) -> &'static str {
        "random_uuid"
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
        let u = Uuid::new_v4().hyphenated().to_string();
        Ok(with_all(
            planned,
            [
                ("result", Value::string(u.clone())),
                ("id", Value::string(u)),
            ],
        ))
    }

    fn import(&self, id: &str) -> Result<Value, Diagnostics> {
        let parsed = Uuid::try_parse(id)
            .ok()
            .filter(|_| id.len() == 36)
            .ok_or_else(|| {
                Diagnostics::from(Diagnostic::error(
                    "Cannot import random_uuid",
                    format!(
                        "The import ID {id:?} is not a UUID in the form xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx."
                    ),
                ))
            })?;
        let u = parsed.hyphenated().to_string();
        Ok(object(
            &block(),
            [
                ("result", Value::string(u.clone())),
                ("id", Value::string(u)),
                ("keepers", Value::Null(Type::map(Type::String))),
            ],
        ))
    }
}
