//! Rendering diagnostics for people and for machines.
//!
//! - `human`: miette's graphical report, the source line with the problem
//!   underlined and labelled, the help line below.
//! - `plain`: the same facts as sentences, one fact a line, without boxes or
//!   colour (miette's narratable report): for screen readers and logs.
//! - `json`: one document with a format version, for CI and editors.
//! - `sarif`, `github`, `junit`: for CI services ([`super::ci`]).
//!
//! All three take the diagnostics already sorted, so the same input always
//! gives byte-identical output.

use std::fmt;

use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError, MietteSpanContents,
    NarratableReportHandler, SourceCode, SourceSpan, SpanContents,
};
use serde::Serialize;

use super::locate::file_of;
pub use super::locate::{locate, location, Location};
pub use super::summary_line;
use super::{Diagnostic, Severity};
use crate::source::{ceil_char_boundary, floor_char_boundary, SourceFile, Span};
use crate::text::json_visible;

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
        Format::Human | Format::Plain => {
            let mut out = String::new();
            for diagnostic in diagnostics {
                out.push_str(&render_one(files, diagnostic, options));
            }
            out.push_str(&summary_line(files.len(), diagnostics));
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
        Format::Plain | Format::Json | Format::Sarif | Format::Github | Format::Junit => {
            NarratableReportHandler::new()
                .with_context_lines(1)
                .render_report(&mut out, &report)
        }
        Format::Human => {
            let theme = if options.colour {
                GraphicalTheme::unicode()
            } else {
                GraphicalTheme::unicode_nocolor()
            };
            GraphicalReportHandler::new_themed(theme)
                .with_links(false)
                .with_width(100)
                .with_context_lines(1)
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
        .map(|l| format!("{}:{}:{}: ", l.file, l.line, l.column))
        .unwrap_or_default();
    let mut out = format!(
        "{place}{} [{}]: {}\n",
        severity_word(diagnostic.severity),
        diagnostic.code,
        diagnostic.message
    );
    if let Some(help) = &diagnostic.help {
        out.push_str(&format!("  help: {help}\n"));
    }
    out
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
        files_checked: files.len(),
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

/// A diagnostic seen through miette's eyes.
struct Report<'a> {
    diagnostic: &'a Diagnostic,
    source: Option<SourceView<'a>>,
    message: String,
}

impl<'a> Report<'a> {
    fn new(files: &'a [SourceFile], diagnostic: &'a Diagnostic) -> Report<'a> {
        let file = diagnostic
            .primary
            .as_ref()
            .and_then(|label| file_of(files, label.span.file));
        let message = match (&diagnostic.primary, &diagnostic.path) {
            (None, Some(path)) => format!(
                "{}: {}",
                crate::source::display_path(path),
                diagnostic.message
            ),
            _ => diagnostic.message.clone(),
        };
        Report {
            diagnostic,
            source: file.map(|file| SourceView { file }),
            message,
        }
    }
}

impl fmt::Debug for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl fmt::Display for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Report<'_> {}

impl miette::Diagnostic for Report<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        Some(Box::new(self.diagnostic.code.as_str()))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.diagnostic.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
        })
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.diagnostic
            .help
            .as_ref()
            .map(|help| Box::new(help) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.source.as_ref().map(|s| s as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        self.source.as_ref()?;
        let primary = self.diagnostic.primary.iter().map(|label| {
            LabeledSpan::new_primary_with_span(non_empty(&label.text), to_miette(label.span))
        });
        let primary_file = self.diagnostic.primary.as_ref().map(|l| l.span.file);
        let secondary = self
            .diagnostic
            .secondary
            .iter()
            .filter(move |label| Some(label.span.file) == primary_file)
            .map(|label| LabeledSpan::new_with_span(non_empty(&label.text), to_miette(label.span)));
        Some(Box::new(primary.chain(secondary)))
    }
}

fn non_empty(text: &str) -> Option<String> {
    (!text.is_empty()).then(|| text.to_owned())
}

fn to_miette(span: Span) -> SourceSpan {
    SourceSpan::new((span.start as usize).into(), span.len())
}

/// The longest line shown whole in an excerpt; longer lines are shown as a
/// window around the problem, so a 20 MB line prints a few hundred bytes.
const LONGEST_LINE: usize = 240;
/// How much of a long line is shown before the problem.
const WINDOW_BEFORE: usize = 60;

/// A file as miette reads it: our line index instead of miette's scan from
/// the start of the file on every excerpt, and long lines clipped.
struct SourceView<'a> {
    file: &'a SourceFile,
}

impl SourceCode for SourceView<'_> {
    fn read_span<'b>(
        &'b self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'b> + 'b>, MietteError> {
        let text = self.file.shown_text();
        let start = span.offset();
        let end = start + span.len();
        if end > text.len() {
            return Err(MietteError::OutOfBounds);
        }
        let start_line = self.file.line_index(start);
        let end_line = if span.is_empty() {
            start_line
        } else {
            self.file.line_index(end - 1)
        };
        let first = start_line.saturating_sub(context_lines_before);
        let last = (end_line + context_lines_after).min(self.file.line_count().saturating_sub(1));
        let name = self.file.display_path();
        let column_of = |offset: usize| {
            let line_start = self.file.line_range(self.file.line_index(offset)).start;
            text.get(line_start..offset)
                .map_or(0, |s| s.chars().count())
        };
        let long = (first..=last).any(|line| self.file.line_range(line).len() > LONGEST_LINE);
        let (from, to, line, column, count) = if long {
            let line_range = self.file.line_range(start_line);
            let from = floor_char_boundary(
                text,
                start.saturating_sub(WINDOW_BEFORE).max(line_range.start),
            );
            let to = ceil_char_boundary(
                text,
                (from + LONGEST_LINE)
                    .min(line_range.end)
                    .max(end.min(line_range.end)),
            );
            (from, to, start_line, column_of(from), 1)
        } else if context_lines_before == 0 && context_lines_after == 0 {
            let to = self.file.line_range(end_line).end.max(end);
            (
                start,
                to,
                start_line,
                column_of(start),
                end_line - start_line + 1,
            )
        } else {
            let from = self.file.line_range(first).start;
            let to = self.file.line_range(last).end.max(end);
            (from, to, first, 0, last - first + 1)
        };
        let data = text.get(from..to).ok_or(MietteError::OutOfBounds)?;
        Ok(Box::new(MietteSpanContents::new_named(
            name,
            data.as_bytes(),
            SourceSpan::new(from.into(), to - from),
            line,
            column,
            count,
        )))
    }
}
