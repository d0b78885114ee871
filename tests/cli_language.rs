//! End-to-end tests of the commands the language delivers: validate, console,
//! plan/apply of variables and outputs, output, and variable precedence.

mod util;

use util::Dir;

const CONFIG: &str = r#"
variable "name" {
  type    = string
  default = "world"
}

variable "db_password" {
  type      = string
  default   = "hunter2"
  sensitive = true
}

variable "ports" {
  type = list(object({
    port = number
    tls  = optional(bool, false)
  }))
  default = [{ port = 80 }, { port = 443, tls = true }]
}

locals {
  greeting  = "Hello, ${var.name}!"
  tls_ports = [for p in var.ports : p.port if p.tls]
}

output "greeting" {
  value = local.greeting
}

output "tls_ports" {
  value = local.tls_ports
}

output "password" {
  value     = var.db_password
  sensitive = true
}
"#;

#[test]
fn validate_accepts_a_valid_configuration() {
    let dir = Dir::new();
    dir.write("main.tf", CONFIG);
    let out = dir.run(&["validate"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.contains("Success! The configuration is valid."));
    let json = dir.run(&["validate", "-json"]).json();
    assert_eq!(json["valid"], true);
    assert_eq!(json["error_count"], 0);
    assert_eq!(json["format_version"], "1.0");
}

#[test]
fn validate_reports_every_error_with_its_location() {
    let dir = Dir::new();
    dir.write("main.tf", "output \"a\" {\n  value = var.missing\n}\n\noutput \"b\" {\n  value = upper(local.nope)\n}\n");
    let out = dir.run(&["validate", "-json"]);
    assert_eq!(out.code, 1);
    let json = out.json();
    assert_eq!(json["valid"], false);
    assert_eq!(json["error_count"], 2);
    let diags = json["diagnostics"].as_array().expect("diagnostics");
    assert_eq!(
        diags[0]["summary"],
        "Reference to undeclared input variable"
    );
    assert_eq!(diags[0]["range"]["filename"], "main.tf");
    assert_eq!(diags[0]["range"]["start"]["line"], 2);
    assert_eq!(diags[0]["range"]["start"]["column"], 14);
    assert_eq!(diags[1]["summary"], "Reference to undeclared local value");
    assert_eq!(diags[1]["range"]["start"]["line"], 6);
    let human = dir.run(&["validate", "-no-color"]);
    assert!(
        human
            .stderr
            .contains("Error: Reference to undeclared input variable"),
        "{}",
        human.stderr
    );
    assert!(
        human.stderr.contains("on main.tf line 2"),
        "{}",
        human.stderr
    );
    assert!(
        human.stderr.contains("value = var.missing"),
        "{}",
        human.stderr
    );
}

#[test]
fn plan_apply_output_round_trip() {
    let dir = Dir::new();
    dir.write("main.tf", CONFIG);
    let plan = dir.run(&["plan", "-detailed-exitcode", "-no-color"]);
    assert_eq!(plan.code, 2, "{}", plan.stderr);
    assert!(
        plan.stdout.contains("+ greeting  = \"Hello, world!\""),
        "{}",
        plan.stdout
    );
    assert!(plan.stdout.contains("(sensitive value)"));
    assert!(
        !plan.stdout.contains("hunter2"),
        "a secret reached the terminal"
    );

    let apply = dir.run(&["apply", "-auto-approve", "-no-color"]);
    assert_eq!(apply.code, 0, "{}", apply.stderr);
    assert!(apply.stdout.contains("password = <sensitive>"));
    assert!(!apply.stdout.contains("hunter2"));

    let again = dir.run(&["plan", "-detailed-exitcode"]);
    assert_eq!(again.code, 0, "{}{}", again.stdout, again.stderr);
    assert!(again.stdout.contains("No changes."));

    let json = dir.run(&["output", "-json"]).json();
    assert_eq!(json["greeting"]["value"], "Hello, world!");
    assert_eq!(json["greeting"]["type"], "string");
    assert_eq!(json["greeting"]["sensitive"], false);
    assert_eq!(
        json["tls_ports"]["type"],
        serde_json::json!(["tuple", ["number"]])
    );
    assert_eq!(json["tls_ports"]["value"], serde_json::json!([443]));
    assert_eq!(json["password"]["sensitive"], true);
    assert_eq!(
        json["password"]["value"],
        serde_json::Value::Null,
        "listing all outputs must not reveal a secret"
    );

    let human = dir.run(&["output"]);
    assert!(human.stdout.contains("password = <sensitive>"));
    assert!(!human.stdout.contains("hunter2"));
    let named = dir.run(&["output", "-raw", "password"]);
    assert_eq!(named.stdout, "hunter2");
    let raw = dir.run(&["output", "-raw", "greeting"]);
    assert_eq!(raw.stdout, "Hello, world!");

    let changed = dir.run(&[
        "apply",
        "-auto-approve",
        "-var",
        "name=terrace",
        "-no-color",
    ]);
    assert_eq!(changed.code, 0, "{}", changed.stderr);
    assert!(
        changed
            .stdout
            .contains("~ greeting  = \"Hello, world!\" -> \"Hello, terrace!\""),
        "{}",
        changed.stdout
    );
}

#[test]
fn apply_asks_for_confirmation() {
    let dir = Dir::new();
    dir.write("main.tf", CONFIG);
    let no = dir.run_with(&["apply"], "no\n", &[]);
    assert_eq!(no.code, 1);
    assert!(no.stderr.contains("Apply cancelled"));
    assert_eq!(dir.run(&["output", "-json"]).json(), serde_json::json!({}));
    let yes = dir.run_with(&["apply"], "yes\n", &[]);
    assert_eq!(yes.code, 0, "{}", yes.stderr);
    assert_eq!(
        dir.run(&["output", "-raw", "greeting"]).stdout,
        "Hello, world!"
    );
}

#[test]
fn variable_sources_follow_terraform_precedence() {
    let dir = Dir::new();
    dir.write(
        "main.tf",
        "variable \"v\" {\n  default = \"default\"\n}\noutput \"v\" {\n  value = var.v\n}\n",
    );
    let value = |env: &[(&str, &str)], args: &[&str]| {
        let mut all = vec!["apply", "-auto-approve"];
        all.extend_from_slice(args);
        let out = dir.run_with(&all, "", env);
        assert_eq!(out.code, 0, "{}", out.stderr);
        dir.run(&["output", "-raw", "v"]).stdout
    };
    assert_eq!(value(&[], &[]), "default");
    assert_eq!(value(&[("TF_VAR_v", "tf-env")], &[]), "tf-env");
    assert_eq!(
        value(
            &[("TF_VAR_v", "tf-env"), ("TERRACE_VAR_v", "terrace-env")],
            &[]
        ),
        "terrace-env"
    );
    dir.write("terraform.tfvars", "v = \"tfvars\"\n");
    assert_eq!(value(&[("TF_VAR_v", "env")], &[]), "tfvars");
    dir.write("b.auto.tfvars", "v = \"auto-b\"\n");
    dir.write("a.auto.tfvars", "v = \"auto-a\"\n");
    assert_eq!(value(&[], &[]), "auto-b");
    dir.write("extra.tfvars", "v = \"file\"\n");
    assert_eq!(value(&[], &["-var-file=extra.tfvars"]), "file");
    assert_eq!(
        value(&[], &["-var-file=extra.tfvars", "-var", "v=cli"]),
        "cli"
    );
}

#[test]
fn variable_validation_and_types_are_enforced() {
    let dir = Dir::new();
    dir.write(
        "main.tf",
        "variable \"n\" {\n  type = number\n  validation {\n    condition     = var.n > 0\n    error_message = \"n must be positive.\"\n  }\n}\noutput \"n\" {\n  value = var.n\n}\n",
    );
    let bad_type = dir.run(&["plan", "-var", "n=abc", "-no-color"]);
    assert_eq!(bad_type.code, 1);
    assert!(
        bad_type.stderr.contains("Invalid value for input variable"),
        "{}",
        bad_type.stderr
    );
    let invalid = dir.run(&["plan", "-var", "n=-1", "-no-color"]);
    assert_eq!(invalid.code, 1);
    assert!(
        invalid.stderr.contains("n must be positive."),
        "{}",
        invalid.stderr
    );
    let missing = dir.run(&["plan", "-no-color"]);
    assert_eq!(missing.code, 1);
    assert!(
        missing.stderr.contains("No value for required variable"),
        "{}",
        missing.stderr
    );
    let ok = dir.run(&["plan", "-var=n=2"]);
    assert_eq!(ok.code, 0, "{}", ok.stderr);
}

#[test]
fn console_evaluates_each_expression() {
    let dir = Dir::new();
    dir.write("main.tf", CONFIG);
    let input = "local.greeting\nvar.db_password\n[for p in var.ports : p.port]\n{\n  a = 1\n  b = \"x\"\n}\nvar.nope\n1 + 1\n";
    let out = dir.run_with(&["console", "-no-color"], input, &[]);
    assert_eq!(out.code, 1, "an error makes the exit code 1");
    let expected = "\"Hello, world!\"\n(sensitive value)\n[\n  80,\n  443,\n]\n{\n  \"a\" = 1\n  \"b\" = \"x\"\n}\n2\n";
    assert_eq!(out.stdout, expected);
    assert!(
        out.stderr
            .contains("Reference to undeclared input variable"),
        "{}",
        out.stderr
    );
}

#[test]
fn cycles_between_locals_are_named() {
    let dir = Dir::new();
    dir.write(
        "main.tf",
        "locals {\n  a = local.b\n  b = local.a\n}\noutput \"x\" {\n  value = local.a\n}\n",
    );
    let out = dir.run(&["validate", "-no-color"]);
    assert_eq!(out.code, 1);
    assert!(out.stderr.contains("local.a, local.b"), "{}", out.stderr);
}

#[test]
fn terraform_style_flags_and_chdir() {
    let dir = Dir::new();
    dir.write("app/main.tf", "output \"x\" {\n  value = 1\n}\n");
    let out = dir.run(&["-chdir=app", "apply", "-auto-approve"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let out = dir.run(&["--chdir=app", "output", "--json"]);
    assert_eq!(out.json()["x"]["value"], 1);
}
