//! W0410: a target is not worse than its baseline in the metric's direction
//! (domain rule 21).

use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::model::{Agreement, Obligation};
use crate::syntax::ast::{Bound, Direction};

pub(super) fn check(agreement: &Agreement, diagnostics: &mut Diagnostics) {
    for obligation in &agreement.obligations {
        if !worse_than_baseline(obligation) {
            continue;
        }
        let (Some(baseline), Some(target)) = (&obligation.baseline, &obligation.target) else {
            continue;
        };
        let (way, better) = match target.bound.value {
            Bound::AtMost => ("above", "lower is better"),
            Bound::AtLeast => ("below", "higher is better"),
        };
        diagnostics.push(
            Diagnostic::new(
                Code::TargetWorseThanBaseline,
                target.value.span,
                format!(
                    "the target of `{}`, {}, is {way} its baseline of {}, though {better}",
                    obligation.id, target.value.value, baseline.value.value
                ),
            )
            .label("worse than the baseline")
            .with_secondary(baseline.value.span, "the baseline")
            .help("check both figures; if a worse figure is really the aim, say why in the agreement's text"),
        );
    }
}

/// Whether the obligation's target is worse than its baseline in the
/// direction of the metric (taken from the target's bound). Only when both
/// are written in the same kind of value and the metric's direction, if
/// written, agrees with the bound (otherwise E0402 or E0403 is reported).
pub(super) fn worse_than_baseline(obligation: &Obligation) -> bool {
    let (Some(baseline), Some(target)) = (&obligation.baseline, &obligation.target) else {
        return false;
    };
    if baseline.value.written != target.value.written {
        return false;
    }
    let direction = obligation.metric.as_ref().and_then(|m| m.direction);
    let agrees = match direction.map(|d| d.value) {
        None => true,
        Some(Direction::LowerIsBetter) => target.bound.value == Bound::AtMost,
        Some(Direction::HigherIsBetter) => target.bound.value == Bound::AtLeast,
    };
    if !agrees {
        return false;
    }
    match target.bound.value {
        Bound::AtMost => target.value.value > baseline.value.value,
        Bound::AtLeast => target.value.value < baseline.value.value,
    }
}
