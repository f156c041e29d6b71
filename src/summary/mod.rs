//! Summaries for boards: a plain-English paper written from the agreement
//! itself, as Markdown or as one self-contained HTML file with pictures.
//!
//! Every statement cites where it comes from: the clause the agreement gives
//! for it (or for its block), else "not cited in the agreement", with the
//! line of the file in an appendix for analysts ([`sources`]).
//!
//! | step | module | gives |
//! |---|---|---|
//! | sentences | [`overview`], [`pools`], [`governance`], [`obligations`] | the [`Document`]: sections of cited sentences, tables and figures |
//! | pictures | [`chart`] (data), [`svg`] (drawing) | contributions by partner and year; an obligation's planned path, tolerance band and actual values |
//! | writing | [`markdown`], [`html`], escaping with [`crate::text`] | the text of the file |
//!
//! The document is built first and written second, so a later step can add
//! sections to it (with [`Document::insert_after`]) before it is written: an
//! assessment of returns adds its status tables and charts of actual
//! against trajectory ([`chart::TrajectoryChart::of`] with
//! [`chart::Actual`] values, written by [`obligations::trajectory_table`]
//! and [`obligations::trajectory_figure`]).

pub mod chart;
pub mod context;
pub mod document;
pub mod formulas;
pub mod front;

pub mod governance;
pub mod grants;
pub mod html;
pub mod index;
pub mod markdown;
pub mod marks;
pub mod monitoring;
pub mod obligations;
pub mod overview;
pub mod performance;
pub mod pools;
pub mod sources;
pub mod svg;
pub mod words;

use std::path::{Path, PathBuf};

pub use document::{Block, Cite, Document, Figure, FigureKind, Section, Sentence, Table};

use crate::assess::assessment::Assessment;
use crate::assess::{assess_agreement_read, AssessOptions, ReadOptions};
use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::model::Agreement;
use crate::period::Period;
use crate::source::SourceFile;
use crate::{CheckReport, Outcome};
use context::Context;

/// The formats a summary is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Markdown, with tables.
    Markdown,
    /// One self-contained HTML file with inline SVG pictures.
    Html,
}

/// The summary of one agreement, read from `file`, as a document.
pub fn summarise(agreement: &Agreement, file: &SourceFile) -> Document {
    summarise_with(agreement, file, None)
}

/// The summary of one agreement and, if given, the assessment of its
/// returns (a section after the obligations).
pub fn summarise_with(
    agreement: &Agreement,
    file: &SourceFile,
    assessment: Option<&Assessment>,
) -> Document {
    paper(agreement, file, assessment, &[])
}

/// The board paper of one agreement: the front sheet (with the matters
/// `warnings` raise, the warnings `check` gave on the agreement's file),
/// then the detail and, if given, the assessment of its returns (a
/// section after the obligations).
pub fn paper(
    agreement: &Agreement,
    file: &SourceFile,
    assessment: Option<&Assessment>,
    warnings: &[Diagnostic],
) -> Document {
    let cx = Context { agreement, file };
    let mut document = Document {
        title: agreement.title.to_string(),
        as_of: assessment.map(|a| a.as_of.to_string()),
        preamble: overview::preamble(&cx),
        sections: vec![
            front::front_sheet(&cx, assessment, warnings),
            overview::partners(&cx),
            pools::pools(&cx),
            pools::commissioning(&cx),
            governance::governance(&cx),
            governance::responsibilities(&cx),
            pools::risk_share(&cx),
            obligations::obligations(&cx),
        ],
    };
    if let Some(assessment) = assessment {
        document.insert_after("obligations", performance::performance(&cx, assessment));
    }
    let appendix = sources::appendix(&document, file);
    document.sections.push(appendix);
    document
}

/// Documents written out in a format.
pub fn render(documents: &[Document], format: Format) -> String {
    match format {
        Format::Markdown => {
            let mut text = markdown::render(documents);
            text.push('\n');
            text
        }
        Format::Html => html::render(documents),
    }
}

