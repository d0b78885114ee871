//! Splits HCL source into tokens exactly where HCL's native scanner does, so
//! that the layout rules, which are defined over that scanner's tokens, give
//! the same result here. This file holds the driver and the expression mode;
//! `lex_template` holds the quoted-string and heredoc modes.

use super::token::{Kind, Token};

/// What the scanner is reading at the moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Mode {
    /// Expressions, structure and interpolated sequences.
    Main,
    /// The inside of a `"..."` template.
    Quoted,
    /// The inside of a `<<EOT` template.
    Heredoc,
}

/// A heredoc being read: its closing marker, and whether the scanner is at
/// the start of one of its lines (only there can the marker close it).
pub(super) struct OpenHeredoc {
    pub(super) marker: String,
    pub(super) start_of_line: bool,
}

/// Scanner state; mirrors the native scanner's call stack of modes and its
/// brace counting, which decides whether `}` closes an interpolation.
pub(super) struct Lexer<'a> {
    pub(super) src: &'a str,
    pub(super) pos: usize,
    prev_end: usize,
    pub(super) tokens: Vec<Token>,
    pub(super) modes: Vec<Mode>,
    pub(super) braces: i64,
    pub(super) ret_braces: Vec<i64>,
    pub(super) heredocs: Vec<OpenHeredoc>,
}

/// Tokenizes `src`; the last token is always `Eof`.
pub(crate) fn lex(src: &str) -> Vec<Token> {
    let start = if src.starts_with('\u{feff}') { 3 } else { 0 };
    let mut lexer = Lexer {
        src,
        pos: start,
        prev_end: 0,
        tokens: Vec::new(),
        modes: vec![Mode::Main],
        braces: 0,
        ret_braces: Vec::new(),
        heredocs: Vec::new(),
    };
    while lexer.pos < src.len() {
        match lexer.modes.last().copied().unwrap_or(Mode::Main) {
            Mode::Main => lexer.main_step(),
            Mode::Quoted => lexer.quoted_step(),
            Mode::Heredoc => lexer.heredoc_step(),
        }
    }
    lexer.emit(Kind::Eof, src.len());
    lexer.tokens
}

impl<'a> Lexer<'a> {
    /// Emits the token running from the current position to `end`.
    pub(super) fn emit(&mut self, kind: Kind, end: usize) {
        let start = self.pos;
        self.tokens.push(Token {
            kind,
            text: self.src[start..end].to_string(),
            spaces_before: start.saturating_sub(self.prev_end),
        });
        self.prev_end = end;
        self.pos = end;
    }

    pub(super) fn rest(&self) -> &'a str {
        &self.src[self.pos..]
    }

    pub(super) fn byte_at(&self, offset: usize) -> Option<u8> {
        self.src.as_bytes().get(self.pos + offset).copied()
    }

    /// Byte length of the character at the current position.
    pub(super) fn char_len(&self) -> usize {
        self.rest().chars().next().map_or(1, char::len_utf8)
    }

    /// Enters an interpolation (`${`) or directive (`%{`) sequence.
    pub(super) fn begin_sequence(&mut self, kind: Kind) {
        let len = if self.byte_at(2) == Some(b'~') { 3 } else { 2 };
        self.emit(kind, self.pos + len);
        self.braces += 1;
        self.ret_braces.push(self.braces);
        if let Some(doc) = self.heredocs.last_mut() {
            doc.start_of_line = false;
        }
        self.modes.push(Mode::Main);
    }

    fn main_step(&mut self) {
        let rest = self.rest();
        let Some(c) = rest.chars().next() else {
            return;
        };
        let two = rest.get(..2).unwrap_or("");
        let at = self.pos;
        match c {
            ' ' | '\t' => {
                let n = rest
                    .bytes()
                    .take_while(|b| *b == b' ' || *b == b'\t')
                    .count();
                // Skipped spaces count towards the next token's gap.
                self.pos += n;
            }
            '0'..='9' => {
                let n = number_len(rest);
                self.emit(Kind::NumberLit, at + n);
            }
            '#' => self.emit(Kind::Comment, at + line_comment_len(rest)),
            '/' if two == "//" => self.emit(Kind::Comment, at + line_comment_len(rest)),
            '/' if two == "/*" => match rest[2..].find("*/") {
                Some(i) => self.emit(Kind::Comment, at + i + 4),
                None => self.emit(Kind::Slash, at + 1),
            },
            '\n' => self.emit(Kind::Newline, at + 1),
            '\r' if two == "\r\n" => self.emit(Kind::Newline, at + 2),
            '=' if two == "==" => self.emit(Kind::EqualOp, at + 2),
            '=' if two == "=>" => self.emit(Kind::FatArrow, at + 2),
            '!' if two == "!=" => self.emit(Kind::NotEqual, at + 2),
            '>' if two == ">=" => self.emit(Kind::GreaterThanEq, at + 2),
            '<' if two == "<<" && self.try_heredoc_intro() => {}
            '<' if two == "<=" => self.emit(Kind::LessThanEq, at + 2),
            '&' if two == "&&" => self.emit(Kind::And, at + 2),
            '|' if two == "||" => self.emit(Kind::Or, at + 2),
            ':' if two == "::" => self.emit(Kind::DoubleColon, at + 2),
            '.' if rest.starts_with("...") => self.emit(Kind::Ellipsis, at + 3),
            '~' if two == "~}" => self.close_brace(at + 2, true),
            '{' => {
                self.emit(Kind::OBrace, at + 1);
                self.braces += 1;
            }
            '}' => self.close_brace(at + 1, false),
            '"' => {
                self.emit(Kind::OQuote, at + 1);
                self.modes.push(Mode::Quoted);
            }
            _ => {
                if let Some(kind) = single_char_kind(c) {
                    self.emit(kind, at + 1);
                } else if is_ident_start(c) {
                    let n = ident_len(rest);
                    self.emit(Kind::Ident, at + n);
                } else {
                    self.emit(Kind::Invalid, at + c.len_utf8());
                }
            }
        }
    }

    /// A `}` (or `~}`) either closes the interpolation that the brace count
    /// says is open, returning to the template, or is an ordinary brace.
    fn close_brace(&mut self, end: usize, strip: bool) {
        let closes_sequence = self.ret_braces.last() == Some(&self.braces);
        let kind = if closes_sequence || strip {
            Kind::TemplateSeqEnd
        } else {
            Kind::CBrace
        };
        self.emit(kind, end);
        self.braces -= 1;
        if closes_sequence {
            self.ret_braces.pop();
            self.modes.pop();
        }
    }

    /// `<<EOT` or `<<-EOT` directly followed by a newline opens a heredoc.
    fn try_heredoc_intro(&mut self) -> bool {
        let rest = self.rest();
        let after = &rest[2..];
        let dash = usize::from(after.starts_with('-'));
        let name = &after[dash..];
        if !name.chars().next().is_some_and(is_ident_start) {
            return false;
        }
        let name_len = ident_len(name);
        let newline = if name[name_len..].starts_with("\r\n") {
            2
        } else if name[name_len..].starts_with('\n') {
            1
        } else {
            return false;
        };
        let marker = name[..name_len].to_string();
        let end = self.pos + 2 + dash + name_len + newline;
        self.emit(Kind::OHeredoc, end);
        self.heredocs.push(OpenHeredoc {
            marker,
            start_of_line: true,
        });
        self.modes.push(Mode::Heredoc);
        true
    }
}

