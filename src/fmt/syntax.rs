//! Refuses source that is not valid HCL before anything is rewritten, so a
//! broken file is reported rather than mangled. The full grammar check is
//! `hcl-edit`'s parser behind the language's nesting limit (see
//! [`crate::lang::nesting`]); a few things the native scanner and parser
//! reject but `hcl-edit` accepts are checked on the tokens first.

use super::error::FmtError;
use super::token::{Kind, Token};
use crate::lang::nesting::{too_deep_at, Start, MAX_NESTING};

/// Checks that `src` (already cut into `tokens`) is valid HCL.
pub(super) fn check(src: &str, tokens: &[Token]) -> Result<(), FmtError> {
    for (i, t) in tokens.iter().enumerate() {
        let after_dot = i > 0 && tokens[i - 1].kind == Kind::Dot;
        let message = match t.kind {
            Kind::Invalid => Some(format!("invalid character {:?}", t.text)),
            Kind::QuotedNewline => {
                Some("quoted strings may not be split over multiple lines".to_string())
            }
            // `x.0.1` scans as `x` `.` `0.1`: chained legacy indexes.
            Kind::NumberLit if after_dot && t.text.contains('.') => {
                Some("invalid legacy index syntax; use [0][1] instead".to_string())
            }
            Kind::NumberLit if !is_number(&t.text) => {
                Some(format!("invalid number literal {:?}", t.text))
            }
            Kind::Star if splat_split_over_lines(tokens, i) => {
                Some("a splat `[*]` must be written on one line".to_string())
            }
            Kind::Star if after_dot && nested_attribute_splat(tokens, i) => {
                Some("a `.*` splat cannot contain another `.*` splat".to_string())
            }
            _ => None,
        };
        if let Some(message) = message {
            return Err(FmtError::at(src, offset_of(tokens, i), message));
        }
    }
    let opened = tokens.iter().filter(|t| t.kind == Kind::OHeredoc).count();
    let closed = tokens.iter().filter(|t| t.kind == Kind::CHeredoc).count();
    if opened != closed {
        let message = "unterminated heredoc: the closing marker must end with a newline";
        return Err(FmtError::at(src, src.len(), message));
    }
    if let Some(at) = too_deep_at(src, Start::Code) {
        let message = format!("nested more than {MAX_NESTING} levels deep");
        return Err(FmtError::at(src, at, message));
    }
    let bom = if src.starts_with('\u{feff}') { 3 } else { 0 };
    match hcl_edit::parser::parse_body(&src[bom..]) {
        Ok(_) => Ok(()),
        Err(e) => Err(FmtError::at(
            src,
            bom + e.location().offset(),
            e.message().to_string(),
        )),
    }
}

/// True for the `*` of a `[*]` whose brackets are on other lines than it
/// (comments between them are fine, newlines are not).
fn splat_split_over_lines(tokens: &[Token], star: usize) -> bool {
    let trivia = |t: &&Token| matches!(t.kind, Kind::Newline | Kind::Comment);
    let before: Vec<&Token> = tokens[..star].iter().rev().take_while(trivia).collect();
    let after: Vec<&Token> = tokens[star + 1..].iter().take_while(trivia).collect();
    let opens = star
        .checked_sub(before.len() + 1)
        .is_some_and(|i| tokens[i].kind == Kind::OBrack);
    let split = before.iter().chain(after.iter()).any(|t| t.ends_line());
    opens && split
}

/// True when the attribute-only splat whose `*` is at `star` (as in
/// `x.*.y`) is followed, through its `.name` steps, by another `.*`.
fn nested_attribute_splat(tokens: &[Token], star: usize) -> bool {
    let mut i = star + 1;
    while tokens.get(i).is_some_and(|t| t.kind == Kind::Dot) {
        match tokens.get(i + 1).map(|t| t.kind) {
            Some(Kind::Ident | Kind::NumberLit) => i += 2,
            Some(Kind::Star) => return true,
            _ => return false,
        }
    }
    false
}

/// Digits, an optional fraction and an optional exponent: what a number
/// literal must look like once the scanner has cut it out.
fn is_number(text: &str) -> bool {
    let (mantissa, exponent) = match text.find(['e', 'E']) {
        Some(i) => (&text[..i], Some(&text[i + 1..])),
        None => (text, None),
    };
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    let exponent_ok = exponent.is_none_or(|e| {
        let e = e.strip_prefix(['+', '-']).unwrap_or(e);
        !e.is_empty() && digits(e)
    });
    !int.is_empty() && digits(int) && digits(frac) && exponent_ok
}

/// The error for a token the structure of a body cannot hold.
pub(super) fn unexpected(src: &str, tokens: &[Token], i: usize) -> FmtError {
    let what = match tokens.get(i) {
        None => "unexpected end of file".to_string(),
        Some(t) => match t.kind {
            Kind::Eof => "unexpected end of file".to_string(),
            Kind::Newline => "unexpected newline".to_string(),
            _ => format!("unexpected {:?}", t.text),
        },
    };
    FmtError::at(src, offset_of(tokens, i), what)
}

/// Byte offset where token `i` starts; spaces and text of the tokens before
/// it add up to exactly the source bytes before it.
fn offset_of(tokens: &[Token], i: usize) -> usize {
    let before: usize = tokens[..i.min(tokens.len())]
        .iter()
        .map(|t| t.spaces_before + t.text.len())
        .sum();
    before + tokens.get(i).map_or(0, |t| t.spaces_before)
}
