//! The differential scenario suite: each configuration history in
//! `tests/scenarios/<name>/step*/` is planned and applied step after step by
//! the `terrace` binary, and the plan's changes (`show -json`) and the
//! outputs (`output -json`) of every step must be what Terraform 1.15.5 gave
//! for the same steps (recorded in `tests/scenarios/<name>/expected.json` by
//! `tests/scenarios/gen/generate.py`).
//!
//! Differences not yet resolved are listed in
//! `tests/scenarios/known_mismatches.txt`; the suite fails on any other
//! difference, and on a listed one that now matches, so the list only shrinks.

mod util;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde_json::{Map, Value as Json};
use util::Dir;

fn scenarios_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/scenarios")
}

/// Fields of a resource change compared, in the order the generator wrote them.
const CHANGE_FIELDS: &[&str] = &[
    "previous_address",
    "actions",
    "action_reason",
    "before",
    "after",
    "after_unknown",
    "before_sensitive",
    "after_sensitive",
];

/// Fields of an output change compared.
const OUTPUT_CHANGE_FIELDS: &[&str] = &[
    "actions",
    "before",
    "after",
    "after_unknown",
    "before_sensitive",
    "after_sensitive",
];

/// Every UUID inside a string becomes `<uuid>`, as the generator wrote it:
/// terraform_data ids are random.
fn normalize(v: &Json) -> Json {
    static UUID: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    let re = UUID.get_or_init(|| {
        regex::Regex::new("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
            .expect("uuid pattern")
    });
    match v {
        Json::String(s) => Json::String(re.replace_all(s, "<uuid>").into_owned()),
        Json::Array(items) => Json::Array(items.iter().map(normalize).collect()),
        Json::Object(m) => Json::Object(m.iter().map(|(k, v)| (k.clone(), normalize(v))).collect()),
        other => other.clone(),
    }
}

/// Numbers compare as decimals (`5432` and `5432.0` are one number);
/// everything else structurally.
fn same_json(a: &Json, b: &Json) -> bool {
    match (a, b) {
        (Json::Number(x), Json::Number(y)) => {
            let (x, y) = (x.to_string(), y.to_string());
            x == y || terrace_value::Number::parse(&x).ok() == terrace_value::Number::parse(&y).ok()
        }
        (Json::Array(x), Json::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| same_json(a, b))
        }
        (Json::Object(x), Json::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| same_json(v, w)))
        }
        _ => a == b,
    }
}

/// The recorded fields of one entry, or `null` for a field the entry lacks.
fn pick(entry: &Json, fields: &[&str]) -> Map<String, Json> {
    fields
        .iter()
        .filter_map(|f| entry.get(*f).map(|v| (f.to_string(), v.clone())))
        .collect()
}

/// What one step produced, in the shape of `expected.json`.
struct StepResult {
    changes: BTreeMap<String, Json>,
    output_changes: BTreeMap<String, Json>,
    outputs: BTreeMap<String, Json>,
}

impl StepResult {
    fn from_expected(step: &Json) -> StepResult {
        let changes = step["resource_changes"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|c| {
                let addr = c["address"].as_str().unwrap_or_default().to_string();
                (addr, Json::Object(pick(c, CHANGE_FIELDS)))
            })
            .collect();
        StepResult {
            changes,
            output_changes: entries(&step["output_changes"], OUTPUT_CHANGE_FIELDS),
            outputs: entries(&step["outputs"], &["sensitive", "type", "value"]),
        }
    }
}

fn entries(obj: &Json, fields: &[&str]) -> BTreeMap<String, Json> {
    obj.as_object()
        .into_iter()
        .flatten()
        .map(|(k, v)| (k.clone(), Json::Object(pick(v, fields))))
        .collect()
}

/// Copies the step's configuration into `work`, after removing the previous
/// step's files; the state and the saved plan's directory stay.
fn load_step(step_dir: &Path, work: &Path) {
    for entry in std::fs::read_dir(work).expect("read work dir").flatten() {
        let name = entry.file_name();
        if name.to_string_lossy().starts_with("terrace.tfstate") {
            continue;
        }
        let path = entry.path();
        if path.is_dir() {
            std::fs::remove_dir_all(&path).expect("remove dir");
        } else {
            std::fs::remove_file(&path).expect("remove file");
        }
    }
    for entry in walkdir::WalkDir::new(step_dir).min_depth(1) {
        let entry = entry.expect("walk step");
        let rel = entry.path().strip_prefix(step_dir).expect("relative path");
        let dest = work.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&dest).expect("mkdir");
        } else {
            std::fs::copy(entry.path(), &dest).expect("copy file");
        }
    }
}

