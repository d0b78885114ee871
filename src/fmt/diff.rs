//! The unified diff `fmt -diff` prints: the same `old/`/`new/` headers and
//! hunk layout as `terraform fmt -diff`.

/// A unified diff from `before` to `after`, or an empty string when the two
/// are equal.
pub fn unified_diff(path: &str, before: &str, after: &str) -> String {
    if before == after {
        return String::new();
    }
    similar::TextDiff::from_lines(before, after)
        .unified_diff()
        .context_radius(3)
        .header(&format!("old/{path}"), &format!("new/{path}"))
        .to_string()
}
