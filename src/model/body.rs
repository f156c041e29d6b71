//! Governance bodies: who sits on them, in which roles, their quorum, their
//! remit and the decisions delegated to them.

use serde::Serialize;

use super::words::vocabulary;
use super::{At, Cadence, Citation, Name, Ref};
use crate::source::Span;

vocabulary! {
    /// What kind of body it is in law, where the law says who must sit on it.
    BodyKind, "kind of body" {
        /// A health and wellbeing board (Health and Social Care Act 2012
        /// s.194), whose core members are set by statute.
        HealthAndWellbeingBoard = "health_and_wellbeing_board",
    }
}

vocabulary! {
    /// What an external body is, where the law needs to know.
    ExternalKind, "kind of external body" {
        /// The Local Healthwatch organisation for the council's area.
        LocalHealthwatch = "local_healthwatch" | "healthwatch",
        /// A voluntary, community or social enterprise organisation.
        VoluntarySector = "voluntary_sector" | "vcse",
        /// A provider of services.
        Provider = "provider",
        /// A district council (of a two-tier area), such as one a Disabled
        /// Facilities Grant is passed to.
        DistrictCouncil = "district_council",
        /// A government department, such as one paying a grant.
        GovernmentDepartment = "government_department" | "department",
    }
}

vocabulary! {
    /// The role in which a member sits on a body.
    SeatRole, "seat role" {
        /// An elected member (a councillor, or the mayor or leader).
        ElectedMember = "elected_member" | "councillor",
        /// An officer other than the three statutory directors below.
        Officer = "officer",
        /// The council's director of adult social services.
        Dass = "dass" | "director_of_adult_social_services",
        /// The council's director of children's services.
        Dcs = "dcs" | "director_of_childrens_services",
        /// The council's director of public health.
        Dph = "dph" | "director_of_public_health",
    }
}

impl SeatRole {
    /// Whether only a council has members in this role (a councillor, or
    /// one of its statutory directors).
    pub fn council_only(self) -> bool {
        !matches!(self, SeatRole::Officer)
    }

    /// Whether a member in this role counts as `want` in a quorum: an
    /// officer required by a quorum may be any officer, the statutory
    /// directors included.
    pub fn counts_as(self, want: SeatRole) -> bool {
        self == want || (want == SeatRole::Officer && self != SeatRole::ElectedMember)
    }

    /// The role in words, for messages: "elected member", "director of
    /// adult social services".
    pub fn words(self) -> &'static str {
        match self {
            SeatRole::ElectedMember => "elected member",
            SeatRole::Officer => "officer",
            SeatRole::Dass => "director of adult social services",
            SeatRole::Dcs => "director of children's services",
            SeatRole::Dph => "director of public health",
        }
    }
}

/// A governance body.
///
/// What a body of a large agreement most often leaves unsaid (seats, a
/// quorum, a remit, delegated decisions, marks, clauses) is held out of
/// line, in [`BodyTerms`], read through the methods of the same names, and
/// one line of accountability is held in the body itself; its id and full
/// name are views of the file's text. A body that says only whom it answers
/// to is 104 bytes and no allocation, where one record of every part was
/// 184 bytes, a list and two copies of names (a file of a million reporting
/// lines is a million such bodies).
#[derive(Debug, Clone)]
pub struct Body {
    /// Its id.
    pub id: Name,
    /// Its full name: a view of the file's text where it is written
    /// without escapes, so a body read from a file allocates nothing for it.
    pub name: crate::model::Words,
    /// What kind of body it is in law, if said.
    pub kind: Option<BodyKind>,
    /// Whom it answers to: one line held in the body, more out of line.
    pub accountable_to: smallvec::SmallVec<[Ref; 1]>,
    /// The header line.
    pub span: Span,
    /// Whether every line was read and every name resolved, so that counts
    /// of seats can be trusted.
    pub complete: bool,
    /// The rest, when anything of it is said.
    pub terms: Option<Box<BodyTerms>>,
}

