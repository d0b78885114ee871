//! `time_sleep`: waits `create_duration` when created and
//! `destroy_duration` when destroyed, so dependent resources wait for
//! something to settle. Changing a duration updates in place without
//! waiting; changing `triggers` replaces it and waits again. Imported as
//! `CREATE_DURATION,DESTROY_DURATION`.

use async_trait::async_trait;
use terrace_provider_sdk::{Attribute, Block, Diagnostic, Diagnostics, Schema, Type, Value};

use super::{duration, now_rfc3339};
use crate::attrs::{self, empty_string_map, object, with};
use crate::plan;
use crate::provider::{Plan, Resource};

pub(crate) struct TimeSleep;

const DURATIONS: [&str; 2] = ["create_duration", "destroy_duration"];

fn block() -> Block {
    Block::with_attributes([
        (
            "create_duration",
            Attribute::optional(Type::String)
                .describe("How long to wait when creating, e.g. \"30s\"; changing it alone does not wait."),
        ),
        (
            "destroy_duration",
            Attribute::optional(Type::String)
                .describe("How long to wait when destroying, e.g. \"30s\"; it must be applied before the destroy."),
        ),
        (
            "triggers",
            Attribute::optional(Type::map(Type::String))
                .force_new()
                .describe("Arbitrary values that, when changed, replace the resource and wait again."),
        ),
        (
            "id",
            Attribute::computed(Type::String).describe("The time of creation, in RFC 3339."),
        ),
    ])
}

fn invalid(name: &str, why: String) -> Diagnostic {
    Diagnostic::error(
        format!("Invalid value for {name:?}"),
        format!("The attribute {name:?}: {why}."),
    )
}

/// Waits for the duration in attribute `name` of `obj`, if one is set.
async fn wait(obj: &Value, name: &str) -> Result<(), Diagnostics> {
    let Some(text) = attrs::string(obj, name)?.filter(|t| !t.is_empty()) else {
        return Ok(());
    };
    let d = duration::parse(&text).map_err(|why| Diagnostics::from(invalid(name, why)))?;
    tokio::time::sleep(d).await;
    Ok(())
}

#[async_trait]
impl Resource for TimeSleep {
    fn type_name(&self) -> &'static str {
        "time_sleep"
    }

    fn schema(&self) -> Schema {
        Schema {
            version: 0,
            block: block(),
        }
    }

    fn validate(&self, config: &Value) -> Diagnostics {
        let mut diags = Diagnostics::new();
        if !DURATIONS.iter().any(|n| attrs::is_set(config, n)) {
            diags.push(Diagnostic::error(
                "Invalid attribute combination",
                "At least one of create_duration and destroy_duration must be set.",
            ));
        }
        for name in DURATIONS {
            if let Ok(Some(text)) = attrs::string(config, name) {
                if let Some(why) = duration::check_config_form(&text) {
                    diags.push(invalid(name, why));
                }
            }
        }
        diags
    }

    fn plan(&self, prior: Option<&Value>, config: &Value) -> Result<Plan, Diagnostics> {
        Ok(plan::standard(
            &block(),
            &[],
            prior,
            config,
            plan::same_default,
        ))
    }

    async fn create(&self, planned: &Value) -> Result<Value, Diagnostics> {
        wait(planned, "create_duration").await?;
        Ok(with(planned, "id", Value::string(now_rfc3339())))
    }

    async fn delete(&self, prior: &Value) -> Diagnostics {
        match wait(prior, "destroy_duration").await {
            Ok(()) => Diagnostics::new(),
            Err(d) => d,
        }
    }

    fn import(&self, id: &str) -> Result<Value, Diagnostics> {
        let parts: Vec<&str> = id.split(',').collect();
        if parts.len() != 2 || parts.iter().all(|p| p.is_empty()) {
            return Err(Diagnostic::error(
                "Unexpected format of ID",
                format!(
                    "Unexpected format of ID ({id:?}), expected CREATE_DURATION,DESTROY_DURATION \
                     where at least one value is non-empty."
                ),
            )
            .into());
        }
        let mut set = vec![
            ("id", Value::string(now_rfc3339())),
            ("triggers", empty_string_map()),
        ];
        for (name, text) in DURATIONS.into_iter().zip(parts) {
            if text.is_empty() {
                continue;
            }
            duration::parse(text).map_err(|why| Diagnostics::from(invalid(name, why)))?;
            set.push((name, Value::string(text)));
        }
        Ok(object(&block(), set))
    }
}
