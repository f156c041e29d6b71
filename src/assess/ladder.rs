//! Flags and the ladder of consequences.
//!
//! An owner is underperforming on an obligation when its run of misses up
//! to the as-of period (periods with no figure are passed over: they
//! neither continue nor end a run) is at least the agreement's `flag after
//! N consecutive misses` (one when not written: the tool's default, and
//! said to be). Joint owners without an attribution are judged together on
//! the area's figure and flagged together, each jointly responsible. From
//! the flag, every rung of the `on miss` ladder up to the length of the run
//! is due, in order, each dated from the end of the miss that reached it.
//!
//! Money moved on a miss is decided here once, for `assess` and the
//! summaries alike ([`money_at_stake`]): from whom (the step's `from`, else
//! the owner), to whom (its `to` or `by`), of which year's money (its
//! `in the next year`, else the year of the miss) and by when (its
//! `within`). An amount is worked out exactly for that year, never more
//! than what it is taken from; an owner with an attributed part of a
//! jointly owned obligation pays its part when it pays itself, and a party
//! the step names pays the whole amount.

use rust_decimal::Decimal;

use super::assessment::{Consequence, Flag, PeriodAssessment, Responsibility};
use super::settle::PartnerShare;
pub use super::terms::full_name;
use super::terms::{after, attribution, direction, joint_names, AREA};
use crate::model::{
    Action, Agreement, AmountOf, Deadline, Figure, Kind, MoneyTerms, Name, Obligation, Ref, Unit,
};
use crate::money::Money;
use crate::period::{Date, FinancialYear};
use crate::syntax::ast::{Bound, MoneyYear};

/// Who a flag is about: one owner (by its place among the owners), or the
/// joint owners together.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answering {
    /// The owner at this place.
    Owner(usize),
    /// Every joint owner, on the area's figure.
    Jointly,
    /// Every owner, on the area's figure summed from categories, each for
    /// its part of the categories attributed to it.
    ByCategory,
}

