//! `data "aws_iam_policy_document"`: an IAM policy built from `statement`
//! blocks, printed as Terraform's provider prints it (two-space indented
//! JSON, one-element lists as strings, lists sorted in reverse as it does).

use std::collections::BTreeMap;

use async_trait::async_trait;
use serde_json::{json, Map, Value as J};
use terrace_provider_sdk::{Block, Diagnostics, NestedBlock, Nesting, Schema, Type, Value};

use crate::attrs::{attr, blocks, string, strings, with, with_all};
use crate::common::{comp, opt, req, schema};
use crate::config::Aws;
use crate::resource::DataSource;

pub(crate) struct PolicyDocument;

fn nested(nesting: Nesting, block: Block) -> NestedBlock {
    NestedBlock {
        nesting,
        block,
        min_items: 0,
        max_items: 0,
    }
}

fn principals_block() -> Block {
    Block::with_attributes([
        ("type", req(Type::String)),
        ("identifiers", req(Type::set(Type::String))),
    ])
}

fn statement_block() -> Block {
    let set = || opt(Type::set(Type::String));
    let mut b = Block::with_attributes([
        ("sid", opt(Type::String)),
        ("effect", opt(Type::String)),
        ("actions", set()),
        ("not_actions", set()),
        ("resources", set()),
        ("not_resources", set()),
    ]);
    b.blocks.insert(
        "principals".into(),
        nested(Nesting::Set, principals_block()),
    );
    b.blocks.insert(
        "not_principals".into(),
        nested(Nesting::Set, principals_block()),
    );
    b.blocks.insert(
        "condition".into(),
        nested(
            Nesting::Set,
            Block::with_attributes([
                ("test", req(Type::String)),
                ("variable", req(Type::String)),
                ("values", req(Type::list(Type::String))),
            ]),
        ),
    );
    b
}

/// A string list as IAM JSON: one element as a string, more in reverse order.
fn list(mut items: Vec<String>) -> J {
    items.sort_by(|a, b| b.cmp(a));
    items.dedup();
    if items.len() == 1 {
        J::String(items.remove(0))
    } else {
        json!(items)
    }
}

fn principals(ps: &[Value]) -> Result<Option<J>, Diagnostics> {
    if ps.is_empty() {
        return Ok(None);
    }
    let mut m: Map<String, J> = Map::new();
    let mut grouped: BTreeMap<String, Vec<String>> = Default::default();
    for p in ps {
        let ty = string(p, "type")?.unwrap_or_default();
        let ids = strings(p, "identifiers")?;
        if ty == "*" && ids.iter().all(|i| i == "*") {
            return Ok(Some(J::String("*".into())));
        }
        grouped.entry(ty).or_default().extend(ids);
    }
    for (ty, ids) in grouped {
        m.insert(ty, list(ids));
    }
    Ok(Some(J::Object(m)))
}

/// The policy JSON for a configuration.
pub(crate) fn document(config: &Value) -> Result<J, Diagnostics> {
    let mut doc = Map::new();
    doc.insert(
        "Version".into(),
        J::String(string(config, "version")?.unwrap_or_else(|| "2012-10-17".into())),
    );
    if let Some(id) = string(config, "policy_id")? {
        doc.insert("Id".into(), J::String(id));
    }
    let mut statements = Vec::new();
    for s in blocks(config, "statement") {
        let mut st = Map::new();
        if let Some(sid) = string(s, "sid")?.filter(|s| !s.is_empty()) {
            st.insert("Sid".into(), J::String(sid));
        }
        st.insert(
            "Effect".into(),
            J::String(string(s, "effect")?.unwrap_or_else(|| "Allow".into())),
        );
        for (attr, key) in [
            ("actions", "Action"),
            ("not_actions", "NotAction"),
            ("resources", "Resource"),
            ("not_resources", "NotResource"),
        ] {
            let items = strings(s, attr)?;
            if !items.is_empty() {
                st.insert(key.into(), list(items));
            }
        }
        if let Some(p) = principals(blocks(s, "principals"))? {
            st.insert("Principal".into(), p);
        }
        if let Some(p) = principals(blocks(s, "not_principals"))? {
            st.insert("NotPrincipal".into(), p);
        }
        let conditions = blocks(s, "condition");
        if !conditions.is_empty() {
            let mut by_test: BTreeMap<String, BTreeMap<String, J>> = Default::default();
            for c in conditions {
                let test = string(c, "test")?.unwrap_or_default();
                let variable = string(c, "variable")?.unwrap_or_default();
                let mut values = strings(c, "values")?;
                let v = if values.len() == 1 {
                    J::String(values.remove(0))
                } else {
                    json!(values)
                };
                by_test.entry(test).or_default().insert(variable, v);
            }
            // Variables sorted within each test, as Go prints a map.
            let by_test: Map<String, J> = by_test
                .into_iter()
                .map(|(k, m)| (k, J::Object(m.into_iter().collect())))
                .collect();
            st.insert("Condition".into(), J::Object(by_test));
        }
        statements.push(J::Object(st));
    }
    doc.insert("Statement".into(), J::Array(statements));
    Ok(J::Object(doc))
}

