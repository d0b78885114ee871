//! Data source `http`, as Terraform's: one request, with its status code,
//! response headers and body as attributes; a non-2xx status is reported,
//! not an error, so a postcondition can decide.

use std::time::Duration;

use async_trait::async_trait;
use base64::Engine;
use terrace_provider_sdk::framework::*;
use terrace_provider_sdk::{
    Attribute, Block, Diagnostics, NestedBlock, Nesting, Schema, Type, Value,
};

use crate::request::{self, ClientOptions, Retry};

pub struct HttpData;

fn schema_block() -> Block {
    let mut b = Block::with_attributes([
        ("id", Attribute::computed(Type::String)),
        (
            "url",
            Attribute::required(Type::String).describe("The URL to request."),
        ),
        (
            "method",
            Attribute::optional(Type::String).describe("GET (the default), HEAD or POST."),
        ),
        (
            "request_headers",
            Attribute::optional(Type::map(Type::String)).describe("Headers sent with the request."),
        ),
        (
            "request_body",
            Attribute::optional(Type::String).describe("The request body."),
        ),
        (
            "request_timeout_ms",
            Attribute::optional(Type::Number)
                .describe("Milliseconds before the request is abandoned."),
        ),
        (
            "insecure",
            Attribute::optional(Type::Bool).describe("Skip verifying the server's certificate."),
        ),
        (
            "ca_cert_pem",
            Attribute::optional(Type::String).describe("A PEM root certificate to trust."),
        ),
        (
            "client_cert_pem",
            Attribute::optional(Type::String)
                .describe("A PEM client certificate, for servers that ask for one."),
        ),
        (
            "client_key_pem",
            Attribute::optional(Type::String)
                .sensitive()
                .describe("The PEM private key of client_cert_pem."),
        ),
        (
            "response_body",
            Attribute::computed(Type::String).describe("The response body as text."),
        ),
        (
            "response_body_base64",
            Attribute::computed(Type::String).describe("The response body, base64."),
        ),
        (
            "response_headers",
            Attribute::computed(Type::map(Type::String)).describe("The response headers."),
        ),
        (
            "status_code",
            Attribute::computed(Type::Number).describe("The HTTP status code."),
        ),
    ]);
    b.blocks.insert(
        "retry".into(),
        NestedBlock {
            nesting: Nesting::Single,
            block: Block::with_attributes([
                (
                    "attempts",
                    Attribute::optional(Type::Number).describe("Retries after the first try."),
                ),
                (
                    "min_delay_ms",
                    Attribute::optional(Type::Number).describe("Least milliseconds between tries."),
                ),
                (
                    "max_delay_ms",
                    Attribute::optional(Type::Number).describe("Most milliseconds between tries."),
                ),
            ]),
            min_items: 0,
            max_items: 1,
        },
    );
    b
}

fn non_negative(v: &Value, name: &str) -> Result<Option<u64>, Diagnostics> {
    match int(v, name)? {
        None => Ok(None),
        Some(n) => u64::try_from(n)
            .map(Some)
            .map_err(|_| invalid(name, "zero or more")),
    }
}

#[async_trait]
impl DataSource<()> for HttpData {
    fn type_name(&self) -> &'static str {
        "http"
    }

    fn schema(&self) -> Schema {
        Schema {
            version: 0,
            block: schema_block(),
        }
    }

    fn validate(&self, config: &Value) -> Diagnostics {
        match attr(config, "method").as_str() {
            Some(m) if !["GET", "HEAD", "POST"].contains(&m) => {
                invalid("method", "one of GET, HEAD or POST")
            }
            _ => Diagnostics::new(),
        }
    }

    async fn read(&self, _client: &(), config: &Value) -> Result<Value, Diagnostics> {
        let url = required_string(config, "url")?;
        if reqwest::Url::parse(&url).is_err() {
            return Err(invalid("url", "an absolute URL"));
        }
        let method = string(config, "method")?.unwrap_or_else(|| "GET".into());
        let opts = ClientOptions {
            insecure: boolean(config, "insecure")?.unwrap_or(false),
            ca_cert_pem: string(config, "ca_cert_pem")?,
            client_cert: match (
                string(config, "client_cert_pem")?,
                string(config, "client_key_pem")?,
            ) {
                (Some(c), Some(k)) => Some((c, k)),
                (None, None) => None,
                _ => {
                    return Err(invalid(
                        "client_cert_pem",
                        "set together with client_key_pem",
                    ))
                }
            },
            timeout: non_negative(config, "request_timeout_ms")?
                .filter(|ms| *ms > 0)
                .map(Duration::from_millis),
        };
        let r = attr(config, "retry");
        let retry = if r.is_null() {
            Retry::default()
        } else {
            Retry {
                attempts: non_negative(r, "attempts")?.unwrap_or(1).min(100) as u32,
                min_delay: Duration::from_millis(non_negative(r, "min_delay_ms")?.unwrap_or(0)),
                max_delay: Duration::from_millis(non_negative(r, "max_delay_ms")?.unwrap_or(0)),
            }
        };
        let client = request::client(&opts)?;
        let headers = string_map(config, "request_headers")?.unwrap_or_default();
        let body = string(config, "request_body")?;
        let resp = request::send(&client, &method, &url, &headers, body.as_deref(), retry).await?;
        let mut v = with(config, "id", Value::String(url));
        v = with(&v, "response_body", Value::String(resp.text()));
        v = with(
            &v,
            "response_body_base64",
            Value::String(base64::engine::general_purpose::STANDARD.encode(&resp.body)),
        );
        v = with(&v, "response_headers", map_of_strings(resp.headers));
        Ok(with(&v, "status_code", number(i64::from(resp.status))))
    }
}
