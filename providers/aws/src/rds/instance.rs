//! `aws_db_instance`: a database instance. ID: the DbiResourceId
//! (`db-...`), as the Terraform provider 5.x has it; import ID and the name
//! every call uses: the DB identifier. Create and modify wait until DescribeDBInstances reports the
//! instance `available`; delete waits until it is gone.

use std::time::{Duration, Instant};

use async_trait::async_trait;
use aws_sdk_rds::types::DbInstance;
use terrace_provider_sdk::{Diagnostic, Diagnostics, Schema, Type, Value};

use crate::attrs::{
    attr, boolean, int, opt_bool, opt_int, opt_str, req_string, string, tag_map, with_all,
};
use crate::common::{comp, opt, optc, req, schema, tags, zero_if_null};
use crate::config::Aws;
use crate::error::aws_err;
use crate::resource::Resource;

pub(crate) struct Instance;

/// Attributes the Terraform provider stores as `""` when unset.
const UNSET_AS_ZERO: &[&str] = &["db_name", "identifier_prefix"];

/// How long create and modify may take, as Terraform's default timeouts.
const TIMEOUT: Duration = Duration::from_secs(40 * 60);

/// The instance, or `None` when it does not exist.
pub(crate) async fn describe(aws: &Aws, id: &str) -> Result<Option<DbInstance>, Diagnostics> {
    match aws
        .rds
        .describe_db_instances()
        .db_instance_identifier(id)
        .send()
        .await
    {
        Ok(out) => Ok(out.db_instances().first().cloned()),
        Err(e) => {
            let e = aws_err("DescribeDBInstances", e);
            if e.is_not_found() {
                Ok(None)
            } else {
                Err(e.into())
            }
        }
    }
}

/// Whether an instance with this identifier is listed. Deletion is watched
/// through the list: a describe by identifier of a vanishing instance is
/// an error on some servers.
async fn listed(aws: &Aws, id: &str) -> Result<bool, Diagnostics> {
    let mut marker = None;
    loop {
        let out = aws
            .rds
            .describe_db_instances()
            .set_marker(marker)
            .send()
            .await
            .map_err(|e| aws_err("DescribeDBInstances", e))?;
        if out
            .db_instances()
            .iter()
            .any(|d| d.db_instance_identifier() == Some(id))
        {
            return Ok(true);
        }
        marker = out.marker().map(str::to_string);
        if marker.is_none() {
            return Ok(false);
        }
    }
}

/// Polls until the instance is available (`want` = true) or gone (false).
async fn wait(aws: &Aws, id: &str, want_available: bool) -> Result<(), Diagnostics> {
    let start = Instant::now();
    let mut delay = Duration::from_millis(500);
    loop {
        let found = if want_available || listed(aws, id).await? {
            describe(aws, id).await?
        } else {
            None
        };
        let status = found
            .as_ref()
            .and_then(|d| d.db_instance_status())
            .map(str::to_string);
        let done = match (&found, want_available) {
            (None, false) => true,
            (Some(_), true) => status.as_deref() == Some("available"),
            (None, true) => false,
            (Some(_), false) => false,
        };
        if done {
            return Ok(());
        }
        if want_available
            && matches!(
                status.as_deref(),
                Some("failed" | "incompatible-parameters" | "storage-full")
            )
        {
            return Err(Diagnostic::error(
                "Database instance failed",
                format!(
                    "The DB instance {id} is in status {}.",
                    status.unwrap_or_default()
                ),
            )
            .into());
        }
        if start.elapsed() > TIMEOUT {
            return Err(Diagnostic::error(
                "Timed out waiting for the database instance",
                format!(
                    "The DB instance {id} did not become {} within 40 minutes (last status: {}).",
                    if want_available {
                        "available"
                    } else {
                        "deleted"
                    },
                    status.unwrap_or_else(|| "none".into())
                ),
            )
            .into());
        }
        tokio::time::sleep(delay).await;
        delay = (delay * 2).min(Duration::from_secs(10));
    }
}

/// The DB identifier of a stored object: `identifier`, or for an object
/// just imported (or stored before the ID was the resource ID) its `id`.
fn identifier(state: &Value) -> Result<String, Diagnostics> {
    match string(state, "identifier")? {
        Some(id) => Ok(id),
        None => req_string(state, "id"),
    }
}

fn state_of(state: &Value, d: &DbInstance, tags: Value) -> Value {
    zero_if_null(state_of_aws(state, d, tags), UNSET_AS_ZERO)
}

