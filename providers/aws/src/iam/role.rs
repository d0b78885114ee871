//! `aws_iam_role`: a role and its trust policy. ID: the role name.

use async_trait::async_trait;
use terrace_provider_sdk::{Diagnostics, Schema, Type, Value};

use crate::attrs::{
    attr, boolean, int, non_empty, number, opt_str, req_string, string, tag_map, tags_value,
    with_all,
};
use crate::common::{comp, keep_json, opt, optc, req, schema, tags, zero_if_null};
use crate::config::Aws;
use crate::error::aws_err;
use crate::resource::Resource;

pub(crate) struct Role;

/// Attributes the Terraform provider stores as `""` when unset.
const UNSET_AS_ZERO: &[&str] = &["name_prefix", "permissions_boundary"];

async fn detach_all(aws: &Aws, name: &str) -> Result<(), Diagnostics> {
    let out = aws
        .iam
        .list_attached_role_policies()
        .role_name(name)
        .send()
        .await
        .map_err(|e| aws_err("ListAttachedRolePolicies", e))?;
    for p in out.attached_policies() {
        if let Some(arn) = p.policy_arn() {
            aws.iam
                .detach_role_policy()
                .role_name(name)
                .policy_arn(arn)
                .send()
                .await
                .map_err(|e| aws_err("DetachRolePolicy", e))?;
        }
    }
    let inline = aws
        .iam
        .list_role_policies()
        .role_name(name)
        .send()
        .await
        .map_err(|e| aws_err("ListRolePolicies", e))?;
    for p in inline.policy_names() {
        aws.iam
            .delete_role_policy()
            .role_name(name)
            .policy_name(p)
            .send()
            .await
            .map_err(|e| aws_err("DeleteRolePolicy", e))?;
    }
    Ok(())
}

