//! The server as the real kube client sees it: discovery, CRUD with Status errors,
//! server-side apply, concurrency, finalizers, namespaces, controllers and CRDs.

mod support;

use std::time::Duration;

use k8s_openapi::api::apps::v1::Deployment;
use k8s_openapi::api::core::v1::{ConfigMap, Namespace, Secret, Service};
use kube::api::{Api, DeleteParams, ListParams, Patch, PatchParams, PostParams};
use kube::core::{ApiResource, DynamicObject, GroupVersionKind};
use kube::discovery::{Discovery, Scope};
use serde_json::{json, Value};
use support::{api_error, client, eventually};
use terrace_kube_apiserver::ApiServer;

fn deployment(name: &str, replicas: Option<i64>, image: &str) -> Value {
    let mut d = json!({
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": {"name": name, "labels": {"app": name}},
        "spec": {
            "selector": {"matchLabels": {"app": name}},
            "template": {
                "metadata": {"labels": {"app": name}},
                "spec": {"containers": [{"name": "web", "image": image, "ports": [{"containerPort": 80}]}]}
            }
        }
    });
    if let Some(r) = replicas {
        d["spec"]["replicas"] = json!(r);
    }
    d
}

fn entry<'a>(obj: &'a Value, manager: &str, operation: &str) -> Option<&'a Value> {
    obj["metadata"]["managedFields"]
        .as_array()?
        .iter()
        .find(|e| e["manager"] == manager && e["operation"] == operation)
}

#[tokio::test]
async fn discovery_lists_builtin_groups_and_scopes() {
    let server = ApiServer::start("disco");
    let c = client(&server).await;
    let info = c.apiserver_version().await.expect("version");
    assert_eq!(info.major, "1");
    let discovery = Discovery::new(c.clone())
        .run()
        .await
        .expect("discovery runs");
    let apps = discovery.get("apps").expect("apps group");
    let (ar, caps) = apps
        .recommended_kind("Deployment")
        .expect("Deployment served");
    assert_eq!(ar.plural, "deployments");
    assert_eq!(ar.api_version, "apps/v1");
    assert_eq!(caps.scope, Scope::Namespaced);
    assert!(caps
        .subresources
        .iter()
        .any(|(r, _)| r.plural == "deployments/status" || r.plural == "status"));
    let core = discovery.get("").expect("core group");
    let (ns, ns_caps) = core
        .recommended_kind("Namespace")
        .expect("Namespace served");
    assert_eq!(ns.plural, "namespaces");
    assert_eq!(ns_caps.scope, Scope::Cluster);
    for (group, kind) in [
        ("batch", "CronJob"),
        ("networking.k8s.io", "Ingress"),
        ("autoscaling", "HorizontalPodAutoscaler"),
        ("rbac.authorization.k8s.io", "ClusterRoleBinding"),
        ("apiextensions.k8s.io", "CustomResourceDefinition"),
    ] {
        assert!(
            discovery
                .get(group)
                .and_then(|g| g.recommended_kind(kind))
                .is_some(),
            "{kind} missing"
        );
    }
    let err = api_error(c.request::<Value>(http_get("/openapi/v2")).await);
    assert_eq!(err.code, 404);
}

fn http_get(path: &str) -> http::Request<Vec<u8>> {
    http::Request::get(path)
        .body(Vec::new())
        .expect("request builds")
}

