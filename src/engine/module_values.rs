//! The values of a module that need no provider: locals in dependency order
//! (cycles named in full) and outputs with their sensitivity rules.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use hcl_edit::Span;
use terrace_value::{Diagnostic, Diagnostics, Value};

use crate::config::{Expr, Module};
use crate::lang::eval::{Budget, Evaluator};
use crate::lang::references::references;
use crate::lang::scope::EvalContext;

/// An output's value and whether it is sensitive.
#[derive(Debug, Clone, PartialEq)]
pub struct OutputValue {
    /// The value, with its marks.
    pub value: Value,
    /// Whether it is shown as `(sensitive value)`.
    pub sensitive: bool,
}

/// The evaluation context of a module: `var`, `local`, `path`, `terraform`.
pub fn base_context(
    root_dir: &Path,
    module: &Module,
    vars: &BTreeMap<String, Value>,
    workspace: &str,
    cwd: &Path,
) -> EvalContext {
    let mut ctx = EvalContext {
        base_dir: cwd.to_path_buf(),
        plan_timestamp: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        ..EvalContext::default()
    };
    let module_path = display_path(&module.dir, cwd);
    let path = BTreeMap::from([
        ("module".to_string(), Value::string(module_path)),
        (
            "root".to_string(),
            Value::string(display_path(root_dir, cwd)),
        ),
        ("cwd".to_string(), Value::string(cwd.display().to_string())),
    ]);
    ctx.variables.insert("path".into(), Value::Object(path));
    ctx.variables.insert(
        "terraform".into(),
        Value::Object(BTreeMap::from([(
            "workspace".to_string(),
            Value::string(workspace),
        )])),
    );
    ctx.variables
        .insert("var".into(), Value::Object(vars.clone()));
    ctx.variables.insert("local".into(), Value::empty_object());
    ctx
}

fn display_path(dir: &Path, cwd: &Path) -> String {
    match dir.strip_prefix(cwd) {
        Ok(rel) if rel.as_os_str().is_empty() => ".".into(),
        Ok(rel) => rel.display().to_string(),
        Err(_) => dir.display().to_string(),
    }
}

/// Evaluates every local value in dependency order into `ctx`'s `local`, all
/// on one budget, so that no chain of locals can grow without bound.
pub fn evaluate_locals(module: &Module, ctx: &mut EvalContext) -> Diagnostics {
    let mut diags = Diagnostics::new();
    let deps: BTreeMap<&str, BTreeSet<String>> = module
        .locals
        .iter()
        .map(|(name, l)| {
            let refs = references(&l.expr.expr)
                .into_iter()
                .filter(|r| r.root == "local")
                .filter_map(|r| r.attrs.first().cloned())
                .filter(|n| module.locals.contains_key(n))
                .collect();
            (name.as_str(), refs)
        })
        .collect();
    let budget = Budget::new();
    ctx.variables.insert("local".into(), Value::empty_object());
    let mut done: BTreeSet<String> = BTreeSet::new();
    let mut failed: BTreeSet<String> = BTreeSet::new();
    loop {
        let ready: Vec<&str> = deps
            .iter()
            .filter(|(n, d)| {
                !done.contains(**n)
                    && !failed.contains(**n)
                    && d.iter().all(|x| done.contains(x) || failed.contains(x))
            })
            .map(|(n, _)| *n)
            .collect();
        if ready.is_empty() {
            break;
        }
        for name in ready {
            if deps[name].iter().any(|d| failed.contains(d)) {
                failed.insert(name.to_string());
                continue;
            }
            let l = &module.locals[name];
            let value = match Evaluator::with_budget(&l.expr.file, ctx, &budget).eval(&l.expr.expr)
            {
                Ok(v) => {
                    done.insert(name.to_string());
                    v
                }
                Err(d) => {
                    diags.extend(d);
                    failed.insert(name.to_string());
                    // A failed local reads as unknown, so its error is not
                    // repeated by every user.
                    Value::unknown()
                }
            };
            // In place: copying every local for each new one is quadratic.
            if let Some(Value::Object(locals)) = ctx.variables.get_mut("local") {
                locals.insert(name.to_string(), value);
            }
            if budget.is_spent() {
                // Every local still to come would fail the same way.
                return diags;
            }
        }
    }
    let stuck: Vec<&str> = deps
        .keys()
        .copied()
        .filter(|n| !done.contains(*n) && !failed.contains(*n))
        .collect();
    if !stuck.is_empty() {
        let names: Vec<String> = stuck.iter().map(|n| format!("local.{n}")).collect();
        let first = &module.locals[stuck[0]];
        diags.push(
            Diagnostic::error(
                "Cycle in local values",
                format!(
                    "The local values refer to each other in a cycle: {}.",
                    names.join(", ")
                ),
            )
            .at(first.range.clone()),
        );
    }
    diags
}

