//! Sending one request: a client with the TLS settings asked for, headers,
//! an optional body, and retries with backoff for connection errors and
//! server errors. Errors name the URL and method but never header values.

use std::collections::BTreeMap;
use std::time::Duration;

use terrace_provider_sdk::{Diagnostic, Diagnostics};

/// TLS and timeout settings of a client.
#[derive(Default, Clone)]
pub struct ClientOptions {
    /// Skip certificate verification.
    pub insecure: bool,
    /// An extra root certificate, PEM.
    pub ca_cert_pem: Option<String>,
    /// A client certificate and its private key, PEM, for servers that
    /// ask for one.
    pub client_cert: Option<(String, String)>,
    /// The whole request's timeout.
    pub timeout: Option<Duration>,
}

/// A retry policy: attempts after the first, and the delay bounds.
#[derive(Clone, Copy)]
pub struct Retry {
    pub attempts: u32,
    pub min_delay: Duration,
    pub max_delay: Duration,
}

impl Default for Retry {
    fn default() -> Retry {
        Retry {
            attempts: 0,
            min_delay: Duration::ZERO,
            max_delay: Duration::ZERO,
        }
    }
}

/// What came back.
pub struct Response {
    pub status: u16,
    pub headers: BTreeMap<String, String>,
    pub body: Vec<u8>,
}

impl Response {
    /// The body as text (invalid UTF-8 replaced).
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// Whether the status is 2xx.
    pub fn ok(&self) -> bool {
        (200..300).contains(&self.status)
    }
}

/// A client with these options.
pub fn client(opts: &ClientOptions) -> Result<reqwest::Client, Diagnostics> {
    let mut b = reqwest::Client::builder().danger_accept_invalid_certs(opts.insecure);
    if let Some(pem) = &opts.ca_cert_pem {
        let cert = reqwest::Certificate::from_pem(pem.as_bytes()).map_err(|e| {
            Diagnostics::from(Diagnostic::error(
                "Invalid value for \"ca_cert_pem\"",
                format!("The certificate does not parse: {e}"),
            ))
        })?;
        b = b.add_root_certificate(cert);
    }
    if let Some((cert, key)) = &opts.client_cert {
        let identity =
            reqwest::Identity::from_pem(format!("{cert}\n{key}").as_bytes()).map_err(|e| {
                Diagnostics::from(Diagnostic::error(
                    "Invalid value for \"client_cert_pem\"",
                    format!(
                        "The client certificate and key (client_key_pem) do not parse as PEM: {e}"
                    ),
                ))
            })?;
        b = b.identity(identity);
    }
    if let Some(t) = opts.timeout {
        b = b.timeout(t);
    }
    b.build()
        .map_err(|e| Diagnostic::error("Cannot build an HTTP client", e.to_string()).into())
}

/// Sends `method url` with `headers` and `body`, retrying as `retry` says.
pub async fn send(
    client: &reqwest::Client,
    method: &str,
    url: &str,
    headers: &BTreeMap<String, String>,
    body: Option<&str>,
    retry: Retry,
) -> Result<Response, Diagnostics> {
    let m = reqwest::Method::from_bytes(method.to_ascii_uppercase().as_bytes()).map_err(|_| {
        Diagnostics::from(Diagnostic::error(
            "Invalid HTTP method",
            format!("{method:?} is not an HTTP method."),
        ))
    })?;
    let mut delay = retry.min_delay;
    let mut attempt = 0;
    loop {
        let mut req = client.request(m.clone(), url);
        for (k, v) in headers {
            req = req.header(k, v);
        }
        if let Some(b) = body {
            req = req.body(b.to_string());
        }
        let result = req.send().await;
        let retryable = match &result {
            Ok(r) => r.status().is_server_error() || r.status().as_u16() == 429,
            Err(_) => true,
        };
        if retryable && attempt < retry.attempts {
            attempt += 1;
            tokio::time::sleep(delay).await;
            delay = (delay * 2)
                .max(Duration::from_millis(1))
                .min(retry.max_delay.max(retry.min_delay));
            continue;
        }
        let resp = result.map_err(|e| {
            Diagnostics::from(Diagnostic::error(
                "HTTP request failed",
                format!("{m} {url}: {}", without_url(&e)),
            ))
        })?;
        let status = resp.status().as_u16();
        let mut hs: BTreeMap<String, String> = BTreeMap::new();
        for (k, v) in resp.headers() {
            let v = String::from_utf8_lossy(v.as_bytes()).into_owned();
            hs.entry(canonical_header(k.as_str()))
                .and_modify(|e| {
                    e.push_str(", ");
                    e.push_str(&v);
                })
                .or_insert(v);
        }
        let body = resp.bytes().await.map_err(|e| {
            Diagnostics::from(Diagnostic::error(
                "HTTP request failed",
                format!("{m} {url}: reading the body: {}", without_url(&e)),
            ))
        })?;
        return Ok(Response {
            status,
            headers: hs,
            body: body.to_vec(),
        });
    }
}

fn without_url(e: &reqwest::Error) -> String {
    let mut s = e.to_string();
    if let Some(u) = e.url() {
        s = s.replace(&format!(" ({u})"), "");
    }
    let mut src = std::error::Error::source(e);
    while let Some(inner) = src {
        s.push_str(&format!(": {inner}"));
        src = inner.source();
    }
    s
}

/// `content-type` as Go's `http.CanonicalHeaderKey` spells it,
/// `Content-Type`, as Terraform's http data source reports header names.
pub fn canonical_header(name: &str) -> String {
    name.split('-')
        .map(|part| {
            let mut c = part.chars();
            match c.next() {
                Some(f) => f.to_ascii_uppercase().to_string() + &c.as_str().to_ascii_lowercase(),
                None => String::new(),
            }
        })
        .collect::<Vec<_>>()
        .join("-")
}