/// The flag of `who` on `obligation`, if its run of misses makes it
/// underperforming.
pub fn flag(
    agreement: &Agreement,
    obligation: &Obligation,
    who: Answering,
    run: &[PeriodAssessment],
) -> Option<Flag> {
    let threshold = obligation.flag_after.map_or(1, |f| f.value);
    let misses = u32::try_from(run.len()).unwrap_or(u32::MAX);
    if misses < threshold || misses == 0 {
        return None;
    }
    let first = run.first()?;
    let unit = obligation.metric.as_ref().and_then(|m| m.unit);
    let show = |d: Decimal| value_text(d, unit);
    let show_band = |d: Decimal| match unit {
        Some(Unit::Percent) => format!("{} points", d.round_dp(4).normalize()),
        _ => show(d),
    };
    let bound = direction(obligation);
    let worse = match bound {
        Bound::AtMost => "above",
        Bound::AtLeast => "below",
    };
    let periods: Vec<String> = run
        .iter()
        .map(|p| {
            format!(
                "{}: {} against {} expected ({} by more than the tolerance of {}; {}){}",
                p.period,
                p.actual.map_or("no figure".to_owned(), show),
                show(p.expected),
                worse,
                show_band(p.tolerance),
                p.row.as_deref().unwrap_or("no row"),
                p.note
                    .as_deref()
                    .map_or(String::new(), |n| format!(", noted \"{n}\""))
            )
        })
        .collect();
    let clause = obligation.clause.clone();
    let rule = match (obligation.flag_after.is_some(), threshold) {
        (false, _) => "a single miss flags an owner: the tool's default, as the agreement does not say when an owner is flagged".to_owned(),
        (true, 1) => "the agreement flags an owner at its first miss".to_owned(),
        (true, n) => format!("the agreement flags an owner after {n} consecutive misses"),
    };
    let (owner, owner_name, owners, responsibility, subject) = match who {
        Answering::Owner(place) => {
            let owner = obligation.owners.get(place)?;
            let name = full_name(agreement, owner);
            let responsibility = if obligation.owners.len() > 1 {
                Responsibility::Attributed
            } else {
                Responsibility::Sole
            };
            let subject = format!("{name} (`{}`) is underperforming", owner.name);
            (
                owner.name.clone(),
                name,
                vec![owner.name.clone()],
                responsibility,
                subject,
            )
        }
        Answering::ByCategory => {
            let names = joint_names(agreement, &obligation.owners);
            // Each owner's part over the run, from the categories.
            let mut totals: Vec<(Name, Decimal)> = obligation
                .owners
                .iter()
                .map(|o| (o.name.clone(), Decimal::ZERO))
                .collect();
            for part in run.iter().flat_map(|p| &p.parts) {
                if let Some((_, sum)) = totals.iter_mut().find(|(n, _)| *n == part.owner) {
                    *sum = sum.checked_add(part.value).unwrap_or(*sum);
                }
            }
            let all: Decimal = totals.iter().map(|(_, v)| *v).sum();
            let shares: Vec<String> = totals
                .iter()
                .map(|(owner, value)| {
                    let percent = value
                        .checked_mul(Decimal::ONE_HUNDRED)
                        .and_then(|v| v.checked_div(all))
                        .unwrap_or(Decimal::ZERO)
                        .round_dp(1)
                        .normalize();
                    format!("`{owner}` {percent}%")
                })
                .collect();
            let subject = format!(
                "The area is underperforming, and {names} answer for it by the categories of its figure ({} of the figures missed),",
                shares.join(", ")
            );
            (
                Name::new(AREA),
                names,
                obligation.owners.iter().map(|o| o.name.clone()).collect(),
                Responsibility::ByCategory,
                subject,
            )
        }
        Answering::Jointly => {
            let names = joint_names(agreement, &obligation.owners);
            let ids: Vec<String> = obligation
                .owners
                .iter()
                .map(|o| format!("`{}`", o.name))
                .collect();
            let subject = format!(
                "The area is underperforming, and {names} ({}) are jointly responsible as joint owners with no attribution,",
                ids.join(", ")
            );
            (
                Name::new(AREA),
                names,
                obligation.owners.iter().map(|o| o.name.clone()).collect(),
                Responsibility::Joint,
                subject,
            )
        }
    };
    let explanation = format!(
        "{subject} on `{}`, \"{}\"{}: the metric \"{}\" was missed {} ({rule}). {}.",
        obligation.id,
        obligation.name,
        clause
            .as_ref()
            .map_or(String::new(), |c| format!(" (clause {c})")),
        obligation.metric.as_ref().map_or("", |m| m.name.as_str()),
        if misses == 1 {
            format!("in {}", first.period)
        } else {
            format!("{misses} times in a row since {}", first.period)
        },
        periods.join("; ")
    );
    let mut ladder: Vec<&crate::model::Step> = obligation.on_miss.iter().collect();
    ladder.sort_by_key(|s| s.after_misses);
    let consequences = ladder
        .into_iter()
        .filter(|step| step.after_misses <= misses)
        .filter_map(|step| {
            let trigger = run.get(usize::try_from(step.after_misses).ok()?.checked_sub(1)?)?;
            Some(consequence(agreement, obligation, who, step, trigger))
        })
        .collect();
    Some(Flag {
        obligation: obligation.id.clone(),
        owner,
        owner_name,
        owners,
        responsibility,
        consecutive_misses: misses,
        since: first.period,
        clause,
        explanation,
        evidence: run.to_vec(),
        consequences,
    })
}

