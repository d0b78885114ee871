//! `http_resource`: an object behind a REST API that has no provider of its
//! own. Create, read, update and delete are a method and a path template
//! each (`{id}` is the object's ID, taken from the create response at
//! `id_attribute`); reads keep the configured body's fields as the server
//! has them, so a change made on the server is drift.

use std::collections::BTreeMap;

use async_trait::async_trait;
use percent_encoding::{utf8_percent_encode, NON_ALPHANUMERIC};
use serde_json::Value as Json;
use terrace_provider_sdk::framework::*;
use terrace_provider_sdk::{
    Attribute, Block, Diagnostic, Diagnostics, NestedBlock, Nesting, Schema, Type, Value,
};

use crate::request::{self, Retry};

pub struct HttpResource;

/// The four operations with their default method and path.
const OPERATIONS: [(&str, &str, &str); 4] = [
    ("create", "POST", ""),
    ("read", "GET", "/{id}"),
    ("update", "PUT", "/{id}"),
    ("delete", "DELETE", "/{id}"),
];

fn operation_block() -> Block {
    Block::with_attributes([
        (
            "method",
            Attribute::optional(Type::String).describe("The HTTP method."),
        ),
        (
            "path",
            Attribute::optional(Type::String).describe("Appended to url; {id} is the object's ID."),
        ),
    ])
}

fn schema_block() -> Block {
    let mut b = Block::with_attributes([
        ("id", Attribute::computed(Type::String)),
        (
            "url",
            Attribute::required(Type::String)
                .force_new()
                .describe("The API's base URL."),
        ),
        (
            "headers",
            Attribute::optional(Type::map(Type::String))
                .describe("Headers sent with every request."),
        ),
        (
            "sensitive_headers",
            Attribute::optional(Type::map(Type::String))
                .sensitive()
                .describe("Headers sent with every request and never shown, e.g. Authorization."),
        ),
        (
            "body",
            Attribute::optional(Type::String).describe("The object, as JSON (use jsonencode)."),
        ),
        (
            "id_attribute",
            Attribute::optional_computed(Type::String)
                .force_new()
                .describe("Where the create response holds the ID, e.g. id or data/id (id)."),
        ),
        (
            "response",
            Attribute::computed(Type::String).describe("The last read's response body."),
        ),
    ]);
    for (op, method, path) in OPERATIONS {
        let mut block = operation_block();
        block.description = format!("How to {op} the object ({method} url{path} by default).");
        b.blocks.insert(
            op.into(),
            NestedBlock {
                nesting: Nesting::Single,
                block,
                min_items: 0,
                max_items: 1,
            },
        );
    }
    b
}

/// The method and URL of operation `op` for the object `id`.
fn target(state: &Value, op: &str, id: &str) -> Result<(String, String), Diagnostics> {
    let (_, default_method, default_path) = OPERATIONS
        .iter()
        .find(|(name, _, _)| *name == op)
        .copied()
        .unwrap_or(("read", "GET", "/{id}"));
    let block = attr(state, op);
    let method = string(block, "method")?.unwrap_or_else(|| default_method.into());
    let path = string(block, "path")?.unwrap_or_else(|| default_path.into());
    let path = path.replace(
        "{id}",
        &utf8_percent_encode(id, NON_ALPHANUMERIC).to_string(),
    );
    let base = required_string(state, "url")?;
    Ok((method, format!("{}{path}", base.trim_end_matches('/'))))
}

fn headers(state: &Value) -> Result<BTreeMap<String, String>, Diagnostics> {
    let mut h = string_map(state, "headers")?.unwrap_or_default();
    h.extend(string_map(state, "sensitive_headers")?.unwrap_or_default());
    if is_set(state, "body") && !h.keys().any(|k| k.eq_ignore_ascii_case("content-type")) {
        h.insert("Content-Type".into(), "application/json".into());
    }
    Ok(h)
}

async fn call(
    state: &Value,
    op: &str,
    id: &str,
    body: Option<&str>,
) -> Result<request::Response, Diagnostics> {
    let (method, url) = target(state, op, id)?;
    let client = request::client(&request::ClientOptions::default())?;
    request::send(
        &client,
        &method,
        &url,
        &headers(state)?,
        body,
        Retry::default(),
    )
    .await
}

fn refused(op: &str, resp: &request::Response) -> Diagnostics {
    let mut text = resp.text();
    if text.len() > 300 {
        let mut end = 300;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        text.truncate(end);
        text.push('…');
    }
    Diagnostic::error(
        format!("The API refused to {op} the object"),
        format!("It answered {}: {}", resp.status, text.trim()),
    )
    .into()
}

