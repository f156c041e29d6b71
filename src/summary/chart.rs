//! The data behind the pictures, taken from the model: contributions by
//! partner and year, and an obligation's planned path with its tolerance
//! band and any actual values. Drawn by [`super::svg`]; in Markdown shown as
//! tables.

use rust_decimal::Decimal;

use crate::model::trajectory::{band_on, Band};
use crate::model::{Obligation, Unit};
use crate::money::Money;
use crate::period::{FinancialYear, Period};
use crate::syntax::ast::Direction;

/// Contributions by year: one group of bars a year.
#[derive(Debug, Clone)]
pub struct ContributionChart {
    /// The years, in order.
    pub groups: Vec<BarGroup>,
}

/// One year's bars.
#[derive(Debug, Clone)]
pub struct BarGroup {
    /// The year, as written (`2017/18`).
    pub label: String,
    /// The year's total.
    pub total: Money,
    /// One bar a contributor.
    pub bars: Vec<Bar>,
}

/// One contributor's bar.
#[derive(Debug, Clone)]
pub struct Bar {
    /// Who pays.
    pub label: String,
    /// How much.
    pub amount: Money,
}

pub use crate::assess::assessment::Status;

/// An actual value reported for a period, with its status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Actual {
    /// The period.
    pub period: Period,
    /// The value, if one was reported.
    pub value: Option<Decimal>,
    /// How it compares with the trajectory.
    pub status: Status,
}

/// An obligation's planned path, quarter by quarter, with the tolerance
/// band, the points the agreement names, and any actual values.
#[derive(Debug, Clone)]
pub struct TrajectoryChart {
    /// The metric's unit.
    pub unit: Option<Unit>,
    /// Which way is better, if said.
    pub direction: Option<Direction>,
    /// The band at every quarter from the first point to the last (and on
    /// to the last actual value), in order.
    pub path: Vec<(Period, Band)>,
    /// The points the agreement names (baseline, milestones, target).
    pub points: Vec<(Period, Decimal)>,
    /// Actual values, in order of period.
    pub actuals: Vec<Actual>,
}

impl TrajectoryChart {
    /// The chart of an obligation, from its trajectory as the model
    /// interprets it ([`Obligation::trajectory_points`],
    /// [`Obligation::band_at`]), with the given actual values; `None` when
    /// the obligation has no baseline or target to draw.
    pub fn of(obligation: &Obligation, actuals: &[Actual]) -> Option<TrajectoryChart> {
        let trajectory = obligation.trajectory_points();
        let points: Vec<(Period, Decimal)> =
            trajectory.iter().map(|p| (p.period, p.value)).collect();
        let first = points.first()?.0.end_index();
        let last = points
            .iter()
            .map(|(p, _)| p.end_index())
            .chain(actuals.iter().map(|a| a.period.end_index()))
            .max()?;
        let path = (first..=last)
            .filter_map(quarter)
            .filter_map(|period| {
                Some((period, band_on(&trajectory, obligation.tolerance, period)?))
            })
            .collect();
        let mut actuals = actuals.to_vec();
        actuals.sort_by_key(|a| a.period);
        Some(TrajectoryChart {
            unit: obligation.metric.as_ref().and_then(|m| m.unit),
            direction: obligation
                .metric
                .as_ref()
                .and_then(|m| m.direction.map(|d| d.value)),
            path,
            points,
            actuals,
        })
    }

    /// The band at a period, if the path reaches it (found by binary search:
    /// the path is in order of period).
    pub fn band(&self, period: Period) -> Option<Band> {
        let at = period.end_index();
        let index = self.path.partition_point(|(p, _)| p.end_index() < at);
        self.path
            .get(index)
            .filter(|(p, _)| p.end_index() == at)
            .map(|(_, band)| *band)
    }
}

/// The quarter with this [`Period::end_index`].
pub fn quarter(index: i64) -> Option<Period> {
    let year = u16::try_from(2000 + index.div_euclid(4)).ok()?;
    let number = u8::try_from(index.rem_euclid(4) + 1).ok()?;
    Some(Period::Quarter(FinancialYear::starting(year), number))
}
