//! String templates and heredocs: interpolations, `%{if}` and `%{for}`
//! directives, and the `~` strip markers that trim whitespace around them.

use std::collections::BTreeMap;

use hcl_edit::expr::Expression;
use hcl_edit::template::{Directive, Element, StringTemplate, Template};
use hcl_edit::Span;
use terrace_value::{convert, Diagnostics, Marks, Type, Value};
use unicode_normalization::UnicodeNormalization;

use super::{EvalResult, Evaluator};
use crate::lang::scope::Scope;

/// What rendering produced so far: text, marks, and whether any part was unknown.
#[derive(Default)]
struct Rendered {
    text: String,
    marks: Marks,
    unknown: bool,
    diags: Diagnostics,
}

impl Evaluator<'_> {
    /// A quoted template; `"${x}"` alone yields `x` itself, not a string.
    pub(super) fn string_template(&self, t: &StringTemplate, scope: &Scope<'_>) -> EvalResult {
        self.literals_single_line(t)?;
        let elements: Vec<&Element> = t.iter().collect();
        if let [Element::Interpolation(i)] = elements.as_slice() {
            return self.eval_in(&i.expr, scope);
        }
        self.template(t, scope)
    }

    /// Every literal of a quoted template, also inside directives, is on one line.
    fn literals_single_line(&self, t: &Template) -> Result<(), Diagnostics> {
        for e in t.iter() {
            match e {
                Element::Literal(lit) => self.single_line(lit.span())?,
                Element::Interpolation(_) => {}
                Element::Directive(d) => match d.as_ref() {
                    Directive::If(d) => {
                        self.literals_single_line(&d.if_expr.template)?;
                        if let Some(e) = &d.else_expr {
                            self.literals_single_line(&e.template)?;
                        }
                    }
                    Directive::For(d) => self.literals_single_line(&d.for_expr.template)?,
                },
            }
        }
        Ok(())
    }

    /// Quoted strings must stay on one line; only heredocs span lines.
    pub(super) fn single_line(
        &self,
        span: Option<std::ops::Range<usize>>,
    ) -> Result<(), Diagnostics> {
        let Some(span) = span else { return Ok(()) };
        match self.file.slice(span.clone()).and_then(|s| s.find('\n')) {
            Some(at) => Err(self
                .error(
                    "Invalid multi-line string",
                    "Quoted strings may not be split over multiple lines. To produce a multi-line string, either use the \\n escape to represent a newline character or use the \"heredoc\" multi-line template syntax.",
                    Some(span.start + at..span.start + at + 1),
                )
                .into()),
            None => Ok(()),
        }
    }

    /// Renders a template to a string.
    pub fn template(&self, t: &Template, scope: &Scope<'_>) -> EvalResult {
        let mut out = Rendered::default();
        self.render(t, scope, false, false, &mut out);
        if out.diags.has_errors() {
            return Err(out.diags);
        }
        if out.unknown {
            return Ok(Value::Unknown(Type::String).mark(out.marks));
        }
        Ok(Value::String(out.text).mark(out.marks))
    }

    fn render(
        &self,
        t: &Template,
        scope: &Scope<'_>,
        trim_head: bool,
        trim_tail: bool,
        out: &mut Rendered,
    ) {
        let elements: Vec<&Element> = t.iter().collect();
        for (i, element) in elements.iter().enumerate() {
            match element {
                Element::Literal(lit) => {
                    let mut s: &str = lit.as_str();
                    let strip_before = i
                        .checked_sub(1)
                        .map(|p| strips(elements[p]).1)
                        .unwrap_or(trim_head);
                    let strip_after = elements
                        .get(i + 1)
                        .map(|n| strips(n).0)
                        .unwrap_or(trim_tail);
                    if strip_before {
                        s = stripped_head(s);
                    }
                    if strip_after {
                        s = stripped_tail(s);
                    }
                    if let Err(d) = self.budget().bytes(s.len(), |d| self.locate(d, lit.span())) {
                        out.diags.extend(d);
                        return;
                    }
                    out.text.extend(s.nfc());
                }
                Element::Interpolation(interp) => self.interpolate(&interp.expr, scope, out),
                Element::Directive(d) => match d.as_ref() {
                    Directive::If(d) => {
                        let Some(cond) = self.directive_cond(&d.if_expr.cond_expr, scope, out)
                        else {
                            continue;
                        };
                        let if_tail = d
                            .else_expr
                            .as_ref()
                            .map_or(d.endif_expr.strip, |e| e.strip)
                            .strip_start();
                        if cond {
                            self.render(
                                &d.if_expr.template,
                                scope,
                                d.if_expr.strip.strip_end(),
                                if_tail,
                                out,
                            );
                        } else if let Some(e) = &d.else_expr {
                            self.render(
                                &e.template,
                                scope,
                                e.strip.strip_end(),
                                d.endif_expr.strip.strip_start(),
                                out,
                            );
                        }
                    }
                    Directive::For(d) => {
                        let f = &d.for_expr;
                        let items = match self.iterate(&f.collection_expr, scope) {
                            Ok(Some((items, marks))) => {
                                out.marks |= marks;
                                items
                            }
                            Ok(None) => {
                                out.unknown = true;
                                continue;
                            }
                            Err(diags) => {
                                out.diags.extend(diags);
                                continue;
                            }
                        };
                        for (k, v) in items {
                            let step = self
                                .budget()
                                .step(|d| self.locate(d, f.collection_expr.span()));
                            if let Err(d) = step {
                                out.diags.extend(d);
                                return;
                            }
                            let mut names = BTreeMap::new();
                            if let Some(kv) = &f.key_var {
                                names.insert(kv.as_str().to_string(), k);
                            }
                            names.insert(f.value_var.as_str().to_string(), v);
                            let inner = scope.child(names);
                            self.render(
                                &f.template,
                                &inner,
                                f.strip.strip_end(),
                                d.endfor_expr.strip.strip_start(),
                                out,
                            );
                        }
                    }
                },
            }
        }
    }

    fn interpolate(&self, expr: &Expression, scope: &Scope<'_>, out: &mut Rendered) {
        let v = match self.eval_in(expr, scope) {
            Ok(v) => v,
            Err(d) => {
                out.diags.extend(d);
                return;
            }
        };
        let (v, marks) = v.unmark_deep();
        out.marks |= marks;
        if v.is_null() {
            out.diags.push(self.error(
                "Invalid template interpolation value",
                "The expression result is null. Cannot include a null value in a string template.",
                expr.span(),
            ));
            return;
        }
        if !v.is_known() {
            out.unknown = true;
            return;
        }
        match convert(&v, &Type::String) {
            Ok(Value::String(s)) => match self
                .budget()
                .bytes(s.len(), |d| self.locate(d, expr.span()))
            {
                Ok(()) => out.text.push_str(&s),
                Err(d) => out.diags.extend(d),
            },
            Ok(_) => out.unknown = true,
            Err(e) => out.diags.push(self.error(
                "Invalid template interpolation value",
                format!("Cannot include the given value in a string template: {e}."),
                expr.span(),
            )),
        }
    }

    fn directive_cond(
        &self,
        expr: &Expression,
        scope: &Scope<'_>,
        out: &mut Rendered,
    ) -> Option<bool> {
        let v = match self.eval_in(expr, scope) {
            Ok(v) => v,
            Err(d) => {
                out.diags.extend(d);
                return None;
            }
        };
        let (v, marks) = v.unmark_deep();
        out.marks |= marks;
        if v.is_null() {
            out.diags.push(self.error(
                "Invalid template if directive",
                "The condition value is null. Conditions must either be true or false.",
                expr.span(),
            ));
            return None;
        }
        match convert(&v, &Type::Bool) {
            Ok(Value::Bool(b)) => Some(b),
            Ok(_) => {
                out.unknown = true;
                None
            }
            Err(e) => {
                out.diags.push(self.error(
                    "Invalid template if directive",
                    format!("The condition value is not valid: {e}."),
                    expr.span(),
                ));
                None
            }
        }
    }
}

