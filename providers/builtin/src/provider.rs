//! One `Provider` implementation shared by every built-in provider: each
//! provider is a list of resource types and data sources, and this module
//! routes lifecycle calls to them and handles what all of them do alike
//! (destroy plans, unknown type names, validation before planning).

use async_trait::async_trait;
use terrace_provider_sdk::{
    ApplyRequest, ApplyResponse, ConfigureRequest, ConfigureResponse, Diagnostic, Diagnostics,
    ImportRequest, ImportResponse, Path, PlanRequest, PlanResponse, Provider, ProviderFactory,
    ProviderSchema, ReadDataRequest, ReadDataResponse, ReadRequest, ReadResponse, Schema,
    ValidateRequest, Value,
};

/// A planned state and the attributes whose change forces replacement.
pub(crate) struct Plan {
    /// The state after apply, with unknowns for what apply decides.
    pub state: Value,
    /// Attributes that force replacement.
    pub requires_replace: Vec<Path>,
}

/// A managed resource type of a built-in provider.
#[async_trait]
pub(crate) trait Resource: Send + Sync {
    /// The resource type name, e.g. `random_string`.
    fn type_name(&self) -> &'static str;

    /// Its schema.
    fn schema(&self) -> Schema;

    /// Checks a configuration that may contain unknowns.
    fn validate(&self, _config: &Value) -> Diagnostics {
        Diagnostics::new()
    }

    /// Plans a create (`prior` is `None`) or an update of a valid config.
    fn plan(&self, prior: Option<&Value>, config: &Value) -> Result<Plan, Diagnostics>;

    /// Creates the object, filling every unknown of `planned`.
    async fn create(&self, planned: &Value) -> Result<Value, Diagnostics>;

    /// Updates in place; the default keeps the plan, creating anew only
    /// what the plan left unknown.
    async fn update(&self, _prior: &Value, planned: &Value) -> Result<Value, Diagnostics> {
        if planned.is_wholly_known() {
            Ok(planned.clone())
        } else {
            self.create(planned).await
        }
    }

    /// Deletes the object.
    async fn delete(&self, _prior: &Value) -> Diagnostics {
        Diagnostics::new()
    }

    /// Refreshes the object; `None` when it no longer exists.
    async fn read(&self, state: Value) -> Result<Option<Value>, Diagnostics> {
        Ok(Some(state))
    }

    /// Adopts an existing object by its Terraform import ID.
    fn import(&self, _id: &str) -> Result<Value, Diagnostics> {
        Err(Diagnostic::error(
            "Resource import not supported",
            format!(
                "The resource type {} cannot be imported; Terraform's provider does not support it either.",
                self.type_name()
            ),
        )
        .into())
    }
}

/// A data source of a built-in provider.
#[async_trait]
pub(crate) trait DataSource: Send + Sync {
    /// The data source name, e.g. `local_file`.
    fn type_name(&self) -> &'static str;

    /// Its schema.
    fn schema(&self) -> Schema;

    /// Checks a configuration that may contain unknowns.
    fn validate(&self, _config: &Value) -> Diagnostics {
        Diagnostics::new()
    }

    /// Reads it from its wholly known configuration.
    async fn read(&self, config: &Value) -> Result<Value, Diagnostics>;
}

/// A built-in provider: its resource types and data sources.
pub(crate) struct Builtin {
    resources: Vec<Box<dyn Resource>>,
    data_sources: Vec<Box<dyn DataSource>>,
}

impl Builtin {
    /// A provider made of these resource types and data sources.
    pub fn new(resources: Vec<Box<dyn Resource>>, data_sources: Vec<Box<dyn DataSource>>) -> Self {
        Builtin {
            resources,
            data_sources,
        }
    }

    fn resource(&self, type_name: &str) -> Result<&dyn Resource, Diagnostics> {
        self.resources
            .iter()
            .find(|r| r.type_name() == type_name)
            .map(|r| r.as_ref())
            .ok_or_else(|| unsupported("resource type", type_name))
    }

    fn data_source(&self, type_name: &str) -> Result<&dyn DataSource, Diagnostics> {
        self.data_sources
            .iter()
            .find(|d| d.type_name() == type_name)
            .map(|d| d.as_ref())
            .ok_or_else(|| unsupported("data source", type_name))
    }
}

fn unsupported(kind: &str, type_name: &str) -> Diagnostics {
    Diagnostic::error(
        format!("Unsupported {kind}"),
        format!("This provider has no {kind} named {type_name:?}."),
    )
    .into()
}

