//! The assessment of returns in a board paper: who is underperforming and
//! why, what follows, which reports were not made, each obligation's figures
//! against its trajectory, and over- and underspends settled.
//!
//! Everything here is read from an [`Assessment`] (the assessor's one
//! reading of the returns); nothing is worked out a second time.

use super::chart::{Actual, TrajectoryChart};
use super::context::Context;
use super::document::{Block, Cite, Section, Sentence, Table};
use super::obligations::trajectory_figure;
use super::words;
use crate::assess::assessment::{Assessment, Flag, ObligationAssessment, OwnerAssessment};
use crate::assess::settle::Settlement;
use crate::model::trajectory::expected_on;
use crate::model::Obligation;
use crate::syntax::ast::Bound;

/// The section id the performance section has (after `obligations`).
pub const SECTION: &str = "performance";

/// The section of a paper that reports an assessment.
pub fn performance(cx: &Context<'_>, assessment: &Assessment) -> Section {
    let mut section = Section::new(SECTION, format!("Performance as of {}", assessment.as_of));
    let files = words::list(&assessment.returns);
    let mut opening = vec![Sentence::plain(format!(
        "This section assesses the returns in {files} as of {}: {} read{}",
        assessment.as_of,
        words::plural(assessment.rows, "row", "rows"),
        if assessment.rows_after_as_of > 0 {
            format!(
                ", of which {} for later periods are not counted",
                assessment.rows_after_as_of
            )
        } else {
            String::new()
        }
    ))];
    let flagged = assessment.flags.len();
    opening.push(Sentence::plain(match flagged {
        0 => "No partner is underperforming".to_owned(),
        1 => "One partner is underperforming".to_owned(),
        n => format!("{} partners are underperforming", words::count(n)),
    }));
    section.blocks.push(Block::Paragraph(opening));
    section.subsections.push(flags(cx, assessment));
    section.subsections.push(missing(cx, assessment));
    for obligation in &assessment.obligations {
        if let Some(sub) = obligation_status(cx, obligation) {
            section.subsections.push(sub);
        }
    }
    if let Some(sub) = super::monitoring::monitoring(cx, assessment) {
        section.subsections.push(sub);
    }
    if !assessment.payments.is_empty() {
        let mut sub = Section::new("payments", "Payment for performance");
        let sentences = assessment
            .payments
            .iter()
            .map(|payment| {
                let pool = cx.agreement.pools.iter().find(|p| p.id == payment.pool);
                let cites = match (&payment.clause, pool) {
                    (Some(clause), _) => vec![Cite::Clause(clause.clone())],
                    (None, Some(pool)) => vec![cx.cite_in(None, pool.clause.as_deref(), pool.span)],
                    (None, None) => Vec::new(),
                };
                Sentence::new(
                    words::capitalised(&super::front::plain(cx, &payment.explanation)),
                    cites,
                )
            })
            .collect();
        sub.blocks.push(Block::Paragraph(sentences));
        section.subsections.push(sub);
    }
    if !assessment.settlements.is_empty() || !assessment.unsettled.is_empty() {
        let mut sub = Section::new("settlements", "Over- and underspends");
        for waiting in &assessment.unsettled {
            let cites = cx
                .agreement
                .pools
                .iter()
                .find(|p| p.id == waiting.pool)
                .map(|pool| vec![cx.cite_in(None, pool.clause.as_deref(), pool.span)])
                .unwrap_or_default();
            sub.blocks.push(Block::Paragraph(vec![Sentence::new(
                super::front::plain(
                    cx,
                    &format!(
                        "The {} outturn of `{}` is not settled yet: {}",
                        waiting.year, waiting.pool, waiting.reason
                    ),
                ),
                cites,
            )]));
        }
        for settlement in &assessment.settlements {
            sub.blocks.extend(settlement_blocks(cx, settlement, false));
        }
        section.subsections.push(sub);
    }
    section
}

/// The citation of an obligation: its clause, else its line.
fn obligation_cite(cx: &Context<'_>, id: &str) -> Vec<Cite> {
    cx.agreement
        .obligations
        .iter()
        .find(|o| o.id.as_str() == id)
        .map(|o| vec![cx.cite_in(None, o.clause.as_deref(), o.span)])
        .unwrap_or_default()
}

