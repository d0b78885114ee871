//! Schemas: what a provider, resource type or data source accepts and
//! computes, in Terraform's terms (attributes and nested blocks).

use std::collections::BTreeMap;

use terrace_value::{ObjectType, Type};

/// One attribute of a block.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Attribute {
    /// Its type.
    pub ty: Type,
    /// One line for `providers schema` and documentation.
    pub description: String,
    /// The configuration must set it.
    pub required: bool,
    /// The configuration may set it.
    pub optional: bool,
    /// The provider sets it (when the configuration does not).
    pub computed: bool,
    /// Its value is never shown.
    pub sensitive: bool,
    /// Changing it replaces the object instead of updating it.
    pub force_new: bool,
}

impl Attribute {
    /// A required attribute.
    pub fn required(ty: Type) -> Attribute {
        Attribute {
            ty,
            required: true,
            ..Attribute::default()
        }
    }

    /// An optional attribute.
    pub fn optional(ty: Type) -> Attribute {
        Attribute {
            ty,
            optional: true,
            ..Attribute::default()
        }
    }

    /// A computed-only attribute.
    pub fn computed(ty: Type) -> Attribute {
        Attribute {
            ty,
            computed: true,
            ..Attribute::default()
        }
    }

    /// An optional attribute the provider fills in when it is not set.
    pub fn optional_computed(ty: Type) -> Attribute {
        Attribute {
            ty,
            optional: true,
            computed: true,
            ..Attribute::default()
        }
    }

    /// This attribute, replacing the object when it changes.
    pub fn force_new(mut self) -> Attribute {
        self.force_new = true;
        self
    }

    /// This attribute, sensitive.
    pub fn sensitive(mut self) -> Attribute {
        self.sensitive = true;
        self
    }

    /// This attribute, described.
    pub fn describe(mut self, text: &str) -> Attribute {
        self.description = text.to_string();
        self
    }
}

/// How a nested block repeats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Nesting {
    /// At most one, as an object.
    Single,
    /// A list of objects.
    List,
    /// A set of objects.
    Set,
    /// A map of objects keyed by the block's label.
    Map,
}

/// A nested block type.
#[derive(Debug, Clone, PartialEq)]
pub struct NestedBlock {
    /// How it repeats.
    pub nesting: Nesting,
    /// What it contains.
    pub block: Block,
    /// The fewest allowed (0 for none).
    pub min_items: usize,
    /// The most allowed (0 for unlimited).
    pub max_items: usize,
}

/// A block: attributes and nested blocks.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Block {
    /// Attributes by name.
    pub attributes: BTreeMap<String, Attribute>,
    /// Nested block types by name.
    pub blocks: BTreeMap<String, NestedBlock>,
    /// One line for documentation.
    pub description: String,
}

impl Block {
    /// A block with these attributes.
    pub fn with_attributes(attrs: impl IntoIterator<Item = (&'static str, Attribute)>) -> Block {
        Block {
            attributes: attrs.into_iter().map(|(k, v)| (k.to_string(), v)).collect(),
            ..Block::default()
        }
    }

    /// The object type of values of this block.
    pub fn value_type(&self) -> Type {
        let mut ot = ObjectType::default();
        for (name, a) in &self.attributes {
            ot.attrs.insert(name.clone(), a.ty.clone());
        }
        for (name, nb) in &self.blocks {
            let inner = nb.block.value_type();
            let ty = match nb.nesting {
                Nesting::Single => inner,
                Nesting::List => Type::list(inner),
                Nesting::Set => Type::set(inner),
                Nesting::Map => Type::map(inner),
            };
            ot.attrs.insert(name.clone(), ty);
        }
        Type::Object(ot)
    }
}

/// The schema of one resource type, data source or provider configuration.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Schema {
    /// Bumped when the stored shape changes, so old states can be upgraded.
    pub version: u64,
    /// The top-level block.
    pub block: Block,
}

/// Everything a provider declares.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ProviderSchema {
    /// The `provider` block's schema.
    pub provider: Schema,
    /// Managed resource types by name.
    pub resources: BTreeMap<String, Schema>,
    /// Data sources by name.
    pub data_sources: BTreeMap<String, Schema>,
}
