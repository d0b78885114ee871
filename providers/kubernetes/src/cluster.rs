//! One configured cluster: the kube client and the calls the resources
//! make through it (resolve a kind, apply, get, list, delete and wait until
//! gone), each returning the object as JSON or a diagnostic.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use kube::api::{
    Api, ApiResource, DeleteParams, DynamicObject, GroupVersionKind, ListParams, Patch,
    PatchParams, PostParams,
};
use kube::Client;
use serde_json::Value as Json;
use terrace_value::{Diagnostic, Diagnostics};

use crate::errors::{api_error, describe, is_not_found};

/// A kind the cluster serves: where its objects live and whether they
/// belong to a namespace.
#[derive(Clone, Debug)]
pub(crate) struct KindInfo {
    /// Its REST location.
    pub resource: ApiResource,
    /// Namespaced (true) or cluster-scoped.
    pub namespaced: bool,
}

impl KindInfo {
    /// A kind known without asking the server.
    pub fn fixed(api_version: &str, kind: &str, plural: &str, namespaced: bool) -> KindInfo {
        let (group, version) = split_api_version(api_version);
        KindInfo {
            resource: ApiResource {
                group: group.to_string(),
                version: version.to_string(),
                api_version: api_version.to_string(),
                kind: kind.to_string(),
                plural: plural.to_string(),
            },
            namespaced,
        }
    }
}

/// `apps/v1` → (`apps`, `v1`); `v1` → (``, `v1`).
pub(crate) fn split_api_version(api_version: &str) -> (&str, &str) {
    api_version.split_once('/').unwrap_or(("", api_version))
}

/// Where one object lives.
#[derive(Clone, Debug)]
pub(crate) struct ObjectRef {
    /// Its kind.
    pub kind: KindInfo,
    /// Its namespace (`None` when cluster-scoped).
    pub namespace: Option<String>,
    /// Its name.
    pub name: String,
}

impl ObjectRef {
    /// `Deployment default/web`.
    pub fn describe(&self) -> String {
        describe(
            &self.kind.resource.kind,
            self.namespace.as_deref(),
            &self.name,
        )
    }
}

/// A connected cluster.
pub(crate) struct Cluster {
    client: Client,
    kinds: Mutex<HashMap<(String, String), KindInfo>>,
}

/// How often waits look again.
pub(crate) const POLL: Duration = Duration::from_millis(200);

impl Cluster {
    /// A cluster reached through `client`.
    pub fn new(client: Client) -> Cluster {
        Cluster {
            client,
            kinds: Mutex::new(HashMap::new()),
        }
    }

    /// The served kind for `apiVersion` and `kind`, found by discovery of
    /// that group version once per provider instance.
    pub async fn resolve(
        &self,
        attr: &str,
        api_version: &str,
        kind: &str,
    ) -> Result<KindInfo, Diagnostics> {
        let key = (api_version.to_string(), kind.to_string());
        if let Some(k) = self
            .kinds
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(&key)
        {
            return Ok(k.clone());
        }
        let (group, version) = split_api_version(api_version);
        let gvk = GroupVersionKind::gvk(group, version, kind);
        let (resource, caps) = kube::discovery::pinned_kind(&self.client, &gvk)
            .await
            .map_err(|e| {
                if !matches!(e, kube::Error::Api(_) | kube::Error::Discovery(_)) {
                    return Diagnostics::from(crate::errors::api_error(
                        attr,
                        "discover",
                        &format!("kind {kind} of {api_version}"),
                        &e,
                    ));
                }
                Diagnostics::from(Diagnostic::error(
                    format!("Unknown kind {kind} in {api_version}"),
                    format!("The cluster does not serve kind {kind:?} of apiVersion {api_version:?} named in {attr}: {e}. If it is a custom resource, its CustomResourceDefinition must exist first (depends_on)."),
                ))
            })?;
        let info = KindInfo {
            resource,
            namespaced: caps.scope == kube::discovery::Scope::Namespaced,
        };
        self.kinds
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(key, info.clone());
        Ok(info)
    }

    fn api(&self, kind: &KindInfo, namespace: Option<&str>) -> Api<DynamicObject> {
        match (kind.namespaced, namespace) {
            (true, Some(ns)) => Api::namespaced_with(self.client.clone(), ns, &kind.resource),
            (true, None) => Api::default_namespaced_with(self.client.clone(), &kind.resource),
            (false, _) => Api::all_with(self.client.clone(), &kind.resource),
        }
    }

