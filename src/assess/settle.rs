//! Risk-share settlement: who bears a pool's overspend, or receives its
//! underspend, in a financial year, by the agreement's rules, to the penny.
//!
//! The amount goes through the rule's cascade in order (a risk reserve, then
//! each share rule up to its limit), and the last rule shares what is left.
//! Shares are split with [`Money::split`] (largest remainder: each part is
//! rounded down to the penny and the pennies left over go one each to the
//! largest remainders, ties to the partner declared first in the
//! agreement), so the parts always add up to the amount exactly. A cap
//! (`capped at contribution`, `capped at £500k`) limits what each partner
//! bears over the whole cascade; what a capped partner cannot bear is shared
//! among the others by the same rule, and what nobody can bear is reported
//! as not allocated by the agreement, never dropped.

use rust_decimal::Decimal;
use serde::Serialize;

use crate::model::{Agreement, CascadeStep, Name, Pool, PoolKind, RiskCap, RiskRule, Share};
use crate::money::Money;
use crate::period::FinancialYear;
use crate::syntax::ast::RiskSide;

/// The rounding rule every split follows, as stated in outputs.
pub const ROUNDING_RULE: &str = "each share is rounded down to the penny and the pennies left over go one each to the largest remainders, ties to the partner declared first in the agreement";

/// An overspend or underspend to settle.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Variance {
    /// Spending above the budget, by this much.
    Overspend(Money),
    /// Spending below the budget, by this much.
    Underspend(Money),
}

/// A partner's part.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PartnerShare {
    /// The partner.
    pub partner: Name,
    /// How much it bears (of an overspend) or receives (of an underspend).
    pub amount: Money,
}

/// One step of a settlement.
#[derive(Debug, Clone, Serialize)]
pub struct SettlementStep {
    /// What the step does, in words.
    pub description: String,
    /// How much the step placed.
    pub amount: Money,
    /// The partners' parts in it.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub parts: Vec<PartnerShare>,
}

/// How an overspend or underspend falls.
#[derive(Debug, Clone, Serialize)]
pub struct Settlement {
    /// The pool.
    pub pool: Name,
    /// Its name.
    pub pool_name: String,
    /// The financial year.
    pub year: FinancialYear,
    /// Overspend or underspend.
    pub side: RiskSide,
    /// The amount settled.
    pub amount: Money,
    /// The year's budget: contributions and grants.
    pub budget: Money,
    /// What was spent, when settled from a return.
    pub spend: Option<Money>,
    /// The row of the return it came from (`file:line`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub row: Option<String>,
    /// The clause of the rule.
    pub clause: Option<String>,
    /// The steps, in order.
    pub steps: Vec<SettlementStep>,
    /// Each partner's part over all steps, in the agreement's order (only
    /// partners with a part).
    pub shares: Vec<PartnerShare>,
    /// Borne by a risk reserve.
    pub from_reserve: Money,
    /// Kept in the pool.
    pub retained: Money,
    /// Not allocated by the agreement (no rule, or every partner capped).
    pub unallocated: Money,
    /// The rounding rule.
    pub rounding: &'static str,
    /// The whole settlement in one sentence.
    pub summary: String,
}

/// Why a settlement cannot be made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SettleError {
    /// An aligned budget: each partner bears its own.
    Aligned,
    /// A negative amount.
    Negative,
    /// Sums too large for exact money.
    Overflow,
    /// A contribution of the year is `as notified` and not supplied.
    NotKnown,
}

impl std::fmt::Display for SettleError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            SettleError::Aligned => {
                "an aligned budget has no risk share: each partner bears its own"
            }
            SettleError::Negative => "the amount to settle is negative",
            SettleError::Overflow => "the amounts are too large to add up exactly",
            SettleError::NotKnown => {
                "a contribution of the year is `as notified` and its figure was not supplied"
            }
        })
    }
}

/// Why the budget of `pool` in `year` is not known, if it is not: a
/// contribution `as notified` whose figure was not supplied (nor,
/// therefore, any uplift of it).
pub fn not_known(pool: &Pool, year: FinancialYear) -> Option<String> {
    let table = pool.year(year)?;
    let unknown: Vec<String> = table
        .entries
        .iter()
        .filter(|e| !e.known())
        .map(|e| match &e.formula {
            Some(crate::model::Formula::Uplift { base_year, .. }) => format!(
                "`{}`'s is an uplift of its {base_year} contribution, `as notified`",
                e.partner.name
            ),
            _ => format!("`{}`'s is `as notified`", e.partner.name),
        })
        .collect();
    if unknown.is_empty() {
        return None;
    }
    Some(format!(
        "of the {year} contributions to `{}`, {}, and no figure was supplied: give it in an allocations file (`--allocations FILE`)",
        pool.id,
        unknown.join(" and ")
    ))
}

