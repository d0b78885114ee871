//! End-to-end tests of the kubernetes provider through the `terrace`
//! binary, against two in-repo Kubernetes API servers reached through
//! kubeconfig files, as a real cluster would be.

#[path = "util/kube.rs"]
mod kube_cluster;
mod util;

use kube_cluster::{start, Cluster};
use serde_json::json;
use util::Dir;

/// The application every cluster gets: namespace, config map, secret,
/// deployment, service, ingress and autoscaler.
const APP: &str = r#"
variable "cluster" {
  type = string
}

resource "kubernetes_namespace_v1" "shop" {
  metadata {
    name   = "shop"
    labels = { cluster = var.cluster }
  }
}

resource "kubernetes_config_map_v1" "settings" {
  metadata {
    name      = "settings"
    namespace = kubernetes_namespace_v1.shop.metadata[0].name
  }
  data = {
    region = var.cluster
  }
}

resource "kubernetes_secret_v1" "db" {
  metadata {
    name      = "db"
    namespace = kubernetes_namespace_v1.shop.metadata[0].name
  }
  data = {
    password = "hunter2-${var.cluster}"
  }
}

resource "kubernetes_deployment_v1" "web" {
  metadata {
    name      = "web"
    namespace = kubernetes_namespace_v1.shop.metadata[0].name
    labels    = { app = "web" }
  }
  spec {
    replicas = 2
    selector {
      match_labels = { app = "web" }
    }
    template {
      metadata {
        labels = { app = "web" }
      }
      spec {
        container {
          name  = "web"
          image = "nginx:1.27"
          port {
            container_port = 80
          }
          env {
            name  = "REGION"
            value = var.cluster
          }
          resources {
            limits   = { cpu = "500m", memory = "256Mi" }
            requests = { cpu = "100m" }
          }
        }
      }
    }
  }
}

resource "kubernetes_service_v1" "web" {
  metadata {
    name      = "web"
    namespace = kubernetes_namespace_v1.shop.metadata[0].name
  }
  spec {
    selector = { app = "web" }
    port {
      port        = 80
      target_port = "80"
    }
  }
}

resource "kubernetes_ingress_v1" "web" {
  metadata {
    name      = "web"
    namespace = kubernetes_namespace_v1.shop.metadata[0].name
  }
  spec {
    rule {
      host = "${var.cluster}.shop.example"
      http {
        path {
          path      = "/"
          path_type = "Prefix"
          backend {
            service {
              name = kubernetes_service_v1.web.metadata[0].name
              port {
                number = 80
              }
            }
          }
        }
      }
    }
  }
}

resource "kubernetes_horizontal_pod_autoscaler_v2" "web" {
  metadata {
    name      = "web"
    namespace = kubernetes_namespace_v1.shop.metadata[0].name
  }
  spec {
    min_replicas = 2
    max_replicas = 5
    scale_target_ref {
      api_version = "apps/v1"
      kind        = "Deployment"
      name        = kubernetes_deployment_v1.web.metadata[0].name
    }
    metric {
      type = "Resource"
      resource {
        name = "cpu"
        target {
          type                = "Utilization"
          average_utilization = 80
        }
      }
    }
  }
}
"#;

/// The objects `APP` makes, as (apiVersion, kind, namespace, name).
const OBJECTS: &[(&str, &str, Option<&str>, &str)] = &[
    ("v1", "Namespace", None, "shop"),
    ("v1", "ConfigMap", Some("shop"), "settings"),
    ("v1", "Secret", Some("shop"), "db"),
    ("apps/v1", "Deployment", Some("shop"), "web"),
    ("v1", "Service", Some("shop"), "web"),
    ("networking.k8s.io/v1", "Ingress", Some("shop"), "web"),
    (
        "autoscaling/v2",
        "HorizontalPodAutoscaler",
        Some("shop"),
        "web",
    ),
];

fn run_ok(dir: &Dir, args: &[&str]) -> util::Output {
    let out = dir.run(args);
    assert_eq!(
        out.code, 0,
        "terrace {args:?} failed:\n{}\n{}",
        out.stdout, out.stderr
    );
    out
}

fn assert_all_present(c: &Cluster, cluster: &str) {
    for (v, k, ns, n) in OBJECTS {
        assert!(
            c.get(v, k, *ns, n).is_some(),
            "{k} {n} missing in {cluster}"
        );
    }
    let cm = c
        .get("v1", "ConfigMap", Some("shop"), "settings")
        .unwrap_or_default();
    assert_eq!(cm["data"]["region"], cluster);
    let d = c
        .get("apps/v1", "Deployment", Some("shop"), "web")
        .unwrap_or_default();
    assert_eq!(d["spec"]["replicas"], 2);
    assert_eq!(
        d["spec"]["template"]["spec"]["containers"][0]["image"],
        "nginx:1.27"
    );
}

fn replicas(c: &Cluster) -> serde_json::Value {
    c.get("apps/v1", "Deployment", Some("shop"), "web")
        .unwrap_or_default()["spec"]["replicas"]
        .clone()
}

/// Deploys, checks the empty second plan, drift, its repair and destroy.
fn deliver_to_two_clusters(dir: &Dir, east: &Cluster, west: &Cluster) {
    run_ok(dir, &["apply", "-auto-approve", "-no-color"]);
    assert_all_present(east, "east");
    assert_all_present(west, "west");

    let second = dir.run(&["plan", "-detailed-exitcode", "-no-color"]);
    assert_eq!(
        second.code, 0,
        "second plan is not empty:\n{}\n{}",
        second.stdout, second.stderr
    );

    east.kubectl_apply(
        "deployments",
        json!({"apiVersion": "apps/v1", "kind": "Deployment",
               "metadata": {"name": "web", "namespace": "shop"},
               "spec": {"replicas": 5}}),
    );
    let drift = dir.run(&["plan", "-refresh-only", "-detailed-exitcode", "-no-color"]);
    assert_eq!(
        drift.code, 2,
        "replica drift not reported:\n{}\n{}",
        drift.stdout, drift.stderr
    );
    assert!(drift.stdout.contains("replicas"), "{}", drift.stdout);
    assert!(
        drift.stdout.contains("east"),
        "drift names the cluster's instance:\n{}",
        drift.stdout
    );

    run_ok(dir, &["apply", "-auto-approve", "-no-color"]);
    assert_eq!(replicas(east), 2, "apply did not restore the replicas");
    let after = dir.run(&["plan", "-detailed-exitcode", "-no-color"]);
    assert_eq!(
        after.code, 0,
        "plan after repair:\n{}\n{}",
        after.stdout, after.stderr
    );

    run_ok(dir, &["destroy", "-auto-approve", "-no-color"]);
    for c in [east, west] {
        for (v, k, ns, n) in OBJECTS {
            assert!(c.get(v, k, *ns, n).is_none(), "{k} {n} left behind");
        }
    }
}

