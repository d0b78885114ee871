//! The rewrites `terraform fmt` makes beyond whitespace, applied to the
//! token list before layout: `"${x}"` alone becomes `x`, legacy variable
//! types (`"string"`, `list`) become their modern spelling, and block labels
//! are re-quoted.

use super::items::{Attribute, Items};
use super::labels::requote;
use super::token::{Kind, Token};

/// Applies every rewrite the found items call for.
pub(super) fn rewrite(tokens: &mut Vec<Token>, items: &Items) {
    let mut edits: Vec<(std::ops::Range<usize>, Vec<Token>)> = Vec::new();
    for attr in &items.attributes {
        let value = &tokens[attr.value.clone()];
        let new = if is_variable_type(attr) {
            modern_type(value)
        } else {
            unwrap_interpolation(value)
        };
        if let Some(new) = new {
            edits.push((attr.value.clone(), new));
        }
    }
    for run in &items.label_runs {
        edits.push((run.clone(), requote(&tokens[run.clone()])));
    }
    // Ranges never overlap, so splicing from the end keeps earlier ones valid.
    edits.sort_by_key(|(range, _)| std::cmp::Reverse(range.start));
    for (range, new) in edits {
        tokens.splice(range, new);
    }
}

fn is_variable_type(attr: &Attribute) -> bool {
    attr.in_variable && attr.name == "type"
}

/// `"${x}"` → `x`, when the template is exactly one interpolation. Left
/// alone (`None`) when anything else is in the string.
fn unwrap_interpolation(tokens: &[Token]) -> Option<Vec<Token>> {
    if tokens.len() < 5 {
        return None;
    }
    let n = tokens.len();
    let shape = [
        tokens[0].kind,
        tokens[1].kind,
        tokens[n - 2].kind,
        tokens[n - 1].kind,
    ];
    if shape
        != [
            Kind::OQuote,
            Kind::TemplateInterp,
            Kind::TemplateSeqEnd,
            Kind::CQuote,
        ]
    {
        return None;
    }
    let inside = &tokens[2..n - 2];
    let mut quotes = 0i32;
    for t in inside {
        match t.kind {
            Kind::OQuote => quotes += 1,
            Kind::CQuote => quotes -= 1,
            // Anything inside a nested string belongs to that string.
            _ if quotes > 0 => {}
            // A second interpolation or some literal text: a real template.
            Kind::TemplateInterp | Kind::TemplateSeqEnd | Kind::QuotedLit => return None,
            _ => {}
        }
    }
    let start = inside.iter().position(|t| t.kind != Kind::Newline);
    let end = inside.iter().rposition(|t| t.kind != Kind::Newline);
    let trimmed = match (start, end) {
        (Some(s), Some(e)) => &inside[s..=e],
        _ => &[],
    };
    let multi_line = trimmed.iter().any(|t| t.kind == Kind::Newline);
    let parenthesized = trimmed.first().is_some_and(|t| t.kind == Kind::OParen)
        && trimmed.last().is_some_and(|t| t.kind == Kind::CParen);
    let mut out = Vec::with_capacity(trimmed.len() + 2);
    // A multi-line expression needs parentheses to stay one expression.
    let wrap = multi_line && !parenthesized;
    if wrap {
        out.push(Token::new(Kind::OParen, "("));
    }
    out.extend(trimmed.iter().cloned());
    if wrap {
        out.push(Token::new(Kind::CParen, ")"));
    }
    Some(out)
}

/// Legacy type spellings in a variable's `type`: `"string"` → `string`,
/// `"list"`/`"map"` → `list(string)`/`map(string)`, and a bare `list`,
/// `map` or `set` → `list(any)` and so on.
fn modern_type(tokens: &[Token]) -> Option<Vec<Token>> {
    let call = |name: &str, elem: &str| {
        Some(vec![
            Token::new(Kind::Ident, name),
            Token::new(Kind::OParen, "("),
            Token::new(Kind::Ident, elem),
            Token::new(Kind::CParen, ")"),
        ])
    };
    match tokens {
        [t] if t.kind == Kind::Ident => match t.text.as_str() {
            "list" | "map" | "set" => call(&t.text, "any"),
            _ => None,
        },
        [o, lit, c]
            if o.kind == Kind::OQuote && lit.kind == Kind::QuotedLit && c.kind == Kind::CQuote =>
        {
            match lit.text.as_str() {
                "string" => Some(vec![Token::new(Kind::Ident, "string")]),
                "list" | "map" => call(&lit.text, "string"),
                _ => None,
            }
        }
        _ => None,
    }
}