fn flags(cx: &Context<'_>, assessment: &Assessment) -> Section {
    let mut section = Section::new("underperforming", "Who is underperforming");
    if assessment.flags.is_empty() {
        section
            .blocks
            .push(Block::Paragraph(vec![Sentence::plain(format!(
                "No partner has missed an obligation as often as the agreement allows, as of {}",
                assessment.as_of
            ))]));
    }
    for flag in &assessment.flags {
        section.blocks.extend(flag_blocks(cx, assessment, flag));
    }
    section
}

fn flag_blocks(cx: &Context<'_>, assessment: &Assessment, flag: &Flag) -> Vec<Block> {
    let cites = match &flag.clause {
        Some(clause) => vec![Cite::Clause(clause.clone())],
        None => obligation_cite(cx, flag.obligation.as_str()),
    };
    let unit = assessment
        .obligations
        .iter()
        .find(|o| o.obligation == flag.obligation)
        .and_then(|o| o.unit);
    let obligation = assessment
        .obligations
        .iter()
        .find(|o| o.obligation == flag.obligation);
    let stated = obligation.is_some_and(|o| o.flag_after_stated);
    let rule = match obligation.map_or(1, |o| o.flag_after) {
        1 if !stated => "the agreement does not say when an owner is flagged, so a single miss does, by the tool's default".to_owned(),
        1 => "under the agreement a single miss makes an owner underperforming".to_owned(),
        n => format!(
            "under the agreement {} misses in a row make an owner underperforming",
            words::count(usize::try_from(n).unwrap_or(usize::MAX))
        ),
    };
    let last = flag.evidence.last().map_or(flag.since, |p| p.period);
    let when = if flag.consecutive_misses <= 1 {
        format!("in {}", flag.since)
    } else {
        format!(
            "{} times in a row, from {} to {last}",
            flag.consecutive_misses, flag.since
        )
    };
    let subject = if flag.responsibility == crate::assess::Responsibility::Joint {
        format!(
            "The area is underperforming, and {} are jointly responsible,",
            flag.owner_name
        )
    } else {
        format!("{} is underperforming", flag.owner_name)
    };
    let mut blocks = vec![Block::Paragraph(vec![Sentence::new(
        format!(
            "{subject} on “{}”: the measure “{}” was missed {when}; {rule}",
            obligation.map_or(flag.obligation.as_str(), |o| o.name.as_str()),
            obligation.map_or("", |o| o.metric.as_str()),
        ),
        cites,
    )])];
    let evidence: Vec<Sentence> = flag
        .evidence
        .iter()
        .map(|p| {
            let actual = p
                .actual
                .map_or_else(|| "nothing".to_owned(), |v| words::value(v, unit));
            let row = p
                .row
                .as_ref()
                .map_or_else(String::new, |r| format!(" (row {})", short_row(r)));
            let note = p
                .note
                .as_ref()
                .map_or_else(String::new, |n| format!("; the return notes “{n}”"));
            Sentence::plain(format!(
                "{}: {} reported against {} expected, {} {} ({}){row}{note}",
                p.period,
                actual,
                words::value(p.expected, unit),
                p.status.symbol(),
                p.status.words(),
                p.national
            ))
        })
        .collect();
    if !evidence.is_empty() {
        blocks.push(Block::List {
            ordered: false,
            items: evidence,
        });
    }
    let consequences: Vec<Sentence> = flag
        .consequences
        .iter()
        .map(|c| {
            let mut text = format!(
                "{}, after the {} miss ({})",
                consequence_words(cx, c),
                words::ordinal(c.step),
                c.triggered_by
            );
            if let Some(due) = c.due_by {
                text.push_str(&format!(", due by {}", words::date(due)));
            }
            let cites = c
                .clause
                .as_ref()
                .map(|clause| vec![Cite::Clause(clause.clone())])
                .unwrap_or_default();
            Sentence::new(text, cites)
        })
        .collect();
    if !consequences.is_empty() {
        blocks.push(Block::Paragraph(vec![Sentence::plain(format!(
            "What the agreement says follows, for {}",
            flag.owner_name
        ))]));
        blocks.push(Block::List {
            ordered: true,
            items: consequences,
        });
    }
    blocks
}

