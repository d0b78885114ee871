//! `aws_s3_bucket_policy`: a bucket's policy document. ID: the bucket name.

use async_trait::async_trait;
use terrace_provider_sdk::{Diagnostics, Schema, Type, Value};

use crate::attrs::{attr, req_string, with_all};
use crate::common::{keep_json, req, schema};
use crate::config::Aws;
use crate::error::aws_err;
use crate::resource::Resource;

pub(crate) struct BucketPolicy;

async fn put(aws: &Aws, planned: &Value) -> Result<String, Diagnostics> {
    let bucket = req_string(planned, "bucket")?;
    aws.s3
        .put_bucket_policy()
        .bucket(&bucket)
        .policy(req_string(planned, "policy")?)
        .send()
        .await
        .map_err(|e| aws_err("PutBucketPolicy", e))?;
    Ok(bucket)
}

#[async_trait]
impl Resource for BucketPolicy {
    fn type_name(&self) -> &'static str {
        "aws_s3_bucket_policy"
    }

    fn json_attributes(&self) -> &'static [&'static str] {
        &["policy"]
    }

    fn schema(&self) -> Schema {
        schema(vec![
            ("bucket", req(Type::String).force_new()),
            ("policy", req(Type::String)),
        ])
    }

    async fn create(&self, aws: &Aws, planned: &Value) -> Result<Value, Diagnostics> {
        let bucket = put(aws, planned).await?;
        Ok(with_all(planned, [("id", Value::string(bucket))]))
    }

    async fn update(&self, aws: &Aws, _prior: &Value, planned: &Value) -> Result<(), Diagnostics> {
        put(aws, planned).await.map(|_| ())
    }

    async fn delete(&self, aws: &Aws, prior: &Value) -> Result<(), Diagnostics> {
        let bucket = req_string(prior, "id")?;
        match aws.s3.delete_bucket_policy().bucket(bucket).send().await {
            Ok(_) => Ok(()),
            Err(e) => {
                let e = aws_err("DeleteBucketPolicy", e);
                if e.is_not_found() {
                    Ok(())
                } else {
                    Err(e.into())
                }
            }
        }
    }

    async fn read(&self, aws: &Aws, state: &Value) -> Result<Option<Value>, Diagnostics> {
        let bucket = req_string(state, "id")?;
        match aws.s3.get_bucket_policy().bucket(&bucket).send().await {
            Ok(out) => Ok(Some(with_all(
                state,
                [
                    ("bucket", Value::string(&bucket)),
                    ("policy", keep_json(attr(state, "policy"), out.policy())),
                ],
            ))),
            Err(e) => {
                let e = aws_err("GetBucketPolicy", e);
                if e.is_not_found() {
                    Ok(None)
                } else {
                    Err(e.into())
                }
            }
        }
    }
}
