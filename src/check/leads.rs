//! E0209: exactly one lead commissioner per commissioned function and partner
//! (domain rule 16).

use std::collections::BTreeMap;

use super::Finding;
use crate::diagnostics::{Code, Diagnostic};
use crate::graph::{NodeKind, ResponsibilityGraph};
use crate::model::{Agreement, Kind, Ref};

/// A lead, the function and the partner it is commissioned for.
type LeadLine<'a> = (&'a Ref, &'a Ref, &'a Ref);

pub(super) fn check(agreement: &Agreement, graph: &ResponsibilityGraph) -> Vec<Finding> {
    // (function, partner) → the leads, in the order written.
    let mut leads: BTreeMap<(usize, usize), Vec<LeadLine<'_>>> = BTreeMap::new();
    for pool in &agreement.pools {
        for lead in &pool.leads {
            if lead.lead.kind != Kind::Partner {
                continue;
            }
            for function in lead.functions.iter().filter(|f| f.kind == Kind::Function) {
                for partner in lead.on_behalf_of.iter().filter(|p| p.kind == Kind::Partner) {
                    leads
                        .entry((function.index, partner.index))
                        .or_default()
                        .push((&lead.lead, function, partner));
                }
            }
        }
    }
    let mut findings = Vec::new();
    for entries in leads.values() {
        let Some((first_lead, function, partner)) = entries.first() else {
            continue;
        };
        let Some((second_lead, _, second_partner)) =
            entries.iter().find(|(l, _, _)| l.index != first_lead.index)
        else {
            continue;
        };
        let diagnostic = Diagnostic::new(
            Code::TwoLeads,
            second_partner.span,
            format!(
                "`{}` commissions `{}` for `{}`, but so does `{}`",
                second_lead.name, function.name, partner.name, first_lead.name
            ),
        )
        .label(format!("a second lead for `{}`", partner.name))
        .with_secondary(partner.span, format!("`{}` already leads here", first_lead.name))
        .help(format!(
            "keep one lead commissioner for `{}` on behalf of `{}`: remove `{}` from one of the `lead` lines",
            function.name, partner.name, partner.name
        ));
        let (first, second, function, partner) = (
            graph.node_of_ref(first_lead),
            graph.node_of_ref(second_lead),
            graph.node_of_ref(function),
            graph.node_of(NodeKind::Partner, partner.index),
        );
        let nodes = [first, second, function, partner]
            .into_iter()
            .flatten()
            .collect();
        let edges = [(first, function), (second, function), (function, partner)]
            .into_iter()
            .filter_map(|(from, to)| Some((from?, to?)))
            .collect();
        findings.push(Finding {
            diagnostic,
            nodes,
            edges,
        });
    }
    findings
}