#[test]
fn provider_for_each_delivers_one_configuration_to_two_clusters() {
    let dir = Dir::new();
    let east = start(&dir, "east");
    let west = start(&dir, "west");
    dir.write("app/main.tf", APP).write(
        "main.tf",
        r#"
variable "clusters" {
  default = {
    east = "east.kubeconfig"
    west = "west.kubeconfig"
  }
}

provider "kubernetes" {
  alias       = "by_cluster"
  for_each    = var.clusters
  config_path = each.value
}

module "shop" {
  source    = "./app"
  for_each  = var.clusters
  providers = { kubernetes = kubernetes.by_cluster[each.key] }
  cluster   = each.key
}
"#,
    );
    deliver_to_two_clusters(&dir, &east, &west);
}

#[test]
fn aliased_providers_deliver_to_two_clusters() {
    let dir = Dir::new();
    let east = start(&dir, "east");
    let west = start(&dir, "west");
    dir.write("app/main.tf", APP).write(
        "main.tf",
        r#"
provider "kubernetes" {
  alias       = "east"
  config_path = "east.kubeconfig"
}

provider "kubernetes" {
  alias          = "west"
  config_paths   = ["west.kubeconfig"]
  config_context = "west"
}

module "east" {
  source    = "./app"
  providers = { kubernetes = kubernetes.east }
  cluster   = "east"
}

module "west" {
  source    = "./app"
  providers = { kubernetes = kubernetes.west }
  cluster   = "west"
}
"#,
    );
    deliver_to_two_clusters(&dir, &east, &west);
}

/// A directory with one cluster named `east` and its provider block.
fn one_cluster() -> (Dir, Cluster) {
    let dir = Dir::new();
    let east = start(&dir, "east");
    dir.write(
        "provider.tf",
        "provider \"kubernetes\" {\n  config_path = \"east.kubeconfig\"\n}\n",
    );
    (dir, east)
}

