//! `data "aws_caller_identity"` and `data "aws_region"`: who and where the
//! provider is working.

use async_trait::async_trait;
use terrace_provider_sdk::{Diagnostics, Schema, Type, Value};

use crate::attrs::{opt_str, with_all};
use crate::common::{comp, optc, schema};
use crate::config::Aws;
use crate::error::aws_err;
use crate::resource::DataSource;

pub(crate) struct CallerIdentity;

#[async_trait]
impl DataSource for CallerIdentity {
    fn type_name(&self) -> &'static str {
        "aws_caller_identity"
    }

    fn schema(&self) -> Schema {
        schema(vec![
            ("account_id", comp(Type::String)),
            ("arn", comp(Type::String)),
            ("user_id", comp(Type::String)),
        ])
    }

    async fn read(&self, aws: &Aws, config: &Value) -> Result<Value, Diagnostics> {
        let out = aws
            .sts
            .get_caller_identity()
            .send()
            .await
            .map_err(|e| aws_err("GetCallerIdentity", e))?;
        Ok(with_all(
            config,
            [
                ("id", opt_str(out.account())),
                ("account_id", opt_str(out.account())),
                ("arn", opt_str(out.arn())),
                ("user_id", opt_str(out.user_id())),
            ],
        ))
    }
}

pub(crate) struct Region;

#[async_trait]
impl DataSource for Region {
    fn type_name(&self) -> &'static str {
        "aws_region"
    }

    fn schema(&self) -> Schema {
        schema(vec![
            ("name", optc(Type::String)),
            ("region", optc(Type::String)),
            ("endpoint", comp(Type::String)),
            ("description", comp(Type::String)),
        ])
    }

    async fn read(&self, aws: &Aws, config: &Value) -> Result<Value, Diagnostics> {
        let name = crate::attrs::string(config, "region")?
            .or(crate::attrs::string(config, "name")?)
            .unwrap_or_else(|| aws.region.clone());
        Ok(with_all(
            config,
            [
                ("id", Value::string(&name)),
                ("name", Value::string(&name)),
                ("region", Value::string(&name)),
                (
                    "endpoint",
                    Value::string(format!("ec2.{name}.amazonaws.com")),
                ),
                ("description", Value::string(name.clone())),
            ],
        ))
    }
}
