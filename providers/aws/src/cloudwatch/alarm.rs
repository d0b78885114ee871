//! `aws_cloudwatch_metric_alarm`: an alarm on one metric. ID: the alarm
//! name. Refreshing many alarms asks DescribeAlarms for 100 names at a time.

use std::collections::BTreeMap;

use async_trait::async_trait;
use aws_sdk_cloudwatch::types::{
    ComparisonOperator, Dimension, MetricAlarm, StandardUnit, Statistic, Tag,
};
use terrace_provider_sdk::{Diagnostics, Schema, Type, Value};

use crate::attrs::{
    boolean, float, float_attr, int, non_empty, opt_int, opt_str, req_string, string, string_set,
    strings, tag_map, tags_value, with_all,
};
use crate::common::{comp, opt, req, schema, tags, zero_if_null};
use crate::config::Aws;
use crate::error::aws_err;
use crate::resource::Resource;

pub(crate) struct Alarm;

async fn put(aws: &Aws, planned: &Value, with_tags: bool) -> Result<String, Diagnostics> {
    let name = req_string(planned, "alarm_name")?;
    let mut dims = Vec::new();
    for (k, v) in tag_map(planned, "dimensions")? {
        dims.push(Dimension::builder().name(k).value(v).build());
    }
    let mut req = aws
        .cloudwatch
        .put_metric_alarm()
        .alarm_name(&name)
        .comparison_operator(ComparisonOperator::from(
            req_string(planned, "comparison_operator")?.as_str(),
        ))
        .evaluation_periods(int(planned, "evaluation_periods")?.unwrap_or(1) as i32)
        .set_metric_name(string(planned, "metric_name")?)
        .set_namespace(string(planned, "namespace")?)
        .set_period(int(planned, "period")?.map(|p| p as i32))
        .set_statistic(string(planned, "statistic")?.map(|s| Statistic::from(s.as_str())))
        .set_extended_statistic(non_empty(planned, "extended_statistic")?)
        .set_threshold(float_attr(planned, "threshold")?)
        .set_alarm_description(string(planned, "alarm_description")?)
        .actions_enabled(boolean(planned, "actions_enabled")?.unwrap_or(true))
        .set_alarm_actions(Some(strings(planned, "alarm_actions")?))
        .set_ok_actions(Some(strings(planned, "ok_actions")?))
        .set_insufficient_data_actions(Some(strings(planned, "insufficient_data_actions")?))
        .set_unit(non_empty(planned, "unit")?.map(|u| StandardUnit::from(u.as_str())))
        .set_treat_missing_data(string(planned, "treat_missing_data")?)
        .set_datapoints_to_alarm(
            int(planned, "datapoints_to_alarm")?
                .filter(|d| *d > 0)
                .map(|d| d as i32),
        )
        .set_dimensions((!dims.is_empty()).then_some(dims));
    if with_tags {
        let mut tags = Vec::new();
        for (k, v) in tag_map(planned, "tags_all")? {
            tags.push(Tag::builder().key(k).value(v).build());
        }
        if !tags.is_empty() {
            req = req.set_tags(Some(tags));
        }
    }
    req.send().await.map_err(|e| aws_err("PutMetricAlarm", e))?;
    Ok(name)
}

/// Attributes the Terraform provider stores as `""` or 0 when unset.
const UNSET_AS_ZERO: &[&str] = &["extended_statistic", "unit", "datapoints_to_alarm"];

fn state_of(state: &Value, a: &MetricAlarm, tags: Value) -> Value {
    zero_if_null(state_of_aws(state, a, tags), UNSET_AS_ZERO)
}

