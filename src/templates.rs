//! `concordat new`: starting agreements for the common kinds of section 75
//! agreement, from the templates in `templates/`.
//!
//! A template is an agreement with a few placeholders: `{{id}}`,
//! `{{title}}`, `{{first}}` and `{{last}}` (the first and last financial
//! years of the term) and `{{before}}` (the year before the term, for
//! baselines). A line holding `{{year}}` is written once for each year of
//! the term, with the year in its place. The options are checked before
//! they are written in, so that every agreement written checks clean.

use crate::diagnostics::{Code, Diagnostic};
use crate::period::FinancialYear;

/// The kinds of agreement `concordat new` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A Better Care Fund agreement: council and ICB, a pool hosted by the
    /// council, the NHS minimum contribution, grants and the national
    /// metrics.
    Bcf,
    /// One partner commissions functions on behalf of another, with a pool.
    LeadCommissioning,
    /// One partner provides both health and council services, with a pool
    /// it hosts.
    IntegratedProvision,
    /// A pooled public health budget hosted by the council.
    PublicHealth,
}

impl Kind {
    /// Every kind, in the order they are listed.
    pub const ALL: [Kind; 4] = [
        Kind::Bcf,
        Kind::LeadCommissioning,
        Kind::IntegratedProvision,
        Kind::PublicHealth,
    ];

    /// The kind as written on the command line, e.g. `lead-commissioning`.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Bcf => "bcf",
            Kind::LeadCommissioning => "lead-commissioning",
            Kind::IntegratedProvision => "integrated-provision",
            Kind::PublicHealth => "public-health",
        }
    }

    /// The template's text, with its placeholders.
    pub fn template(self) -> &'static str {
        match self {
            Kind::Bcf => include_str!("../templates/bcf.s75"),
            Kind::LeadCommissioning => include_str!("../templates/lead_commissioning.s75"),
            Kind::IntegratedProvision => include_str!("../templates/integrated_provision.s75"),
            Kind::PublicHealth => include_str!("../templates/public_health.s75"),
        }
    }

    /// The agreement's name when no `--id` is given.
    pub fn default_id(self) -> &'static str {
        match self {
            Kind::Bcf => "bcf",
            Kind::LeadCommissioning => "lead_commissioning",
            Kind::IntegratedProvision => "integrated_provision",
            Kind::PublicHealth => "public_health",
        }
    }

    /// The agreement's title when no `--title` is given.
    pub fn default_title(self) -> &'static str {
        match self {
            Kind::Bcf => "Better Care Fund",
            Kind::LeadCommissioning => "Lead commissioning agreement",
            Kind::IntegratedProvision => "Integrated provision agreement",
            Kind::PublicHealth => "Public health pooled budget",
        }
    }
}

/// The first year of the term when none is given.
pub const DEFAULT_FROM: FinancialYear = FinancialYear::starting(2025);

/// The number of years of the term when none is given.
pub const DEFAULT_YEARS: u16 = 2;

/// The earliest first year: the templates name integrated care boards,
/// which exist from 1 July 2022, so a term starting in April 2022 or before
/// would name a body that did not yet exist (E0204).
pub const EARLIEST_FROM: FinancialYear = FinancialYear::starting(2023);

/// The most years a term may have.
pub const MAX_YEARS: u16 = 10;

/// What `concordat new` was asked for beyond the kind.
#[derive(Debug, Clone, Default)]
pub struct NewOptions {
    /// The agreement's name (`--id`); the kind's default when `None`.
    pub id: Option<String>,
    /// The agreement's title (`--title`); the kind's default when `None`.
    pub title: Option<String>,
    /// The first financial year of the term (`--from`); 2025/26 when `None`.
    pub from: Option<FinancialYear>,
    /// The number of years of the term (`--years`); 2 when `None`.
    pub years: Option<u16>,
}

/// The starting agreement of `kind` with `options` written in, or the
/// diagnostic of an option that cannot be: E0945 for a name that is not a
/// name, E0946 for a title that cannot be written as a text, E0947 for a
/// term outside what the templates allow.
pub fn new_agreement(kind: Kind, options: &NewOptions) -> Result<String, Box<Diagnostic>> {
    let id = match &options.id {
        Some(id) => valid_id(id)?,
        None => kind.default_id(),
    };
    let from = options.from.unwrap_or(DEFAULT_FROM);
    let years = options.years.unwrap_or(DEFAULT_YEARS);
    let title = match &options.title {
        Some(title) => quoted(title)?,
        None => default_title(kind, from, years),
    };
    let last = term_end(from, years)?;
    let before = FinancialYear::starting(from.start_year().saturating_sub(1));
    let all: Vec<String> = from.through(last).map(|year| year.to_string()).collect();
    let mut text = String::with_capacity(kind.template().len() + 256);
    for line in kind.template().lines() {
        if line.contains("{{year}}") {
            for year in &all {
                push_line(&mut text, &line.replace("{{year}}", year));
            }
        } else {
            push_line(&mut text, line);
        }
    }
    let text = text
        .replace("{{id}}", id)
        .replace("{{title}}", &title)
        .replace("{{first}}", &from.to_string())
        .replace("{{last}}", &last.to_string())
        .replace("{{before}}", &before.to_string());
    // Laid out as `concordat fmt` would, now that the names and the title,
    // whose widths the columns depend on, are in.
    Ok(crate::format::layout(&text))
}

