//! The structured diff of two values, computed once and then rendered: which
//! parts of a value are created, updated, deleted or unchanged, where the
//! value is unknown or sensitive, and which paths force a replacement. It
//! follows the rules of Terraform's plan renderer (null counts as absent,
//! lists are matched by longest common subsequence, tuples by position, sets
//! by membership, JSON strings are compared as JSON).

use std::collections::BTreeSet;

use terrace_value::{Path, PathStep, Type, Value};

use super::diff_match::{lcs_pairs, same};

/// What happened to one part of a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Act {
    NoOp,
    Create,
    Update,
    Delete,
}

impl Act {
    /// The symbol markup for this action, three columns wide.
    pub(crate) fn symbol(self) -> &'static str {
        match self {
            Act::NoOp => "   ",
            Act::Create => "  [green]+[reset]",
            Act::Update => "  [yellow]~[reset]",
            Act::Delete => "  [red]-[reset]",
        }
    }

    /// The action of a container given its current action and a child's.
    fn merge(self, child: Act) -> Act {
        match (self, child) {
            (current, Act::NoOp) => current,
            (current, child) if current == child => current,
            _ => Act::Update,
        }
    }
}

/// One node of the diff.
#[derive(Debug, Clone)]
pub(crate) struct Diff {
    pub act: Act,
    pub replace: bool,
    pub node: Node,
}

/// The shape of a diff node.
#[derive(Debug, Clone)]
pub(crate) enum Node {
    /// A string, number or bool (or null), before and after.
    Primitive {
        before: Option<Value>,
        after: Option<Value>,
    },
    /// A string holding JSON on both sides (or the only side present).
    Json(Box<Diff>),
    /// Known only after apply; the diff of the old value being replaced.
    Unknown(Option<Box<Diff>>),
    /// Sensitive on either side; the inner action decides the warnings.
    Sensitive {
        before: bool,
        after: bool,
        inner: Act,
    },
    /// Object attributes, in name order.
    Object(Vec<(String, Diff)>),
    /// Map elements, in key order.
    Map(Vec<(String, Diff)>),
    /// List or tuple elements, shown with context around changes.
    List(Vec<Diff>),
    /// Set elements.
    Set(Vec<Diff>),
    /// The value changed kind (a string became an object).
    TypeChange(Box<Diff>, Box<Diff>),
}

/// The inputs of one diff: both sides, with replacement paths and where we
/// are.
pub(crate) struct Differ<'a> {
    pub replace_paths: &'a [Path],
}

