//! Schemes inside a pool, payment for performance and risk reserves shared
//! between pools.

use serde::Serialize;

use super::{At, FixedShare, Name, Ref, RiskRule, Share};
use crate::money::Money;
use crate::period::{FinancialYear, Period};
use crate::source::Span;

/// An amount for one financial year.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct YearAmount {
    /// The year.
    pub year: At<FinancialYear>,
    /// The amount.
    pub amount: At<Money>,
}

/// One service line of a pool: its own plan, who commissions it and, if
/// written, its own risk rule.
#[derive(Debug, Clone, Serialize)]
pub struct Scheme {
    /// Its id.
    pub id: Name,
    /// Its name.
    pub name: crate::model::Words,
    /// The funding streams its money comes from: partners (their
    /// contributions) and grants of the pool.
    pub funded_by: Vec<Ref>,
    /// The functions it pays for.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub functions: Vec<Ref>,
    /// The one partner commissioning it.
    pub lead: Option<Ref>,
    /// The part of it each partner commissions, when commissioned jointly.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub commissioned: Vec<FixedShare>,
    /// The planned spend by year.
    pub plans: Vec<YearAmount>,
    /// The allocations not yet committed by year, which a cascade may cut.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub uncommitted: Vec<YearAmount>,
    /// Who bears its overspend, when it has its own rule.
    pub overspend: Option<RiskRule>,
    /// What happens to its underspend, when it has its own rule.
    pub underspend: Option<RiskRule>,
    /// Marks of what in it is illustrative or draft, in the order written.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub marks: Vec<crate::model::Mark>,
    /// The clause cited.
    pub clause: Option<String>,
    /// The header line.
    #[serde(skip)]
    pub span: Span,
}

impl Scheme {
    /// The planned spend in a year, if planned.
    pub fn plan(&self, year: FinancialYear) -> Option<Money> {
        self.plans
            .iter()
            .find(|p| p.year.value == year)
            .map(|p| p.amount.value)
    }

    /// The uncommitted allocation in a year (none when not written).
    pub fn uncommitted(&self, year: FinancialYear) -> Money {
        self.uncommitted
            .iter()
            .find(|p| p.year.value == year)
            .map_or(Money::ZERO, |p| p.amount.value)
    }
}

/// Part of a partner's contribution paid into the pool only if an
/// obligation is met.
#[derive(Debug, Clone, Serialize)]
pub struct Payment {
    /// How much.
    pub amount: At<Money>,
    /// The partner whose contribution it is part of.
    pub from: Ref,
    /// The year of the contribution.
    pub year: At<FinancialYear>,
    /// The obligation whose outcome releases it.
    pub obligation: Ref,
    /// The period the outcome is judged at.
    pub by: Period,
    /// Where it goes if the obligation is not met (`kept by`, `returned
    /// to`).
    pub otherwise: Share,
    /// What it then pays for, as written.
    pub purpose: Option<String>,
    /// The clause cited.
    pub clause: Option<String>,
    /// The statement.
    #[serde(skip)]
    pub span: Span,
}

/// A risk reserve: funded by partners in stated shares, drawn on by one or
/// more pools, one balance over the term unless topped up each year.
#[derive(Debug, Clone, Serialize)]
pub struct Reserve {
    /// Its id.
    pub id: Name,
    /// Its name.
    pub name: crate::model::Words,
    /// Its amount at the start of the term (and of each year when topped
    /// up).
    pub amount: Option<At<Money>>,
    /// Who funds it, in what shares.
    pub funded_by: Vec<FixedShare>,
    /// The pools that may draw on it.
    pub serves: Vec<Ref>,
    /// Whether it is topped up to its amount at the start of each year.
    pub topped_up: bool,
    /// Marks of what in it is illustrative or draft, in the order written.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub marks: Vec<crate::model::Mark>,
    /// The clause cited.
    pub clause: Option<String>,
    /// The header line.
    #[serde(skip)]
    pub span: Span,
    /// Whether a line in the block could not be read.
    #[serde(skip)]
    pub damaged: bool,
}
