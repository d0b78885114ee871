//! End-to-end tests of plan, apply and destroy with the built-in providers:
//! creation, a quiet second plan, updates in place, replacement, modules with
//! `for_each`, saved plans, drift, and destruction.

mod util;

use util::Dir;

const CONFIG: &str = r#"
variable "greeting" {
  default = "hello"
}

resource "terraform_data" "first" {
  input = var.greeting
}

resource "terraform_data" "second" {
  input            = "${terraform_data.first.output}-world"
  triggers_replace = [var.greeting == "hello" ? "same" : "changed"]
}

resource "random_pet" "name" {
  length = 2
}

resource "local_file" "files" {
  for_each = toset(["a", "b"])
  filename = "${path.module}/out/${each.key}.txt"
  content  = "${each.key}: ${terraform_data.second.output} ${random_pet.name.id}"
}

resource "random_password" "db" {
  length = 16
}

output "second" {
  value = terraform_data.second.output
}

output "password" {
  value     = random_password.db.result
  sensitive = true
}
"#;

#[test]
fn create_then_nothing_to_do_then_update_replace_destroy() {
    let dir = Dir::new();
    dir.write("main.tf", CONFIG);
    let plan = dir.run(&["plan", "-detailed-exitcode", "-no-color"]);
    assert_eq!(plan.code, 2, "{}\n{}", plan.stdout, plan.stderr);
    assert!(
        plan.stdout.contains("terraform_data.first will be created"),
        "{}",
        plan.stdout
    );
    assert!(
        plan.stdout
            .contains("Plan: 6 to add, 0 to change, 0 to destroy."),
        "{}",
        plan.stdout
    );

    let apply = dir.run(&["apply", "-auto-approve", "-no-color"]);
    assert_eq!(apply.code, 0, "{}\n{}", apply.stdout, apply.stderr);
    assert!(
        apply
            .stdout
            .contains("Apply complete! Resources: 6 added, 0 changed, 0 destroyed."),
        "{}",
        apply.stdout
    );
    assert!(
        apply.stdout.contains("second = \"hello-world\""),
        "{}",
        apply.stdout
    );
    assert!(apply.stdout.contains("password = <sensitive>"));
    let a = dir.read("out/a.txt");
    assert!(a.starts_with("a: hello-world "), "{a}");

    let again = dir.run(&["plan", "-detailed-exitcode", "-no-color"]);
    assert_eq!(
        again.code, 0,
        "second plan must be empty:\n{}\n{}",
        again.stdout, again.stderr
    );

    let list = dir.run(&["state", "list"]);
    let addrs: Vec<&str> = list.stdout.lines().collect();
    assert_eq!(
        addrs,
        [
            "local_file.files[\"a\"]",
            "local_file.files[\"b\"]",
            "random_password.db",
            "random_pet.name",
            "terraform_data.first",
            "terraform_data.second"
        ],
        "{}",
        list.stderr
    );

    let pw = dir.run(&["output", "-raw", "password"]).stdout;
    assert_eq!(pw.len(), 16);
    let shown = dir.run(&["show", "-no-color"]).stdout;
    assert!(!shown.contains(&pw), "show must not print the password");

    // Changing input updates terraform_data.first in place; the trigger
    // change replaces terraform_data.second; the files follow.
    let changed = dir.run(&["apply", "-auto-approve", "-no-color", "-var", "greeting=hi"]);
    assert_eq!(changed.code, 0, "{}\n{}", changed.stdout, changed.stderr);
    assert!(
        changed
            .stdout
            .contains("terraform_data.first will be updated in-place"),
        "{}",
        changed.stdout
    );
    assert!(
        changed
            .stdout
            .contains("terraform_data.second must be replaced"),
        "{}",
        changed.stdout
    );
    assert!(dir.read("out/b.txt").starts_with("b: hi-world "));

    let destroy = dir.run(&[
        "destroy",
        "-auto-approve",
        "-no-color",
        "-var",
        "greeting=hi",
    ]);
    assert_eq!(destroy.code, 0, "{}\n{}", destroy.stdout, destroy.stderr);
    assert!(
        destroy
            .stdout
            .contains("Destroy complete! Resources: 6 destroyed."),
        "{}",
        destroy.stdout
    );
    assert_eq!(dir.run(&["state", "list"]).stdout, "");
    assert!(!dir.path().join("out/a.txt").exists());
}

