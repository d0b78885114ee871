//! `aws_elasticache_cluster`: a Memcached or Redis cache cluster. ID and
//! import ID: the cluster ID. Settings other than tags replace the cluster.

use async_trait::async_trait;
use aws_sdk_elasticache::types::{CacheCluster, Tag};
use terrace_provider_sdk::{Diagnostics, Schema, Type, Value};

use crate::attrs::{int, opt_int, opt_str, req_string, string, tag_map, tags_value, with_all};
use crate::common::{comp, optc, req, schema, tags};
use crate::config::Aws;
use crate::error::aws_err;
use crate::resource::Resource;

pub(crate) struct Cluster;

fn ec_tags(m: std::collections::BTreeMap<String, String>) -> Vec<Tag> {
    m.into_iter()
        .map(|(k, v)| Tag::builder().key(k).value(v).build())
        .collect()
}

async fn describe(aws: &Aws, id: &str) -> Result<Option<CacheCluster>, Diagnostics> {
    match aws
        .elasticache
        .describe_cache_clusters()
        .cache_cluster_id(id)
        .show_cache_node_info(true)
        .send()
        .await
    {
        Ok(out) => Ok(out.cache_clusters().first().cloned()),
        Err(e) => {
            let e = aws_err("DescribeCacheClusters", e);
            if e.is_not_found() {
                Ok(None)
            } else {
                Err(e.into())
            }
        }
    }
}

#[async_trait]
impl Resource for Cluster {
    fn type_name(&self) -> &'static str {
        "aws_elasticache_cluster"
    }

    fn schema(&self) -> Schema {
        let mut attrs = vec![
            ("cluster_id", req(Type::String).force_new()),
            ("engine", optc(Type::String).force_new()),
            ("engine_version", optc(Type::String).force_new()),
            ("node_type", optc(Type::String).force_new()),
            ("num_cache_nodes", optc(Type::Number).force_new()),
            ("parameter_group_name", optc(Type::String).force_new()),
            ("port", optc(Type::Number).force_new()),
            ("subnet_group_name", optc(Type::String).force_new()),
            ("arn", comp(Type::String)),
            ("cluster_address", comp(Type::String)),
            ("configuration_endpoint", comp(Type::String)),
        ];
        attrs.extend(tags());
        schema(attrs)
    }

    async fn create(&self, aws: &Aws, planned: &Value) -> Result<Value, Diagnostics> {
        let id = req_string(planned, "cluster_id")?;
        let tags = tag_map(planned, "tags_all")?;
        aws.elasticache
            .create_cache_cluster()
            .cache_cluster_id(&id)
            .set_engine(string(planned, "engine")?)
            .set_engine_version(string(planned, "engine_version")?)
            .set_cache_node_type(string(planned, "node_type")?)
            .set_num_cache_nodes(int(planned, "num_cache_nodes")?.map(|n| n as i32))
            .set_cache_parameter_group_name(string(planned, "parameter_group_name")?)
            .set_port(int(planned, "port")?.map(|n| n as i32))
            .set_cache_subnet_group_name(string(planned, "subnet_group_name")?)
            .set_tags((!tags.is_empty()).then(|| ec_tags(tags)))
            .send()
            .await
            .map_err(|e| aws_err("CreateCacheCluster", e))?;
        Ok(with_all(planned, [("id", Value::string(&id))]))
    }

    async fn update(&self, aws: &Aws, prior: &Value, planned: &Value) -> Result<(), Diagnostics> {
        let arn = req_string(prior, "arn")?;
        let old = tag_map(prior, "tags_all")?;
        let new = tag_map(planned, "tags_all")?;
        let removed: Vec<String> = old
            .keys()
            .filter(|k| !new.contains_key(*k))
            .cloned()
            .collect();
        if !removed.is_empty() {
            aws.elasticache
                .remove_tags_from_resource()
                .resource_name(&arn)
                .set_tag_keys(Some(removed))
                .send()
                .await
                .map_err(|e| aws_err("RemoveTagsFromResource", e))?;
        }
        if !new.is_empty() && old != new {
            aws.elasticache
                .add_tags_to_resource()
                .resource_name(&arn)
                .set_tags(Some(ec_tags(new)))
                .send()
                .await
                .map_err(|e| aws_err("AddTagsToResource", e))?;
        }
        Ok(())
    }

    async fn delete(&self, aws: &Aws, prior: &Value) -> Result<(), Diagnostics> {
        match aws
            .elasticache
            .delete_cache_cluster()
            .cache_cluster_id(req_string(prior, "id")?)
            .send()
            .await
        {
            Ok(_) => Ok(()),
            Err(e) => {
                let e = aws_err("DeleteCacheCluster", e);
                if e.is_not_found() {
                    Ok(())
                } else {
                    Err(e.into())
                }
            }
        }
    }

    async fn read(&self, aws: &Aws, state: &Value) -> Result<Option<Value>, Diagnostics> {
        let id = req_string(state, "id")?;
        let Some(c) = describe(aws, &id).await? else {
            return Ok(None);
        };
        if c.cache_cluster_status() == Some("deleting") {
            return Ok(None);
        }
        let arn = c.arn().unwrap_or_default().to_string();
        let tags = aws
            .elasticache
            .list_tags_for_resource()
            .resource_name(&arn)
            .send()
            .await
            .map_err(|e| aws_err("ListTagsForResource", e))?;
        let endpoint = c.configuration_endpoint();
        let port = endpoint.and_then(|e| e.port()).or_else(|| {
            c.cache_nodes()
                .first()
                .and_then(|n| n.endpoint())
                .and_then(|e| e.port())
        });
        Ok(Some(with_all(
            state,
            [
                ("cluster_id", Value::string(&id)),
                ("arn", Value::string(&arn)),
                ("engine", opt_str(c.engine())),
                ("engine_version", opt_str(c.engine_version())),
                ("node_type", opt_str(c.cache_node_type())),
                (
                    "num_cache_nodes",
                    opt_int(c.num_cache_nodes().map(i64::from)),
                ),
                (
                    "parameter_group_name",
                    opt_str(
                        c.cache_parameter_group()
                            .and_then(|g| g.cache_parameter_group_name()),
                    ),
                ),
                ("subnet_group_name", opt_str(c.cache_subnet_group_name())),
                ("port", opt_int(port.map(i64::from))),
                (
                    "cluster_address",
                    opt_str(endpoint.and_then(|e| e.address())),
                ),
                (
                    "configuration_endpoint",
                    match endpoint.and_then(|e| Some(format!("{}:{}", e.address()?, e.port()?))) {
                        Some(s) => Value::string(s),
                        None => Value::Null(Type::String),
                    },
                ),
                (
                    "tags_all",
                    tags_value(tags.tag_list().iter().map(|t| {
                        (
                            t.key().unwrap_or_default().to_string(),
                            t.value().unwrap_or_default().to_string(),
                        )
                    })),
                ),
            ],
        )))
    }
}
