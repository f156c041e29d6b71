//! Each owner's figures against the trajectory, period by period.
//!
//! The expected figure at a period comes from the obligation's
//! [`Path`] (the one interpretation of a trajectory, which reads it as the
//! metric's figures are reported). An owner of a jointly owned obligation
//! with an attribution is held to its attributed part of a count or an
//! amount of money, and to the whole value of any other unit (a
//! percentage, a rate); joint owners without an attribution are judged
//! together on the area's figure. A figure worse than expected by no more
//! than the tolerance is within tolerance; worse by more is a miss.
//! Direction comes from the target: `at most` means lower is better.
//!
//! A period with no figure is "not yet available" while its figure is not
//! yet published (the metric's lag) or its return not yet due (the
//! reporting duty's deadline) on the assessment date; "data not available"
//! when the return says so; otherwise "not reported", a breach of the
//! reporting duty when a return was due.

use rust_decimal::Decimal;

use super::assessment::*;
use super::catalogue::{Catalogue, Reported};
use super::returns::{place_of, CellState, Table};
use super::terms::{after, full_name, AREA};
pub use super::terms::{attribution, direction};
use super::waive::{self, WaiverRef};
use crate::model::trajectory::Path;
use crate::model::{Agreement, Cadence, Name, Obligation, Unit};
use crate::period::{Date, Period};
use crate::syntax::ast::{Bound, FigureBasis, Frequency};

/// How often an obligation's figures are due.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Every {
    /// Each month (a monthly duty, for a metric with monthly figures).
    Month,
    /// Each quarter (bimonthly and quarterly duties, and monthly duties
    /// for a metric without monthly figures).
    Quarter,
    /// The second and fourth quarters.
    HalfYear,
    /// Each year.
    Year,
}

/// How often a cadence makes figures due.
pub fn every(cadence: Cadence) -> Every {
    match cadence.days() {
        0..=31 => Every::Month,
        32..=92 => Every::Quarter,
        93..=183 => Every::HalfYear,
        _ => Every::Year,
    }
}

/// The status of `actual` against `expected` with a tolerance band. Exact
/// and checked: a difference too large to work out is worse than any band.
pub fn status(bound: Bound, expected: Decimal, band: Decimal, actual: Decimal) -> Status {
    let (better, worse) = match bound {
        Bound::AtMost => (expected, actual),
        Bound::AtLeast => (actual, expected),
    };
    match worse.checked_sub(better) {
        Some(by) if by.is_sign_negative() || by.is_zero() => Status::Met,
        Some(by) if by <= band => Status::WithinTolerance,
        Some(_) => Status::Missed,
        // Too far apart to subtract: one is far the better.
        None if worse <= better => Status::Met,
        None => Status::Missed,
    }
}

/// One obligation assessed: its owners, and the missed periods of each
/// (for the flags).
pub struct Assessed {
    /// The obligation's assessment.
    pub assessment: ObligationAssessment,
    /// Per reporting unit (owner, or the area), the missed periods of its
    /// run of misses up to the as-of period, oldest first.
    pub runs: Vec<Vec<PeriodAssessment>>,
    /// Reports due and not made.
    pub missing: Vec<MissingReturns>,
}

/// When an assessment is made: as of which period, on which day.
#[derive(Debug, Clone, Copy)]
pub struct When {
    /// Nothing ending after this period counts.
    pub as_of: Period,
    /// The day: what is published and due by then.
    pub on: Date,
}