/// What a body says besides its name and lines of accountability.
#[derive(Debug, Clone, Default)]
pub struct BodyTerms {
    /// Seats per member (partner or external body).
    pub seats: Box<[Seats]>,
    /// Its quorum.
    pub quorum: Option<Quorum>,
    /// How often it meets.
    pub meets: Option<Cadence>,
    /// What it is for, as written.
    pub remit: Option<Box<str>>,
    /// The decisions delegated to it, as written.
    pub decides: Box<[String]>,
    /// Marks of what in it is illustrative or draft, in the order written.
    pub marks: Box<[crate::model::Mark]>,
    /// The clause cited.
    pub clause: Option<Box<str>>,
    /// Clauses cited by its one-line statements (`seats`, `quorum`, `meets`,
    /// ...), in the order written.
    pub citations: Box<[Citation]>,
}

impl BodyTerms {
    /// Whether nothing is said: a body then holds no terms at all.
    fn is_empty(&self) -> bool {
        self.seats.is_empty()
            && self.quorum.is_none()
            && self.meets.is_none()
            && self.remit.is_none()
            && self.decides.is_empty()
            && self.marks.is_empty()
            && self.clause.is_none()
            && self.citations.is_empty()
    }

    /// The terms to hold: `None` when nothing is said.
    pub fn held(self) -> Option<Box<BodyTerms>> {
        (!self.is_empty()).then(|| Box::new(self))
    }
}

impl Body {
    /// Seats per member (partner or external body).
    pub fn seats(&self) -> &[Seats] {
        self.terms.as_deref().map_or(&[], |t| &t.seats)
    }

    /// Its quorum.
    pub fn quorum(&self) -> Option<&Quorum> {
        self.terms.as_deref().and_then(|t| t.quorum.as_ref())
    }

    /// How often it meets.
    pub fn meets(&self) -> Option<Cadence> {
        self.terms.as_deref().and_then(|t| t.meets)
    }

    /// What it is for, as written.
    pub fn remit(&self) -> Option<&str> {
        self.terms.as_deref().and_then(|t| t.remit.as_deref())
    }

    /// The decisions delegated to it, as written.
    pub fn decides(&self) -> &[String] {
        self.terms.as_deref().map_or(&[], |t| &t.decides)
    }

    /// Marks of what in it is illustrative or draft, in the order written.
    pub fn marks(&self) -> &[crate::model::Mark] {
        self.terms.as_deref().map_or(&[], |t| &t.marks)
    }

    /// The clause cited.
    pub fn clause(&self) -> Option<&str> {
        self.terms.as_deref().and_then(|t| t.clause.as_deref())
    }

    /// Clauses cited by its one-line statements, in the order written.
    pub fn citations(&self) -> &[Citation] {
        self.terms.as_deref().map_or(&[], |t| &t.citations)
    }

    /// The total number of seats, voting and advisory.
    pub fn seat_count(&self) -> u64 {
        self.seats().iter().map(|s| u64::from(s.count.value)).sum()
    }

    /// The number of voting seats: those that count towards a quorum.
    pub fn voting_seat_count(&self) -> u64 {
        self.seats()
            .iter()
            .filter(|s| !s.advisory)
            .map(|s| u64::from(s.count.value))
            .sum()
    }
}

/// The fields a body has always had in the model's output, in their order:
/// `id`, `name`, `kind` (when said), `seats`, `quorum`, `meets`,
/// `accountable_to`, `remit` (when said), `decides`, `marks` and `citations`
/// (when not empty) and `clause`.
impl Serialize for Body {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut out = serializer.serialize_struct("Body", 12)?;
        out.serialize_field("id", &self.id)?;
        out.serialize_field("name", &*self.name)?;
        match &self.kind {
            Some(kind) => out.serialize_field("kind", kind)?,
            None => out.skip_field("kind")?,
        }
        out.serialize_field("seats", self.seats())?;
        out.serialize_field("quorum", &self.quorum())?;
        out.serialize_field("meets", &self.meets())?;
        out.serialize_field("accountable_to", &*self.accountable_to)?;
        match self.remit() {
            Some(remit) => out.serialize_field("remit", remit)?,
            None => out.skip_field("remit")?,
        }
        let decides = self.decides();
        if decides.is_empty() {
            out.skip_field("decides")?;
        } else {
            out.serialize_field("decides", decides)?;
        }
        let marks = self.marks();
        if marks.is_empty() {
            out.skip_field("marks")?;
        } else {
            out.serialize_field("marks", marks)?;
        }
        out.serialize_field("clause", &self.clause())?;
        let citations = self.citations();
        if citations.is_empty() {
            out.skip_field("citations")?;
        } else {
            out.serialize_field("citations", citations)?;
        }
        out.end()
    }
}

