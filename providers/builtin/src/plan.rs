//! The planning pass most built-in resources share, shaped like the plans of
//! Terraform's provider framework: a configured value wins, then the schema
//! default, then for a computed attribute the prior value (unknown on
//! create). A force-new attribute whose planned value differs from the prior
//! one forces replacement, and a replacement is planned as a fresh create so
//! everything computed becomes unknown again.

use std::collections::BTreeMap;

use terrace_provider_sdk::{Block, Path, Value};

use crate::attrs::attr;
use crate::provider::Plan;

/// How one attribute's prior and planned values are compared to decide
/// replacement; `equal` for most, `map_values_not_null` for `keepers`.
pub(crate) type Same = fn(&Value, &Value) -> bool;

/// Plans `config` against `prior` with these defaults; `same_for` picks the
/// comparison for each force-new attribute.
pub(crate) fn standard(
    block: &Block,
    defaults: &[(&str, Value)],
    prior: Option<&Value>,
    config: &Value,
    same_for: impl Fn(&str) -> Same,
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
        .filter(|(name, a)| a.force_new && !same_for(name)(attr(prior, name), attr(&planned, name)))
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

/// The comparison every attribute gets unless told otherwise.
pub(crate) fn same_default(_name: &str) -> Same {
    equal
}

/// The planned object before any resource-specific adjustment.
pub(crate) fn proposed(
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
    Value::Object(out)
}

/// Equal for planning: both null, or equal known values of the same type.
pub(crate) fn equal(a: &Value, b: &Value) -> bool {
    match (a.is_null(), b.is_null()) {
        (true, true) => true,
        (false, false) => a.is_known() && b.is_known() && a.ty() == b.ty() && a.same_as(b),
        _ => false,
    }
}

/// The random and null providers' rule for `keepers` and `triggers`: a
/// change that only adds or removes null-valued keys does not count, since
/// older provider versions dropped such keys from state.
pub(crate) fn map_values_not_null(prior: &Value, planned: &Value) -> bool {
    if equal(prior, planned) {
        return true;
    }
    if !planned.is_wholly_known() {
        return false;
    }
    let empty = BTreeMap::new();
    let new = planned.as_entries().unwrap_or(&empty);
    if prior.is_null() {
        return new.values().all(Value::is_null);
    }
    let old = prior.as_entries().unwrap_or(&empty);
    let added_or_changed = new.iter().any(|(k, v)| match old.get(k) {
        None => !v.is_null(),
        Some(o) => !equal(o, v),
    });
    let removed = old.keys().any(|k| !new.contains_key(k));
    !added_or_changed && !removed
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::attrs::map_of_strings;
    use terrace_provider_sdk::Type;

    fn map(entries: &[(&str, Option<&str>)]) -> Value {
        Value::Map(
            Type::String,
            entries
                .iter()
                .map(|(k, v)| {
                    let v = v.map_or(Value::Null(Type::String), Value::string);
                    (k.to_string(), v)
                })
                .collect(),
        )
    }

    #[test]
    fn null_valued_keys_do_not_force_replacement() {
        let null = Value::Null(Type::map(Type::String));
        assert!(map_values_not_null(&null, &map(&[("a", None)])));
        assert!(map_values_not_null(&map(&[]), &null));
        assert!(map_values_not_null(
            &map(&[("a", Some("1"))]),
            &map(&[("a", Some("1")), ("b", None)])
        ));
        assert!(!map_values_not_null(&null, &map(&[("a", Some("1"))])));
        assert!(!map_values_not_null(&map(&[("a", Some("1"))]), &null));
        assert!(!map_values_not_null(
            &map(&[("a", Some("1"))]),
            &map_of_strings([("a".to_string(), "2".to_string())].into())
        ));
        assert!(!map_values_not_null(
            &map(&[]),
            &Value::Unknown(Type::map(Type::String))
        ));
    }

    #[test]
    fn equal_compares_types_and_values() {
        assert!(equal(
            &Value::Null(Type::String),
            &Value::Null(Type::Dynamic)
        ));
        assert!(!equal(&Value::string("1"), &Value::from(1)));
        assert!(!equal(
            &Value::Unknown(Type::String),
            &Value::Unknown(Type::String)
        ));
        assert!(equal(&Value::from(1), &Value::from(1)));
    }
}
