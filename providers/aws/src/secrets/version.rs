//! `aws_secretsmanager_secret_version`: one value of a secret. ID and import
//! ID: `secret_arn|version_id`. Destroying it takes away its staging labels
//! (a current version stays until a newer one replaces it, as in Terraform).

use async_trait::async_trait;
use terrace_provider_sdk::{Diagnostic, Diagnostics, Schema, Type, Value};

use crate::attrs::{attr, opt_str, req_string, string, string_set, strings, with_all};
use crate::common::{comp, opt, optc, req, schema};
use crate::config::Aws;
use crate::error::aws_err;
use crate::resource::Resource;

pub(crate) struct Version;

fn split(id: &str) -> Result<(&str, &str), Diagnostics> {
    id.split_once('|').ok_or_else(|| {
        Diagnostic::error(
            "Invalid import ID",
            "An aws_secretsmanager_secret_version ID is secret_arn|version_id.",
        )
        .into()
    })
}

#[async_trait]
impl Resource for Version {
    fn type_name(&self) -> &'static str {
        "aws_secretsmanager_secret_version"
    }

    fn schema(&self) -> Schema {
        schema(vec![
            ("secret_id", req(Type::String).force_new()),
            ("secret_string", opt(Type::String).sensitive().force_new()),
            ("secret_binary", opt(Type::String).sensitive().force_new()),
            ("version_stages", optc(Type::set(Type::String))),
            ("version_id", comp(Type::String)),
            ("arn", comp(Type::String)),
        ])
    }

    fn defaults(&self) -> Vec<(&'static str, Value)> {
        vec![("secret_binary", Value::string(""))]
    }

    async fn create(&self, aws: &Aws, planned: &Value) -> Result<Value, Diagnostics> {
        let stages = strings(planned, "version_stages")?;
        let out = aws
            .secrets
            .put_secret_value()
            .secret_id(req_string(planned, "secret_id")?)
            .client_request_token(crate::naming::unique_id("terraform-"))
            .set_secret_string(string(planned, "secret_string")?)
            .set_version_stages((!stages.is_empty()).then_some(stages))
            .send()
            .await
            .map_err(|e| aws_err("PutSecretValue", e))?;
        let arn = out.arn().unwrap_or_default();
        let version = out.version_id().unwrap_or_default();
        Ok(with_all(
            planned,
            [
                ("id", Value::string(format!("{arn}|{version}"))),
                ("arn", Value::string(arn)),
                ("version_id", Value::string(version)),
            ],
        ))
    }

    async fn update(&self, aws: &Aws, prior: &Value, planned: &Value) -> Result<(), Diagnostics> {
        let id = req_string(prior, "id")?;
        let (arn, version) = split(&id)?;
        let old = strings(prior, "version_stages")?;
        let new = strings(planned, "version_stages")?;
        for s in new.iter().filter(|s| !old.contains(s)) {
            aws.secrets
                .update_secret_version_stage()
                .secret_id(arn)
                .version_stage(s)
                .move_to_version_id(version)
                .send()
                .await
                .map_err(|e| aws_err("UpdateSecretVersionStage", e))?;
        }
        for s in old
            .iter()
            .filter(|s| !new.contains(s) && *s != "AWSCURRENT")
        {
            aws.secrets
                .update_secret_version_stage()
                .secret_id(arn)
                .version_stage(s)
                .remove_from_version_id(version)
                .send()
                .await
                .map_err(|e| aws_err("UpdateSecretVersionStage", e))?;
        }
        Ok(())
    }

    async fn delete(&self, aws: &Aws, prior: &Value) -> Result<(), Diagnostics> {
        let id = req_string(prior, "id")?;
        let (arn, version) = split(&id)?;
        for s in strings(prior, "version_stages")? {
            if s == "AWSCURRENT" {
                continue;
            }
            match aws
                .secrets
                .update_secret_version_stage()
                .secret_id(arn)
                .version_stage(&s)
                .remove_from_version_id(version)
                .send()
                .await
            {
                Ok(_) => {}
                Err(e) => {
                    let e = aws_err("UpdateSecretVersionStage", e);
                    if !e.is_not_found() {
                        return Err(e.into());
                    }
                }
            }
        }
        Ok(())
    }

    async fn read(&self, aws: &Aws, state: &Value) -> Result<Option<Value>, Diagnostics> {
        let id = req_string(state, "id")?;
        let (arn, version) = split(&id)?;
        let out = match aws
            .secrets
            .get_secret_value()
            .secret_id(arn)
            .version_id(version)
            .send()
            .await
        {
            Ok(o) => o,
            Err(e) => {
                let e = aws_err("GetSecretValue", e);
                return if e.is_not_found() || e.is("InvalidRequestException") {
                    Ok(None)
                } else {
                    Err(e.into())
                };
            }
        };
        Ok(Some(with_all(
            state,
            [
                ("secret_id", Value::string(arn)),
                ("arn", opt_str(out.arn())),
                ("version_id", opt_str(out.version_id())),
                ("secret_string", opt_str(out.secret_string())),
                (
                    "secret_binary",
                    Value::string(attr(state, "secret_binary").as_str().unwrap_or_default()),
                ),
                ("version_stages", string_set(out.version_stages())),
            ],
        )))
    }

    fn import(&self, id: &str) -> Result<Value, Diagnostics> {
        let (arn, version) = split(id)?;
        Ok(Value::Object(
            [
                ("id".to_string(), Value::string(id)),
                ("secret_id".to_string(), Value::string(arn)),
                ("version_id".to_string(), Value::string(version)),
            ]
            .into(),
        ))
    }
}
