//! Server-side defaults, as the real API server fills them in, so clients learn to ignore them.

use base64::Engine;
use serde_json::{json, Map, Value};

/// Cluster IPs and node ports handed out by this server.
#[derive(Debug)]
pub struct Allocator {
    next_ip: u32,
    next_node_port: u32,
}

impl Default for Allocator {
    fn default() -> Allocator {
        Allocator {
            next_ip: 10,
            next_node_port: 30000,
        }
    }
}

impl Allocator {
    fn ip(&mut self) -> String {
        let n = self.next_ip;
        self.next_ip += 1;
        format!("10.96.{}.{}", n / 256, n % 256)
    }

    fn node_port(&mut self) -> u32 {
        let n = self.next_node_port;
        self.next_node_port += 1;
        n
    }
}

fn set_default(m: &mut Map<String, Value>, key: &str, v: Value) {
    if m.get(key).is_none_or(Value::is_null) {
        m.insert(key.to_string(), v);
    }
}

fn obj<'a>(v: &'a mut Value, key: &str) -> Option<&'a mut Map<String, Value>> {
    v.get_mut(key).and_then(Value::as_object_mut)
}

pub fn apply(kind: &str, custom: bool, o: &mut Value, old: Option<&Value>, alloc: &mut Allocator) {
    if custom {
        return;
    }
    crate::quantity::canonicalize(o);
    match kind {
        "Namespace" => namespace(o),
        "Secret" => secret(o),
        "Service" => service(o, old, alloc),
        "Deployment" => {
            if let Some(spec) = obj(o, "spec") {
                set_default(spec, "replicas", json!(1));
                set_default(spec, "revisionHistoryLimit", json!(10));
                set_default(spec, "progressDeadlineSeconds", json!(600));
                let strategy = spec.entry("strategy").or_insert_with(|| json!({}));
                if let Some(s) = strategy.as_object_mut() {
                    set_default(s, "type", json!("RollingUpdate"));
                    if s.get("type") == Some(&json!("RollingUpdate")) {
                        let ru = s.entry("rollingUpdate").or_insert_with(|| json!({}));
                        if let Some(ru) = ru.as_object_mut() {
                            set_default(ru, "maxUnavailable", json!("25%"));
                            set_default(ru, "maxSurge", json!("25%"));
                        }
                    }
                }
            }
            template(o.get_mut("spec"));
        }
        "StatefulSet" => {
            if let Some(spec) = obj(o, "spec") {
                set_default(spec, "replicas", json!(1));
                set_default(spec, "revisionHistoryLimit", json!(10));
                set_default(spec, "podManagementPolicy", json!("OrderedReady"));
                set_default(
                    spec,
                    "updateStrategy",
                    json!({"type": "RollingUpdate", "rollingUpdate": {"partition": 0}}),
                );
                set_default(
                    spec,
                    "persistentVolumeClaimRetentionPolicy",
                    json!({"whenDeleted": "Retain", "whenScaled": "Retain"}),
                );
            }
            template(o.get_mut("spec"));
        }
        "DaemonSet" => {
            if let Some(spec) = obj(o, "spec") {
                set_default(spec, "revisionHistoryLimit", json!(10));
                set_default(
                    spec,
                    "updateStrategy",
                    json!({"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": 1, "maxSurge": 0}}),
                );
            }
            template(o.get_mut("spec"));
        }
        "Job" => job(o, old),
        "CronJob" => {
            if let Some(spec) = obj(o, "spec") {
                set_default(spec, "concurrencyPolicy", json!("Allow"));
                set_default(spec, "suspend", json!(false));
                set_default(spec, "successfulJobsHistoryLimit", json!(3));
                set_default(spec, "failedJobsHistoryLimit", json!(1));
                if let Some(js) = spec.get_mut("jobTemplate").and_then(|j| j.get_mut("spec")) {
                    job_template(Some(js));
                }
            }
        }
        "Pod" => pod_spec(o.get_mut("spec"), true),
        "PersistentVolumeClaim" => {
            if let Some(spec) = obj(o, "spec") {
                set_default(spec, "volumeMode", json!("Filesystem"));
            }
            if let Some(m) = o.as_object_mut() {
                set_default(m, "status", json!({"phase": "Pending"}));
            }
        }
        "CustomResourceDefinition" => crd(o),
        _ => {}
    }
}