#[tokio::test]
async fn crud_answers_with_the_real_codes_and_status_bodies() {
    let server = ApiServer::start("crud");
    let c = client(&server).await;
    let cms: Api<ConfigMap> = Api::namespaced(c.clone(), "default");
    let cm: ConfigMap = serde_json::from_value(json!({
        "metadata": {"name": "settings", "labels": {"tier": "web"}},
        "data": {"a": "1"}
    }))
    .expect("config map");
    let created = cms
        .create(&PostParams::default(), &cm)
        .await
        .expect("create");
    let meta = &created.metadata;
    assert!(meta.uid.as_deref().is_some_and(|u| u.len() == 36));
    assert!(meta.creation_timestamp.is_some());
    assert!(meta.resource_version.is_some());
    assert_eq!(meta.namespace.as_deref(), Some("default"));

    let again = api_error(cms.create(&PostParams::default(), &cm).await);
    assert_eq!((again.code, again.reason.as_str()), (409, "AlreadyExists"));
    assert_eq!(again.message, "configmaps \"settings\" already exists");

    let nameless: ConfigMap = serde_json::from_value(json!({"metadata": {}})).expect("config map");
    let invalid = api_error(cms.create(&PostParams::default(), &nameless).await);
    assert_eq!((invalid.code, invalid.reason.as_str()), (422, "Invalid"));
    assert!(
        invalid.message.contains("metadata.name: Required value"),
        "{}",
        invalid.message
    );

    let other: ConfigMap =
        serde_json::from_value(json!({"metadata": {"name": "other"}})).expect("config map");
    cms.create(&PostParams::default(), &other)
        .await
        .expect("create other");
    let by_label = cms
        .list(&ListParams::default().labels("tier=web"))
        .await
        .expect("list");
    assert_eq!(by_label.items.len(), 1);
    let by_name = cms
        .list(&ListParams::default().fields("metadata.name=other"))
        .await
        .expect("list");
    assert_eq!(by_name.items[0].metadata.name.as_deref(), Some("other"));
    let page = cms
        .list(&ListParams::default().limit(1))
        .await
        .expect("page 1");
    assert_eq!(page.items.len(), 1);
    let token = page.metadata.continue_.clone().expect("continue token");
    let rest = cms
        .list(&ListParams::default().limit(1).continue_token(&token))
        .await
        .expect("page 2");
    assert_eq!(rest.items.len(), 1);
    assert_ne!(rest.items[0].metadata.name, page.items[0].metadata.name);

    let mut fetched = cms.get("settings").await.expect("get");
    fetched.data = Some([("a".to_string(), "2".to_string())].into());
    let replaced = cms
        .replace("settings", &PostParams::default(), &fetched)
        .await
        .expect("replace");
    assert_ne!(
        replaced.metadata.resource_version,
        fetched.metadata.resource_version
    );
    let stale = api_error(
        cms.replace("settings", &PostParams::default(), &fetched)
            .await,
    );
    assert_eq!((stale.code, stale.reason.as_str()), (409, "Conflict"));
    assert_eq!(
        stale.message,
        "Operation cannot be fulfilled on configmaps \"settings\": the object has been modified; please apply your changes to the latest version and try again"
    );

    let deleted = cms
        .delete("settings", &DeleteParams::default())
        .await
        .expect("delete");
    assert!(
        deleted.is_right(),
        "an object without finalizers is gone at once"
    );
    let missing = api_error(cms.get("settings").await);
    assert_eq!((missing.code, missing.reason.as_str()), (404, "NotFound"));
    assert_eq!(missing.message, "configmaps \"settings\" not found");
    let deps: Api<Deployment> = Api::namespaced(c.clone(), "default");
    let missing = api_error(deps.get("web").await);
    assert_eq!(missing.message, "deployments.apps \"web\" not found");
    assert_eq!(missing.details.map(|d| d.group), Some("apps".to_string()));

    let elsewhere: Api<ConfigMap> = Api::namespaced(c, "nowhere");
    let no_ns = api_error(elsewhere.create(&PostParams::default(), &cm).await);
    assert_eq!(
        (no_ns.code, no_ns.message.as_str()),
        (404, "namespaces \"nowhere\" not found")
    );
}

