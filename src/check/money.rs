//! Money: contributions for every year, none negative, totals that add up to
//! the penny, and fixed shares that give out exactly 100%.

use rust_decimal::Decimal;

use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::model::{
    Agreement, CascadeStep, DeclaredTotal, FixedShare, Pool, PoolKind, RiskRule, Share,
};
use crate::money::Money;
use crate::period::FinancialYear;
use crate::source::Span;

pub(super) fn check(agreement: &Agreement, diagnostics: &mut Diagnostics) {
    too_large(agreement, diagnostics);
    for pool in &agreement.pools {
        negative(pool, diagnostics);
        for rule in [&pool.overspend, &pool.underspend].into_iter().flatten() {
            risk_shares(pool, rule, diagnostics);
        }
        let Some(term) = &agreement.term else {
            continue;
        };
        let mut outside = false;
        for table in &pool.contributions {
            if !term.contains(table.year.value) {
                outside = true;
                diagnostics.push(super::outside_term(
                    Code::ContributionOutsideTerm,
                    table.year.span,
                    format_args!("contributions to `{}` for {}", pool.id, table.year.value),
                    term,
                    "correct the year, or extend the term",
                ));
            }
        }
        let missing: Vec<FinancialYear> =
            term.years().filter(|y| pool.year(*y).is_none()).collect();
        // In a pool with an unreadable line, a missing year is probably that line.
        if !missing.is_empty() && !pool.damaged {
            let years: Vec<String> = missing.iter().map(|y| y.to_string()).collect();
            let list = english_list(&years);
            let word = if pool.kind == PoolKind::Pooled {
                "pool"
            } else {
                "aligned budget"
            };
            diagnostics.push(
                Diagnostic::new(
                    Code::MissingContributions,
                    pool.span,
                    format!("{word} `{}` has no contributions for {list}", pool.id),
                )
                .label(format!("no contributions for {list}"))
                .with_secondary(term.span, "the term")
                .help(format!(
                    "add `contributions {} {{ PARTNER £AMOUNT, ... }}` for each year of the term",
                    missing.first().map(|y| y.to_string()).unwrap_or_default()
                ))
                .maybe_fix(add_years(pool, &missing)),
            );
        }
        if !outside && !pool.damaged {
            for declared in &pool.totals {
                total(pool, declared, diagnostics);
            }
        }
    }
}

/// The fix of E0301 when the pool has a table to copy: the missing years'
/// tables, each a copy of the nearest year's before it (or after, for years
/// before the first), written after the last table; the amounts are then
/// corrected by hand.
fn add_years(pool: &Pool, missing: &[FinancialYear]) -> Option<(String, Span, String)> {
    let last = pool.contributions.iter().max_by_key(|t| t.span.end)?;
    let mut text = String::new();
    for year in missing {
        let nearest = pool
            .contributions
            .iter()
            .filter(|t| t.year.value < *year)
            .max_by_key(|t| t.year.value)
            .or_else(|| pool.contributions.iter().min_by_key(|t| t.year.value))?;
        let entries: Vec<String> = nearest
            .entries
            .iter()
            .map(|e| format!("{} {}", e.partner.name, e.as_written()))
            .collect();
        text.push_str(&format!(
            "\n    contributions {year} {{ {} }}",
            entries.join(", ")
        ));
    }
    let years: Vec<String> = missing.iter().map(|y| y.to_string()).collect();
    let at = Span {
        start: last.span.end,
        ..last.span
    };
    Some((
        format!(
            "add contributions for {} (amounts copied from the nearest year)",
            english_list(&years)
        ),
        at,
        text,
    ))
}

/// E0302: no contribution is negative.
fn negative(pool: &Pool, diagnostics: &mut Diagnostics) {
    for table in &pool.contributions {
        for entry in &table.entries {
            if entry.amount.value.is_negative() {
                diagnostics.push(
                    Diagnostic::new(
                        Code::NegativeContribution,
                        entry.amount.span,
                        format!(
                            "`{}` contributes {} to `{}` in {}",
                            entry.partner.name, entry.amount.value, pool.id, table.year.value
                        ),
                    )
                    .label("below zero")
                    .help("a contribution is money paid in; write a reduction as a smaller contribution"),
                );
            }
        }
    }
    for grant in &pool.grants {
        for (year, amount) in &grant.amounts {
            if amount.value.is_negative() {
                diagnostics.push(
                    Diagnostic::new(
                        Code::NegativeContribution,
                        amount.span,
                        format!(
                            "grant `{}` pays {} into `{}` in {}",
                            grant.id, amount.value, pool.id, year.value
                        ),
                    )
                    .label("below zero")
                    .help("a grant is money paid in; a repayment is a clawback"),
                );
            }
        }
    }
}

