//! The dependency graph: one node per configuration object (variable, local,
//! output, resource, module call) per module path, with edges from what each
//! refers to, `depends_on`, and module nesting. Instances (`count`,
//! `for_each`) are expanded while walking, not here.

use std::collections::HashMap;
use std::fmt;

use hcl_edit::expr::Expression;
use hcl_edit::structure::{Body, Structure};
use petgraph::algo::tarjan_scc;
use petgraph::graph::{DiGraph, NodeIndex};
use terrace_value::{Diagnostic, Diagnostics};

use super::config_tree::ConfigTree;
use crate::addrs::{Mode, Resource};
use crate::config::{self, Expr};
use crate::lang::references::{references, Reference};

/// What a node stands for.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum NodeKind {
    /// `variable "name"`.
    Variable(String),
    /// `locals { name = ... }`.
    Local(String),
    /// `output "name"`.
    Output(String),
    /// A `resource` or `data` block.
    Resource(Resource),
    /// A `module "name"` block: its expansion into instances.
    ModuleCall(String),
}

/// A node: an object in the module at `path`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Node {
    /// Call names from the root.
    pub path: Vec<String>,
    /// What it is.
    pub kind: NodeKind,
}

impl fmt::Display for Node {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for p in &self.path {
            write!(f, "module.{p}.")?;
        }
        match &self.kind {
            NodeKind::Variable(n) => write!(f, "var.{n}"),
            NodeKind::Local(n) => write!(f, "local.{n}"),
            NodeKind::Output(n) => write!(f, "output.{n}"),
            NodeKind::Resource(r) => write!(f, "{r}"),
            NodeKind::ModuleCall(n) => write!(f, "module.{n}"),
        }
    }
}

/// The dependency graph; an edge `a → b` means `b` needs `a` first.
pub struct Graph {
    /// The graph itself.
    pub graph: DiGraph<Node, ()>,
    /// Nodes by identity.
    pub index: HashMap<Node, NodeIndex>,
}

impl Graph {
    /// The index of `node`, if it exists.
    pub fn find(&self, node: &Node) -> Option<NodeIndex> {
        self.index.get(node).copied()
    }

    /// The graph in DOT syntax, for `terrace graph`.
    pub fn to_dot(&self) -> String {
        let mut out = String::from(
            "digraph {\n\tcompound = \"true\"\n\tnewrank = \"true\"\n\tsubgraph \"root\" {\n",
        );
        let mut nodes: Vec<&Node> = self.graph.node_weights().collect();
        nodes.sort();
        for n in &nodes {
            out.push_str(&format!(
                "\t\t\"[root] {n}\" [label = \"{n}\", shape = \"box\"]\n"
            ));
        }
        let mut edges: Vec<(String, String)> = self
            .graph
            .edge_indices()
            .filter_map(|e| self.graph.edge_endpoints(e))
            .map(|(a, b)| (self.graph[b].to_string(), self.graph[a].to_string()))
            .collect();
        edges.sort();
        for (from, to) in edges {
            out.push_str(&format!("\t\t\"[root] {from}\" -> \"[root] {to}\"\n"));
        }
        out.push_str("\t}\n}\n");
        out
    }
}

/// Builds the graph of the whole configuration; a cycle is an error naming
/// every object in it.
pub fn build(tree: &ConfigTree) -> Result<Graph, Diagnostics> {
    let mut g = Graph {
        graph: DiGraph::new(),
        index: HashMap::new(),
    };
    for m in tree.all() {
        let module = &m.module;
        let kinds = module
            .variables
            .keys()
            .map(|n| NodeKind::Variable(n.clone()))
            .chain(module.locals.keys().map(|n| NodeKind::Local(n.clone())))
            .chain(module.outputs.keys().map(|n| NodeKind::Output(n.clone())))
            .chain(
                module
                    .resources
                    .values()
                    .map(|r| NodeKind::Resource(resource_of(r))),
            )
            .chain(
                module
                    .module_calls
                    .keys()
                    .map(|n| NodeKind::ModuleCall(n.clone())),
            );
        for kind in kinds {
            let node = Node {
                path: m.path.clone(),
                kind,
            };
            let idx = g.graph.add_node(node.clone());
            g.index.insert(node, idx);
        }
    }
    for m in tree.all() {
        add_module_edges(tree, m, &mut g);
    }
    check_cycles(&g)?;
    Ok(g)
}

