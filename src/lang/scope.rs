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
    /// Looks up names the engine computes on demand (resources, module
    /// outputs), so an expression sees one resource without the context
    /// holding every resource's value.
    pub resolver: Option<Resolver>,
}

/// Resolves a reference's leading names to a value.
pub trait Resolve: Send + Sync {
    /// The value `root.attrs[0].attrs[1]...` names, and how many of `attrs`
    /// it used; `None` when `root` is not one of this resolver's names.
    fn resolve(&self, root: &str, attrs: &[&str]) -> Option<(Value, usize)>;
}

/// A shared [`Resolve`] implementation.
#[derive(Clone)]
pub struct Resolver(pub std::sync::Arc<dyn Resolve>);

impl std::fmt::Debug for Resolver {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Resolver")
    }
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
