//! E0210 and E0211: lines of reporting and accountability reach the governing
//! body, with no loop (domain rule 18). Works on the responsibility graph,
//! with iterative searches only.

use std::collections::BTreeSet;

use petgraph::graph::NodeIndex;
use petgraph::visit::EdgeRef;
use petgraph::Direction;

use super::Finding;
use crate::diagnostics::{Code, Diagnostic};
use crate::graph::{NodeKind, ResponsibilityGraph};
use crate::model::Agreement;

/// The most steps of a loop named in its message.
const SHOWN_STEPS: usize = 10;
/// The most steps of a loop labelled in the source.
const LABELLED_STEPS: usize = 24;

pub(super) fn check(agreement: &Agreement, graph: &ResponsibilityGraph) -> Vec<Finding> {
    let mut findings = Vec::new();
    let mut in_loops = BTreeSet::new();
    for cycle in graph.accountability_cycles() {
        let Some((first, _, first_edge)) = cycle.first() else {
            continue;
        };
        let mut steps: Vec<String> = cycle
            .iter()
            .map(|(from, _, _)| format!("`{}`", graph.id(*from)))
            .collect();
        steps.push(format!("`{}`", graph.id(*first)));
        // A long loop is shown by its ends; its steps are labelled up to a
        // limit.
        let path = if steps.len() > SHOWN_STEPS {
            let head = steps.get(..SHOWN_STEPS / 2).unwrap_or_default().join(" → ");
            let tail = steps
                .get(steps.len() - SHOWN_STEPS / 2..)
                .unwrap_or_default()
                .join(" → ");
            format!("{head} → … → {tail} ({} steps)", cycle.len())
        } else {
            steps.join(" → ")
        };
        let mut diagnostic = Diagnostic::new(
            Code::AccountabilityCycle,
            first_edge.span,
            format!("the lines of accountability go round in a loop: {path}"),
        )
        .label(format!(
            "`{}` {} `{}`",
            graph.id(*first),
            first_edge.kind.words(),
            cycle.first().map_or("", |(_, to, _)| graph.id(*to))
        ));
        for (from, to, edge) in cycle.iter().skip(1).take(LABELLED_STEPS) {
            diagnostic = diagnostic.with_secondary(
                edge.span,
                format!(
                    "`{}` {} `{}`",
                    graph.id(*from),
                    edge.kind.words(),
                    graph.id(*to)
                ),
            );
        }
        diagnostic = diagnostic.help(
            "remove one step of the loop, usually the line that points down; the top of the chain answers to the partners",
        );
        let nodes: Vec<NodeIndex> = cycle.iter().map(|(from, _, _)| *from).collect();
        let edges = cycle.iter().map(|(from, to, _)| (*from, *to)).collect();
        in_loops.extend(nodes.iter().copied());
        findings.push(Finding {
            diagnostic,
            nodes,
            edges,
        });
    }
    let Some(governing) = graph.governing_body() else {
        return findings;
    };
    let reaching = reaching(graph, governing);
    for (index, body) in agreement.bodies.iter().enumerate() {
        let Some(node) = graph.node_of(NodeKind::Body, index) else {
            continue;
        };
        if node == governing
            || in_loops.contains(&node)
            || reaching.contains(&node)
            || !body.complete
        {
            continue;
        }
        let answers: Vec<String> = body
            .accountable_to
            .iter()
            .map(|r| format!("`{}`", r.name))
            .collect();
        let label = if answers.is_empty() {
            "accountable to nobody".to_owned()
        } else {
            format!("accountable only to {}", answers.join(", "))
        };
        let diagnostic = Diagnostic::new(
            Code::NotReachingGoverningBody,
            body.span,
            format!(
                "body `{}` does not answer, directly or through others, to the governing body `{}`",
                body.id,
                graph.id(governing)
            ),
        )
        .label(label)
        .help(format!(
            "add `accountable to {}` to the body",
            graph.id(governing)
        ));
        findings.push(Finding {
            diagnostic,
            nodes: vec![node],
            edges: Vec::new(),
        });
    }
    findings
}

/// The nodes from which the lines of accountability lead to `top`, found by
/// walking those lines backwards from it.
fn reaching(graph: &ResponsibilityGraph, top: NodeIndex) -> BTreeSet<NodeIndex> {
    let inner = graph.graph();
    let mut seen = BTreeSet::new();
    let mut stack = vec![top];
    while let Some(node) = stack.pop() {
        if !seen.insert(node) {
            continue;
        }
        for edge in inner.edges_directed(node, Direction::Incoming) {
            if edge.weight().kind.is_accountability() {
                stack.push(edge.source());
            }
        }
    }
    seen
}
