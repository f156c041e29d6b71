//! Rendering diagnostics for people and for machines.
//!
//! - `human`: miette's graphical report, the source line with the problem
//!   underlined and labelled, the help line below.
//! - `plain`: the same facts as sentences, one fact a line, without boxes or
//!   colour (miette's narratable report): for screen readers and logs.
//! - `json`: one document with a format version, for CI and editors.
//! - `short`: one line a problem, `file:line:col: severity[code] message`,
//!   for editors and grep.
//! - `sarif`, `github`, `junit`: for CI services ([`super::ci`]).
//!
//! All take the diagnostics already sorted, so the same input always gives
//! byte-identical output. Nothing from a file reaches the output raw: in the
//! human and plain formats every control, bidirectional or noncharacter code
//! point of a message, help line, label, path or excerpt is written visibly
//! (`\u{1b}`); excerpts are cut around the labels (`excerpt.rs`).

use std::fmt;

use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, NarratableReportHandler, SourceCode,
};
use serde::Serialize;

use super::excerpt::{Excerpt, CONTEXT_LINES};
use super::locate::file_of;
pub use super::locate::{locate, location, Location};
pub use super::summary_line;
use super::{Diagnostic, Label, Severity};
use crate::source::{SourceFile, Span};
use crate::text::{json_visible, visible, visible_line};

/// How to show diagnostics.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    /// Source excerpts with underlined spans (colour optional).
    #[default]
    Human,
    /// Sentences only, for screen readers.
    Plain,
    /// A JSON document.
    Json,
    /// A SARIF 2.1.0 log, for GitHub code scanning.
    Sarif,
    /// GitHub Actions workflow annotations.
    Github,
    /// A JUnit XML report, one test case per file.
    Junit,
    /// One line a problem, `file:line:col: severity[code] message`.
    Short,
}

impl Format {
    /// Every format, by the name `--format` and `concordat.toml` take.
    pub const NAMED: [(&'static str, Format); 7] = [
        ("human", Format::Human),
        ("plain", Format::Plain),
        ("json", Format::Json),
        ("sarif", Format::Sarif),
        ("github", Format::Github),
        ("junit", Format::Junit),
        ("short", Format::Short),
    ];
}

/// The version of the JSON output's shape; raised when a field changes
/// meaning or is removed (adding a field does not raise it).
pub const JSON_FORMAT_VERSION: u32 = 1;

/// Options for [`render`].
#[derive(Debug, Clone, Copy, Default)]
pub struct RenderOptions {
    /// The format.
    pub format: Format,
    /// Colour in the human format (only for a terminal that wants it).
    pub colour: bool,
    /// Whether warnings fail the check (a JUnit test case fails on them).
    pub deny_warnings: bool,
}

/// Renders `diagnostics` (already sorted) about `files`, followed by a summary
/// line in the human and plain formats.
pub fn render(files: &[SourceFile], diagnostics: &[Diagnostic], options: RenderOptions) -> String {
    match options.format {
        Format::Json => render_json(files, diagnostics),
        Format::Sarif => super::ci::sarif(files, diagnostics),
        Format::Github => super::ci::github(files, diagnostics),
        Format::Junit => super::ci::junit(files, diagnostics, options.deny_warnings),
        Format::Short => short(files, diagnostics),
        Format::Human | Format::Plain => {
            let mut out = String::new();
            for diagnostic in diagnostics {
                out.push_str(&render_one(files, diagnostic, options));
            }
            out.push_str(&summary_line(
                crate::source::files_counted(files),
                diagnostics,
            ));
            out.push('\n');
            out
        }
    }
}

/// One diagnostic in the human or plain format.
pub fn render_one(files: &[SourceFile], diagnostic: &Diagnostic, options: RenderOptions) -> String {
    let report = Report::new(files, diagnostic);
    let mut out = String::new();
    let written = match options.format {
        Format::Plain
        | Format::Json
        | Format::Sarif
        | Format::Github
        | Format::Junit
        | Format::Short => NarratableReportHandler::new()
            .with_context_lines(CONTEXT_LINES)
            .render_report(&mut out, &report),
        Format::Human => {
            let theme = if options.colour {
                GraphicalTheme::unicode()
            } else {
                GraphicalTheme::unicode_nocolor()
            };
            GraphicalReportHandler::new_themed(theme)
                .with_links(false)
                .with_width(100)
                .with_context_lines(CONTEXT_LINES)
                .render_report(&mut out, &report)
        }
    };
    if written.is_err() {
        // miette could not lay out the excerpt; fall back to the bare facts.
        out = fallback(files, diagnostic);
    }
    if !out.ends_with('\n') {
        out.push('\n');
    }
    // A blank line between diagnostics, in both formats.
    out.push('\n');
    out
}

fn fallback(files: &[SourceFile], diagnostic: &Diagnostic) -> String {
    let place = location(files, diagnostic)
        .map(|l| format!("{}:{}:{}: ", visible_line(&l.file), l.line, l.column))
        .unwrap_or_default();
    let mut out = format!(
        "{place}{} [{}]: {}\n",
        severity_word(diagnostic.severity),
        diagnostic.code,
        visible(&diagnostic.message)
    );
    if let Some(help) = &diagnostic.help {
        out.push_str(&format!("  help: {}\n", visible(help)));
    }
    out
}

/// The diagnostics one a line, `file:line:col: severity[code] message`,
/// and nothing else (no summary line): for editors, `grep` and the quickfix
/// lists of Vim and Emacs. The path and the message are escaped visibly, as
/// in the human format, and a line break in either is escaped too, so each
/// problem is exactly one line.
pub fn short(files: &[SourceFile], diagnostics: &[Diagnostic]) -> String {
    diagnostics
        .iter()
        .map(|diagnostic| short_line(files, diagnostic))
        .collect()
}

/// One diagnostic in the short format, with its line feed.
pub(super) fn short_line(files: &[SourceFile], diagnostic: &Diagnostic) -> String {
    let place = location(files, diagnostic)
        .map(|l| format!("{}:{}:{}: ", visible_line(&l.file), l.line, l.column))
        .unwrap_or_default();
    format!(
        "{place}{}[{}] {}\n",
        severity_word(diagnostic.severity),
        diagnostic.code,
        visible_line(&diagnostic.message)
    )
}

fn severity_word(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

#[derive(Serialize)]
struct JsonReport<'a> {
    format_version: u32,
    files_checked: usize,
    errors: usize,
    warnings: usize,
    diagnostics: Vec<JsonDiagnostic<'a>>,
}

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    code: &'static str,
    severity: Severity,
    title: &'static str,
    message: &'a str,
    help: Option<&'a str>,
    #[serde(flatten)]
    location: Option<Location>,
    label: Option<&'a str>,
    related: Vec<JsonLabel<'a>>,
}