#[tokio::test]
async fn server_side_apply_tracks_owners_and_reports_conflicts() {
    let server = ApiServer::start("ssa");
    let c = client(&server).await;
    let deps: Api<Deployment> = Api::namespaced(c.clone(), "default");
    let raw: Api<DynamicObject> = Api::namespaced_with(
        c.clone(),
        "default",
        &ApiResource::from_gvk(&GroupVersionKind::gvk("apps", "v1", "Deployment")),
    );
    let applied = deps
        .patch(
            "web",
            &PatchParams::apply("terrace"),
            &Patch::Apply(deployment("web", Some(2), "nginx:1.27")),
        )
        .await
        .expect("apply creates");
    assert_eq!(applied.metadata.generation, Some(1));
    let stored = server
        .get("apps/v1", "Deployment", Some("default"), "web")
        .expect("stored");
    let mine = entry(&stored, "terrace", "Apply").expect("apply entry");
    assert_eq!(mine["fieldsType"], "FieldsV1");
    assert_eq!(mine["apiVersion"], "apps/v1");
    let fields = &mine["fieldsV1"];
    assert_eq!(fields["f:spec"]["f:replicas"], json!({}));
    assert_eq!(fields["f:metadata"]["f:labels"]["f:app"], json!({}));
    let container =
        &fields["f:spec"]["f:template"]["f:spec"]["f:containers"]["k:{\"name\":\"web\"}"];
    assert_eq!(container["."], json!({}));
    assert_eq!(container["f:image"], json!({}));
    assert!(
        container["f:ports"]["k:{\"containerPort\":80,\"protocol\":\"TCP\"}"].is_object(),
        "{container}"
    );
    assert!(
        fields["f:spec"].get("f:revisionHistoryLimit").is_none(),
        "defaults are not owned"
    );
    assert!(
        container.get("f:imagePullPolicy").is_none(),
        "defaults are not owned"
    );
    assert_eq!(stored["spec"]["revisionHistoryLimit"], 10);
    assert_eq!(
        stored["spec"]["strategy"]["rollingUpdate"]["maxSurge"],
        "25%"
    );
    assert_eq!(
        stored["spec"]["template"]["spec"]["containers"][0]["imagePullPolicy"],
        "IfNotPresent"
    );

    // Another manager changes replicas with a plain update: it takes the field over.
    deps.patch(
        "web",
        &PatchParams {
            field_manager: Some("kubectl".into()),
            ..Default::default()
        },
        &Patch::Merge(json!({"spec": {"replicas": 5}})),
    )
    .await
    .expect("merge patch");
    let stored = server
        .get("apps/v1", "Deployment", Some("default"), "web")
        .expect("stored");
    assert!(entry(&stored, "kubectl", "Update").is_some());
    assert!(
        entry(&stored, "terrace", "Apply").expect("apply entry")["fieldsV1"]["f:spec"]
            .get("f:replicas")
            .is_none()
    );

    // Applying the old value now conflicts with the updater.
    let conflict = api_error(
        deps.patch(
            "web",
            &PatchParams::apply("terrace"),
            &Patch::Apply(deployment("web", Some(2), "nginx:1.27")),
        )
        .await,
    );
    assert_eq!((conflict.code, conflict.reason.as_str()), (409, "Conflict"));
    assert!(
        conflict.message.starts_with(
            "Apply failed with 1 conflict: conflict with \"kubectl\" using apps/v1 at "
        ),
        "{}",
        conflict.message
    );
    assert!(
        conflict.message.ends_with(": .spec.replicas"),
        "{}",
        conflict.message
    );

    // An applier with the same value shares ownership without conflict.
    deps.patch("web", &PatchParams::apply("other"), &Patch::Apply(json!({
        "apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web"}, "spec": {"replicas": 5}
    })))
    .await
    .expect("same value shares");

    // Two appliers, different values: the message names the applier without a version.
    let two = api_error(
        deps.patch("web", &PatchParams::apply("third"), &Patch::Apply(json!({
            "apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web"}, "spec": {"replicas": 7}
        })))
        .await,
    );
    assert!(
        two.message.starts_with(
            "Apply failed with 2 conflicts: conflicts with \"kubectl\" using apps/v1 at "
        ),
        "{}",
        two.message
    );
    assert!(
        two.message
            .contains("conflicts with \"other\":\n- .spec.replicas"),
        "{}",
        two.message
    );

    // Force moves ownership.
    let forced = deps
        .patch(
            "web",
            &PatchParams::apply("terrace").force(),
            &Patch::Apply(deployment("web", Some(2), "nginx:1.27")),
        )
        .await
        .expect("forced apply");
    assert_eq!(forced.spec.as_ref().and_then(|s| s.replicas), Some(2));
    let stored = server
        .get("apps/v1", "Deployment", Some("default"), "web")
        .expect("stored");
    assert!(
        entry(&stored, "kubectl", "Update").is_none(),
        "kubectl owned only replicas"
    );
    assert!(
        entry(&stored, "other", "Apply").is_none(),
        "other owned only replicas"
    );
    assert_eq!(
        entry(&stored, "terrace", "Apply").expect("entry")["fieldsV1"]["f:spec"]["f:replicas"],
        json!({})
    );

    // Omitting fields the applier owned alone removes them; the server re-defaults replicas.
    let mut slim = deployment("web", None, "nginx:1.27");
    slim["metadata"]["labels"] = json!({});
    let slimmed = raw
        .patch("web", &PatchParams::apply("terrace"), &Patch::Apply(slim))
        .await
        .expect("apply");
    assert_eq!(slimmed.data["spec"]["replicas"], 1);
    assert!(slimmed
        .metadata
        .labels
        .as_ref()
        .is_none_or(|l| !l.contains_key("app")));

    // Missing fieldManager on apply is a bad request.
    let no_manager = api_error(
        deps.patch(
            "web",
            &PatchParams::default(),
            &Patch::Apply(deployment("web", None, "nginx:1.27")),
        )
        .await,
    );
    assert_eq!(no_manager.code, 400);
}

