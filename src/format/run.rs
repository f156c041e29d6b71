//! Formatting files named on the command line: found as `check` finds them,
//! read safely, written back whole or not at all, and only when changed.

use std::path::{Path, PathBuf};

use crate::diagnostics::Diagnostics;
use crate::files::{self, stdin, Roots};
use crate::report::{CheckReport, Outcome};
use crate::source::{FileId, SourceFile};

/// What to do with the files laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Write each changed file back (standard input, `-`, to the output).
    Write,
    /// Write nothing; list the files that would change.
    Check,
    /// Write nothing; print a unified diff of each file that would change.
    Diff,
}

/// The result of a run of `fmt`.
#[derive(Debug, Default)]
pub struct FormatRun {
    /// What to print on the standard output: the files that would change
    /// (`Check`), their diffs (`Diff`), or standard input laid out (`Write`
    /// with `-`).
    pub output: String,
    /// The files read and the problems that stopped a file from being
    /// formatted (syntax errors) or read or written; a diagnostic's span
    /// names its file by index into `report.files`.
    pub report: CheckReport,
    /// The files that changed (`Write`) or would change.
    pub changed: Vec<PathBuf>,
}

impl FormatRun {
    /// How the run ends: 2 when a file could not be read or written, 1 when
    /// a file has syntax errors or (`Check`, `Diff`) would change, else 0.
    pub fn outcome(&self, mode: Mode) -> Outcome {
        match self.report.outcome() {
            Outcome::Clean if mode != Mode::Write && !self.changed.is_empty() => Outcome::Problems,
            outcome => outcome,
        }
    }
}

/// What became of one file.
struct Done {
    /// The file, kept only if a diagnostic points into it.
    file: Option<SourceFile>,
    diagnostics: Diagnostics,
    /// The text before and after, if it changed (or is standard input).
    change: Option<(String, String)>,
}

/// Formats the files named by `paths` (files, or folders searched for
/// `*.s75`; `-` for standard input).
pub fn format_paths(paths: &[PathBuf], mode: Mode) -> FormatRun {
    let mut diagnostics = Diagnostics::new();
    let roots = Roots::of(paths);
    let found = files::find_paths(paths, &roots, &mut diagnostics);
    let done = crate::run_parallel(found.len(), 0, |index| {
        let path = found.get(index).map_or(Path::new(""), PathBuf::as_path);
        one(
            FileId(u32::try_from(index).unwrap_or(u32::MAX)),
            path,
            &roots,
            mode,
        )
    });
    let mut run = FormatRun::default();
    for (index, (path, done)) in found.iter().zip(done).enumerate() {
        let id = FileId(u32::try_from(index).unwrap_or(u32::MAX));
        run.report
            .files
            .push(done.file.unwrap_or_else(|| SourceFile::new(id, path, "")));
        diagnostics.extend(done.diagnostics);
        let Some((old, new)) = done.change else {
            continue;
        };
        if mode == Mode::Write && stdin::is_stdin(path) {
            run.output.push_str(&new);
        }
        if old == new {
            continue;
        }
        let shown = crate::source::display_path(path);
        match mode {
            Mode::Write => {}
            Mode::Check => {
                run.output.push_str(&shown);
                run.output.push('\n');
            }
            Mode::Diff => {
                let diff = similar::TextDiff::from_lines(&old, &new);
                let text = diff
                    .unified_diff()
                    .context_radius(3)
                    .header(&shown, &shown)
                    .to_string();
                run.output.push_str(&text);
            }
        }
        run.changed.push(path.clone());
    }
    run.report.diagnostics = diagnostics.into_sorted();
    run
}

/// Reads, lays out and (in `Write` mode) writes one file.
fn one(id: FileId, path: &Path, roots: &Roots, mode: Mode) -> Done {
    let mut diagnostics = Diagnostics::new();
    let Some(file) = files::load_within(id, path, roots, &mut diagnostics) else {
        return Done {
            file: None,
            diagnostics,
            change: None,
        };
    };
    let new = match super::format_source(&file) {
        Ok(new) => new,
        Err(problems) => {
            for problem in problems {
                diagnostics.push(problem);
            }
            return Done {
                file: Some(file),
                diagnostics,
                change: None,
            };
        }
    };
    // A byte-order mark or CRLF line breaks removed are a change too.
    let normalised = file.original_offset(file.text.len()) != file.text.len();
    let is_stdin = stdin::is_stdin(path);
    if new == file.text && !normalised && !is_stdin {
        return Done {
            file: None,
            diagnostics,
            change: None,
        };
    }
    if mode == Mode::Write && !is_stdin {
        if let Err(problem) = files::write_atomically(path, new.as_bytes()) {
            diagnostics.push(*problem);
        }
    }
    let mut old = file.text.to_string();
    if normalised && old == new {
        // Shown as a change of line breaks in a diff.
        old = old.replace('\n', "\r\n");
    }
    Done {
        file: None,
        diagnostics,
        change: Some((old, new)),
    }
}
