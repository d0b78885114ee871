//! Every typed resource and data source: its Kubernetes kind and its field
//! table. Adding a type is adding an entry here.

use super::pod::{POD_TEMPLATE, RESOURCES, SELECTOR, TEMPLATE_METADATA};
use super::spec::{block, blocks, opt, req, Field, Kind, LocalType, Mode};
use Kind::*;

/// What a typed resource waits for after apply, and the attribute that
/// turns it on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Readiness {
    /// Nothing.
    None,
    /// A workload rollout (`wait_for_rollout`).
    Rollout,
    /// A Job's completion (`wait_for_completion`).
    Completion,
    /// A claim's binding (`wait_until_bound`).
    Bound,
    /// A LoadBalancer service's ingress address (`wait_for_load_balancer`).
    LoadBalancer,
}

/// A typed resource type.
#[derive(Debug)]
pub(crate) struct TypedKind {
    /// `kubernetes_deployment_v1`.
    pub type_name: &'static str,
    /// `apps/v1`.
    pub api_version: &'static str,
    /// `Deployment`.
    pub kind: &'static str,
    /// `deployments`.
    pub plural: &'static str,
    /// Whether objects live in a namespace.
    pub namespaced: bool,
    /// The fields besides `metadata`.
    pub fields: &'static [Field],
    /// Defaults of resource-only attributes.
    pub defaults: &'static [(&'static str, bool)],
    /// What apply waits for.
    pub readiness: Readiness,
    /// The attribute that turns the wait on.
    pub readiness_attr: &'static str,
    /// Whether a data source of the same name exists.
    pub data_source: bool,
}

const fn local(name: &'static str) -> Field {
    opt(name, Local(LocalType::Bool)).mode(Mode::OptionalComputed)
}

const ROLLING_DEPLOYMENT: &[Field] =
    &[opt("max_surge", IntOrStr), opt("max_unavailable", IntOrStr)];
const DEPLOYMENT_STRATEGY: &[Field] = &[
    opt("type", Str),
    block("rolling_update", ROLLING_DEPLOYMENT),
];
const DEPLOYMENT_SPEC: &[Field] = &[
    opt("min_ready_seconds", Int),
    opt("paused", Bool),
    opt("progress_deadline_seconds", Int),
    opt("replicas", IntAsStr),
    opt("revision_history_limit", Int),
    block("selector", SELECTOR).required(),
    block("strategy", DEPLOYMENT_STRATEGY),
    block("template", POD_TEMPLATE).required(),
];
const DEPLOYMENT: &[Field] = &[
    block("spec", DEPLOYMENT_SPEC).required(),
    local("wait_for_rollout"),
];

const PARTITION: &[Field] = &[opt("partition", Int)];
const STATEFUL_STRATEGY: &[Field] = &[opt("type", Str), block("rolling_update", PARTITION)];
const CLAIM_SPEC: &[Field] = &[
    opt("access_modes", ListStr),
    block("resources", RESOURCES),
    block("selector", SELECTOR),
    opt("volume_name", Str),
    opt("storage_class_name", Str),
    opt("volume_mode", Str),
];
const CLAIM_TEMPLATE: &[Field] = &[
    block("metadata", TEMPLATE_METADATA),
    block("spec", CLAIM_SPEC),
];
const STATEFUL_SET_SPEC: &[Field] = &[
    opt("min_ready_seconds", Int),
    opt("pod_management_policy", Str),
    opt("replicas", IntAsStr),
    opt("revision_history_limit", Int),
    block("selector", SELECTOR).required(),
    req("service_name", Str),
    block("template", POD_TEMPLATE).required(),
    block("update_strategy", STATEFUL_STRATEGY),
    blocks("volume_claim_template", CLAIM_TEMPLATE, 0).k8s("volumeClaimTemplates"),
];
const STATEFUL_SET: &[Field] = &[
    block("spec", STATEFUL_SET_SPEC).required(),
    local("wait_for_rollout"),
];