#[tokio::test]
async fn generation_and_resource_version_follow_changes() {
    let server = ApiServer::start("gen");
    let c = client(&server).await;
    let deps: Api<Deployment> = Api::namespaced(c, "default");
    let pp = PatchParams::apply("terrace");
    let first = deps
        .patch(
            "web",
            &pp,
            &Patch::Apply(deployment("web", Some(1), "nginx:1")),
        )
        .await
        .expect("apply");
    // The controller may write the status between two calls; a no-op
    // apply right after a read must leave the version the read saw.
    let mut same = None;
    for _ in 0..5 {
        let seen = deps.get("web").await.expect("get");
        let again = deps
            .patch(
                "web",
                &pp,
                &Patch::Apply(deployment("web", Some(1), "nginx:1")),
            )
            .await
            .expect("re-apply");
        if again.metadata.resource_version == seen.metadata.resource_version {
            same = Some(again);
            break;
        }
    }
    let same = same.expect("a no-op apply stores nothing");
    assert_eq!(same.metadata.generation, Some(1));
    let mut labelled = deployment("web", Some(1), "nginx:1");
    labelled["metadata"]["labels"]["extra"] = json!("x");
    let relabel = deps
        .patch("web", &pp, &Patch::Apply(labelled))
        .await
        .expect("label");
    assert_eq!(
        relabel.metadata.generation,
        Some(1),
        "metadata changes keep the generation"
    );
    assert!(relabel.metadata.resource_version > first.metadata.resource_version);
    let changed = deps
        .patch(
            "web",
            &pp,
            &Patch::Apply(deployment("web", Some(1), "nginx:2")),
        )
        .await
        .expect("image");
    assert_eq!(changed.metadata.generation, Some(2));
    let rvs: Vec<u64> = [&first, &relabel, &changed]
        .iter()
        .map(|d| {
            d.metadata
                .resource_version
                .as_deref()
                .and_then(|r| r.parse().ok())
                .expect("numeric rv")
        })
        .collect();
    assert!(rvs[0] < rvs[1] && rvs[1] < rvs[2]);
}

#[tokio::test]
async fn patch_types_merge_as_the_real_server_does() {
    let server = ApiServer::start("patch");
    let c = client(&server).await;
    let deps: Api<Deployment> = Api::namespaced(c, "default");
    let mut two = deployment("web", Some(1), "nginx:1");
    two["spec"]["template"]["spec"]["containers"]
        .as_array_mut()
        .expect("containers")
        .push(json!({"name": "side", "image": "busybox"}));
    deps.patch("web", &PatchParams::apply("terrace"), &Patch::Apply(two))
        .await
        .expect("apply");
    let strategic = deps
        .patch(
            "web",
            &PatchParams::default(),
            &Patch::Strategic(json!({"spec": {"template": {"spec": {"containers": [{"name": "side", "image": "busybox:2"}]}}}})),
        )
        .await
        .expect("strategic");
    let containers = strategic
        .spec
        .expect("spec")
        .template
        .spec
        .expect("pod")
        .containers;
    assert_eq!(
        containers.len(),
        2,
        "strategic merge keeps other containers"
    );
    assert_eq!(containers[1].image.as_deref(), Some("busybox:2"));
    let merged = deps
        .patch(
            "web",
            &PatchParams::default(),
            &Patch::Merge(json!({"metadata": {"annotations": {"a": "b"}}})),
        )
        .await
        .expect("merge");
    assert_eq!(merged.metadata.annotations.expect("annotations")["a"], "b");
    let json_patch: json_patch::Patch = serde_json::from_value(json!([
        {"op": "replace", "path": "/spec/replicas", "value": 3}
    ]))
    .expect("json patch");
    let patched = deps
        .patch(
            "web",
            &PatchParams::default(),
            &Patch::<()>::Json(json_patch),
        )
        .await
        .expect("json");
    assert_eq!(patched.spec.and_then(|s| s.replicas), Some(3));
}

#[tokio::test]
async fn finalizers_hold_deletion_until_removed() {
    let server = ApiServer::start("fin");
    let c = client(&server).await;
    let cms: Api<ConfigMap> = Api::namespaced(c, "default");
    let cm: ConfigMap = serde_json::from_value(json!({
        "metadata": {"name": "held", "finalizers": ["example.com/hold"]}
    }))
    .expect("config map");
    cms.create(&PostParams::default(), &cm)
        .await
        .expect("create");
    let pending = cms
        .delete("held", &DeleteParams::default())
        .await
        .expect("delete");
    let pending = pending
        .left()
        .expect("the object comes back while finalizers remain");
    assert!(pending.metadata.deletion_timestamp.is_some());
    assert!(cms
        .get("held")
        .await
        .expect("still there")
        .metadata
        .deletion_timestamp
        .is_some());
    cms.patch(
        "held",
        &PatchParams::default(),
        &Patch::Merge(json!({"metadata": {"finalizers": null}})),
    )
    .await
    .expect("remove finalizers");
    assert_eq!(api_error(cms.get("held").await).code, 404);
}

