//! Turns hcl-edit's parse error into a diagnostic a user can act on: the
//! position of the real problem (hcl-edit reports where it backtracked to,
//! clamps errors at the end of the file, and counts columns in bytes on
//! lines with non-ASCII text), a summary in Terraform's words, hcl-edit's
//! expectation in the detail, and a hint where the fix is clear.

use hcl_edit::parser::{self, Location};
use terrace_value::Diagnostic;

use super::scan::{scan, Opener, Opening, Problem, Scan};
use crate::lang::nesting::{too_deep_at, Start};
use crate::lang::source::SourceFile;

/// The diagnostic for `err`, raised while parsing `file`.
pub fn parse_error(file: &SourceFile, err: &parser::Error) -> Diagnostic {
    let text = file.text.as_str();
    let failure = refine(
        text,
        Failure {
            at: true_offset(text, err.location()),
            message: err.message().to_string(),
            refined: false,
        },
    );
    let scanned = scan(text);
    let vague = failure.at >= text.len()
        || err.message().starts_with("invalid block body")
        || err.message() == "unexpected token";
    if let Some(problem) = &scanned.problem {
        if vague || problem.at() <= failure.at {
            return lexical(file, problem);
        }
    }
    structural(file, &scanned, &failure)
}

/// Where hcl-edit failed, and what it expected there.
struct Failure {
    at: usize,
    message: String,
    /// Whether `at` comes from parsing an argument's value alone.
    refined: bool,
}

/// hcl-edit clamps an error at the end of the input to the last byte and
/// makes up for it in the column; this undoes the clamp.
fn true_offset(text: &str, location: &Location) -> usize {
    let offset = location.offset().min(text.len());
    if !text.is_char_boundary(offset) {
        // Only the clamp lands inside a character: the last one is multi-byte.
        return text.len();
    }
    if text.is_empty() || offset + 1 != text.len() {
        return offset;
    }
    let line_begin = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let last_line = &text.as_bytes()[line_begin..];
    let clamped_column =
        std::str::from_utf8(last_line).map_or(last_line.len(), |s| s.chars().count());
    if location.column() > clamped_column {
        text.len()
    } else {
        offset
    }
}

/// When a whole argument failed and hcl-edit backtracked to its name, parse
/// its expression alone to find where inside it the problem is.
fn refine(text: &str, failure: Failure) -> Failure {
    if !failure.message.starts_with("invalid block body") {
        return failure;
    }
    let at = failure.at;
    let line_begin = text[..at].rfind('\n').map_or(0, |i| i + 1);
    if !text[line_begin..at].trim().is_empty() {
        return failure;
    }
    let rest = &text[at..];
    let name_len = rest
        .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-'))
        .unwrap_or(rest.len());
    if name_len == 0 || rest.starts_with(|c: char| c.is_ascii_digit()) {
        return failure;
    }
    let after_name = rest[name_len..].trim_start_matches([' ', '\t']);
    let Some(value) = after_name.strip_prefix('=') else {
        return failure;
    };
    if value.starts_with('=') {
        return failure;
    }
    let value = value.trim_start_matches([' ', '\t']);
    let start = text.len() - value.len();
    if value.trim().is_empty() {
        // The file ends right after the `=`.
        return Failure {
            at: text.len(),
            message: "invalid expression".to_string(),
            refined: true,
        };
    }
    if too_deep_at(value, Start::Code).is_some() {
        return failure;
    }
    match parser::parse_expr(value) {
        Err(err) => Failure {
            at: start + true_offset(value, err.location()),
            message: err.message().to_string(),
            refined: true,
        },
        Ok(_) => failure,
    }
}

