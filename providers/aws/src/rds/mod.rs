//! Amazon RDS: database instances, their subnet and parameter groups.

pub(crate) mod instance;
pub(crate) mod instance_data;
pub(crate) mod parameter_group;
pub(crate) mod subnet_group;

use aws_sdk_rds::types::Tag;
use terrace_provider_sdk::{Diagnostics, Value};

use crate::attrs::{tag_map, tags_value};
use crate::config::Aws;
use crate::error::aws_err;

/// RDS tags of a map.
pub(crate) fn tags(m: std::collections::BTreeMap<String, String>) -> Vec<Tag> {
    m.into_iter()
        .map(|(k, v)| Tag::builder().key(k).value(v).build())
        .collect()
}

/// The tags of an RDS resource by ARN.
pub(crate) async fn read_tags(aws: &Aws, arn: &str) -> Result<Value, Diagnostics> {
    let out = aws
        .rds
        .list_tags_for_resource()
        .resource_name(arn)
        .send()
        .await
        .map_err(|e| aws_err("ListTagsForResource", e))?;
    Ok(tags_value(out.tag_list().iter().map(|t| {
        (
            t.key().unwrap_or_default().to_string(),
            t.value().unwrap_or_default().to_string(),
        )
    })))
}

/// Brings an RDS resource's tags from `prior`'s `tags_all` to `planned`'s.
pub(crate) async fn update_tags(
    aws: &Aws,
    arn: &str,
    prior: &Value,
    planned: &Value,
) -> Result<(), Diagnostics> {
    let old = tag_map(prior, "tags_all")?;
    let new = tag_map(planned, "tags_all")?;
    let removed: Vec<String> = old
        .keys()
        .filter(|k| !new.contains_key(*k))
        .cloned()
        .collect();
    if !removed.is_empty() {
        aws.rds
            .remove_tags_from_resource()
            .resource_name(arn)
            .set_tag_keys(Some(removed))
            .send()
            .await
            .map_err(|e| aws_err("RemoveTagsFromResource", e))?;
    }
    if !new.is_empty() && old != new {
        aws.rds
            .add_tags_to_resource()
            .resource_name(arn)
            .set_tags(Some(tags(new)))
            .send()
            .await
            .map_err(|e| aws_err("AddTagsToResource", e))?;
    }
    Ok(())
}