#[tokio::test]
async fn namespaces_terminate_and_take_their_contents() {
    let server = ApiServer::start("ns");
    let c = client(&server).await;
    let namespaces: Api<Namespace> = Api::all(c.clone());
    let ns: Namespace =
        serde_json::from_value(json!({"metadata": {"name": "team"}})).expect("namespace");
    let created = namespaces
        .create(&PostParams::default(), &ns)
        .await
        .expect("create");
    assert_eq!(
        created.status.and_then(|s| s.phase).as_deref(),
        Some("Active")
    );
    assert_eq!(
        created.metadata.labels.expect("labels")["kubernetes.io/metadata.name"],
        "team"
    );
    let cms: Api<ConfigMap> = Api::namespaced(c.clone(), "team");
    let cm: ConfigMap =
        serde_json::from_value(json!({"metadata": {"name": "inside"}})).expect("cm");
    cms.create(&PostParams::default(), &cm)
        .await
        .expect("create inside");
    let secrets: Api<Secret> = Api::namespaced(c.clone(), "team");
    let secret: Secret =
        serde_json::from_value(json!({"metadata": {"name": "s"}, "stringData": {"k": "v"}}))
            .expect("secret");
    let stored = secrets
        .create(&PostParams::default(), &secret)
        .await
        .expect("secret");
    assert_eq!(stored.type_.as_deref(), Some("Opaque"));
    assert_eq!(stored.data.expect("data")["k"].0, b"v".to_vec());

    let deleting = namespaces
        .delete("team", &DeleteParams::default())
        .await
        .expect("delete");
    let deleting = deleting.left().expect("namespace comes back terminating");
    assert_eq!(
        deleting.status.and_then(|s| s.phase).as_deref(),
        Some("Terminating")
    );
    let refused = api_error(
        cms.create(
            &PostParams::default(),
            &serde_json::from_value(json!({"metadata": {"name": "late"}})).expect("cm"),
        )
        .await,
    );
    assert_eq!((refused.code, refused.reason.as_str()), (403, "Forbidden"));
    assert!(
        refused.message.contains("because it is being terminated"),
        "{}",
        refused.message
    );
    let gone = eventually(Duration::from_secs(3), || async {
        namespaces.get_opt("team").await.ok().flatten().is_none()
    })
    .await;
    assert!(gone, "namespace removed");
    assert!(server
        .get("v1", "ConfigMap", Some("team"), "inside")
        .is_none());
}

#[tokio::test]
async fn deployments_become_available_unless_told_never_to() {
    let server = ApiServer::start("rollout");
    server.set_rollout_delay(Duration::from_millis(200));
    let c = client(&server).await;
    let deps: Api<Deployment> = Api::namespaced(c, "default");
    deps.patch(
        "web",
        &PatchParams::apply("terrace"),
        &Patch::Apply(deployment("web", Some(3), "nginx:1")),
    )
    .await
    .expect("apply");
    let mut stuck = deployment("stuck", Some(1), "nginx:1");
    stuck["metadata"]["annotations"] = json!({terrace_kube_apiserver::NEVER_READY: "true"});
    stuck["spec"]["progressDeadlineSeconds"] = json!(1);
    deps.patch(
        "stuck",
        &PatchParams::apply("terrace"),
        &Patch::Apply(stuck),
    )
    .await
    .expect("apply");
    let available = eventually(Duration::from_secs(3), || async {
        let d = deps.get("web").await.expect("get");
        let s = d.status.unwrap_or_default();
        s.observed_generation == d.metadata.generation
            && s.available_replicas == Some(3)
            && s.updated_replicas == Some(3)
            && s.conditions
                .unwrap_or_default()
                .iter()
                .any(|c| c.type_ == "Available" && c.status == "True")
    })
    .await;
    assert!(available, "web rolled out");
    tokio::time::sleep(Duration::from_millis(500)).await;
    let stuck = deps
        .get("stuck")
        .await
        .expect("get")
        .status
        .expect("status");
    assert_eq!(stuck.observed_generation, Some(1));
    assert_eq!(stuck.available_replicas, None);
    assert!(stuck
        .conditions
        .unwrap_or_default()
        .iter()
        .any(|c| c.type_ == "Available" && c.status == "False"));

    // A spec change starts a new rollout; the status subresource is separate from the spec.
    let updated = deps
        .patch(
            "web",
            &PatchParams::apply("terrace"),
            &Patch::Apply(deployment("web", Some(3), "nginx:2")),
        )
        .await
        .expect("apply");
    assert_eq!(updated.metadata.generation, Some(2));
    assert_eq!(
        updated.status.and_then(|s| s.observed_generation),
        Some(1),
        "status is not reset by a spec write"
    );
    let status_patch = deps
        .patch_status(
            "web",
            &PatchParams::default(),
            &Patch::Merge(json!({"spec": {"replicas": 9}, "status": {"replicas": 3}})),
        )
        .await
        .expect("status patch");
    assert_eq!(
        status_patch.spec.and_then(|s| s.replicas),
        Some(3),
        "a status write leaves the spec"
    );
    let caught_up = eventually(Duration::from_secs(3), || async {
        let d = deps.get("web").await.expect("get");
        d.status.and_then(|s| s.observed_generation) == Some(2)
    })
    .await;
    assert!(caught_up);
}

