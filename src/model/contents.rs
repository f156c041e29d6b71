//! The contents the Regulations require the written agreement to specify
//! (reg 7(3) and reg 9(3) of the 2000 Regulations): aims and outcomes, who
//! is eligible, staff, premises and assets, review, variation, termination,
//! exit, information sharing and disputes; and the pool manager's reports.

use serde::{Serialize, Serializer};

use super::{At, Cadence, CadenceWord, Deadline, Ref, Share};
use crate::money::Money;
use crate::period::Date;
use crate::source::Span;
use crate::syntax::ast::ExitCovers;

/// What an agreement states of its contents, each at most once (exits once
/// for costs and once for assets). Clauses cited are in the agreement's
/// `citations`.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Contents {
    /// `aims "..."`: the agreed aims and outcomes (reg 7(3)(a)).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub aims: Option<At<String>>,
    /// `eligibility "..."`: the persons and kinds of services (reg 7(3)(d)).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub eligibility: Option<At<String>>,
    /// `staff ...`: staff provided by the partners (reg 7(3)(e)).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub staff: Option<At<Staff>>,
    /// `premises "..."`: accommodation provided (reg 7(3)(e)).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub premises: Option<At<String>>,
    /// `assets "..."`: goods and services provided (reg 7(3)(e)).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub assets: Option<At<String>>,
    /// `review ...`: provision for review (reg 7(3)(f)).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub review: Option<At<Review>>,
    /// `variation by BODY`: who agrees variations (reg 7(3)(f)).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub variation_by: Option<Ref>,
    /// `minor variations by BODY up to £X`: variations delegated to a body.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub minor_variations: Option<MinorVariations>,
    /// `termination on N months notice`: the notice of termination (reg
    /// 7(3)(f)).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub termination_notice: Option<At<Deadline>>,
    /// `exit costs ...` / `exit assets ...`: how they are apportioned.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub exit: Vec<Exit>,
    /// `information sharing "..."`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub information_sharing: Option<At<String>>,
    /// `disputes "..."`: how disputes are resolved.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub disputes: Option<At<String>>,
}

impl Contents {
    /// Whether nothing is stated.
    pub fn is_empty(&self) -> bool {
        self.aims.is_none()
            && self.eligibility.is_none()
            && self.staff.is_none()
            && self.premises.is_none()
            && self.assets.is_none()
            && self.review.is_none()
            && self.variation_by.is_none()
            && self.minor_variations.is_none()
            && self.termination_notice.is_none()
            && self.exit.is_empty()
            && self.information_sharing.is_none()
            && self.disputes.is_none()
    }
}

/// The staff the partners provide.
#[derive(Debug, Clone, Serialize)]
pub struct Staff {
    /// Seconded, transferred or none.
    pub arrangement: StaffArrangement,
    /// What the agreement says of them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
}

/// How staff come to work under the arrangements.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum StaffArrangement {
    /// Seconded: they stay employed by their partner.
    Seconded,
    /// Transferred to another partner.
    Transferred,
    /// No staff are provided.
    None,
}

/// When the arrangements are reviewed.
#[derive(Debug, Clone, Serialize)]
#[serde(untagged)]
pub enum Review {
    /// By a date.
    By {
        /// The date.
        by_date: Date,
    },
    /// Regularly, by a body if said.
    Every {
        /// How often.
        #[serde(serialize_with = "cadence_word")]
        every: Cadence,
        /// Who reviews.
        #[serde(skip_serializing_if = "Option::is_none")]
        by: Option<Ref>,
    },
}

/// Variations a body may agree without the partners.
#[derive(Debug, Clone, Serialize)]
pub struct MinorVariations {
    /// The body or partner.
    pub by: Ref,
    /// The most a variation it agrees may move.
    pub up_to: Money,
    /// The statement.
    #[serde(skip)]
    pub span: Span,
}

/// How exit costs or assets are apportioned.
#[derive(Debug, Clone, Serialize)]
pub struct Exit {
    /// Costs, assets or both.
    pub covers: ExitCovers,
    /// How.
    pub share: Share,
    /// The statement.
    #[serde(skip)]
    pub span: Span,
}

/// The pool manager's reports: how often, to whom.
#[derive(Debug, Clone, Serialize)]
pub struct PoolReporting {
    /// How often, each as written (`quarterly`, `annually`).
    #[serde(serialize_with = "cadence_words")]
    pub cadences: Vec<Cadence>,
    /// Who receives them.
    pub to: Vec<Ref>,
    /// The clause cited.
    pub clause: Option<String>,
    /// The statement.
    #[serde(skip)]
    pub span: Span,
}

impl PoolReporting {
    /// Whether they come quarterly or more often.
    pub fn quarterly(&self) -> bool {
        let quarter = Cadence::Named(CadenceWord::Quarterly).days();
        self.cadences.iter().any(|c| c.days() <= quarter)
    }
}

fn cadence_word<S: Serializer>(cadence: &Cadence, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.collect_str(cadence)
}

fn cadence_words<S: Serializer>(cadences: &[Cadence], serializer: S) -> Result<S::Ok, S::Error> {
    serializer.collect_seq(cadences.iter().map(ToString::to_string))
}
