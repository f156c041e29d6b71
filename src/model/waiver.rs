//! Waivers: the governing body excusing owners of an obligation for some
//! periods, with who agreed, when, the minute that records it and when the
//! waiver lapses.

use serde::Serialize;

use super::{At, Citation, Name, Ref};
use crate::period::{Date, Period};
use crate::source::Span;

/// `waiver ID "Name" { ... }`
#[derive(Debug, Clone, Serialize)]
pub struct Waiver {
    /// Its id.
    pub id: Name,
    /// What it is, in words.
    pub name: crate::model::Words,
    /// The owners excused.
    pub owners: Vec<Ref>,
    /// The obligation they are excused from (`None` when it could not be
    /// resolved, already reported).
    pub obligation: Option<Ref>,
    /// The first period excused.
    pub from: Option<At<Period>>,
    /// The last period excused (the same as `from` when one period is
    /// excused).
    pub to: Option<At<Period>>,
    /// Who agreed it, when, and the minute.
    pub agreed: Option<Agreed>,
    /// The last day it is in force.
    pub expires: Option<At<Date>>,
    /// Marks of what in it is illustrative or draft, in the order written.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub marks: Vec<crate::model::Mark>,
    /// The clause cited.
    pub clause: Option<String>,
    /// Clauses cited by its one-line statements, in the order written.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub citations: Vec<Citation>,
    /// The header line.
    #[serde(skip)]
    pub span: Span,
    /// The `excuses` statement.
    #[serde(skip)]
    pub excuses_span: Option<Span>,
}

/// Who agreed a waiver, when, and the minute that records the decision.
#[derive(Debug, Clone, Serialize)]
pub struct Agreed {
    /// The body (or partner) that agreed it.
    pub by: Ref,
    /// The date of the decision.
    pub on: At<Date>,
    /// The minute reference (`"HWB 2018/07"`).
    pub minute: Option<String>,
    /// The statement.
    #[serde(skip)]
    pub span: Span,
}

impl Waiver {
    /// Whether it excuses owner `owner` (an index into the agreement's
    /// partners or bodies, as `kind` says) of obligation `obligation` for
    /// `period`: the period lies wholly within the periods excused.
    pub fn covers(&self, obligation: usize, owner: &Ref, period: Period) -> bool {
        let (Some(of), Some(from), Some(to)) = (&self.obligation, self.from, self.to) else {
            return false;
        };
        if of.index != obligation {
            return false;
        }
        if !self
            .owners
            .iter()
            .any(|o| o.kind == owner.kind && o.index == owner.index)
        {
            return false;
        }
        from.value.start_date() <= period.start_date() && period.end_date() <= to.value.end_date()
    }

    /// Whether it is in force on `date`: agreed by then, and not expired.
    pub fn in_force_on(&self, date: Date) -> bool {
        let agreed = self.agreed.as_ref().is_some_and(|a| a.on.value <= date);
        let lapsed = self.expires.is_some_and(|e| e.value < date);
        agreed && !lapsed
    }
}
