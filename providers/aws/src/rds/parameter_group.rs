//! `aws_db_parameter_group`: engine parameters for databases. ID: its name.

use async_trait::async_trait;
use aws_sdk_rds::types::{ApplyMethod, Parameter};
use terrace_provider_sdk::{Block, Diagnostics, NestedBlock, Nesting, Schema, Type, Value};

use crate::attrs::{attr, blocks, opt_str, req_string, string, tag_map, with_all};
use crate::common::{comp, opt, optc, req, schema, tags, zero_if_null};
use crate::config::Aws;
use crate::error::aws_err;
use crate::resource::Resource;

pub(crate) struct ParameterGroup;

/// Attributes the Terraform provider stores as `""` when unset.
const UNSET_AS_ZERO: &[&str] = &["name_prefix"];

fn parameter_block() -> Block {
    Block::with_attributes([
        ("name", req(Type::String)),
        ("value", req(Type::String)),
        ("apply_method", opt(Type::String)),
    ])
}

fn parameters(v: &Value) -> Result<Vec<Parameter>, Diagnostics> {
    blocks(v, "parameter")
        .iter()
        .map(|p| {
            Ok(Parameter::builder()
                .parameter_name(req_string(p, "name")?)
                .parameter_value(req_string(p, "value")?)
                .apply_method(ApplyMethod::from(
                    string(p, "apply_method")?
                        .unwrap_or_else(|| "immediate".into())
                        .as_str(),
                ))
                .build())
        })
        .collect()
}

