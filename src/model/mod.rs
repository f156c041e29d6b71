//! The semantic model of an agreement: names resolved, money exact.
//!
//! Built from the syntax tree by [`resolve`], which records every problem it
//! meets and carries on, so the model of a damaged file is still as complete
//! as the file allows. References are resolved to the thing they name, held
//! as [`Ref`]s: an index into the agreement's list of that kind of thing and
//! the shared, interned [`Name`] (no string is copied per reference).
//!
//! Spans are kept for every declaration and reference so that checks can point
//! at the exact place; they are not part of the serialised model.

pub mod resolve;
pub mod trajectory;
pub mod words;

use std::sync::Arc;

use rust_decimal::Decimal;
use serde::Serialize;

use crate::money::Money;
use crate::period::{Date, FinancialYear, Period};
use crate::source::Span;
use crate::syntax::ast::{Bound, Direction, RiskSide, TimeUnit};
pub use words::{Cadence, CadenceWord, FunctionKind, PartnerKind, Unit, ValueKind};

/// An interned name (an id from the agreement, `bcc`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Name(Arc<str>);

impl Name {
    /// A name from text.
    pub fn new(text: &str) -> Name {
        Name(Arc::from(text))
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for Name {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl Serialize for Name {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

/// What kind of thing a name declares.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// A party to the agreement.
    Partner,
    /// A body that is not a party.
    External,
    /// A commissioned function.
    Function,
    /// A governance body.
    Body,
    /// A pooled fund.
    Pool,
    /// An aligned (non-pooled) budget.
    Aligned,
    /// A grant paid into a pool.
    Grant,
    /// An obligation.
    Obligation,
}

impl Kind {
    /// The word for it in messages.
    pub fn word(self) -> &'static str {
        match self {
            Kind::Partner => "partner",
            Kind::External => "external body",
            Kind::Function => "function",
            Kind::Body => "governance body",
            Kind::Pool => "pool",
            Kind::Aligned => "aligned budget",
            Kind::Grant => "grant",
            Kind::Obligation => "obligation",
        }
    }

    /// The word with its article: "a partner", "an aligned budget".
    pub fn with_article(self) -> String {
        let word = self.word();
        let article = if word.starts_with(['a', 'e', 'i', 'o', 'u']) {
            "an"
        } else {
            "a"
        };
        format!("{article} {word}")
    }
}

/// A resolved reference: which thing, of which kind, and where it was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ref {
    /// The kind of thing named.
    pub kind: Kind,
    /// Its index in the agreement's list of that kind (pools and aligned
    /// budgets share the list `pools`).
    pub index: usize,
    /// Its name.
    pub name: Name,
    /// Where the reference is written.
    pub span: Span,
}

impl Serialize for Ref {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.name.serialize(serializer)
    }
}

/// A value with the place it was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct At<T> {
    /// The value.
    pub value: T,
    /// Where.
    pub span: Span,
}

impl<T: Serialize> Serialize for At<T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.value.serialize(serializer)
    }
}

/// The clause of the legal text a statement cites: `host bcc clause "5.1"`.
#[derive(Debug, Clone, Serialize)]
pub struct Citation {
    /// The statement, by its keyword (`host`, `term`, `target`, ...).
    pub statement: &'static str,
    /// The clause.
    pub clause: String,
}

