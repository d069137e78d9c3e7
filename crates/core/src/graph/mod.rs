//! Named dependency graphs: checks, waves and transitive closures.
//!
//! A [`DepGraph`] is built from named nodes, each with the names it depends on. Building
//! checks every problem at once: unknown dependencies (with a "did you mean"), a node
//! depending on itself, and cycles, each cycle named by all of its members (petgraph's
//! `toposort` names only one node of a cycle, so cycles come from `tarjan_scc`).
//! Unknown names are checked before any edge is added. Errors carry indices so that the
//! caller can point at the exact entry in its own file.
//!
//! Waves are longest-path layers: a node's wave is one more than the highest wave of its
//! dependencies, so every node runs as early as its dependencies allow.
//!
//! [`config`] holds the model of `deployment-config.yaml`, the service graph both
//! `devplat changes` and `devplat plan` read (tool crates may not depend on each other,
//! so the file they share lives here).

pub mod config;

use std::collections::{HashMap, VecDeque};

use petgraph::algo::{tarjan_scc, toposort};
use petgraph::graph::{DiGraph, NodeIndex};

/// What is wrong with a graph. Indices refer to the input order of nodes and, for
/// `dep`, the position in that node's dependency list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum GraphError {
    /// `node` depends on a name that is not a node.
    UnknownDependency {
        node: usize,
        dep: usize,
        name: String,
        suggestion: Option<String>,
    },
    /// `node` lists itself as a dependency.
    SelfDependency { node: usize, dep: usize },
    /// Two nodes have the same name (the second is `node`).
    DuplicateNode { node: usize, first: usize },
    /// These nodes depend on each other in a cycle (input order, at least two; a cycle
    /// through the nodes in `path` order, first node repeated implicitly).
    Cycle {
        members: Vec<usize>,
        path: Vec<usize>,
    },
}

impl GraphError {
    /// The stable diagnostic code of this error.
    pub fn code(&self) -> &'static str {
        match self {
            GraphError::UnknownDependency { .. } => "unknown-dependency",
            GraphError::SelfDependency { .. } => "self-dependency",
            GraphError::DuplicateNode { .. } => "duplicate-service",
            GraphError::Cycle { .. } => "dependency-cycle",
        }
    }
}

/// A checked, acyclic dependency graph.
#[derive(Clone, Debug)]
pub struct DepGraph {
    names: Vec<String>,
    index: HashMap<String, usize>,
    deps: Vec<Vec<usize>>,
    dependents: Vec<Vec<usize>>,
    /// Nodes in an order where every dependency comes before its dependents.
    topo: Vec<usize>,
    wave: Vec<usize>,
}

impl DepGraph {
    /// Build and check a graph from `(name, dependency names)` in input order.
    /// Duplicate entries in one dependency list count once.
    pub fn build<N, D>(nodes: &[(N, Vec<D>)]) -> Result<DepGraph, Vec<GraphError>>
    where
        N: AsRef<str>,
        D: AsRef<str>,
    {
        let mut errors = Vec::new();
        let mut index: HashMap<String, usize> = HashMap::with_capacity(nodes.len());
        let mut names = Vec::with_capacity(nodes.len());
        for (i, (name, _)) in nodes.iter().enumerate() {
            let name = name.as_ref();
            if let Some(&first) = index.get(name) {
                errors.push(GraphError::DuplicateNode { node: i, first });
            } else {
                index.insert(name.to_owned(), i);
            }
            names.push(name.to_owned());
        }
        let mut deps: Vec<Vec<usize>> = vec![Vec::new(); nodes.len()];
        for (i, (_, list)) in nodes.iter().enumerate() {
            for (k, dep) in list.iter().enumerate() {
                let dep = dep.as_ref();
                match index.get(dep) {
                    None => errors.push(GraphError::UnknownDependency {
                        node: i,
                        dep: k,
                        name: dep.to_owned(),
                        suggestion: crate::suggest::closest(dep, names.iter().map(String::as_str))
                            .map(str::to_owned),
                    }),
                    Some(&j) if j == i => {
                        errors.push(GraphError::SelfDependency { node: i, dep: k })
                    }
                    Some(&j) => {
                        if let Some(d) = deps.get_mut(i)
                            && !d.contains(&j)
                        {
                            d.push(j);
                        }
                    }
                }
            }
        }
        let mut g: DiGraph<usize, ()> = DiGraph::with_capacity(nodes.len(), nodes.len());
        let ids: Vec<NodeIndex> = (0..nodes.len()).map(|i| g.add_node(i)).collect();
        let mut dependents: Vec<Vec<usize>> = vec![Vec::new(); nodes.len()];
        for (i, list) in deps.iter().enumerate() {
            for &j in list {
                if let (Some(&from), Some(&to)) = (ids.get(j), ids.get(i)) {
                    g.add_edge(from, to, ());
                }
                if let Some(d) = dependents.get_mut(j) {
                    d.push(i);
                }
            }
        }
        let topo = match toposort(&g, None) {
            Ok(order) => order.into_iter().map(NodeIndex::index).collect::<Vec<_>>(),
            Err(_) => {
                for scc in tarjan_scc(&g) {
                    if scc.len() > 1 {
                        let mut members: Vec<usize> = scc.iter().map(|n| n.index()).collect();
                        members.sort_unstable();
                        let path = cycle_path(&deps, &members);
                        errors.push(GraphError::Cycle { members, path });
                    }
                }
                Vec::new()
            }
        };
        if !errors.is_empty() {
            errors.sort_by_key(|e| match e {
                GraphError::DuplicateNode { node, .. }
                | GraphError::UnknownDependency { node, .. }
                | GraphError::SelfDependency { node, .. } => *node,
                GraphError::Cycle { members, .. } => members.first().copied().unwrap_or(0),
            });
            return Err(errors);
        }
        let mut wave = vec![0usize; nodes.len()];
        for &n in &topo {
            let w = deps
                .get(n)
                .into_iter()
                .flatten()
                .filter_map(|d| wave.get(*d))
                .map(|w| w.saturating_add(1))
                .max()
                .unwrap_or(0);
            if let Some(slot) = wave.get_mut(n) {
                *slot = w;
            }
        }
        Ok(DepGraph {
            names,
            index,
            deps,
            dependents,
            topo,
            wave,
        })
    }

