//! Provider configurations with `for_each`: one provider instance per key,
//! chosen per resource instance or passed into module instances, and
//! provider configurations that wait for objects of the same run.

use super::{assert_ok, Fixture};

const PROVIDERS: &str = r#"
variable "clusters" {
  default = {
    east = "east-label"
    west = "west-label"
  }
}

provider "probe" {
  alias    = "by_cluster"
  for_each = var.clusters
  label    = each.value
}
"#;

#[test]
fn resource_instances_choose_their_provider_instance_by_key() {
    let f = Fixture::new(&[
        ("providers.tf", PROVIDERS),
        (
            "main.tf",
            r#"
resource "probe_thing" "app" {
  for_each = var.clusters
  provider = probe.by_cluster[each.key]
  name     = "app-${each.key}"
}

output "ids" {
  value = { for k, v in probe_thing.app : k => v.id }
}
"#,
        ),
    ]);
    let (plan, d) = f.apply();
    assert_ok(&d);
    let mut applied = f.log.starting("apply");
    applied.sort();
    assert_eq!(
        applied,
        vec!["apply east-label app-east", "apply west-label app-west"]
    );
    let providers: Vec<String> = plan.changes.iter().map(|c| c.provider.clone()).collect();
    assert!(
        providers.contains(
            &"provider[\"registry.terraform.io/terrace/probe\"].by_cluster[\"east\"]".to_string()
        ),
        "{providers:?}"
    );
    let (plan, d) = f.plan();
    assert_ok(&d);
    assert!(plan
        .changes
        .iter()
        .all(|c| c.action == crate::engine::plan_model::Action::NoOp));
}

#[test]
fn module_instances_receive_one_provider_instance_each() {
    let f = Fixture::new(&[
        ("providers.tf", PROVIDERS),
        (
            "main.tf",
            r#"
module "app" {
  source    = "./app"
  for_each  = var.clusters
  providers = { probe = probe.by_cluster[each.key] }
  name      = "web-${each.key}"
}
"#,
        ),
        (
            "app/main.tf",
            r#"
variable "name" {}

resource "probe_thing" "web" {
  name = var.name
}
"#,
        ),
    ]);
    let (_, d) = f.apply();
    assert_ok(&d);
    let mut applied = f.log.starting("apply");
    applied.sort();
    assert_eq!(
        applied,
        vec!["apply east-label web-east", "apply west-label web-west"]
    );
}

#[test]
fn removing_a_key_destroys_through_the_remaining_provider_instance() {
    let config = |keys: &str| {
        format!(
            r#"
resource "probe_thing" "app" {{
  for_each = toset({keys})
  provider = probe.by_cluster[each.key]
  name     = each.key
}}
"#
        )
    };
    let f = Fixture::new(&[
        ("providers.tf", PROVIDERS),
        ("main.tf", &config(r#"["east", "west"]"#)),
    ]);
    assert_ok(&f.apply().1);
    std::fs::write(f.dir.path().join("main.tf"), config(r#"["east"]"#)).expect("write");
    let (plan, d) = f.apply();
    assert_ok(&d);
    let deleted: Vec<String> = plan
        .changes
        .iter()
        .filter(|c| c.action == crate::engine::plan_model::Action::Delete)
        .map(|c| c.addr.to_string())
        .collect();
    assert_eq!(deleted, vec!["probe_thing.app[\"west\"]"]);
}

#[test]
fn a_provider_with_for_each_must_be_chosen_by_key() {
    let f = Fixture::new(&[
        ("providers.tf", PROVIDERS),
        (
            "main.tf",
            r#"
resource "probe_thing" "app" {
  provider = probe.by_cluster
  name     = "x"
}
"#,
        ),
    ]);
    let (_, d) = f.plan();
    let text = format!("{d:?}");
    assert!(d.has_errors());
    assert!(text.contains("probe.by_cluster[each.key]"), "{text}");
}

#[test]
fn a_provider_configured_from_a_new_object_is_deferred_then_applied_in_the_same_run() {
    let f = Fixture::new(&[(
        "main.tf",
        r#"
resource "terraform_data" "cluster" {
  input = "made-in-this-run"
}

provider "probe" {
  label = terraform_data.cluster.output
}

resource "probe_thing" "app" {
  name = "app"
}
"#,
    )]);
    let (plan, d) = f.plan();
    assert_ok(&d);
    let deferred: Vec<String> = plan.deferred.iter().map(|d| d.addr.to_string()).collect();
    assert_eq!(deferred, vec!["probe_thing.app"]);
    assert!(plan.has_changes());
    assert!(f.log.starting("configure").is_empty());

    let (_, d) = f.apply();
    assert_ok(&d);
    assert_eq!(f.log.starting("apply"), vec!["apply made-in-this-run app"]);
    let (plan, d) = f.plan();
    assert_ok(&d);
    assert!(plan.deferred.is_empty());
    assert!(!plan.has_changes());
}