fn state_of_aws(state: &Value, d: &DbInstance, tags: Value) -> Value {
    let endpoint = d.endpoint();
    let address = endpoint.and_then(|e| e.address());
    let port = endpoint.and_then(|e| e.port());
    with_all(
        state,
        [
            ("id", opt_str(d.dbi_resource_id())),
            ("identifier", opt_str(d.db_instance_identifier())),
            ("arn", opt_str(d.db_instance_arn())),
            ("engine", opt_str(d.engine())),
            ("engine_version", opt_str(d.engine_version())),
            ("instance_class", opt_str(d.db_instance_class())),
            (
                "allocated_storage",
                opt_int(d.allocated_storage().map(i64::from)),
            ),
            ("storage_type", opt_str(d.storage_type())),
            ("db_name", opt_str(d.db_name())),
            ("username", opt_str(d.master_username())),
            ("multi_az", opt_bool(d.multi_az())),
            (
                "publicly_accessible",
                Value::Bool(d.publicly_accessible().unwrap_or(false)),
            ),
            (
                "backup_retention_period",
                opt_int(d.backup_retention_period().map(i64::from)),
            ),
            (
                "deletion_protection",
                Value::Bool(d.deletion_protection().unwrap_or(false)),
            ),
            (
                "db_subnet_group_name",
                opt_str(d.db_subnet_group().and_then(|g| g.db_subnet_group_name())),
            ),
            (
                "parameter_group_name",
                opt_str(
                    d.db_parameter_groups()
                        .first()
                        .and_then(|g| g.db_parameter_group_name()),
                ),
            ),
            ("address", opt_str(address)),
            ("port", opt_int(port.map(i64::from))),
            (
                "endpoint",
                match (address, port) {
                    (Some(a), Some(p)) => Value::string(format!("{a}:{p}")),
                    _ => Value::Null(Type::String),
                },
            ),
            ("status", opt_str(d.db_instance_status())),
            ("resource_id", opt_str(d.dbi_resource_id())),
            ("tags_all", tags),
        ],
    )
}

