//! `aws_dynamodb_table`: a table, its keys and capacity. ID and import ID:
//! the table name. Create and update wait until the table is `ACTIVE`.

use std::time::{Duration, Instant};

use async_trait::async_trait;
use aws_sdk_dynamodb::types::{
    AttributeDefinition, BillingMode, KeySchemaElement, KeyType, ProvisionedThroughput,
    ScalarAttributeType, TableDescription, Tag,
};
use terrace_provider_sdk::{
    Block, Diagnostic, Diagnostics, NestedBlock, Nesting, Schema, Type, Value,
};

use crate::attrs::{
    attr, blocks, int, number, opt_str, req_string, string, tag_map, tags_value, with_all,
};
use crate::common::{comp, opt, optc, req, schema, tags};
use crate::config::Aws;
use crate::error::{aws_err, build};
use crate::resource::Resource;

pub(crate) struct Table;

fn attribute_block() -> Block {
    Block::with_attributes([("name", req(Type::String)), ("type", req(Type::String))])
}

fn ddb_tags(m: std::collections::BTreeMap<String, String>) -> Result<Vec<Tag>, Diagnostics> {
    m.into_iter()
        .map(|(k, v)| {
            Tag::builder()
                .key(k)
                .value(v)
                .build()
                .map_err(|e| build("TagResource", e))
        })
        .collect()
}

async fn describe(aws: &Aws, name: &str) -> Result<Option<TableDescription>, Diagnostics> {
    match aws.dynamodb.describe_table().table_name(name).send().await {
        Ok(o) => Ok(o.table().cloned()),
        Err(e) => {
            let e = aws_err("DescribeTable", e);
            if e.is_not_found() {
                Ok(None)
            } else {
                Err(e.into())
            }
        }
    }
}

async fn wait_active(aws: &Aws, name: &str) -> Result<(), Diagnostics> {
    let start = Instant::now();
    let mut delay = Duration::from_millis(200);
    loop {
        let t = describe(aws, name).await?;
        if t.as_ref()
            .and_then(|t| t.table_status())
            .map(|s| s.as_str())
            == Some("ACTIVE")
        {
            return Ok(());
        }
        if start.elapsed() > Duration::from_secs(600) {
            return Err(Diagnostic::error(
                "Timed out waiting for the table",
                format!("The DynamoDB table {name} did not become ACTIVE within 10 minutes."),
            )
            .into());
        }
        tokio::time::sleep(delay).await;
        delay = (delay * 2).min(Duration::from_secs(5));
    }
}

fn throughput(planned: &Value) -> Result<Option<ProvisionedThroughput>, Diagnostics> {
    if string(planned, "billing_mode")?.as_deref() == Some("PAY_PER_REQUEST") {
        return Ok(None);
    }
    ProvisionedThroughput::builder()
        .read_capacity_units(int(planned, "read_capacity")?.unwrap_or(0))
        .write_capacity_units(int(planned, "write_capacity")?.unwrap_or(0))
        .build()
        .map(Some)
        .map_err(|e| build("CreateTable", e))
}

