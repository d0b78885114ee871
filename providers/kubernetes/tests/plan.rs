//! Planning needs no cluster: these tests check the plans of typed
//! resources and manifests through the SDK harness, the way the engine
//! checks them, with a provider configured for an unreachable server.

use serde_json::json;
use terrace_provider_sdk::testing::{assert_no_errors, attr, Harness};
use terrace_provider_sdk::{PathStep, Value};

async fn harness(dir: &tempfile::TempDir) -> Harness {
    let path = dir.path().join("kubeconfig");
    let kubeconfig = "apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster:\n    server: http://127.0.0.1:9\nusers:\n- name: u\n  user:\n    token: t\ncontexts:\n- name: c\n  context:\n    cluster: c\n    user: u\ncurrent-context: c\n";
    std::fs::write(&path, kubeconfig).expect("write kubeconfig");
    Harness::new(
        Box::new(terrace_provider_kubernetes::Kubernetes::default()),
        json!({"config_path": path.to_string_lossy()}),
    )
    .await
}

fn deployment(replicas: &str) -> serde_json::Value {
    json!({
        "metadata": [{"name": "web"}],
        "spec": [{
            "replicas": replicas,
            "selector": [{"match_labels": {"app": "web"}}],
            "template": [{
                "metadata": [{"labels": {"app": "web"}}],
                "spec": [{"container": [{"name": "web", "image": "nginx"}]}]
            }]
        }]
    })
}

fn first<'a>(v: &'a Value, name: &str) -> &'a Value {
    attr(v, name)
        .as_elements()
        .and_then(|e| e.first())
        .unwrap_or(&Value::Null(terrace_provider_sdk::Type::Dynamic))
}

#[tokio::test]
async fn a_deployment_plan_fills_defaults_and_leaves_server_values_unknown() {
    let dir = tempfile::tempdir().expect("temp dir");
    let h = harness(&dir).await;
    let config = h.config("kubernetes_deployment_v1", deployment("2"));
    let plan = h
        .plan("kubernetes_deployment_v1", None, Some(&config))
        .await;
    assert_no_errors("plan", &plan.diagnostics);
    let planned = plan.planned_state.expect("planned");
    assert_eq!(attr(&planned, "wait_for_rollout"), &Value::Bool(true));
    assert_eq!(attr(&planned, "id"), &Value::string("default/web"));
    let meta = first(&planned, "metadata");
    assert_eq!(attr(meta, "namespace"), &Value::string("default"));
    assert!(!attr(meta, "uid").is_known());
    assert!(!attr(meta, "resource_version").is_known());
}

#[tokio::test]
async fn an_unchanged_configuration_plans_the_prior_state_and_a_change_plans_an_update() {
    let dir = tempfile::tempdir().expect("temp dir");
    let h = harness(&dir).await;
    let mut stored = deployment("2");
    stored["metadata"][0]["namespace"] = json!("default");
    stored["metadata"][0]["uid"] = json!("u-1");
    stored["metadata"][0]["resource_version"] = json!("7");
    stored["metadata"][0]["generation"] = json!(1);
    stored["wait_for_rollout"] = json!(true);
    stored["id"] = json!("default/web");
    let prior = h.config("kubernetes_deployment_v1", stored);
    h.assert_no_op("kubernetes_deployment_v1", &prior, deployment("2"))
        .await;

    let config = h.config("kubernetes_deployment_v1", deployment("3"));
    let plan = h
        .plan("kubernetes_deployment_v1", Some(&prior), Some(&config))
        .await;
    assert_no_errors("plan", &plan.diagnostics);
    let planned = plan.planned_state.expect("planned");
    let meta = first(&planned, "metadata");
    assert_eq!(attr(meta, "uid"), &Value::string("u-1"));
    assert!(
        !attr(meta, "resource_version").is_known(),
        "an update gets a new resource version"
    );

    let mut renamed = deployment("2");
    renamed["metadata"][0]["name"] = json!("web2");
    let paths = h
        .replace_paths("kubernetes_deployment_v1", &prior, renamed)
        .await;
    assert!(
        paths.iter().any(|p| p.0
            == vec![
                PathStep::Attr("metadata".into()),
                PathStep::Index(0),
                PathStep::Attr("name".into())
            ]),
        "{paths:?}"
    );
}

#[tokio::test]
async fn a_bad_attribute_value_is_a_diagnostic_naming_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let h = harness(&dir).await;
    let mut stored = deployment("2");
    stored["metadata"][0]["namespace"] = json!("default");
    stored["metadata"][0]["uid"] = json!("u-1");
    stored["metadata"][0]["resource_version"] = json!("7");
    stored["metadata"][0]["generation"] = json!(1);
    stored["wait_for_rollout"] = json!(true);
    stored["id"] = json!("default/web");
    let prior = h.config("kubernetes_deployment_v1", stored);
    let config = h.config("kubernetes_deployment_v1", deployment("two"));
    let plan = h
        .plan("kubernetes_deployment_v1", Some(&prior), Some(&config))
        .await;
    // The plan itself stands; the conversion fails where the object is built.
    let planned = plan.planned_state.expect("planned");
    let applied = h
        .provider()
        .apply_resource(terrace_provider_sdk::ApplyRequest {
            type_name: "kubernetes_deployment_v1".into(),
            prior_state: Some(prior.clone()),
            planned_state: Some(planned),
            config: Some(config),
            planned_private: Vec::new(),
        })
        .await;
    let text = terrace_provider_sdk::testing::diagnostics_text(&applied.diagnostics);
    assert!(
        text.contains("spec[0].replicas must be a whole number"),
        "{text}"
    );
}

#[tokio::test]
async fn a_manifest_keeps_its_object_while_nothing_managed_changed() {
    let dir = tempfile::tempdir().expect("temp dir");
    let h = harness(&dir).await;
    let manifest = json!({"apiVersion": "v1", "kind": "ConfigMap",
        "metadata": {"name": "c", "namespace": "default"}, "data": {"a": "1"}});
    let config = h.config("kubernetes_manifest", json!({"manifest": manifest}));
    let plan = h.plan("kubernetes_manifest", None, Some(&config)).await;
    assert_no_errors("plan", &plan.diagnostics);
    assert!(!attr(plan.planned_state.as_ref().expect("planned"), "object").is_known());

    let prior = h.config(
        "kubernetes_manifest",
        json!({"manifest": manifest, "object": manifest}),
    );
    h.assert_no_op("kubernetes_manifest", &prior, json!({"manifest": manifest}))
        .await;

    let drifted = json!({"apiVersion": "v1", "kind": "ConfigMap",
        "metadata": {"name": "c", "namespace": "default"}, "data": {"a": "2"}});
    let prior = h.config(
        "kubernetes_manifest",
        json!({"manifest": manifest, "object": drifted}),
    );
    let plan = h
        .plan("kubernetes_manifest", Some(&prior), Some(&config))
        .await;
    assert!(
        !attr(plan.planned_state.as_ref().expect("planned"), "object").is_known(),
        "drift plans an update"
    );
}
