//! The configured provider: where Prometheus answers, where rule files and
//! file-based discovery files are written, and an HTTP client carrying the
//! configured credentials for `/-/reload` and the `/api/v1` reads.

use std::path::PathBuf;
use std::time::Duration;

use serde::Deserialize;
use terrace_provider_sdk::framework::{attr, boolean, string};
use terrace_provider_sdk::{Diagnostic, Diagnostics, Value};

/// Credentials sent with every request.
enum Auth {
    None,
    Basic {
        username: String,
        password: Option<String>,
    },
    Bearer(String),
}

/// One provider instance's settings and HTTP client.
pub struct Client {
    url: String,
    /// Where rule files go (`rule_files` globs point here).
    pub rules_dir: Option<PathBuf>,
    /// Where file-based discovery files go (`file_sd_configs` point here).
    pub file_sd_dir: Option<PathBuf>,
    reload: bool,
    auth: Auth,
    http: reqwest::Client,
}

/// A rule group as `/api/v1/rules` reports it.
#[derive(Deserialize, Debug, Clone)]
pub struct ApiGroup {
    pub name: String,
    pub file: String,
    #[serde(default)]
    pub interval: f64,
    #[serde(default)]
    pub rules: Vec<ApiRule>,
}

/// A loaded rule as `/api/v1/rules` reports it.
#[derive(Deserialize, Debug, Clone)]
pub struct ApiRule {
    pub name: String,
    pub query: String,
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(default)]
    pub duration: f64,
    #[serde(default)]
    pub labels: Option<std::collections::BTreeMap<String, String>>,
    #[serde(default)]
    pub annotations: Option<std::collections::BTreeMap<String, String>>,
}

#[derive(Deserialize)]
struct RulesData {
    groups: Vec<ApiGroup>,
}

#[derive(Deserialize)]
struct Envelope<T> {
    status: String,
    data: Option<T>,
    #[serde(default)]
    error: Option<String>,
}

fn http_error(what: &str, detail: String) -> Diagnostics {
    Diagnostic::error(format!("Cannot {what}"), detail).into()
}

impl Client {
    /// A client from the provider block.
    pub fn from_config(config: &Value) -> Result<Client, Diagnostics> {
        let url = string(config, "url")?
            .unwrap_or_else(|| "http://localhost:9090".into())
            .trim_end_matches('/')
            .to_string();
        if reqwest::Url::parse(&url).is_err() {
            return Err(Diagnostic::error(
                "Invalid provider argument \"url\"",
                format!("{url:?} is not an absolute URL such as http://localhost:9090."),
            )
            .into());
        }
        let basic = attr(config, "basic_auth");
        let auth = if let Some(token) = string(config, "bearer_token")? {
            Auth::Bearer(token)
        } else if !basic.is_null() {
            Auth::Basic {
                username: string(basic, "username")?.unwrap_or_default(),
                password: string(basic, "password")?,
            }
        } else {
            Auth::None
        };
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(60))
            .build()
            .map_err(|e| http_error("build an HTTP client", e.to_string()))?;
        Ok(Client {
            url,
            rules_dir: string(config, "rules_dir")?.map(PathBuf::from),
            file_sd_dir: string(config, "file_sd_dir")?.map(PathBuf::from),
            reload: boolean(config, "reload")?.unwrap_or(true),
            auth,
            http,
        })
    }

    fn with_auth(&self, req: reqwest::RequestBuilder) -> reqwest::RequestBuilder {
        match &self.auth {
            Auth::None => req,
            Auth::Basic { username, password } => req.basic_auth(username, password.as_ref()),
            Auth::Bearer(t) => req.bearer_auth(t),
        }
    }

    /// Asks Prometheus to reload its configuration and rule files, when
    /// the provider is configured to.
    pub async fn reload(&self) -> Result<(), Diagnostics> {
        if !self.reload {
            return Ok(());
        }
        let resp = self
            .with_auth(self.http.post(format!("{}/-/reload", self.url)))
            .send()
            .await
            .map_err(|e| {
                http_error(
                    "reload Prometheus",
                    format!("POST {}/-/reload: {e}", self.url),
                )
            })?;
        let status = resp.status();
        if !status.is_success() {
            let body = resp.text().await.unwrap_or_default();
            return Err(http_error(
                "reload Prometheus",
                format!(
                    "POST {}/-/reload answered {status}: {}",
                    self.url,
                    body.trim()
                ),
            ));
        }
        Ok(())
    }

    /// The rule groups Prometheus has loaded.
    pub async fn rule_groups(&self) -> Result<Vec<ApiGroup>, Diagnostics> {
        let url = format!("{}/api/v1/rules", self.url);
        let resp = self
            .with_auth(self.http.get(&url))
            .send()
            .await
            .map_err(|e| http_error("read Prometheus rules", format!("GET {url}: {e}")))?;
        let status = resp.status();
        let body: Envelope<RulesData> = resp.json().await.map_err(|e| {
            http_error(
                "read Prometheus rules",
                format!("GET {url} answered {status}: {e}"),
            )
        })?;
        match body.data {
            Some(d) if body.status == "success" => Ok(d.groups),
            _ => Err(http_error(
                "read Prometheus rules",
                format!("GET {url}: {}", body.error.unwrap_or(body.status)),
            )),
        }
    }
}

impl Client {
    /// Whether changes are reloaded (and reads ask the API).
    pub fn reloads(&self) -> bool {
        self.reload
    }
}
