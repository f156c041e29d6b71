//! The responsibility graph of an agreement: who hosts, leads, commissions,
//! owns, reports and answers to whom. The only user of petgraph.
//!
//! Built from a resolved [`Agreement`] in one pass over its lists, one node
//! per partner, external body, governance body, pool or aligned budget,
//! commissioned function and obligation, in that order, so node order (and
//! everything drawn from the graph) follows the file. Each edge keeps the
//! span of the words that made it, so a rule that finds a loop or a
//! contradiction can point at every step.
//!
//! The graph algorithms used here are iterative: a chain of a million
//! reporting lines cannot exhaust the stack.

mod bundle;
pub mod draw;
mod fit;
pub mod layout;
pub mod render;
pub mod views;

use petgraph::graph::{DiGraph, EdgeIndex, NodeIndex};
use petgraph::visit::EdgeRef;
use petgraph::Direction;

use crate::model::{Action, Agreement, Kind, PoolKind, Ref};
use crate::source::Span;

/// What a node stands for: a kind of thing and its index in the agreement's
/// list of that kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Node {
    /// The kind of thing.
    pub kind: NodeKind,
    /// Its index in the agreement's list of that kind (pools and aligned
    /// budgets share `pools`). A graph's nodes are numbered in 32 bits.
    pub index: u32,
}

/// The kinds of node.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum NodeKind {
    /// A party to the agreement.
    Partner,
    /// A body named that is not a party.
    External,
    /// A governance body.
    Body,
    /// A pooled fund.
    Pool,
    /// An aligned budget.
    Aligned,
    /// A commissioned function.
    Function,
    /// An obligation.
    Obligation,
}

impl NodeKind {
    /// The word for it.
    pub fn word(self) -> &'static str {
        match self {
            NodeKind::Partner => "partner",
            NodeKind::External => "external body",
            NodeKind::Body => "governance body",
            NodeKind::Pool => "pooled fund",
            NodeKind::Aligned => "aligned budget",
            NodeKind::Function => "function",
            NodeKind::Obligation => "obligation",
        }
    }
}

/// What an edge says, read from its source to its target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum EdgeKind {
    /// Partner → pool: the host partner holds the pool's accounts.
    Hosts,
    /// Partner → function: the lead commissioner.
    Leads,
    /// Function → partner: the function is commissioned on the partner's
    /// behalf.
    CommissionedFor,
    /// Partner → partner: a partner delegates a function to its lead
    /// commissioner.
    Delegates,
    /// Pool → function: the pool pays for the function.
    Funds,
    /// External → pool: a grant paid in from outside.
    PaysGrant,
    /// Partner → body: seats on a governance body.
    SitsOn,
    /// Partner → obligation: accountable for meeting it.
    Owns,
    /// Obligation → body or partner: reports on it go there.
    ReportsTo,
    /// Obligation → body: a miss is escalated there.
    EscalatesTo,
    /// Body → body or partner: the body answers to it.
    AccountableTo,
    /// Partner → pool: the partner pays a contribution in. Drawn only in the
    /// money view ([`views`]); the whole graph leaves it out, as the pool's
    /// table gives the figures.
    PaysInto,
}

impl EdgeKind {
    /// The words for it, as drawn on the edge.
    pub fn words(self) -> &'static str {
        match self {
            EdgeKind::Hosts => "hosts",
            EdgeKind::Leads => "leads",
            EdgeKind::CommissionedFor => "commissioned for",
            EdgeKind::Delegates => "delegates to",
            EdgeKind::Funds => "funds",
            EdgeKind::PaysGrant => "pays grant",
            EdgeKind::SitsOn => "sits on",
            EdgeKind::Owns => "owns",
            EdgeKind::ReportsTo => "reports to",
            EdgeKind::EscalatesTo => "escalates to",
            EdgeKind::AccountableTo => "accountable to",
            EdgeKind::PaysInto => "pays into",
        }
    }

    /// Whether the edge is a line of reporting or accountability: the lines
    /// that must reach the governing body without a loop.
    pub fn is_accountability(self) -> bool {
        matches!(self, EdgeKind::ReportsTo | EdgeKind::AccountableTo)
    }
}

