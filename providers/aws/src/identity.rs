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
                ("description", Value::string(description(&name))),
            ],
        ))
    }
}

/// A region's description, as the AWS SDKs' endpoint data gives it (the
/// region's name for one it does not know).
fn description(region: &str) -> String {
    REGIONS
        .iter()
        .find(|(r, _)| *r == region)
        .map_or(region, |(_, d)| d)
        .to_string()
}

const REGIONS: &[(&str, &str)] = &[
    ("af-south-1", "Africa (Cape Town)"),
    ("ap-east-1", "Asia Pacific (Hong Kong)"),
    ("ap-east-2", "Asia Pacific (Taipei)"),
    ("ap-northeast-1", "Asia Pacific (Tokyo)"),
    ("ap-northeast-2", "Asia Pacific (Seoul)"),
    ("ap-northeast-3", "Asia Pacific (Osaka)"),
    ("ap-south-1", "Asia Pacific (Mumbai)"),
    ("ap-south-2", "Asia Pacific (Hyderabad)"),
    ("ap-southeast-1", "Asia Pacific (Singapore)"),
    ("ap-southeast-2", "Asia Pacific (Sydney)"),
    ("ap-southeast-3", "Asia Pacific (Jakarta)"),
    ("ap-southeast-4", "Asia Pacific (Melbourne)"),
    ("ap-southeast-5", "Asia Pacific (Malaysia)"),
    ("ap-southeast-6", "Asia Pacific (New Zealand)"),
    ("ap-southeast-7", "Asia Pacific (Thailand)"),
    ("ca-central-1", "Canada (Central)"),
    ("ca-west-1", "Canada West (Calgary)"),
    ("eu-central-1", "Europe (Frankfurt)"),
    ("eu-central-2", "Europe (Zurich)"),
    ("eu-north-1", "Europe (Stockholm)"),
    ("eu-south-1", "Europe (Milan)"),
    ("eu-south-2", "Europe (Spain)"),
    ("eu-west-1", "Europe (Ireland)"),
    ("eu-west-2", "Europe (London)"),
    ("eu-west-3", "Europe (Paris)"),
    ("il-central-1", "Israel (Tel Aviv)"),
    ("me-central-1", "Middle East (UAE)"),
    ("me-south-1", "Middle East (Bahrain)"),
    ("mx-central-1", "Mexico (Central)"),
    ("sa-east-1", "South America (Sao Paulo)"),
    ("us-east-1", "US East (N. Virginia)"),
    ("us-east-2", "US East (Ohio)"),
    ("us-west-1", "US West (N. California)"),
    ("us-west-2", "US West (Oregon)"),
    ("cn-north-1", "China (Beijing)"),
    ("cn-northwest-1", "China (Ningxia)"),
    ("us-gov-east-1", "AWS GovCloud (US-East)"),
    ("us-gov-west-1", "AWS GovCloud (US-West)"),
    ("us-iso-east-1", "US ISO East"),
    ("us-iso-west-1", "US ISO WEST"),
    ("us-isob-east-1", "US ISOB East (Ohio)"),
    ("us-isob-west-1", "US ISOB West"),
    ("eu-isoe-west-1", "EU ISOE West"),
    ("us-isof-east-1", "US ISOF EAST"),
    ("us-isof-south-1", "US ISOF SOUTH"),
    ("eusc-de-east-1", "AWS European Sovereign Cloud (Germany)"),
];
