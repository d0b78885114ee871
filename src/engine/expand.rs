//! `count` and `for_each`: how many instances an object has and the
//! `count.index` / `each.key` / `each.value` each one sees.

use std::collections::BTreeMap;

use hcl_edit::Span;
use terrace_value::{Diagnostic, Diagnostics, Type, Value};

use super::values::Expansion;
use crate::addrs::InstanceKey;
use crate::config::Expr;
use crate::lang::eval::Evaluator;
use crate::lang::scope::EvalContext;

/// Evaluates `count` / `for_each` (at most one is set).
pub fn expansion(
    ctx: &EvalContext,
    count: Option<&Expr>,
    for_each: Option<&Expr>,
) -> Result<Expansion, Diagnostics> {
    if let Some(c) = count {
        let ev = Evaluator::new(&c.file, ctx);
        let v = ev.eval(&c.expr)?;
        let err = |detail: &str| -> Diagnostics {
            ev.error("Invalid count argument", detail, c.expr.span())
                .into()
        };
        if v.is_sensitive() {
            return Err(err("Sensitive values, or values derived from sensitive values, cannot be used as count arguments."));
        }
        if !v.is_known() {
            return Err(err("The \"count\" value depends on resource attributes that cannot be determined until apply, so Terrace cannot predict how many instances will be created. To work around this, use the -target argument to first apply only the resources that the count depends on."));
        }
        let n = terrace_value::convert(&v, &Type::Number)
            .ok()
            .and_then(|n| n.as_number().and_then(|n| n.to_i64()));
        return match n {
            Some(n) if n >= 0 => Ok(Expansion::Count(n as usize)),
            _ => Err(err("The given \"count\" argument value is unsuitable: must be a whole number greater than or equal to zero.")),
        };
    }
    let Some(f) = for_each else {
        return Ok(Expansion::Single);
    };
    let ev = Evaluator::new(&f.file, ctx);
    let v = ev.eval(&f.expr)?;
    let err = |detail: &str| -> Diagnostics {
        ev.error("Invalid for_each argument", detail, f.expr.span())
            .into()
    };
    if v.is_sensitive() {
        return Err(err("Sensitive values, or values derived from sensitive values, cannot be used as for_each arguments."));
    }
    if v.is_null() {
        return Err(err(
            "The given \"for_each\" argument value is null. A map, or set of strings is allowed.",
        ));
    }
    if !v.is_wholly_known() {
        return Err(err("The \"for_each\" value depends on resource attributes that cannot be determined until apply, so Terrace cannot predict how many instances will be created. To work around this, use the -target argument to first apply only the resources that the for_each depends on."));
    }
    match v.unmarked() {
        Value::Map(_, m) | Value::Object(m) => Ok(Expansion::ForEach(m.clone())),
        Value::Set(Type::String, items) => {
            let mut m = BTreeMap::new();
            for i in items {
                match i.as_str() {
                    Some(s) => {
                        m.insert(s.to_string(), i.clone());
                    }
                    None => return Err(err("Null values are not allowed for for_each arguments.")),
                }
            }
            Ok(Expansion::ForEach(m))
        }
        Value::Set(..) => Err(err("The given \"for_each\" argument value is unsuitable: \"for_each\" supports sets of strings, but you have provided a set containing non-string values.")),
        Value::Tuple(_) | Value::List(..) => Err(err("The given \"for_each\" argument value is unsuitable: the \"for_each\" argument must be a map, or set of strings, and you have provided a value of type tuple. You can convert a list to a set with toset().")),
        other => Err(err(&format!("The given \"for_each\" argument value is unsuitable: the \"for_each\" argument must be a map, or set of strings, and you have provided a value of type {}.", other.ty().friendly_name()))),
    }
}

/// `ctx` with `count.index` or `each.key`/`each.value` for one instance.
pub fn instance_context(
    ctx: &EvalContext,
    expansion: &Expansion,
    key: &Option<InstanceKey>,
) -> EvalContext {
    let mut ctx = ctx.clone();
    match (expansion, key) {
        (Expansion::Count(_), Some(InstanceKey::Int(i))) => {
            ctx.variables.insert(
                "count".into(),
                Value::Object([("index".to_string(), Value::from(*i))].into()),
            );
        }
        (Expansion::ForEach(m), Some(InstanceKey::Str(k))) => {
            let value = m.get(k).cloned().unwrap_or_else(Value::null);
            ctx.variables.insert(
                "each".into(),
                Value::Object(
                    [
                        ("key".to_string(), Value::string(k.clone())),
                        ("value".to_string(), value),
                    ]
                    .into(),
                ),
            );
        }
        _ => {}
    }
    ctx
}

/// A reference to `count` or `each` where neither is set is an error, as in Terraform.
pub fn missing_meta(name: &str) -> Diagnostic {
    Diagnostic::error(
        format!("Reference to \"{name}\" in context without {}", if name == "count" { "count" } else { "for_each" }),
        format!("The \"{name}\" object can be used only in \"module\" or \"resource\" blocks, and only if the \"{}\" argument is set.", if name == "count" { "count" } else { "for_each" }),
    )
}