/// An edge: what it says and where the agreement says it (16 bytes: a
/// graph of a million lines of accountability holds a million).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Edge {
    /// What it says.
    pub kind: EdgeKind,
    /// The words that made it (the reference to the edge's target, or for
    /// `Owns` and `SitsOn` to its source).
    pub span: Span,
}

/// One step along an edge: from, to, and the edge.
pub type Step = (NodeIndex, NodeIndex, Edge);

// A graph of a million lines of accountability is a million of each.
const _: () = assert!(std::mem::size_of::<Node>() == 8);
const _: () = assert!(std::mem::size_of::<Edge>() == 16);

/// Each node's lines of reporting and accountability in one list, in file
/// order: node n's are `edges[first[n]..first[n + 1]]`. One allocation for
/// the whole graph, where a list per node would cost one each. Positions
/// are 32 bits, as petgraph's edge numbers are.
struct Lines {
    first: Vec<u32>,
    edges: Vec<EdgeIndex>,
}

impl Lines {
    /// Where `node`'s lines start.
    fn first(&self, node: NodeIndex) -> u32 {
        self.first.get(node.index()).copied().unwrap_or(0)
    }

    /// The line of `node` at position `at` of the list, if it is one of
    /// `node`'s.
    fn at(&self, node: NodeIndex, at: u32) -> Option<EdgeIndex> {
        let end = self.first.get(node.index() + 1).copied()?;
        if at < end {
            self.edges.get(at as usize).copied()
        } else {
            None
        }
    }
}

/// The responsibility graph of one agreement, naming its nodes by the
/// agreement's own text.
#[derive(Debug, Clone)]
pub struct ResponsibilityGraph<'a> {
    graph: DiGraph<Node, Edge>,
    /// The first node index of each kind, in `NodeKind` order, and the end.
    starts: [usize; 8],
    governing: Option<NodeIndex>,
    /// The agreement, where each node's id and name are read.
    agreement: &'a Agreement,
}

