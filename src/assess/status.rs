//! Each owner's figures against the trajectory, period by period.
//!
//! The expected value at a period comes from [`Obligation::expected_at`]'s
//! path (the one interpretation of a trajectory). An owner of a jointly
//! owned obligation is held to its attributed part of a count or an amount
//! of money, and to the whole value of any other unit (a percentage, a rate).
//! A figure worse than expected by no more than the tolerance is within
//! tolerance; worse by more is a miss. Direction comes from the target: `at
//! most` means lower is better.

use rust_decimal::Decimal;

use super::assessment::*;
use super::catalogue::Catalogue;
use super::returns::{place_of, CellState, Table};
use super::terms::full_name;
pub use super::terms::{attribution, direction};
use super::waive::{self, WaiverRef};
use crate::model::trajectory::expected_on;
use crate::model::{Agreement, Cadence, CadenceWord, Obligation, Unit};
use crate::period::Period;
use crate::syntax::ast::{Bound, TimeUnit};

/// How often an obligation's figures are due.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Every {
    /// Each quarter (monthly, bimonthly, quarterly duties: returns are
    /// quarterly at the finest).
    Quarter,
    /// The second and fourth quarters.
    HalfYear,
    /// Each year.
    Year,
}

/// How often a cadence makes figures due.
pub fn every(cadence: Cadence) -> Every {
    match cadence {
        Cadence::Named(CadenceWord::HalfYearly) => Every::HalfYear,
        Cadence::Named(CadenceWord::Annually) => Every::Year,
        Cadence::Named(_) => Every::Quarter,
        Cadence::Every { every, unit } => {
            let days = match unit {
                TimeUnit::Days => every,
                TimeUnit::Weeks => every.saturating_mul(7),
                TimeUnit::Months => every.saturating_mul(30),
            };
            match days {
                0..=92 => Every::Quarter,
                93..=183 => Every::HalfYear,
                _ => Every::Year,
            }
        }
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
    /// Per owner, the missed periods of its run of misses up to the as-of
    /// period, oldest first.
    pub runs: Vec<Vec<PeriodAssessment>>,
    /// Reports due and not made.
    pub missing: Vec<MissingReturns>,
}

/// Assesses obligation `index` as of `as_of`.
pub fn assess_obligation(
    agreement: &Agreement,
    catalogue: &Catalogue,
    table: &Table,
    index: usize,
    as_of: Period,
    keep_periods: bool,
) -> Option<Assessed> {
    let obligation = agreement.obligations.get(index)?;
    let points = obligation.trajectory_points();
    let bound = direction(obligation);
    let unit = obligation.metric.as_ref().and_then(|m| m.unit);
    let additive = matches!(unit, Some(Unit::Count | Unit::Pounds));
    let shares = attribution(obligation);
    let joint = obligation.owners.len() > 1;
    let duty = obligation.reports.iter().map(|r| every(r.cadence)).min();
    let cadence = duty.unwrap_or(Every::Year);
    let start = obligation
        .baseline
        .map(|b| b.period.value.end_index())
        .unwrap_or(i64::MIN);
    let slots = catalogue.slots_per_owner();
    let on = waive::assessment_date(as_of);
    // The path is the same for every owner: worked out once a period.
    let path: Vec<Option<Decimal>> = (0..slots)
        .map(|slot| expected_on(&points, catalogue.period_of(slot)))
        .collect();
    let mut owners = Vec::new();
    let mut runs = Vec::new();
    let mut missing = Vec::new();
    // Each owner's expected values and tolerance bands: the same for every
    // owner held to the same part, so worked out again only when the part
    // changes.
    let mut scaled: Vec<Option<(Decimal, Decimal)>> = Vec::new();
    let mut scaled_for = None;
    for (place, owner) in obligation.owners.iter().enumerate() {
        let share = shares.get(place).copied().unwrap_or(Decimal::ZERO);
        let scale = if additive && joint {
            share
                .checked_div(Decimal::ONE_HUNDRED)
                .unwrap_or(Decimal::ZERO)
        } else {
            Decimal::ONE
        };
        if scaled_for != Some(scale) {
            scaled = path
                .iter()
                .map(|expected| {
                    let expected = (*expected)?.checked_mul(scale)?;
                    let band = obligation
                        .tolerance
                        .map_or(Decimal::ZERO, |t| t.scaled(scale).allowance(expected));
                    Some((expected, band))
                })
                .collect();
            scaled_for = Some(scale);
        }
        let base = catalogue.owner_cell(index, place);
        let mut counts = StatusCounts::default();
        let mut periods = Vec::new();
        // Slots of the run of misses, and of the latest period.
        let mut run: Vec<(usize, bool)> = Vec::new();
        let mut latest = None;
        let mut not_reported = Vec::new();
        let mut waived_slots = Vec::new();
        // The waiver excusing a miss in a period, if any.
        let waived = |status: Status, period: Period| {
            (status == Status::Missed)
                .then(|| waive::excused(agreement, index, place, period, on))
                .flatten()
        };
        // The assessment of one period, made only when it is shown.
        let found = |slot: usize, due: bool| {
            let (expected, band) = scaled.get(slot).copied().flatten().unwrap_or_default();
            let cell = table.cells.get(base + slot).copied().unwrap_or_default();
            let actual = table.value(base + slot);
            let period = catalogue.period_of(slot);
            let mut status =
                actual.map_or(Status::NotReported, |a| status(bound, expected, band, a));
            let waiver = waived(status, period);
            if waiver.is_some() {
                status = Status::Waived;
            }
            PeriodAssessment {
                period: catalogue.period_of(slot),
                due,
                expected: expected.round_dp(4).normalize(),
                tolerance: band.round_dp(4).normalize(),
                actual,
                status,
                row: (cell.state != CellState::Empty).then(|| place_of(&table.paths, cell.row())),
                note: table.note(base + slot).map(str::to_owned),
                waiver: waiver.map(WaiverRef::of),
            }
        };
        for slot in 0..slots {
            let period = catalogue.period_of(slot);
            if period > as_of || period.end_index() <= start {
                continue;
            }
            let due = is_due(period, cadence);
            let state = table
                .cells
                .get(base + slot)
                .map_or(CellState::Empty, |c| c.state);
            if !due && state == CellState::Empty {
                continue;
            }
            let Some((expected, band)) = scaled.get(slot).copied().flatten() else {
                continue;
            };
            let mut status = match table.value(base + slot) {
                Some(actual) => status(bound, expected, band, actual),
                None => Status::NotReported,
            };
            if waived(status, period).is_some() {
                status = Status::Waived;
            }
            match status {
                Status::Met => counts.met = counts.met.saturating_add(1),
                Status::WithinTolerance => {
                    counts.within_tolerance = counts.within_tolerance.saturating_add(1)
                }
                Status::Missed => counts.missed = counts.missed.saturating_add(1),
                Status::NotReported => counts.not_reported = counts.not_reported.saturating_add(1),
                Status::Waived => counts.waived = counts.waived.saturating_add(1),
            }
            match status {
                Status::Missed => run.push((slot, due)),
                Status::Met | Status::WithinTolerance => run.clear(),
                Status::NotReported => {
                    if due && duty.is_some() {
                        not_reported.push(period);
                    }
                }
                // Excused: passed over, as a period not reported is.
                Status::Waived => waived_slots.push((slot, due)),
            }
            if keep_periods {
                periods.push(found(slot, due));
            }
            latest = Some((slot, due));
        }
        let latest = latest.map(|(slot, due)| found(slot, due));
        let run: Vec<PeriodAssessment> = run
            .into_iter()
            .map(|(slot, due)| found(slot, due))
            .collect();
        if !not_reported.is_empty() {
            missing.push(missing_returns(agreement, obligation, owner, not_reported));
        }
        owners.push(OwnerAssessment {
            owner: owner.name.clone(),
            attribution: joint.then_some(share.round_dp(4).normalize()),
            counts,
            consecutive_misses: u32::try_from(run.len()).unwrap_or(u32::MAX),
            latest,
            periods,
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
            name: obligation.name.clone(),
            clause: obligation.clause.clone(),
            metric: obligation
                .metric
                .as_ref()
                .map(|m| m.name.clone())
                .unwrap_or_default(),
            unit,
            direction: bound,
            tolerance: obligation.tolerance,
            flag_after: obligation.flag_after.map_or(1, |f| f.value),
            owners,
        },
        runs,
        missing,
    })
}

fn is_due(period: Period, every: Every) -> bool {
    match (period, every) {
        (Period::Quarter(..), Every::Quarter) => true,
        (Period::Quarter(_, q), Every::HalfYear) => q % 2 == 0,
        (Period::Year(_), Every::Year) => true,
        _ => false,
    }
}

fn missing_returns(
    agreement: &Agreement,
    obligation: &Obligation,
    owner: &crate::model::Ref,
    periods: Vec<Period>,
) -> MissingReturns {
    let mut due_to: Vec<crate::model::Name> = obligation
        .reports
        .iter()
        .filter(|r| periods.iter().any(|p| is_due(*p, every(r.cadence))))
        .flat_map(|r| r.to.iter().map(|to| to.name.clone()))
        .collect();
    due_to.sort();
    due_to.dedup();
    let list: Vec<String> = periods.iter().map(Period::to_string).collect();
    let recipients: Vec<String> = due_to.iter().map(|n| format!("`{n}`")).collect();
    let owner_name = full_name(agreement, owner);
    let explanation = format!(
        "{owner_name} (`{}`) has not reported `{}` ({}) for {}: {} due to {}. A period without a figure is counted neither as met nor as missed, but the reporting duty is breached.",
        owner.name,
        obligation.id,
        obligation.metric.as_ref().map_or("", |m| m.name.as_str()),
        list.join(", "),
        if periods.len() == 1 { "the report was" } else { "the reports were" },
        recipients.join(", ")
    );
    MissingReturns {
        obligation: obligation.id.clone(),
        owner: owner.name.clone(),
        periods,
        due_to,
        explanation,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
        assert_eq!(every(Cadence::Named(CadenceWord::Monthly)), Every::Quarter);
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
    }
}
