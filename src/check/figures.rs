//! What a metric's figures are (domain rule 21): said for every metric
//! (W0420), without contradiction (E0421), with a trajectory at periods the
//! metric has figures for (E0422), and reported no more often than there
//! are figures (W0423).

use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::model::{Agreement, At, Obligation, Trajectory};
use crate::period::Period;
use crate::syntax::ast::{FigureBasis, Frequency};

pub(super) fn check(agreement: &Agreement, diagnostics: &mut Diagnostics) {
    for obligation in &agreement.obligations {
        let Some(metric) = &obligation.metric else {
            continue;
        };
        let Some(figures) = &obligation.figures else {
            // An unreadable line may be its `figures` line.
            if obligation.damaged {
                continue;
            }
            diagnostics.push(
                Diagnostic::new(
                    Code::FiguresUnstated,
                    obligation.span,
                    format!("obligation `{}` does not say what its figures are", obligation.id),
                )
                .label("no `figures` line")
                .help(format!(
                    "say what one figure of \"{}\" covers, how often there is one and when it is published, such as `figures in period, quarterly, published 2 months later` (or `year to date`, `rolling 12 months`, `annual`); until then it is assessed as in period and quarterly, the tool's default",
                    metric.name
                )),
            );
            continue;
        };
        if let Some(frequency) = figures.frequency {
            contradiction(obligation, figures.basis, frequency, diagnostics);
        }
        let rules = obligation.figures();
        periods(obligation, rules.basis, rules.frequency, diagnostics);
        reporting(obligation, rules.frequency, diagnostics);
    }
}

/// E0421: an annual figure that comes monthly or quarterly, or a figure
/// for a part of the year that comes once a year.
fn contradiction(
    obligation: &Obligation,
    basis: At<FigureBasis>,
    frequency: At<Frequency>,
    diagnostics: &mut Diagnostics,
) {
    let annual = basis.value == FigureBasis::Annual;
    let yearly = frequency.value == Frequency::Annually;
    if annual == yearly {
        return;
    }
    let (message, help) = if annual {
        (
            format!(
                "the figures of `{}` are annual but said to come {}",
                obligation.id,
                frequency.value.words()
            ),
            "an annual figure comes once a year: leave the frequency out, or say what the more frequent figure covers (`in period`, `year to date`, `rolling 12 months`)".to_owned(),
        )
    } else {
        (
            format!(
                "the figures of `{}` are {} but said to come annually",
                obligation.id,
                basis.value.words()
            ),
            "a figure that comes once a year is an annual figure: write `figures annual`"
                .to_owned(),
        )
    };
    diagnostics.push(
        Diagnostic::new(Code::FiguresContradict, frequency.span, message)
            .label("contradicts what a figure covers")
            .with_secondary(basis.span, "what a figure covers")
            .help(help),
    );
}

/// E0422: the baseline, milestones and target are at periods the metric
/// has figures for.
fn periods(
    obligation: &Obligation,
    basis: FigureBasis,
    frequency: Frequency,
    diagnostics: &mut Diagnostics,
) {
    let mut points: Vec<(&str, At<Period>)> = Vec::new();
    if let Some(baseline) = &obligation.baseline {
        points.push(("baseline", baseline.period));
    }
    if let Trajectory::Milestones(milestones) = &obligation.trajectory {
        points.extend(milestones.iter().map(|m| ("milestone", m.period)));
    }
    if let Some(target) = &obligation.target {
        points.push(("target", target.period));
    }
    for (what, period) in points {
        let (fits, has) = match (basis, period.value) {
            (FigureBasis::Annual, Period::Year(_)) => (true, ""),
            (FigureBasis::Annual, _) => (false, "one figure a year"),
            (_, Period::Month(..)) if frequency != Frequency::Monthly => {
                (false, "no monthly figures")
            }
            _ => (true, ""),
        };
        if fits {
            continue;
        }
        diagnostics.push(
            Diagnostic::new(
                Code::PointWithoutFigure,
                period.span,
                format!(
                    "the {what} of `{}` is for {}, but the metric has {has}",
                    obligation.id, period.value
                ),
            )
            .label("no figure for this period")
            .help(if basis == FigureBasis::Annual {
                format!("give the {what} for the whole year, `{}`", period.value.year())
            } else {
                format!("give the {what} for a quarter or year, or say the metric has monthly figures (`figures ..., monthly`)")
            }),
        );
    }
}

/// W0423: a duty to report more often than there are figures.
fn reporting(obligation: &Obligation, frequency: Frequency, diagnostics: &mut Diagnostics) {
    for report in &obligation.reports {
        let days = report.cadence.days();
        let (data, shortest) = match frequency {
            Frequency::Monthly => continue,
            Frequency::Quarterly => ("quarterly", 90),
            Frequency::Annually => ("once a year", 365),
        };
        if days >= shortest {
            continue;
        }
        diagnostics.push(
            Diagnostic::new(
                Code::ReportsOutrunFigures,
                report.span,
                format!(
                    "`{}` is to be reported more often than it has figures ({data})",
                    obligation.id
                ),
            )
            .label("more often than the figures")
            .help("report as often as there are figures, or say the metric has more frequent figures in its `figures` line; a report between figures can only repeat the last one"),
        );
    }
}
