//! What every AWS resource type and data source implements, and the
//! planning pass they share: a configured value wins, then the Terraform
//! provider's default, then for a computed attribute the prior value
//! (unknown on create); `tags_all` is `default_tags` merged with `tags`.

use std::collections::BTreeMap;

use async_trait::async_trait;
use terrace_provider_sdk::{Block, Diagnostics, Path, Schema, Type, Value};

use crate::attrs::{attr, string_map, with};
use crate::config::Aws;

/// A managed resource type.
#[async_trait]
pub(crate) trait Resource: Send + Sync {
    /// The resource type name, e.g. `aws_s3_bucket`.
    fn type_name(&self) -> &'static str;

    /// Its schema.
    fn schema(&self) -> Schema;

    /// Defaults of optional attributes, as the Terraform provider has them.
    fn defaults(&self) -> Vec<(&'static str, Value)> {
        Vec::new()
    }

    /// Adjusts a planned object (values derived from the configuration).
    fn customize_plan(&self, _prior: Option<&Value>, planned: Value) -> Value {
        planned
    }

    /// Attributes holding JSON documents (policies): a configured document
    /// that means the same as the stored one keeps the stored text, so a
    /// difference in layout or key order is not a change.
    fn json_attributes(&self) -> &'static [&'static str] {
        &[]
    }

    /// Changes that replace the object though their attributes can change
    /// in place otherwise (an engine version going down, say).
    fn replace_paths(&self, _prior: &Value, _planned: &Value) -> Vec<Path> {
        Vec::new()
    }

    /// Creates the object; returns the planned object with at least `id` set.
    async fn create(&self, aws: &Aws, planned: &Value) -> Result<Value, Diagnostics>;

    /// Updates the object in place.
    async fn update(&self, aws: &Aws, prior: &Value, planned: &Value) -> Result<(), Diagnostics>;

    /// Deletes the object.
    async fn delete(&self, aws: &Aws, prior: &Value) -> Result<(), Diagnostics>;

    /// Reads the object named by `state`'s `id`; `None` when it is gone.
    /// Attributes AWS does not report keep their value in `state`; for a
    /// taggable type the tags AWS reports go in `tags_all`.
    async fn read(&self, aws: &Aws, state: &Value) -> Result<Option<Value>, Diagnostics>;

    /// Reads many objects at once; the default reads them one by one.
    async fn read_many(
        &self,
        aws: &Aws,
        states: BTreeMap<String, Value>,
    ) -> Result<BTreeMap<String, Option<Value>>, Diagnostics> {
        let reads = states.into_iter().map(|(k, s)| async move {
            let r = self.read(aws, &s).await;
            (k, r)
        });
        let mut out = BTreeMap::new();
        for (k, r) in futures::future::join_all(reads).await {
            out.insert(k, r?);
        }
        Ok(out)
    }

    /// The stored object for an import ID, before it is read.
    fn import(&self, id: &str) -> Result<Value, Diagnostics> {
        Ok(with(&Value::Null(Type::Dynamic), "id", Value::string(id)))
    }
}

/// A data source.
#[async_trait]
pub(crate) trait DataSource: Send + Sync {
    /// The data source name, e.g. `aws_region`.
    fn type_name(&self) -> &'static str;

    /// Its schema.
    fn schema(&self) -> Schema;

    /// Reads it from its wholly known configuration.
    async fn read(&self, aws: &Aws, config: &Value) -> Result<Value, Diagnostics>;
}

/// The schema the engine sees: an attribute with a default is also
/// computed, since the planned value may then differ from a null config.
pub(crate) fn schema_of(r: &dyn Resource) -> Schema {
    let mut schema = r.schema();
    for (name, _) in r.defaults() {
        if let Some(a) = schema.block.attributes.get_mut(name) {
            a.computed = true;
        }
    }
    schema
}

/// Whether the type has `tags` and `tags_all`.
pub(crate) fn taggable(block: &Block) -> bool {
    block.attributes.contains_key("tags_all")
}