fn single_char_kind(c: char) -> Option<Kind> {
    Some(match c {
        '[' => Kind::OBrack,
        ']' => Kind::CBrack,
        '(' => Kind::OParen,
        ')' => Kind::CParen,
        '.' => Kind::Dot,
        ',' => Kind::Comma,
        '*' => Kind::Star,
        '/' => Kind::Slash,
        '%' => Kind::Percent,
        '+' => Kind::Plus,
        '-' => Kind::Minus,
        '=' => Kind::Equal,
        '<' => Kind::LessThan,
        '>' => Kind::GreaterThan,
        '!' => Kind::Bang,
        '?' => Kind::Question,
        ':' => Kind::Colon,
        '&' | '|' | '~' | '^' | ';' | '`' | '\'' => Kind::Other,
        _ => return None,
    })
}

/// Length of a `#` or `//` comment, including the newline that ends it.
fn line_comment_len(rest: &str) -> usize {
    rest.find('\n').map_or(rest.len(), |i| i + 1)
}

/// Length of a number literal: a digit, then digits, dots and exponents,
/// never ending on a dot (so `1.` is the number `1` and a dot).
fn number_len(rest: &str) -> usize {
    let b = rest.as_bytes();
    let mut i = 1;
    let mut last_good = 1;
    while i < b.len() {
        match b[i] {
            b'0'..=b'9' => {
                i += 1;
                last_good = i;
            }
            b'.' => i += 1,
            b'e' | b'E' => {
                let sign = usize::from(matches!(b.get(i + 1), Some(b'+' | b'-')));
                if b.get(i + 1 + sign).is_some_and(u8::is_ascii_digit) {
                    i += 2 + sign;
                    last_good = i;
                } else {
                    break;
                }
            }
            _ => break,
        }
    }
    last_good
}

pub(super) fn is_ident_start(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphabetic() || c == '_'
    } else {
        hcl_edit::Ident::try_new(c.to_string()).is_ok()
    }
}

fn is_ident_continue(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric() || c == '_' || c == '-'
    } else {
        hcl_edit::Ident::try_new(format!("a{c}")).is_ok()
    }
}

/// Length of the identifier at the start of `rest` (which starts with an
/// identifier-start character).
fn ident_len(rest: &str) -> usize {
    let mut chars = rest.char_indices();
    chars.next();
    for (i, c) in chars {
        if !is_ident_continue(c) {
            return i;
        }
    }
    rest.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(src: &str) -> Vec<Kind> {
        lex(src).into_iter().map(|t| t.kind).collect()
    }

    #[test]
    fn numbers_never_end_on_a_dot() {
        let texts: Vec<String> = lex("1.5e+3 2. 0.1").into_iter().map(|t| t.text).collect();
        assert_eq!(texts, ["1.5e+3", "2", ".", "0.1", ""]);
    }

    #[test]
    fn closing_brace_of_an_interpolation_ends_it() {
        use Kind::*;
        assert_eq!(
            kinds(r#""${ {a=1} }""#),
            [
                OQuote,
                TemplateInterp,
                OBrace,
                Ident,
                Equal,
                NumberLit,
                CBrace,
                TemplateSeqEnd,
                CQuote,
                Eof
            ]
        );
    }

    #[test]
    fn heredoc_marker_closes_only_at_line_start() {
        use Kind::*;
        let src = "<<EOT\nx ${y} EOT\n  EOT\n";
        assert_eq!(
            kinds(src),
            [
                OHeredoc,
                StringLit,
                TemplateInterp,
                Ident,
                TemplateSeqEnd,
                StringLit,
                CHeredoc,
                Newline,
                Eof
            ]
        );
    }

    #[test]
    fn spaces_and_tabs_count_as_gap() {
        let tokens = lex("a \t= 1");
        assert_eq!(tokens[1].spaces_before, 2);
    }

    #[test]
    fn line_comments_keep_their_newline() {
        let tokens = lex("# c\r\nx");
        assert_eq!(tokens[0].text, "# c\r\n");
        assert!(tokens[0].ends_line());
    }
}
