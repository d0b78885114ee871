//! `aws_iam_role_policy_attachment`: a managed policy attached to a role.
//! ID: the role name, a dash and a unique suffix, as the Terraform provider
//! makes it; import ID: `role/policy_arn`.

use async_trait::async_trait;
use terrace_provider_sdk::{Diagnostic, Diagnostics, Schema, Type, Value};

use crate::attrs::{req_string, with_all};
use crate::common::{req, schema};
use crate::config::Aws;
use crate::error::aws_err;
use crate::resource::Resource;

pub(crate) struct Attachment;

#[async_trait]
impl Resource for Attachment {
    fn type_name(&self) -> &'static str {
        "aws_iam_role_policy_attachment"
    }

    fn schema(&self) -> Schema {
        schema(vec![
            ("role", req(Type::String).force_new()),
            ("policy_arn", req(Type::String).force_new()),
        ])
    }

    async fn create(&self, aws: &Aws, planned: &Value) -> Result<Value, Diagnostics> {
        let role = req_string(planned, "role")?;
        let arn = req_string(planned, "policy_arn")?;
        aws.iam
            .attach_role_policy()
            .role_name(&role)
            .policy_arn(&arn)
            .send()
            .await
            .map_err(|e| aws_err("AttachRolePolicy", e))?;
        Ok(with_all(
            planned,
            [(
                "id",
                Value::string(crate::naming::unique_id(&format!("{role}-"))),
            )],
        ))
    }

    async fn update(
        &self,
        _aws: &Aws,
        _prior: &Value,
        _planned: &Value,
    ) -> Result<(), Diagnostics> {
        Ok(())
    }

    async fn delete(&self, aws: &Aws, prior: &Value) -> Result<(), Diagnostics> {
        match aws
            .iam
            .detach_role_policy()
            .role_name(req_string(prior, "role")?)
            .policy_arn(req_string(prior, "policy_arn")?)
            .send()
            .await
        {
            Ok(_) => Ok(()),
            Err(e) => {
                let e = aws_err("DetachRolePolicy", e);
                if e.is_not_found() {
                    Ok(())
                } else {
                    Err(e.into())
                }
            }
        }
    }

    async fn read(&self, aws: &Aws, state: &Value) -> Result<Option<Value>, Diagnostics> {
        let role = req_string(state, "role")?;
        let arn = req_string(state, "policy_arn")?;
        let mut marker = None;
        loop {
            let out = match aws
                .iam
                .list_attached_role_policies()
                .role_name(&role)
                .set_marker(marker)
                .send()
                .await
            {
                Ok(o) => o,
                Err(e) => {
                    let e = aws_err("ListAttachedRolePolicies", e);
                    return if e.is_not_found() {
                        Ok(None)
                    } else {
                        Err(e.into())
                    };
                }
            };
            if out
                .attached_policies()
                .iter()
                .any(|p| p.policy_arn() == Some(arn.as_str()))
            {
                return Ok(Some(state.clone()));
            }
            if !out.is_truncated() {
                return Ok(None);
            }
            marker = out.marker().map(str::to_string);
        }
    }

    fn import(&self, id: &str) -> Result<Value, Diagnostics> {
        let Some((role, arn)) = id.split_once('/') else {
            return Err(Diagnostic::error(
                "Invalid import ID",
                format!(
                    "An aws_iam_role_policy_attachment import ID is role/policy_arn, got {id:?}."
                ),
            )
            .into());
        };
        Ok(Value::Object(
            [
                ("id".to_string(), Value::string(id)),
                ("role".to_string(), Value::string(role)),
                ("policy_arn".to_string(), Value::string(arn)),
            ]
            .into(),
        ))
    }
}
