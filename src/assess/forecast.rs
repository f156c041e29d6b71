//! What a board's finance report shows of each pool, period by period (the
//! plan, the forecast outturn, the actual to date and the variance of the
//! forecast from the year's budget), and the forecast triggers: each run
//! of consecutive periods whose forecast strays from the budget, either
//! way, by more than the pool's threshold climbs the pool manager's
//! ladder, as consecutive misses climb an obligation's.

use rust_decimal::Decimal;
use serde::Serialize;

use super::assessment::Consequence;
use super::catalogue::{Catalogue, SLOTS_PER_YEAR};
use super::monitor::{figure, Measure};
use super::table::{place_of, Table};
use super::terms::{after, full_name};
use crate::model::{Action, Agreement, Figure, Pool, PoolKind, Ref, Step};
use crate::money::Money;
use crate::period::Period;
use crate::syntax::ast::Threshold;

/// One pool's monitoring, period by period.
#[derive(Debug, Clone, Serialize)]
pub struct PoolMonitoring {
    /// The pool.
    pub pool: crate::model::Name,
    /// Its name.
    pub pool_name: String,
    /// The scheme of the pool these figures are of, if they are a scheme's.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scheme: Option<crate::model::Name>,
    /// How far a forecast may stray before the ladder is climbed, as
    /// written (`2%`, `£250,000`), when the agreement says.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub threshold: Option<String>,
    /// Each period reported, in order (a year's months or quarters, then
    /// the year itself when its outturn or plan is reported).
    pub periods: Vec<MonitoredPeriod>,
}

/// One period of a pool's monitoring.
#[derive(Debug, Clone, Serialize)]
pub struct MonitoredPeriod {
    /// The period (as at which the forecast is made).
    pub period: Period,
    /// The year's budget: contributions and grants.
    pub budget: Option<Money>,
    /// The plan: the budget for the year to date (or the year).
    pub plan: Option<Money>,
    /// The forecast outturn for the year.
    pub forecast: Option<Money>,
    /// Spent to date (for the year, the outturn).
    pub actual: Option<Money>,
    /// The forecast less the budget (for the year, or its last month or
    /// quarter without a forecast, the actual outturn less the budget):
    /// above zero an overspend, below an underspend.
    pub variance: Option<Money>,
    /// The actual to date less the plan to date.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub variance_to_plan: Option<Money>,
    /// Whether the forecast strays from the budget by more than the
    /// pool's threshold.
    pub breach: bool,
    /// The notes of its rows, plan, forecast, actual in that order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    /// The row of the forecast (`file:line`), if one was reported.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub forecast_row: Option<String>,
    /// The rows the figures came from (`file:line`), plan, forecast,
    /// actual in that order, for those reported.
    pub rows: Vec<String>,
}

/// A run of consecutive periods whose forecast breached the threshold.
#[derive(Debug, Clone, Serialize)]
pub struct ForecastFlag {
    /// The pool.
    pub pool: crate::model::Name,
    /// Its name.
    pub pool_name: String,
    /// The threshold, as written.
    pub threshold: String,
    /// Breaches in a row.
    pub consecutive_breaches: u32,
    /// The first breach of the run.
    pub since: Period,
    /// The trigger in plain English.
    pub explanation: String,
    /// The periods of the run, with their rows.
    pub evidence: Vec<MonitoredPeriod>,
    /// The steps of the pool manager's ladder due, in order.
    pub consequences: Vec<Consequence>,
}

/// The threshold as written.
pub fn threshold_words(threshold: Threshold) -> String {
    crate::check::forecast::threshold_words(threshold)
}

/// Whether `variance` of a year with `budget` is beyond `threshold`:
/// compared exactly, never on a rounded amount.
pub fn beyond(threshold: Threshold, variance: Money, budget: Money) -> bool {
    let off = variance.abs();
    match threshold {
        Threshold::Money(limit) => off > limit,
        Threshold::Percent(percent) => {
            let off = Decimal::from(off.pence()).checked_mul(Decimal::ONE_HUNDRED);
            let allowed = Decimal::from(budget.pence().abs()).checked_mul(percent);
            matches!((off, allowed), (Some(off), Some(allowed)) if off > allowed)
        }
    }
}

