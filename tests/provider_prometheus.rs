//! End-to-end tests of the `prometheus` provider against a real Prometheus
//! (see `util/prometheus.rs`): rule groups and file_sd target groups are
//! created, a second plan is empty, a change made by hand is drift, apply
//! restores it and destroy removes it, all checked through Prometheus's own
//! API; a rule Prometheus would reject is a plan-time diagnostic.

#[path = "util/prometheus.rs"]
mod prometheus;
mod util;

use std::time::{Duration, Instant};

use util::{Dir, Output};

fn ok(out: &Output, what: &str) {
    assert_eq!(
        out.code, 0,
        "{what} failed:\n{}\n{}",
        out.stdout, out.stderr
    );
}

fn assert_quiet(dir: &Dir) {
    let plan = dir.run(&["plan", "-detailed-exitcode", "-no-color"]);
    assert_eq!(
        plan.code, 0,
        "plan is not empty:\n{}\n{}",
        plan.stdout, plan.stderr
    );
}

fn assert_drift(dir: &Dir) {
    let drift = dir.run(&["plan", "-refresh-only", "-detailed-exitcode", "-no-color"]);
    assert_eq!(
        drift.code, 2,
        "no drift found:\n{}\n{}",
        drift.stdout, drift.stderr
    );
}

/// The loaded group named `name`, if any.
fn group(prom: &prometheus::Prometheus, name: &str) -> Option<serde_json::Value> {
    prom.api("/api/v1/rules")["groups"]
        .as_array()
        .and_then(|gs| gs.iter().find(|g| g["name"] == name).cloned())
}

const RULES: &str = r#"
resource "prometheus_rule_group" "node" {
  name     = "node-health"
  interval = "30s"

  rule {
    alert = "HighCpu"
    expr  = "sum(rate(node_cpu_seconds_total{mode!=\"idle\"}[5m])) by (instance) > 0.9"
    for   = "5m"
    labels = {
      severity = "page"
    }
    annotations = {
      summary = "CPU busy on {{ $labels.instance }}"
    }
  }

  rule {
    record = "job:up:sum"
    expr   = "sum by (job) (up)"
    labels = {
      team = "infra"
    }
  }
}
"#;

#[test]
fn rule_groups_are_loaded_drift_is_what_prometheus_loaded() {
    let prom = prometheus::shared();
    let dir = Dir::new();
    dir.write("main.tf", &format!("{}{RULES}", prom.provider_block()));
    ok(&dir.run(&["apply", "-auto-approve", "-no-color"]), "apply");
    let g = group(prom, "node-health").expect("group loaded");
    assert_eq!(g["interval"], 30);
    assert_eq!(g["rules"][0]["name"], "HighCpu");
    assert_eq!(g["rules"][0]["duration"], 300);
    assert_eq!(g["rules"][0]["labels"]["severity"], "page");
    assert_eq!(g["rules"][1]["name"], "job:up:sum");
    assert_eq!(g["rules"][1]["type"], "recording");
    assert_quiet(&dir);

    // Edited by hand and reloaded: Prometheus now runs another threshold.
    let file = prom.rules_dir.join("node-health.yml");
    let text = std::fs::read_to_string(&file).expect("rule file");
    std::fs::write(&file, text.replace("0.9", "0.5")).expect("edit rule file");
    prom.reload();
    assert!(group(prom, "node-health").unwrap()["rules"][0]["query"]
        .as_str()
        .unwrap()
        .ends_with("> 0.5"));
    assert_drift(&dir);
    ok(&dir.run(&["apply", "-auto-approve"]), "restore");
    assert!(group(prom, "node-health").unwrap()["rules"][0]["query"]
        .as_str()
        .unwrap()
        .ends_with("> 0.9"));
    assert_quiet(&dir);

    // Removed by hand: drift again, and apply puts it back.
    std::fs::remove_file(&file).expect("remove rule file");
    prom.reload();
    assert!(group(prom, "node-health").is_none());
    assert_drift(&dir);
    ok(&dir.run(&["apply", "-auto-approve"]), "recreate");
    assert!(group(prom, "node-health").is_some());

    ok(&dir.run(&["destroy", "-auto-approve"]), "destroy");
    assert!(group(prom, "node-health").is_none());
    assert!(!file.exists());
}

