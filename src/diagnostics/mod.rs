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