/// One agreement.
#[derive(Debug, Clone, Serialize)]
pub struct Agreement {
    /// Its id.
    pub id: Name,
    /// Its title.
    pub title: String,
    /// The clause the agreement as a whole cites.
    pub clause: Option<String>,
    /// The legal basis.
    pub basis: Option<Basis>,
    /// When it was signed.
    pub signed: Option<At<Date>>,
    /// The financial years it runs.
    pub term: Option<Term>,
    /// The body that governs it.
    pub governed_by: Option<Ref>,
    /// Its parties.
    pub partners: Vec<Partner>,
    /// Bodies named that are not parties.
    pub externals: Vec<External>,
    /// Commissioned functions.
    pub functions: Vec<Function>,
    /// Governance bodies.
    pub bodies: Vec<Body>,
    /// Pooled funds and aligned budgets.
    pub pools: Vec<Pool>,
    /// Obligations.
    pub obligations: Vec<Obligation>,
    /// Clauses cited by its one-line statements (`host`, `term`, `target`,
    /// ...), in the order written.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub citations: Vec<Citation>,
    /// The header line.
    #[serde(skip)]
    pub span: Span,
    /// Whether a line of the agreement itself could not be read, so that
    /// rules over all its partners would be misleading.
    #[serde(skip)]
    pub damaged: bool,
    /// Whether this is a register of definitions for other files to import,
    /// not an agreement.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub register: bool,
    /// The files it imports, as written (their definitions are already in
    /// its lists).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub imports: Vec<At<String>>,
}

/// The legal basis.
#[derive(Debug, Clone, Serialize)]
pub struct Basis {
    /// Sections, as written.
    pub sections: Vec<String>,
    /// The Act.
    pub act: String,
    /// The clause cited.
    pub clause: Option<String>,
}

/// The term: financial years `first` to `last` inclusive.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Term {
    /// The first year.
    pub first: At<FinancialYear>,
    /// The last year.
    pub last: At<FinancialYear>,
    /// The statement.
    #[serde(skip)]
    pub span: Span,
}

impl Term {
    /// The years of the term, in order.
    pub fn years(&self) -> impl Iterator<Item = FinancialYear> {
        self.first.value.through(self.last.value)
    }

    /// Whether a financial year is within the term.
    pub fn contains(&self, year: FinancialYear) -> bool {
        self.first.value <= year && year <= self.last.value
    }
}

/// A party to the agreement.
#[derive(Debug, Clone, Serialize)]
pub struct Partner {
    /// Its id.
    pub id: Name,
    /// Its full name.
    pub name: String,
    /// What kind of organisation it is.
    pub kind: Option<PartnerKind>,
    /// The clause cited.
    pub clause: Option<String>,
    /// Where declared.
    #[serde(skip)]
    pub span: Span,
}

/// A body named in the agreement that is not a party.
#[derive(Debug, Clone, Serialize)]
pub struct External {
    /// Its id.
    pub id: Name,
    /// Its full name.
    pub name: String,
    /// The clause cited.
    pub clause: Option<String>,
    /// Where declared.
    #[serde(skip)]
    pub span: Span,
}

/// A commissioned function.
#[derive(Debug, Clone, Serialize)]
pub struct Function {
    /// Its id.
    pub id: Name,
    /// Its full name.
    pub name: String,
    /// Whose statutory function it is, if said.
    pub kind: Option<FunctionKind>,
    /// The clause cited.
    pub clause: Option<String>,
    /// Where declared.
    #[serde(skip)]
    pub span: Span,
}

/// A governance body.
#[derive(Debug, Clone, Serialize)]
pub struct Body {
    /// Its id.
    pub id: Name,
    /// Its full name.
    pub name: String,
    /// Seats per partner.
    pub seats: Vec<Seats>,
    /// Its quorum.
    pub quorum: Option<Quorum>,
    /// How often it meets.
    pub meets: Option<Cadence>,
    /// Whom it answers to.
    pub accountable_to: Vec<Ref>,
    /// The clause cited.
    pub clause: Option<String>,
    /// Clauses cited by its one-line statements (`host`, `term`, `target`,
    /// ...), in the order written.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub citations: Vec<Citation>,
    /// The header line.
    #[serde(skip)]
    pub span: Span,
    /// Whether every line was read and every name resolved, so that counts
    /// of seats can be trusted.
    #[serde(skip)]
    pub complete: bool,
}

impl Body {
    /// The total number of seats.
    pub fn seat_count(&self) -> u64 {
        self.seats.iter().map(|s| u64::from(s.count.value)).sum()
    }
}

/// A partner's seats on a body.
#[derive(Debug, Clone, Serialize)]
pub struct Seats {
    /// Whose seats.
    pub partner: Ref,
    /// How many.
    pub count: At<u32>,
}

