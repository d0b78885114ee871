//! A DynamoDB table's settings that live beside the table: `ttl` (time to
//! live) and `point_in_time_recovery`. As in the Terraform provider, both
//! blocks are always stored, disabled when not configured, and a table
//! without them in its configuration keeps what it has.

use aws_sdk_dynamodb::types::{PointInTimeRecoverySpecification, TimeToLiveSpecification};
use terrace_provider_sdk::{Block, Diagnostics, NestedBlock, Nesting, Type, Value};

use crate::attrs::{attr, blocks, boolean, int, number, string, with};
use crate::common::{opt, optc};
use crate::config::Aws;
use crate::error::{aws_err, build};

/// AWS's recovery period when none is asked for.
const DEFAULT_RECOVERY_DAYS: i64 = 35;

/// The `ttl` and `point_in_time_recovery` blocks.
pub(crate) fn blocks_schema() -> [(&'static str, NestedBlock); 2] {
    let single = |block: Block| NestedBlock {
        nesting: Nesting::List,
        block,
        min_items: 0,
        max_items: 1,
    };
    [
        (
            "ttl",
            single(Block::with_attributes([
                ("attribute_name", opt(Type::String)),
                ("enabled", opt(Type::Bool)),
            ])),
        ),
        (
            "point_in_time_recovery",
            single(Block::with_attributes([
                ("enabled", opt(Type::Bool)),
                ("recovery_period_in_days", optc(Type::Number)),
            ])),
        ),
    ]
}

fn block_type(name: &str) -> Type {
    blocks_schema()
        .into_iter()
        .find(|(n, _)| *n == name)
        .map(|(_, b)| b.block.value_type())
        .unwrap_or(Type::Dynamic)
}

fn one(name: &str, fields: Vec<(&str, Value)>) -> Value {
    let obj = Value::Object(
        fields
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect(),
    );
    Value::List(block_type(name), vec![obj])
}

fn ttl_value(attribute_name: &str, enabled: bool) -> Value {
    one(
        "ttl",
        vec![
            ("attribute_name", Value::string(attribute_name)),
            ("enabled", Value::Bool(enabled)),
        ],
    )
}

fn pitr_value(enabled: bool, days: Value) -> Value {
    one(
        "point_in_time_recovery",
        vec![
            ("enabled", Value::Bool(enabled)),
            ("recovery_period_in_days", days),
        ],
    )
}

/// The planned blocks: what the configuration says, with the stored
/// defaults filled in, or the prior blocks when it says nothing.
pub(crate) fn plan(prior: Option<&Value>, planned: Value) -> Value {
    let mut planned = planned;
    let ttl = match blocks(&planned, "ttl").first() {
        Some(t) => ttl_value(
            &string(t, "attribute_name")
                .ok()
                .flatten()
                .unwrap_or_default(),
            boolean(t, "enabled").ok().flatten().unwrap_or(false),
        ),
        None => match prior.map(|p| attr(p, "ttl")).filter(|v| !v.is_null()) {
            Some(v) => v.clone(),
            None => ttl_value("", false),
        },
    };
    planned = with(&planned, "ttl", ttl);
    let pitr = match blocks(&planned, "point_in_time_recovery").first() {
        Some(p) => {
            let enabled = boolean(p, "enabled").ok().flatten().unwrap_or(false);
            let days = attr(p, "recovery_period_in_days");
            let days = if !enabled {
                number(0)
            } else if days.is_null() {
                number(DEFAULT_RECOVERY_DAYS)
            } else {
                days.clone()
            };
            pitr_value(enabled, days)
        }
        None => match prior
            .map(|p| attr(p, "point_in_time_recovery"))
            .filter(|v| !v.is_null())
        {
            Some(v) => v.clone(),
            None => pitr_value(false, number(0)),
        },
    };
    with(&planned, "point_in_time_recovery", pitr)
}

/// Applies the blocks where they differ from `prior` (nothing before a
/// create: then only what is enabled).
pub(crate) async fn apply(
    aws: &Aws,
    table: &str,
    prior: Option<&Value>,
    planned: &Value,
) -> Result<(), Diagnostics> {
    let changed = |name: &str| prior.is_none_or(|p| !attr(p, name).same_as(attr(planned, name)));
    if changed("ttl") {
        let new = blocks(planned, "ttl").first().cloned();
        let enabled = new
            .as_ref()
            .and_then(|t| boolean(t, "enabled").ok().flatten())
            .unwrap_or(false);
        let old = prior.and_then(|p| blocks(p, "ttl").first().cloned());
        let was_enabled = old
            .as_ref()
            .and_then(|t| boolean(t, "enabled").ok().flatten())
            .unwrap_or(false);
        let source = if enabled { &new } else { &old };
        let name = source
            .as_ref()
            .and_then(|t| string(t, "attribute_name").ok().flatten())
            .unwrap_or_default();
        if enabled || was_enabled {
            aws.dynamodb
                .update_time_to_live()
                .table_name(table)
                .time_to_live_specification(
                    TimeToLiveSpecification::builder()
                        .attribute_name(name)
                        .enabled(enabled)
                        .build()
                        .map_err(|e| build("UpdateTimeToLive", e))?,
                )
                .send()
                .await
                .map_err(|e| aws_err("UpdateTimeToLive", e))?;
        }
    }
    if changed("point_in_time_recovery") {
        let p = blocks(planned, "point_in_time_recovery").first().cloned();
        let enabled = p
            .as_ref()
            .and_then(|p| boolean(p, "enabled").ok().flatten())
            .unwrap_or(false);
        if enabled || prior.is_some() {
            let days = p
                .as_ref()
                .and_then(|p| int(p, "recovery_period_in_days").ok().flatten())
                .filter(|_| enabled);
            aws.dynamodb
                .update_continuous_backups()
                .table_name(table)
                .point_in_time_recovery_specification(
                    PointInTimeRecoverySpecification::builder()
                        .point_in_time_recovery_enabled(enabled)
                        .set_recovery_period_in_days(days.map(|d| d as i32))
                        .build()
                        .map_err(|e| build("UpdateContinuousBackups", e))?,
                )
                .send()
                .await
                .map_err(|e| aws_err("UpdateContinuousBackups", e))?;
        }
    }
    Ok(())
}

/// The blocks as AWS reports them.
pub(crate) async fn read(
    aws: &Aws,
    table: &str,
) -> Result<[(&'static str, Value); 2], Diagnostics> {
    let ttl = aws
        .dynamodb
        .describe_time_to_live()
        .table_name(table)
        .send()
        .await
        .map_err(|e| aws_err("DescribeTimeToLive", e))?;
    let ttl = ttl.time_to_live_description();
    let ttl_enabled = ttl
        .and_then(|t| t.time_to_live_status())
        .is_some_and(|s| matches!(s.as_str(), "ENABLED" | "ENABLING"));
    let ttl_name = if ttl_enabled {
        ttl.and_then(|t| t.attribute_name()).unwrap_or_default()
    } else {
        ""
    };
    let backups = aws
        .dynamodb
        .describe_continuous_backups()
        .table_name(table)
        .send()
        .await
        .map_err(|e| aws_err("DescribeContinuousBackups", e))?;
    let pitr = backups
        .continuous_backups_description()
        .and_then(|c| c.point_in_time_recovery_description());
    let pitr_enabled = pitr
        .and_then(|p| p.point_in_time_recovery_status())
        .is_some_and(|s| s.as_str() == "ENABLED");
    let days = if pitr_enabled {
        number(
            pitr.and_then(|p| p.recovery_period_in_days())
                .map_or(DEFAULT_RECOVERY_DAYS, i64::from),
        )
    } else {
        number(0)
    };
    Ok([
        ("ttl", ttl_value(ttl_name, ttl_enabled)),
        ("point_in_time_recovery", pitr_value(pitr_enabled, days)),
    ])
}
