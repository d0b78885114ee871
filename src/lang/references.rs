//! Static references: which names an expression mentions (`var.x`,
//! `local.y`, `aws_s3_bucket.b`, `module.m`), found without evaluating it, so
//! that values can be computed in dependency order.

use std::collections::BTreeSet;
use std::ops::Range;

use hcl_edit::expr::{Expression, ObjectKey, TraversalOperator};
use hcl_edit::template::{Directive, Element, Template};
use hcl_edit::Span;

/// One reference: the root name and the attribute names that follow it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reference {
    /// The root name (`var`, `local`, `aws_s3_bucket`, `data`, `module`, ...).
    pub root: String,
    /// Attribute names following the root, up to the first index or splat.
    pub attrs: Vec<String>,
    /// Where the reference is.
    pub span: Option<Range<usize>>,
}

/// Every reference in `expr`, except to names bound by `for` inside it.
pub fn references(expr: &Expression) -> Vec<Reference> {
    let mut out = Vec::new();
    walk(expr, &mut BTreeSet::new(), &mut out);
    out
}

fn walk(expr: &Expression, bound: &mut BTreeSet<String>, out: &mut Vec<Reference>) {
    match expr {
        Expression::Null(_)
        | Expression::Bool(_)
        | Expression::Number(_)
        | Expression::String(_) => {}
        Expression::Array(items) => items.iter().for_each(|e| walk(e, bound, out)),
        Expression::Object(obj) => {
            for (k, v) in obj.iter() {
                if let ObjectKey::Expression(k) = k {
                    if !matches!(k, Expression::Variable(_)) {
                        walk(k, bound, out);
                    }
                }
                walk(v.expr(), bound, out);
            }
        }
        Expression::StringTemplate(t) => template(t, bound, out),
        Expression::HeredocTemplate(h) => template(&h.template, bound, out),
        Expression::Parenthesis(p) => walk(p.inner(), bound, out),
        Expression::Variable(v) => {
            if !bound.contains(v.as_str()) {
                out.push(Reference {
                    root: v.as_str().to_string(),
                    attrs: Vec::new(),
                    span: expr.span(),
                });
            }
        }
        Expression::Conditional(c) => {
            walk(&c.cond_expr, bound, out);
            walk(&c.true_expr, bound, out);
            walk(&c.false_expr, bound, out);
        }
        Expression::FuncCall(call) => call.args.iter().for_each(|a| walk(a, bound, out)),
        Expression::Traversal(t) => {
            match &t.expr {
                Expression::Variable(v) if !bound.contains(v.as_str()) => {
                    let attrs = t
                        .operators
                        .iter()
                        .map_while(|op| match op.value() {
                            TraversalOperator::GetAttr(a) => Some(a.as_str().to_string()),
                            _ => None,
                        })
                        .collect();
                    out.push(Reference {
                        root: v.as_str().to_string(),
                        attrs,
                        span: expr.span(),
                    });
                }
                other => walk(other, bound, out),
            }
            for op in &t.operators {
                if let TraversalOperator::Index(e) = op.value() {
                    walk(e, bound, out);
                }
            }
        }
        Expression::UnaryOp(op) => walk(&op.expr, bound, out),
        Expression::BinaryOp(op) => {
            walk(&op.lhs_expr, bound, out);
            walk(&op.rhs_expr, bound, out);
        }
        Expression::ForExpr(f) => {
            walk(&f.intro.collection_expr, bound, out);
            let mut inner = bound.clone();
            if let Some(k) = &f.intro.key_var {
                inner.insert(k.as_str().to_string());
            }
            inner.insert(f.intro.value_var.as_str().to_string());
            if let Some(k) = &f.key_expr {
                walk(k, &mut inner, out);
            }
            walk(&f.value_expr, &mut inner, out);
            if let Some(c) = &f.cond {
                walk(&c.expr, &mut inner, out);
            }
        }
    }
}

fn template(t: &Template, bound: &mut BTreeSet<String>, out: &mut Vec<Reference>) {
    for element in t.iter() {
        match element {
            Element::Literal(_) => {}
            Element::Interpolation(i) => walk(&i.expr, bound, out),
            Element::Directive(d) => match d.as_ref() {
                Directive::If(d) => {
                    walk(&d.if_expr.cond_expr, bound, out);
                    template(&d.if_expr.template, bound, out);
                    if let Some(e) = &d.else_expr {
                        template(&e.template, bound, out);
                    }
                }
                Directive::For(d) => {
                    walk(&d.for_expr.collection_expr, bound, out);
                    let mut inner = bound.clone();
                    if let Some(k) = &d.for_expr.key_var {
                        inner.insert(k.as_str().to_string());
                    }
                    inner.insert(d.for_expr.value_var.as_str().to_string());
                    template(&d.for_expr.template, &mut inner, out);
                }
            },
        }
    }
}
