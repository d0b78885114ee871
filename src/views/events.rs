//! Terraform's machine-readable UI (`-json`): one JSON object per line, each
//! an event of a run (`planned_change`, `apply_complete`, ...), so pipelines
//! that follow Terraform runs follow Terrace's. Builders here make the
//! events as data; the command decides when to emit them. No event ever
//! carries a sensitive value: ids and output values that are marked are
//! left out.

use serde_json::{json, Map, Value as Json};
use terrace_value::{type_to_json, Diagnostic, Severity, Value};

pub use super::events_hooks::{
    apply_complete, apply_errored, apply_progress, apply_start, elapsed_text, object_id,
    refresh_complete, refresh_start, HookAction,
};
use super::json_shapes::known_json;
use super::plan_json::reason_name;
use crate::addrs::{AbsResourceInstance, InstanceKey};
use crate::diagnostics::SourceMap;
use crate::engine::plan_model::{Action, ActionReason, OutputChange, Plan, ResourceChange};

/// The UI format version the events follow.
pub const UI_VERSION: &str = "1.3";

/// How serious an event is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    /// Progress and results.
    Info,
    /// Warnings.
    Warn,
    /// Errors.
    Error,
}

/// One event of the machine-readable UI.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    /// `@level`.
    pub level: Level,
    /// `@message`: the line a person would read.
    pub message: String,
    /// `type`: `planned_change`, `apply_start`, ...
    pub kind: &'static str,
    /// The event's own fields (`change`, `hook`, `changes`, ...).
    pub fields: Map<String, Json>,
}

impl Event {
    pub(crate) fn new(
        level: Level,
        message: String,
        kind: &'static str,
        fields: Vec<(&str, Json)>,
    ) -> Event {
        Event {
            level,
            message,
            kind,
            fields: fields
                .into_iter()
                .map(|(k, v)| (k.to_string(), v))
                .collect(),
        }
    }

    /// The event as JSON at `timestamp`, keys in Terraform's (sorted) order.
    pub fn to_json(&self, timestamp: &str) -> Json {
        let level = match self.level {
            Level::Info => "info",
            Level::Warn => "warn",
            Level::Error => "error",
        };
        let mut all: Vec<(String, Json)> = self.fields.clone().into_iter().collect();
        all.push(("@level".into(), json!(level)));
        all.push(("@message".into(), json!(self.message)));
        all.push(("@module".into(), json!("terrace.ui")));
        all.push(("@timestamp".into(), json!(timestamp)));
        all.push(("type".into(), json!(self.kind)));
        all.sort_by(|a, b| a.0.cmp(&b.0));
        Json::Object(all.into_iter().collect())
    }

    /// The event as one line of output (without the newline).
    pub fn to_line(&self, timestamp: &str) -> String {
        self.to_json(timestamp).to_string()
    }
}

/// The current time as the events write it.
pub fn timestamp_now() -> String {
    chrono::Local::now()
        .format("%Y-%m-%dT%H:%M:%S%.6f%:z")
        .to_string()
}

/// `version`: the first event of every run.
pub fn version(tool_version: &str) -> Event {
    Event::new(
        Level::Info,
        format!("Terrace {tool_version}"),
        "version",
        vec![
            ("terraform", json!(tool_version)),
            ("ui", json!(UI_VERSION)),
        ],
    )
}

/// The `resource` object that names an instance in hooks and changes.
pub fn resource_json(addr: &AbsResourceInstance) -> Json {
    let module = if addr.module.is_root() {
        String::new()
    } else {
        addr.module.to_string()
    };
    let mut resource = addr.resource.to_string();
    if let Some(k) = &addr.key {
        resource.push_str(&k.to_string());
    }
    let type_name = &addr.resource.type_name;
    let provider = type_name.split('_').next().unwrap_or(type_name);
    let key = match &addr.key {
        None => Json::Null,
        Some(InstanceKey::Int(i)) => json!(i),
        Some(InstanceKey::Str(s)) => json!(s),
    };
    let mut out = Map::new();
    out.insert("addr".into(), json!(addr.to_string()));
    out.insert("module".into(), json!(module));
    out.insert("resource".into(), json!(resource));
    out.insert("implied_provider".into(), json!(provider));
    out.insert("resource_type".into(), json!(type_name));
    out.insert("resource_name".into(), json!(addr.resource.name));
    out.insert("resource_key".into(), key);
    Json::Object(out)
}

/// The UI's name for what happens to an instance.
fn change_action(rc: &ResourceChange) -> &'static str {
    match rc.action {
        Action::NoOp if rc.prev_addr.as_ref().is_some_and(|p| *p != rc.addr) => "move",
        Action::NoOp if rc.importing.is_some() => "import",
        Action::NoOp => "noop",
        Action::Create => "create",
        Action::Read => "read",
        Action::Update => "update",
        Action::DeleteThenCreate | Action::CreateThenDelete => "replace",
        Action::Delete => "delete",
        Action::Forget => "remove",
    }
}

/// The UI's name for why, which differs from the plan format's for replaces.
fn change_reason(rc: &ResourceChange) -> Option<&'static str> {
    match rc.reason.as_ref()? {
        ActionReason::ReplaceBecauseTainted => Some("tainted"),
        ActionReason::ReplaceByRequest => Some("requested"),
        ActionReason::ReplaceBecauseCannotUpdate => Some("cannot_update"),
        ActionReason::ReplaceByTriggers => Some("replace_triggered_by"),
        _ => reason_name(rc),
    }
}