#[test]
fn a_field_owned_by_another_manager_is_a_conflict_until_forced() {
    let (dir, east) = one_cluster();
    east.kubectl_apply(
        "configmaps",
        json!({"apiVersion": "v1", "kind": "ConfigMap",
               "metadata": {"name": "shared", "namespace": "default"},
               "data": {"owner": "kubectl"}}),
    );
    let manifest = |force: bool| {
        format!(
            r#"
resource "kubernetes_manifest" "shared" {{
  manifest = {{
    apiVersion = "v1"
    kind       = "ConfigMap"
    metadata   = {{ name = "shared", namespace = "default" }}
    data       = {{ owner = "terrace" }}
  }}
  field_manager {{
    force_conflicts = {force}
  }}
}}
"#
        )
    };
    dir.write("main.tf", &manifest(false));
    let out = dir.run(&["apply", "-auto-approve", "-no-color"]);
    assert_eq!(out.code, 1, "{}\n{}", out.stdout, out.stderr);
    assert!(out.stderr.contains("conflict"), "{}", out.stderr);
    assert!(
        out.stderr.contains("\"kubectl\""),
        "names the manager: {}",
        out.stderr
    );
    assert!(
        out.stderr.contains(".data.owner"),
        "names the field: {}",
        out.stderr
    );
    assert!(
        out.stderr.contains("force_conflicts"),
        "says how to take over: {}",
        out.stderr
    );
    let cm = east
        .get("v1", "ConfigMap", Some("default"), "shared")
        .unwrap_or_default();
    assert_eq!(cm["data"]["owner"], "kubectl");

    dir.write("main.tf", &manifest(true));
    run_ok(&dir, &["apply", "-auto-approve", "-no-color"]);
    let cm = east
        .get("v1", "ConfigMap", Some("default"), "shared")
        .unwrap_or_default();
    assert_eq!(cm["data"]["owner"], "terrace");
    let managers: Vec<String> = cm["metadata"]["managedFields"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|m| m["manager"].as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default();
    assert!(managers.contains(&"terrace".to_string()), "{managers:?}");
    let second = dir.run(&["plan", "-detailed-exitcode", "-no-color"]);
    assert_eq!(second.code, 0, "{}\n{}", second.stdout, second.stderr);
}

#[test]
fn server_defaults_and_other_managers_fields_never_show_as_changes() {
    let (dir, east) = one_cluster();
    dir.write(
        "main.tf",
        r#"
resource "kubernetes_deployment_v1" "api" {
  metadata {
    name = "api"
  }
  spec {
    selector {
      match_labels = { app = "api" }
    }
    template {
      metadata {
        labels = { app = "api" }
      }
      spec {
        container {
          name  = "api"
          image = "api:1"
        }
      }
    }
  }
}

resource "kubernetes_service_v1" "api" {
  metadata {
    name = "api"
  }
  spec {
    selector = { app = "api" }
    port {
      port = 8080
    }
  }
}

resource "kubernetes_manifest" "quota" {
  manifest = {
    apiVersion = "v1"
    kind       = "ConfigMap"
    metadata   = { name = "quota", namespace = "default" }
    data       = { limit = "10" }
  }
}
"#,
    );
    run_ok(&dir, &["apply", "-auto-approve", "-no-color"]);
    let d = east
        .get("apps/v1", "Deployment", Some("default"), "api")
        .unwrap_or_default();
    assert_eq!(
        d["spec"]["revisionHistoryLimit"], 10,
        "the server defaulted fields"
    );
    let svc = east
        .get("v1", "Service", Some("default"), "api")
        .unwrap_or_default();
    assert!(svc["spec"]["clusterIP"].is_string(), "{svc}");
    // Another manager adds a label and a data key Terrace does not manage.
    east.kubectl_apply(
        "configmaps",
        json!({"apiVersion": "v1", "kind": "ConfigMap",
               "metadata": {"name": "quota", "namespace": "default", "labels": {"team": "ops"}},
               "data": {"extra": "1"}}),
    );
    let plan = dir.run(&["plan", "-detailed-exitcode", "-no-color"]);
    assert_eq!(plan.code, 0, "{}\n{}", plan.stdout, plan.stderr);
    let refresh = dir.run(&["plan", "-refresh-only", "-detailed-exitcode", "-no-color"]);
    assert_eq!(refresh.code, 0, "{}\n{}", refresh.stdout, refresh.stderr);
}

#[test]
fn a_rollout_that_never_completes_times_out_naming_the_object_and_its_conditions() {
    let (dir, _east) = one_cluster();
    dir.write(
        "main.tf",
        r#"
resource "kubernetes_deployment_v1" "stuck" {
  metadata {
    name        = "stuck"
    annotations = { "terrace.test/never-ready" = "true" }
  }
  spec {
    selector {
      match_labels = { app = "stuck" }
    }
    template {
      metadata {
        labels = { app = "stuck" }
      }
      spec {
        container {
          name  = "app"
          image = "app:1"
        }
      }
    }
  }
  timeouts {
    create = "2s"
  }
}
"#,
    );
    let out = dir.run(&["apply", "-auto-approve", "-no-color"]);
    assert_eq!(out.code, 1, "{}\n{}", out.stdout, out.stderr);
    assert!(
        out.stderr
            .contains("Timed out waiting for rollout of Deployment default/stuck"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("conditions"), "{}", out.stderr);
}

#[test]
fn typed_resources_and_manifests_import_by_terraform_ids() {
    let (dir, east) = one_cluster();
    east.kubectl_apply(
        "configmaps",
        json!({"apiVersion": "v1", "kind": "ConfigMap",
               "metadata": {"name": "legacy", "namespace": "default"},
               "data": {"a": "1"}}),
    );
    east.kubectl_apply(
        "configmaps",
        json!({"apiVersion": "v1", "kind": "ConfigMap",
               "metadata": {"name": "other", "namespace": "default"},
               "data": {"b": "2"}}),
    );
    dir.write(
        "main.tf",
        r#"
resource "kubernetes_config_map_v1" "legacy" {
  metadata {
    name      = "legacy"
    namespace = "default"
  }
  data = { a = "1" }
}

resource "kubernetes_config_map_v1" "missing" {
  metadata {
    name = "missing"
  }
}

resource "kubernetes_manifest" "other" {
  manifest = {
    apiVersion = "v1"
    kind       = "ConfigMap"
    metadata   = { name = "other", namespace = "default" }
    data       = { b = "2" }
  }
}
"#,
    );
    run_ok(
        &dir,
        &[
            "import",
            "-no-color",
            "kubernetes_config_map_v1.legacy",
            "default/legacy",
        ],
    );
    run_ok(
        &dir,
        &[
            "import",
            "-no-color",
            "kubernetes_manifest.other",
            "apiVersion=v1,kind=ConfigMap,namespace=default,name=other",
        ],
    );
    let plan = dir.run(&["plan", "-no-color"]);
    assert!(!plan.stdout.contains("must be replaced"), "{}", plan.stdout);
    assert!(
        plan.stdout.contains("1 to add, 0 to change, 0 to destroy"),
        "only the missing one is created:\n{}",
        plan.stdout
    );
    let bad = dir.run(&[
        "import",
        "-no-color",
        "kubernetes_config_map_v1.missing",
        "default/missing",
    ]);
    assert_ne!(bad.code, 0);
    assert!(
        bad.stderr.contains("ConfigMap default/missing"),
        "{}",
        bad.stderr
    );
}

#[test]
fn a_manifest_creates_a_crd_and_an_object_of_it() {
    let (dir, east) = one_cluster();
    dir.write(
        "main.tf",
        r#"
resource "kubernetes_manifest" "crd" {
  manifest = {
    apiVersion = "apiextensions.k8s.io/v1"
    kind       = "CustomResourceDefinition"
    metadata   = { name = "widgets.example.com" }
    spec = {
      group = "example.com"
      scope = "Namespaced"
      names = { plural = "widgets", singular = "widget", kind = "Widget" }
      versions = [{
        name    = "v1"
        served  = true
        storage = true
        schema = {
          openAPIV3Schema = {
            type                                   = "object"
            "x-kubernetes-preserve-unknown-fields" = true
          }
        }
      }]
    }
  }
}

resource "kubernetes_manifest" "widget" {
  depends_on = [kubernetes_manifest.crd]
  manifest = {
    apiVersion = "example.com/v1"
    kind       = "Widget"
    metadata   = { name = "w1", namespace = "default" }
    spec       = { size = 3 }
  }
}

output "size" {
  value = kubernetes_manifest.widget.object.spec.size
}
"#,
    );
    let out = run_ok(&dir, &["apply", "-auto-approve", "-no-color"]);
    assert!(out.stdout.contains("size = 3"), "{}", out.stdout);
    let w = east
        .get("example.com/v1", "Widget", Some("default"), "w1")
        .unwrap_or_default();
    assert_eq!(w["spec"]["size"], 3);
    let second = dir.run(&["plan", "-detailed-exitcode", "-no-color"]);
    assert_eq!(second.code, 0, "{}\n{}", second.stdout, second.stderr);
    run_ok(&dir, &["destroy", "-auto-approve", "-no-color"]);
    assert!(east
        .get("example.com/v1", "Widget", Some("default"), "w1")
        .is_none());
}

#[test]
fn secret_data_is_shown_as_sensitive_and_never_printed() {
    let (dir, east) = one_cluster();
    dir.write(
        "main.tf",
        r#"
resource "kubernetes_secret_v1" "db" {
  metadata {
    name = "db"
  }
  data = {
    password = "correct-horse-battery"
  }
}
"#,
    );
    let plan = dir.run(&["plan", "-no-color"]);
    assert_eq!(plan.code, 0, "{}", plan.stderr);
    assert!(plan.stdout.contains("(sensitive value)"), "{}", plan.stdout);
    assert!(
        !plan.stdout.contains("correct-horse-battery"),
        "{}",
        plan.stdout
    );
    let out = run_ok(&dir, &["apply", "-auto-approve", "-no-color"]);
    assert!(!out.stdout.contains("correct-horse-battery"));
    let s = east
        .get("v1", "Secret", Some("default"), "db")
        .unwrap_or_default();
    assert_eq!(s["data"]["password"], "Y29ycmVjdC1ob3JzZS1iYXR0ZXJ5");
}

#[test]
fn refresh_lists_each_kind_and_namespace_once_instead_of_getting_each_object() {
    let (dir, east) = one_cluster();
    dir.write(
        "main.tf",
        r#"
resource "kubernetes_namespace_v1" "other" {
  metadata {
    name = "other"
  }
}

resource "kubernetes_config_map_v1" "many" {
  count = 40
  metadata {
    name      = "cm-${count.index}"
    namespace = count.index % 2 == 0 ? "default" : kubernetes_namespace_v1.other.metadata[0].name
  }
  data = { index = tostring(count.index) }
}

resource "kubernetes_manifest" "many" {
  count = 10
  manifest = {
    apiVersion = "v1"
    kind       = "ConfigMap"
    metadata   = { name = "m-${count.index}", namespace = "default" }
    data       = { index = tostring(count.index) }
  }
}
"#,
    );
    run_ok(&dir, &["apply", "-auto-approve", "-no-color"]);
    east.server.reset_requests();
    let out = dir.run(&["plan", "-refresh-only", "-detailed-exitcode", "-no-color"]);
    assert_eq!(out.code, 0, "{}\n{}", out.stdout, out.stderr);
    let requests = east.server.requests();
    let lists: Vec<&(String, String)> = requests.iter().filter(|(v, _)| v == "LIST").collect();
    let gets = requests
        .iter()
        .filter(|(v, p)| v == "GET" && p.contains("/configmaps/"))
        .count();
    assert_eq!(gets, 0, "no GET per object: {requests:?}");
    let mut paths: Vec<&str> = lists.iter().map(|(_, p)| p.as_str()).collect();
    paths.sort();
    assert_eq!(
        paths,
        vec![
            "/api/v1/namespaces/default/configmaps",
            "/api/v1/namespaces/default/configmaps",
            "/api/v1/namespaces/other/configmaps",
        ],
        "one LIST per kind and namespace per resource block"
    );
}

#[test]
fn a_cluster_whose_connection_comes_from_another_resource_is_deferred_then_applied() {
    let dir = Dir::new();
    let east = start(&dir, "east");
    dir.write(
        "main.tf",
        &format!(
            r#"
resource "terraform_data" "cluster" {{
  input = {{
    host  = "{url}"
    token = "{token}"
  }}
}}

provider "kubernetes" {{
  host  = terraform_data.cluster.output.host
  token = terraform_data.cluster.output.token
}}

resource "kubernetes_config_map_v1" "endpoint" {{
  metadata {{
    name = "endpoint"
  }}
  data = {{ ready = "yes" }}
}}
"#,
            url = east.server.url(),
            token = east.server.token()
        ),
    );
    let plan = dir.run(&["plan", "-no-color"]);
    assert_eq!(plan.code, 0, "{}\n{}", plan.stdout, plan.stderr);
    assert!(
        plan.stdout.to_lowercase().contains("defer"),
        "{}",
        plan.stdout
    );
    run_ok(&dir, &["apply", "-auto-approve", "-no-color"]);
    let cm = east
        .get("v1", "ConfigMap", Some("default"), "endpoint")
        .unwrap_or_default();
    assert_eq!(cm["data"]["ready"], "yes", "applied in the same run");
    let second = dir.run(&["plan", "-detailed-exitcode", "-no-color"]);
    assert_eq!(second.code, 0, "{}\n{}", second.stdout, second.stderr);
}

#[test]
fn data_sources_read_typed_and_any_objects() {
    let (dir, east) = one_cluster();
    east.kubectl_apply(
        "configmaps",
        json!({"apiVersion": "v1", "kind": "ConfigMap",
               "metadata": {"name": "site", "namespace": "default", "labels": {"tier": "web"}},
               "data": {"url": "https://shop.example"}}),
    );
    east.kubectl_apply(
        "secrets",
        json!({"apiVersion": "v1", "kind": "Secret",
               "metadata": {"name": "token", "namespace": "default"},
               "data": {"value": "czNjcjN0"}}),
    );
    dir.write(
        "main.tf",
        r#"
data "kubernetes_config_map_v1" "site" {
  metadata {
    name = "site"
  }
}

data "kubernetes_secret_v1" "token" {
  metadata {
    name = "token"
  }
}

data "kubernetes_resource" "site" {
  api_version = "v1"
  kind        = "ConfigMap"
  metadata {
    name      = "site"
    namespace = "default"
  }
}

data "kubernetes_resources" "web" {
  api_version    = "v1"
  kind           = "ConfigMap"
  namespace      = "default"
  label_selector = "tier=web"
}

data "kubernetes_namespace_v1" "default" {
  metadata {
    name = "default"
  }
}

output "url" {
  value = data.kubernetes_config_map_v1.site.data.url
}

output "any_url" {
  value = data.kubernetes_resource.site.object.data.url
}

output "listed" {
  value = [for o in data.kubernetes_resources.web.objects : o.metadata.name]
}

output "token" {
  value     = data.kubernetes_secret_v1.token.data.value
  sensitive = true
}

output "namespace_uid_known" {
  value = data.kubernetes_namespace_v1.default.metadata[0].uid != ""
}
"#,
    );
    let out = run_ok(&dir, &["apply", "-auto-approve", "-no-color"]);
    assert!(
        out.stdout.contains("url = \"https://shop.example\""),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains("any_url = \"https://shop.example\""),
        "{}",
        out.stdout
    );
    assert!(out.stdout.contains("\"site\""), "{}", out.stdout);
    assert!(
        out.stdout.contains("namespace_uid_known = true"),
        "{}",
        out.stdout
    );
    assert!(!out.stdout.contains("s3cr3t"), "{}", out.stdout);
    let token = run_ok(&dir, &["output", "-raw", "token"]);
    assert_eq!(token.stdout, "s3cr3t");
}

#[test]
fn every_other_typed_resource_applies_plans_empty_and_destroys() {
    let (dir, east) = one_cluster();
    dir.write(
        "main.tf",
        r#"
locals {
  pod = {
    labels = { app = "batch" }
    image  = "worker:1"
  }
}

resource "kubernetes_service_account_v1" "worker" {
  metadata {
    name = "worker"
  }
  automount_service_account_token = false
}

resource "kubernetes_role_v1" "reader" {
  metadata {
    name = "reader"
  }
  rule {
    api_groups = [""]
    resources  = ["configmaps"]
    verbs      = ["get", "list"]
  }
}

resource "kubernetes_role_binding_v1" "reader" {
  metadata {
    name = "reader"
  }
  role_ref {
    api_group = "rbac.authorization.k8s.io"
    kind      = "Role"
    name      = kubernetes_role_v1.reader.metadata[0].name
  }
  subject {
    kind      = "ServiceAccount"
    name      = kubernetes_service_account_v1.worker.metadata[0].name
    namespace = "default"
  }
}

resource "kubernetes_persistent_volume_claim_v1" "data" {
  metadata {
    name = "data"
  }
  spec {
    access_modes = ["ReadWriteOnce"]
    resources {
      requests = { storage = "1Gi" }
    }
  }
}

resource "kubernetes_stateful_set_v1" "db" {
  metadata {
    name = "db"
  }
  spec {
    service_name = "db"
    replicas     = 1
    selector {
      match_labels = { app = "db" }
    }
    template {
      metadata {
        labels = { app = "db" }
      }
      spec {
        container {
          name  = "db"
          image = "postgres:17"
          volume_mount {
            name       = "data"
            mount_path = "/var/lib/postgresql"
          }
        }
        volume {
          name = "data"
          persistent_volume_claim {
            claim_name = kubernetes_persistent_volume_claim_v1.data.metadata[0].name
          }
        }
      }
    }
  }
}

resource "kubernetes_daemon_set_v1" "agent" {
  metadata {
    name = "agent"
  }
  spec {
    selector {
      match_labels = { app = "agent" }
    }
    template {
      metadata {
        labels = { app = "agent" }
      }
      spec {
        container {
          name  = "agent"
          image = "agent:1"
        }
      }
    }
  }
}

resource "kubernetes_job_v1" "migrate" {
  metadata {
    name = "migrate"
  }
  spec {
    backoff_limit = 2
    template {
      metadata {
        labels = local.pod.labels
      }
      spec {
        service_account_name = kubernetes_service_account_v1.worker.metadata[0].name
        restart_policy       = "Never"
        container {
          name    = "migrate"
          image   = local.pod.image
          command = ["migrate", "up"]
        }
      }
    }
  }
}

resource "kubernetes_cron_job_v1" "report" {
  metadata {
    name = "report"
  }
  spec {
    schedule = "0 * * * *"
    job_template {
      metadata {}
      spec {
        template {
          metadata {
            labels = local.pod.labels
          }
          spec {
            restart_policy = "OnFailure"
            container {
              name  = "report"
              image = local.pod.image
            }
          }
        }
      }
    }
  }
}
"#,
    );
    run_ok(&dir, &["apply", "-auto-approve", "-no-color"]);
    let objects = [
        ("v1", "ServiceAccount", "worker"),
        ("rbac.authorization.k8s.io/v1", "Role", "reader"),
        ("rbac.authorization.k8s.io/v1", "RoleBinding", "reader"),
        ("v1", "PersistentVolumeClaim", "data"),
        ("apps/v1", "StatefulSet", "db"),
        ("apps/v1", "DaemonSet", "agent"),
        ("batch/v1", "Job", "migrate"),
        ("batch/v1", "CronJob", "report"),
    ];
    for (v, k, n) in objects {
        assert!(
            east.get(v, k, Some("default"), n).is_some(),
            "{k} {n} missing"
        );
    }
    let rb = east
        .get(
            "rbac.authorization.k8s.io/v1",
            "RoleBinding",
            Some("default"),
            "reader",
        )
        .unwrap_or_default();
    assert_eq!(rb["roleRef"]["name"], "reader");
    assert_eq!(rb["subjects"][0]["name"], "worker");
    let cj = east
        .get("batch/v1", "CronJob", Some("default"), "report")
        .unwrap_or_default();
    assert_eq!(
        cj["spec"]["jobTemplate"]["spec"]["template"]["spec"]["containers"][0]["image"],
        "worker:1"
    );
    let second = dir.run(&["plan", "-detailed-exitcode", "-no-color"]);
    assert_eq!(second.code, 0, "{}\n{}", second.stdout, second.stderr);
    run_ok(&dir, &["destroy", "-auto-approve", "-no-color"]);
    for (v, k, n) in objects {
        assert!(
            east.get(v, k, Some("default"), n).is_none(),
            "{k} {n} left behind"
        );
    }
}

#[test]
fn deletion_waits_for_finalizers_and_times_out_naming_them() {
    let (dir, east) = one_cluster();
    dir.write(
        "main.tf",
        r#"
resource "kubernetes_manifest" "held" {
  manifest = {
    apiVersion = "v1"
    kind       = "ConfigMap"
    metadata = {
      name       = "held"
      namespace  = "default"
      finalizers = ["example.com/hold"]
    }
    data = { a = "1" }
  }
  timeouts {
    delete = "1s"
  }
}
"#,
    );
    run_ok(&dir, &["apply", "-auto-approve", "-no-color"]);
    let out = dir.run(&["destroy", "-auto-approve", "-no-color"]);
    assert_eq!(out.code, 1, "{}\n{}", out.stdout, out.stderr);
    assert!(
        out.stderr
            .contains("Timed out waiting for ConfigMap default/held to be deleted"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("example.com/hold"), "{}", out.stderr);
    let held = east
        .get("v1", "ConfigMap", Some("default"), "held")
        .unwrap_or_default();
    assert!(held["metadata"]["deletionTimestamp"].is_string(), "{held}");
}

/// A config map, the object every connection test creates.
const CONFIG_MAP: &str = r#"
resource "kubernetes_config_map_v1" "probe" {
  metadata {
    name      = "probe"
    namespace = "default"
  }
  data = { connected = "yes" }
}
"#;

/// Applies `CONFIG_MAP` through `provider` and checks it reached the cluster
/// and that the second plan is empty.
fn connects_with(provider: &str) {
    let dir = Dir::new();
    let east = kube_cluster::start_tls(&dir, "east");
    let provider = provider
        .replace("URL", &east.server.url())
        .replace("TOKEN", &east.server.token());
    dir.write("main.tf", &format!("{provider}\n{CONFIG_MAP}"));
    run_ok(&dir, &["apply", "-auto-approve", "-no-color"]);
    let cm = east.get("v1", "ConfigMap", Some("default"), "probe");
    assert_eq!(cm.unwrap_or_default()["data"]["connected"], "yes");
    let plan = dir.run(&["plan", "-detailed-exitcode", "-no-color"]);
    assert_eq!(plan.code, 0, "{}\n{}", plan.stdout, plan.stderr);
}

#[test]
fn tls_with_host_ca_certificate_and_token() {
    connects_with(
        r#"provider "kubernetes" {
  host                   = "URL"
  cluster_ca_certificate = file("east-ca.pem")
  token                  = "TOKEN"
}"#,
    );
}

#[test]
fn tls_with_a_client_certificate_and_no_token() {
    connects_with(
        r#"provider "kubernetes" {
  host                   = "URL"
  cluster_ca_certificate = file("east-ca.pem")
  client_certificate     = file("east-client.pem")
  client_key             = file("east-client-key.pem")
}"#,
    );
}

#[test]
fn tls_with_a_kubeconfig_embedding_the_ca() {
    connects_with("provider \"kubernetes\" {\n  config_path = \"east.kubeconfig\"\n}");
}

#[test]
fn tls_insecure_needs_no_ca() {
    connects_with(
        r#"provider "kubernetes" {
  host     = "URL"
  token    = "TOKEN"
  insecure = true
}"#,
    );
}

