//! Each obligation in one sentence (who must move which measure from where
//! to where by when, reported how often to whom, what follows a miss), then
//! its details, its planned path as a table and a chart.

use super::chart::{Actual, TrajectoryChart};
use super::context::{cited, Context};
use super::document::{Block, Cite, Figure, FigureKind, Section, Sentence, Table};
use super::words;
use crate::model::{
    Action, Amount, AmountOf, Attribution, Figure as AmountFigure, Kind, Obligation, Ref,
    Tolerance, Trajectory, Unit,
};
use crate::syntax::ast::{Bound, Direction};

/// The section on obligations: one subsection each.
pub fn obligations(cx: &Context<'_>) -> Section {
    let mut section = Section::new("obligations", "Obligations");
    if cx.agreement.obligations.is_empty() {
        section.blocks.push(Block::Paragraph(vec![Sentence::plain(
            "The agreement sets no obligations",
        )]));
    }
    for (index, obligation) in cx.agreement.obligations.iter().enumerate() {
        section
            .subsections
            .push(obligation_section(cx, obligation, index));
    }
    section
}

/// A party as named in a sentence: bodies and departments with "the".
pub fn party(cx: &Context<'_>, r: &Ref) -> String {
    match r.kind {
        Kind::Body => format!("the {}", cx.name(r)),
        _ => words::definite(&cx.name(r)),
    }
}

fn parties(cx: &Context<'_>, refs: &[Ref]) -> String {
    let names: Vec<String> = refs.iter().map(|r| party(cx, r)).collect();
    words::list(&names)
}

