//! Contributions defined by formula, in words: how each uplifted figure was
//! computed, and which figures are notified later.

use super::context::Context;
use super::document::Sentence;
use crate::model::{Formula, Pool};
use crate::money::Money;

/// One sentence for each contribution of `pool` found by a formula, in year
/// order.
pub fn sentences(cx: &Context<'_>, pool: &Pool) -> Vec<Sentence> {
    let mut tables: Vec<_> = pool.contributions.iter().collect();
    tables.sort_by_key(|t| t.year.value);
    let mut out = Vec::new();
    for table in tables {
        for entry in &table.entries {
            let Some(formula) = entry.formula.as_deref() else {
                continue;
            };
            let who = cx.name(&entry.partner);
            let year = table.year.value;
            let text = match formula {
                Formula::Uplift {
                    percent,
                    base_year,
                    base: Some(base),
                } => format!(
                    "{who}'s contribution in {year} is its {base_year} contribution of {base} uplifted by {}%: {} (rounded half away from zero to the penny)",
                    percent.normalize(),
                    entry.amount.value
                ),
                Formula::Uplift {
                    percent, base_year, ..
                } => format!(
                    "{who}'s contribution in {year} is its {base_year} contribution uplifted by {}%, not yet known because that figure is notified later",
                    percent.normalize()
                ),
                Formula::AsNotified { notified: Some(from) } => format!(
                    "{who}'s contribution in {year} is the figure notified: {} (supplied in {from})",
                    entry.amount.value
                ),
                Formula::AsNotified { notified: None } => format!(
                    "{who}'s contribution in {year} is the figure notified later, not yet known: the year's total cannot be stated until it is"
                ),
            };
            out.push(Sentence::new(
                text,
                vec![cx.cite_in(table.clause.as_deref(), pool.clause.as_deref(), table.span)],
            ));
        }
    }
    out
}

/// What to say of the declared totals of `pool` when its figures by
/// formula keep them from adding up as `check` proved: empty when every
/// year's figures are known and every total adds up (as `check` proved for
/// figures written); else which totals wait for a figure notified, or
/// differ from the figures notified.
pub fn totals_check(pool: &Pool) -> String {
    let mut waiting = Vec::new();
    let mut differing = Vec::new();
    for total in &pool.totals {
        let years = &total.years;
        if years
            .iter()
            .any(|y| pool.year(*y).is_some_and(|t| !t.known()))
        {
            waiting.push(total.when());
            continue;
        }
        let groups: Vec<Vec<_>> = if total.each_year {
            years.iter().map(|y| vec![*y]).collect()
        } else {
            vec![years.clone()]
        };
        for group in groups {
            let sum = group.iter().try_fold(Money::ZERO, |sum, y| {
                sum.checked_add(crate::assess::settle::budget(pool, *y)?)
            });
            if let Some(sum) = sum.filter(|sum| *sum != total.amount.value) {
                let when = match group.as_slice() {
                    [one] => format!("in {one}"),
                    _ => total.when(),
                };
                differing.push(format!("{sum} {when}"));
            }
        }
    }
    let mut parts = Vec::new();
    if !waiting.is_empty() {
        parts.push(format!(
            "the amounts cannot be added up against the total {} until the figure notified is known",
            super::words::list(&waiting)
        ));
    }
    if !differing.is_empty() {
        parts.push(format!(
            "with the figures notified the amounts below come to {} instead",
            super::words::list(&differing)
        ));
    }
    if parts.is_empty()
        && !pool.contributions.iter().any(|t| {
            t.entries
                .iter()
                .any(|e| matches!(e.formula.as_deref(), Some(Formula::AsNotified { .. })))
        })
    {
        return String::new();
    }
    if parts.is_empty() {
        return "and the amounts below, with the figures notified, add up to them to the penny"
            .to_owned();
    }
    format!("but {}", parts.join(", and "))
}