/// The planned object for `config`; `Err` paths when replacement is forced.
pub(crate) fn plan(
    r: &dyn Resource,
    default_tags: &BTreeMap<String, String>,
    prior: Option<&Value>,
    config: &Value,
) -> Result<(Value, Vec<Path>), Diagnostics> {
    let schema = schema_of(r);
    let block = &schema.block;
    let defaults = r.defaults();
    let planned = proposed(block, &defaults, default_tags, prior, config)?;
    let planned = r.customize_plan(prior, planned);
    let Some(prior) = prior else {
        return Ok((planned, Vec::new()));
    };
    let planned = keep_equivalent_json(r.json_attributes(), prior, planned);
    let mut replace: Vec<Path> = block
        .attributes
        .iter()
        .filter(|(name, a)| a.force_new && !same(attr(prior, name), attr(&planned, name)))
        .map(|(name, _)| Path::root().attr(name))
        .collect();
    replace.extend(r.replace_paths(prior, &planned));
    if replace.is_empty() {
        return Ok((planned, replace));
    }
    let fresh = proposed(block, &defaults, default_tags, None, config)?;
    Ok((r.customize_plan(None, fresh), replace))
}

fn proposed(
    block: &Block,
    defaults: &[(&str, Value)],
    default_tags: &BTreeMap<String, String>,
    prior: Option<&Value>,
    config: &Value,
) -> Result<Value, Diagnostics> {
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
    if taggable(block) {
        let tags = attr(config, "tags");
        let all = if tags.is_null() || tags.is_wholly_known() {
            let mut all: BTreeMap<String, Value> = default_tags
                .iter()
                .map(|(k, v)| (k.clone(), Value::string(v)))
                .collect();
            for (k, v) in string_map(config, "tags")?.unwrap_or_default() {
                if let Some(v) = v {
                    all.insert(k, Value::string(v));
                }
            }
            Value::Map(Type::String, all)
        } else {
            Value::Unknown(Type::map(Type::String))
        };
        out.insert("tags_all".into(), all);
    }
    Ok(Value::Object(out))
}

/// `planned` with `attribute` set to `default` in every element of the
/// nested block `block` where it is null: a default the Terraform provider
/// gives an attribute of a nested block.
pub(crate) fn block_default(planned: Value, block: &str, attribute: &str, default: Value) -> Value {
    let items = match attr(&planned, block).unmarked() {
        Value::List(t, xs) => (t.clone(), xs.clone(), false),
        Value::Set(t, xs) => (t.clone(), xs.clone(), true),
        _ => return planned,
    };
    let (ty, xs, is_set) = items;
    let xs: Vec<Value> = xs
        .into_iter()
        .map(|x| {
            if x.as_entries().is_some() && attr(&x, attribute).is_null() {
                with(&x, attribute, default.clone())
            } else {
                x
            }
        })
        .collect();
    let v = if is_set {
        Value::set(ty, xs)
    } else {
        Value::List(ty, xs)
    };
    with(&planned, block, v)
}

/// `planned` with each JSON attribute that means what the prior one means
/// set back to the prior text.
fn keep_equivalent_json(names: &[&str], prior: &Value, planned: Value) -> Value {
    let mut planned = planned;
    for name in names {
        let (Some(old), Some(new)) = (attr(prior, name).as_str(), attr(&planned, name).as_str())
        else {
            continue;
        };
        if old != new && crate::common::json_equivalent(old, new) {
            planned = with(&planned, name, Value::string(old));
        }
    }
    planned
}

/// Equal for planning: both null, or equal known values.
pub(crate) fn same(a: &Value, b: &Value) -> bool {
    match (a.is_null(), b.is_null()) {
        (true, true) => true,
        (false, false) => a.is_wholly_known() && b.is_wholly_known() && a.same_as(b),
        _ => false,
    }
}

/// The object with the read values where the plan left unknowns: what apply
/// returns, so it agrees with the plan.
pub(crate) fn fill_unknowns(planned: &Value, read: &Value) -> Value {
    let (Some(p), Some(r)) = (planned.as_entries(), read.as_entries()) else {
        return planned.clone();
    };
    let mut out = p.clone();
    for (k, v) in out.iter_mut() {
        if !v.is_wholly_known() {
            if let Some(x) = r.get(k) {
                *v = x.clone();
            }
        }
    }
    Value::Object(out)
}

