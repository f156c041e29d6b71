//! The expected value of an obligation's metric at any period: the one place
//! the trajectory is interpreted, shared by the checker, the assessor and the
//! summaries.
//!
//! The points of a trajectory are the baseline, any milestones and the
//! target, ordered by when their periods end. Between two points the expected
//! value moves in a straight line, measured in quarters (a year counts as its
//! fourth quarter); `trajectory linear` has just the baseline and the target.
//! Before the first point nothing is expected; after the last point the last
//! value holds.

use rust_decimal::Decimal;

use super::{Obligation, Tolerance, Trajectory, Unit};
use crate::period::Period;
use crate::syntax::ast::FigureBasis;

/// One point a trajectory passes through.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Point {
    /// The period.
    pub period: Period,
    /// The value expected by the end of it.
    pub value: Decimal,
}

impl Obligation {
    /// The points the trajectory passes through, in order of period: the
    /// baseline, the milestones and the target. A milestone at the same
    /// period as an earlier point replaces it. Work it out once and ask
    /// [`expected_on`] or [`band_on`] for each period: each call here sorts
    /// every point again.
    pub fn trajectory_points(&self) -> Vec<Point> {
        let point = |m: &super::Measure| Point {
            period: m.period.value,
            value: m.value.value,
        };
        let milestones = match &self.trajectory {
            Trajectory::Milestones(milestones) => milestones.as_slice(),
            Trajectory::Linear => &[],
        };
        let mut written: Vec<Point> = self
            .baseline
            .iter()
            .chain(milestones)
            .map(point)
            .chain(self.target.iter().map(|t| Point {
                period: t.period.value,
                value: t.value.value,
            }))
            .collect();
        // A stable sort keeps the points of one period in the order written,
        // so the last of them is the one that stands.
        written.sort_by_key(|p| p.period);
        let mut points: Vec<Point> = Vec::with_capacity(written.len());
        for next in written {
            match points.last_mut() {
                Some(last) if last.period == next.period => *last = next,
                _ => points.push(next),
            }
        }
        points
    }

    /// The value expected at the end of `period`, or `None` before the
    /// trajectory starts (or when it has no points).
    pub fn expected_at(&self, period: Period) -> Option<Decimal> {
        expected_on(&self.trajectory_points(), period)
    }

    /// The band of values that count as met at `period`: the expected value
    /// less and plus the tolerance (just the expected value when there is no
    /// tolerance), or `None` before the trajectory starts.
    pub fn band_at(&self, period: Period) -> Option<Band> {
        band_on(&self.trajectory_points(), self.tolerance, period)
    }
}

/// The band of values that count as met at `period` on a path through
/// `points` (sorted by period), with `tolerance`.
pub fn band_on(points: &[Point], tolerance: Option<Tolerance>, period: Period) -> Option<Band> {
    let expected = expected_on(points, period)?;
    let allowance = tolerance.map_or(Decimal::ZERO, |t| t.allowance(expected));
    Some(Band {
        low: expected.checked_sub(allowance)?,
        expected,
        high: expected.checked_add(allowance)?,
    })
}

/// The values that count as met at one period.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Band {
    /// The lowest value within tolerance.
    pub low: Decimal,
    /// The expected value.
    pub expected: Decimal,
    /// The highest value within tolerance.
    pub high: Decimal,
}

impl Tolerance {
    /// The tolerance of an owner held to `factor` of a joint obligation: an
    /// absolute tolerance shrinks with its part, a relative one stays.
    pub fn scaled(self, factor: Decimal) -> Tolerance {
        match self {
            Tolerance::Absolute(points) => {
                Tolerance::Absolute(points.checked_mul(factor).unwrap_or(points))
            }
            relative @ Tolerance::Relative(_) => relative,
        }
    }

    /// How far from `expected` a value may be and still count as met: the
    /// points of an absolute tolerance, or the percentage of the expected
    /// value (of its size, whatever its sign) of a relative one.
    pub fn allowance(self, expected: Decimal) -> Decimal {
        match self {
            Tolerance::Absolute(points) => points.abs(),
            Tolerance::Relative(percent) => expected
                .abs()
                .checked_mul(percent.abs())
                .and_then(|v| v.checked_div(Decimal::ONE_HUNDRED))
                .unwrap_or(Decimal::ZERO),
        }
    }
}

/// The value expected at `period` on a path through `points` (sorted by
/// period), found by binary search.
pub fn expected_on(points: &[Point], period: Period) -> Option<Decimal> {
    let at = period.end_month();
    let next = points.partition_point(|p| p.period.end_month() < at);
    let Some(point) = points.get(next) else {
        return points.last().map(|p| p.value);
    };
    let end = point.period.end_month();
    if end == at {
        return Some(point.value);
    }
    let from = points.get(next.checked_sub(1)?)?;
    let start = from.period.end_month();
    let span = Decimal::from(end.checked_sub(start)?);
    let gone = Decimal::from(at.checked_sub(start)?);
    if span.is_zero() {
        return Some(point.value);
    }
    let moved = point
        .value
        .checked_sub(from.value)?
        .checked_mul(gone)?
        .checked_div(span)?;
    from.value.checked_add(moved)
}

