//! `aws_sqs_queue`: a queue and its attributes. ID: the queue URL.

use std::collections::HashMap;

use async_trait::async_trait;
use aws_sdk_sqs::types::QueueAttributeName as A;
use terrace_provider_sdk::{Diagnostics, Schema, Type, Value};

use crate::attrs::{attr, boolean, int, number, req_string, string, tag_map, tags_value, with_all};
use crate::common::{comp, keep_json, opt, optc, schema, tags, zero_if_null};
use crate::config::Aws;
use crate::error::aws_err;
use crate::resource::Resource;

pub(crate) struct Queue;

/// Attributes the Terraform provider stores as `""` when unset.
const UNSET_AS_ZERO: &[&str] = &["name_prefix", "policy", "redrive_policy"];

/// Number attributes: Terraform name, SQS attribute, default.
const NUMBERS: &[(&str, &str, i64)] = &[
    ("delay_seconds", "DelaySeconds", 0),
    ("max_message_size", "MaximumMessageSize", -1),
    (
        "message_retention_seconds",
        "MessageRetentionPeriod",
        345_600,
    ),
    (
        "receive_wait_time_seconds",
        "ReceiveMessageWaitTimeSeconds",
        0,
    ),
    ("visibility_timeout_seconds", "VisibilityTimeout", 30),
];

fn attributes(planned: &Value, creating: bool) -> Result<HashMap<A, String>, Diagnostics> {
    let mut out = HashMap::new();
    for (name, sqs, _) in NUMBERS {
        if let Some(n) = int(planned, name)? {
            out.insert(A::from(*sqs), n.to_string());
        }
    }
    for (name, sqs) in [("policy", "Policy"), ("redrive_policy", "RedrivePolicy")] {
        if let Some(s) = string(planned, name)? {
            out.insert(A::from(sqs), s);
        } else if !creating && attr(planned, name).is_null() {
            out.insert(A::from(sqs), String::new());
        }
    }
    if boolean(planned, "fifo_queue")? == Some(true) {
        if creating {
            out.insert(A::FifoQueue, "true".into());
        }
        out.insert(
            A::ContentBasedDeduplication,
            boolean(planned, "content_based_deduplication")?
                .unwrap_or(false)
                .to_string(),
        );
    }
    Ok(out)
}