fn obligation_section(cx: &Context<'_>, obligation: &Obligation, index: usize) -> Section {
    let mut section = Section::new(
        format!("obligation-{}", index + 1),
        obligation.name.as_str(),
    );
    section
        .blocks
        .extend(super::marks::notice(&obligation.marks));
    let block = obligation.clause.as_deref();
    let at = |statement: &str| {
        cx.cite_in(
            cited(&obligation.citations, statement),
            block,
            obligation.span,
        )
    };
    let unit = obligation.metric.as_ref().and_then(|m| m.unit);
    let owners = parties(cx, &obligation.owners);

    // The one sentence.
    let mut cites: Vec<Cite> = vec![at("owner")];
    let verb = match obligation
        .metric
        .as_ref()
        .and_then(|m| m.direction)
        .map(|d| d.value)
    {
        Some(Direction::LowerIsBetter) => "bring down",
        Some(Direction::HigherIsBetter) => "raise",
        None => "move",
    };
    let measure = obligation.metric.as_ref().map_or_else(
        || "its measure".to_owned(),
        |m| format!("the measure “{}”", m.name),
    );
    let mut text = format!("{owners} must {verb} {measure}");
    if let Some(baseline) = &obligation.baseline {
        text.push_str(&format!(
            " from {} in {}",
            words::value(baseline.value.value, unit),
            baseline.period.value
        ));
        cites.push(at("baseline"));
    }
    if let Some(target) = &obligation.target {
        let bound = match target.bound.value {
            Bound::AtMost => "at most",
            Bound::AtLeast => "at least",
        };
        text.push_str(&format!(
            " to {bound} {} by {}",
            words::value(target.value.value, unit),
            target.period.value
        ));
        cites.push(cx.cite_in(cited(&obligation.citations, "target"), block, target.span));
    }
    let reports: Vec<String> = obligation
        .reports
        .iter()
        .map(|r| format!("{} to {}", words::cadence(&r.cadence), parties(cx, &r.to)))
        .collect();
    if !reports.is_empty() {
        text.push_str(&format!(", reporting {}", words::list(&reports)));
        cites.extend(
            obligation
                .reports
                .iter()
                .map(|r| cx.cite_in(r.clause.as_deref(), block, obligation.span)),
        );
    }
    let consequences: Vec<String> = obligation
        .on_miss
        .iter()
        .map(|s| short_action(cx, &s.action))
        .collect();
    if !consequences.is_empty() {
        text.push_str(&format!(
            "; a miss leads to {}",
            consequences.join(", then ")
        ));
        cites.extend(
            obligation
                .on_miss
                .iter()
                .map(|s| cx.cite_in(s.clause.as_deref(), block, s.span)),
        );
    }
    section
        .blocks
        .push(Block::Paragraph(vec![Sentence::new(text, cites)]));

    // The details.
    let mut details = Vec::new();
    if let Some(metric) = &obligation.metric {
        let unit = match metric.unit {
            Some(Unit::Percent) => "a percentage",
            Some(Unit::Count) => "a count",
            Some(Unit::Rate) => "a rate",
            Some(Unit::Days) => "a number of days",
            Some(Unit::Pounds) => "an amount in pounds",
            Some(Unit::Ratio) => "a ratio",
            Some(Unit::Score) => "a score",
            None => "a number",
        };
        let better = match metric.direction.map(|d| d.value) {
            Some(Direction::LowerIsBetter) => ", and lower is better",
            Some(Direction::HigherIsBetter) => ", and higher is better",
            None => "",
        };
        details.push(Sentence::new(
            format!("The measure is {unit}{better}"),
            vec![cx.cite_in(metric.clause.as_deref(), block, obligation.span)],
        ));
    }
    if let Some(attribution) = &obligation.attribution {
        let how = match attribution {
            Attribution::Equally => "in equal parts".to_owned(),
            Attribution::Shares(shares) => cx.shares(shares),
            Attribution::ByCategory(categories) => {
                let rows: Vec<String> = categories
                    .iter()
                    .map(|c| {
                        let owners = if c.stated {
                            cx.shares(&c.owners)
                        } else {
                            let names: Vec<String> = c
                                .owners
                                .iter()
                                .map(|o| {
                                    cx.agreement.partners.get(o.partner.index).map_or_else(
                                        || o.partner.name.to_string(),
                                        |p| p.name.to_string(),
                                    )
                                })
                                .collect();
                            format!("{} in equal parts", words::list(&names))
                        };
                        format!("figures in the category “{}” to {owners}", c.category)
                    })
                    .collect();
                format!("by the category of each figure: {}", rows.join("; "))
            }
        };
        details.push(Sentence::new(
            format!("The obligation is attributed to its owners {how}"),
            vec![at("attribution")],
        ));
    }
    let path = match &obligation.trajectory {
        Trajectory::Linear => "in a straight line from the baseline to the target",
        Trajectory::Milestones(_) => "through the milestones in the table below",
    };
    let tolerance = match obligation.tolerance {
        Some(Tolerance::Absolute(points)) => format!(
            "; a value better than expected is met, and one worse by no more than {} is within tolerance",
            words::difference(points, unit)
        ),
        Some(Tolerance::Relative(percent)) => format!(
            "; a value better than expected is met, and one worse by no more than {}% of it is within tolerance",
            words::decimal(percent)
        ),
        None => "; there is no tolerance".to_owned(),
    };
    details.push(Sentence::new(
        format!("The expected value moves {path}, quarter by quarter{tolerance}"),
        vec![at("trajectory"), at("tolerance")],
    ));
    section.blocks.push(Block::Paragraph(details));

    if !obligation.on_miss.is_empty() {
        section.blocks.push(Block::Paragraph(vec![Sentence::plain(
            "If the obligation is missed in consecutive periods, these steps follow",
        )]));
        section.blocks.push(Block::List {
            ordered: false,
            items: obligation
                .on_miss
                .iter()
                .map(|step| {
                    Sentence::new(
                        format!(
                            "{} miss: {}",
                            words::capitalised(&words::ordinal(step.after_misses)),
                            long_action(cx, obligation, &step.action)
                        ),
                        vec![cx.cite_in(step.clause.as_deref(), block, step.span)],
                    )
                })
                .collect(),
        });
    }

    if let Some(chart) = TrajectoryChart::of(obligation, &[]) {
        let cites = super::document::cite_list(&[at("baseline"), at("trajectory"), at("target")])
            .unwrap_or_default();
        section.blocks.push(Block::Table(trajectory_table(
            &chart,
            format!("Planned path of “{}” ({cites})", obligation.name),
        )));
        section
            .blocks
            .push(Block::Figure(trajectory_figure(obligation, chart)));
    }
    section
}

