//! The AWS `Provider`: configures the SDK clients once, then routes each
//! lifecycle call to its resource type or data source, doing alike what all
//! of them share (destroy plans, tags, reading back after a change).

use std::collections::BTreeMap;
use std::sync::OnceLock;

use async_trait::async_trait;
use terrace_provider_sdk::{
    ApplyRequest, ApplyResponse, ConfigureRequest, ConfigureResponse, Diagnostic, Diagnostics,
    ImportRequest, ImportResponse, PlanRequest, PlanResponse, Provider, ProviderFactory,
    ProviderSchema, ReadDataRequest, ReadDataResponse, ReadManyRequest, ReadManyResponse,
    ReadRequest, ReadResponse, Value,
};

use crate::attrs::attr;
use crate::config::{self, Aws};
use crate::resource::{
    self, fill_from_created, fill_unknowns, split_tags, taggable, unknowns_as_nulls, DataSource,
    Resource,
};

/// One `provider "aws"` instance.
pub struct AwsProvider {
    resources: Vec<Box<dyn Resource>>,
    data_sources: Vec<Box<dyn DataSource>>,
    aws: OnceLock<Aws>,
}

impl AwsProvider {
    /// An unconfigured instance.
    pub fn new() -> Self {
        AwsProvider {
            resources: crate::resources(),
            data_sources: crate::data_sources(),
            aws: OnceLock::new(),
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

    fn aws(&self) -> Result<&Aws, Diagnostics> {
        self.aws.get().ok_or_else(|| {
            Diagnostic::error(
                "Provider not configured",
                "The AWS provider was used before it was configured.",
            )
            .into()
        })
    }

    fn default_tags(&self) -> BTreeMap<String, String> {
        self.aws
            .get()
            .map(|a| a.default_tags.clone())
            .unwrap_or_default()
    }

    /// Reads one object and splits its tags.
    async fn read_one(
        &self,
        r: &dyn Resource,
        state: &Value,
    ) -> Result<Option<Value>, Diagnostics> {
        let aws = self.aws()?;
        let Some(v) = r.read(aws, state).await? else {
            return Ok(None);
        };
        self.finish_read(r, v, state).map(Some)
    }

    fn finish_read(&self, r: &dyn Resource, v: Value, prior: &Value) -> Result<Value, Diagnostics> {
        if taggable(&r.schema().block) {
            split_tags(v, prior, &self.default_tags())
        } else {
            Ok(v)
        }
    }

    async fn apply(
        &self,
        r: &dyn Resource,
        req: &ApplyRequest,
    ) -> Result<Option<Value>, Diagnostics> {
        let aws = self.aws()?;
        match (&req.prior_state, &req.planned_state) {
            (None, None) => Ok(None),
            (Some(prior), None) => {
                r.delete(aws, prior).await?;
                Ok(None)
            }
            (None, Some(planned)) => {
                let created = r.create(aws, &unknowns_as_nulls(planned)).await?;
                self.settle(r, &fill_from_created(planned, &created))
                    .await
                    .map(Some)
            }
            (Some(prior), Some(planned)) => {
                r.update(aws, prior, &unknowns_as_nulls(planned)).await?;
                self.settle(r, &fill_unknowns(planned, prior))
                    .await
                    .map(Some)
            }
        }
    }

    /// Reads back after a change, so computed values are AWS's.
    async fn settle(&self, r: &dyn Resource, current: &Value) -> Result<Value, Diagnostics> {
        match self.read_one(r, current).await? {
            Some(read) => Ok(unknowns_as_nulls(&fill_unknowns(current, &read))),
            None => Err(Diagnostic::error(
                "Object not found after change",
                format!(
                    "AWS reports no {} with ID {} right after creating or updating it.",
                    r.type_name(),
                    attr(current, "id").as_str().unwrap_or("(unknown)")
                ),
            )
            .into()),
        }
    }
}

impl Default for AwsProvider {
    fn default() -> Self {
        AwsProvider::new()
    }
}

fn unsupported(kind: &str, type_name: &str) -> Diagnostics {
    Diagnostic::error(
        format!("Unsupported {kind}"),
        format!("The AWS provider has no {kind} named {type_name:?}."),
    )
    .into()
}

/// The object with every attribute of the schema, null where `v` has none.
fn complete(r: &dyn Resource, v: Value) -> Value {
    let schema = resource::schema_of(r);
    let mut m: BTreeMap<String, Value> = schema
        .block
        .attributes
        .iter()
        .map(|(k, a)| (k.clone(), Value::Null(a.ty.clone())))
        .collect();
    if let terrace_provider_sdk::Type::Object(ot) = schema.block.value_type() {
        for k in schema.block.blocks.keys() {
            if let Some(t) = ot.attrs.get(k) {
                m.insert(k.clone(), Value::Null(t.clone()));
            }
        }
    }
    for (k, d) in r.defaults() {
        m.insert(k.to_string(), d);
    }
    if let Some(e) = v.as_entries() {
        for (k, x) in e {
            m.insert(k.clone(), x.clone());
        }
    }
    Value::Object(m)
}

#[async_trait]
impl Provider for AwsProvider {
    fn schema(&self) -> ProviderSchema {
        ProviderSchema {
            provider: config::schema(),
            resources: self
                .resources
                .iter()
                .map(|r| (r.type_name().to_string(), resource::schema_of(r.as_ref())))
                .collect(),
            data_sources: self
                .data_sources
                .iter()
                .map(|d| (d.type_name().to_string(), d.schema()))
                .collect(),
        }
    }

    async fn configure(&self, req: ConfigureRequest) -> ConfigureResponse {
        if self.aws.get().is_some() {
            return ConfigureResponse::default();
        }
        match config::configure(&req.config).await {
            Ok(aws) => {
                let _ = self.aws.set(aws);
                ConfigureResponse::default()
            }
            Err(diagnostics) => ConfigureResponse { diagnostics },
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
        match resource::plan(r, &self.default_tags(), req.prior_state.as_ref(), &config) {
            Ok((planned, requires_replace)) => PlanResponse {
                planned_state: Some(planned),
                requires_replace,
                ..PlanResponse::default()
            },
            Err(diagnostics) => error_plan(diagnostics),
        }
    }

    async fn apply_resource(&self, req: ApplyRequest) -> ApplyResponse {
        let result = match self.resource(&req.type_name) {
            Ok(r) => self.apply(r, &req).await,
            Err(d) => Err(d),
        };
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
        let result = match self.resource(&req.type_name) {
            Ok(r) => self.read_one(r, &req.current_state).await,
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

    async fn read_many(&self, req: ReadManyRequest) -> ReadManyResponse {
        let result = async {
            let r = self.resource(&req.type_name)?;
            let aws = self.aws()?;
            let read = r.read_many(aws, req.current_states.clone()).await?;
            let mut out = BTreeMap::new();
            for (k, v) in read {
                let prior = req.current_states.get(&k).cloned().unwrap_or(Value::null());
                let v = match v {
                    Some(v) => Some(self.finish_read(r, v, &prior)?),
                    None => None,
                };
                out.insert(k, v);
            }
            Ok::<_, Diagnostics>(out)
        }
        .await;
        match result {
            Ok(new_states) => ReadManyResponse {
                new_states,
                diagnostics: Diagnostics::new(),
            },
            Err(diagnostics) => ReadManyResponse {
                new_states: req
                    .current_states
                    .into_iter()
                    .map(|(k, v)| (k, Some(v)))
                    .collect(),
                diagnostics,
            },
        }
    }

    async fn import_resource(&self, req: ImportRequest) -> ImportResponse {
        let result = self
            .resource(&req.type_name)
            .and_then(|r| r.import(&req.id).map(|v| complete(r, v)));
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
        let result = match (self.data_source(&req.type_name), self.aws()) {
            (Ok(d), Ok(aws)) => d.read(aws, &req.config).await,
            (Err(e), _) | (_, Err(e)) => Err(e),
        };
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

/// Makes `provider "aws"` instances.
pub struct Factory;

impl ProviderFactory for Factory {
    fn name(&self) -> &'static str {
        "aws"
    }

    fn source(&self) -> &'static str {
        "hashicorp/aws"
    }

    fn create(&self) -> Box<dyn Provider> {
        Box::new(AwsProvider::new())
    }
}