/// Evaluates every output of the module.
pub fn evaluate_outputs(
    module: &Module,
    ctx: &EvalContext,
) -> (BTreeMap<String, OutputValue>, Diagnostics) {
    let mut diags = Diagnostics::new();
    let mut out = BTreeMap::new();
    let budget = Budget::new();
    for (name, o) in &module.outputs {
        if budget.is_spent() {
            break;
        }
        for pre in &o.preconditions {
            if let Err(d) = condition_on_budget(
                &pre.condition,
                &pre.error_message,
                ctx,
                "Module output value precondition failed",
                &budget,
            ) {
                diags.extend(d);
            }
        }
        match Evaluator::with_budget(&o.value.file, ctx, &budget).eval(&o.value.expr) {
            Ok(v) => {
                if v.has_marks_deep() && !o.sensitive {
                    let span = o.value.expr.span().unwrap_or(0..0);
                    diags.push(Diagnostic::error("Output refers to sensitive values", "To reduce the risk of accidentally exporting sensitive data that was intended to be only internal, Terraform requires that any root module output containing sensitive data be explicitly marked as sensitive, to confirm your intent.\n\nIf you do intend to export this data, annotate the output value as sensitive by adding the following argument:\n    sensitive = true").at(o.value.file.range(span)));
                    continue;
                }
                out.insert(
                    name.clone(),
                    OutputValue {
                        value: v,
                        sensitive: o.sensitive,
                    },
                );
            }
            Err(d) => diags.extend(d),
        }
    }
    (out, diags)
}

/// Evaluates a condition block; a false condition is the returned diagnostic.
pub fn check_condition(
    condition: &Expr,
    message: &Expr,
    ctx: &EvalContext,
    summary: &str,
) -> Result<(), Diagnostics> {
    condition_on_budget(condition, message, ctx, summary, &Budget::new())
}

/// [`check_condition`], spending `budget`.
fn condition_on_budget(
    condition: &Expr,
    message: &Expr,
    ctx: &EvalContext,
    summary: &str,
    budget: &Budget,
) -> Result<(), Diagnostics> {
    let ev = Evaluator::with_budget(&condition.file, ctx, budget);
    let v = ev.eval(&condition.expr)?;
    let span = condition.expr.span().unwrap_or(0..0);
    match terrace_value::convert(&v, &terrace_value::Type::Bool) {
        Ok(Value::Bool(false)) => {
            let msg = Evaluator::with_budget(&message.file, ctx, budget)
                .eval(&message.expr)
                .ok()
                .and_then(|m| m.as_str().map(String::from))
                .unwrap_or_default();
            Err(Diagnostic::error(summary, msg)
                .at(condition.file.range(span))
                .into())
        }
        Ok(_) => Ok(()),
        Err(e) => Err(Diagnostic::error(
            "Invalid condition result",
            format!("Invalid condition result value: {e}."),
        )
        .at(condition.file.range(span))
        .into()),
    }
}