impl Differ<'_> {
    /// The diff of a whole value (an output, or a nested attribute).
    pub(crate) fn value(&self, before: Option<&Value>, after: Option<&Value>, path: &Path) -> Diff {
        let before = before.filter(|v| !v.is_null());
        let after = after.filter(|v| !v.is_null());
        let replace = self.replace_paths.iter().any(|p| p == path);
        let before_sensitive = before.is_some_and(Value::is_sensitive);
        let after_sensitive = after.is_some_and(Value::is_sensitive);
        let before = before.map(Value::unmarked);
        let after = after.map(Value::unmarked);
        if before_sensitive || after_sensitive {
            let inner = self.value(before, after, path);
            let act = if inner.act == Act::NoOp && before_sensitive != after_sensitive {
                Act::Update
            } else {
                inner.act
            };
            return Diff {
                act,
                replace,
                node: Node::Sensitive {
                    before: before_sensitive,
                    after: after_sensitive,
                    inner: inner.act,
                },
            };
        }
        if let Some(Value::Unknown(_)) = after {
            return match before {
                None => Diff {
                    act: Act::Create,
                    replace,
                    node: Node::Unknown(None),
                },
                Some(b) => Diff {
                    act: Act::Update,
                    replace,
                    node: Node::Unknown(Some(Box::new(self.value(Some(b), None, path)))),
                },
            };
        }
        let default = match (before, after) {
            (None, Some(_)) => Act::Create,
            (Some(_), None) => Act::Delete,
            _ => Act::NoOp,
        };
        let kind = |v: Option<&Value>| v.map(kind_of);
        let (bk, ak) = (kind(before), kind(after));
        if let (Some(b), Some(a)) = (bk, ak) {
            if b != a {
                let del = self.value(before, None, path);
                let add = self.value(None, after, path);
                return Diff {
                    act: Act::Update,
                    replace,
                    node: Node::TypeChange(Box::new(del), Box::new(add)),
                };
            }
        }
        let (act, node) = match bk.or(ak).unwrap_or(Kind::Primitive) {
            Kind::Primitive => return self.primitive(before, after, replace),
            Kind::Object | Kind::Map => {
                let is_map = bk.or(ak) == Some(Kind::Map);
                let entries = |v: Option<&Value>| v.and_then(Value::as_entries).cloned();
                let (b, a) = (entries(before), entries(after));
                let keys: BTreeSet<&String> =
                    b.iter().chain(a.iter()).flat_map(|m| m.keys()).collect();
                let mut act = default;
                let mut children = Vec::new();
                for key in keys {
                    let step = if is_map {
                        PathStep::Key(key.clone())
                    } else {
                        PathStep::Attr(key.clone())
                    };
                    let bv = b.as_ref().and_then(|m| m.get(key));
                    let av = a.as_ref().and_then(|m| m.get(key));
                    let child = self.value(bv, av, &path.child(step));
                    if !is_map && child.act == Act::NoOp && is_null(bv) && is_null(av) {
                        continue;
                    }
                    act = act.merge(child.act);
                    children.push((key.clone(), child));
                }
                (
                    act,
                    if is_map {
                        Node::Map(children)
                    } else {
                        Node::Object(children)
                    },
                )
            }
            Kind::List | Kind::Tuple => {
                let (b, a) = (elems(before), elems(after));
                let pairs = if bk.or(ak) == Some(Kind::List) {
                    let objects = matches!(
                        before.or(after).map(Value::ty),
                        Some(Type::List(t)) if matches!(*t, Type::Object(_))
                    );
                    lcs_pairs(b, a, objects)
                } else {
                    (0..b.len().max(a.len()))
                        .map(|i| (b.get(i), a.get(i)))
                        .collect()
                };
                let mut act = default;
                let mut children = Vec::new();
                for (i, (bv, av)) in pairs.into_iter().enumerate() {
                    let child = self.value(bv, av, &path.child(PathStep::Index(i as u64)));
                    act = act.merge(child.act);
                    children.push(child);
                }
                (act, Node::List(children))
            }
            Kind::Set => {
                let (b, a) = (elems(before), elems(after));
                let mut matched = vec![false; a.len()];
                let mut pairs = Vec::new();
                for bv in b {
                    let found = a
                        .iter()
                        .enumerate()
                        .position(|(j, av)| !matched[j] && same(bv, av));
                    match found {
                        Some(j) => {
                            matched[j] = true;
                            pairs.push((Some(bv), Some(&a[j])));
                        }
                        None => pairs.push((Some(bv), None)),
                    }
                }
                for (j, av) in a.iter().enumerate() {
                    if !matched[j] {
                        pairs.push((None, Some(av)));
                    }
                }
                let mut act = default;
                let mut children = Vec::new();
                for (bv, av) in pairs {
                    let child = self.value(bv, av, path);
                    act = act.merge(child.act);
                    children.push(child);
                }
                (act, Node::Set(children))
            }
        };
        Diff { act, replace, node }
    }

    /// A primitive, or a string holding JSON.
    fn primitive(&self, before: Option<&Value>, after: Option<&Value>, replace: bool) -> Diff {
        let act = match (before, after) {
            (None, None) => Act::NoOp,
            (None, Some(_)) => Act::Create,
            (Some(_), None) => Act::Delete,
            (Some(b), Some(a)) if same(b, a) => Act::NoOp,
            _ => Act::Update,
        };
        let json = |v: Option<&Value>| v.and_then(Value::as_str).and_then(parse_json);
        let (bj, aj) = (json(before), json(after));
        let strings = |v: Option<&Value>| v.is_none_or(|v| v.as_str().is_some());
        let json_node = match (&bj, &aj) {
            (Some(_), Some(_)) => true,
            (Some(_), None) | (None, Some(_)) => before.is_none() || after.is_none(),
            (None, None) => false,
        };
        if json_node && strings(before) && strings(after) {
            let inner =
                Differ { replace_paths: &[] }.value(bj.as_ref(), aj.as_ref(), &Path::root());
            return Diff {
                act,
                replace,
                node: Node::Json(Box::new(inner)),
            };
        }
        if bj.is_some() != aj.is_some() && before.is_some() && after.is_some() {
            let del = self.primitive(before, None, false);
            let add = self.primitive(None, after, false);
            return Diff {
                act,
                replace,
                node: Node::TypeChange(Box::new(del), Box::new(add)),
            };
        }
        Diff {
            act,
            replace,
            node: Node::Primitive {
                before: before.cloned(),
                after: after.cloned(),
            },
        }
    }
}

/// The elements of a list, tuple or set, none for null.
fn elems(v: Option<&Value>) -> &[Value] {
    v.and_then(Value::as_elements).unwrap_or(&[])
}

/// The broad kind of a known, non-null value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Primitive,
    Object,
    Map,
    List,
    Tuple,
    Set,
}

fn kind_of(v: &Value) -> Kind {
    match v.unmarked() {
        Value::Object(_) => Kind::Object,
        Value::Map(..) => Kind::Map,
        Value::List(..) => Kind::List,
        Value::Tuple(_) => Kind::Tuple,
        Value::Set(..) => Kind::Set,
        Value::Null(t) | Value::Unknown(t) => match t {
            Type::Object(_) => Kind::Object,
            Type::Map(_) => Kind::Map,
            Type::List(_) => Kind::List,
            Type::Tuple(_) => Kind::Tuple,
            Type::Set(_) => Kind::Set,
            _ => Kind::Primitive,
        },
        _ => Kind::Primitive,
    }
}

fn is_null(v: Option<&Value>) -> bool {
    v.is_none_or(Value::is_null)
}

/// A string's JSON as a value (objects, tuples, numbers, strings, bools),
/// when it starts like JSON and parses.
fn parse_json(s: &str) -> Option<Value> {
    if !(s.starts_with('{') || s.starts_with('[')) {
        return None;
    }
    let json: serde_json::Value = serde_json::from_str(s).ok()?;
    terrace_value::value_from_json(&json, &Type::Dynamic).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sensitive_change_is_an_update() {
        let d = Differ { replace_paths: &[] };
        let diff = d.value(
            Some(&Value::from("a")),
            Some(&Value::from("a").sensitive()),
            &Path::root(),
        );
        assert_eq!(diff.act, Act::Update);
    }
}