#[test]
fn tls_without_the_token_or_a_client_certificate_is_refused() {
    let dir = Dir::new();
    let east = kube_cluster::start_tls(&dir, "east");
    dir.write(
        "main.tf",
        &format!(
            "provider \"kubernetes\" {{\n  host = \"{}\"\n  cluster_ca_certificate = file(\"east-ca.pem\")\n  token = \"wrong\"\n}}\n{CONFIG_MAP}",
            east.server.url()
        ),
    );
    let out = dir.run(&["apply", "-auto-approve", "-no-color"]);
    assert_eq!(out.code, 1, "{}\n{}", out.stdout, out.stderr);
    assert!(out.stderr.contains("401"), "{}", out.stderr);
    assert!(east
        .get("v1", "ConfigMap", Some("default"), "probe")
        .is_none());
}

#[test]
fn a_server_certificate_from_another_ca_is_a_clear_diagnostic() {
    let dir = Dir::new();
    let east = kube_cluster::start_tls(&dir, "east");
    let _west = kube_cluster::start_tls(&dir, "west");
    dir.write(
        "main.tf",
        &format!(
            "provider \"kubernetes\" {{\n  host = \"{}\"\n  cluster_ca_certificate = file(\"west-ca.pem\")\n  token = \"{}\"\n}}\n{CONFIG_MAP}",
            east.server.url(),
            east.server.token()
        ),
    );
    let out = dir.run(&["apply", "-auto-approve", "-no-color"]);
    assert_eq!(out.code, 1, "{}\n{}", out.stdout, out.stderr);
    let err = &out.stderr;
    assert!(err.contains("Error:"), "{err}");
    assert!(err.contains("UnknownIssuer"), "{err}");
    assert!(err.contains("cluster_ca_certificate"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(!err.contains(" { "), "a Debug dump: {err}");
    assert!(!err.contains(&east.server.token()), "{err}");
    assert!(east
        .get("v1", "ConfigMap", Some("default"), "probe")
        .is_none());
}

/// Writes an executable `NAME` script into `dir`, returning its absolute path.
fn script(dir: &Dir, name: &str, body: &str) -> String {
    use std::os::unix::fs::PermissionsExt;
    dir.write(name, body);
    let path = dir.path().join(name);
    let made = std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755));
    assert!(made.is_ok(), "chmod {name}: {made:?}");
    path.to_string_lossy().into_owned()
}

