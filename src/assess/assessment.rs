//! The result of an assessment, as data: what board summaries render and
//! `--format json` writes.

use rust_decimal::Decimal;
use serde::Serialize;

use super::settle::Settlement;
use super::waive::{ExpiredWaiver, WaiverRef};
use crate::model::{FigureRules, Name, Tolerance, Unit};
use crate::money::Money;
use crate::period::{Date, FinancialYear, Period};
use crate::syntax::ast::Bound;

/// The version of the JSON shape of an assessment; raised when a field
/// changes meaning or is removed.
pub const ASSESSMENT_FORMAT_VERSION: u32 = 2;

/// An agreement's returns assessed as of a period.
#[derive(Debug, Clone, Serialize)]
pub struct Assessment {
    /// The agreement.
    pub agreement: Name,
    /// Its title.
    pub title: String,
    /// The period assessed at: nothing ending later counts (a year ends
    /// with its fourth quarter).
    pub as_of: Period,
    /// The day the assessment is made: figures not yet published and
    /// returns not yet due on it are "not yet available", not missing.
    pub on: Date,
    /// The return files, in the order given.
    pub returns: Vec<String>,
    /// Rows read.
    pub rows: u64,
    /// Rows rejected (always 0: returns with a rejected row are not
    /// assessed; stated so that no reader has to assume it).
    pub rows_rejected: u64,
    /// Each return as read: its rows, and the encoding of a text return
    /// that was not UTF-8.
    #[serde(rename = "returns_read")]
    pub read: Vec<ReturnRead>,
    /// Rows for periods after `as_of`, read and checked but not assessed.
    pub rows_after_as_of: u64,
    /// Each obligation, in the agreement's order.
    pub obligations: Vec<ObligationAssessment>,
    /// Underperforming owners, by obligation then owner.
    pub flags: Vec<Flag>,
    /// Reports that were due and not made.
    pub missing_returns: Vec<MissingReturns>,
    /// Over- and underspends settled, by pool then year.
    pub settlements: Vec<Settlement>,
    /// Payments for performance: released, withheld or undecided.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub payments: Vec<super::payments::PaymentOutcome>,
    /// Pool outturns reported but not settled yet, with the reason.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub unsettled: Vec<Unsettled>,
    /// Each pooled fund's in-year monitoring, period by period: plan,
    /// forecast outturn, actual to date and variance.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub monitoring: Vec<super::forecast::PoolMonitoring>,
    /// Runs of forecasts straying from a pool's budget beyond its
    /// threshold, and the steps of the pool manager's ladder due.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub forecast_triggers: Vec<super::forecast::ForecastFlag>,
    /// Waivers expired by the assessment date (W0419): they excuse nothing.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub expired_waivers: Vec<ExpiredWaiver>,
}

/// Spending reported for a pool and year that was not settled.
#[derive(Debug, Clone, Serialize)]
pub struct Unsettled {
    /// The pool.
    pub pool: crate::model::Name,
    /// The financial year.
    pub year: crate::period::FinancialYear,
    /// What was spent.
    pub spend: crate::money::Money,
    /// The row of the return it came from (`file:line`).
    pub row: String,
    /// Why it was not settled.
    pub reason: String,
}

/// One return file as read.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ReturnRead {
    /// The file.
    pub path: String,
    /// Rows read (the header and blank lines not counted).
    pub rows: u64,
    /// Rows rejected: those with a problem.
    pub rejected: u64,
    /// The encoding a text return was read in, when not UTF-8
    /// (`windows-1252`, `UTF-16LE`, `UTF-16BE`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub encoding: Option<String>,
}