fn namespace(o: &mut Value) {
    let name = o["metadata"]["name"].clone();
    if let Some(meta) = obj(o, "metadata") {
        let labels = meta.entry("labels").or_insert_with(|| json!({}));
        if let Some(l) = labels.as_object_mut() {
            l.insert("kubernetes.io/metadata.name".into(), name);
        }
    }
    let terminating = o["metadata"]["deletionTimestamp"].is_string();
    if let Some(m) = o.as_object_mut() {
        let spec = m.entry("spec").or_insert_with(|| json!({}));
        if let Some(s) = spec.as_object_mut() {
            set_default(s, "finalizers", json!(["kubernetes"]));
        }
        let status = m.entry("status").or_insert_with(|| json!({}));
        if let Some(s) = status.as_object_mut() {
            s.insert(
                "phase".into(),
                json!(if terminating { "Terminating" } else { "Active" }),
            );
        }
    }
}

fn secret(o: &mut Value) {
    let Some(m) = o.as_object_mut() else { return };
    set_default(m, "type", json!("Opaque"));
    if let Some(Value::Object(sd)) = m.shift_remove("stringData") {
        let data = m.entry("data").or_insert_with(|| json!({}));
        if let Some(d) = data.as_object_mut() {
            for (k, v) in sd {
                let text = v.as_str().unwrap_or_default();
                d.insert(
                    k,
                    json!(base64::engine::general_purpose::STANDARD.encode(text)),
                );
            }
        }
    }
}

fn service(o: &mut Value, old: Option<&Value>, alloc: &mut Allocator) {
    let old_spec = old.map(|o| o["spec"].clone()).unwrap_or(Value::Null);
    let Some(spec) = obj(o, "spec") else { return };
    set_default(spec, "type", json!("ClusterIP"));
    set_default(spec, "sessionAffinity", json!("None"));
    let ty = spec["type"].as_str().unwrap_or("ClusterIP").to_string();
    if ty != "ExternalName" {
        set_default(spec, "internalTrafficPolicy", json!("Cluster"));
        if !spec.get("clusterIP").is_some_and(Value::is_string) {
            let ip = match old_spec["clusterIP"].as_str() {
                Some(ip) => ip.to_string(),
                None => alloc.ip(),
            };
            spec.insert("clusterIP".into(), json!(ip));
        }
        let ip = spec["clusterIP"].clone();
        set_default(spec, "clusterIPs", json!([ip]));
        set_default(spec, "ipFamilies", json!(["IPv4"]));
        set_default(spec, "ipFamilyPolicy", json!("SingleStack"));
    }
    if ty == "NodePort" || ty == "LoadBalancer" {
        set_default(spec, "externalTrafficPolicy", json!("Cluster"));
    }
    if let Some(Value::Array(ports)) = spec.get_mut("ports") {
        for (i, p) in ports.iter_mut().enumerate() {
            let Some(pm) = p.as_object_mut() else {
                continue;
            };
            set_default(pm, "protocol", json!("TCP"));
            if let Some(port) = pm.get("port").cloned() {
                set_default(pm, "targetPort", port);
            }
            if (ty == "NodePort" || ty == "LoadBalancer") && !pm.contains_key("nodePort") {
                let np = old_spec["ports"][i]["nodePort"].clone();
                let np = if np.is_number() {
                    np
                } else {
                    json!(alloc.node_port())
                };
                pm.insert("nodePort".into(), np);
            }
        }
    }
    if let Some(m) = o.as_object_mut() {
        set_default(m, "status", json!({"loadBalancer": {}}));
    }
}

