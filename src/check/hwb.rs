//! E0222: when a health and wellbeing board governs the agreement, the
//! members the law gives it have seats (Health and Social Care Act 2012
//! s.194(2), as amended by the Health and Care Act 2022).

use rustc_hash::FxHashSet;

use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::model::{Agreement, Body, BodyKind, ExternalKind, Kind, PartnerKind, SeatRole};
use crate::period::Date;

pub(super) fn check(agreement: &Agreement, diagnostics: &mut Diagnostics) {
    let Some(body) = agreement.governing_body() else {
        return;
    };
    if body.kind != Some(BodyKind::HealthAndWellbeingBoard) || !body.complete || agreement.damaged {
        return;
    }
    let seated = body
        .seats()
        .iter()
        .filter(|s| s.count.value > 0)
        .map(|s| (s.member.kind, s.member.index))
        .collect();
    let board = Board {
        body,
        seated,
        diagnostics,
    };
    board.check(agreement);
}

struct Board<'b, 'd> {
    body: &'b Body,
    /// The members with a seat, voting or advisory.
    seated: FxHashSet<(Kind, usize)>,
    diagnostics: &'d mut Diagnostics,
}

impl Board<'_, '_> {
    fn check(mut self, agreement: &Agreement) {
        self.commissioners(agreement);
        self.healthwatch(agreement);
        self.council(agreement);
    }

    /// s.194(2)(f): each relevant ICB (CCG before 1 July 2022), read as each
    /// NHS commissioner partner of the agreement's date.
    fn commissioners(&mut self, agreement: &Agreement) {
        let wanted = commissioner_kinds(agreement);
        for (index, partner) in agreement.partners.iter().enumerate() {
            let Some(kind) = partner.kind.filter(|k| wanted.contains(k)) else {
                continue;
            };
            if self.seated.contains(&(Kind::Partner, index)) {
                continue;
            }
            let (what, short) = match kind {
                PartnerKind::ClinicalCommissioningGroup => {
                    ("a clinical commissioning group", "CCG")
                }
                _ => ("an integrated care board", "ICB"),
            };
            let diagnostic = self
                .missing(
                    "f",
                    format!("`{}`, {what} that is a partner", partner.id),
                    format!("each relevant {short}"),
                )
                .with_secondary(partner.span, format!("the {short}"))
                .help(format!(
                    "add `{} 1` to the `seats` line of `{}`",
                    partner.id, self.body.id
                ));
            self.diagnostics.push(diagnostic);
        }
    }

    /// s.194(2)(e): a representative of the Local Healthwatch organisation.
    fn healthwatch(&mut self, agreement: &Agreement) {
        let seated = agreement.externals.iter().enumerate().any(|(index, e)| {
            e.kind == Some(ExternalKind::LocalHealthwatch)
                && self.seated.contains(&(Kind::External, index))
        });
        if seated {
            return;
        }
        let declared = agreement
            .externals
            .iter()
            .find(|e| e.kind == Some(ExternalKind::LocalHealthwatch));
        let help = match declared {
            Some(e) => format!("add `{} 1` to the `seats` line of `{}`", e.id, self.body.id),
            None => format!(
                "declare it (`external healthwatch \"Healthwatch ...\" local_healthwatch`) and add `healthwatch 1` to the `seats` line of `{}`",
                self.body.id
            ),
        };
        let diagnostic = self
            .missing(
                "e",
                "a representative of the Local Healthwatch".to_owned(),
                "a representative of the Local Healthwatch organisation".to_owned(),
            )
            .help(help);
        self.diagnostics.push(diagnostic);
    }

