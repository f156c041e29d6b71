//! Schemes, payments for performance and the cascade steps that draw on
//! schemes and other pools: E0304 (commissioning shares), E0310, E0311,
//! E0312, E0314, E0315, E0316, E0317, E0319 and W0312.

use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::model::{Agreement, CascadeStep, Kind, Pool, PoolKind, RiskRule, Scheme, Share};
use crate::money::Money;

pub(super) fn check(agreement: &Agreement, diagnostics: &mut Diagnostics) {
    for (index, pool) in agreement.pools.iter().enumerate() {
        for scheme in &pool.schemes {
            commissioners(pool, scheme, diagnostics);
            funding(pool, scheme, diagnostics);
            uncommitted(scheme, diagnostics);
            for rule in [&scheme.overspend, &scheme.underspend]
                .into_iter()
                .flatten()
            {
                steps(pool, index, Some(scheme), rule, diagnostics);
                if let Share::Fixed(shares) = &rule.share {
                    super::money::shares_add_up(
                        shares,
                        &format!("the shares of scheme `{}`", scheme.id),
                        diagnostics,
                    );
                }
            }
        }
        for rule in [&pool.overspend, &pool.underspend].into_iter().flatten() {
            steps(pool, index, None, rule, diagnostics);
        }
        if !pool.damaged && pool.kind == PoolKind::Pooled {
            plans(agreement, pool, diagnostics);
        }
        payments(pool, diagnostics);
    }
}

/// W0312, E0319 and E0304: who commissions a scheme.
fn commissioners(pool: &Pool, scheme: &Scheme, diagnostics: &mut Diagnostics) {
    match (&scheme.lead, scheme.commissioned.first()) {
        (None, None) => diagnostics.push(
            Diagnostic::new(
                Code::NoSchemeCommissioner,
                scheme.span,
                format!(
                    "scheme `{}` of `{}` does not say who commissions it",
                    scheme.id, pool.id
                ),
            )
            .label("no lead, no commissioners")
            .help("add `lead PARTNER`, or `commissioned by PARTNER N%, PARTNER N%` for a scheme commissioned jointly"),
        ),
        (Some(lead), Some(first)) => diagnostics.push(
            Diagnostic::new(
                Code::SchemeLeadAndJoint,
                lead.span,
                format!(
                    "scheme `{}` has a lead, `{}`, and joint commissioners",
                    scheme.id, lead.name
                ),
            )
            .label("one lead")
            .with_secondary(first.partner.span, "and joint commissioners")
            .help("keep `lead` for a scheme one partner commissions, or `commissioned by` for one commissioned jointly"),
        ),
        _ => super::money::shares_add_up(
            &scheme.commissioned,
            &format!("the commissioning shares of scheme `{}`", scheme.id),
            diagnostics,
        ),
    }
}

/// E0312: a scheme's funding streams are the pool's contributors and grants.
fn funding(pool: &Pool, scheme: &Scheme, diagnostics: &mut Diagnostics) {
    for stream in &scheme.funded_by {
        let (found, what) = match stream.kind {
            Kind::Partner => (
                pool.contributions
                    .iter()
                    .any(|y| y.entries.iter().any(|e| e.partner.index == stream.index)),
                "pays nothing into",
            ),
            Kind::Grant => (
                pool.grants.iter().any(|g| g.id == stream.name),
                "is a grant of another pool than",
            ),
            _ => continue,
        };
        if found {
            continue;
        }
        diagnostics.push(
            Diagnostic::new(
                Code::SchemeFundingNotInPool,
                stream.span,
                format!("`{}` {what} `{}`", stream.name, pool.id),
            )
            .label("not the pool's money")
            .with_secondary(pool.span, "the pool")
            .help(
                "a scheme is funded by partners contributing to its pool and by the pool's grants",
            ),
        );
    }
}

/// E0311: an uncommitted allocation is part of the year's plan.
fn uncommitted(scheme: &Scheme, diagnostics: &mut Diagnostics) {
    for open in &scheme.uncommitted {
        let year = open.year.value;
        let plan = scheme.plan(year);
        if plan.is_some_and(|plan| open.amount.value <= plan) {
            continue;
        }
        let message = match plan {
            Some(plan) => format!(
                "scheme `{}` has {} uncommitted in {year}, more than its plan of {plan}",
                scheme.id, open.amount.value
            ),
            None => format!(
                "scheme `{}` has {} uncommitted in {year}, a year it has no plan",
                scheme.id, open.amount.value
            ),
        };
        diagnostics.push(
            Diagnostic::new(Code::UncommittedOverPlan, open.amount.span, message)
                .label("more than planned")
                .help("an uncommitted allocation is the part of the year's plan not yet committed: at most the plan"),
        );
    }
}

