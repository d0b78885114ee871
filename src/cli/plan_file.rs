//! Saved plans (`plan -out=FILE`): what `apply FILE` needs to apply exactly
//! that plan — the state it was made against, the variable values, the
//! options and each instance's action — plus its renderings for `show`.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};
use terrace_value::{type_from_json, type_to_json, value_from_json, value_to_json, Value};

use crate::engine::plan_model::{Action, Plan, PlanMode};

/// The contents of a plan file.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PlanFile {
    /// Always `terrace-plan`.
    pub format: String,
    /// The workspace it was made in.
    pub workspace: String,
    /// The state's lineage when planned.
    pub lineage: String,
    /// The state's serial when planned.
    pub serial: u64,
    /// `normal`, `destroy` or `refresh-only`.
    pub mode: String,
    /// Root variable values: value, type and sensitivity.
    pub variables: BTreeMap<String, StoredVariable>,
    /// `-target` addresses.
    pub targets: Vec<String>,
    /// `-exclude` addresses.
    #[serde(default)]
    pub excludes: Vec<String>,
    /// `-replace` addresses.
    pub replace: Vec<String>,
    /// Whether objects were refreshed.
    pub refresh: bool,
    /// Each instance's planned action.
    pub actions: BTreeMap<String, String>,
    /// Deposed objects the apply destroys first.
    #[serde(default)]
    pub deposed: Vec<String>,
    /// Instances deferred until apply.
    #[serde(default)]
    pub deferred: Vec<String>,
    /// The plan in Terraform's JSON format, for `show -json`.
    pub json: serde_json::Value,
    /// The plan as people read it, for `show`.
    pub human: String,
}

/// One variable's value in a plan file.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct StoredVariable {
    /// The value in JSON.
    pub value: serde_json::Value,
    /// Its type.
    #[serde(rename = "type")]
    pub ty: serde_json::Value,
    /// Whether it is sensitive.
    pub sensitive: bool,
}

fn action_name(a: Action) -> &'static str {
    match a {
        Action::NoOp => "no-op",
        Action::Create => "create",
        Action::Read => "read",
        Action::Update => "update",
        Action::DeleteThenCreate => "delete-create",
        Action::CreateThenDelete => "create-delete",
        Action::Delete => "delete",
        Action::Forget => "forget",
    }
}

/// Parses an action name written by [`action_name`].
pub fn action_of(name: &str) -> Action {
    match name {
        "create" => Action::Create,
        "read" => Action::Read,
        "update" => Action::Update,
        "delete-create" => Action::DeleteThenCreate,
        "create-delete" => Action::CreateThenDelete,
        "delete" => Action::Delete,
        "forget" => Action::Forget,
        _ => Action::NoOp,
    }
}

impl PlanFile {
    /// The saved form of `plan`.
    pub fn new(
        plan: &Plan,
        workspace: &str,
        vars: &BTreeMap<String, Value>,
        opts: &crate::engine::plan::PlanOptions,
        json: serde_json::Value,
        human: String,
    ) -> PlanFile {
        let variables = vars
            .iter()
            .filter_map(|(k, v)| {
                let (plain, marks) = v.clone().unmark_deep();
                Some((
                    k.clone(),
                    StoredVariable {
                        value: value_to_json(&plain).ok()?,
                        ty: type_to_json(&plain.ty()),
                        sensitive: !marks.is_empty(),
                    },
                ))
            })
            .collect();
        PlanFile {
            format: "terrace-plan".into(),
            workspace: workspace.to_string(),
            lineage: plan.prior_lineage.clone(),
            serial: plan.prior_serial,
            mode: match plan.mode {
                PlanMode::Normal => "normal",
                PlanMode::Destroy => "destroy",
                PlanMode::RefreshOnly => "refresh-only",
            }
            .into(),
            variables,
            targets: opts.targets.clone(),
            excludes: opts.excludes.clone(),
            replace: opts.replace.clone(),
            refresh: opts.refresh,
            actions: plan
                .changes
                .iter()
                .map(|c| (c.addr.to_string(), action_name(c.action).to_string()))
                .collect(),
            deposed: plan.deposed.clone(),
            deferred: plan.deferred.iter().map(|d| d.addr.to_string()).collect(),
            json,
            human,
        }
    }

    /// Writes the plan file.
    pub fn save(&self, path: &Path) -> std::io::Result<()> {
        let text = serde_json::to_string(self).map_err(std::io::Error::other)?;
        std::fs::write(path, text)
    }

    /// Reads a plan file.
    pub fn load(path: &Path) -> Result<PlanFile, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        let file: PlanFile = serde_json::from_str(&text)
            .map_err(|e| format!("{} is not a Terrace plan file: {e}", path.display()))?;
        if file.format != "terrace-plan" {
            return Err(format!("{} is not a Terrace plan file", path.display()));
        }
        Ok(file)
    }

    /// The variable values, marks restored.
    pub fn variable_values(&self) -> BTreeMap<String, Value> {
        self.variables
            .iter()
            .filter_map(|(k, v)| {
                let ty = type_from_json(&v.ty).ok()?;
                let value = value_from_json(&v.value, &ty).ok()?;
                Some((
                    k.clone(),
                    if v.sensitive {
                        value.sensitive()
                    } else {
                        value
                    },
                ))
            })
            .collect()
    }

    /// The planned action of each instance.
    pub fn expected(&self) -> BTreeMap<String, Action> {
        self.actions
            .iter()
            .map(|(k, v)| (k.clone(), action_of(v)))
            .collect()
    }
}
