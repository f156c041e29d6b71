//! Building pooled funds and aligned budgets: contributions, grants, totals
//! and risk shares.

use rust_decimal::Decimal;
use rustc_hash::FxHashMap;

use super::underspend::underspend_share;
use super::{cite, cited, Once, Resolver};
use crate::diagnostics::{Code, Diagnostic};
use crate::model::*;
use crate::source::Span;
use crate::syntax::ast;

impl<'a> Resolver<'a> {
    pub(super) fn pool(
        &mut self,
        block: &ast::Block<'a, ast::PoolItem<'a>>,
        kind: PoolKind,
        term: Option<&Term>,
    ) -> Pool {
        let failures = self.failures;
        let mut pool = Pool {
            id: self.declared_name(&block.id),
            name: self.words(&block.name),
            kind,
            host: None,
            manager: None,
            functions: Vec::new(),
            functions_line: None,
            leads: Vec::new(),
            contributions: Vec::new(),
            grants: Vec::new(),
            totals: Vec::new(),
            overspend: None,
            underspend: None,
            schemes: Vec::new(),
            payments: Vec::new(),
            reports: Vec::new(),
            on_forecast: None,
            marks: Vec::new(),
            clause: None,
            citations: Vec::new(),
            span: block.header,
            damaged: block.damaged,
        };
        let mut once = Once::default();
        let contributor: &[Kind] = &[Kind::Partner];
        for item in &block.items {
            match item {
                ast::PoolItem::Clause(text) => {
                    if once.first("clause", text.span, &mut self.diagnostics) {
                        pool.clause = Some(text.value.to_string());
                    }
                }
                ast::PoolItem::Marked(stmt) => pool.marks.push(crate::model::Mark::of(stmt)),
                ast::PoolItem::Host(stmt) => {
                    if once.first("host", stmt.span, &mut self.diagnostics) {
                        cited(&mut pool.citations, "host", &stmt.cite);
                        pool.host = self.lookup(&stmt.node, &[Kind::Partner], "a pool's host");
                    }
                }
                ast::PoolItem::Manager(stmt) => {
                    if once.first("manager", stmt.span, &mut self.diagnostics) {
                        let of = stmt.node.of.as_ref().and_then(|id| {
                            self.lookup(id, &[Kind::Partner], "the pool manager's employer")
                        });
                        pool.manager = Some(Manager {
                            title: self.words(&stmt.node.title),
                            of,
                            clause: cite(&stmt.cite),
                        });
                    }
                }
                ast::PoolItem::Functions(stmt) => {
                    cited(&mut pool.citations, "functions", &stmt.cite);
                    pool.functions_line.get_or_insert(stmt.span);
                    let refs =
                        self.lookup_all(&stmt.node, &[Kind::Function], "what a pool pays for");
                    pool.functions.extend(refs);
                }
                ast::PoolItem::Lead(stmt) => {
                    let lead =
                        self.lookup(&stmt.node.lead, &[Kind::Partner], "a lead commissioner");
                    let functions = self.lookup_all(
                        &stmt.node.functions,
                        &[Kind::Function],
                        "what is commissioned",
                    );
                    let on_behalf_of = self.lookup_all(
                        &stmt.node.on_behalf_of,
                        &[Kind::Partner],
                        "the partner commissioned for",
                    );
                    if let Some(lead) = lead {
                        pool.leads.push(LeadCommission {
                            lead,
                            functions,
                            on_behalf_of,
                            clause: cite(&stmt.cite),
                            span: stmt.span,
                        });
                    }
                }
                ast::PoolItem::Contributions(stmt) => {
                    let year = stmt.node.year;
                    if let Some(first) = pool.year(year.node) {
                        let first = first.year.span;
                        self.diagnostics.push(
                            Diagnostic::new(
                                Code::RepeatedContribution,
                                year.span,
                                format!(
                                    "pool `{}` has two contributions tables for {}",
                                    block.id.name, year.node
                                ),
                            )
                            .label("second table")
                            .with_secondary(first, "first table")
                            .help("merge the two tables into one"),
                        );
                        pool.damaged = true;
                        continue;
                    }
                    let mut entries: Vec<Contribution> =
                        Vec::with_capacity(stmt.node.entries.len());
                    // Where each partner was first listed this year.
                    let mut listed: FxHashMap<usize, Span> = FxHashMap::default();
                    for (who, amount) in &stmt.node.entries {
                        let Some(partner) = self.lookup(who, contributor, "a contributor") else {
                            pool.damaged = true;
                            continue;
                        };
                        if let Some(&first) = listed.get(&partner.index) {
                            self.diagnostics.push(
                                Diagnostic::new(
                                    Code::RepeatedContribution,
                                    who.span,
                                    format!(
                                        "`{}` is listed twice in the {} contributions",
                                        who.name, year.node
                                    ),
                                )
                                .label("second time")
                                .with_secondary(first, "first time")
                                .help("give one amount per partner and year"),
                            );
                            pool.damaged = true;
                            continue;
                        }
                        listed.insert(partner.index, partner.span);
                        let Some((value, formula)) = self.contribution(year.node, amount) else {
                            pool.damaged = true;
                            continue;
                        };
                        entries.push(Contribution {
                            partner,
                            amount: At {
                                value,
                                span: amount.span,
                            },
                            formula: formula.map(Box::new),
                        });
                    }
                    pool.contributions.push(YearContributions {
                        year: At {
                            value: year.node,
                            span: year.span,
                        },
                        entries,
                        clause: cite(&stmt.cite),
                        span: stmt.span,
                    });
                }
                ast::PoolItem::Grant(stmt) => {
                    let from =
                        self.lookup(&stmt.node.from, &[Kind::External], "the payer of a grant");
                    let through = self.lookup(
                        &stmt.node.through,
                        &[Kind::Partner],
                        "the partner a grant is paid to",
                    );
                    let purpose = self.grant_purpose(&stmt.node.purposes);
                    let passed_to = self.passed_to(&stmt.node.passed);
                    if let (Some(from), Some(through), Some(passed_to)) = (from, through, passed_to)
                    {
                        pool.grants.push(Grant {
                            purpose,
                            conditions: stmt
                                .node
                                .conditions
                                .iter()
                                .map(|c| c.value.to_string())
                                .collect(),
                            passed_to,
                            id: self.declared_name(&stmt.node.id),
                            name: self.words(&stmt.node.name),
                            from,
                            through,
                            amounts: stmt
                                .node
                                .amounts
                                .iter()
                                .map(|(y, m)| {
                                    (
                                        At {
                                            value: y.node,
                                            span: y.span,
                                        },
                                        At {
                                            value: m.node,
                                            span: m.span,
                                        },
                                    )
                                })
                                .collect(),
                            clause: cite(&stmt.cite),
                            span: stmt.span,
                        });
                    } else {
                        pool.damaged = true;
                    }
                }
                ast::PoolItem::Total(stmt) => {
                    if let Some(total) = self.total(stmt, term) {
                        if self.another_total(&pool.totals, &total) {
                            pool.totals.push(total);
                        }
                    }
                }
                ast::PoolItem::OnForecast(stmt) => {
                    if once.first("on forecast variance", stmt.span, &mut self.diagnostics) {
                        pool.on_forecast = Some(crate::model::ForecastTrigger {
                            threshold: stmt.node.threshold.node,
                            ladder: stmt
                                .node
                                .steps
                                .iter()
                                .filter_map(|step| self.step(step))
                                .collect(),
                            threshold_span: stmt.node.threshold.span,
                            span: stmt.span,
                        });
                    }
                }
                ast::PoolItem::Reports(stmt) => {
                    let reports = self.pool_reports(stmt);
                    pool.reports.extend(reports);
                }
                ast::PoolItem::Scheme(block) => {
                    let scheme = self.scheme(block, pool.host.as_ref());
                    pool.damaged |= block.damaged;
                    pool.schemes.push(scheme);
                }
                ast::PoolItem::Payment(stmt) => match self.payment(stmt, pool.host.as_ref()) {
                    Some(payment) => pool.payments.push(payment),
                    None => pool.damaged = true,
                },
                ast::PoolItem::Risk(stmt) => {
                    let side = stmt.node.side.node;
                    let what = match side {
                        ast::RiskSide::Overspend => "overspend",
                        ast::RiskSide::Underspend => "underspend",
                    };
                    if !once.first(what, stmt.span, &mut self.diagnostics) {
                        continue;
                    }
                    let rule = self.risk(stmt, pool.host.clone());
                    match side {
                        ast::RiskSide::Overspend => pool.overspend = rule,
                        ast::RiskSide::Underspend => pool.underspend = rule,
                    }
                }
            }
        }
        self.uplifts(&mut pool);
        if kind == PoolKind::Pooled
            && !block.damaged
            && !block
                .items
                .iter()
                .any(|i| matches!(i, ast::PoolItem::Host(_)))
        {
            self.missing(
                block.header,
                format!("pool `{}` has no host", block.id.name),
                "add `host PARTNER`: regulation 7 needs one partner to hold the pool's accounts and arrange its audit",
            );
        }
        pool.damaged |= self.failures != failures;
        pool
    }

