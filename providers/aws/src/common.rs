//! Small pieces many resource types share: schema shorthands, the `tags`
//! pair, and JSON documents compared by meaning rather than by text.

use terrace_provider_sdk::{Attribute, Block, Schema, Type, Value};

/// A schema of these attributes plus `id`.
pub(crate) fn schema(attrs: Vec<(&'static str, Attribute)>) -> Schema {
    let mut block = Block::with_attributes(attrs);
    block
        .attributes
        .entry("id".to_string())
        .or_insert_with(|| Attribute::computed(Type::String));
    Schema { version: 0, block }
}

/// `tags` and `tags_all`.
pub(crate) fn tags() -> [(&'static str, Attribute); 2] {
    [
        ("tags", Attribute::optional(Type::map(Type::String))),
        ("tags_all", Attribute::computed(Type::map(Type::String))),
    ]
}

/// Shorthands for attribute kinds.
pub(crate) fn req(t: Type) -> Attribute {
    Attribute::required(t)
}
pub(crate) fn opt(t: Type) -> Attribute {
    Attribute::optional(t)
}
pub(crate) fn optc(t: Type) -> Attribute {
    Attribute::optional_computed(t)
}
pub(crate) fn comp(t: Type) -> Attribute {
    Attribute::computed(t)
}

/// Whether two JSON documents mean the same, treating a one-element array
/// and its element alike, as IAM does.
pub(crate) fn json_equivalent(a: &str, b: &str) -> bool {
    match (
        serde_json::from_str::<serde_json::Value>(a),
        serde_json::from_str::<serde_json::Value>(b),
    ) {
        (Ok(x), Ok(y)) => normalize(x) == normalize(y),
        _ => a == b,
    }
}

fn normalize(v: serde_json::Value) -> serde_json::Value {
    use serde_json::Value as J;
    match v {
        J::Array(mut items) if items.len() == 1 => normalize(items.remove(0)),
        J::Array(items) => {
            let mut items: Vec<J> = items.into_iter().map(normalize).collect();
            items.sort_by_key(|a| a.to_string());
            J::Array(items)
        }
        J::Object(m) => J::Object(m.into_iter().map(|(k, v)| (k, normalize(v))).collect()),
        J::Number(n) => J::String(n.to_string()),
        J::Bool(b) => J::String(b.to_string()),
        other => other,
    }
}

/// The document as stored: the prior text when AWS's means the same.
pub(crate) fn keep_json(prior: &Value, read: Option<&str>) -> Value {
    match (prior.as_str(), read) {
        (Some(p), Some(r)) if json_equivalent(p, r) => Value::string(p),
        (_, Some(r)) => Value::string(r),
        (_, None) => Value::Null(Type::String),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_documents_compare_by_meaning() {
        assert!(json_equivalent(
            r#"{"Version":"2012-10-17","Statement":[{"Action":["s3:GetObject"],"Effect":"Allow"}]}"#,
            r#"{ "Statement": [ { "Effect": "Allow", "Action": "s3:GetObject" } ], "Version": "2012-10-17" }"#,
        ));
        assert!(!json_equivalent(
            r#"{"Statement":[{"Effect":"Allow"}]}"#,
            r#"{"Statement":[{"Effect":"Deny"}]}"#,
        ));
        assert_eq!(
            keep_json(&Value::string("{\"a\": [1]}"), Some("{\"a\":1}")),
            Value::string("{\"a\": [1]}")
        );
        assert_eq!(
            keep_json(&Value::string("{\"a\": 1}"), Some("{\"a\":2}")),
            Value::string("{\"a\":2}")
        );
    }
}