/// The table of a trajectory chart: each point the agreement names and each
/// period with an actual value, with the expected value and the band that
/// counts as met (and the actual value and its status, if any).
pub fn trajectory_table(chart: &TrajectoryChart, caption: String) -> Table {
    let mut periods: Vec<_> = chart
        .points
        .iter()
        .map(|(p, _)| *p)
        .chain(chart.actuals.iter().map(|a| a.period))
        .collect();
    periods.sort();
    periods.dedup();
    let with_actuals = !chart.actuals.is_empty();
    let rows = periods
        .iter()
        .map(|period| {
            let band = chart.band(*period);
            // A count is a whole number: the expected count is rounded, and
            // the bounds of what counts as met are the whole counts within
            // them. A figure better than planned is always met, so only the
            // bound on the worse side is given when the direction is known.
            let (expected, low, high) = match band {
                Some(b) => (
                    words::expected(b.expected, chart.unit),
                    words::worst_met(b.low, chart.unit, false),
                    words::worst_met(b.high, chart.unit, true),
                ),
                None => Default::default(),
            };
            let met = match (band, chart.direction) {
                (None, _) => String::new(),
                (Some(_), Some(Direction::LowerIsBetter)) => {
                    format!("at most {}", words::value(high, chart.unit))
                }
                (Some(_), Some(Direction::HigherIsBetter)) => {
                    format!("at least {}", words::value(low, chart.unit))
                }
                (Some(_), None) if low == high => words::value(low, chart.unit),
                (Some(_), None) => format!(
                    "{} to {}",
                    words::value(low, chart.unit),
                    words::value(high, chart.unit)
                ),
            };
            let mut row = vec![
                period.to_string(),
                band.map_or_else(String::new, |_| words::value(expected, chart.unit)),
                met,
            ];
            if with_actuals {
                let actual: Option<&Actual> = chart
                    .actuals
                    .binary_search_by(|a| a.period.cmp(period))
                    .ok()
                    .and_then(|i| chart.actuals.get(i));
                row.push(
                    actual
                        .and_then(|a| a.value)
                        .map_or_else(|| "—".to_owned(), |v| words::value(v, chart.unit)),
                );
                row.push(actual.map_or_else(String::new, |a| {
                    format!("{} {}", a.status.symbol(), a.status.words())
                }));
            }
            row
        })
        .collect();
    let mut header = vec![
        "Period".to_owned(),
        "Expected".to_owned(),
        "Counts as met".to_owned(),
    ];
    if with_actuals {
        header.extend(["Actual".to_owned(), "Status".to_owned()]);
    }
    let columns = header.len();
    Table {
        caption,
        header,
        numeric: (0..columns).map(|i| i == 1 || i == 3).collect(),
        rows,
        totals: Vec::new(),
        cites: Vec::new(),
    }
}

/// The picture of a trajectory chart, with its text alternative.
pub fn trajectory_figure(obligation: &Obligation, chart: TrajectoryChart) -> Figure {
    let points: Vec<String> = chart
        .points
        .iter()
        .map(|(p, v)| format!("{p} {}", words::value(*v, chart.unit)))
        .collect();
    let mut description = format!(
        "Line chart of the planned path of {}: {}, with the tolerance band shaded on the side worse than the plan.",
        words::uncapitalised(
            &obligation
                .metric
                .as_ref()
                .map_or(obligation.name.clone(), |m| m.name.clone())
        ),
        words::list(&points)
    );
    if !chart.actuals.is_empty() {
        let actuals: Vec<String> = chart
            .actuals
            .iter()
            .map(|a| {
                let value = a
                    .value
                    .map_or_else(|| "no value".to_owned(), |v| words::value(v, chart.unit));
                format!("{} {value}, {}", a.period, a.status.words())
            })
            .collect();
        description.push_str(&format!(" Actual values: {}.", actuals.join("; ")));
    }
    let title = message(obligation, &chart).unwrap_or_else(|| {
        format!(
            "Planned path of “{}” with its tolerance band",
            obligation.name
        )
    });
    Figure {
        title,
        description,
        kind: FigureKind::Trajectory(chart),
    }
}

/// What a chart with actual values says, in one sentence: how the latest
/// run of figures stands against the plan.
fn message(obligation: &Obligation, chart: &TrajectoryChart) -> Option<String> {
    use crate::assess::Status;
    let last = chart.actuals.last()?;
    let name = &obligation.name;
    let run_start = |same: fn(Status) -> bool| {
        chart
            .actuals
            .iter()
            .rev()
            .take_while(|a| same(a.status))
            .last()
            .map_or(last.period, |a| a.period)
    };
    Some(match last.status {
        Status::Missed | Status::Waived => {
            let since = run_start(|s| matches!(s, Status::Missed | Status::Waived));
            if since == last.period {
                format!("“{name}”: worse than planned, beyond the tolerance, in {since}")
            } else {
                format!("“{name}”: worse than planned, beyond the tolerance, since {since}")
            }
        }
        Status::Met | Status::WithinTolerance => {
            let since = run_start(|s| matches!(s, Status::Met | Status::WithinTolerance));
            let how = if last.status == Status::Met {
                "on or better than plan"
            } else {
                "worse than planned but within tolerance"
            };
            if since == last.period {
                format!("“{name}”: {how} in {}", last.period)
            } else {
                format!(
                    "“{name}”: within the plan's tolerance or better since {since}; {how} in {}",
                    last.period
                )
            }
        }
        Status::NotReported => format!("“{name}”: no figure reported for {}", last.period),
        Status::DataNotAvailable | Status::NotYetAvailable => {
            format!("“{name}”: no figure yet for {}", last.period)
        }
    })
}

