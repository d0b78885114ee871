//! Small text helpers the views share: Go-style quoting (the plan prints
//! strings as Terraform's `%q` does), identifier checks for attribute names,
//! and word wrapping of prose to the terminal width.

/// The width prose is wrapped to when the output is not a terminal.
pub(crate) const COLUMNS: usize = 78;

/// `s` as a double-quoted string with Go's `%q` escapes.
pub(crate) fn go_quote(s: &str) -> String {
    crate::lang::functions::go_quote::go_quote(s.as_bytes())
}

/// Whether `name` can be written bare as an HCL identifier.
pub(crate) fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    match chars.next() {
        Some(c) if c.is_alphabetic() || c == '_' => {}
        _ => return false,
    }
    chars.all(|c| c.is_alphanumeric() || c == '_' || c == '-')
}

/// An attribute name as the plan shows it: bare, or quoted when it is not
/// an identifier.
pub(crate) fn attribute_name(name: &str) -> String {
    if is_identifier(name) {
        name.to_string()
    } else {
        go_quote(name)
    }
}

/// Greedy word wrap of every line of `text` to `width` columns; words longer
/// than the width stay whole.
pub(crate) fn word_wrap(text: &str, width: usize) -> String {
    let mut out = Vec::new();
    for line in text.split('\n') {
        let mut current = String::new();
        for word in line.split(' ').filter(|w| !w.is_empty()) {
            let len = current.chars().count();
            if len > 0 && len + 1 + word.chars().count() > width {
                out.push(std::mem::take(&mut current));
            }
            if !current.is_empty() {
                current.push(' ');
            }
            current.push_str(word);
        }
        out.push(current);
    }
    out.join("\n")
}

/// Four spaces per nesting level.
pub(crate) fn indent(level: usize) -> String {
    "    ".repeat(level)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_like_go() {
        assert_eq!(go_quote("a\"b\\c\nd"), "\"a\\\"b\\\\c\\nd\"");
        assert_eq!(go_quote("é"), "\"é\"");
        assert_eq!(go_quote("\u{1}"), "\"\\x01\"");
    }

    #[test]
    fn wraps_prose() {
        assert_eq!(word_wrap("aa bb cc", 5), "aa bb\ncc");
        assert_eq!(word_wrap("\nx", 5), "\nx");
        assert!(is_identifier("a-b_c"));
        assert!(!is_identifier("1a"));
        assert_eq!(attribute_name("a b"), "\"a b\"");
    }
}
