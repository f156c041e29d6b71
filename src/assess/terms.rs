//! What the agreement says about an obligation and the parties to it, as
//! the assessment reads it: who a party is by its full name, which
//! direction is better, and each owner's attributed part. Shared by the
//! statuses of periods ([`status`](super::status)) and the flags and
//! consequences ([`ladder`](super::ladder)), which depend on this and not
//! on each other.

use rust_decimal::Decimal;

use crate::model::{Agreement, Attribution, Deadline, Kind, Obligation, Ref};
use crate::period::Date;
use crate::syntax::ast::{Bound, Direction, TimeUnit};

/// The name that stands for the area's figure of a jointly owned
/// obligation without an attribution.
pub const AREA: &str = "area";

/// The day a deadline falls on, counted from `date`; `None` past the last
/// date there is (the checker refuses deadlines that far off).
pub fn after(date: Date, deadline: Deadline) -> Option<Date> {
    match deadline.unit {
        TimeUnit::Days => date.add_days(deadline.count),
        TimeUnit::Weeks => date.add_days(deadline.count.checked_mul(7)?),
        TimeUnit::Months => date.add_months(deadline.count),
    }
}

/// The full names of joint owners, as one phrase: "A, B and C".
pub fn joint_names(agreement: &Agreement, owners: &[Ref]) -> String {
    let names: Vec<String> = owners.iter().map(|o| full_name(agreement, o)).collect();
    match names.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        Some((last, _)) => last.clone(),
        None => String::new(),
    }
}

/// The full name of a party.
pub fn full_name(agreement: &Agreement, who: &Ref) -> String {
    let name = match who.kind {
        Kind::Partner => agreement.partners.get(who.index).map(|p| p.name.as_str()),
        Kind::Body => agreement.bodies.get(who.index).map(|b| &*b.name),
        Kind::External => agreement.externals.get(who.index).map(|e| e.name.as_str()),
        _ => None,
    };
    name.unwrap_or(who.name.as_str()).to_owned()
}

/// Whether `bound` says lower is better.
pub fn direction(obligation: &Obligation) -> Bound {
    match (&obligation.target, &obligation.metric) {
        (Some(target), _) => target.bound.value,
        (None, Some(metric)) => match metric.direction.map(|d| d.value) {
            Some(Direction::HigherIsBetter) => Bound::AtLeast,
            _ => Bound::AtMost,
        },
        (None, None) => Bound::AtMost,
    }
}

/// Each owner's share of an obligation, in percent (equal parts when not
/// written).
pub fn attribution(obligation: &Obligation) -> Vec<Decimal> {
    let count = obligation.owners.len();
    let equal = if count == 0 {
        Decimal::ZERO
    } else {
        Decimal::ONE_HUNDRED / Decimal::from(count)
    };
    obligation
        .owners
        .iter()
        .map(|owner| match &obligation.attribution {
            Some(Attribution::Shares(shares)) => shares
                .iter()
                .find(|s| s.partner.index == owner.index && owner.kind == s.partner.kind)
                .map_or(Decimal::ZERO, |s| s.percent.value),
            _ => equal,
        })
        .collect()
}