impl<'a> ResponsibilityGraph<'a> {
    /// Builds the graph of an agreement (which may be incomplete: references
    /// that did not resolve are simply absent).
    pub fn build(agreement: &'a Agreement) -> ResponsibilityGraph<'a> {
        let a = agreement;
        // Room for every node, and as many edges to start with: a graph of
        // a million nodes is not moved as it doubles.
        let nodes = a.partners.len()
            + a.externals.len()
            + a.bodies.len()
            + a.pools.len()
            + a.functions.len()
            + a.obligations.len();
        let mut graph = DiGraph::with_capacity(nodes, nodes);
        let pools = a.pools.iter().enumerate().map(|(i, p)| {
            let kind = match p.kind {
                PoolKind::Pooled => NodeKind::Pool,
                PoolKind::Aligned => NodeKind::Aligned,
            };
            (kind, i)
        });
        let all = (0..a.partners.len())
            .map(|i| (NodeKind::Partner, i))
            .chain((0..a.externals.len()).map(|i| (NodeKind::External, i)))
            .chain((0..a.bodies.len()).map(|i| (NodeKind::Body, i)))
            // Pools and aligned budgets share one list; their nodes follow it.
            .chain(pools)
            .chain((0..a.functions.len()).map(|i| (NodeKind::Function, i)))
            .chain((0..a.obligations.len()).map(|i| (NodeKind::Obligation, i)));
        for (kind, index) in all {
            // Never past 32 bits: petgraph numbers the nodes in 32 bits too.
            let index = u32::try_from(index).unwrap_or(u32::MAX);
            graph.add_node(Node { kind, index });
        }
        let mut starts = [0; 8];
        let lengths = [
            a.partners.len(),
            a.externals.len(),
            a.bodies.len(),
            a.pools.len(),
            0,
            a.functions.len(),
            a.obligations.len(),
        ];
        for (slot, length) in lengths.iter().enumerate() {
            let start = starts.get(slot).copied().unwrap_or(0);
            if let Some(next) = starts.get_mut(slot + 1) {
                *next = start + length;
            }
        }
        let mut built = ResponsibilityGraph {
            graph,
            starts,
            governing: None,
            agreement,
        };
        built.governing = agreement
            .governed_by
            .as_ref()
            .and_then(|r| built.node_of_ref(r));
        built.add_edges(agreement);
        built
    }

    fn add_edges(&mut self, agreement: &Agreement) {
        for (i, body) in agreement.bodies.iter().enumerate() {
            let this = self.node(NodeKind::Body, i);
            // A member with voting and advisory seats sits on it once.
            let mut seen = rustc_hash::FxHashSet::default();
            for seats in body.seats() {
                if !seen.insert((seats.member.kind, seats.member.index)) {
                    continue;
                }
                let from = self.node_of_ref(&seats.member);
                self.link(from, this, EdgeKind::SitsOn, seats.member.span);
            }
            for to in &body.accountable_to {
                let to_node = self.node_of_ref(to);
                self.link(this, to_node, EdgeKind::AccountableTo, to.span);
            }
        }
        for (i, pool) in agreement.pools.iter().enumerate() {
            let this = self.node_of_pool(i);
            if let Some(host) = &pool.host {
                let from = self.node_of_ref(host);
                self.link(from, this, EdgeKind::Hosts, host.span);
            }
            for function in &pool.functions {
                let to = self.node_of_ref(function);
                self.link(this, to, EdgeKind::Funds, function.span);
            }
            for grant in &pool.grants {
                let from = self.node_of_ref(&grant.from);
                self.link(from, this, EdgeKind::PaysGrant, grant.span);
            }
            for lead in &pool.leads {
                let lead_node = self.node_of_ref(&lead.lead);
                for function in &lead.functions {
                    let function_node = self.node_of_ref(function);
                    self.link(lead_node, function_node, EdgeKind::Leads, lead.lead.span);
                    for partner in &lead.on_behalf_of {
                        let partner_node = self.node_of_ref(partner);
                        self.link(
                            function_node,
                            partner_node,
                            EdgeKind::CommissionedFor,
                            partner.span,
                        );
                        if partner.kind == Kind::Partner && partner.index != lead.lead.index {
                            self.link(partner_node, lead_node, EdgeKind::Delegates, partner.span);
                        }
                    }
                }
            }
        }
        for (i, obligation) in agreement.obligations.iter().enumerate() {
            let this = self.node(NodeKind::Obligation, i);
            for owner in &obligation.owners {
                let from = self.node_of_ref(owner);
                self.link(from, this, EdgeKind::Owns, owner.span);
            }
            for report in &obligation.reports {
                for to in &report.to {
                    let to_node = self.node_of_ref(to);
                    self.link(this, to_node, EdgeKind::ReportsTo, to.span);
                }
            }
            for step in &obligation.on_miss {
                if let Action::Escalate { to, .. } = &step.action {
                    let to_node = self.node_of_ref(to);
                    self.link(this, to_node, EdgeKind::EscalatesTo, to.span);
                }
            }
        }
    }

    fn link(&mut self, from: Option<NodeIndex>, to: Option<NodeIndex>, kind: EdgeKind, span: Span) {
        if let (Some(from), Some(to)) = (from, to) {
            self.graph.add_edge(from, to, Edge { kind, span });
        }
    }

    fn node(&self, kind: NodeKind, index: usize) -> Option<NodeIndex> {
        let slot = match kind {
            NodeKind::Partner => 0,
            NodeKind::External => 1,
            NodeKind::Body => 2,
            NodeKind::Pool | NodeKind::Aligned => return self.node_of_pool(index),
            NodeKind::Function => 5,
            NodeKind::Obligation => 6,
        };
        let start = self.starts.get(slot)?;
        let end = self.starts.get(slot + 1)?;
        let at = start.checked_add(index)?;
        (at < *end).then_some(NodeIndex::new(at))
    }

    fn node_of_pool(&self, index: usize) -> Option<NodeIndex> {
        let start = self.starts.get(3)?;
        let end = self.starts.get(4)?;
        let at = start.checked_add(index)?;
        (at < *end).then_some(NodeIndex::new(at))
    }

    /// The node a resolved reference names, if it has one (grants do not).
    pub fn node_of_ref(&self, reference: &Ref) -> Option<NodeIndex> {
        let kind = match reference.kind {
            Kind::Partner => NodeKind::Partner,
            Kind::External => NodeKind::External,
            Kind::Body => NodeKind::Body,
            Kind::Pool | Kind::Aligned => NodeKind::Pool,
            Kind::Function => NodeKind::Function,
            Kind::Obligation => NodeKind::Obligation,
            Kind::Grant | Kind::Scheme | Kind::Reserve => return None,
        };
        self.node(kind, reference.index)
    }

    /// The node of a partner, body, function, ... by kind and index.
    pub fn node_of(&self, kind: NodeKind, index: usize) -> Option<NodeIndex> {
        self.node(kind, index)
    }

    /// The underlying petgraph graph, nodes in file order.
    pub fn graph(&self) -> &DiGraph<Node, Edge> {
        &self.graph
    }

    /// What a node stands for.
    pub fn weight(&self, node: NodeIndex) -> Option<Node> {
        self.graph.node_weight(node).copied()
    }

    /// A node's id as written in the agreement (`bcc`).
    pub fn id(&self, node: NodeIndex) -> &'a str {
        self.names(node).map_or("", |(id, _)| id)
    }