fn consequence(
    agreement: &Agreement,
    obligation: &Obligation,
    who: Answering,
    step: &crate::model::Step,
    trigger: &PeriodAssessment,
) -> Consequence {
    let end = trigger.period.end_date();
    let due = |within: &Option<Deadline>| within.and_then(|d| after(end, d));
    let due_words = |date: Option<Date>| date.map_or(String::new(), |d| format!(" by {d}"));
    let name = |r: &Ref| format!("`{}` ({})", r.name, full_name(agreement, r));
    // The one who acts when the step names nobody: the owner, or every
    // joint owner.
    let (default_id, default_words) = match who {
        Answering::Owner(place) => match obligation.owners.get(place) {
            Some(owner) => (owner.name.clone(), name(owner)),
            None => (Name::new(AREA), String::new()),
        },
        Answering::Jointly | Answering::ByCategory => (
            Name::new(AREA),
            format!(
                "the joint owners ({})",
                joint_names(agreement, &obligation.owners)
            ),
        ),
    };
    let mut out = Consequence::of(step, trigger.period);
    match &step.action {
        Action::Escalate { to, within } => {
            out.action = "escalate";
            out.to = Some(to.name.clone());
            out.due_by = due(within);
            out.description = format!("escalate to {}{}", name(to), due_words(out.due_by));
        }
        Action::RecoveryPlan { from, to, within } => {
            out.action = "recovery_plan";
            let author = match from {
                Some(from) => {
                    out.from = Some(from.name.clone());
                    name(from)
                }
                None => {
                    out.from = Some(default_id.clone());
                    out.defaults.push("from");
                    default_words.clone()
                }
            };
            out.to = to.as_ref().map(|t| t.name.clone());
            out.due_by = due(within);
            out.description = format!(
                "a recovery plan from {author}{}{}",
                to.as_ref()
                    .map_or(String::new(), |t| format!(" to {}", name(t))),
                due_words(out.due_by)
            );
        }
        Action::Withhold {
            amount,
            from,
            terms,
        } => {
            out.action = "withhold";
            let stake = money_at_stake(agreement, obligation, who, amount, from, terms, trigger);
            out.shares = category_shares(who, from, stake.amount, trigger);
            let payer = payer_words(from, &default_words, &name, &out.shares);
            out.from = Some(from.as_ref().map_or(default_id.clone(), |f| f.name.clone()));
            out.to = terms.to.as_ref().map(|t| t.name.clone());
            out.due_by = due(&terms.within);
            out.amount = stake.amount;
            out.applies_to = stake.base;
            out.year = Some(stake.year);
            out.defaults = defaults(from.is_none(), terms.to.is_none(), terms);
            out.description = format!(
                "withhold {} from {payer}{}, of {} money{}",
                stake.words,
                terms
                    .to
                    .as_ref()
                    .map_or(String::new(), |t| format!(" to {}", name(t))),
                year_words(stake.year, terms.year.is_none()),
                deadline_words(out.due_by)
            );
        }
        Action::Clawback {
            up_to,
            amount,
            by,
            from,
            terms,
        } => {
            out.action = "clawback";
            out.up_to = *up_to;
            let stake = money_at_stake(agreement, obligation, who, amount, from, terms, trigger);
            out.shares = category_shares(who, from, stake.amount, trigger);
            let payer = payer_words(from, &default_words, &name, &out.shares);
            out.from = Some(from.as_ref().map_or(default_id.clone(), |f| f.name.clone()));
            out.by = by.as_ref().map(|b| b.name.clone());
            out.to = out.by.clone();
            out.due_by = due(&terms.within);
            out.amount = stake.amount;
            out.applies_to = stake.base;
            out.year = Some(stake.year);
            out.defaults = defaults(from.is_none(), by.is_none(), terms);
            out.description = format!(
                "clawback of {}{}{} from {payer}, of {} money{}",
                if *up_to { "up to " } else { "" },
                stake.words,
                by.as_ref()
                    .map_or(String::new(), |b| format!(" by {}", name(b))),
                year_words(stake.year, terms.year.is_none()),
                deadline_words(out.due_by)
            );
        }
        Action::ReduceAllocation { grant, by } => {
            super::cut::allocation_cut(agreement, grant, *by, trigger.period, &mut out);
        }
        Action::DisputeResolution => {
            out.action = "dispute_resolution";
            out.description = "referral to dispute resolution".to_owned();
        }
    }
    out
}

