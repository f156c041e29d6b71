//! Risk-share settlement: who bears a pool's overspend, or receives its
//! underspend, in a financial year, by the agreement's rules, to the penny.
//!
//! The amount goes through the rule's cascade in exactly the order written
//! (another pool's underspend, a risk reserve, uncommitted scheme
//! allocations cut, each share rule up to its limit), and the last rule
//! shares what is left. What a step draws on that lasts beyond one
//! settlement (a named reserve's balance over the term, another pool's
//! underspend in the year, a scheme's uncommitted allocation) is kept in a
//! [`Ledger`], so one settlement never spends what another already has.
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

use crate::model::{
    Agreement, CascadeStep, Name, Pool, PoolKind, RiskCap, RiskRule, Scheme, Share,
};
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
    /// The scheme, when the scheme's own rule settles its variance.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scheme: Option<Name>,
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
    /// Met from other pools' underspends in the same year.
    pub from_other_pools: Money,
    /// Met by cutting schemes' uncommitted allocations.
    pub cut_allocations: Money,
    /// Of an underspend, what met overspends on other pools first.
    pub to_other_pools: Money,
    /// Kept in the pool.
    pub retained: Money,
    /// Not allocated by the agreement (no rule, or every partner capped).
    pub unallocated: Money,
    /// The rounding rule.
    pub rounding: &'static str,
    /// The whole settlement in one sentence.
    pub summary: String,
}