/// The monitoring of every pooled fund with a figure reported, and the
/// triggers of those with a threshold, as of `as_of`.
pub fn assess(
    agreement: &Agreement,
    catalogue: &Catalogue,
    table: &Table,
    as_of: Period,
) -> (Vec<PoolMonitoring>, Vec<ForecastFlag>) {
    let mut monitoring = Vec::new();
    let mut flags = Vec::new();
    for (index, pool) in agreement.pools.iter().enumerate() {
        if pool.kind != PoolKind::Pooled {
            continue;
        }
        let periods = periods_of(pool, catalogue, table, (index, None), as_of);
        if periods.is_empty() {
            continue;
        }
        if let Some(trigger) = &pool.on_forecast {
            flags.extend(runs(agreement, pool, trigger, &periods));
        }
        monitoring.push(PoolMonitoring {
            pool: pool.id.clone(),
            pool_name: pool.name.to_string(),
            scheme: None,
            threshold: pool
                .on_forecast
                .as_ref()
                .map(|t| threshold_words(t.threshold)),
            periods,
        });
    }
    // Schemes are monitored against their plans; the pool's trigger is the
    // pool's, so a scheme's figures are shown, never judged.
    for fund in agreement.pools.len()..catalogue.funds() {
        let Some((index, k)) = catalogue.scheme_of(fund) else {
            continue;
        };
        let Some(pool) = agreement.pools.get(index) else {
            continue;
        };
        let Some(scheme) = pool.schemes.get(k) else {
            continue;
        };
        let periods = periods_of(pool, catalogue, table, (fund, Some(scheme)), as_of);
        if periods.is_empty() {
            continue;
        }
        monitoring.push(PoolMonitoring {
            pool: pool.id.clone(),
            pool_name: pool.name.to_string(),
            scheme: Some(scheme.id.clone()),
            threshold: None,
            periods,
        });
    }
    (monitoring, flags)
}

/// The periods of a pool with a plan, forecast or actual reported (the
/// year's row only when it has a plan, or an outturn and in-year figures).
fn periods_of(
    pool: &Pool,
    catalogue: &Catalogue,
    table: &Table,
    (index, scheme): (usize, Option<&crate::model::Scheme>),
    as_of: Period,
) -> Vec<MonitoredPeriod> {
    let mut out = Vec::new();
    for year_offset in 0..catalogue.years {
        let start = year_offset * SLOTS_PER_YEAR;
        let first = out.len();
        for slot in (start + 1..start + SLOTS_PER_YEAR).chain([start]) {
            let period = catalogue.period_of(slot);
            if period.ends_after(as_of) {
                continue;
            }
            let [plan, forecast, actual] = [Measure::Plan, Measure::Forecast, Measure::Actual]
                .map(|m| figure(table, catalogue, index, slot, m));
            let in_year = out.len() > first;
            let year = slot == start;
            if plan.is_none() && forecast.is_none() && (actual.is_none() || (year && !in_year)) {
                continue;
            }
            // A scheme's budget is its plan for the year.
            let budget = match scheme {
                Some(scheme) => scheme.plan(period.year()),
                None => super::settle::budget(pool, period.year()),
            };
            // The year's outturn, or the actual to date at its last month
            // or quarter, is judged when no forecast is made for it.
            let year_end = year || slot == start + 4 || slot == start + SLOTS_PER_YEAR - 1;
            let judged = forecast.filter(|_| !year).or(actual.filter(|_| year_end));
            let variance = match (judged, budget) {
                (Some(j), Some(b)) => j.amount.checked_sub(b),
                _ => None,
            };
            let breach = match (&pool.on_forecast, forecast, variance, budget) {
                (Some(trigger), Some(_), Some(v), Some(b)) if !year && scheme.is_none() => {
                    beyond(trigger.threshold, v, b)
                }
                _ => false,
            };
            let variance_to_plan = match (actual, plan) {
                (Some(a), Some(p)) => a.amount.checked_sub(p.amount),
                _ => None,
            };
            out.push(MonitoredPeriod {
                period,
                budget,
                plan: plan.map(|s| s.amount),
                forecast: forecast.map(|s| s.amount),
                actual: actual.map(|s| s.amount),
                variance,
                variance_to_plan,
                breach,
                notes: [Measure::Plan, Measure::Forecast, Measure::Actual]
                    .into_iter()
                    .filter_map(|m| super::monitor::note(table, catalogue, index, slot, m))
                    .map(str::to_owned)
                    .collect(),
                forecast_row: forecast.map(|s| place_of(&table.paths, s.row)),
                rows: [plan, forecast, actual]
                    .into_iter()
                    .flatten()
                    .map(|s| place_of(&table.paths, s.row))
                    .collect(),
            });
        }
    }
    out
}

