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

/// The document as stored: the prior text when AWS's means the same,
/// otherwise AWS's normalised as the Terraform provider normalises it.
pub(crate) fn keep_json(prior: &Value, read: Option<&str>) -> Value {
    match (prior.as_str(), read) {
        (Some(p), Some(r)) if json_equivalent(p, r) => Value::string(p),
        (_, Some(r)) => Value::string(normalized_json(r)),
        (_, None) => Value::Null(Type::String),
    }
}

/// A JSON text as Go's encoder writes it back: compact, object keys
/// sorted, `<`, `>` and `&` escaped. Text that is not JSON is kept.
pub(crate) fn normalized_json(text: &str) -> String {
    fn sort(v: serde_json::Value) -> serde_json::Value {
        use serde_json::Value as J;
        match v {
            J::Object(m) => {
                let mut entries: Vec<(String, J)> = m.into_iter().collect();
                entries.sort_by(|a, b| a.0.cmp(&b.0));
                J::Object(entries.into_iter().map(|(k, v)| (k, sort(v))).collect())
            }
            J::Array(xs) => J::Array(xs.into_iter().map(sort).collect()),
            other => other,
        }
    }
    match serde_json::from_str::<serde_json::Value>(text) {
        Ok(v) => sort(v)
            .to_string()
            .replace('<', "\\u003c")
            .replace('>', "\\u003e")
            .replace('&', "\\u0026"),
        Err(_) => text.to_string(),
    }
}

/// `obj` with each named attribute that is null (or, right after a create,
/// still unknown) set to its type's zero value (`""`, `0`, `false`), as the Terraform provider stores an
/// attribute AWS does not report.
pub(crate) fn zero_if_null(obj: Value, names: &[&str]) -> Value {
    let Some(entries) = obj.as_entries() else {
        return obj;
    };
    let mut out = entries.clone();
    for name in names {
        if let Some(v) = out.get_mut(*name) {
            if let Value::Null(t) | Value::Unknown(t) = v.unmarked() {
                let zero = match t {
                    Type::String => Some(Value::string("")),
                    Type::Number => Some(crate::attrs::number(0)),
                    Type::Bool => Some(Value::Bool(false)),
                    _ => None,
                };
                if let Some(z) = zero {
                    *v = z;
                }
            }
        }
    }
    Value::Object(out)
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
            keep_json(
                &Value::string("{\"a\": 1}"),
                Some("{\"b\": 2, \"a\": \"<&>\"}")
            ),
            Value::string(r#"{"a":"\u003c\u0026\u003e","b":2}"#)
        );
    }
}
