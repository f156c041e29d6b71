//! E0405, W0406 and W0407: each remedy has a deadline and a responsible
//! party, and no clawback or withholding exceeds the sum it applies to
//! (domain rule 22).

use rust_decimal::Decimal;

use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::model::{Action, Agreement, Amount, AmountOf, Figure, Kind, Obligation, Step};
use crate::money::Money;

pub(super) fn check(agreement: &Agreement, diagnostics: &mut Diagnostics) {
    for obligation in &agreement.obligations {
        for step in &obligation.on_miss {
            match &step.action {
                Action::Escalate { within: None, .. } => {
                    no_deadline(obligation, step, "escalation", diagnostics)
                }
                Action::RecoveryPlan { within: None, .. } => {
                    no_deadline(obligation, step, "recovery plan", diagnostics)
                }
                Action::Withhold { amount, from, .. } => {
                    money(
                        agreement,
                        obligation,
                        step,
                        amount,
                        from.is_none(),
                        "withholding",
                        diagnostics,
                    );
                }
                Action::Clawback { amount, from, .. } => {
                    money(
                        agreement,
                        obligation,
                        step,
                        amount,
                        from.is_none(),
                        "clawback",
                        diagnostics,
                    );
                }
                _ => {}
            }
        }
    }
}

fn no_deadline(obligation: &Obligation, step: &Step, what: &str, diagnostics: &mut Diagnostics) {
    diagnostics.push(
        Diagnostic::new(
            Code::RemedyWithoutDeadline,
            step.span,
            format!(
                "the {what} after miss {} of `{}` has no deadline",
                step.after_misses, obligation.id
            ),
        )
        .label("by when?")
        .help("add `within N days` (or weeks, months) to the step"),
    );
}

fn money(
    agreement: &Agreement,
    obligation: &Obligation,
    step: &Step,
    amount: &Amount,
    no_payer: bool,
    what: &str,
    diagnostics: &mut Diagnostics,
) {
    let named_payer = matches!(amount.of.as_deref(), Some(AmountOf::Contribution { .. }));
    // With an attribution, each owner answers for its own part; without one,
    // who pays for a joint miss is open to argument.
    if no_payer && !named_payer && obligation.owners.len() > 1 && obligation.attribution.is_none() {
        let owners: Vec<String> = obligation
            .owners
            .iter()
            .map(|o| format!("`{}`", o.name))
            .collect();
        diagnostics.push(
            Diagnostic::new(
                Code::RemedyWithoutParty,
                step.span,
                format!(
                    "the {what} after miss {} of `{}` does not say which of its owners pays",
                    step.after_misses, obligation.id
                ),
            )
            .label(format!("owned by {}", owners.join(", ")))
            .help("add `from PARTNER` to the step"),
        );
    }
    let (exceeds, base_words) = match (amount.figure, amount.of.as_deref()) {
        (Figure::Percent(percent), _) if percent > Decimal::ONE_HUNDRED => {
            (true, format!("{percent}% is more than all of it"))
        }
        (Figure::Money(sum), Some(of)) => match base(agreement, of) {
            Some((base, words)) if sum.pence() > base.pence() => {
                (true, format!("{sum} is more than {words}, {base}"))
            }
            _ => (false, String::new()),
        },
        _ => (false, String::new()),
    };
    if exceeds {
        diagnostics.push(
            Diagnostic::new(
                Code::ClawbackExceedsSum,
                amount.span,
                format!(
                    "the {what} after miss {} of `{}` is larger than the sum it applies to",
                    step.after_misses, obligation.id
                ),
            )
            .label(base_words)
            .help("correct the amount, or what it is taken from"),
        );
    }
}

/// The whole sum an amount can be taken from, over the term, in words.
fn base(agreement: &Agreement, of: &AmountOf) -> Option<(Money, String)> {
    match of {
        AmountOf::Fund(fund) => match fund.kind {
            Kind::Pool | Kind::Aligned => {
                let pool = agreement.pools.get(fund.index)?;
                // A figure notified later is not known: nothing to compare.
                if pool.contributions.iter().any(|y| !y.known()) {
                    return None;
                }
                let contributions = pool
                    .contributions
                    .iter()
                    .flat_map(|y| y.entries.iter().map(|e| e.amount.value));
                let grants = pool
                    .grants
                    .iter()
                    .flat_map(|g| g.amounts.iter().map(|(_, a)| a.value));
                let total = Money::sum(contributions.chain(grants))?;
                Some((total, format!("all the money in `{}`", fund.name)))
            }
            Kind::Grant => {
                let pool = agreement.pools.get(fund.index)?;
                let grant = pool.grants.iter().find(|g| g.id == fund.name)?;
                let total = Money::sum(grant.amounts.iter().map(|(_, a)| a.value))?;
                Some((total, format!("the whole grant `{}`", fund.name)))
            }
            _ => None,
        },
        AmountOf::Contribution { partner, to } => {
            let pools = agreement
                .pools
                .iter()
                .enumerate()
                .filter(|(i, _)| to.as_ref().is_none_or(|t| t.index == *i));
            let entries: Vec<_> = pools
                .flat_map(|(_, p)| {
                    p.contributions.iter().flat_map(|y| {
                        y.entries
                            .iter()
                            .filter(|e| e.partner.index == partner.index)
                    })
                })
                .collect();
            // A figure notified later is not known: nothing to compare.
            if entries.iter().any(|e| !e.known()) {
                return None;
            }
            let total = Money::sum(entries.iter().map(|e| e.amount.value))?;
            Some((total, format!("all of `{}`'s contributions", partner.name)))
        }
    }
}
