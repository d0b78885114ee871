//! The values computed during a walk, per module instance: variables, locals,
//! outputs, resource instances and module expansions. Expressions read them
//! through a resolver, so a reference costs one lookup, not a copy of
//! everything.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use terrace_value::Value;

use crate::addrs::{InstanceKey, Mode, ModuleInstance, Resource};
use crate::lang::scope::{EvalContext, Resolve, Resolver};

/// How a resource or module call expanded.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Expansion {
    /// Neither `count` nor `for_each`: one instance without a key.
    #[default]
    Single,
    /// `count = n`.
    Count(usize),
    /// `for_each`: the keys, with each key's `each.value`.
    ForEach(BTreeMap<String, Value>),
    /// Not known until apply (count or for_each unknown).
    Unknown,
}

impl Expansion {
    /// The instance keys.
    pub fn keys(&self) -> Vec<Option<InstanceKey>> {
        match self {
            Expansion::Single => vec![None],
            Expansion::Count(n) => (0..*n).map(|i| Some(InstanceKey::Int(i as i64))).collect(),
            Expansion::ForEach(m) => m
                .keys()
                .map(|k| Some(InstanceKey::Str(k.clone())))
                .collect(),
            Expansion::Unknown => Vec::new(),
        }
    }
}

/// Everything computed for one module instance.
#[derive(Debug, Clone, Default)]
pub struct ModuleValues {
    /// Input variables.
    pub vars: BTreeMap<String, Value>,
    /// Local values.
    pub locals: BTreeMap<String, Value>,
    /// Output values.
    pub outputs: BTreeMap<String, Value>,
    /// Resource instance values and each resource's expansion.
    pub resources: BTreeMap<Resource, (Expansion, BTreeMap<Option<InstanceKey>, Value>)>,
    /// Module call expansions.
    pub calls: BTreeMap<String, Expansion>,
}

/// The values of every module instance, shared by the walk's tasks.
#[derive(Debug, Default)]
pub struct Store {
    modules: Mutex<BTreeMap<ModuleInstance, ModuleValues>>,
}

impl Store {
    /// Runs `f` on the values of `module`, creating them if needed.
    pub fn with<R>(&self, module: &ModuleInstance, f: impl FnOnce(&mut ModuleValues) -> R) -> R {
        let mut guard = self.modules.lock().unwrap_or_else(|p| p.into_inner());
        f(guard.entry(module.clone()).or_default())
    }

    /// The instances of the module at config `path`, as expanded so far.
    pub fn instances(&self, path: &[String]) -> Vec<ModuleInstance> {
        let mut current = vec![ModuleInstance::root()];
        for name in path {
            let mut next = Vec::new();
            for parent in &current {
                let expansion = self
                    .with(parent, |m| m.calls.get(name).cloned())
                    .unwrap_or(Expansion::Unknown);
                for key in expansion.keys() {
                    next.push(parent.child(name, key));
                }
            }
            current = next;
        }
        current
    }

    /// The value a reference to a resource sees: the object, a tuple under
    /// `count`, an object under `for_each`.
    fn resource_value(&self, module: &ModuleInstance, res: &Resource) -> Option<Value> {
        self.with(module, |m| {
            let (expansion, instances) = m.resources.get(res)?;
            Some(match expansion {
                Expansion::Single => instances.get(&None).cloned().unwrap_or_else(Value::unknown),
                Expansion::Count(n) => Value::Tuple(
                    (0..*n)
                        .map(|i| {
                            instances
                                .get(&Some(InstanceKey::Int(i as i64)))
                                .cloned()
                                .unwrap_or_else(Value::unknown)
                        })
                        .collect(),
                ),
                Expansion::ForEach(keys) => Value::Object(
                    keys.keys()
                        .map(|k| {
                            (
                                k.clone(),
                                instances
                                    .get(&Some(InstanceKey::Str(k.clone())))
                                    .cloned()
                                    .unwrap_or_else(Value::unknown),
                            )
                        })
                        .collect(),
                ),
                Expansion::Unknown => Value::unknown(),
            })
        })
    }

    /// The value of `module.name` seen from `parent`.
    fn call_value(&self, parent: &ModuleInstance, name: &str) -> Option<Value> {
        let expansion = self.with(parent, |m| m.calls.get(name).cloned())?;
        let outputs = |key: Option<InstanceKey>| {
            Value::Object(self.with(&parent.child(name, key), |m| m.outputs.clone()))
        };
        Some(match expansion {
            Expansion::Single => outputs(None),
            Expansion::Count(n) => Value::Tuple(
                (0..n)
                    .map(|i| outputs(Some(InstanceKey::Int(i as i64))))
                    .collect(),
            ),
            Expansion::ForEach(keys) => Value::Object(
                keys.keys()
                    .map(|k| (k.clone(), outputs(Some(InstanceKey::Str(k.clone())))))
                    .collect(),
            ),
            Expansion::Unknown => Value::unknown(),
        })
    }
}

/// Resolves `type.name`, `data.type.name` and `module.name` in one module
/// instance from the store.
struct StoreResolver {
    store: Arc<Store>,
    module: ModuleInstance,
}

impl Resolve for StoreResolver {
    fn resolve(&self, root: &str, attrs: &[&str]) -> Option<(Value, usize)> {
        match (root, attrs) {
            ("var" | "local" | "path" | "terraform" | "count" | "each" | "self", _) => None,
            ("module", [name, ..]) => self.store.call_value(&self.module, name).map(|v| (v, 1)),
            ("data", [t, n, ..]) => {
                let res = Resource {
                    mode: Mode::Data,
                    type_name: t.to_string(),
                    name: n.to_string(),
                };
                self.store
                    .resource_value(&self.module, &res)
                    .map(|v| (v, 2))
            }
            (t, [n, ..]) => {
                let res = Resource {
                    mode: Mode::Managed,
                    type_name: t.to_string(),
                    name: n.to_string(),
                };
                self.store
                    .resource_value(&self.module, &res)
                    .map(|v| (v, 1))
            }
            _ => None,
        }
    }
}

/// The context expressions in `module` evaluate in: `var`, `local`, `path`,
/// `terraform`, plus the resolver for resources and module calls.
pub fn context(
    store: &Arc<Store>,
    module: &ModuleInstance,
    base: &EvalContext,
    module_dir: &str,
) -> EvalContext {
    let mut ctx = base.clone();
    let (vars, locals) = store.with(module, |m| (m.vars.clone(), m.locals.clone()));
    ctx.variables.insert("var".into(), Value::Object(vars));
    ctx.variables.insert("local".into(), Value::Object(locals));
    if let Some(Value::Object(mut path)) = ctx.variables.get("path").cloned() {
        path.insert("module".into(), Value::string(module_dir));
        ctx.variables.insert("path".into(), Value::Object(path));
    }
    ctx.resolver = Some(Resolver(Arc::new(StoreResolver {
        store: store.clone(),
        module: module.clone(),
    })));
    ctx
}