    pub fn len(&self) -> usize {
        self.names.len()
    }

    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }

    pub fn name(&self, node: usize) -> &str {
        self.names.get(node).map_or("", String::as_str)
    }

    pub fn index_of(&self, name: &str) -> Option<usize> {
        self.index.get(name).copied()
    }

    /// Direct dependencies of `node`, in the order they were declared.
    pub fn dependencies(&self, node: usize) -> &[usize] {
        self.deps.get(node).map_or(&[], Vec::as_slice)
    }

    /// Direct dependents of `node`.
    pub fn dependents(&self, node: usize) -> &[usize] {
        self.dependents.get(node).map_or(&[], Vec::as_slice)
    }

    /// Nodes with every dependency before its dependents.
    pub fn topological_order(&self) -> &[usize] {
        &self.topo
    }

    /// The wave of `node` in the whole graph (0-based).
    pub fn wave(&self, node: usize) -> usize {
        self.wave.get(node).copied().unwrap_or(0)
    }

    /// Waves of the whole graph; nodes in a wave are sorted by name.
    pub fn waves(&self) -> Vec<Vec<usize>> {
        self.waves_of(&vec![true; self.len()])
    }

    /// Waves of the `selected` nodes only. An unselected node in between still orders
    /// its selected dependencies before its selected dependents (the order follows
    /// transitive dependencies), and no wave is empty.
    pub fn waves_of(&self, selected: &[bool]) -> Vec<Vec<usize>> {
        let is_sel = |n: usize| selected.get(n).copied().unwrap_or(false);
        // height[n]: the wave `n` gets if selected = max over dependencies d of
        // height[d] + 1 when d is selected, height[d] when it is not.
        let mut height = vec![0usize; self.len()];
        for &n in &self.topo {
            let h = self
                .dependencies(n)
                .iter()
                .map(|&d| {
                    let hd = height.get(d).copied().unwrap_or(0);
                    if is_sel(d) { hd.saturating_add(1) } else { hd }
                })
                .max()
                .unwrap_or(0);
            if let Some(slot) = height.get_mut(n) {
                *slot = h;
            }
        }
        let mut waves: Vec<Vec<usize>> = Vec::new();
        for n in (0..self.len()).filter(|&n| is_sel(n)) {
            let h = height.get(n).copied().unwrap_or(0);
            while waves.len() <= h {
                waves.push(Vec::new());
            }
            if let Some(w) = waves.get_mut(h) {
                w.push(n);
            }
        }
        for w in &mut waves {
            w.sort_by(|a, b| self.name(*a).cmp(self.name(*b)));
        }
        waves.retain(|w| !w.is_empty());
        waves
    }

    /// Every node reachable from `seeds` through dependents (`Direction::Dependents`) or
    /// dependencies, with the shortest chain that reaches it: `chain[n]` is `None` for
    /// nodes not reached, `Some(vec![])` for seeds, otherwise the path from a seed to `n`
    /// (seed first, `n` last).
    pub fn closure(&self, seeds: &[usize], direction: Direction) -> Vec<Option<Vec<usize>>> {
        let mut parent: Vec<Option<usize>> = vec![None; self.len()];
        let mut reached = vec![false; self.len()];
        let mut queue = VecDeque::new();
        let mut sorted_seeds = seeds.to_vec();
        sorted_seeds.sort_by(|a, b| self.name(*a).cmp(self.name(*b)));
        for &s in &sorted_seeds {
            if let Some(r) = reached.get_mut(s)
                && !*r
            {
                *r = true;
                queue.push_back(s);
            }
        }
        while let Some(n) = queue.pop_front() {
            let next = match direction {
                Direction::Dependents => self.dependents(n),
                Direction::Dependencies => self.dependencies(n),
            };
            for &m in next {
                if let Some(r) = reached.get_mut(m)
                    && !*r
                {
                    *r = true;
                    if let Some(p) = parent.get_mut(m) {
                        *p = Some(n);
                    }
                    queue.push_back(m);
                }
            }
        }
        (0..self.len())
            .map(|n| {
                if !reached.get(n).copied().unwrap_or(false) {
                    return None;
                }
                let mut chain = Vec::new();
                let mut cur = n;
                while let Some(Some(p)) = parent.get(cur) {
                    chain.push(cur);
                    cur = *p;
                }
                if chain.is_empty() {
                    return Some(Vec::new());
                }
                chain.push(cur);
                chain.reverse();
                Some(chain)
            })
            .collect()
    }
}

