//! W0311: a risk reserve no larger than the pool it serves (domain rule 15).

use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::model::{Agreement, CascadeStep, Pool};
use crate::money::Money;
use crate::period::FinancialYear;

pub(super) fn check(agreement: &Agreement, diagnostics: &mut Diagnostics) {
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
                CascadeStep::Share { .. } => None,
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
