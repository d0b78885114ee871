//! Diagnostics for machines, in the shape of Terraform's `-json` output
//! (`terraform validate -json`), so tools that read Terraform's diagnostics
//! read ours.

use serde_json::{json, Value as Json};
use terrace_value::{Diagnostic, Diagnostics, Pos, Severity};

use super::snippet::{highlight_range, snippet};
use super::source_map::SourceMap;

/// Every diagnostic, as a JSON array.
pub fn render(diags: &Diagnostics, sources: &SourceMap) -> Json {
    Json::Array(diags.iter().map(|d| diagnostic(d, sources)).collect())
}

/// One diagnostic. A hint, which Terraform does not have, is added as
/// `"hint"` only when there is one.
pub fn diagnostic(diag: &Diagnostic, sources: &SourceMap) -> Json {
    let severity = match diag.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    let mut out = serde_json::Map::new();
    out.insert("severity".into(), json!(severity));
    out.insert("summary".into(), json!(diag.summary));
    out.insert("detail".into(), json!(diag.detail));
    if let Some(address) = &diag.address {
        out.insert("address".into(), json!(address));
    }
    if let Some(range) = &diag.range {
        let range = highlight_range(range);
        out.insert(
            "range".into(),
            json!({
                "filename": range.filename,
                "start": pos(range.start),
                "end": pos(range.end),
            }),
        );
        if let Some(file) = sources.get(&range.filename) {
            let s = snippet(file, &range);
            out.insert(
                "snippet".into(),
                json!({
                    "context": null,
                    "code": s.code,
                    "start_line": s.start_line,
                    "highlight_start_offset": s.highlight_start,
                    "highlight_end_offset": s.highlight_end,
                    "values": [],
                }),
            );
        }
    }
    if let Some(hint) = &diag.hint {
        out.insert("hint".into(), json!(hint));
    }
    Json::Object(out)
}

fn pos(p: Pos) -> Json {
    json!({ "line": p.line, "column": p.column, "byte": p.byte })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::source::SourceFile;

    #[test]
    fn matches_terraform_shape() {
        let file = SourceFile::new("main.tf", "resource \"a\" {\n");
        let sources: SourceMap = [file.clone()].into_iter().collect();
        let diag = Diagnostic::error(
            "Unclosed configuration block",
            "There is no closing brace for this block before the end of the file.",
        )
        .at(file.range(13..14));
        let out = serde_json::to_string(&render(&diag.into(), &sources)).unwrap_or_default();
        assert_eq!(
            out,
            concat!(
                r#"[{"severity":"error","summary":"Unclosed configuration block","#,
                r#""detail":"There is no closing brace for this block before the end of the file.","#,
                r#""range":{"filename":"main.tf","start":{"line":1,"column":14,"byte":13},"#,
                r#""end":{"line":1,"column":15,"byte":14}},"#,
                r#""snippet":{"context":null,"code":"resource \"a\" {","start_line":1,"#,
                r#""highlight_start_offset":13,"highlight_end_offset":14,"values":[]}}]"#
            )
        );
    }

    #[test]
    fn empty_range_widens_and_hint_and_address_appear() {
        let file = SourceFile::new("x.tf", "a =\n");
        let sources: SourceMap = [file.clone()].into_iter().collect();
        let diag = Diagnostic::error("Missing expression", "")
            .at(file.range(3..3))
            .about("local.a")
            .with_hint("Give it a value.");
        let out = diagnostic(&diag, &sources);
        assert_eq!(out["address"], json!("local.a"));
        assert_eq!(
            out["range"]["end"],
            json!({"line": 1, "column": 5, "byte": 4})
        );
        assert_eq!(out["snippet"]["code"], json!("a ="));
        assert_eq!(out["snippet"]["highlight_end_offset"], json!(3));
        assert_eq!(out["hint"], json!("Give it a value."));
    }

    #[test]
    fn no_range_no_snippet() {
        let out = diagnostic(&Diagnostic::error("Bad", "d"), &SourceMap::new());
        assert_eq!(
            out,
            json!({"severity": "error", "summary": "Bad", "detail": "d"})
        );
    }

    #[test]
    fn unknown_source_has_range_but_no_snippet() {
        let file = SourceFile::new("gone.tf", "x\n");
        let diag = Diagnostic::error("Bad", "").at(file.range(0..1));
        let out = diagnostic(&diag, &SourceMap::new());
        assert!(out.get("range").is_some());
        assert!(out.get("snippet").is_none());
    }
}
