//! From a configuration file's bytes to hcl-edit's syntax tree, or to the
//! diagnostic that says why not: text that is not UTF-8, nesting too deep
//! for the parser (see [`super::nesting`]), and syntax errors. Every parse
//! of configuration, expressions and templates goes through here.

use hcl_edit::expr::Expression;
use hcl_edit::structure::Body;
use hcl_edit::template::Template;
use terrace_value::{Diagnostic, Diagnostics, Pos, SourceRange};

use super::nesting::{self, Start};
use super::source::SourceFile;
use crate::diagnostics::parse_error;

/// Decodes `bytes` as the UTF-8 text of the file `name`.
pub fn decode(name: &str, bytes: Vec<u8>) -> Result<SourceFile, Diagnostics> {
    match String::from_utf8(bytes) {
        Ok(text) => Ok(SourceFile::new(name, text)),
        Err(err) => {
            let bad = err.utf8_error().valid_up_to();
            let bytes = err.into_bytes();
            let valid = String::from_utf8_lossy(&bytes[..bad]).into_owned();
            let file = SourceFile::new(name, valid);
            let start = file.pos(bad);
            let end = Pos {
                column: start.column + 1,
                byte: start.byte + 1,
                ..start
            };
            Err(Diagnostic::error(
                "Invalid character encoding",
                "All input files must be UTF-8 encoded. Ensure that UTF-8 encoding is \
                 selected in your editor.",
            )
            .at(SourceRange {
                filename: name.to_string(),
                start,
                end,
            })
            .with_hint(match bytes.get(bad) {
                Some(byte) => format!("Byte 0x{byte:02X} here is not UTF-8."),
                None => "The file ends inside a character.".to_string(),
            })
            .into())
        }
    }
}

/// Parses `file` as a body of arguments and blocks. A leading byte order
/// mark is allowed, as Terraform allows it.
pub fn parse(file: &SourceFile) -> Result<Body, Diagnostics> {
    nesting::check(file, Start::Code)?;
    let result = match file.text.strip_prefix('\u{feff}') {
        // Three spaces keep every byte offset where it is in the file.
        Some(rest) => hcl_edit::parser::parse_body(&format!("   {rest}")),
        None => hcl_edit::parser::parse_body(&file.text),
    };
    result.map_err(|err| parse_error(file, &err).into())
}

/// Parses `file` as one expression (a `-var` value, a console line).
pub fn parse_expr(file: &SourceFile) -> Result<Expression, Diagnostics> {
    nesting::check(file, Start::Code)?;
    hcl_edit::parser::parse_expr(&file.text).map_err(|err| parse_error(file, &err).into())
}

/// Parses `file` as a template: a template file's contents, or the string
/// given to `templatestring`.
pub fn parse_template(file: &SourceFile) -> Result<Template, Diagnostics> {
    nesting::check(file, Start::Template)?;
    hcl_edit::parser::parse_template(&file.text).map_err(|err| parse_error(file, &err).into())
}
