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
    let text = words_of(id, name);
    EXCLUDED
        .iter()
        .find(|(word, _)| text.contains(word))
        .map(|(_, exclusion)| *exclusion)
}

pub(super) fn check(agreement: &Agreement, diagnostics: &mut Diagnostics) {
    report(
        agreement,
        |id, name| exclusion(id, name).map(|exclusion| (exclusion.to_owned(), None)),
        diagnostics,
    );
}

/// E0206 for the functions whose name or id holds one of `words` (already
/// lower case: the excluded treatments a project's `concordat.toml` adds)
/// and none of the words the rule knows, which [`check`] reports.
pub(super) fn check_words(agreement: &Agreement, words: &[String], diagnostics: &mut Diagnostics) {
    report(
        agreement,
        |id, name| {
            if exclusion(id, name).is_some() {
                return None;
            }
            let text = words_of(id, name);
            words
                .iter()
                .find(|word| text.contains(word.as_str()))
                .map(|word| {
                    (
                        format!("an excluded treatment (`{word}`)"),
                        Some(word.as_str()),
                    )
                })
        },
        diagnostics,
    );
}

/// The id and name of a function as the words are looked for in.
fn words_of(id: &str, name: &str) -> String {
    format!("{} {}", id.replace('_', " "), name).to_lowercase()
}

/// E0206 for each use of a function that `excluded` finds an exclusion for
/// (and, for a word of the project's, the word).
fn report<'w>(
    agreement: &Agreement,
    excluded: impl Fn(&str, &str) -> Option<(String, Option<&'w str>)>,
    diagnostics: &mut Diagnostics,
) {
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
        let Some((exclusion, word)) = excluded(declared.id.as_str(), &declared.name) else {
            continue;
        };
        let label = match word {
            None => format!("{exclusion} is excluded"),
            Some(_) => "excluded by the project's concordat.toml".to_owned(),
        };
        let help = match word {
            None => "regulation 5 excludes surgery, radiotherapy, termination of pregnancies, endoscopy, Class 4 laser and other invasive treatments, and emergency ambulance services: take it out of the pool".to_owned(),
            Some(word) => format!("the project's concordat.toml lists `{word}` among the excluded treatments (`excluded_treatments`): take it out of the pool"),
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
            .label(label)
            .with_secondary(declared.span, "declared here")
            .help(help),
        );
    }
}