#[test]
fn rules_prometheus_would_reject_are_plan_time_diagnostics_naming_the_rule() {
    let prom = prometheus::shared();
    let cases = [
        (
            "rule {\n alert = \"Broken\"\n expr = \"sum(rate(x[5m]) by\"\n}",
            "alert \"Broken\"",
            "does not parse",
        ),
        (
            "rule {\n alert = \"Slow\"\n expr = \"up == 0\"\n for = \"5 minutes\"\n}",
            "alert \"Slow\"",
            "not a duration",
        ),
        (
            "rule {\n record = \"bad name\"\n expr = \"up\"\n}",
            "record \"bad name\"",
            "not a valid metric name",
        ),
        (
            "rule {\n alert = \"Both\"\n record = \"both\"\n expr = \"up\"\n}",
            "alert \"Both\"",
            "only one of alert and record",
        ),
        (
            "rule {\n record = \"job:x\"\n expr = \"up\"\n for = \"1m\"\n}",
            "record \"job:x\"",
            "cannot have for",
        ),
        (
            "rule {\n alert = \"Labels\"\n expr = \"up\"\n labels = { \"bad-name\" = \"x\" }\n}",
            "alert \"Labels\"",
            "not a valid name in labels",
        ),
        (
            "rule {\n alert = \"Tmpl\"\n expr = \"up == 0\"\n annotations = { summary = \"{{ $labels.instance \" }\n}",
            "\"Tmpl\"",
            "unclosed action",
        ),
    ];
    for (rule, names, says) in cases {
        let dir = Dir::new();
        dir.write(
            "main.tf",
            &format!(
                "{}resource \"prometheus_rule_group\" \"bad\" {{\n  name = \"bad-group\"\n  {rule}\n}}\n",
                prom.provider_block()
            ),
        );
        let plan = dir.run(&["plan", "-no-color"]);
        assert_eq!(plan.code, 1, "{rule}: {}", plan.stdout);
        assert!(plan.stderr.contains(names), "{rule}: {}", plan.stderr);
        assert!(plan.stderr.contains(says), "{rule}: {}", plan.stderr);
        assert!(plan.stderr.contains("\"bad-group\""), "{}", plan.stderr);
    }
    assert!(!prom.rules_dir.join("bad-group.yml").exists());
}

/// The active targets carrying label `group`.
fn targets(prom: &prometheus::Prometheus, group: &str) -> Vec<serde_json::Value> {
    prom.api("/api/v1/targets?state=active")["activeTargets"]
        .as_array()
        .map(|ts| {
            ts.iter()
                .filter(|t| t["labels"]["group"] == group)
                .cloned()
                .collect()
        })
        .unwrap_or_default()
}

/// Waits (file_sd refreshes every second) until `check` holds.
fn eventually(what: &str, mut check: impl FnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(30);
    while !check() {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(250));
    }
}

