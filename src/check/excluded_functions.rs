//! E0206: no function the Regulations exclude is pooled or commissioned,
//! decided by its declared category ([`crate::model::nhs_categories`]);
//! W0224: a function with no category whose name suggests an excluded
//! treatment is asked to declare one.

use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::model::{Agreement, Function, FunctionKind, Kind, Ref};

/// Beginnings of the words in a function's name or id that suggest an
/// excluded treatment (W0224), and the treatment each suggests; a word
/// ending in `$` is matched whole (so that `operational` is not an
/// operation).
const SUGGESTIVE: &[(&str, &str)] = &[
    ("surger", "surgery"),
    ("surgical", "surgery"),
    ("operation$", "surgery"),
    ("operations$", "surgery"),
    ("radiotherap", "radiotherapy"),
    ("termination", "termination of pregnancies"),
    ("abortion", "termination of pregnancies"),
    ("endoscop", "endoscopy"),
    ("colonoscop", "endoscopy"),
    ("gastroscop", "endoscopy"),
    ("laser", "Class 4 laser treatment"),
    ("invasive", "an invasive treatment"),
    ("ambulance", "emergency ambulance services"),
    ("paramedic", "emergency ambulance services"),
    ("999", "emergency ambulance services"),
];

/// Words before `surgery` that make it the practice, not the treatment.
const PRACTICE: &[&str] = &["gp", "gps", "doctor", "doctors", "practice"];

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
        let Some(exclusion) = declared.category.and_then(|c| c.exclusion()) else {
            continue;
        };
        diagnostics.push(
            Diagnostic::new(
                Code::ExcludedFunction,
                function.span,
                format!(
                    "function `{}` (\"{}\") is of an excluded category, `{}` ({}): it may not be {how} a section 75 arrangement",
                    declared.id,
                    declared.name,
                    exclusion.category.word(),
                    exclusion.what
                ),
            )
            .label(format!("excluded ({})", exclusion.paragraph))
            .with_secondary(declared.span, "declared here")
            .help("the Regulations exclude the functions of this category whatever they are called: take it out of the pool and its lead commissioning, or declare its true category if it is something else"),
        );
    }
    for declared in &agreement.functions {
        if let Some(treatment) = suggested(declared) {
            warn(declared, treatment, None, diagnostics);
        }
    }
}

/// W0224 for the functions whose name or id holds one of `words` (already
/// lower case: the excluded treatments a project's `concordat.toml` adds)
/// and that [`check`] does not already warn about.
pub(super) fn check_words(agreement: &Agreement, words: &[String], diagnostics: &mut Diagnostics) {
    for declared in &agreement.functions {
        if !undeclared(declared) || suggested(declared).is_some() {
            continue;
        }
        let text = format!(
            "{} {}",
            declared.id.as_str().replace('_', " "),
            declared.name
        )
        .to_lowercase();
        if text.contains("rehab") {
            continue;
        }
        if let Some(word) = words.iter().find(|w| text.contains(w.as_str())) {
            warn(declared, "an excluded treatment", Some(word), diagnostics);
        }
    }
}

/// Whether a function may be an NHS function of no declared category.
fn undeclared(function: &Function) -> bool {
    matches!(function.kind, None | Some(FunctionKind::Nhs)) && function.category.is_none()
}

/// The excluded treatment a function's name or id suggests, if it has no
/// category and its words suggest one (never rehabilitation, never a GP
/// surgery).
fn suggested(function: &Function) -> Option<&'static str> {
    if !undeclared(function) {
        return None;
    }
    let text = format!("{} {}", function.id.as_str(), function.name).to_lowercase();
    let words: Vec<&str> = text
        .split(|c: char| !c.is_alphanumeric() && c != '\'')
        .filter(|w| !w.is_empty())
        .collect();
    if words.iter().any(|w| w.starts_with("rehab")) {
        return None;
    }
    let mut before = "";
    for word in &words {
        let practice =
            word.starts_with("surger") && PRACTICE.contains(&before.trim_end_matches("'s"));
        let negated = before == "non";
        before = word;
        if practice || negated {
            continue;
        }
        let suggests = |start: &&str| match start.strip_suffix('$') {
            Some(whole) => *word == whole,
            None => word.starts_with(*start),
        };
        if let Some((_, treatment)) = SUGGESTIVE.iter().find(|(start, _)| suggests(start)) {
            return Some(treatment);
        }
    }
    None
}

fn warn(function: &Function, treatment: &str, word: Option<&str>, diagnostics: &mut Diagnostics) {
    let (message, help) = match word {
        None => (
            format!(
                "function `{}` (\"{}\") does not say its category, and its name suggests {treatment}",
                function.id, function.name
            ),
            "the Regulations exclude functions in respect of surgery, radiotherapy, termination of pregnancies, endoscopy, Class 4 laser and other invasive treatments and emergency ambulance services, whatever they are called: write its category after `nhs` (`nhs rehabilitation`, `nhs surgery`...)".to_owned(),
        ),
        Some(word) => (
            format!(
                "function `{}` (\"{}\") does not say its category, and its name holds `{word}`, one of the project's excluded treatments",
                function.id, function.name
            ),
            format!("the project's concordat.toml lists `{word}` among the excluded treatments (`excluded_treatments`): write the function's category after `nhs` (`nhs rehabilitation`, `nhs surgery`...)"),
        ),
    };
    diagnostics.push(
        Diagnostic::new(Code::NameSuggestsExclusion, function.span, message)
            .label("declare its category")
            .help(help),
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Name, NhsCategory};
    use crate::source::Span;

    fn function(id: &str, name: &str, kind: Option<FunctionKind>) -> Function {
        Function {
            id: Name::new(id),
            name: name.into(),
            kind,
            category: None,
            source: None,
            clause: None,
            span: Span::default(),
        }
    }

    #[test]
    fn names_that_suggest_an_exclusion() {
        let nhs = Some(FunctionKind::Nhs);
        for name in [
            "Hip replacement operations",
            "Invasive cardiac procedures",
            "Class IV laser clinic",
            "Colonoscopy screening",
            "999 paramedic falls response",
            "Pregnancy termination services",
            "Elective surgery",
        ] {
            assert!(suggested(&function("f", name, nhs)).is_some(), "{name}");
        }
        for name in [
            "Rehabilitation after surgery",
            "GP surgery care navigators",
            "Non-invasive ventilation at home",
            "Operational support for community nursing",
            "Community health services",
        ] {
            assert_eq!(suggested(&function("f", name, nhs)), None, "{name}");
        }
        assert_eq!(
            suggested(&function("f", "Surgery", Some(FunctionKind::SocialCare))),
            None
        );
        let mut declared = function("f", "Hip operations", nhs);
        declared.category = Some(NhsCategory::Surgery);
        assert_eq!(suggested(&declared), None);
    }
}
