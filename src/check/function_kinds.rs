//! W0225: every function says whose statutory function it is.

use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::model::Agreement;

pub(super) fn check(agreement: &Agreement, diagnostics: &mut Diagnostics) {
    for function in agreement.functions.iter().filter(|f| f.kind.is_none()) {
        diagnostics.push(
            Diagnostic::new(
                Code::FunctionWithoutKind,
                function.span,
                format!(
                    "function `{}` (\"{}\") does not say whose statutory function it is",
                    function.id, function.name
                ),
            )
            .label("no kind")
            .help("write its kind after its name: `nhs` (and its category, such as `nhs community_health`), `social_care`, `health_related`, `public_health`, or `other \"Act, section\"`"),
        );
    }
}