#[test]
fn an_exec_plugin_supplies_the_token() {
    let dir = Dir::new();
    let east = kube_cluster::start_tls(&dir, "east");
    let command = script(
        &dir,
        "credential.sh",
        "#!/bin/sh\n[ \"$1\" = \"--cluster\" ] && [ \"$2\" = \"east\" ] || exit 3\nprintf '{\"apiVersion\":\"client.authentication.k8s.io/v1\",\"kind\":\"ExecCredential\",\"status\":{\"token\":\"%s\"}}' \"$EAST_TOKEN\"\n",
    );
    dir.write(
        "main.tf",
        &format!(
            r#"provider "kubernetes" {{
  host                   = "{url}"
  cluster_ca_certificate = file("east-ca.pem")
  exec {{
    api_version = "client.authentication.k8s.io/v1"
    command     = "{command}"
    args        = ["--cluster", "east"]
    env         = {{ EAST_TOKEN = "{token}" }}
  }}
}}
{CONFIG_MAP}"#,
            url = east.server.url(),
            token = east.server.token(),
        ),
    );
    run_ok(&dir, &["apply", "-auto-approve", "-no-color"]);
    let cm = east.get("v1", "ConfigMap", Some("default"), "probe");
    assert_eq!(cm.unwrap_or_default()["data"]["connected"], "yes");
    let plan = dir.run(&["plan", "-detailed-exitcode", "-no-color"]);
    assert_eq!(plan.code, 0, "{}\n{}", plan.stdout, plan.stderr);
}