/// Assesses obligation `index` as of `when`.
pub fn assess_obligation(
    agreement: &Agreement,
    catalogue: &Catalogue,
    table: &Table,
    index: usize,
    when: When,
    keep_periods: bool,
) -> Option<Assessed> {
    let obligation = agreement.obligations.get(index)?;
    let path = Path::of(obligation);
    let bound = direction(obligation);
    let unit = obligation.metric.as_ref().and_then(|m| m.unit);
    let additive = matches!(unit, Some(Unit::Count | Unit::Pounds));
    let rules = obligation.figures();
    let shares = attribution(obligation);
    let reported = catalogue.reported(index);
    let by_category = reported == Some(Reported::ByCategory);
    let area = by_category || reported == Some(Reported::ForArea);
    let joint = obligation.owners.len() > 1;
    let monthly = rules.frequency == Frequency::Monthly;
    let duty = obligation
        .reports
        .iter()
        .map(|r| every(r.cadence))
        .map(|e| {
            if e == Every::Month && !monthly {
                Every::Quarter
            } else {
                e
            }
        })
        .min();
    let cadence = match (rules.basis, duty) {
        (FigureBasis::Annual, _) => Every::Year,
        (_, Some(every)) => every,
        (_, None) => Every::Year,
    };
    // The latest deadline of the duties due at a period.
    let return_due = |period: Period| -> Option<Date> {
        obligation
            .reports
            .iter()
            .filter(|r| is_due(period, every(r.cadence)) || rules.basis == FigureBasis::Annual)
            .filter_map(|r| r.within)
            .filter_map(|d| after(period.end_date(), d))
            .max()
    };
    let published = |period: Period| rules.lag.and_then(|lag| after(period.end_date(), lag));
    // Per slot, the day its figure is published and its return due, when
    // that is after the assessment date: the same for every owner, so
    // worked out once.
    let pending: Vec<(Option<Date>, Option<Date>)> = (0..catalogue.slots_per_owner())
        .map(|slot| {
            let period = catalogue.period_of(slot);
            (
                published(period).filter(|d| *d > when.on),
                return_due(period).filter(|d| *d > when.on),
            )
        })
        .collect();
    let start = obligation
        .baseline
        .map(|b| b.period.value.end_month())
        .unwrap_or(i64::MIN);
    let slots: Vec<usize> = catalogue.slots_of(index).collect();
    // The path is the same for every owner: worked out once a period.
    let expected: Vec<Option<Decimal>> = (0..catalogue.slots_per_owner())
        .map(|slot| {
            if slots.binary_search(&slot).is_ok() {
                path.expected(catalogue.period_of(slot))
            } else {
                None
            }
        })
        .collect();
    // The slots assessed, with their periods and whether a return is due:
    // the same for every owner.
    let window: Vec<(usize, Period, bool)> = slots
        .iter()
        .filter_map(|&slot| {
            let period = catalogue.period_of(slot);
            let inside = !period.ends_after(when.as_of) && period.end_month() > start;
            let expected = expected.get(slot).copied().flatten().is_some();
            (inside && expected).then(|| (slot, period, is_due(period, cadence)))
        })
        .collect();
    // Where each slot's cell lies among each unit's cells.
    let offsets: Vec<Option<usize>> = (0..catalogue.slots_per_owner())
        .map(|slot| catalogue.offset(index, slot))
        .collect();
    let mut owners = Vec::new();
    let mut runs = Vec::new();
    let mut plans: Vec<(crate::period::FinancialYear, Option<Decimal>)> = Vec::new();
    let mut missing = Vec::new();
    // Each unit's expected values and tolerance bands: the same for every
    // owner held to the same part, so worked out again only when the part
    // changes.
    let mut scaled: Vec<Option<(Decimal, Decimal)>> = Vec::new();
    let mut scaled_for = None;
    // Categories are summed into the area's figure: one record.
    let units = if by_category {
        1
    } else {
        catalogue.units(index)
    };
    let categories = if by_category {
        catalogue.units(index)
    } else {
        0
    };
    for place in 0..units {
        let share = if area {
            Decimal::ONE_HUNDRED
        } else {
            shares.get(place).copied().unwrap_or(Decimal::ZERO)
        };
        let scale = if additive && joint && !area {
            share
                .checked_div(Decimal::ONE_HUNDRED)
                .unwrap_or(Decimal::ZERO)
        } else {
            Decimal::ONE
        };
        if scaled_for != Some(scale) {
            scaled = expected
                .iter()
                .map(|expected| {
                    let expected = (*expected)?.checked_mul(scale)?.round_dp(4).normalize();
                    let band = obligation
                        .tolerance
                        .map_or(Decimal::ZERO, |t| t.scaled(scale).allowance(expected));
                    Some((expected, band.round_dp(4).normalize()))
                })
                .collect();
            scaled_for = Some(scale);
        }
        let (owner_name, owner_names, responsibility) = if area {
            (
                Name::new(AREA),
                obligation.owners.iter().map(|o| o.name.clone()).collect(),
                if by_category {
                    Responsibility::ByCategory
                } else {
                    Responsibility::Joint
                },
            )
        } else {
            let owner = obligation.owners.get(place)?;
            (
                owner.name.clone(),
                // One owner answers alone: `owner` says who.
                Vec::new(),
                if joint {
                    Responsibility::Attributed
                } else {
                    Responsibility::Sole
                },
            )
        };
        let mut counts = StatusCounts::default();
        let mut periods = Vec::new();
        // Slots of the run of misses, and of the latest period.
        let mut run: Vec<(usize, bool)> = Vec::new();
        let mut latest = None;
        let mut not_reported = Vec::new();
        let unit_base = catalogue.unit_base(index, place).unwrap_or(usize::MAX);
        let offsets = &offsets;
        let cell_of = move |slot: usize| {
            offsets
                .get(slot)
                .copied()
                .flatten()
                .and_then(|o| unit_base.checked_add(o))
        };
        // What the returns say for a period, as the status needs it: one
        // cell, or the sum of the area's categories (all of them, or the
        // figure is incomplete).
        let reading = |slot: usize| -> (CellState, Option<Decimal>) {
            if by_category {
                let read = category_reading(catalogue, table, index, categories, slot);
                return (read.state, read.value);
            }
            let Some(at) = cell_of(slot) else {
                return (CellState::Empty, None);
            };
            match table.cells.get(at).map(|c| c.state()) {
                Some(CellState::Value) => (CellState::Value, table.value(at)),
                Some(state) => (state, None),
                None => (CellState::Empty, None),
            }
        };
        let mut waived_slots = Vec::new();
        let waivers = !agreement.waivers.is_empty();
        // The waiver excusing a miss in a period, if any: for the area's
        // figure, one that excuses every joint owner.
        let excused = |period: Period| {
            if area {
                let first = waive::excused(agreement, index, 0, period, when.on)?;
                (1..obligation.owners.len())
                    .all(|p| waive::excused(agreement, index, p, period, when.on).is_some())
                    .then_some(first)
            } else {
                waive::excused(agreement, index, place, period, when.on)
            }
        };
        // The status of a period, worked out the same way whether counted
        // or shown.
        let judge = |slot: usize,
                     period: Period,
                     due: bool,
                     (state, value): (CellState, Option<Decimal>)|
         -> Status {
            let status = match state {
                CellState::Value => match (scaled.get(slot).copied().flatten(), value) {
                    (Some((expected, band)), Some(actual)) => status(bound, expected, band, actual),
                    _ => Status::NotReported,
                },
                CellState::NotAvailable => Status::DataNotAvailable,
                CellState::Empty | CellState::NoData => {
                    let (publish, owed) = pending.get(slot).copied().unwrap_or_default();
                    if publish.is_some() || (due && owed.is_some()) {
                        Status::NotYetAvailable
                    } else {
                        Status::NotReported
                    }
                }
            };
            match status {
                Status::Missed if waivers && excused(period).is_some() => Status::Waived,
                other => other,
            }
        };
        // The assessment of one period, made only when it is shown.
        let found = |slot: usize, due: bool| {
            let period = catalogue.period_of(slot);
            let (expected, band) = scaled.get(slot).copied().flatten().unwrap_or_default();
            let read = reading(slot);
            let status = judge(slot, period, due, read);
            // The dates say why a figure is not yet there.
            let (published_by, return_due) = if status == Status::NotYetAvailable {
                let (publish, owed) = pending.get(slot).copied().unwrap_or_default();
                (publish, owed.filter(|_| due))
            } else {
                (None, None)
            };
            let (row, note) = if by_category {
                let read = category_reading(catalogue, table, index, categories, slot);
                (read.row, read.note)
            } else {
                let cell = cell_of(slot).and_then(|c| table.cells.get(c));
                (
                    cell.filter(|c| c.state() != CellState::Empty)
                        .map(|c| c.row()),
                    cell_of(slot).and_then(|c| table.note(c)).map(str::to_owned),
                )
            };
            PeriodAssessment {
                period,
                due,
                expected,
                tolerance: band,
                actual: read.1,
                status,
                national: status.national(whole_year(period, rules.basis)),
                published_by,
                return_due,
                row: row.map(|row| place_of(&table.paths, row)),
                waiver: (status == Status::Waived)
                    .then(|| excused(period).map(|w| Box::new(WaiverRef::of(w))))
                    .flatten(),
                note,
                parts: if by_category && read.1.is_some() {
                    category_parts(obligation, catalogue, table, index, slot)
                } else {
                    Vec::new()
                },
            }
        };
        for &(slot, period, due) in &window {
            let read = reading(slot);
            if !due && read.0 == CellState::Empty {
                continue;
            }
            // A quarter or year given month by month was reported, at a
            // finer grain: its months are judged, and it is not missing.
            if monthly
                && read.0 == CellState::Empty
                && !matches!(period, Period::Month(..))
                && window.iter().any(|&(s, p, _)| {
                    matches!(p, Period::Month(..))
                        && period.contains(p)
                        && reading(s).0 != CellState::Empty
                })
            {
                continue;
            }
            if scaled.get(slot).copied().flatten().is_none() {
                continue;
            }
            let status = judge(slot, period, due, read);
            let count = match status {
                Status::Met => &mut counts.met,
                Status::WithinTolerance => &mut counts.within_tolerance,
                Status::Missed => &mut counts.missed,
                Status::NotReported => &mut counts.not_reported,
                Status::DataNotAvailable => &mut counts.data_not_available,
                Status::NotYetAvailable => &mut counts.not_yet_available,
                Status::Waived => &mut counts.waived,
            };
            *count = count.saturating_add(1);
            match status {
                Status::Missed => run.push((slot, due)),
                Status::Met | Status::WithinTolerance => run.clear(),
                Status::NotReported => {
                    if due && duty.is_some() {
                        not_reported.push(period);
                    }
                }
                Status::DataNotAvailable | Status::NotYetAvailable => {}
                // Excused: passed over, as a period not reported is.
                Status::Waived => waived_slots.push((slot, due)),
            }
            if keep_periods {
                periods.push(found(slot, due));
            }
            latest = Some((slot, due));
        }
        let latest = latest.map(|(slot, due)| found(slot, due));
        let year_end = latest.as_ref().and_then(|l| {
            // The year's plan, worked out once a year for all owners.
            let year = l.period.year();
            let plan = match plans.iter().find(|(y, _)| *y == year) {
                Some((_, plan)) => *plan,
                None => {
                    let plan = path.expected(Period::Year(year));
                    plans.push((year, plan));
                    plan
                }
            };
            year_end(obligation, plan, scale, catalogue, l, |s| reading(s).1).map(Box::new)
        });
        let run: Vec<PeriodAssessment> = run
            .into_iter()
            .map(|(slot, due)| found(slot, due))
            .collect();
        if !not_reported.is_empty() {
            missing.push(missing_returns(
                agreement,
                obligation,
                &owner_name,
                if owner_names.is_empty() {
                    std::slice::from_ref(&owner_name)
                } else {
                    &owner_names
                },
                not_reported,
            ));
        }
        owners.push(OwnerAssessment {
            owner: owner_name,
            owners: owner_names,
            responsibility,
            attribution: (joint && !area).then_some(share.round_dp(4).normalize()),
            counts,
            consecutive_misses: u32::try_from(run.len()).unwrap_or(u32::MAX),
            latest,
            periods,
            year_end,
            waived: waived_slots
                .into_iter()
                .map(|(slot, due)| found(slot, due))
                .collect(),
        });
        runs.push(run);
    }
    Some(Assessed {
        assessment: ObligationAssessment {
            obligation: obligation.id.clone(),
            name: obligation.name.to_string(),
            clause: obligation.clause.clone(),
            metric: obligation
                .metric
                .as_ref()
                .map(|m| m.name.to_string())
                .unwrap_or_default(),
            unit,
            direction: bound,
            tolerance: obligation.tolerance,
            flag_after: obligation.flag_after.map_or(1, |f| f.value),
            flag_after_stated: obligation.flag_after.is_some(),
            figures: rules,
            owners,
        },
        runs,
        missing,
    })
}

