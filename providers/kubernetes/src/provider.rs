//! The kubernetes provider: one instance per cluster (alias or `for_each`
//! key), routing lifecycle calls to `kubernetes_manifest` or the typed
//! resources, with list-based refresh (`read_many`).

use std::collections::BTreeMap;
use std::sync::OnceLock;

use async_trait::async_trait;
use kube::api::ListParams;
use serde_json::Value as Json;
use terrace_provider_sdk::{
    ApplyRequest, ApplyResponse, ConfigureRequest, ConfigureResponse, ImportRequest,
    ImportResponse, PlanRequest, PlanResponse, Provider, ProviderFactory, ProviderSchema,
    ReadDataRequest, ReadDataResponse, ReadManyRequest, ReadManyResponse, ReadRequest,
    ReadResponse,
};
use terrace_value::{Diagnostic, Diagnostics};

use crate::cluster::{Cluster, KindInfo};
use crate::typed::kinds::{self, TypedKind};
use crate::typed::resource;
use crate::{connection, data, manifest};

/// A provider instance; its cluster is set by `configure`.
#[derive(Default)]
pub struct Kubernetes {
    cluster: OnceLock<Result<Cluster, Diagnostics>>,
}

enum Handler {
    Manifest,
    Typed(&'static TypedKind),
}

fn handler(type_name: &str) -> Result<Handler, Diagnostics> {
    if type_name == manifest::TYPE_NAME {
        return Ok(Handler::Manifest);
    }
    kinds::find(type_name).map(Handler::Typed).ok_or_else(|| {
        Diagnostic::error(
            "Unsupported resource type",
            format!("This provider has no resource type named {type_name:?}."),
        )
        .into()
    })
}

impl Kubernetes {
    fn cluster(&self) -> Result<&Cluster, Diagnostics> {
        match self.cluster.get() {
            Some(Ok(c)) => Ok(c),
            Some(Err(d)) => Err(d.clone()),
            None => Err(Diagnostic::error(
                "Provider not configured",
                "The kubernetes provider was used before its configuration was known.",
            )
            .into()),
        }
    }
}

#[async_trait]
impl Provider for Kubernetes {
    fn schema(&self) -> ProviderSchema {
        let mut resources = BTreeMap::new();
        resources.insert(manifest::TYPE_NAME.to_string(), manifest::schema());
        for k in kinds::KINDS {
            resources.insert(k.type_name.to_string(), resource::schema(k));
        }
        ProviderSchema {
            provider: connection::schema(),
            resources,
            data_sources: data::schemas().into_iter().collect(),
        }
    }

    async fn configure(&self, req: ConfigureRequest) -> ConfigureResponse {
        if !req.config.is_wholly_known() {
            let d: Diagnostics = Diagnostic::error(
                "Provider configuration not known",
                "The kubernetes provider's configuration depends on values known only after apply.",
            )
            .into();
            let _ = self.cluster.set(Err(d));
            return ConfigureResponse::default();
        }
        let result = match connection::kube_config(&req.config).await {
            Ok(cfg) => kube::Client::try_from(cfg).map(Cluster::new).map_err(|e| {
                let cause = crate::errors::with_causes(&e);
                let detail = match connection::exec_command(&req.config) {
                    Some(command) if matches!(e, kube::Error::Auth(_)) => format!(
                        "The exec credential plugin {command:?} (exec.command) gave no credentials: {cause}"
                    ),
                    _ => format!("The kube client could not be created: {cause}"),
                };
                Diagnostics::from(Diagnostic::error("Invalid provider configuration", detail))
            }),
            Err(d) => Err(d),
        };
        let diagnostics = match &result {
            Ok(_) => Diagnostics::new(),
            Err(d) => d.clone(),
        };
        let _ = self.cluster.set(result);
        ConfigureResponse { diagnostics }
    }

    async fn plan_resource(&self, req: PlanRequest) -> PlanResponse {
        let Some(config) = req.config else {
            return PlanResponse::default();
        };
        let planned = match handler(&req.type_name) {
            Ok(Handler::Manifest) => manifest::plan(req.prior_state.as_ref(), &config),
            Ok(Handler::Typed(k)) => resource::plan(k, req.prior_state.as_ref(), &config),
            Err(d) => Err(d),
        };
        match planned {
            Ok((state, requires_replace)) => PlanResponse {
                planned_state: Some(state),
                requires_replace,
                ..PlanResponse::default()
            },
            Err(diagnostics) => PlanResponse {
                diagnostics,
                ..PlanResponse::default()
            },
        }
    }

    async fn apply_resource(&self, req: ApplyRequest) -> ApplyResponse {
        let result = async {
            let h = handler(&req.type_name)?;
            let cluster = self.cluster()?;
            match (&req.prior_state, &req.planned_state, h) {
                (None, None, _) => Ok(None),
                (Some(prior), None, Handler::Manifest) => {
                    manifest::delete(cluster, prior).await.map(|_| None)
                }
                (Some(prior), None, Handler::Typed(k)) => {
                    resource::delete(cluster, k, prior).await.map(|_| None)
                }
                (prior, Some(planned), Handler::Manifest) => {
                    manifest::apply(cluster, prior.as_ref(), planned)
                        .await
                        .map(Some)
                }
                (prior, Some(planned), Handler::Typed(k)) => {
                    resource::apply(cluster, k, prior.as_ref(), planned)
                        .await
                        .map(Some)
                }
            }
        }
        .await;
        match result {
            Ok(new_state) => ApplyResponse {
                new_state,
                ..ApplyResponse::default()
            },
            Err(diagnostics) => ApplyResponse {
                new_state: req.prior_state,
                diagnostics,
                ..ApplyResponse::default()
            },
        }
    }