/// The places expected figures are rounded to: what every output shows,
/// so that a status never turns on a digit nobody sees.
pub const EXPECTED_PLACES: u32 = 4;

/// An obligation's trajectory read as its figures are reported: the one
/// place an expected figure is worked out, for the assessor and the
/// summaries alike.
#[derive(Debug, Clone)]
pub struct Path {
    points: Vec<Point>,
    basis: FigureBasis,
    /// For counts and money reported in period or year to date: the month
    /// the amounts start at, and the amount expected in each month from it
    /// to the last month a point covers.
    months: Option<(i64, Vec<Decimal>)>,
}

impl Path {
    /// The path of `obligation`.
    pub fn of(obligation: &Obligation) -> Path {
        let points = obligation.trajectory_points();
        let basis = obligation.figures().basis;
        let unit = obligation.metric.as_ref().and_then(|m| m.unit);
        let summed = matches!(unit, Some(Unit::Count | Unit::Pounds))
            && matches!(basis, FigureBasis::InPeriod | FigureBasis::YearToDate);
        let months = if summed {
            monthly_amounts(&points, basis)
        } else {
            None
        };
        Path {
            points,
            basis,
            months,
        }
    }

    /// The points it passes through, in order.
    pub fn points(&self) -> &[Point] {
        &self.points
    }

    /// The figure expected for `period`, to [`EXPECTED_PLACES`] places, or
    /// `None` before the trajectory starts.
    pub fn expected(&self, period: Period) -> Option<Decimal> {
        let exact = match &self.months {
            None => expected_on(&self.points, period)?,
            Some((first, amounts)) => {
                let from = if self.basis == FigureBasis::YearToDate {
                    Period::Year(period.year()).start_month()
                } else {
                    period.start_month()
                };
                let mut sum = Decimal::ZERO;
                for month in from..=period.end_month() {
                    let index = usize::try_from(month.checked_sub(*first)?).ok()?;
                    let amount = amounts.get(index).or_else(|| amounts.last())?;
                    sum = sum.checked_add(*amount)?;
                }
                sum
            }
        };
        Some(exact.round_dp(EXPECTED_PLACES).normalize())
    }

    /// The band of values that count as met at `period` with `tolerance`.
    pub fn band(&self, tolerance: Option<Tolerance>, period: Period) -> Option<Band> {
        let expected = self.expected(period)?;
        let allowance = tolerance.map_or(Decimal::ZERO, |t| t.allowance(expected));
        Some(Band {
            low: expected.checked_sub(allowance)?,
            expected,
            high: expected.checked_add(allowance)?,
        })
    }
}

