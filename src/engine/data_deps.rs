//! Whether a data source must wait for the apply: as in Terraform, it does
//! when a managed resource it refers to, or anything its `depends_on`
//! names, has changes planned, so it reads the world after those changes
//! rather than before them.

use hcl_edit::expr::Expression;

use super::graph::body_exprs;
use super::plan_model::{Action, ResourceChange};
use crate::addrs::{Mode, ModuleInstance};
use crate::config;
use crate::lang::references::references;

/// Names a reference root can have that are not resource types.
const NOT_RESOURCES: &[&str] = &[
    "var",
    "local",
    "module",
    "data",
    "path",
    "count",
    "each",
    "terraform",
    "self",
];

/// Whether `data` (declared in the module instance `module`) depends on a
/// planned change among `changes`.
pub(super) fn pending(
    data: &config::Resource,
    module: &ModuleInstance,
    changes: &[ResourceChange],
) -> bool {
    let mut exprs: Vec<&Expression> = Vec::new();
    exprs.extend(data.count.iter().map(|e| &e.expr));
    exprs.extend(data.for_each.iter().map(|e| &e.expr));
    body_exprs(&data.body.body, &mut exprs);
    let depends_on = data.depends_on.iter().map(|e| &e.expr);
    let changed = |c: &&ResourceChange| c.action != Action::NoOp;
    let resource_changed = |ty: &str, name: &str| {
        changes.iter().filter(changed).any(|c| {
            c.addr.module == *module
                && c.addr.resource.mode == Mode::Managed
                && c.addr.resource.type_name == ty
                && c.addr.resource.name == name
        })
    };
    let module_changed = |call: &str| {
        let depth = module.0.len();
        changes.iter().filter(changed).any(|c| {
            c.addr.module.0.len() > depth
                && c.addr.module.0[..depth] == module.0[..]
                && c.addr.module.0[depth].name == call
        })
    };
    let referred = exprs.into_iter().flat_map(references).any(|r| {
        !NOT_RESOURCES.contains(&r.root.as_str())
            && r.attrs
                .first()
                .is_some_and(|n| resource_changed(&r.root, n))
    });
    referred
        || depends_on
            .flat_map(references)
            .any(|r| match r.root.as_str() {
                "module" => r.attrs.first().is_some_and(|n| module_changed(n)),
                root if !NOT_RESOURCES.contains(&root) => {
                    r.attrs.first().is_some_and(|n| resource_changed(root, n))
                }
                _ => false,
            })
}