/// Runs one step with terrace: plan -out, show -json, apply the plan,
/// output -json. An error names the command that failed.
fn run_step(dir: &Dir) -> Result<StepResult, String> {
    let run = |args: &[&str]| {
        let out = dir.run(args);
        if out.code != 0 {
            return Err(format!(
                "`terrace {}` exited with {}:\n{}{}",
                args.join(" "),
                out.code,
                out.stdout,
                out.stderr
            ));
        }
        Ok(out)
    };
    run(&["plan", "-input=false", "-no-color", "-out=plan.bin"])?;
    let show = run(&["show", "-json", "plan.bin"])?;
    let plan: Json = serde_json::from_str(&show.stdout)
        .map_err(|e| format!("`terrace show -json` did not print JSON ({e})"))?;
    run(&["apply", "-input=false", "-no-color", "plan.bin"])?;
    let output = run(&["output", "-json"])?;
    let mut outputs: Json = serde_json::from_str(&output.stdout)
        .map_err(|e| format!("`terrace output -json` did not print JSON ({e})"))?;
    // The listing hides sensitive values by design; asking for one output
    // by name gives its value, which must be Terraform's.
    if let Some(all) = outputs.as_object_mut() {
        for (name, entry) in all.iter_mut() {
            if entry["sensitive"] == Json::Bool(true) {
                let one = run(&["output", "-json", name])?;
                entry["value"] = serde_json::from_str(&one.stdout).map_err(|e| {
                    format!("`terrace output -json {name}` did not print JSON ({e})")
                })?;
            }
        }
    }
    let plan = normalize(&plan);
    let changes = plan["resource_changes"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|rc| {
            let mut entry = Map::new();
            if let Some(prev) = rc.get("previous_address") {
                entry.insert("previous_address".into(), prev.clone());
            }
            for (k, v) in pick(&rc["change"], CHANGE_FIELDS) {
                entry.insert(k, v);
            }
            if let Some(reason) = rc.get("action_reason") {
                entry.insert("action_reason".into(), reason.clone());
            }
            let addr = rc["address"].as_str().unwrap_or_default().to_string();
            (addr, Json::Object(entry))
        })
        .collect();
    Ok(StepResult {
        changes,
        output_changes: entries(&plan["output_changes"], OUTPUT_CHANGE_FIELDS),
        outputs: entries(&normalize(&outputs), &["sensitive", "type", "value"]),
    })
}

/// The comparison of one item: its key in `known_mismatches.txt` and, when
/// it differs, a description of how.
struct Compared {
    key: String,
    diff: Option<String>,
}

/// Compares two maps of entries, one `Compared` per name in either.
fn compare_entries(
    prefix: &str,
    kind: &str,
    expected: &BTreeMap<String, Json>,
    got: &BTreeMap<String, Json>,
    out: &mut Vec<Compared>,
) {
    let names: BTreeSet<&String> = expected.keys().chain(got.keys()).collect();
    for name in names {
        let key = format!("{prefix} {kind} {name}");
        let diff = match (expected.get(name), got.get(name)) {
            (Some(e), Some(g)) if same_json(e, g) => None,
            (Some(e), Some(g)) => Some(field_diff(e, g)),
            (Some(e), None) => Some(format!("    missing; Terraform has {}", compact(e))),
            (None, Some(g)) => Some(format!(
                "    unexpected; Terraform has none; got {}",
                compact(g)
            )),
            (None, None) => None,
        };
        out.push(Compared { key, diff });
    }
}

/// The fields that differ between two entries, one line pair each.
fn field_diff(expected: &Json, got: &Json) -> String {
    let empty = Map::new();
    let e = expected.as_object().unwrap_or(&empty);
    let g = got.as_object().unwrap_or(&empty);
    let fields: BTreeSet<&String> = e.keys().chain(g.keys()).collect();
    let mut lines = Vec::new();
    for f in fields {
        let (ev, gv) = (e.get(f), g.get(f));
        let same = match (ev, gv) {
            (Some(a), Some(b)) => same_json(a, b),
            (None, None) => true,
            _ => false,
        };
        if !same {
            let show = |v: Option<&Json>| v.map(compact).unwrap_or_else(|| "(absent)".into());
            lines.push(format!(
                "    {f}:\n      terraform: {}\n      terrace:   {}",
                show(ev),
                show(gv)
            ));
        }
    }
    lines.join("\n")
}

