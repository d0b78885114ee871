//! A plan in Terraform's JSON plan format (`terraform show -json PLANFILE`,
//! format 1.2), so tools written for Terraform's plans (policy checkers,
//! cost estimators, pull-request bots) read Terrace's.

use std::collections::BTreeMap;

use serde_json::{json, Map, Value as Json};
use terrace_value::{type_to_json, Value};

use super::json_shapes::{known_json, path_json, sensitive_as_bool, unknown_as_bool};
use crate::addrs::{InstanceKey, Mode, ModuleInstance};
use crate::engine::plan_model::{Action, ActionReason, OutputChange, Plan, ResourceChange};

/// What the JSON plan needs beyond the plan itself, supplied by the caller.
#[derive(Debug, Clone)]
pub struct PlanJsonContext {
    /// `terraform_version`: the version of the tool that made the plan.
    pub version: String,
    /// `variables`: `{ name: { value } }`, when known.
    pub variables: Option<Json>,
    /// `prior_state`: the state the plan was made against, in the JSON state
    /// format.
    pub prior_state: Option<Json>,
    /// `configuration`: the configuration in Terraform's JSON form.
    pub configuration: Option<Json>,
    /// Schema version per resource type (0 when absent).
    pub schema_versions: BTreeMap<String, u64>,
}

impl Default for PlanJsonContext {
    fn default() -> Self {
        PlanJsonContext {
            version: env!("CARGO_PKG_VERSION").to_string(),
            variables: None,
            prior_state: None,
            configuration: None,
            schema_versions: BTreeMap::new(),
        }
    }
}

/// The plan as Terraform's JSON plan document.
pub fn plan_json(plan: &Plan, ctx: &PlanJsonContext) -> Json {
    let mut out = Map::new();
    out.insert("format_version".into(), json!("1.2"));
    out.insert("terraform_version".into(), json!(ctx.version));
    if let Some(v) = &ctx.variables {
        out.insert("variables".into(), v.clone());
    }
    out.insert("planned_values".into(), planned_values(plan, ctx));
    if !plan.drift.is_empty() {
        out.insert(
            "resource_drift".into(),
            Json::Array(plan.drift.iter().map(resource_change_json).collect()),
        );
    }
    if !plan.changes.is_empty() {
        out.insert(
            "resource_changes".into(),
            Json::Array(plan.changes.iter().map(resource_change_json).collect()),
        );
    }
    if !plan.deferred.is_empty() {
        let deferred = plan
            .deferred
            .iter()
            .map(|d| {
                json!({
                    "reason": "provider_config_unknown",
                    "resource_change": {
                        "address": d.addr.to_string(),
                        "mode": if d.addr.resource.mode == Mode::Data { "data" } else { "managed" },
                        "type": d.addr.resource.type_name,
                        "name": d.addr.resource.name,
                        "provider_name": d.provider,
                        "change": { "actions": ["create"], "before": null, "after": null, "after_unknown": true },
                    },
                })
            })
            .collect();
        out.insert("deferred_changes".into(), Json::Array(deferred));
    }
    if !plan.outputs.is_empty() {
        let changes: Map<String, Json> = plan
            .outputs
            .iter()
            .map(|o| (o.name.clone(), output_change_json(o)))
            .collect();
        out.insert("output_changes".into(), Json::Object(changes));
    }
    if let Some(s) = &ctx.prior_state {
        out.insert("prior_state".into(), s.clone());
    }
    if let Some(c) = &ctx.configuration {
        out.insert("configuration".into(), c.clone());
    }
    if !plan.relevant.is_empty() {
        let relevant = plan
            .relevant
            .iter()
            .map(|r| {
                json!({
                    "resource": r.resource_address(),
                    "attribute": r.attr.iter().collect::<Vec<_>>(),
                })
            })
            .collect();
        out.insert("relevant_attributes".into(), Json::Array(relevant));
    }
    out.insert("timestamp".into(), json!(plan.timestamp));
    out.insert(
        "applyable".into(),
        json!(plan.has_changes() && !plan.errored),
    );
    out.insert(
        "complete".into(),
        json!(!plan.errored && plan.deferred.is_empty()),
    );
    out.insert("errored".into(), json!(plan.errored));
    Json::Object(out)
}

