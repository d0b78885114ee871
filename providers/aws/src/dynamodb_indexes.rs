//! A DynamoDB table's secondary indexes, as the Terraform provider writes
//! them: `global_secondary_index` and `local_secondary_index` blocks, to
//! and from the API's shapes.

use aws_sdk_dynamodb::types::{
    GlobalSecondaryIndex, GlobalSecondaryIndexDescription, KeySchemaElement, KeyType,
    LocalSecondaryIndex, LocalSecondaryIndexDescription, Projection, ProjectionType,
    ProvisionedThroughput,
};
use terrace_provider_sdk::{Attribute, Block, Diagnostics, Type, Value};

use crate::attrs::{attr, int, number, opt_str, req_string, string, string_set};
use crate::common::{opt, optc, req};
use crate::error::build;

/// The `global_secondary_index` block.
pub(crate) fn global_block() -> Block {
    Block::with_attributes([
        ("name", req(Type::String)),
        ("hash_key", req(Type::String)),
        ("range_key", opt(Type::String)),
        ("projection_type", req(Type::String)),
        ("non_key_attributes", opt(Type::set(Type::String))),
        ("read_capacity", optc(Type::Number)),
        ("write_capacity", optc(Type::Number)),
    ])
}

/// The `local_secondary_index` block.
pub(crate) fn local_block() -> Block {
    let mut b = Block::with_attributes([
        ("name", req(Type::String)),
        ("range_key", req(Type::String)),
        ("projection_type", req(Type::String)),
        ("non_key_attributes", opt(Type::set(Type::String))),
    ]);
    for a in b.attributes.values_mut() {
        *a = Attribute {
            force_new: true,
            ..a.clone()
        };
    }
    b
}

fn keys(hash: Option<String>, range: Option<String>) -> Result<Vec<KeySchemaElement>, Diagnostics> {
    let mut out = Vec::new();
    for (name, kind) in [(hash, KeyType::Hash), (range, KeyType::Range)] {
        if let Some(n) = name {
            out.push(
                KeySchemaElement::builder()
                    .attribute_name(n)
                    .key_type(kind)
                    .build()
                    .map_err(|e| build("CreateTable", e))?,
            );
        }
    }
    Ok(out)
}

fn projection(index: &Value) -> Result<Projection, Diagnostics> {
    let non_key: Vec<String> = attr(index, "non_key_attributes")
        .as_elements()
        .map(|es| {
            es.iter()
                .filter_map(|e| e.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    Ok(Projection::builder()
        .projection_type(ProjectionType::from(
            req_string(index, "projection_type")?.as_str(),
        ))
        .set_non_key_attributes((!non_key.is_empty()).then_some(non_key))
        .build())
}

/// The index's throughput, none for an on-demand table.
pub(crate) fn index_throughput(
    index: &Value,
    on_demand: bool,
) -> Result<Option<ProvisionedThroughput>, Diagnostics> {
    if on_demand {
        return Ok(None);
    }
    ProvisionedThroughput::builder()
        .read_capacity_units(int(index, "read_capacity")?.unwrap_or(0))
        .write_capacity_units(int(index, "write_capacity")?.unwrap_or(0))
        .build()
        .map(Some)
        .map_err(|e| build("CreateTable", e))
}

/// One `global_secondary_index` block as the API's index.
pub(crate) fn global_index(
    index: &Value,
    on_demand: bool,
) -> Result<GlobalSecondaryIndex, Diagnostics> {
    GlobalSecondaryIndex::builder()
        .index_name(req_string(index, "name")?)
        .set_key_schema(Some(keys(
            Some(req_string(index, "hash_key")?),
            string(index, "range_key")?,
        )?))
        .projection(projection(index)?)
        .set_provisioned_throughput(index_throughput(index, on_demand)?)
        .build()
        .map_err(|e| build("CreateTable", e))
}

/// One `local_secondary_index` block as the API's index.
pub(crate) fn local_index(
    index: &Value,
    hash_key: &str,
) -> Result<LocalSecondaryIndex, Diagnostics> {
    LocalSecondaryIndex::builder()
        .index_name(req_string(index, "name")?)
        .set_key_schema(Some(keys(
            Some(hash_key.to_string()),
            Some(req_string(index, "range_key")?),
        )?))
        .projection(projection(index)?)
        .build()
        .map_err(|e| build("CreateTable", e))
}

fn key_of(schema: &[KeySchemaElement], kind: KeyType) -> Option<String> {
    schema
        .iter()
        .find(|e| e.key_type() == &kind)
        .map(|e| e.attribute_name().to_string())
}

/// The projected attributes; an empty set when there are none, as the
/// Terraform provider stores them.
fn non_key(p: Option<&Projection>) -> Value {
    string_set(p.map(|p| p.non_key_attributes()).unwrap_or_default())
}

/// A global index as the API describes it, as a block value.
pub(crate) fn global_value(g: &GlobalSecondaryIndexDescription) -> Value {
    let pt = g.provisioned_throughput();
    Value::Object(
        [
            ("name".to_string(), opt_str(g.index_name())),
            (
                "hash_key".to_string(),
                opt_str(key_of(g.key_schema(), KeyType::Hash).as_deref()),
            ),
            (
                "range_key".to_string(),
                opt_str(key_of(g.key_schema(), KeyType::Range).as_deref()),
            ),
            (
                "projection_type".to_string(),
                opt_str(
                    g.projection()
                        .and_then(|p| p.projection_type())
                        .map(|t| t.as_str()),
                ),
            ),
            ("non_key_attributes".to_string(), non_key(g.projection())),
            (
                "read_capacity".to_string(),
                number(pt.and_then(|p| p.read_capacity_units()).unwrap_or(0)),
            ),
            (
                "write_capacity".to_string(),
                number(pt.and_then(|p| p.write_capacity_units()).unwrap_or(0)),
            ),
        ]
        .into(),
    )
}

/// A local index as the API describes it, as a block value.
pub(crate) fn local_value(l: &LocalSecondaryIndexDescription) -> Value {
    Value::Object(
        [
            ("name".to_string(), opt_str(l.index_name())),
            (
                "range_key".to_string(),
                opt_str(key_of(l.key_schema(), KeyType::Range).as_deref()),
            ),
            (
                "projection_type".to_string(),
                opt_str(
                    l.projection()
                        .and_then(|p| p.projection_type())
                        .map(|t| t.as_str()),
                ),
            ),
            ("non_key_attributes".to_string(), non_key(l.projection())),
        ]
        .into(),
    )
}