/// The summaries of the agreements in a file, if it has no errors;
/// otherwise the check report saying why not.
pub fn documents_of(path: &Path) -> Result<Vec<Document>, CheckReport> {
    let report = crate::check_file(path);
    if report.outcome() != Outcome::Clean || report.agreements.is_empty() {
        return Err(report);
    }
    Ok(report
        .agreements
        .iter()
        .filter_map(|agreement| {
            let file = report.files.iter().find(|f| f.id == agreement.span.file)?;
            Some(paper(
                agreement,
                file,
                None,
                &warnings_of(&report.diagnostics, agreement),
            ))
        })
        .collect())
}

/// The summary of the agreements in a file, written in `format`, if the
/// file has no errors; otherwise the check report saying why not.
pub fn summary_of(path: &Path, format: Format) -> Result<String, CheckReport> {
    documents_of(path).map(|documents| render(&documents, format))
}

/// The summary of the one agreement in a file with the assessment of its
/// returns as of `as_of` (by default the latest period reported), written
/// in `format`; otherwise the report of what is wrong with the agreement or
/// the returns (the same diagnostics as `check` and `assess`).
pub fn summary_with_returns(
    path: &Path,
    returns: &[PathBuf],
    as_of: Option<Period>,
    format: Format,
) -> Result<String, CheckReport> {
    let when = AssessOptions {
        as_of,
        on: None,
        periods: true,
    };
    summary_with_returns_read(path, returns, when, ReadOptions::default(), format)
}

/// As [`summary_with_returns`], assessed as `when` says (as of which
/// period, on which day), the returns read as `read` says (the sheet of a
/// workbook, the kind of a return on standard input).
pub fn summary_with_returns_read(
    path: &Path,
    returns: &[PathBuf],
    when: AssessOptions,
    read: ReadOptions,
    format: Format,
) -> Result<String, CheckReport> {
    let named = std::iter::once(path).chain(returns.iter().map(PathBuf::as_path));
    if let Err(twice) = crate::files::stdin::named_once(named) {
        return Err(CheckReport::from(*twice));
    }
    let mut report = crate::check_file(path);
    if report.outcome() != Outcome::Clean || report.agreements.len() != 1 {
        if report.outcome() == Outcome::Clean {
            report.diagnostics.push(
                Diagnostic::about_path(
                    Code::NotOneAgreement,
                    path,
                    format!(
                        "holds {} agreements; returns are assessed against one",
                        report.agreements.len()
                    ),
                )
                .help("put each agreement in its own file"),
            );
        }
        return Err(report);
    }
    let agreements = std::mem::take(&mut report.agreements);
    let mut diagnostics = Diagnostics::new();
    let options = AssessOptions {
        periods: true,
        ..when
    };
    let mut documents = Vec::new();
    for agreement in &agreements {
        let Some(agreement) = crate::assess::allocations::with_allocations(
            agreement,
            read.allocations.as_deref(),
            &mut report.files,
            &mut diagnostics,
        ) else {
            report.diagnostics = diagnostics.into_sorted();
            return Err(report);
        };
        let agreement = agreement.as_ref();
        let assessment = assess_agreement_read(
            agreement,
            (returns, &read),
            options,
            &mut report.files,
            &mut diagnostics,
        );
        if diagnostics.has_errors() {
            report.diagnostics = diagnostics.into_sorted();
            return Err(report);
        }
        let Some(file) = report.files.iter().find(|f| f.id == agreement.span.file) else {
            continue;
        };
        let warnings = warnings_of(&report.diagnostics, agreement);
        documents.push(paper(agreement, file, assessment.as_ref(), &warnings));
    }
    Ok(render(&documents, format))
}

/// The warnings `check` gave in an agreement's file, at or after its
/// header, for the board's front sheet.
fn warnings_of(diagnostics: &[Diagnostic], agreement: &Agreement) -> Vec<Diagnostic> {
    diagnostics
        .iter()
        .filter(|d| {
            d.primary
                .as_ref()
                .is_some_and(|l| l.span.file == agreement.span.file)
                && !d.code.is_tool_failure()
        })
        .cloned()
        .collect()
}

/// Writes `text` to `path` whole or not at all, through
/// [`crate::files::write_atomically`]. A failure is a report of one
/// E0920 diagnostic, whose outcome is [`Outcome::Failure`].
pub fn write_atomically(path: &Path, text: &str) -> Result<(), CheckReport> {
    crate::files::write_atomically(path, text.as_bytes()).map_err(|d| CheckReport::from(*d))
}