/// A quorum.
#[derive(Debug, Clone, Serialize)]
pub struct Quorum {
    /// Members who must be present.
    pub count: At<u32>,
    /// Presences required: each entry is satisfied by any one partner in it.
    pub including: Vec<Vec<Ref>>,
    /// The statement.
    #[serde(skip)]
    pub span: Span,
}

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
    pub name: String,
    /// Pooled or aligned.
    pub kind: PoolKind,
    /// The host partner.
    pub host: Option<Ref>,
    /// The pooled fund manager.
    pub manager: Option<Manager>,
    /// The functions it pays for.
    pub functions: Vec<Ref>,
    /// Lead commissioning arrangements.
    pub leads: Vec<LeadCommission>,
    /// Contributions by year.
    pub contributions: Vec<YearContributions>,
    /// Grants paid in from outside.
    pub grants: Vec<Grant>,
    /// A declared total.
    pub total: Option<DeclaredTotal>,
    /// Who bears an overspend.
    pub overspend: Option<RiskRule>,
    /// What happens to an underspend.
    pub underspend: Option<RiskRule>,
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

impl Pool {
    /// The contributions table for a year.
    pub fn year(&self, year: FinancialYear) -> Option<&YearContributions> {
        self.contributions.iter().find(|c| c.year.value == year)
    }
}

/// The pooled fund manager.
#[derive(Debug, Clone, Serialize)]
pub struct Manager {
    /// The officer's title.
    pub title: String,
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
#[derive(Debug, Clone, Serialize)]
pub struct Contribution {
    /// Who.
    pub partner: Ref,
    /// How much.
    pub amount: At<Money>,
}

/// A grant from outside the partnership, paid through a partner.
#[derive(Debug, Clone, Serialize)]
pub struct Grant {
    /// Its id.
    pub id: Name,
    /// Its name.
    pub name: String,
    /// Who pays it.
    pub from: Ref,
    /// The partner it is paid to.
    pub through: Ref,
    /// Amount per year.
    pub amounts: Vec<(At<FinancialYear>, At<Money>)>,
    /// The clause cited.
    pub clause: Option<String>,
    /// The statement.
    #[serde(skip)]
    pub span: Span,
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
    /// The clause cited.
    pub clause: Option<String>,
    /// The statement.
    #[serde(skip)]
    pub span: Span,
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
    /// Equally.
    Equally,
    /// Fixed percentages.
    Fixed(Vec<FixedShare>),
    /// All by one partner.
    BorneBy(Ref),
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

/// An obligation.
#[derive(Debug, Clone, Serialize)]
pub struct Obligation {
    /// Its id.
    pub id: Name,
    /// What it is, in words.
    pub name: String,
    /// Who is accountable.
    pub owners: Vec<Ref>,
    /// How a joint obligation is attributed.
    pub attribution: Option<Attribution>,
    /// The commissioned functions it is about.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub functions: Vec<Ref>,
    /// The measure.
    pub metric: Option<Metric>,
    /// The starting point.
    pub baseline: Option<Measure>,
    /// The target.
    pub target: Option<Target>,
    /// The path from baseline to target.
    pub trajectory: Trajectory,
    /// How far from expected still counts as met.
    pub tolerance: Option<Tolerance>,
    /// Reporting duties.
    pub reports: Vec<Reporting>,
    /// How many consecutive misses make an owner underperforming
    /// (`flag after 2 consecutive misses`); one when not written.
    pub flag_after: Option<At<u32>>,
    /// The ladder of consequences of a miss.
    pub on_miss: Vec<Step>,
    /// The clause cited.
    pub clause: Option<String>,
    /// Clauses cited by its one-line statements (`host`, `term`, `target`,
    /// ...), in the order written.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub citations: Vec<Citation>,
    /// The header line.
    #[serde(skip)]
    pub span: Span,
}

/// How a joint obligation is attributed between its owners.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "snake_case", tag = "rule", content = "shares")]
pub enum Attribution {
    /// Equal parts.
    Equally,
    /// Fixed percentages.
    Shares(Vec<FixedShare>),
}

/// A metric.
#[derive(Debug, Clone, Serialize)]
pub struct Metric {
    /// What is measured.
    pub name: String,
    /// The unit.
    pub unit: Option<Unit>,
    /// Which way is better, if said.
    pub direction: Option<At<Direction>>,
    /// The clause cited.
    pub clause: Option<String>,
}

/// A value of a metric, as a number in its unit (pounds for money, the
/// number of percent for a percentage).
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Quantity {
    /// The value.
    pub value: Decimal,
    /// How it was written.
    #[serde(skip)]
    pub written: ValueKind,
    /// Where.
    #[serde(skip)]
    pub span: Span,
}

/// A value at a period.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Measure {
    /// The value.
    pub value: Quantity,
    /// The period.
    pub period: At<Period>,
}

/// A target.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Target {
    /// At most or at least.
    pub bound: At<Bound>,
    /// The value.
    pub value: Quantity,
    /// The period by which.
    pub period: At<Period>,
    /// The statement.
    #[serde(skip)]
    pub span: Span,
}

