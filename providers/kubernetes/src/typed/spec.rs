//! The description of a typed resource's attributes and blocks, from which
//! both its schema and its conversion to and from the Kubernetes object
//! are derived: one table per type instead of one converter per type.

use terrace_provider_sdk::{Attribute, Block, NestedBlock, Nesting, Type};

/// What a field holds, in Terraform and in Kubernetes.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Kind {
    /// A string both ways.
    Str,
    /// A number both ways.
    Int,
    /// A bool both ways.
    Bool,
    /// A string in Terraform, a number in Kubernetes (deployment `replicas`).
    IntAsStr,
    /// A string in Terraform; a number in Kubernetes when it is one (ports).
    IntOrStr,
    /// `map(string)` ↔ an object of strings.
    MapStr,
    /// `map(string)` of plain text ↔ an object of base64 strings (Secret `data`).
    MapBase64,
    /// `list(string)` ↔ an array of strings.
    ListStr,
    /// A list of blocks ↔ an object (`max` 1) or an array of objects.
    Block(&'static [Field], usize),
    /// An attribute of the resource only, not part of the object.
    Local(LocalType),
}

/// Types of resource-only attributes.
#[derive(Clone, Copy, Debug)]
pub(crate) enum LocalType {
    /// A bool.
    Bool,
}

/// Whether the configuration must, may or cannot set a field.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Mode {
    /// Must be set.
    Required,
    /// May be set.
    Optional,
    /// Set by the server, never by the configuration.
    Computed,
    /// May be set; otherwise the provider fills it in.
    OptionalComputed,
}

/// One attribute or nested block.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Field {
    /// The Terraform name (snake_case).
    pub tf: &'static str,
    /// The Kubernetes name when not the camelCase of `tf`.
    pub k8s: Option<&'static str>,
    /// What it holds.
    pub kind: Kind,
    /// Who sets it.
    pub mode: Mode,
    /// Changing it replaces the object.
    pub force_new: bool,
    /// Its value is never shown.
    pub sensitive: bool,
}

/// An optional field.
pub(crate) const fn opt(tf: &'static str, kind: Kind) -> Field {
    Field {
        tf,
        k8s: None,
        kind,
        mode: Mode::Optional,
        force_new: false,
        sensitive: false,
    }
}

/// A required field.
pub(crate) const fn req(tf: &'static str, kind: Kind) -> Field {
    opt(tf, kind).mode(Mode::Required)
}

/// A list of blocks, at most `max` (0 for any number).
pub(crate) const fn blocks(tf: &'static str, fields: &'static [Field], max: usize) -> Field {
    opt(tf, Kind::Block(fields, max))
}

/// At most one block.
pub(crate) const fn block(tf: &'static str, fields: &'static [Field]) -> Field {
    blocks(tf, fields, 1)
}

impl Field {
    /// Named `k8s` in the object.
    pub const fn k8s(mut self, name: &'static str) -> Field {
        self.k8s = Some(name);
        self
    }

    /// With this mode.
    pub const fn mode(mut self, mode: Mode) -> Field {
        self.mode = mode;
        self
    }

    /// Required.
    pub const fn required(self) -> Field {
        self.mode(Mode::Required)
    }

    /// Computed by the server.
    pub const fn computed(self) -> Field {
        self.mode(Mode::Computed)
    }

    /// Replaces the object when changed.
    pub const fn force_new(mut self) -> Field {
        self.force_new = true;
        self
    }

    /// Never shown.
    pub const fn sensitive(mut self) -> Field {
        self.sensitive = true;
        self
    }

    /// The name in the Kubernetes object.
    pub fn k8s_name(&self) -> String {
        match self.k8s {
            Some(n) => n.to_string(),
            None => camel(self.tf),
        }
    }
}

/// `match_labels` → `matchLabels`.
pub(crate) fn camel(snake: &str) -> String {
    let mut out = String::with_capacity(snake.len());
    let mut upper = false;
    for c in snake.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// The Terraform type of a non-block field.
pub(crate) fn attr_type(kind: Kind) -> Type {
    match kind {
        Kind::Str | Kind::IntAsStr | Kind::IntOrStr => Type::String,
        Kind::Int => Type::Number,
        Kind::Bool | Kind::Local(LocalType::Bool) => Type::Bool,
        Kind::MapStr | Kind::MapBase64 => Type::map(Type::String),
        Kind::ListStr => Type::list(Type::String),
        Kind::Block(fields, _) => schema_block(fields).value_type(),
    }
}

/// The schema block of `fields`.
pub(crate) fn schema_block(fields: &[Field]) -> Block {
    let mut b = Block::default();
    for f in fields {
        match f.kind {
            // What the server reports (a `status`) is an attribute: a
            // configuration cannot write blocks of it.
            Kind::Block(inner, _) if f.mode == Mode::Computed => {
                b.attributes.insert(
                    f.tf.to_string(),
                    Attribute::computed(Type::list(schema_block(inner).value_type())),
                );
            }
            Kind::Block(inner, max) => {
                b.blocks.insert(
                    f.tf.to_string(),
                    NestedBlock {
                        nesting: Nesting::List,
                        block: schema_block(inner),
                        min_items: usize::from(f.mode == Mode::Required),
                        max_items: max,
                    },
                );
            }
            kind => {
                let ty = attr_type(kind);
                let mut a = match f.mode {
                    Mode::Required => Attribute::required(ty),
                    Mode::Optional => Attribute::optional(ty),
                    Mode::Computed => Attribute::computed(ty),
                    Mode::OptionalComputed => Attribute::optional_computed(ty),
                };
                a.force_new = f.force_new;
                a.sensitive = f.sensitive;
                b.attributes.insert(f.tf.to_string(), a);
            }
        }
    }
    b
}

/// The same fields with every one computed, for data sources.
pub(crate) fn all_computed(fields: &[Field]) -> Block {
    let mut b = schema_block(fields);
    make_computed(&mut b);
    b
}

fn make_computed(b: &mut Block) {
    for a in b.attributes.values_mut() {
        a.required = false;
        a.optional = false;
        a.computed = true;
    }
    for nb in b.blocks.values_mut() {
        nb.min_items = 0;
        make_computed(&mut nb.block);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_become_camel_case() {
        assert_eq!(camel("match_labels"), "matchLabels");
        assert_eq!(camel("image"), "image");
        assert_eq!(
            camel("termination_grace_period_seconds"),
            "terminationGracePeriodSeconds"
        );
    }
}
