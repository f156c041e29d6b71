//! W0212: every partner has a voting seat on the governing body (domain
//! rule 19).

use rustc_hash::FxHashSet;

use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::model::{Agreement, Kind};

pub(super) fn check(agreement: &Agreement, diagnostics: &mut Diagnostics) {
    let Some(body) = agreement.governing_body() else {
        return;
    };
    if !body.complete || body.seats().is_empty() {
        return;
    }
    // Advisory seats do not vote: a partner with only those has no say.
    let seated: FxHashSet<usize> = body
        .seats()
        .iter()
        .filter(|s| s.member.kind == Kind::Partner && s.count.value > 0 && !s.advisory)
        .map(|s| s.member.index)
        .collect();
    // Partners with any seat, advisory ones included.
    let members: FxHashSet<usize> = body
        .seats()
        .iter()
        .filter(|s| s.member.kind == Kind::Partner && s.count.value > 0)
        .map(|s| s.member.index)
        .collect();
    for (index, partner) in agreement.partners.iter().enumerate() {
        if seated.contains(&index) {
            continue;
        }
        diagnostics.push(
            Diagnostic::new(
                Code::PartnerWithoutSeat,
                partner.span,
                format!(
                    "partner `{}` has no {}seat on the governing body `{}`",
                    partner.id,
                    if members.contains(&index) {
                        "voting "
                    } else {
                        ""
                    },
                    body.id
                ),
            )
            .label("no seat")
            .with_secondary(body.span, "the governing body")
            .help(format!(
                "add `{} 1` to the `seats` line of `{}`",
                partner.id, body.id
            )),
        );
    }
}
