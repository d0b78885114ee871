//! The `provider "kubernetes"` block: its arguments, named as the Terraform
//! kubernetes provider names them, and how they become a kube client. One
//! kubeconfig document is assembled (files from `config_path(s)` or
//! `KUBE_CONFIG_PATH(S)`/`KUBECONFIG`, then the explicit `host`, `token`,
//! certificates and `exec` on top), so every way of connecting goes through
//! kube's own kubeconfig handling; with nothing given, in-cluster config.

use std::collections::BTreeMap;

use base64::Engine as _;
use kube::config::{KubeConfigOptions, Kubeconfig};
use serde_json::{json, Value as Json};
use terrace_provider_sdk::{Attribute, Block, NestedBlock, Nesting, Schema, Type};
use terrace_value::{Diagnostic, Diagnostics, Value};

/// The provider block's schema.
pub(crate) fn schema() -> Schema {
    let s = || Attribute::optional(Type::String);
    let mut block = Block::with_attributes([
        ("config_path", s().describe("Path to a kubeconfig file.")),
        (
            "config_paths",
            Attribute::optional(Type::list(Type::String)).describe("Kubeconfig files, merged."),
        ),
        (
            "config_context",
            s().describe("The kubeconfig context to use."),
        ),
        ("config_context_cluster", s()),
        ("config_context_auth_info", s()),
        ("host", s().describe("The API server URL.")),
        ("token", s().sensitive().describe("A bearer token.")),
        ("username", s()),
        ("password", s().sensitive()),
        (
            "cluster_ca_certificate",
            s().describe("PEM-encoded root certificates."),
        ),
        (
            "client_certificate",
            s().describe("PEM-encoded client certificate."),
        ),
        (
            "client_key",
            s().sensitive().describe("PEM-encoded client key."),
        ),
        ("insecure", Attribute::optional(Type::Bool)),
        ("tls_server_name", s()),
        ("proxy_url", s()),
    ]);
    block.blocks.insert(
        "exec".into(),
        NestedBlock {
            nesting: Nesting::List,
            min_items: 0,
            max_items: 1,
            block: Block::with_attributes([
                ("api_version", Attribute::required(Type::String)),
                ("command", Attribute::required(Type::String)),
                ("args", Attribute::optional(Type::list(Type::String))),
                ("env", Attribute::optional(Type::map(Type::String))),
            ]),
        },
    );
    Schema { version: 0, block }
}

fn text(config: &Value, name: &str) -> Option<String> {
    config
        .as_entries()
        .and_then(|m| m.get(name))
        .and_then(|v| v.unmarked().as_str())
        .map(str::to_string)
}

