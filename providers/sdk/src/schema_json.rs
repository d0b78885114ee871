//! Schemas in the JSON shape of `terraform providers schema -json`, so tools
//! written for Terraform can read ours.

use serde_json::{json, Map, Value as Json};
use terrace_value::type_to_json;

use crate::schema::{Block, Nesting, ProviderSchema, Schema};

fn block_json(b: &Block) -> Json {
    let mut attrs = Map::new();
    for (name, a) in &b.attributes {
        let mut o = Map::new();
        o.insert("type".into(), type_to_json(&a.ty));
        if !a.description.is_empty() {
            o.insert("description".into(), Json::from(a.description.clone()));
            o.insert("description_kind".into(), Json::from("plain"));
        }
        for (flag, set) in [
            ("required", a.required),
            ("optional", a.optional),
            ("computed", a.computed),
            ("sensitive", a.sensitive),
        ] {
            if set {
                o.insert(flag.into(), Json::Bool(true));
            }
        }
        attrs.insert(name.clone(), Json::Object(o));
    }
    let mut blocks = Map::new();
    for (name, nb) in &b.blocks {
        let nesting = match nb.nesting {
            Nesting::Single => "single",
            Nesting::List => "list",
            Nesting::Set => "set",
            Nesting::Map => "map",
        };
        let mut o = Map::new();
        o.insert("nesting_mode".into(), Json::from(nesting));
        o.insert("block".into(), block_json(&nb.block));
        if nb.min_items > 0 {
            o.insert("min_items".into(), Json::from(nb.min_items));
        }
        if nb.max_items > 0 {
            o.insert("max_items".into(), Json::from(nb.max_items));
        }
        blocks.insert(name.clone(), Json::Object(o));
    }
    let mut out = Map::new();
    if !attrs.is_empty() {
        out.insert("attributes".into(), Json::Object(attrs));
    }
    if !blocks.is_empty() {
        out.insert("block_types".into(), Json::Object(blocks));
    }
    out.insert("description_kind".into(), Json::from("plain"));
    Json::Object(out)
}

fn schema_json(s: &Schema) -> Json {
    json!({"version": s.version, "block": block_json(&s.block)})
}

/// One provider's entry under `provider_schemas`.
pub fn provider_schema_json(p: &ProviderSchema) -> Json {
    let resources: Map<String, Json> = p
        .resources
        .iter()
        .map(|(k, s)| (k.clone(), schema_json(s)))
        .collect();
    let data: Map<String, Json> = p
        .data_sources
        .iter()
        .map(|(k, s)| (k.clone(), schema_json(s)))
        .collect();
    json!({
        "provider": schema_json(&p.provider),
        "resource_schemas": resources,
        "data_source_schemas": data,
    })
}