#[async_trait]
impl Resource for Table {
    fn type_name(&self) -> &'static str {
        "aws_dynamodb_table"
    }

    fn schema(&self) -> Schema {
        let mut attrs = vec![
            ("name", req(Type::String).force_new()),
            ("hash_key", req(Type::String).force_new()),
            ("range_key", opt(Type::String).force_new()),
            ("billing_mode", opt(Type::String)),
            ("read_capacity", optc(Type::Number)),
            ("write_capacity", optc(Type::Number)),
            ("table_class", optc(Type::String)),
            ("arn", comp(Type::String)),
            ("stream_arn", comp(Type::String)),
        ];
        attrs.extend(tags());
        let mut s = schema(attrs);
        s.block.blocks.insert(
            "attribute".into(),
            NestedBlock {
                nesting: Nesting::Set,
                block: attribute_block(),
                min_items: 0,
                max_items: 0,
            },
        );
        s
    }

    fn defaults(&self) -> Vec<(&'static str, Value)> {
        vec![("billing_mode", Value::string("PROVISIONED"))]
    }

    async fn create(&self, aws: &Aws, planned: &Value) -> Result<Value, Diagnostics> {
        let name = req_string(planned, "name")?;
        let mut defs = Vec::new();
        for a in blocks(planned, "attribute") {
            defs.push(
                AttributeDefinition::builder()
                    .attribute_name(req_string(a, "name")?)
                    .attribute_type(ScalarAttributeType::from(req_string(a, "type")?.as_str()))
                    .build()
                    .map_err(|e| build("CreateTable", e))?,
            );
        }
        let mut keys = vec![KeySchemaElement::builder()
            .attribute_name(req_string(planned, "hash_key")?)
            .key_type(KeyType::Hash)
            .build()
            .map_err(|e| build("CreateTable", e))?];
        if let Some(r) = string(planned, "range_key")? {
            keys.push(
                KeySchemaElement::builder()
                    .attribute_name(r)
                    .key_type(KeyType::Range)
                    .build()
                    .map_err(|e| build("CreateTable", e))?,
            );
        }
        let tags = tag_map(planned, "tags_all")?;
        aws.dynamodb
            .create_table()
            .table_name(&name)
            .set_attribute_definitions(Some(defs))
            .set_key_schema(Some(keys))
            .billing_mode(BillingMode::from(
                string(planned, "billing_mode")?
                    .unwrap_or_else(|| "PROVISIONED".into())
                    .as_str(),
            ))
            .set_provisioned_throughput(throughput(planned)?)
            .set_tags((!tags.is_empty()).then(|| ddb_tags(tags)).transpose()?)
            .send()
            .await
            .map_err(|e| aws_err("CreateTable", e))?;
        wait_active(aws, &name).await?;
        Ok(with_all(planned, [("id", Value::string(&name))]))
    }

    async fn update(&self, aws: &Aws, prior: &Value, planned: &Value) -> Result<(), Diagnostics> {
        let name = req_string(prior, "id")?;
        let changed = |n: &str| !attr(prior, n).same_as(attr(planned, n));
        if changed("billing_mode") || changed("read_capacity") || changed("write_capacity") {
            aws.dynamodb
                .update_table()
                .table_name(&name)
                .billing_mode(BillingMode::from(
                    string(planned, "billing_mode")?
                        .unwrap_or_else(|| "PROVISIONED".into())
                        .as_str(),
                ))
                .set_provisioned_throughput(throughput(planned)?)
                .send()
                .await
                .map_err(|e| aws_err("UpdateTable", e))?;
            wait_active(aws, &name).await?;
        }
        let arn = req_string(prior, "arn")?;
        let old = tag_map(prior, "tags_all")?;
        let new = tag_map(planned, "tags_all")?;
        let removed: Vec<String> = old
            .keys()
            .filter(|k| !new.contains_key(*k))
            .cloned()
            .collect();
        if !removed.is_empty() {
            aws.dynamodb
                .untag_resource()
                .resource_arn(&arn)
                .set_tag_keys(Some(removed))
                .send()
                .await
                .map_err(|e| aws_err("UntagResource", e))?;
        }
        if !new.is_empty() && old != new {
            aws.dynamodb
                .tag_resource()
                .resource_arn(&arn)
                .set_tags(Some(ddb_tags(new)?))
                .send()
                .await
                .map_err(|e| aws_err("TagResource", e))?;
        }
        Ok(())
    }

    async fn delete(&self, aws: &Aws, prior: &Value) -> Result<(), Diagnostics> {
        match aws
            .dynamodb
            .delete_table()
            .table_name(req_string(prior, "id")?)
            .send()
            .await
        {
            Ok(_) => Ok(()),
            Err(e) => {
                let e = aws_err("DeleteTable", e);
                if e.is_not_found() {
                    Ok(())
                } else {
                    Err(e.into())
                }
            }
        }
    }

    async fn read(&self, aws: &Aws, state: &Value) -> Result<Option<Value>, Diagnostics> {
        let name = req_string(state, "id")?;
        let Some(t) = describe(aws, &name).await? else {
            return Ok(None);
        };
        let arn = t.table_arn().unwrap_or_default().to_string();
        let tags = aws
            .dynamodb
            .list_tags_of_resource()
            .resource_arn(&arn)
            .send()
            .await
            .map_err(|e| aws_err("ListTagsOfResource", e))?;
        let key = |k: KeyType| {
            t.key_schema()
                .iter()
                .find(|e| e.key_type() == &k)
                .map(|e| e.attribute_name().to_string())
        };
        let ty = attribute_block().value_type();
        let attributes: Vec<Value> = t
            .attribute_definitions()
            .iter()
            .map(|d| {
                Value::Object(
                    [
                        ("name".to_string(), Value::string(d.attribute_name())),
                        (
                            "type".to_string(),
                            Value::string(d.attribute_type().as_str()),
                        ),
                    ]
                    .into(),
                )
            })
            .collect();
        let billing = t
            .billing_mode_summary()
            .and_then(|b| b.billing_mode())
            .map_or("PROVISIONED", |b| b.as_str())
            .to_string();
        let pt = t.provisioned_throughput();
        Ok(Some(with_all(
            state,
            [
                ("name", Value::string(&name)),
                ("arn", Value::string(&arn)),
                ("hash_key", opt_str(key(KeyType::Hash).as_deref())),
                ("range_key", opt_str(key(KeyType::Range).as_deref())),
                ("billing_mode", Value::string(billing)),
                (
                    "read_capacity",
                    number(pt.and_then(|p| p.read_capacity_units()).unwrap_or(0)),
                ),
                (
                    "write_capacity",
                    number(pt.and_then(|p| p.write_capacity_units()).unwrap_or(0)),
                ),
                (
                    "table_class",
                    Value::string(
                        t.table_class_summary()
                            .and_then(|c| c.table_class())
                            .map_or("STANDARD", |c| c.as_str()),
                    ),
                ),
                (
                    "stream_arn",
                    Value::string(t.latest_stream_arn().unwrap_or_default()),
                ),
                ("attribute", Value::set(ty, attributes)),
                (
                    "tags_all",
                    tags_value(
                        tags.tags()
                            .iter()
                            .map(|t| (t.key().to_string(), t.value().to_string())),
                    ),
                ),
            ],
        )))
    }
}
