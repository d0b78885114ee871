//! `aws_elasticache_cluster`: a Memcached or Redis cache cluster. ID and
//! import ID: the cluster ID. As in the Terraform provider, the node type,
//! node count, engine version (upwards), parameter group, maintenance and
//! snapshot windows, security groups and notification topic change in place
//! through ModifyCacheCluster, applied at once only with `apply_immediately`;
//! the engine, port, subnet group and a lower engine version replace it.
//! What AWS does not report is stored as that provider stores it: `""`,
//! `0` or an empty set.

use std::time::{Duration, Instant};

use async_trait::async_trait;
use aws_sdk_elasticache::types::{CacheCluster, Tag};
use terrace_provider_sdk::{Diagnostic, Diagnostics, Path, Schema, Type, Value};

use crate::attrs::{
    attr, boolean, int, opt_int, opt_str, req_string, string, string_set, strings, tag_map,
    tags_value, with_all,
};
use crate::common::{comp, opt, optc, req, schema, tags};
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
            ("engine_version", optc(Type::String)),
            ("node_type", optc(Type::String)),
            ("num_cache_nodes", optc(Type::Number)),
            ("parameter_group_name", optc(Type::String)),
            ("port", optc(Type::Number).force_new()),
            ("subnet_group_name", optc(Type::String).force_new()),
            ("apply_immediately", optc(Type::Bool)),
            ("maintenance_window", optc(Type::String)),
            ("security_group_ids", optc(Type::set(Type::String))),
            ("snapshot_retention_limit", optc(Type::Number)),
            ("snapshot_window", optc(Type::String)),
            ("notification_topic_arn", opt(Type::String)),
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
            .set_preferred_maintenance_window(string(planned, "maintenance_window")?)
            .set_security_group_ids(known_strings(planned, "security_group_ids")?)
            .set_snapshot_retention_limit(
                int(planned, "snapshot_retention_limit")?.map(|n| n as i32),
            )
            .set_snapshot_window(string(planned, "snapshot_window")?)
            .set_notification_topic_arn(string(planned, "notification_topic_arn")?)
            .set_tags((!tags.is_empty()).then(|| ec_tags(tags)))
            .send()
            .await
            .map_err(|e| aws_err("CreateCacheCluster", e))?;
        Ok(with_all(planned, [("id", Value::string(&id))]))
    }

    fn replace_paths(&self, prior: &Value, planned: &Value) -> Vec<Path> {
        match (
            string(prior, "engine_version").ok().flatten(),
            string(planned, "engine_version").ok().flatten(),
        ) {
            (Some(old), Some(new)) if version_key(&new) < version_key(&old) => {
                vec![Path::root().attr("engine_version")]
            }
            _ => Vec::new(),
        }
    }

    async fn update(&self, aws: &Aws, prior: &Value, planned: &Value) -> Result<(), Diagnostics> {
        modify(aws, prior, planned).await?;
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
        // What this API version may leave out keeps its stored value.
        let or_prior = |name: &str, v: Option<&str>| match v {
            Some(v) => Value::string(v),
            None => attr(state, name).clone(),
        };
        let groups: Vec<&str> = c
            .security_groups()
            .iter()
            .filter_map(|g| g.security_group_id())
            .collect();
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
                    or_prior(
                        "parameter_group_name",
                        c.cache_parameter_group()
                            .and_then(|g| g.cache_parameter_group_name()),
                    ),
                ),
                (
                    "maintenance_window",
                    Value::string(c.preferred_maintenance_window().unwrap_or_default()),
                ),
                (
                    "security_group_ids",
                    if groups.is_empty()
                        && attr(state, "security_group_ids")
                            .as_elements()
                            .is_some_and(|g| !g.is_empty())
                    {
                        attr(state, "security_group_ids").clone()
                    } else {
                        string_set(groups)
                    },
                ),
                (
                    "snapshot_retention_limit",
                    opt_int(Some(i64::from(c.snapshot_retention_limit().unwrap_or(0)))),
                ),
                (
                    "snapshot_window",
                    Value::string(c.snapshot_window().unwrap_or_default()),
                ),
                (
                    "notification_topic_arn",
                    opt_str(c.notification_configuration().and_then(|n| n.topic_arn())),
                ),
                (
                    "subnet_group_name",
                    Value::string(c.cache_subnet_group_name().unwrap_or_default()),
                ),
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