/// One obligation, owner by owner.
#[derive(Debug, Clone, Serialize)]
pub struct ObligationAssessment {
    /// Its id.
    pub obligation: Name,
    /// What it is.
    pub name: String,
    /// The clause it is in.
    pub clause: Option<String>,
    /// The metric.
    pub metric: String,
    /// Its unit.
    pub unit: Option<Unit>,
    /// `at_most` (lower is better) or `at_least`.
    pub direction: Bound,
    /// The tolerance as written.
    pub tolerance: Option<Tolerance>,
    /// Consecutive misses that make an owner underperforming.
    pub flag_after: u32,
    /// Whether the agreement says when an owner is flagged (`false`: one
    /// miss, the tool's default).
    pub flag_after_stated: bool,
    /// What its figures are, and whether the agreement says so.
    pub figures: FigureRules,
    /// Each owner, or the area for jointly owned obligation without an
    /// attribution.
    pub owners: Vec<OwnerAssessment>,
}

/// Who answers for a record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Responsibility {
    /// The obligation's one owner.
    Sole,
    /// Joint owners without an attribution: judged together on the area's
    /// figure, each jointly responsible.
    Joint,
    /// One of several owners, for its attributed part.
    Attributed,
    /// Judged on the area's figure, summed from its categories, each owner
    /// answering for its part of the categories attributed to it.
    ByCategory,
}

/// One owner's record on one obligation.
#[derive(Debug, Clone, Serialize)]
pub struct OwnerAssessment {
    /// The owner; `area` for the area's figure of jointly owned obligation.
    pub owner: Name,
    /// Every joint owner, when they answer together for the area's figure
    /// (empty when one owner answers alone: `owner` says who).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub owners: Vec<Name>,
    /// Sole, joint or attributed.
    pub responsibility: Responsibility,
    /// Its attributed share of a jointly owned obligation, in percent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attribution: Option<Decimal>,
    /// Periods by status.
    pub counts: StatusCounts,
    /// Misses in a row up to the as-of period (periods not reported are
    /// passed over).
    pub consecutive_misses: u32,
    /// The latest period assessed.
    pub latest: Option<PeriodAssessment>,
    /// Every period assessed, in order (when kept; see
    /// [`super::AssessOptions::periods`]).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub periods: Vec<PeriodAssessment>,
    /// Whether the year's plan is on course, from the latest figure, when
    /// the latest period is not the end of its year.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub year_end: Option<Box<YearEnd>>,
    /// The misses excused by a waiver, in order, with their waivers
    /// (always kept).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub waived: Vec<PeriodAssessment>,
}

/// Whether the year's plan is on course.
#[derive(Debug, Clone, Serialize)]
pub struct YearEnd {
    /// The year.
    pub year: FinancialYear,
    /// The figure the plan expects for the year.
    pub expected: Decimal,
    /// The year's figure if things go on as the latest figure shows.
    pub projected: Decimal,
    /// How the projection is made, in words (from the latest period).
    pub method: &'static str,
    /// Whether the projection meets the plan (within tolerance).
    pub on_course: bool,
    /// The projection against the plan: met, within tolerance or missed.
    pub status: Status,
}

/// How many periods had each status.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct StatusCounts {
    /// Met.
    pub met: u32,
    /// Worse than expected, within tolerance.
    pub within_tolerance: u32,
    /// Missed.
    pub missed: u32,
    /// Not reported.
    pub not_reported: u32,
    /// Reported as not available.
    pub data_not_available: u32,
    /// Not yet published, or the return not yet due.
    pub not_yet_available: u32,
    /// Missed, but excused by a waiver.
    pub waived: u32,
}

/// The status of a period. Each is shown with its own symbol (and, in
/// charts, its own shape) as well as in words, never by colour alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// As good as expected or better.
    Met,
    /// Worse than expected by no more than the tolerance.
    WithinTolerance,
    /// Worse than expected by more than the tolerance.
    Missed,
    /// No figure (no row, or a row with an empty value), though one was
    /// published and the return due: a breach of the reporting duty.
    NotReported,
    /// The return says the data is not available, with its reason: neither
    /// a miss nor a missed return.
    DataNotAvailable,
    /// No figure yet: it is published after the assessment date, or the
    /// return is not yet due.
    NotYetAvailable,
    /// Missed, but excused by a waiver the governing body agreed: it
    /// neither continues nor ends a run of misses.
    Waived,
}