fn strings(v: Option<&Value>) -> Vec<String> {
    v.and_then(|v| v.unmarked().as_elements())
        .map(|es| {
            es.iter()
                .filter_map(|e| e.as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default()
}

fn env_or(config: &Value, name: &str, env: &str) -> Option<String> {
    text(config, name).or_else(|| std::env::var(env).ok().filter(|s| !s.is_empty()))
}

fn config_error(detail: impl Into<String>) -> Diagnostics {
    Diagnostic::error("Invalid provider configuration", detail).into()
}

/// The kubeconfig files named by the configuration or the environment.
fn config_files(config: &Value) -> Vec<String> {
    let attrs = config.as_entries();
    let mut paths = strings(attrs.and_then(|m| m.get("config_paths")));
    if let Some(p) = text(config, "config_path") {
        paths.insert(0, p);
    }
    if paths.is_empty() {
        for var in ["KUBE_CONFIG_PATH", "KUBE_CONFIG_PATHS", "KUBECONFIG"] {
            if let Ok(v) = std::env::var(var) {
                paths.extend(
                    std::env::split_paths(&v)
                        .map(|p| p.to_string_lossy().into_owned())
                        .filter(|p| !p.is_empty()),
                );
            }
            if !paths.is_empty() {
                break;
            }
        }
    }
    paths
        .into_iter()
        .map(|p| match p.strip_prefix("~/") {
            Some(rest) => std::env::var("HOME").map_or(p.clone(), |h| format!("{h}/{rest}")),
            None => p,
        })
        .collect()
}

/// The command of the provider block's `exec` credential plugin, if it has one.
pub(crate) fn exec_command(config: &Value) -> Option<String> {
    config
        .as_entries()
        .and_then(|m| m.get("exec"))
        .and_then(|v| v.as_elements())
        .and_then(|es| es.first())
        .and_then(|e| text(e, "command"))
}

/// A kube client configuration for the provider block `config`.
pub(crate) async fn kube_config(config: &Value) -> Result<kube::Config, Diagnostics> {
    let files = config_files(config);
    let host = env_or(config, "host", "KUBE_HOST");
    let exec = config
        .as_entries()
        .and_then(|m| m.get("exec"))
        .and_then(|v| v.as_elements())
        .and_then(|es| es.first().cloned());
    if files.is_empty() && host.is_none() {
        if std::env::var("KUBERNETES_SERVICE_HOST").is_ok() {
            return in_cluster().await;
        }
        return Err(config_error(
            "No cluster to connect to: set config_path, config_paths or host in the provider block, or KUBECONFIG in the environment.",
        ));
    }
    let mut doc = merged_files(&files)?;
    let context = env_or(config, "config_context", "KUBE_CTX");
    let overrides = explicit(config, host, exec.as_ref());
    apply_overrides(&mut doc, context.as_deref(), overrides);
    let kubeconfig: Kubeconfig = serde_json::from_value(doc)
        .map_err(|e| config_error(format!("The kubeconfig could not be read: {e}")))?;
    let options = KubeConfigOptions {
        context,
        cluster: env_or(config, "config_context_cluster", "KUBE_CTX_CLUSTER"),
        user: env_or(config, "config_context_auth_info", "KUBE_CTX_AUTH_INFO"),
    };
    kube::Config::from_custom_kubeconfig(kubeconfig, &options)
        .await
        .map_err(|e| {
            config_error(format!(
                "The kubeconfig could not be used: {}",
                crate::errors::with_causes(&e)
            ))
        })
}

/// Moves the service account directory (token, ca.crt, namespace) away from
/// /var/run/secrets/kubernetes.io/serviceaccount, so tests can run in-cluster
/// configuration on a machine that is no pod. Real pods never set it.
const SERVICE_ACCOUNT_DIR: &str = "TERRACE_KUBERNETES_SERVICE_ACCOUNT_DIR";

/// In-cluster configuration: the service's host and port from the
/// environment, the pod's service account token and CA.
async fn in_cluster() -> Result<kube::Config, Diagnostics> {
    let failed = |e: &dyn std::fmt::Display| {
        config_error(format!(
            "The in-cluster configuration could not be loaded: {e}"
        ))
    };
    let dir = match std::env::var(SERVICE_ACCOUNT_DIR) {
        Ok(d) if !d.is_empty() => d,
        _ => return kube::Config::incluster().map_err(|e| failed(&e)),
    };
    let host = std::env::var("KUBERNETES_SERVICE_HOST").unwrap_or_default();
    let port = std::env::var("KUBERNETES_SERVICE_PORT").unwrap_or_else(|_| "443".into());
    let host = if host.contains(':') {
        format!("[{host}]")
    } else {
        host
    };
    let namespace = std::fs::read_to_string(format!("{dir}/namespace"))
        .map(|n| n.trim().to_string())
        .unwrap_or_else(|_| "default".into());
    let doc = json!({
        "clusters": [{"name": "in-cluster", "cluster": {
            "server": format!("https://{host}:{port}"),
            "certificate-authority": format!("{dir}/ca.crt"),
        }}],
        "users": [{"name": "in-cluster", "user": {"tokenFile": format!("{dir}/token")}}],
        "contexts": [{"name": "in-cluster", "context": {
            "cluster": "in-cluster", "user": "in-cluster", "namespace": namespace,
        }}],
        "current-context": "in-cluster",
    });
    let kubeconfig: Kubeconfig = serde_json::from_value(doc).map_err(|e| failed(&e))?;
    kube::Config::from_custom_kubeconfig(kubeconfig, &KubeConfigOptions::default())
        .await
        .map_err(|e| failed(&crate::errors::with_causes(&e)))
}

fn merged_files(files: &[String]) -> Result<Json, Diagnostics> {
    let mut merged: Option<Kubeconfig> = None;
    for f in files {
        let kc = Kubeconfig::read_from(f).map_err(|e| {
            config_error(format!("The kubeconfig file {f:?} could not be read: {e}"))
        })?;
        merged = Some(match merged {
            None => kc,
            Some(m) => m.merge(kc).map_err(|e| {
                config_error(format!("The kubeconfig files could not be merged: {e}"))
            })?,
        });
    }
    match merged {
        Some(kc) => serde_json::to_value(kc)
            .map_err(|e| config_error(format!("The kubeconfig could not be read: {e}"))),
        None => Ok(json!({"clusters": [], "users": [], "contexts": []})),
    }
}

/// The cluster and user fields set explicitly in the provider block.
struct Overrides {
    cluster: BTreeMap<&'static str, Json>,
    user: BTreeMap<&'static str, Json>,
}

fn explicit(config: &Value, host: Option<String>, exec: Option<&Value>) -> Overrides {
    let b64 = |s: String| Json::String(base64::engine::general_purpose::STANDARD.encode(s));
    let mut cluster = BTreeMap::new();
    let mut user = BTreeMap::new();
    if let Some(h) = host {
        cluster.insert("server", Json::String(h));
    }
    if let Some(ca) = env_or(
        config,
        "cluster_ca_certificate",
        "KUBE_CLUSTER_CA_CERT_DATA",
    ) {
        cluster.insert("certificate-authority-data", b64(ca));
    }
    let insecure = config
        .as_entries()
        .and_then(|m| m.get("insecure"))
        .and_then(|v| v.unmarked().as_bool())
        .or_else(|| std::env::var("KUBE_INSECURE").ok().map(|v| v == "true"));
    if let Some(i) = insecure {
        cluster.insert("insecure-skip-tls-verify", Json::Bool(i));
    }
    if let Some(n) = text(config, "tls_server_name") {
        cluster.insert("tls-server-name", Json::String(n));
    }
    if let Some(p) = text(config, "proxy_url") {
        cluster.insert("proxy-url", Json::String(p));
    }
    if let Some(t) = env_or(config, "token", "KUBE_TOKEN") {
        user.insert("token", Json::String(t));
    }
    if let Some(c) = env_or(config, "client_certificate", "KUBE_CLIENT_CERT_DATA") {
        user.insert("client-certificate-data", b64(c));
    }
    if let Some(k) = env_or(config, "client_key", "KUBE_CLIENT_KEY_DATA") {
        user.insert("client-key-data", b64(k));
    }
    if let Some(u) = env_or(config, "username", "KUBE_USER") {
        user.insert("username", Json::String(u));
    }
    if let Some(p) = env_or(config, "password", "KUBE_PASSWORD") {
        user.insert("password", Json::String(p));
    }
    if let Some(e) = exec {
        let env: Vec<Json> = e
            .as_entries()
            .and_then(|m| m.get("env"))
            .and_then(Value::as_entries)
            .map(|m| {
                m.iter()
                    .filter_map(|(k, v)| v.as_str().map(|v| json!({"name": k, "value": v})))
                    .collect()
            })
            .unwrap_or_default();
        user.insert(
            "exec",
            json!({
                "apiVersion": text(e, "api_version"),
                "command": text(e, "command"),
                "args": strings(e.as_entries().and_then(|m| m.get("args"))),
                "env": env,
            }),
        );
    }
    Overrides { cluster, user }
}

/// Writes the overrides into the context's cluster and user, creating a
/// context named `terrace` when the files have none.
fn apply_overrides(doc: &mut Json, context: Option<&str>, o: Overrides) {
    if o.cluster.is_empty() && o.user.is_empty() {
        return;
    }
    let current = context
        .map(String::from)
        .or_else(|| doc["current-context"].as_str().map(String::from));
    let ctx = current.and_then(|c| {
        doc["contexts"].as_array().and_then(|cs| {
            cs.iter()
                .find(|x| x["name"] == c.as_str())
                .map(|x| (c.clone(), x["context"].clone()))
        })
    });
    let (ctx_name, cluster_name, user_name) = match ctx {
        Some((n, c)) => (
            n,
            c["cluster"].as_str().unwrap_or("terrace").to_string(),
            c["user"].as_str().unwrap_or("terrace").to_string(),
        ),
        None => ("terrace".into(), "terrace".into(), "terrace".into()),
    };
    let ensure = |doc: &mut Json, list: &str, item: &str, name: &str| {
        if !doc[list].is_array() {
            doc[list] = json!([]);
        }
        if let Some(arr) = doc[list].as_array_mut() {
            match arr.iter_mut().find(|x| x["name"] == name) {
                Some(entry) if !entry[item].is_object() => entry[item] = json!({}),
                Some(_) => {}
                None => arr.push(json!({"name": name, item: {}})),
            }
        }
    };
    ensure(doc, "clusters", "cluster", &cluster_name);
    ensure(doc, "users", "user", &user_name);
    ensure(doc, "contexts", "context", &ctx_name);
    let set =
        |doc: &mut Json, list: &str, item: &str, name: &str, fields: &BTreeMap<&str, Json>| {
            if let Some(entry) = doc[list]
                .as_array_mut()
                .and_then(|a| a.iter_mut().find(|x| x["name"] == name))
            {
                for (k, v) in fields {
                    entry[item][*k] = v.clone();
                }
            }
        };
    set(doc, "clusters", "cluster", &cluster_name, &o.cluster);
    set(doc, "users", "user", &user_name, &o.user);
    let mut ctxfields = BTreeMap::new();
    ctxfields.insert("cluster", Json::String(cluster_name));
    ctxfields.insert("user", Json::String(user_name));
    set(doc, "contexts", "context", &ctx_name, &ctxfields);
    if doc["current-context"].as_str().is_none_or(str::is_empty) {
        doc["current-context"] = Json::String(ctx_name);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(attrs: &[(&str, Value)]) -> Value {
        Value::Object(
            attrs
                .iter()
                .map(|(k, v)| (k.to_string(), v.clone()))
                .collect(),
        )
    }

    #[tokio::test]
    async fn explicit_host_and_token_need_no_kubeconfig_file() {
        let c = config(&[
            ("host", Value::string("https://10.0.0.1:6443")),
            ("token", Value::string("abc")),
            ("insecure", Value::Bool(true)),
        ]);
        let cfg = kube_config(&c).await.map_err(|d| format!("{d:?}"));
        let cfg = cfg
            .as_ref()
            .map(|c| (c.cluster_url.to_string(), c.accept_invalid_certs));
        assert_eq!(cfg, Ok(("https://10.0.0.1:6443/".to_string(), true)));
    }

    #[tokio::test]
    async fn a_context_picks_its_cluster_from_merged_files() {
        let dir = tempfile::tempdir().map_err(|e| e.to_string());
        let Ok(dir) = dir else { return };
        let file = |name: &str, server: &str| {
            let text = format!("apiVersion: v1\nkind: Config\nclusters:\n- name: {name}\n  cluster:\n    server: {server}\nusers:\n- name: {name}\n  user:\n    token: t\ncontexts:\n- name: {name}\n  context:\n    cluster: {name}\n    user: {name}\ncurrent-context: {name}\n");
            let path = dir.path().join(name);
            std::fs::write(&path, text).map(|_| path.to_string_lossy().into_owned())
        };
        let (Ok(a), Ok(b)) = (
            file("a", "http://127.0.0.1:1"),
            file("b", "http://127.0.0.1:2"),
        ) else {
            panic!("could not write kubeconfigs");
        };
        let c = config(&[
            (
                "config_paths",
                Value::List(Type::String, vec![Value::string(a), Value::string(b)]),
            ),
            ("config_context", Value::string("b")),
        ]);
        let url = kube_config(&c)
            .await
            .map(|c| c.cluster_url.to_string())
            .map_err(|d| format!("{d:?}"));
        assert_eq!(url, Ok("http://127.0.0.1:2/".to_string()));
        let missing = config(&[("config_path", Value::string("/nonexistent/kubeconfig"))]);
        let err = kube_config(&missing)
            .await
            .err()
            .map(|d| d.0[0].detail.clone())
            .unwrap_or_default();
        assert!(err.contains("/nonexistent/kubeconfig"), "{err}");
    }
}
