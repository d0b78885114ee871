//! Function calls: the built-in library through its uniform calling rules,
//! `try` and `can` (which see unevaluated arguments), `...` expansion of the
//! final argument, and `templatefile`'s rendering of a template file.

use std::collections::BTreeMap;

use hcl_edit::expr::{Expression, FuncCall};
use hcl_edit::Span;
use terrace_value::{Diagnostics, Type, Value};

use super::{Budget, EvalResult, Evaluator};
use crate::lang::functions::{self, FuncContext};
use crate::lang::parse::parse_template;
use crate::lang::scope::{EvalContext, Scope};
use crate::lang::source::SourceFile;

impl Evaluator<'_> {
    pub(super) fn func_call(
        &self,
        call: &FuncCall,
        expr: &Expression,
        scope: &Scope<'_>,
    ) -> EvalResult {
        let name = call.name.name.as_str();
        let core = call.name.namespace.len() == 1 && call.name.namespace[0].as_str() == "core";
        if call.name.is_namespaced() && !core {
            let full: Vec<&str> = call.name.namespace.iter().map(|n| n.as_str()).collect();
            return Err(self
                .error(
                    "Call to unknown function",
                    format!(
                        "There is no function named \"{}::{name}\".",
                        full.join("::")
                    ),
                    expr.span(),
                )
                .into());
        }
        let args: Vec<&Expression> = call.args.iter().collect();
        match name {
            "try" => return self.try_call(&args, expr, scope),
            "can" => return self.can_call(&args, expr, scope),
            "convert" => return self.convert_call(&args, expr, scope),
            // As in Terraform: a template rendering itself would never end.
            "templatefile" | "templatestring" if self.in_template => {
                return Err(self
                    .error(
                        "Error in function call",
                        format!("Call to function {name:?} failed: cannot recursively call {name} from inside another template function."),
                        expr.span(),
                    )
                    .into())
            }
            "templatestring" => return self.templatestring_call(&args, expr, scope),
            _ => {}
        }
        let Some(f) = functions::lookup(name) else {
            return Err(self
                .error(
                    "Call to unknown function",
                    format!("There is no function named {name:?}."),
                    call.name.name.span(),
                )
                .into());
        };
        let mut values = self.gather(args.iter().map(|a| self.eval_in(a, scope)))?;
        if call.args.expand_final() {
            let last = values.pop().unwrap_or_else(Value::null);
            let (last, marks) = last.unmark();
            match last {
                Value::List(_, vs) | Value::Set(_, vs) | Value::Tuple(vs) => {
                    values.extend(vs.into_iter().map(|v| v.mark(marks)));
                }
                Value::Unknown(_) => return Ok(Value::Unknown(f.returns.clone()).mark(marks)),
                _ => {
                    return Err(self
                        .error(
                            "Invalid expanding argument value",
                            "The expanding argument (indicated by ...) must be of a tuple, list, or set type.",
                            args.last().and_then(|a| a.span()),
                        )
                        .into())
                }
            }
        }
        let render = |name: &str, source: &str, vars: &Value| {
            render_template(self.ctx, self.budget(), name, source, vars)
        };
        let ctx = FuncContext {
            base_dir: self.ctx.base_dir.clone(),
            plan_timestamp: self.ctx.plan_timestamp.clone(),
            planning: self.ctx.planning,
            render_template: &render,
        };
        let result = functions::call(f, &ctx, values).map_err(|e| {
            let span = e
                .arg
                .and_then(|i| args.get(i).and_then(|a| a.span()))
                .or(expr.span());
            Diagnostics::from(self.error(e.summary, e.detail, span))
        })?;
        self.charge_copy(&result, expr.span())?;
        Ok(result)
    }

    fn try_call(&self, args: &[&Expression], expr: &Expression, scope: &Scope<'_>) -> EvalResult {
        if args.is_empty() {
            return Err(self
                .error(
                    "Invalid function argument",
                    "At least one argument is required.",
                    expr.span(),
                )
                .into());
        }
        let mut failures = Vec::new();
        for a in args {
            match self.eval_in(a, scope) {
                Ok(v) if !v.is_wholly_known() => return Ok(Value::unknown()),
                Ok(v) => return Ok(v),
                Err(d) if self.uncatchable(&d) => return Err(d),
                Err(d) => failures.extend(d.into_iter().map(|d| d.summary)),
            }
        }
        Err(self
            .error(
                "Error in function call",
                format!("Call to function \"try\" failed: no expression succeeded:\n- {}\n\nAt least one expression must produce a successful result.", failures.join("\n- ")),
                expr.span(),
            )
            .into())
    }

    fn can_call(&self, args: &[&Expression], expr: &Expression, scope: &Scope<'_>) -> EvalResult {
        let [arg] = args else {
            return Err(self
                .error(
                    "Invalid function argument",
                    "Function \"can\" expects exactly one argument.",
                    expr.span(),
                )
                .into());
        };
        Ok(match self.eval_in(arg, scope) {
            Ok(v) if !v.is_wholly_known() => Value::Unknown(Type::Bool),
            Ok(_) => Value::Bool(true),
            Err(d) if self.uncatchable(&d) => return Err(d),
            Err(_) => Value::Bool(false),
        })
    }

    /// Errors `try` and `can` do not catch: references to things that are
    /// not declared are mistakes in the configuration, not in its values,
    /// and running out of budget is no failure a fallback can answer.
    fn uncatchable(&self, d: &Diagnostics) -> bool {
        self.budget().is_spent()
            || d.iter()
                .any(|d| d.summary.starts_with("Reference to undeclared"))
    }
}

/// Renders a template's `source` with `vars` as its only names, on the
/// caller's budget; template functions cannot be called from inside it.
pub(super) fn render_template(
    ctx: &EvalContext,
    budget: &Budget,
    name: &str,
    source: &str,
    vars: &Value,
) -> Result<Value, String> {
    let (vars, marks) = vars.clone().unmark();
    let Some(entries) = vars.as_entries() else {
        return Err("invalid vars value: must be a map".to_string());
    };
    let file = SourceFile::new(name, source);
    let template = parse_template(&file).map_err(|d| describe(&d))?;
    let mut variables = BTreeMap::new();
    for (k, v) in entries {
        variables.insert(k.clone(), v.clone());
    }
    let inner = EvalContext {
        variables,
        base_dir: ctx.base_dir.clone(),
        plan_timestamp: ctx.plan_timestamp.clone(),
        planning: ctx.planning,
        resolver: None,
    };
    let evaluator = Evaluator {
        in_template: true,
        ..Evaluator::with_budget(&file, &inner, budget)
    };
    let elements: Vec<_> = template.iter().collect();
    let result = match elements.as_slice() {
        [hcl_edit::template::Element::Interpolation(i)] => evaluator.eval(&i.expr),
        _ => evaluator.template(&template, &Scope::root()),
    };
    result.map(|v| v.mark(marks)).map_err(|d| describe(&d))
}

/// Diagnostics from inside a template as one message, as Terraform words
/// them: `file:line,column: summary; detail`.
fn describe(diags: &Diagnostics) -> String {
    diags
        .iter()
        .map(|d| match &d.range {
            Some(r) => format!(
                "{}:{},{}: {}; {}",
                r.filename,
                r.start.line,
                r.start.column,
                d.summary,
                d.detail.trim_end_matches('.')
            ),
            None => format!("{}; {}", d.summary, d.detail.trim_end_matches('.')),
        })
        .collect::<Vec<_>>()
        .join("\n")
}
