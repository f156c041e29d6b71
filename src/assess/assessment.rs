//! The result of an assessment, as data: what board summaries render and
//! `--format json` writes.

use rust_decimal::Decimal;
use serde::Serialize;

use super::settle::Settlement;
use super::waive::{ExpiredWaiver, WaiverRef};
use crate::model::{Name, Tolerance, Unit};
use crate::money::Money;
use crate::period::{Date, Period};
use crate::syntax::ast::Bound;

/// The version of the JSON shape of an assessment; raised when a field
/// changes meaning or is removed.
pub const ASSESSMENT_FORMAT_VERSION: u32 = 1;

/// An agreement's returns assessed as of a period.
#[derive(Debug, Clone, Serialize)]
pub struct Assessment {
    /// The agreement.
    pub agreement: Name,
    /// Its title.
    pub title: String,
    /// The period assessed at: nothing later counts.
    pub as_of: Period,
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
    /// Waivers expired by the assessment date (W0419): they excuse nothing.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub expired_waivers: Vec<ExpiredWaiver>,
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
    /// Each owner.
    pub owners: Vec<OwnerAssessment>,
}

/// One owner's record on one obligation.
#[derive(Debug, Clone, Serialize)]
pub struct OwnerAssessment {
    /// The owner.
    pub owner: Name,
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
    /// The misses excused by a waiver, in order, with their waivers
    /// (always kept).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub waived: Vec<PeriodAssessment>,
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
    /// No figure (no row, or a row with an empty value).
    NotReported,
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
            Status::Waived => "waived",
        }
    }

    /// The symbol that marks it, in text and in the charts' legends.
    pub fn symbol(self) -> &'static str {
        match self {
            Status::Met => "●",
            Status::WithinTolerance => "▲",
            Status::Missed => "✖",
            Status::NotReported => "□",
            Status::Waived => "◇",
        }
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
    /// The row it came from, `file:line`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub row: Option<String>,
    /// The row's note.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// The waiver that excused a miss (the status is then `waived`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub waiver: Option<WaiverRef>,
}

/// An owner found underperforming on an obligation.
#[derive(Debug, Clone, Serialize)]
pub struct Flag {
    /// The obligation.
    pub obligation: Name,
    /// The owner.
    pub owner: Name,
    /// The owner's full name.
    pub owner_name: String,
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
    /// What the amount is taken from, in the triggering year.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub applies_to: Option<Money>,
    /// The step's clause.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub clause: Option<String>,
}

/// Reports due from an owner and not made.
#[derive(Debug, Clone, Serialize)]
pub struct MissingReturns {
    /// The obligation.
    pub obligation: Name,
    /// The owner.
    pub owner: Name,
    /// The periods with no figure.
    pub periods: Vec<Period>,
    /// To whom the reports were due.
    pub due_to: Vec<Name>,
    /// In plain English.
    pub explanation: String,
}