/// E0314, E0316 and E0317: cascade steps that could never take anything.
fn steps(
    pool: &Pool,
    index: usize,
    scheme: Option<&Scheme>,
    rule: &RiskRule,
    diagnostics: &mut Diagnostics,
) {
    let schemes: Vec<&Scheme> = match scheme {
        Some(one) => vec![one],
        None => pool.schemes.iter().collect(),
    };
    for step in &rule.cascade {
        match step {
            CascadeStep::Underspend { pool: other, .. }
                if other.index == index && scheme.is_none() =>
            {
                diagnostics.push(
                    Diagnostic::new(
                        Code::UnderspendOfItself,
                        other.span,
                        format!("`{}` draws on its own underspend", pool.id),
                    )
                    .label("the same pool")
                    .help(
                        "a pool with an overspend has no underspend that year: name the other pool",
                    ),
                );
            }
            CascadeStep::CutUncommitted { span, .. }
                if !schemes.iter().any(|s| !s.uncommitted.is_empty()) =>
            {
                let whose = match scheme {
                    Some(s) => format!("scheme `{}`", s.id),
                    None => format!("no scheme of `{}`", pool.id),
                };
                let message = match scheme {
                    Some(_) => format!("{whose} states no uncommitted allocation to cut"),
                    None => format!("{whose} states an uncommitted allocation to cut"),
                };
                diagnostics.push(
                    Diagnostic::new(Code::CutWithoutUncommitted, *span, message)
                        .label("nothing to cut")
                        .help("state each scheme's `uncommitted 2017/18 £X`, or remove the step"),
                );
            }
            _ => {}
        }
    }
    let by_commissioning = rule
        .cascade
        .iter()
        .filter_map(|step| match step {
            CascadeStep::Share { share, .. } => Some(share),
            _ => None,
        })
        .chain([&rule.share])
        .any(|share| matches!(share, Share::ByCommissioning));
    let commissioned = schemes.iter().any(|s| {
        (s.lead.is_some() || !s.commissioned.is_empty())
            && (scheme.is_some() || !s.plans.is_empty())
    });
    if by_commissioning && !commissioned {
        let whose = match scheme {
            Some(s) => format!("scheme `{}` says", s.id),
            None => format!("no scheme of `{}` says", pool.id),
        };
        diagnostics.push(
            Diagnostic::new(
                Code::NoCommissioners,
                rule.span,
                format!("shared by commissioning, but {whose} who commissions it"),
            )
            .label("nothing to share by")
            .help("give the schemes a `lead` or `commissioned by` line and a `plan`, or share by contribution"),
        );
    }
}

/// E0310: the schemes' plans add up to the pool's budget, year by year.
fn plans(agreement: &Agreement, pool: &Pool, diagnostics: &mut Diagnostics) {
    if pool.schemes.is_empty() {
        return;
    }
    let Some(term) = &agreement.term else {
        return;
    };
    for year in term.years() {
        // A figure notified later is not known yet: nor is the budget.
        if pool
            .year(year)
            .is_some_and(|y| y.entries.iter().any(|e| !e.known()))
        {
            continue;
        }
        let Some(budget) = super::money::received(pool, year) else {
            continue;
        };
        let planned = pool.schemes.iter().filter_map(|s| s.plan(year));
        let Some(planned) = Money::sum(planned) else {
            continue;
        };
        if planned == budget || (budget == Money::ZERO && pool.year(year).is_none()) {
            continue;
        }
        let gap = budget.checked_sub(planned).unwrap_or(Money::ZERO);
        let label = if gap.is_negative() {
            format!("{} more than the pool has", gap.abs())
        } else {
            format!("{gap} of the pool unplanned")
        };
        let mut diagnostic = Diagnostic::new(
            Code::SchemePlansNotBudget,
            pool.span,
            format!(
                "the schemes of `{}` plan {planned} in {year}, but the pool has {budget}",
                pool.id
            ),
        )
        .label(label);
        for scheme in &pool.schemes {
            match scheme.plans.iter().find(|p| p.year.value == year) {
                Some(plan) => {
                    diagnostic = diagnostic.with_secondary(
                        plan.amount.span,
                        format!("`{}` plans {}", scheme.id, plan.amount.value),
                    );
                }
                None => {
                    diagnostic = diagnostic.with_secondary(
                        scheme.span,
                        format!("`{}` has no plan for {year}", scheme.id),
                    );
                }
            }
        }
        diagnostics.push(diagnostic.help(
            "the schemes' plans for a year add up to the pool's contributions and grants that year: correct a plan or a contribution",
        ));
    }
}

/// E0315: a payment for performance is part of the partner's contribution.
fn payments(pool: &Pool, diagnostics: &mut Diagnostics) {
    for payment in &pool.payments {
        let year = payment.year.value;
        // In a pool with an unreadable line, a missing year is probably
        // that line.
        if pool.damaged && pool.year(year).is_none() {
            continue;
        }
        let paid = pool
            .year(year)
            .and_then(|y| {
                y.entries
                    .iter()
                    .find(|e| e.partner.index == payment.from.index)
            })
            .map(|e| e.amount.value);
        if paid.is_some_and(|paid| payment.amount.value <= paid) {
            continue;
        }
        let message = match paid {
            Some(paid) => format!(
                "{} is held back from `{}`'s {year} contribution of {paid}",
                payment.amount.value, payment.from.name
            ),
            None => format!(
                "{} is held back from `{}`, which contributes nothing to `{}` in {year}",
                payment.amount.value, payment.from.name, pool.id
            ),
        };
        diagnostics.push(
            Diagnostic::new(Code::PaymentOverContribution, payment.amount.span, message)
                .label("more than the contribution")
                .help("a payment for performance is part of the partner's contribution for the year: at most the contribution"),
        );
    }
}