/// A diagnostic for a problem the lexical pass found.
fn lexical(file: &SourceFile, problem: &Problem) -> Diagnostic {
    let text = file.text.as_str();
    match problem {
        Problem::UnterminatedString(at) => {
            let end = text[*at..]
                .find(['\r', '\n'])
                .map_or(text.len(), |i| at + i);
            Diagnostic::error(
                "Unterminated string",
                "This quoted string has no closing `\"` before the end of the line. \
                 A quoted string cannot span lines; use a heredoc (`<<EOT`) for text \
                 over several lines.",
            )
            .at(file.range(*at..end))
            .with_hint("Add the closing `\"`.")
        }
        Problem::UnterminatedHeredoc(at, marker) => Diagnostic::error(
            "Unterminated heredoc",
            format!(
                "There is no line holding only `{marker}` to end this heredoc before \
                 the end of the file."
            ),
        )
        .at(file.range(*at..at + marker.len() + 2 + usize::from(text[at + 2..].starts_with('-'))))
        .with_hint(format!(
            "End the heredoc with a line holding only `{marker}`."
        )),
        Problem::UnclosedComment(at) => Diagnostic::error(
            "Unterminated comment",
            "This `/*` comment has no closing `*/` before the end of the file.",
        )
        .at(file.range(*at..at + 2))
        .with_hint("Close the comment with `*/`."),
        Problem::InvalidCharacter(at, c) => {
            let hint = match c {
                '\'' => Some("Strings are written in double quotes: \"...\"."),
                ';' => Some("An argument ends at the end of its line; no `;` is needed."),
                '\0' => Some("The file holds a NUL byte; is it a text file?"),
                '$' => Some("Interpolation `${...}` is only allowed inside strings."),
                _ => None,
            };
            let shown = if c.is_control() {
                format!("U+{:04X}", u32::from(*c))
            } else {
                format!("`{c}`")
            };
            let d = Diagnostic::error(
                "Invalid character",
                format!("The character {shown} is not used in the language here."),
            )
            .at(file.range(*at..at + c.len_utf8()));
            match hint {
                Some(hint) => d.with_hint(hint),
                None => d,
            }
        }
        Problem::InvalidEscape(at) => {
            let len = text[at + 1..].chars().next().map_or(0, char::len_utf8);
            Diagnostic::error(
                "Invalid escape sequence",
                "The escapes a quoted string knows are \\n, \\r, \\t, \\\", \\\\, \
                 \\uNNNN and \\UNNNNNNNN.",
            )
            .at(file.range(*at..at + 1 + len))
            .with_hint("Write \\\\ for a literal backslash.")
        }
        Problem::UnclosedInterpolation(at) => {
            let opener = &text[*at..at + 2];
            Diagnostic::error(
                "Unclosed template interpolation",
                format!("This `{opener}` has no closing `}}` in its template."),
            )
            .at(file.range(*at..at + 2))
            .with_hint(format!(
                "Did you forget the `}}` that ends this `{opener}`?"
            ))
        }
        Problem::UnclosedDirective(at, word) => {
            let end = if word == "if" { "endif" } else { "endfor" };
            Diagnostic::error(
                "Unclosed template directive",
                format!("This `%{{ {word} }}` directive has no matching `%{{ {end} }}`."),
            )
            .at(file.range(*at..at + 2))
            .with_hint(format!("Add `%{{ {end} }}` where the `{word}` part ends."))
        }
        Problem::UnexpectedDirective(at, word) => Diagnostic::error(
            format!("Unexpected {word} directive"),
            format!("There is no open directive for this `%{{ {word} }}` to belong to."),
        )
        .at(file.range(*at..at + 2)),
    }
}