    /// s.194(2)(a) to (d): a councillor and the three directors, of the
    /// council; the directors only where the council's seats give roles.
    fn council(&mut self, agreement: &Agreement) {
        let councils: FxHashSet<usize> = agreement
            .partners
            .iter()
            .enumerate()
            .filter(|(_, p)| p.kind.is_some_and(PartnerKind::is_local_authority))
            .map(|(index, _)| index)
            .collect();
        let Some(first) = agreement
            .partners
            .iter()
            .position(|p| p.kind.is_some_and(PartnerKind::is_local_authority))
        else {
            // No council among the partners: E0203 says so.
            return;
        };
        let seats: Vec<_> = self
            .body
            .seats()
            .iter()
            .filter(|s| s.member.kind == Kind::Partner && councils.contains(&s.member.index))
            .filter(|s| s.count.value > 0)
            .collect();
        let name = agreement
            .partners
            .get(first)
            .map_or_else(String::new, |p| p.id.to_string());
        if seats.is_empty() {
            let diagnostic = self
                .missing(
                    "a",
                    "a councillor: no council partner has a seat".to_owned(),
                    "at least one councillor of the local authority".to_owned(),
                )
                .help(format!(
                    "add `{name} 1 (1 elected_member)` to the `seats` line of `{}`",
                    self.body.id
                ));
            self.diagnostics.push(diagnostic);
            return;
        }
        if seats.iter().all(|s| s.roles.is_empty()) {
            // The council's seats do not say their roles.
            return;
        }
        let in_role = |role: SeatRole| -> u64 {
            seats
                .iter()
                .flat_map(|s| &s.roles)
                .filter(|r| r.role == role)
                .map(|r| u64::from(r.count.value))
                .sum()
        };
        let statutory = [
            (
                SeatRole::ElectedMember,
                "a",
                "at least one councillor of the local authority",
            ),
            (SeatRole::Dass, "b", "the director of adult social services"),
            (SeatRole::Dcs, "c", "the director of children's services"),
            (SeatRole::Dph, "d", "the director of public health"),
        ];
        for (role, paragraph, law) in statutory {
            if in_role(role) > 0 {
                continue;
            }
            let diagnostic = self
                .missing(
                    paragraph,
                    format!("the council's {}", role.words()),
                    law.to_owned(),
                )
                .help(format!(
                    "give one of the council's seats the role `{}`: `{name} N (... 1 {})`",
                    role.word(),
                    role.word()
                ));
            self.diagnostics.push(diagnostic);
        }
    }

    /// The diagnostic for a missing member: `who` in the message, what the
    /// law says in the label.
    fn missing(&self, paragraph: &str, who: String, law: String) -> Diagnostic {
        let body = self.body;
        let diagnostic = Diagnostic::new(
            Code::HealthAndWellbeingBoardMember,
            body.span,
            format!(
                "the health and wellbeing board `{}` governs the agreement but has no seat for {who} (Health and Social Care Act 2012, s.194(2)({paragraph}))",
                body.id
            ),
        )
        .label(format!("the law makes {law} a member"));
        match (body.seats().first(), body.seats().last()) {
            (Some(first), Some(last)) => {
                diagnostic.with_secondary(first.span.to(last.span), "its seats")
            }
            _ => diagnostic,
        }
    }
}

/// The NHS commissioners s.194(2)(f) makes members at the agreement's date
/// (its `signed` date, or else the first day of its term): integrated care
/// boards from 1 July 2022, clinical commissioning groups before; both when
/// the agreement has no date.
fn commissioner_kinds(agreement: &Agreement) -> Vec<PartnerKind> {
    let date = match (&agreement.signed, &agreement.term) {
        (Some(signed), _) => Some(signed.value),
        (None, Some(term)) => Some(term.first.value.first_day()),
        (None, None) => None,
    };
    let icbs_from = Date::from_ymd(2022, 7, 1);
    match (date, icbs_from) {
        (Some(date), Some(from)) if date >= from => vec![PartnerKind::IntegratedCareBoard],
        (Some(_), Some(_)) => vec![PartnerKind::ClinicalCommissioningGroup],
        _ => vec![
            PartnerKind::ClinicalCommissioningGroup,
            PartnerKind::IntegratedCareBoard,
        ],
    }
}
