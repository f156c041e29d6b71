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

use super::{Obligation, Tolerance, Trajectory};
use crate::period::Period;

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
    let at = period.end_index();
    let next = points.partition_point(|p| p.period.end_index() < at);
    let Some(point) = points.get(next) else {
        return points.last().map(|p| p.value);
    };
    let end = point.period.end_index();
    if end == at {
        return Some(point.value);
    }
    let from = points.get(next.checked_sub(1)?)?;
    let start = from.period.end_index();
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