/// Which facts of money moved are the tool's defaults.
fn defaults(no_payer: bool, no_receiver: bool, terms: &MoneyTerms) -> Vec<&'static str> {
    let mut list = Vec::new();
    if no_payer {
        list.push("from");
    }
    if no_receiver {
        list.push("to");
    }
    if terms.year.is_none() {
        list.push("year");
    }
    if terms.within.is_none() {
        list.push("due_by");
    }
    list
}

fn payer_words(
    from: &Option<Ref>,
    default: &str,
    name: &dyn Fn(&Ref) -> String,
    shares: &[PartnerShare],
) -> String {
    match from {
        Some(from) => name(from),
        None if !shares.is_empty() => {
            let parts: Vec<String> = shares
                .iter()
                .map(|s| format!("`{}` {}", s.partner, s.amount))
                .collect();
            format!(
                "{default}, by their parts of the figure missed ({}; the agreement names no payer)",
                parts.join(", ")
            )
        }
        None => format!("{default} (the agreement names no payer: the owner pays)"),
    }
}

/// An amount the owners of an obligation attributed by category pay when
/// the step names no payer: split by their parts of the figure that
/// triggered it, to the penny.
fn category_shares(
    who: Answering,
    from: &Option<Ref>,
    amount: Option<Money>,
    trigger: &PeriodAssessment,
) -> Vec<PartnerShare> {
    let (Answering::ByCategory, None, Some(amount)) = (who, from, amount) else {
        return Vec::new();
    };
    let weights: Vec<Decimal> = trigger.parts.iter().map(|p| p.value).collect();
    let Some(split) = amount.split(&weights) else {
        return Vec::new();
    };
    trigger
        .parts
        .iter()
        .zip(split)
        .map(|(part, amount)| PartnerShare {
            partner: part.owner.clone(),
            amount,
        })
        .collect()
}

fn year_words(year: FinancialYear, default: bool) -> String {
    if default {
        format!("{year}'s (the year of the miss, as the agreement does not say)")
    } else {
        format!("{year}'s")
    }
}

fn deadline_words(due: Option<Date>) -> String {
    due.map_or_else(
        || "; the agreement sets no date".to_owned(),
        |d| format!(", by {d}"),
    )
}

/// Money a step puts at stake.
pub struct Stake {
    /// The amount, when it can be worked out.
    pub amount: Option<Money>,
    /// What it is taken from, in [`Stake::year`].
    pub base: Option<Money>,
    /// Which year's money.
    pub year: FinancialYear,
    /// Both in words.
    pub words: String,
}

