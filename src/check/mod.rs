//! Checks on the model: each rule family in its own file, run in a fixed
//! order; every problem found is reported, none stops the others.
//!
//! The rules here need only the model of one agreement (never the syntax tree
//! or pest). Name resolution problems were reported when the model was built
//! ([`crate::model::resolve`]); a check skips what could not be resolved
//! rather than report the same problem twice.

mod governance;
mod money;
mod obligations;

use crate::diagnostics::Diagnostics;
use crate::model::Agreement;

/// Runs every check on one agreement.
pub fn check_agreement(agreement: &Agreement, diagnostics: &mut Diagnostics) {
    governance::check(agreement, diagnostics);
    money::check(agreement, diagnostics);
    obligations::check(agreement, diagnostics);
}