/// A diagnostic for a failure the lexical pass does not explain.
fn structural(file: &SourceFile, scanned: &Scan, failure: &Failure) -> Diagnostic {
    let text = file.text.as_str();
    let at = failure.at;
    let message = failure.message.as_str();
    let found = Found::at(text, at);
    let detail = |what: &str| {
        format!(
            "{what}\n\nThe parser says: {message}; found {}.",
            found.describe()
        )
    };
    // A line ending or the end of the file is shown as the point where it starts.
    let here = if found.is_end() {
        file.range(at..at)
    } else {
        file.range(at..at + found.len())
    };

    if scanned.stray.contains(&at) {
        return stray(file, at, text[at..].chars().next().unwrap_or('}'), &detail);
    }
    let closer = match message {
        "expected `}`" => Some(Opening::Object),
        "expected `)`" | "expected `)` or expression" => Some(Opening::Paren),
        "expected `]`" => Some(Opening::Bracket),
        _ => None,
    };
    let at_end = at >= text.len() && !failure.refined;
    // A closing bracket where something else was expected often closes an
    // outer opener early because an inner one was never closed.
    let found_closer = matches!(found.text, "}" | ")" | "]");
    if at_end || closer.is_some() || found_closer {
        if let Some(opener) = unclosed_before(scanned, at, closer) {
            return unclosed(file, opener, &detail);
        }
    }
    if at_end {
        return Diagnostic::error("Unexpected end of file", detail("The file ends too early."))
            .at(here);
    }

    let line_begin = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let before = &text[line_begin..at];
    let prev = text[..at].trim_end().chars().next_back();
    let d = if message.starts_with("invalid block body") || message == "unexpected token" {
        if before.contains('{') && !before.trim().is_empty() {
            Diagnostic::error(
                "Invalid single-argument block definition",
                detail("A block written on one line may hold only one argument."),
            )
            .with_hint("Put each argument on its own line.")
        } else if found.text.starts_with('"') {
            Diagnostic::error(
                "Invalid argument name",
                detail("Argument names are identifiers, not quoted strings."),
            )
            .with_hint("Remove the quotes around the argument name.")
        } else {
            let d = Diagnostic::error(
                "Argument or block definition required",
                detail("An argument or block definition is required here."),
            );
            if found.text.starts_with(|c: char| c.is_ascii_digit()) {
                d.with_hint("Argument and block names start with a letter or an underscore.")
            } else {
                d
            }
        }
    } else if message == "expected `{`" {
        block_header(text, line_begin, at, &found, &detail)
    } else if message.starts_with("invalid structure") {
        if found.text == ":" {
            Diagnostic::error(
                "Invalid argument definition",
                detail("An argument is a name, `=` and a value."),
            )
            .with_hint("Set arguments with `=`, as in `name = value`.")
        } else {
            Diagnostic::error(
                "Invalid block definition",
                detail("A block's labels are quoted strings."),
            )
            .with_hint("Quote the labels, as in `resource \"type\" \"name\" {`.")
        }
    } else if message.starts_with("invalid expression") {
        if found.is_end() {
            let d = Diagnostic::error(
                "Missing expression",
                detail("An expression is required here."),
            );
            if prev == Some('=') {
                d.with_hint("Give the argument a value after `=`.")
            } else {
                d
            }
        } else {
            Diagnostic::error(
                "Invalid expression",
                detail("Expected the start of an expression."),
            )
        }
    } else if message == "expected digit" {
        let start = text[..at]
            .rfind(|c: char| !(c.is_ascii_alphanumeric() || c == '.'))
            .map_or(0, |i| i + 1);
        return Diagnostic::error(
            "Invalid number literal",
            detail("This number is incomplete."),
        )
        .at(file.range(start..at))
        .with_hint("An exponent needs digits after the `e`, as in `1e3`.");
    } else if message == "expected newline or eof" {
        let d = Diagnostic::error(
            "Missing newline after argument",
            detail("An argument definition must end with a newline."),
        );
        if found.text == "=" {
            d.with_hint(
                "To compare two values use `==`; to set another argument, start a new line.",
            )
        } else {
            d.with_hint("Put each argument on its own line.")
        }
    } else if message.starts_with("invalid object item") {
        Diagnostic::error(
            "Missing attribute separator",
            detail("Each attribute of an object ends with a comma or a newline."),
        )
        .with_hint("Separate object attributes with commas or newlines.")
    } else if message.starts_with("invalid traversal operator") {
        let dot = text[..at].trim_end().len().saturating_sub(1);
        return Diagnostic::error(
            "Invalid attribute name",
            detail("An attribute name is required after a dot."),
        )
        .at(file.range(dot..dot + 1))
        .with_hint("Write an attribute name after the `.`, as in `local.name`.");
    } else if message == "expected `:`" {
        if in_for(before) {
            Diagnostic::error(
                "Invalid 'for' expression",
                detail("A `for` expression needs `:` before its result."),
            )
            .with_hint("Write `[for NAME in COLLECTION : RESULT]`.")
        } else {
            Diagnostic::error(
                "Missing false expression in conditional",
                detail("A conditional needs a result for true and one for false."),
            )
            .with_hint("Write `CONDITION ? TRUE_RESULT : FALSE_RESULT`.")
        }
    } else if message == "expected `in`" {
        Diagnostic::error(
            "Invalid 'for' expression",
            detail("A `for` expression names its variables, then `in`."),
        )
        .with_hint("Write `[for NAME in COLLECTION : RESULT]`.")
    } else if message == "expected `]`" && found.text.starts_with("...") {
        Diagnostic::error(
            "Invalid use of `...`",
            detail("`...` expands a list into the arguments of a function call."),
        )
        .with_hint("Use `...` only after the last argument of a function call.")
    } else if message == "expected `]`" {
        Diagnostic::error(
            "Missing item separator",
            detail("Items of a list are separated by commas."),
        )
        .with_hint("Separate list items with commas.")
    } else if closer == Some(Opening::Paren) {
        Diagnostic::error(
            "Missing argument separator",
            detail("Arguments of a function call are separated by commas."),
        )
        .with_hint("Separate function arguments with commas.")
    } else if message == "expected newline" {
        Diagnostic::error(
            "Invalid heredoc",
            detail("The text of a heredoc starts on the line after its `<<` marker."),
        )
        .with_hint("Start the heredoc's text on a new line.")
    } else if message.starts_with("invalid escape sequence") {
        Diagnostic::error("Invalid escape sequence", detail("Unknown escape."))
    } else {
        Diagnostic::error("Invalid syntax", detail("The parser cannot read this."))
    };
    d.at(here)
}

