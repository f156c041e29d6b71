//! Building schemes, payments for performance and risk reserves.

use super::{cite, Once, Resolver};
use crate::diagnostics::{Code, Diagnostic};
use crate::model::*;
use crate::period::Period;
use crate::syntax::ast;

impl<'a> Resolver<'a> {
    pub(super) fn scheme(
        &mut self,
        block: &ast::Block<'a, ast::SchemeItem<'a>>,
        host: Option<&Ref>,
    ) -> Scheme {
        let mut scheme = Scheme {
            id: self.declared_name(&block.id),
            name: self.words(&block.name),
            funded_by: Vec::new(),
            functions: Vec::new(),
            lead: None,
            commissioned: Vec::new(),
            plans: Vec::new(),
            uncommitted: Vec::new(),
            overspend: None,
            underspend: None,
            marks: Vec::new(),
            clause: None,
            span: block.header,
        };
        let mut once = Once::default();
        for item in &block.items {
            match item {
                ast::SchemeItem::Clause(text) => {
                    if once.first("clause", text.span, &mut self.diagnostics) {
                        scheme.clause = Some(text.value.to_string());
                    }
                }
                ast::SchemeItem::Marked(stmt) => scheme.marks.push(crate::model::Mark::of(stmt)),
                ast::SchemeItem::FundedBy(stmt) => {
                    if once.first("funded by", stmt.span, &mut self.diagnostics) {
                        scheme.funded_by = self.lookup_all(
                            &stmt.node,
                            &[Kind::Partner, Kind::Grant],
                            "a scheme's funding stream",
                        );
                    }
                }
                ast::SchemeItem::Functions(stmt) => {
                    let refs =
                        self.lookup_all(&stmt.node, &[Kind::Function], "what a scheme pays for");
                    scheme.functions.extend(refs);
                }
                ast::SchemeItem::Lead(stmt) => {
                    if once.first("lead", stmt.span, &mut self.diagnostics) {
                        scheme.lead = self.lookup(
                            &stmt.node,
                            &[Kind::Partner],
                            "a scheme's lead commissioner",
                        );
                    }
                }
                ast::SchemeItem::Commissioned(stmt) => {
                    if once.first("commissioned by", stmt.span, &mut self.diagnostics) {
                        scheme.commissioned = self
                            .fixed_shares(&stmt.node, "a commissioning partner")
                            .unwrap_or_default();
                    }
                }
                ast::SchemeItem::Plan(stmt) => {
                    let amounts = self.year_amounts(&stmt.node, &scheme.plans, "planned");
                    scheme.plans.extend(amounts);
                }
                ast::SchemeItem::Uncommitted(stmt) => {
                    let amounts = self.year_amounts(&stmt.node, &scheme.uncommitted, "uncommitted");
                    scheme.uncommitted.extend(amounts);
                }
                ast::SchemeItem::Risk(stmt) => {
                    let side = stmt.node.side.node;
                    let what = match side {
                        ast::RiskSide::Overspend => "overspend",
                        ast::RiskSide::Underspend => "underspend",
                    };
                    if !once.first(what, stmt.span, &mut self.diagnostics) {
                        continue;
                    }
                    let rule = self.risk(stmt, host.cloned());
                    match side {
                        ast::RiskSide::Overspend => scheme.overspend = rule,
                        ast::RiskSide::Underspend => scheme.underspend = rule,
                    }
                }
            }
        }
        scheme
    }

    /// Amounts by year, each year once (with what was already given).
    fn year_amounts(
        &mut self,
        amounts: &[(
            ast::Spanned<crate::period::FinancialYear>,
            ast::Spanned<crate::money::Money>,
        )],
        given: &[YearAmount],
        what: &str,
    ) -> Vec<YearAmount> {
        let mut out: Vec<YearAmount> = Vec::new();
        for (year, amount) in amounts {
            let first = given
                .iter()
                .chain(&out)
                .find(|a| a.year.value == year.node)
                .map(|a| a.year.span);
            if let Some(first) = first {
                self.diagnostics.push(
                    Diagnostic::new(
                        Code::RepeatedStatement,
                        year.span,
                        format!("two {what} amounts for {}", year.node),
                    )
                    .label("second amount")
                    .with_secondary(first, "first amount")
                    .help("give one amount for each year"),
                );
                continue;
            }
            out.push(YearAmount {
                year: At {
                    value: year.node,
                    span: year.span,
                },
                amount: At {
                    value: amount.node,
                    span: amount.span,
                },
            });
        }
        out
    }

