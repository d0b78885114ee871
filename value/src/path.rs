//! Attribute paths name a place inside a value: where a sensitive mark sits,
//! which attribute forces replacement, which attribute a provider rejected.

use std::fmt;

use crate::Number;

/// One step of a path into a value.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PathStep {
    /// An object attribute.
    Attr(String),
    /// A map key.
    Key(String),
    /// A list or tuple index.
    Index(u64),
}

/// A path from the root of a value to a nested value.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Path(pub Vec<PathStep>);

impl Path {
    /// The empty path, naming the value itself.
    pub fn root() -> Path {
        Path(Vec::new())
    }

    /// This path extended by one step.
    pub fn child(&self, step: PathStep) -> Path {
        let mut steps = self.0.clone();
        steps.push(step);
        Path(steps)
    }

    /// This path extended by an attribute step.
    pub fn attr(&self, name: &str) -> Path {
        self.child(PathStep::Attr(name.to_string()))
    }

    /// Whether the path has no steps.
    pub fn is_root(&self) -> bool {
        self.0.is_empty()
    }

    /// Whether `self` is `other` or lies inside it.
    pub fn starts_with(&self, other: &Path) -> bool {
        self.0.starts_with(&other.0)
    }
}

impl fmt::Display for Path {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, step) in self.0.iter().enumerate() {
            match step {
                PathStep::Attr(name) if i == 0 => write!(f, "{name}")?,
                PathStep::Attr(name) => write!(f, ".{name}")?,
                PathStep::Key(key) => write!(f, "[{key:?}]")?,
                PathStep::Index(i) => write!(f, "[{}]", Number::from(*i))?,
            }
        }
        Ok(())
    }
}