/// The budget of a pool in a year: contributions and grants.
pub fn budget(pool: &Pool, year: FinancialYear) -> Option<Money> {
    let contributions = pool.year(year).map_or(Some(Money::ZERO), |y| {
        Money::sum(y.entries.iter().map(|e| e.amount.value))
    })?;
    let grants = Money::sum(
        pool.grants
            .iter()
            .flat_map(|g| g.amounts.iter())
            .filter(|(y, _)| y.value == year)
            .map(|(_, amount)| amount.value),
    )?;
    contributions.checked_add(grants)
}

/// How `variance` in `pool` in `year` falls, by the agreement's rules.
pub fn settle(
    agreement: &Agreement,
    pool: &Pool,
    year: FinancialYear,
    variance: Variance,
) -> Result<Settlement, SettleError> {
    if pool.kind == PoolKind::Aligned {
        return Err(SettleError::Aligned);
    }
    let (side, amount, rule) = match variance {
        Variance::Overspend(amount) => (RiskSide::Overspend, amount, pool.overspend.as_ref()),
        Variance::Underspend(amount) => (RiskSide::Underspend, amount, pool.underspend.as_ref()),
    };
    if amount.is_negative() {
        return Err(SettleError::Negative);
    }
    if not_known(pool, year).is_some() {
        return Err(SettleError::NotKnown);
    }
    let budget = budget(pool, year).ok_or(SettleError::Overflow)?;
    let contributions: Vec<Money> = agreement
        .partners
        .iter()
        .enumerate()
        .map(|(index, _)| {
            pool.year(year)
                .and_then(|y| y.entries.iter().find(|e| e.partner.index == index))
                .map_or(Money::ZERO, |e| e.amount.value)
        })
        .collect();
    let contributors: Vec<bool> = agreement
        .partners
        .iter()
        .enumerate()
        .map(|(index, _)| {
            pool.year(year)
                .is_some_and(|y| y.entries.iter().any(|e| e.partner.index == index))
        })
        .collect();
    let mut run = Run {
        agreement,
        contributions: &contributions,
        contributors: &contributors,
        borne: vec![Money::ZERO; agreement.partners.len()],
        steps: Vec::new(),
        from_reserve: Money::ZERO,
        retained: Money::ZERO,
    };
    let side_word = side_word(side);
    let mut remaining = amount;
    match rule {
        None => run.steps.push(SettlementStep {
            description: format!("the agreement has no {side_word} rule for `{}`", pool.id),
            amount: Money::ZERO,
            parts: Vec::new(),
        }),
        Some(rule) => {
            for step in &rule.cascade {
                match step {
                    CascadeStep::Reserve {
                        amount: reserve, ..
                    } => {
                        let take = remaining.min(*reserve);
                        run.from_reserve = run
                            .from_reserve
                            .checked_add(take)
                            .ok_or(SettleError::Overflow)?;
                        remaining = remaining.checked_sub(take).ok_or(SettleError::Overflow)?;
                        run.steps.push(SettlementStep {
                            description: format!("{take} from the risk reserve of {reserve}"),
                            amount: take,
                            parts: Vec::new(),
                        });
                    }
                    CascadeStep::Share { share, limit, cap } => {
                        let portion = limit.map_or(remaining, |l| remaining.min(l));
                        let placed = run.share(share, *cap, portion, limit.is_some())?;
                        remaining = remaining.checked_sub(placed).ok_or(SettleError::Overflow)?;
                    }
                }
            }
            let placed = run.share(&rule.share, rule.cap, remaining, false)?;
            remaining = remaining.checked_sub(placed).ok_or(SettleError::Overflow)?;
        }
    }
    let shares: Vec<PartnerShare> = agreement
        .partners
        .iter()
        .zip(&run.borne)
        .filter(|(_, amount)| **amount != Money::ZERO)
        .map(|(partner, amount)| PartnerShare {
            partner: partner.id.clone(),
            amount: *amount,
        })
        .collect();
    let mut falls: Vec<String> = shares
        .iter()
        .map(|s| format!("`{}` {}", s.partner, s.amount))
        .collect();
    if run.from_reserve != Money::ZERO {
        falls.push(format!("the risk reserve {}", run.from_reserve));
    }
    if run.retained != Money::ZERO {
        falls.push(format!("kept in the pool {}", run.retained));
    }
    if remaining != Money::ZERO {
        falls.push(format!("not allocated by the agreement {remaining}"));
    }
    let verb = match side {
        RiskSide::Overspend => "falls",
        RiskSide::Underspend => "goes",
    };
    let summary = format!(
        "an {side_word} of {amount} on `{}` in {year} {verb}: {}",
        pool.id,
        if falls.is_empty() {
            "nowhere".to_owned()
        } else {
            falls.join(", ")
        }
    );
    Ok(Settlement {
        pool: pool.id.clone(),
        pool_name: pool.name.clone(),
        year,
        side,
        amount,
        budget,
        spend: None,
        row: None,
        clause: rule.and_then(|r: &RiskRule| r.clause.clone()),
        steps: run.steps,
        shares,
        from_reserve: run.from_reserve,
        retained: run.retained,
        unallocated: remaining,
        rounding: ROUNDING_RULE,
        summary,
    })
}