/// A diagnostic about an option, with no file or text to point at.
fn option_problem(code: Code, message: impl Into<String>) -> Diagnostic {
    Diagnostic {
        path: None,
        ..Diagnostic::about_path(code, "", message)
    }
}

fn push_line(text: &mut String, line: &str) {
    text.push_str(line);
    text.push('\n');
}

/// The title when none is given: the kind's, with the term.
fn default_title(kind: Kind, from: FinancialYear, years: u16) -> String {
    match term_end(from, years) {
        Ok(last) if last != from => format!("{} {from} to {last}", kind.default_title()),
        _ => format!("{} {from}", kind.default_title()),
    }
}

/// The last year of a term of `years` years from `from`.
fn term_end(from: FinancialYear, years: u16) -> Result<FinancialYear, Box<Diagnostic>> {
    let bad = |message: String| {
        Box::new(option_problem(Code::NewBadTerm, message).help(format!(
            "give `--from` as a financial year from {EARLIEST_FROM} (integrated care \
                 boards exist from July 2022), and `--years` from 1 to {MAX_YEARS}"
        )))
    };
    if from < EARLIEST_FROM {
        return Err(bad(format!(
            "a term starting in {from} is before integrated care boards, which the templates name"
        )));
    }
    if years == 0 || years > MAX_YEARS {
        return Err(bad(format!(
            "a term of {years} years: a term has 1 to {MAX_YEARS}"
        )));
    }
    let last = from
        .start_year()
        .checked_add(years - 1)
        .filter(|&y| y <= 9998);
    match last {
        Some(last) => Ok(FinancialYear::starting(last)),
        None => Err(bad(format!(
            "a term of {years} years from {from} runs past 9998/99"
        ))),
    }
}

/// `id` when it is a name of the language: letters, digits and `_`,
/// starting with a letter.
fn valid_id(id: &str) -> Result<&str, Box<Diagnostic>> {
    let mut chars = id.chars();
    let starts_well = chars.next().is_some_and(|c| c.is_ascii_alphabetic());
    if starts_well && chars.all(|c| c.is_ascii_alphanumeric() || c == '_') {
        return Ok(id);
    }
    Err(Box::new(
        option_problem(
            Code::NewBadId,
            format!("`--id {id}` is not a name: a name is letters, digits and `_`, starting with a letter"),
        )
        .help(format!("write it as `{}`", suggested_id(id))),
    ))
}

/// A name close to `id`: every other character made `_`, a letter put in
/// front when it does not start with one.
fn suggested_id(id: &str) -> String {
    let mut name: String = id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .collect();
    if !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
        name.insert(0, 'a');
    }
    name
}

/// `title` as the inside of a quoted text: quotes escaped, control and
/// bidirectional characters refused (E0004, E0008 in a file).
fn quoted(title: &str) -> Result<String, Box<Diagnostic>> {
    let bad = title.chars().find(|&c| {
        c.is_control() || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
    });
    if let Some(c) = bad {
        return Err(Box::new(
            option_problem(
                Code::NewBadTitle,
                format!(
                    "`--title` holds the character U+{:04X}, which an agreement's text cannot hold",
                    u32::from(c)
                ),
            )
            .help("give the title on one line, without control characters"),
        ));
    }
    if title.trim().is_empty() {
        return Err(Box::new(
            option_problem(Code::NewBadTitle, "`--title` is empty")
                .help("give the agreement's title, e.g. `--title \"Rutland Better Care Fund\"`"),
        ));
    }
    Ok(title.replace('\\', "\\\\").replace('"', "\\\""))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "tests fail loudly by design")]
    use super::*;

    #[test]
    fn names_are_letters_digits_and_underscores() {
        assert!(valid_id("rutland_bcf_2025").is_ok());
        for bad in ["", "2025", "_x", "a-b", "a b", "é"] {
            assert_eq!(valid_id(bad).unwrap_err().code, Code::NewBadId, "{bad}");
        }
        assert_eq!(suggested_id("2025-bcf"), "a2025_bcf");
    }

    #[test]
    fn a_line_with_a_year_is_written_once_a_year() {
        let options = NewOptions {
            from: Some(FinancialYear::starting(2024)),
            years: Some(3),
            ..NewOptions::default()
        };
        let text = new_agreement(Kind::Bcf, &options).unwrap();
        assert!(text.contains("term 2024/25 to 2026/27"));
        assert_eq!(text.matches("contributions 20").count(), 3);
        assert!(!text.contains("{{"));
    }

    #[test]
    fn terms_outside_the_limits_are_refused() {
        for (from, years) in [(2021, 1), (2025, 0), (2025, 11), (9995, 5)] {
            let options = NewOptions {
                from: Some(FinancialYear::starting(from)),
                years: Some(years),
                ..NewOptions::default()
            };
            let error = new_agreement(Kind::PublicHealth, &options).unwrap_err();
            assert_eq!(error.code, Code::NewBadTerm, "{from} {years}");
        }
    }
}
