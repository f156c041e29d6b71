//! Grants passed on: what a grant passes to other bodies in a year is no
//! more than the grant that year (E0322), and no percentage passed on is
//! more than the whole (E0323).

use rust_decimal::Decimal;

use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::model::{Agreement, Grant, PassShare, Pool};
use crate::money::Money;
use crate::period::FinancialYear;

pub(super) fn check(agreement: &Agreement, diagnostics: &mut Diagnostics) {
    for pool in &agreement.pools {
        for grant in &pool.grants {
            if grant.passed_to.is_empty() {
                continue;
            }
            if percentages(grant, diagnostics) {
                amounts(pool, grant, diagnostics);
            }
        }
    }
}

/// E0323: each percentage passed on, and their sum, is between 0% and
/// 100%. Gives whether they are.
fn percentages(grant: &Grant, diagnostics: &mut Diagnostics) -> bool {
    let mut sum = Decimal::ZERO;
    let mut fine = true;
    for pass in &grant.passed_to {
        let PassShare::Percent { percent } = pass.share else {
            continue;
        };
        if percent.is_sign_negative() && !percent.is_zero() || percent > Decimal::ONE_HUNDRED {
            fine = false;
            diagnostics.push(
                Diagnostic::new(
                    Code::PassThroughPercent,
                    pass.span,
                    format!(
                        "grant `{}` passes {}% to `{}`",
                        grant.id,
                        percent.normalize(),
                        pass.to.name
                    ),
                )
                .label("not a part of the grant")
                .help("a part passed on is from 0% to 100% of each year's amount"),
            );
        }
        sum += percent;
    }
    if fine && sum > Decimal::ONE_HUNDRED {
        fine = false;
        let first = grant
            .passed_to
            .iter()
            .filter(|p| matches!(p.share, PassShare::Percent { .. }));
        let span = first.fold(None, |span: Option<crate::source::Span>, p| {
            Some(span.map_or(p.span, |s| s.to(p.span)))
        });
        if let Some(span) = span {
            diagnostics.push(
                Diagnostic::new(
                    Code::PassThroughPercent,
                    span,
                    format!(
                        "grant `{}` passes on {}% of each year's amount in all",
                        grant.id,
                        sum.normalize()
                    ),
                )
                .label("more than the whole grant")
                .help("the parts passed on add up to at most 100%"),
            );
        }
    }
    fine
}

/// E0322: in each year, the amounts and percentages passed on add up to
/// no more than the grant that year.
fn amounts(pool: &Pool, grant: &Grant, diagnostics: &mut Diagnostics) {
    let mut years: Vec<FinancialYear> = grant.amounts.iter().map(|(y, _)| y.value).collect();
    years.extend(grant.passed_to.iter().filter_map(|p| match p.share {
        PassShare::Amount { year, .. } => Some(year),
        PassShare::Percent { .. } => None,
    }));
    years.sort_unstable();
    years.dedup();
    for year in years {
        let whole = grant.amount_in(year).unwrap_or(Money::ZERO);
        let parts = grant.passed_to.iter().filter_map(|p| match p.share {
            PassShare::Amount { amount, year: y } if y == year => Some((p, amount)),
            PassShare::Percent { percent } => Some((p, whole.percent_of(percent)?)),
            PassShare::Amount { .. } => None,
        });
        let mut sum = Money::ZERO;
        let mut last = None;
        for (pass, amount) in parts {
            // A sum too large to hold is E0018's.
            let Some(next) = sum.checked_add(amount) else {
                return;
            };
            sum = next;
            if let PassShare::Amount { .. } = pass.share {
                last = Some(pass.span);
            } else {
                last = last.or(Some(pass.span));
            }
        }
        let Some(span) = last else {
            continue;
        };
        if sum > whole {
            let over = sum.checked_sub(whole).unwrap_or(Money::ZERO);
            diagnostics.push(
                Diagnostic::new(
                    Code::PassThroughExceedsGrant,
                    span,
                    format!(
                        "grant `{}` to `{}` passes on {sum} in {year}, more than the {whole} it gives that year",
                        grant.id, pool.id
                    ),
                )
                .label(format!("{over} more than the grant"))
                .with_secondary(grant.span, "the grant")
                .help("correct the amounts passed on, or the grant's amount for the year"),
            );
        }
    }
}
