//! `data "aws_db_instance"`: an existing database instance's connection
//! details and settings, by identifier.

use async_trait::async_trait;
use terrace_provider_sdk::{Diagnostic, Diagnostics, Schema, Type, Value};

use crate::attrs::{opt_int, opt_str, req_string, with_all};
use crate::common::{comp, req, schema};
use crate::config::Aws;
use crate::resource::DataSource;

pub(crate) struct InstanceData;

#[async_trait]
impl DataSource for InstanceData {
    fn type_name(&self) -> &'static str {
        "aws_db_instance"
    }

    fn schema(&self) -> Schema {
        schema(vec![
            ("db_instance_identifier", req(Type::String)),
            ("address", comp(Type::String)),
            ("endpoint", comp(Type::String)),
            ("port", comp(Type::Number)),
            ("db_instance_arn", comp(Type::String)),
            ("engine", comp(Type::String)),
            ("engine_version", comp(Type::String)),
            ("db_instance_class", comp(Type::String)),
            ("allocated_storage", comp(Type::Number)),
            ("db_name", comp(Type::String)),
            ("master_username", comp(Type::String)),
            ("db_instance_status", comp(Type::String)),
            ("resource_id", comp(Type::String)),
        ])
    }

    async fn read(&self, aws: &Aws, config: &Value) -> Result<Value, Diagnostics> {
        let id = req_string(config, "db_instance_identifier")?;
        let Some(d) = super::instance::describe(aws, &id).await? else {
            return Err(Diagnostic::error(
                "DB instance not found",
                format!("No DB instance with identifier {id:?} exists."),
            )
            .into());
        };
        let address = d.endpoint().and_then(|e| e.address());
        let port = d.endpoint().and_then(|e| e.port());
        Ok(with_all(
            config,
            [
                ("id", Value::string(&id)),
                ("address", opt_str(address)),
                (
                    "endpoint",
                    match (address, port) {
                        (Some(a), Some(p)) => Value::string(format!("{a}:{p}")),
                        _ => Value::Null(Type::String),
                    },
                ),
                ("port", opt_int(port.map(i64::from))),
                ("db_instance_arn", opt_str(d.db_instance_arn())),
                ("engine", opt_str(d.engine())),
                ("engine_version", opt_str(d.engine_version())),
                ("db_instance_class", opt_str(d.db_instance_class())),
                (
                    "allocated_storage",
                    opt_int(d.allocated_storage().map(i64::from)),
                ),
                ("db_name", Value::string(d.db_name().unwrap_or_default())),
                ("master_username", opt_str(d.master_username())),
                ("db_instance_status", opt_str(d.db_instance_status())),
                ("resource_id", opt_str(d.dbi_resource_id())),
            ],
        ))
    }
}
