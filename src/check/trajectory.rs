//! W0408: a trajectory moves toward its target, never away (domain rule 21).
//! Not reported when the target itself is worse than the baseline (W0410).

use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::model::{Agreement, Trajectory};
use crate::syntax::ast::Bound;

pub(super) fn check(agreement: &Agreement, diagnostics: &mut Diagnostics) {
    for obligation in &agreement.obligations {
        let (Some(target), Trajectory::Milestones(milestones)) =
            (&obligation.target, &obligation.trajectory)
        else {
            continue;
        };
        if super::targets::worse_than_baseline(obligation) {
            // Some step must then move away: W0410 says why, once.
            continue;
        }
        // The points as written, with their spans, in order of period.
        let mut points: Vec<_> = obligation
            .baseline
            .iter()
            .chain(milestones.iter())
            .map(|m| (m.period.value, m.value.value, m.value.span))
            .collect();
        points.push((target.period.value, target.value.value, target.value.span));
        points.sort_by_key(|(period, _, _)| *period);
        for pair in points.windows(2) {
            let [(_, before, before_span), (period, after, span)] = pair else {
                continue;
            };
            let away = match target.bound.value {
                Bound::AtMost => after > before,
                Bound::AtLeast => after < before,
            };
            if !away {
                continue;
            }
            let (way, toward) = match target.bound.value {
                Bound::AtMost => ("rises", "down to"),
                Bound::AtLeast => ("falls", "up to"),
            };
            diagnostics.push(
                Diagnostic::new(
                    Code::TrajectoryMovesAway,
                    *span,
                    format!(
                        "the trajectory of `{}` {way} from {before} to {after} by {period}, away from its target",
                        obligation.id
                    ),
                )
                .label("moves away from the target")
                .with_secondary(*before_span, "the point before")
                .help(format!(
                    "each point should move {toward} the target of {}; check the value",
                    target.value.value
                )),
            );
        }
    }
}