#[test]
fn scrape_target_groups_reach_prometheus_through_file_sd() {
    let prom = prometheus::shared();
    let dir = Dir::new();
    dir.write(
        "main.tf",
        &format!(
            "{}resource \"prometheus_scrape_target_group\" \"self\" {{\n  name    = \"self\"\n  targets = [\"127.0.0.1:{}\"]\n  labels  = {{\n    group = \"self\"\n    env   = \"test\"\n  }}\n}}\n",
            prom.provider_block(),
            prom.port
        ),
    );
    ok(&dir.run(&["apply", "-auto-approve", "-no-color"]), "apply");
    eventually("the target to be discovered", || {
        targets(prom, "self").iter().any(|t| {
            t["labels"]["env"] == "test"
                && t["scrapeUrl"]
                    .as_str()
                    .unwrap_or("")
                    .contains(&prom.port.to_string())
        })
    });
    assert_quiet(&dir);

    let file = prom.targets_dir.join("self.json");
    let text = std::fs::read_to_string(&file).expect("target file");
    std::fs::write(&file, text.replace("\"test\"", "\"prod\"")).expect("edit target file");
    eventually("the edited labels", || {
        targets(prom, "self")
            .iter()
            .any(|t| t["labels"]["env"] == "prod")
    });
    assert_drift(&dir);
    ok(&dir.run(&["apply", "-auto-approve"]), "restore");
    eventually("the restored labels", || {
        targets(prom, "self")
            .iter()
            .any(|t| t["labels"]["env"] == "test")
    });
    assert_quiet(&dir);

    ok(&dir.run(&["destroy", "-auto-approve"]), "destroy");
    assert!(!file.exists());
    eventually("the target to go", || targets(prom, "self").is_empty());
}

#[test]
fn basic_auth_credentials_are_sent_and_never_shown() {
    let prom = prometheus::with_basic_auth();
    let (user, password) = prom.basic_auth.clone().expect("credentials");
    let rules = "resource \"prometheus_rule_group\" \"g\" {\n  name = \"authed\"\n  rule {\n    record = \"job:up:count\"\n    expr   = \"count by (job) (up)\"\n  }\n}\n";
    let without = Dir::new();
    without.write("main.tf", &format!("{}{rules}", prom.provider_block()));
    let refused = without.run(&["apply", "-auto-approve", "-no-color"]);
    assert_eq!(refused.code, 1, "{}", refused.stdout);
    assert!(refused.stderr.contains("401"), "{}", refused.stderr);
    assert!(group(prom, "authed").is_none());

    let dir = Dir::new();
    let block = prom.provider_block().replace(
        "\n}\n",
        &format!("\n  basic_auth {{\n    username = \"{user}\"\n    password = \"{password}\"\n  }}\n}}\n"),
    );
    dir.write("main.tf", &format!("{block}{rules}"));
    let out = dir.run(&["apply", "-auto-approve", "-no-color"]);
    ok(&out, "apply");
    assert!(!out.stdout.contains(&password) && !out.stderr.contains(&password));
    assert!(group(prom, "authed").is_some());
    assert_quiet(&dir);
    ok(&dir.run(&["destroy", "-auto-approve"]), "destroy");
    assert!(group(prom, "authed").is_none());
}

/// With `reload = false` the provider only manages the files (something
/// else reloads Prometheus): it never calls Prometheus, so this works with
/// the URL pointing nowhere, and drift is read from the files.
#[test]
fn without_reload_the_files_are_the_truth_and_prometheus_is_not_called() {
    let dir = Dir::new();
    let rules = dir.path().join("rules");
    std::fs::create_dir_all(&rules).expect("rules dir");
    dir.write(
        "main.tf",
        &format!(
            "provider \"prometheus\" {{\n  url       = \"http://127.0.0.1:1\"\n  rules_dir = \"{}\"\n  reload    = false\n}}\n{RULES}",
            rules.display()
        ),
    );
    ok(&dir.run(&["apply", "-auto-approve", "-no-color"]), "apply");
    let file = rules.join("node-health.yml");
    let text = std::fs::read_to_string(&file).expect("rule file written");
    assert!(text.contains("HighCpu"), "{text}");
    assert_quiet(&dir);

    std::fs::write(&file, text.replace("0.9", "0.5")).expect("edit rule file");
    assert_drift(&dir);
    ok(&dir.run(&["apply", "-auto-approve"]), "restore");
    assert_eq!(std::fs::read_to_string(&file).expect("rule file"), text);
    assert_quiet(&dir);

    ok(&dir.run(&["destroy", "-auto-approve"]), "destroy");
    assert!(!file.exists());
}
