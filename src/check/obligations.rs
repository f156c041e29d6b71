//! Obligations: periods within the term, targets that agree with the metric's
//! direction, values in the metric's unit, baselines before targets, and
//! attributions that add up.

use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::model::{Agreement, Attribution, Obligation, Quantity, Term, Trajectory, ValueKind};
use crate::syntax::ast::{Bound, Direction};

pub(super) fn check(agreement: &Agreement, diagnostics: &mut Diagnostics) {
    for obligation in &agreement.obligations {
        if let Some(term) = &agreement.term {
            within_term(obligation, term, diagnostics);
        }
        direction(obligation, diagnostics);
        units(obligation, diagnostics);
        baseline_first(obligation, diagnostics);
        match &obligation.attribution {
            Some(Attribution::Shares(shares)) => super::money::shares_add_up(
                shares,
                &format!("the attribution of `{}`", obligation.id),
                diagnostics,
            ),
            Some(Attribution::ByCategory(categories)) => {
                for category in categories.iter().filter(|c| c.stated) {
                    super::money::shares_add_up(
                        &category.owners,
                        &format!(
                            "the shares of the category `{}` of `{}`",
                            category.category, obligation.id
                        ),
                        diagnostics,
                    );
                }
            }
            _ => {}
        }
    }
}

/// E0401: the target period and milestones lie in the term.
fn within_term(obligation: &Obligation, term: &Term, diagnostics: &mut Diagnostics) {
    let mut periods = Vec::new();
    if let Some(target) = &obligation.target {
        periods.push(("target", target.period));
    }
    if let Trajectory::Milestones(points) = &obligation.trajectory {
        periods.extend(points.iter().map(|p| ("milestone", p.period)));
    }
    for (what, period) in periods {
        if term.contains(period.value.year()) {
            continue;
        }
        diagnostics.push(super::outside_term(
            Code::PeriodOutsideTerm,
            period.span,
            format_args!("the {what} of `{}` is for {}", obligation.id, period.value),
            term,
            "move it into the term, or extend the term",
        ));
    }
}

/// E0402: `at most` goes with lower is better, `at least` with higher.
fn direction(obligation: &Obligation, diagnostics: &mut Diagnostics) {
    let (Some(metric), Some(target)) = (&obligation.metric, &obligation.target) else {
        return;
    };
    let Some(direction) = metric.direction else {
        return;
    };
    let agrees = matches!(
        (direction.value, target.bound.value),
        (Direction::LowerIsBetter, Bound::AtMost) | (Direction::HigherIsBetter, Bound::AtLeast)
    );
    if agrees {
        return;
    }
    let (bound, better, fix) = match target.bound.value {
        Bound::AtMost => ("at most", "higher is better", "at least"),
        Bound::AtLeast => ("at least", "lower is better", "at most"),
    };
    diagnostics.push(
        Diagnostic::new(
            Code::DirectionConflict,
            target.bound.span,
            format!(
                "the target of `{}` is `{bound}`, but its metric says {better}",
                obligation.id
            ),
        )
        .label(format!("`{bound}`"))
        .with_secondary(direction.span, better)
        .help(format!(
            "write `target {fix} ...`, or correct the metric's direction"
        )),
    );
}

/// E0403: baseline, target and milestones are written in the metric's unit.
fn units(obligation: &Obligation, diagnostics: &mut Diagnostics) {
    let Some(unit) = obligation.metric.as_ref().and_then(|m| m.unit) else {
        return;
    };
    let wanted = unit.value_kind();
    let mut values: Vec<(&str, Quantity)> = Vec::new();
    if let Some(baseline) = &obligation.baseline {
        values.push(("baseline", baseline.value));
    }
    if let Some(target) = &obligation.target {
        values.push(("target", target.value));
    }
    if let Trajectory::Milestones(points) = &obligation.trajectory {
        values.extend(points.iter().map(|p| ("milestone", p.value)));
    }
    for (what, quantity) in values {
        if quantity.written == wanted {
            continue;
        }
        let example = match wanted {
            ValueKind::Percent => "a percentage like `40%`",
            ValueKind::Money => "an amount like `£1.5m`",
            ValueKind::Number => "a plain number like `1,020`",
        };
        diagnostics.push(
            Diagnostic::new(
                Code::UnitMismatch,
                quantity.span,
                format!(
                    "the {what} of `{}` is not in {}, the metric's unit",
                    obligation.id,
                    unit.word()
                ),
            )
            .label(format!("expected {example}"))
            .help(format!(
                "write the {what} as {example}, or change the metric's unit"
            )),
        );
    }
}

/// E0404: the baseline comes before the target.
fn baseline_first(obligation: &Obligation, diagnostics: &mut Diagnostics) {
    let (Some(baseline), Some(target)) = (&obligation.baseline, &obligation.target) else {
        return;
    };
    if baseline.period.value < target.period.value {
        return;
    }
    diagnostics.push(
        Diagnostic::new(
            Code::BaselineAfterTarget,
            baseline.period.span,
            format!(
                "the baseline of `{}` is for {}, not before its target in {}",
                obligation.id, baseline.period.value, target.period.value
            ),
        )
        .label("baseline")
        .with_secondary(target.period.span, "target")
        .help("the baseline is the starting point: give a period before the target's"),
    );
}
