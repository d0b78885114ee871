//! `aws_s3_object`: one object from `content`, `content_base64` or a
//! `source` file. `id` is the key; import IDs are `bucket/key`. The planned
//! `etag` is the MD5 of the content, so an object changed elsewhere shows up
//! as a difference and is uploaded again.

use async_trait::async_trait;
use aws_sdk_s3::primitives::ByteStream;
use base64::Engine;
use md5::{Digest, Md5};
use terrace_provider_sdk::{Diagnostic, Diagnostics, Schema, Type, Value};

use crate::attrs::{attr, req_string, string, tag_map, tags_value, with, with_all};
use crate::common::{comp, opt, optc, req, schema, tags};
use crate::config::Aws;
use crate::error::aws_err;
use crate::resource::Resource;

pub(crate) struct Object;

fn body(planned: &Value) -> Result<Option<Vec<u8>>, Diagnostics> {
    if let Some(c) = string(planned, "content")? {
        return Ok(Some(c.into_bytes()));
    }
    if let Some(b) = string(planned, "content_base64")? {
        return base64::engine::general_purpose::STANDARD
            .decode(b)
            .map(Some)
            .map_err(|_| {
                Diagnostic::error(
                    "Invalid value for \"content_base64\"",
                    "content_base64 must be valid base64.",
                )
                .into()
            });
    }
    if let Some(path) = string(planned, "source")? {
        return std::fs::read(&path).map(Some).map_err(|e| {
            Diagnostic::error(
                "Invalid value for \"source\"",
                format!("Cannot read the file {path}: {e}"),
            )
            .into()
        });
    }
    Ok(None)
}

fn tagging(planned: &Value) -> Result<Option<String>, Diagnostics> {
    let all = tag_map(planned, "tags_all")?;
    if all.is_empty() {
        return Ok(None);
    }
    let enc = |s: &str| {
        percent_encoding::utf8_percent_encode(s, percent_encoding::NON_ALPHANUMERIC).to_string()
    };
    Ok(Some(
        all.iter()
            .map(|(k, v)| format!("{}={}", enc(k), enc(v)))
            .collect::<Vec<_>>()
            .join("&"),
    ))
}

async fn put(aws: &Aws, planned: &Value) -> Result<(), Diagnostics> {
    let data = body(planned)?.unwrap_or_default();
    aws.s3
        .put_object()
        .bucket(req_string(planned, "bucket")?)
        .key(req_string(planned, "key")?)
        .set_content_type(string(planned, "content_type")?)
        .set_tagging(tagging(planned)?)
        .body(ByteStream::from(data))
        .send()
        .await
        .map_err(|e| aws_err("PutObject", e))?;
    Ok(())
}

