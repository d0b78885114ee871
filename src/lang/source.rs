//! A configuration file's text with a line index, so byte spans from the
//! parser become the file/line/column ranges that diagnostics show.

use std::ops::Range;

use terrace_value::{Pos, SourceRange};

/// One source file: its name as shown to users, and its text.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The name diagnostics show (relative to the working directory).
    pub name: String,
    /// The whole text.
    pub text: String,
    line_starts: Vec<usize>,
}

impl SourceFile {
    /// Indexes `text` under `name`.
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> SourceFile {
        let text = text.into();
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        SourceFile {
            name: name.into(),
            text,
            line_starts,
        }
    }

    /// The position of byte offset `byte` (clamped to the text).
    pub fn pos(&self, byte: usize) -> Pos {
        let mut byte = byte.min(self.text.len());
        while !self.text.is_char_boundary(byte) {
            byte -= 1;
        }
        let line = self.line_starts.partition_point(|&s| s <= byte);
        let start = self.line_starts[line - 1];
        let column = self.text[start..byte].chars().count() + 1;
        Pos { line, column, byte }
    }

    /// The range of a byte span.
    pub fn range(&self, span: Range<usize>) -> SourceRange {
        SourceRange {
            filename: self.name.clone(),
            start: self.pos(span.start),
            end: self.pos(span.end),
        }
    }

    /// The text of 1-based line `line`, without its newline.
    pub fn line_text(&self, line: usize) -> &str {
        let Some(&start) = self.line_starts.get(line.wrapping_sub(1)) else {
            return "";
        };
        let end = self.line_starts.get(line).map_or(self.text.len(), |&e| e);
        self.text[start..end].trim_end_matches(['\n', '\r'])
    }

    /// The text of a byte span, if it lies inside the file.
    pub fn slice(&self, span: Range<usize>) -> Option<&str> {
        self.text.get(span)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions() {
        let f = SourceFile::new("a.tf", "ab\nçd\n");
        assert_eq!(
            f.pos(0),
            Pos {
                line: 1,
                column: 1,
                byte: 0
            }
        );
        assert_eq!(
            f.pos(3),
            Pos {
                line: 2,
                column: 1,
                byte: 3
            }
        );
        assert_eq!(
            f.pos(5),
            Pos {
                line: 2,
                column: 2,
                byte: 5
            }
        );
        assert_eq!(f.line_text(2), "çd");
        assert_eq!(f.line_text(9), "");
    }
}
