//! E0213: the statutory owner of a delegated function stays accountable for
//! the obligations about it (section 75(5) of the NHS Act 2006).

use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::model::{Agreement, FunctionKind, Kind, Ref};

pub(super) fn check(agreement: &Agreement, diagnostics: &mut Diagnostics) {
    for obligation in &agreement.obligations {
        let (Some(first), Some(last)) = (obligation.owners.first(), obligation.owners.last())
        else {
            continue;
        };
        let owners_span = first.span.to(last.span);
        for function in obligation
            .functions
            .iter()
            .filter(|f| f.kind == Kind::Function)
        {
            let Some(declared) = agreement.functions.get(function.index) else {
                continue;
            };
            for (lead, partner) in delegations(agreement, function.index) {
                let Some(owner) = agreement.partners.get(partner.index) else {
                    continue;
                };
                // The partner delegates only its own statutory function: an
                // NHS function is an NHS body's, the others a council's.
                let its_own = match (declared.kind, owner.kind) {
                    (None, _) | (_, None) | (Some(FunctionKind::Other), _) => true,
                    (Some(FunctionKind::Nhs), Some(kind)) => kind.is_nhs(),
                    (Some(_), Some(kind)) => kind.is_local_authority(),
                };
                let accountable = obligation
                    .owners
                    .iter()
                    .any(|o| o.kind == Kind::Partner && o.index == partner.index);
                if !its_own || accountable {
                    continue;
                }
                diagnostics.push(
                    Diagnostic::new(
                        Code::DelegateReplacesOwner,
                        owners_span,
                        format!(
                            "obligation `{}` is about `{}`, which `{}` delegates to `{}`, but `{}` is not among its owners",
                            obligation.id, declared.id, partner.name, lead.name, partner.name
                        ),
                    )
                    .label(format!("`{}` stays accountable", partner.name))
                    .with_secondary(partner.span, format!("`{}` delegates `{}` here", partner.name, declared.id))
                    .help(format!(
                        "section 75(5): a delegated function stays its owner's; add `{}` to the `owner` line",
                        partner.name
                    )),
                );
            }
        }
    }
}

/// The (lead, delegating partner) pairs for a function: every partner a lead
/// commissions it for, other than the lead itself.
fn delegations(agreement: &Agreement, function: usize) -> Vec<(&Ref, &Ref)> {
    let mut pairs = Vec::new();
    for pool in &agreement.pools {
        for lead in &pool.leads {
            if lead.lead.kind != Kind::Partner
                || !lead
                    .functions
                    .iter()
                    .any(|f| f.kind == Kind::Function && f.index == function)
            {
                continue;
            }
            for partner in &lead.on_behalf_of {
                if partner.kind == Kind::Partner && partner.index != lead.lead.index {
                    pairs.push((&lead.lead, partner));
                }
            }
        }
    }
    pairs
}
