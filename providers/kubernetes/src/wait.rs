//! Readiness: waiting for a workload's rollout, a Job's completion, a claim's
//! binding, or fields and conditions of any object, polling the object with
//! a deadline. A timeout names the object and its conditions.

use std::time::{Duration, Instant};

use regex::Regex;
use serde_json::Value as Json;
use terrace_value::{Diagnostic, Diagnostics};

use crate::cluster::{Cluster, ObjectRef, POLL};
use crate::json::{at_path, int_at, str_at};

/// What to wait for after an apply.
#[derive(Clone, Debug, Default)]
pub(crate) struct WaitFor {
    /// Deployment, StatefulSet or DaemonSet rollout.
    pub rollout: bool,
    /// A Job's completion.
    pub completion: bool,
    /// A PersistentVolumeClaim's binding.
    pub bound: bool,
    /// A LoadBalancer Service's ingress address (other services need none).
    pub load_balancer: bool,
    /// Fields (dotted paths) and the regular expressions they must match.
    pub fields: Vec<(String, String)>,
    /// Conditions (type, status) that must be present.
    pub conditions: Vec<(String, String)>,
}

impl WaitFor {
    /// Whether there is nothing to wait for.
    pub fn is_empty(&self) -> bool {
        !self.rollout
            && !self.completion
            && !self.bound
            && !self.load_balancer
            && self.fields.is_empty()
            && self.conditions.is_empty()
    }
}

/// Why an object is not ready yet, or `None` when it is.
fn pending(w: &WaitFor, obj: &Json) -> Result<Option<String>, Diagnostics> {
    if w.rollout {
        if let Some(why) = rollout_pending(obj) {
            return Ok(Some(why));
        }
    }
    if w.completion {
        let done = conditions(obj)
            .iter()
            .any(|(t, s)| t == "Complete" && s == "True");
        if conditions(obj)
            .iter()
            .any(|(t, s)| t == "Failed" && s == "True")
        {
            return Err(
                Diagnostic::error("Job failed", "The Job reported condition Failed.").into(),
            );
        }
        if !done {
            return Ok(Some("the Job has not completed".into()));
        }
    }
    if w.load_balancer
        && str_at(obj, "spec.type") == Some("LoadBalancer")
        && str_at(obj, "status.loadBalancer.ingress.0.ip")
            .or(str_at(obj, "status.loadBalancer.ingress.0.hostname"))
            .is_none()
    {
        return Ok(Some("the load balancer has no ingress address yet".into()));
    }
    if w.bound && str_at(obj, "status.phase") != Some("Bound") {
        return Ok(Some(format!(
            "the claim is {}, not Bound",
            str_at(obj, "status.phase").unwrap_or("pending")
        )));
    }
    for (path, pattern) in &w.fields {
        let re = Regex::new(pattern).map_err(|e| {
            Diagnostics::from(Diagnostic::error(
                "Invalid wait field pattern",
                format!("wait.fields[{path:?}] is not a regular expression: {e}"),
            ))
        })?;
        let value = at_path(obj, path).map(|v| match v {
            Json::String(s) => s.clone(),
            other => other.to_string(),
        });
        if !value.as_deref().is_some_and(|v| re.is_match(v)) {
            return Ok(Some(format!(
                "field {path} is {}",
                value.unwrap_or_else(|| "not set".into())
            )));
        }
    }
    let have = conditions(obj);
    for (t, s) in &w.conditions {
        if !have.iter().any(|(ht, hs)| ht == t && hs == s) {
            return Ok(Some(format!("condition {t} is not {s}")));
        }
    }
    Ok(None)
}

/// A workload's rollout: the controller saw the newest generation and every
/// replica is updated and available.
fn rollout_pending(obj: &Json) -> Option<String> {
    let generation = int_at(obj, "metadata.generation").unwrap_or(0);
    let observed = int_at(obj, "status.observedGeneration").unwrap_or(0);
    if observed < generation {
        return Some(format!(
            "observed generation {observed} is behind generation {generation}"
        ));
    }
    if obj["kind"] == "DaemonSet" {
        let want = int_at(obj, "status.desiredNumberScheduled").unwrap_or(0);
        let updated = int_at(obj, "status.updatedNumberScheduled").unwrap_or(0);
        let available = int_at(obj, "status.numberAvailable").unwrap_or(0);
        if updated < want || available < want {
            return Some(format!(
                "{updated} of {want} pods updated, {available} available"
            ));
        }
        return None;
    }
    let want = int_at(obj, "spec.replicas").unwrap_or(1);
    let updated = int_at(obj, "status.updatedReplicas").unwrap_or(0);
    let available = int_at(obj, "status.availableReplicas").unwrap_or(0);
    if updated < want || available < want {
        return Some(format!(
            "{updated} of {want} replicas updated, {available} available"
        ));
    }
    None
}

