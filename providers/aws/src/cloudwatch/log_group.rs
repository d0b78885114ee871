//! `aws_cloudwatch_log_group`: a CloudWatch Logs group. ID: the group name.
//! Refreshing many groups lists them once instead of asking per group.

#![allow(deprecated)]

use std::collections::BTreeMap;

use async_trait::async_trait;
use aws_sdk_cloudwatchlogs::types::LogGroup;
use terrace_provider_sdk::{Diagnostics, Schema, Type, Value};

use crate::attrs::{
    attr, boolean, int, non_empty, number, opt_str, req_string, string, tag_map, tags_value,
    with_all,
};
use crate::common::{comp, opt, optc, schema, tags, zero_if_null};
use crate::config::Aws;
use crate::error::aws_err;
use crate::resource::Resource;

pub(crate) struct LogGroupResource;

/// Attributes the Terraform provider stores as `""` when unset.
const UNSET_AS_ZERO: &[&str] = &["name_prefix", "kms_key_id"];

/// The group's ARN without the `:*` suffix, as Terraform stores it.
fn arn_of(g: &LogGroup) -> Option<String> {
    g.arn().map(|a| a.trim_end_matches(":*").to_string())
}

async fn list(aws: &Aws, prefix: Option<String>) -> Result<Vec<LogGroup>, Diagnostics> {
    let mut out = Vec::new();
    let mut token = None;
    loop {
        let page = aws
            .logs
            .describe_log_groups()
            .set_log_group_name_prefix(prefix.clone())
            .set_next_token(token)
            .send()
            .await
            .map_err(|e| aws_err("DescribeLogGroups", e))?;
        out.extend(page.log_groups().iter().cloned());
        token = page.next_token().map(str::to_string);
        if token.is_none() {
            return Ok(out);
        }
    }
}

async fn tags_of(aws: &Aws, name: &str) -> Result<Value, Diagnostics> {
    let out = aws
        .logs
        .list_tags_log_group()
        .log_group_name(name)
        .send()
        .await
        .map_err(|e| aws_err("ListTagsLogGroup", e))?;
    Ok(tags_value(out.tags().cloned().unwrap_or_default()))
}

fn state_of(state: &Value, g: &LogGroup, tags: Value) -> Value {
    zero_if_null(state_of_aws(state, g, tags), UNSET_AS_ZERO)
}

fn state_of_aws(state: &Value, g: &LogGroup, tags: Value) -> Value {
    with_all(
        state,
        [
            ("name", opt_str(g.log_group_name())),
            ("arn", opt_str(arn_of(g).as_deref())),
            (
                "retention_in_days",
                number(i64::from(g.retention_in_days().unwrap_or(0))),
            ),
            ("kms_key_id", opt_str(g.kms_key_id())),
            (
                "log_group_class",
                Value::string(g.log_group_class().map_or("STANDARD", |c| c.as_str())),
            ),
            ("tags_all", tags),
        ],
    )
}

async fn set_retention(aws: &Aws, name: &str, days: i64) -> Result<(), Diagnostics> {
    if days == 0 {
        aws.logs
            .delete_retention_policy()
            .log_group_name(name)
            .send()
            .await
            .map_err(|e| aws_err("DeleteRetentionPolicy", e))?;
    } else {
        aws.logs
            .put_retention_policy()
            .log_group_name(name)
            .retention_in_days(days as i32)
            .send()
            .await
            .map_err(|e| aws_err("PutRetentionPolicy", e))?;
    }
    Ok(())
}

