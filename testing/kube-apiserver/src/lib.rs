//! An in-process Kubernetes API server for tests: discovery, CRUD, server-side apply with
//! managed fields, optimistic concurrency, finalizers and a few controllers, spoken to by
//! real clients through a kubeconfig as they would speak to a real cluster.

mod apply;
mod catalog;
mod controller;
mod defaults;
mod discovery;
mod extract;
mod fieldset;
mod handler;
mod managed;
mod merge;
mod patch;
mod paths;
mod quantity;
mod schema;
mod selector;
mod server;
mod state;
mod status;
mod tls;
mod validate;
mod watch;
mod write;

use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

use base64::Engine as _;
use serde_json::Value;
use tokio::sync::oneshot;

pub use controller::NEVER_READY;

use server::{lock, Shared};
use state::State;

/// The current time as the API server writes timestamps (RFC 3339, whole seconds, UTC).
pub(crate) fn now() -> String {
    chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// A running server; it stops serving when dropped.
pub struct ApiServer {
    name: String,
    url: String,
    shared: Shared,
    certificates: Option<tls::Certificates>,
    shutdown: Option<oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl ApiServer {
    /// Starts a server on its own thread (own tokio runtime); returns once it accepts connections.
    ///
    /// Panics when no loopback port can be bound or no runtime built: a test cannot go on then.
    pub fn start(name: &str) -> ApiServer {
        ApiServer::start_with(name, None)
    }

    /// Starts a server that serves HTTPS with a certificate for 127.0.0.1 and localhost,
    /// signed by a fresh CA ([`ApiServer::ca_pem`]); it accepts the bearer token or a client
    /// certificate signed by that CA ([`ApiServer::client_cert_pem`], [`ApiServer::client_key_pem`]).
    ///
    /// Panics when the certificates cannot be made, as `start` does when it cannot bind.
    pub fn start_tls(name: &str) -> ApiServer {
        let certificates = tls::generate(name).expect("generate the API server certificates");
        ApiServer::start_with(name, Some(certificates))
    }

    /// The PEM certificate of the CA that signed the server and client certificates (TLS mode).
    pub fn ca_pem(&self) -> Option<String> {
        self.certificates.as_ref().map(|c| c.ca.clone())
    }

    /// A PEM client certificate the server accepts instead of the token (TLS mode).
    pub fn client_cert_pem(&self) -> Option<String> {
        self.certificates.as_ref().map(|c| c.client_cert.clone())
    }

    /// The PEM (PKCS#8) key of the client certificate (TLS mode).
    pub fn client_key_pem(&self) -> Option<String> {
        self.certificates.as_ref().map(|c| c.client_key.clone())
    }

    fn start_with(name: &str, certificates: Option<tls::Certificates>) -> ApiServer {
        let acceptor = certificates
            .as_ref()
            .map(|c| tls::acceptor(c).expect("configure the API server's TLS"));
        let listener = std::net::TcpListener::bind("127.0.0.1:0")
            .expect("bind a loopback port for the API server");
        listener
            .set_nonblocking(true)
            .expect("make the API server socket non-blocking");
        let address = listener
            .local_addr()
            .expect("read the API server address")
            .to_string();
        let token = uuid::Uuid::new_v4().simple().to_string();
        let shared: Shared = Arc::new(Mutex::new(State::new(token, address.clone())));
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .thread_name(format!("kube-apiserver-{name}"))
            .build()
            .expect("build the API server runtime");
        let (tx, rx) = oneshot::channel::<()>();
        let for_thread = shared.clone();
        let thread = std::thread::Builder::new()
            .name(format!("kube-apiserver-{name}"))
            .spawn(move || run(runtime, listener, acceptor, for_thread, rx))
            .expect("spawn the API server thread");
        let scheme = if certificates.is_some() {
            "https"
        } else {
            "http"
        };
        ApiServer {
            name: name.to_string(),
            url: format!("{scheme}://{address}"),
            shared,
            certificates,
            shutdown: Some(tx),
            thread: Some(thread),
        }
    }

    pub fn url(&self) -> String {
        self.url.clone()
    }

    pub fn token(&self) -> String {
        lock(&self.shared).token.clone()
    }

    /// A kubeconfig YAML with one cluster/user/context, all named after the server, current-context set
    /// (with the CA's certificate data in TLS mode).
    pub fn kubeconfig(&self) -> String {
        let n = &self.name;
        format!(
            "apiVersion: v1\nkind: Config\nclusters:\n- name: {n}\n  cluster:\n    server: {url}\n{ca}contexts:\n- name: {n}\n  context:\n    cluster: {n}\n    user: {n}\n    namespace: default\ncurrent-context: {n}\nusers:\n- name: {n}\n  user:\n    token: {token}\npreferences: {{}}\n",
            url = self.url,
            token = self.token(),
            ca = self.ca_pem().map_or(String::new(), |ca| format!(
                "    certificate-authority-data: {}\n",
                base64::engine::general_purpose::STANDARD.encode(ca)
            ))
        )
    }

    /// Every request seen so far, as (verb, path), verbs as in audit logs
    /// (GET LIST WATCH CREATE UPDATE PATCH DELETE DELETECOLLECTION; discovery is GET).
    pub fn requests(&self) -> Vec<(String, String)> {
        lock(&self.shared).requests.clone()
    }

    pub fn reset_requests(&self) {
        lock(&self.shared).requests.clear();
    }

    /// A stored object by apiVersion, kind, namespace (None when cluster-scoped) and name.
    pub fn get(
        &self,
        api_version: &str,
        kind: &str,
        namespace: Option<&str>,
        name: &str,
    ) -> Option<Value> {
        lock(&self.shared).get_by_kind(api_version, kind, namespace, name)
    }

    /// Every stored object of a kind, in all namespaces.
    pub fn list(&self, api_version: &str, kind: &str) -> Vec<Value> {
        lock(&self.shared).list_by_kind(api_version, kind)
    }

    /// How long a workload takes to become ready after each spec change (default 300ms).
    pub fn set_rollout_delay(&self, delay: Duration) {
        lock(&self.shared).rollout_delay = delay;
    }

    /// How long a terminating namespace waits before its contents are deleted (default 200ms).
    pub fn set_namespace_delay(&self, delay: Duration) {
        lock(&self.shared).namespace_delay = delay;
    }

    /// Changes an object out of band, as another client would: `change` gets the stored object;
    /// the write bumps `resourceVersion` (and `generation` when the spec changed).
    /// Returns false when there is no such object.
    pub fn modify(
        &self,
        api_version: &str,
        kind: &str,
        namespace: Option<&str>,
        name: &str,
        change: impl FnOnce(&mut Value),
    ) -> bool {
        let mut state = lock(&self.shared);
        let Some(rt) = state.catalog.by_kind(api_version, kind).cloned() else {
            return false;
        };
        let ns = namespace.unwrap_or_default();
        let Some(old) = state.lookup(&rt, ns, name).cloned() else {
            return false;
        };
        let mut new = old.clone();
        change(&mut new);
        new["metadata"]["resourceVersion"] = old["metadata"]["resourceVersion"].clone();
        new["metadata"]["managedFields"] = old["metadata"]["managedFields"].clone();
        if !rt.status {
            // nothing to keep apart
        } else if new["status"] != old["status"] {
            let status = new["status"].clone();
            let w = write::Write {
                rt: &rt,
                namespace: ns,
                name,
                subresource: Some("status"),
                dry_run: false,
            };
            let entries = managed::parse(&old);
            let Ok(stored) = write::commit(
                &mut state,
                &w,
                Some(&old),
                json_with_status(&old, status),
                entries,
            ) else {
                return false;
            };
            let w = write::Write {
                rt: &rt,
                namespace: ns,
                name,
                subresource: None,
                dry_run: false,
            };
            let entries = managed::parse(&stored);
            return write::commit(&mut state, &w, Some(&stored), new, entries).is_ok();
        }
        let w = write::Write {
            rt: &rt,
            namespace: ns,
            name,
            subresource: None,
            dry_run: false,
        };
        let entries = managed::parse(&old);
        write::commit(&mut state, &w, Some(&old), new, entries).is_ok()
    }

    /// Deletes an object out of band (finalizers still hold it). Returns false when absent.
    pub fn delete(
        &self,
        api_version: &str,
        kind: &str,
        namespace: Option<&str>,
        name: &str,
    ) -> bool {
        let mut state = lock(&self.shared);
        let Some(rt) = state.catalog.by_kind(api_version, kind).cloned() else {
            return false;
        };
        let ns = namespace.unwrap_or_default();
        let Some(old) = state.lookup(&rt, ns, name).cloned() else {
            return false;
        };
        handler::delete_object(&mut state, &rt, ns, name, old);
        true
    }
}

fn json_with_status(old: &Value, status: Value) -> Value {
    let mut o = old.clone();
    o["status"] = status;
    o
}

fn run(
    runtime: tokio::runtime::Runtime,
    listener: std::net::TcpListener,
    acceptor: Option<tokio_rustls::TlsAcceptor>,
    shared: Shared,
    stop: oneshot::Receiver<()>,
) {
    runtime.block_on(async move {
        let Ok(listener) = tokio::net::TcpListener::from_std(listener) else {
            return;
        };
        let ticker = shared.clone();
        tokio::spawn(async move {
            let mut interval = tokio::time::interval(Duration::from_millis(100));
            loop {
                interval.tick().await;
                controller::tick(&mut lock(&ticker));
            }
        });
        let app = server::router(shared);
        match acceptor {
            Some(acceptor) => tokio::select! {
                _ = tls::serve(listener, acceptor, app) => {}
                _ = stop => {}
            },
            None => tokio::select! {
                _ = axum::serve(listener, app) => {}
                _ = stop => {}
            },
        }
    });
    runtime.shutdown_background();
}

impl Drop for ApiServer {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}