/// A consequence in a few words, for the one-sentence summary.
fn short_action(cx: &Context<'_>, action: &Action) -> String {
    match action {
        Action::Escalate { to, .. } => format!("escalation to {}", party(cx, to)),
        Action::RecoveryPlan { .. } => "a recovery plan".to_owned(),
        Action::Withhold { .. } => "money withheld".to_owned(),
        Action::Clawback { .. } => "a clawback".to_owned(),
        Action::ReduceAllocation { .. } => "a cut in a grant's next allocation".to_owned(),
        Action::DisputeResolution => "dispute resolution".to_owned(),
    }
}

/// A consequence in full.
fn long_action(cx: &Context<'_>, obligation: &Obligation, action: &Action) -> String {
    let within = |d: &Option<crate::model::Deadline>| {
        d.as_ref()
            .map_or_else(String::new, |d| format!(" {}", words::deadline(d)))
    };
    match action {
        Action::Escalate { to, within: w } => {
            format!("the matter is escalated to {}{}", party(cx, to), within(w))
        }
        Action::RecoveryPlan {
            from,
            to,
            within: w,
        } => {
            let from = from
                .as_ref()
                .map_or_else(|| parties(cx, &obligation.owners), |f| party(cx, f));
            let to = to
                .as_ref()
                .map_or_else(String::new, |t| format!(" to {}", party(cx, t)));
            format!("{from} must submit a recovery plan{to}{}", within(w))
        }
        Action::Withhold {
            amount,
            from,
            terms,
        } => {
            let from = from
                .as_ref()
                .map_or_else(String::new, |f| format!(" from {}", party(cx, f)));
            let to = terms
                .to
                .as_ref()
                .map_or_else(String::new, |t| format!(" for {}", party(cx, t)));
            format!(
                "{} is withheld{from}{to}{}",
                amount_words(cx, amount),
                money_terms(terms)
            )
        }
        Action::Clawback {
            up_to,
            amount,
            by,
            from,
            terms,
        } => {
            let by = by
                .as_ref()
                .map_or_else(|| "the agreement".to_owned(), |b| party(cx, b));
            let from = from
                .as_ref()
                .map_or_else(String::new, |f| format!(" from {}", party(cx, f)));
            let up_to = if *up_to { "up to " } else { "" };
            format!(
                "{by} may claw back {up_to}{}{from}{}",
                amount_words(cx, amount),
                money_terms(terms)
            )
        }
        Action::ReduceAllocation { grant, by } => {
            let by = match by {
                crate::model::Figure::Money(m) => m.to_string(),
                crate::model::Figure::Percent(p) => format!("{}%", p.normalize()),
            };
            format!(
                "the payer of {} may cut its allocation for the next year by {by} (money not paid, not a clawback)",
                cx.name(grant)
            )
        }
        Action::DisputeResolution => "the matter goes to dispute resolution".to_owned(),
    }
}

/// `, from the next year's money, within 30 days`, when the agreement says.
fn money_terms(terms: &crate::model::MoneyTerms) -> String {
    let year = match terms.year {
        Some(crate::syntax::ast::MoneyYear::Next) => ", from the next year's money",
        Some(crate::syntax::ast::MoneyYear::Same) => ", from the same year's money",
        None => "",
    };
    let within = terms
        .within
        .as_ref()
        .map_or_else(String::new, |d| format!(", {}", words::deadline(d)));
    format!("{year}{within}")
}

/// `£4.6m`, `10% of the Improved Better Care Fund`, `5% of Birmingham City
/// Council's contribution to the Learning Disability Pooled Budget`.
fn amount_words(cx: &Context<'_>, amount: &Amount) -> String {
    let figure = match amount.figure {
        AmountFigure::Money(money) => money.to_string(),
        AmountFigure::Percent(percent) => format!("{}%", words::decimal(percent)),
    };
    match amount.of.as_deref() {
        None => figure,
        Some(AmountOf::Fund(fund)) => format!("{figure} of the {}", cx.name(fund)),
        Some(AmountOf::Contribution { partner, to }) => {
            let to = to
                .as_ref()
                .map_or_else(String::new, |p| format!(" to the {}", cx.name(p)));
            format!("{figure} of {}’s contribution{to}", cx.name(partner))
        }
    }
}