fn missing(cx: &Context<'_>, assessment: &Assessment) -> Section {
    let mut section = Section::new("missing-returns", "Reports not made");
    if assessment.missing_returns.is_empty() {
        section.blocks.push(Block::Paragraph(vec![Sentence::plain(
            "Every report that was due has been made",
        )]));
        return section;
    }
    let items = assessment
        .missing_returns
        .iter()
        .map(|m| {
            let what = assessment
                .obligations
                .iter()
                .find(|o| o.obligation == m.obligation)
                .map_or_else(|| m.obligation.as_str().to_owned(), |o| o.name.clone());
            let periods: Vec<String> = m.periods.iter().map(ToString::to_string).collect();
            let to: Vec<String> = m.due_to.iter().map(|id| name_of(cx, id.as_str())).collect();
            let who = if m.owner.as_str() == crate::assess::AREA {
                let owners: Vec<String> = m.from.iter().map(|id| name_of(cx, id.as_str())).collect();
                format!("The area's figure ({} jointly)", words::list(&owners))
            } else {
                name_of(cx, m.owner.as_str())
            };
            let reports = if m.periods.len() == 1 {
                "the report was"
            } else {
                "the reports were"
            };
            Sentence::new(
                format!(
                    "{who} has not reported on “{what}” for {}; {reports} due to {}. A period without a figure counts neither as met nor as missed, but the duty to report is breached",
                    words::list(&periods),
                    words::list(&to)
                ),
                obligation_cite(cx, m.obligation.as_str()),
            )
        })
        .collect();
    section.blocks.push(Block::List {
        ordered: false,
        items,
    });
    section
}

/// An obligation's figures owner by owner: a table of every period
/// assessed and, where the owner is held to the whole figure, the chart of
/// its values against the trajectory.
fn obligation_status(cx: &Context<'_>, assessed: &ObligationAssessment) -> Option<Section> {
    let obligation = cx
        .agreement
        .obligations
        .iter()
        .find(|o| o.id == assessed.obligation)?;
    let mut section = Section::new(
        format!("status-{}", assessed.obligation),
        format!("{}: figures", assessed.name),
    );
    for owner in &assessed.owners {
        let owner_name = if owner.owner.as_str() == crate::assess::AREA {
            let names: Vec<String> = owner
                .owners
                .iter()
                .map(|id| name_of(cx, id.as_str()))
                .collect();
            format!("The area ({} jointly)", words::list(&names))
        } else {
            cx.agreement
                .partners
                .iter()
                .find(|p| p.id == owner.owner)
                .map_or_else(|| owner.owner.as_str().to_owned(), |p| p.name.to_string())
        };
        let counts = owner.counts;
        let share = owner.attribution.map_or_else(String::new, |a| {
            format!(" (attributed {}%)", words::decimal(a))
        });
        let mut waived = String::new();
        for (count, words) in [
            (counts.data_not_available, "data not available"),
            (counts.not_yet_available, "not yet available"),
            (counts.waived, "waived"),
        ] {
            if count > 0 {
                waived.push_str(&format!(", {count} {words}"));
            }
        }
        section.blocks.push(Block::Paragraph(vec![Sentence::new(
            format!(
                "{owner_name}{share}: {} met, {} within tolerance, {} missed, {} not reported{waived}; {} in a row",
                counts.met,
                counts.within_tolerance,
                counts.missed,
                counts.not_reported,
                words::plural(u64::from(owner.consecutive_misses), "miss", "misses"),
            ),
            vec![cx.cite_in(None, obligation.clause.as_deref(), obligation.span)],
        )]));
        section.blocks.push(Block::Table(status_table(
            assessed,
            owner,
            format!("{} — {owner_name}, period by period", assessed.name),
        )));
        if let Some(chart) = chart(obligation, owner) {
            let mut figure = trajectory_figure(obligation, chart);
            // The figure's own title states its message; say whose it is.
            figure.title = format!("{owner_name}: {}", figure.title);
            section.blocks.push(Block::Figure(figure));
        }
    }
    Some(section)
}