    async fn read_resource(&self, req: ReadRequest) -> ReadResponse {
        let result = async {
            let cluster = self.cluster()?;
            match handler(&req.type_name)? {
                Handler::Manifest => manifest::read(cluster, &req.current_state).await,
                Handler::Typed(k) => resource::read(cluster, k, &req.current_state).await,
            }
        }
        .await;
        match result {
            Ok(new_state) => ReadResponse {
                new_state,
                ..ReadResponse::default()
            },
            Err(diagnostics) => ReadResponse {
                new_state: Some(req.current_state),
                private: req.private,
                diagnostics,
            },
        }
    }

    async fn read_many(&self, req: ReadManyRequest) -> ReadManyResponse {
        let mut out = ReadManyResponse::default();
        let cluster = match self.cluster() {
            Ok(c) => c,
            Err(d) => {
                out.diagnostics = d;
                return out;
            }
        };
        let h = match handler(&req.type_name) {
            Ok(h) => h,
            Err(d) => {
                out.diagnostics = d;
                return out;
            }
        };
        // One LIST per kind and namespace: group the stored objects first.
        let mut groups: BTreeMap<
            (String, String, Option<String>),
            (KindInfo, Vec<(String, String)>),
        > = BTreeMap::new();
        for (key, state) in &req.current_states {
            let at = match &h {
                Handler::Typed(k) => Ok(resource::stored_ref(k, state)),
                Handler::Manifest => manifest::stored_ref(cluster, state).await,
            };
            match at {
                Ok(Some(at)) => {
                    let g = groups
                        .entry((
                            at.kind.resource.api_version.clone(),
                            at.kind.resource.kind.clone(),
                            at.namespace.clone(),
                        ))
                        .or_insert_with(|| (at.kind.clone(), Vec::new()));
                    g.1.push((key.clone(), at.name));
                }
                Ok(None) => {
                    out.new_states.insert(key.clone(), None);
                }
                Err(d) => {
                    out.diagnostics.extend(d);
                    out.new_states.insert(key.clone(), Some(state.clone()));
                }
            }
        }
        for ((_, _, namespace), (kind, members)) in groups {
            let attr = match h {
                Handler::Manifest => "manifest",
                Handler::Typed(_) => "metadata",
            };
            let listed = cluster
                .list(attr, &kind, namespace.as_deref(), &ListParams::default())
                .await;
            let items = match listed {
                Ok(items) => items,
                Err(d) => {
                    out.diagnostics.extend(d);
                    for (key, _) in members {
                        let prior = req.current_states.get(&key).cloned();
                        out.new_states.insert(key, prior);
                    }
                    continue;
                }
            };
            let by_name: BTreeMap<&str, &Json> = items
                .iter()
                .filter_map(|o| o["metadata"]["name"].as_str().map(|n| (n, o)))
                .collect();
            for (key, name) in members {
                let Some(state) = req.current_states.get(&key) else {
                    continue;
                };
                let live = by_name.get(name.as_str()).copied();
                let refreshed = match h {
                    Handler::Manifest => Ok(manifest::refreshed(state, live)),
                    Handler::Typed(k) => resource::refreshed(k, state, live),
                };
                match refreshed {
                    Ok(v) => {
                        out.new_states.insert(key, v);
                    }
                    Err(d) => {
                        out.diagnostics.extend(d);
                        out.new_states.insert(key, Some(state.clone()));
                    }
                }
            }
        }
        out
    }

    async fn import_resource(&self, req: ImportRequest) -> ImportResponse {
        let result = async {
            let cluster = self.cluster()?;
            match handler(&req.type_name)? {
                Handler::Manifest => manifest::import(cluster, &req.id).await,
                Handler::Typed(k) => resource::import(cluster, k, &req.id).await,
            }
        }
        .await;
        match result {
            Ok(state) => ImportResponse {
                state: Some(state),
                ..ImportResponse::default()
            },
            Err(diagnostics) => ImportResponse {
                state: None,
                diagnostics,
            },
        }
    }

    async fn read_data_source(&self, req: ReadDataRequest) -> ReadDataResponse {
        let result = match self.cluster() {
            Ok(c) => data::read(c, &req.type_name, &req.config).await,
            Err(d) => Err(d),
        };
        match result {
            Ok(state) => ReadDataResponse {
                state: Some(state),
                ..ReadDataResponse::default()
            },
            Err(diagnostics) => ReadDataResponse {
                state: None,
                diagnostics,
            },
        }
    }
}

/// Creates kubernetes provider instances.
pub struct Factory;

impl ProviderFactory for Factory {
    fn name(&self) -> &'static str {
        "kubernetes"
    }

    fn source(&self) -> &'static str {
        "hashicorp/kubernetes"
    }

    fn create(&self) -> Box<dyn Provider> {
        Box::new(Kubernetes::default())
    }
}
