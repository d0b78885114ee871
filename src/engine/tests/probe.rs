//! A provider for engine tests that records every call it receives, so tests
//! can check what the engine asked of its providers and in what grouping.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use async_trait::async_trait;
use terrace_provider_sdk::*;
use terrace_value::{Type, Value};

/// The calls a probe provider received, shared by every instance a factory made.
#[derive(Clone, Default)]
pub struct Log(Arc<Mutex<Vec<String>>>, Arc<AtomicBool>);

impl Log {
    /// Makes deletes fail (or succeed again).
    pub fn fail_deletes(&self, fail: bool) {
        self.1.store(fail, Ordering::SeqCst);
    }

    fn push(&self, line: String) {
        self.0.lock().unwrap_or_else(|p| p.into_inner()).push(line);
    }

    /// Every call so far, one line each.
    pub fn lines(&self) -> Vec<String> {
        self.0.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }

    /// The calls whose line starts with `prefix`.
    pub fn starting(&self, prefix: &str) -> Vec<String> {
        self.lines()
            .into_iter()
            .filter(|l| l.starts_with(prefix))
            .collect()
    }
}

/// Makes `probe` providers that write to one log.
pub struct Factory(pub Log);

impl ProviderFactory for Factory {
    fn name(&self) -> &'static str {
        "probe"
    }

    fn source(&self) -> &'static str {
        "terrace/probe"
    }

    fn create(&self) -> Box<dyn Provider> {
        Box::new(Probe {
            log: self.0.clone(),
            label: Mutex::new(String::new()),
        })
    }
}

struct Probe {
    log: Log,
    label: Mutex<String>,
}

impl Probe {
    fn label(&self) -> String {
        self.label.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }
}

fn field(v: &Value, name: &str) -> Option<Value> {
    v.as_entries().and_then(|m| m.get(name).cloned())
}

fn with_id(config: &Value, id: Value) -> Value {
    let mut m: BTreeMap<String, Value> = config.as_entries().cloned().unwrap_or_default();
    m.insert("id".into(), id);
    Value::Object(m)
}

#[async_trait]
impl Provider for Probe {
    fn schema(&self) -> ProviderSchema {
        let thing = Block::with_attributes([
            ("name", Attribute::required(Type::String)),
            ("id", Attribute::computed(Type::String)),
        ]);
        ProviderSchema {
            provider: Schema {
                block: Block::with_attributes([("label", Attribute::optional(Type::String))]),
                ..Schema::default()
            },
            resources: BTreeMap::from([(
                "probe_thing".to_string(),
                Schema {
                    block: thing,
                    ..Schema::default()
                },
            )]),
            data_sources: BTreeMap::new(),
        }
    }

    async fn configure(&self, req: ConfigureRequest) -> ConfigureResponse {
        let label = field(&req.config, "label")
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default();
        self.log.push(format!("configure {label}"));
        *self.label.lock().unwrap_or_else(|p| p.into_inner()) = label;
        ConfigureResponse::default()
    }

    async fn plan_resource(&self, req: PlanRequest) -> PlanResponse {
        let planned = req.config.map(|c| {
            let id = req
                .prior_state
                .as_ref()
                .and_then(|p| field(p, "id"))
                .unwrap_or(Value::Unknown(Type::String));
            with_id(&c, id)
        });
        // Renaming replaces the object.
        let requires_replace = match (&req.prior_state, &planned) {
            (Some(a), Some(b)) if field(a, "name") != field(b, "name") => {
                vec![Path::root().attr("name")]
            }
            _ => Vec::new(),
        };
        PlanResponse {
            planned_state: planned,
            requires_replace,
            ..PlanResponse::default()
        }
    }

    async fn apply_resource(&self, req: ApplyRequest) -> ApplyResponse {
        let label = self.label();
        if req.planned_state.is_none() {
            let name = req
                .prior_state
                .as_ref()
                .and_then(|p| field(p, "name"))
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default();
            self.log.push(format!("delete {label} {name}"));
            if self.log.1.load(Ordering::SeqCst) {
                return ApplyResponse {
                    new_state: req.prior_state,
                    diagnostics: Diagnostic::error("Delete refused", "The probe refuses deletes.")
                        .into(),
                    ..ApplyResponse::default()
                };
            }
            return ApplyResponse::default();
        }
        let new_state = req.planned_state.map(|p| {
            let name = field(&p, "name")
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default();
            self.log.push(format!("apply {label} {name}"));
            with_id(&p, Value::string(format!("{label}/{name}")))
        });
        ApplyResponse {
            new_state,
            ..ApplyResponse::default()
        }
    }

    async fn read_resource(&self, req: ReadRequest) -> ReadResponse {
        self.log.push(format!("read {}", self.label()));
        ReadResponse {
            new_state: Some(req.current_state),
            ..ReadResponse::default()
        }
    }

    async fn read_many(&self, req: ReadManyRequest) -> ReadManyResponse {
        self.log.push(format!(
            "read_many {} {}",
            self.label(),
            req.current_states
                .keys()
                .cloned()
                .collect::<Vec<_>>()
                .join(",")
        ));
        ReadManyResponse {
            new_states: req
                .current_states
                .into_iter()
                .map(|(k, v)| (k, Some(v)))
                .collect(),
            ..ReadManyResponse::default()
        }
    }

    async fn import_resource(&self, _req: ImportRequest) -> ImportResponse {
        ImportResponse::default()
    }

    async fn read_data_source(&self, _req: ReadDataRequest) -> ReadDataResponse {
        ReadDataResponse::default()
    }
}