    pub(super) fn payment(
        &mut self,
        stmt: &ast::Stmt<'a, ast::Payment<'a>>,
        host: Option<&Ref>,
    ) -> Option<Payment> {
        let node = &stmt.node;
        let from = self.lookup(
            &node.from,
            &[Kind::Partner],
            "the partner paying for performance",
        );
        let obligation = self.lookup(
            &node.obligation,
            &[Kind::Obligation],
            "the obligation a payment depends on",
        );
        let otherwise = self.share(&node.otherwise, host)?;
        Some(Payment {
            amount: At {
                value: node.amount.node,
                span: node.amount.span,
            },
            from: from?,
            year: At {
                value: node.year.node,
                span: node.year.span,
            },
            obligation: obligation?,
            by: node.by.map_or(Period::Year(node.year.node), |by| by.node),
            otherwise,
            purpose: node.purpose.as_ref().map(|p| p.value.to_string()),
            clause: cite(&stmt.cite),
            span: stmt.span,
        })
    }

    pub(super) fn reserve(&mut self, block: &ast::Block<'a, ast::ReserveItem<'a>>) -> Reserve {
        let failures = self.failures;
        let mut reserve = Reserve {
            id: self.declared_name(&block.id),
            name: self.words(&block.name),
            amount: None,
            funded_by: Vec::new(),
            serves: Vec::new(),
            topped_up: false,
            marks: Vec::new(),
            clause: None,
            span: block.header,
            damaged: block.damaged,
        };
        let mut once = Once::default();
        for item in &block.items {
            match item {
                ast::ReserveItem::Clause(text) => {
                    if once.first("clause", text.span, &mut self.diagnostics) {
                        reserve.clause = Some(text.value.to_string());
                    }
                }
                ast::ReserveItem::Marked(stmt) => reserve.marks.push(crate::model::Mark::of(stmt)),
                ast::ReserveItem::Amount(stmt) => {
                    if once.first("amount", stmt.span, &mut self.diagnostics) {
                        reserve.amount = Some(At {
                            value: stmt.node.node,
                            span: stmt.node.span,
                        });
                    }
                }
                ast::ReserveItem::FundedBy(stmt) => {
                    if once.first("funded by", stmt.span, &mut self.diagnostics) {
                        match self.fixed_shares(&stmt.node, "a partner funding a reserve") {
                            Some(shares) => reserve.funded_by = shares,
                            None => reserve.damaged = true,
                        }
                    }
                }
                ast::ReserveItem::Serves(stmt) => {
                    if once.first("serves", stmt.span, &mut self.diagnostics) {
                        reserve.serves = self.lookup_all(
                            &stmt.node,
                            &[Kind::Pool],
                            "a pool drawing on a reserve",
                        );
                    }
                }
                ast::ReserveItem::ToppedUp(stmt) => {
                    if once.first("topped up", stmt.span, &mut self.diagnostics) {
                        reserve.topped_up = true;
                    }
                }
            }
        }
        if !block.damaged && reserve.amount.is_none() {
            self.missing(
                block.header,
                format!("risk reserve `{}` has no amount", block.id.name),
                "add `amount £X`: what the partners pay into it",
            );
        }
        if !block.damaged && reserve.funded_by.is_empty() && self.failures == failures {
            self.missing(
                block.header,
                format!("risk reserve `{}` does not say who funds it", block.id.name),
                "add `funded by PARTNER N%, PARTNER N%`",
            );
        }
        reserve.damaged |= self.failures != failures;
        reserve
    }
}
