//! Pooled funds and aligned budgets: contributions, grants, totals and the
//! sharing of risk.

use rust_decimal::Decimal;
use serde::Serialize;

use super::{At, Citation, Name, Ref};
use crate::money::Money;
use crate::period::FinancialYear;
use crate::source::Span;
use crate::syntax::ast::RiskSide;

/// Whether a budget is pooled or aligned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PoolKind {
    /// A pooled fund under regulation 7.
    Pooled,
    /// An aligned budget, kept in each partner's own accounts.
    Aligned,
}

/// A pooled fund or aligned budget.
#[derive(Debug, Clone, Serialize)]
pub struct Pool {
    /// Its id.
    pub id: Name,
    /// Its full name.
    pub name: crate::model::Words,
    /// Pooled or aligned.
    pub kind: PoolKind,
    /// The host partner.
    pub host: Option<Ref>,
    /// The pool manager (the pooled fund manager).
    pub manager: Option<Manager>,
    /// The functions it pays for.
    pub functions: Vec<Ref>,
    /// Where its first `functions` line is, if it has one.
    #[serde(skip)]
    pub functions_line: Option<Span>,
    /// Lead commissioning arrangements.
    pub leads: Vec<LeadCommission>,
    /// Contributions by year.
    pub contributions: Vec<YearContributions>,
    /// Grants paid in from outside.
    pub grants: Vec<Grant>,
    /// The declared totals, in the order written: one, or one `in YEAR`
    /// for each of several years.
    pub totals: Vec<DeclaredTotal>,
    /// Who bears an overspend.
    pub overspend: Option<RiskRule>,
    /// What happens to an underspend.
    pub underspend: Option<RiskRule>,
    /// Its schemes, in the order written.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub schemes: Vec<super::Scheme>,
    /// Payments for performance out of partners' contributions.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub payments: Vec<super::Payment>,
    /// The pool manager's reports: how often, to whom.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub reports: Vec<super::PoolReporting>,
    /// When a forecast variance triggers the pool manager's ladder.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub on_forecast: Option<ForecastTrigger>,
    /// Marks of what in it is illustrative or draft, in the order written.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub marks: Vec<crate::model::Mark>,
    /// The clause cited.
    pub clause: Option<String>,
    /// Clauses cited by its one-line statements (`host`, `term`, `target`,
    /// ...), in the order written.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub citations: Vec<Citation>,
    /// The header line.
    #[serde(skip)]
    pub span: Span,
    /// Whether a line in the block could not be read, so that sums over it
    /// would be misleading.
    #[serde(skip)]
    pub damaged: bool,
}

/// When a forecast outturn that strays from the year's budget triggers the
/// pool manager's ladder (`on forecast variance over 2% { ... }`).
#[derive(Debug, Clone, Serialize)]
pub struct ForecastTrigger {
    /// How far a forecast may stray, either way, before it triggers.
    pub threshold: crate::syntax::ast::Threshold,
    /// The ladder: a step for the first breach, the second, ...
    pub ladder: Vec<super::Step>,
    /// Where the threshold is written.
    #[serde(skip)]
    pub threshold_span: Span,
    /// The statement.
    #[serde(skip)]
    pub span: Span,
}

impl Pool {
    /// The contributions table for a year.
    pub fn year(&self, year: FinancialYear) -> Option<&YearContributions> {
        self.contributions.iter().find(|c| c.year.value == year)
    }
}

/// The pool manager (the pooled fund manager).
#[derive(Debug, Clone, Serialize)]
pub struct Manager {
    /// The officer's title.
    pub title: crate::model::Words,
    /// The partner employing the officer, if written (else the host).
    pub of: Option<Ref>,
    /// The clause cited.
    pub clause: Option<String>,
}

/// One partner commissioning functions for others.
#[derive(Debug, Clone, Serialize)]
pub struct LeadCommission {
    /// The lead commissioner.
    pub lead: Ref,
    /// The functions.
    pub functions: Vec<Ref>,
    /// On whose behalf.
    pub on_behalf_of: Vec<Ref>,
    /// The clause cited.
    pub clause: Option<String>,
    /// The statement.
    #[serde(skip)]
    pub span: Span,
}

