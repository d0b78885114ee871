//! `prometheus_rule_group`: one rule group in its own rule file under the
//! provider's `rules_dir`. Checked before it is written, written whole,
//! reloaded, and read back from `/api/v1/rules`, so drift is what
//! Prometheus really loaded.

use std::collections::BTreeMap;
use std::path::PathBuf;

use async_trait::async_trait;
use terrace_provider_sdk::framework::*;
use terrace_provider_sdk::{
    Attribute, Block, Diagnostic, Diagnostics, NestedBlock, Nesting, Schema, Type, Value,
};

use crate::client::{ApiGroup, ApiRule, Client};
use crate::files;
use crate::rules::{self, canonical, duration_secs, duration_text, GroupSpec};

pub struct RuleGroup;

fn rule_block() -> Block {
    let s = |d: &str| Attribute::optional(Type::String).describe(d);
    let m = |d: &str| Attribute::optional(Type::map(Type::String)).describe(d);
    Block::with_attributes([
        ("alert", s("The alert's name (an alerting rule).")),
        ("record", s("The series' name (a recording rule).")),
        (
            "expr",
            Attribute::required(Type::String).describe("The PromQL expression."),
        ),
        (
            "for",
            s("How long the condition must hold before the alert fires."),
        ),
        ("labels", m("Labels added to the alert or series.")),
        ("annotations", m("Annotations of the alert.")),
    ])
}

fn schema_block() -> Block {
    let mut b = Block::with_attributes([
        ("id", Attribute::computed(Type::String)),
        (
            "name",
            Attribute::required(Type::String)
                .force_new()
                .describe("The group's name."),
        ),
        (
            "interval",
            Attribute::optional(Type::String).describe("How often the rules are evaluated."),
        ),
        (
            "filename",
            Attribute::computed(Type::String).describe("The rule file written."),
        ),
    ]);
    b.blocks.insert(
        "rule".into(),
        NestedBlock {
            nesting: Nesting::List,
            block: rule_block(),
            min_items: 1,
            max_items: 0,
        },
    );
    b
}

fn rules_dir(client: &Client) -> Result<&PathBuf, Diagnostics> {
    client.rules_dir.as_ref().ok_or_else(|| {
        Diagnostic::error(
            "Missing provider argument \"rules_dir\"",
            "prometheus_rule_group writes rule files, so the provider needs rules_dir: the directory its prometheus.yml rule_files point at.",
        )
        .into()
    })
}

/// A rule as Prometheus reported it, in the configuration's terms: where
/// the prior rule says the same thing in other words, its words stay.
fn rule_value(api: &ApiRule, prior: Option<&Value>) -> Value {
    let prior_str = |name: &str| prior.and_then(|p| attr(p, name).as_str().map(str::to_string));
    let alerting = api.kind == "alerting";
    let expr = match prior_str("expr") {
        Some(e) if canonical(&e).is_some() && canonical(&e) == canonical(&api.query) => e,
        _ => api.query.clone(),
    };
    let for_ = if !alerting {
        Value::Null(Type::String)
    } else {
        match prior_str("for") {
            Some(f) if duration_secs(&f).ok() == Some(api.duration) => Value::String(f),
            _ if api.duration == 0.0 => Value::Null(Type::String),
            _ => Value::String(duration_text(api.duration)),
        }
    };
    let map = |m: &Option<BTreeMap<String, String>>, name: &str| match m {
        Some(m) if !m.is_empty() => map_of_strings(m.clone()),
        _ => match prior.map(|p| attr(p, name)) {
            Some(v) if v.as_entries().is_some_and(|e| e.is_empty()) => v.clone(),
            _ => Value::Null(Type::map(Type::String)),
        },
    };
    let name = Value::String(api.name.clone());
    let null = Value::Null(Type::String);
    object(
        &rule_block(),
        [
            ("alert", if alerting { name.clone() } else { null.clone() }),
            ("record", if alerting { null } else { name }),
            ("expr", Value::String(expr)),
            ("for", for_),
            ("labels", map(&api.labels, "labels")),
            (
                "annotations",
                if alerting {
                    map(&api.annotations, "annotations")
                } else {
                    Value::Null(Type::map(Type::String))
                },
            ),
        ],
    )
}

/// The state for a loaded group, given the prior state.
fn state_of(state: &Value, group: &ApiGroup) -> Value {
    let prior_rules = attr(state, "rule").as_elements().unwrap_or(&[]).to_vec();
    let rules: Vec<Value> = group
        .rules
        .iter()
        .enumerate()
        .map(|(i, r)| rule_value(r, prior_rules.get(i)))
        .collect();
    let interval = match attr(state, "interval").as_str() {
        Some(i) if duration_secs(i).ok() == Some(group.interval) => Value::string(i),
        Some(_) => Value::String(duration_text(group.interval)),
        None => Value::Null(Type::String),
    };
    let v = with(state, "rule", Value::List(rule_block().value_type(), rules));
    with(&v, "interval", interval)
}

