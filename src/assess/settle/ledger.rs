//! What settlements draw on that outlasts one settlement: the balance of
//! each named reserve over the term, the underspend each pool has left in
//! a year for others' overspends, the schemes' uncommitted allocations
//! already cut, and the payments for performance withheld from a pool.

use super::SettleError;
use crate::model::Agreement;
use crate::money::Money;
use crate::period::FinancialYear;

/// The running balances of one assessment's settlements.
#[derive(Debug, Clone)]
pub struct Ledger {
    /// The balance of each named reserve, in the agreement's order.
    reserves: Vec<Money>,
    /// Each pool's underspend this year not yet drawn on by another pool.
    underspends: Vec<Money>,
    /// Drawn from one pool's underspend for another this year: (lender,
    /// borrower, amount).
    lent: Vec<(usize, usize, Money)>,
    /// Cut from schemes' uncommitted allocations this year: (pool, scheme,
    /// amount).
    cut: Vec<(usize, usize, Money)>,
    /// Payments for performance withheld this year: (pool, partner,
    /// amount).
    withheld: Vec<(usize, usize, Money)>,
}

impl Ledger {
    /// Every named reserve at its amount; nothing else to draw on.
    pub fn new(agreement: &Agreement) -> Ledger {
        Ledger {
            reserves: agreement
                .reserves
                .iter()
                .map(|r| r.amount.map_or(Money::ZERO, |a| a.value))
                .collect(),
            underspends: vec![Money::ZERO; agreement.pools.len()],
            lent: Vec::new(),
            cut: Vec::new(),
            withheld: Vec::new(),
        }
    }

    /// A new financial year: reserves topped up each year return to their
    /// amount (the others keep their balance); underspends, cuts and
    /// payments withheld are the year's own.
    pub fn start_year(&mut self, agreement: &Agreement, _year: FinancialYear) {
        for (balance, reserve) in self.reserves.iter_mut().zip(&agreement.reserves) {
            if reserve.topped_up {
                *balance = reserve.amount.map_or(Money::ZERO, |a| a.value);
            }
        }
        self.underspends.iter_mut().for_each(|u| *u = Money::ZERO);
        self.lent.clear();
        self.cut.clear();
        self.withheld.clear();
    }

    /// Records the year's underspend of a pool, for other pools' cascades.
    pub fn set_underspend(&mut self, pool: usize, amount: Money) {
        if let Some(u) = self.underspends.get_mut(pool) {
            *u = amount;
        }
    }

    /// Records a payment for performance withheld from a pool this year.
    pub fn withhold(&mut self, pool: usize, partner: usize, amount: Money) {
        self.withheld.push((pool, partner, amount));
    }

    /// What is withheld from a pool this year in all.
    pub fn withheld_from(&self, pool: usize) -> Money {
        Money::sum(
            self.withheld
                .iter()
                .filter(|(p, _, _)| *p == pool)
                .map(|(_, _, m)| *m),
        )
        .unwrap_or(Money::ZERO)
    }

    /// Each partner's contribution to a pool this year, less what is
    /// withheld from it, in the agreement's order of partners.
    pub fn contributions(
        &self,
        agreement: &Agreement,
        pool: usize,
        year: FinancialYear,
    ) -> Vec<Money> {
        let table = agreement.pools.get(pool).and_then(|p| p.year(year));
        (0..agreement.partners.len())
            .map(|partner| {
                let paid = table
                    .and_then(|y| y.entries.iter().find(|e| e.partner.index == partner))
                    .map_or(Money::ZERO, |e| e.amount.value);
                let held = self
                    .withheld
                    .iter()
                    .filter(|(p, who, _)| *p == pool && *who == partner)
                    .map(|(_, _, m)| *m);
                let held = Money::sum(held).unwrap_or(Money::ZERO);
                paid.checked_sub(held)
                    .map_or(Money::ZERO, |m| m.max(Money::ZERO))
            })
            .collect()
    }

    /// The balance of a named reserve.
    pub fn reserve_balance(&self, reserve: usize) -> Money {
        self.reserves.get(reserve).copied().unwrap_or(Money::ZERO)
    }

    pub(super) fn draw_reserve(
        &mut self,
        reserve: usize,
        amount: Money,
    ) -> Result<(), SettleError> {
        if let Some(balance) = self.reserves.get_mut(reserve) {
            *balance = balance.checked_sub(amount).ok_or(SettleError::Overflow)?;
        }
        Ok(())
    }

    /// What is left of a pool's underspend this year.
    pub fn underspend_left(&self, pool: usize) -> Money {
        self.underspends.get(pool).copied().unwrap_or(Money::ZERO)
    }

    pub(super) fn lend(
        &mut self,
        lender: usize,
        borrower: usize,
        amount: Money,
    ) -> Result<(), SettleError> {
        if amount == Money::ZERO {
            return Ok(());
        }
        if let Some(left) = self.underspends.get_mut(lender) {
            *left = left.checked_sub(amount).ok_or(SettleError::Overflow)?;
        }
        self.lent.push((lender, borrower, amount));
        Ok(())
    }

    /// What a pool's underspend lent to others this year: (borrower,
    /// amount), in the order lent.
    pub fn lent_by(&self, lender: usize) -> Vec<(usize, Money)> {
        self.lent
            .iter()
            .filter(|(l, _, _)| *l == lender)
            .map(|(_, b, m)| (*b, *m))
            .collect()
    }

    /// What is left of a scheme's uncommitted allocation of `open` this
    /// year.
    pub(super) fn uncommitted_left(&self, pool: usize, scheme: usize, open: Money) -> Money {
        let cut = self
            .cut
            .iter()
            .filter(|(p, s, _)| *p == pool && *s == scheme)
            .map(|(_, _, m)| *m);
        let cut = Money::sum(cut).unwrap_or(Money::ZERO);
        open.checked_sub(cut)
            .map_or(Money::ZERO, |m| m.max(Money::ZERO))
    }

    pub(super) fn cut(
        &mut self,
        pool: usize,
        scheme: usize,
        amount: Money,
    ) -> Result<(), SettleError> {
        self.cut.push((pool, scheme, amount));
        Ok(())
    }
}