/// What the returns say for one period of a record (its note only for
/// the sum of categories, which gathers theirs: a cell's own note is read
/// when the period is shown).
struct Reading {
    state: CellState,
    value: Option<Decimal>,
    row: Option<super::returns::RowRef>,
    note: Option<String>,
}

/// The area's figure of an obligation attributed by category at `slot`:
/// the sum of its categories when every one has a figure; data not
/// available when one says so; no figure (with a note naming what is
/// missing) when only some are given.
fn category_reading(
    catalogue: &Catalogue,
    table: &Table,
    index: usize,
    categories: usize,
    slot: usize,
) -> Reading {
    let names = catalogue.category_names(index);
    let mut sum = Some(Decimal::ZERO);
    let (mut given, mut unavailable, mut row) = (0usize, false, None);
    let mut notes = Vec::new();
    let mut missing = Vec::new();
    for category in 0..categories {
        let cell_index = catalogue.cell(index, category, slot);
        let cell = cell_index.and_then(|c| table.cells.get(c));
        let name = names.get(category).cloned().unwrap_or_default();
        match cell.map_or(CellState::Empty, |c| c.state()) {
            CellState::Empty => {
                missing.push(format!("`{name}`"));
                continue;
            }
            CellState::NotAvailable => unavailable = true,
            CellState::NoData => missing.push(format!("`{name}`")),
            CellState::Value => {
                let value = cell_index.and_then(|c| table.value(c));
                sum = match (sum, value) {
                    (Some(s), Some(v)) => s.checked_add(v),
                    _ => None,
                };
            }
        }
        given += 1;
        if row.is_none() {
            row = cell.map(|c| c.row());
        }
        if let Some(note) = cell_index.and_then(|c| table.note(c)) {
            notes.push(format!("{name}: {note}"));
        }
    }
    let state = if given == 0 {
        CellState::Empty
    } else if unavailable {
        CellState::NotAvailable
    } else if missing.is_empty() {
        CellState::Value
    } else {
        notes.push(format!("incomplete: no figure for {}", missing.join(", ")));
        CellState::NoData
    };
    Reading {
        state,
        value: (state == CellState::Value).then_some(sum).flatten(),
        row,
        note: (!notes.is_empty()).then(|| notes.join("; ")),
    }
}

