//! Governance bodies: a quorum that can be met.

use rustc_hash::FxHashSet;

use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::model::{Agreement, Body};

pub(super) fn check(agreement: &Agreement, diagnostics: &mut Diagnostics) {
    for body in &agreement.bodies {
        quorum(body, diagnostics);
    }
}

/// E0201 and E0202: quorum no larger than the seats, and every required
/// presence held by a partner with a seat.
fn quorum(body: &Body, diagnostics: &mut Diagnostics) {
    let Some(quorum) = &body.quorum else {
        return;
    };
    if !body.complete {
        // A seat lost to an unreadable line or an unknown name would make
        // the quorum look unreachable: that problem is already reported.
        return;
    }
    let seats = body.seat_count();
    if u64::from(quorum.count.value) > seats {
        let mut diagnostic = Diagnostic::new(
            Code::QuorumExceedsSeats,
            quorum.count.span,
            format!(
                "the quorum of `{}` is {} but it has {} seat{}",
                body.id,
                quorum.count.value,
                seats,
                if seats == 1 { "" } else { "s" }
            ),
        )
        .label("more than the seats");
        diagnostic = match body.seats.first() {
            Some(first) => diagnostic
                .with_secondary(
                    first
                        .partner
                        .span
                        .to(body.seats.last().map_or(first.count.span, |l| l.count.span)),
                    format!("{seats} seats in all"),
                )
                .help(format!("lower the quorum to at most {seats}, or add seats")),
            None => diagnostic.help("give the body its seats: `seats PARTNER N, PARTNER N`"),
        };
        diagnostics.push(diagnostic);
    }
    let seated: FxHashSet<usize> = body
        .seats
        .iter()
        .filter(|s| s.count.value > 0)
        .map(|s| s.partner.index)
        .collect();
    for group in &quorum.including {
        let seated = group.iter().any(|needed| seated.contains(&needed.index));
        if seated {
            continue;
        }
        let Some(first) = group.first() else {
            continue;
        };
        let span = group.iter().fold(first.span, |span, r| span.to(r.span));
        let message = if group.len() == 1 {
            format!(
                "the quorum of `{}` requires `{}`, which has no seat on it",
                body.id, first.name
            )
        } else {
            let names: Vec<&str> = group.iter().map(|r| r.name.as_str()).collect();
            format!(
                "the quorum of `{}` requires one of {}, none of which has a seat on it",
                body.id,
                crate::diagnostics::one_of(&names)
            )
        };
        diagnostics.push(
            Diagnostic::new(Code::QuorumNeedsSeat, span, message)
                .label("cannot be present")
                .help(format!(
                    "give it a seat (`seats {} 1`) or drop it from the quorum",
                    first.name
                )),
        );
    }
}