/// E0018: every contribution and grant of the agreement, whatever its sign,
/// adds up to an amount that can be held exactly. Then any sum of some of them
/// (a year of a pool, a partner's part, a total over the term) can be too,
/// and no later sum needs to say what happens when it cannot.
fn too_large(agreement: &Agreement, diagnostics: &mut Diagnostics) {
    let contributions = agreement
        .pools
        .iter()
        .flat_map(|pool| &pool.contributions)
        .flat_map(|table| &table.entries)
        .map(|entry| entry.amount);
    let grants = agreement
        .pools
        .iter()
        .flat_map(|pool| &pool.grants)
        .flat_map(|grant| &grant.amounts)
        .map(|(_, amount)| *amount);
    let mut sum = Money::ZERO;
    for amount in contributions.chain(grants) {
        match sum.checked_add(amount.value.abs()) {
            Some(next) => sum = next,
            None => {
                diagnostics.push(
                    Diagnostic::new(
                        Code::AmountsTooLarge,
                        amount.span,
                        format!(
                            "the contributions and grants of `{}` add up to more than {}",
                            agreement.id,
                            Money::MAX
                        ),
                    )
                    .label(format!("the sum passes {} here", Money::MAX))
                    .help("no agreement pools this much: look for a figure with digits to spare or the wrong suffix (`bn` for `m`)"),
                );
                return;
            }
        }
    }
}

/// What a pool receives in one year: contributions and grants.
pub(super) fn received(pool: &Pool, year: FinancialYear) -> Option<Money> {
    let contributions = pool
        .year(year)
        .into_iter()
        .flat_map(|table| table.entries.iter().map(|e| e.amount.value));
    let grants = pool
        .grants
        .iter()
        .flat_map(|g| g.amounts.iter())
        .filter(|(y, _)| y.value == year)
        .map(|(_, amount)| amount.value);
    Money::sum(contributions.chain(grants))
}

/// E0303: a declared total equals what is paid in over the years it covers.
fn total(pool: &Pool, total: &DeclaredTotal, diagnostics: &mut Diagnostics) {
    if total.years.iter().any(|y| pool.year(*y).is_none()) {
        // A missing year is reported on its own; a sum without it would
        // repeat the same problem.
        return;
    }
    if total
        .years
        .iter()
        .any(|y| pool.year(*y).is_some_and(|t| !t.known()))
    {
        // A figure `as notified` is not known until it is notified: the
        // agreement is right to say so, and no sum of that year can be
        // checked yet.
        return;
    }
    let groups: Vec<Vec<FinancialYear>> = if total.each_year {
        total.years.iter().map(|y| vec![*y]).collect()
    } else {
        vec![total.years.clone()]
    };
    for years in groups {
        // A sum too large to hold is E0018, reported once for the agreement.
        let Some(sum) = years
            .iter()
            .map(|y| received(pool, *y))
            .try_fold(Money::ZERO, |sum, year| sum.checked_add(year?))
        else {
            return;
        };
        if sum == total.amount.value {
            continue;
        }
        let Some(difference) = total.amount.value.checked_sub(sum) else {
            return;
        };
        let span_of_years = match (years.first(), years.last()) {
            (Some(first), Some(last)) if first == last => format!("in {first}"),
            (Some(first), Some(last)) => format!("over {first} to {last}"),
            _ => String::new(),
        };
        let what = if pool.grants.is_empty() {
            "the contributions"
        } else {
            "the contributions and grants"
        };
        let direction = if difference.is_negative() {
            "more"
        } else {
            "less"
        };
        diagnostics.push(
            Diagnostic::new(
                Code::TotalMismatch,
                total.amount.span,
                format!(
                    "`{}` is declared as {} {span_of_years}, but {what} add up to {sum}",
                    pool.id, total.amount.value
                ),
            )
            .label(format!("{what} come to {} {direction}", difference.abs()))
            .help(format!(
                "correct the total to {sum}, or the contributions so they add up to {}",
                total.amount.value
            ))
            .fix(
                format!("correct the total to {sum}"),
                total.amount.span,
                sum.to_string(),
            ),
        );
    }
}

/// E0304: fixed shares of an overspend or underspend add up to 100%.
fn risk_shares(pool: &Pool, rule: &RiskRule, diagnostics: &mut Diagnostics) {
    let side = match rule.side {
        crate::syntax::ast::RiskSide::Overspend => "overspend",
        crate::syntax::ast::RiskSide::Underspend => "underspend",
    };
    let steps = rule.cascade.iter().filter_map(|step| match step {
        CascadeStep::Share { share, .. } => Some(share),
        _ => None,
    });
    for share in steps.chain([&rule.share]) {
        if let Share::Fixed(shares) = share {
            shares_add_up(
                shares,
                &format!("the {side} shares of `{}`", pool.id),
                diagnostics,
            );
        }
    }
}

/// E0304 for any list of fixed shares.
pub(super) fn shares_add_up(shares: &[FixedShare], what: &str, diagnostics: &mut Diagnostics) {
    let Some(first) = shares.first() else {
        return;
    };
    let sum: Decimal = shares.iter().map(|s| s.percent.value).sum();
    if sum == Decimal::ONE_HUNDRED {
        return;
    }
    let all = shares
        .iter()
        .fold(first.percent.span, |span, s| span.to(s.percent.span));
    let gap = Decimal::ONE_HUNDRED - sum;
    let fix = if gap.is_sign_positive() {
        format!("{}% is given to nobody", gap.normalize())
    } else {
        format!("{}% too much is given out", (-gap).normalize())
    };
    diagnostics.push(
        Diagnostic::new(
            Code::SharesNot100,
            all,
            format!("{what} add up to {}%, not 100%", sum.normalize()),
        )
        .label(fix)
        .help("correct the percentages so that they add up to exactly 100%"),
    );
}

fn english_list(items: &[String]) -> String {
    match items.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
    }
}
