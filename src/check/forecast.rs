//! E0330 and E0331: a pool's forecast trigger has a threshold above zero,
//! and only a pooled fund has one (good practice, domain §2.2 item 6).

use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::model::{Agreement, PoolKind};
use crate::money::Money;
use crate::syntax::ast::Threshold;

pub(super) fn check(agreement: &Agreement, diagnostics: &mut Diagnostics) {
    for pool in &agreement.pools {
        let Some(trigger) = &pool.on_forecast else {
            continue;
        };
        let positive = match trigger.threshold {
            Threshold::Percent(p) => p > rust_decimal::Decimal::ZERO,
            Threshold::Money(m) => m > Money::ZERO,
        };
        if !positive {
            diagnostics.push(
                Diagnostic::new(
                    Code::ForecastThresholdNotPositive,
                    trigger.threshold_span,
                    format!(
                        "the forecast variance of `{}` triggers its ladder over {}: every forecast would",
                        pool.id,
                        threshold_words(trigger.threshold)
                    ),
                )
                .label("not above zero")
                .help("give the variance the partners tolerate before the pool manager acts, as a share of the year's budget (`over 2%`) or an amount (`over £250k`)"),
            );
        }
        if pool.kind == PoolKind::Aligned {
            diagnostics.push(
                Diagnostic::new(
                    Code::ForecastTriggerOnAligned,
                    trigger.span,
                    format!(
                        "`{}` is an aligned budget: it has no pool manager and no shared forecast to trigger a ladder",
                        pool.id
                    ),
                )
                .label("on an aligned budget")
                .with_secondary(pool.span, "the aligned budget")
                .help("each partner monitors its own part of an aligned budget: remove the trigger, or make the budget a pooled fund (`pool`)"),
            );
        }
    }
}

/// The threshold as written.
pub fn threshold_words(threshold: Threshold) -> String {
    match threshold {
        Threshold::Percent(p) => format!("{}%", p.normalize()),
        Threshold::Money(m) => m.to_string(),
    }
}
