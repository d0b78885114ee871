//! Tuple and object constructors, and the conditional operator with its
//! unification of branch types.

use std::collections::BTreeMap;

use hcl_edit::expr::{Array, Conditional, Object, ObjectKey};
use hcl_edit::Span;
use terrace_value::{convert, unify, Diagnostics, Marks, Type, Value};

use super::{EvalResult, Evaluator};
use crate::lang::scope::Scope;

impl Evaluator<'_> {
    pub(super) fn tuple(&self, items: &Array, scope: &Scope<'_>) -> EvalResult {
        self.gather(items.iter().map(|e| self.eval_in(e, scope)))
            .map(Value::Tuple)
    }

    pub(super) fn object(&self, object: &Object, scope: &Scope<'_>) -> EvalResult {
        let mut attrs = BTreeMap::new();
        let mut diags = Diagnostics::new();
        let mut marks = Marks::NONE;
        let mut unknown_key = false;
        for (key, value) in object.iter() {
            let key_name = match key {
                ObjectKey::Ident(ident) => Some(ident.as_str().to_string()),
                ObjectKey::Expression(expr) => match self.object_key(expr, scope) {
                    Ok(Some((k, m))) => {
                        marks |= m;
                        Some(k)
                    }
                    Ok(None) => {
                        unknown_key = true;
                        None
                    }
                    Err(d) => {
                        diags.extend(d);
                        None
                    }
                },
            };
            match self.eval_in(value.expr(), scope) {
                Ok(v) => {
                    if let Some(k) = key_name {
                        attrs.insert(k, v);
                    }
                }
                Err(d) => diags.extend(d),
            }
        }
        if diags.has_errors() {
            return Err(diags);
        }
        if unknown_key {
            return Ok(Value::unknown().mark(marks));
        }
        Ok(Value::Object(attrs).mark(marks))
    }

    /// An object key from an expression: `Ok(None)` when it is unknown.
    fn object_key(
        &self,
        expr: &hcl_edit::expr::Expression,
        scope: &Scope<'_>,
    ) -> Result<Option<(String, Marks)>, Diagnostics> {
        // A bare name as key is the name itself, as in `{ (local.k) = 1 }` vs `{ k = 1 }`.
        if let hcl_edit::expr::Expression::Variable(v) = expr {
            return Ok(Some((v.as_str().to_string(), Marks::NONE)));
        }
        let (key, marks) = self.eval_in(expr, scope)?.unmark_deep();
        if key.is_null() {
            return Err(self
                .error(
                    "Null value as key",
                    "Can't use a null value as a key.",
                    expr.span(),
                )
                .into());
        }
        if !key.is_known() {
            return Ok(None);
        }
        match convert(&key, &Type::String) {
            Ok(Value::String(s)) => Ok(Some((s, marks))),
            _ => Err(self
                .error(
                    "Incorrect key type",
                    "Can't use this value as a key: string required.",
                    expr.span(),
                )
                .into()),
        }
    }

    pub(super) fn conditional(&self, c: &Conditional, scope: &Scope<'_>) -> EvalResult {
        let cond = self.eval_in(&c.cond_expr, scope)?;
        let true_result = self.eval_in(&c.true_expr, scope);
        let false_result = self.eval_in(&c.false_expr, scope);
        let (cond, cond_marks) = cond.unmark();
        if cond.is_null() {
            return Err(self
                .error(
                    "Null condition",
                    "The condition value is null. Conditions must either be true or false.",
                    c.cond_expr.span(),
                )
                .into());
        }
        let cond = convert(&cond, &Type::Bool).map_err(|e| {
            Diagnostics::from(self.error(
                "Incorrect condition type",
                format!("The condition expression must be of type bool: {e}."),
                c.cond_expr.span(),
            ))
        })?;
        let ty_of = |r: &EvalResult| r.as_ref().map_or(Type::Dynamic, Value::ty);
        let dynamic_null = |r: &EvalResult| matches!(r, Ok(Value::Null(Type::Dynamic)));
        let result_type = if dynamic_null(&true_result) {
            ty_of(&false_result)
        } else if dynamic_null(&false_result) {
            ty_of(&true_result)
        } else {
            match unify(&[ty_of(&true_result), ty_of(&false_result)]) {
                Some(t) => t,
                None => {
                    return Err(self
                        .error(
                            "Inconsistent conditional result types",
                            format!(
                                "The true and false result expressions must have consistent types. The 'true' value is {}, but the 'false' value is {}.",
                                ty_of(&true_result).friendly_name(),
                                ty_of(&false_result).friendly_name()
                            ),
                            c.true_expr.span(),
                        )
                        .into())
                }
            }
        };
        let (chosen, expr) = match cond.as_bool() {
            None => return Ok(Value::Unknown(result_type).mark(cond_marks)),
            Some(true) => (true_result, &c.true_expr),
            Some(false) => (false_result, &c.false_expr),
        };
        let chosen = chosen?;
        let converted = convert(&chosen, &result_type).map_err(|e| {
            Diagnostics::from(self.error(
                "Inconsistent conditional result types",
                format!(
                    "The result value cannot be converted to {}: {e}.",
                    result_type
                ),
                expr.span(),
            ))
        })?;
        Ok(converted.mark(cond_marks))
    }
}
