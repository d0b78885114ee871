//! A harness for provider tests: builds values from JSON against a schema,
//! runs plan → apply → read cycles, and checks each answer the way the
//! engine will (planned values agree with the configuration, applied values
//! agree with the plan, states hold every attribute and no unknowns), so a
//! provider's unit tests catch what would otherwise surface as engine errors.
//!
//! Helpers panic with a readable message on failure: they are for tests only,
//! behind the `testing` feature.

use serde_json::Value as Json;
use terrace_value::{value_from_json, Diagnostics, Path, Value};

use crate::requests::*;
use crate::schema::{Block, ProviderSchema, Schema};
use crate::Provider;

/// A provider under test together with its schema.
pub struct Harness {
    provider: Box<dyn Provider>,
    schema: ProviderSchema,
}

impl Harness {
    /// Configures `provider` with the provider block `config` (JSON, missing
    /// attributes null) and panics if configuring fails.
    pub async fn new(provider: Box<dyn Provider>, config: Json) -> Harness {
        let schema = provider.schema();
        let config = object(&schema.provider.block, config);
        let resp = provider.configure(ConfigureRequest { config }).await;
        assert_no_errors("configure", &resp.diagnostics);
        Harness { provider, schema }
    }

    /// The provider itself, for calls the harness does not wrap.
    pub fn provider(&self) -> &dyn Provider {
        self.provider.as_ref()
    }

    /// The schema of a managed resource type.
    pub fn resource_schema(&self, type_name: &str) -> &Schema {
        self.schema
            .resources
            .get(type_name)
            .unwrap_or_else(|| panic!("the provider has no resource type {type_name:?}"))
    }

    /// The schema of a data source.
    pub fn data_source_schema(&self, type_name: &str) -> &Schema {
        self.schema
            .data_sources
            .get(type_name)
            .unwrap_or_else(|| panic!("the provider has no data source {type_name:?}"))
    }

    /// A resource configuration object from JSON.
    pub fn config(&self, type_name: &str, json: Json) -> Value {
        object(&self.resource_schema(type_name).block, json)
    }

    /// The diagnostics of validating a resource configuration.
    pub fn validate(&self, type_name: &str, json: Json) -> Diagnostics {
        let config = self.config(type_name, json);
        self.provider.validate_resource(&ValidateRequest {
            type_name: type_name.to_string(),
            config,
        })
    }

    /// Plans a change; when the provider reports no errors, checks that the
    /// planned state agrees with the configuration and has every attribute.
    pub async fn plan(
        &self,
        type_name: &str,
        prior: Option<&Value>,
        config: Option<&Value>,
    ) -> PlanResponse {
        let resp = self
            .provider
            .plan_resource(PlanRequest {
                type_name: type_name.to_string(),
                prior_state: prior.cloned(),
                config: config.cloned(),
                prior_private: Vec::new(),
            })
            .await;
        if resp.diagnostics.has_errors() {
            return resp;
        }
        let block = &self.resource_schema(type_name).block;
        match (config, &resp.planned_state) {
            (None, None) => {}
            (None, Some(p)) => panic!("destroy planned a state: {p:?}"),
            (Some(_), None) => panic!("plan of {type_name} returned no planned state"),
            (Some(c), Some(p)) => {
                if let Err(e) = check_plan_against_config(block, c, p) {
                    panic!("plan of {type_name} contradicts its configuration: {e}");
                }
                if let Err(e) = check_shape(block, p) {
                    panic!("planned state of {type_name}: {e}");
                }
            }
        }
        resp
    }

    /// Applies a plan; when the provider reports no errors, checks that the
    /// new state is wholly known, complete, and agrees with the plan.
    pub async fn apply(
        &self,
        type_name: &str,
        prior: Option<&Value>,
        plan: &PlanResponse,
        config: Option<&Value>,
    ) -> ApplyResponse {
        let resp = self
            .provider
            .apply_resource(ApplyRequest {
                type_name: type_name.to_string(),
                prior_state: prior.cloned(),
                planned_state: plan.planned_state.clone(),
                config: config.cloned(),
                planned_private: plan.planned_private.clone(),
            })
            .await;
        if resp.diagnostics.has_errors() {
            return resp;
        }
        let block = &self.resource_schema(type_name).block;
        match (&plan.planned_state, &resp.new_state) {
            (None, None) => {}
            (None, Some(s)) => panic!("destroy of {type_name} left a state: {s:?}"),
            (Some(_), None) => panic!("apply of {type_name} returned no state"),
            (Some(p), Some(s)) => {
                if let Err(e) = check_state(block, s) {
                    panic!("applied state of {type_name}: {e}");
                }
                if let Err(e) = check_apply_against_plan(p, s) {
                    panic!("apply of {type_name} contradicts its plan: {e}");
                }
            }
        }
        resp
    }