/// Each run of consecutive breaching forecasts. A forecast within the
/// threshold ends a run; a period without a forecast (or the year's own
/// row) neither ends nor extends it.
fn runs(
    agreement: &Agreement,
    pool: &Pool,
    trigger: &crate::model::ForecastTrigger,
    periods: &[MonitoredPeriod],
) -> Vec<ForecastFlag> {
    let mut flags = Vec::new();
    let mut run: Vec<&MonitoredPeriod> = Vec::new();
    let forecasts = periods
        .iter()
        .filter(|p| p.forecast.is_some() && !matches!(p.period, Period::Year(_)));
    for period in forecasts {
        if period.breach {
            run.push(period);
        } else if !run.is_empty() {
            flags.push(flag(agreement, pool, trigger, &run));
            run.clear();
        }
    }
    if !run.is_empty() {
        flags.push(flag(agreement, pool, trigger, &run));
    }
    flags
}

fn flag(
    agreement: &Agreement,
    pool: &Pool,
    trigger: &crate::model::ForecastTrigger,
    run: &[&MonitoredPeriod],
) -> ForecastFlag {
    let threshold = threshold_words(trigger.threshold);
    let breaches = u32::try_from(run.len()).unwrap_or(u32::MAX);
    let since = run.first().map_or(
        Period::Year(crate::period::FinancialYear::starting(2000)),
        |p| p.period,
    );
    let evidence: Vec<String> = run
        .iter()
        .map(|p| {
            let money = |m: Option<Money>| m.map_or("none".to_owned(), |m| m.to_string());
            let variance = p.variance.unwrap_or(Money::ZERO);
            let side = if variance.is_negative() {
                "underspend"
            } else {
                "overspend"
            };
            format!(
                "{}: forecast outturn {} against the year's budget of {}, a forecast {side} of {} ({}){}",
                p.period,
                money(p.forecast),
                money(p.budget),
                variance.abs(),
                p.forecast_row.as_deref().unwrap_or("no row"),
                if p.notes.is_empty() {
                    String::new()
                } else {
                    format!(", noted \"{}\"", p.notes.join("\"; \""))
                }
            )
        })
        .collect();
    let explanation = format!(
        "The forecast outturn of `{}`, \"{}\", strays from the year's budget by more than {threshold} {}: {}.",
        pool.id,
        pool.name,
        if breaches == 1 {
            format!("in {since}")
        } else {
            format!("{breaches} times in a row since {since}")
        },
        evidence.join("; ")
    );
    let mut ladder: Vec<&Step> = trigger.ladder.iter().collect();
    ladder.sort_by_key(|s| s.after_misses);
    let consequences = ladder
        .into_iter()
        .filter(|s| s.after_misses >= 1 && s.after_misses <= breaches)
        .filter_map(|step| {
            let at = run.get(usize::try_from(step.after_misses).ok()?.checked_sub(1)?)?;
            Some(consequence(agreement, pool, step, at))
        })
        .collect();
    ForecastFlag {
        pool: pool.id.clone(),
        pool_name: pool.name.to_string(),
        threshold,
        consecutive_breaches: breaches,
        since,
        explanation,
        evidence: run.iter().map(|p| (*p).clone()).collect(),
        consequences,
    }
}

