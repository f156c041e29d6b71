//! Flags and the ladder of consequences.
//!
//! An owner is underperforming on an obligation when its run of misses up
//! to the as-of period (periods not reported are passed over: they neither
//! continue nor end a run) is at least the agreement's `flag after N
//! consecutive misses` (one when not written). From then, every rung of the
//! `on miss` ladder up to the length of the run is due, in order, each
//! dated from the end of the miss that reached it. An amount is worked out
//! exactly for the year of that miss, never more than what it is taken from,
//! and an owner of a jointly owned obligation answers for its attributed
//! part of it.

use rust_decimal::Decimal;

use super::assessment::{Consequence, Flag, PeriodAssessment};
pub use super::terms::full_name;
use super::terms::{attribution, direction};
use crate::model::{Action, Agreement, AmountOf, Deadline, Figure, Kind, Obligation, Ref, Unit};
use crate::money::Money;
use crate::period::{Date, FinancialYear};
use crate::syntax::ast::{Bound, TimeUnit};

/// The flag of owner `place` of `obligation`, if its run of misses makes
/// it underperforming.
pub fn flag(
    agreement: &Agreement,
    obligation: &Obligation,
    place: usize,
    run: &[PeriodAssessment],
) -> Option<Flag> {
    let threshold = obligation.flag_after.map_or(1, |f| f.value);
    let misses = u32::try_from(run.len()).unwrap_or(u32::MAX);
    if misses < threshold || misses == 0 {
        return None;
    }
    let owner = obligation.owners.get(place)?;
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
                "{}: {} against {} expected ({} by more than the tolerance of {}; {})",
                p.period,
                p.actual.map_or("no figure".to_owned(), show),
                show(p.expected),
                worse,
                show_band(p.tolerance),
                p.row.as_deref().unwrap_or("no row")
            )
        })
        .collect();
    let clause = obligation.clause.clone();
    let rule = if threshold == 1 {
        "a miss makes an owner underperforming".to_owned()
    } else {
        format!("the agreement flags an owner after {threshold} consecutive misses")
    };
    let explanation = format!(
        "{} (`{}`) is underperforming on `{}`, \"{}\"{}: the metric \"{}\" was missed {} ({rule}). {}.",
        full_name(agreement, owner),
        owner.name,
        obligation.id,
        obligation.name,
        clause.as_ref().map_or(String::new(), |c| format!(" (clause {c})")),
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
    let shares = attribution(obligation);
    let consequences = ladder
        .into_iter()
        .filter(|step| step.after_misses <= misses)
        .filter_map(|step| {
            let trigger = run.get(usize::try_from(step.after_misses).ok()?.checked_sub(1)?)?;
            Some(consequence(
                agreement, obligation, owner, place, &shares, step, trigger,
            ))
        })
        .collect();
    Some(Flag {
        obligation: obligation.id.clone(),
        owner: owner.name.clone(),
        owner_name: full_name(agreement, owner),
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
    owner: &Ref,
    place: usize,
    shares: &[Decimal],
    step: &crate::model::Step,
    trigger: &PeriodAssessment,
) -> Consequence {
    let end = trigger.period.end_date();
    let due = |within: &Option<Deadline>| within.and_then(|d| after(end, d));
    let due_words = |date: Option<Date>| date.map_or(String::new(), |d| format!(" by {d}"));
    let name = |r: &Ref| format!("`{}` ({})", r.name, full_name(agreement, r));
    let stake = |amount| {
        money_at_stake(
            agreement,
            obligation,
            place,
            shares,
            amount,
            trigger.period.year(),
        )
    };
    let mut out = Consequence {
        step: step.after_misses,
        triggered_by: trigger.period,
        action: "",
        description: String::new(),
        to: None,
        from: None,
        by: None,
        due_by: None,
        amount: None,
        up_to: false,
        applies_to: None,
        clause: step.clause.clone(),
    };
    match &step.action {
        Action::Escalate { to, within } => {
            out.action = "escalate";
            out.to = Some(to.name.clone());
            out.due_by = due(within);
            out.description = format!("escalate to {}{}", name(to), due_words(out.due_by));
        }
        Action::RecoveryPlan { from, to, within } => {
            out.action = "recovery_plan";
            let author = from.as_ref().unwrap_or(owner);
            out.from = Some(author.name.clone());
            out.to = to.as_ref().map(|t| t.name.clone());
            out.due_by = due(within);
            out.description = format!(
                "a recovery plan from {}{}{}",
                name(author),
                to.as_ref()
                    .map_or(String::new(), |t| format!(" to {}", name(t))),
                due_words(out.due_by)
            );
        }
        Action::Withhold { amount, from } => {
            out.action = "withhold";
            let payer = from.as_ref().unwrap_or(owner);
            out.from = Some(payer.name.clone());
            let (money, base, words) = stake(amount);
            out.amount = money;
            out.applies_to = base;
            out.description = format!("withhold {words} from {}", name(payer));
        }
        Action::Clawback {
            up_to,
            amount,
            by,
            from,
        } => {
            out.action = "clawback";
            out.up_to = *up_to;
            let payer = from.as_ref().unwrap_or(owner);
            out.from = Some(payer.name.clone());
            out.by = by.as_ref().map(|b| b.name.clone());
            let (money, base, words) = stake(amount);
            out.amount = money;
            out.applies_to = base;
            out.description = format!(
                "clawback of {}{words}{} from {}",
                if *up_to { "up to " } else { "" },
                by.as_ref()
                    .map_or(String::new(), |b| format!(" by {}", name(b))),
                name(payer)
            );
        }
        Action::DisputeResolution => {
            out.action = "dispute_resolution";
            out.description = "referral to dispute resolution".to_owned();
        }
    }
    out
}

/// The day a deadline falls on, counted from `date`; `None` past the last
/// date there is (the checker refuses deadlines that far off).
fn after(date: Date, deadline: Deadline) -> Option<Date> {
    match deadline.unit {
        TimeUnit::Days => date.add_days(deadline.count),
        TimeUnit::Weeks => date.add_days(deadline.count.checked_mul(7)?),
        TimeUnit::Months => date.add_months(deadline.count),
    }
}

/// The money a step puts at stake for owner `place` in `year`: the amount,
/// what it is taken from, and both in words.
fn money_at_stake(
    agreement: &Agreement,
    obligation: &Obligation,
    place: usize,
    shares: &[Decimal],
    amount: &crate::model::Amount,
    year: FinancialYear,
) -> (Option<Money>, Option<Money>, String) {
    let base = amount
        .of
        .as_ref()
        .and_then(|of| base_amount(agreement, of, year));
    let of_words = amount.of.as_ref().map_or(String::new(), |of| match of {
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
    let described = match (base, &amount.of) {
        (Some(base), Some(_)) => format!("{figure_words} of {of_words}, {base}"),
        _ => figure_words,
    };
    let Some(whole) = whole else {
        return (
            None,
            base,
            format!("{described} (the amount cannot be worked out for {year})"),
        );
    };
    if obligation.owners.len() > 1 {
        let part = whole
            .split(shares)
            .and_then(|parts| parts.get(place).copied());
        let share = shares
            .get(place)
            .copied()
            .unwrap_or(Decimal::ZERO)
            .round_dp(4)
            .normalize();
        return match part {
            Some(part) => (
                Some(part),
                base,
                format!("{part} (its {share}% part of {whole}: {described})"),
            ),
            None => (None, base, described),
        };
    }
    (Some(whole), base, format!("{whole} ({described})"))
}

/// What an amount is taken from in a year: a pool's budget, a grant, or a
/// partner's contribution (to one pool, or to all).
pub fn base_amount(agreement: &Agreement, of: &AmountOf, year: FinancialYear) -> Option<Money> {
    match of {
        AmountOf::Fund(fund) => match fund.kind {
            Kind::Pool | Kind::Aligned => {
                super::settle::budget(agreement.pools.get(fund.index)?, year)
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
        AmountOf::Contribution { partner, to } => Money::sum(
            agreement
                .pools
                .iter()
                .enumerate()
                .filter(|(index, _)| to.as_ref().is_none_or(|t| t.index == *index))
                .filter_map(|(_, pool)| pool.year(year))
                .flat_map(|y| &y.entries)
                .filter(|e| e.partner.index == partner.index)
                .map(|e| e.amount.value),
        ),
    }
}

/// A value for people: money as money, a percentage with `%`, at most 4
/// decimal places.
pub fn value_text(value: Decimal, unit: Option<Unit>) -> String {
    let value = value.round_dp(4).normalize();
    match unit {
        Some(Unit::Percent) => format!("{value}%"),
        Some(Unit::Pounds) => {
            let pence = value.checked_mul(Decimal::ONE_HUNDRED).map(|p| p.round());
            pence
                .and_then(|p| i64::try_from(p).ok())
                .map_or(format!("£{value}"), |p| Money::from_pence(p).to_string())
        }
        _ => value.to_string(),
    }
}
