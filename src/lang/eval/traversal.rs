//! Attribute access, indexing and splats (`a.b`, `a["k"]`, `a[0]`, `a[*].b`,
//! `a.*.b`), with HCL's error messages and its rules for nulls and unknowns.

use std::ops::Range;

use hcl_edit::expr::{Expression, Traversal, TraversalOperator};
use hcl_edit::{Decorated, Span};
use terrace_value::{convert, unify, Diagnostics, Marks, Number, Type, Value};

use super::{EvalResult, Evaluator};
use crate::lang::scope::Scope;

type Op = Decorated<TraversalOperator>;

impl Evaluator<'_> {
    pub(super) fn traversal(&self, t: &Traversal, scope: &Scope<'_>) -> EvalResult {
        let root = match &t.expr {
            Expression::Variable(v) if scope.get(v.as_str()).is_none() => Some(v.as_str()),
            _ => None,
        };
        if let (Some(name), Some(resolver)) = (root, &self.ctx.resolver) {
            let attrs: Vec<&str> = t
                .operators
                .iter()
                .map_while(|op| match op.value() {
                    TraversalOperator::GetAttr(a) => Some(a.as_str()),
                    _ => None,
                })
                .collect();
            if let Some((value, used)) = resolver.0.resolve(name, &attrs) {
                let used = used.min(t.operators.len());
                return self.apply_ops(value, &t.operators[used..], None, scope);
            }
        }
        if let Expression::Variable(v) = &t.expr {
            if let Some(value) = self.lookup(v.as_str(), scope) {
                // `local.a.b` copies `b`, not every local value.
                let (part, marks, taken) = walk_attrs(value, &t.operators);
                self.charge_copy(part, t.expr.span())?;
                let root = if taken == 0 { root } else { None };
                let rest = &t.operators[taken..];
                return self.apply_ops(part.clone().mark(marks), rest, root, scope);
            }
        }
        let value = self.eval_in(&t.expr, scope)?;
        self.apply_ops(value, &t.operators, root, scope)
    }

    fn apply_ops(
        &self,
        mut value: Value,
        ops: &[Op],
        root: Option<&str>,
        scope: &Scope<'_>,
    ) -> EvalResult {
        let mut i = 0;
        while i < ops.len() {
            let span = ops[i].span();
            match ops[i].value() {
                TraversalOperator::GetAttr(name) => {
                    value = self.get_attr(
                        value,
                        name.as_str(),
                        span,
                        if i == 0 { root } else { None },
                    )?;
                }
                TraversalOperator::Index(expr) => {
                    let key = self.eval_in(expr, scope)?;
                    value = self.index(value, key, expr.span().or(span))?;
                }
                TraversalOperator::LegacyIndex(n) => {
                    value = self.index(value, Value::Number(Number::from(*n.value())), span)?;
                }
                TraversalOperator::FullSplat(_) => {
                    return self.splat(value, &ops[i + 1..], scope);
                }
                TraversalOperator::AttrSplat(_) => {
                    let end = ops[i + 1..]
                        .iter()
                        .position(|op| !matches!(op.value(), TraversalOperator::GetAttr(_)))
                        .map_or(ops.len(), |p| i + 1 + p);
                    value = self.splat(value, &ops[i + 1..end], scope)?;
                    i = end;
                    continue;
                }
            }
            i += 1;
        }
        Ok(value)
    }

    fn splat(&self, source: Value, rest: &[Op], scope: &Scope<'_>) -> EvalResult {
        let (source, marks) = source.unmark();
        if source.is_null() {
            return Ok(Value::empty_tuple().mark(marks));
        }
        let each = |v: Value| self.apply_ops(v, rest, None, scope);
        let out = match source {
            Value::Unknown(Type::List(e) | Type::Set(e)) => {
                let t = each(Value::Unknown(*e))
                    .map(|v| v.ty())
                    .unwrap_or(Type::Dynamic);
                Value::Unknown(Type::list(t))
            }
            Value::Unknown(Type::Tuple(ts)) => {
                let types = ts.into_iter().map(|t| {
                    each(Value::Unknown(t))
                        .map(|v| v.ty())
                        .unwrap_or(Type::Dynamic)
                });
                Value::Unknown(Type::Tuple(types.collect()))
            }
            Value::Unknown(_) => Value::unknown(),
            Value::List(ety, elems) | Value::Set(ety, elems) => {
                let items = self.gather(elems.into_iter().map(each))?;
                let types: Vec<Type> = items.iter().map(Value::ty).collect();
                let ety = if items.is_empty() {
                    each(Value::Unknown(ety))
                        .map(|v| v.ty())
                        .unwrap_or(Type::Dynamic)
                } else {
                    unify(&types).unwrap_or(Type::Dynamic)
                };
                match items
                    .iter()
                    .map(|v| convert(v, &ety))
                    .collect::<Result<Vec<_>, _>>()
                {
                    Ok(items) => Value::List(ety, items),
                    Err(_) => Value::Tuple(items),
                }
            }
            Value::Tuple(elems) => Value::Tuple(self.gather(elems.into_iter().map(each))?),
            other => Value::Tuple(vec![each(other)?]),
        };
        Ok(out.mark(marks))
    }

    fn get_attr(
        &self,
        value: Value,
        name: &str,
        span: Option<Range<usize>>,
        root: Option<&str>,
    ) -> EvalResult {
        let (value, marks) = value.unmark();
        let unsupported = |detail: String| -> Diagnostics {
            let (summary, detail) = match root {
                Some("var") => (
                    "Reference to undeclared input variable".to_string(),
                    format!("An input variable with the name {name:?} has not been declared. This variable can be declared with a variable {name:?} {{}} block."),
                ),
                Some("local") => (
                    "Reference to undeclared local value".to_string(),
                    format!("A local value with the name {name:?} has not been declared."),
                ),
                Some("module") => (
                    "Reference to undeclared module".to_string(),
                    format!("No module call named {name:?} is declared in this module."),
                ),
                _ => ("Unsupported attribute".to_string(), detail),
            };
            self.error(summary, detail, span.clone()).into()
        };
        let out = match value {
            Value::Null(_) => {
                return Err(self
                    .error(
                        "Attempt to get attribute from null value",
                        "This value is null, so it does not have any attributes.",
                        span,
                    )
                    .into())
            }
            Value::Unknown(Type::Object(o)) => match o.attrs.get(name) {
                Some(t) => Value::Unknown(t.clone()),
                None => {
                    return Err(unsupported(format!(
                        "This object does not have an attribute named {name:?}."
                    )))
                }
            },
            Value::Unknown(Type::Map(e)) => Value::Unknown(*e),
            Value::Unknown(Type::Dynamic) => Value::unknown(),
            Value::Object(mut attrs) => match attrs.remove(name) {
                Some(v) => v,
                None => {
                    return Err(unsupported(format!(
                        "This object does not have an attribute named {name:?}."
                    )))
                }
            },
            Value::Map(_, mut entries) => match entries.remove(name) {
                Some(v) => v,
                None => {
                    return Err(self
                        .error(
                            "Missing map element",
                            format!("This map does not have an element with the key {name:?}."),
                            span,
                        )
                        .into())
                }
            },
            Value::List(..) | Value::Set(..) | Value::Tuple(_) | Value::Unknown(Type::List(_) | Type::Set(_) | Type::Tuple(_)) => {
                return Err(unsupported(format!(
                    "Can't access attributes on a list of objects. Did you mean to access attribute {name:?} for a specific element of the list, or across all elements of the list?"
                )))
            }
            other => {
                return Err(unsupported(format!(
                    "Can't access attributes on a primitive-typed value ({}).",
                    other.ty().friendly_name()
                )))
            }
        };
        Ok(out.mark(marks))
    }

    /// `collection[key]`.
    pub(super) fn index(
        &self,
        collection: Value,
        key: Value,
        span: Option<Range<usize>>,
    ) -> EvalResult {
        let (collection, cm) = collection.unmark();
        let (key, km) = key.unmark_deep();
        let marks = cm | km;
        let invalid = |detail: &str| -> Diagnostics {
            self.error("Invalid index", detail, span.clone()).into()
        };
        if collection.is_null() {
            return Err(self
                .error(
                    "Attempt to index null value",
                    "This value is null, so it does not have any indices.",
                    span,
                )
                .into());
        }
        if key.is_null() {
            return Err(invalid("Can't use a null value as an indexing key."));
        }
        if let Value::Set(..) | Value::Unknown(Type::Set(_)) = collection {
            return Err(invalid("Elements of a set are identified only by their value and don't have any separate index or key to select with, so it's only possible to perform operations across all elements of the set."));
        }
        if !key.is_known() || !collection.is_known() {
            let t = match (collection.ty(), &key) {
                (Type::List(e) | Type::Map(e), _) => *e,
                (Type::Tuple(ts), Value::Number(n)) => n
                    .to_i64()
                    .and_then(|i| usize::try_from(i).ok())
                    .and_then(|i| ts.get(i).cloned())
                    .unwrap_or(Type::Dynamic),
                (Type::Object(o), Value::String(k)) => {
                    o.attrs.get(k).cloned().unwrap_or(Type::Dynamic)
                }
                _ => Type::Dynamic,
            };
            return Ok(Value::Unknown(t).mark(marks));
        }
        let missing = "The given key does not identify an element in this collection value.";
        let out = match collection {
            Value::List(_, elems) | Value::Tuple(elems) => {
                let n = convert(&key, &Type::Number).map_err(|_| invalid("The given key does not identify an element in this collection value: a number is required."))?;
                let i = n.as_number().and_then(Number::to_i64).ok_or_else(|| invalid("The given key does not identify an element in this collection value: the given index is not a whole number."))?;
                if i < 0 {
                    return Err(invalid("The given key does not identify an element in this collection value: a negative number is not a valid index for a sequence."));
                }
                usize::try_from(i)
                    .ok()
                    .and_then(|i| elems.into_iter().nth(i))
                    .ok_or_else(|| invalid(missing))?
            }
            Value::Map(_, mut entries) | Value::Object(mut entries) => {
                let k = convert(&key, &Type::String).map_err(|_| invalid("The given key does not identify an element in this collection value: string required."))?;
                let k = k.as_str().unwrap_or_default().to_string();
                entries.remove(&k).ok_or_else(|| invalid(missing))?
            }
            _ => return Err(invalid("This value does not have any indices.")),
        };
        Ok(out.mark(marks))
    }
}

/// Follows the leading attribute steps of `ops` that lead to an existing
/// attribute or map element, by reference: the value reached, the marks of
/// the values passed through, and how many steps were taken.
fn walk_attrs<'v>(mut value: &'v Value, ops: &[Op]) -> (&'v Value, Marks, usize) {
    let mut marks = Marks::NONE;
    let mut taken = 0;
    for op in ops {
        let TraversalOperator::GetAttr(name) = op.value() else {
            break;
        };
        let next = match value.unmarked() {
            Value::Object(m) | Value::Map(_, m) => m.get(name.as_str()),
            _ => None,
        };
        let Some(next) = next else {
            break;
        };
        marks |= value.marks();
        value = next;
        taken += 1;
    }
    (value, marks, taken)
}
