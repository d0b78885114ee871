//! The one way formatting fails: the source is not valid HCL. The error says
//! where, so the command can point at the spot like any other diagnostic.

/// A syntax error that stops a file from being formatted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{line}:{column}: {message}")]
pub struct FmtError {
    /// What is wrong, in words.
    pub message: String,
    /// Byte offset of the error in the source.
    pub offset: usize,
    /// One-based line of the error.
    pub line: usize,
    /// One-based column (in characters) of the error.
    pub column: usize,
}

impl FmtError {
    /// An error at byte `offset` of `src`, with line and column worked out.
    pub(crate) fn at(src: &str, offset: usize, message: impl Into<String>) -> FmtError {
        let mut offset = offset.min(src.len());
        while !src.is_char_boundary(offset) {
            offset -= 1;
        }
        let before = &src[..offset];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = before[line_start..].chars().count() + 1;
        FmtError {
            message: message.into(),
            offset,
            line,
            column,
        }
    }
}