fn state_of_aws(state: &Value, a: &MetricAlarm, tags: Value) -> Value {
    let dims: BTreeMap<String, String> = a
        .dimensions()
        .iter()
        .map(|d| {
            (
                d.name().unwrap_or_default().to_string(),
                d.value().unwrap_or_default().to_string(),
            )
        })
        .collect();
    let dims = if dims.is_empty() && crate::attrs::attr(state, "dimensions").is_null() {
        Value::Null(Type::map(Type::String))
    } else {
        tags_value(dims)
    };
    // No actions stay null when none were set, as the Terraform provider has it.
    let actions = |name: &str, items: &[String]| {
        if items.is_empty() && crate::attrs::attr(state, name).is_null() {
            Value::Null(Type::set(Type::String))
        } else {
            string_set(items)
        }
    };
    with_all(
        state,
        [
            ("alarm_name", opt_str(a.alarm_name())),
            ("arn", opt_str(a.alarm_arn())),
            (
                "comparison_operator",
                opt_str(a.comparison_operator().map(|c| c.as_str())),
            ),
            (
                "evaluation_periods",
                opt_int(a.evaluation_periods().map(i64::from)),
            ),
            ("metric_name", opt_str(a.metric_name())),
            ("namespace", opt_str(a.namespace())),
            ("period", opt_int(a.period().map(i64::from))),
            ("statistic", opt_str(a.statistic().map(|s| s.as_str()))),
            ("extended_statistic", opt_str(a.extended_statistic())),
            (
                "threshold",
                a.threshold().map_or(Value::Null(Type::Number), float),
            ),
            ("alarm_description", opt_str(a.alarm_description())),
            (
                "actions_enabled",
                Value::Bool(a.actions_enabled().unwrap_or(true)),
            ),
            ("alarm_actions", actions("alarm_actions", a.alarm_actions())),
            ("ok_actions", actions("ok_actions", a.ok_actions())),
            (
                "insufficient_data_actions",
                actions("insufficient_data_actions", a.insufficient_data_actions()),
            ),
            ("unit", opt_str(a.unit().map(|u| u.as_str()))),
            (
                "treat_missing_data",
                Value::string(a.treat_missing_data().unwrap_or("missing")),
            ),
            (
                "datapoints_to_alarm",
                opt_int(a.datapoints_to_alarm().map(i64::from)),
            ),
            ("dimensions", dims),
            ("tags_all", tags),
        ],
    )
}

async fn tags_of(aws: &Aws, arn: Option<&str>) -> Result<Value, Diagnostics> {
    let Some(arn) = arn else {
        return Ok(tags_value(Vec::<(String, String)>::new()));
    };
    let out = aws
        .cloudwatch
        .list_tags_for_resource()
        .resource_arn(arn)
        .send()
        .await
        .map_err(|e| aws_err("ListTagsForResource", e))?;
    Ok(tags_value(out.tags().iter().map(|t| {
        (
            t.key().unwrap_or_default().to_string(),
            t.value().unwrap_or_default().to_string(),
        )
    })))
}

async fn describe(aws: &Aws, names: Vec<String>) -> Result<Vec<MetricAlarm>, Diagnostics> {
    let mut out = Vec::new();
    let mut token = None;
    loop {
        let page = aws
            .cloudwatch
            .describe_alarms()
            .set_alarm_names(Some(names.clone()))
            .set_next_token(token)
            .send()
            .await
            .map_err(|e| aws_err("DescribeAlarms", e))?;
        out.extend(page.metric_alarms().iter().cloned());
        token = page.next_token().map(str::to_string);
        if token.is_none() {
            return Ok(out);
        }
    }
}

