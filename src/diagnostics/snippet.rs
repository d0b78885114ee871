//! The excerpt of source a diagnostic quotes, computed the way Terraform does
//! it so the human and JSON renderers agree with each other and with
//! Terraform: whole lines overlapping the range, and the highlighted part as
//! byte offsets into them.

use terrace_value::{Pos, SourceRange};

use crate::lang::source::SourceFile;

/// The quoted lines and which part of them to highlight.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snippet {
    /// The source lines, joined by `\n`, without their line endings.
    pub code: String,
    /// The 1-based line number of the first line of `code`.
    pub start_line: usize,
    /// Byte offset into `code` where the highlight starts.
    pub highlight_start: usize,
    /// Byte offset into `code` where the highlight ends (exclusive).
    pub highlight_end: usize,
}

/// The range a diagnostic reports: an empty range is widened to one byte so
/// there is always something to highlight, as Terraform does.
pub fn highlight_range(range: &SourceRange) -> SourceRange {
    let mut range = range.clone();
    if range.end.byte < range.start.byte {
        range.end = range.start;
    }
    if range.end.byte == range.start.byte {
        range.end = Pos {
            line: range.end.line,
            column: range.end.column + 1,
            byte: range.end.byte + 1,
        };
    }
    range
}

/// The snippet for `range` (already widened by [`highlight_range`]) in `file`.
pub fn snippet(file: &SourceFile, range: &SourceRange) -> Snippet {
    let (start, end) = (range.start.byte, range.end.byte);
    let mut code = String::new();
    let mut code_start = None;
    let mut line_start = 0;
    for line in file.text.split_inclusive('\n') {
        let content = line.strip_suffix('\n').unwrap_or(line);
        let content = content.strip_suffix('\r').unwrap_or(content);
        let line_end = line_start + content.len();
        // Terraform's overlap test: neither side empty, and one starts inside the other.
        let overlaps = line_end > line_start
            && end > start
            && ((line_start..line_end).contains(&start) || (start..end).contains(&line_start));
        if overlaps {
            if code_start.is_none() {
                code_start = Some(line_start);
            } else {
                code.push('\n');
            }
            code.push_str(content);
        }
        line_start += line.len();
    }
    // Terraform quotes nothing when the range only covers a line ending;
    // quoting the line the range starts on is more use to the reader.
    let code_start = match code_start {
        Some(code_start) => code_start,
        None => {
            code.push_str(file.line_text(range.start.line));
            file.text[..start.min(file.text.len())]
                .rfind('\n')
                .map_or(0, |i| i + 1)
        }
    };
    let clamp = |offset: usize| floor_char_boundary(&code, offset.min(code.len()));
    let highlight_start = clamp(start.saturating_sub(code_start));
    let highlight_end =
        clamp(start.saturating_sub(code_start) + (end - start)).max(highlight_start);
    Snippet {
        code,
        start_line: range.start.line,
        highlight_start,
        highlight_end,
    }
}

/// The largest char boundary of `text` at or before `offset`.
fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str, span: std::ops::Range<usize>, expected: (&str, usize, usize, usize)) {
        let file = SourceFile::new("main.tf", text);
        let range = highlight_range(&file.range(span));
        let s = snippet(&file, &range);
        assert_eq!(
            (
                s.code.as_str(),
                s.start_line,
                s.highlight_start,
                s.highlight_end
            ),
            expected
        );
    }

    #[test]
    fn one_line() {
        check("a = 1\nb = x.y\n", 9..13, ("b = x.y", 2, 3, 7));
    }

    #[test]
    fn several_lines_and_crlf() {
        check(
            "a = [\r\n  1,\r\n]\r\n",
            4..15,
            ("a = [\n  1,\n]", 1, 4, 12),
        );
    }

    #[test]
    fn empty_range_is_widened() {
        check("a =\n", 3..3, ("a =", 1, 3, 3));
    }

    #[test]
    fn range_at_the_end_of_the_file() {
        check("a = 1\n", 6..6, ("", 2, 0, 0));
        check("a =\nb = 2\n", 3..4, ("a =", 1, 3, 3));
    }
}
