//! Terraform's type system: primitive, collection and structural types, plus
//! `any` (the dynamic pseudo-type) and optional object attributes for
//! type constraints.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

/// A Terraform type or type constraint.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Type {
    /// `any`: the type is not known or not constrained.
    Dynamic,
    /// `bool`.
    Bool,
    /// `number`.
    Number,
    /// `string`.
    String,
    /// `list(T)`.
    List(Box<Type>),
    /// `set(T)`.
    Set(Box<Type>),
    /// `map(T)`.
    Map(Box<Type>),
    /// `tuple([T, ...])`.
    Tuple(Vec<Type>),
    /// `object({...})`.
    Object(ObjectType),
}

/// The attributes of an object type; `optional` names attributes a type
/// constraint lets the value omit.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ObjectType {
    /// Attribute names and types.
    pub attrs: BTreeMap<String, Type>,
    /// Attributes that may be absent (constraints only).
    pub optional: BTreeSet<String>,
}

impl Type {
    /// `list(t)`.
    pub fn list(t: Type) -> Type {
        Type::List(Box::new(t))
    }

    /// `set(t)`.
    pub fn set(t: Type) -> Type {
        Type::Set(Box::new(t))
    }

    /// `map(t)`.
    pub fn map(t: Type) -> Type {
        Type::Map(Box::new(t))
    }

    /// An object type with no optional attributes.
    pub fn object(attrs: BTreeMap<String, Type>) -> Type {
        Type::Object(ObjectType {
            attrs,
            optional: BTreeSet::new(),
        })
    }

    /// Whether this is `bool`, `number` or `string`.
    pub fn is_primitive(&self) -> bool {
        matches!(self, Type::Bool | Type::Number | Type::String)
    }

    /// Whether this is a list, set or map type.
    pub fn is_collection(&self) -> bool {
        matches!(self, Type::List(_) | Type::Set(_) | Type::Map(_))
    }

    /// The element type of a list, set or map.
    pub fn element_type(&self) -> Option<&Type> {
        match self {
            Type::List(t) | Type::Set(t) | Type::Map(t) => Some(t),
            _ => None,
        }
    }

    /// Whether `any` appears anywhere in the type.
    pub fn has_dynamic(&self) -> bool {
        match self {
            Type::Dynamic => true,
            Type::Bool | Type::Number | Type::String => false,
            Type::List(t) | Type::Set(t) | Type::Map(t) => t.has_dynamic(),
            Type::Tuple(ts) => ts.iter().any(Type::has_dynamic),
            Type::Object(o) => o.attrs.values().any(Type::has_dynamic),
        }
    }

    /// The type with every `optional` marker removed, at any depth: the
    /// concrete type of a value converted to a constraint (cty's
    /// `WithoutOptionalAttributesDeep`).
    pub fn without_optional_attrs(&self) -> Type {
        match self {
            Type::Dynamic | Type::Bool | Type::Number | Type::String => self.clone(),
            Type::List(t) => Type::list(t.without_optional_attrs()),
            Type::Set(t) => Type::set(t.without_optional_attrs()),
            Type::Map(t) => Type::map(t.without_optional_attrs()),
            Type::Tuple(ts) => Type::Tuple(ts.iter().map(Type::without_optional_attrs).collect()),
            Type::Object(o) => Type::object(
                o.attrs
                    .iter()
                    .map(|(k, t)| (k.clone(), t.without_optional_attrs()))
                    .collect(),
            ),
        }
    }

    /// A short name for messages: "string", "list of number", "object".
    pub fn friendly_name(&self) -> String {
        match self {
            Type::Dynamic => "dynamic".into(),
            Type::Bool => "bool".into(),
            Type::Number => "number".into(),
            Type::String => "string".into(),
            Type::List(t) => format!("list of {}", t.friendly_name()),
            Type::Set(t) => format!("set of {}", t.friendly_name()),
            Type::Map(t) => format!("map of {}", t.friendly_name()),
            Type::Tuple(_) => "tuple".into(),
            Type::Object(_) => "object".into(),
        }
    }
}

/// Type-expression syntax, as `type()` in the console prints it.
impl fmt::Display for Type {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Type::Dynamic => write!(f, "any"),
            Type::Bool => write!(f, "bool"),
            Type::Number => write!(f, "number"),
            Type::String => write!(f, "string"),
            Type::List(t) => write!(f, "list({t})"),
            Type::Set(t) => write!(f, "set({t})"),
            Type::Map(t) => write!(f, "map({t})"),
            Type::Tuple(ts) => {
                write!(f, "tuple([")?;
                for (i, t) in ts.iter().enumerate() {
                    if i > 0 {
                        write!(f, ", ")?;
                    }
                    write!(f, "{t}")?;
                }
                write!(f, "])")
            }
            Type::Object(o) => {
                write!(f, "object({{")?;
                for (i, (k, t)) in o.attrs.iter().enumerate() {
                    if i > 0 {
                        write!(f, ", ")?;
                    }
                    if o.optional.contains(k) {
                        write!(f, "{k}=optional({t})")?;
                    } else {
                        write!(f, "{k}={t}")?;
                    }
                }
                write!(f, "}})")
            }
        }
    }
}

/// `any`: a type nothing is known about yet.
impl Default for Type {
    fn default() -> Type {
        Type::Dynamic
    }
}