const ROLLING_DAEMON: &[Field] = &[opt("max_unavailable", IntOrStr), opt("max_surge", IntOrStr)];
const DAEMON_STRATEGY: &[Field] = &[opt("type", Str), block("rolling_update", ROLLING_DAEMON)];
const DAEMON_SET_SPEC: &[Field] = &[
    opt("min_ready_seconds", Int),
    opt("revision_history_limit", Int),
    block("selector", SELECTOR),
    block("strategy", DAEMON_STRATEGY).k8s("updateStrategy"),
    block("template", POD_TEMPLATE).required(),
];
const DAEMON_SET: &[Field] = &[
    block("spec", DAEMON_SET_SPEC).required(),
    local("wait_for_rollout"),
];

const JOB_SPEC: &[Field] = &[
    opt("active_deadline_seconds", Int),
    opt("backoff_limit", Int),
    opt("completion_mode", Str),
    opt("completions", Int),
    opt("manual_selector", Bool),
    opt("parallelism", Int),
    block("selector", SELECTOR),
    block("template", POD_TEMPLATE).required(),
    opt("ttl_seconds_after_finished", IntAsStr),
];
const JOB: &[Field] = &[
    block("spec", JOB_SPEC).required(),
    local("wait_for_completion"),
];
const JOB_TEMPLATE: &[Field] = &[
    block("metadata", TEMPLATE_METADATA),
    block("spec", JOB_SPEC).required(),
];
const CRON_JOB_SPEC: &[Field] = &[
    opt("concurrency_policy", Str),
    opt("failed_jobs_history_limit", Int),
    block("job_template", JOB_TEMPLATE).required(),
    req("schedule", Str),
    opt("starting_deadline_seconds", Int),
    opt("successful_jobs_history_limit", Int),
    opt("suspend", Bool),
    opt("timezone", Str).k8s("timeZone"),
];
const CRON_JOB: &[Field] = &[block("spec", CRON_JOB_SPEC).required()];

const SERVICE_PORT: &[Field] = &[
    opt("app_protocol", Str),
    opt("name", Str),
    opt("node_port", Int),
    req("port", Int),
    opt("protocol", Str),
    opt("target_port", IntOrStr),
];
const SERVICE_SPEC: &[Field] = &[
    opt("allocate_load_balancer_node_ports", Bool),
    opt("cluster_ip", Str)
        .mode(Mode::OptionalComputed)
        .k8s("clusterIP")
        .force_new(),
    opt("external_ips", ListStr).k8s("externalIPs"),
    opt("external_name", Str),
    opt("external_traffic_policy", Str),
    opt("internal_traffic_policy", Str),
    opt("ip_families", ListStr),
    opt("ip_family_policy", Str),
    opt("load_balancer_class", Str),
    opt("load_balancer_ip", Str).k8s("loadBalancerIP"),
    opt("load_balancer_source_ranges", ListStr),
    blocks("port", SERVICE_PORT, 0).k8s("ports"),
    opt("publish_not_ready_addresses", Bool),
    opt("selector", MapStr),
    opt("session_affinity", Str),
    opt("type", Str),
];
const LOAD_BALANCER_INGRESS: &[Field] = &[opt("ip", Str), opt("hostname", Str)];
const LOAD_BALANCER_STATUS: &[Field] = &[blocks("ingress", LOAD_BALANCER_INGRESS, 0)];
const SERVICE_STATUS: &[Field] = &[block("load_balancer", LOAD_BALANCER_STATUS)];
const SERVICE: &[Field] = &[
    block("spec", SERVICE_SPEC).required(),
    block("status", SERVICE_STATUS).computed(),
    local("wait_for_load_balancer"),
];

const BACKEND_PORT: &[Field] = &[opt("name", Str), opt("number", Int)];
const SERVICE_BACKEND: &[Field] = &[req("name", Str), block("port", BACKEND_PORT)];
const BACKEND: &[Field] = &[block("service", SERVICE_BACKEND)];
const HTTP_PATH: &[Field] = &[
    block("backend", BACKEND),
    opt("path", Str),
    opt("path_type", Str),
];
const HTTP: &[Field] = &[blocks("path", HTTP_PATH, 0).k8s("paths")];
const RULE: &[Field] = &[opt("host", Str), block("http", HTTP)];
const TLS: &[Field] = &[opt("hosts", ListStr), opt("secret_name", Str)];
const INGRESS_SPEC: &[Field] = &[
    block("default_backend", BACKEND),
    opt("ingress_class_name", Str),
    blocks("rule", RULE, 0).k8s("rules"),
    blocks("tls", TLS, 0),
];
const INGRESS: &[Field] = &[block("spec", INGRESS_SPEC)];

