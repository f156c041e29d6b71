//! Obligations: the metric, its baseline, target and trajectory, reporting
//! duties and the ladder of consequences of a miss.

use rust_decimal::Decimal;
use serde::Serialize;

use super::{At, Cadence, Citation, FixedShare, Name, Ref, Unit, ValueKind};
use crate::money::Money;
use crate::period::Period;
use crate::source::Span;
use crate::syntax::ast::{Bound, Direction, FigureBasis, Frequency, MoneyYear, TimeUnit};

/// An obligation.
#[derive(Debug, Clone, Serialize)]
pub struct Obligation {
    /// Its id.
    pub id: Name,
    /// What it is, in words.
    pub name: crate::model::Words,
    /// Who is accountable.
    pub owners: Vec<Ref>,
    /// How a joint obligation is attributed.
    pub attribution: Option<Attribution>,
    /// The commissioned functions it is about.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub functions: Vec<Ref>,
    /// The measure.
    pub metric: Option<Metric>,
    /// What its figures are (`figures year to date, monthly, published 2
    /// months later`), if written; see [`Obligation::figures`].
    pub figures: Option<Figures>,
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
    /// Marks of what in it is illustrative or draft, in the order written.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub marks: Vec<crate::model::Mark>,
    /// The clause cited.
    pub clause: Option<String>,
    /// Clauses cited by its one-line statements (`host`, `term`, `target`,
    /// ...), in the order written.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub citations: Vec<Citation>,
    /// Whether a line of its block could not be read (what is missing
    /// may be on that line).
    #[serde(skip)]
    pub damaged: bool,
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
    /// By the category of each part of the area's figure: the returns give
    /// one figure a category, and each category is attributed to owners.
    ByCategory(Vec<CategoryShares>),
}

/// One category of an attribution by category and the owners it is
/// attributed to.
#[derive(Debug, Clone, Serialize)]
pub struct CategoryShares {
    /// The category, as the returns name it (`nhs`, `social_care`, `both`).
    pub category: Name,
    /// The owners, each with its share of the category (fixed shares, or
    /// equal parts when none is written).
    pub owners: Vec<FixedShare>,
    /// Whether the shares were written (otherwise equal parts).
    pub stated: bool,
    /// Where the category is written.
    #[serde(skip)]
    pub span: Span,
}

/// A metric.
#[derive(Debug, Clone, Serialize)]
pub struct Metric {
    /// What is measured.
    pub name: crate::model::Words,
    /// The unit.
    pub unit: Option<Unit>,
    /// Which way is better, if said.
    pub direction: Option<At<Direction>>,
    /// The clause cited.
    pub clause: Option<String>,
}

/// What a metric's figures are: what one covers, how often there is one,
/// and how long after its period it is published.
#[derive(Debug, Clone, Serialize)]
pub struct Figures {
    /// What a figure covers.
    pub basis: At<FigureBasis>,
    /// How often there is a figure, if written.
    pub frequency: Option<At<Frequency>>,
    /// How long after the end of its period a figure is published.
    pub lag: Option<Deadline>,
    /// The clause cited.
    pub clause: Option<String>,
    /// The statement.
    #[serde(skip)]
    pub span: Span,
}

/// What an obligation's figures are, with the tool's defaults filled in
/// where the agreement is silent, and which of them are defaults.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct FigureRules {
    /// What a figure covers (in period when not written).
    pub basis: FigureBasis,
    /// How often there is a figure (quarterly when not written; annually
    /// for an annual figure).
    pub frequency: Frequency,
    /// How long after the end of its period a figure is published (none
    /// when not written).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lag: Option<Deadline>,
    /// Whether the agreement says what its figures are (`false`: the three
    /// above are the tool's defaults).
    pub stated: bool,
}

impl Obligation {
    /// What the obligation's figures are, defaults filled in.
    pub fn figures(&self) -> FigureRules {
        match &self.figures {
            Some(f) => FigureRules {
                basis: f.basis.value,
                frequency: f.frequency.map_or(
                    if f.basis.value == FigureBasis::Annual {
                        Frequency::Annually
                    } else {
                        Frequency::Quarterly
                    },
                    |q| q.value,
                ),
                lag: f.lag,
                stated: true,
            },
            None => FigureRules {
                basis: FigureBasis::InPeriod,
                frequency: Frequency::Quarterly,
                lag: None,
                stated: false,
            },
        }
    }
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

/// A reporting duty: who returns the figures to whom, how often and by
/// when.
#[derive(Debug, Clone, Serialize)]
pub struct Reporting {
    /// How often.
    pub cadence: Cadence,
    /// Who makes the return (the owners when not written).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from: Option<Ref>,
    /// To whom.
    pub to: Vec<Ref>,
    /// How long after the end of the period the return is due (at the end
    /// of the period when not written).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub within: Option<Deadline>,
    /// The statement.
    #[serde(skip)]
    pub span: Span,
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
        /// To whom, which year's money, by when.
        #[serde(flatten)]
        terms: Box<MoneyTerms>,
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
        /// Which year's money, by when.
        #[serde(flatten)]
        terms: Box<MoneyTerms>,
    },
    /// The grantor cuts the grant's allocation for the year after the miss:
    /// money never paid, not money clawed back.
    ReduceAllocation {
        /// The grant.
        grant: Ref,
        /// By how much: an amount, or a percentage of that allocation.
        by: Figure,
    },
    /// Referral to dispute resolution.
    DisputeResolution,
}

/// To whom money moved on a miss goes, which year's money it is and by
/// when it moves; each `None` when the agreement does not say.
#[derive(Debug, Clone, Default, Serialize)]
pub struct MoneyTerms {
    /// Who receives money withheld (a clawback's receiver is its `by`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to: Option<Ref>,
    /// Which year's money.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub year: Option<MoneyYear>,
    /// By when, from the end of the period missed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub within: Option<Deadline>,
}

/// A deadline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
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
    pub of: Option<Box<AmountOf>>,
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