/// One entry of `resource_changes` (or `resource_drift`).
pub fn resource_change_json(rc: &ResourceChange) -> Json {
    let mut out = Map::new();
    out.insert("address".into(), json!(rc.addr.to_string()));
    if let Some(prev) = rc.prev_addr.as_ref().filter(|p| **p != rc.addr) {
        out.insert("previous_address".into(), json!(prev.to_string()));
    }
    if !rc.addr.module.is_root() {
        out.insert("module_address".into(), json!(rc.addr.module.to_string()));
    }
    out.insert("mode".into(), json!(mode_name(rc.addr.resource.mode)));
    out.insert("type".into(), json!(rc.addr.resource.type_name));
    out.insert("name".into(), json!(rc.addr.resource.name));
    if let Some(key) = &rc.addr.key {
        out.insert("index".into(), key_json(key));
    }
    out.insert("provider_name".into(), json!(provider_name(&rc.provider)));
    let mut change = Map::new();
    change.insert("actions".into(), json!(rc.action.terraform_actions()));
    change.insert(
        "before".into(),
        rc.before
            .as_ref()
            .and_then(known_json)
            .unwrap_or(Json::Null),
    );
    match &rc.after {
        None => {
            change.insert("after".into(), Json::Null);
        }
        Some(after) => {
            if let Some(j) = known_json(after) {
                change.insert("after".into(), j);
            }
        }
    }
    let after_unknown = match &rc.after {
        Some(a) if !a.is_wholly_known() => unknown_as_bool(a),
        _ => json!({}),
    };
    change.insert("after_unknown".into(), after_unknown);
    let sensitive = |v: &Option<Value>| v.as_ref().map(sensitive_as_bool).unwrap_or(json!(false));
    change.insert("before_sensitive".into(), sensitive(&rc.before));
    change.insert("after_sensitive".into(), sensitive(&rc.after));
    if !rc.requires_replace.is_empty() {
        change.insert(
            "replace_paths".into(),
            Json::Array(rc.requires_replace.iter().map(path_json).collect()),
        );
    }
    if let Some(id) = &rc.importing {
        change.insert("importing".into(), json!({ "id": id }));
    }
    out.insert("change".into(), Json::Object(change));
    if let Some(reason) = reason_name(rc) {
        out.insert("action_reason".into(), json!(reason));
    }
    Json::Object(out)
}

/// One entry of `output_changes`.
fn output_change_json(o: &OutputChange) -> Json {
    let mut out = Map::new();
    out.insert("actions".into(), json!(o.action.terraform_actions()));
    out.insert(
        "before".into(),
        o.before.as_ref().and_then(known_json).unwrap_or(Json::Null),
    );
    match o.after.as_ref().map(known_json) {
        None => {
            out.insert("after".into(), Json::Null);
        }
        Some(Some(j)) => {
            out.insert("after".into(), j);
        }
        Some(None) => {}
    }
    let unknown = match &o.after {
        Some(a) if !a.is_wholly_known() => unknown_as_bool(a),
        _ => json!(false),
    };
    out.insert("after_unknown".into(), unknown);
    // An output's sensitivity is one flag for both sides, as in Terraform;
    // a marked value counts, so nothing sensitive is ever reported as not.
    let marked = |v: &Option<Value>| v.as_ref().is_some_and(Value::has_marks_deep);
    let sensitive = json!(o.sensitive || marked(&o.before) || marked(&o.after));
    out.insert("before_sensitive".into(), sensitive.clone());
    out.insert("after_sensitive".into(), sensitive);
    Json::Object(out)
}

