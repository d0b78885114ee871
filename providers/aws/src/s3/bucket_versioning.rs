//! `aws_s3_bucket_versioning`: a bucket's versioning state. ID: the bucket
//! name. Destroying it suspends versioning, as Terraform's provider does.

use async_trait::async_trait;
use aws_sdk_s3::types::{BucketVersioningStatus, MfaDelete, VersioningConfiguration};
use terrace_provider_sdk::{Diagnostics, NestedBlock, Nesting, Schema, Type, Value};

use crate::attrs::{blocks, req_string, string, with_all};
use crate::common::{opt, optc, req, schema};
use crate::config::Aws;
use crate::error::aws_err;
use crate::resource::Resource;

pub(crate) struct BucketVersioning;

fn config_block() -> terrace_provider_sdk::Block {
    terrace_provider_sdk::Block::with_attributes([
        ("status", req(Type::String)),
        ("mfa_delete", opt(Type::String)),
    ])
}

async fn put(
    aws: &Aws,
    bucket: &str,
    status: &str,
    mfa: Option<String>,
) -> Result<(), Diagnostics> {
    let mut c = VersioningConfiguration::builder().status(BucketVersioningStatus::from(status));
    if let Some(m) = mfa.filter(|m| !m.is_empty()) {
        c = c.mfa_delete(MfaDelete::from(m.as_str()));
    }
    aws.s3
        .put_bucket_versioning()
        .bucket(bucket)
        .versioning_configuration(c.build())
        .send()
        .await
        .map_err(|e| aws_err("PutBucketVersioning", e))?;
    Ok(())
}

async fn put_planned(aws: &Aws, planned: &Value) -> Result<String, Diagnostics> {
    let bucket = req_string(planned, "bucket")?;
    let Some(c) = blocks(planned, "versioning_configuration").first() else {
        return Ok(bucket);
    };
    put(
        aws,
        &bucket,
        &req_string(c, "status")?,
        string(c, "mfa_delete")?,
    )
    .await?;
    Ok(bucket)
}

#[async_trait]
impl Resource for BucketVersioning {
    fn type_name(&self) -> &'static str {
        "aws_s3_bucket_versioning"
    }

    fn schema(&self) -> Schema {
        let mut s = schema(vec![
            ("bucket", req(Type::String).force_new()),
            ("expected_bucket_owner", optc(Type::String).force_new()),
            ("mfa", opt(Type::String)),
        ]);
        s.block.blocks.insert(
            "versioning_configuration".into(),
            NestedBlock {
                nesting: Nesting::List,
                block: config_block(),
                min_items: 1,
                max_items: 1,
            },
        );
        s
    }

    fn customize_plan(&self, _prior: Option<&Value>, planned: Value) -> Value {
        crate::resource::block_default(
            planned,
            "versioning_configuration",
            "mfa_delete",
            Value::string(""),
        )
    }

    async fn create(&self, aws: &Aws, planned: &Value) -> Result<Value, Diagnostics> {
        let bucket = put_planned(aws, planned).await?;
        Ok(with_all(planned, [("id", Value::string(bucket))]))
    }

    async fn update(&self, aws: &Aws, _prior: &Value, planned: &Value) -> Result<(), Diagnostics> {
        put_planned(aws, planned).await.map(|_| ())
    }

    async fn delete(&self, aws: &Aws, prior: &Value) -> Result<(), Diagnostics> {
        let bucket = req_string(prior, "id")?;
        let enabled = blocks(prior, "versioning_configuration")
            .first()
            .and_then(|c| string(c, "status").ok().flatten())
            .is_some_and(|s| s == "Enabled");
        if enabled && super::bucket::region_of(aws, &bucket).await?.is_some() {
            put(aws, &bucket, "Suspended", None).await?;
        }
        Ok(())
    }

    async fn read(&self, aws: &Aws, state: &Value) -> Result<Option<Value>, Diagnostics> {
        let bucket = req_string(state, "id")?;
        let out = match aws.s3.get_bucket_versioning().bucket(&bucket).send().await {
            Ok(o) => o,
            Err(e) => {
                let e = aws_err("GetBucketVersioning", e);
                return if e.is_not_found() {
                    Ok(None)
                } else {
                    Err(e.into())
                };
            }
        };
        let status = out.status().map(|s| s.as_str().to_string());
        let Some(status) = status else {
            // Never enabled: Terraform treats the resource as gone.
            return Ok(None);
        };
        // AWS reports Disabled when it was never set: keep what was stored,
        // and Terraform's default "" when nothing was (an import).
        let prior_mfa = blocks(state, "versioning_configuration")
            .first()
            .map(|c| crate::attrs::attr(c, "mfa_delete").clone())
            .unwrap_or(Value::Null(Type::String));
        let mfa = match out.mfa_delete().map(|m| m.as_str()) {
            Some("Enabled") => Value::string("Enabled"),
            Some("Disabled") if prior_mfa.as_str().is_some_and(|m| !m.is_empty()) => {
                Value::string("Disabled")
            }
            _ if prior_mfa.is_null() => Value::string(""),
            _ => prior_mfa,
        };
        let ty = config_block().value_type();
        let c = Value::Object(
            [
                ("status".to_string(), Value::string(status)),
                ("mfa_delete".to_string(), mfa),
            ]
            .into(),
        );
        Ok(Some(with_all(
            state,
            [
                ("bucket", Value::string(&bucket)),
                ("versioning_configuration", Value::List(ty, vec![c])),
                (
                    "expected_bucket_owner",
                    Value::string(
                        crate::attrs::attr(state, "expected_bucket_owner")
                            .as_str()
                            .unwrap_or_default(),
                    ),
                ),
            ],
        )))
    }
}
