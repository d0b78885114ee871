//! What planning and applying share: the configuration tree and its graph,
//! the providers, the base evaluation context, and the lookups that tie a
//! resource block to its provider and schema.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use hcl_edit::expr::{Expression, TraversalOperator};
use terrace_provider_sdk::{Provider, Schema};
use terrace_value::{Diagnostic, Diagnostics, Value};

use super::config_tree::ConfigTree;
use super::decode_body;
use super::graph::Graph;
use super::providers::ProviderSet;
use super::values::{self, Store};
use crate::addrs::ModuleInstance;
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

/// Which provider configuration a resource uses: local name and alias.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProviderRef {
    /// The provider's local name.
    pub local: String,
    /// The alias, if any.
    pub alias: Option<String>,
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

    /// The provider configuration a resource block uses.
    pub fn provider_of(&self, r: &config::Resource) -> ProviderRef {
        let implied = ProviderSet::implied(&r.ty).to_string();
        let Some(e) = &r.provider else {
            return ProviderRef {
                local: implied,
                alias: None,
            };
        };
        match &e.expr {
            Expression::Variable(v) => ProviderRef {
                local: v.as_str().to_string(),
                alias: None,
            },
            Expression::Traversal(t) => {
                let local = match &t.expr {
                    Expression::Variable(v) => v.as_str().to_string(),
                    _ => implied,
                };
                let alias = t.operators.first().and_then(|op| match op.value() {
                    TraversalOperator::GetAttr(a) => Some(a.as_str().to_string()),
                    _ => None,
                });
                ProviderRef { local, alias }
            }
            _ => ProviderRef {
                local: implied,
                alias: None,
            },
        }
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
    /// root module's `provider` block (or an empty configuration).
    pub async fn provider(
        &self,
        store: &Arc<Store>,
        p: &ProviderRef,
    ) -> Result<Arc<dyn Provider>, Diagnostics> {
        let address = self.providers.address(&p.local, p.alias.as_deref());
        let block = self
            .tree
            .module
            .providers
            .iter()
            .find(|c| c.name == p.local && c.alias == p.alias);
        if p.alias.is_some() && block.is_none() {
            return Err(Diagnostic::error("Provider configuration not present", format!("To work with this resource, Terrace needs the provider configuration {address}, which is not declared.")).into());
        }
        let schema = self
            .providers
            .schema(&p.local)
            .map(|s| s.provider.block.clone())
            .unwrap_or_default();
        let ctx = self.context(store, &ModuleInstance::root());
        let mut config_diags = Diagnostics::new();
        let empty = crate::lang::source::SourceFile::new("<provider>", "");
        let config = || {
            let (file, body) = match block {
                Some(b) => (&*b.body.file, b.body.body.clone()),
                None => (&empty, hcl_edit::structure::Body::new()),
            };
            let ev = Evaluator::new(file, &ctx);
            let (v, d) = decode_body::decode(&ev, &Scope::root(), &body, &schema);
            config_diags = d;
            v.unmark_deep().0
        };
        let result = self.providers.instance(&address, &p.local, config).await;
        if config_diags.has_errors() {
            return Err(config_diags);
        }
        result
    }
}