#[test]
fn modules_with_for_each_and_count() {
    let dir = Dir::new();
    dir.write(
        "main.tf",
        r#"
module "env" {
  for_each = { dev = 1, prod = 2 }
  source   = "./modules/env"
  name     = each.key
  replicas = each.value
}

output "names" {
  value = { for k, m in module.env : k => m.names }
}
"#,
    );
    dir.write(
        "modules/env/main.tf",
        r#"
variable "name" {
  type = string
}

variable "replicas" {
  type = number
}

resource "terraform_data" "replica" {
  count = var.replicas
  input = "${var.name}-${count.index}"
}

output "names" {
  value = terraform_data.replica[*].output
}
"#,
    );
    let apply = dir.run(&["apply", "-auto-approve", "-no-color"]);
    assert_eq!(apply.code, 0, "{}\n{}", apply.stdout, apply.stderr);
    let list = dir.run(&["state", "list"]).stdout;
    assert_eq!(
        list.lines().collect::<Vec<_>>(),
        [
            "module.env[\"dev\"].terraform_data.replica[0]",
            "module.env[\"prod\"].terraform_data.replica[0]",
            "module.env[\"prod\"].terraform_data.replica[1]"
        ]
    );
    let json = dir.run(&["output", "-json"]).json();
    assert_eq!(
        json["names"]["value"],
        serde_json::json!({"dev": ["dev-0"], "prod": ["prod-0", "prod-1"]})
    );
    assert_eq!(dir.run(&["plan", "-detailed-exitcode"]).code, 0);
}

#[test]
fn saved_plans_apply_exactly_and_go_stale() {
    let dir = Dir::new();
    dir.write(
        "main.tf",
        "resource \"terraform_data\" \"x\" {\n  input = \"one\"\n}\n",
    );
    let plan = dir.run(&["plan", "-out=tf.plan"]);
    assert_eq!(plan.code, 0, "{}", plan.stderr);
    let shown = dir.run(&["show", "-json", "tf.plan"]).json();
    assert_eq!(
        shown["resource_changes"][0]["change"]["actions"],
        serde_json::json!(["create"])
    );
    let apply = dir.run(&["apply", "tf.plan"]);
    assert_eq!(apply.code, 0, "{}\n{}", apply.stdout, apply.stderr);
    let stale = dir.run(&["apply", "tf.plan"]);
    assert_eq!(stale.code, 1);
    assert!(
        stale.stderr.contains("Saved plan is stale"),
        "{}",
        stale.stderr
    );
}

#[test]
fn drift_is_reported_by_refresh_only_plans() {
    let dir = Dir::new();
    dir.write("main.tf", "resource \"local_file\" \"f\" {\n  filename = \"${path.module}/f.txt\"\n  content  = \"x\"\n}\n");
    assert_eq!(dir.run(&["apply", "-auto-approve"]).code, 0);
    assert_eq!(
        dir.run(&["plan", "-refresh-only", "-detailed-exitcode"])
            .code,
        0
    );
    std::fs::remove_file(dir.path().join("f.txt")).unwrap();
    let drift = dir.run(&["plan", "-refresh-only", "-detailed-exitcode", "-no-color"]);
    assert_eq!(drift.code, 2, "{}\n{}", drift.stdout, drift.stderr);
    let restore = dir.run(&["apply", "-auto-approve"]);
    assert_eq!(restore.code, 0, "{}", restore.stderr);
    assert_eq!(dir.read("f.txt"), "x");
}