#[async_trait]
impl Resource for Queue {
    fn type_name(&self) -> &'static str {
        "aws_sqs_queue"
    }

    fn json_attributes(&self) -> &'static [&'static str] {
        &["policy", "redrive_policy"]
    }

    fn schema(&self) -> Schema {
        let mut attrs = vec![
            ("name", optc(Type::String).force_new()),
            ("name_prefix", optc(Type::String).force_new()),
            ("fifo_queue", opt(Type::Bool).force_new()),
            ("content_based_deduplication", opt(Type::Bool)),
            ("policy", optc(Type::String)),
            ("redrive_policy", optc(Type::String)),
            ("arn", comp(Type::String)),
            ("url", comp(Type::String)),
        ];
        for (name, _, default) in NUMBERS {
            attrs.push((
                name,
                if *default < 0 {
                    optc(Type::Number)
                } else {
                    opt(Type::Number)
                },
            ));
        }
        attrs.extend(tags());
        schema(attrs)
    }

    fn defaults(&self) -> Vec<(&'static str, Value)> {
        // max_message_size has no default: AWS's changed, so it is computed.
        let mut d: Vec<(&'static str, Value)> = NUMBERS
            .iter()
            .filter(|(_, _, v)| *v >= 0)
            .map(|(n, _, v)| (*n, number(*v)))
            .collect();
        d.push(("fifo_queue", Value::Bool(false)));
        d.push(("content_based_deduplication", Value::Bool(false)));
        d
    }

    async fn create(&self, aws: &Aws, planned: &Value) -> Result<Value, Diagnostics> {
        let fifo = boolean(planned, "fifo_queue")? == Some(true);
        let name = match string(planned, "name")? {
            Some(n) => n,
            None => {
                let base = crate::naming::unique(string(planned, "name_prefix")?.as_deref());
                if fifo {
                    format!("{base}.fifo")
                } else {
                    base
                }
            }
        };
        let tags = tag_map(planned, "tags_all")?;
        let out = aws
            .sqs
            .create_queue()
            .queue_name(&name)
            .set_attributes(Some(attributes(planned, true)?))
            .set_tags((!tags.is_empty()).then(|| tags.into_iter().collect()))
            .send()
            .await
            .map_err(|e| aws_err("CreateQueue", e))?;
        let url = out.queue_url().unwrap_or_default().to_string();
        Ok(with_all(
            planned,
            [("id", Value::string(&url)), ("name", Value::string(name))],
        ))
    }

    async fn update(&self, aws: &Aws, prior: &Value, planned: &Value) -> Result<(), Diagnostics> {
        let url = req_string(prior, "id")?;
        aws.sqs
            .set_queue_attributes()
            .queue_url(&url)
            .set_attributes(Some(attributes(planned, false)?))
            .send()
            .await
            .map_err(|e| aws_err("SetQueueAttributes", e))?;
        let old = tag_map(prior, "tags_all")?;
        let new = tag_map(planned, "tags_all")?;
        let removed: Vec<String> = old
            .keys()
            .filter(|k| !new.contains_key(*k))
            .cloned()
            .collect();
        if !removed.is_empty() {
            aws.sqs
                .untag_queue()
                .queue_url(&url)
                .set_tag_keys(Some(removed))
                .send()
                .await
                .map_err(|e| aws_err("UntagQueue", e))?;
        }
        if !new.is_empty() && old != new {
            aws.sqs
                .tag_queue()
                .queue_url(&url)
                .set_tags(Some(new.into_iter().collect()))
                .send()
                .await
                .map_err(|e| aws_err("TagQueue", e))?;
        }
        Ok(())
    }

    async fn delete(&self, aws: &Aws, prior: &Value) -> Result<(), Diagnostics> {
        match aws
            .sqs
            .delete_queue()
            .queue_url(req_string(prior, "id")?)
            .send()
            .await
        {
            Ok(_) => Ok(()),
            Err(e) => {
                let e = aws_err("DeleteQueue", e);
                if e.is_not_found() {
                    Ok(())
                } else {
                    Err(e.into())
                }
            }
        }
    }

    async fn read(&self, aws: &Aws, state: &Value) -> Result<Option<Value>, Diagnostics> {
        let url = req_string(state, "id")?;
        let out = match aws
            .sqs
            .get_queue_attributes()
            .queue_url(&url)
            .attribute_names(A::All)
            .send()
            .await
        {
            Ok(o) => o,
            Err(e) => {
                let e = aws_err("GetQueueAttributes", e);
                return if e.is_not_found() {
                    Ok(None)
                } else {
                    Err(e.into())
                };
            }
        };
        let a = out.attributes().cloned().unwrap_or_default();
        let get = |k: &str| a.get(&A::from(k)).cloned();
        let tags = aws
            .sqs
            .list_queue_tags()
            .queue_url(&url)
            .send()
            .await
            .map_err(|e| aws_err("ListQueueTags", e))?;
        let name = url.rsplit('/').next().unwrap_or_default().to_string();
        let mut set: Vec<(&'static str, Value)> = vec![
            ("name", Value::string(name)),
            ("url", Value::string(&url)),
            ("arn", crate::attrs::opt_str(get("QueueArn").as_deref())),
            (
                "fifo_queue",
                Value::Bool(get("FifoQueue").as_deref() == Some("true")),
            ),
            (
                "content_based_deduplication",
                Value::Bool(get("ContentBasedDeduplication").as_deref() == Some("true")),
            ),
            (
                "policy",
                keep_json(
                    attr(state, "policy"),
                    get("Policy").as_deref().filter(|s| !s.is_empty()),
                ),
            ),
            (
                "redrive_policy",
                keep_json(
                    attr(state, "redrive_policy"),
                    get("RedrivePolicy").as_deref().filter(|s| !s.is_empty()),
                ),
            ),
            (
                "tags_all",
                tags_value(tags.tags().cloned().unwrap_or_default()),
            ),
        ];
        for (name, sqs, default) in NUMBERS {
            let n = get(sqs)
                .and_then(|s| s.parse::<i64>().ok())
                .unwrap_or(*default);
            set.push((
                name,
                if n < 0 {
                    Value::Null(Type::Number)
                } else {
                    number(n)
                },
            ));
        }
        Ok(Some(zero_if_null(with_all(state, set), UNSET_AS_ZERO)))
    }
}
