//! Waivers (domain rules 17, 20 and 22): E0415 an excused partner that does
//! not own the obligation, E0416 periods outside the term, E0106 periods
//! that end before they start, E0417 dates that leave the waiver never in
//! force, W0418 no minute reference. Unknown names and a missing `agreed by`
//! were reported when the model was built (E0102, E0103, E0104).

use crate::diagnostics::{did_you_mean, Code, Diagnostic, Diagnostics};
use crate::model::{Agreement, Waiver};

pub(super) fn check(agreement: &Agreement, diagnostics: &mut Diagnostics) {
    for waiver in &agreement.waivers {
        owners(agreement, waiver, diagnostics);
        periods(agreement, waiver, diagnostics);
        dates(waiver, diagnostics);
        minute(waiver, diagnostics);
    }
}

/// E0415: each partner excused owns the obligation.
fn owners(agreement: &Agreement, waiver: &Waiver, diagnostics: &mut Diagnostics) {
    let Some(of) = &waiver.obligation else {
        return;
    };
    let Some(obligation) = agreement.obligations.get(of.index) else {
        return;
    };
    let names = || obligation.owners.iter().map(|o| o.name.as_str());
    let list = names()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ");
    let owners_span = obligation
        .owners
        .iter()
        .map(|o| o.span)
        .reduce(|a, b| a.to(b))
        .unwrap_or(obligation.span);
    for owner in &waiver.owners {
        let owns = obligation
            .owners
            .iter()
            .any(|o| o.kind == owner.kind && o.index == owner.index);
        if owns {
            continue;
        }
        let help = match did_you_mean(owner.name.as_str(), names()) {
            Some(name) => format!(
                "did you mean `{name}`? The owners of `{}` are {list}",
                of.name
            ),
            None => format!(
                "the owners of `{}` are {list}; excuse one of them, or name the obligation meant",
                of.name
            ),
        };
        diagnostics.push(
            Diagnostic::new(
                Code::WaiverNotOwner,
                owner.span,
                format!(
                    "waiver `{}` excuses `{}` from `{}`, which it does not own",
                    waiver.id, owner.name, of.name
                ),
            )
            .label("not an owner")
            .with_secondary(owners_span, "its owners")
            .help(help),
        );
    }
}

/// E0106 and E0416: the periods excused run forward, within the term.
fn periods(agreement: &Agreement, waiver: &Waiver, diagnostics: &mut Diagnostics) {
    let (Some(from), Some(to)) = (waiver.from, waiver.to) else {
        return;
    };
    let reversed = to.value.start_date() < from.value.start_date()
        || to.value.end_date() < from.value.end_date();
    if reversed {
        diagnostics.push(
            Diagnostic::new(
                Code::TermReversed,
                from.span.to(to.span),
                format!(
                    "waiver `{}` excuses periods ending in {} before they start in {}",
                    waiver.id, to.value, from.value
                ),
            )
            .label("reversed")
            .help(format!(
                "did you mean `for {} to {}`?",
                to.value, from.value
            )),
        );
    }
    let Some(term) = &agreement.term else {
        return;
    };
    let mut outside = vec![from];
    if to.span != from.span {
        outside.push(to);
    }
    for period in outside {
        if term.contains(period.value.year()) {
            continue;
        }
        diagnostics.push(super::outside_term(
            Code::WaiverOutsideTerm,
            period.span,
            format_args!("waiver `{}` excuses {}", waiver.id, period.value),
            term,
            "correct the period, or extend the term",
        ));
    }
}

/// E0417: agreed no later than it expires, and in force for at least the
/// start of the first period it excuses.
fn dates(waiver: &Waiver, diagnostics: &mut Diagnostics) {
    let Some(expires) = waiver.expires else {
        return;
    };
    if let Some(agreed) = &waiver.agreed {
        if agreed.on.value > expires.value {
            diagnostics.push(
                Diagnostic::new(
                    Code::WaiverDates,
                    expires.span,
                    format!(
                        "waiver `{}` expires on {}, before it was agreed on {}",
                        waiver.id, expires.value, agreed.on.value
                    ),
                )
                .label("expires before it is agreed")
                .with_secondary(agreed.on.span, "agreed")
                .help("correct one of the dates: a waiver is in force from the date it is agreed until it expires"),
            );
            return;
        }
    }
    let Some(from) = waiver.from else {
        return;
    };
    let first_day = from.value.start_date();
    if expires.value < first_day {
        diagnostics.push(
            Diagnostic::new(
                Code::WaiverDates,
                expires.span,
                format!(
                    "waiver `{}` expires on {}, before {} starts on {first_day}",
                    waiver.id, expires.value, from.value
                ),
            )
            .label("expires before the periods it excuses")
            .with_secondary(from.span, "the first period excused")
            .help("correct the expiry or the periods: as written the waiver excuses nothing"),
        );
    }
}

/// W0418: the minute that records the decision is cited.
fn minute(waiver: &Waiver, diagnostics: &mut Diagnostics) {
    let Some(agreed) = &waiver.agreed else {
        return;
    };
    if agreed.minute.is_some() {
        return;
    }
    diagnostics.push(
        Diagnostic::new(
            Code::WaiverWithoutMinute,
            agreed.span,
            format!(
                "waiver `{}` does not cite the minute that records it",
                waiver.id
            ),
        )
        .label("no minute reference")
        .help(format!(
            "add it: `agreed by {} on {}, minute \"REF\"`",
            agreed.by.name, agreed.on.value
        )),
    );
}