    /// A node's full name (`Birmingham City Council`).
    pub fn name(&self, node: NodeIndex) -> &'a str {
        self.names(node).map_or("", |(_, name)| name)
    }

    /// A node's id and full name, read from the agreement.
    fn names(&self, node: NodeIndex) -> Option<(&'a str, &'a str)> {
        let a = self.agreement;
        let Node { kind, index } = self.weight(node)?;
        let index = index as usize;
        let pair = |id: &'a crate::model::Name, name: &'a str| (id.as_str(), name);
        match kind {
            NodeKind::Partner => a.partners.get(index).map(|p| pair(&p.id, &p.name)),
            NodeKind::External => a.externals.get(index).map(|e| pair(&e.id, &e.name)),
            NodeKind::Body => a.bodies.get(index).map(|b| pair(&b.id, &b.name)),
            NodeKind::Pool | NodeKind::Aligned => a.pools.get(index).map(|p| pair(&p.id, &p.name)),
            NodeKind::Function => a.functions.get(index).map(|f| pair(&f.id, &f.name)),
            NodeKind::Obligation => a.obligations.get(index).map(|o| pair(&o.id, &o.name)),
        }
    }

    /// The governing body, if declared and resolved.
    pub fn governing_body(&self) -> Option<NodeIndex> {
        self.governing
    }

    /// Every node, in file order.
    pub fn nodes(&self) -> impl Iterator<Item = NodeIndex> + '_ {
        self.graph.node_indices()
    }

    /// Every edge as (source, target, edge), in the order added.
    pub fn edges(&self) -> impl Iterator<Item = (NodeIndex, NodeIndex, &Edge)> + '_ {
        self.graph
            .edge_references()
            .map(|e| (e.source(), e.target(), e.weight()))
    }

    /// The loops in the lines of reporting and accountability, each as the
    /// list of edges that make it, starting from its earliest node. Found
    /// with an iterative depth-first search (no recursion), each node visited
    /// once, so every loop reported is a real one and each strongly connected
    /// tangle gives at least one.
    pub fn accountability_cycles(&self) -> Vec<Vec<Step>> {
        #[derive(Clone, Copy, PartialEq)]
        enum Mark {
            New,
            OnPath,
            Done,
        }
        let lines = self.accountability_lines();
        let mut mark = vec![Mark::New; self.graph.node_count()];
        let mut cycles = Vec::new();
        // The path: each entry is a node and the position in `lines.edges`
        // of the next of its lines to try (8 bytes, however many it has).
        let mut path: Vec<(NodeIndex, u32)> = Vec::new();
        for root in self.graph.node_indices() {
            if mark.get(root.index()) != Some(&Mark::New) {
                continue;
            }
            if let Some(m) = mark.get_mut(root.index()) {
                *m = Mark::OnPath;
            }
            path.push((root, lines.first(root)));
            while let Some((node, next)) = path.last_mut() {
                let Some(edge) = lines.at(*node, *next) else {
                    if let Some((node, _)) = path.pop() {
                        if let Some(m) = mark.get_mut(node.index()) {
                            *m = Mark::Done;
                        }
                    }
                    continue;
                };
                *next += 1;
                let Some((_, to)) = self.graph.edge_endpoints(edge) else {
                    continue;
                };
                match mark.get(to.index()) {
                    Some(Mark::New) => {
                        if let Some(m) = mark.get_mut(to.index()) {
                            *m = Mark::OnPath;
                        }
                        path.push((to, lines.first(to)));
                    }
                    Some(Mark::OnPath) => {
                        // The loop is the path from `to` to here: the line
                        // each of its nodes last took, this one the last.
                        let start = path.iter().position(|(n, _)| *n == to).unwrap_or(0);
                        let cycle = path
                            .get(start..)
                            .unwrap_or_default()
                            .iter()
                            .filter_map(|(_, next)| lines.edges.get(next.wrapping_sub(1) as usize))
                            .filter_map(|edge| self.step(*edge))
                            .collect();
                        cycles.push(cycle);
                    }
                    _ => {}
                }
            }
        }
        cycles
    }

    /// Every node's lines of reporting and accountability, in file order.
    fn accountability_lines(&self) -> Lines {
        // Every line with its index and source, in the order added.
        let lines = || {
            self.graph
                .raw_edges()
                .iter()
                .enumerate()
                .filter(|(_, e)| e.weight.kind.is_accountability())
                .map(|(i, e)| (EdgeIndex::new(i), e.source().index()))
        };
        // Counted node by node, then summed: `first[n]` is where node n's
        // lines end. Filled back to front, it is where they start.
        let mut first = vec![0u32; self.graph.node_count() + 1];
        for (_, from) in lines() {
            if let Some(n) = first.get_mut(from) {
                *n += 1;
            }
        }
        let mut total = 0;
        for n in &mut first {
            total += *n;
            *n = total;
        }
        let mut edges = vec![EdgeIndex::end(); total as usize];
        for (edge, from) in lines().rev() {
            if let Some(at) = first.get_mut(from) {
                *at -= 1;
                if let Some(slot) = edges.get_mut(*at as usize) {
                    *slot = edge;
                }
            }
        }
        Lines { first, edges }
    }

    /// The step along an edge.
    fn step(&self, edge: EdgeIndex) -> Option<Step> {
        let (from, to) = self.graph.edge_endpoints(edge)?;
        Some((from, to, *self.graph.edge_weight(edge)?))
    }

    /// Whether `from` reaches `to` along lines of reporting and
    /// accountability (iteratively).
    pub fn reaches(&self, from: NodeIndex, to: NodeIndex) -> bool {
        let mut seen = vec![false; self.graph.node_count()];
        let mut stack = vec![from];
        while let Some(node) = stack.pop() {
            if node == to {
                return true;
            }
            match seen.get_mut(node.index()) {
                Some(s) if !*s => *s = true,
                _ => continue,
            }
            stack.extend(
                self.graph
                    .edges_directed(node, Direction::Outgoing)
                    .filter(|e| e.weight().kind.is_accountability())
                    .map(|e| e.target()),
            );
        }
        false
    }
}
