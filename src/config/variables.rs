//! Values of input variables, gathered from every source with Terraform's
//! precedence (lowest first): `default`, the environment (`TF_VAR_name`, then
//! `TERRACE_VAR_name`), `terraform.tfvars`, `terraform.tfvars.json`,
//! `*.auto.tfvars` in name order, then `-var` and `-var-file` in command-line
//! order. Values are converted to their type constraints and validated.

use std::collections::BTreeMap;
use std::path::Path;

use terrace_value::{convert, Diagnostic, Diagnostics, Type, Value};

use super::model::{Module, Variable};
use crate::lang::eval::{Budget, Evaluator};
use crate::lang::parse::{parse, parse_expr};
use crate::lang::scope::EvalContext;
use crate::lang::source::SourceFile;

/// A variable setting from the command line, in the order given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CliVar {
    /// `-var 'name=value'`.
    Var(String),
    /// `-var-file=path`.
    File(String),
}

/// Where a value came from, which decides how it is parsed and how strictly
/// an undeclared name is treated.
#[derive(Debug, Clone)]
enum Raw {
    /// A string from the environment or `-var`, parsed by the variable's type.
    Text(String),
    /// A value from a variables file.
    Value(Value),
}

/// Resolves every declared variable of `module`.
pub fn resolve(
    module: &Module,
    cwd: &Path,
    cli: &[CliVar],
    env: &BTreeMap<String, String>,
) -> (BTreeMap<String, Value>, Diagnostics) {
    let mut diags = Diagnostics::new();
    // One budget for every expression evaluated here: defaults, files, rules.
    let budget = Budget::new();
    let mut raw: BTreeMap<String, Raw> = BTreeMap::new();
    for prefix in ["TF_VAR_", "TERRACE_VAR_"] {
        for (k, v) in env {
            if let Some(name) = k.strip_prefix(prefix) {
                raw.insert(name.to_string(), Raw::Text(v.clone()));
            }
        }
    }
    let mut auto: Vec<String> = std::fs::read_dir(cwd)
        .map(|rd| {
            rd.filter_map(Result::ok)
                .filter_map(|e| e.file_name().into_string().ok())
                .collect()
        })
        .unwrap_or_default();
    auto.retain(|n| n.ends_with(".auto.tfvars") || n.ends_with(".auto.tfvars.json"));
    auto.sort();
    let mut files = vec![
        "terraform.tfvars".to_string(),
        "terraform.tfvars.json".to_string(),
    ];
    files.extend(auto);
    for f in files {
        let path = cwd.join(&f);
        if path.is_file() {
            read_file(&path, &f, module, &mut raw, &mut diags, false, &budget);
        }
    }
    for setting in cli {
        match setting {
            CliVar::Var(s) => match s.split_once('=') {
                Some((name, value)) => {
                    let name = name.trim().to_string();
                    if !module.variables.contains_key(&name) {
                        diags.push(Diagnostic::error("Value for undeclared variable", format!("A variable named {name:?} was assigned on the command line, but the root module does not declare a variable of that name. To use this value, add a \"variable\" block to the configuration.")));
                        continue;
                    }
                    raw.insert(name, Raw::Text(value.to_string()));
                }
                None => diags.push(Diagnostic::error("Invalid -var option", format!("The given -var option {s:?} is not correctly specified. It must be a variable name and value separated by an equals sign, like -var=\"key=value\"."))),
            },
            CliVar::File(f) => {
                let path = cwd.join(f);
                if !path.is_file() {
                    diags.push(Diagnostic::error("Failed to read variables file", format!("Given variables file {f} does not exist.")));
                    continue;
                }
                read_file(&path, f, module, &mut raw, &mut diags, true, &budget);
            }
        }
    }
    let mut values = BTreeMap::new();
    for (name, var) in &module.variables {
        match value_of(var, raw.remove(name), &budget) {
            Ok(v) => {
                values.insert(name.clone(), v);
            }
            Err(d) => diags.extend(d),
        }
    }
    if !diags.has_errors() {
        diags.extend(validate(module, &values, &budget));
    }
    let marked = values
        .into_iter()
        .map(|(k, v)| {
            let sensitive = module.variables.get(&k).is_some_and(|var| var.sensitive);
            (k, if sensitive { v.sensitive() } else { v })
        })
        .collect();
    (marked, diags)
}

