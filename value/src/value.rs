//! A Terraform value: typed, possibly null, possibly unknown (known only after
//! apply) at any depth, and possibly marked (sensitive) at any depth.

use std::cmp::Ordering;
use std::collections::BTreeMap;

use crate::{Marks, Number, Type};

/// A value of the Terraform language.
///
/// Collections carry their element type so that an empty list still knows it
/// is a `list(string)`. Sets are kept in a canonical order without duplicates.
/// A `Marked` value wraps any other; functions and operators see values with
/// marks removed and mark their results with the union of their inputs' marks.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// A null of the given type.
    Null(Type),
    /// A value known only after apply, of the given type.
    Unknown(Type),
    /// `true` or `false`.
    Bool(bool),
    /// A number.
    Number(Number),
    /// A string.
    String(String),
    /// `list(T)`: the element type and the elements.
    List(Type, Vec<Value>),
    /// `set(T)`: the element type and the elements in canonical order.
    Set(Type, Vec<Value>),
    /// `map(T)`: the element type and the entries.
    Map(Type, BTreeMap<String, Value>),
    /// A tuple: each element has its own type.
    Tuple(Vec<Value>),
    /// An object: each attribute has its own type.
    Object(BTreeMap<String, Value>),
    /// A value carrying marks.
    Marked(Box<Value>, Marks),
}

impl Value {
    /// A known string.
    pub fn string(s: impl Into<String>) -> Value {
        Value::String(s.into())
    }

    /// A known number.
    pub fn number(n: impl Into<Number>) -> Value {
        Value::Number(n.into())
    }

    /// The null of `any`.
    pub fn null() -> Value {
        Value::Null(Type::Dynamic)
    }

    /// An unknown of `any`.
    pub fn unknown() -> Value {
        Value::Unknown(Type::Dynamic)
    }

    /// An empty object.
    pub fn empty_object() -> Value {
        Value::Object(BTreeMap::new())
    }

    /// An empty tuple.
    pub fn empty_tuple() -> Value {
        Value::Tuple(Vec::new())
    }

    /// A set of elements already converted to `elem`; sorts and removes
    /// duplicates.
    pub fn set(elem: Type, mut elems: Vec<Value>) -> Value {
        elems.sort_by(set_order);
        elems.dedup();
        Value::Set(elem, elems)
    }

    /// The type of this value.
    pub fn ty(&self) -> Type {
        match self {
            Value::Null(t) | Value::Unknown(t) => t.clone(),
            Value::Bool(_) => Type::Bool,
            Value::Number(_) => Type::Number,
            Value::String(_) => Type::String,
            Value::List(t, _) => Type::list(t.clone()),
            Value::Set(t, _) => Type::set(t.clone()),
            Value::Map(t, _) => Type::map(t.clone()),
            Value::Tuple(vs) => Type::Tuple(vs.iter().map(Value::ty).collect()),
            Value::Object(attrs) => {
                Type::object(attrs.iter().map(|(k, v)| (k.clone(), v.ty())).collect())
            }
            Value::Marked(v, _) => v.ty(),
        }
    }

    /// Whether this value (ignoring marks) is null.
    pub fn is_null(&self) -> bool {
        match self {
            Value::Null(_) => true,
            Value::Marked(v, _) => v.is_null(),
            _ => false,
        }
    }

    /// Whether this value (ignoring marks) is known, at the top level.
    pub fn is_known(&self) -> bool {
        match self {
            Value::Unknown(_) => false,
            Value::Marked(v, _) => v.is_known(),
            _ => true,
        }
    }

    /// Whether no unknown appears anywhere inside this value.
    pub fn is_wholly_known(&self) -> bool {
        match self {
            Value::Unknown(_) => false,
            Value::Marked(v, _) => v.is_wholly_known(),
            Value::List(_, vs) | Value::Set(_, vs) | Value::Tuple(vs) => {
                vs.iter().all(Value::is_wholly_known)
            }
            Value::Map(_, m) | Value::Object(m) => m.values().all(Value::is_wholly_known),
            _ => true,
        }
    }

