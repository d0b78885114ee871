//! `aws_s3_bucket`: a bucket, its tags, and `force_destroy` emptying it
//! before deletion. ID: the bucket name.

use async_trait::async_trait;
use aws_sdk_s3::types::{BucketLocationConstraint, CreateBucketConfiguration, Tag, Tagging};
use terrace_provider_sdk::{Diagnostics, Schema, Type, Value};

use crate::attrs::{attr, boolean, req_string, string, tag_map, tags_value, with_all};
use crate::common::{comp, opt, optc, schema, tags, zero_if_null};
use crate::config::Aws;
use crate::error::aws_err;
use crate::resource::Resource;

pub(crate) struct Bucket;

/// Attributes the Terraform provider stores as `""` when unset.
const UNSET_AS_ZERO: &[&str] = &["bucket_prefix"];

/// The bucket's computed names, as the Terraform provider derives them.
pub(crate) fn derived(aws: &Aws, bucket: &str, region: &str) -> Vec<(&'static str, Value)> {
    let _ = aws;
    vec![
        ("arn", Value::string(format!("arn:aws:s3:::{bucket}"))),
        (
            "bucket_domain_name",
            Value::string(format!("{bucket}.s3.amazonaws.com")),
        ),
        (
            "bucket_regional_domain_name",
            Value::string(format!("{bucket}.s3.{region}.amazonaws.com")),
        ),
        ("region", Value::string(region)),
    ]
}

/// The bucket's region from GetBucketLocation; `None` when it is gone.
pub(crate) async fn region_of(aws: &Aws, bucket: &str) -> Result<Option<String>, Diagnostics> {
    match aws.s3.get_bucket_location().bucket(bucket).send().await {
        Ok(out) => Ok(Some(
            out.location_constraint()
                .map(|c| c.as_str().to_string())
                .filter(|c| !c.is_empty())
                .unwrap_or_else(|| "us-east-1".to_string()),
        )),
        Err(e) => {
            let e = aws_err("GetBucketLocation", e);
            if e.is_not_found() {
                Ok(None)
            } else {
                Err(e.into())
            }
        }
    }
}

async fn put_tags(aws: &Aws, bucket: &str, planned: &Value) -> Result<(), Diagnostics> {
    let all = tag_map(planned, "tags_all")?;
    if all.is_empty() {
        aws.s3
            .delete_bucket_tagging()
            .bucket(bucket)
            .send()
            .await
            .map_err(|e| aws_err("DeleteBucketTagging", e))?;
        return Ok(());
    }
    let mut tagging = Tagging::builder();
    for (k, v) in all {
        tagging = tagging.tag_set(
            Tag::builder()
                .key(k)
                .value(v)
                .build()
                .map_err(|e| crate::error::build("PutBucketTagging", e))?,
        );
    }
    aws.s3
        .put_bucket_tagging()
        .bucket(bucket)
        .tagging(
            tagging
                .build()
                .map_err(|e| crate::error::build("PutBucketTagging", e))?,
        )
        .send()
        .await
        .map_err(|e| aws_err("PutBucketTagging", e))?;
    Ok(())
}

async fn empty_bucket(aws: &Aws, bucket: &str) -> Result<(), Diagnostics> {
    let mut key_marker = None;
    let mut version_marker = None;
    loop {
        let out = aws
            .s3
            .list_object_versions()
            .bucket(bucket)
            .set_key_marker(key_marker.clone())
            .set_version_id_marker(version_marker.clone())
            .send()
            .await
            .map_err(|e| aws_err("ListObjectVersions", e))?;
        let mut targets: Vec<(String, Option<String>)> = Vec::new();
        for v in out.versions() {
            targets.push((
                v.key().unwrap_or_default().to_string(),
                v.version_id().map(str::to_string),
            ));
        }
        for m in out.delete_markers() {
            targets.push((
                m.key().unwrap_or_default().to_string(),
                m.version_id().map(str::to_string),
            ));
        }
        for (key, version) in targets {
            aws.s3
                .delete_object()
                .bucket(bucket)
                .key(key)
                .set_version_id(version.filter(|v| v != "null"))
                .send()
                .await
                .map_err(|e| aws_err("DeleteObject", e))?;
        }
        if out.is_truncated() != Some(true) {
            return Ok(());
        }
        key_marker = out.next_key_marker().map(str::to_string);
        version_marker = out.next_version_id_marker().map(str::to_string);
    }
}