/// A set or list of strings that must be known; `None` when null.
fn known_strings(obj: &Value, name: &str) -> Result<Option<Vec<String>>, Diagnostics> {
    if attr(obj, name).is_null() {
        return Ok(None);
    }
    strings(obj, name).map(Some)
}

/// Whether `name` changes from `prior` to a configured value in `planned`.
fn changes(prior: &Value, planned: &Value, name: &str) -> bool {
    let new = attr(planned, name);
    !new.is_null() && !crate::resource::same(attr(prior, name), new)
}

/// The numbers of a version such as `7.1` or `1.6.22`, for ordering.
fn version_key(v: &str) -> Vec<u64> {
    v.split('.').map(|p| p.parse().unwrap_or(0)).collect()
}

/// ModifyCacheCluster with what changed, then a wait until the cluster is
/// available again.
async fn modify(aws: &Aws, prior: &Value, planned: &Value) -> Result<(), Diagnostics> {
    let id = req_string(prior, "id")?;
    let mut m = aws
        .elasticache
        .modify_cache_cluster()
        .cache_cluster_id(&id)
        .set_apply_immediately(boolean(planned, "apply_immediately")?);
    let mut any = false;
    let mut text = |name: &str| -> Result<Option<String>, Diagnostics> {
        if changes(prior, planned, name) {
            any = true;
            string(planned, name)
        } else {
            Ok(None)
        }
    };
    m = m
        .set_cache_node_type(text("node_type")?)
        .set_engine_version(text("engine_version")?)
        .set_cache_parameter_group_name(text("parameter_group_name")?)
        .set_preferred_maintenance_window(text("maintenance_window")?)
        .set_snapshot_window(text("snapshot_window")?)
        .set_notification_topic_arn(text("notification_topic_arn")?);
    if changes(prior, planned, "num_cache_nodes") {
        any = true;
        let old = int(prior, "num_cache_nodes")?.unwrap_or(1);
        let new = int(planned, "num_cache_nodes")?.unwrap_or(1);
        m = m.num_cache_nodes(new as i32);
        if new < old {
            // The nodes with the highest numbers go, as in the Terraform provider.
            let ids = (new + 1..=old).map(|n| format!("{n:04}")).collect();
            m = m.set_cache_node_ids_to_remove(Some(ids));
        }
    }
    if changes(prior, planned, "snapshot_retention_limit") {
        any = true;
        m = m.set_snapshot_retention_limit(
            int(planned, "snapshot_retention_limit")?.map(|n| n as i32),
        );
    }
    if changes(prior, planned, "security_group_ids") {
        any = true;
        m = m.set_security_group_ids(known_strings(planned, "security_group_ids")?);
    }
    if !any {
        return Ok(());
    }
    m.send()
        .await
        .map_err(|e| aws_err("ModifyCacheCluster", e))?;
    wait_available(aws, &id).await
}

/// Polls until the cluster is `available`, for up to 80 minutes (the
/// Terraform provider's update timeout).
async fn wait_available(aws: &Aws, id: &str) -> Result<(), Diagnostics> {
    const TIMEOUT: Duration = Duration::from_secs(80 * 60);
    let start = Instant::now();
    let mut delay = Duration::from_millis(500);
    loop {
        let status = describe(aws, id)
            .await?
            .and_then(|c| c.cache_cluster_status().map(str::to_string));
        if status.as_deref() == Some("available") {
            return Ok(());
        }
        if start.elapsed() > TIMEOUT {
            return Err(Diagnostic::error(
                "Timed out waiting for the cache cluster",
                format!(
                    "The cache cluster {id} did not become available within 80 minutes after ModifyCacheCluster (last status: {}).",
                    status.unwrap_or_else(|| "none".into())
                ),
            )
            .into());
        }
        tokio::time::sleep(delay).await;
        delay = (delay * 2).min(Duration::from_secs(10));
    }
}