/// Each owner's part of the area's figure at `slot` of an obligation
/// attributed by category: the sum, over the categories attributed to it,
/// of the category's figure times its share.
fn category_parts(
    obligation: &Obligation,
    catalogue: &Catalogue,
    table: &Table,
    index: usize,
    slot: usize,
) -> Vec<OwnerPart> {
    let Some(crate::model::Attribution::ByCategory(categories)) = &obligation.attribution else {
        return Vec::new();
    };
    let mut parts: Vec<(Name, Decimal)> = obligation
        .owners
        .iter()
        .map(|o| (o.name.clone(), Decimal::ZERO))
        .collect();
    let mut total = Decimal::ZERO;
    for (unit, category) in categories.iter().enumerate() {
        let value = catalogue
            .cell(index, unit, slot)
            .and_then(|c| table.value(c))
            .unwrap_or(Decimal::ZERO);
        total = total.checked_add(value).unwrap_or(total);
        for share in &category.owners {
            let part = value
                .checked_mul(share.percent.value)
                .and_then(|v| v.checked_div(Decimal::ONE_HUNDRED))
                .unwrap_or(Decimal::ZERO);
            if let Some((_, sum)) = parts.iter_mut().find(|(n, _)| *n == share.partner.name) {
                *sum = sum.checked_add(part).unwrap_or(*sum);
            }
        }
    }
    parts
        .into_iter()
        .map(|(owner, value)| OwnerPart {
            owner,
            value: value.round_dp(4).normalize(),
            percent: if total.is_zero() {
                Decimal::ZERO
            } else {
                value
                    .checked_mul(Decimal::ONE_HUNDRED)
                    .and_then(|v| v.checked_div(total))
                    .unwrap_or(Decimal::ZERO)
                    .round_dp(2)
                    .normalize()
            },
        })
        .collect()
}