/// The value at a `/`-separated path of a JSON document, as a string.
fn lookup(doc: &Json, path: &str) -> Option<String> {
    let mut cur = doc;
    for part in path.split('/').filter(|p| !p.is_empty()) {
        cur = match cur {
            Json::Object(m) => m.get(part)?,
            Json::Array(a) => a.get(part.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    match cur {
        Json::String(s) => Some(s.clone()),
        Json::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// The configured body with each of its fields as the server has them:
/// the configured text itself when nothing differs.
fn project(configured: &str, server: &Json) -> String {
    let Ok(want) = serde_json::from_str::<Json>(configured) else {
        return configured.to_string();
    };
    let seen = match (&want, server) {
        (Json::Object(w), Json::Object(s)) => Json::Object(
            w.keys()
                .filter_map(|k| s.get(k).map(|v| (k.clone(), v.clone())))
                .collect(),
        ),
        _ => server.clone(),
    };
    if seen == want {
        configured.to_string()
    } else {
        seen.to_string()
    }
}

fn validate_json(config: &Value) -> Diagnostics {
    match attr(config, "body").as_str() {
        Some(b) if serde_json::from_str::<Json>(b).is_err() => {
            invalid("body", "JSON text, e.g. from jsonencode()")
        }
        _ => Diagnostics::new(),
    }
}

#[async_trait]
impl Resource<()> for HttpResource {
    fn type_name(&self) -> &'static str {
        "http_resource"
    }

    fn schema(&self) -> Schema {
        Schema {
            version: 0,
            block: schema_block(),
        }
    }

    fn validate(&self, config: &Value) -> Diagnostics {
        let mut d = validate_json(config);
        if let Some(u) = attr(config, "url").as_str() {
            if reqwest::Url::parse(u).is_err() {
                d.extend(invalid(
                    "url",
                    "an absolute URL such as https://api.example.com/v1/users",
                ));
            }
        }
        d
    }

    fn plan(&self, prior: Option<&Value>, config: &Value) -> Result<Plan, Diagnostics> {
        let mut plan = standard(
            &schema_block(),
            &[("id_attribute", Value::string("id"))],
            prior,
            config,
        );
        if let Some(p) = prior {
            let same = ["body", "headers", "sensitive_headers", "update"]
                .iter()
                .all(|a| equal(attr(p, a), attr(&plan.state, a)));
            if !same {
                plan.state = with(&plan.state, "response", Value::Unknown(Type::String));
            }
        }
        Ok(plan)
    }

    async fn create(&self, _c: &(), planned: &Value) -> Result<Value, Diagnostics> {
        let body = string(planned, "body")?;
        let resp = call(planned, "create", "", body.as_deref()).await?;
        if !resp.ok() {
            return Err(refused("create", &resp));
        }
        let id_attr = string(planned, "id_attribute")?.unwrap_or_else(|| "id".into());
        let doc: Json = serde_json::from_slice(&resp.body).unwrap_or(Json::Null);
        let id = lookup(&doc, &id_attr).ok_or_else(|| {
            Diagnostics::from(Diagnostic::error(
                "No ID in the create response",
                format!(
                    "The create response has no string or number at {id_attr:?} (id_attribute)."
                ),
            ))
        })?;
        let state = with(planned, "id", Value::String(id));
        self.read(&(), &state).await?.ok_or_else(|| {
            Diagnostic::error(
                "Object vanished",
                "The API created the object but reading it back found nothing.",
            )
            .into()
        })
    }

    async fn update(&self, _c: &(), _prior: &Value, planned: &Value) -> Result<Value, Diagnostics> {
        let id = required_string(planned, "id")?;
        let body = string(planned, "body")?;
        let resp = call(planned, "update", &id, body.as_deref()).await?;
        if !resp.ok() {
            return Err(refused("update", &resp));
        }
        self.read(&(), planned).await?.ok_or_else(|| {
            Diagnostic::error(
                "Object vanished",
                "Reading the object back after the update found nothing.",
            )
            .into()
        })
    }

    async fn delete(&self, _c: &(), prior: &Value) -> Result<(), Diagnostics> {
        let id = required_string(prior, "id")?;
        let resp = call(prior, "delete", &id, None).await?;
        if resp.ok() || resp.status == 404 || resp.status == 410 {
            Ok(())
        } else {
            Err(refused("delete", &resp))
        }
    }

    async fn read(&self, _c: &(), state: &Value) -> Result<Option<Value>, Diagnostics> {
        let id = required_string(state, "id")?;
        let resp = call(state, "read", &id, None).await?;
        if resp.status == 404 || resp.status == 410 {
            return Ok(None);
        }
        if !resp.ok() {
            return Err(refused("read", &resp));
        }
        let text = resp.text();
        let mut v = with(state, "response", Value::String(text.clone()));
        if let (Some(body), Ok(doc)) = (string(state, "body")?, serde_json::from_str::<Json>(&text))
        {
            v = with(&v, "body", Value::String(project(&body, &doc)));
        }
        Ok(Some(v))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn projection_keeps_configured_text_unless_a_field_differs() {
        let server: Json = serde_json::from_str(r#"{"id":"7","name":"a","size":2}"#).unwrap();
        assert_eq!(
            project(r#"{ "name": "a", "size": 2 }"#, &server),
            r#"{ "name": "a", "size": 2 }"#
        );
        assert_eq!(
            project(r#"{"name":"b","size":2}"#, &server),
            r#"{"name":"a","size":2}"#
        );
        assert_eq!(
            project(r#"{"name":"a","gone":1}"#, &server),
            r#"{"name":"a"}"#
        );
    }

    #[test]
    fn ids_are_found_at_nested_paths() {
        let doc: Json = serde_json::from_str(r#"{"data":{"id":42,"tags":["x"]}}"#).unwrap();
        assert_eq!(lookup(&doc, "data/id").as_deref(), Some("42"));
        assert_eq!(lookup(&doc, "data/tags/0").as_deref(), Some("x"));
        assert_eq!(lookup(&doc, "id"), None);
    }
}
