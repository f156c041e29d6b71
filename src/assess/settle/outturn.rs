//! Settling the year's outturn of every pool, year by year in order: a
//! named reserve's balance carries from one year to the next, and within a
//! year overspends are settled first (in the order the pools are written),
//! so that they may draw on other pools' underspends, and the underspends
//! then share what is left.

use super::{settle_with, Ledger, Settlement, Subject, Variance};
use crate::model::Agreement;
use crate::money::Money;
use crate::period::FinancialYear;

/// Where a settlement stands among a year's: by pool, its schemes first.
type Order = (usize, bool, Option<usize>);

/// A pool's (or a scheme's) actual spending in a year.
#[derive(Debug, Clone)]
pub struct Outturn {
    /// The pool, by its index in the agreement.
    pub pool: usize,
    /// The scheme, when this is a scheme settled by its own rule.
    pub scheme: Option<usize>,
    /// Of a pool's variance, the part that is its schemes' settled by
    /// their own rules (spending above their plans less spending below).
    pub apart: Money,
    /// The year.
    pub year: FinancialYear,
    /// What was spent.
    pub spend: Money,
    /// The row of the return it came from (`file:line`).
    pub row: String,
}

/// Part of a partner's contribution withheld from a pool in a year (a
/// payment for performance not released).
#[derive(Debug, Clone, Copy)]
pub struct Withheld {
    /// The pool.
    pub pool: usize,
    /// The partner.
    pub partner: usize,
    /// The year.
    pub year: FinancialYear,
    /// How much.
    pub amount: Money,
}

/// The settlements of `outturns`, by year and then in the order of the
/// pools; a pool-year spent exactly to its budget has none.
pub fn settle_outturns(
    agreement: &Agreement,
    outturns: &[Outturn],
    withheld: &[Withheld],
) -> Vec<Settlement> {
    let mut years: Vec<FinancialYear> = outturns.iter().map(|o| o.year).collect();
    years.sort();
    years.dedup();
    let mut ledger = Ledger::new(agreement);
    let mut settled = Vec::new();
    for year in years {
        ledger.start_year(agreement, year);
        for w in withheld.iter().filter(|w| w.year == year) {
            ledger.withhold(w.pool, w.partner, w.amount);
        }
        let mut variances: Vec<(&Outturn, Variance)> = Vec::new();
        let mut these: Vec<&Outturn> = outturns.iter().filter(|o| o.year == year).collect();
        // Schemes settled by their own rules before their pools.
        these.sort_by_key(|o| (o.pool, o.scheme.is_none(), o.scheme));
        for outturn in these {
            let Some(pool) = agreement.pools.get(outturn.pool) else {
                continue;
            };
            let budget = match outturn.scheme {
                Some(k) => pool.schemes.get(k).and_then(|s| s.plan(year)),
                None => super::budget(pool, year)
                    .and_then(|b| b.checked_sub(ledger.withheld_from(outturn.pool))),
            };
            let Some(budget) = budget else {
                continue;
            };
            let Some(variance) = outturn
                .spend
                .checked_sub(budget)
                .and_then(|v| v.checked_sub(outturn.apart))
            else {
                continue;
            };
            if variance == Money::ZERO {
                continue;
            }
            if variance.is_negative() {
                if outturn.scheme.is_none() {
                    ledger.set_underspend(outturn.pool, variance.abs());
                }
                variances.push((outturn, Variance::Underspend(variance.abs())));
            } else {
                variances.push((outturn, Variance::Overspend(variance)));
            }
        }
        let mut year_settled: Vec<(Order, Settlement)> = Vec::new();
        let overspends = variances
            .iter()
            .filter(|(_, v)| matches!(v, Variance::Overspend(_)));
        let underspends = variances
            .iter()
            .filter(|(_, v)| matches!(v, Variance::Underspend(_)));
        for (outturn, variance) in overspends.chain(underspends) {
            let subject = match outturn.scheme {
                Some(k) => Subject::Scheme(outturn.pool, k),
                None => Subject::Pool(outturn.pool),
            };
            if let Ok(mut settlement) =
                settle_with(agreement, subject, year, *variance, &mut ledger)
            {
                settlement.spend = Some(outturn.spend);
                settlement.row = Some(outturn.row.clone());
                if outturn.apart != Money::ZERO {
                    settlement.steps.insert(
                        0,
                        super::SettlementStep {
                            description: format!(
                                "{} of the pool's variance is its schemes', settled by their own rules",
                                outturn.apart
                            ),
                            amount: Money::ZERO,
                            parts: Vec::new(),
                        },
                    );
                }
                let key = (outturn.pool, outturn.scheme.is_none(), outturn.scheme);
                year_settled.push((key, settlement));
            }
        }
        year_settled.sort_by_key(|(key, _)| *key);
        settled.extend(year_settled.into_iter().map(|(_, s)| s));
    }
    settled
}

#[cfg(test)]
#[path = "outturn_tests.rs"]
mod tests;
