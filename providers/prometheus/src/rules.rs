//! Rule groups as Prometheus's rule files spell them, built from a
//! configuration and checked the way Prometheus checks a rule file before
//! loading it (`rulefmt`): one of `alert` or `record`, an expression that
//! parses as PromQL, valid durations, label and recording-rule names, and
//! no `for` or annotations on recording rules.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};
use terrace_provider_sdk::framework::{attr, string, string_map};
use terrace_provider_sdk::{Diagnostic, Diagnostics, Value};

/// A rule file holding one group.
#[derive(Serialize, Deserialize, Debug, PartialEq)]
pub struct RuleFile {
    pub groups: Vec<GroupSpec>,
}

/// A rule group in a rule file.
#[derive(Serialize, Deserialize, Debug, PartialEq, Clone)]
pub struct GroupSpec {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interval: Option<String>,
    pub rules: Vec<RuleSpec>,
}

/// A rule in a rule file.
#[derive(Serialize, Deserialize, Debug, PartialEq, Clone)]
pub struct RuleSpec {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub record: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alert: Option<String>,
    pub expr: String,
    #[serde(default, rename = "for", skip_serializing_if = "Option::is_none")]
    pub for_: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub labels: Option<BTreeMap<String, String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub annotations: Option<BTreeMap<String, String>>,
}

/// The group a configuration describes.
pub fn group_of(config: &Value) -> Result<GroupSpec, Diagnostics> {
    let mut rules = Vec::new();
    for r in attr(config, "rule").as_elements().unwrap_or(&[]) {
        rules.push(RuleSpec {
            record: string(r, "record")?,
            alert: string(r, "alert")?,
            expr: string(r, "expr")?.unwrap_or_default(),
            for_: string(r, "for")?,
            labels: string_map(r, "labels")?,
            annotations: string_map(r, "annotations")?,
        });
    }
    Ok(GroupSpec {
        name: string(config, "name")?.unwrap_or_default(),
        interval: string(config, "interval")?,
        rules,
    })
}

/// The rule file text for a group.
pub fn render(group: GroupSpec) -> Result<String, Diagnostics> {
    serde_yaml_ng::to_string(&RuleFile {
        groups: vec![group],
    })
    .map_err(|e| Diagnostic::error("Cannot write the rule file", e.to_string()).into())
}

