//! E0204 and W0205: each partner's kind of body existed at the agreement's
//! date and, as a warning, for the whole of its term (regulation 3 of the
//! 2000 Regulations, as amended). Every kind has a window, with its source,
//! in [`WINDOWS`]; a designated care trust is judged by its own kind.

use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::model::{Agreement, PartnerKind};
use crate::period::Date;

/// A day, as (year, month, day).
type Day = (u16, u8, u8);

/// When a kind of body could be a partner: from and until (inclusive),
/// `None` for no limit, with where the dates come from.
pub(crate) struct Window {
    /// The kind.
    pub kind: PartnerKind,
    /// The first day there were such bodies to be partners.
    pub from: Option<Day>,
    /// The last day.
    pub until: Option<Day>,
    /// Where the dates come from ("not read" where they could not be
    /// checked against the text).
    pub source: &'static str,
}

/// The window of every kind of partner. Councils of every kind existed
/// before the 2000 Regulations came into force (1 April 2000), so their
/// windows never limit an agreement.
pub(crate) const WINDOWS: &[Window] = &[
    Window {
        kind: PartnerKind::LocalAuthority,
        from: None,
        until: None,
        source: "reg 3 of SI 2000/617: councils of every kind",
    },
    Window {
        kind: PartnerKind::CountyCouncil,
        from: None,
        until: None,
        source: "county councils predate the Regulations (Local Government Act 1972; not read)",
    },
    Window {
        kind: PartnerKind::UnitaryAuthority,
        from: Some((1995, 4, 1)),
        until: None,
        source: "the first unitary councils, 1 April 1995, under the Local Government Act 1992 (not read)",
    },
    Window {
        kind: PartnerKind::DistrictCouncil,
        from: None,
        until: None,
        source: "district councils predate the Regulations (Local Government Act 1972; not read)",
    },
    Window {
        kind: PartnerKind::MetropolitanBorough,
        from: Some((1974, 4, 1)),
        until: None,
        source: "metropolitan districts from 1 April 1974, Local Government Act 1972 (not read)",
    },
    Window {
        kind: PartnerKind::LondonBorough,
        from: Some((1965, 4, 1)),
        until: None,
        source: "London boroughs from 1 April 1965, London Government Act 1963 (not read)",
    },
    Window {
        kind: PartnerKind::CityOfLondon,
        from: None,
        until: None,
        source: "reg 3 of SI 2000/617 as made: the Common Council of the City of London",
    },
    Window {
        kind: PartnerKind::IslesOfScilly,
        from: None,
        until: None,
        source: "the Council of the Isles of Scilly predates the Regulations (not read)",
    },
    Window {
        kind: PartnerKind::CombinedAuthority,
        from: Some((2016, 1, 28)),
        until: None,
        source: "s.75(7A) of the NHS Act 2006, inserted by the Cities and Local Government \
                 Devolution Act 2016 (Royal Assent 28 January 2016; its commencement not read)",
    },
    Window {
        kind: PartnerKind::HealthAuthority,
        from: None,
        until: Some((2002, 9, 30)),
        source: "health authorities, replaced by strategic health authorities and primary care \
                 trusts on 1 October 2002 (not read)",
    },
    Window {
        kind: PartnerKind::PrimaryCareTrust,
        from: Some((2000, 4, 1)),
        until: Some((2013, 3, 31)),
        source: "primary care trusts from 2000 (Health Act 1999), abolished 31 March 2013 by \
                 the Health and Social Care Act 2012",
    },
    Window {
        kind: PartnerKind::ClinicalCommissioningGroup,
        from: Some((2013, 4, 1)),
        until: Some((2022, 6, 30)),
        source: "clinical commissioning groups, 1 April 2013 (Health and Social Care Act 2012) \
                 to 30 June 2022 (Health and Care Act 2022; SI 2022/634, in force 1 July 2022)",
    },
    Window {
        kind: PartnerKind::IntegratedCareBoard,
        from: Some((2022, 7, 1)),
        until: None,
        source: "integrated care boards from 1 July 2022: Part 2 Ch A3 of the NHS Act 2006, \
                 inserted by the Health and Care Act 2022 (in force 1 July 2022)",
    },
    Window {
        kind: PartnerKind::NhsTrust,
        from: Some((1991, 4, 1)),
        until: None,
        source: "the first NHS trusts, 1 April 1991, under s.5 of the NHS and Community Care \
                 Act 1990 (not read)",
    },
    Window {
        kind: PartnerKind::FoundationTrust,
        from: Some((2004, 4, 1)),
        until: None,
        source: "the first NHS foundation trusts, April 2004 (Health and Social Care \
                 (Community Health and Standards) Act 2003; not read)",
    },
    Window {
        kind: PartnerKind::NhsEngland,
        from: Some((2013, 4, 1)),
        until: None,
        source: "NHS England (the NHS Commissioning Board) with its functions from 1 April \
                 2013: Part 2 Ch A1 of the NHS Act 2006, inserted by the Health and Social \
                 Care Act 2012",
    },
];

