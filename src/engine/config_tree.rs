//! The whole configuration: the root module and, recursively, the modules it
//! calls (local sources), each loaded once per call.

use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};

use terrace_value::{Diagnostic, Diagnostics};

use crate::config::{load_module, Module};

/// A module and the modules its `module` blocks call, by call name.
#[derive(Debug)]
pub struct ConfigTree {
    /// Call names from the root (`[]` for the root module).
    pub path: Vec<String>,
    /// This module's configuration.
    pub module: Module,
    /// Called modules, by call name.
    pub children: BTreeMap<String, ConfigTree>,
}

impl ConfigTree {
    /// The module at `path` below this one.
    pub fn get(&self, path: &[String]) -> Option<&ConfigTree> {
        match path.split_first() {
            None => Some(self),
            Some((first, rest)) => self.children.get(first)?.get(rest),
        }
    }

    /// Every module of the tree, parents before children.
    pub fn all(&self) -> Vec<&ConfigTree> {
        let mut out = vec![self];
        for child in self.children.values() {
            out.extend(child.all());
        }
        out
    }
}

/// Loads the module in `dir` and every module it calls.
pub fn load_tree(dir: &Path, cwd: &Path) -> (ConfigTree, Diagnostics) {
    let mut diags = Diagnostics::new();
    let tree = load(dir, cwd, Vec::new(), &mut diags, 0);
    (tree, diags)
}

fn display(dir: &Path, cwd: &Path) -> String {
    match dir.strip_prefix(cwd) {
        Ok(rel) if rel.as_os_str().is_empty() => ".".into(),
        Ok(rel) => rel.display().to_string(),
        Err(_) => dir.display().to_string(),
    }
}

fn load(
    dir: &Path,
    cwd: &Path,
    path: Vec<String>,
    diags: &mut Diagnostics,
    depth: usize,
) -> ConfigTree {
    let (module, d) = load_module(dir, &display(dir, cwd));
    diags.extend(d);
    let mut children = BTreeMap::new();
    for (name, call) in &module.module_calls {
        if !(call.source.starts_with("./") || call.source.starts_with("../")) {
            diags.push(
                Diagnostic::error(
                    "Unsupported module source",
                    format!("Module {name:?} has source {:?}; only local paths (starting with ./ or ../) are supported.", call.source),
                )
                .at(call.range.clone()),
            );
            continue;
        }
        if depth > 32 {
            diags.push(Diagnostic::error("Module nesting too deep", format!("Module {name:?} is nested more than 32 levels deep; is a module calling itself?")).at(call.range.clone()));
            continue;
        }
        let child_dir = normalize(&dir.join(&call.source));
        if !child_dir.is_dir() {
            diags.push(
                Diagnostic::error(
                    "Module not found",
                    format!(
                        "The module directory {} for module {name:?} does not exist.",
                        display(&child_dir, cwd)
                    ),
                )
                .at(call.range.clone()),
            );
            continue;
        }
        let mut child_path = path.clone();
        child_path.push(name.clone());
        children.insert(
            name.clone(),
            load(&child_dir, cwd, child_path, diags, depth + 1),
        );
    }
    ConfigTree {
        path,
        module,
        children,
    }
}

/// `a/b/../c` → `a/c`, without touching the file system.
fn normalize(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            Component::CurDir => {}
            other => out.push(other.as_os_str()),
        }
    }
    out
}
