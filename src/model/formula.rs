//! Contributions defined by formula (regulation 7(3)(b): the contributions
//! "and how those contributions may be varied"): a year's figure uplifted
//! from the year before (`icb uplifted 5.66%`), or a figure notified later
//! (`icb as notified`) and supplied by an allocations file.
//!
//! The figures are computed once, here, when the model is built and again
//! when notified figures are supplied; every later reader (totals,
//! settlement, summary) sees an ordinary amount in
//! [`Contribution::amount`], with [`Formula`] saying how it was found.

use super::{Contribution, Formula, Pool};
use crate::money::Money;
use crate::source::Span;

/// Why an uplift could not be computed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UpliftProblem {
    /// The partner made no contribution the year before: the uplift has
    /// nothing to start from. The span is the formula's; the partner and
    /// the year before are named.
    NoBase(Span, super::Name, crate::period::FinancialYear),
    /// The uplifted figure is too large to hold exactly.
    TooLarge(Span),
}

/// Computes every uplifted contribution of `pool` from the year before, in
/// year order, so that a chain of uplifts (2023/24 written, 2024/25 and
/// 2025/26 uplifted) is computed link by link. An uplift of a figure not
/// yet known (`as notified`, not supplied) stays unknown. Gives the
/// uplifts that could not be computed.
pub fn compute_uplifts(pool: &mut Pool) -> Vec<UpliftProblem> {
    let mut order: Vec<usize> = (0..pool.contributions.len()).collect();
    order.sort_by_key(|&i| pool.contributions.get(i).map(|t| t.year.value));
    let mut problems = Vec::new();
    for index in order {
        let Some(table) = pool.contributions.get(index) else {
            continue;
        };
        let year = table.year.value;
        let before = pool
            .contributions
            .iter()
            .position(|t| t.year.value.next() == year && t.year.value != year);
        let count = table.entries.len();
        for entry in 0..count {
            let base = {
                let Some(current) = pool
                    .contributions
                    .get(index)
                    .and_then(|t| t.entries.get(entry))
                else {
                    continue;
                };
                if !matches!(current.formula.as_deref(), Some(Formula::Uplift { .. })) {
                    continue;
                }
                let partner = current.partner.index;
                before
                    .and_then(|b| pool.contributions.get(b))
                    .and_then(|t| t.entries.iter().find(|e| e.partner.index == partner))
                    .map(|e| e.known().then_some(e.amount.value))
            };
            let Some(current) = pool
                .contributions
                .get_mut(index)
                .and_then(|t| t.entries.get_mut(entry))
            else {
                continue;
            };
            if let Some(problem) = uplift(current, base) {
                problems.push(problem);
            }
        }
    }
    problems
}

/// Sets one uplifted contribution from `base`: `None` when the partner
/// made no contribution the year before, `Some(None)` when it did but the
/// figure is not yet known.
fn uplift(entry: &mut Contribution, base: Option<Option<Money>>) -> Option<UpliftProblem> {
    let Some(Formula::Uplift {
        percent,
        base: known,
        base_year,
    }) = entry.formula.as_deref_mut()
    else {
        return None;
    };
    *known = None;
    entry.amount.value = Money::ZERO;
    let base = match base {
        None => {
            return Some(UpliftProblem::NoBase(
                entry.amount.span,
                entry.partner.name.clone(),
                *base_year,
            ))
        }
        Some(None) => return None,
        Some(Some(base)) => base,
    };
    match base.uplifted(*percent) {
        Some(amount) => {
            *known = Some(base);
            entry.amount.value = amount;
            None
        }
        None => Some(UpliftProblem::TooLarge(entry.amount.span)),
    }
}

#[cfg(test)]
mod tests {
    use rust_decimal::Decimal;

    use super::*;

    #[test]
    fn uplifts_round_half_away_from_zero() {
        let pct = Decimal::new(566, 2);
        // £100.00 * 1.0566 = £105.66 exactly.
        assert_eq!(
            Money::from_pence(10_000).uplifted(pct),
            Some(Money::from_pence(10_566))
        );
        // 25p * 1.1 = 27.5p: half a penny goes up.
        assert_eq!(
            Money::from_pence(25).uplifted(Decimal::TEN),
            Some(Money::from_pence(28))
        );
        // 5p * 1.1 = 5.5p, -5p * 1.1 = -5.5p: away from zero both ways.
        assert_eq!(
            Money::from_pence(-5).uplifted(Decimal::TEN),
            Some(Money::from_pence(-6))
        );
        assert_eq!(
            Money::from_pence(100).uplifted(Decimal::ZERO),
            Some(Money::from_pence(100))
        );
    }
}