/// A trajectory.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "milestones")]
pub enum Trajectory {
    /// A straight line from baseline to target (the default).
    Linear,
    /// Explicit milestones.
    Milestones(Vec<Measure>),
}

/// A tolerance.
#[derive(Debug, Clone, Copy, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Tolerance {
    /// In the metric's unit.
    Absolute(Decimal),
    /// Percent of the expected value.
    Relative(Decimal),
}

/// A reporting duty.
#[derive(Debug, Clone, Serialize)]
pub struct Reporting {
    /// How often.
    pub cadence: Cadence,
    /// To whom.
    pub to: Vec<Ref>,
    /// The clause cited.
    pub clause: Option<String>,
}

/// One rung of the ladder of consequences.
#[derive(Debug, Clone, Serialize)]
pub struct Step {
    /// Which consecutive miss it follows (1 for the first).
    pub after_misses: u32,
    /// What happens.
    pub action: Action,
    /// The clause cited.
    pub clause: Option<String>,
    /// The statement.
    #[serde(skip)]
    pub span: Span,
}

/// A consequence.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "snake_case", tag = "action")]
pub enum Action {
    /// Escalation to a body.
    Escalate {
        /// To whom.
        to: Ref,
        /// By when.
        within: Option<Deadline>,
    },
    /// A recovery plan.
    RecoveryPlan {
        /// Who writes it (the owner when not written).
        from: Option<Ref>,
        /// Who receives it.
        to: Option<Ref>,
        /// By when.
        within: Option<Deadline>,
    },
    /// Money withheld.
    Withhold {
        /// How much.
        amount: Amount,
        /// From whom.
        from: Option<Ref>,
    },
    /// Money clawed back.
    Clawback {
        /// Whether the amount is a ceiling.
        up_to: bool,
        /// How much.
        amount: Amount,
        /// Who claws back.
        by: Option<Ref>,
        /// From whom.
        from: Option<Ref>,
    },
    /// Referral to dispute resolution.
    DisputeResolution,
}

/// A deadline.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Deadline {
    /// How many.
    pub count: u32,
    /// Of what.
    pub unit: TimeUnit,
}

/// An amount of money in a consequence.
#[derive(Debug, Clone, Serialize)]
pub struct Amount {
    /// A fixed sum or a percentage.
    pub figure: Figure,
    /// What it is of.
    pub of: Option<AmountOf>,
    /// Where.
    #[serde(skip)]
    pub span: Span,
}

/// A fixed sum or a percentage.
#[derive(Debug, Clone, Copy, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Figure {
    /// A sum.
    Money(Money),
    /// A percentage.
    Percent(Decimal),
}

/// What an amount is of.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AmountOf {
    /// A pool, aligned budget or grant.
    Fund(Ref),
    /// A partner's contribution to one pool, or to all.
    Contribution {
        /// The partner.
        partner: Ref,
        /// The pool.
        to: Option<Ref>,
    },
}