#[async_trait]
impl Resource for Alarm {
    fn type_name(&self) -> &'static str {
        "aws_cloudwatch_metric_alarm"
    }

    fn schema(&self) -> Schema {
        let strings = Type::set(Type::String);
        let mut attrs = vec![
            ("alarm_name", req(Type::String).force_new()),
            ("comparison_operator", req(Type::String)),
            ("evaluation_periods", req(Type::Number)),
            ("metric_name", opt(Type::String)),
            ("namespace", opt(Type::String)),
            ("period", opt(Type::Number)),
            ("statistic", opt(Type::String)),
            ("extended_statistic", opt(Type::String)),
            ("threshold", opt(Type::Number)),
            ("alarm_description", opt(Type::String)),
            ("actions_enabled", opt(Type::Bool)),
            ("alarm_actions", opt(strings.clone())),
            ("ok_actions", opt(strings.clone())),
            ("insufficient_data_actions", opt(strings)),
            ("dimensions", opt(Type::map(Type::String))),
            ("unit", opt(Type::String)),
            ("treat_missing_data", opt(Type::String)),
            ("datapoints_to_alarm", opt(Type::Number)),
            ("arn", comp(Type::String)),
        ];
        attrs.extend(tags());
        schema(attrs)
    }

    fn defaults(&self) -> Vec<(&'static str, Value)> {
        vec![
            ("actions_enabled", Value::Bool(true)),
            ("treat_missing_data", Value::string("missing")),
            ("extended_statistic", Value::string("")),
            ("unit", Value::string("")),
            ("datapoints_to_alarm", crate::attrs::number(0)),
        ]
    }

    async fn create(&self, aws: &Aws, planned: &Value) -> Result<Value, Diagnostics> {
        let name = put(aws, planned, true).await?;
        Ok(with_all(planned, [("id", Value::string(name))]))
    }

    async fn update(&self, aws: &Aws, prior: &Value, planned: &Value) -> Result<(), Diagnostics> {
        put(aws, planned, false).await?;
        let arn = req_string(prior, "arn")?;
        let old = tag_map(prior, "tags_all")?;
        let new = tag_map(planned, "tags_all")?;
        let removed: Vec<String> = old
            .keys()
            .filter(|k| !new.contains_key(*k))
            .cloned()
            .collect();
        if !removed.is_empty() {
            aws.cloudwatch
                .untag_resource()
                .resource_arn(&arn)
                .set_tag_keys(Some(removed))
                .send()
                .await
                .map_err(|e| aws_err("UntagResource", e))?;
        }
        if !new.is_empty() && old != new {
            let mut tags = Vec::new();
            for (k, v) in new {
                tags.push(Tag::builder().key(k).value(v).build());
            }
            aws.cloudwatch
                .tag_resource()
                .resource_arn(&arn)
                .set_tags(Some(tags))
                .send()
                .await
                .map_err(|e| aws_err("TagResource", e))?;
        }
        Ok(())
    }

    async fn delete(&self, aws: &Aws, prior: &Value) -> Result<(), Diagnostics> {
        aws.cloudwatch
            .delete_alarms()
            .alarm_names(req_string(prior, "id")?)
            .send()
            .await
            .map_err(|e| aws_err("DeleteAlarms", e))?;
        Ok(())
    }

    async fn read(&self, aws: &Aws, state: &Value) -> Result<Option<Value>, Diagnostics> {
        let name = req_string(state, "id")?;
        let found = describe(aws, vec![name.clone()]).await?;
        let Some(a) = found
            .into_iter()
            .find(|a| a.alarm_name() == Some(name.as_str()))
        else {
            return Ok(None);
        };
        let tags = tags_of(aws, a.alarm_arn()).await?;
        Ok(Some(state_of(state, &a, tags)))
    }

    async fn read_many(
        &self,
        aws: &Aws,
        states: BTreeMap<String, Value>,
    ) -> Result<BTreeMap<String, Option<Value>>, Diagnostics> {
        let mut by_name: BTreeMap<String, Vec<(String, Value)>> = BTreeMap::new();
        for (k, s) in states {
            by_name
                .entry(req_string(&s, "id")?)
                .or_default()
                .push((k, s));
        }
        let names: Vec<String> = by_name.keys().cloned().collect();
        let mut found: BTreeMap<String, MetricAlarm> = BTreeMap::new();
        for chunk in names.chunks(100) {
            for a in describe(aws, chunk.to_vec()).await? {
                if let Some(n) = a.alarm_name() {
                    found.insert(n.to_string(), a.clone());
                }
            }
        }
        let tag_reads = found
            .iter()
            .map(|(n, a)| async move { tags_of(aws, a.alarm_arn()).await.map(|t| (n.clone(), t)) });
        let mut tags = BTreeMap::new();
        for r in futures::future::join_all(tag_reads).await {
            let (n, t) = r?;
            tags.insert(n, t);
        }
        let mut out = BTreeMap::new();
        for (name, instances) in by_name {
            for (k, s) in instances {
                let v = found.get(&name).map(|a| {
                    let t = tags
                        .get(&name)
                        .cloned()
                        .unwrap_or_else(|| tags_value(Vec::<(String, String)>::new()));
                    state_of(&s, a, t)
                });
                out.insert(k, v);
            }
        }
        Ok(out)
    }
}
