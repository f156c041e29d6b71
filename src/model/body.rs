//! Governance bodies: seats and quorum.

use serde::Serialize;

use super::{At, Cadence, Citation, Name, Ref};
use crate::source::Span;

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
