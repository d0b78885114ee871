//! Provider instances: one per provider configuration address, created from
//! the registered factories and configured once, on first use.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};

use terrace_provider_sdk::{ConfigureRequest, Provider, ProviderFactory, ProviderSchema};
use terrace_value::{Diagnostic, Diagnostics, Value};

use crate::addrs::InstanceKey;
use tokio::sync::OnceCell;

type Slot = Arc<OnceCell<Result<Arc<dyn Provider>, Diagnostics>>>;

/// The providers Terrace knows, and the instances configured so far.
pub struct ProviderSet {
    factories: BTreeMap<String, Box<dyn ProviderFactory>>,
    schemas: BTreeMap<String, ProviderSchema>,
    instances: Mutex<HashMap<String, Slot>>,
}

impl ProviderSet {
    /// A set over these provider types.
    pub fn new(factories: Vec<Box<dyn ProviderFactory>>) -> ProviderSet {
        let schemas = factories
            .iter()
            .map(|f| (f.name().to_string(), f.create().schema()))
            .collect();
        let factories = factories
            .into_iter()
            .map(|f| (f.name().to_string(), f))
            .collect();
        ProviderSet {
            factories,
            schemas,
            instances: Mutex::new(HashMap::new()),
        }
    }

    /// The provider a resource type belongs to by default: its name's first word.
    pub fn implied(type_name: &str) -> &str {
        type_name.split('_').next().unwrap_or(type_name)
    }

    /// The schema of provider `local`.
    pub fn schema(&self, local: &str) -> Option<&ProviderSchema> {
        self.schemas.get(local)
    }

    /// Every provider's schema, by local name.
    pub fn schemas(&self) -> &BTreeMap<String, ProviderSchema> {
        &self.schemas
    }

    /// The full source address of provider `local`.
    pub fn source(&self, local: &str) -> String {
        let short = self
            .factories
            .get(local)
            .map_or_else(|| format!("hashicorp/{local}"), |f| f.source().to_string());
        if short.matches('/').count() >= 2 {
            short
        } else {
            format!("registry.terraform.io/{short}")
        }
    }

    /// The configuration address: `provider["registry.terraform.io/hashicorp/random"].alias`.
    /// With a `for_each` key: `provider["..."].alias["key"]`.
    pub fn address(&self, local: &str, alias: Option<&str>, key: Option<&InstanceKey>) -> String {
        let base = format!("provider[\"{}\"]", self.source(local));
        let base = match alias {
            Some(a) => format!("{base}.{a}"),
            None => base,
        };
        match key {
            Some(k) => format!("{base}{k}"),
            None => base,
        }
    }

    /// The configured instance at `address` for `config`, configured on
    /// first use. A configuration that changed during the run (it refers
    /// to an object that was just updated) gets its own instance.
    pub async fn instance(
        &self,
        address: &str,
        local: &str,
        config: Value,
    ) -> Result<Arc<dyn Provider>, Diagnostics> {
        let slot = {
            let mut map = self.instances.lock().unwrap_or_else(|p| p.into_inner());
            map.entry(format!("{address}\u{0}{config:?}"))
                .or_default()
                .clone()
        };
        let Some(factory) = self.factories.get(local) else {
            return Err(Diagnostic::error(
                "Unknown provider",
                format!(
                    "Terrace has no provider named {local:?}. Available: {}.",
                    self.factories
                        .keys()
                        .cloned()
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            )
            .into());
        };
        slot.get_or_init(|| async {
            let provider: Arc<dyn Provider> = Arc::from(factory.create());
            let resp = provider.configure(ConfigureRequest { config }).await;
            if resp.diagnostics.has_errors() {
                let mut d = resp.diagnostics;
                for x in d.0.iter_mut() {
                    x.address.get_or_insert_with(|| address.to_string());
                }
                Err(d)
            } else {
                Ok(provider)
            }
        })
        .await
        .clone()
    }
}
