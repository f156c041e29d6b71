//! E0218: a combined authority makes s.75 arrangements only for its public
//! health functions (s.75(7A) to (7J) of the NHS Act 2006, as applied, for
//! example, by regulation 24 of SI 2024/232).

use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::model::{Agreement, FunctionKind, Kind, PartnerKind, Ref};

pub(super) fn check(agreement: &Agreement, diagnostics: &mut Diagnostics) {
    let combined = |r: &Ref| {
        r.kind == Kind::Partner
            && agreement
                .partners
                .get(r.index)
                .is_some_and(|p| p.kind == Some(PartnerKind::CombinedAuthority))
    };
    if !agreement
        .partners
        .iter()
        .any(|p| p.kind == Some(PartnerKind::CombinedAuthority))
    {
        return;
    }
    for pool in &agreement.pools {
        let contributors = pool
            .contributions
            .iter()
            .flat_map(|y| &y.entries)
            .map(|c| &c.partner)
            .chain(pool.host.iter());
        let mut reported = Vec::new();
        for partner in contributors.filter(|p| combined(p)) {
            if reported.contains(&partner.index) {
                continue;
            }
            reported.push(partner.index);
            // The pool pays for the NHS partners' functions too: what a
            // combined authority pays for is the council side.
            let council_side = pool.functions.iter().filter(|f| {
                !public_health(agreement, f)
                    && agreement
                        .functions
                        .get(f.index)
                        .is_some_and(|f| f.kind != Some(FunctionKind::Nhs))
            });
            for function in council_side {
                diagnostics.push(report(
                    partner,
                    function,
                    format!("pays into pool `{}`, which holds", pool.id),
                ));
            }
        }
        for lead in &pool.leads {
            let parties = std::iter::once(&lead.lead).chain(&lead.on_behalf_of);
            for partner in parties.filter(|p| combined(p)) {
                let role = if partner.index == lead.lead.index {
                    "leads the commissioning of"
                } else {
                    "has commissioned for it"
                };
                for function in lead
                    .functions
                    .iter()
                    .filter(|f| !public_health(agreement, f))
                {
                    diagnostics.push(report(partner, function, role.to_owned()));
                }
            }
        }
    }
}

/// Whether a function is declared a public health function (an unresolved
/// reference counts as one: it was reported already).
fn public_health(agreement: &Agreement, function: &Ref) -> bool {
    function.kind != Kind::Function
        || agreement
            .functions
            .get(function.index)
            .is_none_or(|f| f.kind == Some(FunctionKind::PublicHealth))
}

fn report(partner: &Ref, function: &Ref, role: String) -> Diagnostic {
    Diagnostic::new(
        Code::CombinedAuthorityFunction,
        function.span,
        format!(
            "combined authority `{}` {role} `{}`, which is not declared a public health function",
            partner.name, function.name
        ),
    )
    .label("not `public_health`")
    .with_secondary(partner.span, "the combined authority")
    .help(
        "a combined authority may pool only its public health functions under s.75: declare the \
         function `public_health` if it is one, or make the council that holds it the partner",
    )
}
