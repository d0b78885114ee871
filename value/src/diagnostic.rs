//! Diagnostics are data: severity, summary, detail and where in the source the
//! problem is. They are rendered once, at the edge, for people or as JSON.

use serde::{Deserialize, Serialize};

/// How bad a diagnostic is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The operation cannot go on.
    Error,
    /// Worth knowing; the operation goes on.
    Warning,
}

/// A position in a source file: 1-based line and column (in characters), and
/// 0-based byte offset.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Pos {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, counted in characters.
    pub column: usize,
    /// 0-based byte offset.
    pub byte: usize,
}

/// A span of a source file.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceRange {
    /// The file, as the user named it (relative to the working directory).
    pub filename: String,
    /// Where the span starts.
    pub start: Pos,
    /// Where the span ends (exclusive).
    pub end: Pos,
}

/// One problem found in the configuration, the state or a provider answer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// One line saying what is wrong.
    pub summary: String,
    /// More words: why, and what to do.
    #[serde(default)]
    pub detail: String,
    /// The source span the problem is about, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub range: Option<SourceRange>,
    /// The resource or object address the problem is about, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    /// One line suggesting a fix, if there is an obvious one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
}

impl Diagnostic {
    /// An error with a summary and detail.
    pub fn error(summary: impl Into<String>, detail: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            summary: summary.into(),
            detail: detail.into(),
            range: None,
            address: None,
            hint: None,
        }
    }

    /// A warning with a summary and detail.
    pub fn warning(summary: impl Into<String>, detail: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(summary, detail)
        }
    }

    /// This diagnostic located at `range`.
    pub fn at(mut self, range: SourceRange) -> Diagnostic {
        self.range = Some(range);
        self
    }

    /// This diagnostic about `address`.
    pub fn about(mut self, address: impl Into<String>) -> Diagnostic {
        self.address = Some(address.into());
        self
    }

    /// This diagnostic with a suggested fix.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Diagnostic {
        self.hint = Some(hint.into());
        self
    }

    /// Whether this is an error.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// Several diagnostics, in the order they were found.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    /// No diagnostics.
    pub fn new() -> Diagnostics {
        Diagnostics(Vec::new())
    }

    /// Adds one, unless the very same diagnostic is already here: a
    /// problem that many objects run into (a provider that cannot be
    /// configured, say) is reported once.
    pub fn push(&mut self, d: Diagnostic) {
        if !self.0.contains(&d) {
            self.0.push(d);
        }
    }

    /// Adds all of `other`, each once.
    pub fn extend(&mut self, other: Diagnostics) {
        for d in other.0 {
            self.push(d);
        }
    }

    /// Whether any is an error.
    pub fn has_errors(&self) -> bool {
        self.0.iter().any(Diagnostic::is_error)
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Iterates over them.
    pub fn iter(&self) -> std::slice::Iter<'_, Diagnostic> {
        self.0.iter()
    }
}

impl From<Diagnostic> for Diagnostics {
    fn from(d: Diagnostic) -> Diagnostics {
        Diagnostics(vec![d])
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_diagnostic_is_kept_once() {
        let mut d = Diagnostics::new();
        d.push(Diagnostic::error("Provider failed", "no region"));
        d.extend(Diagnostics(vec![
            Diagnostic::error("Provider failed", "no region"),
            Diagnostic::error("Provider failed", "no profile"),
        ]));
        d.push(Diagnostic::error("Provider failed", "no region"));
        let details: Vec<&str> = d.iter().map(|x| x.detail.as_str()).collect();
        assert_eq!(details, ["no region", "no profile"]);
    }
}
