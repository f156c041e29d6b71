//! An allocation cut: on a miss, the body paying a grant cuts the grant's
//! allocation for the next year (the 2017 improved Better Care Fund grant
//! letters reserved the right to reduce the published allocation). It is
//! money never paid, not money clawed back: it is reported as
//! `allocation_cut`, its amount worked out against the grant's allocation
//! for the year after the miss, and never counted with clawbacks or
//! withholdings.

use super::assessment::Consequence;
use crate::model::{Agreement, Figure, Ref};
use crate::money::Money;

/// Fills `out` for a cut of `grant`'s next allocation by `by`, after the
/// miss (or breach) of the period `trigger`.
pub fn allocation_cut(
    agreement: &Agreement,
    grant: &Ref,
    by: Figure,
    trigger: crate::period::Period,
    out: &mut Consequence,
) {
    out.action = "allocation_cut";
    let year = trigger.year().next();
    out.year = Some(year);
    let found = agreement
        .pools
        .get(grant.index)
        .and_then(|p| p.grants.iter().find(|g| g.id == grant.name));
    let payer = found.map(|g| g.from.name.clone());
    out.by = payer.clone();
    out.to = found.map(|g| g.through.name.clone());
    let name = found.map_or_else(|| grant.name.to_string(), |g| g.name.to_string());
    let allocation = found.and_then(|g| g.amount_in(year));
    out.applies_to = allocation;
    let (amount, words) = match (by, allocation) {
        (Figure::Money(m), Some(whole)) => {
            let cut = m.min(whole);
            let note = if m > whole {
                format!(" (the {m} written is more than the allocation: cut to the whole of it)")
            } else {
                String::new()
            };
            (Some(cut), format!("{cut} of its {whole}{note}"))
        }
        (Figure::Money(m), None) => (
            Some(m),
            format!("{m} (the agreement gives no allocation for {year} to check it against)"),
        ),
        (Figure::Percent(p), Some(whole)) => {
            let cut = whole.percent_of(p).unwrap_or(Money::ZERO);
            (
                Some(cut),
                format!("{}% of its {whole}, {cut}", p.normalize()),
            )
        }
        (Figure::Percent(p), None) => (
            None,
            format!(
                "{}% (the agreement gives no allocation for {year}, so the amount cannot be worked out)",
                p.normalize()
            ),
        ),
    };
    out.amount = amount;
    out.description = format!(
        "a cut in the {year} allocation of `{}` ({name}) by {words}{}: money not paid, not a clawback",
        grant.name,
        payer.map_or_else(String::new, |p| format!(", by `{p}`"))
    );
}
