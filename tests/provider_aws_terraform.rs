//! A differential test of the AWS provider against the Terraform AWS
//! provider: each case configuration under tests/aws_terraform/ is applied
//! by the `terrace` binary against moto, and every attribute Terrace's
//! schema has is compared with what Terraform and its AWS provider 5.100.0
//! recorded for the same configuration (`expected.json`, written by
//! tests/aws_terraform/generate.py). Attributes only the Terraform provider
//! has are listed in missing_attributes.txt; value differences fail unless
//! known_differences.txt gives a reason for them.

mod util;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use regex::Regex;
use serde_json::{json, Value as J};
use util::moto::moto;
use util::Dir;

/// Kept equal to REGION and DEFAULT_TAGS in generate.py.
const REGION: &str = "eu-central-1";
const DEFAULT_TAGS: &str =
    "  default_tags {\n    tags = {\n      Project = \"terrace\"\n      Suite   = \"differential\"\n    }\n  }";

/// Set this to rewrite missing_attributes.txt instead of checking it.
const UPDATE_MISSING: &str = "TERRACE_UPDATE_MISSING_ATTRIBUTES";

fn cases_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/aws_terraform")
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
}

/// The rewrites of normalisations.json, the generator's too.
struct Normaliser(Vec<(Regex, String)>);

impl Normaliser {
    fn load() -> Normaliser {
        let rules: J = serde_json::from_str(&read(&cases_dir().join("normalisations.json")))
            .expect("normalisations.json is JSON");
        let rules = rules
            .as_array()
            .expect("normalisations.json is a list")
            .iter()
            .map(|r| {
                let pattern = r["pattern"].as_str().expect("a pattern");
                let re = Regex::new(pattern).unwrap_or_else(|e| panic!("{pattern}: {e}"));
                (re, r["replacement"].as_str().expect("a replacement").into())
            })
            .collect();
        Normaliser(rules)
    }

    fn string(&self, s: &str) -> String {
        self.0.iter().fold(s.to_string(), |acc, (re, rep)| {
            re.replace_all(&acc, rep.as_str()).into_owned()
        })
    }

    fn apply(&self, v: &J) -> J {
        match v {
            J::String(s) => J::String(self.string(s)),
            J::Array(xs) => J::Array(xs.iter().map(|x| self.apply(x)).collect()),
            J::Object(m) => J::Object(
                m.iter()
                    .map(|(k, x)| (self.string(k), self.apply(x)))
                    .collect(),
            ),
            other => other.clone(),
        }
    }
}

/// `type.attribute` -> the reason the values differ.
fn known_differences() -> BTreeMap<String, String> {
    read(&cases_dir().join("known_differences.txt"))
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| {
            let (key, reason) = l.split_once(char::is_whitespace).unwrap_or((l, ""));
            assert!(
                !reason.trim().is_empty(),
                "known_differences.txt: {key} needs a reason"
            );
            (key.to_string(), reason.trim().to_string())
        })
        .collect()
}

/// A number as an integer when it is one, so `100` and `100.0` agree.
fn number(n: &serde_json::Number) -> J {
    match n.as_f64() {
        Some(f) if f.fract() == 0.0 && f.abs() < 1e15 => json!(f as i64),
        Some(f) => json!(f),
        None => J::Number(n.clone()),
    }
}

/// `v` of attribute type `ty` in a form that compares by meaning: sets
/// sorted, numbers alike.
fn canonical(ty: &J, v: &J) -> J {
    match v {
        J::Null => return J::Null,
        J::Number(n) => return number(n),
        _ => {}
    }
    let (kind, inner) = match ty.as_array().map(Vec::as_slice) {
        Some([k, i]) => (k.as_str().unwrap_or(""), i),
        _ => ("dynamic", &J::Null),
    };
    match (kind, v) {
        ("set", J::Array(xs)) => sorted(xs.iter().map(|x| canonical(inner, x)).collect()),
        ("list", J::Array(xs)) => J::Array(xs.iter().map(|x| canonical(inner, x)).collect()),
        ("map", J::Object(m)) => J::Object(
            m.iter()
                .map(|(k, x)| (k.clone(), canonical(inner, x)))
                .collect(),
        ),
        ("object", J::Object(m)) => J::Object(
            m.iter()
                .map(|(k, x)| (k.clone(), canonical(&inner[k], x)))
                .collect(),
        ),
        (_, J::Array(xs)) => J::Array(xs.iter().map(|x| canonical(&J::Null, x)).collect()),
        (_, J::Object(m)) => J::Object(
            m.iter()
                .map(|(k, x)| (k.clone(), canonical(&J::Null, x)))
                .collect(),
        ),
        _ => v.clone(),
    }
}