    /// Server-side apply of `object` as `manager`.
    pub async fn apply(
        &self,
        attr: &str,
        at: &ObjectRef,
        object: &Json,
        manager: &str,
        force: bool,
    ) -> Result<Json, Diagnostics> {
        let mut params = PatchParams::apply(manager);
        if force {
            params = params.force();
        }
        let api = self.api(&at.kind, at.namespace.as_deref());
        api.patch(&at.name, &params, &Patch::Apply(object))
            .await
            .map(to_json)
            .map_err(|e| api_error(attr, "apply", &at.describe(), &e).into())
    }

    /// Creates `object` (for `generate_name`, which apply cannot do).
    pub async fn create(
        &self,
        attr: &str,
        at: &ObjectRef,
        object: &Json,
        manager: &str,
    ) -> Result<Json, Diagnostics> {
        let obj: DynamicObject = serde_json::from_value(object.clone()).map_err(|e| {
            Diagnostics::from(Diagnostic::error(
                "Invalid object",
                format!("The object in {attr} is not a Kubernetes object: {e}"),
            ))
        })?;
        let params = PostParams {
            field_manager: Some(manager.to_string()),
            ..PostParams::default()
        };
        self.api(&at.kind, at.namespace.as_deref())
            .create(&params, &obj)
            .await
            .map(to_json)
            .map_err(|e| api_error(attr, "create", &at.describe(), &e).into())
    }

    /// The object, or `None` when it does not exist.
    pub async fn get(&self, attr: &str, at: &ObjectRef) -> Result<Option<Json>, Diagnostics> {
        match self
            .api(&at.kind, at.namespace.as_deref())
            .get_opt(&at.name)
            .await
        {
            Ok(o) => Ok(o.map(to_json)),
            Err(e) => Err(api_error(attr, "read", &at.describe(), &e).into()),
        }
    }

    /// Every object of a kind in a namespace (all namespaces with `None`
    /// for a namespaced kind), in one LIST.
    pub async fn list(
        &self,
        attr: &str,
        kind: &KindInfo,
        namespace: Option<&str>,
        params: &ListParams,
    ) -> Result<Vec<Json>, Diagnostics> {
        let api = match (kind.namespaced, namespace) {
            (true, Some(ns)) => Api::namespaced_with(self.client.clone(), ns, &kind.resource),
            _ => Api::all_with(self.client.clone(), &kind.resource),
        };
        let what = match namespace {
            Some(ns) => format!("{} in namespace {ns}", kind.resource.plural),
            None => kind.resource.plural.clone(),
        };
        api.list(params)
            .await
            .map(|l| l.items.into_iter().map(to_json).collect())
            .map_err(|e| api_error(attr, "list", &what, &e).into())
    }

    /// Deletes the object and waits until it is gone (finalizers run first).
    pub async fn delete(
        &self,
        attr: &str,
        at: &ObjectRef,
        timeout: Duration,
    ) -> Result<(), Diagnostics> {
        let api = self.api(&at.kind, at.namespace.as_deref());
        let params = DeleteParams::background();
        match api.delete(&at.name, &params).await {
            Ok(_) => {}
            Err(e) if is_not_found(&e) => return Ok(()),
            Err(e) => return Err(api_error(attr, "delete", &at.describe(), &e).into()),
        }
        let start = Instant::now();
        loop {
            let Some(live) = self.get(attr, at).await? else {
                return Ok(());
            };
            if start.elapsed() >= timeout {
                let finalizers: Vec<&str> = live["metadata"]["finalizers"]
                    .as_array()
                    .map(|a| a.iter().filter_map(Json::as_str).collect())
                    .unwrap_or_default();
                return Err(Diagnostic::error(
                    format!("Timed out waiting for {} to be deleted", at.describe()),
                    format!(
                        "{} still exists after {}s{}.",
                        at.describe(),
                        timeout.as_secs(),
                        if finalizers.is_empty() {
                            String::new()
                        } else {
                            format!("; its finalizers are {}", finalizers.join(", "))
                        }
                    ),
                )
                .into());
            }
            tokio::time::sleep(POLL).await;
        }
    }
}

fn to_json(o: DynamicObject) -> Json {
    serde_json::to_value(o).unwrap_or(Json::Null)
}
