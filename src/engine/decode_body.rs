//! A resource, data source or provider block's body, evaluated against its
//! schema into one object value: every attribute present (null when unset),
//! nested blocks as objects, lists, sets or maps, `dynamic` blocks expanded.

use std::collections::{BTreeMap, BTreeSet};

use hcl_edit::structure::{Block as HclBlock, Body, Structure};
use hcl_edit::Span;
use terrace_provider_sdk::{Block, Nesting};
use terrace_value::{convert, Diagnostics, Marks, Type, Value};

use crate::lang::eval::Evaluator;
use crate::lang::scope::Scope;

/// Meta-arguments the engine handles itself, never passed to providers.
const META: &[&str] = &[
    "count",
    "for_each",
    "provider",
    "depends_on",
    "lifecycle",
    "connection",
    "provisioner",
];

/// Evaluates `body` as `schema` describes it.
pub fn decode(
    ev: &Evaluator<'_>,
    scope: &Scope<'_>,
    body: &Body,
    schema: &Block,
) -> (Value, Diagnostics) {
    let mut diags = Diagnostics::new();
    let mut attrs: BTreeMap<String, Value> = BTreeMap::new();
    let mut blocks: BTreeMap<String, Vec<(Option<String>, Value)>> = BTreeMap::new();
    let mut marks = Marks::NONE;
    let mut unknown = BTreeSet::new();
    for s in body.iter() {
        match s {
            Structure::Attribute(a) => {
                let name = a.key.as_str();
                if META.contains(&name) {
                    continue;
                }
                let Some(spec) = schema.attributes.get(name) else {
                    let hint = if schema.blocks.contains_key(name) {
                        format!(" Did you mean to define a block of type {name:?}?")
                    } else {
                        String::new()
                    };
                    diags.push(ev.error(
                        "Unsupported argument",
                        format!("An argument named {name:?} is not expected here.{hint}"),
                        a.key.span(),
                    ));
                    continue;
                };
                if !spec.required && !spec.optional {
                    diags.push(ev.error("Value for unconfigurable attribute", format!("Can't configure a value for {name:?}: its value will be decided automatically based on the result of applying this configuration."), a.key.span()));
                    continue;
                }
                match ev.eval_in(&a.value, scope) {
                    Ok(v) => match convert(&v, &spec.ty) {
                        Ok(v) => {
                            attrs.insert(name.to_string(), v);
                        }
                        Err(e) => diags.push(ev.error(
                            "Incorrect attribute value type",
                            format!("Inappropriate value for attribute {name:?}: {e}."),
                            a.value.span(),
                        )),
                    },
                    Err(d) => diags.extend(d),
                }
            }
            Structure::Block(b) if b.ident.as_str() == "dynamic" => dynamic(
                ev,
                scope,
                b,
                schema,
                &mut blocks,
                &mut marks,
                &mut unknown,
                &mut diags,
            ),
            Structure::Block(b) if META.contains(&b.ident.as_str()) => {}
            Structure::Block(b) => {
                let name = b.ident.as_str();
                let Some(nb) = schema.blocks.get(name) else {
                    diags.push(ev.error(
                        "Unsupported block type",
                        format!("Blocks of type {name:?} are not expected here."),
                        b.ident.span(),
                    ));
                    continue;
                };
                let (v, d) = decode(ev, scope, &b.body, &nb.block);
                diags.extend(d);
                let label = b.labels.first().map(|l| l.as_str().to_string());
                blocks.entry(name.to_string()).or_default().push((label, v));
            }
        }
    }
    for (name, spec) in &schema.attributes {
        if spec.required && !attrs.contains_key(name) {
            diags.push(ev.error(
                "Missing required argument",
                format!("The argument {name:?} is required, but no definition was found."),
                None,
            ));
        }
        attrs
            .entry(name.clone())
            .or_insert_with(|| Value::Null(spec.ty.clone()));
    }
    for (name, nb) in &schema.blocks {
        let items = blocks.remove(name).unwrap_or_default();
        let ety = nb.block.value_type();
        if nb.min_items > 0 && items.len() < nb.min_items {
            diags.push(ev.error(
                "Insufficient blocks",
                format!("At least {} {name:?} blocks are required.", nb.min_items),
                None,
            ));
        }
        if nb.max_items > 0 && items.len() > nb.max_items {
            diags.push(ev.error(
                "Too many blocks",
                format!("No more than {} {name:?} blocks are allowed.", nb.max_items),
                None,
            ));
        }
        let value = match nb.nesting {
            _ if unknown.contains(name) => Value::Unknown(match nb.nesting {
                Nesting::Single => ety,
                Nesting::List => Type::list(ety),
                Nesting::Set => Type::set(ety),
                Nesting::Map => Type::map(ety),
            }),
            Nesting::Single => items
                .into_iter()
                .next()
                .map_or(Value::Null(ety), |(_, v)| v),
            Nesting::List => Value::List(ety, items.into_iter().map(|(_, v)| v).collect()),
            Nesting::Set => Value::set(ety, items.into_iter().map(|(_, v)| v).collect()),
            Nesting::Map => Value::Map(
                ety,
                items
                    .into_iter()
                    .map(|(k, v)| (k.unwrap_or_default(), v))
                    .collect(),
            ),
        };
        attrs.insert(name.clone(), value);
    }
    (Value::Object(attrs).mark(marks), diags)
}