fn sorted(mut xs: Vec<J>) -> J {
    xs.sort_by_key(|x| x.to_string());
    J::Array(xs)
}

/// An object of `block` (a schema block) keeping only the attributes and
/// nested blocks the schema has, canonical; every other key of `v` goes to
/// `missing` as `path.key`.
fn project(block: &J, v: &J, path: &str, missing: &mut BTreeSet<String>) -> J {
    let Some(obj) = v.as_object() else {
        return v.clone();
    };
    let attrs = block["attributes"].as_object().cloned().unwrap_or_default();
    let blocks = block["block_types"]
        .as_object()
        .cloned()
        .unwrap_or_default();
    let mut out = serde_json::Map::new();
    for (k, x) in obj {
        if let Some(a) = attrs.get(k) {
            out.insert(k.clone(), canonical(&a["type"], x));
        } else if let Some(b) = blocks.get(k) {
            out.insert(
                k.clone(),
                project_nested(b, x, &format!("{path}.{k}"), missing),
            );
        } else {
            missing.insert(format!("{path}.{k}"));
        }
    }
    J::Object(out)
}

fn project_nested(nested: &J, v: &J, path: &str, missing: &mut BTreeSet<String>) -> J {
    let block = &nested["block"];
    match (nested["nesting_mode"].as_str(), v) {
        (Some("set"), J::Array(xs)) => sorted(
            xs.iter()
                .map(|x| project(block, x, path, missing))
                .collect(),
        ),
        (_, J::Array(xs)) => J::Array(
            xs.iter()
                .map(|x| project(block, x, path, missing))
                .collect(),
        ),
        (_, J::Object(m)) if nested["nesting_mode"] == "map" => J::Object(
            m.iter()
                .map(|(k, x)| (k.clone(), project(block, x, path, missing)))
                .collect(),
        ),
        _ => project(block, v, path, missing),
    }
}

/// One Terrace state instance: address, attributes, top-level sensitive
/// attribute names.
struct Instance {
    type_name: String,
    data: bool,
    attributes: J,
    sensitive: BTreeSet<String>,
}

fn instances(state: &J) -> BTreeMap<String, Instance> {
    let mut out = BTreeMap::new();
    for r in state["resources"].as_array().into_iter().flatten() {
        let data = r["mode"] == "data";
        let type_name = r["type"].as_str().unwrap_or_default().to_string();
        let base = format!(
            "{}{}.{}",
            if data { "data." } else { "" },
            type_name,
            r["name"].as_str().unwrap_or_default()
        );
        let base = match r["module"].as_str() {
            Some(m) => format!("{m}.{base}"),
            None => base,
        };
        for i in r["instances"].as_array().into_iter().flatten() {
            let address = match &i["index_key"] {
                J::Null => base.clone(),
                J::String(s) => format!("{base}[{s:?}]"),
                k => format!("{base}[{k}]"),
            };
            let sensitive = i["sensitive_attributes"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|p| match p.as_array().map(Vec::as_slice) {
                    Some([step]) => step["value"].as_str().map(str::to_string),
                    _ => None,
                })
                .collect();
            out.insert(
                address,
                Instance {
                    type_name: type_name.clone(),
                    data,
                    attributes: i["attributes"].clone(),
                    sensitive,
                },
            );
        }
    }
    out
}

/// What the comparison found across the cases.
#[derive(Default)]
struct Report {
    resources: usize,
    compared: usize,
    failures: Vec<String>,
    missing: BTreeSet<String>,
    /// Known differences seen to differ.
    seen_known: BTreeSet<String>,
}