    /// The marks on this value itself (not on nested values).
    pub fn marks(&self) -> Marks {
        match self {
            Value::Marked(v, m) => *m | v.marks(),
            _ => Marks::NONE,
        }
    }

    /// Whether this value is sensitive at the top level.
    pub fn is_sensitive(&self) -> bool {
        self.marks().is_sensitive()
    }

    /// Whether a mark appears anywhere in this value.
    pub fn has_marks_deep(&self) -> bool {
        match self {
            Value::Marked(_, m) if !m.is_empty() => true,
            Value::Marked(v, _) => v.has_marks_deep(),
            Value::List(_, vs) | Value::Set(_, vs) | Value::Tuple(vs) => {
                vs.iter().any(Value::has_marks_deep)
            }
            Value::Map(_, m) | Value::Object(m) => m.values().any(Value::has_marks_deep),
            _ => false,
        }
    }

    /// This value with `marks` added (no-op for empty marks).
    pub fn mark(self, marks: Marks) -> Value {
        if marks.is_empty() {
            return self;
        }
        match self {
            Value::Marked(v, m) => Value::Marked(v, m | marks),
            v => Value::Marked(Box::new(v), marks),
        }
    }

    /// This value marked sensitive.
    pub fn sensitive(self) -> Value {
        self.mark(Marks::SENSITIVE)
    }

    /// Removes the top-level marks, returning them.
    pub fn unmark(self) -> (Value, Marks) {
        match self {
            Value::Marked(v, m) => {
                let (v, inner) = v.unmark();
                (v, m | inner)
            }
            v => (v, Marks::NONE),
        }
    }

    /// A reference to the value under its top-level marks.
    pub fn unmarked(&self) -> &Value {
        match self {
            Value::Marked(v, _) => v.unmarked(),
            v => v,
        }
    }

    /// Removes marks at every depth, returning their union.
    pub fn unmark_deep(self) -> (Value, Marks) {
        let mut marks = Marks::NONE;
        let v = self.strip(&mut marks);
        (v, marks)
    }

    fn strip(self, marks: &mut Marks) -> Value {
        match self {
            Value::Marked(v, m) => {
                *marks |= m;
                v.strip(marks)
            }
            Value::List(t, vs) => Value::List(t, vs.into_iter().map(|v| v.strip(marks)).collect()),
            Value::Set(t, vs) => Value::Set(t, vs.into_iter().map(|v| v.strip(marks)).collect()),
            Value::Tuple(vs) => Value::Tuple(vs.into_iter().map(|v| v.strip(marks)).collect()),
            Value::Map(t, m) => {
                Value::Map(t, m.into_iter().map(|(k, v)| (k, v.strip(marks))).collect())
            }
            Value::Object(m) => {
                Value::Object(m.into_iter().map(|(k, v)| (k, v.strip(marks))).collect())
            }
            v => v,
        }
    }

