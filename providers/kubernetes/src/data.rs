//! Data sources: `kubernetes_resource` and `kubernetes_resources` for any
//! kind, and the typed ones (`kubernetes_namespace_v1`, `..._secret_v1`,
//! `..._config_map_v1`, `..._service_v1`) with every field computed.

use kube::api::ListParams;
use serde_json::Value as Json;
use terrace_provider_sdk::{Attribute, Block, NestedBlock, Nesting, Schema, Type};
use terrace_value::{Diagnostic, Diagnostics, Value};

use crate::cluster::{Cluster, ObjectRef};
use crate::json::from_json;
use crate::typed::kinds::{TypedKind, KINDS};
use crate::typed::resource::{all_fields, kind_info, state_from_live};
use crate::typed::spec::all_computed;
use crate::values::{attr, first_block, text};

fn meta_block(required: bool) -> NestedBlock {
    NestedBlock {
        nesting: Nesting::List,
        block: Block::with_attributes([
            ("name", Attribute::required(Type::String)),
            ("namespace", Attribute::optional(Type::String)),
        ]),
        min_items: usize::from(required),
        max_items: 1,
    }
}

/// Every data source's schema by name.
pub(crate) fn schemas() -> Vec<(String, Schema)> {
    let mut out = Vec::new();
    let mut one = Block::with_attributes([
        ("api_version", Attribute::required(Type::String)),
        ("kind", Attribute::required(Type::String)),
        ("object", Attribute::computed(Type::Dynamic)),
    ]);
    one.blocks.insert("metadata".into(), meta_block(true));
    out.push((
        "kubernetes_resource".to_string(),
        Schema {
            version: 0,
            block: one,
        },
    ));
    let many = Block::with_attributes([
        ("api_version", Attribute::required(Type::String)),
        ("kind", Attribute::required(Type::String)),
        ("namespace", Attribute::optional(Type::String)),
        ("label_selector", Attribute::optional(Type::String)),
        ("field_selector", Attribute::optional(Type::String)),
        ("limit", Attribute::optional(Type::Number)),
        ("objects", Attribute::computed(Type::Dynamic)),
    ]);
    out.push((
        "kubernetes_resources".to_string(),
        Schema {
            version: 0,
            block: many,
        },
    ));
    for k in KINDS.iter().filter(|k| k.data_source) {
        out.push((k.type_name.to_string(), typed_schema(k)));
    }
    out
}

fn typed_schema(k: &TypedKind) -> Schema {
    let mut b = all_computed(&all_fields(k));
    if let Some(meta) = b.blocks.get_mut("metadata") {
        meta.min_items = 0;
        for name in ["name", "namespace"] {
            if let Some(a) = meta.block.attributes.get_mut(name) {
                a.optional = true;
                a.computed = name == "namespace";
            }
        }
    }
    b.attributes
        .insert("id".into(), Attribute::computed(Type::String));
    Schema {
        version: 0,
        block: b,
    }
}

fn not_found(what: &str) -> Diagnostics {
    Diagnostic::error(
        "Object not found",
        format!("{what} does not exist in the cluster."),
    )
    .into()
}

/// Reads a data source.
pub(crate) async fn read(
    cluster: &Cluster,
    type_name: &str,
    config: &Value,
) -> Result<Value, Diagnostics> {
    match type_name {
        "kubernetes_resource" => resource(cluster, config).await,
        "kubernetes_resources" => resources(cluster, config).await,
        _ => match KINDS
            .iter()
            .find(|k| k.data_source && k.type_name == type_name)
        {
            Some(k) => typed(cluster, k, config).await,
            None => Err(Diagnostic::error(
                "Unsupported data source",
                format!("This provider has no data source named {type_name:?}."),
            )
            .into()),
        },
    }
}

fn with_attr(v: &Value, name: &str, value: Value) -> Value {
    let mut out = v.as_entries().cloned().unwrap_or_default();
    out.insert(name.to_string(), value);
    Value::Object(out)
}

async fn resource(cluster: &Cluster, config: &Value) -> Result<Value, Diagnostics> {
    let api_version = text(config, "api_version").unwrap_or_default();
    let kind = text(config, "kind").unwrap_or_default();
    let meta = first_block(config, "metadata");
    let name = meta.and_then(|m| text(m, "name")).unwrap_or_default();
    let info = cluster.resolve("kind", &api_version, &kind).await?;
    let namespace = info.namespaced.then(|| {
        meta.and_then(|m| text(m, "namespace"))
            .unwrap_or_else(|| "default".into())
    });
    let at = ObjectRef {
        kind: info,
        namespace,
        name,
    };
    let live = cluster
        .get("metadata", &at)
        .await?
        .ok_or_else(|| not_found(&at.describe()))?;
    Ok(with_attr(config, "object", from_json(&live)))
}

async fn resources(cluster: &Cluster, config: &Value) -> Result<Value, Diagnostics> {
    let api_version = text(config, "api_version").unwrap_or_default();
    let kind = text(config, "kind").unwrap_or_default();
    let info = cluster.resolve("kind", &api_version, &kind).await?;
    let mut params = ListParams::default();
    if let Some(l) = text(config, "label_selector") {
        params = params.labels(&l);
    }
    if let Some(f) = text(config, "field_selector") {
        params = params.fields(&f);
    }
    if let Some(n) = attr(config, "limit").as_number().and_then(|n| n.to_i64()) {
        params = params.limit(u32::try_from(n).unwrap_or(u32::MAX));
    }
    let ns = text(config, "namespace");
    let items = cluster
        .list("namespace", &info, ns.as_deref(), &params)
        .await?;
    Ok(with_attr(config, "objects", from_json(&Json::Array(items))))
}

async fn typed(cluster: &Cluster, k: &TypedKind, config: &Value) -> Result<Value, Diagnostics> {
    let meta = first_block(config, "metadata");
    let Some(name) = meta.and_then(|m| text(m, "name")) else {
        return Err(
            Diagnostic::error("Missing object name", "Set metadata { name = ... }.").into(),
        );
    };
    let namespace = k.namespaced.then(|| {
        meta.and_then(|m| text(m, "namespace"))
            .unwrap_or_else(|| "default".into())
    });
    let at = ObjectRef {
        kind: kind_info(k),
        namespace,
        name,
    };
    let live = cluster
        .get("metadata", &at)
        .await?
        .ok_or_else(|| not_found(&at.describe()))?;
    let mut v = state_from_live(k, &live, None);
    // Resource-only attributes have no meaning for a data source.
    if let Some(m) = v.as_entries() {
        let keep: std::collections::BTreeMap<String, Value> = m
            .iter()
            .filter(|(name, _)| {
                typed_schema(k).block.attributes.contains_key(*name)
                    || typed_schema(k).block.blocks.contains_key(*name)
            })
            .map(|(a, b)| (a.clone(), b.clone()))
            .collect();
        v = Value::Object(keep);
    }
    Ok(v)
}