impl Report {
    fn compare(
        &mut self,
        address: &str,
        schema: &J,
        expected: &J,
        inst: &Instance,
        norm: &Normaliser,
        known: &BTreeMap<String, String>,
    ) {
        self.resources += 1;
        let ty = &inst.type_name;
        let block = &schema["block"];
        let tf = project(
            block,
            &norm.apply(&expected["values"]),
            ty,
            &mut self.missing,
        );
        let mut ignored = BTreeSet::new();
        let tr = project(block, &norm.apply(&inst.attributes), ty, &mut ignored);
        let tf_sensitive: BTreeSet<String> = expected["sensitive_values"]
            .as_object()
            .into_iter()
            .flatten()
            .filter(|(_, v)| **v == J::Bool(true))
            .map(|(k, _)| k.clone())
            .collect();
        let names = block["attributes"]
            .as_object()
            .into_iter()
            .flatten()
            .chain(block["block_types"].as_object().into_iter().flatten())
            .map(|(k, _)| k.clone());
        for name in names {
            self.compared += 1;
            let key = format!("{ty}.{name}");
            let (a, b) = (tf.get(&name), tr.get(&name));
            let mut problem = match (a, b) {
                (None, _) => Some(format!(
                    "{address}: {name}: the Terraform provider has no such attribute"
                )),
                (Some(a), b) if Some(a) != b => Some(format!(
                    "{address}: {name}:\n    terraform: {a}\n    terrace:   {}",
                    b.unwrap_or(&J::Null)
                )),
                _ => None,
            };
            let (s_tf, s_tr) = (tf_sensitive.contains(&name), inst.sensitive.contains(&name));
            if problem.is_none() && s_tf != s_tr && !inst.data {
                problem = Some(format!(
                    "{address}: {name}: sensitive in terraform: {s_tf}, in terrace: {s_tr}"
                ));
            }
            if let Some(p) = problem {
                if known.contains_key(&key) {
                    self.seen_known.insert(key);
                } else {
                    self.failures.push(p);
                }
            }
        }
    }
}

fn subnets_tf() -> String {
    let ids = moto().boto3(
        REGION,
        r#"
ec2 = client("ec2")
vpc = ec2.create_vpc(CidrBlock="10.9.0.0/16")["Vpc"]["VpcId"]
zones = [z["ZoneName"] for z in ec2.describe_availability_zones()["AvailabilityZones"]][:2]
ids = [ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.9.{i}.0/24", AvailabilityZone=z)["Subnet"]["SubnetId"] for i, z in enumerate(zones)]
print(json.dumps(ids))
"#,
    );
    format!("locals {{\n  subnet_ids = {}\n}}\n", ids.trim())
}

fn cases() -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(cases_dir())
        .expect("tests/aws_terraform")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.join("expected.json").is_file())
        .collect();
    out.sort();
    out
}