    /// The string, if this is a known string (marks ignored).
    pub fn as_str(&self) -> Option<&str> {
        match self.unmarked() {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    /// The number, if this is a known number (marks ignored).
    pub fn as_number(&self) -> Option<&Number> {
        match self.unmarked() {
            Value::Number(n) => Some(n),
            _ => None,
        }
    }

    /// The bool, if this is a known bool (marks ignored).
    pub fn as_bool(&self) -> Option<bool> {
        match self.unmarked() {
            Value::Bool(b) => Some(*b),
            _ => None,
        }
    }

    /// The elements of a known list, set or tuple (marks ignored).
    pub fn as_elements(&self) -> Option<&[Value]> {
        match self.unmarked() {
            Value::List(_, vs) | Value::Set(_, vs) | Value::Tuple(vs) => Some(vs),
            _ => None,
        }
    }

    /// The entries of a known map or object (marks ignored).
    pub fn as_entries(&self) -> Option<&BTreeMap<String, Value>> {
        match self.unmarked() {
            Value::Map(_, m) | Value::Object(m) => Some(m),
            _ => None,
        }
    }

    /// Roughly the bytes this value occupies, for bounding the work of an
    /// evaluation; it walks the value, so it costs about what a clone costs.
    pub fn approx_size(&self) -> usize {
        const NODE: usize = std::mem::size_of::<Value>();
        // A map entry: the key's bytes plus the tree's per-entry overhead.
        const ENTRY: usize = 3 * std::mem::size_of::<usize>();
        match self {
            Value::String(s) => NODE + s.len(),
            Value::Number(n) => NODE + usize::try_from(n.precision() / 8).unwrap_or(usize::MAX),
            Value::List(_, vs) | Value::Set(_, vs) | Value::Tuple(vs) => vs
                .iter()
                .fold(NODE, |n, v| n.saturating_add(v.approx_size())),
            Value::Map(_, m) | Value::Object(m) => m.iter().fold(NODE, |n, (k, v)| {
                n.saturating_add(ENTRY + k.len() + v.approx_size())
            }),
            Value::Marked(v, _) => NODE.saturating_add(v.approx_size()),
            Value::Null(_) | Value::Unknown(_) | Value::Bool(_) => NODE,
        }
    }

    /// The number of elements or entries of a known collection or structure.
    pub fn length(&self) -> Option<usize> {
        match self.unmarked() {
            Value::String(_) => None,
            v => v
                .as_elements()
                .map(<[Value]>::len)
                .or(v.as_entries().map(BTreeMap::len)),
        }
    }

    /// Terraform's `==`: types must match too. Unknown operands give an
    /// unknown bool; marks are the caller's business.
    pub fn equals(&self, other: &Value) -> Value {
        let (a, b) = (self.unmarked(), other.unmarked());
        if !a.is_known() || !b.is_known() {
            return Value::Unknown(Type::Bool);
        }
        if a.is_null() || b.is_null() {
            return Value::Bool(a.is_null() && b.is_null());
        }
        if !a.is_wholly_known() || !b.is_wholly_known() {
            return Value::Unknown(Type::Bool);
        }
        if a.ty() != b.ty() {
            return Value::Bool(false);
        }
        Value::Bool(a.same_as(b))
    }

    /// Deep equality of known values, ignoring marks.
    pub fn same_as(&self, other: &Value) -> bool {
        match (self.unmarked(), other.unmarked()) {
            (Value::List(_, a), Value::List(_, b))
            | (Value::Set(_, a), Value::Set(_, b))
            | (Value::Tuple(a), Value::Tuple(b)) => {
                a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.same_as(y))
            }
            (Value::Map(_, a), Value::Map(_, b)) | (Value::Object(a), Value::Object(b)) => {
                a.len() == b.len()
                    && a.iter()
                        .zip(b)
                        .all(|((ka, va), (kb, vb))| ka == kb && va.same_as(vb))
            }
            (a, b) => a == b,
        }
    }
}

/// The canonical order of set elements: strings and numbers in their natural
/// order, bools false first, other values by their debug text, unknowns last.
pub(crate) fn set_order(a: &Value, b: &Value) -> Ordering {
    match (a.unmarked(), b.unmarked()) {
        (Value::Unknown(_), Value::Unknown(_)) => Ordering::Equal,
        (Value::Unknown(_), _) => Ordering::Greater,
        (_, Value::Unknown(_)) => Ordering::Less,
        (Value::Null(_), Value::Null(_)) => Ordering::Equal,
        (Value::Null(_), _) => Ordering::Greater,
        (_, Value::Null(_)) => Ordering::Less,
        (Value::String(x), Value::String(y)) => x.cmp(y),
        (Value::Number(x), Value::Number(y)) => x.compare(y),
        (Value::Bool(x), Value::Bool(y)) => x.cmp(y),
        (x, y) => format!("{x:?}").cmp(&format!("{y:?}")),
    }
}

impl From<bool> for Value {
    fn from(b: bool) -> Value {
        Value::Bool(b)
    }
}

impl From<&str> for Value {
    fn from(s: &str) -> Value {
        Value::String(s.to_string())
    }
}

impl From<String> for Value {
    fn from(s: String) -> Value {
        Value::String(s)
    }
}

impl From<Number> for Value {
    fn from(n: Number) -> Value {
        Value::Number(n)
    }
}

impl From<i64> for Value {
    fn from(i: i64) -> Value {
        Value::Number(Number::from(i))
    }
}
