//! Statement text built safely: identifiers and literals go through the
//! driver's own escaping (`postgres_protocol::escape`), and keywords come
//! from fixed lists, so no configured value is ever pasted into SQL as is.

use postgres_protocol::escape::{escape_identifier, escape_literal};

/// A quoted identifier: `"name"` with inner quotes doubled.
pub fn ident(name: &str) -> String {
    escape_identifier(name)
}

/// A role as a grantee: `PUBLIC` for the pseudo-role, else quoted.
pub fn grantee(role: &str) -> String {
    if role.eq_ignore_ascii_case("public") {
        "PUBLIC".to_string()
    } else {
        ident(role)
    }
}

/// A quoted string literal, `E'...'` when it holds backslashes.
pub fn literal(value: &str) -> String {
    escape_literal(value)
}

/// A comma-separated list of quoted identifiers.
pub fn idents<'a>(names: impl IntoIterator<Item = &'a String>) -> String {
    names
        .into_iter()
        .map(|n| ident(n))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_and_semicolons_stay_inside_the_name() {
        assert_eq!(ident(r#"a"b; DROP ROLE x"#), r#""a""b; DROP ROLE x""#);
        assert_eq!(literal("it's"), "'it''s'");
        assert_eq!(literal(r"a\b"), r" E'a\\b'");
        assert_eq!(grantee("public"), "PUBLIC");
        assert_eq!(grantee("Public x"), "\"Public x\"");
    }
}
