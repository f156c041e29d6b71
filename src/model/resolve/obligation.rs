//! Building obligations and their ladders of consequences.

use rust_decimal::Decimal;

use super::{cite, cited, Once, Resolver};
use crate::diagnostics::{Code, Diagnostic};
use crate::model::*;
use crate::syntax::ast;

impl<'a> Resolver<'a> {
    pub(super) fn obligation(
        &mut self,
        block: &ast::Block<'a, ast::ObligationItem<'a>>,
    ) -> Obligation {
        let mut obligation = Obligation {
            id: self.declared_name(&block.id),
            name: self.words(&block.name),
            owners: Vec::new(),
            functions: Vec::new(),
            attribution: None,
            metric: None,
            figures: None,
            baseline: None,
            target: None,
            trajectory: Trajectory::Linear,
            tolerance: None,
            reports: Vec::new(),
            flag_after: None,
            on_miss: Vec::new(),
            marks: Vec::new(),
            clause: None,
            citations: Vec::new(),
            damaged: block.damaged,
            span: block.header,
        };
        let mut once = Once::default();
        let party: &[Kind] = &[Kind::Partner, Kind::Body];
        for item in &block.items {
            match item {
                ast::ObligationItem::Clause(text) => {
                    if once.first("clause", text.span, &mut self.diagnostics) {
                        obligation.clause = Some(text.value.to_string());
                    }
                }
                ast::ObligationItem::Marked(stmt) => {
                    obligation.marks.push(crate::model::Mark::of(stmt))
                }
                ast::ObligationItem::Owner(stmt) => {
                    if once.first("owner", stmt.span, &mut self.diagnostics) {
                        cited(&mut obligation.citations, "owner", &stmt.cite);
                        obligation.owners =
                            self.lookup_all(&stmt.node, party, "an obligation's owner");
                    }
                }
                ast::ObligationItem::Functions(stmt) => {
                    cited(&mut obligation.citations, "function", &stmt.cite);
                    let refs = self.lookup_all(
                        &stmt.node,
                        &[Kind::Function],
                        "what an obligation is about",
                    );
                    obligation.functions.extend(refs);
                }
                ast::ObligationItem::Attribution(stmt) => {
                    if once.first("attribution", stmt.span, &mut self.diagnostics) {
                        cited(&mut obligation.citations, "attribution", &stmt.cite);
                        obligation.attribution = match &stmt.node {
                            ast::Attribution::Equally => Some(Attribution::Equally),
                            ast::Attribution::Shares(shares) => self
                                .fixed_shares(shares, "an owner's attribution")
                                .map(Attribution::Shares),
                            ast::Attribution::ByCategory(rows) => {
                                self.categories(rows).map(Attribution::ByCategory)
                            }
                        };
                    }
                }
                ast::ObligationItem::Metric(stmt) => {
                    if once.first("metric", stmt.span, &mut self.diagnostics) {
                        let unit = self.word(
                            &stmt.node.unit,
                            Unit::from_word,
                            Unit::WHAT,
                            Unit::SPELLINGS,
                            Unit::WORDS,
                        );
                        obligation.metric = Some(Metric {
                            name: self.words(&stmt.node.name),
                            unit,
                            direction: stmt.node.direction.map(|d| At {
                                value: d.node,
                                span: d.span,
                            }),
                            clause: cite(&stmt.cite),
                        });
                    }
                }
                ast::ObligationItem::Baseline(stmt) => {
                    if once.first("baseline", stmt.span, &mut self.diagnostics) {
                        cited(&mut obligation.citations, "baseline", &stmt.cite);
                        obligation.baseline = Some(measure(&stmt.node));
                    }
                }
                ast::ObligationItem::Target(stmt) => {
                    if once.first("target", stmt.span, &mut self.diagnostics) {
                        cited(&mut obligation.citations, "target", &stmt.cite);
                        let m = measure(&stmt.node.measure);
                        obligation.target = Some(Target {
                            bound: At {
                                value: stmt.node.bound.node,
                                span: stmt.node.bound.span,
                            },
                            value: m.value,
                            period: m.period,
                            span: stmt.span,
                        });
                    }
                }
                ast::ObligationItem::Trajectory(stmt) => {
                    if once.first("trajectory", stmt.span, &mut self.diagnostics) {
                        cited(&mut obligation.citations, "trajectory", &stmt.cite);
                        obligation.trajectory = match &stmt.node {
                            ast::Trajectory::Linear => Trajectory::Linear,
                            ast::Trajectory::Milestones(points) => {
                                let mut points: Vec<Measure> = points.iter().map(measure).collect();
                                points.sort_by_key(|p| p.period.value);
                                Trajectory::Milestones(points)
                            }
                        };
                    }
                }
                ast::ObligationItem::Tolerance(stmt) => {
                    if once.first("tolerance", stmt.span, &mut self.diagnostics) {
                        cited(&mut obligation.citations, "tolerance", &stmt.cite);
                        obligation.tolerance = Some(match stmt.node {
                            ast::Tolerance::Absolute(v) => Tolerance::Absolute(v.node),
                            ast::Tolerance::Relative(v) => Tolerance::Relative(v.node),
                        });
                    }
                }
                ast::ObligationItem::Report(stmt) => {
                    let cadence = self.cadence(&stmt.node.cadence);
                    let from = stmt
                        .node
                        .from
                        .as_ref()
                        .and_then(|from| self.lookup(from, party, "who makes a return"));
                    let to = self.lookup_all(
                        &stmt.node.to,
                        &[Kind::Partner, Kind::Body, Kind::External],
                        "a report's recipient",
                    );
                    if let Some(cadence) = cadence {
                        obligation.reports.push(Reporting {
                            cadence,
                            from,
                            to,
                            within: stmt.node.within.map(deadline),
                            clause: cite(&stmt.cite),
                            span: stmt.span,
                        });
                    }
                }
                ast::ObligationItem::Figures(stmt) => {
                    if once.first("figures", stmt.span, &mut self.diagnostics) {
                        obligation.figures = Some(Figures {
                            basis: At {
                                value: stmt.node.basis.node,
                                span: stmt.node.basis.span,
                            },
                            frequency: stmt.node.frequency.map(|f| At {
                                value: f.node,
                                span: f.span,
                            }),
                            lag: stmt.node.lag.map(deadline),
                            clause: cite(&stmt.cite),
                            span: stmt.span,
                        });
                    }
                }
                ast::ObligationItem::Flag(stmt) => {
                    if once.first("flag", stmt.span, &mut self.diagnostics) {
                        cited(&mut obligation.citations, "flag", &stmt.cite);
                        obligation.flag_after = Some(At {
                            value: stmt.node.node,
                            span: stmt.node.span,
                        });
                    }
                }
                ast::ObligationItem::OnMiss(stmt) => {
                    if once.first("on miss", stmt.span, &mut self.diagnostics) {
                        // As many as written (collected, a ladder of three
                        // would keep room for four).
                        let mut steps = Vec::with_capacity(stmt.node.len());
                        steps.extend(stmt.node.iter().filter_map(|step| self.step(step)));
                        obligation.on_miss = steps;
                    }
                }
            }
        }
        let id = block.id.name;
        let has = |f: fn(&ast::ObligationItem<'_>) -> bool| block.items.iter().any(f);
        if !block.damaged {
            if !has(|i| matches!(i, ast::ObligationItem::Owner(_))) {
                self.missing(
                    block.header,
                    format!("obligation `{id}` has no owner"),
                    "add `owner PARTNER`: who is accountable if it is missed?",
                );
            }
            if !has(|i| matches!(i, ast::ObligationItem::Metric(_))) {
                self.missing(
                    block.header,
                    format!("obligation `{id}` has no metric"),
                    "add `metric \"What is measured\" in UNIT`",
                );
            }
            if !has(|i| matches!(i, ast::ObligationItem::Baseline(_))) {
                self.missing(
                    block.header,
                    format!("obligation `{id}` has no baseline"),
                    "add `baseline VALUE in PERIOD`: where the measure starts from",
                );
            }
            if !has(|i| matches!(i, ast::ObligationItem::Target(_))) {
                self.missing(
                    block.header,
                    format!("obligation `{id}` has no target"),
                    "add `target at most VALUE by PERIOD` (or `at least`)",
                );
            }
        }
        // Lists of one or two are the rule: no room kept for more, as there
        // may be a great many obligations.
        obligation.owners.shrink_to_fit();
        obligation.functions.shrink_to_fit();
        obligation.reports.shrink_to_fit();
        obligation.citations.shrink_to_fit();
        obligation
    }

    pub(super) fn step(&mut self, stmt: &ast::Stmt<'a, ast::Step<'a>>) -> Option<Step> {
        let party: &[Kind] = &[Kind::Partner, Kind::Body, Kind::External];
        let action = match &stmt.node.action {
            ast::Action::Escalate { to, within } => Action::Escalate {
                to: self.lookup(
                    to,
                    &[Kind::Body, Kind::Partner, Kind::External],
                    "the body escalated to",
                )?,
                within: within.map(deadline),
            },
            ast::Action::RecoveryPlan { from, to, within } => Action::RecoveryPlan {
                from: match from {
                    Some(id) => Some(self.lookup(id, party, "the author of a recovery plan")?),
                    None => None,
                },
                to: match to {
                    Some(id) => Some(self.lookup(id, party, "the recipient of a recovery plan")?),
                    None => None,
                },
                within: within.map(deadline),
            },
            ast::Action::Withhold {
                amount,
                from,
                terms,
            } => Action::Withhold {
                amount: self.amount(amount)?,
                from: match from {
                    Some(id) => Some(self.lookup(id, party, "the party money is withheld from")?),
                    None => None,
                },
                terms: Box::new(self.money_terms(terms)?),
            },
            ast::Action::Clawback {
                up_to,
                amount,
                by,
                from,
                terms,
            } => Action::Clawback {
                terms: Box::new(self.money_terms(terms)?),
                up_to: *up_to,
                amount: self.amount(amount)?,
                by: match by {
                    Some(id) => Some(self.lookup(id, party, "the party clawing back")?),
                    None => None,
                },
                from: match from {
                    Some(id) => {
                        Some(self.lookup(id, party, "the party money is clawed back from")?)
                    }
                    None => None,
                },
            },
            ast::Action::ReduceAllocation { grant, by } => Action::ReduceAllocation {
                grant: self.grant_named(grant)?,
                by: match by.node {
                    ast::Figure::Money(m) => Figure::Money(m),
                    ast::Figure::Percent(p) => Figure::Percent(p),
                },
            },
            ast::Action::DisputeResolution => Action::DisputeResolution,
        };
        Some(Step {
            after_misses: stmt.node.ordinal.node,
            action,
            clause: cite(&stmt.cite),
            span: stmt.span,
        })
    }

    /// The grant an allocation cut names: a name declared nowhere is E0324
    /// (a name of another kind, E0103, as everywhere).
    fn grant_named(&mut self, id: &ast::Ident<'a>) -> Option<Ref> {
        if self.names.contains_key(id.name)
            || self.import_failed
            || self.unreadable.contains(&id.name)
        {
            return self.lookup(id, &[Kind::Grant], "the grant whose allocation is cut");
        }
        self.failures += 1;
        let suggestion = self.suggest(id.name, &[Kind::Grant]);
        self.diagnostics.push(
            Diagnostic::new(
                Code::UnknownGrant,
                id.span,
                format!("`{}` is not a grant of this agreement", id.name),
            )
            .label("no such grant")
            .help(match &suggestion {
                Some(s) => format!("did you mean `{s}`?"),
                None => "name a grant declared in a pool (`grant ID \"Name\" from ... through ... { ... }`)".to_owned(),
            })
            .maybe_fix(suggestion.map(|s| (format!("write `{s}`"), id.span, s))),
        );
        None
    }

    pub(super) fn amount(&mut self, amount: &ast::AmountExpr<'a>) -> Option<Amount> {
        let figure = match amount.figure.node {
            ast::Figure::Money(m) => Figure::Money(m),
            ast::Figure::Percent(p) => Figure::Percent(p),
        };
        let of = match &amount.of {
            None => {
                if matches!(figure, Figure::Percent(_)) {
                    self.diagnostics.push(
                        Diagnostic::new(Code::MissingStatement, amount.figure.span, "a percentage of what?")
                            .label("no `of ...`")
                            .help("write what it is a share of: `5% of bcc contribution to ld`, `10% of ibcf`"),
                    );
                    return None;
                }
                None
            }
            Some(ast::AmountBase::Named(id)) => Some(AmountOf::Fund(self.lookup(
                id,
                &[Kind::Pool, Kind::Aligned, Kind::Grant],
                "what an amount is of",
            )?)),
            Some(ast::AmountBase::Contribution { partner, to }) => Some(AmountOf::Contribution {
                partner: self.lookup(partner, &[Kind::Partner], "a contributor")?,
                to: match to {
                    Some(id) => Some(self.lookup(
                        id,
                        &[Kind::Pool, Kind::Aligned],
                        "the pool contributed to",
                    )?),
                    None => None,
                },
            }),
        };
        Some(Amount {
            figure,
            of: of.map(Box::new),
            span: amount.span,
        })
    }
}

impl<'a> Resolver<'a> {
    /// The categories of an attribution by category, each owner's share
    /// fixed or (none written) equal.
    fn categories(&mut self, rows: &[ast::CategoryRow<'a>]) -> Option<Vec<CategoryShares>> {
        let mut out: Vec<CategoryShares> = Vec::new();
        let mut complete = true;
        for row in rows {
            if let Some(first) = out
                .iter()
                .find(|c| c.category.as_str() == row.category.name)
            {
                self.diagnostics.push(
                    Diagnostic::new(
                        Code::RepeatedStatement,
                        row.category.span,
                        format!("the category `{}` is attributed twice", row.category.name),
                    )
                    .label("second time")
                    .with_secondary(first.span, "first attributed here")
                    .help("attribute each category once, to all its owners"),
                );
                complete = false;
                continue;
            }
            let stated = row.owners.iter().any(|(_, share)| share.is_some());
            if stated && row.owners.iter().any(|(_, share)| share.is_none()) {
                self.diagnostics.push(
                    Diagnostic::new(
                        Code::SharesNot100,
                        row.category.span,
                        format!(
                            "the category `{}` gives some owners a share and others none",
                            row.category.name
                        ),
                    )
                    .label("shares for some owners only")
                    .help("give every owner of the category a percentage, or none for equal parts"),
                );
                complete = false;
                continue;
            }
            let count = Decimal::from(row.owners.len().max(1));
            let equal = Decimal::ONE_HUNDRED / count;
            let written: Vec<(ast::Ident<'a>, ast::Spanned<Decimal>)> = row
                .owners
                .iter()
                .map(|(who, share)| {
                    (
                        *who,
                        share.unwrap_or(ast::Spanned {
                            node: equal,
                            span: who.span,
                        }),
                    )
                })
                .collect();
            match self.fixed_shares(&written, "an owner of a category") {
                Some(owners) => out.push(CategoryShares {
                    category: self.name(row.category.name),
                    owners,
                    stated,
                    span: row.category.span,
                }),
                None => complete = false,
            }
        }
        complete.then_some(out)
    }

    fn money_terms(&mut self, terms: &ast::MoneyTerms<'a>) -> Option<MoneyTerms> {
        let to = match &terms.to {
            Some(id) => Some(self.lookup(
                id,
                &[Kind::Partner, Kind::Body, Kind::External, Kind::Pool],
                "who receives money withheld",
            )?),
            None => None,
        };
        Some(MoneyTerms {
            to,
            year: terms.year.map(|y| y.node),
            within: terms.within.map(deadline),
        })
    }
}

fn deadline(deadline: ast::Deadline) -> Deadline {
    Deadline {
        count: deadline.count.node,
        unit: deadline.unit.node,
    }
}

fn measure(measure: &ast::Measure) -> Measure {
    let (value, written) = match measure.value.node {
        ast::Value::Money(m) => (m.as_decimal(), ValueKind::Money),
        ast::Value::Percent(p) => (p, ValueKind::Percent),
        ast::Value::Number(n) => (n, ValueKind::Number),
    };
    Measure {
        value: Quantity {
            value,
            written,
            span: measure.value.span,
        },
        period: At {
            value: measure.period.node,
            span: measure.period.span,
        },
    }
}
