//! What planning and applying share: the configuration tree and its graph,
//! the providers, the base evaluation context, and the lookups that tie a
//! resource block to its provider and schema.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use terrace_provider_sdk::{Provider, Schema};
use terrace_value::{Diagnostic, Diagnostics, Value};

use super::config_tree::ConfigTree;
use super::decode_body;
use super::graph::Graph;
use super::providers::ProviderSet;
use super::values::{self, Store};
use crate::addrs::{InstanceKey, ModuleInstance};
use crate::config::{self, Mode};
use crate::lang::eval::Evaluator;
use crate::lang::scope::{EvalContext, Scope};

/// The loaded configuration and everything needed to evaluate it.
pub struct Engine {
    /// The modules.
    pub tree: ConfigTree,
    /// Their dependency graph.
    pub graph: Graph,
    /// The providers.
    pub providers: ProviderSet,
    /// `path`, `terraform`, base directory and timestamp.
    pub base: EvalContext,
    /// Root module variable values.
    pub root_vars: BTreeMap<String, Value>,
    /// The working directory.
    pub cwd: PathBuf,
}

/// Which provider configuration a resource uses: local name, alias, and
/// the instance key when the configuration has `for_each`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProviderRef {
    /// The provider's local name.
    pub local: String,
    /// The alias, if any.
    pub alias: Option<String>,
    /// The instance of a provider configuration with `for_each`.
    pub key: Option<InstanceKey>,
}

/// Why a provider instance cannot be used.
#[derive(Debug, Clone)]
pub enum ProviderError {
    /// Its configuration depends on values known only after apply.
    Deferred(String),
    /// Configuring it failed, or it does not exist.
    Failed(Diagnostics),
}

impl From<ProviderError> for Diagnostics {
    fn from(e: ProviderError) -> Diagnostics {
        match e {
            ProviderError::Failed(d) => d,
            ProviderError::Deferred(reason) => {
                Diagnostic::error("Provider configuration not known", reason).into()
            }
        }
    }
}

impl From<Diagnostics> for ProviderError {
    fn from(d: Diagnostics) -> ProviderError {
        ProviderError::Failed(d)
    }
}

impl Engine {
    /// The evaluation context of module instance `mi`.
    pub fn context(&self, store: &Arc<Store>, mi: &ModuleInstance) -> EvalContext {
        let dir = self
            .tree
            .get(&mi.config_path())
            .map(|t| t.module.dir.clone())
            .unwrap_or_default();
        let shown = match dir.strip_prefix(&self.cwd) {
            Ok(rel) if rel.as_os_str().is_empty() => ".".to_string(),
            Ok(rel) => rel.display().to_string(),
            Err(_) => dir.display().to_string(),
        };
        values::context(store, mi, &self.base, &shown)
    }

    /// The provider configuration a resource block uses, as written (the
    /// provider type decides its schema); instance keys and module
    /// `providers` maps are resolved per instance by `provider_for`.
    pub fn provider_of(&self, r: &config::Resource) -> ProviderRef {
        let implied = ProviderSet::implied(&r.ty).to_string();
        match r
            .provider
            .as_ref()
            .and_then(|e| super::provider_resolve::written(&e.expr))
        {
            Some(w) => ProviderRef {
                local: w.local,
                alias: w.alias,
                key: None,
            },
            None => ProviderRef {
                local: implied,
                alias: None,
                key: None,
            },
        }
    }

    /// Whether a resource that depends on `addr`'s resource, directly or
    /// not, replaces create-before-destroy: then `addr` must too, or the
    /// dependent's new object would have to exist after its dependency's
    /// old one is gone. Terraform forces the same.
    pub fn dependents_create_before_destroy(
        &self,
        addr: &crate::addrs::AbsResourceInstance,
    ) -> bool {
        let g = &self.graph;
        let Some(start) = g.find(&super::graph::Node {
            path: addr.module.config_path(),
            kind: super::graph::NodeKind::Resource(addr.resource.clone()),
        }) else {
            return false;
        };
        let mut seen = std::collections::HashSet::new();
        let mut queue = vec![start];
        while let Some(idx) = queue.pop() {
            for next in g
                .graph
                .neighbors_directed(idx, petgraph::Direction::Outgoing)
            {
                if !seen.insert(next) {
                    continue;
                }
                let node = &g.graph[next];
                if let super::graph::NodeKind::Resource(r) = &node.kind {
                    let cbd = self
                        .tree
                        .get(&node.path)
                        .and_then(|t| t.module.resources.get(&r.to_string()))
                        .is_some_and(|c| c.lifecycle.create_before_destroy);
                    if cbd {
                        return true;
                    }
                }
                queue.push(next);
            }
        }
        false
    }