/// A closing bracket with nothing to close.
fn stray(file: &SourceFile, at: usize, c: char, detail: &dyn Fn(&str) -> String) -> Diagnostic {
    let (summary, opener) = match c {
        ')' => ("Unbalanced parentheses", '('),
        ']' => ("Unexpected closing bracket", '['),
        _ => ("Unexpected closing brace", '{'),
    };
    Diagnostic::error(
        summary,
        detail(&format!("This `{c}` has no matching `{opener}`.")),
    )
    .at(file.range(at..at + 1))
    .with_hint(format!(
        "Remove it, or look above for a missing `{opener}` or a `{c}` that came too early."
    ))
}

/// An opening bracket never closed.
fn unclosed(file: &SourceFile, opener: Opener, detail: &dyn Fn(&str) -> String) -> Diagnostic {
    let (summary, what, hint) = match opener.kind {
        Opening::Block => (
            "Unclosed configuration block",
            "There is no closing brace for this block before the end of the file. \
             This may be caused by incorrect brace nesting elsewhere in this file.",
            "Did you forget a closing brace `}`?",
        ),
        Opening::Object => (
            "Unclosed object",
            "This `{` has no matching `}`.",
            "Did you forget a closing brace `}`?",
        ),
        Opening::Paren => (
            "Unbalanced parentheses",
            "This `(` has no matching `)`.",
            "Did you forget a closing `)`?",
        ),
        Opening::Bracket => (
            "Unclosed bracket",
            "This `[` has no matching `]`.",
            "Did you forget a closing `]`?",
        ),
    };
    Diagnostic::error(summary, detail(what))
        .at(file.range(opener.at..opener.at + 1))
        .with_hint(hint)
}

/// The opener a failure at `at` is about: at the end of the file the innermost
/// one left open; for a missing closer, the nearest one of its kind before `at`.
fn unclosed_before(scanned: &Scan, at: usize, closer: Option<Opening>) -> Option<Opener> {
    let fits = |o: &&Opener| match closer {
        None => true,
        Some(Opening::Object) => matches!(o.kind, Opening::Object | Opening::Block),
        Some(kind) => o.kind == kind,
    };
    scanned
        .unclosed
        .iter()
        .filter(|o| o.at < at)
        .filter(fits)
        .max_by_key(|o| o.at)
        .copied()
}

