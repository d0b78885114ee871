//! Unary and binary operators with HCL's rules: arithmetic and comparison
//! convert operands to numbers, logic to bools, equality compares types too;
//! unknown operands give unknown results and marks flow to the result.

use std::cmp::Ordering;

use hcl_edit::expr::{BinaryOp, BinaryOperator, Expression, UnaryOp, UnaryOperator};
use hcl_edit::Span;
use terrace_value::{convert, Diagnostics, Marks, Type, Value};

use super::{EvalResult, Evaluator};
use crate::lang::scope::Scope;

impl Evaluator<'_> {
    pub(super) fn unary(&self, op: &UnaryOp, scope: &Scope<'_>) -> EvalResult {
        let (v, marks) = self.eval_in(&op.expr, scope)?.unmark_deep();
        let want = match op.operator.value() {
            UnaryOperator::Neg => Type::Number,
            UnaryOperator::Not => Type::Bool,
        };
        let v = self.operand(v, &want, &op.expr, "operand")?;
        if !v.is_known() {
            return Ok(Value::Unknown(want).mark(marks));
        }
        let out = match (op.operator.value(), v) {
            (UnaryOperator::Neg, Value::Number(n)) => Value::Number(n.neg()),
            (UnaryOperator::Not, Value::Bool(b)) => Value::Bool(!b),
            (_, other) => other,
        };
        Ok(out.mark(marks))
    }

    pub(super) fn binary(&self, op: &BinaryOp, scope: &Scope<'_>) -> EvalResult {
        let lhs = self.eval_in(&op.lhs_expr, scope);
        let rhs = self.eval_in(&op.rhs_expr, scope);
        let (lhs, rhs) = match (lhs, rhs) {
            (Ok(l), Ok(r)) => (l, r),
            (l, r) => {
                let mut diags = Diagnostics::new();
                for d in [l.err(), r.err()].into_iter().flatten() {
                    diags.extend(d);
                }
                return Err(diags);
            }
        };
        let (lhs, lm) = lhs.unmark_deep();
        let (rhs, rm) = rhs.unmark_deep();
        let marks: Marks = lm | rm;
        use BinaryOperator::*;
        let operator = *op.operator.value();
        let result = match operator {
            Eq => lhs.equals(&rhs),
            NotEq => match lhs.equals(&rhs) {
                Value::Bool(b) => Value::Bool(!b),
                other => other,
            },
            And | Or => {
                // A null operand counts as false, and a known deciding
                // operand decides even when the other is unknown.
                let as_logic = |v: Value| if v.is_null() { Value::Bool(false) } else { v };
                let l = self.operand(as_logic(lhs), &Type::Bool, &op.lhs_expr, "left operand")?;
                let r = self.operand(as_logic(rhs), &Type::Bool, &op.rhs_expr, "right operand")?;
                let decider = operator == Or;
                match (l.as_bool(), r.as_bool()) {
                    (Some(a), _) if a == decider => Value::Bool(decider),
                    (_, Some(b)) if b == decider => Value::Bool(decider),
                    (Some(_), Some(_)) => Value::Bool(!decider),
                    _ => Value::Unknown(Type::Bool),
                }
            }
            _ => {
                let l = self.operand(lhs, &Type::Number, &op.lhs_expr, "left operand")?;
                let r = self.operand(rhs, &Type::Number, &op.rhs_expr, "right operand")?;
                let result_type = match operator {
                    Plus | Minus | Mul | Div | Mod => Type::Number,
                    _ => Type::Bool,
                };
                let (Some(a), Some(b)) = (l.as_number(), r.as_number()) else {
                    return Ok(Value::Unknown(result_type).mark(marks));
                };
                let arithmetic = match operator {
                    Plus => Some(a.try_add(b)),
                    Minus => Some(a.try_sub(b)),
                    Mul => Some(a.try_mul(b)),
                    Div => Some(a.div(b)),
                    Mod => Some(a.rem(b)),
                    _ => None,
                };
                if let Some(result) = arithmetic {
                    return match result {
                        Ok(n) => Ok(Value::Number(n).mark(marks)),
                        Err(e) => Err(self
                            .error(
                                "Operation failed",
                                format!("Error during operation: {e}."),
                                op.span(),
                            )
                            .into()),
                    };
                }
                match operator {
                    Less => Value::Bool(a.compare(b) == Ordering::Less),
                    LessEq => Value::Bool(a.compare(b) != Ordering::Greater),
                    Greater => Value::Bool(a.compare(b) == Ordering::Greater),
                    GreaterEq => Value::Bool(a.compare(b) != Ordering::Less),
                    _ => Value::Unknown(result_type),
                }
            }
        };
        Ok(result.mark(marks))
    }

    /// Converts an operand, reporting HCL's "Invalid operand" on failure.
    fn operand(&self, v: Value, want: &Type, expr: &Expression, which: &str) -> EvalResult {
        if v.is_null() {
            return Err(self
                .error(
                    "Invalid operand",
                    format!("Unsuitable value for {which}: argument must not be null."),
                    expr.span(),
                )
                .into());
        }
        convert(&v, want).map_err(|e| {
            self.error(
                "Invalid operand",
                format!("Unsuitable value for {which}: {e}."),
                expr.span(),
            )
            .into()
        })
    }
}
