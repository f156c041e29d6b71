//! E0203: at least one NHS body and at least one council among the partners
//! (regulation 2 of the 2000 Regulations).

use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::model::Agreement;

pub(super) fn check(agreement: &Agreement, diagnostics: &mut Diagnostics) {
    let kinds: Vec<_> = agreement.partners.iter().map(|p| p.kind).collect();
    // A partner of unknown kind is already reported; it might be either.
    if agreement.damaged || agreement.partners.is_empty() || kinds.iter().any(Option::is_none) {
        return;
    }
    let nhs = kinds.iter().flatten().any(|k| k.is_nhs());
    let council = kinds.iter().flatten().any(|k| k.is_local_authority());
    let missing = match (nhs, council) {
        (true, true) => return,
        (false, _) => "an NHS body",
        (_, false) => "a council",
    };
    let mut diagnostic = Diagnostic::new(
        Code::PartnersNotMixed,
        agreement.span,
        format!(
            "agreement `{}` has no partner that is {missing}",
            agreement.id
        ),
    )
    .label(format!("no {} among its partners", missing.trim_start_matches("an ").trim_start_matches("a ")))
    .help(format!(
        "a section 75 arrangement is between NHS bodies and councils: add {missing}, or correct a partner's kind"
    ));
    for partner in &agreement.partners {
        if let Some(kind) = partner.kind {
            diagnostic = {
                let side = if kind.is_nhs() {
                    "an NHS body"
                } else {
                    "a council"
                };
                diagnostic.with_secondary(
                    partner.span,
                    format!("`{}` is {side} (`{}`)", partner.id, kind.word()),
                )
            };
        }
    }
    diagnostics.push(diagnostic);
}
