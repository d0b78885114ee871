//! Addresses: typed, immutable names of modules, resources and their
//! instances (`module.a["x"].aws_db_instance.main[0]`). They key the graph,
//! the state and diagnostics, print in HCL traversal syntax, and parse back.

mod parse;

use std::fmt;

pub use parse::{parse_instance, parse_module_instance, AddressError};

/// The key of one instance of a `count` or `for_each` object.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum InstanceKey {
    /// `[3]` under `count`.
    Int(i64),
    /// `["name"]` under `for_each`.
    Str(String),
}

impl fmt::Display for InstanceKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InstanceKey::Int(i) => write!(f, "[{i}]"),
            InstanceKey::Str(s) => write!(f, "[{}]", crate::lang::format::quote(s)),
        }
    }
}

/// One step of a module path: `module.name` or `module.name[key]`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ModuleStep {
    /// The module call's name.
    pub name: String,
    /// The instance key, when the call uses `count` or `for_each`.
    pub key: Option<InstanceKey>,
}

/// A module instance: the root, or a path of module calls.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ModuleInstance(pub Vec<ModuleStep>);

impl ModuleInstance {
    /// The root module.
    pub fn root() -> ModuleInstance {
        ModuleInstance(Vec::new())
    }

    /// Whether this is the root module.
    pub fn is_root(&self) -> bool {
        self.0.is_empty()
    }

    /// The child instance `module.name[key]` of this one.
    pub fn child(&self, name: &str, key: Option<InstanceKey>) -> ModuleInstance {
        let mut steps = self.0.clone();
        steps.push(ModuleStep {
            name: name.to_string(),
            key,
        });
        ModuleInstance(steps)
    }

    /// The module path without instance keys (`module.a.module.b`), which
    /// names the configuration rather than an instance of it.
    pub fn config_path(&self) -> Vec<String> {
        self.0.iter().map(|s| s.name.clone()).collect()
    }
}

impl fmt::Display for ModuleInstance {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, step) in self.0.iter().enumerate() {
            if i > 0 {
                write!(f, ".")?;
            }
            write!(f, "module.{}", step.name)?;
            if let Some(k) = &step.key {
                write!(f, "{k}")?;
            }
        }
        Ok(())
    }
}

/// Managed resource or data source.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Mode {
    /// `resource`.
    Managed,
    /// `data`.
    Data,
}

/// A resource within a module: `aws_s3_bucket.logs` or `data.x.y`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Resource {
    /// Managed or data.
    pub mode: Mode,
    /// The type, e.g. `aws_s3_bucket`.
    pub type_name: String,
    /// The name, e.g. `logs`.
    pub name: String,
}

impl fmt::Display for Resource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.mode == Mode::Data {
            write!(f, "data.")?;
        }
        write!(f, "{}.{}", self.type_name, self.name)
    }
}

/// A resource in a module instance: `module.a["x"].aws_s3_bucket.logs`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct AbsResource {
    /// The module instance.
    pub module: ModuleInstance,
    /// The resource.
    pub resource: Resource,
}

impl AbsResource {
    /// One instance of this resource.
    pub fn instance(&self, key: Option<InstanceKey>) -> AbsResourceInstance {
        AbsResourceInstance {
            module: self.module.clone(),
            resource: self.resource.clone(),
            key,
        }
    }
}

impl fmt::Display for AbsResource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if !self.module.is_root() {
            write!(f, "{}.", self.module)?;
        }
        write!(f, "{}", self.resource)
    }
}

/// One resource instance: `module.a["x"].aws_db_instance.main[0]`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct AbsResourceInstance {
    /// The module instance.
    pub module: ModuleInstance,
    /// The resource.
    pub resource: Resource,
    /// The instance key, under `count` or `for_each`.
    pub key: Option<InstanceKey>,
}

impl AbsResourceInstance {
    /// The resource this is an instance of.
    pub fn resource_addr(&self) -> AbsResource {
        AbsResource {
            module: self.module.clone(),
            resource: self.resource.clone(),
        }
    }
}

impl fmt::Display for AbsResourceInstance {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.resource_addr())?;
        if let Some(k) = &self.key {
            write!(f, "{k}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prints_in_traversal_syntax() {
        let m = ModuleInstance::root().child("a", Some(InstanceKey::Str("x".into())));
        let r = AbsResourceInstance {
            module: m,
            resource: Resource {
                mode: Mode::Managed,
                type_name: "aws_db_instance".into(),
                name: "main".into(),
            },
            key: Some(InstanceKey::Int(0)),
        };
        assert_eq!(r.to_string(), "module.a[\"x\"].aws_db_instance.main[0]");
        assert_eq!(parse_instance(&r.to_string()).unwrap(), r);
        let d = parse_instance("data.local_file.f").unwrap();
        assert_eq!(d.resource.mode, Mode::Data);
        assert_eq!(d.to_string(), "data.local_file.f");
    }
}