#[allow(clippy::too_many_arguments)]
/// `dynamic "name" { for_each = ..., iterator = it, content { ... } }`.
fn dynamic(
    ev: &Evaluator<'_>,
    scope: &Scope<'_>,
    b: &HclBlock,
    schema: &Block,
    blocks: &mut BTreeMap<String, Vec<(Option<String>, Value)>>,
    marks: &mut Marks,
    unknown: &mut BTreeSet<String>,
    diags: &mut Diagnostics,
) {
    let Some(name) = b.labels.first().map(|l| l.as_str().to_string()) else {
        diags.push(ev.error(
            "Missing name for block",
            "A dynamic block needs the name of the block type it generates.",
            b.ident.span(),
        ));
        return;
    };
    let Some(nb) = schema.blocks.get(&name) else {
        diags.push(ev.error(
            "Unsupported block type",
            format!("Blocks of type {name:?} are not expected here."),
            b.ident.span(),
        ));
        return;
    };
    let iterator = b
        .body
        .get_attribute("iterator")
        .and_then(|a| match &a.value {
            hcl_edit::expr::Expression::Variable(v) => Some(v.as_str().to_string()),
            _ => None,
        });
    let iterator = iterator.unwrap_or_else(|| name.clone());
    let (Some(for_each), Some(content)) = (
        b.body.get_attribute("for_each"),
        b.body.get_blocks("content").next(),
    ) else {
        diags.push(ev.error(
            "Invalid dynamic block",
            "A dynamic block needs a for_each argument and a content block.",
            b.ident.span(),
        ));
        return;
    };
    let collection = match ev.eval_in(&for_each.value, scope) {
        Ok(v) => v,
        Err(d) => {
            diags.extend(d);
            return;
        }
    };
    let (collection, m) = collection.unmark();
    *marks |= m;
    let items: Vec<(Value, Value)> = match collection {
        Value::List(_, vs) | Value::Tuple(vs) => vs
            .into_iter()
            .enumerate()
            .map(|(i, v)| (Value::from(i as i64), v))
            .collect(),
        Value::Set(_, vs) => vs.into_iter().map(|v| (v.clone(), v)).collect(),
        Value::Map(_, m) | Value::Object(m) => {
            m.into_iter().map(|(k, v)| (Value::string(k), v)).collect()
        }
        Value::Null(_) => Vec::new(),
        Value::Unknown(_) => {
            // How many blocks there will be is not known yet.
            unknown.insert(name.clone());
            return;
        }
        other => {
            diags.push(ev.error(
                "Invalid dynamic for_each value",
                format!(
                    "Cannot use a {} value in for_each. An iterable collection is required.",
                    other.ty().friendly_name()
                ),
                for_each.value.span(),
            ));
            return;
        }
    };
    let labels_expr = b.body.get_attribute("labels");
    for (k, v) in items {
        let it = Value::Object([("key".to_string(), k), ("value".to_string(), v)].into());
        let inner = scope.child([(iterator.clone(), it)].into());
        let label = labels_expr
            .and_then(|l| ev.eval_in(&l.value, &inner).ok())
            .and_then(|l| {
                l.as_elements()
                    .and_then(|e| e.first().and_then(|x| x.as_str().map(String::from)))
            });
        let (value, d) = decode(ev, &inner, &content.body, &nb.block);
        diags.extend(d);
        blocks.entry(name.clone()).or_default().push((label, value));
    }
}
