//! Reading addresses written by users (`-target`, `state mv`, `import`,
//! `moved` blocks) with the language's own traversal parser.

use hcl_edit::expr::{Expression, TraversalOperator};

use super::{AbsResourceInstance, InstanceKey, Mode, ModuleInstance, Resource};
use crate::lang::nesting::{too_deep_at, Start};

/// An address that does not name a resource instance.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid address {text:?}: {reason}")]
pub struct AddressError {
    /// What was given.
    pub text: String,
    /// What is wrong with it.
    pub reason: String,
}

/// Parses `module.a["x"].type.name[0]` and friends.
pub fn parse_instance(text: &str) -> Result<AbsResourceInstance, AddressError> {
    let bad = |reason: &str| error(text, reason);
    let names = steps(text)?;
    let (module, mut i) = module_prefix(text, &names)?;
    let mode = match names.get(i) {
        Some(Step::Name(n)) if n == "data" => {
            i += 1;
            Mode::Data
        }
        _ => Mode::Managed,
    };
    let (Some(Step::Name(type_name)), Some(Step::Name(name))) = (names.get(i), names.get(i + 1))
    else {
        return Err(bad("an address needs a resource type and name"));
    };
    let key = match names.get(i + 2) {
        Some(Step::Key(k)) => Some(k.clone()),
        None => None,
        Some(Step::Name(_)) => return Err(bad("unexpected attribute after the resource name")),
    };
    if names.len() > i + 2 + usize::from(key.is_some()) {
        return Err(bad("unexpected steps after the instance key"));
    }
    Ok(AbsResourceInstance {
        module,
        resource: Resource {
            mode,
            type_name: type_name.clone(),
            name: name.clone(),
        },
        key,
    })
}

/// Parses a module address, `module.a` or `module.a["x"].module.b[0]`.
pub fn parse_module_instance(text: &str) -> Result<ModuleInstance, AddressError> {
    let names = steps(text)?;
    let (module, i) = module_prefix(text, &names)?;
    if module.is_root() {
        return Err(error(text, "a module address starts with \"module.\""));
    }
    if i != names.len() {
        return Err(error(text, "unexpected steps after the module address"));
    }
    Ok(module)
}

fn error(text: &str, reason: &str) -> AddressError {
    AddressError {
        text: text.to_string(),
        reason: reason.to_string(),
    }
}

/// The names and keys of a traversal, in order.
fn steps(text: &str) -> Result<Vec<Step>, AddressError> {
    let bad = |reason: &str| error(text, reason);
    if too_deep_at(text, Start::Code).is_some() {
        return Err(bad("nested too deeply"));
    }
    let expr =
        hcl_edit::parser::parse_expr(text.trim()).map_err(|_| bad("not a valid traversal"))?;
    let (root, ops) = match &expr {
        Expression::Traversal(t) => match &t.expr {
            Expression::Variable(v) => (
                v.as_str().to_string(),
                t.operators
                    .iter()
                    .map(|o| o.value().clone())
                    .collect::<Vec<_>>(),
            ),
            _ => return Err(bad("an address starts with a name")),
        },
        _ => return Err(bad("an address needs a resource type and name")),
    };
    let mut names: Vec<Step> = vec![Step::Name(root)];
    for op in ops {
        names.push(match op {
            TraversalOperator::GetAttr(a) => Step::Name(a.as_str().to_string()),
            TraversalOperator::Index(Expression::Number(n)) => {
                let i = n
                    .value()
                    .as_i64()
                    .ok_or_else(|| bad("an instance index is a whole number"))?;
                Step::Key(InstanceKey::Int(i))
            }
            TraversalOperator::LegacyIndex(i) => Step::Key(InstanceKey::Int(*i.value() as i64)),
            TraversalOperator::Index(Expression::String(s)) => {
                Step::Key(InstanceKey::Str(s.value().clone()))
            }
            _ => return Err(bad("an instance key is a number or a quoted string")),
        });
    }
    Ok(names)
}

/// The leading `module.name[key]` steps, and the index of the first step after them.
fn module_prefix(text: &str, names: &[Step]) -> Result<(ModuleInstance, usize), AddressError> {
    let mut module = ModuleInstance::root();
    let mut i = 0;
    while matches!(names.get(i), Some(Step::Name(n)) if n == "module") {
        let Some(Step::Name(name)) = names.get(i + 1) else {
            return Err(error(text, "module needs a name"));
        };
        let key = match names.get(i + 2) {
            Some(Step::Key(k)) => Some(k.clone()),
            _ => None,
        };
        i += 2 + usize::from(key.is_some());
        module = module.child(name, key);
    }
    Ok((module, i))
}

enum Step {
    Name(String),
    Key(InstanceKey),
}
