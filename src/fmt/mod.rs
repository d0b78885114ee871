//! `terrace fmt`: rewrites HCL source into the canonical layout that
//! `terraform fmt` produces, byte for byte, so files formatted by either tool
//! agree and formatting twice changes nothing.
//!
//! The pipeline: cut the source into the tokens HCL's native scanner makes
//! (`lex`), refuse invalid source (`syntax`), find attributes and block
//! headers (`items`), make Terraform's few non-whitespace rewrites
//! (`rewrite`), then decide every token's leading spaces (`layout`) and
//! write the tokens back out.
//!
//! Only what Terraform changes is changed. In particular, like Terraform:
//! runs of blank lines are kept, a missing final newline is not added (nor
//! extra ones removed), spaces after the last token of the file are kept,
//! comments and heredoc lines keep their trailing whitespace, CRLF line
//! endings stay CRLF, and a UTF-8 byte order mark is dropped.

mod diff;
mod error;
mod items;
mod labels;
mod layout;
mod lex;
mod lex_template;
mod rewrite;
mod spacing;
mod syntax;
mod token;

pub use diff::unified_diff;
pub use error::FmtError;

/// Formats one file's source. Fails, changing nothing, when the source is
/// not valid HCL.
pub fn format_source(src: &str) -> Result<String, FmtError> {
    let mut tokens = lex::lex(src);
    syntax::check(src, &tokens)?;
    let items = items::find_items(&tokens).map_err(|i| syntax::unexpected(src, &tokens, i))?;
    rewrite::rewrite(&mut tokens, &items);
    layout::layout(&mut tokens);
    Ok(layout::render(&tokens))
}

/// Formats a file read as bytes; bytes that are not UTF-8 are a syntax
/// error at the first bad byte, as they are for Terraform.
pub fn format_bytes(src: &[u8]) -> Result<String, FmtError> {
    match std::str::from_utf8(src) {
        Ok(text) => format_source(text),
        Err(e) => {
            let valid = &src[..e.valid_up_to()];
            let text = std::str::from_utf8(valid).unwrap_or_default();
            let message = "invalid UTF-8: the file must be UTF-8 encoded";
            Err(FmtError::at(text, valid.len(), message))
        }
    }
}