/// One year's contributions to a pool.
#[derive(Debug, Clone, Serialize)]
pub struct YearContributions {
    /// The year.
    pub year: At<FinancialYear>,
    /// Who pays what.
    pub entries: Vec<Contribution>,
    /// The clause cited.
    pub clause: Option<String>,
    /// The statement.
    #[serde(skip)]
    pub span: Span,
}

/// One partner's contribution in one year.
#[derive(Debug, Clone)]
pub struct Contribution {
    /// Who.
    pub partner: Ref,
    /// How much: the figure written, or the one its formula gives (zero
    /// while it is not known; see [`Contribution::known`]). Where a formula
    /// is written, `span` is the formula's.
    pub amount: At<Money>,
    /// How the amount was found, when it is not a figure written.
    pub formula: Option<Box<Formula>>,
}

impl Contribution {
    /// Whether the amount is known: a figure written, an uplift of a known
    /// figure, or a figure notified and supplied.
    pub fn known(&self) -> bool {
        match self.formula.as_deref() {
            None => true,
            Some(Formula::Uplift { base, .. }) => base.is_some(),
            Some(Formula::AsNotified { notified }) => notified.is_some(),
        }
    }

    /// The amount as an agreement writes it: `£1,200,000.00`,
    /// `uplifted 5.66%` or `as notified`.
    pub fn as_written(&self) -> String {
        match self.formula.as_deref() {
            None => self.amount.value.to_string(),
            Some(Formula::Uplift { percent, .. }) => format!("uplifted {}%", percent.normalize()),
            Some(Formula::AsNotified { .. }) => "as notified".to_owned(),
        }
    }
}

impl Serialize for Contribution {
    /// `partner`, `amount` (`null` while not known) and, for a formula,
    /// `formula`.
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("partner", &self.partner)?;
        map.serialize_entry("amount", &self.known().then_some(self.amount.value))?;
        if let Some(formula) = self.formula.as_deref() {
            map.serialize_entry("formula", formula)?;
        }
        map.end()
    }
}

/// How a contribution is found when it is not a figure written
/// (regulation 7(3)(b): "how those contributions may be varied").
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "rule")]
pub enum Formula {
    /// `uplifted 5.66%`: the partner's contribution in the year before,
    /// uplifted by the percentage, rounded half away from zero to the penny.
    Uplift {
        /// The percentage (5.66 for 5.66%).
        percent: Decimal,
        /// The year before.
        base_year: FinancialYear,
        /// The partner's contribution that year, once known.
        base: Option<Money>,
    },
    /// `as notified`: a figure notified later (the Better Care Fund's NHS
    /// minimum), supplied by an allocations file.
    AsNotified {
        /// Where the figure was supplied (`file:line`), once it is.
        notified: Option<String>,
    },
}

impl YearContributions {
    /// Whether every amount of the year is known.
    pub fn known(&self) -> bool {
        self.entries.iter().all(Contribution::known)
    }
}

/// A grant from outside the partnership, paid through a partner.
#[derive(Debug, Clone, Serialize)]
pub struct Grant {
    /// Its id.
    pub id: Name,
    /// Its name.
    pub name: crate::model::Words,
    /// Who pays it.
    pub from: Ref,
    /// The partner it is paid to.
    pub through: Ref,
    /// Amount per year.
    pub amounts: Vec<(At<FinancialYear>, At<Money>)>,
    /// What it may be spent on.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub purpose: Option<String>,
    /// Its conditions, in the order written.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub conditions: Vec<String>,
    /// The money passed on to other bodies (a Disabled Facilities Grant
    /// passed to district councils).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub passed_to: Vec<PassThrough>,
    /// The clause cited.
    pub clause: Option<String>,
    /// The statement.
    #[serde(skip)]
    pub span: Span,
}

impl Grant {
    /// Its amount in `year`, if it gives one.
    pub fn amount_in(&self, year: FinancialYear) -> Option<Money> {
        self.amounts
            .iter()
            .find(|(y, _)| y.value == year)
            .map(|(_, amount)| amount.value)
    }
}

/// Part of a grant passed on to another body.
#[derive(Debug, Clone, Serialize)]
pub struct PassThrough {
    /// The body (an external body or a partner).
    pub to: Ref,
    /// How much.
    #[serde(flatten)]
    pub share: PassShare,
    /// The statement.
    #[serde(skip)]
    pub span: Span,
}