#[async_trait]
impl Resource for Instance {
    fn type_name(&self) -> &'static str {
        "aws_db_instance"
    }

    fn schema(&self) -> Schema {
        let mut attrs = vec![
            ("identifier", optc(Type::String).force_new()),
            ("identifier_prefix", optc(Type::String).force_new()),
            ("engine", optc(Type::String).force_new()),
            ("engine_version", optc(Type::String)),
            ("instance_class", req(Type::String)),
            ("allocated_storage", optc(Type::Number)),
            ("storage_type", optc(Type::String)),
            ("db_name", optc(Type::String).force_new()),
            ("username", optc(Type::String).force_new()),
            ("password", opt(Type::String).sensitive()),
            ("port", optc(Type::Number)),
            ("multi_az", optc(Type::Bool)),
            ("publicly_accessible", opt(Type::Bool)),
            ("backup_retention_period", optc(Type::Number)),
            ("deletion_protection", opt(Type::Bool)),
            ("db_subnet_group_name", optc(Type::String).force_new()),
            ("parameter_group_name", optc(Type::String)),
            ("skip_final_snapshot", opt(Type::Bool)),
            ("final_snapshot_identifier", opt(Type::String)),
            ("apply_immediately", opt(Type::Bool)),
            ("arn", comp(Type::String)),
            ("address", comp(Type::String)),
            ("endpoint", comp(Type::String)),
            ("status", comp(Type::String)),
            ("resource_id", comp(Type::String)),
        ];
        attrs.extend(tags());
        schema(attrs)
    }

    fn defaults(&self) -> Vec<(&'static str, Value)> {
        vec![
            ("skip_final_snapshot", Value::Bool(false)),
            ("publicly_accessible", Value::Bool(false)),
            ("deletion_protection", Value::Bool(false)),
            ("apply_immediately", Value::Bool(false)),
        ]
    }

    async fn create(&self, aws: &Aws, planned: &Value) -> Result<Value, Diagnostics> {
        let id = match string(planned, "identifier")? {
            Some(n) => n,
            None => crate::naming::unique(string(planned, "identifier_prefix")?.as_deref()),
        };
        let tags = tag_map(planned, "tags_all")?;
        aws.rds
            .create_db_instance()
            .db_instance_identifier(&id)
            .set_engine(string(planned, "engine")?)
            .set_engine_version(string(planned, "engine_version")?)
            .db_instance_class(req_string(planned, "instance_class")?)
            .set_allocated_storage(int(planned, "allocated_storage")?.map(|n| n as i32))
            .set_storage_type(string(planned, "storage_type")?)
            .set_db_name(string(planned, "db_name")?)
            .set_master_username(string(planned, "username")?)
            .set_master_user_password(string(planned, "password")?)
            .set_port(int(planned, "port")?.map(|n| n as i32))
            .set_multi_az(boolean(planned, "multi_az")?)
            .set_publicly_accessible(boolean(planned, "publicly_accessible")?)
            .set_backup_retention_period(int(planned, "backup_retention_period")?.map(|n| n as i32))
            .set_deletion_protection(boolean(planned, "deletion_protection")?)
            .set_db_subnet_group_name(string(planned, "db_subnet_group_name")?)
            .set_db_parameter_group_name(string(planned, "parameter_group_name")?)
            .set_tags((!tags.is_empty()).then(|| super::tags(tags)))
            .send()
            .await
            .map_err(|e| aws_err("CreateDBInstance", e))?;
        wait(aws, &id, true).await?;
        let resource_id = describe(aws, &id)
            .await?
            .and_then(|d| d.dbi_resource_id().map(str::to_string))
            .unwrap_or_else(|| id.clone());
        Ok(with_all(
            planned,
            [
                ("id", Value::string(resource_id)),
                ("identifier", Value::string(&id)),
            ],
        ))
    }

    async fn update(&self, aws: &Aws, prior: &Value, planned: &Value) -> Result<(), Diagnostics> {
        let id = identifier(prior)?;
        let changed = |n: &str| !attr(prior, n).same_as(attr(planned, n));
        let settings = [
            "engine_version",
            "instance_class",
            "allocated_storage",
            "storage_type",
            "password",
            "port",
            "multi_az",
            "publicly_accessible",
            "backup_retention_period",
            "deletion_protection",
            "parameter_group_name",
        ];
        if settings.iter().any(|n| changed(n)) {
            let pick_s = |n: &str| -> Result<Option<String>, Diagnostics> {
                if changed(n) {
                    string(planned, n)
                } else {
                    Ok(None)
                }
            };
            let pick_i = |n: &str| -> Result<Option<i32>, Diagnostics> {
                if changed(n) {
                    Ok(int(planned, n)?.map(|x| x as i32))
                } else {
                    Ok(None)
                }
            };
            let pick_b = |n: &str| -> Result<Option<bool>, Diagnostics> {
                if changed(n) {
                    boolean(planned, n)
                } else {
                    Ok(None)
                }
            };
            aws.rds
                .modify_db_instance()
                .db_instance_identifier(&id)
                .apply_immediately(boolean(planned, "apply_immediately")?.unwrap_or(false))
                .set_engine_version(pick_s("engine_version")?)
                .set_db_instance_class(pick_s("instance_class")?)
                .set_allocated_storage(pick_i("allocated_storage")?)
                .set_storage_type(pick_s("storage_type")?)
                .set_master_user_password(pick_s("password")?)
                .set_db_port_number(pick_i("port")?)
                .set_multi_az(pick_b("multi_az")?)
                .set_publicly_accessible(pick_b("publicly_accessible")?)
                .set_backup_retention_period(pick_i("backup_retention_period")?)
                .set_deletion_protection(pick_b("deletion_protection")?)
                .set_db_parameter_group_name(pick_s("parameter_group_name")?)
                .send()
                .await
                .map_err(|e| aws_err("ModifyDBInstance", e))?;
            wait(aws, &id, true).await?;
        }
        super::update_tags(aws, &req_string(prior, "arn")?, prior, planned).await
    }

    async fn delete(&self, aws: &Aws, prior: &Value) -> Result<(), Diagnostics> {
        let id = identifier(prior)?;
        let skip = boolean(prior, "skip_final_snapshot")?.unwrap_or(false);
        let snapshot = string(prior, "final_snapshot_identifier")?;
        if !skip && snapshot.is_none() {
            return Err(Diagnostic::error(
                "Final snapshot identifier required",
                "Deleting a DB instance takes a final snapshot unless skip_final_snapshot is true: set final_snapshot_identifier or skip_final_snapshot.",
            )
            .into());
        }
        match aws
            .rds
            .delete_db_instance()
            .db_instance_identifier(&id)
            .skip_final_snapshot(skip)
            .set_final_db_snapshot_identifier(if skip { None } else { snapshot })
            .send()
            .await
        {
            Ok(_) => {}
            Err(e) => {
                let e = aws_err("DeleteDBInstance", e);
                if e.is_not_found() {
                    return Ok(());
                }
                return Err(e.into());
            }
        }
        wait(aws, &id, false).await
    }

    async fn read(&self, aws: &Aws, state: &Value) -> Result<Option<Value>, Diagnostics> {
        let id = identifier(state)?;
        let Some(d) = describe(aws, &id).await? else {
            return Ok(None);
        };
        let tags = super::read_tags(aws, d.db_instance_arn().unwrap_or_default()).await?;
        Ok(Some(state_of(state, &d, tags)))
    }
}
