//! Contributions defined by formula, in words: how each uplifted figure was
//! computed, and which figures are notified later.

use super::context::Context;
use super::document::Sentence;
use crate::model::{Formula, Pool};

/// One sentence for each contribution of `pool` found by a formula, in year
/// order.
pub fn sentences(cx: &Context<'_>, pool: &Pool) -> Vec<Sentence> {
    let mut tables: Vec<_> = pool.contributions.iter().collect();
    tables.sort_by_key(|t| t.year.value);
    let mut out = Vec::new();
    for table in tables {
        for entry in &table.entries {
            let Some(formula) = &entry.formula else {
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