#[async_trait]
impl Resource for LogGroupResource {
    fn type_name(&self) -> &'static str {
        "aws_cloudwatch_log_group"
    }

    fn schema(&self) -> Schema {
        let mut attrs = vec![
            ("name", optc(Type::String).force_new()),
            ("name_prefix", optc(Type::String).force_new()),
            ("retention_in_days", opt(Type::Number)),
            ("kms_key_id", opt(Type::String)),
            ("log_group_class", optc(Type::String).force_new()),
            ("skip_destroy", opt(Type::Bool)),
            ("arn", comp(Type::String)),
        ];
        attrs.extend(tags());
        schema(attrs)
    }

    fn defaults(&self) -> Vec<(&'static str, Value)> {
        vec![
            ("retention_in_days", number(0)),
            ("kms_key_id", Value::string("")),
            ("skip_destroy", Value::Bool(false)),
        ]
    }

    async fn create(&self, aws: &Aws, planned: &Value) -> Result<Value, Diagnostics> {
        let name = match string(planned, "name")? {
            Some(n) => n,
            None => crate::naming::unique(string(planned, "name_prefix")?.as_deref()),
        };
        let tags = tag_map(planned, "tags_all")?;
        aws.logs
            .create_log_group()
            .log_group_name(&name)
            .set_kms_key_id(non_empty(planned, "kms_key_id")?)
            .set_log_group_class(string(planned, "log_group_class")?.map(|c| c.as_str().into()))
            .set_tags((!tags.is_empty()).then(|| tags.into_iter().collect()))
            .send()
            .await
            .map_err(|e| aws_err("CreateLogGroup", e))?;
        let days = int(planned, "retention_in_days")?.unwrap_or(0);
        if days != 0 {
            set_retention(aws, &name, days).await?;
        }
        Ok(with_all(
            planned,
            [("id", Value::string(&name)), ("name", Value::string(&name))],
        ))
    }

    async fn update(&self, aws: &Aws, prior: &Value, planned: &Value) -> Result<(), Diagnostics> {
        let name = req_string(prior, "id")?;
        if !attr(prior, "retention_in_days").same_as(attr(planned, "retention_in_days")) {
            set_retention(aws, &name, int(planned, "retention_in_days")?.unwrap_or(0)).await?;
        }
        let old = tag_map(prior, "tags_all")?;
        let new = tag_map(planned, "tags_all")?;
        let removed: Vec<String> = old
            .keys()
            .filter(|k| !new.contains_key(*k))
            .cloned()
            .collect();
        if !removed.is_empty() {
            aws.logs
                .untag_log_group()
                .log_group_name(&name)
                .set_tags(Some(removed))
                .send()
                .await
                .map_err(|e| aws_err("UntagLogGroup", e))?;
        }
        if !new.is_empty() && old != new {
            aws.logs
                .tag_log_group()
                .log_group_name(&name)
                .set_tags(Some(new.into_iter().collect()))
                .send()
                .await
                .map_err(|e| aws_err("TagLogGroup", e))?;
        }
        Ok(())
    }

    async fn delete(&self, aws: &Aws, prior: &Value) -> Result<(), Diagnostics> {
        if boolean(prior, "skip_destroy")? == Some(true) {
            return Ok(());
        }
        match aws
            .logs
            .delete_log_group()
            .log_group_name(req_string(prior, "id")?)
            .send()
            .await
        {
            Ok(_) => Ok(()),
            Err(e) => {
                let e = aws_err("DeleteLogGroup", e);
                if e.is_not_found() {
                    Ok(())
                } else {
                    Err(e.into())
                }
            }
        }
    }

    async fn read(&self, aws: &Aws, state: &Value) -> Result<Option<Value>, Diagnostics> {
        let name = req_string(state, "id")?;
        let groups = list(aws, Some(name.clone())).await?;
        let Some(g) = groups
            .iter()
            .find(|g| g.log_group_name() == Some(name.as_str()))
        else {
            return Ok(None);
        };
        let tags = tags_of(aws, &name).await?;
        Ok(Some(state_of(state, g, tags)))
    }

    async fn read_many(
        &self,
        aws: &Aws,
        states: BTreeMap<String, Value>,
    ) -> Result<BTreeMap<String, Option<Value>>, Diagnostics> {
        if states.len() < 3 {
            let mut out = BTreeMap::new();
            for (k, s) in states {
                out.insert(k, self.read(aws, &s).await?);
            }
            return Ok(out);
        }
        let groups: BTreeMap<String, LogGroup> = list(aws, None)
            .await?
            .into_iter()
            .filter_map(|g| g.log_group_name().map(|n| (n.to_string(), g.clone())))
            .collect();
        let reads = states.into_iter().map(|(k, s)| {
            let groups = &groups;
            async move {
                let name = req_string(&s, "id")?;
                let Some(g) = groups.get(&name) else {
                    return Ok((k, None));
                };
                let tags = tags_of(aws, &name).await?;
                Ok::<_, Diagnostics>((k, Some(state_of(&s, g, tags))))
            }
        });
        let mut out = BTreeMap::new();
        for r in futures::future::join_all(reads).await {
            let (k, v) = r?;
            out.insert(k, v);
        }
        Ok(out)
    }
}