/// `v` with every unknown, at any depth, replaced by a null of its type:
/// what create and update read, so optional computed attributes that apply
/// decides look unset.
pub(crate) fn unknowns_as_nulls(v: &Value) -> Value {
    match v {
        Value::Unknown(t) => Value::Null(t.clone()),
        Value::Object(m) => Value::Object(
            m.iter()
                .map(|(k, x)| (k.clone(), unknowns_as_nulls(x)))
                .collect(),
        ),
        Value::List(t, xs) => Value::List(t.clone(), xs.iter().map(unknowns_as_nulls).collect()),
        Value::Set(t, xs) => Value::Set(t.clone(), xs.iter().map(unknowns_as_nulls).collect()),
        Value::Map(t, m) => Value::Map(
            t.clone(),
            m.iter()
                .map(|(k, x)| (k.clone(), unknowns_as_nulls(x)))
                .collect(),
        ),
        other => other.clone(),
    }
}

/// `planned` with its unknowns taken from `created` where that has a value.
pub(crate) fn fill_from_created(planned: &Value, created: &Value) -> Value {
    let (Some(p), Some(c)) = (planned.as_entries(), created.as_entries()) else {
        return planned.clone();
    };
    let mut out = p.clone();
    for (k, v) in out.iter_mut() {
        if !v.is_wholly_known() {
            if let Some(x) = c.get(k).filter(|x| !x.is_null()) {
                *v = x.clone();
            }
        }
    }
    Value::Object(out)
}

/// Splits the tags AWS reports (already in `tags_all`) into `tags`: every
/// tag but those that only come from `default_tags`.
pub(crate) fn split_tags(
    state: Value,
    prior: &Value,
    default_tags: &BTreeMap<String, String>,
) -> Result<Value, Diagnostics> {
    let all = string_map(&state, "tags_all")?.unwrap_or_default();
    let prior_tags = string_map(prior, "tags")?;
    let configured: BTreeMap<String, Value> = all
        .into_iter()
        .filter_map(|(k, v)| v.map(|v| (k, v)))
        .filter(|(k, v)| {
            prior_tags.as_ref().is_some_and(|p| p.contains_key(k)) || default_tags.get(k) != Some(v)
        })
        .map(|(k, v)| (k, Value::string(v)))
        .collect();
    let tags = if configured.is_empty() && prior_tags.is_none() {
        Value::Null(Type::map(Type::String))
    } else {
        Value::Map(Type::String, configured)
    };
    Ok(with(&state, "tags", tags))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::attrs::tags_value;

    fn state(tags: Value, all: Value) -> Value {
        Value::Object([("tags".to_string(), tags), ("tags_all".to_string(), all)].into())
    }

    #[test]
    fn tags_from_default_tags_stay_out_of_tags() {
        let defaults: BTreeMap<String, String> = [("Project".to_string(), "x".to_string())].into();
        let prior = state(
            tags_value([("Name", "a")]),
            tags_value([("Name", "a"), ("Project", "x")]),
        );
        let read = state(
            Value::Null(Type::map(Type::String)),
            tags_value([("Name", "b"), ("Project", "x")]),
        );
        let out = split_tags(read, &prior, &defaults).expect("split");
        assert_eq!(attr(&out, "tags"), &tags_value([("Name", "b")]));
        // A default tag changed elsewhere shows up as a configured one.
        let read = state(
            Value::Null(Type::map(Type::String)),
            tags_value([("Project", "y")]),
        );
        let none = state(
            Value::Null(Type::map(Type::String)),
            tags_value([("Project", "x")]),
        );
        let out = split_tags(read, &none, &defaults).expect("split");
        assert_eq!(attr(&out, "tags"), &tags_value([("Project", "y")]));
    }

    #[test]
    fn unknowns_are_filled_from_the_read_object() {
        let planned = Value::Object(
            [
                ("a".to_string(), Value::string("1")),
                ("b".to_string(), Value::Unknown(Type::String)),
            ]
            .into(),
        );
        let read = Value::Object(
            [
                ("a".to_string(), Value::string("9")),
                ("b".to_string(), Value::string("2")),
            ]
            .into(),
        );
        let out = fill_unknowns(&planned, &read);
        assert_eq!(attr(&out, "a"), &Value::string("1"));
        assert_eq!(attr(&out, "b"), &Value::string("2"));
    }
}