/// `expected {` after a block header.
fn block_header(
    text: &str,
    line_begin: usize,
    at: usize,
    found: &Found<'_>,
    detail: &dyn Fn(&str) -> String,
) -> Diagnostic {
    let d = Diagnostic::error(
        "Invalid block definition",
        detail(
            "A block definition must have block content delimited by `{` and `}`, \
             starting on the same line as the block header.",
        ),
    );
    let header: Vec<&str> = text[line_begin..at].split_whitespace().collect();
    if found.text == "=" {
        d.with_hint("A block header is followed directly by `{`; remove the `=`.")
    } else if let [name, value] = header.as_slice() {
        d.with_hint(format!(
            "If `{name}` is an argument, set it with `=`: `{name} = {value}`. If it is a \
             block, put `{{` on this line."
        ))
    } else {
        d.with_hint("Put the opening `{` on the same line as the block header.")
    }
}

/// Whether the text before a failure on its line is inside a `for` expression.
fn in_for(before: &str) -> bool {
    ["[for ", "{for ", "[ for ", "{ for "]
        .iter()
        .any(|p| before.contains(p))
}

/// The token a failure is at, as a user would name it.
struct Found<'a> {
    text: &'a str,
}

impl<'a> Found<'a> {
    fn at(text: &'a str, at: usize) -> Found<'a> {
        let rest = text.get(at..).unwrap_or("");
        let len = match rest.chars().next() {
            None => 0,
            Some('\r') if rest.starts_with("\r\n") => 2,
            Some(c) if c.is_alphanumeric() || c == '_' => rest
                .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-' || c == '.'))
                .unwrap_or(rest.len()),
            Some('.') if rest.starts_with("...") => 3,
            Some(c) => c.len_utf8(),
        };
        Found { text: &rest[..len] }
    }

    fn len(&self) -> usize {
        self.text.len()
    }
    fn is_end(&self) -> bool {
        matches!(self.text, "" | "\n" | "\r\n")
    }

    fn describe(&self) -> String {
        match self.text {
            "" => "the end of the file".to_string(),
            "\n" | "\r\n" => "the end of the line".to_string(),
            t => format!("`{t}`"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn first(text: &str) -> (usize, usize, String) {
        let file = SourceFile::new("main.tf", text);
        let Err(err) = parser::parse_body(text) else {
            return (0, 0, "parsed".into());
        };
        let d = parse_error(&file, &err);
        let start = d.range.map(|r| r.start).unwrap_or_default();
        (start.line, start.column, d.summary)
    }

    #[test]
    fn errors_at_the_end_of_the_file_are_not_clamped() {
        let text = "a {\n  b = 1\n";
        let Err(err) = parser::parse_body(text) else {
            return;
        };
        assert_eq!(err.location().offset(), text.len() - 1);
        assert_eq!(true_offset(text, err.location()), text.len());
    }

    #[test]
    fn columns_count_characters_not_bytes() {
        // hcl-edit says column 10 here: it counts the bytes of `ä`.
        assert_eq!(
            first("x {\n  ä = 1 ü\n}\n"),
            (2, 9, "Missing newline after argument".into())
        );
    }

    #[test]
    fn backtracked_arguments_are_parsed_again() {
        assert_eq!(
            first("x {\n  b = 1\n  c ="),
            (3, 6, "Missing expression".into())
        );
    }

    #[test]
    fn unclosed_openers_are_reported_where_they_open() {
        assert_eq!(
            first("x {\n  b = max(1,\n}\n"),
            (2, 10, "Unbalanced parentheses".into())
        );
        assert_eq!(
            first("x {\n  b = 1\n"),
            (1, 3, "Unclosed configuration block".into())
        );
    }
}
