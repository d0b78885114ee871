//! `terrace fmt` against real `terraform fmt`: every file in
//! `tests/fmt/cases/` must format to exactly the bytes Terraform wrote in
//! `tests/fmt/expected/`, formatting that output again must change nothing,
//! and `-diff` output must match Terraform's. The expectations are made by
//! `tests/fmt/gen/generate.py`.

use std::fs;
use std::path::{Path, PathBuf};

use terrace::fmt::{format_bytes, format_source, unified_diff};

fn fixture_dir(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fmt")
        .join(name)
}

/// Every case as (name, input, terraform's output).
fn cases() -> Vec<(String, String, String)> {
    let mut paths: Vec<PathBuf> = fs::read_dir(fixture_dir("cases"))
        .expect("tests/fmt/cases exists")
        .map(|e| e.expect("readable entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "tf"))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            let input = fs::read_to_string(&p).expect("case is UTF-8");
            let expected = fs::read_to_string(fixture_dir("expected").join(&name))
                .unwrap_or_else(|_| panic!("no expectation for {name}; run generate.py"));
            (name, input, expected)
        })
        .collect()
}

#[test]
fn there_are_enough_cases() {
    assert!(cases().len() >= 30, "expected at least 30 fmt cases");
}

#[test]
fn formats_every_case_like_terraform() {
    let mut failures = Vec::new();
    for (name, input, expected) in cases() {
        match format_source(&input) {
            Ok(out) if out == expected => {}
            Ok(out) => failures.push(format!(
                "{name}: differs from terraform fmt\n{}",
                unified_diff(&name, &expected, &out)
            )),
            Err(e) => failures.push(format!("{name}: {e}")),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Cases where `terraform fmt` itself writes source that no longer parses;
/// formatting its output again must fail the same way Terraform would.
const OUTPUT_DOES_NOT_PARSE: &[&str] = &["unwrap_paren_quirk.tf"];

#[test]
fn formatting_is_idempotent() {
    let mut failures = Vec::new();
    for (name, _, expected) in cases() {
        if OUTPUT_DOES_NOT_PARSE.contains(&name.as_str()) {
            if format_source(&expected).is_ok() {
                failures.push(format!("{name}: accepted terraform's unparsable output"));
            }
            continue;
        }
        match format_source(&expected) {
            Ok(out) if out == expected => {}
            Ok(out) => failures.push(format!(
                "{name}: formatting the formatted file changed it\n{}",
                unified_diff(&name, &expected, &out)
            )),
            Err(e) => failures.push(format!("{name}: {e}")),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn diff_matches_terraform_fmt_diff() {
    let mut failures = Vec::new();
    for (name, input, expected) in cases() {
        let stem = name.trim_end_matches(".tf");
        let want = fs::read_to_string(fixture_dir("diff").join(format!("{stem}.diff")))
            .unwrap_or_else(|_| panic!("no diff expectation for {name}"));
        // The generator reads Terraform's output as text, which turns CRLF
        // into LF; compare on that footing. (Terraform's hunks come from GNU
        // diff; on heavy rewrites with several equally short edit scripts
        // the two can pick different ones, so keep cases' diffs modest.)
        let got = unified_diff(&name, &input, &expected).replace("\r\n", "\n");
        if got != want {
            failures.push(format!("{name}:\n--- want\n{want}\n--- got\n{got}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn syntax_errors_carry_their_location() {
    let err = format_source("a = 1\nb = [1, 2\n").unwrap_err();
    assert_eq!((err.line, err.column, err.offset), (2, 10, 15), "{err:?}");
    let err = format_source("locals {\n  a = \"unterminated\n}\n").unwrap_err();
    assert_eq!((err.line, err.column), (2, 20), "{err:?}");
    assert_eq!(err.offset, 28);
}

#[test]
fn invalid_utf8_is_a_located_error() {
    let err = format_bytes(b"locals {\n  a = \"caf\xe9\"\n}\n").unwrap_err();
    assert_eq!((err.line, err.column, err.offset), (2, 11, 19), "{err:?}");
    assert_eq!(format_bytes(b"a=1\n").unwrap(), "a = 1\n");
}

#[test]
fn rejects_what_terraform_rejects() {
    for src in [
        "a = x.0.1\n",
        "a = 1.5.6\n",
        "a = <<EOT\nx\nEOT",
        "a = 1 b = 2\n",
        "a {\n",
        "a = \"${}\"\n",
        "a = \"a\\qb\"\n",
        "a = 1\na = 2\n",
        "resource \"${x}\" \"y\" {}\n",
        "a = x[\n*]\n",
        "a = x.*.y.*.z\n",
    ] {
        assert!(format_source(src).is_err(), "accepted {src:?}");
    }
}

#[test]
fn never_panics_on_malformed_input() {
    let mut inputs: Vec<String> = [
        "",
        "{",
        "}",
        "\"",
        "${",
        "<<",
        "<<EOT\n",
        "a = <<EOT\n${",
        "a = \"${\"",
        "~}",
        "a = [",
        "a = (((",
        "a = \"%{if}\"",
        "\r",
        "a\r= 1",
        "/*",
        "a = 1 /*",
        "\u{feff}",
        "a = !",
        "a = -",
        "a = x.",
        "a = x[",
        "x \"y",
        "x y z",
        "a = {a = }",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    inputs.push("a = ".to_string() + &"[".repeat(5000));
    inputs.push("a = ".to_string() + &"!".repeat(5000) + "x");
    inputs.push("a { ".repeat(3000));
    for (_, input, _) in cases() {
        // Every prefix of every case at a character boundary.
        for (i, _) in input.char_indices().step_by(7) {
            inputs.push(input[..i].to_string());
        }
    }
    for input in inputs {
        let _ = format_source(&input);
    }
}

#[test]
fn never_panics_on_random_input() {
    // A fixed pseudo-random stream of HCL-ish fragments, so failures repeat.
    const PIECES: &[&str] = &[
        "a", "b", " ", "\t", "\n", "\r\n", "=", "{", "}", "[", "]", "(", ")", "\"", "${", "%{",
        "~}", "<<EOT\n", "EOT\n", "<<-X\n", "X", "#", "//", "/*", "*/", ",", ".", "*", "-", "!",
        "?", ":", "=>", "...", "1", "1.5", "in", "for", "if", "\\", "$", "%", "é",
    ];
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = move |n: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % n as u64) as usize
    };
    for _ in 0..3000 {
        let len = next(40);
        let input: String = (0..len).map(|_| PIECES[next(PIECES.len())]).collect();
        if let Ok(out) = format_source(&input) {
            // Whatever formats must format to itself.
            assert_eq!(format_source(&out).as_ref(), Ok(&out), "input {input:?}");
        }
    }
}