/// The amount expected in each month, from the first month a point covers
/// to the last: each point's total spread over the months it covers that
/// no finer point covers, and months no point covers on a straight line
/// between their neighbours. `None` when there are no points, or when the
/// arithmetic overflows.
fn monthly_amounts(points: &[Point], basis: FigureBasis) -> Option<(i64, Vec<Decimal>)> {
    // What each point covers: its months and its total over them.
    let mut spans: Vec<(i64, i64, Decimal)> = Vec::with_capacity(points.len());
    for (index, point) in points.iter().enumerate() {
        let (start, end) = (point.period.start_month(), point.period.end_month());
        if basis == FigureBasis::YearToDate {
            // So far this year, less what the point before it in the year
            // already covered.
            let year_start = Period::Year(point.period.year()).start_month();
            let before = index
                .checked_sub(1)
                .and_then(|i| points.get(i))
                .filter(|p| p.period.year() == point.period.year());
            match before {
                Some(p) => spans.push((
                    p.period.end_month() + 1,
                    end,
                    point.value.checked_sub(p.value)?,
                )),
                None => spans.push((year_start, end, point.value)),
            }
        } else {
            spans.push((start, end, point.value));
        }
    }
    let first = spans.iter().map(|s| s.0).min()?;
    let last = spans.iter().map(|s| s.1).max()?;
    let count = usize::try_from(last.checked_sub(first)?.checked_add(1)?).ok()?;
    // Beyond ten years of months a trajectory is not a plan: read it as its
    // line instead (the checker keeps every point within the term).
    if count > 12 * 200 {
        return None;
    }
    let mut amounts: Vec<Option<Decimal>> = vec![None; count];
    // Where each point's months lie (the middle of the months it was given,
    // counted in half months) and the amount of each: the anchors of the
    // line through the months no point covers.
    let mut anchors: Vec<(i64, Decimal)> = Vec::new();
    // The finest spans first: a year's total goes to the months its
    // quarters and months do not already account for.
    let mut order: Vec<usize> = (0..spans.len()).collect();
    order.sort_by_key(|&i| spans.get(i).map(|s| (s.1 - s.0, s.0)));
    for i in order {
        let Some(&(start, end, total)) = spans.get(i) else {
            continue;
        };
        let slots = (start..=end).filter_map(|m| usize::try_from(m - first).ok());
        let (mut free, mut taken) = (Vec::new(), Decimal::ZERO);
        for slot in slots {
            match amounts.get(slot).copied().flatten() {
                Some(amount) => taken = taken.checked_add(amount)?,
                None => free.push(slot),
            }
        }
        let (Some(&low), Some(&high)) = (free.first(), free.last()) else {
            continue;
        };
        let each = total
            .checked_sub(taken)?
            .checked_div(Decimal::from(free.len()))?;
        for &slot in &free {
            if let Some(place) = amounts.get_mut(slot) {
                *place = Some(each);
            }
        }
        anchors.push((i64::try_from(low + high).ok()?, each));
    }
    anchors.sort_by_key(|a| a.0);
    // Months between points: on a straight line between the middles of the
    // points on either side, so that a line through quarterly points gives
    // each quarter between them its share of a straight line.
    let mut filled = Vec::with_capacity(count);
    for (slot, amount) in amounts.iter().enumerate() {
        if let Some(amount) = amount {
            filled.push(*amount);
            continue;
        }
        let at = i64::try_from(slot * 2).ok()?;
        let after = anchors.partition_point(|(middle, _)| *middle < at);
        let (Some(&(m0, a0)), Some(&(m1, a1))) =
            (anchors.get(after.checked_sub(1)?), anchors.get(after))
        else {
            return None;
        };
        let moved = a1
            .checked_sub(a0)?
            .checked_mul(Decimal::from(at - m0))?
            .checked_div(Decimal::from(m1 - m0))?;
        filled.push(a0.checked_add(moved)?);
    }
    Some((first, filled))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::period::FinancialYear;
    use proptest::prelude::*;

    fn year(start: u16) -> FinancialYear {
        FinancialYear::parse(&format!("{start}/{:02}", (start + 1) % 100)).unwrap()
    }

    fn point(start: u16, quarter: u8, value: i64) -> Point {
        Point {
            period: Period::Quarter(year(start), quarter),
            value: Decimal::from(value),
        }
    }

    #[test]
    fn linear_between_points_and_flat_after() {
        let points = [point(2016, 4, 1020), point(2018, 2, 700)];
        // Six quarters from 1,020 to 700: 53.33... a quarter.
        assert_eq!(
            expected_on(&points, Period::Quarter(year(2016), 3)),
            None,
            "nothing is expected before the baseline"
        );
        assert_eq!(
            expected_on(&points, Period::Quarter(year(2017), 3)),
            Some(Decimal::from(1020) - Decimal::from(320) * Decimal::from(3) / Decimal::from(6))
        );
        assert_eq!(
            expected_on(&points, Period::Quarter(year(2019), 1)),
            Some(Decimal::from(700))
        );
        // A whole year stands for its fourth quarter.
        assert_eq!(
            expected_on(&points, Period::Year(year(2017))),
            expected_on(&points, Period::Quarter(year(2017), 4))
        );
    }

    #[test]
    fn milestones_bend_the_path() {
        let points = [point(2010, 4, 55), point(2011, 4, 50), point(2012, 4, 40)];
        assert_eq!(
            expected_on(&points, Period::Quarter(year(2011), 2)),
            Some(Decimal::new(525, 1))
        );
        assert_eq!(
            expected_on(&points, Period::Quarter(year(2012), 2)),
            Some(Decimal::from(45))
        );
    }

    fn obligation(text: &str) -> Obligation {
        let source = format!(
            "agreement a \"A\" {{\n  term 2016/17 to 2019/20\n  partner p \"P\" ccg\n  partner c \"C\" council\n  obligation o \"O\" {{\n    owner p\n{text}\n  }}\n}}\n"
        );
        let options = crate::CheckOptions {
            keep_models: true,
            ..crate::CheckOptions::default()
        };
        let report = crate::check_texts(&[("a.s75", &source)], options);
        report
            .agreements
            .into_iter()
            .next()
            .unwrap()
            .obligations
            .into_iter()
            .next()
            .unwrap()
    }

    #[test]
    fn a_year_total_is_spread_over_its_quarters() {
        let o = obligation(
            "    metric \"Admissions\" in count, lower is better\n    figures in period, quarterly\n    baseline 131,500 in 2016/17\n    target at most 128,800 by 2018/19\n    trajectory { 2017/18 130,200, 2018/19 128,800 }",
        );
        let path = Path::of(&o);
        let y = year(2017);
        assert_eq!(path.expected(Period::Year(y)), Some(Decimal::from(130_200)));
        assert_eq!(
            path.expected(Period::Quarter(y, 2)),
            Some(Decimal::from(32_550))
        );
        // Year to date: the cumulative plan.
        let ytd = obligation(
            "    metric \"Admissions\" in count, lower is better\n    figures year to date, monthly\n    baseline 131,500 in 2016/17\n    target at most 128,800 by 2018/19\n    trajectory { 2017/18 130,200, 2018/19 128,800 }",
        );
        let path = Path::of(&ytd);
        assert_eq!(
            path.expected(Period::Quarter(y, 2)),
            Some(Decimal::from(65_100))
        );
        assert_eq!(
            path.expected(Period::Month(y, 1)),
            Some(Decimal::from(10_850))
        );
        assert_eq!(path.expected(Period::Year(y)), Some(Decimal::from(130_200)));
        // A rolling 12-month figure is the line's value at the period's end.
        let rolling = obligation(
            "    metric \"Admissions\" in count, lower is better\n    figures rolling 12 months, quarterly\n    baseline 131,500 in 2016/17\n    target at most 128,800 by 2018/19\n    trajectory { 2017/18 130,200, 2018/19 128,800 }",
        );
        let path = Path::of(&rolling);
        assert_eq!(
            path.expected(Period::Quarter(y, 2)),
            Some(Decimal::from(130_850))
        );
        assert_eq!(path.expected(Period::Year(y)), Some(Decimal::from(130_200)));
    }

    #[test]
    fn finer_points_take_their_months_first() {
        // Quarterly milestones in period, with the year's total: the year's
        // rest goes to the quarter without a milestone.
        let o = obligation(
            "    metric \"Admissions\" in count, lower is better\n    figures in period\n    baseline 1,000 in 2016/17\n    target at most 900 by 2017/18\n    trajectory { 2017/18 Q1 240, 2017/18 Q2 230, 2017/18 Q3 220 }",
        );
        let path = Path::of(&o);
        let y = year(2017);
        assert_eq!(
            path.expected(Period::Quarter(y, 4)),
            Some(Decimal::from(210))
        );
        assert_eq!(path.expected(Period::Year(y)), Some(Decimal::from(900)));
        assert_eq!(path.expected(Period::Month(y, 1)), Some(Decimal::from(80)));
        // Year-to-date milestones are totals so far.
        let ytd = obligation(
            "    metric \"Admissions\" in count, lower is better\n    figures year to date\n    baseline 1,000 in 2016/17\n    target at most 900 by 2017/18\n    trajectory { 2017/18 Q2 470 }",
        );
        let path = Path::of(&ytd);
        assert_eq!(
            path.expected(Period::Quarter(y, 1)),
            Some(Decimal::from(235))
        );
        assert_eq!(
            path.expected(Period::Quarter(y, 3)),
            Some(Decimal::from(685))
        );
        assert_eq!(path.expected(Period::Year(y)), Some(Decimal::from(900)));
    }

    #[test]
    fn tolerance_allowances() {
        assert_eq!(
            Tolerance::Absolute(Decimal::TWO).allowance(Decimal::from(50)),
            Decimal::TWO
        );
        assert_eq!(
            Tolerance::Relative(Decimal::from(5)).allowance(Decimal::new(98, 1)),
            Decimal::new(49, 2)
        );
        assert_eq!(
            Tolerance::Relative(Decimal::from(5)).allowance(Decimal::from(-20)),
            Decimal::ONE
        );
    }

    proptest! {
        /// A trajectory passes through its baseline and its target, and every
        /// expected value lies between them.
        #[test]
        fn passes_through_its_ends(
            from in -100_000i64..100_000,
            to in -100_000i64..100_000,
            start in 0u8..4,
            quarters in 1i64..40,
            probe in 0i64..50,
        ) {
            let first = Period::Quarter(year(2010), start + 1);
            let end = first.end_index() + quarters;
            let last = Period::Quarter(year(2000 + u16::try_from(end / 4).unwrap()), u8::try_from(end % 4).unwrap() + 1);
            let points = [
                Point { period: first, value: Decimal::from(from) },
                Point { period: last, value: Decimal::from(to) },
            ];
            prop_assert_eq!(expected_on(&points, first), Some(Decimal::from(from)));
            prop_assert_eq!(expected_on(&points, last), Some(Decimal::from(to)));
            let at = first.end_index() + probe;
            let probe = Period::Quarter(year(2000 + u16::try_from(at / 4).unwrap()), u8::try_from(at % 4).unwrap() + 1);
            let value = expected_on(&points, probe).unwrap();
            prop_assert!(value >= Decimal::from(from.min(to)) && value <= Decimal::from(from.max(to)));
        }
    }
}
