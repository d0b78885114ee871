//! The trait every provider implements, and the factory the engine uses to
//! create one instance per `provider` configuration.

use async_trait::async_trait;
use terrace_value::Diagnostics;

use crate::requests::*;
use crate::schema::ProviderSchema;

/// A provider: one instance per provider configuration (alias or `for_each`
/// key). All methods take `&self` so the engine can call them concurrently.
#[async_trait]
pub trait Provider: Send + Sync {
    /// What the provider accepts and computes.
    fn schema(&self) -> ProviderSchema;

    /// Configures this instance; called once, before any other call but
    /// `schema` and `validate_*`.
    async fn configure(&self, req: ConfigureRequest) -> ConfigureResponse;

    /// Checks a resource configuration beyond its schema.
    fn validate_resource(&self, _req: &ValidateRequest) -> Diagnostics {
        Diagnostics::new()
    }

    /// Checks a data source configuration beyond its schema.
    fn validate_data_source(&self, _req: &ValidateRequest) -> Diagnostics {
        Diagnostics::new()
    }

    /// Plans a create, update, replace or destroy.
    async fn plan_resource(&self, req: PlanRequest) -> PlanResponse;

    /// Carries out a planned change.
    async fn apply_resource(&self, req: ApplyRequest) -> ApplyResponse;

    /// Refreshes one object.
    async fn read_resource(&self, req: ReadRequest) -> ReadResponse;

    /// Refreshes many objects of one type; the default reads them one by one,
    /// providers whose APIs can list override it.
    async fn read_many(&self, req: ReadManyRequest) -> ReadManyResponse {
        let mut out = ReadManyResponse::default();
        for (key, state) in req.current_states {
            let r = self
                .read_resource(ReadRequest {
                    type_name: req.type_name.clone(),
                    current_state: state,
                    private: Vec::new(),
                })
                .await;
            out.diagnostics.extend(r.diagnostics);
            out.new_states.insert(key, r.new_state);
        }
        out
    }

    /// Finds an existing object by ID.
    async fn import_resource(&self, req: ImportRequest) -> ImportResponse;

    /// Reads a data source.
    async fn read_data_source(&self, req: ReadDataRequest) -> ReadDataResponse;
}

/// Creates unconfigured provider instances of one provider type.
pub trait ProviderFactory: Send + Sync {
    /// The provider's local name, e.g. `random`, `aws`, `kubernetes`.
    fn name(&self) -> &'static str;

    /// The registry source address users write in `required_providers`.
    fn source(&self) -> &'static str;

    /// A new, unconfigured instance.
    fn create(&self) -> Box<dyn Provider>;
}