#[tokio::test]
async fn crds_make_custom_kinds_served() {
    let server = ApiServer::start("crd");
    let c = client(&server).await;
    let crds: Api<DynamicObject> = Api::all_with(
        c.clone(),
        &ApiResource::from_gvk_with_plural(
            &GroupVersionKind::gvk("apiextensions.k8s.io", "v1", "CustomResourceDefinition"),
            "customresourcedefinitions",
        ),
    );
    let crd = json!({
        "apiVersion": "apiextensions.k8s.io/v1",
        "kind": "CustomResourceDefinition",
        "metadata": {"name": "widgets.example.com"},
        "spec": {
            "group": "example.com",
            "names": {"kind": "Widget", "plural": "widgets", "singular": "widget", "listKind": "WidgetList"},
            "scope": "Namespaced",
            "versions": [{"name": "v1", "served": true, "storage": true,
                "schema": {"openAPIV3Schema": {"type": "object", "x-kubernetes-preserve-unknown-fields": true}},
                "subresources": {"status": {}}}]
        }
    });
    crds.patch(
        "widgets.example.com",
        &PatchParams::apply("terrace"),
        &Patch::Apply(crd),
    )
    .await
    .expect("crd");
    let discovery = Discovery::new(c.clone()).run().await.expect("discovery");
    let (ar, caps) = discovery
        .get("example.com")
        .and_then(|g| g.recommended_kind("Widget"))
        .expect("Widget served");
    assert_eq!(caps.scope, Scope::Namespaced);
    let widgets: Api<DynamicObject> = Api::namespaced_with(c.clone(), "default", &ar);
    let w = json!({"apiVersion": "example.com/v1", "kind": "Widget", "metadata": {"name": "w1"}, "spec": {"size": 3, "tags": ["a"]}});
    let created = widgets
        .patch("w1", &PatchParams::apply("terrace"), &Patch::Apply(w))
        .await
        .expect("widget");
    assert_eq!(created.metadata.generation, Some(1));
    assert_eq!(created.data["spec"]["size"], 3);
    let listed = widgets.list(&ListParams::default()).await.expect("list");
    assert_eq!(listed.items.len(), 1);
    let all: Api<DynamicObject> = Api::all_with(c.clone(), &ar);
    assert_eq!(
        all.list(&ListParams::default())
            .await
            .expect("list all")
            .items
            .len(),
        1
    );
    // Custom resources need a resourceVersion to be replaced.
    let mut unversioned = created.clone();
    unversioned.metadata.resource_version = None;
    let invalid = api_error(
        widgets
            .replace("w1", &PostParams::default(), &unversioned)
            .await,
    );
    assert_eq!(invalid.code, 422);
    // Deleting the CRD stops serving the kind.
    crds.delete("widgets.example.com", &DeleteParams::default())
        .await
        .expect("delete crd");
    assert_eq!(api_error(widgets.get("w1").await).code, 404);
}

#[tokio::test]
async fn two_servers_are_independent_and_check_tokens() {
    let a = ApiServer::start("a");
    let b = ApiServer::start("b");
    assert_ne!(a.url(), b.url());
    assert_ne!(a.token(), b.token());
    let ca = client(&a).await;
    let cb = client(&b).await;
    let cm: ConfigMap =
        serde_json::from_value(json!({"metadata": {"name": "only-a"}})).expect("cm");
    Api::<ConfigMap>::namespaced(ca, "default")
        .create(&PostParams::default(), &cm)
        .await
        .expect("create");
    assert!(a
        .get("v1", "ConfigMap", Some("default"), "only-a")
        .is_some());
    assert!(b
        .get("v1", "ConfigMap", Some("default"), "only-a")
        .is_none());
    let on_b = Api::<ConfigMap>::namespaced(cb, "default");
    assert_eq!(api_error(on_b.get("only-a").await).code, 404);

    let wrong = a.kubeconfig().replace(&a.token(), "wrong");
    let kubeconfig = kube::config::Kubeconfig::from_yaml(&wrong).expect("kubeconfig");
    let config = kube::Config::from_custom_kubeconfig(kubeconfig, &Default::default())
        .await
        .expect("config");
    let bad = kube::Client::try_from(config).expect("client");
    let denied = api_error(
        Api::<ConfigMap>::namespaced(bad, "default")
            .get("only-a")
            .await,
    );
    assert_eq!((denied.code, denied.reason.as_str()), (401, "Unauthorized"));
}