/// The address of a resource block.
pub fn resource_of(r: &config::Resource) -> Resource {
    let mode = if r.mode == config::Mode::Data {
        Mode::Data
    } else {
        Mode::Managed
    };
    Resource {
        mode,
        type_name: r.ty.clone(),
        name: r.name.clone(),
    }
}

fn add_module_edges(tree: &ConfigTree, m: &ConfigTree, g: &mut Graph) {
    let path = &m.path;
    let node = |kind| Node {
        path: path.clone(),
        kind,
    };
    let mut edges: Vec<(Node, Node)> = Vec::new();
    let depend = |target: Node,
                  exprs: &mut dyn Iterator<Item = &Expression>,
                  edges: &mut Vec<(Node, Node)>| {
        for e in exprs {
            for r in references(e) {
                for dep in targets(tree, path, &r) {
                    edges.push((dep, target.clone()));
                }
            }
        }
    };
    for (name, l) in &m.module.locals {
        depend(
            node(NodeKind::Local(name.clone())),
            &mut std::iter::once(&l.expr.expr),
            &mut edges,
        );
    }
    for (name, o) in &m.module.outputs {
        let mut exprs = std::iter::once(&o.value.expr)
            .chain(o.depends_on.iter().map(|e| &e.expr))
            .chain(
                o.preconditions
                    .iter()
                    .flat_map(|c| [&c.condition.expr, &c.error_message.expr]),
            );
        depend(node(NodeKind::Output(name.clone())), &mut exprs, &mut edges);
    }
    for (name, v) in &m.module.variables {
        let mut exprs = v
            .validations
            .iter()
            .flat_map(|c| [&c.condition.expr, &c.error_message.expr]);
        depend(
            node(NodeKind::Variable(name.clone())),
            &mut exprs,
            &mut edges,
        );
    }
    for r in m.module.resources.values() {
        let mut all: Vec<&Expression> = Vec::new();
        all.extend(r.count.iter().map(|e| &e.expr));
        all.extend(r.for_each.iter().map(|e| &e.expr));
        all.extend(r.depends_on.iter().map(|e| &e.expr));
        all.extend(r.lifecycle.replace_triggered_by.iter().map(|e| &e.expr));
        all.extend(
            r.lifecycle
                .preconditions
                .iter()
                .chain(&r.lifecycle.postconditions)
                .flat_map(|c| [&c.condition.expr, &c.error_message.expr]),
        );
        body_exprs(&r.body.body, &mut all);
        depend(
            node(NodeKind::Resource(resource_of(r))),
            &mut all.into_iter(),
            &mut edges,
        );
        // A resource waits for what its provider's configuration refers to.
        for e in provider_config_exprs(tree, path, r) {
            for reference in references(e) {
                for dep in targets(tree, &[], &reference) {
                    edges.push((dep, node(NodeKind::Resource(resource_of(r)))));
                }
            }
        }
    }
    // An import block's ID is evaluated when its target is planned.
    for imp in &m.module.imports {
        if let Ok(addr) = super::import_blocks::target(imp) {
            let target = Node {
                path: addr.module.config_path(),
                kind: NodeKind::Resource(addr.resource),
            };
            depend(target, &mut std::iter::once(&imp.id.expr), &mut edges);
        }
    }
    for (name, call) in &m.module.module_calls {
        let call_node = node(NodeKind::ModuleCall(name.clone()));
        let mut exprs = call
            .count
            .iter()
            .chain(call.for_each.iter())
            .chain(call.depends_on.iter())
            .map(|e: &Expr| &e.expr);
        depend(call_node.clone(), &mut exprs, &mut edges);
        let Some(child) = m.children.get(name) else {
            continue;
        };
        for (input, e) in &call.inputs {
            if child.module.variables.contains_key(input) {
                let target = Node {
                    path: child.path.clone(),
                    kind: NodeKind::Variable(input.clone()),
                };
                depend(target, &mut std::iter::once(&e.expr), &mut edges);
            }
        }
        // Everything inside the child waits for the call's expansion.
        for idx in g.graph.node_indices() {
            if g.graph[idx].path.starts_with(&child.path) {
                edges.push((call_node.clone(), g.graph[idx].clone()));
            }
        }
    }
    for (from, to) in edges {
        if let (Some(a), Some(b)) = (g.find(&from), g.find(&to)) {
            if a != b || matches!(from.kind, NodeKind::Local(_) | NodeKind::Resource(_)) {
                g.graph.update_edge(a, b, ());
            }
        }
    }
}

