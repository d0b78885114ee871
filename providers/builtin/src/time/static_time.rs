//! `time_static`: a timestamp taken once at create time (or given as
//! `rfc3339`) and kept in state, split into its calendar parts. Replaced
//! when `triggers` or a configured `rfc3339` change. Imported by the
//! RFC 3339 timestamp itself.

use async_trait::async_trait;
use chrono::{DateTime, Datelike, FixedOffset, Timelike};
use terrace_provider_sdk::{Attribute, Block, Diagnostic, Diagnostics, Schema, Type, Value};

use super::now_rfc3339;
use crate::attrs::{self, attr, empty_string_map, number, object, with_all};
use crate::plan;
use crate::provider::{Plan, Resource};

pub(crate) struct TimeStatic;

fn block() -> Block {
    let part = |text: &str| Attribute::computed(Type::Number).describe(text);
    Block::with_attributes([
        ("year", part("Number year of timestamp.")),
        ("month", part("Number month of timestamp.")),
        ("day", part("Number day of timestamp.")),
        ("hour", part("Number hour of timestamp.")),
        ("minute", part("Number minute of timestamp.")),
        ("second", part("Number second of timestamp.")),
        ("unix", part("Number of seconds since the Unix epoch.")),
        (
            "rfc3339",
            Attribute::optional_computed(Type::String)
                .force_new()
                .describe("Base timestamp in RFC 3339 format; defaults to the time of creation."),
        ),
        (
            "triggers",
            Attribute::optional(Type::map(Type::String))
                .force_new()
                .describe(
                "Arbitrary values that, when changed, replace the resource with a new timestamp.",
            ),
        ),
        (
            "id",
            Attribute::computed(Type::String).describe("The timestamp in RFC 3339 format."),
        ),
    ])
}

fn parse(text: &str) -> Result<DateTime<FixedOffset>, Diagnostics> {
    DateTime::parse_from_rfc3339(text).map_err(|e| {
        Diagnostic::error(
            "Invalid value for \"rfc3339\"",
            format!("The attribute \"rfc3339\" must be an RFC 3339 timestamp such as 2020-02-12T06:36:13Z; {text:?}: {e}."),
        )
        .into()
    })
}

/// Every computed attribute for the timestamp written as `text`.
fn parts(text: &str) -> Result<Vec<(&'static str, Value)>, Diagnostics> {
    let t = parse(text)?;
    Ok(vec![
        ("year", number(i64::from(t.year()))),
        ("month", number(i64::from(t.month()))),
        ("day", number(i64::from(t.day()))),
        ("hour", number(i64::from(t.hour()))),
        ("minute", number(i64::from(t.minute()))),
        ("second", number(i64::from(t.second()))),
        ("unix", number(t.timestamp())),
        ("rfc3339", Value::string(text)),
        ("id", Value::string(text)),
    ])
}

#[async_trait]
impl Resource for TimeStatic {
    fn type_name(&self) -> &'static str {
        "time_static"
    }

    fn schema(&self) -> Schema {
        Schema {
            version: 0,
            block: block(),
        }
    }

    fn validate(&self, config: &Value) -> Diagnostics {
        let mut diags = Diagnostics::new();
        if let Ok(Some(text)) = attrs::string(config, "rfc3339") {
            if let Err(e) = parse(&text) {
                diags.extend(e);
            }
        }
        diags
    }

    fn plan(&self, prior: Option<&Value>, config: &Value) -> Result<Plan, Diagnostics> {
        let mut plan = plan::standard(&block(), &[], prior, config, plan::same_default);
        let creating = prior.is_none() || !plan.requires_replace.is_empty();
        if let (true, Some(text)) = (creating, attr(config, "rfc3339").as_str()) {
            plan.state = with_all(&plan.state, parts(text)?);
        }
        Ok(plan)
    }

    async fn create(&self, planned: &Value) -> Result<Value, Diagnostics> {
        let text = match attr(planned, "rfc3339").as_str() {
            Some(t) => t.to_string(),
            None => now_rfc3339(),
        };
        Ok(with_all(planned, parts(&text)?))
    }

    fn import(&self, id: &str) -> Result<Value, Diagnostics> {
        let mut set = parts(id)?;
        set.push(("triggers", empty_string_map()));
        Ok(object(&block(), set))
    }
}
