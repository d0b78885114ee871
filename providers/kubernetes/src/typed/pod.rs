//! Field tables shared by many types: object metadata, label selectors and
//! the pod template (containers, volumes, probes), named as the Terraform
//! kubernetes provider names them.

use super::spec::{block, blocks, opt, req, Field, Kind, Mode};
use Kind::*;

/// `metadata` of a namespaced object.
pub(crate) const METADATA: &[Field] = &[
    opt("name", Str).mode(Mode::OptionalComputed).force_new(),
    opt("generate_name", Str).force_new(),
    opt("namespace", Str)
        .mode(Mode::OptionalComputed)
        .force_new(),
    opt("labels", MapStr),
    opt("annotations", MapStr),
    opt("uid", Str).computed(),
    opt("resource_version", Str).computed(),
    opt("generation", Int).computed(),
];

/// `metadata` of a cluster-scoped object.
pub(crate) const CLUSTER_METADATA: &[Field] = &[
    opt("name", Str).mode(Mode::OptionalComputed).force_new(),
    opt("generate_name", Str).force_new(),
    opt("labels", MapStr),
    opt("annotations", MapStr),
    opt("uid", Str).computed(),
    opt("resource_version", Str).computed(),
    opt("generation", Int).computed(),
];

/// `metadata` inside a template.
pub(crate) const TEMPLATE_METADATA: &[Field] = &[
    opt("name", Str),
    opt("generate_name", Str),
    opt("namespace", Str),
    opt("labels", MapStr),
    opt("annotations", MapStr),
];

const MATCH_EXPRESSION: &[Field] = &[
    opt("key", Str),
    opt("operator", Str),
    opt("values", ListStr),
];

/// A label selector.
pub(crate) const SELECTOR: &[Field] = &[
    opt("match_labels", MapStr),
    blocks("match_expressions", MATCH_EXPRESSION, 0),
];

const KEY_REF: &[Field] = &[opt("key", Str), opt("name", Str), opt("optional", Bool)];
const FIELD_REF: &[Field] = &[opt("api_version", Str), opt("field_path", Str)];
const RESOURCE_REF: &[Field] = &[
    opt("container_name", Str),
    req("resource", Str),
    opt("divisor", Str),
];
const VALUE_FROM: &[Field] = &[
    block("config_map_key_ref", KEY_REF),
    block("field_ref", FIELD_REF),
    block("resource_field_ref", RESOURCE_REF),
    block("secret_key_ref", KEY_REF),
];
const ENV: &[Field] = &[
    req("name", Str),
    opt("value", Str),
    block("value_from", VALUE_FROM),
];
const NAME_REF: &[Field] = &[opt("name", Str), opt("optional", Bool)];
const ENV_FROM: &[Field] = &[
    block("config_map_ref", NAME_REF),
    opt("prefix", Str),
    block("secret_ref", NAME_REF),
];
const CONTAINER_PORT: &[Field] = &[
    req("container_port", Int),
    opt("host_ip", Str),
    opt("host_port", Int),
    opt("name", Str),
    opt("protocol", Str),
];
/// `resources { limits requests }`.
pub(crate) const RESOURCES: &[Field] = &[opt("limits", MapStr), opt("requests", MapStr)];
const VOLUME_MOUNT: &[Field] = &[
    req("mount_path", Str),
    req("name", Str),
    opt("read_only", Bool),
    opt("sub_path", Str),
    opt("mount_propagation", Str),
];
const HTTP_HEADER: &[Field] = &[opt("name", Str), opt("value", Str)];
const HTTP_GET: &[Field] = &[
    opt("host", Str),
    opt("path", Str),
    opt("port", IntOrStr),
    opt("scheme", Str),
    blocks("http_header", HTTP_HEADER, 0).k8s("httpHeaders"),
];
const EXEC: &[Field] = &[opt("command", ListStr)];
const TCP_SOCKET: &[Field] = &[req("port", IntOrStr)];
const PROBE: &[Field] = &[
    block("exec", EXEC),
    block("http_get", HTTP_GET),
    block("tcp_socket", TCP_SOCKET),
    opt("failure_threshold", Int),
    opt("initial_delay_seconds", Int),
    opt("period_seconds", Int),
    opt("success_threshold", Int),
    opt("timeout_seconds", Int),
];
const CAPABILITIES: &[Field] = &[opt("add", ListStr), opt("drop", ListStr)];
const CONTAINER_SECURITY: &[Field] = &[
    opt("allow_privilege_escalation", Bool),
    block("capabilities", CAPABILITIES),
    opt("privileged", Bool),
    opt("read_only_root_filesystem", Bool),
    opt("run_as_group", IntAsStr),
    opt("run_as_non_root", Bool),
    opt("run_as_user", IntAsStr),
];

