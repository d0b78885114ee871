//! `data "aws_s3_bucket"`: an existing bucket's ARN, domain names and region.

use async_trait::async_trait;
use terrace_provider_sdk::{Diagnostic, Diagnostics, Schema, Type, Value};

use crate::attrs::{req_string, with_all};
use crate::common::{comp, req, schema};
use crate::config::Aws;
use crate::resource::DataSource;

pub(crate) struct BucketData;

#[async_trait]
impl DataSource for BucketData {
    fn type_name(&self) -> &'static str {
        "aws_s3_bucket"
    }

    fn schema(&self) -> Schema {
        schema(vec![
            ("bucket", req(Type::String)),
            ("arn", comp(Type::String)),
            ("bucket_domain_name", comp(Type::String)),
            ("bucket_regional_domain_name", comp(Type::String)),
            ("region", comp(Type::String)),
        ])
    }

    async fn read(&self, aws: &Aws, config: &Value) -> Result<Value, Diagnostics> {
        let bucket = req_string(config, "bucket")?;
        let Some(region) = super::bucket::region_of(aws, &bucket).await? else {
            return Err(Diagnostic::error(
                "Bucket not found",
                format!("No S3 bucket named {bucket:?} exists."),
            )
            .into());
        };
        let mut set = super::bucket::derived(aws, &bucket, &region);
        set.push(("id", Value::string(&bucket)));
        Ok(with_all(config, set))
    }
}