/// A member's seats on a body: a partner's, or an external body's (a member
/// of the body that is not a party to the agreement).
#[derive(Debug, Clone, Serialize)]
pub struct Seats {
    /// Who holds them: a partner, or an external body (its id is then in
    /// the agreement's `externals`).
    #[serde(rename = "partner")]
    pub member: Ref,
    /// How many.
    pub count: At<u32>,
    /// How many of them sit in each role, if said.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub roles: Vec<RoleCount>,
    /// Whether they are advisory seats, which do not vote or count towards
    /// a quorum.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub advisory: bool,
    /// The entry as written.
    #[serde(skip)]
    pub span: Span,
}

impl Seats {
    /// How many of these seats count as `role` (see [`SeatRole::counts_as`]).
    pub fn in_role(&self, role: SeatRole) -> u64 {
        self.roles
            .iter()
            .filter(|r| r.role.counts_as(role))
            .map(|r| u64::from(r.count.value))
            .sum()
    }
}

/// A number of members in one role.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct RoleCount {
    /// The role.
    pub role: SeatRole,
    /// How many.
    pub count: At<u32>,
    /// The role as written.
    #[serde(skip)]
    pub span: Span,
}

/// A quorum.
#[derive(Debug, Clone, Serialize)]
pub struct Quorum {
    /// Members who must be present.
    pub count: At<u32>,
    /// Presences required: each entry is satisfied by any one member in it.
    pub including: Vec<Vec<Ref>>,
    /// Numbers of one member's representatives required, with their roles:
    /// `2 of lcc (1 elected_member, 1 officer)`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub counts: Vec<QuorumCount>,
    /// The statement.
    #[serde(skip)]
    pub span: Span,
}

/// At least `count` of one member's representatives present, with at least
/// so many in each role.
#[derive(Debug, Clone, Serialize)]
pub struct QuorumCount {
    /// Whose representatives.
    #[serde(rename = "partner")]
    pub member: Ref,
    /// How many.
    pub count: At<u32>,
    /// How many of them in each role.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub roles: Vec<RoleCount>,
    /// The requirement as written.
    #[serde(skip)]
    pub span: Span,
}

impl RoleCount {
    /// Roles as written, ` (3 elected_member, 1 dass)` with its leading
    /// space, or nothing when there are none.
    pub fn written(roles: &[RoleCount]) -> String {
        if roles.is_empty() {
            return String::new();
        }
        let parts: Vec<String> = roles
            .iter()
            .map(|r| format!("{} {}", r.count.value, r.role.word()))
            .collect();
        format!(" ({})", parts.join(", "))
    }
}

impl Seats {
    /// The seats as written after the member's id: `6 (3 elected_member,
    /// 3 officer)`, `1 advisory`.
    pub fn written(&self) -> String {
        let advisory = if self.advisory { " advisory" } else { "" };
        format!(
            "{}{}{advisory}",
            self.count.value,
            RoleCount::written(&self.roles)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_body_that_says_little_is_small() {
        // A million bodies that each say only whom they answer to are a
        // million of these.
        assert_eq!(std::mem::size_of::<Body>(), 104);
        let said = BodyTerms {
            remit: Some("To oversee".into()),
            ..BodyTerms::default()
        };
        assert!(BodyTerms::default().held().is_none());
        assert_eq!(said.held().and_then(|t| t.remit), Some("To oversee".into()));
    }
}