/// What a `~}` removes from the literal after it. HCL reads templates a line
/// at a time, so the strip reaches through the first line break and no further.
fn stripped_head(s: &str) -> &str {
    let t = s.trim_start_matches([' ', '\t', '\r']);
    t.strip_prefix('\n').unwrap_or(t)
}

/// What a `%{~` or `${~` removes from the literal before it: trailing
/// whitespace of that literal's last line (the whole line break, when the
/// marker starts a line), and no further.
fn stripped_tail(s: &str) -> &str {
    match s.rfind('\n') {
        Some(i) if i + 1 < s.len() => {
            let kept = s[i + 1..].trim_end();
            &s[..i + 1 + kept.len()]
        }
        Some(i) => {
            let start = s[..i].rfind('\n').map_or(0, |j| j + 1);
            let kept = s[start..i].trim_end();
            &s[..start + kept.len()]
        }
        None => s.trim_end(),
    }
}

/// Whether an element strips the whitespace before it and after it.
fn strips(e: &Element) -> (bool, bool) {
    match e {
        Element::Literal(_) => (false, false),
        Element::Interpolation(i) => (i.strip.strip_start(), i.strip.strip_end()),
        Element::Directive(d) => match d.as_ref() {
            Directive::If(d) => (
                d.if_expr.strip.strip_start(),
                d.endif_expr.strip.strip_end(),
            ),
            Directive::For(d) => (
                d.for_expr.strip.strip_start(),
                d.endfor_expr.strip.strip_end(),
            ),
        },
    }
}