const TARGET: &[Field] = &[
    opt("average_utilization", Int),
    opt("average_value", Str),
    req("type", Str),
    opt("value", Str),
];
const RESOURCE_METRIC: &[Field] = &[req("name", Str), block("target", TARGET)];
const METRIC_ID: &[Field] = &[req("name", Str), block("selector", SELECTOR)];
const PODS_METRIC: &[Field] = &[block("metric", METRIC_ID), block("target", TARGET)];
const OBJECT_REF: &[Field] = &[opt("api_version", Str), req("kind", Str), req("name", Str)];
const OBJECT_METRIC: &[Field] = &[
    block("described_object", OBJECT_REF),
    block("metric", METRIC_ID),
    block("target", TARGET),
];
const CONTAINER_METRIC: &[Field] = &[
    req("container", Str),
    req("name", Str),
    block("target", TARGET),
];
const METRIC: &[Field] = &[
    req("type", Str),
    block("resource", RESOURCE_METRIC),
    block("pods", PODS_METRIC),
    block("object", OBJECT_METRIC),
    block("external", PODS_METRIC),
    block("container_resource", CONTAINER_METRIC),
];
const SCALING_POLICY: &[Field] = &[
    req("period_seconds", Int),
    req("type", Str),
    req("value", Int),
];
const SCALING_RULES: &[Field] = &[
    blocks("policy", SCALING_POLICY, 0).k8s("policies"),
    opt("select_policy", Str),
    opt("stabilization_window_seconds", Int),
];
const BEHAVIOR: &[Field] = &[
    block("scale_down", SCALING_RULES),
    block("scale_up", SCALING_RULES),
];
const HPA_SPEC: &[Field] = &[
    block("behavior", BEHAVIOR),
    req("max_replicas", Int),
    blocks("metric", METRIC, 0).k8s("metrics"),
    opt("min_replicas", Int),
    block("scale_target_ref", OBJECT_REF).required(),
];
const HPA: &[Field] = &[block("spec", HPA_SPEC).required()];

const CONFIG_MAP: &[Field] = &[
    opt("data", MapStr),
    opt("binary_data", MapStr),
    opt("immutable", Bool),
];
const SECRET: &[Field] = &[
    opt("data", MapBase64).sensitive(),
    opt("binary_data", MapStr).sensitive(),
    opt("type", Str).force_new(),
    opt("immutable", Bool),
];
const NAMESPACE: &[Field] = &[];

const NAME: &[Field] = &[opt("name", Str)];
const SERVICE_ACCOUNT: &[Field] = &[
    opt("automount_service_account_token", Bool),
    blocks("image_pull_secret", NAME, 0).k8s("imagePullSecrets"),
    blocks("secret", NAME, 0).k8s("secrets"),
];

const POLICY_RULE: &[Field] = &[
    opt("api_groups", ListStr),
    opt("non_resource_urls", ListStr).k8s("nonResourceURLs"),
    opt("resource_names", ListStr),
    opt("resources", ListStr),
    req("verbs", ListStr),
];
const ROLE: &[Field] = &[blocks("rule", POLICY_RULE, 0).k8s("rules")];
const ROLE_REF: &[Field] = &[req("api_group", Str), req("kind", Str), req("name", Str)];
const SUBJECT: &[Field] = &[
    opt("api_group", Str),
    req("kind", Str),
    req("name", Str),
    opt("namespace", Str),
];
const ROLE_BINDING: &[Field] = &[
    block("role_ref", ROLE_REF).required().force_new(),
    blocks("subject", SUBJECT, 0).k8s("subjects"),
];

const PVC: &[Field] = &[
    block("spec", CLAIM_SPEC).required(),
    local("wait_until_bound"),
];

