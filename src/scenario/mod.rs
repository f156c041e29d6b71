//! Scenario tests (`concordat test`): files that name an agreement, its
//! returns (files, or written inline) and an as-of period, with what the
//! assessment must find: statuses, flags, consequences, settlements and
//! missing returns. An analyst writes the expected values from the
//! agreement's text; the test says where the tool disagrees.
//!
//! The passes, in order:
//!
//! 1. the scenario files are found as `check` finds agreements
//!    ([`crate::files::find_wanted`]: folders walked, links followed only
//!    inside the folders named, each file once);
//! 2. each is read into a tree with the place of every value ([`tree`]),
//!    then into scenarios, every key and value checked ([`read`]); a file
//!    with a problem is not run (E0950 to E0952, exit 2);
//! 3. each scenario's agreement and returns, which must lie inside the
//!    folders named or the current folder, are assessed by
//!    [`crate::assess::assess_sources`], inline returns read from memory by
//!    the same readers as files;
//! 4. what was found is compared with what was expected ([`compare`]), and
//!    the results rendered for people or as JSON ([`render`]).

pub mod compare;
pub mod read;
pub mod render;
pub mod tree;

use std::path::{Component, Path, PathBuf};

use crate::assess::{assess_sources, AssessOptions, FailOn, ReadOptions, ReturnSource};
use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::files::{Roots, Wanted};
use crate::source::{FileId, SourceFile, Span};
use crate::Outcome;

pub use compare::Mismatch;
pub use read::Scenario;

/// Scenario files: `*.scenario.yaml` and `*.scenario.yml`.
pub const SCENARIOS: Wanted = Wanted {
    matches: is_scenario_file,
    none_in: |path| {
        Diagnostic::about_path(
            Code::NoScenarios,
            path,
            "no `.scenario.yaml` scenario files in this folder",
        )
        .help("scenario files end in `.scenario.yaml`; give a folder that holds some, or the files themselves")
    },
};

/// Whether `path` names a scenario file.
pub fn is_scenario_file(path: &Path) -> bool {
    path.file_name()
        .and_then(|name| name.to_str())
        .is_some_and(|name| name.ends_with(".scenario.yaml") || name.ends_with(".scenario.yml"))
}

/// What one run of `concordat test` found.
#[derive(Debug, Default)]
pub struct TestReport {
    /// The scenario files read; the diagnostics' spans name them.
    pub files: Vec<SourceFile>,
    /// Problems with the scenario files themselves (or with finding them).
    pub diagnostics: Vec<Diagnostic>,
    /// Each scenario run, in file order.
    pub results: Vec<ScenarioResult>,
}

/// One scenario's result.
#[derive(Debug)]
pub struct ScenarioResult {
    /// The scenario file.
    pub file: String,
    /// The line and column where the scenario starts.
    pub line: usize,
    /// The column.
    pub column: usize,
    /// Its name, if given.
    pub name: Option<String>,
    /// Passed, failed or could not be run.
    pub verdict: Verdict,
}

/// What became of a scenario.
#[derive(Debug)]
pub enum Verdict {
    /// Everything expected was found.
    Passed,
    /// The differences, each where its expectation is written.
    Failed(Vec<Placed>),
    /// The assessment could not be made: the problems with the agreement or
    /// the returns, as `assess` reports them.
    NotRun {
        /// The files the problems are in.
        files: Vec<SourceFile>,
        /// The problems.
        diagnostics: Vec<Diagnostic>,
    },
}

/// A mismatch with its place as `file:line:column`.
#[derive(Debug, Clone)]
pub struct Placed {
    /// The scenario file.
    pub file: String,
    /// The line, from 1.
    pub line: usize,
    /// The column, from 1.
    pub column: usize,
    /// The difference.
    pub mismatch: Mismatch,
}

impl TestReport {
    /// How many scenarios passed and how many did not.
    pub fn counts(&self) -> (usize, usize) {
        let passed = self
            .results
            .iter()
            .filter(|r| matches!(r.verdict, Verdict::Passed))
            .count();
        (passed, self.results.len() - passed)
    }

    /// How the process should end: 2 if a scenario file (or a file it
    /// names) could not be read or has a problem, 1 if a scenario failed or
    /// its assessment could not be made, 0 if all passed.
    pub fn outcome(&self) -> Outcome {
        let not_run = self.results.iter().filter_map(|r| match &r.verdict {
            Verdict::NotRun { diagnostics, .. } => Some(diagnostics),
            _ => None,
        });
        let tool = self
            .diagnostics
            .iter()
            .chain(not_run.flatten())
            .any(|d| d.code.is_tool_failure());
        if tool || self.diagnostics.iter().any(Diagnostic::is_error) {
            Outcome::Failure
        } else if self.counts().1 > 0 {
            Outcome::Problems
        } else {
            Outcome::Clean
        }
    }
}

/// Runs the scenario files named by `paths` (files, or folders searched for
/// `*.scenario.yaml`).
pub fn run_paths(paths: &[PathBuf]) -> TestReport {
    let roots = Roots::of(paths);
    let mut diagnostics = Diagnostics::new();
    let found = crate::files::find_wanted(paths, &roots, SCENARIOS, &mut diagnostics);
    let roots = roots.and_current_folder();
    let mut report = TestReport::default();
    for found in found {
        let id = FileId(u32::try_from(report.files.len()).unwrap_or(u32::MAX));
        let mut problems = Diagnostics::new();
        let Some(file) = crate::files::load_within(id, &found.path, &roots, &mut problems) else {
            diagnostics.extend(problems);
            continue;
        };
        if !problems.has_errors() {
            report
                .results
                .extend(run_file(&file, &roots, &mut problems));
        }
        diagnostics.extend(problems);
        report.files.push(file);
    }
    report.diagnostics = diagnostics.into_sorted();
    report
}

