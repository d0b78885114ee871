//! The controllers a test cluster needs: workloads roll out (or never do, on request), Jobs
//! complete, Pods run, claims bind, and terminating namespaces empty and disappear.

use std::time::Instant;

use serde_json::{json, Value};

use crate::catalog::ResourceType;
use crate::handler;
use crate::state::State;
use crate::write;

/// Annotation that keeps a workload from ever becoming ready.
pub const NEVER_READY: &str = "terrace.test/never-ready";

pub fn tick(state: &mut State) {
    let now = Instant::now();
    for (api_version, kind) in [
        ("apps/v1", "Deployment"),
        ("apps/v1", "StatefulSet"),
        ("apps/v1", "DaemonSet"),
        ("batch/v1", "Job"),
        ("v1", "Pod"),
        ("v1", "PersistentVolumeClaim"),
        ("v1", "Service"),
    ] {
        if let Some(rt) = state.catalog.by_kind(api_version, kind).cloned() {
            workloads(state, &rt, now);
        }
    }
    namespaces(state, now);
}

fn workloads(state: &mut State, rt: &ResourceType, now: Instant) {
    let objects: Vec<Value> = state
        .kind_objects(rt)
        .map(|m| m.values().cloned().collect())
        .unwrap_or_default();
    for o in objects {
        if o["metadata"]["deletionTimestamp"].is_string() {
            continue;
        }
        let uid = o["metadata"]["uid"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        let generation = o["metadata"]["generation"].as_i64().unwrap_or(0);
        let since = match state.observed.get(&uid) {
            Some((g, t)) if *g == generation => *t,
            _ => {
                state.observed.insert(uid.clone(), (generation, now));
                now
            }
        };
        let never = o["metadata"]["annotations"][NEVER_READY].as_str() == Some("true");
        let elapsed = now.duration_since(since);
        let ready = !never && elapsed >= state.rollout_delay;
        let deadline = o["spec"]["progressDeadlineSeconds"].as_u64().unwrap_or(600);
        let timed_out = !ready && elapsed.as_secs() >= deadline;
        let mut desired = desired_status(&rt.kind, &o, ready, generation);
        if timed_out && rt.kind == "Deployment" {
            let name = o["metadata"]["name"].as_str().unwrap_or_default();
            let message = format!(
                "ReplicaSet \"{name}-{}\" has timed out progressing.",
                short_hash(&o)
            );
            desired["conditions"][1] =
                condition("Progressing", false, "ProgressDeadlineExceeded", &message);
        }
        keep_times(&mut desired, &o["status"]);
        if desired != o["status"] {
            let ns = o["metadata"]["namespace"]
                .as_str()
                .unwrap_or_default()
                .to_string();
            let name = o["metadata"]["name"]
                .as_str()
                .unwrap_or_default()
                .to_string();
            write::controller_status(state, rt, &ns, &name, desired);
        }
    }
}

fn condition(ty: &str, status: bool, reason: &str, message: &str) -> Value {
    let now = crate::now();
    json!({
        "type": ty,
        "status": if status { "True" } else { "False" },
        "lastUpdateTime": now,
        "lastTransitionTime": now,
        "reason": reason,
        "message": message,
    })
}

/// Keeps condition timestamps (and start times) from the current status when nothing else changed.
fn keep_times(desired: &mut Value, current: &Value) {
    if let Some(start) = current.get("startTime") {
        if desired.get("startTime").is_some() {
            desired["startTime"] = start.clone();
        }
    }
    if let Some(done) = current.get("completionTime") {
        if desired.get("completionTime").is_some() {
            desired["completionTime"] = done.clone();
        }
    }
    let Some(conds) = desired.get_mut("conditions").and_then(Value::as_array_mut) else {
        return;
    };
    for c in conds {
        let same = current["conditions"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|x| {
                x["type"] == c["type"]
                    && x["status"] == c["status"]
                    && x["reason"] == c["reason"]
                    && x["message"] == c["message"]
            });
        if let Some(x) = same {
            for k in ["lastUpdateTime", "lastTransitionTime", "lastProbeTime"] {
                if c.get(k).is_some() {
                    c[k] = x[k].clone();
                }
            }
        }
    }
}

/// Stands in for the pod-template hash in ReplicaSet names.
fn short_hash(o: &Value) -> String {
    let uid = o["metadata"]["uid"].as_str().unwrap_or_default();
    uid.chars()
        .filter(char::is_ascii_alphanumeric)
        .take(10)
        .collect()
}

fn desired_status(kind: &str, o: &Value, ready: bool, generation: i64) -> Value {
    let spec = &o["spec"];
    let name = o["metadata"]["name"].as_str().unwrap_or_default();
    let hash = short_hash(o);
    let replicas = spec["replicas"].as_i64().unwrap_or(1);
    match kind {
        "Deployment" => {
            let rs = format!("ReplicaSet \"{name}-{hash}\"");
            if ready || replicas == 0 {
                let mut s = json!({
                    "observedGeneration": generation,
                    "conditions": [
                        condition("Available", true, "MinimumReplicasAvailable", "Deployment has minimum availability."),
                        condition("Progressing", true, "NewReplicaSetAvailable", &format!("{rs} has successfully progressed.")),
                    ]
                });
                if replicas > 0 {
                    for k in [
                        "replicas",
                        "updatedReplicas",
                        "readyReplicas",
                        "availableReplicas",
                    ] {
                        s[k] = json!(replicas);
                    }
                }
                s
            } else {
                json!({
                    "observedGeneration": generation,
                    "replicas": replicas,
                    "updatedReplicas": replicas,
                    "unavailableReplicas": replicas,
                    "conditions": [
                        condition("Available", false, "MinimumReplicasUnavailable", "Deployment does not have minimum availability."),
                        condition("Progressing", true, "ReplicaSetUpdated", &format!("{rs} is progressing.")),
                    ]
                })
            }
        }
        "StatefulSet" => {
            let revision = format!("{name}-{hash}");
            let n = if ready { replicas } else { 0 };
            json!({
                "observedGeneration": generation,
                "replicas": replicas,
                "readyReplicas": n,
                "currentReplicas": n,
                "updatedReplicas": n,
                "availableReplicas": n,
                "currentRevision": revision,
                "updateRevision": revision,
                "collisionCount": 0,
            })
        }
        "DaemonSet" => {
            let n = i64::from(ready);
            let mut s = json!({
                "observedGeneration": generation,
                "currentNumberScheduled": 1,
                "desiredNumberScheduled": 1,
                "numberMisscheduled": 0,
                "numberReady": n,
                "numberAvailable": n,
                "updatedNumberScheduled": 1,
            });
            if !ready {
                s["numberUnavailable"] = json!(1);
            }
            s
        }
        "Job" => {
            let completions = spec["completions"].as_i64().unwrap_or(1);
            if spec["suspend"].as_bool() == Some(true) {
                return o["status"].clone();
            }
            let now = crate::now();
            if ready {
                let msg = "Reached expected number of succeeded pods";
                json!({
                    "startTime": now,
                    "completionTime": now,
                    "succeeded": completions,
                    "ready": 0,
                    "terminating": 0,
                    "uncountedTerminatedPods": {},
                    "conditions": [
                        condition("SuccessCriteriaMet", true, "CompletionsReached", msg),
                        condition("Complete", true, "CompletionsReached", msg),
                    ]
                })
            } else {
                json!({"startTime": now, "active": 1, "ready": 0, "terminating": 0, "uncountedTerminatedPods": {}})
            }
        }
        "Pod" => {
            if ready {
                let conds: Vec<Value> = ["Initialized", "Ready", "ContainersReady", "PodScheduled"]
                    .iter()
                    .map(|t| {
                        let mut c = condition(t, true, "", "");
                        if let Some(m) = c.as_object_mut() {
                            m.shift_remove("lastUpdateTime");
                            m.shift_remove("reason");
                            m.shift_remove("message");
                        }
                        c
                    })
                    .collect();
                json!({"phase": "Running", "conditions": conds, "hostIP": "10.0.0.1", "podIP": "10.244.0.10", "startTime": crate::now()})
            } else {
                json!({"phase": "Pending"})
            }
        }
        "PersistentVolumeClaim" => {
            if ready {
                json!({
                    "phase": "Bound",
                    "accessModes": spec["accessModes"],
                    "capacity": {"storage": spec["resources"]["requests"]["storage"]},
                })
            } else {
                json!({"phase": "Pending"})
            }
        }
        "Service" if spec["type"] == "LoadBalancer" => {
            if ready {
                // A documentation address, its last part the cluster IP's.
                let last = spec["clusterIP"]
                    .as_str()
                    .and_then(|ip| ip.rsplit('.').next())
                    .unwrap_or("1");
                json!({"loadBalancer": {"ingress": [{"ip": format!("203.0.113.{last}"), "ipMode": "VIP"}]}})
            } else {
                json!({"loadBalancer": {}})
            }
        }
        "Service" => json!({"loadBalancer": {}}),
        _ => o["status"].clone(),
    }
}

fn namespaces(state: &mut State, now: Instant) {
    let Some(ns_rt) = state.catalog.by_kind("v1", "Namespace").cloned() else {
        return;
    };
    let terminating: Vec<Value> = state
        .kind_objects(&ns_rt)
        .map(|m| {
            m.values()
                .filter(|o| o["metadata"]["deletionTimestamp"].is_string())
                .cloned()
                .collect()
        })
        .unwrap_or_default();
    for ns in terminating {
        let name = ns["metadata"]["name"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        let key = format!(
            "terminating:{}",
            ns["metadata"]["uid"].as_str().unwrap_or_default()
        );
        let since = state.observed.entry(key.clone()).or_insert((0, now)).1;
        if now.duration_since(since) < state.namespace_delay {
            continue;
        }
        let mut remaining = 0;
        let types: Vec<ResourceType> = state
            .catalog
            .types()
            .iter()
            .filter(|t| t.namespaced)
            .cloned()
            .collect();
        let mut seen = std::collections::HashSet::new();
        for rt in types {
            if !seen.insert((rt.group.clone(), rt.kind.clone())) {
                continue;
            }
            let inside: Vec<(String, Value)> = state
                .kind_objects(&rt)
                .map(|m| {
                    m.iter()
                        .filter(|((n, _), _)| *n == name)
                        .map(|((_, k), v)| (k.clone(), v.clone()))
                        .collect()
                })
                .unwrap_or_default();
            for (obj_name, obj) in inside {
                handler::delete_object(state, &rt, &name, &obj_name, obj);
                if state.lookup(&rt, &name, &obj_name).is_some() {
                    remaining += 1;
                }
            }
        }
        if remaining == 0
            && ns["metadata"]["finalizers"]
                .as_array()
                .is_none_or(Vec::is_empty)
        {
            state.remove(&ns_rt, "", &name);
            state.observed.remove(&key);
        }
    }
}