fn job(o: &mut Value, old: Option<&Value>) {
    let uid = old
        .and_then(|x| x["metadata"]["uid"].as_str())
        .or_else(|| o["metadata"]["uid"].as_str())
        .unwrap_or_default()
        .to_string();
    let name = o["metadata"]["name"].clone();
    if let Some(spec) = obj(o, "spec") {
        set_default(spec, "backoffLimit", json!(6));
        set_default(spec, "completions", json!(1));
        set_default(spec, "parallelism", json!(1));
        set_default(spec, "completionMode", json!("NonIndexed"));
        set_default(spec, "suspend", json!(false));
        set_default(spec, "podReplacementPolicy", json!("TerminatingOrFailed"));
        if spec.get("manualSelector") != Some(&json!(true)) {
            set_default(
                spec,
                "selector",
                json!({"matchLabels": {"batch.kubernetes.io/controller-uid": uid}}),
            );
        }
        let tm = spec.entry("template").or_insert_with(|| json!({}));
        if let Some(t) = tm.as_object_mut() {
            let meta = t.entry("metadata").or_insert_with(|| json!({}));
            if let Some(meta) = meta.as_object_mut() {
                let labels = meta.entry("labels").or_insert_with(|| json!({}));
                if let Some(l) = labels.as_object_mut() {
                    for (k, v) in [
                        ("batch.kubernetes.io/controller-uid", json!(uid)),
                        ("batch.kubernetes.io/job-name", name.clone()),
                        ("controller-uid", json!(uid)),
                        ("job-name", name),
                    ] {
                        set_default(l, k, v);
                    }
                }
            }
        }
    }
    job_template(o.get_mut("spec"));
}

/// Defaults inside `spec.template.spec` of a workload.
fn template(spec: Option<&mut Value>) {
    if let Some(t) = spec.and_then(|s| s.get_mut("template")) {
        pod_spec(t.get_mut("spec"), true);
    }
}

/// A Job's pod template: `restartPolicy` has no default there, it must be given.
fn job_template(spec: Option<&mut Value>) {
    if let Some(t) = spec.and_then(|s| s.get_mut("template")) {
        pod_spec(t.get_mut("spec"), false);
    }
}

fn pod_spec(spec: Option<&mut Value>, restart_default: bool) {
    let Some(Value::Object(s)) = spec else { return };
    if restart_default {
        set_default(s, "restartPolicy", json!("Always"));
    }
    set_default(s, "dnsPolicy", json!("ClusterFirst"));
    set_default(s, "schedulerName", json!("default-scheduler"));
    set_default(s, "terminationGracePeriodSeconds", json!(30));
    set_default(s, "securityContext", json!({}));
    for list in ["containers", "initContainers"] {
        let Some(Value::Array(cs)) = s.get_mut(list) else {
            continue;
        };
        for c in cs {
            let Some(cm) = c.as_object_mut() else {
                continue;
            };
            let image = cm
                .get("image")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string();
            let tag = image
                .rsplit('/')
                .next()
                .and_then(|last| last.split_once(':'))
                .map(|(_, t)| t.to_string());
            let policy = match tag.as_deref() {
                None | Some("latest") if !image.contains('@') => "Always",
                _ => "IfNotPresent",
            };
            set_default(cm, "imagePullPolicy", json!(policy));
            set_default(cm, "terminationMessagePath", json!("/dev/termination-log"));
            set_default(cm, "terminationMessagePolicy", json!("File"));
            set_default(cm, "resources", json!({}));
            if let Some(Value::Array(ports)) = cm.get_mut("ports") {
                for p in ports {
                    if let Some(pm) = p.as_object_mut() {
                        set_default(pm, "protocol", json!("TCP"));
                    }
                }
            }
        }
    }
}

fn crd(o: &mut Value) {
    let names = o["spec"]["names"].clone();
    let stored: Vec<Value> = o["spec"]["versions"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|v| v["storage"].as_bool() == Some(true))
        .map(|v| v["name"].clone())
        .collect();
    if let Some(spec) = obj(o, "spec") {
        set_default(spec, "conversion", json!({"strategy": "None"}));
    }
    let mut accepted = names.clone();
    if let Some(a) = accepted.as_object_mut() {
        if !a.contains_key("singular") {
            let s = names["kind"].as_str().unwrap_or_default().to_lowercase();
            a.insert("singular".into(), json!(s));
        }
        set_default(
            a,
            "listKind",
            json!(format!(
                "{}List",
                names["kind"].as_str().unwrap_or_default()
            )),
        );
    }
    if let Some(m) = o.as_object_mut() {
        m.insert(
            "status".into(),
            json!({
                "acceptedNames": accepted,
                "storedVersions": stored,
                "conditions": [
                    {"type": "NamesAccepted", "status": "True", "reason": "NoConflicts", "message": "no conflicts found"},
                    {"type": "Established", "status": "True", "reason": "InitialNamesAccepted", "message": "the initial names have been accepted"}
                ]
            }),
        );
    }
}