    /// Creates an object: plans a create, applies it, and returns the state.
    /// Panics on any error.
    pub async fn create(&self, type_name: &str, json: Json) -> Value {
        let config = self.config(type_name, json);
        let plan = self.plan(type_name, None, Some(&config)).await;
        assert_no_errors("plan", &plan.diagnostics);
        let applied = self.apply(type_name, None, &plan, Some(&config)).await;
        assert_no_errors("apply", &applied.diagnostics);
        applied.new_state.expect("checked by apply")
    }

    /// Plans `json` against `prior` and panics unless nothing would change.
    pub async fn assert_no_op(&self, type_name: &str, prior: &Value, json: Json) {
        let config = self.config(type_name, json);
        let plan = self.plan(type_name, Some(prior), Some(&config)).await;
        assert_no_errors("plan", &plan.diagnostics);
        assert!(
            plan.requires_replace.is_empty(),
            "expected no change, but {:?} force replacement",
            plan.requires_replace
        );
        let planned = plan.planned_state.expect("checked by plan");
        assert!(
            agrees(prior, &planned),
            "expected no change, but the plan differs:\n prior:   {prior:?}\n planned: {planned:?}"
        );
    }

    /// Plans `json` against `prior` and returns the attribute paths that
    /// force replacement (panics on errors).
    pub async fn replace_paths(&self, type_name: &str, prior: &Value, json: Json) -> Vec<Path> {
        let config = self.config(type_name, json);
        let plan = self.plan(type_name, Some(prior), Some(&config)).await;
        assert_no_errors("plan", &plan.diagnostics);
        plan.requires_replace
    }

    /// Destroys an object and panics unless it is gone without errors.
    pub async fn destroy(&self, type_name: &str, prior: &Value) {
        let plan = self.plan(type_name, Some(prior), None).await;
        assert_no_errors("plan", &plan.diagnostics);
        let applied = self.apply(type_name, Some(prior), &plan, None).await;
        assert_no_errors("apply", &applied.diagnostics);
    }

    /// Refreshes one object.
    pub async fn read(&self, type_name: &str, state: &Value) -> ReadResponse {
        self.provider
            .read_resource(ReadRequest {
                type_name: type_name.to_string(),
                current_state: state.clone(),
                private: Vec::new(),
            })
            .await
    }

    /// Imports an object by ID; on success checks the state is complete.
    pub async fn import(&self, type_name: &str, id: &str) -> ImportResponse {
        let resp = self
            .provider
            .import_resource(ImportRequest {
                type_name: type_name.to_string(),
                id: id.to_string(),
            })
            .await;
        if let (false, Some(s)) = (resp.diagnostics.has_errors(), &resp.state) {
            if let Err(e) = check_state(&self.resource_schema(type_name).block, s) {
                panic!("imported state of {type_name}: {e}");
            }
        }
        resp
    }

    /// Reads a data source configured by `json`; on success checks the
    /// result is complete and wholly known.
    pub async fn read_data(&self, type_name: &str, json: Json) -> ReadDataResponse {
        let block = &self.data_source_schema(type_name).block;
        let config = object(block, json);
        let resp = self
            .provider
            .read_data_source(ReadDataRequest {
                type_name: type_name.to_string(),
                config,
            })
            .await;
        if let (false, Some(s)) = (resp.diagnostics.has_errors(), &resp.state) {
            if let Err(e) = check_state(block, s) {
                panic!("data source {type_name}: {e}");
            }
        }
        resp
    }
}

/// An object of `block`'s type from JSON; attributes left out are null.
pub fn object(block: &Block, json: Json) -> Value {
    value_from_json(&json, &block.value_type())
        .unwrap_or_else(|e| panic!("JSON does not fit the schema: {e}"))
}