fn side_word(side: RiskSide) -> &'static str {
    match side {
        RiskSide::Overspend => "overspend",
        RiskSide::Underspend => "underspend",
    }
}

struct Run<'a> {
    agreement: &'a Agreement,
    contributions: &'a [Money],
    contributors: &'a [bool],
    borne: Vec<Money>,
    steps: Vec<SettlementStep>,
    from_reserve: Money,
    retained: Money,
}

impl Run<'_> {
    /// Shares `portion` by `share` within the caps; returns how much was
    /// placed (all of it unless every partner is capped).
    fn share(
        &mut self,
        share: &Share,
        cap: Option<RiskCap>,
        portion: Money,
        limited: bool,
    ) -> Result<Money, SettleError> {
        let limit = if limited {
            format!(", up to {portion}")
        } else {
            String::new()
        };
        let count = self.agreement.partners.len();
        let (weights, words): (Vec<Decimal>, String) = match share {
            Share::Retained => {
                self.retained = self
                    .retained
                    .checked_add(portion)
                    .ok_or(SettleError::Overflow)?;
                self.steps.push(SettlementStep {
                    description: format!("{portion} retained in the pool"),
                    amount: portion,
                    parts: Vec::new(),
                });
                return Ok(portion);
            }
            Share::ByContribution => (
                self.contributions
                    .iter()
                    .map(|m| Decimal::new(m.pence(), 2))
                    .collect(),
                "shared in proportion to contributions".to_owned(),
            ),
            Share::Equally => (
                self.contributors
                    .iter()
                    .map(|c| if *c { Decimal::ONE } else { Decimal::ZERO })
                    .collect(),
                "shared equally between the contributors".to_owned(),
            ),
            Share::Fixed(shares) => {
                let mut weights = vec![Decimal::ZERO; count];
                for s in shares {
                    if let Some(w) = weights.get_mut(s.partner.index) {
                        *w += s.percent.value;
                    }
                }
                let list: Vec<String> = shares
                    .iter()
                    .map(|s| format!("`{}` {}%", s.partner.name, s.percent.value.normalize()))
                    .collect();
                (weights, format!("shared {}", list.join(", ")))
            }
            Share::BorneBy(partner) | Share::KeptBy(partner) | Share::ReturnedTo(partner) => {
                let mut weights = vec![Decimal::ZERO; count];
                if let Some(w) = weights.get_mut(partner.index) {
                    *w = Decimal::ONE;
                }
                let verb = match share {
                    Share::KeptBy(_) => "kept by",
                    Share::ReturnedTo(_) => "returned to",
                    _ => "borne by",
                };
                (weights, format!("{verb} `{}`", partner.name))
            }
        };
        let room: Vec<Option<Money>> = (0..count)
            .map(|index| {
                let borne = self.borne.get(index).copied().unwrap_or(Money::ZERO);
                let ceiling = match cap? {
                    RiskCap::Contribution => self
                        .contributions
                        .get(index)
                        .copied()
                        .unwrap_or(Money::ZERO),
                    RiskCap::Amount(amount) => amount,
                };
                Some(
                    ceiling
                        .checked_sub(borne)
                        .map_or(Money::ZERO, |r| r.max(Money::ZERO)),
                )
            })
            .collect();
        let (parts, unplaced) = allocate(portion, &weights, &room).ok_or(SettleError::Overflow)?;
        let placed = portion.checked_sub(unplaced).ok_or(SettleError::Overflow)?;
        let cap_words = match cap {
            None => String::new(),
            Some(RiskCap::Contribution) => ", capped at each partner's contribution".to_owned(),
            Some(RiskCap::Amount(amount)) => format!(", capped at {amount} each"),
        };
        let mut shares = Vec::new();
        for ((partner, part), borne) in self
            .agreement
            .partners
            .iter()
            .zip(&parts)
            .zip(self.borne.iter_mut())
        {
            if *part != Money::ZERO {
                *borne = borne.checked_add(*part).ok_or(SettleError::Overflow)?;
                shares.push(PartnerShare {
                    partner: partner.id.clone(),
                    amount: *part,
                });
            }
        }
        let list: Vec<String> = shares
            .iter()
            .map(|s| format!("`{}` {}", s.partner, s.amount))
            .collect();
        let mut description = format!("{placed} {words}{cap_words}{limit}");
        if !list.is_empty() {
            description.push_str(&format!(": {}", list.join(", ")));
        }
        if unplaced != Money::ZERO {
            description.push_str(&format!("; {unplaced} could not be placed within the caps"));
        }
        self.steps.push(SettlementStep {
            description,
            amount: placed,
            parts: shares,
        });
        Ok(placed)
    }
}