/// Whether a figure for `period` is the whole year's: a year, or the last
/// quarter or month of a year-to-date or rolling figure.
pub fn whole_year(period: Period, basis: FigureBasis) -> bool {
    match period {
        Period::Year(_) => true,
        Period::Quarter(_, 4) | Period::Month(_, 12) => {
            matches!(
                basis,
                FigureBasis::YearToDate | FigureBasis::Rolling12Months
            )
        }
        _ => false,
    }
}

/// Whether the year of the latest period is on course for its plan: the
/// year's figure projected from the latest, against the plan's figure for
/// the year, with the tolerance. `None` when the latest period ends its
/// year (the year is then judged, not projected) or nothing can be said.
fn year_end(
    obligation: &Obligation,
    plan: Option<Decimal>,
    scale: Decimal,
    catalogue: &Catalogue,
    latest: &PeriodAssessment,
    value_of: impl Fn(usize) -> Option<Decimal>,
) -> Option<YearEnd> {
    let period = latest.period;
    let actual = latest.actual?;
    let year = period.year();
    let whole = Period::Year(year);
    if period.end_month() == whole.end_month() {
        return None;
    }
    let rules = obligation.figures();
    let unit = obligation.metric.as_ref().and_then(|m| m.unit);
    let additive = matches!(unit, Some(Unit::Count | Unit::Pounds));
    // The owner's part of the year's plan, as its periods' parts are.
    let expected = plan?.checked_mul(scale)?.round_dp(4).normalize();
    let months = period.end_month() - whole.start_month() + 1;
    let (projected, method) = match (additive, rules.basis) {
        (true, FigureBasis::YearToDate) => (
            actual
                .checked_mul(Decimal::from(12))?
                .checked_div(Decimal::from(months))?,
            "the year to date carried on at the same rate to the end of the year",
        ),
        (true, FigureBasis::InPeriod) => {
            // The figures of the year so far, at the finest the period has.
            let mut sum = Decimal::ZERO;
            let mut covered = 0i64;
            let first = catalogue.slot(Period::Year(year))?;
            for slot in first..first + super::catalogue::SLOTS_PER_YEAR {
                let p = catalogue.period_of(slot);
                if p.months() != period.months() || p.ends_after(period) {
                    continue;
                }
                let value = value_of(slot)?;
                sum = sum.checked_add(value)?;
                covered += i64::from(p.months());
            }
            (
                sum.checked_mul(Decimal::from(12))?
                    .checked_div(Decimal::from(covered.max(1)))?,
                "the figures of the year so far carried on at the same rate to the end of the year",
            )
        }
        _ => (actual, "the latest figure held to the end of the year"),
    };
    let projected = projected.round_dp(4).normalize();
    let band = obligation
        .tolerance
        .map_or(Decimal::ZERO, |t| t.scaled(scale).allowance(expected));
    let judged = status(direction(obligation), expected, band, projected);
    let on_course = matches!(judged, Status::Met | Status::WithinTolerance);
    Some(YearEnd {
        year,
        expected,
        projected,
        method,
        on_course,
        status: judged,
    })
}

