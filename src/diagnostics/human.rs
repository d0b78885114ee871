//! Diagnostics for people, in Terraform's layout: a left rule (`╷ │ ╵`)
//! around each diagnostic, the summary, where it is with the source line, and
//! the detail. Beyond Terraform, carets under the exact columns of the span
//! and a hint line when the diagnostic has one.

use terrace_value::{Diagnostic, Diagnostics, Severity};

use super::snippet::{highlight_range, snippet, Snippet};
use super::source_map::SourceMap;

const RESET: &str = "\x1b[0m";
const BOLD: &str = "\x1b[1m";
const UNDERLINE: &str = "\x1b[4m";
const RED: &str = "\x1b[31m";
const YELLOW: &str = "\x1b[33m";

/// Renders every diagnostic, in order; with `color`, in Terraform's colours.
pub fn render(diags: &Diagnostics, sources: &SourceMap, color: bool) -> String {
    diags
        .iter()
        .map(|diag| render_one(diag, sources, color))
        .collect()
}

/// One diagnostic, framed by its left rule.
fn render_one(diag: &Diagnostic, sources: &SourceMap, color: bool) -> String {
    let (label, tint) = match diag.severity {
        Severity::Error => ("Error", RED),
        Severity::Warning => ("Warning", YELLOW),
    };
    let paint = |text: &str| {
        if color {
            format!("{tint}{text}{RESET}{RESET}")
        } else {
            text.to_string()
        }
    };

    let mut body = String::new();
    if color {
        // Terraform's colorizer appends a reset to every piece it colours,
        // which is where the doubled and stray resets come from.
        body.push_str(&format!(
            "{BOLD}{tint}{label}: {RESET}{RESET}{BOLD}{}{RESET}\n\n{RESET}",
            diag.summary
        ));
    } else {
        body.push_str(&format!("{label}: {}\n\n", diag.summary));
    }
    write_location(&mut body, diag, sources, color, tint);
    if !diag.detail.is_empty() {
        body.push_str(&diag.detail);
        body.push('\n');
    }
    if let Some(hint) = &diag.hint {
        if !diag.detail.is_empty() {
            body.push('\n');
        }
        if color {
            body.push_str(&format!("{BOLD}Hint:{RESET} {hint}\n"));
        } else {
            body.push_str(&format!("Hint: {hint}\n"));
        }
    }

    let rule = if color {
        format!("{tint}│{RESET} {RESET}")
    } else {
        "│ ".to_string()
    };
    let mut out = paint("╷");
    out.push('\n');
    for line in body.lines() {
        if line.is_empty() {
            out.push_str(rule.trim_end());
        } else {
            out.push_str(&rule);
            out.push_str(line);
        }
        out.push('\n');
    }
    out.push_str(&paint("╵"));
    out.push('\n');
    out
}

/// The "with ADDRESS," and "on FILE line N:" lines, with the quoted source.
fn write_location(
    body: &mut String,
    diag: &Diagnostic,
    sources: &SourceMap,
    color: bool,
    tint: &str,
) {
    if let Some(address) = &diag.address {
        body.push_str(&format!("  with {address},\n"));
    }
    let Some(range) = &diag.range else {
        return;
    };
    let range = highlight_range(range);
    let line = range.start.line;
    match sources.get(&range.filename) {
        None => body.push_str(&format!(
            "  on {} line {line}:\n  (source code not available)\n",
            range.filename
        )),
        Some(file) => {
            body.push_str(&format!("  on {} line {line}:\n", range.filename));
            write_snippet(body, &snippet(file, &range), color, tint);
        }
    }
    body.push('\n');
}