/// A group as a rule file spells it, in the shape the API reports.
fn as_api(spec: GroupSpec, file: &str) -> ApiGroup {
    ApiGroup {
        name: spec.name,
        file: file.to_string(),
        interval: spec
            .interval
            .as_deref()
            .and_then(|i| duration_secs(i).ok())
            .unwrap_or(0.0),
        rules: spec
            .rules
            .into_iter()
            .map(|r| ApiRule {
                name: r.alert.clone().or(r.record.clone()).unwrap_or_default(),
                query: r.expr,
                kind: if r.alert.is_some() {
                    "alerting"
                } else {
                    "recording"
                }
                .into(),
                duration: r
                    .for_
                    .as_deref()
                    .and_then(|f| duration_secs(f).ok())
                    .unwrap_or(0.0),
                labels: r.labels,
                annotations: r.annotations,
            })
            .collect(),
    }
}

impl RuleGroup {
    /// Writes the group's file and reloads; on a failed reload the file is
    /// put back as it was, so the next reload does not fail too.
    async fn write(&self, client: &Client, planned: &Value) -> Result<Value, Diagnostics> {
        let group = rules::group_of(planned)?;
        let path = files::path_for(rules_dir(client)?, &group.name, "yml");
        let before = files::read(&path)?;
        files::write(&path, &rules::render(group)?)?;
        if let Err(d) = client.reload().await {
            match before {
                Some(text) => files::write(&path, &text)?,
                None => files::remove(&path)?,
            }
            let _ = client.reload().await;
            return Err(d);
        }
        let state = with(
            planned,
            "filename",
            Value::String(path.display().to_string()),
        );
        let state = with(&state, "id", attr(planned, "name").clone());
        self.read(client, &state).await?.ok_or_else(|| {
            Diagnostic::error(
                "Rule group not loaded",
                format!("Prometheus did not load the rule file {}; check that its rule_files cover rules_dir.", path.display()),
            )
            .into()
        })
    }
}

#[async_trait]
impl Resource<Client> for RuleGroup {
    fn type_name(&self) -> &'static str {
        "prometheus_rule_group"
    }

    fn schema(&self) -> Schema {
        Schema {
            version: 0,
            block: schema_block(),
        }
    }

    fn validate(&self, config: &Value) -> Diagnostics {
        let d = rules::validate(config);
        if d.has_errors() || !config.is_wholly_known() {
            return d;
        }
        match rules::group_of(config) {
            Ok(group) => rules::promtool_check(&group, &std::env::temp_dir()),
            Err(d) => d,
        }
    }

    fn plan(&self, prior: Option<&Value>, config: &Value) -> Result<Plan, Diagnostics> {
        let mut plan = standard(&schema_block(), &[], prior, config);
        plan.state = with(&plan.state, "id", attr(config, "name").clone());
        Ok(plan)
    }

    async fn create(&self, client: &Client, planned: &Value) -> Result<Value, Diagnostics> {
        self.write(client, planned).await
    }

    async fn update(
        &self,
        client: &Client,
        _prior: &Value,
        planned: &Value,
    ) -> Result<Value, Diagnostics> {
        self.write(client, planned).await
    }

    async fn delete(&self, client: &Client, prior: &Value) -> Result<(), Diagnostics> {
        if let Some(f) = string(prior, "filename")? {
            files::remove(&PathBuf::from(f))?;
            client.reload().await?;
        }
        Ok(())
    }

    async fn read(&self, client: &Client, state: &Value) -> Result<Option<Value>, Diagnostics> {
        let name = required_string(state, "name")?;
        let Some(file) = string(state, "filename")? else {
            return Ok(None);
        };
        let path = PathBuf::from(&file);
        let Some(text) = files::read(&path)? else {
            return Ok(None);
        };
        let loaded = if client.reloads() {
            let base = path.file_name();
            client
                .rule_groups()
                .await?
                .into_iter()
                .find(|g| g.name == name && PathBuf::from(&g.file).file_name() == base)
        } else {
            serde_yaml_ng::from_str::<rules::RuleFile>(&text)
                .ok()
                .and_then(|f| f.groups.into_iter().find(|g| g.name == name))
                .map(|g| as_api(g, &file))
        };
        Ok(loaded.map(|g| state_of(state, &g)))
    }
}