/// The expressions of the root `provider` block that serves `r` (declared
/// in the module at `path`), its `for_each` included.
fn provider_config_exprs<'a>(
    tree: &'a ConfigTree,
    path: &[String],
    r: &config::Resource,
) -> Vec<&'a Expression> {
    let written = r
        .provider
        .as_ref()
        .and_then(|e| super::provider_resolve::written(&e.expr));
    let (local, alias) = match written {
        Some(w) => (w.local, w.alias),
        None => (
            super::providers::ProviderSet::implied(&r.ty).to_string(),
            None,
        ),
    };
    let (local, alias) = super::provider_resolve::root_config(tree, path, &local, alias.as_deref());
    let mut out = Vec::new();
    for p in tree
        .module
        .providers
        .iter()
        .filter(|p| p.name == local && p.alias == alias)
    {
        out.extend(p.for_each.iter().map(|e| &e.expr));
        body_exprs(&p.body.body, &mut out);
    }
    out
}

/// Every expression in a block body, nested and dynamic blocks included.
pub fn body_exprs<'a>(body: &'a Body, out: &mut Vec<&'a Expression>) {
    for s in body.iter() {
        match s {
            Structure::Attribute(a) => out.push(&a.value),
            Structure::Block(b) => body_exprs(&b.body, out),
        }
    }
}

/// The nodes a reference made in the module at `path` depends on.
fn targets(tree: &ConfigTree, path: &[String], r: &Reference) -> Vec<Node> {
    let Some(m) = tree.get(path) else {
        return Vec::new();
    };
    let at = |kind| {
        vec![Node {
            path: path.to_vec(),
            kind,
        }]
    };
    let first = r.attrs.first();
    match (r.root.as_str(), first) {
        ("var", Some(n)) if m.module.variables.contains_key(n) => at(NodeKind::Variable(n.clone())),
        ("local", Some(n)) if m.module.locals.contains_key(n) => at(NodeKind::Local(n.clone())),
        ("module", Some(n)) if m.module.module_calls.contains_key(n) => {
            let mut out = at(NodeKind::ModuleCall(n.clone()));
            if let Some(child) = m.children.get(n) {
                let wanted = r.attrs.get(1);
                for o in child.module.outputs.keys() {
                    if wanted.is_none_or(|w| w == o) {
                        out.push(Node {
                            path: child.path.clone(),
                            kind: NodeKind::Output(o.clone()),
                        });
                    }
                }
            }
            out
        }
        ("data", Some(t)) => match r.attrs.get(1) {
            Some(n) if m.module.resources.contains_key(&format!("data.{t}.{n}")) => {
                at(NodeKind::Resource(Resource {
                    mode: Mode::Data,
                    type_name: t.clone(),
                    name: n.clone(),
                }))
            }
            _ => Vec::new(),
        },
        (t, Some(n)) if m.module.resources.contains_key(&format!("{t}.{n}")) => {
            at(NodeKind::Resource(Resource {
                mode: Mode::Managed,
                type_name: t.to_string(),
                name: n.clone(),
            }))
        }
        _ => Vec::new(),
    }
}

fn check_cycles(g: &Graph) -> Result<(), Diagnostics> {
    let mut diags = Diagnostics::new();
    for scc in tarjan_scc(&g.graph) {
        let self_loop = scc.len() == 1 && g.graph.find_edge(scc[0], scc[0]).is_some();
        if scc.len() > 1 || self_loop {
            let mut names: Vec<String> = scc.iter().map(|i| g.graph[*i].to_string()).collect();
            names.sort();
            diags.push(Diagnostic::error(
                "Cycle",
                format!(
                    "The configuration refers to itself in a cycle: {}.",
                    names.join(", ")
                ),
            ));
        }
    }
    if diags.is_empty() {
        Ok(())
    } else {
        Err(diags)
    }
}
