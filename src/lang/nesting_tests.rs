//! Tests of the nesting limit: what counts as nesting, and the input that
//! made it necessary.

use std::time::{Duration, Instant};

use super::*;
use crate::lang::parse::{parse, parse_expr};

fn refused(text: &str) -> bool {
    too_deep_at(text, Start::Code).is_some()
}

#[test]
fn exponential_parse_of_nested_failed_operands_is_refused() {
    // Found by fuzzing: each level doubled hcl-edit's parsing time.
    let text = format!("{}1", "{ a = 1 - 1 % ".repeat(40));
    let started = Instant::now();
    let err = parse_expr(&SourceFile::new("t.tf", text)).unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(1));
    assert_eq!(err.0[0].summary, "Too deeply nested");
    let range = err.0[0].range.as_ref().unwrap();
    assert_eq!(range.start.byte, "{ a = 1 - 1 % ".len() * MAX_NESTING);
    for opener in ["{ a = 1 - 1 % ", "{ a = true ? 1 : 1 - 1 % ", "x { "] {
        assert!(refused(&opener.repeat(MAX_NESTING + 1)), "{opener}");
        assert!(!refused(&opener.repeat(MAX_NESTING)), "{opener}");
    }
}

#[test]
fn failed_operands_nested_in_other_brackets_parse_quickly() {
    // Only objects make hcl-edit parse a failed operand again; the same
    // chains in other brackets fail in linear time up to the parser's own
    // limit, so they need no limit here.
    for (opener, has_brace) in [
        ("(1 - 1 % ", false),
        ("[1 - 1 % ", false),
        ("f(1 - 1 % ", false),
        ("\"${1 - 1 % ", false),
        ("(true ? 1 : 1 - 1 % ", false),
        ("[for x in y : 1 - 1 % ", false),
        ("{ a = [1 - 1 % ", true),
    ] {
        let text = format!("{}1", opener.repeat(60));
        assert_eq!(refused(&text), has_brace, "{opener}");
        let started = Instant::now();
        assert!(hcl_edit::parser::parse_expr(&text).is_err(), "{opener}");
        assert!(
            started.elapsed() < Duration::from_secs(1),
            "{opener}: {:?}",
            started.elapsed()
        );
    }
}

#[test]
fn braces_are_counted_outside_strings_comments_and_heredoc_text() {
    let deep = "{".repeat(MAX_NESTING + 1);
    assert!(refused(&deep));
    assert!(!refused(&format!("\"{deep}\"")));
    assert!(!refused(&format!(
        "\"$${deep}\" # {deep}\n// {deep}\n/* {deep} */ 1"
    )));
    assert!(!refused(&format!("<<EOT\n{deep}\nEOT\n")));
    assert!(!refused(&format!("<<-EOT\n  {deep}\n  EOT\n")));
    assert!(!refused(&format!("\"\\\"{deep}\"")));
    // Braces inside interpolations count, in strings and heredocs alike.
    assert!(refused(&format!("\"${{{deep}")));
    assert!(refused(&format!("<<EOT\n${{{deep}}}\nEOT\n")));
    // Closed braces give their level back, whatever encloses them.
    assert!(!refused(&"[{{{{}}}}]".repeat(100)));
    let (open, close) = (
        "{".repeat(MAX_NESTING / 2 + 1),
        "}".repeat(MAX_NESTING / 2 + 1),
    );
    assert!(!refused(&format!("[{open}{close}]{open}")));
    assert!(refused(&format!("[{open}{open}]")));
    // Text after a heredoc's closing marker is code again.
    assert!(refused(&format!("<<EOT\nx\nEOT\n{deep}")));
}

#[test]
fn template_text_counts_only_braces_in_interpolations_and_directives() {
    let deep = "{".repeat(MAX_NESTING + 1);
    assert_eq!(too_deep_at(&deep, Start::Template), None);
    assert_eq!(
        too_deep_at(&format!("ab${{{deep}"), Start::Template),
        Some(4 + MAX_NESTING)
    );
    assert_eq!(
        too_deep_at(&format!("%{{ if x }}{deep}%{{ endif }}"), Start::Template),
        None
    );
    assert_eq!(too_deep_at(&format!("$${{{deep}"), Start::Template), None);
}

#[test]
fn byte_order_mark_and_non_ascii_text_are_scanned() {
    let deep = "{".repeat(MAX_NESTING + 1);
    assert!(refused(&format!("\u{feff}a = {deep}")));
    assert!(!refused(&format!(
        "\u{feff}a = \"é${{\"ü\"}}\" # ß {deep}\n"
    )));
}

#[test]
fn ordinary_configuration_parses() {
    let text = r#"
resource "x" "y" {
  dynamic "d" {
    for_each = { for k, v in var.m : k => { a = [v, "${k}-%{ if v }y%{ endif }"] } }
    content {
      value = merge(local.a, { b = [for x in local.c : { d = lookup(x, "e", {}) }] })
    }
  }
}
"#;
    assert!(parse(&SourceFile::new("main.tf", text)).is_ok());
}
