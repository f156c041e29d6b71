//! GitHub Actions: workflow annotations within GitHub's limits, and the job
//! summary in Markdown.
//!
//! GitHub shows at most 10 error and 10 warning annotations of one step (and
//! 50 of a whole job); any more are dropped without a word. So
//! [`github`] writes the first problems as annotations, errors before
//! warnings, and then one `::notice` saying how many more there are and
//! where to see them: the job summary ([`job_summary`]), which lists every
//! problem, when the workflow gives one (`GITHUB_STEP_SUMMARY`).

use std::fmt::Write as _;

use super::ci::level;
use super::locate::location;
use super::render::short_line;
use super::{summary_line, Diagnostic, Severity};
use crate::source::SourceFile;
use crate::text::{escape_markdown, escape_workflow_data, escape_workflow_property};

/// The most error annotations written, and the most warning annotations:
/// what GitHub shows of one step.
pub const ANNOTATIONS_PER_SEVERITY: usize = 10;

/// The most bytes of a job summary: GitHub refuses a step's summary over
/// 1 MiB, so rows past this are counted instead of listed.
pub const JOB_SUMMARY_MAX_BYTES: usize = 1000 * 1000;

/// The diagnostics as GitHub Actions workflow commands
/// (`::error file=…,line=…,col=…::…`), which GitHub shows on the lines of a
/// pull request: the first [`ANNOTATIONS_PER_SEVERITY`] errors, then as many
/// warnings, each in the order given; then, if some were left out, one
/// `::notice` with their count, and those left out listed in the log in
/// the short format (each line after `- `, so that no path can start a
/// workflow command); then the summary line.
pub fn github(files: &[SourceFile], diagnostics: &[Diagnostic]) -> String {
    let mut out = String::new();
    let mut left_out = Vec::new();
    for severity in [Severity::Error, Severity::Warning] {
        let of_severity = diagnostics.iter().filter(|d| d.severity == severity);
        for (i, d) in of_severity.enumerate() {
            if i < ANNOTATIONS_PER_SEVERITY {
                annotation(&mut out, files, d);
            } else {
                left_out.push(d);
            }
        }
    }
    if !left_out.is_empty() {
        let errors = left_out.iter().filter(|d| d.is_error()).count();
        let warnings = left_out.len() - errors;
        let what = match (errors, warnings) {
            (e, 0) => count(e, "error"),
            (0, w) => count(w, "warning"),
            (e, w) => format!("{} and {}", count(e, "error"), count(w, "warning")),
        };
        let _ = writeln!(
            out,
            "::notice title={}::{}",
            escape_workflow_property("concordat: more problems"),
            escape_workflow_data(&format!(
                "{what} more not shown as annotations (GitHub shows {ANNOTATIONS_PER_SEVERITY} errors and {ANNOTATIONS_PER_SEVERITY} warnings a step): they are listed in this step's log, and every problem is in the job summary"
            ))
        );
        for d in left_out {
            out.push_str("- ");
            out.push_str(&short_line(files, d));
        }
    }
    out.push_str(&summary_line(
        crate::source::files_counted(files),
        diagnostics,
    ));
    out.push('\n');
    out
}

/// `1 error`, `2 errors`.
fn count(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// One diagnostic as a workflow command, on one line.
fn annotation(out: &mut String, files: &[SourceFile], d: &Diagnostic) {
    let mut properties = Vec::new();
    if let Some(at) = location(files, d) {
        properties.push(format!("file={}", escape_workflow_property(&at.file)));
        properties.push(format!("line={}", at.line));
        properties.push(format!("col={}", at.column));
        properties.push(format!("endLine={}", at.end_line));
        if at.end_line == at.line {
            properties.push(format!("endColumn={}", at.end_column));
        }
    }
    properties.push(format!(
        "title={}",
        escape_workflow_property(&format!("{} {}", d.code, d.code.title()))
    ));
    let message = match &d.help {
        Some(help) => format!("{}\nhelp: {help}", d.message),
        None => d.message.clone(),
    };
    let _ = writeln!(
        out,
        "::{} {}::{}",
        level(d.severity),
        properties.join(","),
        escape_workflow_data(&message)
    );
}

/// A job summary of every problem, in Markdown (GitHub's tables): a heading
/// naming what ran (`concordat check`), the summary line, and a table of
/// the problems (place, code, severity, message), every text from a file
/// escaped for Markdown. Rows past [`JOB_SUMMARY_MAX_BYTES`] are counted,
/// not listed.
pub fn job_summary(heading: &str, files: &[SourceFile], diagnostics: &[Diagnostic]) -> String {
    let mut out = format!(
        "### {}\n\n{}\n",
        escape_markdown(heading),
        escape_markdown(&summary_line(
            crate::source::files_counted(files),
            diagnostics
        ))
    );
    if diagnostics.is_empty() {
        out.push('\n');
        return out;
    }
    out.push_str("\n| Place | Code | Severity | Message |\n|---|---|---|---|\n");
    for (i, d) in diagnostics.iter().enumerate() {
        let place = location(files, d)
            .map(|at| escape_markdown(&format!("{}:{}:{}", at.file, at.line, at.column)))
            .unwrap_or_default();
        let row = format!(
            "| {place} | {} | {} | {} |\n",
            d.code,
            level(d.severity),
            escape_markdown(&d.message)
        );
        if out.len() + row.len() > JOB_SUMMARY_MAX_BYTES {
            let rest = diagnostics.len() - i;
            let _ = writeln!(
                out,
                "\n{} not listed: the summary would be over GitHub's limit. Run `concordat check --format short` to see every problem.",
                count(rest, "more problem")
            );
            break;
        }
        out.push_str(&row);
    }
    // A blank line before whatever the next step appends.
    out.push('\n');
    out
}
