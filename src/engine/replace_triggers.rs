//! `lifecycle { replace_triggered_by = [...] }`: an instance is replaced when
//! a resource instance it names is updated or replaced, or when an attribute
//! it names changes value, in the same plan.

use hcl_edit::expr::{Expression, TraversalOperator};
use terrace_value::{Diagnostics, Value};

use super::plan_model::{Action, ResourceChange};
use crate::addrs::{AbsResourceInstance, InstanceKey, Mode, Resource};
use crate::config::Expr;
use crate::lang::eval::Evaluator;
use crate::lang::scope::EvalContext;

/// A parsed trigger: the resource, an optional instance key, and an
/// optional attribute path below it.
struct Trigger {
    resource: Resource,
    key: Option<InstanceKey>,
    attrs: Vec<String>,
}

fn parse(e: &Expr, ctx: &EvalContext) -> Result<Option<Trigger>, Diagnostics> {
    let Expression::Traversal(t) = &e.expr else {
        return Ok(None);
    };
    let Expression::Variable(ty) = &t.expr else {
        return Ok(None);
    };
    let mut ops = t.operators.iter().map(|o| o.value()).peekable();
    let Some(TraversalOperator::GetAttr(name)) = ops.next() else {
        return Ok(None);
    };
    let mut key = None;
    if let Some(TraversalOperator::Index(ix)) = ops.peek() {
        let v = Evaluator::new(&e.file, ctx).eval(ix)?.unmark_deep().0;
        key = match v {
            Value::String(s) => Some(InstanceKey::Str(s.to_string())),
            Value::Number(n) => n.to_i64().map(InstanceKey::Int),
            _ => None,
        };
        ops.next();
    }
    let attrs = ops
        .map_while(|o| match o {
            TraversalOperator::GetAttr(a) => Some(a.as_str().to_string()),
            _ => None,
        })
        .collect();
    Ok(Some(Trigger {
        resource: Resource {
            mode: Mode::Managed,
            type_name: ty.as_str().to_string(),
            name: name.as_str().to_string(),
        },
        key,
        attrs,
    }))
}

fn attr<'v>(v: Option<&'v Value>, path: &[String]) -> Option<&'v Value> {
    let mut here = v?;
    for a in path {
        here = here.as_entries()?.get(a)?;
    }
    Some(here)
}

/// Whether any trigger of `exprs` fired for the instance at `addr`, given
/// the changes planned so far.
pub fn fired(
    exprs: &[Expr],
    addr: &AbsResourceInstance,
    ctx: &EvalContext,
    changes: &[ResourceChange],
) -> Result<bool, Diagnostics> {
    for e in exprs {
        let Some(t) = parse(e, ctx)? else {
            continue;
        };
        for c in changes.iter().filter(|c| {
            c.addr.module == addr.module
                && c.addr.resource == t.resource
                && (t.key.is_none() || c.addr.key == t.key)
        }) {
            let hit = if t.attrs.is_empty() {
                matches!(
                    c.action,
                    Action::Update | Action::DeleteThenCreate | Action::CreateThenDelete
                )
            } else {
                let before = attr(c.before.as_ref(), &t.attrs);
                let after = attr(c.after.as_ref(), &t.attrs);
                match (before, after) {
                    (Some(b), Some(a)) => !a.is_wholly_known() || !a.same_as(b),
                    (None, None) => false,
                    _ => c.action != Action::NoOp,
                }
            };
            if hit {
                return Ok(true);
            }
        }
    }
    Ok(false)
}