#[tokio::test]
async fn request_log_counts_verbs_and_paths() {
    let server = ApiServer::start("log");
    let c = client(&server).await;
    let services: Api<Service> = Api::namespaced(c, "default");
    server.reset_requests();
    let svc = json!({
        "apiVersion": "v1", "kind": "Service", "metadata": {"name": "web"},
        "spec": {"selector": {"app": "web"}, "ports": [{"port": 80}]}
    });
    let applied = services
        .patch("web", &PatchParams::apply("terrace"), &Patch::Apply(svc))
        .await
        .expect("apply");
    let spec = applied.spec.expect("spec");
    assert_eq!(spec.type_.as_deref(), Some("ClusterIP"));
    assert!(spec
        .cluster_ip
        .as_deref()
        .is_some_and(|ip| ip.starts_with("10.96.")));
    let port = &spec.ports.expect("ports")[0];
    assert_eq!(port.protocol.as_deref(), Some("TCP"));
    assert_eq!(
        port.target_port,
        Some(k8s_openapi::apimachinery::pkg::util::intstr::IntOrString::Int(80))
    );
    services.get("web").await.expect("get");
    services.list(&ListParams::default()).await.expect("list");
    services
        .delete("web", &DeleteParams::default())
        .await
        .expect("delete");
    let path = "/api/v1/namespaces/default/services";
    assert_eq!(
        server.requests(),
        vec![
            ("PATCH".to_string(), format!("{path}/web")),
            ("GET".to_string(), format!("{path}/web")),
            ("LIST".to_string(), path.to_string()),
            ("DELETE".to_string(), format!("{path}/web")),
        ]
    );
    server.reset_requests();
    assert!(server.requests().is_empty());
}

#[tokio::test]
async fn aggregated_discovery_and_metadata_views_work() {
    let server = ApiServer::start("agg");
    let c = client(&server).await;
    let discovery = Discovery::new(c.clone())
        .run_aggregated()
        .await
        .expect("aggregated discovery");
    let (ar, caps) = discovery
        .get("apps")
        .and_then(|g| g.recommended_kind("Deployment"))
        .expect("Deployment served");
    assert_eq!(
        (ar.plural.as_str(), caps.scope),
        ("deployments", Scope::Namespaced)
    );
    let (_, ns_caps) = discovery
        .get("")
        .and_then(|g| g.recommended_kind("Namespace"))
        .expect("Namespace");
    assert_eq!(ns_caps.scope, Scope::Cluster);

    let cms: Api<ConfigMap> = Api::namespaced(c, "default");
    let cm: ConfigMap =
        serde_json::from_value(json!({"metadata": {"name": "m", "labels": {"a": "b"}}}))
            .expect("cm");
    cms.create(&PostParams::default(), &cm)
        .await
        .expect("create");
    let meta = cms.get_metadata("m").await.expect("metadata");
    assert_eq!(meta.metadata.labels.expect("labels")["a"], "b");
    let metas = cms
        .list_metadata(&ListParams::default())
        .await
        .expect("metadata list");
    assert_eq!(metas.items.len(), 1);
}

#[tokio::test]
async fn dry_run_apply_previews_defaults_without_storing() {
    let server = ApiServer::start("dry");
    let c = client(&server).await;
    let deps: Api<Deployment> = Api::namespaced(c, "default");
    let preview = deps
        .patch(
            "web",
            &PatchParams::apply("terrace").dry_run(),
            &Patch::Apply(deployment("web", None, "nginx")),
        )
        .await
        .expect("dry run");
    let spec = preview.spec.expect("spec");
    assert_eq!(spec.replicas, Some(1));
    assert_eq!(spec.revision_history_limit, Some(10));
    let container = &spec.template.spec.expect("pod").containers[0];
    assert_eq!(container.image_pull_policy.as_deref(), Some("Always"));
    assert!(
        server
            .get("apps/v1", "Deployment", Some("default"), "web")
            .is_none(),
        "nothing stored"
    );
    assert_eq!(api_error(deps.get("web").await).code, 404);
}

#[tokio::test]
async fn apply_drops_list_elements_only_when_no_one_else_owns_them() {
    let server = ApiServer::start("lists");
    let c = client(&server).await;
    let deps: Api<Deployment> = Api::namespaced(c, "default");
    let mut two = deployment("web", Some(1), "nginx:1");
    two["spec"]["template"]["spec"]["containers"]
        .as_array_mut()
        .expect("containers")
        .push(json!({"name": "side", "image": "busybox"}));
    deps.patch("web", &PatchParams::apply("terrace"), &Patch::Apply(two))
        .await
        .expect("apply");
    // A second manager sets an env var inside the "web" container only.
    deps.patch("web", &PatchParams::apply("injector"), &Patch::Apply(json!({
        "apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web"},
        "spec": {"template": {"spec": {"containers": [{"name": "web", "env": [{"name": "X", "value": "1"}]}]}}}
    })))
    .await
    .expect("second manager");
    let one = deps
        .patch(
            "web",
            &PatchParams::apply("terrace"),
            &Patch::Apply(deployment("web", Some(1), "nginx:1")),
        )
        .await
        .expect("apply without side");
    let containers = one
        .spec
        .expect("spec")
        .template
        .spec
        .expect("pod")
        .containers;
    let names: Vec<&str> = containers.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, vec!["web"], "side was owned by terrace alone");
    assert_eq!(
        containers[0].env.as_ref().map(Vec::len),
        Some(1),
        "the other manager's env stays"
    );
}