const fn kind(
    type_name: &'static str,
    api_version: &'static str,
    kind: &'static str,
    plural: &'static str,
    fields: &'static [Field],
) -> TypedKind {
    TypedKind {
        type_name,
        api_version,
        kind,
        plural,
        namespaced: true,
        fields,
        defaults: &[],
        readiness: Readiness::None,
        readiness_attr: "",
        data_source: false,
    }
}

impl TypedKind {
    const fn cluster_scoped(mut self) -> Self {
        self.namespaced = false;
        self
    }

    const fn waits(
        mut self,
        readiness: Readiness,
        attr: &'static str,
        default: &'static [(&'static str, bool)],
    ) -> Self {
        self.readiness = readiness;
        self.readiness_attr = attr;
        self.defaults = default;
        self
    }

    const fn with_data_source(mut self) -> Self {
        self.data_source = true;
        self
    }
}

/// Every typed resource type.
pub(crate) static KINDS: &[TypedKind] = &[
    kind(
        "kubernetes_namespace_v1",
        "v1",
        "Namespace",
        "namespaces",
        NAMESPACE,
    )
    .cluster_scoped()
    .with_data_source(),
    kind(
        "kubernetes_config_map_v1",
        "v1",
        "ConfigMap",
        "configmaps",
        CONFIG_MAP,
    )
    .with_data_source(),
    kind("kubernetes_secret_v1", "v1", "Secret", "secrets", SECRET).with_data_source(),
    kind(
        "kubernetes_service_v1",
        "v1",
        "Service",
        "services",
        SERVICE,
    )
    .with_data_source()
    .waits(
        Readiness::LoadBalancer,
        "wait_for_load_balancer",
        &[("wait_for_load_balancer", true)],
    ),
    kind(
        "kubernetes_service_account_v1",
        "v1",
        "ServiceAccount",
        "serviceaccounts",
        SERVICE_ACCOUNT,
    ),
    kind(
        "kubernetes_persistent_volume_claim_v1",
        "v1",
        "PersistentVolumeClaim",
        "persistentvolumeclaims",
        PVC,
    )
    .waits(
        Readiness::Bound,
        "wait_until_bound",
        &[("wait_until_bound", true)],
    ),
    kind(
        "kubernetes_deployment_v1",
        "apps/v1",
        "Deployment",
        "deployments",
        DEPLOYMENT,
    )
    .waits(
        Readiness::Rollout,
        "wait_for_rollout",
        &[("wait_for_rollout", true)],
    ),
    kind(
        "kubernetes_stateful_set_v1",
        "apps/v1",
        "StatefulSet",
        "statefulsets",
        STATEFUL_SET,
    )
    .waits(
        Readiness::Rollout,
        "wait_for_rollout",
        &[("wait_for_rollout", true)],
    ),
    kind(
        "kubernetes_daemon_set_v1",
        "apps/v1",
        "DaemonSet",
        "daemonsets",
        DAEMON_SET,
    )
    .waits(
        Readiness::Rollout,
        "wait_for_rollout",
        &[("wait_for_rollout", true)],
    ),
    kind("kubernetes_job_v1", "batch/v1", "Job", "jobs", JOB).waits(
        Readiness::Completion,
        "wait_for_completion",
        &[("wait_for_completion", true)],
    ),
    kind(
        "kubernetes_cron_job_v1",
        "batch/v1",
        "CronJob",
        "cronjobs",
        CRON_JOB,
    ),
    kind(
        "kubernetes_ingress_v1",
        "networking.k8s.io/v1",
        "Ingress",
        "ingresses",
        INGRESS,
    ),
    kind(
        "kubernetes_horizontal_pod_autoscaler_v2",
        "autoscaling/v2",
        "HorizontalPodAutoscaler",
        "horizontalpodautoscalers",
        HPA,
    ),
    kind(
        "kubernetes_role_v1",
        "rbac.authorization.k8s.io/v1",
        "Role",
        "roles",
        ROLE,
    ),
    kind(
        "kubernetes_role_binding_v1",
        "rbac.authorization.k8s.io/v1",
        "RoleBinding",
        "rolebindings",
        ROLE_BINDING,
    ),
];

/// The typed kind named `type_name`.
pub(crate) fn find(type_name: &str) -> Option<&'static TypedKind> {
    KINDS.iter().find(|k| k.type_name == type_name)
}
