//! Refuses source that is not valid HCL before anything is rewritten, so a
//! broken file is reported rather than mangled. The full grammar check is
//! `hcl-edit`'s parser; the scanner's own complaints and a nesting limit
//! (which keeps the recursive parser within its stack) come first.

use super::error::FmtError;
use super::token::{Kind, Token};

/// Deeper nesting than this is refused rather than risk the parser's stack.
const MAX_NESTING: i32 = 256;

/// Checks that `src` (already cut into `tokens`) is valid HCL.
pub(super) fn check(src: &str, tokens: &[Token]) -> Result<(), FmtError> {
    let mut depth = 0i32;
    let mut unary_run = 0i32;
    for (i, t) in tokens.iter().enumerate() {
        let message = match t.kind {
            Kind::Invalid => Some(format!("invalid character {:?}", t.text)),
            Kind::QuotedNewline => {
                Some("quoted strings may not be split over multiple lines".to_string())
            }
            _ => None,
        };
        if let Some(message) = message {
            return Err(FmtError::at(src, offset_of(tokens, i), message));
        }
        depth += t.kind.bracket_change();
        unary_run = match t.kind {
            Kind::Bang | Kind::Minus => unary_run + 1,
            _ => 0,
        };
        if depth + unary_run > MAX_NESTING {
            let message = format!("expressions nested more than {MAX_NESTING} levels deep");
            return Err(FmtError::at(src, offset_of(tokens, i), message));
        }
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

/// The error for a token the structure of a body cannot hold.
pub(super) fn unexpected(src: &str, tokens: &[Token], i: usize) -> FmtError {
    let what = match tokens.get(i) {
        Some(t) if t.kind == Kind::Eof => "unexpected end of file".to_string(),
        Some(t) => format!("unexpected {:?}", t.text),
        None => "unexpected end of file".to_string(),
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