#[async_trait]
impl Resource for Role {
    fn type_name(&self) -> &'static str {
        "aws_iam_role"
    }

    fn json_attributes(&self) -> &'static [&'static str] {
        &["assume_role_policy"]
    }

    fn schema(&self) -> Schema {
        let mut attrs = vec![
            ("name", optc(Type::String).force_new()),
            ("name_prefix", optc(Type::String).force_new()),
            ("assume_role_policy", req(Type::String)),
            ("description", opt(Type::String)),
            ("path", opt(Type::String).force_new()),
            ("max_session_duration", opt(Type::Number)),
            ("force_detach_policies", opt(Type::Bool)),
            ("permissions_boundary", opt(Type::String)),
            ("arn", comp(Type::String)),
            ("unique_id", comp(Type::String)),
            ("create_date", comp(Type::String)),
        ];
        attrs.extend(tags());
        schema(attrs)
    }

    fn defaults(&self) -> Vec<(&'static str, Value)> {
        vec![
            ("path", Value::string("/")),
            ("max_session_duration", number(3600)),
            ("force_detach_policies", Value::Bool(false)),
            ("permissions_boundary", Value::string("")),
        ]
    }

    async fn create(&self, aws: &Aws, planned: &Value) -> Result<Value, Diagnostics> {
        let name = match string(planned, "name")? {
            Some(n) => n,
            None => crate::naming::unique(string(planned, "name_prefix")?.as_deref()),
        };
        let tags = tag_map(planned, "tags_all")?;
        aws.iam
            .create_role()
            .role_name(&name)
            .assume_role_policy_document(req_string(planned, "assume_role_policy")?)
            .set_description(string(planned, "description")?)
            .set_path(string(planned, "path")?)
            .set_max_session_duration(int(planned, "max_session_duration")?.map(|d| d as i32))
            .set_permissions_boundary(non_empty(planned, "permissions_boundary")?)
            .set_tags((!tags.is_empty()).then(|| super::tags(tags)).transpose()?)
            .send()
            .await
            .map_err(|e| aws_err("CreateRole", e))?;
        Ok(with_all(
            planned,
            [("id", Value::string(&name)), ("name", Value::string(&name))],
        ))
    }

    async fn update(&self, aws: &Aws, prior: &Value, planned: &Value) -> Result<(), Diagnostics> {
        let name = req_string(prior, "id")?;
        if !attr(prior, "assume_role_policy").same_as(attr(planned, "assume_role_policy")) {
            aws.iam
                .update_assume_role_policy()
                .role_name(&name)
                .policy_document(req_string(planned, "assume_role_policy")?)
                .send()
                .await
                .map_err(|e| aws_err("UpdateAssumeRolePolicy", e))?;
        }
        if !attr(prior, "description").same_as(attr(planned, "description"))
            || !attr(prior, "max_session_duration").same_as(attr(planned, "max_session_duration"))
        {
            aws.iam
                .update_role()
                .role_name(&name)
                .description(string(planned, "description")?.unwrap_or_default())
                .set_max_session_duration(int(planned, "max_session_duration")?.map(|d| d as i32))
                .send()
                .await
                .map_err(|e| aws_err("UpdateRole", e))?;
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
                .untag_role()
                .role_name(&name)
                .set_tag_keys(Some(removed))
                .send()
                .await
                .map_err(|e| aws_err("UntagRole", e))?;
        }
        if !new.is_empty() && old != new {
            aws.iam
                .tag_role()
                .role_name(&name)
                .set_tags(Some(super::tags(new)?))
                .send()
                .await
                .map_err(|e| aws_err("TagRole", e))?;
        }
        Ok(())
    }

    async fn delete(&self, aws: &Aws, prior: &Value) -> Result<(), Diagnostics> {
        let name = req_string(prior, "id")?;
        if boolean(prior, "force_detach_policies")? == Some(true) {
            detach_all(aws, &name).await?;
        }
        // Attachments destroyed in the same run may still be on their way
        // out: IAM answers DeleteConflict until they are, so retry a while.
        let mut delay = std::time::Duration::from_millis(200);
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
        loop {
            match aws.iam.delete_role().role_name(&name).send().await {
                Ok(_) => return Ok(()),
                Err(e) => {
                    let e = aws_err("DeleteRole", e);
                    if e.is_not_found() {
                        return Ok(());
                    }
                    if !e.is("DeleteConflict") || std::time::Instant::now() > deadline {
                        return Err(e.into());
                    }
                }
            }
            tokio::time::sleep(delay).await;
            delay = (delay * 2).min(std::time::Duration::from_secs(5));
        }
    }

    async fn read(&self, aws: &Aws, state: &Value) -> Result<Option<Value>, Diagnostics> {
        let name = req_string(state, "id")?;
        let out = match aws.iam.get_role().role_name(&name).send().await {
            Ok(o) => o,
            Err(e) => {
                let e = aws_err("GetRole", e);
                return if e.is_not_found() {
                    Ok(None)
                } else {
                    Err(e.into())
                };
            }
        };
        let Some(r) = out.role() else {
            return Ok(None);
        };
        let doc = r.assume_role_policy_document().map(super::decode);
        let tags = aws
            .iam
            .list_role_tags()
            .role_name(&name)
            .send()
            .await
            .map_err(|e| aws_err("ListRoleTags", e))?;
        Ok(Some(zero_if_null(
            with_all(
                state,
                [
                    ("name", Value::string(r.role_name())),
                    ("arn", Value::string(r.arn())),
                    ("unique_id", Value::string(r.role_id())),
                    ("path", Value::string(r.path())),
                    ("create_date", Value::string(r.create_date().to_string())),
                    (
                        "description",
                        opt_str(r.description().filter(|d| !d.is_empty())),
                    ),
                    (
                        "max_session_duration",
                        number(i64::from(r.max_session_duration().unwrap_or(3600))),
                    ),
                    (
                        "assume_role_policy",
                        keep_json(attr(state, "assume_role_policy"), doc.as_deref()),
                    ),
                    (
                        "permissions_boundary",
                        opt_str(
                            r.permissions_boundary()
                                .and_then(|b| b.permissions_boundary_arn()),
                        ),
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
