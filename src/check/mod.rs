//! Checks on the model: each rule in its own file, run in a fixed order;
//! every problem found is reported, none stops the others.
//!
//! The rules here need only the model of one agreement (never the syntax tree
//! or pest) and its responsibility graph ([`crate::graph`]), built once per
//! agreement. Name resolution problems were reported when the model was built
//! ([`crate::model::resolve`]); a check skips what could not be resolved
//! rather than report the same problem twice.
//!
//! The rule catalogue, with the source of each rule, is in the README and in
//! each code's explanation (`concordat explain CODE`).

mod accountability;
mod aligned;
mod attribution;
pub mod basis;
mod caps;
mod care_trust;
mod combined_authority;
mod contents;
mod delegation;
mod excluded_functions;
mod figures;
pub mod forecast;
mod function_kinds;
mod governance;
mod grants;
mod hwb;
mod leads;
mod mistakes;
mod money;
mod obligations;
mod partner_kinds;
mod partners;
mod pool_manager;
mod pool_sides;
mod remedies;
mod reporting;
mod reserve;
mod schemes;
mod seat_roles;
mod seats;
mod targets;
mod trajectory;
mod waivers;

pub(crate) use partner_kinds::WINDOWS as KIND_WINDOWS;
use petgraph::graph::NodeIndex;

use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::graph::ResponsibilityGraph;
use crate::model::{Agreement, Term};
use crate::source::Span;

/// A thing dated outside the agreement's term: `what` names it and its
/// year or period (`grant \`dfg\` gives an amount for 2019/20`); the
/// message adds the term, which is shown as the second place.
fn outside_term(
    code: Code,
    span: Span,
    what: std::fmt::Arguments<'_>,
    term: &Term,
    help: &'static str,
) -> Diagnostic {
    Diagnostic::new(
        code,
        span,
        format!(
            "{what}, outside the term {} to {}",
            term.first.value, term.last.value
        ),
    )
    .label("not in the term")
    .with_secondary(term.span, "the term")
    .help(help)
}

/// A problem found in the responsibility graph, with the nodes it involves
/// (for pictures that highlight them).
#[derive(Debug, Clone)]
pub struct Finding {
    /// The problem.
    pub diagnostic: Diagnostic,
    /// The nodes in it.
    pub nodes: Vec<NodeIndex>,
    /// The edges in it, as (from, to).
    pub edges: Vec<(NodeIndex, NodeIndex)>,
}

/// Runs every check on one agreement, keeping the problems of the rules
/// that apply to the routes its basis names ([`basis::RULE_ROUTES`]).
pub fn check_agreement(agreement: &Agreement, diagnostics: &mut Diagnostics) {
    let start = diagnostics.len();
    run_rules(agreement, diagnostics);
    let routes = agreement.routes();
    if diagnostics.len() > start {
        diagnostics.retain_from(start, |d| basis::applies(d.code, routes));
    }
}

/// Every rule, in a fixed order.
fn run_rules(agreement: &Agreement, diagnostics: &mut Diagnostics) {
    basis::check(agreement, diagnostics);
    partners::check(agreement, diagnostics);
    partner_kinds::check(agreement, diagnostics);
    care_trust::check(agreement, diagnostics);
    combined_authority::check(agreement, diagnostics);
    governance::check(agreement, diagnostics);
    seats::check(agreement, diagnostics);
    function_kinds::check(agreement, diagnostics);
    excluded_functions::check(agreement, diagnostics);
    pool_sides::check(agreement, diagnostics);
    pool_manager::check(agreement, diagnostics);
    money::check(agreement, diagnostics);
    aligned::check(agreement, diagnostics);
    caps::check(agreement, diagnostics);
    reserve::check(agreement, diagnostics);
    schemes::check(agreement, diagnostics);
    forecast::check(agreement, diagnostics);
    grants::check(agreement, diagnostics);
    obligations::check(agreement, diagnostics);
    figures::check(agreement, diagnostics);
    mistakes::check(agreement, diagnostics);
    targets::check(agreement, diagnostics);
    attribution::check(agreement, diagnostics);
    delegation::check(agreement, diagnostics);
    remedies::check(agreement, diagnostics);
    trajectory::check(agreement, diagnostics);
    reporting::check(agreement, diagnostics);
    waivers::check(agreement, diagnostics);
    contents::check(agreement, diagnostics);
    let graph = ResponsibilityGraph::build(agreement);
    for finding in graph_findings(agreement, &graph) {
        diagnostics.push(finding.diagnostic);
    }
}

/// W0224 for the functions of an agreement that a project's own excluded
/// treatments name (`excluded_treatments` in `concordat.toml`, lower case)
/// and declare no category: added to the words that suggest the treatments
/// regulation 5 excludes, which [`check_agreement`] looks for already.
pub fn check_excluded_words(
    agreement: &Agreement,
    words: &[String],
    diagnostics: &mut Diagnostics,
) {
    if !words.is_empty() {
        excluded_functions::check_words(agreement, words, diagnostics);
    }
}

/// The problems found in an agreement's responsibility graph: two leads for
/// one function, loops in the lines of accountability and bodies that do not
/// answer to the governing body.
pub fn graph_findings(agreement: &Agreement, graph: &ResponsibilityGraph) -> Vec<Finding> {
    let mut findings = leads::check(agreement, graph);
    findings.extend(accountability::check(agreement, graph));
    findings
}
