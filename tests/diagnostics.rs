//! Malformed configurations and where their first diagnostic must point:
//! every file in tests/diagnostics/cases/ is parsed, and the line, column
//! and summary of its diagnostic are checked against
//! tests/diagnostics/expected.json (which also records, for reference, where
//! Terraform reports the same file; see tests/diagnostics/gen/terraform.py).

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;
use terrace::diagnostics::{human, json, SourceMap};
use terrace::lang::parse::{decode, parse};
use terrace_value::{Diagnostic, Diagnostics};

const CASES: &str = "tests/diagnostics/cases";
const EXPECTED: &str = "tests/diagnostics/expected.json";

/// Where a case's first diagnostic must be, and what it must say.
#[derive(Deserialize)]
struct Expected {
    line: usize,
    column: usize,
    summary: String,
}

/// The first diagnostic for the file at `path`, with the sources it needs.
fn first_diagnostic(path: &Path) -> Result<(Diagnostic, SourceMap), String> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let bytes = std::fs::read(path).map_err(|e| format!("{name}: {e}"))?;
    let first = |diags: Diagnostics| diags.into_iter().next();
    let (diags, sources) = match decode(&name, bytes) {
        Err(diags) => (diags, SourceMap::new()),
        Ok(file) => match parse(&file) {
            Ok(_) => return Err(format!("{name}: parsed without error")),
            Err(diags) => (diags, [file].into_iter().collect()),
        },
    };
    first(diags)
        .map(|diag| (diag, sources))
        .ok_or_else(|| format!("{name}: failed without a diagnostic"))
}

#[test]
fn malformed_configurations_point_at_the_problem() {
    let text = std::fs::read_to_string(EXPECTED).unwrap_or_default();
    let expected: BTreeMap<String, Expected> =
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{EXPECTED}: {e}"));
    let mut cases: Vec<String> = std::fs::read_dir(CASES)
        .unwrap_or_else(|e| panic!("{CASES}: {e}"))
        .filter_map(|entry| entry.ok())
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".tf"))
        .collect();
    cases.sort();
    assert_eq!(cases.len(), 50, "there are fifty cases");
    assert_eq!(
        cases,
        expected.keys().cloned().collect::<Vec<_>>(),
        "every case has an expectation and every expectation a case"
    );

    let mut failures = Vec::new();
    for (name, want) in &expected {
        let (diag, sources) = match first_diagnostic(&Path::new(CASES).join(name)) {
            Ok(found) => found,
            Err(e) => {
                failures.push(e);
                continue;
            }
        };
        // Both renderers must cope with every case.
        let _ = human::render(&diag.clone().into(), &sources, true);
        let _ = json::render(&diag.clone().into(), &sources);
        let got = diag
            .range
            .as_ref()
            .map(|r| (r.start.line, r.start.column))
            .unwrap_or_default();
        if got != (want.line, want.column) || diag.summary != want.summary {
            failures.push(format!(
                "{name}: expected {}:{} {:?}, got {}:{} {:?}",
                want.line, want.column, want.summary, got.0, got.1, diag.summary
            ));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn no_truncation_of_a_case_panics() {
    let cases = std::fs::read_dir(CASES).unwrap_or_else(|e| panic!("{CASES}: {e}"));
    for entry in cases.filter_map(|entry| entry.ok()) {
        let Ok(text) = std::fs::read_to_string(entry.path()) else {
            continue;
        };
        let ends = text.char_indices().map(|(i, _)| i).chain([text.len()]);
        for end in ends {
            let file = terrace::lang::source::SourceFile::new("cut.tf", &text[..end]);
            if let Err(diags) = parse(&file) {
                let sources: SourceMap = [file].into_iter().collect();
                let _ = human::render(&diags, &sources, false);
                let _ = json::render(&diags, &sources);
            }
        }
    }
}

/// The same cases through the binary, as a user meets them: each file is the
/// `main.tf` of a directory, and `terrace validate -json` must report the
/// expected first diagnostic and exit 1.
#[test]
fn validate_reports_malformed_configurations() {
    let text = std::fs::read_to_string(EXPECTED).unwrap_or_default();
    let expected: BTreeMap<String, Expected> =
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{EXPECTED}: {e}"));
    let mut failures = Vec::new();
    for (name, want) in &expected {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::copy(Path::new(CASES).join(name), dir.path().join(name)).expect("copy case");
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_terrace"))
            .args(["validate", "-json"])
            .current_dir(dir.path())
            .output()
            .expect("run terrace");
        let report: serde_json::Value = match serde_json::from_slice(&out.stdout) {
            Ok(r) => r,
            Err(e) => {
                failures.push(format!(
                    "{name}: no JSON ({e}): {}",
                    String::from_utf8_lossy(&out.stderr)
                ));
                continue;
            }
        };
        let first = &report["diagnostics"][0];
        let got = (
            first["range"]["start"]["line"].as_u64().unwrap_or(0) as usize,
            first["range"]["start"]["column"].as_u64().unwrap_or(0) as usize,
            first["summary"].as_str().unwrap_or_default().to_string(),
        );
        if out.status.code() != Some(1)
            || report["valid"] != false
            || got != (want.line, want.column, want.summary.clone())
        {
            failures.push(format!(
                "{name}: expected {}:{} {:?}, got {:?} (exit {:?})",
                want.line,
                want.column,
                want.summary,
                got,
                out.status.code()
            ));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}
