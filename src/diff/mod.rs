//! `concordat diff OLD NEW`: what a deed of variation changes in meaning.
//!
//! Both versions are read and checked by the ordinary pipeline; an agreement
//! with errors has no trustworthy model and cannot be compared. The two
//! resolved models are then matched item by item, by id ([`compare`]), and
//! each difference becomes one [`Change`], described in words
//! ([`describe`]), grouped in the order a finance officer reads them
//! ([`Section`]) and printed for people, as Markdown or as JSON
//! ([`render`]). A change of layout or comments only leaves the models equal:
//! "no change in meaning".

mod compare;
mod describe;
mod governance;
mod marks;
mod obligations;
mod other;
mod pools;
mod read;
mod render;
mod schemes;
mod waivers;

use serde::Serialize;

use crate::money::Money;
use crate::report::{CheckReport, Outcome};

pub use compare::compare;
pub use read::{read_version, Version};
pub use render::{human, json, markdown};

/// The version of the shape of `diff --format json`; raised when a field
/// changes meaning or is removed (adding a field does not raise it).
pub const DIFF_FORMAT_VERSION: u32 = 1;

/// The groups of a report, in the order they are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Section {
    /// Partners joined or left, renamed or of another kind.
    Partners,
    /// Contributions by partner and year, grants and totals.
    Contributions,
    /// Hosts, pool managers and lead commissioners.
    Hosting,
    /// Who bears an overspend, what happens to an underspend.
    RiskShare,
    /// Obligations: targets, trajectories, tolerances, reporting, ladders.
    Obligations,
    /// Governance bodies: seats, quorum, members, accountability.
    Governance,
    /// Anything else: title, term, basis, functions, bodies outside.
    Other,
}

impl Section {
    /// The heading of the group.
    pub fn heading(self) -> &'static str {
        match self {
            Section::Partners => "Partners",
            Section::Contributions => "Contributions",
            Section::Hosting => "Hosts, managers and leads",
            Section::RiskShare => "Risk share",
            Section::Obligations => "Obligations",
            Section::Governance => "Governance",
            Section::Other => "Other",
        }
    }
}

/// One change in meaning.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// The group it belongs to.
    pub section: Section,
    /// The id of the agreement.
    pub agreement: String,
    /// What changed, in words (`contribution of gp to bcf in 2018/19`).
    pub item: String,
    /// The old value, in words; `None` when the item is new.
    pub old: Option<String>,
    /// The new value, in words; `None` when the item is gone.
    pub new: Option<String>,
    /// For money, new minus old (a missing side counts as nothing).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub difference: Option<Money>,
    /// The clause cited in the old version.
    pub old_clause: Option<String>,
    /// The clause cited in the new version.
    pub new_clause: Option<String>,
}

/// The changes in meaning between two versions of an agreement file.
#[derive(Debug, Clone, Serialize)]
pub struct Diff {
    /// The name of the old version, as given.
    pub old: String,
    /// The name of the new version, as given.
    pub new: String,
    /// Every change, grouped by section, in the order of the files.
    pub changes: Vec<Change>,
}

impl Diff {
    /// Whether the meaning is unchanged.
    pub fn unchanged(&self) -> bool {
        self.changes.is_empty()
    }

    /// How the process should end: 0 when the meaning is unchanged, 1 when
    /// it changed.
    pub fn outcome(&self) -> Outcome {
        if self.unchanged() {
            Outcome::Clean
        } else {
            Outcome::Problems
        }
    }
}

/// Compares two versions, each a file or `REV:path` read from git. `Err`
/// holds the report of every version that could not be read or has errors
/// (its outcome is then a failure: the comparison was not made).
pub fn diff(old: &str, new: &str) -> Result<Diff, Vec<CheckReport>> {
    let old_version = read_version(old);
    let new_version = read_version(new);
    let failed: Vec<&CheckReport> = [&old_version.report, &new_version.report]
        .into_iter()
        .filter(|report| report.outcome() != Outcome::Clean)
        .collect();
    if !failed.is_empty() {
        return Err([old_version, new_version]
            .into_iter()
            .map(|v| v.report)
            .filter(|report| report.outcome() != Outcome::Clean)
            .collect());
    }
    let changes = compare(
        &old_version.report.agreements,
        &new_version.report.agreements,
    );
    Ok(Diff {
        old: old.to_owned(),
        new: new.to_owned(),
        changes,
    })
}
