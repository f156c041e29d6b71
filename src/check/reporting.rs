//! W0409: somebody receives reports on every obligation (good practice,
//! domain rule 17).

use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::model::Agreement;

pub(super) fn check(agreement: &Agreement, diagnostics: &mut Diagnostics) {
    for obligation in &agreement.obligations {
        if !obligation.reports.is_empty() {
            continue;
        }
        diagnostics.push(
            Diagnostic::new(
                Code::NoReporting,
                obligation.span,
                format!("nobody receives reports on obligation `{}`", obligation.id),
            )
            .label("no `report` line")
            .help("add `report quarterly to BODY`, naming who monitors it"),
        );
    }
}
