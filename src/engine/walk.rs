//! A concurrent walk over a dependency graph: a node starts when everything
//! it depends on has finished; when one fails, what depends on it is skipped
//! and independent branches go on. It knows nothing about what nodes are.

use std::collections::{HashMap, HashSet, VecDeque};
use std::future::Future;

use futures::stream::{FuturesUnordered, StreamExt};
use petgraph::graph::{DiGraph, NodeIndex};
use petgraph::Direction;

/// What happened to the nodes of a walk.
#[derive(Debug, Default)]
pub struct WalkOutcome {
    /// Nodes whose visit failed.
    pub failed: Vec<NodeIndex>,
    /// Nodes not visited because something they depend on failed, or
    /// because the walk was stopped.
    pub skipped: Vec<NodeIndex>,
}

/// Visits every node of `graph` in dependency order (reverse order when
/// `reverse`, as destroying needs), at most `width` at a time. `visit`
/// returns whether the node succeeded; `stop` is checked before starting
/// each node, so an interrupt lets running visits finish but starts no more.
pub async fn walk<N, F, Fut>(
    graph: &DiGraph<N, ()>,
    width: usize,
    reverse: bool,
    stop: impl Fn() -> bool,
    mut visit: F,
) -> WalkOutcome
where
    F: FnMut(NodeIndex) -> Fut,
    Fut: Future<Output = bool>,
{
    let (deps, dependents) = if reverse {
        (Direction::Outgoing, Direction::Incoming)
    } else {
        (Direction::Incoming, Direction::Outgoing)
    };
    let mut waiting: HashMap<NodeIndex, usize> = graph
        .node_indices()
        .map(|n| (n, graph.neighbors_directed(n, deps).count()))
        .collect();
    let mut ready: VecDeque<NodeIndex> = graph.node_indices().filter(|n| waiting[n] == 0).collect();
    let mut blocked: HashSet<NodeIndex> = HashSet::new();
    let mut outcome = WalkOutcome::default();
    let mut running = FuturesUnordered::new();
    loop {
        while running.len() < width.max(1) {
            let Some(n) = ready.pop_front() else { break };
            if stop() {
                blocked.insert(n);
                continue;
            }
            let fut = visit(n);
            running.push(async move { (n, fut.await) });
        }
        let Some((n, ok)) = running.next().await else {
            break;
        };
        if !ok {
            outcome.failed.push(n);
            let mut queue = VecDeque::from([n]);
            while let Some(x) = queue.pop_front() {
                for d in graph.neighbors_directed(x, dependents) {
                    if blocked.insert(d) {
                        queue.push_back(d);
                    }
                }
            }
            continue;
        }
        for d in graph.neighbors_directed(n, dependents) {
            let w = waiting.entry(d).or_insert(1);
            *w = w.saturating_sub(1);
            if *w == 0 && !blocked.contains(&d) {
                ready.push_back(d);
            }
        }
    }
    let failed: HashSet<NodeIndex> = outcome.failed.iter().copied().collect();
    outcome.skipped = blocked
        .into_iter()
        .filter(|n| !failed.contains(n))
        .collect();
    outcome.skipped.sort();
    outcome
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex;

    #[test]
    fn order_failure_and_skips() {
        // a → b → c, a → d, e (independent); b fails.
        let mut g: DiGraph<&str, ()> = DiGraph::new();
        let [a, b, c, d, e] = ["a", "b", "c", "d", "e"].map(|n| g.add_node(n));
        g.add_edge(a, b, ());
        g.add_edge(b, c, ());
        g.add_edge(a, d, ());
        let seen = Mutex::new(Vec::new());
        let rt = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        let out = rt.block_on(walk(
            &g,
            4,
            false,
            || false,
            |n| {
                seen.lock().unwrap().push(g[n]);
                let ok = g[n] != "b";
                async move { ok }
            },
        ));
        let seen = seen.into_inner().unwrap();
        assert!(seen.iter().position(|x| *x == "a") < seen.iter().position(|x| *x == "b"));
        assert!(seen.contains(&"d") && seen.contains(&"e"));
        assert!(!seen.contains(&"c"));
        assert_eq!(out.failed, vec![b]);
        assert_eq!(out.skipped, vec![c]);
        let _ = e;
        let rev = rt.block_on(walk(&g, 1, true, || false, |_| async { true }));
        assert!(rev.failed.is_empty() && rev.skipped.is_empty());
    }
}