impl Status {
    /// The status in words.
    pub fn words(self) -> &'static str {
        match self {
            Status::Met => "met",
            Status::WithinTolerance => "within tolerance",
            Status::Missed => "missed",
            Status::NotReported => "not reported",
            Status::DataNotAvailable => "data not available",
            Status::NotYetAvailable => "not yet available",
            Status::Waived => "waived",
        }
    }

    /// The status in the national Better Care Fund quarterly template's
    /// terms ([`National`]).
    pub fn national(self, whole_year: bool) -> National {
        match (self, whole_year) {
            (Status::Met | Status::WithinTolerance, false) => National::OnTrack,
            (Status::Met | Status::WithinTolerance, true) => National::Achieved,
            // A waiver excuses a miss locally; the national template
            // still sees the figure.
            (Status::Missed | Status::Waived, false) => National::NotOnTrack,
            (Status::Missed | Status::Waived, true) => National::NotAchieved,
            (Status::NotReported | Status::DataNotAvailable | Status::NotYetAvailable, _) => {
                National::DataNotAvailable
            }
        }
    }

    /// The symbol that marks it, in text and in the charts' legends.
    pub fn symbol(self) -> &'static str {
        match self {
            Status::Met => "●",
            Status::WithinTolerance => "▲",
            Status::Missed => "✖",
            Status::NotReported => "□",
            Status::DataNotAvailable => "○",
            Status::NotYetAvailable => "…",
            Status::Waived => "◇",
        }
    }
}

/// A status in the words of the national Better Care Fund quarterly
/// template: "on track to meet target", "not on track to meet target" or
/// "data not available to assess progress", and for a figure of the whole
/// year, "achieved" or "not achieved".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum National {
    /// On track to meet target.
    OnTrack,
    /// Not on track to meet target.
    NotOnTrack,
    /// Data not available to assess progress.
    DataNotAvailable,
    /// Achieved (a figure of the whole year).
    Achieved,
    /// Not achieved (a figure of the whole year).
    NotAchieved,
}

impl National {
    /// The template's words.
    pub fn words(self) -> &'static str {
        match self {
            National::OnTrack => "on track to meet target",
            National::NotOnTrack => "not on track to meet target",
            National::DataNotAvailable => "data not available to assess progress",
            National::Achieved => "achieved",
            National::NotAchieved => "not achieved",
        }
    }
}

impl std::fmt::Display for National {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.words())
    }
}

impl Serialize for National {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.words())
    }
}

impl PartialEq<&str> for National {
    fn eq(&self, other: &&str) -> bool {
        self.words() == *other
    }
}

/// One owner's figure for one period, against what was expected.
#[derive(Debug, Clone, Serialize)]
pub struct PeriodAssessment {
    /// The period.
    pub period: Period,
    /// Whether a report was due for it.
    pub due: bool,
    /// The expected value (the owner's part of it, for a count or an amount
    /// attributed between owners), to 4 decimal places.
    pub expected: Decimal,
    /// How far worse than expected still counts as met, to 4 decimal places.
    pub tolerance: Decimal,
    /// The figure reported.
    pub actual: Option<Decimal>,
    /// The status.
    pub status: Status,
    /// The status in the national template's words.
    pub national: National,
    /// When the figure is published (the end of the period plus the
    /// metric's publication lag), when that is after the assessment date.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub published_by: Option<Date>,
    /// When the return for the period is due, when that is after the
    /// assessment date.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub return_due: Option<Date>,
    /// For an obligation attributed by category: each owner's part of the
    /// figure, from the categories attributed to it.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub parts: Vec<OwnerPart>,
    /// The row it came from, `file:line`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub row: Option<String>,
    /// The row's note.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// The waiver that excused a miss (the status is then `waived`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub waiver: Option<Box<WaiverRef>>,
}