/// The money a step puts at stake when `who` misses at `trigger`: the
/// amount in the year the step says (the year of the miss unless `in the
/// next year`), and what it is taken from. An owner with an attributed
/// part that pays itself pays its part; a party the step names pays the
/// whole amount, once.
pub fn money_at_stake(
    agreement: &Agreement,
    obligation: &Obligation,
    who: Answering,
    amount: &crate::model::Amount,
    from: &Option<Ref>,
    terms: &MoneyTerms,
    trigger: &PeriodAssessment,
) -> Stake {
    let year = match terms.year {
        Some(MoneyYear::Next) => trigger.period.year().next(),
        _ => trigger.period.year(),
    };
    let base = amount
        .of
        .as_deref()
        .and_then(|of| base_amount(agreement, of, year));
    let of_words = amount.of.as_deref().map_or(String::new(), |of| match of {
        AmountOf::Fund(fund) => format!("`{}` in {year}", fund.name),
        AmountOf::Contribution { partner, to } => format!(
            "`{}`'s contribution{} in {year}",
            partner.name,
            to.as_ref()
                .map_or(String::new(), |t| format!(" to `{}`", t.name))
        ),
    });
    let whole = match (amount.figure, base) {
        (Figure::Percent(p), Some(base)) => base.percent_of(p).map(|m| m.min(base)),
        (Figure::Percent(_), None) => None,
        (Figure::Money(m), Some(base)) => Some(m.min(base)),
        (Figure::Money(m), None) => Some(m),
    };
    let figure_words = match amount.figure {
        Figure::Percent(p) => format!("{}%", p.normalize()),
        Figure::Money(m) => m.to_string(),
    };
    let described = match (base, amount.of.as_deref()) {
        (Some(base), Some(_)) => format!("{figure_words} of {of_words}, {base}"),
        _ => figure_words,
    };
    let Some(whole) = whole else {
        return Stake {
            amount: None,
            base,
            year,
            words: format!("{described} (the amount cannot be worked out for {year})"),
        };
    };
    // An owner with an attributed part pays its part of what it pays
    // itself; a named payer pays the whole.
    if let (Answering::Owner(place), None, true) = (who, from, obligation.owners.len() > 1) {
        let shares = attribution(obligation);
        let part = whole
            .split(&shares)
            .and_then(|parts| parts.get(place).copied());
        let share = shares
            .get(place)
            .copied()
            .unwrap_or(Decimal::ZERO)
            .round_dp(4)
            .normalize();
        return match part {
            Some(part) => Stake {
                amount: Some(part),
                base,
                year,
                words: format!("{part} (its {share}% part of {whole}: {described})"),
            },
            None => Stake {
                amount: None,
                base,
                year,
                words: described,
            },
        };
    }
    Stake {
        amount: Some(whole),
        base,
        year,
        words: format!("{whole} ({described})"),
    }
}

/// What an amount is taken from in a year: a pool's budget, a grant, or a
/// partner's contribution (to one pool, or to all).
pub fn base_amount(agreement: &Agreement, of: &AmountOf, year: FinancialYear) -> Option<Money> {
    match of {
        AmountOf::Fund(fund) => match fund.kind {
            Kind::Pool | Kind::Aligned => {
                let pool = agreement.pools.get(fund.index)?;
                if super::settle::not_known(pool, year).is_some() {
                    return None;
                }
                super::settle::budget(pool, year)
            }
            Kind::Grant => agreement
                .pools
                .iter()
                .flat_map(|p| &p.grants)
                .find(|g| g.id == fund.name)
                .map(|g| {
                    Money::sum(
                        g.amounts
                            .iter()
                            .filter(|(y, _)| y.value == year)
                            .map(|(_, m)| m.value),
                    )
                })?,
            _ => None,
        },
        AmountOf::Contribution { partner, to } => {
            let entries: Vec<_> = agreement
                .pools
                .iter()
                .enumerate()
                .filter(|(index, _)| to.as_ref().is_none_or(|t| t.index == *index))
                .filter_map(|(_, pool)| pool.year(year))
                .flat_map(|y| &y.entries)
                .filter(|e| e.partner.index == partner.index)
                .collect();
            // A figure notified later and not supplied: no amount to take
            // a part of.
            if entries.iter().any(|e| !e.known()) {
                return None;
            }
            Money::sum(entries.iter().map(|e| e.amount.value))
        }
    }
}

/// A value for people: money as money, a percentage with `%`, at most 4
/// decimal places.
pub fn value_text(value: Decimal, unit: Option<Unit>) -> String {
    Shown(value, unit).to_string()
}

/// A value for people, written where it goes: the text of [`value_text`].
#[derive(Debug, Clone, Copy)]
pub struct Shown(pub Decimal, pub Option<Unit>);

impl std::fmt::Display for Shown {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let value = self.0.round_dp(4).normalize();
        match self.1 {
            Some(Unit::Percent) => write!(f, "{value}%"),
            Some(Unit::Pounds) => {
                let pence = value.checked_mul(Decimal::ONE_HUNDRED).map(|p| p.round());
                match pence.and_then(|p| i64::try_from(p).ok()) {
                    Some(p) => write!(f, "{}", Money::from_pence(p)),
                    None => write!(f, "£{value}"),
                }
            }
            _ => write!(f, "{value}"),
        }
    }
}
