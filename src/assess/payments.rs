//! Payment for performance: whether each amount held back from a partner's
//! contribution is released into the pool, from the outcome of the
//! obligation it depends on at the period the agreement names.
//!
//! The amount is released when every owner judged on the obligation met it
//! (or was within tolerance) at that period; it is withheld, and goes where
//! the agreement says (`otherwise kept by` / `returned to` a partner), when
//! any missed it; and the decision waits while the figure for the period is
//! not in (not yet published, not reported, or not available). A settlement
//! of the pool's year waits with it: settling before the pool's budget is
//! known would share the wrong amount.

use serde::Serialize;

use super::assessment::{ObligationAssessment, PeriodAssessment, Status};
use super::settle::outturn::Withheld;
use crate::model::{Agreement, Name, Share};
use crate::money::Money;
use crate::period::{FinancialYear, Period};

/// What became of a payment for performance.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Release {
    /// Paid into the pool: the obligation was met.
    Released,
    /// Not paid into the pool: the obligation was not met.
    Withheld,
    /// Not yet known: the figure for the period is not in.
    Undecided,
}

impl Release {
    /// As written in JSON and scenarios: `released`, `withheld`,
    /// `undecided`.
    pub fn key(self) -> &'static str {
        match self {
            Release::Released => "released",
            Release::Withheld => "withheld",
            Release::Undecided => "undecided",
        }
    }

    /// In words.
    pub fn words(self) -> &'static str {
        match self {
            Release::Released => "released",
            Release::Withheld => "withheld",
            Release::Undecided => "not yet decided",
        }
    }
}

/// One payment for performance, judged.
#[derive(Debug, Clone, Serialize)]
pub struct PaymentOutcome {
    /// The pool it would be paid into.
    pub pool: Name,
    /// The partner whose contribution it is part of.
    pub partner: Name,
    /// The year of the contribution.
    pub year: FinancialYear,
    /// How much.
    pub amount: Money,
    /// The obligation it depends on.
    pub obligation: Name,
    /// The period the outcome is judged at.
    pub judged_at: Period,
    /// Released, withheld or undecided.
    pub release: Release,
    /// Where a withheld amount goes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub goes_to: Option<Name>,
    /// The evidence: each owner's status at the period, with its row.
    pub evidence: Vec<String>,
    /// The clause cited.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub clause: Option<String>,
    /// The whole outcome in one sentence.
    pub explanation: String,
}

/// The obligations whose periods the payments need, by index.
pub fn obligations_needed(agreement: &Agreement) -> Vec<usize> {
    let mut needed: Vec<usize> = agreement
        .pools
        .iter()
        .flat_map(|p| &p.payments)
        .map(|p| p.obligation.index)
        .collect();
    needed.sort_unstable();
    needed.dedup();
    needed
}

/// Judges every payment for performance of the agreement; returns the
/// outcomes and the amounts withheld from pools.
pub fn judge(
    agreement: &Agreement,
    obligations: &[ObligationAssessment],
) -> (Vec<PaymentOutcome>, Vec<Withheld>) {
    let mut outcomes = Vec::new();
    let mut withheld = Vec::new();
    for (pool_index, pool) in agreement.pools.iter().enumerate() {
        for payment in &pool.payments {
            let found = obligations
                .iter()
                .find(|o| o.obligation == payment.obligation.name);
            let (release, evidence) = match found {
                Some(assessed) => judge_at(assessed, payment.by),
                None => (
                    Release::Undecided,
                    vec![format!("`{}` was not assessed", payment.obligation.name)],
                ),
            };
            let goes_to = match &payment.otherwise {
                Share::KeptBy(p) | Share::ReturnedTo(p) | Share::BorneBy(p) => Some(p),
                _ => None,
            };
            let amount = payment.amount.value;
            let who = &payment.from.name;
            let explanation = match release {
                Release::Released => format!(
                    "{amount} of `{who}`'s {} contribution is released into `{}`: `{}` was met at {}",
                    payment.year.value, pool.id, payment.obligation.name, payment.by
                ),
                Release::Withheld => {
                    let verb = match &payment.otherwise {
                        Share::ReturnedTo(_) => "returned to",
                        _ => "kept by",
                    };
                    let purpose = payment
                        .purpose
                        .as_ref()
                        .map(|p| format!(" ({p})"))
                        .unwrap_or_default();
                    format!(
                        "{amount} of `{who}`'s {} contribution is withheld from `{}` and {verb} `{}`{purpose}: `{}` was not met at {}",
                        payment.year.value,
                        pool.id,
                        goes_to.map_or(who.as_str(), |p| p.name.as_str()),
                        payment.obligation.name,
                        payment.by
                    )
                }
                Release::Undecided => format!(
                    "whether {amount} of `{who}`'s {} contribution is paid into `{}` waits for `{}` at {}: the figure is not in, so the pool's {} outturn is not settled yet",
                    payment.year.value, pool.id, payment.obligation.name, payment.by, payment.year.value
                ),
            };
            if release == Release::Withheld {
                withheld.push(Withheld {
                    pool: pool_index,
                    partner: payment.from.index,
                    year: payment.year.value,
                    amount,
                });
            }
            outcomes.push(PaymentOutcome {
                pool: pool.id.clone(),
                partner: who.clone(),
                year: payment.year.value,
                amount,
                obligation: payment.obligation.name.clone(),
                judged_at: payment.by,
                release,
                goes_to: goes_to.map(|p| p.name.clone()),
                evidence,
                clause: payment.clause.clone(),
                explanation,
            });
        }
    }
    (outcomes, withheld)
}

/// The outcome of an obligation at `at`: each owner's figure for `at`
/// itself, or for the last period within it.
fn judge_at(assessed: &ObligationAssessment, at: Period) -> (Release, Vec<String>) {
    let (mut missed, mut waiting) = (false, false);
    let mut evidence = Vec::new();
    if assessed.owners.is_empty() {
        return (
            Release::Undecided,
            vec!["no owner is judged on it".to_owned()],
        );
    }
    for owner in &assessed.owners {
        let found: Option<&PeriodAssessment> = owner
            .periods
            .iter()
            .chain(owner.latest.iter())
            .filter(|p| p.period == at || at.contains(p.period))
            .max_by_key(|p| p.period.end_month());
        let Some(found) = found.filter(|p| p.period.end_month() == at.end_month()) else {
            evidence.push(format!("`{}`: no figure for {at} yet", owner.owner));
            waiting = true;
            continue;
        };
        let row = found
            .row
            .as_ref()
            .map(|r| format!(" ({r})"))
            .unwrap_or_default();
        let actual = found
            .actual
            .map(|a| format!(" {} against {}", a.normalize(), found.expected.normalize()))
            .unwrap_or_default();
        evidence.push(format!(
            "`{}` {}: {}{actual}{row}",
            owner.owner,
            found.period,
            found.status.words()
        ));
        match found.status {
            Status::Met | Status::WithinTolerance => {}
            // A waiver excuses the owner from the ladder, not the
            // condition of the payment: the figure still missed.
            Status::Missed | Status::Waived => missed = true,
            Status::NotReported | Status::DataNotAvailable | Status::NotYetAvailable => {
                waiting = true;
            }
        }
    }
    let release = if missed {
        Release::Withheld
    } else if waiting {
        Release::Undecided
    } else {
        Release::Released
    };
    (release, evidence)
}
