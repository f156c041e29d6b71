//! E0204 and W0205: each partner's kind of body existed at the agreement's
//! date and, as a warning, for the whole of its term (regulation 3 of the
//! 2000 Regulations, as amended).

use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::model::{Agreement, PartnerKind};
use crate::period::Date;

/// When a kind of body could be a partner: from and until (inclusive), as
/// (year, month, day); `None` for no limit.
type Window = (Option<(u16, u8, u8)>, Option<(u16, u8, u8)>);

fn window(kind: PartnerKind) -> Window {
    match kind {
        PartnerKind::HealthAuthority => (None, Some((2002, 9, 30))),
        PartnerKind::PrimaryCareTrust => (Some((2000, 4, 1)), Some((2013, 3, 31))),
        PartnerKind::ClinicalCommissioningGroup => (Some((2013, 4, 1)), Some((2022, 6, 30))),
        PartnerKind::IntegratedCareBoard => (Some((2022, 7, 1)), None),
        PartnerKind::FoundationTrust => (Some((2004, 4, 1)), None),
        PartnerKind::CareTrust => (Some((2002, 4, 1)), None),
        PartnerKind::NhsEngland => (Some((2013, 4, 1)), None),
        _ => (None, None),
    }
}

fn date((year, month, day): (u16, u8, u8)) -> Option<Date> {
    Date::from_ymd(year, month, day)
}

pub(super) fn check(agreement: &Agreement, diagnostics: &mut Diagnostics) {
    let (start, start_span, start_words) = match (&agreement.signed, &agreement.term) {
        (Some(signed), _) => (signed.value, signed.span, "was signed"),
        (None, Some(term)) => (term.first.value.first_day(), term.first.span, "starts"),
        (None, None) => return,
    };
    let end = agreement
        .term
        .as_ref()
        .map(|t| (t.last.value.last_day(), t.last.span));
    for partner in &agreement.partners {
        let Some(kind) = partner.kind else { continue };
        let (from, until) = window(kind);
        let from = from.and_then(date);
        let until = until.and_then(date);
        let too_early = from.is_some_and(|from| start < from);
        let too_late = until.is_some_and(|until| start > until);
        if too_early || too_late {
            let when = match (too_early, from, until) {
                (true, Some(from), _) => format!("there were none before {from}"),
                (_, _, Some(until)) => format!("there were none after {until}"),
                _ => String::new(),
            };
            diagnostics.push(
                Diagnostic::new(
                    Code::PartnerKindNotInForce,
                    partner.span,
                    format!(
                        "partner `{}` is {}, but the agreement {start_words} on {start}, and {when}",
                        partner.id,
                        described(kind)
                    ),
                )
                .label(format!("not {} on {start}", described(kind)))
                .with_secondary(start_span, "the agreement's date")
                .help(help(kind, too_early)),
            );
            continue;
        }
        if let (Some(until), Some((end, end_span))) = (until, end) {
            if end > until {
                diagnostics.push(
                    Diagnostic::new(
                        Code::PartnerKindEnds,
                        partner.span,
                        format!(
                            "partner `{}` is {}, and there were none after {until}, but the term runs to {end}",
                            partner.id,
                            described(kind)
                        ),
                    )
                    .label("ceased during the term")
                    .with_secondary(end_span, "the end of the term")
                    .help(help(kind, false)),
                );
            }
        }
    }
}

/// The kind of body with its article, for messages.
fn described(kind: PartnerKind) -> &'static str {
    match kind {
        PartnerKind::HealthAuthority => "a health authority",
        PartnerKind::PrimaryCareTrust => "a primary care trust",
        PartnerKind::ClinicalCommissioningGroup => "a clinical commissioning group",
        PartnerKind::IntegratedCareBoard => "an integrated care board",
        PartnerKind::FoundationTrust => "an NHS foundation trust",
        PartnerKind::CareTrust => "a care trust",
        PartnerKind::NhsEngland => "NHS England",
        _ => "this kind of body",
    }
}

/// What the partner was called before (`too_early`) or after its kind's time.
fn help(kind: PartnerKind, too_early: bool) -> &'static str {
    match (kind, too_early) {
        (PartnerKind::ClinicalCommissioningGroup, true) => "before 1 April 2013 the NHS commissioner was a primary care trust (`pct`)",
        (PartnerKind::ClinicalCommissioningGroup, false) => "clinical commissioning groups were replaced by integrated care boards (`icb`) on 1 July 2022: vary the agreement to name the ICB",
        (PartnerKind::PrimaryCareTrust, false) => "primary care trusts were replaced by clinical commissioning groups (`ccg`) on 1 April 2013",
        (PartnerKind::IntegratedCareBoard, true) => "before 1 July 2022 the NHS commissioner was a clinical commissioning group (`ccg`)",
        (PartnerKind::HealthAuthority, false) => "health authorities were replaced by primary care trusts (`pct`) in 2002",
        _ => "check the partner's kind against the agreement's dates",
    }
}