    /// A contribution as written: its figure (zero until a formula's is
    /// computed) and formula; `None` for an uplift by a negative percentage
    /// (E0321).
    fn contribution(
        &mut self,
        year: crate::period::FinancialYear,
        amount: &ast::Spanned<ast::Amount>,
    ) -> Option<(crate::money::Money, Option<Formula>)> {
        Some(match amount.node {
            ast::Amount::Fixed(money) => (money, None),
            ast::Amount::AsNotified => (
                crate::money::Money::ZERO,
                Some(Formula::AsNotified { notified: None }),
            ),
            ast::Amount::Uplifted(percent) => {
                if percent.is_sign_negative() && !percent.is_zero() {
                    self.diagnostics.push(
                        Diagnostic::new(
                            Code::BadUplift,
                            amount.span,
                            format!("an uplift of {percent}% is a cut"),
                        )
                        .label("below zero")
                        .help("an uplift raises the year before's contribution: write a reduced year as a figure"),
                    );
                    return None;
                }
                let base_year =
                    crate::period::FinancialYear::starting(year.start_year().saturating_sub(1));
                (
                    crate::money::Money::ZERO,
                    Some(Formula::Uplift {
                        percent,
                        base_year,
                        base: None,
                    }),
                )
            }
        })
    }

    /// Computes the pool's uplifted contributions, reporting those with
    /// nothing to start from (E0320) or too large (E0321).
    fn uplifts(&mut self, pool: &mut Pool) {
        // In a pool with a line that could not be read or resolved, a year
        // before with nothing to start from is probably that line.
        let damaged = pool.damaged;
        for problem in crate::model::formula::compute_uplifts(pool) {
            pool.damaged = true;
            if damaged && matches!(problem, crate::model::formula::UpliftProblem::NoBase(..)) {
                continue;
            }
            let diagnostic = match problem {
                crate::model::formula::UpliftProblem::NoBase(span, partner, before) => {
                    Diagnostic::new(
                        Code::UpliftWithoutBase,
                        span,
                        format!(
                            "`{partner}` made no contribution to `{}` in {before} to uplift",
                            pool.id
                        ),
                    )
                }
                .label("uplifted from nothing")
                .help("give the partner's contribution for the year before, or write this year's figure"),
                crate::model::formula::UpliftProblem::TooLarge(span) => Diagnostic::new(
                    Code::BadUplift,
                    span,
                    "the uplifted contribution is too large to hold exactly",
                )
                .label("too large")
                .help("look for a percentage with digits to spare"),
            };
            self.diagnostics.push(diagnostic);
        }
    }

