//! Block labels the way `terraform fmt` rewrites them: each label is read
//! back to its string value and written again in quoted form, so bare
//! labels get quotes, escapes are normalised and comments between labels
//! disappear. A quoted label the native scanner split into several pieces
//! (any `$` or `%` in it, other than alone) is dropped, exactly as
//! Terraform drops it.

use super::token::{Kind, Token};

/// The canonical tokens for the label run `run` (the tokens between a
/// block's type name and its `{`).
pub(super) fn requote(run: &[Token]) -> Vec<Token> {
    label_values(run)
        .into_iter()
        .flat_map(|value| {
            let mut toks = vec![Token::new(Kind::OQuote, "\"")];
            if !value.is_empty() {
                toks.push(Token::new(Kind::QuotedLit, escape(&value)));
            }
            toks.push(Token::new(Kind::CQuote, "\""));
            toks
        })
        .collect()
}

/// The string values of the labels Terraform can read back.
fn label_values(run: &[Token]) -> Vec<String> {
    let mut values = Vec::new();
    let mut i = 0;
    while i < run.len() {
        match run[i].kind {
            Kind::Ident => {
                values.push(run[i].text.clone());
                i += 1;
            }
            Kind::OQuote => {
                let close = run[i..]
                    .iter()
                    .position(|t| t.kind == Kind::CQuote)
                    .map_or(run.len(), |p| i + p);
                match &run[i + 1..close] {
                    [] => values.push(String::new()),
                    [lit] if lit.kind == Kind::QuotedLit => {
                        if let Some(v) = unescape(&lit.text) {
                            values.push(v);
                        }
                    }
                    _ => {}
                }
                i = close + 1;
            }
            _ => i += 1,
        }
    }
    values
}

/// Decodes a quoted-string literal; `None` where it has an invalid escape.
pub(super) fn unescape(lit: &str) -> Option<String> {
    let mut out = String::with_capacity(lit.len());
    let mut chars = lit.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next()? {
                'n' => out.push('\n'),
                'r' => out.push('\r'),
                't' => out.push('\t'),
                '"' => out.push('"'),
                '\\' => out.push('\\'),
                'u' => out.push(hex_char(&mut chars, 4)?),
                'U' => out.push(hex_char(&mut chars, 8)?),
                _ => return None,
            },
            '$' | '%' if chars.peek() == Some(&c) => {
                // `$${` and `%%{` stand for a literal `${` and `%{`.
                let mut ahead = chars.clone();
                ahead.next();
                if ahead.peek() == Some(&'{') {
                    chars.next();
                }
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    Some(out)
}

fn hex_char(chars: &mut impl Iterator<Item = char>, digits: usize) -> Option<char> {
    let mut code = 0u32;
    for _ in 0..digits {
        code = code * 16 + chars.next()?.to_digit(16)?;
    }
    char::from_u32(code)
}

/// Encodes a string as quoted-string literal text.
fn escape(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut chars = value.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '$' | '%' => {
                out.push(c);
                if chars.peek() == Some(&'{') {
                    out.push(c);
                }
            }
            c if !is_printable(c) => {
                let code = u32::from(c);
                if code < 0x10000 {
                    out.push_str(&format!("\\u{code:04x}"));
                } else {
                    out.push_str(&format!("\\U{code:08x}"));
                }
            }
            c => out.push(c),
        }
    }
    out
}

/// Approximates "printable" as letters, marks, numbers, punctuation,
/// symbols and the ASCII space: everything but controls, other spaces,
/// invisible format characters and private-use characters.
fn is_printable(c: char) -> bool {
    if c == ' ' {
        return true;
    }
    if c.is_control() || c.is_whitespace() {
        return false;
    }
    let code = u32::from(c);
    let format_or_private = matches!(
        code,
        0xAD | 0x600..=0x605
            | 0x61C
            | 0x6DD
            | 0x70F
            | 0x890..=0x891
            | 0x8E2
            | 0x180E
            | 0x200B..=0x200F
            | 0x202A..=0x202E
            | 0x2060..=0x206F
            | 0xE000..=0xF8FF
            | 0xFEFF
            | 0xFFF9..=0xFFFB
            | 0xFFFE..=0xFFFF
            | 0x110BD
            | 0x110CD
            | 0x13430..=0x1343F
            | 0x1BCA0..=0x1BCA3
            | 0x1D173..=0x1D17A
            | 0xE0001
            | 0xE0020..=0xE007F
            | 0xF0000..
    );
    !format_or_private
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fmt::lex::lex;

    fn requoted(header: &str) -> String {
        let tokens = lex(header);
        let run = &tokens[..tokens.len() - 1];
        requote(run).iter().map(|t| t.text.as_str()).collect()
    }

    #[test]
    fn bare_labels_get_quotes() {
        assert_eq!(requoted("aws_s3_bucket logs"), r#""aws_s3_bucket""logs""#);
    }

    #[test]
    fn escapes_are_normalised() {
        assert_eq!(requoted(r#""a\u0041" "\u00a0""#), r#""aA""\u00a0""#);
        assert_eq!(requoted(r#""tab\t" "q\"""#), r#""tab\t""q\"""#);
    }

    #[test]
    fn labels_cut_at_dollar_or_percent_are_dropped() {
        assert_eq!(requoted(r#""a$b" "c%d" "$" "ok""#), r#""$""ok""#);
    }

    #[test]
    fn comments_between_labels_disappear() {
        assert_eq!(requoted(r#"/* c */ "x" /* d */ y"#), r#""x""y""#);
    }

    #[test]
    fn unescape_handles_template_escapes() {
        assert_eq!(unescape("$${x} %%{y}").as_deref(), Some("${x} %{y}"));
        assert_eq!(unescape(r"bad\q"), None);
        assert_eq!(unescape(r"\u12"), None);
    }
}