#[async_trait]
impl DataSource for PolicyDocument {
    fn type_name(&self) -> &'static str {
        "aws_iam_policy_document"
    }

    fn schema(&self) -> Schema {
        let mut s = schema(vec![
            ("version", opt(Type::String)),
            ("policy_id", opt(Type::String)),
            ("json", comp(Type::String)),
            ("minified_json", comp(Type::String)),
        ]);
        s.block
            .blocks
            .insert("statement".into(), nested(Nesting::List, statement_block()));
        s
    }

    async fn read(&self, _aws: &Aws, config: &Value) -> Result<Value, Diagnostics> {
        let doc = document(config)?;
        let pretty = serde_json::to_string_pretty(&doc).unwrap_or_default();
        let minified = doc.to_string();
        let version = match string(config, "version")? {
            Some(v) => Value::string(v),
            None => Value::string("2012-10-17"),
        };
        Ok(with_all(
            config,
            [
                ("id", Value::string(crc32(pretty.as_bytes()).to_string())),
                ("json", Value::string(pretty)),
                ("minified_json", Value::string(minified)),
                ("version", version),
                ("statement", statements_as_stored(attr(config, "statement"))),
            ],
        ))
    }
}

/// The statements as the Terraform provider stores them: an unset `sid`
/// is `""`, an unset `effect` `"Allow"`, unset lists empty sets.
fn statements_as_stored(statements: &Value) -> Value {
    let Value::List(ty, items) = statements.unmarked() else {
        return statements.clone();
    };
    let stored: Vec<Value> = items
        .iter()
        .map(|st| {
            let mut st = st.clone();
            if attr(&st, "sid").is_null() {
                st = with(&st, "sid", Value::string(""));
            }
            if attr(&st, "effect").is_null() {
                st = with(&st, "effect", Value::string("Allow"));
            }
            for name in ["actions", "not_actions", "resources", "not_resources"] {
                if attr(&st, name).is_null() {
                    st = with(&st, name, Value::set(Type::String, Vec::new()));
                }
            }
            st
        })
        .collect();
    Value::List(ty.clone(), stored)
}

/// CRC-32 (IEEE), the hash the Terraform provider uses for the `id`.
fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::attrs::string_set;

    fn obj(entries: Vec<(&str, Value)>) -> Value {
        Value::Object(
            entries
                .into_iter()
                .map(|(k, v)| (k.to_string(), v))
                .collect(),
        )
    }

    #[test]
    fn statements_print_as_terraform_prints_them() {
        let principal = obj(vec![
            ("type", Value::string("Service")),
            ("identifiers", string_set(["lambda.amazonaws.com"])),
        ]);
        let condition = obj(vec![
            ("test", Value::string("StringEquals")),
            ("variable", Value::string("aws:SourceAccount")),
            ("values", crate::attrs::string_list_value(["123456789012"])),
        ]);
        let statement = obj(vec![
            ("sid", Value::Null(Type::String)),
            ("effect", Value::Null(Type::String)),
            ("actions", string_set(["s3:GetObject", "s3:PutObject"])),
            ("resources", string_set(["*"])),
            ("principals", Value::set(principal.ty(), vec![principal])),
            ("condition", Value::set(condition.ty(), vec![condition])),
        ]);
        let config = obj(vec![(
            "statement",
            Value::List(statement.ty(), vec![statement]),
        )]);
        let doc =
            serde_json::to_string_pretty(&document(&config).expect("document")).expect("json");
        assert_eq!(
            doc,
            r#"{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": [
        "s3:PutObject",
        "s3:GetObject"
      ],
      "Resource": "*",
      "Principal": {
        "Service": "lambda.amazonaws.com"
      },
      "Condition": {
        "StringEquals": {
          "aws:SourceAccount": "123456789012"
        }
      }
    }
  ]
}"#
        );
    }

    #[test]
    fn the_id_is_the_crc32_of_the_document() {
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
    }

    #[test]
    fn a_wildcard_principal_is_a_plain_star() {
        let principal = obj(vec![
            ("type", Value::string("*")),
            ("identifiers", string_set(["*"])),
        ]);
        let statement = obj(vec![
            ("actions", string_set(["sqs:SendMessage"])),
            ("principals", Value::set(principal.ty(), vec![principal])),
        ]);
        let config = obj(vec![(
            "statement",
            Value::List(statement.ty(), vec![statement]),
        )]);
        let doc = document(&config).expect("document");
        assert_eq!(doc["Statement"][0]["Principal"], serde_json::json!("*"));
    }
}
