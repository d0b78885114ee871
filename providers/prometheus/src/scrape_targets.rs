//! `prometheus_scrape_target_group`: a target group for file-based service
//! discovery, written as a `file_sd_configs` JSON file under the provider's
//! `file_sd_dir`, which Prometheus watches (no reload needed). Reads take
//! the file as it is on disk.

use std::collections::BTreeMap;
use std::path::PathBuf;

use async_trait::async_trait;
use serde::{Deserialize, Serialize};
use terrace_provider_sdk::framework::*;
use terrace_provider_sdk::{Attribute, Block, Diagnostic, Diagnostics, Schema, Type, Value};

use crate::client::Client;
use crate::files;
use crate::rules::valid_label_name;

pub struct ScrapeTargetGroup;

#[derive(Serialize, Deserialize)]
struct TargetGroup {
    targets: Vec<String>,
    #[serde(default)]
    labels: BTreeMap<String, String>,
}

fn schema_block() -> Block {
    Block::with_attributes([
        ("id", Attribute::computed(Type::String)),
        (
            "name",
            Attribute::required(Type::String)
                .force_new()
                .describe("The group's name, which names its file."),
        ),
        (
            "targets",
            Attribute::required(Type::list(Type::String))
                .describe("host:port addresses to scrape."),
        ),
        (
            "labels",
            Attribute::optional(Type::map(Type::String))
                .describe("Labels for every target of the group."),
        ),
        (
            "filename",
            Attribute::computed(Type::String).describe("The file written."),
        ),
    ])
}

#[async_trait]
impl Resource<Client> for ScrapeTargetGroup {
    fn type_name(&self) -> &'static str {
        "prometheus_scrape_target_group"
    }

    fn schema(&self) -> Schema {
        Schema {
            version: 0,
            block: schema_block(),
        }
    }

    fn validate(&self, config: &Value) -> Diagnostics {
        let mut d = Diagnostics::new();
        if let Some(targets) = attr(config, "targets").as_elements() {
            for t in targets {
                if t.as_str().is_some_and(|s| s.trim().is_empty()) {
                    d.push(Diagnostic::error(
                        "Invalid value for \"targets\"",
                        "A target must not be empty; write host:port.",
                    ));
                }
            }
        }
        if let Some(labels) = attr(config, "labels").as_entries() {
            for k in labels.keys().filter(|k| !valid_label_name(k)) {
                d.push(Diagnostic::error(
                    "Invalid value for \"labels\"",
                    format!("{k:?} is not a valid Prometheus label name."),
                ));
            }
        }
        d
    }

    fn plan(&self, prior: Option<&Value>, config: &Value) -> Result<Plan, Diagnostics> {
        let mut plan = standard(&schema_block(), &[], prior, config);
        plan.state = with(&plan.state, "id", attr(config, "name").clone());
        Ok(plan)
    }

    async fn create(&self, client: &Client, planned: &Value) -> Result<Value, Diagnostics> {
        let dir = client.file_sd_dir.as_ref().ok_or_else(|| {
            Diagnostics::from(Diagnostic::error(
                "Missing provider argument \"file_sd_dir\"",
                "prometheus_scrape_target_group writes discovery files, so the provider needs file_sd_dir: the directory its file_sd_configs point at.",
            ))
        })?;
        let name = required_string(planned, "name")?;
        let group = TargetGroup {
            targets: string_list(planned, "targets")?.unwrap_or_default(),
            labels: string_map(planned, "labels")?.unwrap_or_default(),
        };
        let text = serde_json::to_string_pretty(&[group]).map_err(|e| {
            Diagnostics::from(Diagnostic::error(
                "Cannot write the target file",
                e.to_string(),
            ))
        })?;
        let path = files::path_for(dir, &name, "json");
        files::write(&path, &text)?;
        let v = with(
            planned,
            "filename",
            Value::String(path.display().to_string()),
        );
        Ok(with(&v, "id", Value::String(name)))
    }

    async fn update(
        &self,
        client: &Client,
        _prior: &Value,
        planned: &Value,
    ) -> Result<Value, Diagnostics> {
        self.create(client, planned).await
    }

    async fn delete(&self, _client: &Client, prior: &Value) -> Result<(), Diagnostics> {
        if let Some(f) = string(prior, "filename")? {
            files::remove(&PathBuf::from(f))?;
        }
        Ok(())
    }

    async fn read(&self, _client: &Client, state: &Value) -> Result<Option<Value>, Diagnostics> {
        let Some(file) = string(state, "filename")? else {
            return Ok(None);
        };
        let Some(text) = files::read(&PathBuf::from(&file))? else {
            return Ok(None);
        };
        let groups: Vec<TargetGroup> = serde_json::from_str(&text).map_err(|e| {
            Diagnostics::from(Diagnostic::error(
                "Cannot read the target file",
                format!("{file} is not a file_sd target list: {e}"),
            ))
        })?;
        let targets: Vec<String> = groups.iter().flat_map(|g| g.targets.clone()).collect();
        let labels: BTreeMap<String, String> = groups.into_iter().flat_map(|g| g.labels).collect();
        let labels = if labels.is_empty() && attr(state, "labels").is_null() {
            Value::Null(Type::map(Type::String))
        } else {
            map_of_strings(labels)
        };
        let v = with(state, "targets", list_of_strings(targets));
        Ok(Some(with(&v, "labels", labels)))
    }
}
