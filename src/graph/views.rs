//! The responsibility graph split into three views a reader can follow one
//! at a time: money (who pays into which pool, who hosts it and what it
//! pays for), commissioning (who leads which function for whom) and
//! accountability (who owns which obligation, and who reports and answers
//! to whom).
//!
//! Each view keeps each line once, however many statements give it, in the
//! order of the file. A partner that a function is commissioned for, or that
//! a body answers to, is drawn a second time as the receiving end (a
//! [`ViewNode`] with `copy` set), so that every line runs one way down the
//! page.

use std::collections::BTreeSet;

use petgraph::graph::NodeIndex;

use super::{EdgeKind, NodeKind, ResponsibilityGraph};
use crate::model::Agreement;

/// One of the three views.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum View {
    /// Who pays into which pool, who hosts it, what it pays for.
    Money,
    /// Who leads which function, for whom.
    Commissioning,
    /// Who owns which obligation; who reports and answers to whom.
    Accountability,
}

impl View {
    /// The three views, in the order the paper shows them.
    pub const ALL: [View; 3] = [View::Money, View::Commissioning, View::Accountability];

    /// A short identifier (`money`), for anchors and ids.
    pub fn id(self) -> &'static str {
        match self {
            View::Money => "money",
            View::Commissioning => "commissioning",
            View::Accountability => "accountability",
        }
    }

    /// The heading above the view.
    pub fn heading(self) -> &'static str {
        match self {
            View::Money => "Money: who pays into which pool, and who hosts it",
            View::Commissioning => "Commissioning: who leads what, for whom",
            View::Accountability => "Accountability: who reports and answers to whom",
        }
    }

    /// What the picture is called, before "in the" and the agreement's
    /// title.
    pub fn title(self) -> &'static str {
        match self {
            View::Money => "Money",
            View::Commissioning => "Commissioning",
            View::Accountability => "Accountability",
        }
    }

    /// The sentence in place of the picture when the agreement states no
    /// line of the view (no closing full stop).
    pub fn empty(self) -> &'static str {
        match self {
            View::Money => "No picture: the agreement states no contribution, grant, host or function paid for",
            View::Commissioning => "No picture: the agreement names no lead commissioner",
            View::Accountability => "No picture: the agreement states no owner of an obligation, no report or escalation, and no body answering to another",
        }
    }

    /// The one-sentence caption under the heading (no closing full stop).
    pub fn caption(self) -> &'static str {
        match self {
            View::Money => "The picture below draws who pays into each pool (each partner's contribution and each grant), the partner that hosts it, and the functions it pays for",
            View::Commissioning => "The picture below draws each lead commissioner above the functions it leads, and each function above the partners it is commissioned for, who delegate it to the lead",
            View::Accountability => "The picture below draws each partner above the obligations it owns, each obligation above the bodies it is reported and escalated to, and each body above those it answers to",
        }
    }

    /// The kinds of line the view draws, in the order of its legend.
    pub fn kinds(self) -> &'static [EdgeKind] {
        match self {
            View::Money => &[
                EdgeKind::PaysInto,
                EdgeKind::PaysGrant,
                EdgeKind::Hosts,
                EdgeKind::Funds,
            ],
            View::Commissioning => &[EdgeKind::Leads, EdgeKind::CommissionedFor],
            View::Accountability => &[
                EdgeKind::Owns,
                EdgeKind::ReportsTo,
                EdgeKind::EscalatesTo,
                EdgeKind::AccountableTo,
            ],
        }
    }

    /// Whether a line of this kind ends at a second drawing of a partner
    /// (the receiving end) rather than at the partner itself.
    fn copies_target(self, kind: EdgeKind, target: Option<NodeKind>) -> bool {
        target == Some(NodeKind::Partner)
            && matches!(
                kind,
                EdgeKind::CommissionedFor
                    | EdgeKind::ReportsTo
                    | EdgeKind::EscalatesTo
                    | EdgeKind::AccountableTo
            )
    }
}

