//! The JSON plan against real Terraform's `terraform show -json PLANFILE`
//! for the same cases as the human view (tests/views/golden/*.json). The
//! configuration and prior state are the caller's and are passed through;
//! `relevant_attributes` is not produced.

#[path = "views/support.rs"]
mod support;

use serde_json::Value as Json;
use terrace::views::{plan_json, PlanJsonContext};
use terrace_value::Path;

#[test]
fn matches_terraform_show_json() {
    let mut failures = Vec::new();
    for (name, mut plan) in support::cases() {
        if name.starts_with("replace") {
            // The human goldens leave this path out; the JSON keeps it.
            plan.changes[0].requires_replace = vec![Path::root().attr("triggers_replace")];
        }
        let mut want: Json = serde_json::from_str(&support::golden(&format!("{name}.json")))
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        let Some(want_map) = want.as_object_mut() else {
            panic!("{name}: not an object");
        };
        want_map.remove("relevant_attributes");
        let ctx = PlanJsonContext {
            version: "1.15.5".into(),
            prior_state: want_map.get("prior_state").cloned(),
            configuration: want_map.get("configuration").cloned(),
            ..PlanJsonContext::default()
        };
        let got = plan_json(&plan, &ctx);
        if got != want {
            failures.push(format!(
                "--- {name}: expected\n{}\n--- got\n{}",
                serde_json::to_string_pretty(&want).unwrap_or_default(),
                serde_json::to_string_pretty(&got).unwrap_or_default()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn modules_nest_and_versions_default_to_terrace() {
    use terrace::engine::plan_model::Action;
    let mut c = support::change(
        "module.net[\"a\"].terraform_data.x[2]",
        Action::Create,
        None,
        Some(support::obj(&[("input", support::s("v").sensitive())])),
    );
    c.provider = "provider[\"terraform.io/builtin/terraform\"].alt".into();
    let got = plan_json(&support::plan(vec![c], vec![]), &PlanJsonContext::default());
    assert_eq!(got["terraform_version"], env!("CARGO_PKG_VERSION"));
    let rc = &got["resource_changes"][0];
    assert_eq!(rc["module_address"], "module.net[\"a\"]");
    assert_eq!(rc["index"], 2);
    assert_eq!(rc["provider_name"], "terraform.io/builtin/terraform");
    assert_eq!(
        rc["change"]["after_sensitive"],
        serde_json::json!({"input": true})
    );
    let child = &got["planned_values"]["root_module"]["child_modules"][0];
    assert_eq!(child["address"], "module.net[\"a\"]");
    assert_eq!(
        child["resources"][0]["address"],
        "module.net[\"a\"].terraform_data.x[2]"
    );
}
