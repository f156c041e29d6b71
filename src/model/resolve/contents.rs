//! Building an agreement's required contents (`aims`, `review`,
//! `termination on`, `exit`, ...) and a pool's `reports`.

use super::{cite, cited, Once, Resolver};
use crate::diagnostics::{Code, Diagnostic};
use crate::model::*;
use crate::syntax::ast;

impl<'a> Resolver<'a> {
    /// One statement of the contents, into `agreement.contents`; a
    /// statement given twice is reported (E0105) and the first kept.
    pub(super) fn content(
        &mut self,
        stmt: &ast::Stmt<'a, ast::Content<'a>>,
        once: &mut Once,
        agreement: &mut Agreement,
    ) {
        let what = keyword(&stmt.node);
        if !once.first(what, stmt.span, &mut self.diagnostics) {
            return;
        }
        cited(&mut agreement.citations, what, &stmt.cite);
        let contents = &mut agreement.contents;
        let text = |t: &ast::Text<'_>| At {
            value: t.value.to_string(),
            span: stmt.span,
        };
        match &stmt.node {
            ast::Content::Aims(t) => contents.aims = Some(text(t)),
            ast::Content::Eligibility(t) => contents.eligibility = Some(text(t)),
            ast::Content::Premises(t) => contents.premises = Some(text(t)),
            ast::Content::Assets(t) => contents.assets = Some(text(t)),
            ast::Content::InformationSharing(t) => contents.information_sharing = Some(text(t)),
            ast::Content::Disputes(t) => contents.disputes = Some(text(t)),
            ast::Content::Staff(staffing) => {
                let (arrangement, detail) = match staffing {
                    ast::Staffing::Seconded(t) => (StaffArrangement::Seconded, Some(t)),
                    ast::Staffing::Transferred(t) => (StaffArrangement::Transferred, Some(t)),
                    ast::Staffing::None => (StaffArrangement::None, None),
                };
                contents.staff = Some(At {
                    value: Staff {
                        arrangement,
                        detail: detail.map(|t| t.value.to_string()),
                    },
                    span: stmt.span,
                });
            }
            ast::Content::Review(review) => {
                let review = match review {
                    ast::Review::By(date) => Some(Review::By { by_date: date.node }),
                    ast::Review::Every(cadence, by) => {
                        let by = match by {
                            Some(id) => self.lookup(id, DECIDERS, "who reviews the agreement"),
                            None => None,
                        };
                        self.cadence(cadence)
                            .map(|every| Review::Every { every, by })
                    }
                };
                agreement.contents.review = review.map(|value| At {
                    value,
                    span: stmt.span,
                });
            }
            ast::Content::Variation(by) => {
                agreement.contents.variation_by =
                    self.lookup(by, DECIDERS, "who agrees variations");
            }
            ast::Content::MinorVariations { by, up_to } => {
                let by = self.lookup(by, DECIDERS, "who agrees minor variations");
                agreement.contents.minor_variations = by.map(|by| MinorVariations {
                    by,
                    up_to: up_to.node,
                    span: stmt.span,
                });
            }
            ast::Content::Termination(notice) => {
                contents.termination_notice = Some(At {
                    value: Deadline {
                        count: notice.count.node,
                        unit: notice.unit.node,
                    },
                    span: notice.count.span.to(notice.unit.span),
                });
            }
            ast::Content::Exit { what, rule } => {
                if matches!(rule.node, ast::ShareRule::Retained) {
                    self.diagnostics.push(
                        Diagnostic::new(
                            Code::Syntax,
                            rule.span,
                            "on exit nothing is retained in the pool: the pool ends",
                        )
                        .label("no pool after exit")
                        .help("say how the partners share it: `shared by contribution`, `shared equally`, `shared lcc 60%, icb 40%` or `borne by PARTNER`"),
                    );
                    return;
                }
                if matches!(
                    rule.node,
                    ast::ShareRule::KeptBy(_) | ast::ShareRule::ReturnedTo(_)
                ) {
                    self.diagnostics.push(
                        Diagnostic::new(
                            Code::Syntax,
                            rule.span,
                            "`kept by` and `returned to` are said of an underspend, not of exit costs or assets",
                        )
                        .label("on exit")
                        .help("for one partner to take it all, write `borne by PARTNER`"),
                    );
                    return;
                }
                if matches!(rule.node, ast::ShareRule::BorneBy(None)) {
                    self.diagnostics.push(
                        Diagnostic::new(
                            Code::Syntax,
                            rule.span,
                            "an agreement's exit has no one host: name the partner",
                        )
                        .label("which partner?")
                        .help("write `borne by PARTNER`"),
                    );
                    return;
                }
                if let Some(share) = self.share(rule, None) {
                    agreement.contents.exit.push(Exit {
                        covers: what.node,
                        share,
                        span: stmt.span,
                    });
                }
            }
        }
    }

    /// `reports quarterly and annually to lcc, icb` in a pool.
    pub(super) fn pool_reports(
        &mut self,
        stmt: &ast::Stmt<'a, ast::PoolReports<'a>>,
    ) -> Option<PoolReporting> {
        let mut cadences = Vec::with_capacity(stmt.node.cadences.len());
        for cadence in &stmt.node.cadences {
            cadences.push(self.cadence(cadence)?);
        }
        let to = self.lookup_all(
            &stmt.node.to,
            &[Kind::Partner, Kind::Body, Kind::External],
            "who receives the pool manager's reports",
        );
        Some(PoolReporting {
            cadences,
            to,
            clause: cite(&stmt.cite),
            span: stmt.span,
        })
    }
}

/// Who may review or vary an agreement: a governance body or a partner.
const DECIDERS: &[Kind] = &[Kind::Body, Kind::Partner];

/// The statement's keyword, as a repeated statement is named.
fn keyword(content: &ast::Content<'_>) -> &'static str {
    match content {
        ast::Content::Aims(_) => "aims",
        ast::Content::Eligibility(_) => "eligibility",
        ast::Content::Staff(_) => "staff",
        ast::Content::Premises(_) => "premises",
        ast::Content::Assets(_) => "assets",
        ast::Content::Review(_) => "review",
        ast::Content::Variation(_) => "variation by",
        ast::Content::MinorVariations { .. } => "minor variations",
        ast::Content::Termination(_) => "termination",
        ast::Content::Exit { what, .. } => match what.node {
            ast::ExitCovers::Costs => "exit costs",
            ast::ExitCovers::Assets => "exit assets",
            ast::ExitCovers::CostsAndAssets => "exit costs and assets",
        },
        ast::Content::InformationSharing(_) => "information sharing",
        ast::Content::Disputes(_) => "disputes",
    }
}
