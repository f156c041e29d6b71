//! Grants in words: what each may be spent on, its conditions and the money
//! it passes on to other bodies.

use super::context::Context;
use super::document::Sentence;
use super::words;
use crate::model::{PassShare, Pool};

/// One sentence for each grant of `pool` with a purpose, conditions or
/// money passed on.
pub fn sentences(cx: &Context<'_>, pool: &Pool) -> Vec<Sentence> {
    let mut out = Vec::new();
    for grant in &pool.grants {
        let mut parts = Vec::new();
        if let Some(purpose) = &grant.purpose {
            parts.push(format!("may be spent on “{purpose}”"));
        }
        if !grant.conditions.is_empty() {
            let quoted: Vec<String> = grant.conditions.iter().map(|c| format!("“{c}”")).collect();
            parts.push(format!(
                "is paid on {} {}",
                if quoted.len() == 1 {
                    "the condition"
                } else {
                    "the conditions"
                },
                words::list(&quoted)
            ));
        }
        if !grant.passed_to.is_empty() {
            let passed: Vec<String> = grant
                .passed_to
                .iter()
                .map(|p| {
                    let to = super::obligations::party(cx, &p.to);
                    match p.share {
                        PassShare::Amount { amount, year } => format!("{amount} in {year} to {to}"),
                        PassShare::Percent { percent } => {
                            format!("{}% of each year's amount to {to}", percent.normalize())
                        }
                    }
                })
                .collect();
            parts.push(format!("passes on {}", words::list(&passed)));
        }
        if parts.is_empty() {
            continue;
        }
        out.push(Sentence::new(
            format!("The {} {}", grant.name, words::list(&parts)),
            vec![cx.cite_in(grant.clause.as_deref(), pool.clause.as_deref(), grant.span)],
        ));
    }
    out
}
