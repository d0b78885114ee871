//! `aws_secretsmanager_secret`: a secret's metadata. ID: the secret ARN.
//! Destroying it schedules deletion after `recovery_window_in_days`, or
//! deletes at once when that is 0.

use async_trait::async_trait;
use aws_sdk_secretsmanager::types::Tag;
use terrace_provider_sdk::{Diagnostics, Schema, Type, Value};

use crate::attrs::{
    attr, int, non_empty, number, opt_str, req_string, string, tag_map, tags_value, with_all,
};
use crate::common::{comp, opt, optc, schema, tags, zero_if_null};
use crate::config::Aws;
use crate::error::aws_err;
use crate::resource::Resource;

pub(crate) struct Secret;

/// Attributes the Terraform provider stores as `""` when unset.
const UNSET_AS_ZERO: &[&str] = &["name_prefix", "kms_key_id"];

fn sm_tags(m: std::collections::BTreeMap<String, String>) -> Vec<Tag> {
    m.into_iter()
        .map(|(k, v)| Tag::builder().key(k).value(v).build())
        .collect()
}

#[async_trait]
impl Resource for Secret {
    fn type_name(&self) -> &'static str {
        "aws_secretsmanager_secret"
    }

    fn schema(&self) -> Schema {
        let mut attrs = vec![
            ("name", optc(Type::String).force_new()),
            ("name_prefix", optc(Type::String).force_new()),
            ("description", opt(Type::String)),
            ("kms_key_id", opt(Type::String)),
            ("recovery_window_in_days", opt(Type::Number)),
            ("force_overwrite_replica_secret", opt(Type::Bool)),
            ("arn", comp(Type::String)),
        ];
        attrs.extend(tags());
        schema(attrs)
    }

    fn defaults(&self) -> Vec<(&'static str, Value)> {
        vec![
            ("recovery_window_in_days", number(30)),
            ("kms_key_id", Value::string("")),
            ("force_overwrite_replica_secret", Value::Bool(false)),
        ]
    }

    async fn create(&self, aws: &Aws, planned: &Value) -> Result<Value, Diagnostics> {
        let name = match string(planned, "name")? {
            Some(n) => n,
            None => crate::naming::unique(string(planned, "name_prefix")?.as_deref()),
        };
        let tags = tag_map(planned, "tags_all")?;
        let out = aws
            .secrets
            .create_secret()
            .name(&name)
            .set_description(string(planned, "description")?)
            .set_kms_key_id(non_empty(planned, "kms_key_id")?)
            .set_tags((!tags.is_empty()).then(|| sm_tags(tags)))
            .send()
            .await
            .map_err(|e| aws_err("CreateSecret", e))?;
        Ok(with_all(
            planned,
            [
                ("id", Value::string(out.arn().unwrap_or_default())),
                ("name", Value::string(name)),
            ],
        ))
    }

    async fn update(&self, aws: &Aws, prior: &Value, planned: &Value) -> Result<(), Diagnostics> {
        let arn = req_string(prior, "id")?;
        if !attr(prior, "description").same_as(attr(planned, "description"))
            || !attr(prior, "kms_key_id").same_as(attr(planned, "kms_key_id"))
        {
            aws.secrets
                .update_secret()
                .secret_id(&arn)
                .description(string(planned, "description")?.unwrap_or_default())
                .set_kms_key_id(non_empty(planned, "kms_key_id")?)
                .send()
                .await
                .map_err(|e| aws_err("UpdateSecret", e))?;
        }
        let old = tag_map(prior, "tags_all")?;
        let new = tag_map(planned, "tags_all")?;
        let removed: Vec<String> = old
            .keys()
            .filter(|k| !new.contains_key(*k))
            .cloned()
            .collect();
        if !removed.is_empty() {
            aws.secrets
                .untag_resource()
                .secret_id(&arn)
                .set_tag_keys(Some(removed))
                .send()
                .await
                .map_err(|e| aws_err("UntagResource", e))?;
        }
        if !new.is_empty() && old != new {
            aws.secrets
                .tag_resource()
                .secret_id(&arn)
                .set_tags(Some(sm_tags(new)))
                .send()
                .await
                .map_err(|e| aws_err("TagResource", e))?;
        }
        Ok(())
    }

    async fn delete(&self, aws: &Aws, prior: &Value) -> Result<(), Diagnostics> {
        let window = int(prior, "recovery_window_in_days")?.unwrap_or(30);
        let mut req = aws
            .secrets
            .delete_secret()
            .secret_id(req_string(prior, "id")?);
        req = if window == 0 {
            req.force_delete_without_recovery(true)
        } else {
            req.recovery_window_in_days(window)
        };
        req.send().await.map_err(|e| aws_err("DeleteSecret", e))?;
        Ok(())
    }

    async fn read(&self, aws: &Aws, state: &Value) -> Result<Option<Value>, Diagnostics> {
        let arn = req_string(state, "id")?;
        let out = match aws.secrets.describe_secret().secret_id(&arn).send().await {
            Ok(o) => o,
            Err(e) => {
                let e = aws_err("DescribeSecret", e);
                return if e.is_not_found() {
                    Ok(None)
                } else {
                    Err(e.into())
                };
            }
        };
        if out.deleted_date().is_some() {
            return Ok(None);
        }
        Ok(Some(zero_if_null(
            with_all(
                state,
                [
                    ("arn", opt_str(out.arn())),
                    ("name", opt_str(out.name())),
                    (
                        "description",
                        opt_str(out.description().filter(|d| !d.is_empty())),
                    ),
                    ("kms_key_id", opt_str(out.kms_key_id())),
                    (
                        "tags_all",
                        tags_value(out.tags().iter().map(|t| {
                            (
                                t.key().unwrap_or_default().to_string(),
                                t.value().unwrap_or_default().to_string(),
                            )
                        })),
                    ),
                ],
            ),
            UNSET_AS_ZERO,
        )))
    }
}
