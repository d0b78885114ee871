//! The rule for the space between two neighbouring tokens on one line: the
//! single place that decides `a + b`, `f(x)`, `a[0]`, `{ a = 1 }`, `-x`.
//! It follows `terraform fmt` case by case, in the same order of precedence.

use super::token::{Kind, Token};

/// Whether one space (rather than none) goes between `subject` and `after`;
/// `before` is the token preceding `subject` on the line, if any.
pub(super) fn space_after(subject: &Token, before: Option<&Token>, after: &Token) -> bool {
    let s = subject.kind;
    let a = after.kind;
    let b = before.map(|t| t.kind);
    match () {
        // Never a space before a newline.
        _ if a == Kind::Newline => false,
        // A function name and its parenthesis stay together.
        _ if s == Kind::Ident && a == Kind::OParen => false,
        // Namespaced function names (`provider::aws::f`) stay together.
        _ if (s == Kind::Ident && a == Kind::DoubleColon)
            || (s == Kind::DoubleColon && a == Kind::Ident) =>
        {
            false
        }
        _ if s == Kind::Dot || a == Kind::Dot => false,
        _ if a == Kind::Comma || a == Kind::Ellipsis => false,
        _ if s == Kind::Comma => true,
        // Template text is written as it is.
        _ if matches!(
            s,
            Kind::QuotedLit | Kind::StringLit | Kind::OQuote | Kind::OHeredoc
        ) || matches!(
            a,
            Kind::QuotedLit | Kind::StringLit | Kind::CQuote | Kind::CHeredoc
        ) =>
        {
            false
        }
        // `for x in [a]`: `in` is a keyword here, not a name being indexed.
        _ if s == Kind::Ident && subject.text == "in" && b == Some(Kind::Ident) => true,
        _ if a == Kind::OBrack
            && (s == Kind::Ident || s == Kind::NumberLit || s.bracket_change() < 0) =>
        {
            false
        }
        _ if s == Kind::Bang => false,
        _ if s == Kind::Minus => !is_negation(b),
        _ if s == Kind::OBrace || a == Kind::CBrace => !(s == Kind::OBrace && a == Kind::CBrace),
        // `${ {a = 1} }`: keep the braces of an object apart from the
        // interpolation's own.
        _ if matches!(s, Kind::TemplateInterp | Kind::TemplateControl) && a == Kind::OBrace => true,
        _ if s == Kind::CBrace && a == Kind::TemplateSeqEnd => true,
        _ if s == Kind::TemplateSeqEnd
            && matches!(a, Kind::TemplateInterp | Kind::TemplateControl) =>
        {
            false
        }
        _ if s.bracket_change() > 0 => false,
        _ if a.bracket_change() < 0 => false,
        _ => true,
    }
}

/// Whether a minus following `before` negates (rather than subtracts):
/// true when `before` cannot end an operand.
fn is_negation(before: Option<Kind>) -> bool {
    match before {
        None => true,
        Some(k) => matches!(
            k,
            Kind::OParen
                | Kind::OBrace
                | Kind::OBrack
                | Kind::Equal
                | Kind::Colon
                | Kind::Comma
                | Kind::Question
                | Kind::Plus
                | Kind::Star
                | Kind::Slash
                | Kind::Percent
                | Kind::Minus
                | Kind::EqualOp
                | Kind::NotEqual
                | Kind::GreaterThan
                | Kind::GreaterThanEq
                | Kind::LessThan
                | Kind::LessThanEq
                | Kind::And
                | Kind::Or
                | Kind::Bang
        ),
    }
}