#[async_trait]
impl Resource for ParameterGroup {
    fn type_name(&self) -> &'static str {
        "aws_db_parameter_group"
    }

    fn schema(&self) -> Schema {
        let mut attrs = vec![
            ("name", optc(Type::String).force_new()),
            ("name_prefix", optc(Type::String).force_new()),
            ("family", req(Type::String).force_new()),
            ("description", opt(Type::String).force_new()),
            ("arn", comp(Type::String)),
        ];
        attrs.extend(tags());
        let mut s = schema(attrs);
        s.block.blocks.insert(
            "parameter".into(),
            NestedBlock {
                nesting: Nesting::Set,
                block: parameter_block(),
                min_items: 0,
                max_items: 0,
            },
        );
        s
    }

    fn defaults(&self) -> Vec<(&'static str, Value)> {
        vec![("description", Value::string("Managed by Terraform"))]
    }

    fn customize_plan(&self, _prior: Option<&Value>, planned: Value) -> Value {
        crate::resource::block_default(
            planned,
            "parameter",
            "apply_method",
            Value::string("immediate"),
        )
    }

    async fn create(&self, aws: &Aws, planned: &Value) -> Result<Value, Diagnostics> {
        let name = match string(planned, "name")? {
            Some(n) => n,
            None => crate::naming::unique(string(planned, "name_prefix")?.as_deref()),
        };
        let tags = tag_map(planned, "tags_all")?;
        aws.rds
            .create_db_parameter_group()
            .db_parameter_group_name(&name)
            .db_parameter_group_family(req_string(planned, "family")?)
            .description(string(planned, "description")?.unwrap_or_default())
            .set_tags((!tags.is_empty()).then(|| super::tags(tags)))
            .send()
            .await
            .map_err(|e| aws_err("CreateDBParameterGroup", e))?;
        let params = parameters(planned)?;
        if !params.is_empty() {
            aws.rds
                .modify_db_parameter_group()
                .db_parameter_group_name(&name)
                .set_parameters(Some(params))
                .send()
                .await
                .map_err(|e| aws_err("ModifyDBParameterGroup", e))?;
        }
        Ok(with_all(
            planned,
            [("id", Value::string(&name)), ("name", Value::string(&name))],
        ))
    }

    async fn update(&self, aws: &Aws, prior: &Value, planned: &Value) -> Result<(), Diagnostics> {
        let name = req_string(prior, "id")?;
        if !attr(prior, "parameter").same_as(attr(planned, "parameter")) {
            let new = parameters(planned)?;
            let removed: Vec<Parameter> = parameters(prior)?
                .into_iter()
                .filter(|p| !new.iter().any(|n| n.parameter_name() == p.parameter_name()))
                .collect();
            if !removed.is_empty() {
                aws.rds
                    .reset_db_parameter_group()
                    .db_parameter_group_name(&name)
                    .set_parameters(Some(removed))
                    .send()
                    .await
                    .map_err(|e| aws_err("ResetDBParameterGroup", e))?;
            }
            if !new.is_empty() {
                aws.rds
                    .modify_db_parameter_group()
                    .db_parameter_group_name(&name)
                    .set_parameters(Some(new))
                    .send()
                    .await
                    .map_err(|e| aws_err("ModifyDBParameterGroup", e))?;
            }
        }
        super::update_tags(aws, &req_string(prior, "arn")?, prior, planned).await
    }

    async fn delete(&self, aws: &Aws, prior: &Value) -> Result<(), Diagnostics> {
        aws.rds
            .delete_db_parameter_group()
            .db_parameter_group_name(req_string(prior, "id")?)
            .send()
            .await
            .map_err(|e| aws_err("DeleteDBParameterGroup", e))?;
        Ok(())
    }

    async fn read(&self, aws: &Aws, state: &Value) -> Result<Option<Value>, Diagnostics> {
        let name = req_string(state, "id")?;
        let out = match aws
            .rds
            .describe_db_parameter_groups()
            .db_parameter_group_name(&name)
            .send()
            .await
        {
            Ok(o) => o,
            Err(e) => {
                let e = aws_err("DescribeDBParameterGroups", e);
                return if e.is_not_found() {
                    Ok(None)
                } else {
                    Err(e.into())
                };
            }
        };
        let Some(g) = out.db_parameter_groups().first() else {
            return Ok(None);
        };
        let params = aws
            .rds
            .describe_db_parameters()
            .db_parameter_group_name(&name)
            .source("user")
            .send()
            .await
            .map_err(|e| aws_err("DescribeDBParameters", e))?;
        let prior_methods: Vec<(String, String)> = blocks(state, "parameter")
            .iter()
            .filter_map(|p| Some((string(p, "name").ok()??, string(p, "apply_method").ok()??)))
            .collect();
        let ty = parameter_block().value_type();
        let items: Vec<Value> = params
            .parameters()
            .iter()
            .filter_map(|p| {
                let n = p.parameter_name()?.to_string();
                let method = prior_methods
                    .iter()
                    .find(|(pn, _)| *pn == n)
                    .map(|(_, m)| Value::string(m))
                    // Nothing stored (an import): what RDS reports, or
                    // Terraform's default.
                    .unwrap_or_else(|| {
                        Value::string(p.apply_method().map_or("immediate", |m| m.as_str()))
                    });
                Some(Value::Object(
                    [
                        ("name".to_string(), Value::string(&n)),
                        (
                            "value".to_string(),
                            Value::string(p.parameter_value().unwrap_or_default()),
                        ),
                        ("apply_method".to_string(), method),
                    ]
                    .into(),
                ))
            })
            .collect();
        let parameter = if items.is_empty() && attr(state, "parameter").is_null() {
            Value::Null(Type::set(ty))
        } else {
            Value::set(ty, items)
        };
        let arn = g.db_parameter_group_arn().unwrap_or_default().to_string();
        let tags = super::read_tags(aws, &arn).await?;
        Ok(Some(zero_if_null(
            with_all(
                state,
                [
                    ("name", Value::string(&name)),
                    ("arn", Value::string(&arn)),
                    ("family", opt_str(g.db_parameter_group_family())),
                    ("description", opt_str(g.description())),
                    ("parameter", parameter),
                    ("tags_all", tags),
                ],
            ),
            UNSET_AS_ZERO,
        )))
    }
}