/// Splits `amount` by `weights`, no part above its room (`None`: no limit):
/// a part that would exceed its room is fixed at it and the rest is split
/// again among the others. Returns the parts and what could not be placed;
/// the parts and the unplaced amount add up to `amount` exactly.
pub fn allocate(
    amount: Money,
    weights: &[Decimal],
    room: &[Option<Money>],
) -> Option<(Vec<Money>, Money)> {
    let mut fixed: Vec<Option<Money>> = vec![None; weights.len()];
    loop {
        let taken = Money::sum(fixed.iter().flatten().copied())?;
        let rest = amount.checked_sub(taken)?;
        let free: Vec<Decimal> = weights
            .iter()
            .zip(&fixed)
            .map(|(w, f)| if f.is_none() { *w } else { Decimal::ZERO })
            .collect();
        let Some(parts) = rest.split(&free) else {
            let parts: Vec<Money> = fixed.iter().map(|f| f.unwrap_or(Money::ZERO)).collect();
            return Some((parts, rest));
        };
        let mut over = false;
        for (index, part) in parts.iter().enumerate() {
            let Some(Some(room)) = room.get(index) else {
                continue;
            };
            if fixed.get(index).is_some_and(Option::is_none) && part > room {
                if let Some(slot) = fixed.get_mut(index) {
                    *slot = Some(*room);
                }
                over = true;
            }
        }
        if !over {
            let parts = parts
                .iter()
                .zip(&fixed)
                .map(|(part, f)| f.unwrap_or(*part))
                .collect();
            return Some((parts, Money::ZERO));
        }
    }
}

#[cfg(test)]
mod underspend_tests;

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn caps_pass_the_excess_on() {
        let weights = [Decimal::from(1), Decimal::from(1), Decimal::from(2)];
        let room = [
            Some(Money::from_pence(10)),
            None,
            Some(Money::from_pence(100)),
        ];
        let (parts, unplaced) = allocate(Money::from_pence(100), &weights, &room).unwrap();
        assert_eq!(
            parts,
            [
                Money::from_pence(10),
                Money::from_pence(30),
                Money::from_pence(60)
            ]
        );
        assert_eq!(unplaced, Money::ZERO);
        let room = [
            Some(Money::from_pence(10)),
            Some(Money::from_pence(10)),
            Some(Money::from_pence(10)),
        ];
        let (parts, unplaced) = allocate(Money::from_pence(100), &weights, &room).unwrap();
        assert_eq!(parts, [Money::from_pence(10); 3]);
        assert_eq!(unplaced, Money::from_pence(70));
    }

    proptest! {
        /// The parts and what could not be placed add up to the amount, to
        /// the penny; no part exceeds its room; a partner of weight zero
        /// bears nothing.
        #[test]
        fn allocations_add_up_and_respect_caps(
            pence in 0i64..10_000_000_000_000,
            cells in proptest::collection::vec((0u32..1_000, proptest::option::of(0i64..5_000_000_000_000)), 1..10),
        ) {
            let weights: Vec<Decimal> = cells.iter().map(|(w, _)| Decimal::from(*w)).collect();
            let room: Vec<Option<Money>> = cells.iter().map(|(_, r)| r.map(Money::from_pence)).collect();
            let (parts, unplaced) = allocate(Money::from_pence(pence), &weights, &room).unwrap();
            let total = Money::sum(parts.iter().copied().chain([unplaced])).unwrap();
            prop_assert_eq!(total, Money::from_pence(pence));
            prop_assert!(unplaced >= Money::ZERO);
            for ((part, room), weight) in parts.iter().zip(&room).zip(&weights) {
                prop_assert!(*part >= Money::ZERO);
                if let Some(room) = room { prop_assert!(part <= room); }
                if weight.is_zero() { prop_assert_eq!(*part, Money::ZERO); }
            }
        }
    }
}