#[async_trait]
impl Resource for Bucket {
    fn type_name(&self) -> &'static str {
        "aws_s3_bucket"
    }

    fn schema(&self) -> Schema {
        let mut attrs = vec![
            ("bucket", optc(Type::String).force_new()),
            ("bucket_prefix", optc(Type::String).force_new()),
            ("force_destroy", opt(Type::Bool)),
            ("object_lock_enabled", optc(Type::Bool).force_new()),
            ("arn", comp(Type::String)),
            ("bucket_domain_name", comp(Type::String)),
            ("bucket_regional_domain_name", comp(Type::String)),
            ("region", comp(Type::String)),
        ];
        attrs.extend(tags());
        schema(attrs)
    }

    fn defaults(&self) -> Vec<(&'static str, Value)> {
        vec![("force_destroy", Value::Bool(false))]
    }

    async fn create(&self, aws: &Aws, planned: &Value) -> Result<Value, Diagnostics> {
        let bucket = match string(planned, "bucket")? {
            Some(b) => b,
            None => crate::naming::unique(string(planned, "bucket_prefix")?.as_deref()),
        };
        let mut req = aws.s3.create_bucket().bucket(&bucket);
        if aws.region != "us-east-1" {
            req = req.create_bucket_configuration(
                CreateBucketConfiguration::builder()
                    .location_constraint(BucketLocationConstraint::from(aws.region.as_str()))
                    .build(),
            );
        }
        if boolean(planned, "object_lock_enabled")? == Some(true) {
            req = req.object_lock_enabled_for_bucket(true);
        }
        req.send().await.map_err(|e| aws_err("CreateBucket", e))?;
        if !tag_map(planned, "tags_all")?.is_empty() {
            put_tags(aws, &bucket, planned).await?;
        }
        Ok(with_all(
            planned,
            [
                ("id", Value::string(&bucket)),
                ("bucket", Value::string(&bucket)),
            ],
        ))
    }

    async fn update(&self, aws: &Aws, prior: &Value, planned: &Value) -> Result<(), Diagnostics> {
        if !attr(prior, "tags_all").same_as(attr(planned, "tags_all")) {
            put_tags(aws, &req_string(prior, "id")?, planned).await?;
        }
        Ok(())
    }

    async fn delete(&self, aws: &Aws, prior: &Value) -> Result<(), Diagnostics> {
        let bucket = req_string(prior, "id")?;
        if boolean(prior, "force_destroy")? == Some(true) {
            empty_bucket(aws, &bucket).await?;
        }
        match aws.s3.delete_bucket().bucket(&bucket).send().await {
            Ok(_) => Ok(()),
            Err(e) => {
                let e = aws_err("DeleteBucket", e);
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
        let Some(region) = region_of(aws, &bucket).await? else {
            return Ok(None);
        };
        let tags = match aws.s3.get_bucket_tagging().bucket(&bucket).send().await {
            Ok(out) => tags_value(
                out.tag_set()
                    .iter()
                    .map(|t| (t.key().to_string(), t.value().to_string())),
            ),
            Err(e) => {
                let e = aws_err("GetBucketTagging", e);
                if e.is("NoSuchTagSet") || e.is_not_found() {
                    tags_value(Vec::<(String, String)>::new())
                } else {
                    return Err(e.into());
                }
            }
        };
        let lock = match aws
            .s3
            .get_object_lock_configuration()
            .bucket(&bucket)
            .send()
            .await
        {
            Ok(out) => out
                .object_lock_configuration()
                .and_then(|c| c.object_lock_enabled())
                .is_some_and(|e| e.as_str() == "Enabled"),
            Err(_) => false,
        };
        let mut set = derived(aws, &bucket, &region);
        set.push(("id", Value::string(&bucket)));
        set.push(("bucket", Value::string(&bucket)));
        set.push(("tags_all", tags));
        set.push(("object_lock_enabled", Value::Bool(lock)));
        if attr(state, "force_destroy").is_null() {
            set.push(("force_destroy", Value::Bool(false)));
        }
        Ok(Some(zero_if_null(with_all(state, set), UNSET_AS_ZERO)))
    }
}
