//! The syntax of the contents the Regulations require an agreement to state
//! (reg 7(3) and reg 9(3) of the 2000 Regulations): its aims, who is
//! eligible, staff, premises and assets, review, variation, termination,
//! exit, information sharing and disputes; and, in a pool, the pool
//! manager's reports. Re-exported from [`super::ast`].

use crate::money::Money;
use crate::period::Date;

use super::ast::{Cadence, Deadline, Ident, ShareRule, Spanned, Text};

/// One statement of an agreement's contents.
#[derive(Debug, Clone, PartialEq)]
pub enum Content<'a> {
    /// `aims "..."`: the agreed aims and outcomes.
    Aims(Text<'a>),
    /// `eligibility "..."`: the persons and kinds of services covered.
    Eligibility(Text<'a>),
    /// `staff seconded "..."`, `staff transferred "..."`, `staff none`.
    Staff(Staffing<'a>),
    /// `premises "..."`: accommodation provided by the partners.
    Premises(Text<'a>),
    /// `assets "..."`: goods and services provided by the partners.
    Assets(Text<'a>),
    /// `review annually [by BODY]` or `review by DATE`.
    Review(Review<'a>),
    /// `variation by BODY`: who agrees variations.
    Variation(Ident<'a>),
    /// `minor variations by BODY up to £250k`: variations delegated to a body.
    MinorVariations {
        /// The body (or partner) that may agree them.
        by: Ident<'a>,
        /// The most a minor variation may move.
        up_to: Spanned<Money>,
    },
    /// `termination on 6 months notice`.
    Termination(Deadline),
    /// `exit costs shared lcc 60%, icb 40%`: how exit costs or assets are
    /// apportioned.
    Exit {
        /// Costs, assets or both.
        what: Spanned<ExitCovers>,
        /// How they are apportioned.
        rule: Spanned<ShareRule<'a>>,
    },
    /// `information sharing "..."`.
    InformationSharing(Text<'a>),
    /// `disputes "..."`: how disputes are resolved.
    Disputes(Text<'a>),
}

/// What an `exit` statement apportions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ExitCovers {
    /// `exit costs ...`
    Costs,
    /// `exit assets ...`
    Assets,
    /// `exit costs and assets ...`
    CostsAndAssets,
}

/// What a `staff` statement says.
#[derive(Debug, Clone, PartialEq)]
pub enum Staffing<'a> {
    /// `staff seconded "..."`
    Seconded(Text<'a>),
    /// `staff transferred "..."`
    Transferred(Text<'a>),
    /// `staff none`
    None,
}

/// When the arrangements are reviewed.
#[derive(Debug, Clone, PartialEq)]
pub enum Review<'a> {
    /// `review by 2019-03-31`
    By(Spanned<Date>),
    /// `review annually [by BODY]`
    Every(Cadence<'a>, Option<Ident<'a>>),
}

/// `reports quarterly and annually to lcc, icb`: the pool manager's
/// reports, how often and to whom.
#[derive(Debug, Clone, PartialEq)]
pub struct PoolReports<'a> {
    /// How often, each as written.
    pub cadences: Vec<Cadence<'a>>,
    /// Who receives them.
    pub to: Vec<Ident<'a>>,
}