/// `planned_values`: outputs and resources as they will be after apply.
fn planned_values(plan: &Plan, ctx: &PlanJsonContext) -> Json {
    let mut out = Map::new();
    let outputs: Map<String, Json> = plan
        .outputs
        .iter()
        .filter(|o| o.action != Action::Delete)
        .filter_map(|o| {
            let after = o.after.as_ref()?;
            let mut entry = Map::new();
            entry.insert(
                "sensitive".into(),
                json!(o.sensitive || after.is_sensitive()),
            );
            if after.is_wholly_known() {
                entry.insert("type".into(), type_to_json(&after.ty()));
                entry.insert("value".into(), known_json(after).unwrap_or(Json::Null));
            }
            Some((o.name.clone(), Json::Object(entry)))
        })
        .collect();
    if !outputs.is_empty() {
        out.insert("outputs".into(), Json::Object(outputs));
    }
    let mut modules: BTreeMap<ModuleInstance, Vec<Json>> = BTreeMap::new();
    for rc in &plan.changes {
        if matches!(rc.action, Action::Delete | Action::Forget) {
            continue;
        }
        let Some(after) = &rc.after else { continue };
        let mut r = Map::new();
        r.insert("address".into(), json!(rc.addr.to_string()));
        r.insert("mode".into(), json!(mode_name(rc.addr.resource.mode)));
        r.insert("type".into(), json!(rc.addr.resource.type_name));
        r.insert("name".into(), json!(rc.addr.resource.name));
        if let Some(key) = &rc.addr.key {
            r.insert("index".into(), key_json(key));
        }
        r.insert("provider_name".into(), json!(provider_name(&rc.provider)));
        let version = ctx
            .schema_versions
            .get(&rc.addr.resource.type_name)
            .copied()
            .unwrap_or(0);
        r.insert("schema_version".into(), json!(version));
        r.insert("values".into(), known_json(after).unwrap_or(json!({})));
        r.insert("sensitive_values".into(), sensitive_as_bool(after));
        modules
            .entry(rc.addr.module.clone())
            .or_default()
            .push(Json::Object(r));
    }
    out.insert(
        "root_module".into(),
        module_json(&ModuleInstance::root(), &modules),
    );
    Json::Object(out)
}

/// One module of `planned_values`, with its child modules nested.
fn module_json(module: &ModuleInstance, all: &BTreeMap<ModuleInstance, Vec<Json>>) -> Json {
    let mut out = Map::new();
    if !module.is_root() {
        out.insert("address".into(), json!(module.to_string()));
    }
    if let Some(resources) = all.get(module) {
        out.insert("resources".into(), Json::Array(resources.clone()));
    }
    let depth = module.0.len();
    let mut children: Vec<ModuleInstance> = all
        .keys()
        .filter(|m| m.0.len() > depth && m.0[..depth] == module.0[..])
        .map(|m| ModuleInstance(m.0[..=depth].to_vec()))
        .collect();
    children.dedup();
    if !children.is_empty() {
        let nested = children.iter().map(|c| module_json(c, all)).collect();
        out.insert("child_modules".into(), Json::Array(nested));
    }
    Json::Object(out)
}

fn mode_name(mode: Mode) -> &'static str {
    match mode {
        Mode::Managed => "managed",
        Mode::Data => "data",
    }
}

fn key_json(key: &InstanceKey) -> Json {
    match key {
        InstanceKey::Int(i) => json!(i),
        InstanceKey::Str(s) => json!(s),
    }
}

/// The provider's source address from a provider configuration address:
/// `provider["registry.terraform.io/hashicorp/aws"].east` gives
/// `registry.terraform.io/hashicorp/aws`.
pub(crate) fn provider_name(config_addr: &str) -> String {
    let inner = config_addr
        .split_once("provider[\"")
        .and_then(|(_, rest)| rest.split_once("\"]"))
        .map(|(name, _)| name);
    inner.unwrap_or(config_addr).to_string()
}

/// Terraform's `action_reason` for a change.
pub(crate) fn reason_name(rc: &ResourceChange) -> Option<&'static str> {
    Some(match rc.reason.as_ref()? {
        ActionReason::ReplaceByRequest => "replace_by_request",
        ActionReason::ReplaceBecauseCannotUpdate => "replace_because_cannot_update",
        ActionReason::ReplaceByTriggers => "replace_by_triggers",
        ActionReason::ReplaceBecauseTainted => "replace_because_tainted",
        ActionReason::DeleteBecauseNoResourceConfig => "delete_because_no_resource_config",
        ActionReason::DeleteBecauseNoModule => "delete_because_no_module",
        ActionReason::DeleteBecauseWrongRepetition => "delete_because_wrong_repetition",
        ActionReason::DeleteBecauseNoInstance => match rc.addr.key {
            Some(InstanceKey::Int(_)) => "delete_because_count_index",
            Some(InstanceKey::Str(_)) => "delete_because_each_key",
            None => "delete_because_wrong_repetition",
        },
        ActionReason::ReadBecauseDependencyPending => "read_because_dependency_pending",
        ActionReason::ReadBecauseConfigUnknown => "read_because_config_unknown",
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn provider_names_drop_the_wrapper_and_alias() {
        assert_eq!(
            provider_name("provider[\"registry.terraform.io/hashicorp/aws\"].east"),
            "registry.terraform.io/hashicorp/aws"
        );
        assert_eq!(
            provider_name("terraform.io/builtin/terraform"),
            "terraform.io/builtin/terraform"
        );
    }
}