fn status_table(
    assessed: &ObligationAssessment,
    owner: &OwnerAssessment,
    caption: String,
) -> Table {
    let unit = assessed.unit;
    // When every row comes from one file, the caption names it and the
    // column gives line numbers alone.
    let files: Vec<String> = owner
        .periods
        .iter()
        .filter_map(|p| p.row.as_deref())
        .map(|r| short_row(r.rsplit_once(':').map_or(r, |(file, _)| file)))
        .collect();
    let one_file = files
        .first()
        .filter(|f| files.iter().all(|g| g == *f))
        .cloned();
    let row_of = |row: &str| match &one_file {
        Some(_) => row
            .rsplit_once(':')
            .map_or(row, |(_, line)| line)
            .to_owned(),
        None => short_row(row),
    };
    let caption = match &one_file {
        Some(file) => format!("{caption} (rows of {file})"),
        None => caption,
    };
    // Counts in whole numbers, as in the planned path's table, when every
    // count reported is one (a bound shown whole is then met exactly when
    // the bound is).
    let whole = unit.filter(|_| {
        owner
            .periods
            .iter()
            .all(|p| p.actual.is_none_or(|v| v.fract().is_zero()))
    });
    let rows = owner
        .periods
        .iter()
        .map(|p| {
            let worst = match assessed.direction {
                Bound::AtMost => words::worst_met(p.expected + p.tolerance, whole, true),
                Bound::AtLeast => words::worst_met(p.expected - p.tolerance, whole, false),
            };
            vec![
                p.period.to_string(),
                words::value(words::expected(p.expected, whole), unit),
                words::value(worst, unit),
                p.actual
                    .map_or_else(|| "—".to_owned(), |v| words::value(v, unit)),
                match &p.waiver {
                    Some(w) => format!(
                        "{} {} ({})",
                        p.status.symbol(),
                        p.status.words(),
                        waiver_words(w)
                    ),
                    None => format!("{} {}", p.status.symbol(), p.status.words()),
                },
                p.national.words().to_owned(),
                p.note.clone().unwrap_or_default(),
                p.row.as_deref().map(row_of).unwrap_or_default(),
            ]
        })
        .collect();
    Table {
        caption,
        header: [
            "Period",
            "Expected",
            "Worst that counts as met",
            "Reported",
            "Status",
            "In the national template's words",
            "Note in the return",
            "Row",
        ]
        .map(str::to_owned)
        .to_vec(),
        numeric: vec![false, true, true, true, false, false, false, false],
        rows,
        totals: Vec::new(),
        cites: Vec::new(),
    }
}

/// The waiver that excused a miss, for a cell of the table: `waiver
/// winter, minute JB 2018/07`.
fn waiver_words(waiver: &crate::assess::waive::WaiverRef) -> String {
    match &waiver.minute {
        Some(minute) => format!("waiver {}, minute {minute}", waiver.id),
        None => format!("waiver {}", waiver.id),
    }
}

/// The chart of an owner's figures, when the owner is held to the whole
/// trajectory (not to a share of it, which the chart would misdraw).
fn chart(obligation: &Obligation, owner: &OwnerAssessment) -> Option<TrajectoryChart> {
    let points = obligation.trajectory_points();
    let whole = owner.periods.iter().all(|p| {
        expected_on(&points, p.period).is_some_and(|e| e.round_dp(4).normalize() == p.expected)
    });
    if !whole || owner.periods.is_empty() {
        return None;
    }
    let actuals: Vec<Actual> = owner
        .periods
        .iter()
        .map(|p| Actual {
            period: p.period,
            value: p.actual,
            status: p.status,
        })
        .collect();
    TrajectoryChart::of(obligation, &actuals)
}