/// The numbered source lines, the highlight underlined when in colour, and
/// carets under the highlighted columns of its first line.
fn write_snippet(body: &mut String, s: &Snippet, color: bool, tint: &str) {
    let code = &s.code;
    let (before, rest) = code.split_at(s.highlight_start);
    let (highlight, after) = rest.split_at(s.highlight_end - s.highlight_start);
    let shown = if color {
        format!("{before}{UNDERLINE}{highlight}{RESET}{after}{RESET}")
    } else {
        code.clone()
    };
    let caret_line = before.matches('\n').count();
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let indent: String = before[line_start..]
        .chars()
        .map(|c| if c == '\t' { '\t' } else { ' ' })
        .collect();
    let width = highlight.split('\n').next().unwrap_or("").chars().count();
    let carets = "^".repeat(width.max(1));

    for (i, text) in shown.split('\n').enumerate() {
        let number = format!("{:4}: ", s.start_line + i);
        body.push_str(&number);
        body.push_str(text);
        body.push('\n');
        if i == caret_line {
            body.push_str(&" ".repeat(number.chars().count()));
            body.push_str(&indent);
            if color {
                body.push_str(&format!("{tint}{carets}{RESET}"));
            } else {
                body.push_str(&carets);
            }
            body.push('\n');
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::source::SourceFile;

    fn sources(name: &str, text: &str) -> (SourceFile, SourceMap) {
        let file = SourceFile::new(name, text);
        let map = [file.clone()].into_iter().collect();
        (file, map)
    }

    #[test]
    fn error_with_snippet_and_carets() {
        let (file, map) = sources("main.tf", "output \"x\" {\n  value = var.foo.bar\n}\n");
        let diag = Diagnostic::error(
            "Unsupported attribute",
            "This object does not have an attribute named \"bar\".",
        )
        .at(file.range(30..34));
        let out = render(&diag.into(), &map, false);
        assert_eq!(
            out,
            "╷\n\
             │ Error: Unsupported attribute\n\
             │\n\
             │   on main.tf line 2:\n\
             │    2:   value = var.foo.bar\n\
             │                        ^^^^\n\
             │\n\
             │ This object does not have an attribute named \"bar\".\n\
             ╵\n"
        );
    }

    #[test]
    fn warning_with_hint_and_no_range() {
        let diag = Diagnostic::warning("Deprecated flag", "-state is deprecated.")
            .with_hint("Configure a backend instead.")
            .about("aws_s3_bucket.b");
        let out = render(&diag.into(), &SourceMap::new(), false);
        assert_eq!(
            out,
            "╷\n\
             │ Warning: Deprecated flag\n\
             │\n\
             │   with aws_s3_bucket.b,\n\
             │ -state is deprecated.\n\
             │\n\
             │ Hint: Configure a backend instead.\n\
             ╵\n"
        );
    }

    #[test]
    fn colour_follows_terraform() {
        let (file, map) = sources("main.tf", "a = x.bar\n");
        let diag = Diagnostic::error("Bad", "Detail.").at(file.range(5..9));
        let out = render(&diag.into(), &map, true);
        let expected = [
            "\x1b[31m╷\x1b[0m\x1b[0m",
            "\x1b[31m│\x1b[0m \x1b[0m\x1b[1m\x1b[31mError: \x1b[0m\x1b[0m\x1b[1mBad\x1b[0m",
            "\x1b[31m│\x1b[0m \x1b[0m",
            "\x1b[31m│\x1b[0m \x1b[0m\x1b[0m  on main.tf line 1:",
            "\x1b[31m│\x1b[0m \x1b[0m   1: a = x\x1b[4m.bar\x1b[0m\x1b[0m",
            "\x1b[31m│\x1b[0m \x1b[0m           \x1b[31m^^^^\x1b[0m",
            "\x1b[31m│\x1b[0m \x1b[0m",
            "\x1b[31m│\x1b[0m \x1b[0mDetail.",
            "\x1b[31m╵\x1b[0m\x1b[0m",
            "",
        ]
        .join("\n");
        assert_eq!(out, expected);
    }

    #[test]
    fn multi_line_span_underlines_the_first_line_to_its_end() {
        let (file, map) = sources("main.tf", "a = [\n\t1,\n]\n");
        let diag = Diagnostic::error("Bad list", "").at(file.range(4..11));
        let out = render(&diag.into(), &map, false);
        assert!(out.contains("│    1: a = [\n│           ^\n│    2: \t1,\n│    3: ]\n"));
    }

    #[test]
    fn carets_keep_tabs_and_count_characters() {
        let (file, map) = sources("main.tf", "\tü = \"é\" @\n");
        let at = file.text.find('@').unwrap_or(0);
        let diag = Diagnostic::error("Invalid character", "").at(file.range(at..at + 1));
        let out = render(&diag.into(), &map, false);
        assert!(out.contains("│    1: \tü = \"é\" @\n│       \t        ^\n"));
    }

    #[test]
    fn missing_source_is_said() {
        let file = SourceFile::new("gone.tf", "x\n");
        let diag = Diagnostic::error("Bad", "").at(file.range(0..1));
        let out = render(&diag.into(), &SourceMap::new(), false);
        assert!(out.contains("│   on gone.tf line 1:\n│   (source code not available)\n"));
    }
}
