//! Functions whose arguments are not all plain values: `convert` takes a type
//! expression, and `templatestring` renders a template held in a value.

use hcl_edit::expr::Expression;
use hcl_edit::Span;
use terrace_value::Value;

use super::call::render_template;
use super::{EvalResult, Evaluator};
use crate::config::typeexpr;
use crate::lang::scope::Scope;

impl Evaluator<'_> {
    /// `convert(value, type)`: the value converted to a type constraint.
    pub(super) fn convert_call(
        &self,
        args: &[&Expression],
        expr: &Expression,
        scope: &Scope<'_>,
    ) -> EvalResult {
        let [value, ty] = args else {
            return Err(self
                .error(
                    "Invalid function argument",
                    "Function \"convert\" expects two arguments: a value and a type.",
                    expr.span(),
                )
                .into());
        };
        let constraint = typeexpr::parse(self.file, ty)?;
        let v = self.eval_in(value, scope)?;
        constraint.apply(&v).map_err(|e| {
            self.error(
                "Invalid function argument",
                format!("Invalid value for \"value\" parameter: {e}."),
                value.span(),
            )
            .into()
        })
    }

    /// `templatestring(ref, vars)`: renders the template held by `ref`.
    pub(super) fn templatestring_call(
        &self,
        args: &[&Expression],
        expr: &Expression,
        scope: &Scope<'_>,
    ) -> EvalResult {
        let [template, vars] = args else {
            return Err(self
                .error("Invalid function argument", "Function \"templatestring\" expects two arguments: a template and its variables.", expr.span())
                .into());
        };
        if !matches!(template, Expression::Variable(_) | Expression::Traversal(_)) {
            return Err(self
                .error(
                    "Invalid template argument",
                    "The template argument must be a reference to a string value, such as a local value or input variable, not a literal template.",
                    template.span(),
                )
                .into());
        }
        let (source, marks) = self.eval_in(template, scope)?.unmark();
        let vars = self.eval_in(vars, scope)?;
        if !source.is_known() || !vars.is_wholly_known() {
            return Ok(Value::Unknown(terrace_value::Type::String).mark(marks));
        }
        let Some(text) = source.as_str() else {
            return Err(self
                .error(
                    "Invalid function argument",
                    "Invalid value for \"template\" parameter: string required.",
                    template.span(),
                )
                .into());
        };
        render_template(self.ctx, self.budget(), "<templatestring>", text, &vars)
            .map(|v| v.mark(marks))
            .map_err(|message| {
                self.error(
                    "Error in function call",
                    format!("Call to function \"templatestring\" failed: {message}."),
                    expr.span(),
                )
                .into()
            })
    }
}
