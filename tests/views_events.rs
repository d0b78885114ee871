//! The machine-readable UI events against real Terraform's `-json` output
//! for the same cases as the plan views (tests/views/golden/*.events.txt and
//! *.apply.txt): every event Terraform printed is rebuilt from the hand-made
//! plan and must be equal, with the module named `terrace.ui` and the
//! version message naming Terrace. Sensitive values must appear in none.

#[path = "views/support.rs"]
mod support;

use serde_json::Value as Json;
use terrace::engine::plan_model::{Action, Plan, ResourceChange};
use terrace::views::events::{self, HookAction};
use terrace::views::Event;
use terrace_value::Value;

/// Golden events, renamed where the tool names itself.
fn golden_events(name: &str) -> Vec<Json> {
    support::golden(name)
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let l = l
                .replace("\"terraform.ui\"", "\"terrace.ui\"")
                .replace("\"Terraform 1.15.5\"", "\"Terrace 1.15.5\"");
            serde_json::from_str(&l).unwrap_or_else(|e| panic!("{name}: {e}: {l}"))
        })
        .collect()
}

fn ts(e: &Event) -> Json {
    e.to_json("TIMESTAMP")
}

/// The change an event is about; the refresh-only case has none to match.
fn find<'p>(plan: &'p Plan, event: &Json) -> Option<&'p ResourceChange> {
    let hook = event.get("change").or_else(|| event.get("hook"));
    let addr = hook
        .and_then(|h| h["resource"]["addr"].as_str())
        .unwrap_or_default();
    plan.changes.iter().find(|c| c.addr.to_string() == addr)
}

/// The object after apply: the planned one with its id known.
fn applied(rc: &ResourceChange) -> Value {
    let mut v = rc.after.clone().unwrap_or_else(Value::null);
    if let Value::Object(m) = &mut v {
        m.insert("id".into(), support::s(support::ID));
    }
    v
}

/// Our event for the golden event, or `None` for a type not rebuilt here.
fn rebuild(plan: &Plan, event: &Json, outputs: &[(String, Value, bool)]) -> Option<Event> {
    let hook_action = |e: &Json| match e["hook"]["action"].as_str() {
        Some("create") => HookAction::Create,
        Some("update") => HookAction::Update,
        Some("read") => HookAction::Read,
        _ => HookAction::Delete,
    };
    let operation = event["changes"]["operation"].as_str();
    Some(match event["type"].as_str()? {
        "version" => events::version("1.15.5"),
        "planned_change" => events::planned_change(find(plan, event)?)?,
        "change_summary" if operation == Some("plan") => events::plan_summary(plan),
        "change_summary" => {
            let (add, change, remove) = plan.counts();
            events::change_summary(events::Operation::Apply, add, change, remove, 0)
        }
        "outputs"
            if event["outputs"]
                .as_object()?
                .values()
                .any(|o| o.get("action").is_some()) =>
        {
            events::planned_outputs(&plan.outputs)
        }
        "outputs" => events::applied_outputs(outputs),
        "refresh_start" => events::refresh_start(
            &find(plan, event)?.addr,
            find(plan, event)?.before.as_ref()?,
        ),
        "refresh_complete" => events::refresh_complete(
            &find(plan, event)?.addr,
            find(plan, event)?.before.as_ref()?,
        ),
        "apply_start" => {
            let rc = find(plan, event)?;
            events::apply_start(&rc.addr, hook_action(event), rc.before.as_ref())
        }
        "apply_complete" => {
            let rc = find(plan, event)?;
            let new = applied(rc);
            events::apply_complete(&rc.addr, hook_action(event), Some(&new), 0)
        }
        _ => return None,
    })
}

fn applied_outputs(name: &str) -> Vec<(String, Value, bool)> {
    match name {
        "create" => vec![
            ("known".into(), support::s("hello"), false),
            ("later".into(), support::s(support::ID), false),
            ("secret".into(), support::s("s"), true),
        ],
        "update" => vec![("o".into(), support::s("y"), false)],
        _ => vec![],
    }
}

