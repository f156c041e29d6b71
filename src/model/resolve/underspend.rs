//! An underspend is kept by or returned to a partner, not borne: `borne by`
//! on an underspend is read as `kept by`, with a warning. (`kept by` and
//! `returned to` on an overspend are refused when the file is read.)

use super::Resolver;
use crate::diagnostics::{Code, Diagnostic};
use crate::model::Share;
use crate::syntax::ast;

impl<'a> Resolver<'a> {
    /// Warns of each `borne by` in the rules of an underspend `risk`.
    pub(super) fn risk_words(&mut self, risk: &ast::Risk<'a>) {
        if risk.side.node != ast::RiskSide::Underspend {
            return;
        }
        let steps = risk.cascade.iter().filter_map(|step| match &step.node {
            ast::CascadeStep::Share { rule, .. } => Some(rule),
            _ => None,
        });
        for rule in steps.chain(std::iter::once(&risk.rule)) {
            let ast::ShareRule::BorneBy(who) = &rule.node else {
                continue;
            };
            let who = who.as_ref().map_or("host", |who| who.name);
            self.diagnostics.push(
                Diagnostic::new(
                    Code::UnderspendBorne,
                    rule.span,
                    format!("an underspend is not borne: read as `kept by {who}`"),
                )
                .label("\"borne by\" is said of a loss")
                .help(format!(
                    "write `kept by {who}` if it keeps the underspend, or `returned to {who}` if it is paid back"
                ))
                .fix("write `kept by`", rule.span, format!("kept by {who}")),
            );
        }
    }
}

/// An underspend's `borne by` read as `kept by` (see [`Resolver::risk_words`]).
pub(super) fn underspend_share(side: ast::RiskSide, share: Share) -> Share {
    match (side, share) {
        (ast::RiskSide::Underspend, Share::BorneBy(partner)) => Share::KeptBy(partner),
        (_, share) => share,
    }
}
