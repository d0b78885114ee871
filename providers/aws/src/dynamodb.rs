//! `aws_dynamodb_table`: a table, its keys, capacity, secondary indexes
//! (`dynamodb_indexes.rs`), stream and deletion protection. ID and import
//! ID: the table name. Global indexes are added and removed in place, one
//! UpdateTable each, as DynamoDB allows; local ones replace the table.
//! Create and update wait until the table and its indexes are `ACTIVE`.

use std::time::{Duration, Instant};

use async_trait::async_trait;
use aws_sdk_dynamodb::types::{
    AttributeDefinition, BillingMode, CreateGlobalSecondaryIndexAction,
    DeleteGlobalSecondaryIndexAction, GlobalSecondaryIndexUpdate, KeySchemaElement, KeyType,
    ProvisionedThroughput, ScalarAttributeType, StreamSpecification, StreamViewType,
    TableDescription, Tag,
};
use terrace_provider_sdk::{
    Block, Diagnostic, Diagnostics, NestedBlock, Nesting, Schema, Type, Value,
};

use crate::attrs::{
    attr, blocks, boolean, int, number, opt_str, req_string, string, string_set, tag_map,
    tags_value, with, with_all,
};
use crate::common::{comp, opt, optc, req, schema, tags};
use crate::config::Aws;
use crate::dynamodb_indexes as indexes;
use crate::dynamodb_settings as settings;
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
        let indexes_active = t.as_ref().is_some_and(|t| {
            t.global_secondary_indexes()
                .iter()
                .all(|g| g.index_status().is_none_or(|s| s.as_str() == "ACTIVE"))
        });
        if indexes_active
            && t.as_ref()
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
            ("stream_enabled", opt(Type::Bool)),
            ("stream_view_type", optc(Type::String)),
            ("deletion_protection_enabled", opt(Type::Bool)),
            ("arn", comp(Type::String)),
            ("stream_arn", comp(Type::String)),
            ("stream_label", comp(Type::String)),
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
        for (name, block) in [
            ("global_secondary_index", indexes::global_block()),
            ("local_secondary_index", indexes::local_block()),
        ] {
            s.block.blocks.insert(
                name.into(),
                NestedBlock {
                    nesting: Nesting::Set,
                    block,
                    min_items: 0,
                    max_items: 0,
                },
            );
        }
        for (name, block) in settings::blocks_schema() {
            s.block.blocks.insert(name.into(), block);
        }
        s
    }

    fn defaults(&self) -> Vec<(&'static str, Value)> {
        vec![
            ("billing_mode", Value::string("PROVISIONED")),
            ("stream_enabled", Value::Bool(false)),
            ("deletion_protection_enabled", Value::Bool(false)),
        ]
    }

    /// Indexes as they are stored: a global one without capacities has 0
    /// of each, and no projected attributes is an empty set.
    fn customize_plan(&self, prior: Option<&Value>, planned: Value) -> Value {
        let mut planned = planned;
        for (name, ty) in [
            (
                "global_secondary_index",
                indexes::global_block().value_type(),
            ),
            ("local_secondary_index", indexes::local_block().value_type()),
        ] {
            let Some(items) = attr(&planned, name).as_elements().map(<[Value]>::to_vec) else {
                continue;
            };
            let filled: Vec<Value> = items
                .into_iter()
                .map(|mut index| {
                    if attr(&index, "non_key_attributes").is_null() {
                        index = with(
                            &index,
                            "non_key_attributes",
                            string_set(Vec::<String>::new()),
                        );
                    }
                    for n in ["read_capacity", "write_capacity"] {
                        if name == "global_secondary_index" && attr(&index, n).is_null() {
                            index = with(&index, n, number(0));
                        }
                    }
                    index
                })
                .collect();
            planned = with(&planned, name, Value::set(ty, filled));
        }
        settings::plan(prior, planned)
    }

    async fn create(&self, aws: &Aws, planned: &Value) -> Result<Value, Diagnostics> {
        let name = req_string(planned, "name")?;
        let defs = attribute_definitions(planned, "CreateTable")?;
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
        let on_demand = string(planned, "billing_mode")?.as_deref() == Some("PAY_PER_REQUEST");
        let gsis = blocks(planned, "global_secondary_index")
            .iter()
            .map(|g| indexes::global_index(g, on_demand))
            .collect::<Result<Vec<_>, _>>()?;
        let hash_key = req_string(planned, "hash_key")?;
        let lsis = blocks(planned, "local_secondary_index")
            .iter()
            .map(|l| indexes::local_index(l, &hash_key))
            .collect::<Result<Vec<_>, _>>()?;
        aws.dynamodb
            .create_table()
            .set_global_secondary_indexes((!gsis.is_empty()).then_some(gsis))
            .set_local_secondary_indexes((!lsis.is_empty()).then_some(lsis))
            .set_stream_specification(stream(planned)?)
            .set_deletion_protection_enabled(boolean(planned, "deletion_protection_enabled")?)
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
        settings::apply(aws, &name, None, planned).await?;
        Ok(with_all(planned, [("id", Value::string(&name))]))
    }

    async fn update(&self, aws: &Aws, prior: &Value, planned: &Value) -> Result<(), Diagnostics> {
        let name = req_string(prior, "id")?;
        let changed = |n: &str| !attr(prior, n).same_as(attr(planned, n));
        update_indexes(aws, &name, prior, planned).await?;
        settings::apply(aws, &name, Some(prior), planned).await?;
        if changed("stream_enabled") || changed("stream_view_type") {
            aws.dynamodb
                .update_table()
                .table_name(&name)
                .set_stream_specification(stream(planned)?.or(Some(disabled_stream()?)))
                .send()
                .await
                .map_err(|e| aws_err("UpdateTable", e))?;
            wait_active(aws, &name).await?;
        }
        if changed("deletion_protection_enabled") {
            aws.dynamodb
                .update_table()
                .table_name(&name)
                .set_deletion_protection_enabled(boolean(planned, "deletion_protection_enabled")?)
                .send()
                .await
                .map_err(|e| aws_err("UpdateTable", e))?;
        }
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
        let beside = settings::read(aws, &name).await?;
        Ok(Some(with_all(
            &with_all(
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
                    (
                        "stream_label",
                        Value::string(t.latest_stream_label().unwrap_or_default()),
                    ),
                    (
                        "stream_enabled",
                        Value::Bool(t.stream_specification().is_some_and(|s| s.stream_enabled())),
                    ),
                    (
                        "stream_view_type",
                        Value::string(
                            t.stream_specification()
                                .filter(|s| s.stream_enabled())
                                .and_then(|s| s.stream_view_type())
                                .map_or("", |v| v.as_str()),
                        ),
                    ),
                    (
                        "deletion_protection_enabled",
                        Value::Bool(t.deletion_protection_enabled().unwrap_or(false)),
                    ),
                    (
                        "global_secondary_index",
                        Value::set(
                            indexes::global_block().value_type(),
                            t.global_secondary_indexes()
                                .iter()
                                .map(indexes::global_value)
                                .collect(),
                        ),
                    ),
                    (
                        "local_secondary_index",
                        Value::set(
                            indexes::local_block().value_type(),
                            t.local_secondary_indexes()
                                .iter()
                                .map(indexes::local_value)
                                .collect(),
                        ),
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
            ),
            beside,
        )))
    }
}

