//! Rendering diagnostics for people and machines, and turning parser errors
//! into diagnostics.

use hcl_edit::parser::Error as ParseError;
use terrace_value::{Diagnostic, Pos, SourceRange};

use crate::lang::source::SourceFile;

/// A parse error as a diagnostic at the place the parser stopped.
pub fn parse_error(file: &SourceFile, err: &ParseError) -> Diagnostic {
    let loc = err.location();
    let start = Pos {
        line: loc.line(),
        column: loc.column(),
        byte: loc.offset(),
    };
    let end = Pos {
        column: loc.column() + 1,
        byte: loc.offset() + 1,
        ..start
    };
    Diagnostic::error("Invalid syntax", err.message().to_string()).at(SourceRange {
        filename: file.name.clone(),
        start,
        end,
    })
}

/// Source files by the name diagnostics use, so renderers can show snippets.
pub type SourceMap = std::collections::BTreeMap<String, std::sync::Arc<SourceFile>>;

/// Diagnostics for people (interim plain form).
pub fn render_human(
    diags: &terrace_value::Diagnostics,
    sources: &SourceMap,
    _color: bool,
) -> String {
    let mut out = String::new();
    for d in diags.iter() {
        let sev = if d.is_error() { "Error" } else { "Warning" };
        out.push_str(&format!("\n{sev}: {}\n", d.summary));
        if let Some(r) = &d.range {
            out.push_str(&format!("\n  on {} line {}:\n", r.filename, r.start.line));
            if let Some(f) = sources.get(&r.filename) {
                out.push_str(&format!(
                    "{:>4}: {}\n",
                    r.start.line,
                    f.line_text(r.start.line)
                ));
            }
        }
        if !d.detail.is_empty() {
            out.push_str(&format!("\n{}\n", d.detail));
        }
    }
    out
}

/// One diagnostic in Terraform's JSON shape (interim form without snippet).
pub fn render_json(d: &Diagnostic, _sources: &SourceMap) -> serde_json::Value {
    serde_json::to_value(d).unwrap_or(serde_json::Value::Null)
}