#[test]
fn a_failing_exec_plugin_is_a_diagnostic_naming_the_command() {
    let dir = Dir::new();
    let east = kube_cluster::start_tls(&dir, "east");
    let command = script(
        &dir,
        "no-credential.sh",
        "#!/bin/sh\necho 'login expired' >&2\nexit 1\n",
    );
    dir.write(
        "main.tf",
        &format!(
            r#"provider "kubernetes" {{
  host                   = "{url}"
  cluster_ca_certificate = file("east-ca.pem")
  exec {{
    api_version = "client.authentication.k8s.io/v1"
    command     = "{command}"
  }}
}}
{CONFIG_MAP}"#,
            url = east.server.url(),
        ),
    );
    let out = dir.run(&["apply", "-auto-approve", "-no-color"]);
    assert_eq!(out.code, 1, "{}\n{}", out.stdout, out.stderr);
    let err = &out.stderr;
    assert!(err.contains("no-credential.sh"), "{err}");
    assert!(err.contains("exit status: 1"), "{err}");
    assert!(!err.contains("KUBERNETES_EXEC_INFO"), "{err}");
    assert!(!err.contains(" { "), "a Debug dump: {err}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(east
        .get("v1", "ConfigMap", Some("default"), "probe")
        .is_none());
}

#[test]
fn quantities_the_server_rewrites_are_not_drift() {
    let (dir, east) = one_cluster();
    dir.write(
        "main.tf",
        r#"
resource "kubernetes_deployment_v1" "web" {
  metadata {
    name      = "web"
    namespace = "default"
  }
  spec {
    selector {
      match_labels = { app = "web" }
    }
    template {
      metadata {
        labels = { app = "web" }
      }
      spec {
        container {
          name  = "web"
          image = "nginx:1.27"
          resources {
            limits   = { cpu = "0.5", memory = "1024Mi" }
            requests = { cpu = "0.25" }
          }
        }
      }
    }
  }
}

resource "kubernetes_manifest" "worker" {
  manifest = {
    apiVersion = "v1"
    kind       = "Pod"
    metadata   = { name = "worker", namespace = "default" }
    spec = {
      containers = [{
        name      = "worker"
        image     = "busybox:1.36"
        resources = { limits = { cpu = "1.5", memory = "0.5Gi" } }
      }]
    }
  }
}
"#,
    );
    run_ok(&dir, &["apply", "-auto-approve", "-no-color"]);
    let d = east
        .get("apps/v1", "Deployment", Some("default"), "web")
        .unwrap_or_default();
    let c = &d["spec"]["template"]["spec"]["containers"][0]["resources"];
    assert_eq!(c["limits"]["cpu"], "500m");
    assert_eq!(c["limits"]["memory"], "1Gi");
    assert_eq!(c["requests"]["cpu"], "250m");
    let p = east
        .get("v1", "Pod", Some("default"), "worker")
        .unwrap_or_default();
    let r = &p["spec"]["containers"][0]["resources"]["limits"];
    assert_eq!(
        (r["cpu"].clone(), r["memory"].clone()),
        (json!("1500m"), json!("512Mi"))
    );
    for args in [
        &["plan", "-detailed-exitcode", "-no-color"][..],
        &["plan", "-refresh-only", "-detailed-exitcode", "-no-color"][..],
    ] {
        let out = dir.run(args);
        assert_eq!(out.code, 0, "{args:?}\n{}\n{}", out.stdout, out.stderr);
    }
    // A real change of value is still a change.
    let config = dir
        .read("main.tf")
        .replace("cpu = \"0.5\"", "cpu = \"0.75\"");
    dir.write("main.tf", &config);
    let out = dir.run(&["plan", "-detailed-exitcode", "-no-color"]);
    assert_eq!(out.code, 2, "{}\n{}", out.stdout, out.stderr);
    assert!(out.stdout.contains("\"0.75\""), "{}", out.stdout);
}