#[test]
fn destroy_plans_do_not_report_drift() {
    let dir = Dir::new();
    dir.write("main.tf", "resource \"local_file\" \"a\" {\n  filename = \"${path.module}/a.txt\"\n  content  = \"x\"\n}\nresource \"local_file\" \"b\" {\n  filename = \"${path.module}/b.txt\"\n  content  = \"y\"\n}\n");
    assert_eq!(dir.run(&["apply", "-auto-approve"]).code, 0);
    std::fs::remove_file(dir.path().join("a.txt")).unwrap();
    let destroy = dir.run(&["plan", "-destroy", "-no-color", "-out=d.plan"]);
    assert_eq!(destroy.code, 0, "{}", destroy.stderr);
    assert!(
        destroy.stdout.contains("local_file.b will be destroyed")
            && !destroy.stdout.contains("changed outside"),
        "{}",
        destroy.stdout
    );
    let json = dir.run(&["show", "-json", "d.plan"]).json();
    assert!(json.get("resource_drift").is_none(), "{json}");
}

#[test]
fn normal_plans_report_only_drift_the_changes_depend_on() {
    let dir = Dir::new();
    let files = "resource \"local_file\" \"a\" {\n  filename = \"${path.module}/a.txt\"\n  content  = \"x\"\n}\nresource \"local_file\" \"b\" {\n  filename = \"${path.module}/b.txt\"\n  content  = \"y\"\n}\n";
    dir.write("main.tf", files);
    assert_eq!(dir.run(&["apply", "-auto-approve"]).code, 0);
    // c depends on a's content through a module and a local; nothing on b.
    dir.write(
        "main.tf",
        &format!("{files}module \"m\" {{\n  source = \"./m\"\n  v      = local_file.a.content\n}}\nlocals {{\n  x = module.m.out\n}}\nresource \"terraform_data\" \"c\" {{\n  input = local.x\n}}\n"),
    );
    dir.write(
        "m/main.tf",
        "variable \"v\" {}\noutput \"out\" {\n  value = var.v\n}\n",
    );
    std::fs::remove_file(dir.path().join("a.txt")).unwrap();
    std::fs::remove_file(dir.path().join("b.txt")).unwrap();
    let plan = dir.run(&["plan", "-no-color", "-out=p.plan"]);
    assert_eq!(plan.code, 0, "{}", plan.stderr);
    assert!(
        plan.stdout.contains("# local_file.a has been deleted")
            && !plan.stdout.contains("# local_file.b has been deleted"),
        "{}",
        plan.stdout
    );
    let json = dir.run(&["show", "-json", "p.plan"]).json();
    assert_eq!(
        json["relevant_attributes"],
        serde_json::json!([{"resource": "local_file.a", "attribute": ["content"]}])
    );
    // All drift is in the JSON, and a refresh-only plan shows all of it.
    assert_eq!(json["resource_drift"].as_array().map(Vec::len), Some(2));
    let refresh = dir.run(&["plan", "-refresh-only", "-no-color"]);
    assert!(
        refresh.stdout.contains("# local_file.b has been deleted"),
        "{}",
        refresh.stdout
    );
}