/// An owner's part of the area's figure, by the categories attributed to
/// it.
#[derive(Debug, Clone, Serialize)]
pub struct OwnerPart {
    /// The owner.
    pub owner: Name,
    /// Its part of the figure, to 4 decimal places.
    pub value: Decimal,
    /// That part as a percentage of the figure, to 2 decimal places.
    pub percent: Decimal,
}

/// An owner found underperforming on an obligation.
#[derive(Debug, Clone, Serialize)]
pub struct Flag {
    /// The obligation.
    pub obligation: Name,
    /// The owner; `area` when joint owners are judged together.
    pub owner: Name,
    /// The owner's full name (every joint owner's, for the area).
    pub owner_name: String,
    /// Who is responsible: the owner, or every joint owner.
    pub owners: Vec<Name>,
    /// Sole, joint or attributed.
    pub responsibility: Responsibility,
    /// Misses in a row.
    pub consecutive_misses: u32,
    /// The first miss of the run.
    pub since: Period,
    /// The clause of the obligation.
    pub clause: Option<String>,
    /// The flag in plain English.
    pub explanation: String,
    /// The missed periods of the run, with their rows.
    pub evidence: Vec<PeriodAssessment>,
    /// What the agreement says happens, in order.
    pub consequences: Vec<Consequence>,
}

/// One step of the ladder of consequences, due.
#[derive(Debug, Clone, Serialize)]
pub struct Consequence {
    /// Its rung (1 for the first).
    pub step: u32,
    /// The miss that triggered it.
    pub triggered_by: Period,
    /// `escalate`, `recovery_plan`, `withhold`, `clawback` or
    /// `dispute_resolution`.
    pub action: &'static str,
    /// The step in plain English.
    pub description: String,
    /// Who it goes to (a body escalated to, the recipient of a plan).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to: Option<Name>,
    /// Who acts or pays.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from: Option<Name>,
    /// Who withholds or claws back.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub by: Option<Name>,
    /// The deadline: the end of the triggering period plus the agreement's
    /// time.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub due_by: Option<Date>,
    /// The money at stake (the owner's part, for a jointly owned
    /// obligation).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub amount: Option<Money>,
    /// Whether the amount is a ceiling (`clawback up to`).
    pub up_to: bool,
    /// What the amount is taken from, in [`Consequence::year`].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub applies_to: Option<Money>,
    /// Which year's money a withholding or clawback is of.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub year: Option<FinancialYear>,
    /// Who pays what, when the amount is shared between owners by their
    /// parts of the area's figure (an attribution by category).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub shares: Vec<super::settle::PartnerShare>,
    /// Which of `from`, `to`, `year` and `due_by` are the tool's defaults
    /// because the agreement does not say.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub defaults: Vec<&'static str>,
    /// The step's clause.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub clause: Option<String>,
}

impl Consequence {
    /// The consequence of `step`, due after the miss (or breach) of
    /// `triggered_by`, with nothing yet worked out: the caller fills in
    /// what the step's action says.
    pub fn of(step: &crate::model::Step, triggered_by: Period) -> Consequence {
        Consequence {
            step: step.after_misses,
            triggered_by,
            action: "",
            description: String::new(),
            to: None,
            from: None,
            by: None,
            due_by: None,
            amount: None,
            up_to: false,
            applies_to: None,
            year: None,
            shares: Vec::new(),
            defaults: Vec::new(),
            clause: step.clause.clone(),
        }
    }
}

/// Reports due from an owner and not made.
#[derive(Debug, Clone, Serialize)]
pub struct MissingReturns {
    /// The obligation.
    pub obligation: Name,
    /// The owner, or `area` for the area's figure.
    pub owner: Name,
    /// Who should have made the returns.
    pub from: Vec<Name>,
    /// The periods with no figure.
    pub periods: Vec<Period>,
    /// To whom the reports were due.
    pub due_to: Vec<Name>,
    /// In plain English.
    pub explanation: String,
}
