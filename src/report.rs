//! What one run of the checker found, the options it ran with, and how the
//! process should end.

use crate::diagnostics::render::{render, RenderOptions};
use crate::diagnostics::{Diagnostic, Diagnostics, Severity};
use crate::model::Agreement;
use crate::source::SourceFile;

/// What one run of the checker found.
#[derive(Debug, Default)]
pub struct CheckReport {
    /// The files read, in path order; a diagnostic's span names its file by
    /// index into this list.
    pub files: Vec<SourceFile>,
    /// The models of the agreements that could be built, file by file, if
    /// they were asked for.
    pub agreements: Vec<Agreement>,
    /// Every problem found, sorted by file, position and code.
    pub diagnostics: Vec<Diagnostic>,
}

/// How the process should end after a run: the documented exit codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Exit 0: no errors (warnings allowed).
    Clean,
    /// Exit 1: the agreements have errors.
    Problems,
    /// Exit 2: the tool could not do its job (a path that cannot be read, no
    /// agreements found, bad arguments).
    Failure,
    /// Exit 3: `assess --fail-on` found what it was told to fail on (an
    /// underperforming partner, a missing return).
    Flagged,
}

impl Outcome {
    /// The process exit code.
    pub fn code(self) -> u8 {
        match self {
            Outcome::Clean => 0,
            Outcome::Problems => 1,
            Outcome::Failure => 2,
            Outcome::Flagged => 3,
        }
    }
}

impl CheckReport {
    /// Whether any error (not warning) was found.
    pub fn has_errors(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.severity == Severity::Error)
    }

    /// How the process should end, with warnings counted as errors when
    /// `deny_warnings`.
    pub fn outcome_with(&self, deny_warnings: bool) -> Outcome {
        match self.outcome() {
            Outcome::Clean if deny_warnings && !self.diagnostics.is_empty() => Outcome::Problems,
            outcome => outcome,
        }
    }

    /// How the process should end.
    pub fn outcome(&self) -> Outcome {
        let tool_failure = self.diagnostics.iter().any(|d| d.code.is_tool_failure());
        if tool_failure {
            Outcome::Failure
        } else if self.has_errors() {
            Outcome::Problems
        } else {
            Outcome::Clean
        }
    }

    /// A GitHub job summary of every problem, in Markdown.
    pub fn job_summary(&self) -> String {
        crate::diagnostics::github::job_summary("concordat check", &self.files, &self.diagnostics)
    }

    /// The diagnostics rendered, with a summary line (human and plain).
    pub fn render(&self, options: RenderOptions) -> String {
        render(&self.files, &self.diagnostics, options)
    }
}

/// Options for a check.
#[derive(Debug, Clone, Copy, Default)]
pub struct CheckOptions {
    /// Keep the models of the agreements in the report (otherwise each is
    /// dropped once checked).
    pub keep_models: bool,
    /// How many threads to use; 0 for one per core.
    pub threads: usize,
}

impl From<Diagnostic> for CheckReport {
    /// A report of one diagnostic about the tool's own work (a file that
    /// cannot be read or written), to render and end the run with.
    fn from(diagnostic: Diagnostic) -> CheckReport {
        let mut diagnostics = Diagnostics::new();
        diagnostics.push(diagnostic);
        CheckReport {
            diagnostics: diagnostics.into_sorted(),
            ..CheckReport::default()
        }
    }
}