/// The `attribute` blocks as the API's definitions, for `operation`.
fn attribute_definitions(
    planned: &Value,
    operation: &'static str,
) -> Result<Vec<AttributeDefinition>, Diagnostics> {
    blocks(planned, "attribute")
        .iter()
        .map(|a| {
            AttributeDefinition::builder()
                .attribute_name(req_string(a, "name")?)
                .attribute_type(ScalarAttributeType::from(req_string(a, "type")?.as_str()))
                .build()
                .map_err(|e| build(operation, e))
        })
        .collect()
}

fn stream(planned: &Value) -> Result<Option<StreamSpecification>, Diagnostics> {
    if boolean(planned, "stream_enabled")? != Some(true) {
        return Ok(None);
    }
    StreamSpecification::builder()
        .stream_enabled(true)
        .set_stream_view_type(
            string(planned, "stream_view_type")?
                .filter(|v| !v.is_empty())
                .map(|v| StreamViewType::from(v.as_str())),
        )
        .build()
        .map(Some)
        .map_err(|e| build("UpdateTable", e))
}

fn disabled_stream() -> Result<StreamSpecification, Diagnostics> {
    StreamSpecification::builder()
        .stream_enabled(false)
        .build()
        .map_err(|e| build("UpdateTable", e))
}

/// Adds and removes global indexes (one UpdateTable each, waiting in
/// between, as DynamoDB takes one index change at a time). An index whose
/// definition changed is removed and added again.
async fn update_indexes(
    aws: &Aws,
    name: &str,
    prior: &Value,
    planned: &Value,
) -> Result<(), Diagnostics> {
    let old = blocks(prior, "global_secondary_index");
    let new = blocks(planned, "global_secondary_index");
    let on_demand = string(planned, "billing_mode")?.as_deref() == Some("PAY_PER_REQUEST");
    let index_name = |v: &Value| string(v, "name").ok().flatten().unwrap_or_default();
    let mut updates = Vec::new();
    for o in old {
        if !new.iter().any(|n| n.same_as(o)) {
            updates.push(
                GlobalSecondaryIndexUpdate::builder()
                    .delete(
                        DeleteGlobalSecondaryIndexAction::builder()
                            .index_name(index_name(o))
                            .build()
                            .map_err(|e| build("UpdateTable", e))?,
                    )
                    .build(),
            );
        }
    }
    for n in new {
        if !old.iter().any(|o| o.same_as(n)) {
            let g = indexes::global_index(n, on_demand)?;
            updates.push(
                GlobalSecondaryIndexUpdate::builder()
                    .create(
                        CreateGlobalSecondaryIndexAction::builder()
                            .index_name(g.index_name())
                            .set_key_schema(Some(g.key_schema().to_vec()))
                            .set_projection(g.projection().cloned())
                            .set_provisioned_throughput(g.provisioned_throughput().cloned())
                            .build()
                            .map_err(|e| build("UpdateTable", e))?,
                    )
                    .build(),
            );
        }
    }
    if updates.is_empty() {
        return Ok(());
    }
    let definitions = attribute_definitions(planned, "UpdateTable")?;
    for u in updates {
        aws.dynamodb
            .update_table()
            .table_name(name)
            .set_attribute_definitions(Some(definitions.clone()))
            .global_secondary_index_updates(u)
            .send()
            .await
            .map_err(|e| aws_err("UpdateTable", e))?;
        wait_active(aws, name).await?;
    }
    Ok(())
}