#[test]
fn a_data_source_waits_for_pending_changes_it_depends_on() {
    let dir = Dir::new();
    dir.write(
        "main.tf",
        r#"
resource "local_file" "a" {
  filename = "${path.module}/a.txt"
  content  = "from a"
}

# Refers to a: read during apply, after a is written.
data "local_file" "a" {
  filename = local_file.a.filename
}

resource "local_file" "b" {
  filename = "${path.module}/b.txt"
  content  = "from b"
}

# Names b only in depends_on: waits too.
data "local_file" "b" {
  filename   = "${path.module}/b.txt"
  depends_on = [local_file.b]
}

output "a" { value = data.local_file.a.content }
output "b" { value = data.local_file.b.content }
"#,
    );
    let plan = dir.run(&["plan", "-no-color"]);
    assert_eq!(plan.code, 0, "{}\n{}", plan.stdout, plan.stderr);
    for addr in ["data.local_file.a", "data.local_file.b"] {
        assert!(
            plan.stdout.contains(&format!(
                "# {addr} will be read during apply\n  # (depends on a resource or a module with changes pending)"
            )),
            "{addr}:\n{}",
            plan.stdout
        );
    }
    let apply = dir.run(&["apply", "-auto-approve", "-no-color"]);
    assert_eq!(apply.code, 0, "{}\n{}", apply.stdout, apply.stderr);
    let out = dir.run(&["output", "-json"]).json();
    assert_eq!(out["a"]["value"], "from a");
    assert_eq!(out["b"]["value"], "from b");
    // Nothing pending any more: read while planning, and nothing to do.
    let again = dir.run(&["plan", "-detailed-exitcode", "-no-color"]);
    assert_eq!(again.code, 0, "{}\n{}", again.stdout, again.stderr);
}

#[test]
fn show_json_nests_module_resources_and_marks_sensitive_values() {
    let dir = Dir::new();
    dir.write(
        "main.tf",
        "module \"m\" {\n  source = \"./m\"\n}\nresource \"terraform_data\" \"top\" {\n  input = \"x\"\n}\n",
    );
    dir.write(
        "m/main.tf",
        "resource \"local_sensitive_file\" \"s\" {\n  filename = \"${path.root}/s.txt\"\n  content  = \"hush\"\n}\n",
    );
    let apply = dir.run(&["apply", "-auto-approve", "-no-color"]);
    assert_eq!(apply.code, 0, "{}\n{}", apply.stdout, apply.stderr);
    let show = dir.run(&["show", "-json"]);
    assert!(!show.stdout.contains("hush"), "{}", show.stdout);
    let json = show.json();
    let root = &json["values"]["root_module"];
    assert_eq!(root["resources"][0]["address"], "terraform_data.top");
    let child = &root["child_modules"][0];
    assert_eq!(child["address"], "module.m");
    let s = &child["resources"][0];
    assert_eq!(s["address"], "module.m.local_sensitive_file.s");
    assert_eq!(s["sensitive_values"]["content"], true, "{s}");
    assert_eq!(s["values"]["filename"], "./s.txt");
}

#[test]
fn data_sources_are_kept_in_the_state_as_terraform_keeps_them() {
    let dir = Dir::new();
    dir.write("f.txt", "hi");
    dir.write(
        "main.tf",
        "data \"local_file\" \"f\" {\n  filename = \"${path.module}/f.txt\"\n}\n",
    );
    // No changes, and still an apply: what the data source read is kept.
    let apply = dir.run(&["apply", "-auto-approve", "-no-color"]);
    assert_eq!(apply.code, 0, "{}", apply.stderr);
    assert!(
        apply
            .stdout
            .contains("Apply complete! Resources: 0 added, 0 changed, 0 destroyed."),
        "{}",
        apply.stdout
    );
    assert_eq!(dir.run(&["state", "list"]).stdout, "data.local_file.f\n");
    let shown = dir.run(&["show", "-json"]).json();
    let r = &shown["values"]["root_module"]["resources"][0];
    assert_eq!(r["mode"], "data");
    assert_eq!(r["values"]["content"], "hi");
    let pulled = dir.run(&["state", "pull"]).json();
    assert_eq!(pulled["resources"][0]["mode"], "data", "{pulled}");
    // Reading the same again is no change to the state: a plan saved
    // before stays current.
    assert_eq!(dir.run(&["apply", "-auto-approve"]).code, 0);
    assert_eq!(
        dir.run(&["state", "pull"]).json()["serial"],
        pulled["serial"]
    );
    assert_eq!(
        dir.run(&["plan", "-detailed-exitcode"]).code,
        0,
        "a stored data source is not a change"
    );
    // Gone from the configuration: forgotten by the next apply.
    dir.write("main.tf", "");
    assert_eq!(dir.run(&["apply", "-auto-approve"]).code, 0);
    assert_eq!(dir.run(&["state", "list"]).stdout, "");
    // And destroy forgets them too.
    dir.write(
        "main.tf",
        "data \"local_file\" \"f\" {\n  filename = \"${path.module}/f.txt\"\n}\n",
    );
    assert_eq!(dir.run(&["apply", "-auto-approve"]).code, 0);
    assert_eq!(dir.run(&["destroy", "-auto-approve"]).code, 0);
    assert_eq!(dir.run(&["state", "list"]).stdout, "");
}