#[test]
fn matches_terraform_json_ui() {
    let mut failures = Vec::new();
    let mut checked = 0;
    for (name, plan) in support::cases() {
        for file in [format!("{name}.events.txt"), format!("{name}.apply.txt")] {
            let path = format!("{}/tests/views/golden/{file}", env!("CARGO_MANIFEST_DIR"));
            if !std::path::Path::new(&path).exists() {
                continue;
            }
            for want in golden_events(&file) {
                let Some(got) = rebuild(&plan, &want, &applied_outputs(name)) else {
                    continue;
                };
                checked += 1;
                let got = ts(&got);
                if got != want {
                    failures.push(format!("{file}:\n  want {want}\n  got  {got}"));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(checked > 50, "only {checked} events checked");
}

#[test]
fn diagnostic_events_wrap_the_diagnostic() {
    let diag =
        terrace_value::Diagnostic::error("Invalid value for variable", "Must be more than five.");
    let got = ts(&events::diagnostic(
        &diag,
        &terrace::diagnostics::SourceMap::new(),
    ));
    let want = &golden_events("diagnostic.events.txt")[2];
    for key in ["@level", "@message", "@module", "type"] {
        assert_eq!(got[key], want[key], "{key}");
    }
    assert_eq!(got["diagnostic"]["summary"], want["diagnostic"]["summary"]);
    assert_eq!(got["diagnostic"]["severity"], "error");
}

#[test]
fn hooks_report_progress_and_errors() {
    let addr = support::addr("module.m.aws_s3_bucket.b[\"x\"]");
    let e = ts(&events::apply_progress(&addr, HookAction::Create, 70));
    assert_eq!(
        e["@message"],
        "module.m.aws_s3_bucket.b[\"x\"]: Still creating... [1m10s elapsed]"
    );
    assert_eq!(e["hook"]["elapsed_seconds"], 70);
    assert_eq!(e["hook"]["resource"]["module"], "module.m");
    assert_eq!(e["hook"]["resource"]["resource"], "aws_s3_bucket.b[\"x\"]");
    assert_eq!(e["hook"]["resource"]["implied_provider"], "aws");
    assert_eq!(e["hook"]["resource"]["resource_key"], "x");
    let e = ts(&events::apply_errored(&addr, HookAction::Update, 3));
    assert_eq!(e["@level"], "error");
    assert_eq!(
        e["@message"],
        "module.m.aws_s3_bucket.b[\"x\"]: Modifications errored after 3s"
    );
    let mut drift = support::change("aws_s3_bucket.b", Action::Update, None, None);
    drift.provider = "aws".into();
    let e = ts(&events::resource_drift(&drift));
    assert_eq!(e["type"], "resource_drift");
    assert_eq!(e["change"]["action"], "update");
}

#[test]
fn no_event_carries_a_sensitive_value() {
    const SECRET: &str = "hunter2-secret";
    let secret = || support::s(SECRET).sensitive();
    let object = support::obj(&[("id", secret()), ("password", secret())]);
    let mut plan = support::create();
    plan.changes[1].after = Some(object.clone());
    plan.outputs.push(support::output(
        "pw",
        Action::Create,
        None,
        Some(secret()),
        false,
    ));
    let addr = &plan.changes[1].addr;
    let mut all = vec![
        events::version("0.1.0"),
        events::plan_summary(&plan),
        events::planned_outputs(&plan.outputs),
        events::applied_outputs(&[
            ("pw".into(), secret(), false),
            ("nested".into(), support::obj(&[("k", secret())]), false),
        ]),
        events::apply_start(addr, HookAction::Update, Some(&object)),
        events::apply_complete(addr, HookAction::Create, Some(&object), 1),
        events::refresh_start(addr, &object),
        events::refresh_complete(addr, &object),
        events::resource_drift(&plan.changes[1]),
    ];
    all.extend(plan.changes.iter().filter_map(events::planned_change));
    for e in &all {
        let line = e.to_line("TIMESTAMP");
        assert!(!line.contains(SECRET), "{line}");
    }
    let outputs = ts(&all[3]);
    assert_eq!(outputs["outputs"]["pw"]["sensitive"], true);
    assert_eq!(outputs["outputs"]["nested"]["sensitive"], true);
}