/// A container.
pub(crate) const CONTAINER: &[Field] = &[
    req("name", Str),
    opt("image", Str),
    opt("image_pull_policy", Str),
    opt("command", ListStr),
    opt("args", ListStr),
    opt("working_dir", Str),
    blocks("port", CONTAINER_PORT, 0).k8s("ports"),
    blocks("env", ENV, 0),
    blocks("env_from", ENV_FROM, 0),
    block("resources", RESOURCES),
    blocks("volume_mount", VOLUME_MOUNT, 0).k8s("volumeMounts"),
    block("liveness_probe", PROBE),
    block("readiness_probe", PROBE),
    block("startup_probe", PROBE),
    block("security_context", CONTAINER_SECURITY),
    opt("stdin", Bool),
    opt("tty", Bool),
    opt("termination_message_path", Str),
];

const KEY_TO_PATH: &[Field] = &[opt("key", Str), opt("mode", Str), opt("path", Str)];
const CONFIG_MAP_VOLUME: &[Field] = &[
    opt("default_mode", Str),
    opt("name", Str),
    opt("optional", Bool),
    blocks("items", KEY_TO_PATH, 0),
];
const SECRET_VOLUME: &[Field] = &[
    opt("default_mode", Str),
    opt("secret_name", Str),
    opt("optional", Bool),
    blocks("items", KEY_TO_PATH, 0),
];
const EMPTY_DIR: &[Field] = &[opt("medium", Str), opt("size_limit", Str)];
const CLAIM: &[Field] = &[opt("claim_name", Str), opt("read_only", Bool)];
const HOST_PATH: &[Field] = &[opt("path", Str), opt("type", Str)];
/// A pod volume.
pub(crate) const VOLUME: &[Field] = &[
    req("name", Str),
    block("config_map", CONFIG_MAP_VOLUME),
    block("secret", SECRET_VOLUME),
    block("empty_dir", EMPTY_DIR),
    block("persistent_volume_claim", CLAIM),
    block("host_path", HOST_PATH),
];

const TOLERATION: &[Field] = &[
    opt("effect", Str),
    opt("key", Str),
    opt("operator", Str),
    opt("toleration_seconds", IntAsStr),
    opt("value", Str),
];
const POD_SECURITY: &[Field] = &[
    opt("fs_group", IntAsStr),
    opt("run_as_group", IntAsStr),
    opt("run_as_non_root", Bool),
    opt("run_as_user", IntAsStr),
    opt("supplemental_groups", ListStr),
];
const LOCAL_REF: &[Field] = &[opt("name", Str)];

/// A pod spec.
pub(crate) const POD_SPEC: &[Field] = &[
    opt("active_deadline_seconds", Int),
    opt("automount_service_account_token", Bool),
    blocks("container", CONTAINER, 0).k8s("containers"),
    blocks("init_container", CONTAINER, 0).k8s("initContainers"),
    opt("dns_policy", Str),
    opt("enable_service_links", Bool),
    opt("host_ipc", Bool).k8s("hostIPC"),
    opt("host_network", Bool),
    opt("host_pid", Bool).k8s("hostPID"),
    opt("hostname", Str),
    blocks("image_pull_secrets", LOCAL_REF, 0),
    opt("node_name", Str),
    opt("node_selector", MapStr),
    opt("priority_class_name", Str),
    opt("restart_policy", Str),
    opt("runtime_class_name", Str),
    opt("scheduler_name", Str),
    block("security_context", POD_SECURITY),
    opt("service_account_name", Str),
    opt("share_process_namespace", Bool),
    opt("subdomain", Str),
    opt("termination_grace_period_seconds", Int),
    blocks("toleration", TOLERATION, 0).k8s("tolerations"),
    blocks("volume", VOLUME, 0).k8s("volumes"),
];

/// A pod template.
pub(crate) const POD_TEMPLATE: &[Field] = &[
    block("metadata", TEMPLATE_METADATA),
    block("spec", POD_SPEC),
];