#[test]
fn refresh_only_plan_of_a_deleted_object_that_an_output_refers_to() {
    let dir = Dir::new();
    dir.write("main.tf", "resource \"local_file\" \"f\" {\n  filename = \"${path.module}/f.txt\"\n  content  = \"x\"\n}\noutput \"id\" {\n  value = local_file.f.id\n}\n");
    assert_eq!(dir.run(&["apply", "-auto-approve"]).code, 0);
    std::fs::remove_file(dir.path().join("f.txt")).unwrap();
    let drift = dir.run(&["plan", "-refresh-only", "-detailed-exitcode", "-no-color"]);
    assert_eq!(drift.code, 2, "{}\n{}", drift.stdout, drift.stderr);
}

#[test]
fn errors_name_the_resource_and_skip_dependents() {
    let dir = Dir::new();
    dir.write(
        "main.tf",
        r#"
resource "local_file" "bad" {
  filename = "/proc/definitely/not/writable.txt"
  content  = "x"
}

resource "terraform_data" "after_bad" {
  input = local_file.bad.id
}

resource "terraform_data" "independent" {
  input = "ok"
}
"#,
    );
    let out = dir.run(&["apply", "-auto-approve", "-no-color"]);
    assert_eq!(out.code, 1);
    assert!(out.stderr.contains("local_file.bad"), "{}", out.stderr);
    let list = dir.run(&["state", "list"]).stdout;
    assert!(list.contains("terraform_data.independent"), "{list}");
    assert!(!list.contains("after_bad"), "{list}");
}

#[test]
fn cycles_and_unknown_types_are_diagnostics() {
    let dir = Dir::new();
    dir.write("main.tf", "resource \"terraform_data\" \"a\" {\n  input = terraform_data.b.output\n}\nresource \"terraform_data\" \"b\" {\n  input = terraform_data.a.output\n}\n");
    let out = dir.run(&["plan", "-no-color"]);
    assert_eq!(out.code, 1);
    assert!(
        out.stderr.contains("terraform_data.a, terraform_data.b"),
        "{}",
        out.stderr
    );
    dir.write("main.tf", "resource \"random_nope\" \"a\" {}\n");
    let out = dir.run(&["plan", "-no-color"]);
    assert_eq!(out.code, 1);
    assert!(out.stderr.contains("random_nope"), "{}", out.stderr);
}

#[test]
fn validate_checks_resources_against_provider_schemas() {
    let dir = Dir::new();
    dir.write("main.tf", CONFIG);
    let ok = dir.run(&["validate", "-no-color"]);
    assert_eq!(ok.code, 0, "{}", ok.stderr);
    dir.write("main.tf", "resource \"random_pet\" \"p\" {\n  lenght = 2\n}\noutput \"x\" {\n  value = random_pet.p.id\n}\n");
    let bad = dir.run(&["validate", "-json"]).json();
    assert_eq!(bad["valid"], false);
    assert_eq!(bad["diagnostics"][0]["summary"], "Unsupported argument");
    assert_eq!(bad["diagnostics"][0]["range"]["start"]["line"], 2);
}

