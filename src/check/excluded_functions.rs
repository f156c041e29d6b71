//! E0206: no function the regulations exclude is pooled or commissioned
//! (regulation 5 of the 2000 Regulations).

use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::model::{Agreement, Kind, Ref};

/// Words that name an excluded function, and the exclusion they fall under.
const EXCLUDED: &[(&str, &str)] = &[
    ("surgery", "surgery"),
    ("surgical", "surgery"),
    ("radiotherapy", "radiotherapy"),
    ("termination of pregnanc", "termination of pregnancies"),
    ("abortion", "termination of pregnancies"),
    ("endoscop", "endoscopy"),
    ("class 4 laser", "Class 4 laser treatments"),
    ("laser treatment", "Class 4 laser treatments"),
    ("invasive treatment", "other invasive treatments"),
    ("emergency ambulance", "emergency ambulance services"),
];

/// The exclusion a function's name or id falls under, if any.
pub(crate) fn exclusion(id: &str, name: &str) -> Option<&'static str> {
    let text = format!("{} {}", id.replace('_', " "), name).to_lowercase();
    EXCLUDED
        .iter()
        .find(|(word, _)| text.contains(word))
        .map(|(_, exclusion)| *exclusion)
}

pub(super) fn check(agreement: &Agreement, diagnostics: &mut Diagnostics) {
    let mut uses: Vec<(&Ref, &str)> = Vec::new();
    for pool in &agreement.pools {
        uses.extend(pool.functions.iter().map(|f| (f, "paid for by")));
        for lead in &pool.leads {
            uses.extend(lead.functions.iter().map(|f| (f, "commissioned under")));
        }
    }
    for (function, how) in uses {
        if function.kind != Kind::Function {
            continue;
        }
        let Some(declared) = agreement.functions.get(function.index) else {
            continue;
        };
        let Some(exclusion) = exclusion(declared.id.as_str(), &declared.name) else {
            continue;
        };
        diagnostics.push(
            Diagnostic::new(
                Code::ExcludedFunction,
                function.span,
                format!(
                    "function `{}` (\"{}\") is {exclusion}, which may not be {how} a section 75 arrangement",
                    declared.id, declared.name
                ),
            )
            .label(format!("{exclusion} is excluded"))
            .with_secondary(declared.span, "declared here")
            .help("regulation 5 excludes surgery, radiotherapy, termination of pregnancies, endoscopy, Class 4 laser and other invasive treatments, and emergency ambulance services: take it out of the pool"),
        );
    }
}
