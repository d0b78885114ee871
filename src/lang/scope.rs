//! What an expression can see: the root names (`var`, `local`, resources,
//! `path`, `count`, `each`, ...) that the engine provides, and the names bound
//! by enclosing `for` expressions and template directives.

use std::collections::BTreeMap;
use std::path::PathBuf;

use terrace_value::Value;

/// The names and settings an evaluation runs against.
#[derive(Debug, Clone, Default)]
pub struct EvalContext {
    /// Root names: `var`, `local`, `path`, `terraform`, resource types, ...
    pub variables: BTreeMap<String, Value>,
    /// Where file functions resolve relative paths (`path.module`).
    pub base_dir: PathBuf,
    /// This run's timestamp in RFC 3339, for `plantimestamp()`.
    pub plan_timestamp: String,
    /// Whether this evaluation is part of a plan (impure functions such as
    /// `timestamp()` then give unknown results, known at apply).
    pub planning: bool,
}

/// Names bound by `for` expressions, innermost first, over an [`EvalContext`].
pub struct Scope<'a> {
    /// The enclosing scope, or `None` at the root.
    pub parent: Option<&'a Scope<'a>>,
    /// Names bound at this level.
    pub names: BTreeMap<String, Value>,
}

impl<'a> Scope<'a> {
    /// The root scope, with no bound names.
    pub fn root() -> Scope<'static> {
        Scope {
            parent: None,
            names: BTreeMap::new(),
        }
    }

    /// A child scope binding `names`.
    pub fn child(&'a self, names: BTreeMap<String, Value>) -> Scope<'a> {
        Scope {
            parent: Some(self),
            names,
        }
    }

    /// The value bound to `name` by this scope or an enclosing one.
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.names
            .get(name)
            .or_else(|| self.parent.and_then(|p| p.get(name)))
    }
}
