//! The scanner's two template modes: the inside of a quoted string and the
//! inside of a heredoc. Literal text is cut into pieces at every `$` and `%`
//! just as the native scanner cuts it, because Terraform's block-label
//! rewrite behaves differently for a label made of several pieces.

use super::lex::{Lexer, Mode};
use super::token::Kind;

impl Lexer<'_> {
    pub(super) fn quoted_step(&mut self) {
        let at = self.pos;
        match self.byte_at(0) {
            Some(b'$') if self.byte_at(1) == Some(b'{') => {
                self.begin_sequence(Kind::TemplateInterp);
            }
            Some(b'%') if self.byte_at(1) == Some(b'{') => {
                self.begin_sequence(Kind::TemplateControl);
            }
            Some(b'$' | b'%') => {
                let n = self.escaped_introducer_len();
                self.emit(Kind::QuotedLit, at + n);
            }
            Some(b'"') => {
                self.emit(Kind::CQuote, at + 1);
                self.modes.pop();
            }
            Some(b'\r' | b'\n') => {
                let n = self
                    .rest()
                    .bytes()
                    .take_while(|b| *b == b'\r' || *b == b'\n')
                    .count();
                self.emit(Kind::QuotedNewline, at + n);
            }
            _ => {
                let n = quoted_literal_len(self.rest());
                if n == 0 {
                    let n = self.char_len();
                    self.emit(Kind::Invalid, at + n);
                } else {
                    self.emit(Kind::QuotedLit, at + n);
                }
            }
        }
    }

    pub(super) fn heredoc_step(&mut self) {
        let at = self.pos;
        match (self.byte_at(0), self.byte_at(1)) {
            (Some(b'$'), Some(b'{')) => return self.begin_sequence(Kind::TemplateInterp),
            (Some(b'%'), Some(b'{')) => return self.begin_sequence(Kind::TemplateControl),
            _ => {}
        }
        let piece = match self.byte_at(0) {
            Some(b'$' | b'%') => self.escaped_introducer_len(),
            _ => self
                .rest()
                .find(['$', '%', '\r', '\n'])
                .unwrap_or(self.rest().len()),
        };
        let after = &self.rest()[piece..];
        let eol = if after.starts_with("\r\n") {
            2
        } else if after.starts_with('\n') {
            1
        } else {
            0
        };
        if eol > 0 {
            self.heredoc_line_end(at + piece, at + piece + eol);
        } else if piece > 0 {
            if let Some(doc) = self.heredocs.last_mut() {
                doc.start_of_line = false;
            }
            self.emit(Kind::StringLit, at + piece);
        } else {
            // A lone carriage return: the native scanner gives up here.
            self.emit(Kind::Invalid, self.src.len());
        }
    }

    /// A heredoc line ending at `content_end` with its newline ending at
    /// `end`: either the closing marker or one more line of text.
    fn heredoc_line_end(&mut self, content_end: usize, end: usize) {
        let content = &self.src[self.pos..content_end];
        let closes = self
            .heredocs
            .last()
            .is_some_and(|doc| doc.start_of_line && content.trim() == doc.marker);
        if closes {
            self.emit(Kind::CHeredoc, content_end);
            self.emit(Kind::Newline, end);
            self.heredocs.pop();
            if self.modes.last() == Some(&Mode::Heredoc) {
                self.modes.pop();
            }
        } else {
            if let Some(doc) = self.heredocs.last_mut() {
                doc.start_of_line = true;
            }
            self.emit(Kind::StringLit, end);
        }
    }

    /// Length of a literal `$` or `%` piece: `$${` (escaped interpolation,
    /// optionally with `~`) or a lone `$`.
    fn escaped_introducer_len(&self) -> usize {
        let c = self.byte_at(0);
        if self.byte_at(1) == c && self.byte_at(2) == Some(b'{') {
            if self.byte_at(3) == Some(b'~') {
                4
            } else {
                3
            }
        } else {
            1
        }
    }
}

/// Length of a run of quoted-string text up to the next `$`, `%`, quote or
/// newline; a backslash escapes any character other than a newline.
fn quoted_literal_len(rest: &str) -> usize {
    let mut chars = rest.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '$' | '%' | '"' | '\r' | '\n' => return i,
            '\\' => match chars.peek() {
                Some((_, '\r' | '\n')) | None => return i,
                Some(_) => {
                    chars.next();
                }
            },
            _ => {}
        }
    }
    rest.len()
}