/// How much of a grant is passed on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", untagged)]
pub enum PassShare {
    /// An amount in one year.
    Amount {
        /// How much.
        amount: Money,
        /// In which year.
        year: FinancialYear,
    },
    /// A percentage of each year's amount (20 for 20%).
    Percent {
        /// The percentage.
        percent: Decimal,
    },
}

/// A declared total and the years it covers.
#[derive(Debug, Clone, Serialize)]
pub struct DeclaredTotal {
    /// The amount.
    pub amount: At<Money>,
    /// The years it covers; `each_year` totals are checked year by year.
    pub years: Vec<FinancialYear>,
    /// Whether the amount applies to each year separately.
    pub each_year: bool,
    /// Whether it was written `in YEAR`: a pool may declare one such total
    /// for each of several years.
    pub in_year: bool,
    /// The clause cited.
    pub clause: Option<String>,
    /// The statement.
    #[serde(skip)]
    pub span: Span,
}

impl DeclaredTotal {
    /// The years it covers as written after the amount: `each year`,
    /// `in 2017/18`, `over 2017/18 to 2019/20`; empty when the term has none.
    pub fn when(&self) -> String {
        if self.each_year {
            return "each year".to_owned();
        }
        match self.years.as_slice() {
            [one] => format!("in {one}"),
            [first, .., last] => format!("over {first} to {last}"),
            [] => String::new(),
        }
    }
}

/// A risk-share rule.
#[derive(Debug, Clone, Serialize)]
pub struct RiskRule {
    /// Overspend or underspend.
    pub side: RiskSide,
    /// How it is shared.
    pub share: Share,
    /// A cap on each partner's part.
    pub cap: Option<RiskCap>,
    /// In a cascade, the steps taken before `share` and `cap`, in order: each
    /// bears what the steps before it left, up to its limit, and `share`
    /// shares what is left. Empty for a one-line rule.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub cascade: Vec<CascadeStep>,
    /// The clause cited.
    pub clause: Option<String>,
    /// The statement.
    #[serde(skip)]
    pub span: Span,
}

/// One step of a risk-share cascade, before the last.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "snake_case", tag = "step")]
pub enum CascadeStep {
    /// A risk reserve bears up to this amount.
    Reserve {
        /// The reserve.
        amount: Money,
        /// Where the amount is written.
        #[serde(skip)]
        span: Span,
    },
    /// A named risk reserve bears what its balance allows, up to a limit.
    NamedReserve {
        /// The reserve.
        reserve: Ref,
        /// The most this step takes (no limit but the balance when `None`).
        limit: Option<Money>,
    },
    /// Another pool's underspend in the same year, up to a limit.
    Underspend {
        /// The other pool.
        pool: Ref,
        /// The most this step takes.
        limit: Option<Money>,
    },
    /// The schemes' uncommitted allocations for the year are cut, in the
    /// order the schemes are written, up to a limit.
    CutUncommitted {
        /// The most this step takes.
        limit: Option<Money>,
        /// Where the step is written.
        #[serde(skip)]
        span: Span,
    },
    /// A share rule bears up to a limit.
    Share {
        /// How it is shared.
        share: Share,
        /// The most this step bears in all (no limit when `None`).
        limit: Option<Money>,
        /// A cap on each partner's part.
        cap: Option<RiskCap>,
    },
}

/// How an amount is shared.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "snake_case", tag = "rule", content = "shares")]
pub enum Share {
    /// In proportion to contributions.
    ByContribution,
    /// In proportion to what each partner commissions: a scheme's lead or
    /// commissioned shares; for a pool, over its schemes' plans.
    ByCommissioning,
    /// Equally.
    Equally,
    /// Fixed percentages.
    Fixed(Vec<FixedShare>),
    /// All by one partner.
    BorneBy(Ref),
    /// An underspend kept whole by one partner.
    KeptBy(Ref),
    /// An underspend paid back whole to one partner.
    ReturnedTo(Ref),
    /// Kept in the pool.
    Retained,
}

/// A fixed share.
#[derive(Debug, Clone, Serialize)]
pub struct FixedShare {
    /// Whose share.
    pub partner: Ref,
    /// The percentage (40 for 40%).
    pub percent: At<Decimal>,
}

/// A cap on each partner's part.
#[derive(Debug, Clone, Copy, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RiskCap {
    /// At most the partner's contribution.
    Contribution,
    /// At most this amount each.
    Amount(Money),
}