fn change_json(rc: &ResourceChange) -> Json {
    let mut out = Map::new();
    out.insert("resource".into(), resource_json(&rc.addr));
    if let Some(prev) = rc.prev_addr.as_ref().filter(|p| **p != rc.addr) {
        out.insert("previous_resource".into(), resource_json(prev));
    }
    out.insert("action".into(), json!(change_action(rc)));
    if let Some(reason) = change_reason(rc) {
        out.insert("reason".into(), json!(reason));
    }
    Json::Object(out)
}

/// `planned_change`, or `None` for an instance with nothing to do.
pub fn planned_change(rc: &ResourceChange) -> Option<Event> {
    let action = change_action(rc);
    if action == "noop" {
        return None;
    }
    Some(Event::new(
        Level::Info,
        format!("{}: Plan to {action}", rc.addr),
        "planned_change",
        vec![("change", change_json(rc))],
    ))
}

/// `resource_drift`: refresh found the object changed outside.
pub fn resource_drift(rc: &ResourceChange) -> Event {
    Event::new(
        Level::Info,
        format!("{}: Drift detected ({})", rc.addr, change_action(rc)),
        "resource_drift",
        vec![("change", change_json(rc))],
    )
}

/// Which operation a summary closes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Operation {
    /// `plan`.
    Plan,
    /// `apply`.
    Apply,
    /// `destroy`.
    Destroy,
}

/// `change_summary`: the counts of a plan or of what an apply did.
pub fn change_summary(
    op: Operation,
    add: usize,
    change: usize,
    remove: usize,
    import: usize,
) -> Event {
    let imported = if import > 0 {
        format!("{import} imported, ")
    } else {
        String::new()
    };
    let (message, name) = match op {
        Operation::Plan => {
            let import = if import > 0 {
                format!("{import} to import, ")
            } else {
                String::new()
            };
            (
                format!("Plan: {import}{add} to add, {change} to change, {remove} to destroy."),
                "plan",
            )
        }
        Operation::Apply => (
            format!("Apply complete! Resources: {imported}{add} added, {change} changed, {remove} destroyed."),
            "apply",
        ),
        Operation::Destroy => (format!("Destroy complete! Resources: {remove} destroyed."), "destroy"),
    };
    let mut changes = Map::new();
    changes.insert("add".into(), json!(add));
    changes.insert("change".into(), json!(change));
    changes.insert("import".into(), json!(import));
    changes.insert("remove".into(), json!(remove));
    changes.insert("action_invocation".into(), json!(0));
    changes.insert("operation".into(), json!(name));
    Event::new(
        Level::Info,
        message,
        "change_summary",
        vec![("changes", Json::Object(changes))],
    )
}

/// The plan's `change_summary`.
pub fn plan_summary(plan: &Plan) -> Event {
    let (add, change, remove) = plan.counts();
    let import = plan
        .changes
        .iter()
        .filter(|c| c.importing.is_some())
        .count();
    change_summary(Operation::Plan, add, change, remove, import)
}

/// `outputs` of a plan: each output's action and sensitivity, no values.
pub fn planned_outputs(outputs: &[OutputChange]) -> Event {
    let mut out = Map::new();
    for o in outputs.iter().filter(|o| o.action != Action::NoOp) {
        let action = match o.action {
            Action::Create => "create",
            Action::Delete => "delete",
            _ => "update",
        };
        out.insert(
            o.name.clone(),
            json!({ "sensitive": o.sensitive, "action": action }),
        );
    }
    Event::new(
        Level::Info,
        format!("Outputs: {}", out.len()),
        "outputs",
        vec![("outputs", Json::Object(out))],
    )
}

/// `outputs` after apply: names, types and values; values of sensitive
/// outputs (or holding a sensitive part) are left out.
pub fn applied_outputs(outputs: &[(String, Value, bool)]) -> Event {
    let mut out = Map::new();
    for (name, value, sensitive) in outputs {
        let sensitive = *sensitive || value.has_marks_deep();
        let mut entry = Map::new();
        entry.insert("sensitive".into(), json!(sensitive));
        if value.is_wholly_known() {
            entry.insert("type".into(), type_to_json(&value.ty()));
            if !sensitive {
                entry.insert("value".into(), known_json(value).unwrap_or(Json::Null));
            }
        }
        out.insert(name.clone(), Json::Object(entry));
    }
    Event::new(
        Level::Info,
        format!("Outputs: {}", out.len()),
        "outputs",
        vec![("outputs", Json::Object(out))],
    )
}

/// `diagnostic`: an error or warning, in the diagnostics JSON shape.
pub fn diagnostic(diag: &Diagnostic, sources: &SourceMap) -> Event {
    let (level, word) = match diag.severity {
        Severity::Error => (Level::Error, "Error"),
        Severity::Warning => (Level::Warn, "Warning"),
    };
    Event::new(
        level,
        format!("{word}: {}", diag.summary),
        "diagnostic",
        vec![(
            "diagnostic",
            crate::diagnostics::json::diagnostic(diag, sources),
        )],
    )
}
