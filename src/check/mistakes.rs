//! Mistakes that used to pass: E0214 a lead commissioning a function its
//! pool does not hold, E0111 an agreement signed after its term ended,
//! E0309 a grant amount for a year outside the term.

use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::model::{Agreement, Kind};

pub(super) fn check(agreement: &Agreement, diagnostics: &mut Diagnostics) {
    signed_after_term(agreement, diagnostics);
    for pool in &agreement.pools {
        for lead in &pool.leads {
            for function in lead.functions.iter().filter(|f| f.kind == Kind::Function) {
                let held = pool
                    .functions
                    .iter()
                    .any(|f| f.kind == Kind::Function && f.index == function.index);
                if held || pool.functions.is_empty() {
                    continue;
                }
                diagnostics.push(
                    Diagnostic::new(
                        Code::LeadOutsidePool,
                        function.span,
                        format!(
                            "`{}` leads the commissioning of `{}` in pool `{}`, which does not hold that function",
                            lead.lead.name, function.name, pool.id
                        ),
                    )
                    .label("not a function of the pool")
                    .help(format!(
                        "add `{}` to the pool's `functions` line, or move the `lead` line to the pool that pays for it",
                        function.name
                    )),
                );
            }
        }
        let Some(term) = &agreement.term else {
            continue;
        };
        for grant in &pool.grants {
            for (year, _) in &grant.amounts {
                if term.contains(year.value) {
                    continue;
                }
                diagnostics.push(super::outside_term(
                    Code::GrantOutsideTerm,
                    year.span,
                    format_args!("grant `{}` gives an amount for {}", grant.id, year.value),
                    term,
                    "an amount outside the term is in no year's budget: correct the year, or extend the term",
                ));
            }
        }
    }
}

/// E0111: an agreement is signed before its term has ended.
fn signed_after_term(agreement: &Agreement, diagnostics: &mut Diagnostics) {
    let (Some(signed), Some(term)) = (&agreement.signed, &agreement.term) else {
        return;
    };
    let end = term.last.value.last_day();
    if signed.value <= end {
        return;
    }
    diagnostics.push(
        Diagnostic::new(
            Code::SignedAfterTerm,
            signed.span,
            format!(
                "`{}` is signed on {}, after its term ended on {end}",
                agreement.id, signed.value
            ),
        )
        .label("after the term")
        .with_secondary(term.span, "the term")
        .help("correct the date it was signed, or the term it covers"),
    );
}