fn compact(v: &Json) -> String {
    serde_json::to_string(v).unwrap_or_default()
}

/// Runs one scenario and compares every step; a step that cannot run ends
/// the scenario (the states of the two tools no longer correspond).
fn check_scenario(name: &str, out: &mut Vec<Compared>) {
    let sdir = scenarios_dir().join(name);
    let text = std::fs::read_to_string(sdir.join("expected.json")).unwrap_or_else(|e| {
        panic!("{name}/expected.json: {e}; run tests/scenarios/gen/generate.py")
    });
    let expected: Json = serde_json::from_str(&text).expect("expected.json is JSON");
    let dir = Dir::new();
    for step in expected["steps"].as_array().expect("steps") {
        let step_name = step["step"].as_str().expect("step name");
        let prefix = format!("{name} {step_name}");
        load_step(&sdir.join(step_name), dir.path());
        let want = StepResult::from_expected(step);
        match run_step(&dir) {
            Err(e) => {
                out.push(Compared {
                    key: format!("{prefix} run"),
                    diff: Some(format!("    {}", e.replace('\n', "\n    "))),
                });
                return;
            }
            Ok(got) => {
                out.push(Compared {
                    key: format!("{prefix} run"),
                    diff: None,
                });
                compare_entries(&prefix, "change", &want.changes, &got.changes, out);
                compare_entries(
                    &prefix,
                    "output_change",
                    &want.output_changes,
                    &got.output_changes,
                    out,
                );
                compare_entries(&prefix, "output", &want.outputs, &got.outputs, out);
            }
        }
    }
}

/// The listed mismatch keys: non-comment, non-blank lines.
fn known_mismatches() -> BTreeSet<String> {
    let text =
        std::fs::read_to_string(scenarios_dir().join("known_mismatches.txt")).unwrap_or_default();
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_string)
        .collect()
}

fn scenario_names() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(scenarios_dir())
        .expect("tests/scenarios")
        .flatten()
        .filter(|e| e.path().join("step1").is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn scenarios_match_terraform() {
    let names = scenario_names();
    assert!(names.len() >= 10, "only {} scenarios found", names.len());
    let mut compared = Vec::new();
    for name in &names {
        check_scenario(name, &mut compared);
    }
    let known = known_mismatches();
    let mut report = Vec::new();
    let mut seen = BTreeSet::new();
    let mut matched = 0usize;
    for c in &compared {
        seen.insert(c.key.clone());
        match (&c.diff, known.contains(&c.key)) {
            (None, false) => matched += 1,
            (None, true) => report.push(format!(
                "{}: listed in known_mismatches.txt but now matches Terraform; remove it",
                c.key
            )),
            (Some(d), false) => report.push(format!("{}: differs from Terraform\n{d}", c.key)),
            (Some(_), true) => {}
        }
    }
    // A listed key that names nothing compared is stale too, unless an
    // earlier step of its scenario failed to run and it was never reached.
    let stopped: Vec<String> = compared
        .iter()
        .filter(|c| c.key.ends_with(" run") && c.diff.is_some())
        .map(|c| c.key.split(' ').next().unwrap_or_default().to_string())
        .collect();
    for k in known.difference(&seen) {
        let scenario = k.split(' ').next().unwrap_or_default();
        if !stopped.iter().any(|s| s == scenario) {
            report.push(format!(
                "{k}: listed in known_mismatches.txt but no such comparison exists"
            ));
        }
    }
    eprintln!(
        "{} scenarios, {} comparisons, {matched} match, {} listed as known mismatches",
        names.len(),
        compared.len(),
        known.len()
    );
    assert!(
        report.is_empty(),
        "{} problem(s) in the scenario suite (expected values from Terraform 1.15.5 in \
         tests/scenarios/<name>/expected.json):\n\n{}",
        report.len(),
        report.join("\n\n")
    );
}