#[tokio::test]
async fn jobs_complete_and_are_validated() {
    let server = ApiServer::start("jobs");
    server.set_rollout_delay(Duration::from_millis(100));
    let c = client(&server).await;
    let jobs: Api<k8s_openapi::api::batch::v1::Job> = Api::namespaced(c, "default");
    let job = |restart: Option<&str>| {
        let mut j = json!({
            "apiVersion": "batch/v1", "kind": "Job", "metadata": {"name": "once"},
            "spec": {"template": {"spec": {"containers": [{"name": "run", "image": "busybox"}]}}}
        });
        if let Some(r) = restart {
            j["spec"]["template"]["spec"]["restartPolicy"] = json!(r);
        }
        j
    };
    let invalid = api_error(
        jobs.patch(
            "once",
            &PatchParams::apply("terrace"),
            &Patch::Apply(job(None)),
        )
        .await,
    );
    assert_eq!(invalid.code, 422);
    assert!(
        invalid
            .message
            .contains("spec.template.spec.restartPolicy: Required value"),
        "{}",
        invalid.message
    );
    let created = jobs
        .patch(
            "once",
            &PatchParams::apply("terrace"),
            &Patch::Apply(job(Some("Never"))),
        )
        .await
        .expect("job");
    let spec = created.spec.expect("spec");
    assert_eq!(spec.backoff_limit, Some(6));
    let selector = spec
        .selector
        .and_then(|s| s.match_labels)
        .expect("generated selector");
    assert_eq!(
        selector.get("batch.kubernetes.io/controller-uid"),
        created.metadata.uid.as_ref()
    );
    let complete = eventually(Duration::from_secs(3), || async {
        let s = jobs
            .get("once")
            .await
            .expect("get")
            .status
            .unwrap_or_default();
        s.succeeded == Some(1)
            && s.conditions
                .unwrap_or_default()
                .iter()
                .any(|c| c.type_ == "Complete" && c.status == "True")
    })
    .await;
    assert!(complete, "job completed");
}

#[tokio::test]
async fn watch_streams_additions_and_deletions() {
    use futures::StreamExt;
    use kube::api::{WatchEvent, WatchParams};

    let server = ApiServer::start("watch");
    let c = client(&server).await;
    let cms: Api<ConfigMap> = Api::namespaced(c, "default");
    let events = cms
        .watch(&WatchParams::default().timeout(5), "0")
        .await
        .expect("watch");
    let mut events = Box::pin(events);
    let cm: ConfigMap =
        serde_json::from_value(json!({"metadata": {"name": "watched"}})).expect("cm");
    cms.create(&PostParams::default(), &cm)
        .await
        .expect("create");
    let added = tokio::time::timeout(Duration::from_secs(3), events.next())
        .await
        .expect("an event");
    match added {
        Some(Ok(WatchEvent::Added(o))) => assert_eq!(o.metadata.name.as_deref(), Some("watched")),
        other => panic!("expected ADDED, got {other:?}"),
    }
    cms.delete("watched", &DeleteParams::default())
        .await
        .expect("delete");
    let deleted = tokio::time::timeout(Duration::from_secs(3), events.next())
        .await
        .expect("an event");
    assert!(
        matches!(deleted, Some(Ok(WatchEvent::Deleted(_)))),
        "{deleted:?}"
    );
    assert!(server
        .requests()
        .iter()
        .any(|(verb, path)| verb == "WATCH" && path == "/api/v1/namespaces/default/configmaps"));
}

#[tokio::test]
async fn out_of_band_changes_look_like_another_client() {
    let server = ApiServer::start("oob");
    let c = client(&server).await;
    let deps: Api<Deployment> = Api::namespaced(c, "default");
    let first = deps
        .patch(
            "web",
            &PatchParams::apply("terrace"),
            &Patch::Apply(deployment("web", Some(2), "nginx:1")),
        )
        .await
        .expect("apply");
    assert!(
        server.modify("apps/v1", "Deployment", Some("default"), "web", |d| d
            ["spec"]["replicas"] =
            json!(4))
    );
    let drifted = deps.get("web").await.expect("get");
    assert_eq!(drifted.spec.and_then(|s| s.replicas), Some(4));
    assert_eq!(drifted.metadata.generation, Some(2));
    assert_ne!(
        drifted.metadata.resource_version,
        first.metadata.resource_version
    );
    assert!(!server.modify("apps/v1", "Deployment", Some("default"), "absent", |_| {}));
    assert!(server.delete("apps/v1", "Deployment", Some("default"), "web"));
    assert_eq!(api_error(deps.get("web").await).code, 404);
    assert_eq!(server.list("apps/v1", "Deployment").len(), 0);
}