fn run_case(case: &Path, norm: &Normaliser, known: &BTreeMap<String, String>, report: &mut Report) {
    let name = case.file_name().and_then(|n| n.to_str()).unwrap_or("?");
    let expected: J =
        serde_json::from_str(&read(&case.join("expected.json"))).expect("expected.json is JSON");
    assert_eq!(
        expected["region"], REGION,
        "{name}: regenerate expected.json"
    );
    let dir = Dir::new();
    for entry in std::fs::read_dir(case)
        .expect("case dir")
        .filter_map(Result::ok)
    {
        let file = entry.file_name().to_string_lossy().to_string();
        if file.ends_with(".tf") {
            dir.write(&file, &read(&entry.path()));
        }
    }
    // Terrace keeps data sources out of its state: outputs show them.
    let data: Vec<&str> = expected["resources"]
        .as_array()
        .expect("resources")
        .iter()
        .filter(|r| r["mode"] == "data")
        .filter_map(|r| r["address"].as_str())
        .collect();
    let outputs: String = data
        .iter()
        .enumerate()
        .map(|(i, a)| {
            format!("output \"data_{i}\" {{\n  value     = {a}\n  sensitive = true\n}}\n")
        })
        .collect();
    dir.write("data_outputs.tf", &outputs);
    dir.write("subnets.tf", &subnets_tf());
    dir.write(
        "provider.tf",
        &moto().provider_block(None, REGION, DEFAULT_TAGS),
    );
    let apply = dir.run(&["apply", "-auto-approve", "-no-color"]);
    assert_eq!(apply.code, 0, "{name}:\n{}\n{}", apply.stdout, apply.stderr);
    let again = dir.run(&["plan", "-detailed-exitcode", "-no-color"]);
    // Terraform's own second plan may not be empty against moto (see
    // generate.py); Terrace's must be.
    if again.code != 0 {
        report.failures.push(format!(
            "{name}: the second plan exits {}:\n{}",
            again.code, again.stdout
        ));
    }
    let schemas = dir.run(&["providers", "schema", "-json"]).json();
    let schemas = &schemas["provider_schemas"]["registry.terraform.io/hashicorp/aws"];
    let state = dir.run(&["state", "pull"]).json();
    let mut got = instances(&state);
    for (i, address) in data.iter().enumerate() {
        let value = &dir.run(&["output", "-json", &format!("data_{i}")]).json();
        let Some((type_name, _)) = address
            .strip_prefix("data.")
            .and_then(|a| a.split_once('.'))
        else {
            continue;
        };
        if value.is_object() {
            got.insert(
                address.to_string(),
                Instance {
                    type_name: type_name.to_string(),
                    data: true,
                    attributes: value.clone(),
                    sensitive: BTreeSet::new(),
                },
            );
        }
    }
    for r in expected["resources"].as_array().expect("resources") {
        let address = r["address"].as_str().unwrap_or_default();
        let Some(inst) = got.remove(address) else {
            report
                .failures
                .push(format!("{name}: {address} is not in Terrace's state"));
            continue;
        };
        let kind = if inst.data {
            "data_source_schemas"
        } else {
            "resource_schemas"
        };
        let schema = &schemas[kind][&inst.type_name];
        assert!(schema.is_object(), "no schema for {}", inst.type_name);
        report.compare(address, schema, r, &inst, norm, known);
    }
    for address in got.keys() {
        report.failures.push(format!(
            "{name}: {address} is in Terrace's state but not in Terraform's"
        ));
    }
    let destroy = dir.run(&["destroy", "-auto-approve", "-no-color"]);
    assert_eq!(
        destroy.code, 0,
        "{name}:\n{}\n{}",
        destroy.stdout, destroy.stderr
    );
}

/// The committed list of attributes only the Terraform provider has, less
/// its comment lines.
fn check_missing(found: &BTreeSet<String>, failures: &mut Vec<String>) {
    let path = cases_dir().join("missing_attributes.txt");
    if std::env::var_os(UPDATE_MISSING).is_some() {
        let mut text = format!(
            "# Attributes the Terraform AWS provider 5.100.0 records that Terrace's AWS\n\
             # provider does not have, as `type.attribute` (nested: `type.block.attribute`).\n\
             # Written by `{UPDATE_MISSING}=1 cargo test --test provider_aws_terraform`.\n"
        );
        for m in found {
            text.push_str(m);
            text.push('\n');
        }
        std::fs::write(&path, text).expect("write missing_attributes.txt");
        return;
    }
    let listed: BTreeSet<String> = read(&path)
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_string)
        .collect();
    for gone in listed.difference(found) {
        failures.push(format!(
            "missing_attributes.txt lists {gone}, which Terrace now has (rerun with {UPDATE_MISSING}=1)"
        ));
    }
    for new in found.difference(&listed) {
        failures.push(format!(
            "{new} is missing from Terrace and from missing_attributes.txt (rerun with {UPDATE_MISSING}=1)"
        ));
    }
}

#[test]
fn terrace_records_the_attributes_the_terraform_aws_provider_records() {
    let norm = Normaliser::load();
    let known = known_differences();
    let mut report = Report::default();
    let cases = cases();
    assert!(!cases.is_empty(), "no cases under tests/aws_terraform");
    for case in &cases {
        run_case(case, &norm, &known, &mut report);
    }
    let mut failures = std::mem::take(&mut report.failures);
    check_missing(&report.missing, &mut failures);
    for key in known.keys() {
        if !report.seen_known.contains(key) {
            failures.push(format!(
                "known_differences.txt lists {key}, which no longer differs"
            ));
        }
    }
    eprintln!(
        "{} cases, {} resources and data sources, {} attributes compared, {} only in Terraform's provider, {} known differences",
        cases.len(),
        report.resources,
        report.compared,
        report.missing.len(),
        known.len()
    );
    assert!(
        failures.is_empty(),
        "{} differences from the Terraform AWS provider:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