/// Values of `any`-typed attributes keep their exact type in the state, so
/// a list read back is still a list and the next plan is empty.
#[test]
fn dynamic_attributes_keep_their_types_in_the_state() {
    let dir = Dir::new();
    dir.write(
        "main.tf",
        "resource \"terraform_data\" \"d\" {\n  input = {\n    names = tolist([\"a\", \"b\"])\n    ports = tomap({ http = 80 })\n    mixed = [1, \"x\"]\n  }\n}\n",
    );
    assert_eq!(dir.run(&["apply", "-auto-approve"]).code, 0);
    let again = dir.run(&["plan", "-detailed-exitcode", "-no-color"]);
    assert_eq!(again.code, 0, "{}", again.stdout);
}

#[test]
fn target_plans_only_the_target_and_what_it_needs() {
    let dir = Dir::new();
    dir.write(
        "main.tf",
        "resource \"terraform_data\" \"base\" {\n  input = \"b\"\n}\nresource \"terraform_data\" \"top\" {\n  input = terraform_data.base.output\n}\nresource \"terraform_data\" \"other\" {\n  input = \"o\"\n}\n",
    );
    let out = dir.run(&[
        "apply",
        "-auto-approve",
        "-target=terraform_data.top",
        "-no-color",
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(
        dir.run(&["state", "list"])
            .stdout
            .lines()
            .collect::<Vec<_>>(),
        ["terraform_data.base", "terraform_data.top"]
    );
    let rest = dir.run(&["plan", "-no-color"]);
    assert!(
        rest.stdout
            .contains("Plan: 1 to add, 0 to change, 0 to destroy."),
        "{}",
        rest.stdout
    );
}

#[test]
fn exclude_leaves_out_a_resource_and_what_depends_on_it() {
    let dir = Dir::new();
    dir.write(
        "main.tf",
        "resource \"terraform_data\" \"base\" {\n  input = \"b\"\n}\nresource \"terraform_data\" \"top\" {\n  input = terraform_data.base.output\n}\nresource \"terraform_data\" \"other\" {\n  input = \"o\"\n}\n",
    );
    let out = dir.run(&[
        "apply",
        "-auto-approve",
        "-exclude=terraform_data.base",
        "-no-color",
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(
        dir.run(&["state", "list"]).stdout.trim(),
        "terraform_data.other"
    );
    let rest = dir.run(&["plan", "-no-color"]);
    assert!(
        rest.stdout
            .contains("Plan: 2 to add, 0 to change, 0 to destroy."),
        "{}",
        rest.stdout
    );
}

#[test]
fn workspaces_keep_separate_states() {
    let dir = Dir::new();
    dir.write("main.tf", "resource \"terraform_data\" \"w\" {\n  input = terraform.workspace\n}\noutput \"ws\" {\n  value = terraform_data.w.output\n}\n");
    assert_eq!(dir.run(&["apply", "-auto-approve"]).code, 0);
    let new = dir.run(&["workspace", "new", "staging"]);
    assert_eq!(new.code, 0, "{}", new.stderr);
    assert_eq!(dir.run(&["workspace", "show"]).stdout.trim(), "staging");
    assert_eq!(
        dir.run(&["state", "list"]).stdout,
        "",
        "a new workspace starts empty"
    );
    assert_eq!(dir.run(&["apply", "-auto-approve"]).code, 0);
    assert_eq!(dir.run(&["output", "-raw", "ws"]).stdout, "staging");
    let list = dir.run(&["workspace", "list"]).stdout;
    assert!(
        list.contains("  default") && list.contains("* staging"),
        "{list}"
    );
    assert_eq!(dir.run(&["workspace", "select", "default"]).code, 0);
    assert_eq!(dir.run(&["output", "-raw", "ws"]).stdout, "default");
    let refused = dir.run(&["workspace", "delete", "staging"]);
    assert_eq!(
        refused.code, 1,
        "a workspace that manages resources is kept without -force"
    );
    assert_eq!(
        dir.run(&["workspace", "delete", "-force", "staging"]).code,
        0
    );
}

#[test]
fn moved_blocks_keep_objects_under_their_new_address() {
    let dir = Dir::new();
    dir.write(
        "main.tf",
        "resource \"random_pet\" \"old\" {\n  length = 2\n}\n",
    );
    assert_eq!(dir.run(&["apply", "-auto-approve"]).code, 0);
    let pet = dir.run(&["state", "pull"]).json()["resources"][0]["instances"][0]["attributes"]
        ["id"]
        .clone();
    dir.write("main.tf", "resource \"random_pet\" \"new\" {\n  length = 2\n}\n\nmoved {\n  from = random_pet.old\n  to   = random_pet.new\n}\n");
    let plan = dir.run(&["plan", "-no-color", "-detailed-exitcode"]);
    assert_eq!(
        plan.code, 2,
        "a move is a change:\n{}\n{}",
        plan.stdout, plan.stderr
    );
    assert!(
        plan.stdout.contains("0 to add") && plan.stdout.contains("0 to destroy"),
        "{}",
        plan.stdout
    );
    let apply = dir.run(&["apply", "-auto-approve", "-no-color"]);
    assert_eq!(apply.code, 0, "{}", apply.stderr);
    assert_eq!(dir.run(&["state", "list"]).stdout.trim(), "random_pet.new");
    let after = dir.run(&["state", "pull"]).json()["resources"][0]["instances"][0]["attributes"]
        ["id"]
        .clone();
    assert_eq!(pet, after, "the same object, not a new one");
    assert_eq!(dir.run(&["plan", "-detailed-exitcode"]).code, 0);
}

#[test]
fn import_adopts_an_existing_object() {
    let dir = Dir::new();
    dir.write(
        "main.tf",
        "resource \"random_id\" \"x\" {\n  byte_length = 4\n}\n",
    );
    let out = dir.run(&["import", "random_id.x", "p-9hUg"]);
    assert_eq!(out.code, 0, "{}\n{}", out.stdout, out.stderr);
    assert!(out.stdout.contains("Import successful!"));
    let pulled = dir.run(&["state", "pull"]).json();
    assert_eq!(
        pulled["resources"][0]["instances"][0]["attributes"]["b64_url"],
        "p-9hUg"
    );
    let again = dir.run(&["import", "random_id.x", "p-9hUg"]);
    assert_eq!(again.code, 1);
    assert!(again.stderr.contains("already"), "{}", again.stderr);
    let missing = dir.run(&["import", "random_id.nope", "p-9hUg"]);
    assert_eq!(missing.code, 1);
    assert!(
        missing.stderr.contains("does not exist"),
        "{}",
        missing.stderr
    );
}

#[test]
fn ignore_changes_keeps_the_stored_value() {
    let dir = Dir::new();
    let config = |v: &str| {
        format!("resource \"terraform_data\" \"t\" {{\n  input = \"{v}\"\n  lifecycle {{\n    ignore_changes = [input]\n  }}\n}}\n")
    };
    dir.write("main.tf", &config("one"));
    assert_eq!(dir.run(&["apply", "-auto-approve"]).code, 0);
    dir.write("main.tf", &config("two"));
    let plan = dir.run(&["plan", "-detailed-exitcode", "-no-color"]);
    assert_eq!(
        plan.code, 0,
        "an ignored change is no change:\n{}",
        plan.stdout
    );
}

#[test]
fn import_blocks_are_planned_then_adopted_by_apply() {
    let dir = Dir::new();
    dir.write(
        "main.tf",
        r#"
variable "id" {
  default = "p-9hUg"
}

resource "random_id" "x" {
  byte_length = 4
}

import {
  to = random_id.x
  id = var.id
}
"#,
    );
    let plan = dir.run(&["plan", "-no-color", "-detailed-exitcode"]);
    assert_eq!(plan.code, 2, "{}\n{}", plan.stdout, plan.stderr);
    assert!(
        plan.stdout.contains("random_id.x will be imported"),
        "{}",
        plan.stdout
    );
    assert!(
        plan.stdout
            .contains("Plan: 1 to import, 0 to add, 0 to change, 0 to destroy."),
        "{}",
        plan.stdout
    );
    let shown = dir.run(&["plan", "-out=tf.plan"]);
    assert_eq!(shown.code, 0, "{}", shown.stderr);
    let json = dir.run(&["show", "-json", "tf.plan"]).json();
    assert_eq!(
        json["resource_changes"][0]["change"]["importing"]["id"],
        "p-9hUg"
    );
    assert!(dir.run(&["state", "list"]).stdout.trim().is_empty());
    let apply = dir.run(&["apply", "tf.plan"]);
    assert_eq!(apply.code, 0, "{}\n{}", apply.stdout, apply.stderr);
    let pulled = dir.run(&["state", "pull"]).json();
    assert_eq!(
        pulled["resources"][0]["instances"][0]["attributes"]["b64_url"],
        "p-9hUg"
    );
    // Once adopted, the block is satisfied and the plan is empty.
    assert_eq!(dir.run(&["plan", "-detailed-exitcode"]).code, 0);

    dir.write(
        "main.tf",
        "import {\n  to = random_id.missing\n  id = \"p-9hUg\"\n}\n",
    );
    let bad = dir.run(&["plan", "-no-color"]);
    assert_eq!(bad.code, 1);
    assert!(
        bad.stderr
            .contains("Configuration for import target does not exist"),
        "{}",
        bad.stderr
    );
    assert!(bad.stderr.contains("main.tf line 2"), "{}", bad.stderr);
}

#[test]
fn saved_plan_applies_when_a_planned_update_turns_out_to_change_nothing() {
    // Replacing "a" leaves "b"'s input unknown at planning, so "b" is
    // planned to update; applied, a.output is the same again and the update
    // changes nothing. Terraform applies such a plan; so must Terrace.
    let dir = Dir::new();
    dir.write(
        "main.tf",
        r#"
variable "trigger" {
  default = "one"
}

resource "terraform_data" "a" {
  input            = "a"
  triggers_replace = [var.trigger]
}

resource "terraform_data" "b" {
  input = "b-${terraform_data.a.output}"
}
"#,
    );
    let first = dir.run(&["apply", "-auto-approve", "-no-color"]);
    assert_eq!(first.code, 0, "{}{}", first.stdout, first.stderr);
    let plan = dir.run(&["plan", "-no-color", "-var", "trigger=two", "-out=tf.plan"]);
    assert_eq!(plan.code, 0, "{}{}", plan.stdout, plan.stderr);
    assert!(
        plan.stdout
            .contains("terraform_data.b will be updated in-place"),
        "{}",
        plan.stdout
    );
    let apply = dir.run(&["apply", "-no-color", "tf.plan"]);
    assert_eq!(apply.code, 0, "{}{}", apply.stdout, apply.stderr);
    let again = dir.run(&[
        "plan",
        "-no-color",
        "-var",
        "trigger=two",
        "-detailed-exitcode",
    ]);
    assert_eq!(again.code, 0, "{}{}", again.stdout, again.stderr);
}

#[test]
fn null_root_outputs_are_not_kept_and_plan_no_changes() {
    // Terraform drops a root output whose value is null from the state, and
    // an absent output that stays null is no change.
    let dir = Dir::new();
    dir.write(
        "main.tf",
        "output \"nothing\" {\n  value = null\n}\n\noutput \"some\" {\n  value = 1\n}\n",
    );
    let apply = dir.run(&["apply", "-auto-approve", "-no-color"]);
    assert_eq!(apply.code, 0, "{}{}", apply.stdout, apply.stderr);
    let outputs = dir.run(&["output", "-json"]).json();
    assert!(outputs.get("nothing").is_none(), "{outputs}");
    assert_eq!(outputs["some"]["value"], serde_json::json!(1));
    let again = dir.run(&["plan", "-no-color", "-detailed-exitcode"]);
    assert_eq!(again.code, 0, "{}{}", again.stdout, again.stderr);
}