/// Runs the scenarios of one file, if it can be read whole.
fn run_file(
    file: &SourceFile,
    roots: &Roots,
    diagnostics: &mut Diagnostics,
) -> Vec<ScenarioResult> {
    let scenarios = match tree::read(file) {
        Ok(Some(root)) => read::scenarios(file, &root, diagnostics),
        Ok(None) => Vec::new(),
        Err(diagnostic) => {
            diagnostics.push(*diagnostic);
            return Vec::new();
        }
    };
    if diagnostics.has_errors() {
        return Vec::new();
    }
    if scenarios.is_empty() {
        diagnostics.push(
            Diagnostic::new(Code::BadScenarioValue, file.start_span(), "the file holds no scenario")
                .help("write `agreement:`, `returns:`, `as_of:` and `expect:`, or a list of such scenarios under `scenarios:`"),
        );
    }
    scenarios
        .iter()
        .filter_map(|scenario| run_one(file, scenario, roots, diagnostics))
        .collect()
}

/// Runs one scenario of `file`: `None` when a file it names may not be
/// read (reported).
fn run_one(
    file: &SourceFile,
    scenario: &Scenario,
    roots: &Roots,
    diagnostics: &mut Diagnostics,
) -> Option<ScenarioResult> {
    let agreement = within(
        &scenario.agreement.0,
        scenario.agreement.1,
        roots,
        diagnostics,
    )?;
    let mut sources = Vec::new();
    for source in &scenario.returns {
        sources.push(match source {
            read::Return::Path(path, span) => {
                ReturnSource::Path(within(path, *span, roots, diagnostics)?)
            }
            read::Return::Text(kind, text, _) => ReturnSource::Text {
                name: file.display_path(),
                kind: *kind,
                text: text.clone(),
            },
        });
    }
    let options = AssessOptions {
        as_of: scenario.as_of.map(|(period, _)| period),
        on: scenario.on,
        periods: true,
    };
    let assessed = assess_sources(&agreement, &sources, options, &ReadOptions::default());
    let start = file.line_col(scenario.span.start as usize);
    let verdict = match assessed.assessment {
        Some(assessment)
            if assessed.outcome(FailOn::default()) != Outcome::Problems
                && assessed.diagnostics.is_empty() =>
        {
            let mismatches = compare::compare(&scenario.expect, &assessment);
            if mismatches.is_empty() {
                Verdict::Passed
            } else {
                Verdict::Failed(mismatches.into_iter().map(|m| placed(file, m)).collect())
            }
        }
        _ => Verdict::NotRun {
            files: assessed.files,
            diagnostics: assessed.diagnostics,
        },
    };
    Some(ScenarioResult {
        file: file.display_path(),
        line: start.line,
        column: start.column,
        name: scenario.name.clone(),
        verdict,
    })
}

fn placed(file: &SourceFile, mismatch: Mismatch) -> Placed {
    let at = file.line_col(mismatch.span.start as usize);
    Placed {
        file: file.display_path(),
        line: at.line,
        column: at.column,
        mismatch,
    }
}

/// `path` (named at `span` of a scenario) if it lies inside `roots`, as it
/// is best shown: without `folder/..` when that is the same file.
fn within(
    path: &Path,
    span: Span,
    roots: &Roots,
    diagnostics: &mut Diagnostics,
) -> Option<PathBuf> {
    let real = match std::fs::canonicalize(path) {
        Ok(real) => real,
        Err(error) => {
            diagnostics.push(
                Diagnostic::new(
                    Code::CannotRead,
                    span,
                    format!(
                        "`{}` cannot be read: {error}",
                        crate::source::display_path(path)
                    ),
                )
                .label("named here")
                .help("a path in a scenario is relative to the scenario file's folder"),
            );
            return None;
        }
    };
    if !roots.contain(&real) {
        diagnostics.push(
            Diagnostic::new(
                Code::LinkOutsideFolder,
                span,
                format!("`{}` is not read: it lies outside the folders being tested and the current folder", crate::source::display_path(path)),
            )
            .label("named here")
            .help("run `concordat test` from a folder that holds the agreements and returns, or name their folder"),
        );
        return None;
    }
    let lexical = lexical(path);
    let same = std::fs::canonicalize(&lexical).is_ok_and(|other| other == real);
    Some(if same { lexical } else { path.to_path_buf() })
}

/// `path` with `folder/..` taken out, as written (no link resolved).
fn lexical(path: &Path) -> PathBuf {
    let mut out: Vec<Component<'_>> = Vec::new();
    for component in path.components() {
        match (component, out.last()) {
            (Component::CurDir, _) => {}
            (Component::ParentDir, Some(Component::Normal(_))) => {
                out.pop();
            }
            (other, _) => out.push(other),
        }
    }
    if out.is_empty() {
        return PathBuf::from(".");
    }
    out.iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scenario_files_are_told_by_their_names() {
        assert!(is_scenario_file(Path::new("a/bcf.scenario.yaml")));
        assert!(is_scenario_file(Path::new("bcf.scenario.yml")));
        assert!(!is_scenario_file(Path::new("bcf.yaml")));
        assert!(!is_scenario_file(Path::new("scenario.yaml")));
    }

    #[test]
    fn paths_lose_their_folder_dot_dots() {
        assert_eq!(
            lexical(Path::new("a/scenarios/../x.s75")),
            PathBuf::from("a/x.s75")
        );
        assert_eq!(lexical(Path::new("./../x.s75")), PathBuf::from("../x.s75"));
        assert_eq!(lexical(Path::new("a/..")), PathBuf::from("."));
    }
}