/// Which way [`DepGraph::closure`] walks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    /// Towards what depends on the seeds (what must be redeployed after them).
    Dependents,
    /// Towards what the seeds depend on.
    Dependencies,
}

/// A cycle through the strongly connected `members`, following dependency edges from the
/// first member until it comes back (every member of an SCC lies on some cycle, but one
/// simple cycle need not pass through all; this is the one shown in messages).
fn cycle_path(deps: &[Vec<usize>], members: &[usize]) -> Vec<usize> {
    let Some(&start) = members.first() else {
        return Vec::new();
    };
    let in_scc = |n: usize| members.binary_search(&n).is_ok();
    // Breadth-first search from `start` back to `start` inside the SCC.
    let mut parent: HashMap<usize, usize> = HashMap::new();
    let mut queue = VecDeque::from([start]);
    while let Some(n) = queue.pop_front() {
        for &d in deps.get(n).into_iter().flatten() {
            if !in_scc(d) {
                continue;
            }
            if d == start {
                let mut path = vec![n];
                let mut cur = n;
                while let Some(&p) = parent.get(&cur) {
                    path.push(p);
                    cur = p;
                }
                path.reverse();
                return path;
            }
            if d != start && !parent.contains_key(&d) {
                parent.insert(d, n);
                queue.push_back(d);
            }
        }
    }
    members.to_vec()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn g(spec: &[(&str, &[&str])]) -> Result<DepGraph, Vec<GraphError>> {
        let nodes: Vec<(String, Vec<String>)> = spec
            .iter()
            .map(|(n, d)| ((*n).to_owned(), d.iter().map(|s| (*s).to_owned()).collect()))
            .collect();
        DepGraph::build(&nodes)
    }

    fn names(g: &DepGraph, waves: &[Vec<usize>]) -> Vec<Vec<String>> {
        waves
            .iter()
            .map(|w| w.iter().map(|n| g.name(*n).to_owned()).collect())
            .collect()
    }

    #[test]
    fn brief_example_waves() {
        let graph = g(&[
            ("database", &[]),
            ("backend-api", &["database"]),
            ("frontend", &["backend-api"]),
            ("worker-service", &["database", "backend-api"]),
        ])
        .unwrap();
        assert_eq!(
            names(&graph, &graph.waves()),
            vec![
                vec!["database"],
                vec!["backend-api"],
                vec!["frontend", "worker-service"]
            ]
        );
        // database and frontend only: frontend still waits for database.
        let sel = [true, false, true, false];
        assert_eq!(
            names(&graph, &graph.waves_of(&sel)),
            vec![vec!["database"], vec!["frontend"]]
        );
        let reach = graph.closure(&[0], Direction::Dependents);
        assert_eq!(reach[2], Some(vec![0, 1, 2]));
        assert_eq!(reach[0], Some(vec![]));
        let up = graph.closure(&[2], Direction::Dependencies);
        assert_eq!(up[0], Some(vec![2, 1, 0]));
        assert_eq!(up[3], None);
    }

    #[test]
    fn errors_are_all_reported() {
        let errs = g(&[("a", &["c"]), ("b", &["a"]), ("c", &["b"]), ("d", &["a"])]).unwrap_err();
        assert_eq!(
            errs,
            vec![GraphError::Cycle {
                members: vec![0, 1, 2],
                path: vec![0, 2, 1]
            }]
        );
        let errs = g(&[("a", &["a"]), ("b", &["nope", "bb"]), ("b", &[])]).unwrap_err();
        assert_eq!(errs.len(), 4);
        assert_eq!(errs[0], GraphError::SelfDependency { node: 0, dep: 0 });
        assert_eq!(
            errs[1],
            GraphError::UnknownDependency {
                node: 1,
                dep: 0,
                name: "nope".into(),
                suggestion: None
            }
        );
        assert!(
            matches!(&errs[2], GraphError::UnknownDependency { suggestion: Some(s), .. } if s == "b")
        );
        assert_eq!(errs[3].code(), "duplicate-service");
    }
}