    /// The schema of a resource block's type, or a diagnostic saying why not.
    pub fn schema_of(&self, r: &config::Resource, p: &ProviderRef) -> Result<&Schema, Diagnostics> {
        let Some(ps) = self.providers.schema(&p.local) else {
            return Err(Diagnostic::error(
                "Provider not available",
                format!("{} {:?} needs provider {:?}, which Terrace does not have. Available providers: {}.", if r.mode == Mode::Data { "Data source" } else { "Resource type" }, r.ty, p.local, self.providers.schemas().keys().cloned().collect::<Vec<_>>().join(", ")),
            )
            .at(r.range.clone())
            .into());
        };
        let found = if r.mode == Mode::Data {
            ps.data_sources.get(&r.ty)
        } else {
            ps.resources.get(&r.ty)
        };
        found.ok_or_else(|| {
            let kind = if r.mode == Mode::Data {
                "data source"
            } else {
                "resource type"
            };
            Diagnostic::error(
                format!("Invalid {kind}"),
                format!(
                    "The provider {:?} does not support {kind} {:?}.",
                    p.local, r.ty
                ),
            )
            .at(r.range.clone())
            .into()
        })
    }

    /// The configured provider instance for `p`, configuring it from the
    /// root module's `provider` block (or an empty configuration). A
    /// configuration that depends on values not yet known is deferred.
    pub async fn provider(
        &self,
        store: &Arc<Store>,
        p: &ProviderRef,
    ) -> Result<Arc<dyn Provider>, ProviderError> {
        let address = self
            .providers
            .address(&p.local, p.alias.as_deref(), p.key.as_ref());
        let block = self
            .tree
            .module
            .providers
            .iter()
            .find(|c| c.name == p.local && c.alias == p.alias);
        if p.alias.is_some() && block.is_none() {
            return Err(ProviderError::Failed(Diagnostic::error("Provider configuration not present", format!("To work with this resource, Terrace needs the provider configuration {address}, which is not declared.")).into()));
        }
        let schema = self
            .providers
            .schema(&p.local)
            .map(|s| s.provider.block.clone())
            .unwrap_or_default();
        let mut ctx = self.context(store, &ModuleInstance::root());
        match (block.and_then(|b| b.for_each.as_ref()), &p.key) {
            (Some(fe), key) => {
                let exp = super::expand::expansion(&ctx, None, Some(fe))?;
                let known = key
                    .as_ref()
                    .is_some_and(|k| exp.keys().contains(&Some(k.clone())));
                if !known {
                    let name = format!("{}.{}", p.local, p.alias.as_deref().unwrap_or_default());
                    let detail = match key {
                        Some(k) => format!("The provider configuration {name} has no instance with key {k}; its for_each has {}.", exp.keys().iter().flatten().map(|k| k.to_string()).collect::<Vec<_>>().join(", ")),
                        None => format!("The provider configuration {name} uses for_each, so a resource must choose one of its instances, like provider = {name}[each.key]."),
                    };
                    return Err(ProviderError::Failed(
                        Diagnostic::error("Provider instance not present", detail).into(),
                    ));
                }
                ctx = super::expand::instance_context(&ctx, &exp, key);
            }
            (None, Some(k)) => {
                return Err(ProviderError::Failed(Diagnostic::error("Provider instance not present", format!("The provider configuration {address} was referred to with key {k}, but it has no for_each.")).into()));
            }
            (None, None) => {}
        }
        let empty = crate::lang::source::SourceFile::new("<provider>", "");
        let (file, body) = match block {
            Some(b) => (&*b.body.file, b.body.body.clone()),
            None => (&empty, hcl_edit::structure::Body::new()),
        };
        let ev = Evaluator::new(file, &ctx);
        let (config, config_diags) = decode_body::decode(&ev, &Scope::root(), &body, &schema);
        if config_diags.has_errors() {
            return Err(ProviderError::Failed(config_diags));
        }
        let config = config.unmark_deep().0;
        if !config.is_wholly_known() {
            return Err(ProviderError::Deferred(format!("The configuration of {address} depends on values known only after apply, so what uses it is planned once they are known.")));
        }
        self.providers
            .instance(&address, &p.local, config)
            .await
            .map_err(ProviderError::Failed)
    }
}