    /// A grant's purpose: the first written; a second is E0105.
    fn grant_purpose(&mut self, purposes: &[ast::Text<'a>]) -> Option<String> {
        let (first, rest) = purposes.split_first()?;
        for again in rest {
            self.diagnostics.push(
                Diagnostic::new(
                    Code::RepeatedStatement,
                    again.span,
                    "the grant's `purpose` is given twice",
                )
                .label("second purpose")
                .with_secondary(first.span, "first given here")
                .help("give one `purpose` saying what the grant may be spent on; write each condition as a `condition` line"),
            );
        }
        Some(first.value.to_string())
    }

    /// The bodies a grant is passed on to; `None` if one is not known.
    fn passed_to(
        &mut self,
        passed: &[ast::Spanned<ast::PassThrough<'a>>],
    ) -> Option<Vec<PassThrough>> {
        let mut out = Vec::new();
        let mut complete = true;
        for pass in passed {
            let Some(to) = self.lookup(
                &pass.node.to,
                &[Kind::External, Kind::Partner],
                "the body a grant is passed to",
            ) else {
                complete = false;
                continue;
            };
            let share = match pass.node.share {
                ast::PassShare::Amount(amount, year) => PassShare::Amount {
                    amount: amount.node,
                    year: year.node,
                },
                ast::PassShare::Percent(percent) => PassShare::Percent {
                    percent: percent.node,
                },
            };
            out.push(PassThrough {
                to,
                share,
                span: pass.span,
            });
        }
        complete.then_some(out)
    }

    pub(super) fn total(
        &mut self,
        stmt: &ast::Stmt<'a, ast::Total>,
        term: Option<&Term>,
    ) -> Option<DeclaredTotal> {
        let term_years = || {
            term.map(|t| t.years().collect::<Vec<_>>())
                .unwrap_or_default()
        };
        let in_year = matches!(stmt.node.covers, ast::TotalCovers::Year(_));
        let (years, each_year) = match stmt.node.covers {
            ast::TotalCovers::Term => (term_years(), false),
            ast::TotalCovers::EachYear => (term_years(), true),
            ast::TotalCovers::Year(year) => (vec![year.node], false),
            ast::TotalCovers::Range(first, last) => {
                if last.node < first.node {
                    self.diagnostics.push(
                        Diagnostic::new(
                            Code::TermReversed,
                            first.span.to(last.span),
                            format!(
                                "`over {} to {}` ends before it starts",
                                first.node, last.node
                            ),
                        )
                        .label("reversed")
                        .help(format!(
                            "did you mean `over {} to {}`?",
                            last.node, first.node
                        ))
                        .fix(
                            "swap the years",
                            first.span.to(last.span),
                            format!("{} to {}", last.node, first.node),
                        ),
                    );
                    return None;
                }
                (first.node.through(last.node).collect(), false)
            }
        };
        Some(DeclaredTotal {
            amount: At {
                value: stmt.node.amount.node,
                span: stmt.node.amount.span,
            },
            years,
            each_year,
            in_year,
            clause: cite(&stmt.cite),
            span: stmt.span,
        })
    }

    /// Whether a pool that already declares `totals` may declare `new` too:
    /// only one `total … in YEAR` for each of several years. Reports E0105
    /// otherwise, saying why.
    fn another_total(&mut self, totals: &[DeclaredTotal], new: &DeclaredTotal) -> bool {
        let Some(first) = totals.first() else {
            return true;
        };
        let diagnostic = if first.in_year && new.in_year {
            let Some(same) = totals.iter().find(|t| t.years == new.years) else {
                return true;
            };
            let year = new
                .years
                .first()
                .map(ToString::to_string)
                .unwrap_or_default();
            Diagnostic::new(
                Code::RepeatedStatement,
                new.span,
                format!("a second `total` for {year}"),
            )
            .label("second total for this year")
            .with_secondary(same.span, "first given here")
            .help(format!(
                "keep one `total … in {year}`: a pool declares one total for each year"
            ))
        } else if first.in_year || new.in_year {
            let kind = |t: &DeclaredTotal| {
                if t.in_year {
                    "a total for one year"
                } else if t.each_year {
                    "a total for each year"
                } else {
                    "a total over several years"
                }
            };
            Diagnostic::new(
                Code::RepeatedStatement,
                new.span,
                format!("{} after {}", kind(new), kind(first)),
            )
            .label("second total")
            .with_secondary(first.span, "first given here")
            .help("declare either one total (`total £X`, `total £X each year` or `total £X over YEAR to YEAR`) or one `total £X in YEAR` for each year, not both")
        } else {
            Diagnostic::new(Code::RepeatedStatement, new.span, "`total` is given twice")
                .label("second time")
                .with_secondary(first.span, "first given here")
                .help("keep one `total` statement, or write one `total £X in YEAR` for each year")
        };
        self.diagnostics.push(diagnostic);
        false
    }

    pub(super) fn risk(
        &mut self,
        stmt: &ast::Stmt<'a, ast::Risk<'a>>,
        host: Option<Ref>,
    ) -> Option<RiskRule> {
        self.risk_words(&stmt.node);
        let share = self.share(&stmt.node.rule, host.as_ref())?;
        let mut cascade = Vec::new();
        let mut complete = true;
        for step in &stmt.node.cascade {
            match &step.node {
                ast::CascadeStep::Reserve(amount) => cascade.push(CascadeStep::Reserve {
                    amount: amount.node,
                    span: amount.span,
                }),
                ast::CascadeStep::NamedReserve(id, limit) => {
                    match self.lookup(id, &[Kind::Reserve], "a reserve drawn on") {
                        Some(reserve) => cascade.push(CascadeStep::NamedReserve {
                            reserve,
                            limit: limit.map(|l| l.node),
                        }),
                        None => complete = false,
                    }
                }
                ast::CascadeStep::Underspend(id, limit) => {
                    match self.lookup(id, &[Kind::Pool], "a pool whose underspend is drawn on") {
                        Some(pool) => cascade.push(CascadeStep::Underspend {
                            pool,
                            limit: limit.map(|l| l.node),
                        }),
                        None => complete = false,
                    }
                }
                ast::CascadeStep::CutUncommitted(limit) => {
                    cascade.push(CascadeStep::CutUncommitted {
                        limit: limit.map(|l| l.node),
                        span: step.span,
                    });
                }
                ast::CascadeStep::Share { rule, limit, cap } => {
                    match self.share(rule, host.as_ref()) {
                        Some(share) => cascade.push(CascadeStep::Share {
                            share: underspend_share(stmt.node.side.node, share),
                            limit: limit.map(|l| l.node),
                            cap: cap.map(|c| risk_cap(c.node)),
                        }),
                        None => complete = false,
                    }
                }
            }
        }
        if !complete {
            return None;
        }
        Some(RiskRule {
            side: stmt.node.side.node,
            share: underspend_share(stmt.node.side.node, share),
            cap: stmt.node.cap.map(|cap| risk_cap(cap.node)),
            cascade,
            clause: cite(&stmt.cite),
            span: stmt.span,
        })
    }

    pub(super) fn share(
        &mut self,
        rule: &ast::Spanned<ast::ShareRule<'a>>,
        host: Option<&Ref>,
    ) -> Option<Share> {
        Some(match &rule.node {
            ast::ShareRule::ByContribution => Share::ByContribution,
            ast::ShareRule::ByCommissioning => Share::ByCommissioning,
            ast::ShareRule::Equally => Share::Equally,
            ast::ShareRule::Retained => Share::Retained,
            ast::ShareRule::BorneBy(who) => {
                Share::BorneBy(self.one_partner(who.as_ref(), rule.span, host, "borne by")?)
            }
            ast::ShareRule::KeptBy(who) => {
                Share::KeptBy(self.one_partner(who.as_ref(), rule.span, host, "kept by")?)
            }
            ast::ShareRule::ReturnedTo(who) => {
                Share::ReturnedTo(self.one_partner(who.as_ref(), rule.span, host, "returned to")?)
            }
            ast::ShareRule::Fixed(shares) => {
                Share::Fixed(self.fixed_shares(shares, "a partner's share")?)
            }
        })
    }

    /// The one partner of `borne by`, `kept by` or `returned to` (`words`);
    /// `None` (no name) is the host.
    fn one_partner(
        &mut self,
        who: Option<&ast::Ident<'a>>,
        span: Span,
        host: Option<&Ref>,
        words: &str,
    ) -> Option<Ref> {
        if let Some(who) = who {
            let role = match words {
                "borne by" => "the partner bearing it",
                "kept by" => "the partner keeping it",
                _ => "the partner it is returned to",
            };
            return self.lookup(who, &[Kind::Partner], role);
        }
        if host.is_none() {
            self.diagnostics.push(
                Diagnostic::new(
                    Code::MissingStatement,
                    span,
                    format!("`{words} host`, but the pool names no host"),
                )
                .label("which partner?")
                .help("write the `host` line before this one, or name the partner"),
            );
        }
        host.cloned()
    }

    /// Fixed shares, or `None` if any could not be resolved (so that their
    /// sum would mislead).
    pub(super) fn fixed_shares(
        &mut self,
        shares: &[(ast::Ident<'a>, ast::Spanned<Decimal>)],
        role: &str,
    ) -> Option<Vec<FixedShare>> {
        let mut out: Vec<FixedShare> = Vec::new();
        // Where each partner was first given a share.
        let mut given: FxHashMap<usize, Span> = FxHashMap::default();
        let mut complete = true;
        for (who, percent) in shares {
            let Some(partner) = self.lookup(who, &[Kind::Partner], role) else {
                complete = false;
                continue;
            };
            if let Some(&first) = given.get(&partner.index) {
                self.diagnostics.push(
                    Diagnostic::new(
                        Code::RepeatedStatement,
                        who.span,
                        format!("`{}` has two shares", who.name),
                    )
                    .label("second share")
                    .with_secondary(first, "first share")
                    .help("give each partner one percentage"),
                );
                complete = false;
                continue;
            }
            given.insert(partner.index, partner.span);
            out.push(FixedShare {
                partner,
                percent: At {
                    value: percent.node,
                    span: percent.span,
                },
            });
        }
        complete.then_some(out)
    }
}

fn risk_cap(cap: ast::Cap) -> RiskCap {
    match cap {
        ast::Cap::Contribution => RiskCap::Contribution,
        ast::Cap::Amount(money) => RiskCap::Amount(money),
    }
}
