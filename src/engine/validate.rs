//! `validate`: the whole configuration checked with every variable and every
//! resource value unknown — graph, provider schemas, resource bodies, locals
//! and outputs — so mistakes show before any provider is called.

use std::collections::BTreeMap;
use std::sync::Arc;

use terrace_value::{Diagnostics, Value};

use super::config_tree::ConfigTree;
use super::decode_body;
use super::graph::resource_of;
use super::setup::Engine;
use crate::addrs::Mode;
use crate::lang::eval::Evaluator;
use crate::lang::scope::{EvalContext, Resolve, Resolver, Scope};

/// Resolves every declared resource, data source and module call to an
/// unknown value.
struct Unknowns {
    resources: Vec<(Mode, String, String)>,
    calls: Vec<String>,
}

impl Resolve for Unknowns {
    fn resolve(&self, root: &str, attrs: &[&str]) -> Option<(Value, usize)> {
        match (root, attrs) {
            ("module", [name, ..]) if self.calls.iter().any(|c| c == name) => {
                Some((Value::unknown(), 1))
            }
            ("data", [t, n, ..])
                if self
                    .resources
                    .iter()
                    .any(|(m, a, b)| *m == Mode::Data && a == t && b == n) =>
            {
                Some((Value::unknown(), 2))
            }
            (t, [n, ..])
                if self
                    .resources
                    .iter()
                    .any(|(m, a, b)| *m == Mode::Managed && a == t && b == n) =>
            {
                Some((Value::unknown(), 1))
            }
            _ => None,
        }
    }
}

/// Checks every module of the configuration.
pub fn validate(engine: &Engine) -> Diagnostics {
    let mut diags = Diagnostics::new();
    for tree in engine.tree.all() {
        diags.extend(module(engine, tree));
    }
    diags
}

fn module(engine: &Engine, tree: &ConfigTree) -> Diagnostics {
    let mut diags = Diagnostics::new();
    let m = &tree.module;
    let resolver = Unknowns {
        resources: m
            .resources
            .values()
            .map(|r| {
                let a = resource_of(r);
                (a.mode, a.type_name, a.name)
            })
            .collect(),
        calls: m.module_calls.keys().cloned().collect(),
    };
    let mut ctx: EvalContext = engine.base.clone();
    ctx.planning = true;
    let vars: BTreeMap<String, Value> = m
        .variables
        .iter()
        .map(|(k, v)| (k.clone(), Value::Unknown(v.constraint.ty.clone())))
        .collect();
    ctx.variables.insert("var".into(), Value::Object(vars));
    ctx.variables.insert(
        "count".into(),
        Value::Object([("index".to_string(), Value::unknown())].into()),
    );
    ctx.variables.insert(
        "each".into(),
        Value::Object(
            [
                ("key".to_string(), Value::unknown()),
                ("value".to_string(), Value::unknown()),
            ]
            .into(),
        ),
    );
    ctx.resolver = Some(Resolver(Arc::new(resolver)));
    // Locals in a fixed order; one that fails reads as unknown for the rest.
    let mut locals: BTreeMap<String, Value> = m
        .locals
        .keys()
        .map(|k| (k.clone(), Value::unknown()))
        .collect();
    ctx.variables
        .insert("local".into(), Value::Object(locals.clone()));
    for (name, l) in &m.locals {
        match Evaluator::new(&l.expr.file, &ctx).eval(&l.expr.expr) {
            Ok(v) => {
                locals.insert(name.clone(), v);
            }
            Err(d) => diags.extend(d),
        }
    }
    ctx.variables.insert("local".into(), Value::Object(locals));
    for o in m.outputs.values() {
        if let Err(d) = Evaluator::new(&o.value.file, &ctx).eval(&o.value.expr) {
            diags.extend(d);
        }
    }
    for r in m.resources.values() {
        let p = engine.provider_of(r);
        let schema = match engine.schema_of(r, &p) {
            Ok(s) => s,
            Err(d) => {
                diags.extend(d);
                continue;
            }
        };
        let ev = Evaluator::new(&r.body.file, &ctx);
        let (_, d) = decode_body::decode(&ev, &Scope::root(), &r.body.body, &schema.block);
        diags.extend(d);
    }
    diags
}