#[derive(Serialize)]
struct JsonLabel<'a> {
    message: &'a str,
    #[serde(flatten)]
    location: Option<Location>,
}

fn render_json(files: &[SourceFile], diagnostics: &[Diagnostic]) -> String {
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let report = JsonReport {
        format_version: JSON_FORMAT_VERSION,
        files_checked: crate::source::files_counted(files),
        errors,
        warnings: diagnostics.len() - errors,
        diagnostics: diagnostics
            .iter()
            .map(|d| JsonDiagnostic {
                code: d.code.as_str(),
                severity: d.severity,
                title: d.code.title(),
                message: &d.message,
                help: d.help.as_deref(),
                location: location(files, d),
                label: d
                    .primary
                    .as_ref()
                    .map(|l| l.text.as_str())
                    .filter(|t| !t.is_empty()),
                related: d
                    .secondary
                    .iter()
                    .map(|l| JsonLabel {
                        message: &l.text,
                        location: locate(files, l.span),
                    })
                    .collect(),
            })
            .collect(),
    };
    let mut text = json_visible(
        serde_json::to_string_pretty(&report).unwrap_or_else(|error| {
            format!("{{\"format_version\":{JSON_FORMAT_VERSION},\"error\":\"{error}\"}}")
        }),
    );
    text.push('\n');
    text
}

/// A diagnostic seen through miette's eyes: every text from the diagnostic
/// written visibly ([`crate::text::visible`]), and the file as an
/// [`Excerpt`] around its labels.
struct Report {
    message: String,
    code: &'static str,
    severity: Severity,
    help: Option<String>,
    source: Option<Excerpt>,
    /// The labels, spans in the excerpt.
    labels: Vec<LabeledSpan>,
}

impl Report {
    fn new(files: &[SourceFile], diagnostic: &Diagnostic) -> Report {
        let file = diagnostic
            .primary
            .as_ref()
            .and_then(|label| file_of(files, label.span.file));
        let message = match (&diagnostic.primary, &diagnostic.path) {
            (None, Some(path)) => format!(
                "{}: {}",
                visible_line(&crate::source::display_path(path)),
                visible(&diagnostic.message)
            ),
            _ => visible(&diagnostic.message).into_owned(),
        };
        // The primary label first, then the secondary ones in its file.
        let labels: Vec<(&Label, bool)> = diagnostic
            .primary
            .iter()
            .map(|label| (label, true))
            .chain(
                diagnostic
                    .secondary
                    .iter()
                    .filter(|label| file.is_some_and(|file| label.span.file == file.id))
                    .map(|label| (label, false)),
            )
            .collect();
        let source = file.map(|file| {
            let spans: Vec<Span> = labels.iter().map(|(label, _)| label.span).collect();
            Excerpt::new(file, &spans)
        });
        let labels = match &source {
            Some(excerpt) => labels
                .iter()
                .enumerate()
                .filter_map(|(i, (label, primary))| {
                    let span = excerpt.span(i)?;
                    let text =
                        (!label.text.is_empty()).then(|| visible_line(&label.text).into_owned());
                    Some(if *primary {
                        LabeledSpan::new_primary_with_span(text, span)
                    } else {
                        LabeledSpan::new_with_span(text, span)
                    })
                })
                .collect(),
            None => Vec::new(),
        };
        Report {
            message,
            code: diagnostic.code.as_str(),
            severity: diagnostic.severity,
            help: diagnostic.help.as_deref().map(|h| visible(h).into_owned()),
            source,
            labels,
        }
    }
}

impl fmt::Debug for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Report {}

impl miette::Diagnostic for Report {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        Some(Box::new(self.code))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
        })
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.help
            .as_ref()
            .map(|help| Box::new(help) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.source.as_ref().map(|s| s as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        self.source.as_ref()?;
        Some(Box::new(self.labels.iter().cloned()))
    }
}