fn read_file(
    path: &Path,
    shown: &str,
    module: &Module,
    raw: &mut BTreeMap<String, Raw>,
    diags: &mut Diagnostics,
    explicit: bool,
    budget: &Budget,
) {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) => {
            diags.push(Diagnostic::error(
                "Failed to read variables file",
                format!("Could not read {shown}: {e}."),
            ));
            return;
        }
    };
    let entries: Vec<(
        String,
        Result<Value, Diagnostics>,
        Option<terrace_value::SourceRange>,
    )> = if shown.ends_with(".json") {
        match serde_json::from_str::<serde_json::Value>(&text) {
            Ok(serde_json::Value::Object(m)) => m
                .into_iter()
                .map(|(k, v)| {
                    (
                        k,
                        terrace_value::value_from_json(&v, &Type::Dynamic).map_err(|e| {
                            Diagnostics::from(Diagnostic::error(
                                "Invalid variables file",
                                e.to_string(),
                            ))
                        }),
                        None,
                    )
                })
                .collect(),
            _ => {
                diags.push(Diagnostic::error(
                    "Invalid variables file",
                    format!("The file {shown} must contain a JSON object."),
                ));
                return;
            }
        }
    } else {
        let file = SourceFile::new(shown, text);
        let body = match parse(&file) {
            Ok(b) => b,
            Err(d) => {
                diags.extend(d);
                return;
            }
        };
        let ctx = EvalContext::default();
        let evaluator = Evaluator::with_budget(&file, &ctx, budget);
        let mut out = Vec::new();
        for s in body.iter() {
            match s {
                hcl_edit::structure::Structure::Attribute(a) => {
                    let range = hcl_edit::Span::span(&a.key).map(|s| file.range(s));
                    out.push((a.key.as_str().to_string(), evaluator.eval(&a.value), range));
                }
                hcl_edit::structure::Structure::Block(b) => {
                    let d = Diagnostic::error(
                        "Unexpected block",
                        "Blocks are not allowed in variables files.",
                    );
                    diags.push(match hcl_edit::Span::span(&b.ident) {
                        Some(s) => d.at(file.range(s)),
                        None => d,
                    });
                }
            }
        }
        out
    };
    for (name, value, range) in entries {
        match value {
            Ok(v) => {
                if !module.variables.contains_key(&name) {
                    let d = Diagnostic::warning("Value for undeclared variable", format!("The root module does not declare a variable named {name:?} but a value was found in file {shown:?}. If you meant to use this value, add a \"variable\" block to the configuration."));
                    let d = if explicit {
                        Diagnostic {
                            severity: terrace_value::Severity::Error,
                            ..d
                        }
                    } else {
                        d
                    };
                    diags.push(match range {
                        Some(r) => d.at(r),
                        None => d,
                    });
                    continue;
                }
                raw.insert(name, Raw::Value(v));
            }
            Err(d) => diags.extend(d),
        }
    }
}

fn value_of(var: &Variable, raw: Option<Raw>, budget: &Budget) -> Result<Value, Diagnostics> {
    let invalid = |detail: String| -> Diagnostics {
        Diagnostic::error("Invalid value for input variable", detail)
            .at(var.range.clone())
            .into()
    };
    let given = match raw {
        Some(Raw::Value(v)) => Some(v),
        Some(Raw::Text(text)) => {
            Some(parse_text(&text, &var.constraint.ty, budget).map_err(|e| {
                invalid(format!(
                    "The value for variable {:?} could not be parsed: {e}",
                    var.name
                ))
            })?)
        }
        None => None,
    };
    let value = match given {
        Some(v) if !v.is_null() || var.nullable => v,
        _ => match &var.default {
            Some(d) => {
                let ctx = EvalContext::default();
                Evaluator::with_budget(&d.file, &ctx, budget).eval(&d.expr)?
            }
            None => {
                return Err(Diagnostic::error("No value for required variable", format!("The root module input variable {:?} is not set, and has no default value. Use a -var or -var-file command line argument to provide a value for this variable.", var.name)).at(var.range.clone()).into());
            }
        },
    };
    if value.is_null() && !var.nullable {
        return Err(invalid(format!(
            "The given value is not suitable for var.{}: required variable may not be set to null.",
            var.name
        )));
    }
    var.constraint.apply(&value).map_err(|e| {
        invalid(format!(
            "The given value is not suitable for var.{}: {e}.",
            var.name
        ))
    })
}

/// A string given on the command line or in the environment: taken literally
/// for primitive types and for variables without a type, parsed as an
/// expression for collection and structural types.
fn parse_text(text: &str, ty: &Type, budget: &Budget) -> Result<Value, String> {
    if ty.is_primitive() || *ty == Type::Dynamic {
        return Ok(Value::string(text));
    }
    let file = SourceFile::new("<value>", text);
    match parse_expr(&file) {
        Ok(expr) => {
            let ctx = EvalContext::default();
            Evaluator::with_budget(&file, &ctx, budget)
                .eval(&expr)
                .map_err(|d| {
                    d.iter()
                        .map(|d| d.summary.clone())
                        .collect::<Vec<_>>()
                        .join("; ")
                })
        }
        Err(d) => Err(d
            .iter()
            .map(|d| format!("{}: {}", d.summary, d.detail.trim_end_matches('.')))
            .collect::<Vec<_>>()
            .join("; ")),
    }
}

/// Runs every `validation` block against the resolved values.
fn validate(module: &Module, values: &BTreeMap<String, Value>, budget: &Budget) -> Diagnostics {
    let mut diags = Diagnostics::new();
    let mut ctx = EvalContext::default();
    ctx.variables
        .insert("var".into(), Value::Object(values.clone()));
    for var in module.variables.values() {
        for rule in &var.validations {
            let ev = Evaluator::with_budget(&rule.condition.file, &ctx, budget);
            let ok = match ev.eval(&rule.condition.expr) {
                Ok(v) => convert(&v, &Type::Bool).ok().and_then(|v| v.as_bool()),
                Err(d) => {
                    diags.extend(d);
                    continue;
                }
            };
            if ok == Some(false) {
                let message = Evaluator::with_budget(&rule.error_message.file, &ctx, budget)
                    .eval(&rule.error_message.expr)
                    .ok()
                    .and_then(|v| v.as_str().map(String::from))
                    .unwrap_or_else(|| "The value failed validation.".into());
                let range = hcl_edit::Span::span(&rule.condition.expr)
                    .map(|s| rule.condition.file.range(s));
                let d = Diagnostic::error(
                    "Invalid value for variable",
                    format!(
                        "{message}\n\nThis was checked by the validation rule at {}:{}.",
                        range.as_ref().map_or("", |r| r.filename.as_str()),
                        range.as_ref().map_or(0, |r| r.start.line)
                    ),
                );
                diags.push(match range {
                    Some(r) => d.at(r),
                    None => d.at(var.range.clone()),
                });
            }
        }
    }
    diags
}
