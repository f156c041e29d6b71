//! Care trusts (s.77 of the NHS Act 2006): E0217 a designation of a body
//! that cannot be designated, and W0226 a designation without the council
//! delegation it exists for, or out of step with the basis.

use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::model::{
    Agreement, CareTrustDesignation, FunctionKind, Kind, Partner, PartnerKind, Route,
};

/// The kinds of body that may be designated: a primary care trust or an NHS
/// trust (s.77(1)); from April 2013 a CCG, an NHS trust or a foundation
/// trust (SI 2012/3094 reg 2), and an integrated care board in place of the
/// CCGs (s.77 as amended in 2022: not read).
fn may_be_designated(kind: PartnerKind) -> bool {
    matches!(
        kind,
        PartnerKind::PrimaryCareTrust
            | PartnerKind::NhsTrust
            | PartnerKind::ClinicalCommissioningGroup
            | PartnerKind::FoundationTrust
            | PartnerKind::IntegratedCareBoard
    )
}

pub(super) fn check(agreement: &Agreement, diagnostics: &mut Diagnostics) {
    let cites_77 = agreement
        .basis
        .as_ref()
        .is_some_and(|b| b.routes.contains(&Route::CareTrust));
    let mut designated = false;
    for (index, partner) in agreement.partners.iter().enumerate() {
        let Some(designation) = &partner.care_trust else {
            continue;
        };
        designated = true;
        if let Some(kind) = partner.kind.filter(|k| !may_be_designated(*k)) {
            diagnostics.push(
                Diagnostic::new(
                    Code::CareTrustNotAKind,
                    designation.span,
                    format!(
                        "partner `{}` is a {} and cannot be designated a care trust",
                        partner.id,
                        kind.word()
                    ),
                )
                .label("not a body s.77 designates")
                .help(
                    "s.77 designates a primary care trust or an NHS trust (from April 2013 a \
                     CCG, an NHS trust or a foundation trust)",
                ),
            );
            continue;
        }
        dates(agreement, partner, designation, diagnostics);
        if !delegated_council_function(agreement, index) {
            diagnostics.push(
                Diagnostic::new(
                    Code::CareTrustWithoutDelegation,
                    designation.span,
                    format!(
                        "care trust `{}` exercises no council function: a designation needs delegation arrangements with a council (s.77(1))",
                        partner.id
                    ),
                )
                .label("no council function delegated to it")
                .help(format!(
                    "write the council's delegation in a pool, e.g. `lead {} commissions FUNCTION for COUNCIL`",
                    partner.id
                )),
            );
        }
        if let Some(basis) = agreement.basis.as_ref().filter(|_| !cites_77) {
            diagnostics.push(
                Diagnostic::new(
                    Code::CareTrustWithoutDelegation,
                    basis.span,
                    format!(
                        "partner `{}` is designated a care trust, but the basis does not cite s.77",
                        partner.id
                    ),
                )
                .label("s.77 not cited")
                .with_secondary(designation.span, "the designation")
                .help("add s.77: `basis sections 75 and 77 of \"NHS Act 2006\"`"),
            );
        }
    }
    if let (true, false, Some(basis)) = (cites_77, designated, &agreement.basis) {
        // A partner whose kind could not be read (the old word `care_trust`,
        // E0217) may be the care trust meant.
        if !agreement.damaged && agreement.partners.iter().all(|p| p.kind.is_some()) {
            diagnostics.push(
                Diagnostic::new(
                    Code::CareTrustWithoutDelegation,
                    basis.span,
                    "the basis cites s.77, but no partner is designated a care trust",
                )
                .label("s.77 with no care trust")
                .help(
                    "write the designation on the NHS partner, e.g. `partner ct \"...\" \
                     primary_care_trust designated care trust`, or take s.77 out of the basis",
                ),
            );
        }
    }
}

/// W0226: a designation whose dates do not reach the agreement's (it was
/// not a care trust when the agreement was made, or ceased to be one before
/// the term began).
fn dates(
    agreement: &Agreement,
    partner: &Partner,
    designation: &CareTrustDesignation,
    diagnostics: &mut Diagnostics,
) {
    let start = match (&agreement.signed, &agreement.term) {
        (Some(signed), _) => signed.value,
        (None, Some(term)) => term.first.value.first_day(),
        (None, None) => return,
    };
    let end = agreement
        .term
        .as_ref()
        .map_or(start, |t| t.last.value.last_day());
    let (span, message) = match (&designation.from, &designation.to) {
        (Some(from), _) if from.value > end => (
            from.span,
            format!(
                "partner `{}` is designated a care trust from {}, after the agreement's term ends on {end}",
                partner.id, from.value
            ),
        ),
        (_, Some(to)) if to.value < start => (
            to.span,
            format!(
                "partner `{}` was a care trust until {}, before the agreement's date, {start}",
                partner.id, to.value
            ),
        ),
        _ => return,
    };
    diagnostics.push(
        Diagnostic::new(Code::CareTrustWithoutDelegation, span, message)
            .label("the designation does not reach the agreement")
            .with_secondary(partner.span, "the care trust")
            .help("correct the designation's dates, or take the designation out"),
    );
}

/// Whether the partner at `index` leads, for a council partner, a function
/// that is not declared an NHS function.
fn delegated_council_function(agreement: &Agreement, index: usize) -> bool {
    let is_council = |p: &Partner| p.kind.is_some_and(PartnerKind::is_local_authority);
    agreement.pools.iter().flat_map(|p| &p.leads).any(|lead| {
        lead.lead.kind == Kind::Partner
            && lead.lead.index == index
            && lead.on_behalf_of.iter().any(|p| {
                p.kind == Kind::Partner && agreement.partners.get(p.index).is_some_and(is_council)
            })
            && lead.functions.iter().any(|f| {
                f.kind == Kind::Function
                    && agreement
                        .functions
                        .get(f.index)
                        .is_some_and(|f| f.kind != Some(FunctionKind::Nhs))
            })
    })
}
