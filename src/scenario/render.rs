//! The results of `concordat test`, for people (`human`, `plain`) and as
//! JSON. Every text from a file (names, paths, values) is escaped as
//! `check`'s output escapes it.

use serde::Serialize;

use super::{Placed, ScenarioResult, TestReport, Verdict};
use crate::diagnostics::render::{location, render, render_one, Format, RenderOptions};
use crate::diagnostics::Diagnostic;
use crate::source::SourceFile;
use crate::text::{json_visible, visible};

/// The version of the JSON shape of a test run.
pub const TEST_FORMAT_VERSION: u32 = 1;

/// The report in `options.format`: JSON, or text for people (the formats
/// for CI show the problems with the scenario files alone).
pub fn render_report(report: &TestReport, options: RenderOptions) -> String {
    match options.format {
        Format::Json => json(report),
        Format::Human | Format::Plain => text(report, options),
        Format::Sarif | Format::Github | Format::Junit | Format::Short => {
            render(&report.files, &report.diagnostics, options)
        }
    }
}

/// For people: `ok` or `FAILED` a scenario, each mismatch as
/// `file:line:col: expected X, found Y` with its evidence, and a summary.
pub fn text(report: &TestReport, options: RenderOptions) -> String {
    let mut out = String::new();
    if !report.diagnostics.is_empty() {
        for diagnostic in &report.diagnostics {
            out.push_str(&render_one(&report.files, diagnostic, options));
        }
    }
    for result in &report.results {
        let title = title(result);
        match &result.verdict {
            Verdict::Passed => out.push_str(&format!("ok      {title}\n")),
            Verdict::Failed(mismatches) => {
                out.push_str(&format!("FAILED  {title}\n"));
                for placed in mismatches {
                    mismatch_text(placed, &mut out);
                }
            }
            Verdict::NotRun { files, diagnostics } => {
                out.push_str(&format!(
                    "FAILED  {title}\n        the assessment could not be made:\n\n"
                ));
                for diagnostic in diagnostics {
                    out.push_str(&render_one(files, diagnostic, options));
                }
            }
        }
    }
    out.push_str(&summary(report));
    out.push('\n');
    out
}

fn title(result: &ScenarioResult) -> String {
    let place = format!("{}:{}", visible(&result.file), result.line);
    match &result.name {
        Some(name) => format!("{} ({place})", visible(name)),
        None => place,
    }
}

fn mismatch_text(placed: &Placed, out: &mut String) {
    let m = &placed.mismatch;
    out.push_str(&format!(
        "        {}:{}:{}: expected {}, found {}\n",
        visible(&placed.file),
        placed.line,
        placed.column,
        visible(&m.expected),
        visible(&m.found)
    ));
    for line in &m.evidence {
        out.push_str(&format!("          {}\n", visible(line)));
    }
}

/// "5 scenarios: 4 passed, 1 failed", and the problems with the files.
pub fn summary(report: &TestReport) -> String {
    let (passed, failed) = report.counts();
    let total = passed + failed;
    let noun = if total == 1 { "scenario" } else { "scenarios" };
    let mut line = format!("{total} {noun}: {passed} passed, {failed} failed");
    let errors = report.diagnostics.iter().filter(|d| d.is_error()).count();
    if errors > 0 {
        let files = if errors == 1 { "problem" } else { "problems" };
        line.push_str(&format!(
            "; {errors} {files} with the scenario files, not run"
        ));
    }
    line
}

#[derive(Serialize)]
struct JsonReport<'a> {
    format_version: u32,
    passed: usize,
    failed: usize,
    scenarios: Vec<JsonScenario<'a>>,
    problems: Vec<JsonProblem>,
}

#[derive(Serialize)]
struct JsonScenario<'a> {
    file: &'a str,
    line: usize,
    column: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<&'a str>,
    /// `passed`, `failed`, or `not_run` (the assessment could not be made).
    result: &'static str,
    mismatches: Vec<JsonMismatch<'a>>,
    problems: Vec<JsonProblem>,
}

#[derive(Serialize)]
struct JsonMismatch<'a> {
    file: &'a str,
    line: usize,
    column: usize,
    expected: &'a str,
    found: &'a str,
    evidence: &'a [String],
}

#[derive(Serialize)]
struct JsonProblem {
    code: &'static str,
    severity: crate::diagnostics::Severity,
    message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    file: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    line: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    column: Option<usize>,
}

fn problems(files: &[SourceFile], diagnostics: &[Diagnostic]) -> Vec<JsonProblem> {
    diagnostics
        .iter()
        .map(|d| {
            let at = location(files, d);
            JsonProblem {
                code: d.code.as_str(),
                severity: d.severity,
                message: d.message.clone(),
                file: at.as_ref().map(|l| l.file.clone()),
                line: at.as_ref().map(|l| l.line),
                column: at.as_ref().map(|l| l.column),
            }
        })
        .collect()
}

/// One JSON document: each scenario with its result and mismatches, and
/// the problems with the scenario files.
pub fn json(report: &TestReport) -> String {
    let (passed, failed) = report.counts();
    let scenarios = report
        .results
        .iter()
        .map(|result| {
            let (verdict, mismatches, found) = match &result.verdict {
                Verdict::Passed => ("passed", Vec::new(), Vec::new()),
                Verdict::Failed(list) => (
                    "failed",
                    list.iter()
                        .map(|p| JsonMismatch {
                            file: &p.file,
                            line: p.line,
                            column: p.column,
                            expected: &p.mismatch.expected,
                            found: &p.mismatch.found,
                            evidence: &p.mismatch.evidence,
                        })
                        .collect(),
                    Vec::new(),
                ),
                Verdict::NotRun { files, diagnostics } => {
                    ("not_run", Vec::new(), problems(files, diagnostics))
                }
            };
            JsonScenario {
                file: &result.file,
                line: result.line,
                column: result.column,
                name: result.name.as_deref(),
                result: verdict,
                mismatches,
                problems: found,
            }
        })
        .collect();
    let document = JsonReport {
        format_version: TEST_FORMAT_VERSION,
        passed,
        failed,
        scenarios,
        problems: problems(&report.files, &report.diagnostics),
    };
    let text = serde_json::to_string_pretty(&document).unwrap_or_default();
    json_visible(text) + "\n"
}
