//! A `Provider` made of resource types and data sources that share one
//! client built at configure time: routes each lifecycle call to the type it
//! names and does what all of them do alike (destroy plans, unknown type
//! names, validation before planning, failed applies keeping the prior
//! object).

use std::sync::OnceLock;

use async_trait::async_trait;
use terrace_value::{Diagnostic, Diagnostics, Path, Value};

use crate::provider::Provider;
use crate::requests::*;
use crate::schema::{ProviderSchema, Schema};

/// A planned state and the attributes whose change forces replacement.
pub struct Plan {
    /// The state after apply, with unknowns for what apply decides.
    pub state: Value,
    /// Attributes that force replacement.
    pub requires_replace: Vec<Path>,
}

/// A managed resource type whose calls get the provider's client `C`.
#[async_trait]
pub trait Resource<C: Send + Sync>: Send + Sync {
    /// The resource type name, e.g. `postgresql_role`.
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
    async fn create(&self, client: &C, planned: &Value) -> Result<Value, Diagnostics>;

    /// Updates the object in place.
    async fn update(
        &self,
        client: &C,
        prior: &Value,
        planned: &Value,
    ) -> Result<Value, Diagnostics>;

    /// Deletes the object.
    async fn delete(&self, client: &C, prior: &Value) -> Result<(), Diagnostics>;

    /// Reads the object as it really is; `None` when it no longer exists.
    async fn read(&self, client: &C, state: &Value) -> Result<Option<Value>, Diagnostics>;

    /// Adopts an existing object by its import ID.
    async fn import(&self, _client: &C, _id: &str) -> Result<Value, Diagnostics> {
        Err(Diagnostic::error(
            "Resource import not supported",
            format!("The resource type {} cannot be imported.", self.type_name()),
        )
        .into())
    }
}

/// A data source whose reads get the provider's client `C`.
#[async_trait]
pub trait DataSource<C: Send + Sync>: Send + Sync {
    /// The data source name, e.g. `postgresql_schemas`.
    fn type_name(&self) -> &'static str;

    /// Its schema.
    fn schema(&self) -> Schema;

    /// Checks a configuration that may contain unknowns.
    fn validate(&self, _config: &Value) -> Diagnostics {
        Diagnostics::new()
    }

    /// Reads it from its wholly known configuration.
    async fn read(&self, client: &C, config: &Value) -> Result<Value, Diagnostics>;
}

type Configure<C> = Box<dyn Fn(&Value) -> Result<C, Diagnostics> + Send + Sync>;

/// A provider: its configuration schema, how a configuration becomes a
/// client, and its resource types and data sources.
pub struct Router<C: Send + Sync> {
    provider: Schema,
    configure: Configure<C>,
    client: OnceLock<C>,
    resources: Vec<Box<dyn Resource<C>>>,
    data_sources: Vec<Box<dyn DataSource<C>>>,
}

impl<C: Send + Sync + 'static> Router<C> {
    /// A provider with this configuration schema and client constructor.
    pub fn new(
        provider: Schema,
        configure: impl Fn(&Value) -> Result<C, Diagnostics> + Send + Sync + 'static,
        resources: Vec<Box<dyn Resource<C>>>,
        data_sources: Vec<Box<dyn DataSource<C>>>,
    ) -> Router<C> {
        Router {
            provider,
            configure: Box::new(configure),
            client: OnceLock::new(),
            resources,
            data_sources,
        }
    }

    fn resource(&self, type_name: &str) -> Result<&dyn Resource<C>, Diagnostics> {
        self.resources
            .iter()
            .find(|r| r.type_name() == type_name)
            .map(|r| r.as_ref())
            .ok_or_else(|| unsupported("resource type", type_name))
    }

    fn data_source(&self, type_name: &str) -> Result<&dyn DataSource<C>, Diagnostics> {
        self.data_sources
            .iter()
            .find(|d| d.type_name() == type_name)
            .map(|d| d.as_ref())
            .ok_or_else(|| unsupported("data source", type_name))
    }

    fn client(&self) -> Result<&C, Diagnostics> {
        self.client.get().ok_or_else(|| {
            Diagnostic::error(
                "Provider not configured",
                "The provider was used before its configuration was read. This is a bug in Terrace.",
            )
            .into()
        })
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
impl<C: Send + Sync + 'static> Provider for Router<C> {
    fn schema(&self) -> ProviderSchema {
        ProviderSchema {
            provider: self.provider.clone(),
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

    async fn configure(&self, req: ConfigureRequest) -> ConfigureResponse {
        match (self.configure)(&req.config) {
            Ok(client) => {
                let _ = self.client.set(client);
                ConfigureResponse::default()
            }
            Err(diagnostics) => ConfigureResponse { diagnostics },
        }
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
        let result = async {
            let r = self.resource(&req.type_name)?;
            let client = self.client()?;
            match (&req.prior_state, &req.planned_state) {
                (None, None) => Ok(None),
                (Some(prior), None) => r.delete(client, prior).await.map(|()| None),
                (None, Some(planned)) => r.create(client, planned).await.map(Some),
                (Some(prior), Some(planned)) => r.update(client, prior, planned).await.map(Some),
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
                private: Vec::new(),
                diagnostics,
            },
        }
    }

    async fn read_resource(&self, req: ReadRequest) -> ReadResponse {
        let result = async {
            let r = self.resource(&req.type_name)?;
            r.read(self.client()?, &req.current_state).await
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

    async fn import_resource(&self, req: ImportRequest) -> ImportResponse {
        let result = async {
            let r = self.resource(&req.type_name)?;
            r.import(self.client()?, &req.id).await
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
        let result = async {
            let d = self.data_source(&req.type_name)?;
            let diagnostics = d.validate(&req.config);
            if diagnostics.has_errors() {
                return Err(diagnostics);
            }
            d.read(self.client()?, &req.config).await
        }
        .await;
        match result {
            Ok(state) => ReadDataResponse {
                state: Some(state),
                diagnostics: Diagnostics::new(),
            },
            Err(diagnostics) => ReadDataResponse {
                state: None,
                diagnostics,
            },
        }
    }
}

fn error_plan(diagnostics: Diagnostics) -> PlanResponse {
    PlanResponse {
        diagnostics,
        ..PlanResponse::default()
    }
}
