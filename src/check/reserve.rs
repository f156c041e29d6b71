//! Risk reserves: W0311, a reserve no larger than the pools it serves
//! (domain rule 15); for named reserves, E0304 (the funders' shares),
//! E0313 (drawn on only by the pools it serves) and W0313 (drawn on at
//! all).

use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::model::{Agreement, CascadeStep, Pool};
use crate::money::Money;
use crate::period::FinancialYear;

pub(super) fn check(agreement: &Agreement, diagnostics: &mut Diagnostics) {
    named(agreement, diagnostics);
    let Some(term) = &agreement.term else {
        return;
    };
    for pool in &agreement.pools {
        // A pool with an unreadable line may have lost a year's money.
        if pool.damaged {
            continue;
        }
        let mut smallest: Option<(FinancialYear, Money)> = None;
        let mut reserves = [&pool.overspend, &pool.underspend]
            .into_iter()
            .flatten()
            .flat_map(|rule| &rule.cascade)
            .filter_map(|step| match step {
                CascadeStep::Reserve { amount, span } => Some((*amount, *span)),
                _ => None,
            })
            .peekable();
        if reserves.peek().is_none() {
            continue;
        }
        // Years without contributions are E0301's; a sum too large is E0018's.
        // A year with a figure notified later is not known yet.
        for year in term
            .years()
            .filter(|y| pool.year(*y).is_some_and(|t| t.known()))
        {
            let Some(budget) = super::money::received(pool, year) else {
                return;
            };
            if smallest.is_none_or(|(_, least)| budget < least) {
                smallest = Some((year, budget));
            }
        }
        let Some((year, budget)) = smallest else {
            continue;
        };
        for (amount, span) in reserves {
            if amount > budget {
                diagnostics.push(too_large(pool, amount, span, year, budget));
            }
        }
    }
}

fn too_large(
    pool: &Pool,
    amount: Money,
    span: crate::source::Span,
    year: FinancialYear,
    budget: Money,
) -> Diagnostic {
    Diagnostic::new(
        Code::ReserveLargerThanPool,
        span,
        format!(
            "the risk reserve of {amount} is larger than `{}`, which has {budget} in {year}",
            pool.id
        ),
    )
    .label(format!("more than the pool's {budget} in {year}"))
    .with_secondary(pool.span, "the pool")
    .help("a reserve covers part of an overspend of the pool: make it no larger than the pool's smallest year, or look for the wrong suffix (`bn` for `m`)")
}

/// The smallest year's budget of a pool over the term, if it has any.
fn smallest_year(agreement: &Agreement, pool: &Pool) -> Option<(FinancialYear, Money)> {
    let term = agreement.term.as_ref()?;
    let mut smallest: Option<(FinancialYear, Money)> = None;
    for year in term.years().filter(|y| pool.year(*y).is_some()) {
        let budget = super::money::received(pool, year)?;
        if smallest.is_none_or(|(_, least)| budget < least) {
            smallest = Some((year, budget));
        }
    }
    smallest
}

/// The checks of named reserves.
fn named(agreement: &Agreement, diagnostics: &mut Diagnostics) {
    // Which pools draw on each reserve.
    let mut drawn: Vec<bool> = vec![false; agreement.reserves.len()];
    for (index, pool) in agreement.pools.iter().enumerate() {
        let rules = [&pool.overspend, &pool.underspend]
            .into_iter()
            .chain(
                pool.schemes
                    .iter()
                    .flat_map(|s| [&s.overspend, &s.underspend]),
            )
            .flatten();
        for step in rules.flat_map(|rule| &rule.cascade) {
            let CascadeStep::NamedReserve { reserve, .. } = step else {
                continue;
            };
            if let Some(seen) = drawn.get_mut(reserve.index) {
                *seen = true;
            }
            let Some(found) = agreement.reserves.get(reserve.index) else {
                continue;
            };
            if found.damaged || found.serves.iter().any(|p| p.index == index) {
                continue;
            }
            diagnostics.push(
                Diagnostic::new(
                    Code::ReserveNotServing,
                    reserve.span,
                    format!(
                        "`{}` draws on `{}`, which does not serve it",
                        pool.id, reserve.name
                    ),
                )
                .label("not one of the reserve's pools")
                .with_secondary(found.span, "the reserve")
                .help(format!(
                    "add `{}` to the reserve's `serves` line, or draw on another reserve",
                    pool.id
                )),
            );
        }
    }
    for (reserve, drawn) in agreement.reserves.iter().zip(drawn) {
        super::money::shares_add_up(
            &reserve.funded_by,
            &format!("the shares funding `{}`", reserve.id),
            diagnostics,
        );
        if !drawn && !reserve.damaged {
            diagnostics.push(
                Diagnostic::new(
                    Code::ReserveUnused,
                    reserve.span,
                    format!("no overspend cascade draws on `{}`", reserve.id),
                )
                .label("never drawn on")
                .help(format!(
                    "write `first from reserve {}` in the overspend cascades of the pools it serves, or remove it",
                    reserve.id
                )),
            );
        }
        let Some(amount) = reserve.amount else {
            continue;
        };
        let pools: Vec<&Pool> = reserve
            .serves
            .iter()
            .filter_map(|p| agreement.pools.get(p.index))
            .collect();
        if pools.is_empty() || pools.iter().any(|p| p.damaged) {
            continue;
        }
        let mut together = Money::ZERO;
        let mut each = Vec::new();
        for pool in &pools {
            let Some((year, budget)) = smallest_year(agreement, pool) else {
                continue;
            };
            together = together.checked_add(budget).unwrap_or(together);
            each.push(format!("`{}` {budget} in {year}", pool.id));
        }
        if each.is_empty() || amount.value <= together {
            continue;
        }
        diagnostics.push(
            Diagnostic::new(
                Code::ReserveLargerThanPool,
                amount.span,
                format!(
                    "risk reserve `{}` of {} is larger than the pools it serves: {}",
                    reserve.id,
                    amount.value,
                    each.join(", ")
                ),
            )
            .label(format!("more than {together}"))
            .with_secondary(reserve.span, "the reserve")
            .help("a reserve covers part of the overspends of its pools: make it no larger than their smallest years together, or look for the wrong suffix (`bn` for `m`)"),
        );
    }
}