#[test]
fn the_service_data_source_reads_a_service_made_elsewhere() {
    let (dir, east) = one_cluster();
    east.kubectl_apply(
        "services",
        json!({"apiVersion": "v1", "kind": "Service",
               "metadata": {"name": "db", "namespace": "default", "labels": {"tier": "data"}},
               "spec": {"selector": {"app": "db"},
                        "ports": [{"name": "pg", "port": 5432, "targetPort": 5432}]}}),
    );
    let ip = east
        .get("v1", "Service", Some("default"), "db")
        .unwrap_or_default()["spec"]["clusterIP"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    assert!(!ip.is_empty());
    dir.write(
        "main.tf",
        r#"
data "kubernetes_service_v1" "db" {
  metadata {
    name = "db"
  }
}

output "cluster_ip" {
  value = data.kubernetes_service_v1.db.spec[0].cluster_ip
}

output "port" {
  value = data.kubernetes_service_v1.db.spec[0].port[0].port
}

output "tier" {
  value = data.kubernetes_service_v1.db.metadata[0].labels.tier
}
"#,
    );
    let out = run_ok(&dir, &["apply", "-auto-approve", "-no-color"]);
    assert!(
        out.stdout.contains(&format!("cluster_ip = \"{ip}\"")),
        "{}",
        out.stdout
    );
    assert!(out.stdout.contains("port = 5432"), "{}", out.stdout);
    assert!(out.stdout.contains("tier = \"data\""), "{}", out.stdout);

    dir.write(
        "main.tf",
        "data \"kubernetes_service_v1\" \"missing\" {\n  metadata {\n    name = \"nope\"\n  }\n}\n",
    );
    let out = dir.run(&["plan", "-no-color"]);
    assert_eq!(out.code, 1, "{}\n{}", out.stdout, out.stderr);
    assert!(out.stderr.contains("nope"), "{}", out.stderr);
}

/// A Deployment as a manifest, with `wait` and `timeouts` blocks.
fn waited_deployment(name: &str, wait: &str, timeout: &str) -> String {
    let label = name.replace('-', "_");
    format!(
        r#"
resource "kubernetes_manifest" "{label}" {{
  manifest = {{
    apiVersion = "apps/v1"
    kind       = "Deployment"
    metadata   = {{ name = "{name}", namespace = "default" }}
    spec = {{
      replicas = 2
      selector = {{ matchLabels = {{ app = "{name}" }} }}
      template = {{
        metadata = {{ labels = {{ app = "{name}" }} }}
        spec     = {{ containers = [{{ name = "app", image = "nginx:1.27" }}] }}
      }}
    }}
  }}
  wait {{
    {wait}
  }}
  timeouts {{
    create = "{timeout}"
  }}
}}
"#
    )
}

#[test]
fn manifest_waits_for_fields_and_conditions_set_by_the_controller() {
    let (dir, east) = one_cluster();
    east.server
        .set_rollout_delay(std::time::Duration::from_millis(1500));
    dir.write(
        "main.tf",
        &format!(
            "{}{}",
            waited_deployment(
                "by-fields",
                "fields = { \"status.readyReplicas\" = \"^2$\", \"status.conditions.0.type\" = \"Available\" }",
                "30s"
            ),
            waited_deployment(
                "by-condition",
                "condition {\n      type   = \"Available\"\n      status = \"True\"\n    }",
                "30s"
            )
        ),
    );
    let started = std::time::Instant::now();
    run_ok(&dir, &["apply", "-auto-approve", "-no-color"]);
    assert!(
        started.elapsed() >= std::time::Duration::from_millis(1500),
        "apply returned before the rollout: {:?}",
        started.elapsed()
    );
    for name in ["by-fields", "by-condition"] {
        let d = east
            .get("apps/v1", "Deployment", Some("default"), name)
            .unwrap_or_default();
        assert_eq!(d["status"]["readyReplicas"], 2, "{name}: {d}");
        let available = d["status"]["conditions"].as_array().is_some_and(|cs| {
            cs.iter()
                .any(|c| c["type"] == "Available" && c["status"] == "True")
        });
        assert!(available, "{name}: {d}");
    }
    let plan = dir.run(&["plan", "-detailed-exitcode", "-no-color"]);
    assert_eq!(plan.code, 0, "{}\n{}", plan.stdout, plan.stderr);
}

#[test]
fn a_manifest_condition_that_never_comes_times_out_naming_it() {
    let (dir, east) = one_cluster();
    dir.write(
        "main.tf",
        &waited_deployment(
            "stuck",
            "condition {\n      type   = \"ReplicaFailure\"\n      status = \"True\"\n    }",
            "2s",
        ),
    );
    let out = dir.run(&["apply", "-auto-approve", "-no-color"]);
    assert_eq!(out.code, 1, "{}\n{}", out.stdout, out.stderr);
    assert!(out.stderr.contains("ReplicaFailure"), "{}", out.stderr);
    assert!(out.stderr.contains("default/stuck"), "{}", out.stderr);
    assert!(east
        .get("apps/v1", "Deployment", Some("default"), "stuck")
        .is_some());
}

#[test]
fn in_cluster_configuration_uses_the_service_account() {
    let dir = Dir::new();
    let east = kube_cluster::start_tls(&dir, "east");
    dir.write("sa/token", &east.server.token());
    dir.write("sa/ca.crt", &east.server.ca_pem().unwrap_or_default());
    dir.write("sa/namespace", "default");
    let port = east
        .server
        .url()
        .rsplit(':')
        .next()
        .unwrap_or_default()
        .to_string();
    let sa = dir.path().join("sa").to_string_lossy().into_owned();
    dir.write(
        "main.tf",
        &format!("provider \"kubernetes\" {{}}\n{CONFIG_MAP}"),
    );
    let env = [
        ("KUBERNETES_SERVICE_HOST", "127.0.0.1"),
        ("KUBERNETES_SERVICE_PORT", port.as_str()),
        ("TERRACE_KUBERNETES_SERVICE_ACCOUNT_DIR", sa.as_str()),
        ("KUBECONFIG", ""),
        ("KUBE_CONFIG_PATH", ""),
        ("KUBE_CONFIG_PATHS", ""),
    ];
    let out = dir.run_with(&["apply", "-auto-approve", "-no-color"], "", &env);
    assert_eq!(out.code, 0, "{}\n{}", out.stdout, out.stderr);
    let cm = east.get("v1", "ConfigMap", Some("default"), "probe");
    assert_eq!(cm.unwrap_or_default()["data"]["connected"], "yes");

    // A wrong token in the service account is refused by the server.
    dir.write("sa/token", "not-the-token");
    let out = dir.run_with(&["destroy", "-auto-approve", "-no-color"], "", &env);
    assert_eq!(out.code, 1, "{}\n{}", out.stdout, out.stderr);
    assert!(out.stderr.contains("401"), "{}", out.stderr);
}

/// A LoadBalancer service named `name`, with `extra` attributes.
fn load_balancer(name: &str, extra: &str) -> String {
    format!(
        r#"
resource "kubernetes_service_v1" "{name}" {{
  metadata {{
    name      = "{name}"
    namespace = "default"
  }}
  spec {{
    type     = "LoadBalancer"
    selector = {{ app = "web" }}
    port {{
      port = 80
    }}
  }}
  {extra}
}}
"#
    )
}

fn ingress_ip(c: &Cluster, name: &str) -> Option<String> {
    c.get("v1", "Service", Some("default"), name)?["status"]["loadBalancer"]["ingress"][0]["ip"]
        .as_str()
        .map(String::from)
}

#[test]
fn a_load_balancer_service_waits_for_its_ingress_address() {
    let (dir, east) = one_cluster();
    east.server
        .set_rollout_delay(std::time::Duration::from_millis(1500));
    dir.write(
        "main.tf",
        &format!(
            "{}output \"ip\" {{\n  value = kubernetes_service_v1.lb.status[0].load_balancer[0].ingress[0].ip\n}}\n",
            load_balancer("lb", "")
        ),
    );
    run_ok(&dir, &["apply", "-auto-approve", "-no-color"]);
    let ip = ingress_ip(&east, "lb");
    assert!(
        ip.as_deref().is_some_and(|ip| ip.starts_with("203.0.113.")),
        "no ingress address after apply: {ip:?}"
    );
    // The address is readable from the resource, as with Terraform's status.
    let out = dir.run(&["output", "-raw", "ip"]);
    assert_eq!(Some(out.stdout.as_str()), ip.as_deref(), "{}", out.stderr);
    let plan = dir.run(&["plan", "-refresh-only", "-detailed-exitcode", "-no-color"]);
    assert_eq!(plan.code, 0, "{}\n{}", plan.stdout, plan.stderr);

    // Without the wait, apply returns before the address is assigned.
    let (dir, east) = one_cluster();
    east.server
        .set_rollout_delay(std::time::Duration::from_secs(5));
    dir.write(
        "main.tf",
        &load_balancer("quick", "wait_for_load_balancer = false"),
    );
    run_ok(&dir, &["apply", "-auto-approve", "-no-color"]);
    assert_eq!(ingress_ip(&east, "quick"), None);
}
