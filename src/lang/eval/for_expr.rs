//! `for` expressions: `[for k, v in coll : v if cond]` builds a tuple,
//! `{for k, v in coll : k => v}` an object, and `...` groups values by key.

use std::collections::BTreeMap;

use hcl_edit::expr::{Expression, ForExpr};
use hcl_edit::Span;
use terrace_value::{convert, Diagnostics, Marks, Number, Type, Value};

use super::{EvalResult, Evaluator};
use crate::lang::scope::Scope;

/// Keys and values of a collection, in iteration order.
pub(super) type Items = Vec<(Value, Value)>;

impl Evaluator<'_> {
    /// The items of the collection `expr` evaluates to, with its marks;
    /// `None` when the collection is unknown.
    pub(super) fn iterate(
        &self,
        expr: &Expression,
        scope: &Scope<'_>,
    ) -> Result<Option<(Items, Marks)>, Diagnostics> {
        let (coll, marks) = self.eval_in(expr, scope)?.unmark();
        if coll.is_null() {
            return Err(self
                .error(
                    "Iteration over null value",
                    "A null value cannot be used as the collection in a 'for' expression.",
                    expr.span(),
                )
                .into());
        }
        let items = match coll {
            Value::Unknown(_) => return Ok(None),
            Value::List(_, vs) | Value::Tuple(vs) => {
                vs.into_iter().enumerate().map(|(i, v)| (Value::Number(Number::from(i)), v)).collect()
            }
            Value::Set(_, vs) => vs.into_iter().map(|v| (v.clone(), v)).collect(),
            Value::Map(_, m) | Value::Object(m) => m.into_iter().map(|(k, v)| (Value::String(k), v)).collect(),
            other => {
                return Err(self
                    .error(
                        "Iteration over non-iterable value",
                        format!("A value of type {} cannot be used as the collection in a 'for' expression.", other.ty().friendly_name()),
                        expr.span(),
                    )
                    .into())
            }
        };
        Ok(Some((items, marks)))
    }

    pub(super) fn for_expr(&self, f: &ForExpr, scope: &Scope<'_>) -> EvalResult {
        let Some((items, marks)) = self.iterate(&f.intro.collection_expr, scope)? else {
            return Ok(Value::unknown());
        };
        let mut diags = Diagnostics::new();
        let mut values = Vec::new();
        let mut groups: BTreeMap<String, Vec<Value>> = BTreeMap::new();
        let mut object: BTreeMap<String, Value> = BTreeMap::new();
        let mut unknown = false;
        let mut result_marks = marks;
        for (k, v) in items {
            if let Err(d) = self.budget().step(|d| self.locate(d, f.span())) {
                diags.extend(d);
                break;
            }
            let mut names = BTreeMap::new();
            if let Some(kv) = &f.intro.key_var {
                names.insert(kv.as_str().to_string(), k);
            }
            names.insert(f.intro.value_var.as_str().to_string(), v);
            let inner = scope.child(names);
            if let Some(cond) = &f.cond {
                match self.for_condition(&cond.expr, &inner) {
                    Ok((Some(true), m)) => result_marks |= m,
                    Ok((Some(false), m)) => {
                        result_marks |= m;
                        continue;
                    }
                    Ok((None, _)) => {
                        unknown = true;
                        continue;
                    }
                    Err(d) => {
                        diags.extend(d);
                        continue;
                    }
                }
            }
            let value = match self.eval_in(&f.value_expr, &inner) {
                Ok(v) => v,
                Err(d) => {
                    diags.extend(d);
                    continue;
                }
            };
            let Some(key_expr) = &f.key_expr else {
                values.push(value);
                continue;
            };
            let key = match self.for_key(key_expr, &inner) {
                Ok(Some((key, m))) => {
                    result_marks |= m;
                    key
                }
                Ok(None) => {
                    unknown = true;
                    continue;
                }
                Err(d) => {
                    diags.extend(d);
                    continue;
                }
            };
            if f.grouping {
                groups.entry(key).or_default().push(value);
            } else {
                match object.entry(key) {
                    std::collections::btree_map::Entry::Occupied(taken) => {
                        diags.push(self.error(
                            "Duplicate object key",
                            format!("Two different items produced the key {:?} in this 'for' expression. If duplicates are expected, use the ellipsis (...) after the value expression to enable grouping by key.", taken.key()),
                            key_expr.span(),
                        ));
                    }
                    std::collections::btree_map::Entry::Vacant(free) => {
                        free.insert(value);
                    }
                }
            }
        }
        if diags.has_errors() {
            return Err(diags);
        }
        if unknown {
            return Ok(Value::unknown().mark(result_marks));
        }
        let out = match (&f.key_expr, f.grouping) {
            (None, _) => Value::Tuple(values),
            (Some(_), true) => Value::Object(
                groups
                    .into_iter()
                    .map(|(k, vs)| (k, Value::Tuple(vs)))
                    .collect(),
            ),
            (Some(_), false) => Value::Object(object),
        };
        Ok(out.mark(result_marks))
    }

    fn for_condition(
        &self,
        expr: &Expression,
        scope: &Scope<'_>,
    ) -> Result<(Option<bool>, Marks), Diagnostics> {
        let (v, marks) = self.eval_in(expr, scope)?.unmark_deep();
        if v.is_null() {
            return Err(self
                .error(
                    "Condition is null",
                    "The value of the 'if' clause must not be null.",
                    expr.span(),
                )
                .into());
        }
        match convert(&v, &Type::Bool) {
            Ok(Value::Bool(b)) => Ok((Some(b), marks)),
            Ok(_) => Ok((None, marks)),
            Err(e) => Err(self
                .error(
                    "Invalid 'for' condition",
                    format!("The 'if' clause value is invalid: {e}."),
                    expr.span(),
                )
                .into()),
        }
    }

    fn for_key(
        &self,
        expr: &Expression,
        scope: &Scope<'_>,
    ) -> Result<Option<(String, Marks)>, Diagnostics> {
        let (v, marks) = self.eval_in(expr, scope)?.unmark_deep();
        if v.is_null() {
            return Err(self
                .error(
                    "Invalid object key",
                    "Key expression in 'for' expression must not produce a null value.",
                    expr.span(),
                )
                .into());
        }
        match convert(&v, &Type::String) {
            Ok(Value::String(s)) => Ok(Some((s, marks))),
            Ok(_) => Ok(None),
            Err(e) => Err(self
                .error(
                    "Invalid object key",
                    format!("The key expression produced an invalid result: {e}."),
                    expr.span(),
                )
                .into()),
        }
    }
}
