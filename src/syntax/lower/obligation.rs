//! Lowering the statements of obligations and their ladders of consequences.

use std::iter::Peekable;

use pest::iterators::Pairs;

use super::{children_of, Kids, Lowerer, P};
use crate::diagnostics::{Code, Diagnostic};
use crate::syntax::ast::*;
use crate::syntax::explain::Context;
use crate::syntax::parser::Rule;

/// The longest deadline in `unit`: ten years are at most 3,653 days, so
/// 521 whole weeks, or 120 months (the words of E0017 say so too).
fn deadline_horizon(unit: TimeUnit) -> u32 {
    match unit {
        TimeUnit::Days => 3_653,
        TimeUnit::Weeks => 521,
        TimeUnit::Months => 120,
    }
}

impl Lowerer<'_> {
    pub(super) fn obligation_item<'a>(
        &mut self,
        pair: P<'a>,
    ) -> Result<Option<ObligationItem<'a>>, ()> {
        Ok(match pair.as_rule() {
            Rule::clause_stmt => self.clause(pair).map(ObligationItem::Clause),
            Rule::marked_stmt => self.stmt(pair, Self::marked).map(ObligationItem::Marked),
            Rule::owner_stmt => self
                .stmt(pair, Self::ident_list_stmt)
                .map(ObligationItem::Owner),
            Rule::functions_stmt => self
                .stmt(pair, Self::ident_list_stmt)
                .map(ObligationItem::Functions),
            Rule::attribution_stmt => self
                .stmt(pair, Self::attribution)
                .map(ObligationItem::Attribution),
            Rule::metric_stmt => self.stmt(pair, Self::metric).map(ObligationItem::Metric),
            Rule::baseline_stmt => self.stmt(pair, Self::measure).map(ObligationItem::Baseline),
            Rule::target_stmt => self.stmt(pair, Self::target).map(ObligationItem::Target),
            Rule::trajectory_stmt => self
                .stmt(pair, Self::trajectory)
                .map(ObligationItem::Trajectory),
            Rule::tolerance_stmt => self
                .stmt(pair, Self::tolerance)
                .map(ObligationItem::Tolerance),
            Rule::report_stmt => self.stmt(pair, Self::report).map(ObligationItem::Report),
            Rule::figures_stmt => self.stmt(pair, Self::figures).map(ObligationItem::Figures),
            Rule::flag_stmt => self.stmt(pair, Self::flag).map(ObligationItem::Flag),
            Rule::on_miss_block => self.on_miss(pair).map(ObligationItem::OnMiss),
            _ => {
                self.shape(&pair);
                return Err(());
            }
        })
    }

    pub(super) fn attribution<'a>(&mut self, kids: &mut Kids<'a>) -> Option<Attribution<'a>> {
        if kids
            .next_if(|p| p.as_rule() == Rule::attribution_equal)
            .is_some()
        {
            return Some(Attribution::Equally);
        }
        if let Some(block) = kids.next_if(|p| p.as_rule() == Rule::by_category) {
            let mut rows = Vec::new();
            let mut ok = true;
            for row in block.into_inner() {
                let mut parts = row.into_inner();
                let Some(category) = parts.next() else {
                    continue;
                };
                let mut owners = Vec::new();
                for owner in parts {
                    let mut inner = owner.into_inner();
                    let Some(who) = inner.next() else {
                        continue;
                    };
                    let share = match inner.next() {
                        Some(p) => match self.percent(&p) {
                            Some(share) => Some(share),
                            None => {
                                ok = false;
                                None
                            }
                        },
                        None => None,
                    };
                    owners.push((self.ident(&who), share));
                }
                rows.push(CategoryRow {
                    category: self.ident(&category),
                    owners,
                });
            }
            return ok.then_some(Attribution::ByCategory(rows));
        }
        let mut shares = Vec::new();
        while let Some(share) = kids.next_if(|p| p.as_rule() == Rule::share) {
            shares.push(share);
        }
        let pairs: Vec<P<'a>> = shares;
        let mut lowered = Vec::new();
        let mut ok = true;
        for share in pairs {
            let single = Pairs::single(share);
            match self.shares(single) {
                Some(mut s) => lowered.append(&mut s),
                None => ok = false,
            }
        }
        ok.then_some(Attribution::Shares(lowered))
    }

    pub(super) fn metric<'a>(&mut self, kids: &mut Kids<'a>) -> Option<Metric<'a>> {
        let name = kids.next_if(|p| p.as_rule() == Rule::string)?;
        let unit = kids.next_if(|p| p.as_rule() == Rule::ident)?;
        let direction = kids
            .next_if(|p| p.as_rule() == Rule::direction)
            .map(|d| Spanned {
                node: if d.as_str().starts_with("lower") {
                    Direction::LowerIsBetter
                } else {
                    Direction::HigherIsBetter
                },
                span: self.span(&d),
            });
        Some(Metric {
            name: self.text(name),
            unit: self.ident(&unit),
            direction,
        })
    }

    pub(super) fn measure<'a>(&mut self, kids: &mut Kids<'a>) -> Option<Measure> {
        let value = kids.next()?;
        let period = kids.next()?;
        let (value, period) = (self.value(&value), self.period(period));
        Some(Measure {
            value: value?,
            period: period?,
        })
    }

    pub(super) fn target<'a>(&mut self, kids: &mut Kids<'a>) -> Option<Target> {
        let bound = kids.next_if(|p| p.as_rule() == Rule::bound)?;
        let bound = Spanned {
            node: if bound.as_str().ends_with("most") {
                Bound::AtMost
            } else {
                Bound::AtLeast
            },
            span: self.span(&bound),
        };
        let measure = self.measure(kids)?;
        Some(Target { bound, measure })
    }

    pub(super) fn trajectory<'a>(&mut self, kids: &mut Kids<'a>) -> Option<Trajectory> {
        let kind = kids.next()?;
        match kind.as_rule() {
            Rule::linear => Some(Trajectory::Linear),
            Rule::milestones => {
                let milestones = kind.into_inner();
                let mut points = Vec::with_capacity(milestones.len());
                let mut ok = true;
                for milestone in milestones {
                    let mut inner = children_of(milestone);
                    match self.milestone(&mut inner) {
                        Some(point) => points.push(point),
                        None => ok = false,
                    }
                }
                ok.then_some(Trajectory::Milestones(points))
            }
            _ => None,
        }
    }

    pub(super) fn milestone<'a>(&mut self, kids: &mut Kids<'a>) -> Option<Measure> {
        let period = kids.next()?;
        let value = kids.next()?;
        let (period, value) = (self.period(period), self.value(&value));
        Some(Measure {
            value: value?,
            period: period?,
        })
    }

    pub(super) fn tolerance<'a>(&mut self, kids: &mut Kids<'a>) -> Option<Tolerance> {
        let kind = kids.next()?;
        let rule = kind.as_rule();
        let figure = kind.into_inner().next()?;
        let tolerance = match rule {
            Rule::absolute_tolerance => Tolerance::Absolute(self.number(&figure)?),
            Rule::relative_tolerance => Tolerance::Relative(self.percent(&figure)?),
            _ => return None,
        };
        self.negative_tolerance(tolerance);
        Some(tolerance)
    }

    /// E0411: a tolerance below zero (domain rule 21). The statement is
    /// still read, so that nothing else is reported missing.
    fn negative_tolerance(&mut self, tolerance: Tolerance) {
        let (Tolerance::Absolute(value) | Tolerance::Relative(value)) = tolerance;
        if !value.node.is_sign_negative() || value.node.is_zero() {
            return;
        }
        let positive = match tolerance {
            Tolerance::Absolute(v) => format!("tolerance {} points", (-v.node).normalize()),
            Tolerance::Relative(v) => format!("tolerance {}% of expected", (-v.node).normalize()),
        };
        self.diagnostics.push(
            Diagnostic::new(
                Code::NegativeTolerance,
                value.span,
                "a tolerance cannot be below zero",
            )
            .label("negative")
            .help(format!(
                "a tolerance is how far from the expected value still counts as met: write `{positive}`"
            )),
        );
    }

    pub(super) fn report<'a>(&mut self, kids: &mut Kids<'a>) -> Option<Report<'a>> {
        let cadence = kids.next_if(|p| p.as_rule() == Rule::cadence)?;
        let cadence = self.cadence(cadence)?;
        let from = kids
            .next_if(|p| p.as_rule() == Rule::report_from)
            .and_then(|p| p.into_inner().next())
            .map(|p| self.ident(&p));
        let to = kids.next_if(|p| p.as_rule() == Rule::ident_list)?;
        let to = self.ident_list(to);
        let within = self.deadline(kids)?;
        Some(Report {
            cadence,
            from,
            to,
            within,
        })
    }

    pub(super) fn figures<'a>(&mut self, kids: &mut Kids<'a>) -> Option<Figures> {
        let basis = kids.next_if(|p| p.as_rule() == Rule::figure_basis)?;
        let span = self.span(&basis);
        let node = match basis.into_inner().next()?.as_rule() {
            Rule::in_period => FigureBasis::InPeriod,
            Rule::year_to_date => FigureBasis::YearToDate,
            Rule::rolling_year => FigureBasis::Rolling12Months,
            _ => FigureBasis::Annual,
        };
        let mut figures = Figures {
            basis: Spanned { node, span },
            frequency: None,
            lag: None,
        };
        let mut ok = true;
        while let Some(part) =
            kids.next_if(|p| matches!(p.as_rule(), Rule::data_frequency | Rule::published))
        {
            let span = self.span(&part);
            let twice = |what: &str, lowerer: &mut Self| {
                lowerer.diagnostics.push(
                    Diagnostic::new(
                        Code::RepeatedStatement,
                        span,
                        format!("the figures say {what} twice"),
                    )
                    .label("said again")
                    .help(format!("keep one {what}")),
                );
            };
            if part.as_rule() == Rule::data_frequency {
                if figures.frequency.is_some() {
                    twice("how often there is a figure", self);
                    ok = false;
                    continue;
                }
                let node = match part.as_str() {
                    "monthly" => Frequency::Monthly,
                    "quarterly" => Frequency::Quarterly,
                    _ => Frequency::Annually,
                };
                figures.frequency = Some(Spanned { node, span });
            } else {
                if figures.lag.is_some() {
                    twice("when figures are published", self);
                    ok = false;
                    continue;
                }
                figures.lag = Some(self.span_of_time(
                    part,
                    "published",
                    "later",
                    "figures are published within 10 years of their period: at most 3,653 days, 521 weeks or 120 months",
                )?);
            }
        }
        ok.then_some(figures)
    }

    pub(super) fn flag<'a>(&mut self, kids: &mut Kids<'a>) -> Option<Spanned<u32>> {
        let count = kids.next_if(|p| p.as_rule() == Rule::integer)?;
        let count = self.integer(&count)?;
        if count.node == 0 {
            self.diagnostics.push(
                Diagnostic::new(
                    Code::InvalidNumber,
                    count.span,
                    "a partner is flagged after at least 1 miss",
                )
                .label("no misses")
                .help("write `flag after 1 miss` to flag a partner at its first miss"),
            );
            return None;
        }
        Some(count)
    }

    pub(super) fn on_miss<'a>(&mut self, pair: P<'a>) -> Option<Stmt<'a, Vec<Stmt<'a, Step<'a>>>>> {
        let span = self.header_span(&pair);
        let keyword = self.keyword_span(&pair);
        let mut steps = Vec::new();
        let mut ok = true;
        for child in pair.into_inner() {
            match child.as_rule() {
                Rule::step => match self.stmt(child, Self::step) {
                    Some(step) => steps.push(step),
                    None => ok = false,
                },
                Rule::bad_step => {
                    self.bad(child, Context::Step);
                    ok = false;
                }
                _ => {
                    self.shape(&child);
                    ok = false;
                }
            }
        }
        ok.then_some(Stmt {
            node: steps,
            span,
            keyword,
            cite: None,
        })
    }

    pub(super) fn step<'a>(&mut self, kids: &mut Kids<'a>) -> Option<Step<'a>> {
        let ordinal = kids.next_if(|p| p.as_rule() == Rule::ordinal)?;
        const WORDS: [&str; 10] = [
            "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
            "tenth",
        ];
        let text = ordinal.as_str();
        let digits: String = match WORDS.iter().position(|w| *w == text) {
            Some(index) => (index + 1).to_string(),
            None => text.chars().take_while(char::is_ascii_digit).collect(),
        };
        let ordinal = match digits.parse::<u32>() {
            Ok(n) if n > 0 => Spanned {
                node: n,
                span: self.span(&ordinal),
            },
            _ => {
                let span = self.span(&ordinal);
                self.diagnostics.push(
                    Diagnostic::new(Code::InvalidNumber, span, "a step is counted from `1st`")
                        .label("not a step number"),
                );
                return None;
            }
        };
        let action = kids.next()?;
        let action = self.action(action)?;
        Some(Step { ordinal, action })
    }

    pub(super) fn action<'a>(&mut self, pair: P<'a>) -> Option<Action<'a>> {
        let rule = pair.as_rule();
        let mut kids = children_of(pair);
        match rule {
            Rule::escalate => {
                let to = kids.next_if(|p| p.as_rule() == Rule::ident)?;
                let within = self.deadline(&mut kids)?;
                Some(Action::Escalate {
                    to: self.ident(&to),
                    within,
                })
            }
            Rule::recovery_plan => {
                let text_before: Vec<P<'a>> = kids.clone().collect();
                let mut from = None;
                let mut to = None;
                for p in &text_before {
                    if p.as_rule() != Rule::ident {
                        continue;
                    }
                    // `from X` and `to Y` are told apart by the word before the name.
                    let before = preceding_word(p);
                    if before == "from" {
                        from = Some(self.ident(p));
                    } else {
                        to = Some(self.ident(p));
                    }
                }
                let mut rest = kids.skip_while(|p| p.as_rule() == Rule::ident).peekable();
                let within = self.deadline(&mut rest)?;
                Some(Action::RecoveryPlan { from, to, within })
            }
            Rule::withhold => {
                let amount = kids.next_if(|p| p.as_rule() == Rule::amount_expr)?;
                let amount = self.amount_expr(amount)?;
                let mut from = None;
                let mut to = None;
                while let Some(p) = kids.next_if(|p| p.as_rule() == Rule::ident) {
                    if preceding_word(&p) == "to" {
                        to = Some(self.ident(&p));
                    } else {
                        from = Some(self.ident(&p));
                    }
                }
                let terms = self.money_terms(&mut kids, to)?;
                Some(Action::Withhold {
                    amount,
                    from,
                    terms,
                })
            }
            Rule::clawback => {
                let up_to = kids.next_if(|p| p.as_rule() == Rule::up_to).is_some();
                let amount = kids.next_if(|p| p.as_rule() == Rule::amount_expr)?;
                let amount = self.amount_expr(amount)?;
                let mut by = None;
                let mut from = None;
                while let Some(p) = kids.next_if(|p| p.as_rule() == Rule::ident) {
                    if preceding_word(&p) == "by" {
                        by = Some(self.ident(&p));
                    } else {
                        from = Some(self.ident(&p));
                    }
                }
                let terms = self.money_terms(&mut kids, None)?;
                Some(Action::Clawback {
                    up_to,
                    amount,
                    by,
                    from,
                    terms,
                })
            }
            Rule::reduce_allocation => {
                let grant = kids.next_if(|p| p.as_rule() == Rule::ident)?;
                let figure = kids.next()?;
                let by = if figure.as_rule() == Rule::percent {
                    let p = self.percent(&figure)?;
                    Spanned {
                        node: Figure::Percent(p.node),
                        span: p.span,
                    }
                } else {
                    let m = self.money(&figure)?;
                    Spanned {
                        node: Figure::Money(m.node),
                        span: m.span,
                    }
                };
                Some(Action::ReduceAllocation {
                    grant: self.ident(&grant),
                    by,
                })
            }
            Rule::dispute => Some(Action::DisputeResolution),
            _ => None,
        }
    }

    /// The year and deadline of money moved on a miss.
    fn money_terms<'a>(
        &mut self,
        kids: &mut Peekable<impl Iterator<Item = P<'a>>>,
        to: Option<Ident<'a>>,
    ) -> Option<MoneyTerms<'a>> {
        let year = kids.next_if(|p| p.as_rule() == Rule::money_year).map(|p| {
            let span = self.span(&p);
            let next = p
                .into_inner()
                .next()
                .is_some_and(|k| k.as_rule() == Rule::next_year);
            Spanned {
                node: if next {
                    MoneyYear::Next
                } else {
                    MoneyYear::Same
                },
                span,
            }
        });
        let within = self.deadline(kids)?;
        Some(MoneyTerms { to, year, within })
    }

    /// `Some(None)` when there is no deadline, `None` when it did not lower.
    pub(super) fn deadline<'a>(
        &mut self,
        kids: &mut Peekable<impl Iterator<Item = P<'a>>>,
    ) -> Option<Option<Deadline>> {
        let Some(deadline) = kids.next_if(|p| p.as_rule() == Rule::deadline) else {
            return Some(None);
        };
        let deadline = self.span_of_time(
            deadline,
            "within",
            "",
            "a deadline counts from the end of the period missed and falls within 10 years of it: at most 3,653 days, 521 weeks or 120 months",
        )?;
        Some(Some(deadline))
    }

    /// A number of days, weeks or months (the count and unit inside
    /// `pair`), at most ten years (E0017): a deadline, or a publication
    /// lag. `before` and `after` are the words around it, for the message.
    pub(super) fn span_of_time(
        &mut self,
        pair: P<'_>,
        before: &str,
        after: &str,
        help: &str,
    ) -> Option<Deadline> {
        let mut inner = pair.into_inner();
        let (count, unit) = (inner.next()?, inner.next()?);
        let time = Deadline {
            count: self.integer(&count)?,
            unit: self.time_unit(&unit)?,
        };
        if time.count.node <= deadline_horizon(time.unit.node) {
            return Some(time);
        }
        let (unit, most) = match time.unit.node {
            TimeUnit::Days => ("days", "3,653"),
            TimeUnit::Weeks => ("weeks", "521"),
            TimeUnit::Months => ("months", "120"),
        };
        let after = if after.is_empty() {
            String::new()
        } else {
            format!(" {after}")
        };
        self.diagnostics.push(
            Diagnostic::new(
                Code::DeadlineTooFar,
                time.count.span.to(time.unit.span),
                format!(
                    "`{before} {} {unit}{after}` is more than 10 years away",
                    time.count.node
                ),
            )
            .label(format!("at most {most} {unit}"))
            .help(help.to_owned()),
        );
        None
    }

    pub(super) fn amount_expr<'a>(&mut self, pair: P<'a>) -> Option<AmountExpr<'a>> {
        let span = self.span(&pair);
        let mut kids = pair.into_inner();
        let figure = kids.next()?;
        let figure = match figure.as_rule() {
            Rule::money => {
                let m = self.money(&figure)?;
                Spanned {
                    node: Figure::Money(m.node),
                    span: m.span,
                }
            }
            _ => {
                let p = self.percent(&figure)?;
                Spanned {
                    node: Figure::Percent(p.node),
                    span: p.span,
                }
            }
        };
        let of = match kids.next() {
            None => None,
            Some(base) => {
                let inner = base.into_inner().next()?;
                Some(match inner.as_rule() {
                    Rule::contribution_base => {
                        let mut names = inner.into_inner();
                        let partner = names.next()?;
                        AmountBase::Contribution {
                            partner: self.ident(&partner),
                            to: names.next().map(|p| self.ident(&p)),
                        }
                    }
                    _ => AmountBase::Named(self.ident(&inner)),
                })
            }
        };
        Some(AmountExpr { figure, of, span })
    }

    // ----- literals -----
}

/// The word just before a pair in the input (`from` in `from bcc`).
fn preceding_word<'a>(pair: &P<'a>) -> &'a str {
    let start = pair.as_span().start();
    let before = pair.get_input().get(..start).unwrap_or("");
    before.trim_end().rsplit([' ', '\t']).next().unwrap_or("")
}