impl Settlement {
    /// Everywhere the amount went, added up: the partners' parts, the
    /// reserves, other pools, cut allocations, the pool itself and what the
    /// agreement does not allocate. Always the amount settled, to the penny.
    pub fn accounted(&self) -> Option<Money> {
        let shares = Money::sum(self.shares.iter().map(|s| s.amount))?;
        Money::sum([
            shares,
            self.from_reserve,
            self.from_other_pools,
            self.cut_allocations,
            self.to_other_pools,
            self.retained,
            self.unallocated,
        ])
    }
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
    /// The pool or scheme is not in the agreement.
    Unknown,
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
            SettleError::Unknown => "no such pool or scheme in the agreement",
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
        .map(|e| match e.formula.as_deref() {
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

/// How `variance` in `pool` in `year` falls, by the agreement's rules, on
/// its own: every named reserve at its full amount and no other pool's
/// underspend to draw on (the worked examples of a summary).
pub fn settle(
    agreement: &Agreement,
    pool: &Pool,
    year: FinancialYear,
    variance: Variance,
) -> Result<Settlement, SettleError> {
    let index = agreement
        .pools
        .iter()
        .position(|p| p.id == pool.id)
        .ok_or(SettleError::Unknown)?;
    let mut ledger = Ledger::new(agreement);
    ledger.start_year(agreement, year);
    settle_with(agreement, Subject::Pool(index), year, variance, &mut ledger)
}

/// What a settlement is of: a pool, or one scheme of a pool under its own
/// rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Subject {
    /// A pool, by its index in the agreement.
    Pool(usize),
    /// A scheme: the pool's index and the scheme's index in it.
    Scheme(usize, usize),
}

/// How `variance` of `subject` in `year` falls, drawing on and recording in
/// `ledger` what outlasts the settlement.
pub fn settle_with(
    agreement: &Agreement,
    subject: Subject,
    year: FinancialYear,
    variance: Variance,
    ledger: &mut Ledger,
) -> Result<Settlement, SettleError> {
    let (pool_index, scheme) = match subject {
        Subject::Pool(pool) => (pool, None),
        Subject::Scheme(pool, scheme) => (pool, Some(scheme)),
    };
    let pool = agreement
        .pools
        .get(pool_index)
        .ok_or(SettleError::Unknown)?;
    let scheme = match scheme {
        Some(k) => Some((k, pool.schemes.get(k).ok_or(SettleError::Unknown)?)),
        None => None,
    };
    if pool.kind == PoolKind::Aligned {
        return Err(SettleError::Aligned);
    }
    let (side, amount) = match variance {
        Variance::Overspend(amount) => (RiskSide::Overspend, amount),
        Variance::Underspend(amount) => (RiskSide::Underspend, amount),
    };
    let rule = match (scheme, side) {
        (Some((_, s)), RiskSide::Overspend) => s.overspend.as_ref(),
        (Some((_, s)), RiskSide::Underspend) => s.underspend.as_ref(),
        (None, RiskSide::Overspend) => pool.overspend.as_ref(),
        (None, RiskSide::Underspend) => pool.underspend.as_ref(),
    };
    if amount.is_negative() {
        return Err(SettleError::Negative);
    }
    if not_known(pool, year).is_some() {
        return Err(SettleError::NotKnown);
    }
    let contributions = ledger.contributions(agreement, pool_index, year);
    let (budget, contributions) = match scheme {
        Some((_, s)) => {
            // A scheme's contributors are the partners funding it (all the
            // pool's contributors when it names only grants).
            let funders: Vec<usize> = s
                .funded_by
                .iter()
                .filter(|r| r.kind == crate::model::Kind::Partner)
                .map(|r| r.index)
                .collect();
            let own = contributions
                .iter()
                .enumerate()
                .map(|(i, m)| {
                    if funders.is_empty() || funders.contains(&i) {
                        *m
                    } else {
                        Money::ZERO
                    }
                })
                .collect();
            (s.plan(year).unwrap_or(Money::ZERO), own)
        }
        None => (
            budget(pool, year)
                .and_then(|b| b.checked_sub(ledger.withheld_from(pool_index)))
                .ok_or(SettleError::Overflow)?,
            contributions,
        ),
    };
    let commissioning = match scheme {
        Some((_, s)) => scheme_commissioning(s, agreement.partners.len()),
        None => pool_commissioning(pool, year, agreement.partners.len()),
    };
    let contributors: Vec<bool> = contributions.iter().map(|m| *m != Money::ZERO).collect();
    let mut run = Run {
        agreement,
        contributions: &contributions,
        contributors: &contributors,
        commissioning: &commissioning,
        borne: vec![Money::ZERO; agreement.partners.len()],
        steps: Vec::new(),
        from_reserve: Money::ZERO,
        from_other_pools: Money::ZERO,
        cut_allocations: Money::ZERO,
        retained: Money::ZERO,
    };
    let side_word = side_word(side);
    let what = match scheme {
        Some((_, s)) => format!("scheme `{}` of `{}`", s.id, pool.id),
        None => format!("`{}`", pool.id),
    };
    let mut remaining = amount;
    let mut to_other_pools = Money::ZERO;
    let withheld = ledger.withheld_from(pool_index);
    if scheme.is_none() && withheld != Money::ZERO {
        run.steps.push(SettlementStep {
            description: format!(
                "the budget is {budget}: {withheld} for performance was withheld from the contributions"
            ),
            amount: Money::ZERO,
            parts: Vec::new(),
        });
    }
    if side == RiskSide::Underspend && scheme.is_none() {
        for (recipient, lent) in ledger.lent_by(pool_index) {
            let take = remaining.min(lent);
            if take == Money::ZERO {
                continue;
            }
            remaining = remaining.checked_sub(take).ok_or(SettleError::Overflow)?;
            to_other_pools = to_other_pools
                .checked_add(take)
                .ok_or(SettleError::Overflow)?;
            let other = agreement.pools.get(recipient).map_or("", |p| p.id.as_str());
            run.steps.push(SettlementStep {
                description: format!("{take} met the overspend on `{other}` first"),
                amount: take,
                parts: Vec::new(),
            });
        }
    }
    match rule {
        None => run.steps.push(SettlementStep {
            description: format!("the agreement has no {side_word} rule for {what}"),
            amount: Money::ZERO,
            parts: Vec::new(),
        }),
        Some(rule) => {
            for step in &rule.cascade {
                let placed = run.step(step, remaining, pool_index, scheme, year, ledger)?;
                remaining = remaining.checked_sub(placed).ok_or(SettleError::Overflow)?;
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
    let mut falls: Vec<String> = Vec::new();
    if to_other_pools != Money::ZERO {
        falls.push(format!("other pools' overspends {to_other_pools}"));
    }
    if run.from_other_pools != Money::ZERO {
        falls.push(format!("other pools' underspends {}", run.from_other_pools));
    }
    if run.from_reserve != Money::ZERO {
        falls.push(format!("the risk reserve {}", run.from_reserve));
    }
    if run.cut_allocations != Money::ZERO {
        falls.push(format!(
            "uncommitted scheme allocations cut {}",
            run.cut_allocations
        ));
    }
    falls.extend(
        shares
            .iter()
            .map(|s| format!("`{}` {}", s.partner, s.amount)),
    );
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
        "an {side_word} of {amount} on {what} in {year} {verb}: {}",
        if falls.is_empty() {
            "nowhere".to_owned()
        } else {
            falls.join(", ")
        }
    );
    Ok(Settlement {
        pool: pool.id.clone(),
        pool_name: pool.name.to_string(),
        scheme: scheme.map(|(_, s)| s.id.clone()),
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
        from_other_pools: run.from_other_pools,
        cut_allocations: run.cut_allocations,
        to_other_pools,
        retained: run.retained,
        unallocated: remaining,
        rounding: ROUNDING_RULE,
        summary,
    })
}

/// What each partner commissions of a scheme, as weights: all by its lead,
/// or by its `commissioned by` shares.
fn scheme_commissioning(scheme: &Scheme, partners: usize) -> Vec<Decimal> {
    let mut weights = vec![Decimal::ZERO; partners];
    if let Some(lead) = &scheme.lead {
        if let Some(w) = weights.get_mut(lead.index) {
            *w = Decimal::ONE_HUNDRED;
        }
    }
    for share in &scheme.commissioned {
        if let Some(w) = weights.get_mut(share.partner.index) {
            *w += share.percent.value;
        }
    }
    weights
}

/// What each partner commissions of a pool in a year: over its schemes,
/// each scheme's plan by who commissions it.
fn pool_commissioning(pool: &Pool, year: FinancialYear, partners: usize) -> Vec<Decimal> {
    let mut weights = vec![Decimal::ZERO; partners];
    for scheme in &pool.schemes {
        let Some(plan) = scheme.plan(year) else {
            continue;
        };
        let own = scheme_commissioning(scheme, partners);
        let total: Decimal = own.iter().sum();
        if total.is_zero() {
            continue;
        }
        let plan = Decimal::new(plan.pence(), 2);
        for (w, part) in weights.iter_mut().zip(&own) {
            if let Some(add) = plan.checked_mul(*part).and_then(|x| x.checked_div(total)) {
                *w = w.checked_add(add).unwrap_or(*w);
            }
        }
    }
    weights
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
    commissioning: &'a [Decimal],
    borne: Vec<Money>,
    steps: Vec<SettlementStep>,
    from_reserve: Money,
    from_other_pools: Money,
    cut_allocations: Money,
    retained: Money,
}

impl Run<'_> {
    /// One step of a cascade before the last; returns how much it placed.
    fn step(
        &mut self,
        step: &CascadeStep,
        remaining: Money,
        pool: usize,
        scheme: Option<(usize, &Scheme)>,
        year: FinancialYear,
        ledger: &mut Ledger,
    ) -> Result<Money, SettleError> {
        let limited = |limit: &Option<Money>| limit.map_or(remaining, |l| remaining.min(l));
        match step {
            CascadeStep::Reserve {
                amount: reserve, ..
            } => {
                let take = remaining.min(*reserve);
                self.from_reserve = self
                    .from_reserve
                    .checked_add(take)
                    .ok_or(SettleError::Overflow)?;
                self.steps.push(SettlementStep {
                    description: format!("{take} from the risk reserve of {reserve}"),
                    amount: take,
                    parts: Vec::new(),
                });
                Ok(take)
            }
            CascadeStep::NamedReserve { reserve, limit } => {
                let balance = ledger.reserve_balance(reserve.index);
                let take = limited(limit).min(balance);
                ledger.draw_reserve(reserve.index, take)?;
                self.from_reserve = self
                    .from_reserve
                    .checked_add(take)
                    .ok_or(SettleError::Overflow)?;
                let left = balance.checked_sub(take).ok_or(SettleError::Overflow)?;
                let name = self
                    .agreement
                    .reserves
                    .get(reserve.index)
                    .map_or(String::new(), |r| r.name.to_string());
                self.steps.push(SettlementStep {
                    description: format!(
                        "{take} from `{}` ({name}): {balance} available, {left} left",
                        reserve.name
                    ),
                    amount: take,
                    parts: Vec::new(),
                });
                Ok(take)
            }
            CascadeStep::Underspend { pool: other, limit } => {
                let available = ledger.underspend_left(other.index);
                let take = limited(limit).min(available);
                ledger.lend(other.index, pool, take)?;
                self.from_other_pools = self
                    .from_other_pools
                    .checked_add(take)
                    .ok_or(SettleError::Overflow)?;
                self.steps.push(SettlementStep {
                    description: format!(
                        "{take} from the underspend of `{}` ({available} available)",
                        other.name
                    ),
                    amount: take,
                    parts: Vec::new(),
                });
                Ok(take)
            }
            CascadeStep::CutUncommitted { limit, .. } => {
                let mut left = limited(limit);
                let mut cuts: Vec<String> = Vec::new();
                let mut total = Money::ZERO;
                let schemes: Vec<(usize, &Scheme)> = match scheme {
                    Some(one) => vec![one],
                    None => self
                        .agreement
                        .pools
                        .get(pool)
                        .map(|p| p.schemes.iter().enumerate().collect())
                        .unwrap_or_default(),
                };
                for (index, s) in schemes {
                    let open = ledger.uncommitted_left(pool, index, s.uncommitted(year));
                    let take = left.min(open);
                    if take == Money::ZERO {
                        continue;
                    }
                    ledger.cut(pool, index, take)?;
                    left = left.checked_sub(take).ok_or(SettleError::Overflow)?;
                    total = total.checked_add(take).ok_or(SettleError::Overflow)?;
                    cuts.push(format!("`{}` {take}", s.id));
                }
                self.cut_allocations = self
                    .cut_allocations
                    .checked_add(total)
                    .ok_or(SettleError::Overflow)?;
                let mut description = format!("{total} by cutting uncommitted scheme allocations");
                if !cuts.is_empty() {
                    description.push_str(&format!(": {}", cuts.join(", ")));
                }
                self.steps.push(SettlementStep {
                    description,
                    amount: total,
                    parts: Vec::new(),
                });
                Ok(total)
            }
            CascadeStep::Share { share, limit, cap } => {
                let portion = limited(limit);
                self.share(share, *cap, portion, limit.is_some())
            }
        }
    }

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
            Share::ByCommissioning => (
                self.commissioning.to_vec(),
                "shared in proportion to what each partner commissions".to_owned(),
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

mod ledger;
pub mod outturn;

pub use ledger::Ledger;

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