/// The window of a kind of body.
pub(crate) fn window(kind: PartnerKind) -> Option<&'static Window> {
    WINDOWS.iter().find(|w| w.kind == kind)
}

fn date((year, month, day): Day) -> Option<Date> {
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
        let Some(window) = window(kind) else { continue };
        let from = window.from.and_then(date);
        let until = window.until.and_then(date);
        let too_early = from.is_some_and(|from| start < from);
        let too_late = until.is_some_and(|until| start > until);
        let designated = if partner.care_trust.is_some() {
            " (a care trust is judged by its own kind)"
        } else {
            ""
        };
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
                        "partner `{}` is {}{designated}, but the agreement {start_words} on {start}, and {when}",
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
                            "partner `{}` is {}{designated}, and there were none after {until}, but the term runs to {end}",
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
        PartnerKind::NhsTrust => "an NHS trust",
        PartnerKind::NhsEngland => "NHS England",
        PartnerKind::CombinedAuthority => "a combined authority",
        PartnerKind::UnitaryAuthority => "a unitary council",
        PartnerKind::MetropolitanBorough => "a metropolitan borough council",
        PartnerKind::LondonBorough => "a London borough council",
        _ => "this kind of body",
    }
}

/// What the partner was called before (`too_early`) or after its kind's time.
fn help(kind: PartnerKind, too_early: bool) -> &'static str {
    match (kind, too_early) {
        (PartnerKind::ClinicalCommissioningGroup, true) => "before 1 April 2013 the NHS commissioner was a primary care trust (`pct`)",
        (PartnerKind::ClinicalCommissioningGroup, false) => "clinical commissioning groups were replaced by integrated care boards (`icb`) on 1 July 2022: vary the agreement to name the ICB",
        (PartnerKind::PrimaryCareTrust, false) => "primary care trusts were replaced by clinical commissioning groups (`ccg`) on 1 April 2013; a care trust that was a PCT ended with it",
        (PartnerKind::IntegratedCareBoard, true) => "before 1 July 2022 the NHS commissioner was a clinical commissioning group (`ccg`)",
        (PartnerKind::HealthAuthority, false) => "health authorities were replaced by primary care trusts (`pct`) in 2002",
        (PartnerKind::CombinedAuthority, true) => "combined authorities could make s.75 arrangements only once s.75(7A) was inserted in 2016: before that the councils were the partners",
        (PartnerKind::NhsEngland, true) => "before 1 April 2013 there was no NHS England: the NHS commissioner was a primary care trust (`pct`)",
        _ => "check the partner's kind against the agreement's dates",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_has_a_window_with_its_source() {
        for word in PartnerKind::WORDS {
            let Some(kind) = PartnerKind::from_word(word) else {
                panic!("{word} is a kind");
            };
            let Some(window) = window(kind) else {
                panic!("{word} has no window");
            };
            assert!(!window.source.is_empty());
        }
    }
}
