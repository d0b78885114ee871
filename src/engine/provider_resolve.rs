//! Which provider configuration, and which instance of it, serves a resource
//! instance: aliases, provider `for_each` keys (`aws.by_region[each.key]`),
//! and module `providers` maps, followed up to the root module.

use std::sync::Arc;

use hcl_edit::expr::{Expression, ObjectKey, TraversalOperator};
use terrace_value::{Diagnostic, Diagnostics, Value};

use super::expand::instance_context;
use super::setup::{Engine, ProviderRef};
use super::values::Store;
use crate::addrs::{InstanceKey, ModuleInstance};
use crate::config::{self, Expr};
use crate::lang::eval::Evaluator;
use crate::lang::scope::EvalContext;

/// A provider reference as written: `aws`, `aws.west`, `aws.by_region[each.key]`.
pub struct Written<'a> {
    /// The local name.
    pub local: String,
    /// The alias.
    pub alias: Option<String>,
    /// The instance key expression, for a provider configuration with `for_each`.
    pub key: Option<&'a Expression>,
}

/// Reads a provider reference expression; `None` when it is not one.
pub fn written(expr: &Expression) -> Option<Written<'_>> {
    match expr {
        Expression::Variable(v) => Some(Written {
            local: v.as_str().to_string(),
            alias: None,
            key: None,
        }),
        Expression::Traversal(t) => {
            let Expression::Variable(v) = &t.expr else {
                return None;
            };
            let mut ops = t.operators.iter().map(|o| o.value());
            let alias = match ops.next() {
                Some(TraversalOperator::GetAttr(a)) => Some(a.as_str().to_string()),
                _ => return None,
            };
            let key = match ops.next() {
                None => None,
                Some(TraversalOperator::Index(e)) => Some(e),
                Some(_) => return None,
            };
            if ops.next().is_some() {
                return None;
            }
            Some(Written {
                local: v.as_str().to_string(),
                alias,
                key,
            })
        }
        _ => None,
    }
}

/// The entries of a module call's `providers` map: the child's name for a
/// provider (`aws` or `aws.west`) and the parent's reference it receives.
pub fn providers_map(call: &config::ModuleCall) -> Vec<((String, Option<String>), Written<'_>)> {
    let Some(Expr {
        expr: Expression::Object(obj),
        ..
    }) = &call.providers
    else {
        return Vec::new();
    };
    obj.iter()
        .filter_map(|(k, v)| {
            let child = match k {
                ObjectKey::Ident(i) => (i.as_str().to_string(), None),
                ObjectKey::Expression(e) => {
                    let w = written(e)?;
                    (w.local, w.alias)
                }
            };
            Some((child, written(v.expr())?))
        })
        .collect()
}

/// The root module's provider block a reference made at config `path`
/// ends at, following `providers` maps (and default-provider inheritance)
/// upwards. Static: instance keys are not evaluated.
pub fn root_config(
    engine_tree: &super::config_tree::ConfigTree,
    path: &[String],
    local: &str,
    alias: Option<&str>,
) -> (String, Option<String>) {
    let (mut local, mut alias) = (local.to_string(), alias.map(str::to_string));
    for depth in (0..path.len()).rev() {
        let Some(parent) = engine_tree.get(&path[..depth]) else {
            break;
        };
        let Some(call) = parent.module.module_calls.get(&path[depth]) else {
            break;
        };
        if let Some((_, to)) = providers_map(call)
            .into_iter()
            .find(|((l, a), _)| *l == local && *a == alias)
        {
            local = to.local;
            alias = to.alias;
        }
    }
    (local, alias)
}

fn eval_key(
    file: &crate::lang::source::SourceFile,
    expr: &Expression,
    ctx: &EvalContext,
) -> Result<InstanceKey, Diagnostics> {
    let ev = Evaluator::new(file, ctx);
    let v = ev.eval(expr)?;
    let err = |detail: &str| -> Diagnostics {
        ev.error(
            "Invalid provider instance key",
            detail,
            hcl_edit::Span::span(expr),
        )
        .into()
    };
    if !v.is_wholly_known() {
        return Err(err("The provider instance key depends on values known only after apply. It must come from variables, locals or for_each keys."));
    }
    match v.unmark_deep().0 {
        Value::String(s) => Ok(InstanceKey::Str(s.to_string())),
        Value::Number(n) => n
            .to_i64()
            .map(InstanceKey::Int)
            .ok_or_else(|| err("A provider instance key must be a string or a whole number.")),
        _ => Err(err(
            "A provider instance key must be a string or a whole number.",
        )),
    }
}

impl Engine {
    /// The provider instance serving the instance of `r` in module instance
    /// `mi` whose context (with `each` and `count`) is `ctx`.
    pub fn provider_for(
        &self,
        store: &Arc<Store>,
        mi: &ModuleInstance,
        r: &config::Resource,
        ctx: &EvalContext,
    ) -> Result<ProviderRef, Diagnostics> {
        let implied = super::providers::ProviderSet::implied(&r.ty).to_string();
        let (mut local, mut alias, mut key) = match &r.provider {
            None => (implied, None, None),
            Some(e) => {
                let Some(w) = written(&e.expr) else {
                    return Err(Diagnostic::error("Invalid provider reference", "The provider argument must be a provider name, optionally with an alias and an instance key, like aws.west or aws.by_region[each.key].").at(r.range.clone()).into());
                };
                let key = match w.key {
                    Some(k) => Some(eval_key(&e.file, k, ctx)?),
                    None => None,
                };
                (w.local, w.alias, key)
            }
        };
        // Up through the module calls, each hop in its own instance's context.
        let mut here = mi.clone();
        while let Some(step) = here.0.last().cloned() {
            let parent = ModuleInstance(here.0[..here.0.len() - 1].to_vec());
            let call = self
                .tree
                .get(&parent.config_path())
                .and_then(|t| t.module.module_calls.get(&step.name));
            let mapped = call.and_then(|c| {
                providers_map(c)
                    .into_iter()
                    .find(|((l, a), _)| *l == local && *a == alias)
                    .map(|(_, to)| (c, to))
            });
            match mapped {
                Some((call, to)) => {
                    if key.is_some() {
                        return Err(Diagnostic::error("Invalid provider reference", format!("A module receives one provider instance per name; {local} is passed in by module.{}, so refer to it without an instance key.", step.name)).at(r.range.clone()).into());
                    }
                    key = match to.key {
                        Some(k) => {
                            let pctx = self.context(store, &parent);
                            let exp = store
                                .with(&parent, |m| m.calls.get(&step.name).cloned())
                                .unwrap_or_default();
                            let cctx = instance_context(&pctx, &exp, &step.key);
                            let file = &call.providers.as_ref().map(|p| p.file.clone());
                            match file {
                                Some(f) => Some(eval_key(f, k, &cctx)?),
                                None => None,
                            }
                        }
                        None => None,
                    };
                    local = to.local;
                    alias = to.alias;
                }
                None if alias.is_some() => {
                    return Err(Diagnostic::error("Provider configuration not present", format!("The resource refers to provider configuration {local}.{}, which module.{} does not pass in. Add it to the module call's providers argument.", alias.as_deref().unwrap_or_default(), step.name)).at(r.range.clone()).into());
                }
                None => {}
            }
            here = parent;
        }
        Ok(ProviderRef { local, alias, key })
    }
}
