//! The human plan against real Terraform's: each case in
//! tests/views/golden/ was planned by Terraform 1.15.5 (see
//! tests/views/gen/generate.py) and is rebuilt here by hand as a `Plan`;
//! rendered with the tool named "Terraform", the text must match byte for
//! byte, colour included, less the refresh progress lines another view
//! prints.

#[path = "views/support.rs"]
mod support;

use terrace::views::{render_plan, render_plan_with, HumanOptions};

/// The golden text without the `Refreshing state...` progress lines.
fn expected(name: &str) -> String {
    support::golden(name)
        .split_inclusive('\n')
        .filter(|l| !l.contains("Refreshing state..."))
        .collect()
}

fn as_terraform(plan: &terrace::engine::plan_model::Plan, color: bool) -> String {
    render_plan_with(
        plan,
        &HumanOptions {
            color,
            tool: "Terraform".into(),
            ..HumanOptions::default()
        },
    )
}

#[test]
fn matches_terraform_without_colour() {
    let mut failures = Vec::new();
    for (name, plan) in support::cases() {
        let want = expected(&format!("{name}.txt"));
        let got = as_terraform(&plan, false);
        if got != want {
            failures.push(format!("--- {name}: expected\n{want}\n--- got\n{got}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn matches_terraform_with_colour() {
    let mut failures = Vec::new();
    for (name, plan) in support::cases() {
        let path = format!(
            "{}/tests/views/golden/{name}.color.txt",
            env!("CARGO_MANIFEST_DIR")
        );
        if !std::path::Path::new(&path).exists() {
            continue;
        }
        let want = expected(&format!("{name}.color.txt"));
        let got = as_terraform(&plan, true);
        if got != want {
            failures.push(format!("--- {name}: expected\n{want:?}\n--- got\n{got:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn names_terrace_in_prose() {
    let text = render_plan(&support::create(), false);
    assert!(text.starts_with(
        "\nTerrace used the selected providers to generate the following execution plan.\nResource actions"
    ), "{text}");
    assert!(text.contains("\nTerrace will perform the following actions:\n"));
    assert!(!text.contains("Terraform"));
    let none = render_plan(&support::nochange(), false);
    assert!(
        none.contains("Terrace has compared your real infrastructure"),
        "{none}"
    );
}

/// A bucket-like change with typed attributes, built by hand.
fn bucket(
    before: terrace_value::Value,
    after: terrace_value::Value,
) -> terrace::engine::plan_model::ResourceChange {
    use terrace::engine::plan_model::Action;
    let mut c = support::change("aws_s3_bucket.b", Action::Update, Some(before), Some(after));
    c.provider = "provider[\"registry.terraform.io/hashicorp/aws\"]".into();
    c
}

fn map(entries: &[(&str, &str)]) -> terrace_value::Value {
    terrace_value::Value::Map(
        terrace_value::Type::String,
        entries
            .iter()
            .map(|(k, v)| (k.to_string(), support::s(v)))
            .collect(),
    )
}

#[test]
fn typed_attributes_force_replacement_and_diff_lists_by_subsequence() {
    use support::{obj, s};
    use terrace::engine::plan_model::Action;
    use terrace_value::{Path, Type, Value};
    let list = |items: &[&str]| Value::List(Type::String, items.iter().map(|i| s(i)).collect());
    let mut c = bucket(
        obj(&[
            ("bucket", s("logs")),
            ("tags", map(&[("a", "1"), ("env", "dev")])),
            ("cidrs", list(&["a", "b", "c"])),
        ]),
        obj(&[
            ("bucket", s("logs-2")),
            ("tags", map(&[("a", "1"), ("env", "prod")])),
            ("cidrs", list(&["a", "x", "b", "c"])),
        ]),
    );
    c.action = Action::DeleteThenCreate;
    c.requires_replace = vec![Path::root().attr("bucket")];
    let text = render_plan(&support::plan(vec![c], vec![]), false);
    let want = r#"  # aws_s3_bucket.b must be replaced
-/+ resource "aws_s3_bucket" "b" {
      ~ bucket = "logs" -> "logs-2" # forces replacement
      ~ cidrs  = [
            "a",
          + "x",
            "b",
            # (1 unchanged element hidden)
        ]
      ~ tags   = {
            "a"   = "1"
          ~ "env" = "dev" -> "prod"
        }
    }
"#;
    assert!(text.contains(want), "{text}");
    assert!(text.contains("Plan: 1 to add, 0 to change, 1 to destroy."));
}

#[test]
fn sensitivity_changes_warn_and_never_show_the_value() {
    use support::{obj, s};
    let c = bucket(
        obj(&[("policy", s("open"))]),
        obj(&[("policy", s("open").sensitive())]),
    );
    let text = render_plan(&support::plan(vec![c], vec![]), false);
    let whole = bucket(
        obj(&[("policy", s("p1"))]).sensitive(),
        obj(&[("policy", s("p2"))]).sensitive(),
    );
    let hidden = render_plan(&support::plan(vec![whole], vec![]), false);
    assert!(hidden.contains("~ policy = (sensitive value)"), "{hidden}");
    assert!(!hidden.contains("p1") && !hidden.contains("p2"), "{hidden}");
    assert!(text.contains(
        "      # Warning: this attribute value will be marked as sensitive and will not\n      # display in UI output after applying this change. The value is unchanged.\n      ~ policy = (sensitive value)\n"
    ), "{text}");
}

#[test]
fn refresh_only_drift_is_reported_as_changed_outside() {
    use support::{obj, s};
    use terrace::engine::plan_model::{Action, PlanMode};
    let mut p = support::plan(vec![], vec![]);
    p.mode = PlanMode::RefreshOnly;
    p.drift = vec![
        bucket(obj(&[("acl", s("private"))]), obj(&[("acl", s("public"))])),
        support::change(
            "aws_s3_bucket.gone",
            Action::Delete,
            Some(obj(&[("id", s("g"))])),
            None,
        ),
    ];
    let text = render_plan(&p, false);
    let want = "\nNote: Objects have changed outside of Terrace\n\nTerrace detected the following changes made outside of Terrace since the last\n\"terrace apply\" which may have affected this plan:\n\n  # aws_s3_bucket.b has changed\n  ~ resource \"aws_s3_bucket\" \"b\" {\n      ~ acl = \"private\" -> \"public\"\n    }\n\n  # aws_s3_bucket.gone has been deleted\n  - resource \"aws_s3_bucket\" \"gone\" {\n      - id = \"g\" -> null\n    }\n\n\nThis is a refresh-only plan, so Terrace will not take any actions to undo\nthese. If you were expecting these changes then you can apply this plan to\nrecord the updated values in the Terrace state without changing any remote\nobjects.\n";
    assert_eq!(text, want);
}

#[test]
fn reads_and_errors_are_explained() {
    use support::{obj, s, unknown};
    use terrace::engine::plan_model::{Action, ActionReason};
    use terrace_value::Type;
    let mut read = support::change(
        "data.aws_ami.ubuntu",
        Action::Read,
        None,
        Some(obj(&[("id", unknown(Type::String)), ("owner", s("me"))])),
    );
    read.reason = Some(ActionReason::ReadBecauseConfigUnknown);
    let mut p = support::plan(vec![read], vec![]);
    p.errored = true;
    let text = render_plan(&p, false);
    assert!(text.contains(" <= read (data resources)\n"), "{text}");
    assert!(text.contains("Terrace planned the following actions, but then encountered a problem:"));
    assert!(text.contains(
        "  # data.aws_ami.ubuntu will be read during apply\n  # (config refers to values not yet known)\n <= data \"aws_ami\" \"ubuntu\" {\n      + id    = (known after apply)\n      + owner = \"me\"\n    }\n"
    ), "{text}");
    assert!(text.contains("Plan: 0 to add, 0 to change, 0 to destroy."));
}