/// A settlement in words and as a table of who bears or receives what;
/// `hypothetical` for a worked example rather than a variance reported.
pub fn settlement_blocks(
    cx: &Context<'_>,
    settlement: &Settlement,
    hypothetical: bool,
) -> Vec<Block> {
    let cites = match (
        &settlement.clause,
        cx.agreement.pools.iter().find(|p| p.id == settlement.pool),
    ) {
        (Some(clause), _) => vec![Cite::Clause(clause.clone())],
        (None, Some(pool)) => vec![cx.cite_in(None, pool.clause.as_deref(), pool.span)],
        (None, None) => Vec::new(),
    };
    let (noun, verb) = match settlement.side {
        crate::syntax::ast::RiskSide::Overspend => ("overspend", "overspent"),
        crate::syntax::ast::RiskSide::Underspend => ("underspend", "underspent"),
    };
    let text = if hypothetical {
        format!(
            "For example, if the {} were {verb} by {} in {}, the {noun} would fall as the table shows",
            settlement.pool_name, settlement.amount, settlement.year
        )
    } else {
        let spend = settlement.spend.map_or_else(String::new, |spend| {
            format!(
                " (spending of {spend} against a budget of {})",
                settlement.budget
            )
        });
        format!(
            "The {} was {verb} by {} in {}{spend}; the {noun} falls as the table shows",
            settlement.pool_name, settlement.amount, settlement.year
        )
    };
    let mut blocks = vec![Block::Paragraph(vec![Sentence::new(text, cites.clone())])];
    // Each step's description starts with what it placed.
    let steps: Vec<Sentence> = settlement
        .steps
        .iter()
        .map(|s| {
            Sentence::new(
                words::capitalised(&super::front::plain(cx, &s.description)),
                cites.clone(),
            )
        })
        .collect();
    if steps.len() > 1 {
        blocks.push(Block::List {
            ordered: true,
            items: steps,
        });
    }
    let mut rows: Vec<Vec<String>> = settlement
        .shares
        .iter()
        .map(|share| {
            let name = cx
                .agreement
                .partners
                .iter()
                .find(|p| p.id == share.partner)
                .map_or_else(|| share.partner.as_str().to_owned(), |p| p.name.to_string());
            vec![name, share.amount.to_string()]
        })
        .collect();
    for (what, amount) in [
        ("From other pools' underspends", settlement.from_other_pools),
        ("From the reserve", settlement.from_reserve),
        (
            "Uncommitted scheme allocations cut",
            settlement.cut_allocations,
        ),
        ("Met other pools' overspends", settlement.to_other_pools),
        ("Kept in the pool", settlement.retained),
        ("Borne by nobody under the rules", settlement.unallocated),
    ] {
        if amount != crate::money::Money::ZERO {
            rows.push(vec![what.to_owned(), amount.to_string()]);
        }
    }
    let side = match settlement.side {
        crate::syntax::ast::RiskSide::Overspend => "bears",
        crate::syntax::ast::RiskSide::Underspend => "receives",
    };
    blocks.push(Block::Table(Table {
        caption: format!(
            "Who {side} what of {} on the {} in {} ({})",
            settlement.amount, settlement.pool_name, settlement.year, settlement.rounding
        ),
        header: vec!["Partner".to_owned(), words::capitalised(side)],
        numeric: vec![false, true],
        rows,
        totals: vec![vec!["Total".to_owned(), settlement.amount.to_string()]],
        cites: Vec::new(),
    }));
    blocks
}

/// The full name of a partner, body or external body, by its id.
fn name_of(cx: &Context<'_>, id: &str) -> String {
    let a = cx.agreement;
    if let Some(body) = a.bodies.iter().find(|b| b.id.as_str() == id) {
        return if body.name.starts_with("The ") {
            body.name.to_string()
        } else {
            format!("the {}", body.name)
        };
    }
    a.partners
        .iter()
        .map(|p| (&p.id, &p.name))
        .chain(a.externals.iter().map(|e| (&e.id, &e.name)))
        .find(|(i, _)| i.as_str() == id)
        .map_or_else(|| id.to_owned(), |(_, name)| words::definite(name))
}

/// A consequence due, in words, with names rather than ids.
pub(super) fn consequence_words(
    cx: &Context<'_>,
    c: &crate::assess::assessment::Consequence,
) -> String {
    let name = |id: &Option<crate::model::Name>| id.as_ref().map(|i| name_of(cx, i.as_str()));
    let of = c
        .applies_to
        .map_or_else(String::new, |base| format!(" (of {base})"));
    let amount = c.amount.map_or_else(String::new, |a| a.to_string());
    match c.action {
        "escalate" => format!("Escalation to {}", name(&c.to).unwrap_or_default()),
        "recovery_plan" => {
            let mut text = "A recovery plan".to_owned();
            if let Some(from) = name(&c.from) {
                text.push_str(&format!(" from {from}"));
            }
            if let Some(to) = name(&c.to) {
                text.push_str(&format!(" to {to}"));
            }
            text
        }
        "withhold" => format!(
            "{amount}{of} withheld from {}",
            name(&c.from).unwrap_or_default()
        ),
        "clawback" => {
            let up_to = if c.up_to { "Up to " } else { "" };
            let mut text = format!("{up_to}{amount}{of} clawed back");
            if let Some(by) = name(&c.by) {
                text.push_str(&format!(" by {by}"));
            }
            if let Some(from) = name(&c.from) {
                text.push_str(&format!(" from {from}"));
            }
            text
        }
        "dispute_resolution" => "Referral to dispute resolution".to_owned(),
        _ => words::capitalised(&super::front::plain(cx, &c.description)),
    }
}

/// A row `folder/file.csv:12` as `file.csv:12`: the files are named in full
/// at the top of the section.
fn short_row(row: &str) -> String {
    let (path, line) = row.rsplit_once(':').unwrap_or((row, ""));
    let file = std::path::Path::new(path)
        .file_name()
        .map_or_else(|| path.to_owned(), |f| f.to_string_lossy().into_owned());
    if line.is_empty() {
        file
    } else {
        format!("{file}:{line}")
    }
}