#[async_trait]
impl Resource for Object {
    fn type_name(&self) -> &'static str {
        "aws_s3_object"
    }

    fn schema(&self) -> Schema {
        let mut attrs = vec![
            ("bucket", req(Type::String).force_new()),
            ("key", req(Type::String).force_new()),
            ("content", opt(Type::String)),
            ("content_base64", opt(Type::String)),
            ("source", opt(Type::String)),
            ("content_type", optc(Type::String)),
            ("etag", optc(Type::String)),
            ("version_id", comp(Type::String)),
        ];
        attrs.extend(tags());
        schema(attrs)
    }

    fn customize_plan(&self, prior: Option<&Value>, planned: Value) -> Value {
        if !attr(&planned, "etag").is_null()
            && prior.is_some_and(|p| attr(p, "etag").same_as(attr(&planned, "etag")))
        {
            // Keep going: the content decides below.
        }
        let known = ["content", "content_base64", "source"]
            .iter()
            .all(|n| attr(&planned, n).is_known());
        match body(&planned) {
            Ok(Some(data)) if known => {
                let digest = Md5::digest(&data);
                let etag: String = digest.iter().map(|b| format!("{b:02x}")).collect();
                let changed = prior.is_none_or(|p| attr(p, "etag").as_str() != Some(etag.as_str()));
                let p = with(&planned, "etag", Value::string(etag));
                if changed {
                    with(&p, "version_id", Value::Unknown(Type::String))
                } else {
                    p
                }
            }
            _ => planned,
        }
    }

    async fn create(&self, aws: &Aws, planned: &Value) -> Result<Value, Diagnostics> {
        put(aws, planned).await?;
        Ok(with(
            planned,
            "id",
            Value::string(req_string(planned, "key")?),
        ))
    }

    async fn update(&self, aws: &Aws, prior: &Value, planned: &Value) -> Result<(), Diagnostics> {
        let content_changed = [
            "content",
            "content_base64",
            "source",
            "etag",
            "content_type",
        ]
        .iter()
        .any(|n| !attr(prior, n).same_as(attr(planned, n)));
        if content_changed {
            return put(aws, planned).await;
        }
        let all = tag_map(planned, "tags_all")?;
        let mut t = aws_sdk_s3::types::Tagging::builder();
        for (k, v) in all {
            t = t.tag_set(
                aws_sdk_s3::types::Tag::builder()
                    .key(k)
                    .value(v)
                    .build()
                    .map_err(|e| crate::error::build("PutObjectTagging", e))?,
            );
        }
        aws.s3
            .put_object_tagging()
            .bucket(req_string(planned, "bucket")?)
            .key(req_string(planned, "key")?)
            .tagging(
                t.build()
                    .map_err(|e| crate::error::build("PutObjectTagging", e))?,
            )
            .send()
            .await
            .map_err(|e| aws_err("PutObjectTagging", e))?;
        Ok(())
    }

    async fn delete(&self, aws: &Aws, prior: &Value) -> Result<(), Diagnostics> {
        aws.s3
            .delete_object()
            .bucket(req_string(prior, "bucket")?)
            .key(req_string(prior, "key")?)
            .send()
            .await
            .map_err(|e| aws_err("DeleteObject", e))?;
        Ok(())
    }

    async fn read(&self, aws: &Aws, state: &Value) -> Result<Option<Value>, Diagnostics> {
        let bucket = req_string(state, "bucket")?;
        let key = req_string(state, "key")?;
        let head = match aws.s3.head_object().bucket(&bucket).key(&key).send().await {
            Ok(h) => h,
            Err(e) => {
                let e = aws_err("HeadObject", e);
                return if e.is_not_found() {
                    Ok(None)
                } else {
                    Err(e.into())
                };
            }
        };
        let tags = aws
            .s3
            .get_object_tagging()
            .bucket(&bucket)
            .key(&key)
            .send()
            .await
            .map_err(|e| aws_err("GetObjectTagging", e))?;
        let etag = head.e_tag().map(|e| e.trim_matches('"').to_string());
        Ok(Some(with_all(
            state,
            [
                ("id", Value::string(&key)),
                ("etag", crate::attrs::opt_str(etag.as_deref())),
                ("content_type", crate::attrs::opt_str(head.content_type())),
                (
                    "version_id",
                    Value::string(head.version_id().unwrap_or_default()),
                ),
                (
                    "tags_all",
                    tags_value(
                        tags.tag_set()
                            .iter()
                            .map(|t| (t.key().to_string(), t.value().to_string())),
                    ),
                ),
            ],
        )))
    }

    fn import(&self, id: &str) -> Result<Value, Diagnostics> {
        let id = id.strip_prefix("s3://").unwrap_or(id);
        let Some((bucket, key)) = id.split_once('/') else {
            return Err(Diagnostic::error(
                "Invalid import ID",
                format!("An aws_s3_object import ID is bucket/key, got {id:?}."),
            )
            .into());
        };
        Ok(Value::Object(
            [
                ("id".to_string(), Value::string(key)),
                ("bucket".to_string(), Value::string(bucket)),
                ("key".to_string(), Value::string(key)),
            ]
            .into(),
        ))
    }
}
