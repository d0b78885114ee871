//! Everything one server holds: served types, stored objects, the request log and settings.

use std::collections::{BTreeMap, HashMap};
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::catalog::{split_api_version, Catalog, ResourceType};
use crate::defaults::Allocator;

/// Objects of one kind, keyed by (namespace or "", name).
pub type Objects = BTreeMap<(String, String), Value>;

#[derive(Debug)]
pub struct State {
    pub catalog: Catalog,
    /// Keyed by (group, kind): the stored form is shared by every served version.
    pub objects: BTreeMap<(String, String), Objects>,
    pub resource_version: u64,
    pub requests: Vec<(String, String)>,
    pub token: String,
    pub address: String,
    pub rollout_delay: Duration,
    pub namespace_delay: Duration,
    pub alloc: Allocator,
    /// When the controller first saw an object's current generation (or termination), by uid.
    pub observed: HashMap<String, (i64, Instant)>,
}

impl State {
    pub fn new(token: String, address: String) -> State {
        let mut s = State {
            catalog: Catalog::builtin(),
            objects: BTreeMap::new(),
            resource_version: 100,
            requests: Vec::new(),
            token,
            address,
            rollout_delay: Duration::from_millis(300),
            namespace_delay: Duration::from_millis(200),
            alloc: Allocator::default(),
            observed: HashMap::new(),
        };
        for ns in ["default", "kube-system", "kube-public", "kube-node-lease"] {
            s.seed_namespace(ns);
        }
        s
    }

    fn seed_namespace(&mut self, name: &str) {
        let rv = self.next_resource_version();
        let ns = serde_json::json!({
            "apiVersion": "v1",
            "kind": "Namespace",
            "metadata": {
                "name": name,
                "uid": uuid::Uuid::new_v4().to_string(),
                "resourceVersion": rv,
                "creationTimestamp": crate::now(),
                "labels": {"kubernetes.io/metadata.name": name},
            },
            "spec": {"finalizers": ["kubernetes"]},
            "status": {"phase": "Active"},
        });
        self.objects
            .entry((String::new(), "Namespace".into()))
            .or_default()
            .insert((String::new(), name.into()), ns);
    }

    pub fn next_resource_version(&mut self) -> String {
        self.resource_version += 1;
        self.resource_version.to_string()
    }

    pub fn kind_objects(&self, rt: &ResourceType) -> Option<&Objects> {
        self.objects.get(&(rt.group.clone(), rt.kind.clone()))
    }

    pub fn lookup(&self, rt: &ResourceType, ns: &str, name: &str) -> Option<&Value> {
        self.kind_objects(rt)?
            .get(&(ns.to_string(), name.to_string()))
    }

    pub fn store(&mut self, rt: &ResourceType, ns: &str, name: &str, obj: Value) {
        self.objects
            .entry((rt.group.clone(), rt.kind.clone()))
            .or_default()
            .insert((ns.to_string(), name.to_string()), obj);
    }

    pub fn remove(&mut self, rt: &ResourceType, ns: &str, name: &str) -> Option<Value> {
        self.objects
            .get_mut(&(rt.group.clone(), rt.kind.clone()))?
            .remove(&(ns.to_string(), name.to_string()))
    }

    /// For tests: an object by apiVersion and kind, with the requested apiVersion.
    pub fn get_by_kind(
        &self,
        api_version: &str,
        kind: &str,
        ns: Option<&str>,
        name: &str,
    ) -> Option<Value> {
        let (group, _) = split_api_version(api_version);
        let mut o = self
            .objects
            .get(&(group.to_string(), kind.to_string()))?
            .get(&(ns.unwrap_or_default().to_string(), name.to_string()))?
            .clone();
        o["apiVersion"] = Value::String(api_version.to_string());
        Some(o)
    }

    pub fn list_by_kind(&self, api_version: &str, kind: &str) -> Vec<Value> {
        let (group, _) = split_api_version(api_version);
        self.objects
            .get(&(group.to_string(), kind.to_string()))
            .map(|m| {
                m.values()
                    .map(|o| {
                        let mut o = o.clone();
                        o["apiVersion"] = Value::String(api_version.to_string());
                        o
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    pub fn namespace(&self, name: &str) -> Option<&Value> {
        self.objects
            .get(&(String::new(), "Namespace".into()))?
            .get(&(String::new(), name.to_string()))
    }
}
