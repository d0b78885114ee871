//! `aws_iam_policy`: a customer managed policy. ID: the policy ARN. A new
//! document becomes a new default version; the oldest version is removed
//! when IAM's limit of five would be passed.

use async_trait::async_trait;
use terrace_provider_sdk::{Diagnostics, Schema, Type, Value};

use crate::attrs::{attr, opt_str, req_string, string, tag_map, tags_value, with_all};
use crate::common::{comp, keep_json, opt, optc, req, schema, tags, zero_if_null};
use crate::config::Aws;
use crate::error::aws_err;
use crate::resource::Resource;

pub(crate) struct Policy;

/// Attributes the Terraform provider stores as `""` when unset.
const UNSET_AS_ZERO: &[&str] = &["name_prefix"];

async fn versions(
    aws: &Aws,
    arn: &str,
) -> Result<Vec<aws_sdk_iam::types::PolicyVersion>, Diagnostics> {
    let out = aws
        .iam
        .list_policy_versions()
        .policy_arn(arn)
        .send()
        .await
        .map_err(|e| aws_err("ListPolicyVersions", e))?;
    Ok(out.versions().to_vec())
}

async fn delete_version(aws: &Aws, arn: &str, id: &str) -> Result<(), Diagnostics> {
    aws.iam
        .delete_policy_version()
        .policy_arn(arn)
        .version_id(id)
        .send()
        .await
        .map_err(|e| aws_err("DeletePolicyVersion", e))?;
    Ok(())
}

#[async_trait]
impl Resource for Policy {
    fn type_name(&self) -> &'static str {
        "aws_iam_policy"
    }

    fn json_attributes(&self) -> &'static [&'static str] {
        &["policy"]
    }

    fn schema(&self) -> Schema {
        let mut attrs = vec![
            ("name", optc(Type::String).force_new()),
            ("name_prefix", optc(Type::String).force_new()),
            ("path", opt(Type::String).force_new()),
            ("description", opt(Type::String).force_new()),
            ("policy", req(Type::String)),
            ("arn", comp(Type::String)),
            ("policy_id", comp(Type::String)),
            ("attachment_count", comp(Type::Number)),
        ];
        attrs.extend(tags());
        schema(attrs)
    }

    fn defaults(&self) -> Vec<(&'static str, Value)> {
        vec![("path", Value::string("/"))]
    }

    async fn create(&self, aws: &Aws, planned: &Value) -> Result<Value, Diagnostics> {
        let name = match string(planned, "name")? {
            Some(n) => n,
            None => crate::naming::unique(string(planned, "name_prefix")?.as_deref()),
        };
        let tags = tag_map(planned, "tags_all")?;
        let out = aws
            .iam
            .create_policy()
            .policy_name(&name)
            .policy_document(req_string(planned, "policy")?)
            .set_path(string(planned, "path")?)
            .set_description(string(planned, "description")?)
            .set_tags((!tags.is_empty()).then(|| super::tags(tags)).transpose()?)
            .send()
            .await
            .map_err(|e| aws_err("CreatePolicy", e))?;
        let arn = out
            .policy()
            .and_then(|p| p.arn())
            .unwrap_or_default()
            .to_string();
        Ok(with_all(
            planned,
            [("id", Value::string(&arn)), ("name", Value::string(name))],
        ))
    }

    async fn update(&self, aws: &Aws, prior: &Value, planned: &Value) -> Result<(), Diagnostics> {
        let arn = req_string(prior, "id")?;
        if !attr(prior, "policy").same_as(attr(planned, "policy")) {
            let existing = versions(aws, &arn).await?;
            if existing.len() >= 5 {
                if let Some(oldest) = existing
                    .iter()
                    .filter(|v| !v.is_default_version())
                    .min_by_key(|v| v.create_date().map(|d| d.secs()))
                    .and_then(|v| v.version_id())
                {
                    delete_version(aws, &arn, oldest).await?;
                }
            }
            aws.iam
                .create_policy_version()
                .policy_arn(&arn)
                .policy_document(req_string(planned, "policy")?)
                .set_as_default(true)
                .send()
                .await
                .map_err(|e| aws_err("CreatePolicyVersion", e))?;
        }
        let old = tag_map(prior, "tags_all")?;
        let new = tag_map(planned, "tags_all")?;
        let removed: Vec<String> = old
            .keys()
            .filter(|k| !new.contains_key(*k))
            .cloned()
            .collect();
        if !removed.is_empty() {
            aws.iam
                .untag_policy()
                .policy_arn(&arn)
                .set_tag_keys(Some(removed))
                .send()
                .await
                .map_err(|e| aws_err("UntagPolicy", e))?;
        }
        if !new.is_empty() && old != new {
            aws.iam
                .tag_policy()
                .policy_arn(&arn)
                .set_tags(Some(super::tags(new)?))
                .send()
                .await
                .map_err(|e| aws_err("TagPolicy", e))?;
        }
        Ok(())
    }

    async fn delete(&self, aws: &Aws, prior: &Value) -> Result<(), Diagnostics> {
        let arn = req_string(prior, "id")?;
        for v in versions(aws, &arn).await? {
            if !v.is_default_version() {
                if let Some(id) = v.version_id() {
                    delete_version(aws, &arn, id).await?;
                }
            }
        }
        aws.iam
            .delete_policy()
            .policy_arn(&arn)
            .send()
            .await
            .map_err(|e| aws_err("DeletePolicy", e))?;
        Ok(())
    }

    async fn read(&self, aws: &Aws, state: &Value) -> Result<Option<Value>, Diagnostics> {
        let arn = req_string(state, "id")?;
        let out = match aws.iam.get_policy().policy_arn(&arn).send().await {
            Ok(o) => o,
            Err(e) => {
                let e = aws_err("GetPolicy", e);
                return if e.is_not_found() {
                    Ok(None)
                } else {
                    Err(e.into())
                };
            }
        };
        let Some(p) = out.policy() else {
            return Ok(None);
        };
        let version = aws
            .iam
            .get_policy_version()
            .policy_arn(&arn)
            .version_id(p.default_version_id().unwrap_or("v1"))
            .send()
            .await
            .map_err(|e| aws_err("GetPolicyVersion", e))?;
        let doc = version
            .policy_version()
            .and_then(|v| v.document())
            .map(super::decode);
        let tags = aws
            .iam
            .list_policy_tags()
            .policy_arn(&arn)
            .send()
            .await
            .map_err(|e| aws_err("ListPolicyTags", e))?;
        Ok(Some(zero_if_null(
            with_all(
                state,
                [
                    ("arn", Value::string(&arn)),
                    ("name", opt_str(p.policy_name())),
                    ("path", opt_str(p.path())),
                    (
                        "description",
                        opt_str(p.description().filter(|d| !d.is_empty())),
                    ),
                    ("policy_id", opt_str(p.policy_id())),
                    (
                        "attachment_count",
                        crate::attrs::opt_int(p.attachment_count().map(i64::from)),
                    ),
                    ("policy", keep_json(attr(state, "policy"), doc.as_deref())),
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