/// A node as drawn in a view.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ViewNode {
    /// The node of the whole graph.
    pub node: NodeIndex,
    /// Whether this is the second drawing of a partner, as the one a
    /// function is commissioned for or a body answers to.
    pub copy: bool,
}

/// A line of a view: indices into [`ViewGraph::nodes`] and what it says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ViewEdge {
    /// Where it starts.
    pub from: usize,
    /// Where it ends.
    pub to: usize,
    /// What it says.
    pub kind: EdgeKind,
}

/// The nodes and lines of one view, each once, in file order.
#[derive(Debug, Clone)]
pub struct ViewGraph {
    /// Which view.
    pub view: View,
    /// The nodes drawn: those with a line in this view.
    pub nodes: Vec<ViewNode>,
    /// The lines, each (from, to, kind) once.
    pub edges: Vec<ViewEdge>,
}

impl ViewGraph {
    /// The view of an agreement's graph.
    pub fn build(graph: &ResponsibilityGraph, agreement: &Agreement, view: View) -> ViewGraph {
        let mut lines: Vec<(NodeIndex, NodeIndex, EdgeKind)> = Vec::new();
        let kinds = view.kinds();
        if view == View::Money {
            // Contributions are not in the whole graph: read them here.
            for (i, pool) in agreement.pools.iter().enumerate() {
                let Some(to) = graph.node_of(NodeKind::Pool, i) else {
                    continue;
                };
                for year in &pool.contributions {
                    for entry in &year.entries {
                        if let Some(from) = graph.node_of_ref(&entry.partner) {
                            lines.push((from, to, EdgeKind::PaysInto));
                        }
                    }
                }
            }
        }
        lines.extend(
            graph
                .edges()
                .filter(|(_, _, e)| kinds.contains(&e.kind))
                .map(|(from, to, e)| (from, to, e.kind)),
        );
        // Keep the order of the file: by the pool, function or obligation
        // the line belongs to, then as written.
        let mut nodes: Vec<ViewNode> = Vec::new();
        let mut edges: Vec<ViewEdge> = Vec::new();
        let mut seen = BTreeSet::new();
        let index_of = |nodes: &mut Vec<ViewNode>, node: ViewNode| -> usize {
            match nodes.iter().position(|n| *n == node) {
                Some(i) => i,
                None => {
                    nodes.push(node);
                    nodes.len() - 1
                }
            }
        };
        for (from, to, kind) in lines {
            let copy = view.copies_target(kind, graph.weight(to).map(|w| w.kind));
            if !seen.insert((from, to, copy, kind)) {
                continue;
            }
            let from = index_of(
                &mut nodes,
                ViewNode {
                    node: from,
                    copy: false,
                },
            );
            let to = index_of(&mut nodes, ViewNode { node: to, copy });
            edges.push(ViewEdge { from, to, kind });
        }
        // Nodes in file order, copies after the originals.
        let mut order: Vec<usize> = (0..nodes.len()).collect();
        order.sort_by_key(|&i| nodes.get(i).map(|n| (n.copy, n.node)));
        let mut new_index = vec![0; nodes.len()];
        for (new, &old) in order.iter().enumerate() {
            if let Some(slot) = new_index.get_mut(old) {
                *slot = new;
            }
        }
        let nodes = order
            .iter()
            .filter_map(|&i| nodes.get(i).copied())
            .collect();
        for edge in &mut edges {
            edge.from = new_index.get(edge.from).copied().unwrap_or(edge.from);
            edge.to = new_index.get(edge.to).copied().unwrap_or(edge.to);
        }
        ViewGraph { view, nodes, edges }
    }

    /// Whether the view has nothing to draw.
    pub fn is_empty(&self) -> bool {
        self.edges.is_empty()
    }

    /// The kinds of line drawn, in the order of the view's legend.
    pub fn kinds_drawn(&self) -> Vec<EdgeKind> {
        self.view
            .kinds()
            .iter()
            .copied()
            .filter(|k| self.edges.iter().any(|e| e.kind == *k))
            .collect()
    }
}