#[async_trait]
impl Provider for Builtin {
    fn schema(&self) -> ProviderSchema {
        ProviderSchema {
            provider: Schema::default(),
            resources: self
                .resources
                .iter()
                .map(|r| (r.type_name().to_string(), r.schema()))
                .collect(),
            data_sources: self
                .data_sources
                .iter()
                .map(|d| (d.type_name().to_string(), d.schema()))
                .collect(),
        }
    }

    async fn configure(&self, _req: ConfigureRequest) -> ConfigureResponse {
        ConfigureResponse::default()
    }

    fn validate_resource(&self, req: &ValidateRequest) -> Diagnostics {
        match self.resource(&req.type_name) {
            Ok(r) => r.validate(&req.config),
            Err(d) => d,
        }
    }

    fn validate_data_source(&self, req: &ValidateRequest) -> Diagnostics {
        match self.data_source(&req.type_name) {
            Ok(d) => d.validate(&req.config),
            Err(d) => d,
        }
    }

    async fn plan_resource(&self, req: PlanRequest) -> PlanResponse {
        let r = match self.resource(&req.type_name) {
            Ok(r) => r,
            Err(diagnostics) => return error_plan(diagnostics),
        };
        let Some(config) = req.config else {
            return PlanResponse::default();
        };
        let diagnostics = r.validate(&config);
        if diagnostics.has_errors() {
            return error_plan(diagnostics);
        }
        match r.plan(req.prior_state.as_ref(), &config) {
            Ok(plan) => PlanResponse {
                planned_state: Some(plan.state),
                requires_replace: plan.requires_replace,
                planned_private: Vec::new(),
                diagnostics,
            },
            Err(diagnostics) => error_plan(diagnostics),
        }
    }

    async fn apply_resource(&self, req: ApplyRequest) -> ApplyResponse {
        let r = match self.resource(&req.type_name) {
            Ok(r) => r,
            Err(diagnostics) => return error_apply(req.prior_state, diagnostics),
        };
        let result = match (&req.prior_state, &req.planned_state) {
            (None, None) => Ok(None),
            (Some(prior), None) => {
                let diagnostics = r.delete(prior).await;
                if diagnostics.has_errors() {
                    return error_apply(req.prior_state, diagnostics);
                }
                Ok(None)
            }
            (None, Some(planned)) => r.create(planned).await.map(Some),
            (Some(prior), Some(planned)) => r.update(prior, planned).await.map(Some),
        };
        match result {
            Ok(new_state) => ApplyResponse {
                new_state,
                ..ApplyResponse::default()
            },
            Err(diagnostics) => error_apply(req.prior_state, diagnostics),
        }
    }

    async fn read_resource(&self, req: ReadRequest) -> ReadResponse {
        let result = match self.resource(&req.type_name) {
            Ok(r) => r.read(req.current_state.clone()).await,
            Err(d) => Err(d),
        };
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

    async fn import_resource(&self, req: ImportRequest) -> ImportResponse {
        match self
            .resource(&req.type_name)
            .and_then(|r| r.import(&req.id))
        {
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
        let d = match self.data_source(&req.type_name) {
            Ok(d) => d,
            Err(diagnostics) => return error_read_data(diagnostics),
        };
        let diagnostics = d.validate(&req.config);
        if diagnostics.has_errors() {
            return error_read_data(diagnostics);
        }
        match d.read(&req.config).await {
            Ok(state) => ReadDataResponse {
                state: Some(state),
                diagnostics,
            },
            Err(diagnostics) => error_read_data(diagnostics),
        }
    }
}

fn error_plan(diagnostics: Diagnostics) -> PlanResponse {
    PlanResponse {
        diagnostics,
        ..PlanResponse::default()
    }
}

/// A failed apply leaves the object as it was.
fn error_apply(prior: Option<Value>, diagnostics: Diagnostics) -> ApplyResponse {
    ApplyResponse {
        new_state: prior,
        private: Vec::new(),
        diagnostics,
    }
}

fn error_read_data(diagnostics: Diagnostics) -> ReadDataResponse {
    ReadDataResponse {
        state: None,
        diagnostics,
    }
}

/// A factory for a built-in provider, from its names and a constructor.
pub(crate) struct Factory {
    /// The local name, e.g. `random`.
    pub name: &'static str,
    /// The source address, e.g. `hashicorp/random`.
    pub source: &'static str,
    /// Builds an instance.
    pub build: fn() -> Builtin,
}

impl ProviderFactory for Factory {
    fn name(&self) -> &'static str {
        self.name
    }

    fn source(&self) -> &'static str {
        self.source
    }

    fn create(&self) -> Box<dyn Provider> {
        Box::new((self.build)())
    }
}
