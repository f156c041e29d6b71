//! E0308: risk-share caps are not negative (domain rule 15).

use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::model::{Agreement, RiskCap};

pub(super) fn check(agreement: &Agreement, diagnostics: &mut Diagnostics) {
    for pool in &agreement.pools {
        for rule in [&pool.overspend, &pool.underspend].into_iter().flatten() {
            let Some(RiskCap::Amount(cap)) = rule.cap else {
                continue;
            };
            if !cap.is_negative() {
                continue;
            }
            diagnostics.push(
                Diagnostic::new(
                    Code::NegativeCap,
                    rule.span,
                    format!("the cap in pool `{}` is {cap}, below zero", pool.id),
                )
                .label("a negative cap")
                .help("a cap is the most a partner can be asked to bear: write it as a positive amount"),
            );
        }
    }
}
