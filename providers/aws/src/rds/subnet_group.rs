//! `aws_db_subnet_group`: the subnets a database may use. ID: its name.

use async_trait::async_trait;
use terrace_provider_sdk::{Diagnostics, Schema, Type, Value};

use crate::attrs::{attr, opt_str, req_string, string, string_set, strings, tag_map, with_all};
use crate::common::{comp, opt, optc, req, schema, tags, zero_if_null};
use crate::config::Aws;
use crate::error::aws_err;
use crate::resource::Resource;

pub(crate) struct SubnetGroup;

/// Attributes the Terraform provider stores as `""` when unset.
const UNSET_AS_ZERO: &[&str] = &["name_prefix"];

#[async_trait]
impl Resource for SubnetGroup {
    fn type_name(&self) -> &'static str {
        "aws_db_subnet_group"
    }

    fn schema(&self) -> Schema {
        let mut attrs = vec![
            ("name", optc(Type::String).force_new()),
            ("name_prefix", optc(Type::String).force_new()),
            ("description", opt(Type::String)),
            ("subnet_ids", req(Type::set(Type::String))),
            ("arn", comp(Type::String)),
            ("vpc_id", comp(Type::String)),
        ];
        attrs.extend(tags());
        schema(attrs)
    }

    fn defaults(&self) -> Vec<(&'static str, Value)> {
        vec![("description", Value::string("Managed by Terraform"))]
    }

    async fn create(&self, aws: &Aws, planned: &Value) -> Result<Value, Diagnostics> {
        let name = match string(planned, "name")? {
            Some(n) => n,
            None => crate::naming::unique(string(planned, "name_prefix")?.as_deref()),
        };
        let tags = tag_map(planned, "tags_all")?;
        aws.rds
            .create_db_subnet_group()
            .db_subnet_group_name(&name)
            .db_subnet_group_description(string(planned, "description")?.unwrap_or_default())
            .set_subnet_ids(Some(strings(planned, "subnet_ids")?))
            .set_tags((!tags.is_empty()).then(|| super::tags(tags)))
            .send()
            .await
            .map_err(|e| aws_err("CreateDBSubnetGroup", e))?;
        Ok(with_all(
            planned,
            [("id", Value::string(&name)), ("name", Value::string(&name))],
        ))
    }

    async fn update(&self, aws: &Aws, prior: &Value, planned: &Value) -> Result<(), Diagnostics> {
        let name = req_string(prior, "id")?;
        if !attr(prior, "description").same_as(attr(planned, "description"))
            || !attr(prior, "subnet_ids").same_as(attr(planned, "subnet_ids"))
        {
            aws.rds
                .modify_db_subnet_group()
                .db_subnet_group_name(&name)
                .set_db_subnet_group_description(string(planned, "description")?)
                .set_subnet_ids(Some(strings(planned, "subnet_ids")?))
                .send()
                .await
                .map_err(|e| aws_err("ModifyDBSubnetGroup", e))?;
        }
        super::update_tags(aws, &req_string(prior, "arn")?, prior, planned).await
    }

    async fn delete(&self, aws: &Aws, prior: &Value) -> Result<(), Diagnostics> {
        aws.rds
            .delete_db_subnet_group()
            .db_subnet_group_name(req_string(prior, "id")?)
            .send()
            .await
            .map_err(|e| aws_err("DeleteDBSubnetGroup", e))?;
        Ok(())
    }

    async fn read(&self, aws: &Aws, state: &Value) -> Result<Option<Value>, Diagnostics> {
        let name = req_string(state, "id")?;
        let out = match aws
            .rds
            .describe_db_subnet_groups()
            .db_subnet_group_name(&name)
            .send()
            .await
        {
            Ok(o) => o,
            Err(e) => {
                let e = aws_err("DescribeDBSubnetGroups", e);
                return if e.is_not_found() {
                    Ok(None)
                } else {
                    Err(e.into())
                };
            }
        };
        let Some(g) = out.db_subnet_groups().first() else {
            return Ok(None);
        };
        let arn = g.db_subnet_group_arn().unwrap_or_default().to_string();
        let tags = super::read_tags(aws, &arn).await?;
        Ok(Some(zero_if_null(
            with_all(
                state,
                [
                    ("name", Value::string(&name)),
                    ("arn", Value::string(&arn)),
                    ("description", opt_str(g.db_subnet_group_description())),
                    ("vpc_id", opt_str(g.vpc_id())),
                    (
                        "subnet_ids",
                        string_set(g.subnets().iter().filter_map(|s| s.subnet_identifier())),
                    ),
                    ("tags_all", tags),
                ],
            ),
            UNSET_AS_ZERO,
        )))
    }
}