fn conditions(obj: &Json) -> Vec<(String, String)> {
    obj["status"]["conditions"]
        .as_array()
        .map(|cs| {
            cs.iter()
                .map(|c| {
                    (
                        c["type"].as_str().unwrap_or_default().to_string(),
                        c["status"].as_str().unwrap_or_default().to_string(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

fn describe_conditions(obj: &Json) -> String {
    let Some(cs) = obj["status"]["conditions"]
        .as_array()
        .filter(|c| !c.is_empty())
    else {
        return "it reports no conditions".into();
    };
    let parts: Vec<String> = cs
        .iter()
        .map(|c| {
            let mut s = format!(
                "{}={}",
                c["type"].as_str().unwrap_or("?"),
                c["status"].as_str().unwrap_or("?")
            );
            if let Some(r) = c["reason"].as_str() {
                s.push_str(&format!(" ({r}"));
                if let Some(m) = c["message"].as_str() {
                    s.push_str(&format!(": {m}"));
                }
                s.push(')');
            }
            s
        })
        .collect();
    format!("its conditions are {}", parts.join("; "))
}

/// Polls the object until it is ready; returns it as last seen.
pub(crate) async fn until_ready(
    cluster: &Cluster,
    attr: &str,
    at: &ObjectRef,
    w: &WaitFor,
    timeout: Duration,
) -> Result<Option<Json>, Diagnostics> {
    if w.is_empty() {
        return Ok(None);
    }
    let start = Instant::now();
    loop {
        let Some(obj) = cluster.get(attr, at).await? else {
            return Err(Diagnostic::error(
                format!("{} disappeared", at.describe()),
                format!(
                    "{} was deleted while waiting for it to become ready.",
                    at.describe()
                ),
            )
            .into());
        };
        let Some(why) = pending(w, &obj)? else {
            return Ok(Some(obj));
        };
        if start.elapsed() >= timeout {
            let what = if w.rollout { "rollout" } else { "readiness" };
            return Err(Diagnostic::error(
                format!("Timed out waiting for {what} of {}", at.describe()),
                format!(
                    "{} was not ready after {}s: {why}; {}.",
                    at.describe(),
                    timeout.as_secs(),
                    describe_conditions(&obj)
                ),
            )
            .into());
        }
        tokio::time::sleep(POLL).await;
    }
}

/// A Terraform duration such as `30s`, `10m`, `1h30m`.
pub(crate) fn parse_duration(text: &str) -> Option<Duration> {
    let mut total = 0f64;
    let mut num = String::new();
    let mut any = false;
    let mut chars = text.trim().chars().peekable();
    while let Some(c) = chars.next() {
        if c.is_ascii_digit() || c == '.' {
            num.push(c);
            continue;
        }
        let mut unit = c.to_string();
        if c == 'm' && chars.peek() == Some(&'s') {
            unit.push('s');
            chars.next();
        }
        let n: f64 = num.parse().ok()?;
        num.clear();
        total += n * match unit.as_str() {
            "h" => 3600.0,
            "m" => 60.0,
            "s" => 1.0,
            "ms" => 0.001,
            _ => return None,
        };
        any = true;
    }
    if !num.is_empty() || !any {
        return None;
    }
    Some(Duration::from_secs_f64(total))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn durations_parse_as_terraform_writes_them() {
        assert_eq!(parse_duration("30s"), Some(Duration::from_secs(30)));
        assert_eq!(parse_duration("1h30m"), Some(Duration::from_secs(5400)));
        assert_eq!(parse_duration("500ms"), Some(Duration::from_millis(500)));
        assert_eq!(parse_duration("10"), None);
        assert_eq!(parse_duration("5x"), None);
    }

    #[test]
    fn rollout_waits_for_generation_and_replicas() {
        let mut d = json!({"kind": "Deployment", "metadata": {"generation": 2},
            "spec": {"replicas": 2},
            "status": {"observedGeneration": 1, "updatedReplicas": 2, "availableReplicas": 2}});
        assert!(rollout_pending(&d).is_some_and(|w| w.contains("generation")));
        d["status"]["observedGeneration"] = json!(2);
        assert_eq!(rollout_pending(&d), None);
        d["status"]["availableReplicas"] = json!(1);
        assert!(rollout_pending(&d).is_some_and(|w| w.contains("1 available")));
    }

    #[test]
    fn fields_match_patterns_and_conditions_match() {
        let obj = json!({"status": {"phase": "Running", "conditions": [{"type": "Ready", "status": "True"}]}});
        let w = WaitFor {
            fields: vec![("status.phase".into(), "^Run".into())],
            conditions: vec![("Ready".into(), "True".into())],
            ..WaitFor::default()
        };
        assert_eq!(pending(&w, &obj).ok().flatten(), None);
        let w = WaitFor {
            conditions: vec![("Ready".into(), "False".into())],
            ..WaitFor::default()
        };
        assert!(pending(&w, &obj).ok().flatten().is_some());
    }

    #[test]
    fn only_load_balancer_services_wait_for_an_ingress_address() {
        let w = WaitFor {
            load_balancer: true,
            ..WaitFor::default()
        };
        let mut svc = json!({"spec": {"type": "LoadBalancer"}, "status": {"loadBalancer": {}}});
        assert!(pending(&w, &svc).ok().flatten().is_some());
        svc["status"]["loadBalancer"]["ingress"] = json!([{"hostname": "lb.example"}]);
        assert_eq!(pending(&w, &svc).ok().flatten(), None);
        let cluster_ip = json!({"spec": {"type": "ClusterIP"}, "status": {"loadBalancer": {}}});
        assert_eq!(pending(&w, &cluster_ip).ok().flatten(), None);
    }
}