/// A step of the pool manager's ladder, due after the breach at `at`.
fn consequence(
    agreement: &Agreement,
    pool: &Pool,
    step: &Step,
    at: &MonitoredPeriod,
) -> Consequence {
    let end = at.period.end_date();
    let due = |within: &Option<crate::model::Deadline>| within.and_then(|d| after(end, d));
    let by_words =
        |date: Option<crate::period::Date>| date.map_or(String::new(), |d| format!(" by {d}"));
    let name = |r: &Ref| format!("`{}` ({})", r.name, full_name(agreement, r));
    // Who acts when the step names nobody: the pool manager's employer,
    // else the host.
    let manager = pool
        .manager
        .as_ref()
        .and_then(|m| m.of.as_ref())
        .or(pool.host.as_ref());
    let mut out = Consequence::of(step, at.period);
    match &step.action {
        Action::ReduceAllocation { grant, by } => {
            super::cut::allocation_cut(agreement, grant, *by, at.period, &mut out);
        }
        Action::Escalate { to, within } => {
            out.action = "escalate";
            out.to = Some(to.name.clone());
            out.due_by = due(within);
            out.description = format!("escalate to {}{}", name(to), by_words(out.due_by));
        }
        Action::RecoveryPlan { from, to, within } => {
            out.action = "recovery_plan";
            let author = match (from, manager) {
                (Some(from), _) => {
                    out.from = Some(from.name.clone());
                    name(from)
                }
                (None, Some(m)) => {
                    out.from = Some(m.name.clone());
                    out.defaults.push("from");
                    format!("the pool manager's employer, {}", name(m))
                }
                (None, None) => "the pool manager".to_owned(),
            };
            out.to = to.as_ref().map(|t| t.name.clone());
            out.due_by = due(within);
            out.description = format!(
                "a recovery plan from {author}{}{}",
                to.as_ref()
                    .map_or(String::new(), |t| format!(" to {}", name(t))),
                by_words(out.due_by)
            );
        }
        Action::Withhold {
            amount,
            from,
            terms,
        } => {
            out.action = "withhold";
            out.from = from.as_ref().or(manager).map(|f| f.name.clone());
            out.to = terms.to.as_ref().map(|t| t.name.clone());
            out.due_by = due(&terms.within);
            out.amount = sum_of(amount.figure, at.budget);
            out.year = Some(at.period.year());
            out.description = format!(
                "withhold {}{}{}",
                out.amount
                    .map_or("the amount the agreement says".to_owned(), |m| m
                        .to_string()),
                from.as_ref()
                    .map_or(String::new(), |f| format!(" from {}", name(f))),
                by_words(out.due_by)
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
            out.from = from.as_ref().or(manager).map(|f| f.name.clone());
            out.by = by.as_ref().map(|b| b.name.clone());
            out.to = out.by.clone();
            out.due_by = due(&terms.within);
            out.amount = sum_of(amount.figure, at.budget);
            out.year = Some(at.period.year());
            out.description = format!(
                "clawback of {}{}{}",
                if *up_to { "up to " } else { "" },
                out.amount
                    .map_or("the amount the agreement says".to_owned(), |m| m
                        .to_string()),
                by_words(out.due_by)
            );
        }
        Action::DisputeResolution => {
            out.action = "dispute_resolution";
            out.description = "referral to dispute resolution".to_owned();
        }
    }
    out
}

/// A sum, or a percentage of the year's budget, rounded down to the penny.
fn sum_of(figure: Figure, budget: Option<Money>) -> Option<Money> {
    match figure {
        Figure::Money(money) => Some(money),
        Figure::Percent(percent) => budget?.percent_of(percent),
    }
}
