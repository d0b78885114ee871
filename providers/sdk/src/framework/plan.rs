//! The planning pass most resources share, shaped like the plans of
//! Terraform's provider framework: a configured value wins, then the schema
//! default, then for a computed attribute the prior value (unknown on
//! create). A force-new attribute whose planned value differs from the prior
//! one forces replacement, and a replacement is planned as a fresh create so
//! everything computed becomes unknown again.

use std::collections::BTreeMap;

use crate::schema::Block;
use terrace_value::{Path, Value};

use super::attrs::attr;
use super::router::Plan;

/// Plans `config` against `prior` with these defaults.
pub fn standard(
    block: &Block,
    defaults: &[(&str, Value)],
    prior: Option<&Value>,
    config: &Value,
) -> Plan {
    let planned = proposed(block, defaults, prior, config);
    let Some(prior) = prior else {
        return Plan {
            state: planned,
            requires_replace: Vec::new(),
        };
    };
    let requires_replace: Vec<Path> = block
        .attributes
        .iter()
        .filter(|(name, a)| a.force_new && !equal(attr(prior, name), attr(&planned, name)))
        .map(|(name, _)| Path::root().attr(name))
        .collect();
    if requires_replace.is_empty() {
        Plan {
            state: planned,
            requires_replace,
        }
    } else {
        Plan {
            state: proposed(block, defaults, None, config),
            requires_replace,
        }
    }
}

/// The planned object before any resource-specific adjustment; nested
/// blocks are taken from the configuration as they are.
pub fn proposed(
    block: &Block,
    defaults: &[(&str, Value)],
    prior: Option<&Value>,
    config: &Value,
) -> Value {
    let mut out = BTreeMap::new();
    for (name, a) in &block.attributes {
        let configured = attr(config, name);
        let v = if !configured.is_null() {
            configured.clone()
        } else if let Some((_, d)) = defaults.iter().find(|(n, _)| n == name) {
            d.clone()
        } else if a.computed {
            match prior {
                Some(p) => attr(p, name).clone(),
                None => Value::Unknown(a.ty.clone()),
            }
        } else {
            Value::Null(a.ty.clone())
        };
        out.insert(name.clone(), v);
    }
    for name in block.blocks.keys() {
        out.insert(name.clone(), attr(config, name).clone());
    }
    Value::Object(out)
}

/// Equal for planning: both null, or equal known values of the same type.
pub fn equal(a: &Value, b: &Value) -> bool {
    match (a.is_null(), b.is_null()) {
        (true, true) => true,
        (false, false) => a.is_known() && b.is_known() && a.ty() == b.ty() && a.same_as(b),
        _ => false,
    }
}
