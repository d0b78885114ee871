//! `aws_sns_topic`: a topic. ID: the topic ARN.

use async_trait::async_trait;
use aws_sdk_sns::types::Tag;
use terrace_provider_sdk::{Diagnostics, Schema, Type, Value};

use crate::attrs::{
    attr, boolean, non_empty, opt_str, req_string, string, tag_map, tags_value, with_all,
};
use crate::common::{comp, keep_json, opt, optc, schema, tags, zero_if_null};
use crate::config::Aws;
use crate::error::{aws_err, build};
use crate::resource::Resource;

pub(crate) struct Topic;

/// Attributes the Terraform provider stores as `""` when unset.
const UNSET_AS_ZERO: &[&str] = &["name_prefix", "display_name"];

fn sns_tags(m: std::collections::BTreeMap<String, String>) -> Result<Vec<Tag>, Diagnostics> {
    m.into_iter()
        .map(|(k, v)| {
            Tag::builder()
                .key(k)
                .value(v)
                .build()
                .map_err(|e| build("TagResource", e))
        })
        .collect()
}

async fn set_attr(
    aws: &Aws,
    arn: &str,
    name: &str,
    value: Option<String>,
) -> Result<(), Diagnostics> {
    aws.sns
        .set_topic_attributes()
        .topic_arn(arn)
        .attribute_name(name)
        .attribute_value(value.unwrap_or_default())
        .send()
        .await
        .map_err(|e| aws_err("SetTopicAttributes", e))?;
    Ok(())
}

#[async_trait]
impl Resource for Topic {
    fn type_name(&self) -> &'static str {
        "aws_sns_topic"
    }

    fn json_attributes(&self) -> &'static [&'static str] {
        &["policy"]
    }

    fn schema(&self) -> Schema {
        let mut attrs = vec![
            ("name", optc(Type::String).force_new()),
            ("name_prefix", optc(Type::String).force_new()),
            ("display_name", opt(Type::String)),
            ("policy", optc(Type::String)),
            ("fifo_topic", opt(Type::Bool).force_new()),
            ("content_based_deduplication", opt(Type::Bool)),
            ("arn", comp(Type::String)),
            ("owner", comp(Type::String)),
        ];
        attrs.extend(tags());
        schema(attrs)
    }

    fn defaults(&self) -> Vec<(&'static str, Value)> {
        vec![
            ("fifo_topic", Value::Bool(false)),
            ("content_based_deduplication", Value::Bool(false)),
            ("display_name", Value::string("")),
        ]
    }

    async fn create(&self, aws: &Aws, planned: &Value) -> Result<Value, Diagnostics> {
        let fifo = boolean(planned, "fifo_topic")? == Some(true);
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
        let mut req = aws.sns.create_topic().name(&name);
        if fifo {
            req = req.attributes("FifoTopic", "true");
        }
        if let Some(d) = non_empty(planned, "display_name")? {
            req = req.attributes("DisplayName", d);
        }
        if let Some(p) = string(planned, "policy")? {
            req = req.attributes("Policy", p);
        }
        let tags = tag_map(planned, "tags_all")?;
        if !tags.is_empty() {
            req = req.set_tags(Some(sns_tags(tags)?));
        }
        let out = req.send().await.map_err(|e| aws_err("CreateTopic", e))?;
        let arn = out.topic_arn().unwrap_or_default().to_string();
        Ok(with_all(
            planned,
            [("id", Value::string(&arn)), ("name", Value::string(name))],
        ))
    }

    async fn update(&self, aws: &Aws, prior: &Value, planned: &Value) -> Result<(), Diagnostics> {
        let arn = req_string(prior, "id")?;
        for (name, key) in [("display_name", "DisplayName"), ("policy", "Policy")] {
            if !attr(prior, name).same_as(attr(planned, name)) {
                set_attr(aws, &arn, key, string(planned, name)?).await?;
            }
        }
        let old = tag_map(prior, "tags_all")?;
        let new = tag_map(planned, "tags_all")?;
        let removed: Vec<String> = old
            .keys()
            .filter(|k| !new.contains_key(*k))
            .cloned()
            .collect();
        if !removed.is_empty() {
            aws.sns
                .untag_resource()
                .resource_arn(&arn)
                .set_tag_keys(Some(removed))
                .send()
                .await
                .map_err(|e| aws_err("UntagResource", e))?;
        }
        if !new.is_empty() && old != new {
            aws.sns
                .tag_resource()
                .resource_arn(&arn)
                .set_tags(Some(sns_tags(new)?))
                .send()
                .await
                .map_err(|e| aws_err("TagResource", e))?;
        }
        Ok(())
    }

    async fn delete(&self, aws: &Aws, prior: &Value) -> Result<(), Diagnostics> {
        aws.sns
            .delete_topic()
            .topic_arn(req_string(prior, "id")?)
            .send()
            .await
            .map_err(|e| aws_err("DeleteTopic", e))?;
        Ok(())
    }

    async fn read(&self, aws: &Aws, state: &Value) -> Result<Option<Value>, Diagnostics> {
        let arn = req_string(state, "id")?;
        let out = match aws.sns.get_topic_attributes().topic_arn(&arn).send().await {
            Ok(o) => o,
            Err(e) => {
                let e = aws_err("GetTopicAttributes", e);
                return if e.is_not_found() {
                    Ok(None)
                } else {
                    Err(e.into())
                };
            }
        };
        let a = out.attributes().cloned().unwrap_or_default();
        let tags = aws
            .sns
            .list_tags_for_resource()
            .resource_arn(&arn)
            .send()
            .await
            .map_err(|e| aws_err("ListTagsForResource", e))?;
        let name = arn.rsplit(':').next().unwrap_or_default().to_string();
        let display = a.get("DisplayName").filter(|s| !s.is_empty());
        Ok(Some(zero_if_null(
            with_all(
                state,
                [
                    ("name", Value::string(name)),
                    ("arn", Value::string(&arn)),
                    ("owner", opt_str(a.get("Owner").map(String::as_str))),
                    ("display_name", opt_str(display.map(String::as_str))),
                    (
                        "policy",
                        keep_json(attr(state, "policy"), a.get("Policy").map(String::as_str)),
                    ),
                    (
                        "fifo_topic",
                        Value::Bool(a.get("FifoTopic").map(String::as_str) == Some("true")),
                    ),
                    (
                        "tags_all",
                        tags_value(
                            tags.tags()
                                .iter()
                                .map(|t| (t.key().to_string(), t.value().to_string())),
                        ),
                    ),
                ],
            ),
            UNSET_AS_ZERO,
        )))
    }
}
