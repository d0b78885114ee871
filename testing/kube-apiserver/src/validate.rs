//! The validation a write must pass, with the real server's wording for the common failures.

use serde_json::Value;

use crate::catalog::ResourceType;
use crate::status::ApiError;

type Cause = (String, &'static str, String);

const SUBDOMAIN_MSG: &str = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const LABEL_MSG: &str = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";

fn is_label(s: &str) -> bool {
    let b = s.as_bytes();
    !b.is_empty()
        && b.len() <= 63
        && b.iter()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == b'-')
        && b[0] != b'-'
        && b[b.len() - 1] != b'-'
}

fn is_subdomain(s: &str) -> bool {
    s.len() <= 253 && s.split('.').all(is_label)
}

pub fn validate(rt: &ResourceType, o: &Value) -> Result<(), ApiError> {
    let name = o["metadata"]["name"].as_str().unwrap_or_default();
    let mut causes: Vec<Cause> = Vec::new();
    if name.is_empty() {
        causes.push((
            "metadata.name".into(),
            "FieldValueRequired",
            "Required value: name or generateName is required".into(),
        ));
    } else if rt.kind == "Namespace" && !is_label(name) {
        causes.push((
            "metadata.name".into(),
            "FieldValueInvalid",
            format!("Invalid value: {name:?}: {LABEL_MSG}"),
        ));
    } else if !rt.custom && !rt.group.starts_with("rbac") && !is_subdomain(name) {
        causes.push((
            "metadata.name".into(),
            "FieldValueInvalid",
            format!("Invalid value: {name:?}: {SUBDOMAIN_MSG}"),
        ));
    }
    if matches!(rt.kind.as_str(), "Deployment" | "StatefulSet" | "DaemonSet") {
        workload(o, &mut causes);
    }
    if !rt.custom && rt.kind == "Job" {
        restart_policy(
            &o["spec"]["template"]["spec"],
            "spec.template.spec.restartPolicy",
            &mut causes,
        );
    }
    if !rt.custom && rt.kind == "CronJob" {
        let spec = &o["spec"]["jobTemplate"]["spec"]["template"]["spec"];
        restart_policy(
            spec,
            "spec.jobTemplate.spec.template.spec.restartPolicy",
            &mut causes,
        );
    }
    if !rt.custom && rt.kind == "CustomResourceDefinition" {
        let spec = &o["spec"];
        let want = format!(
            "{}.{}",
            spec["names"]["plural"].as_str().unwrap_or_default(),
            spec["group"].as_str().unwrap_or_default()
        );
        if name != want {
            causes.push((
                "metadata.name".into(),
                "FieldValueInvalid",
                format!("Invalid value: {name:?}: must be spec.names.plural+\".\"+spec.group"),
            ));
        }
    }
    if rt.kind == "ConfigMap" {
        for field in ["data"] {
            if let Some(m) = o[field].as_object() {
                for (k, v) in m {
                    if !v.is_string() {
                        causes.push((
                            format!("{field}[{k}]"),
                            "FieldValueInvalid",
                            "Invalid value: must be a string".into(),
                        ));
                    }
                }
            }
        }
    }
    if causes.is_empty() {
        Ok(())
    } else {
        Err(ApiError::invalid(
            &rt.group,
            &rt.qualified_kind(),
            name,
            &causes,
        ))
    }
}

fn restart_policy(pod: &Value, field: &str, causes: &mut Vec<Cause>) {
    match pod["restartPolicy"].as_str() {
        Some("OnFailure" | "Never") => {}
        Some(other) => causes.push((
            field.into(),
            "FieldValueNotSupported",
            format!("Unsupported value: {other:?}: supported values: \"OnFailure\", \"Never\""),
        )),
        None => causes.push((
            field.into(),
            "FieldValueRequired",
            "Required value: valid values: \"OnFailure\", \"Never\"".into(),
        )),
    }
}

fn workload(o: &Value, causes: &mut Vec<Cause>) {
    let spec = &o["spec"];
    let selector = &spec["selector"];
    let labels = &spec["template"]["metadata"]["labels"];
    if !selector.is_object() {
        causes.push((
            "spec.selector".into(),
            "FieldValueRequired",
            "Required value".into(),
        ));
    } else if let Some(ml) = selector["matchLabels"].as_object() {
        let matches = ml.iter().all(|(k, v)| labels.get(k) == Some(v));
        if !matches {
            causes.push((
                "spec.template.metadata.labels".into(),
                "FieldValueInvalid",
                format!(
                    "Invalid value: {}: `selector` does not match template `labels`",
                    serde_json::to_string(labels).unwrap_or_default()
                ),
            ));
        }
    }
    let containers = spec["template"]["spec"]["containers"].as_array();
    if containers.is_none_or(|c| c.is_empty()) {
        causes.push((
            "spec.template.spec.containers".into(),
            "FieldValueRequired",
            "Required value".into(),
        ));
    }
    for (i, c) in containers.into_iter().flatten().enumerate() {
        if !c["name"].is_string() {
            causes.push((
                format!("spec.template.spec.containers[{i}].name"),
                "FieldValueRequired",
                "Required value".into(),
            ));
        }
        if !c["image"].is_string() {
            causes.push((
                format!("spec.template.spec.containers[{i}].image"),
                "FieldValueRequired",
                "Required value".into(),
            ));
        }
    }
}
