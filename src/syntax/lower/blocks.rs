//! Lowering the statements of governance bodies, pools and aligned budgets.

use rust_decimal::Decimal;

use super::{Kids, Lowerer, P};
use crate::diagnostics::{Code, Diagnostic};
use crate::syntax::ast::*;
use crate::syntax::parser::Rule;

impl Lowerer<'_> {
    pub(super) fn body_item<'a>(&mut self, pair: P<'a>) -> Result<Option<BodyItem<'a>>, ()> {
        Ok(match pair.as_rule() {
            Rule::clause_stmt => self.clause(pair).map(BodyItem::Clause),
            Rule::marked_stmt => self.stmt(pair, Self::marked).map(BodyItem::Marked),
            Rule::seats_stmt => self.stmt(pair, Self::seats).map(BodyItem::Seats),
            Rule::quorum_stmt => self.stmt(pair, Self::quorum).map(BodyItem::Quorum),
            Rule::meets_stmt => self.stmt(pair, Self::cadence_stmt).map(BodyItem::Meets),
            Rule::accountable_stmt => self
                .stmt(pair, Self::ident_list_stmt)
                .map(BodyItem::AccountableTo),
            Rule::remit_stmt => self.stmt(pair, Self::remit).map(BodyItem::Remit),
            Rule::decides_stmt => self.stmt(pair, Self::decides).map(BodyItem::Decides),
            _ => {
                self.shape(&pair);
                return Err(());
            }
        })
    }

    pub(super) fn seats<'a>(&mut self, kids: &mut Kids<'a>) -> Option<Vec<Seat<'a>>> {
        let mut seats = Vec::new();
        let mut ok = true;
        while let Some(seat) = kids.next_if(|p| p.as_rule() == Rule::seat) {
            let span = self.span(&seat);
            let mut inner = seat.into_inner().peekable();
            let (Some(who), Some(count)) = (inner.next(), inner.next()) else {
                ok = false;
                continue;
            };
            let roles = match inner.next_if(|p| p.as_rule() == Rule::roles) {
                Some(roles) => self.roles(roles),
                None => Some(Vec::new()),
            };
            let advisory = inner.next_if(|p| p.as_rule() == Rule::advisory).is_some();
            match (self.integer(&count), roles) {
                (Some(count), Some(roles)) => seats.push(Seat {
                    holder: self.ident(&who),
                    count,
                    roles,
                    advisory,
                    span,
                }),
                _ => ok = false,
            }
        }
        ok.then_some(seats)
    }

    /// `(3 elected_member, 1 dass)`: how many in each role.
    fn roles<'a>(&mut self, pair: P<'a>) -> Option<Vec<RoleCount<'a>>> {
        let mut roles = Vec::new();
        let mut ok = true;
        for role in pair.into_inner() {
            let mut inner = role.into_inner();
            let (Some(count), Some(word)) = (inner.next(), inner.next()) else {
                ok = false;
                continue;
            };
            match self.integer(&count) {
                Some(count) => roles.push(RoleCount {
                    count,
                    role: self.ident(&word),
                }),
                None => ok = false,
            }
        }
        ok.then_some(roles)
    }

    pub(super) fn quorum<'a>(&mut self, kids: &mut Kids<'a>) -> Option<Quorum<'a>> {
        let count = kids.next_if(|p| p.as_rule() == Rule::integer)?;
        let count = self.integer(&count)?;
        let mut including = Vec::new();
        while let Some(need) = kids.next_if(|p| p.as_rule() == Rule::quorum_need) {
            let inner = need.into_inner().next()?;
            match inner.as_rule() {
                Rule::ident => including.push(QuorumNeed::Partner(self.ident(&inner))),
                Rule::one_of => {
                    let span = self.span(&inner);
                    let names = inner.into_inner().map(|p| self.ident(&p)).collect();
                    including.push(QuorumNeed::OneOf(Spanned { node: names, span }));
                }
                Rule::count_of => {
                    let span = self.span(&inner);
                    let mut parts = inner.into_inner().peekable();
                    let (Some(n), Some(who)) = (parts.next(), parts.next()) else {
                        return None;
                    };
                    let roles = match parts.next_if(|p| p.as_rule() == Rule::roles) {
                        Some(roles) => self.roles(roles)?,
                        None => Vec::new(),
                    };
                    let node = CountOf {
                        count: self.integer(&n)?,
                        holder: self.ident(&who),
                        roles,
                    };
                    including.push(QuorumNeed::CountOf(Spanned { node, span }));
                }
                _ => return None,
            }
        }
        Some(Quorum { count, including })
    }

    fn remit<'a>(&mut self, kids: &mut Kids<'a>) -> Option<Text<'a>> {
        let text = kids.next_if(|p| p.as_rule() == Rule::string)?;
        Some(self.text(text))
    }

    fn decides<'a>(&mut self, kids: &mut Kids<'a>) -> Option<Vec<Text<'a>>> {
        let mut decisions = Vec::new();
        while let Some(text) = kids.next_if(|p| p.as_rule() == Rule::string) {
            decisions.push(self.text(text));
        }
        (!decisions.is_empty()).then_some(decisions)
    }

    pub(super) fn cadence_stmt<'a>(&mut self, kids: &mut Kids<'a>) -> Option<Cadence<'a>> {
        let cadence = kids.next_if(|p| p.as_rule() == Rule::cadence)?;
        self.cadence(cadence)
    }

    pub(super) fn cadence<'a>(&mut self, pair: P<'a>) -> Option<Cadence<'a>> {
        let inner = pair.into_inner().next()?;
        match inner.as_rule() {
            Rule::word => Some(Cadence::Word(self.ident(&inner))),
            Rule::every_n => {
                // `every month` is `every 1 month`.
                let span = self.span(&inner);
                let mut parts = inner.into_inner().peekable();
                let count = match parts.next_if(|p| p.as_rule() == Rule::integer) {
                    Some(count) => self.integer(&count)?,
                    None => Spanned { node: 1, span },
                };
                let unit = parts.next()?;
                Some(Cadence::Every(count, self.time_unit(&unit)?))
            }
            _ => None,
        }
    }

    pub(super) fn time_unit(&mut self, pair: &P<'_>) -> Option<Spanned<TimeUnit>> {
        let node = match pair.as_str() {
            "day" | "days" => TimeUnit::Days,
            "week" | "weeks" => TimeUnit::Weeks,
            "month" | "months" => TimeUnit::Months,
            _ => return None,
        };
        Some(Spanned {
            node,
            span: self.span(pair),
        })
    }

    pub(super) fn ident_list_stmt<'a>(&mut self, kids: &mut Kids<'a>) -> Option<Vec<Ident<'a>>> {
        let list = kids.next_if(|p| p.as_rule() == Rule::ident_list)?;
        Some(self.ident_list(list))
    }

    pub(super) fn ident_list<'a>(&mut self, pair: P<'a>) -> Vec<Ident<'a>> {
        pair.into_inner().map(|p| self.ident(&p)).collect()
    }

    // ----- pools -----

    pub(super) fn pool_item<'a>(&mut self, pair: P<'a>) -> Result<Option<PoolItem<'a>>, ()> {
        Ok(match pair.as_rule() {
            Rule::clause_stmt => self.clause(pair).map(PoolItem::Clause),
            Rule::marked_stmt => self.stmt(pair, Self::marked).map(PoolItem::Marked),
            Rule::host_stmt => self.stmt(pair, Self::one_ident).map(PoolItem::Host),
            Rule::manager_stmt => self.stmt(pair, Self::manager).map(PoolItem::Manager),
            Rule::functions_stmt => self
                .stmt(pair, Self::ident_list_stmt)
                .map(PoolItem::Functions),
            Rule::lead_stmt => self.stmt(pair, Self::lead).map(PoolItem::Lead),
            Rule::contributions_stmt => self
                .stmt(pair, Self::contributions)
                .map(PoolItem::Contributions),
            Rule::grant_stmt => self.stmt(pair, Self::grant).map(PoolItem::Grant),
            Rule::total_stmt => self.stmt(pair, Self::total).map(PoolItem::Total),
            Rule::risk_stmt | Rule::risk_block => self.stmt(pair, Self::risk).map(PoolItem::Risk),
            Rule::reports_stmt => self.stmt(pair, Self::pool_reports).map(PoolItem::Reports),
            Rule::scheme_block => self.scheme(pair).map(PoolItem::Scheme),
            Rule::payment_stmt => self.stmt(pair, Self::payment).map(PoolItem::Payment),
            Rule::on_forecast_block => self.on_forecast(pair).map(PoolItem::OnForecast),
            _ => {
                self.shape(&pair);
                return Err(());
            }
        })
    }

    pub(super) fn manager<'a>(&mut self, kids: &mut Kids<'a>) -> Option<Manager<'a>> {
        let title = kids.next_if(|p| p.as_rule() == Rule::string)?;
        let of = kids.next_if(|p| p.as_rule() == Rule::ident);
        Some(Manager {
            title: self.text(title),
            of: of.map(|p| self.ident(&p)),
        })
    }

    pub(super) fn lead<'a>(&mut self, kids: &mut Kids<'a>) -> Option<Lead<'a>> {
        let lead = kids.next_if(|p| p.as_rule() == Rule::ident)?;
        let functions = kids.next_if(|p| p.as_rule() == Rule::ident_list)?;
        let partners = kids.next_if(|p| p.as_rule() == Rule::ident_list)?;
        Some(Lead {
            lead: self.ident(&lead),
            functions: self.ident_list(functions),
            on_behalf_of: self.ident_list(partners),
        })
    }

    pub(super) fn contributions<'a>(&mut self, kids: &mut Kids<'a>) -> Option<Contributions<'a>> {
        let year = kids.next_if(|p| p.as_rule() == Rule::year)?;
        let year = self.year(&year);
        // Every child left is an entry, but for a citation.
        let mut entries = Vec::with_capacity(kids.len());
        let mut ok = true;
        while let Some(entry) = kids.next_if(|p| p.as_rule() == Rule::amount_entry) {
            let mut inner = entry.into_inner();
            let (Some(who), Some(amount)) = (inner.next(), inner.next()) else {
                ok = false;
                continue;
            };
            let span = self.span(&amount);
            let node = match amount.as_rule() {
                Rule::as_notified => Some(Amount::AsNotified),
                Rule::uplifted => amount
                    .into_inner()
                    .next()
                    .and_then(|p| self.percent(&p))
                    .map(|p| Amount::Uplifted(p.node)),
                _ => self.money(&amount).map(|m| Amount::Fixed(m.node)),
            };
            match node {
                Some(node) => entries.push((self.ident(&who), Spanned { node, span })),
                None => ok = false,
            }
        }
        let year = year?;
        ok.then_some(Contributions { year, entries })
    }

    pub(super) fn grant<'a>(&mut self, kids: &mut Kids<'a>) -> Option<Grant<'a>> {
        let id = kids.next_if(|p| p.as_rule() == Rule::ident)?;
        let name = kids.next_if(|p| p.as_rule() == Rule::string)?;
        let from = kids.next_if(|p| p.as_rule() == Rule::ident)?;
        let through = kids.next_if(|p| p.as_rule() == Rule::ident)?;
        let mut amounts = Vec::new();
        let mut purposes = Vec::new();
        let mut conditions = Vec::new();
        let mut passed = Vec::new();
        let mut ok = true;
        while let Some(entry) = kids.next_if(|p| {
            matches!(
                p.as_rule(),
                Rule::year_amount
                    | Rule::grant_purpose
                    | Rule::grant_condition
                    | Rule::pass_through
            )
        }) {
            let rule = entry.as_rule();
            let span = self.span(&entry);
            let mut inner = entry.into_inner();
            match rule {
                Rule::grant_purpose | Rule::grant_condition => {
                    let Some(text) = inner.next() else {
                        ok = false;
                        continue;
                    };
                    let text = self.text(text);
                    if rule == Rule::grant_purpose {
                        purposes.push(text);
                    } else {
                        conditions.push(text);
                    }
                }
                Rule::pass_through => match self.pass_through(inner) {
                    Some(node) => passed.push(Spanned { node, span }),
                    None => ok = false,
                },
                _ => {
                    let (Some(year), Some(amount)) = (inner.next(), inner.next()) else {
                        ok = false;
                        continue;
                    };
                    match (self.year(&year), self.money(&amount)) {
                        (Some(year), Some(amount)) => amounts.push((year, amount)),
                        _ => ok = false,
                    }
                }
            }
        }
        ok.then(|| Grant {
            id: self.ident(&id),
            name: self.text(name),
            from: self.ident(&from),
            through: self.ident(&through),
            amounts,
            purposes,
            conditions,
            passed,
        })
    }

    /// `passed to ID £X in YEAR` or `passed to ID 20%`, after `passed to`.
    fn pass_through<'a>(
        &mut self,
        mut inner: pest::iterators::Pairs<'a, Rule>,
    ) -> Option<PassThrough<'a>> {
        let to = inner.next()?;
        let how = inner.next()?;
        let share = if how.as_rule() == Rule::pass_amount {
            let mut parts = how.into_inner();
            let (money, year) = (parts.next()?, parts.next()?);
            let (money, year) = (self.money(&money), self.year(&year));
            PassShare::Amount(money?, year?)
        } else {
            PassShare::Percent(self.percent(&how)?)
        };
        Some(PassThrough {
            to: self.ident(&to),
            share,
        })
    }

    pub(super) fn total<'a>(&mut self, kids: &mut Kids<'a>) -> Option<Total> {
        let amount = kids.next_if(|p| p.as_rule() == Rule::money)?;
        let amount = self.money(&amount);
        let covers = match kids.next_if(|p| {
            matches!(
                p.as_rule(),
                Rule::total_each | Rule::total_in | Rule::total_over
            )
        }) {
            None => TotalCovers::Term,
            Some(p) if p.as_rule() == Rule::total_each => TotalCovers::EachYear,
            Some(p) if p.as_rule() == Rule::total_in => {
                let year = p.into_inner().next()?;
                TotalCovers::Year(self.year(&year)?)
            }
            Some(p) => {
                let mut years = p.into_inner();
                let (first, last) = (years.next()?, years.next()?);
                let (first, last) = (self.year(&first), self.year(&last));
                TotalCovers::Range(first?, last?)
            }
        };
        Some(Total {
            amount: amount?,
            covers,
        })
    }

    pub(super) fn risk<'a>(&mut self, kids: &mut Kids<'a>) -> Option<Risk<'a>> {
        let side_pair = kids.next_if(|p| p.as_rule() == Rule::risk_side)?;
        let side = Spanned {
            node: if side_pair.as_str() == "overspend" {
                RiskSide::Overspend
            } else {
                RiskSide::Underspend
            },
            span: self.span(&side_pair),
        };
        if kids.peek().map(P::as_rule) == Some(Rule::cascade_step) {
            let risk = self.cascade(side, kids)?;
            return self.fits_side(risk);
        }
        let rule_pair = kids.next()?;
        let rule = self.share_rule(rule_pair)?;
        let cap = match kids.next_if(|p| p.as_rule() == Rule::cap) {
            None => None,
            Some(cap) => Some(self.cap(cap)?),
        };
        self.fits_side(Risk {
            side,
            rule,
            cap,
            cascade: Vec::new(),
        })
    }

    /// `risk`, unless a rule of an overspend is `kept by` or `returned to`
    /// a partner: those are said of an underspend.
    fn fits_side<'a>(&mut self, risk: Risk<'a>) -> Option<Risk<'a>> {
        if risk.side.node == RiskSide::Underspend {
            return Some(risk);
        }
        let steps = risk.cascade.iter().filter_map(|step| match &step.node {
            CascadeStep::Share { rule, .. } => Some(rule),
            _ => None,
        });
        let mut fits = true;
        for rule in steps.chain(std::iter::once(&risk.rule)) {
            let (words, who) = match &rule.node {
                ShareRule::KeptBy(who) => ("kept by", who),
                ShareRule::ReturnedTo(who) => ("returned to", who),
                _ => continue,
            };
            let who = who.as_ref().map_or("host", |who| who.name);
            fits = false;
            self.diagnostics.push(
                Diagnostic::new(
                    Code::Syntax,
                    rule.span,
                    format!(
                        "an overspend is not `{words}` a partner: that is said of an underspend"
                    ),
                )
                .label("on an overspend")
                .help(format!(
                    "for one partner to pay the whole overspend, write `borne by {who}`"
                ))
                .fix("write `borne by`", rule.span, format!("borne by {who}")),
            );
        }
        fits.then_some(risk)
    }

    /// `overspend { first ... then ... }`: the steps before the last, and
    /// the last, which must share what is left.
    fn cascade<'a>(&mut self, side: Spanned<RiskSide>, kids: &mut Kids<'a>) -> Option<Risk<'a>> {
        let mut steps = Vec::new();
        let mut ok = true;
        while let Some(step) = kids.next_if(|p| p.as_rule() == Rule::cascade_step) {
            let span = self.span(&step);
            match self.cascade_step(step) {
                Some(node) => steps.push(Spanned { node, span }),
                None => ok = false,
            }
        }
        if !ok {
            return None;
        }
        let Some(last) = steps.pop() else {
            self.diagnostics.push(
                Diagnostic::new(Code::MissingStatement, side.span, "the cascade has no steps")
                    .label("empty")
                    .help("write the steps, one a line: `first from reserve £500k`, `then shared by contribution`"),
            );
            return None;
        };
        match last.node {
            CascadeStep::Share {
                rule,
                limit: None,
                cap,
            } => Some(Risk {
                side,
                rule,
                cap,
                cascade: steps,
            }),
            _ => {
                self.diagnostics.push(
                    Diagnostic::new(
                        Code::MissingStatement,
                        last.span,
                        "the cascade does not end by sharing what is left",
                    )
                    .label("a limited last step")
                    .help("end with a step without a limit, such as `then shared by contribution`"),
                );
                None
            }
        }
    }

    fn cascade_step<'a>(&mut self, step: P<'a>) -> Option<CascadeStep<'a>> {
        let mut inner = step.into_inner().peekable();
        let first = inner.next()?;
        match first.as_rule() {
            Rule::from_reserve => {
                let mut parts = first.into_inner();
                let what = parts.next()?;
                if what.as_rule() == Rule::money {
                    return Some(CascadeStep::Reserve(self.money(&what)?));
                }
                let limit = self.step_limit(parts.next())?;
                return Some(CascadeStep::NamedReserve(self.ident(&what), limit));
            }
            Rule::from_underspend => {
                let mut parts = first.into_inner();
                let pool = parts.next()?;
                let limit = self.step_limit(parts.next())?;
                return Some(CascadeStep::Underspend(self.ident(&pool), limit));
            }
            Rule::cut_uncommitted => {
                let limit = self.step_limit(first.into_inner().next())?;
                return Some(CascadeStep::CutUncommitted(limit));
            }
            _ => {}
        }
        let rule = self.share_rule(first)?;
        let limit = match inner.next_if(|p| p.as_rule() == Rule::step_limit) {
            None => None,
            Some(limit) => Some(self.money(&limit.into_inner().next()?)?),
        };
        let cap = match inner.next_if(|p| p.as_rule() == Rule::cap) {
            None => None,
            Some(cap) => Some(self.cap(cap)?),
        };
        Some(CascadeStep::Share { rule, limit, cap })
    }

    /// `up to £X`, if written: `Some(None)` when not, `None` when unreadable.
    fn step_limit(&mut self, limit: Option<P<'_>>) -> Option<Option<Spanned<crate::money::Money>>> {
        match limit {
            None => Some(None),
            Some(limit) => Some(Some(self.money(&limit.into_inner().next()?)?)),
        }
    }

    pub(super) fn share_rule<'a>(&mut self, rule_pair: P<'a>) -> Option<Spanned<ShareRule<'a>>> {
        let span = self.span(&rule_pair);
        let node = match rule_pair.as_rule() {
            Rule::by_contribution => ShareRule::ByContribution,
            Rule::by_commissioning => ShareRule::ByCommissioning,
            Rule::equally => ShareRule::Equally,
            Rule::retained => ShareRule::Retained,
            Rule::borne_by | Rule::kept_by | Rule::returned_to => {
                let kind = rule_pair.as_rule();
                let who = rule_pair.into_inner().next()?;
                let who = (who.as_str() != "host").then(|| self.ident(&who));
                match kind {
                    Rule::kept_by => ShareRule::KeptBy(who),
                    Rule::returned_to => ShareRule::ReturnedTo(who),
                    _ => ShareRule::BorneBy(who),
                }
            }
            Rule::fixed_shares => ShareRule::Fixed(self.shares(rule_pair.into_inner())?),
            _ => return None,
        };
        Some(Spanned { node, span })
    }

    fn cap(&mut self, cap: P<'_>) -> Option<Spanned<Cap>> {
        let span = self.span(&cap);
        let inner = cap.into_inner().next()?;
        let node = match inner.as_rule() {
            Rule::cap_contribution => Cap::Contribution,
            _ => Cap::Amount(self.money(&inner)?.node),
        };
        Some(Spanned { node, span })
    }

    pub(super) fn shares<'a>(
        &mut self,
        pairs: impl Iterator<Item = P<'a>>,
    ) -> Option<Vec<(Ident<'a>, Spanned<Decimal>)>> {
        let mut shares = Vec::new();
        let mut ok = true;
        for share in pairs {
            let mut inner = share.into_inner();
            let (Some(who), Some(percent)) = (inner.next(), inner.next()) else {
                ok = false;
                continue;
            };
            match self.percent(&percent) {
                Some(p) if p.node.is_sign_negative() || p.node > Decimal::ONE_HUNDRED => {
                    self.diagnostics.push(
                        Diagnostic::new(
                            Code::InvalidPercent,
                            p.span,
                            "a share must be between 0% and 100%",
                        )
                        .label("not a share")
                        .help("a share is a part of the whole amount: from 0% to 100%"),
                    );
                    ok = false;
                }
                Some(p) => shares.push((self.ident(&who), p)),
                None => ok = false,
            }
        }
        ok.then_some(shares)
    }

    // ----- obligations -----
}
