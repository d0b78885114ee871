//! The evaluator: turns hcl-edit's spanned expressions into values, following
//! HCL's rules for unknowns, marks and conversions, and reporting every error
//! as a diagnostic that points at the offending source.

mod budget;
mod call;
mod collections;
mod for_expr;
#[cfg(test)]
mod limits_tests;
mod operators;
mod special_forms;
mod template;
mod traversal;

use std::ops::Range;

use hcl_edit::expr::Expression;
use hcl_edit::Span;
use terrace_value::{Diagnostic, Diagnostics, Number, Value};
use unicode_normalization::UnicodeNormalization;

use super::scope::{EvalContext, Scope};
use super::source::SourceFile;
pub use budget::{Budget, MAX_BYTES, MAX_STEPS};

/// The outcome of evaluating one expression.
pub type EvalResult = Result<Value, Diagnostics>;

/// Evaluates expressions of one source file against one context.
pub struct Evaluator<'a> {
    /// The file the expressions were parsed from.
    pub file: &'a SourceFile,
    /// The names and settings they see.
    pub ctx: &'a EvalContext,
    own_budget: Budget,
    shared_budget: Option<&'a Budget>,
    /// Whether this renders a template for `templatefile` or
    /// `templatestring`, which may not call either again.
    in_template: bool,
}

impl<'a> Evaluator<'a> {
    /// An evaluator for expressions of `file`, with a budget of its own.
    pub fn new(file: &'a SourceFile, ctx: &'a EvalContext) -> Evaluator<'a> {
        Evaluator {
            file,
            ctx,
            own_budget: Budget::new(),
            shared_budget: None,
            in_template: false,
        }
    }

    /// An evaluator for expressions of `file` that spends `budget`, so that
    /// several evaluations (a module's locals, a file's constants) are
    /// bounded together.
    pub fn with_budget(
        file: &'a SourceFile,
        ctx: &'a EvalContext,
        budget: &'a Budget,
    ) -> Evaluator<'a> {
        Evaluator {
            shared_budget: Some(budget),
            ..Evaluator::new(file, ctx)
        }
    }

    /// The budget this evaluator spends.
    pub fn budget(&self) -> &Budget {
        self.shared_budget.unwrap_or(&self.own_budget)
    }

    /// Evaluates `expr` at the root scope.
    pub fn eval(&self, expr: &Expression) -> EvalResult {
        let result = self.eval_in(expr, &Scope::root());
        match (result, self.budget().overrun()) {
            // Everything still running when the budget ran out failed with
            // the same diagnostic; one copy says it.
            (Err(mut diags), Some(overrun)) => {
                let mut seen = false;
                diags
                    .0
                    .retain(|d| *d != overrun || !std::mem::replace(&mut seen, true));
                Err(diags)
            }
            (result, _) => result,
        }
    }

    /// Evaluates `expr` in `scope`.
    pub fn eval_in(&self, expr: &Expression, scope: &Scope<'_>) -> EvalResult {
        self.budget().step(|d| self.locate(d, expr.span()))?;
        match expr {
            Expression::Null(_) => Ok(Value::null()),
            Expression::Bool(b) => Ok(Value::Bool(*b.value())),
            Expression::Number(n) => self.number_literal(expr, n.value()),
            Expression::String(s) => {
                self.single_line(expr.span())?;
                Ok(Value::String(s.value().nfc().collect()))
            }
            Expression::Array(items) => self.tuple(items, scope),
            Expression::Object(object) => self.object(object, scope),
            Expression::StringTemplate(t) => self.string_template(t, scope),
            Expression::HeredocTemplate(h) => self.template(&h.template, scope),
            Expression::Parenthesis(p) => self.eval_in(p.inner(), scope),
            Expression::Variable(name) => self.variable(name.as_str(), expr, scope),
            Expression::Conditional(c) => self.conditional(c, scope),
            Expression::FuncCall(call) => self.func_call(call, expr, scope),
            Expression::Traversal(t) => self.traversal(t, scope),
            Expression::UnaryOp(op) => self.unary(op, scope),
            Expression::BinaryOp(op) => self.binary(op, scope),
            Expression::ForExpr(f) => self.for_expr(f, scope),
        }
    }

    /// Number literals are read from the source text so no precision is lost.
    fn number_literal(&self, expr: &Expression, parsed: &hcl_edit::Number) -> EvalResult {
        let text = expr.span().and_then(|s| self.file.slice(s)).map(str::trim);
        let number = match text {
            Some(t) => Number::parse(t),
            None => Number::parse(&parsed.to_string()),
        };
        number.map(Value::Number).map_err(|e| {
            self.error("Invalid number literal", e.to_string(), expr.span())
                .into()
        })
    }

    fn variable(&self, name: &str, expr: &Expression, scope: &Scope<'_>) -> EvalResult {
        if let Some(v) = self.lookup(name, scope) {
            self.charge_copy(v, expr.span())?;
            return Ok(v.clone());
        }
        Err(self
            .error(
                "Unknown variable",
                format!("There is no variable named {name:?}."),
                expr.span(),
            )
            .into())
    }

    /// The value `name` refers to: a name bound in `scope`, else a root name.
    fn lookup<'s>(&'s self, name: &str, scope: &'s Scope<'_>) -> Option<&'s Value> {
        scope.get(name).or_else(|| self.ctx.variables.get(name))
    }

    /// Charges copying `v` (or building a value its size) to the budget.
    fn charge_copy(&self, v: &Value, span: Option<Range<usize>>) -> Result<(), Diagnostics> {
        self.budget().value(v, |d| self.locate(d, span))
    }

    /// `d`, located at `span` in this file.
    fn locate(&self, d: Diagnostic, span: Option<Range<usize>>) -> Diagnostic {
        match span {
            Some(span) => d.at(self.file.range(span)),
            None => d,
        }
    }

    /// An error diagnostic located at `span` in this file.
    pub fn error(
        &self,
        summary: impl Into<String>,
        detail: impl Into<String>,
        span: Option<Range<usize>>,
    ) -> Diagnostic {
        self.locate(Diagnostic::error(summary, detail), span)
    }

    /// Collects the diagnostics of several evaluations, keeping going after
    /// errors until the budget is spent.
    fn gather<T>(
        &self,
        results: impl IntoIterator<Item = Result<T, Diagnostics>>,
    ) -> Result<Vec<T>, Diagnostics> {
        let mut out = Vec::new();
        let mut diags = Diagnostics::new();
        for r in results {
            match r {
                Ok(v) => out.push(v),
                Err(d) => diags.extend(d),
            }
            if let Some(overrun) = self.budget().overrun() {
                if !diags.has_errors() {
                    diags.push(overrun);
                }
                break;
            }
        }
        if diags.has_errors() {
            Err(diags)
        } else {
            Ok(out)
        }
    }
}