/// Whether `name` is a valid Prometheus label name.
pub fn valid_label_name(name: &str) -> bool {
    let mut chars = name.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Whether `name` is a valid metric name (a recording rule's `record`).
pub fn valid_metric_name(name: &str) -> bool {
    let mut chars = name.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_' || c == ':')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == ':')
}

/// Seconds in a Prometheus duration such as `5m` or `1h30m`.
pub fn duration_secs(text: &str) -> Result<f64, String> {
    promql_parser::util::duration::parse_duration(text).map(|d| d.as_secs_f64())
}

/// A number of seconds as Prometheus prints a duration.
pub fn duration_text(secs: f64) -> String {
    promql_parser::util::duration::display_duration(&std::time::Duration::from_secs_f64(secs))
}

/// An expression in canonical form, for comparing what was configured
/// with what Prometheus reports; `None` when it does not parse.
pub fn canonical(expr: &str) -> Option<String> {
    promql_parser::parser::parse(expr)
        .ok()
        .map(|e| e.to_string())
}

fn problem(group: &str, rule: &str, detail: String) -> Diagnostic {
    Diagnostic::error(
        format!("Invalid rule {rule} in group {group:?}"),
        format!("Prometheus would reject this rule: {detail}"),
    )
}

/// Checks a configuration that may contain unknowns; only what is known is
/// checked.
pub fn validate(config: &Value) -> Diagnostics {
    let mut d = Diagnostics::new();
    let group = attr(config, "name").as_str().unwrap_or("").to_string();
    if attr(config, "name").is_known() && group.is_empty() {
        d.push(Diagnostic::error(
            "Invalid value for \"name\"",
            "A rule group's name must not be empty.",
        ));
    }
    if let Some(iv) = attr(config, "interval").as_str() {
        if let Err(e) = duration_secs(iv) {
            d.push(Diagnostic::error(
                "Invalid value for \"interval\"",
                format!("{iv:?} is not a Prometheus duration such as 30s or 1m: {e}"),
            ));
        }
    }
    let rules = attr(config, "rule");
    let Some(rules) = rules.as_elements() else {
        return d;
    };
    if rules.is_empty() {
        d.push(Diagnostic::error(
            "Missing rule",
            format!("The rule group {group:?} needs at least one rule block."),
        ));
    }
    for (i, r) in rules.iter().enumerate() {
        let known = |name: &str| attr(r, name).is_wholly_known();
        let s = |name: &str| attr(r, name).as_str().map(str::to_string);
        let alert = s("alert").filter(|a| !a.is_empty());
        let record = s("record").filter(|a| !a.is_empty());
        let label = match (&alert, &record) {
            (Some(a), _) => format!("alert {a:?}"),
            (_, Some(r)) => format!("record {r:?}"),
            _ => format!("rule {}", i + 1),
        };
        if known("alert") && known("record") {
            match (&alert, &record) {
                (None, None) => d.push(problem(
                    &group,
                    &label,
                    "one of alert or record must be set.".into(),
                )),
                (Some(_), Some(_)) => d.push(problem(
                    &group,
                    &label,
                    "only one of alert and record may be set.".into(),
                )),
                _ => {}
            }
        }
        if let Some(name) = &record {
            if !valid_metric_name(name) {
                d.push(problem(
                    &group,
                    &label,
                    format!("{name:?} is not a valid metric name for record."),
                ));
            }
        }
        if known("record") && record.is_some() {
            if known("for") && !attr(r, "for").is_null() {
                d.push(problem(
                    &group,
                    &label,
                    "a recording rule cannot have for.".into(),
                ));
            }
            if known("annotations") && !attr(r, "annotations").is_null() {
                d.push(problem(
                    &group,
                    &label,
                    "a recording rule cannot have annotations.".into(),
                ));
            }
        }
        if let Some(expr) = s("expr") {
            if expr.trim().is_empty() {
                d.push(problem(&group, &label, "expr must be set.".into()));
            } else if let Err(e) = promql_parser::parser::parse(&expr) {
                d.push(problem(
                    &group,
                    &label,
                    format!("expr {expr:?} does not parse: {e}"),
                ));
            }
        }
        if let Some(f) = s("for") {
            if let Err(e) = duration_secs(&f) {
                d.push(problem(
                    &group,
                    &label,
                    format!("for {f:?} is not a duration: {e}"),
                ));
            }
        }
        for map in ["labels", "annotations"] {
            if let Some(entries) = attr(r, map).as_entries() {
                for k in entries.keys() {
                    if !valid_label_name(k) {
                        d.push(problem(
                            &group,
                            &label,
                            format!("{k:?} is not a valid name in {map}."),
                        ));
                    }
                }
            }
        }
    }
    d
}

/// Runs `promtool check rules` on the group when promtool is installed,
/// catching what only Prometheus itself checks (label templates).
pub fn promtool_check(group: &GroupSpec, dir: &Path) -> Diagnostics {
    let mut d = Diagnostics::new();
    let Ok(text) = render(group.clone()) else {
        return d;
    };
    let Ok(file) = tempfile::Builder::new().suffix(".yml").tempfile_in(dir) else {
        return d;
    };
    if std::fs::write(file.path(), text).is_err() {
        return d;
    }
    let Ok(out) = std::process::Command::new("promtool")
        .args(["check", "rules"])
        .arg(file.path())
        .output()
    else {
        return d;
    };
    if !out.status.success() {
        let report = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
        .replace(&file.path().display().to_string(), "rule file");
        d.push(Diagnostic::error(
            format!("Invalid rule group {:?}", group.name),
            format!("promtool rejects the group: {}", report.trim()),
        ));
    }
    d
}
