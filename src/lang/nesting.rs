//! A nesting limit in front of hcl-edit's parser. On some invalid inputs
//! hcl-edit 0.10 parses the failed operand of a binary operator chain again
//! at every enclosing object, so `{ a = 1 - 1 % { a = 1 - 1 % ...` takes
//! time doubling with each level (found by fuzzing), and the parser's own
//! limit of 64 levels is far too deep for that. Text with braces nested
//! deeper than [`MAX_NESTING`] is refused before it reaches the parser.
//!
//! Only braces count: the same chains nested in brackets, parentheses,
//! calls, conditionals or template interpolations parse in linear time up to
//! the parser's own limit, which keeps its recursion on the stack. The scan
//! follows the lexical structure (quoted strings, template text, heredocs,
//! comments) just far enough to count braces; judging everything else is
//! left to the parser.

use terrace_value::{Diagnostic, Diagnostics};

use super::source::SourceFile;

/// The deepest nesting of braces (blocks and objects) that is parsed. In a
/// release build the worst known input takes hcl-edit about 0.08 s at 14
/// levels, 0.17 s at 15 and 0.32 s at 16, and twice that per level beyond.
pub const MAX_NESTING: usize = 14;

/// What the text starts as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Start {
    /// Configuration or an expression.
    Code,
    /// Template text, as in a template file.
    Template,
}

/// Where the scanner is: in code (the root, in brackets, or in an
/// interpolation; whether it was opened by a brace), in a quoted string, or
/// in template text up to the end (a template file) or up to a heredoc's
/// closing marker.
enum Frame<'t> {
    Code { brace: bool },
    Quoted,
    Text(Option<&'t str>),
}

/// The byte offset of the brace that goes deeper than [`MAX_NESTING`], if
/// any does.
pub fn too_deep_at(text: &str, start: Start) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut stack: Vec<Frame<'_>> = vec![match start {
        Start::Code => Frame::Code { brace: false },
        Start::Template => Frame::Text(None),
    }];
    let mut braces = 0;
    let mut i = 0;
    let mut line_start = true;
    while i < bytes.len() {
        let b = bytes[i];
        let at_line_start = std::mem::replace(&mut line_start, b == b'\n');
        let next = bytes.get(i + 1).copied();
        let two_ahead = bytes.get(i + 2).copied();
        match stack.last() {
            Some(Frame::Code { .. }) | None => match b {
                b'"' => stack.push(Frame::Quoted),
                b'#' => {
                    i = line_end(bytes, i);
                    line_start = true;
                }
                b'/' if next == Some(b'/') => {
                    i = line_end(bytes, i);
                    line_start = true;
                }
                b'/' if next == Some(b'*') => {
                    i = text[i + 2..].find("*/").map_or(bytes.len(), |p| i + p + 3);
                }
                b'<' if next == Some(b'<') => {
                    if let Some((marker, body)) = heredoc_start(text, i) {
                        stack.push(Frame::Text(Some(marker)));
                        i = body;
                        line_start = true;
                        continue;
                    }
                }
                b'{' => {
                    stack.push(Frame::Code { brace: true });
                    braces += 1;
                    if braces > MAX_NESTING {
                        return Some(i);
                    }
                }
                b'[' | b'(' => stack.push(Frame::Code { brace: false }),
                b'}' | b']' | b')' if stack.len() > 1 => {
                    if let Some(Frame::Code { brace: true }) = stack.pop() {
                        braces -= 1;
                    }
                }
                _ => {}
            },
            Some(Frame::Quoted) => match b {
                b'\\' => i += 1,
                b'"' | b'\n' => {
                    stack.pop();
                }
                b'$' | b'%' if next == Some(b) && two_ahead == Some(b'{') => i += 2,
                b'$' | b'%' if next == Some(b'{') => {
                    i += 1;
                    stack.push(Frame::Code { brace: false });
                }
                _ => {}
            },
            Some(Frame::Text(marker)) => {
                if let (true, Some(marker)) = (at_line_start, marker) {
                    let end = line_end(bytes, i);
                    if text[i..end].trim() == *marker {
                        stack.pop();
                        i = end;
                        continue;
                    }
                }
                match b {
                    b'$' | b'%' if next == Some(b) && two_ahead == Some(b'{') => i += 2,
                    b'$' | b'%' if next == Some(b'{') => {
                        i += 1;
                        stack.push(Frame::Code { brace: false });
                    }
                    _ => {}
                }
            }
        }
        i += 1;
    }
    None
}

/// The diagnostic for text of `file` nested too deeply at byte `at`.
pub fn too_deep(file: &SourceFile, at: usize) -> Diagnostic {
    let end = file.text[at..]
        .chars()
        .next()
        .map_or(at, |c| at + c.len_utf8());
    Diagnostic::error(
        "Too deeply nested",
        format!("Braces (blocks and objects) are nested more than {MAX_NESTING} levels deep here."),
    )
    .at(file.range(at..end))
    .with_hint(
        "Terrace refuses deeper nesting, which its parser can take a very long time to reject \
         when the text is invalid; move inner parts into local values.",
    )
}

/// Refuses `file` when it is nested deeper than [`MAX_NESTING`].
pub fn check(file: &SourceFile, start: Start) -> Result<(), Diagnostics> {
    match too_deep_at(&file.text, start) {
        Some(at) => Err(too_deep(file, at).into()),
        None => Ok(()),
    }
}

/// The index of the newline ending the line at `i` (or the text's end).
fn line_end(bytes: &[u8], i: usize) -> usize {
    bytes[i..]
        .iter()
        .position(|&b| b == b'\n')
        .map_or(bytes.len(), |p| i + p)
}

/// A heredoc introducer `<<ID` or `<<-ID` at `i`: its marker and where its
/// body starts (after the newline).
fn heredoc_start(text: &str, i: usize) -> Option<(&str, usize)> {
    let rest = text.get(i + 2..)?;
    let rest = rest.strip_prefix('-').unwrap_or(rest);
    let end = rest.find('\n')?;
    let marker = rest[..end].trim_end_matches('\r');
    let valid = !marker.is_empty()
        && marker
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '-');
    valid.then(|| (marker, text.len() - rest.len() + end + 1))
}

#[cfg(test)]
#[path = "nesting_tests.rs"]
mod tests;