fn is_due(period: Period, every: Every) -> bool {
    match (period, every) {
        (Period::Month(..), Every::Month) => true,
        (Period::Quarter(..), Every::Quarter) => true,
        (Period::Quarter(_, q), Every::HalfYear) => q % 2 == 0,
        (Period::Year(_), Every::Year) => true,
        _ => false,
    }
}

fn missing_returns(
    agreement: &Agreement,
    obligation: &Obligation,
    owner: &Name,
    owners: &[Name],
    periods: Vec<Period>,
) -> MissingReturns {
    let mut due_to: Vec<Name> = obligation
        .reports
        .iter()
        .filter(|r| periods.iter().any(|p| is_due(*p, every(r.cadence))))
        .flat_map(|r| r.to.iter().map(|to| to.name.clone()))
        .collect();
    due_to.sort();
    due_to.dedup();
    // Who makes the return: the duty's `from`, else the owners.
    let mut from: Vec<Name> = obligation
        .reports
        .iter()
        .filter_map(|r| r.from.as_ref().map(|f| f.name.clone()))
        .collect();
    if from.is_empty() {
        from = owners.to_vec();
    }
    from.sort();
    from.dedup();
    let list: Vec<String> = periods.iter().map(Period::to_string).collect();
    let recipients: Vec<String> = due_to.iter().map(|n| format!("`{n}`")).collect();
    let metric = obligation.metric.as_ref().map_or("", |m| m.name.as_str());
    let subject = if owner.as_str() == AREA {
        let names: Vec<String> = obligation
            .owners
            .iter()
            .map(|o| format!("{} (`{}`)", full_name(agreement, o), o.name))
            .collect();
        format!(
            "The area's figure for `{}` ({metric}), owned jointly by {}, has not been reported",
            obligation.id,
            names.join(", ")
        )
    } else {
        let name = obligation
            .owners
            .iter()
            .find(|o| o.name == *owner)
            .map_or_else(|| owner.to_string(), |o| full_name(agreement, o));
        format!(
            "{name} (`{owner}`) has not reported `{}` ({metric})",
            obligation.id
        )
    };
    let explanation = format!(
        "{subject} for {}: {} due to {}. A period without a figure is counted neither as met nor as missed, but the reporting duty is breached.",
        list.join(", "),
        if periods.len() == 1 { "the report was" } else { "the reports were" },
        recipients.join(", ")
    );
    MissingReturns {
        obligation: obligation.id.clone(),
        owner: owner.clone(),
        from,
        periods,
        due_to,
        explanation,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::CadenceWord;
    use crate::syntax::ast::TimeUnit;

    #[test]
    fn statuses_follow_the_direction() {
        let d = |n: i64| Decimal::from(n);
        assert_eq!(status(Bound::AtMost, d(10), d(1), d(9)), Status::Met);
        assert_eq!(
            status(Bound::AtMost, d(10), d(1), d(11)),
            Status::WithinTolerance
        );
        assert_eq!(status(Bound::AtMost, d(10), d(1), d(12)), Status::Missed);
        assert_eq!(status(Bound::AtLeast, d(10), d(1), d(12)), Status::Met);
        assert_eq!(
            status(Bound::AtLeast, d(10), d(1), d(9)),
            Status::WithinTolerance
        );
        assert_eq!(status(Bound::AtLeast, d(10), d(0), d(9)), Status::Missed);
        // At the limits of the decimal type: no overflow, no panic.
        let (max, min) = (Decimal::MAX, Decimal::MIN);
        assert_eq!(status(Bound::AtMost, d(365), d(1), min), Status::Met);
        assert_eq!(status(Bound::AtMost, min, d(1), max), Status::Missed);
        assert_eq!(status(Bound::AtLeast, max, max, min), Status::Missed);
        assert_eq!(status(Bound::AtLeast, min, d(0), max), Status::Met);
    }

    #[test]
    fn cadences() {
        assert_eq!(every(Cadence::Named(CadenceWord::Monthly)), Every::Month);
        assert_eq!(
            every(Cadence::Named(CadenceWord::Quarterly)),
            Every::Quarter
        );
        assert_eq!(
            every(Cadence::Named(CadenceWord::HalfYearly)),
            Every::HalfYear
        );
        assert_eq!(
            every(Cadence::Every {
                every: 12,
                unit: TimeUnit::Months
            }),
            Every::Year
        );
        // Months count so that three make a quarter and six a half year.
        let months = |every| Cadence::Every {
            every,
            unit: TimeUnit::Months,
        };
        assert_eq!(every(months(1)), Every::Month);
        assert_eq!(every(months(3)), Every::Quarter);
        assert_eq!(every(months(6)), Every::HalfYear);
        assert_eq!(every(Cadence::Named(CadenceWord::Weekly)), Every::Month);
        assert_eq!(
            every(Cadence::Named(CadenceWord::Bimonthly)),
            Every::Quarter
        );
    }
}