/// The attribute `name` of an object value, panicking if it has none.
pub fn attr<'a>(value: &'a Value, name: &str) -> &'a Value {
    value
        .as_entries()
        .and_then(|m| m.get(name))
        .unwrap_or_else(|| panic!("no attribute {name:?} in {value:?}"))
}

/// The known string attribute `name` of an object value.
pub fn string_attr(value: &Value, name: &str) -> String {
    attr(value, name)
        .as_str()
        .unwrap_or_else(|| panic!("attribute {name:?} is not a known string in {value:?}"))
        .to_string()
}

/// Panics with every diagnostic's text when `diags` holds an error.
pub fn assert_no_errors(step: &str, diags: &Diagnostics) {
    if diags.has_errors() {
        panic!("{step} failed: {}", diagnostics_text(diags));
    }
}

/// Summary and detail of every diagnostic, one per line, for assertions.
pub fn diagnostics_text(diags: &Diagnostics) -> String {
    diags
        .iter()
        .map(|d| format!("{}: {}", d.summary, d.detail))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Whether two values say the same: both null, both unknown, or equal known
/// values (types of nulls and unknowns are not compared).
pub fn agrees(a: &Value, b: &Value) -> bool {
    match (a.unmarked(), b.unmarked()) {
        (Value::Null(_), Value::Null(_)) | (Value::Unknown(_), Value::Unknown(_)) => true,
        (Value::Null(_), _) | (_, Value::Null(_)) => false,
        (Value::Unknown(_), _) | (_, Value::Unknown(_)) => false,
        (Value::Object(x), Value::Object(y)) | (Value::Map(_, x), Value::Map(_, y)) => {
            x.len() == y.len()
                && x.iter()
                    .zip(y)
                    .all(|((ka, va), (kb, vb))| ka == kb && agrees(va, vb))
        }
        (x, y) => match (x.as_elements(), y.as_elements()) {
            (Some(xs), Some(ys)) => {
                xs.len() == ys.len() && xs.iter().zip(ys).all(|(p, q)| agrees(p, q))
            }
            _ => x.same_as(y),
        },
    }
}

/// Checks that every attribute of `block` is present in `value` (and no
/// other), the engine's requirement for planned and applied states.
pub fn check_shape(block: &Block, value: &Value) -> Result<(), String> {
    let Some(entries) = value.as_entries() else {
        return Err(format!("not an object: {value:?}"));
    };
    for name in block.attributes.keys().chain(block.blocks.keys()) {
        if !entries.contains_key(name) {
            return Err(format!("attribute {name:?} is missing"));
        }
    }
    for name in entries.keys() {
        if !block.attributes.contains_key(name) && !block.blocks.contains_key(name) {
            return Err(format!("attribute {name:?} is not in the schema"));
        }
    }
    Ok(())
}

/// Checks a state: complete (see [`check_shape`]) and wholly known.
pub fn check_state(block: &Block, state: &Value) -> Result<(), String> {
    check_shape(block, state)?;
    if !state.is_wholly_known() {
        return Err(format!("state has unknown values: {state:?}"));
    }
    Ok(())
}

/// Checks the engine's rule for plans: every attribute the configuration
/// sets (and every non-computed one) is planned as configured.
pub fn check_plan_against_config(
    block: &Block,
    config: &Value,
    planned: &Value,
) -> Result<(), String> {
    for (name, a) in &block.attributes {
        let c = config.as_entries().and_then(|m| m.get(name));
        let p = planned.as_entries().and_then(|m| m.get(name));
        let (Some(c), Some(p)) = (c, p) else {
            continue;
        };
        if a.computed && c.is_null() {
            continue;
        }
        if !agrees(c, p) {
            return Err(format!("{name}: configured {c:?}, planned {p:?}"));
        }
    }
    Ok(())
}

/// Checks the engine's rule for applies: every value the plan knew is the
/// value the apply produced.
pub fn check_apply_against_plan(planned: &Value, applied: &Value) -> Result<(), String> {
    let (Some(p), Some(a)) = (planned.as_entries(), applied.as_entries()) else {
        return Err("planned or applied state is not an object".to_string());
    };
    for (name, pv) in p {
        if !pv.is_wholly_known() {
            continue;
        }
        match a.get(name) {
            Some(av) if agrees(pv, av) => {}
            other => return Err(format!("{name}: planned {pv:?}, applied {other:?}")),
        }
    }
    Ok(())
}
