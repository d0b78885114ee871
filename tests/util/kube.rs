//! Kubernetes API servers for the provider's end-to-end tests: each test
//! starts its own throwaway servers (the in-repo double, on free loopback
//! ports) and writes a kubeconfig per cluster into its working directory.
//! `kubectl` stands for changes made outside Terrace, through kube's client
//! as field manager `kubectl`.

#![allow(dead_code)]

use kube::api::{Api, ApiResource, DynamicObject, Patch, PatchParams};
use kube::config::{KubeConfigOptions, Kubeconfig};
use serde_json::Value as Json;
use terrace_kube_apiserver::ApiServer;

use crate::util::Dir;

/// A running cluster and the kubeconfig file naming it.
pub struct Cluster {
    /// The server; stops when dropped.
    pub server: ApiServer,
    /// The kubeconfig file name in the test directory.
    pub kubeconfig: String,
}

/// Starts a server named `name` and writes `NAME.kubeconfig` into `dir`.
pub fn start(dir: &Dir, name: &str) -> Cluster {
    let server = ApiServer::start(name);
    let kubeconfig = format!("{name}.kubeconfig");
    dir.write(&kubeconfig, &server.kubeconfig());
    Cluster { server, kubeconfig }
}

/// Starts a server named `name` in TLS mode and writes `NAME.kubeconfig`
/// (CA data embedded) and `NAME-ca.pem`, `NAME-client.pem`,
/// `NAME-client-key.pem` into `dir`.
pub fn start_tls(dir: &Dir, name: &str) -> Cluster {
    let server = ApiServer::start_tls(name);
    let kubeconfig = format!("{name}.kubeconfig");
    dir.write(&kubeconfig, &server.kubeconfig());
    dir.write(
        &format!("{name}-ca.pem"),
        &server.ca_pem().unwrap_or_default(),
    );
    dir.write(
        &format!("{name}-client.pem"),
        &server.client_cert_pem().unwrap_or_default(),
    );
    dir.write(
        &format!("{name}-client-key.pem"),
        &server.client_key_pem().unwrap_or_default(),
    );
    Cluster { server, kubeconfig }
}

impl Cluster {
    /// The stored object, as the server returns it.
    pub fn get(
        &self,
        api_version: &str,
        kind: &str,
        namespace: Option<&str>,
        name: &str,
    ) -> Option<Json> {
        self.server.get(api_version, kind, namespace, name)
    }

    /// Server-side apply of `object` as another manager (forced), the way
    /// `kubectl apply --server-side --force-conflicts` changes an object.
    pub fn kubectl_apply(&self, plural: &str, object: Json) {
        let api_version = object["apiVersion"].as_str().unwrap_or("v1").to_string();
        let kind = object["kind"].as_str().unwrap_or_default().to_string();
        let name = object["metadata"]["name"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        let namespace = object["metadata"]["namespace"].as_str().map(String::from);
        let (group, version) = api_version.split_once('/').unwrap_or(("", &api_version));
        let ar = ApiResource {
            group: group.to_string(),
            version: version.to_string(),
            api_version: api_version.clone(),
            kind,
            plural: plural.to_string(),
        };
        let yaml = self.server.kubeconfig();
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime");
        rt.block_on(async move {
            let kc = Kubeconfig::from_yaml(&yaml).expect("kubeconfig");
            let cfg = kube::Config::from_custom_kubeconfig(kc, &KubeConfigOptions::default())
                .await
                .expect("config");
            let client = kube::Client::try_from(cfg).expect("client");
            let api: Api<DynamicObject> = match namespace {
                Some(ns) => Api::namespaced_with(client, &ns, &ar),
                None => Api::all_with(client, &ar),
            };
            api.patch(
                &name,
                &PatchParams::apply("kubectl").force(),
                &Patch::Apply(&object),
            )
            .await
            .expect("kubectl apply");
        });
    }
}
