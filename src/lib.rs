//! concordat: section 75 pooled-budget agreements as checked plain text.
//!
//! The pipeline, one module a step, each depending only on those before it:
//!
//! | step | module | gives |
//! |---|---|---|
//! | load | [`source`] | [`source::SourceFile`]: decoded text, BOM and CRLF removed |
//! | read | [`syntax`] | the typed syntax tree, with a span on every node |
//! | resolve | [`model`] | the agreement with names resolved and money exact |
//! | check | [`check`] | the rules that need the whole agreement |
//! | report | [`diagnostics`] | coded diagnostics, rendered for people or machines |
//! | summarise | [`summary`] | a plain-English board paper, Markdown or HTML |
//!
//! Every step reports into a [`diagnostics::Diagnostics`] sink and carries on,
//! so one run finds every problem. Files are independent: each is read,
//! resolved and checked on its own, its parse tree dropped as soon as it is
//! lowered, and files are spread over the machine's cores.
#![warn(missing_docs)]

pub mod assess;
pub mod check;
pub mod diagnostics;
pub mod graph;
pub mod model;
pub mod money;
pub mod period;
mod project;
pub mod source;
pub mod summary;
pub mod syntax;
pub mod synthetic;
pub mod text;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use diagnostics::render::{render, RenderOptions};
use diagnostics::{Code, Diagnostic, Diagnostics, Severity};
use model::Agreement;
use source::{FileId, SourceFile};

/// The extension of agreement files.
pub const EXTENSION: &str = "s75";

/// The largest file read, in bytes.
pub const MAX_FILE_BYTES: u64 = 512 * 1024 * 1024;

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

/// The agreement files named by `paths`: files as given, folders searched
/// (recursively) for `*.s75`. The result is sorted and without repeats, so
/// the order of a run never depends on the file system.
pub fn find_files(paths: &[PathBuf], diagnostics: &mut Diagnostics) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for path in paths {
        match std::fs::metadata(path) {
            Ok(meta) if meta.is_dir() => {
                let before = found.len();
                walk(path, &mut found, diagnostics);
                if found.len() == before {
                    diagnostics.push(
                        Diagnostic::about_path(Code::NoAgreements, path, "no `.s75` agreement files in this folder")
                            .help("agreement files end in `.s75`; give a folder that holds some, or the files themselves"),
                    );
                }
            }
            Ok(_) => found.push(path.clone()),
            Err(error) => diagnostics.push(cannot_read(path, &error)),
        }
    }
    found.sort();
    found.dedup();
    found
}

/// E0901 for a return that cannot be read.
pub(crate) fn cannot_read_path(path: &Path, error: &std::io::Error) -> Diagnostic {
    cannot_read(path, error).help("check the path of the return")
}

/// E0901 for a return that does not exist.
pub(crate) fn cannot_read_return(path: &Path) -> Diagnostic {
    Diagnostic::about_path(Code::CannotRead, path, "cannot be read: no such file")
        .help("check the path of the return")
}

fn cannot_read(path: &Path, error: &std::io::Error) -> Diagnostic {
    let reason = match error.kind() {
        std::io::ErrorKind::NotFound => "no such file or folder".to_owned(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
        _ => error.to_string(),
    };
    Diagnostic::about_path(Code::CannotRead, path, format!("cannot be read: {reason}"))
        .help("check the path; folders are searched for `.s75` files")
}

fn walk(folder: &Path, found: &mut Vec<PathBuf>, diagnostics: &mut Diagnostics) {
    let entries = match std::fs::read_dir(folder) {
        Ok(entries) => entries,
        Err(error) => {
            diagnostics.push(cannot_read(folder, &error));
            return;
        }
    };
    let mut entries: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for path in entries {
        let hidden = path
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with('.'));
        if hidden {
            continue;
        }
        if path.is_dir() {
            walk(&path, found, diagnostics);
        } else if path.extension().and_then(|e| e.to_str()) == Some(EXTENSION) {
            found.push(path);
        }
    }
}

/// Reads, resolves and checks one source file: the whole pipeline but for
/// loading. Returns the models built (possibly incomplete if there were
/// errors).
pub fn check_source(file: &SourceFile, diagnostics: &mut Diagnostics) -> Vec<Agreement> {
    let Some(tree) = syntax::parse(file, diagnostics) else {
        return Vec::new();
    };
    for (written, span) in model::resolve::imports_of(&tree) {
        diagnostics.push(
            Diagnostic::new(
                Code::ImportNotFound,
                span,
                format!("`{written}` cannot be followed"),
            )
            .label("not read")
            .help(
                "imports are followed only when checking files on disk (`concordat check FOLDER`)",
            ),
        );
    }
    let agreements = model::resolve::resolve(tree, diagnostics);
    for agreement in agreements.iter().filter(|a| !a.register) {
        check::check_agreement(agreement, diagnostics);
    }
    agreements
}

/// Loads one file from disk.
pub fn load(id: FileId, path: &Path, diagnostics: &mut Diagnostics) -> Option<SourceFile> {
    let bytes = match std::fs::metadata(path) {
        Ok(meta) if meta.len() > MAX_FILE_BYTES => {
            let file = SourceFile::new(id, path, "");
            diagnostics.push(
                Diagnostic::new(
                    Code::FileTooLarge,
                    file.start_span(),
                    format!(
                        "the file is {} MiB; the limit is {} MiB",
                        meta.len() / (1024 * 1024),
                        MAX_FILE_BYTES / (1024 * 1024)
                    ),
                )
                .help("split the agreement into several files"),
            );
            return Some(file);
        }
        Ok(meta) if meta.is_dir() => return None,
        Ok(_) => std::fs::read(path),
        Err(error) => Err(error),
    };
    match bytes {
        Ok(bytes) => {
            let (file, problem) = source::decode(id, path, &bytes);
            if let Some(source::DecodeProblem::NotUtf8 { offset }) = problem {
                let span = source::Span::new(id, offset, offset + 1);
                diagnostics.push(
                    Diagnostic::new(Code::NotUtf8, span, "the file is not UTF-8 text")
                        .label("this byte is not UTF-8")
                        .help("save the file as UTF-8 (\"Unicode (UTF-8)\" in most editors)"),
                );
            }
            Some(file)
        }
        Err(error) => {
            diagnostics.push(cannot_read(path, &error));
            None
        }
    }
}

/// Checks the agreement files named by `paths` (files, or folders searched
/// for `*.s75`), spreading the files over the machine's cores.
pub fn check_paths(paths: &[PathBuf], options: CheckOptions) -> CheckReport {
    let mut diagnostics = Diagnostics::new();
    let found = find_files(paths, &mut diagnostics);
    let reads = run_parallel(found.len(), options.threads, |index| {
        let id = FileId(u32::try_from(index).unwrap_or(u32::MAX));
        let path = found.get(index).map_or(Path::new(""), PathBuf::as_path);
        project::read(id, path, options)
    });
    let roots = project::roots(paths);
    let reads = project::link(found, reads, &roots, options, &mut diagnostics);
    let mut report = CheckReport::default();
    for read in reads {
        if let Some(file) = read.file {
            report.files.push(file);
        }
        report
            .agreements
            .extend(read.agreements.into_iter().filter(|a| !a.register));
        diagnostics.extend(read.diagnostics);
    }
    renumber(&mut report.files, &mut diagnostics);
    report.diagnostics = diagnostics.into_sorted();
    report
}

/// Checks one file (and the files it imports) and keeps its models: the
/// first step of every command that works on one agreement (`model`,
/// `graph`, `summary`, `assess`).
pub fn check_file(path: &Path) -> CheckReport {
    check_paths(
        &[path.to_path_buf()],
        CheckOptions {
            keep_models: true,
            threads: 1,
        },
    )
}

/// Checks texts already in memory, as if each were a file at its path.
pub fn check_texts(texts: &[(&str, &str)], options: CheckOptions) -> CheckReport {
    let files: Vec<SourceFile> = texts
        .iter()
        .enumerate()
        .map(|(i, (path, text))| {
            SourceFile::new(FileId(u32::try_from(i).unwrap_or(u32::MAX)), path, text)
        })
        .collect();
    let results = run_parallel(files.len(), options.threads, |index| {
        let mut diagnostics = Diagnostics::new();
        let agreements = files
            .get(index)
            .map(|file| check_source(file, &mut diagnostics))
            .unwrap_or_default();
        let agreements = if options.keep_models {
            agreements
        } else {
            Vec::new()
        };
        (agreements, diagnostics)
    });
    let mut report = CheckReport {
        files,
        ..CheckReport::default()
    };
    let mut diagnostics = Diagnostics::new();
    for (agreements, found) in results {
        report.agreements.extend(agreements);
        diagnostics.extend(found);
    }
    report.diagnostics = diagnostics.into_sorted();
    report
}

/// File ids were given by position in the list of paths; files that could not
/// be loaded leave gaps. Closes the gaps so that an id is an index into
/// `files`.
fn renumber(files: &mut [SourceFile], diagnostics: &mut Diagnostics) {
    let mapping: Vec<(FileId, FileId)> = files
        .iter()
        .enumerate()
        .map(|(i, f)| (f.id, FileId(u32::try_from(i).unwrap_or(u32::MAX))))
        .collect();
    if mapping.iter().all(|(old, new)| old == new) {
        return;
    }
    let remap = |id: FileId| {
        mapping
            .iter()
            .find(|(old, _)| *old == id)
            .map_or(id, |(_, new)| *new)
    };
    for file in files.iter_mut() {
        file.id = remap(file.id);
    }
    let old = std::mem::take(diagnostics);
    for mut diagnostic in old.into_sorted() {
        if let Some(label) = &mut diagnostic.primary {
            label.span.file = remap(label.span.file);
        }
        for label in &mut diagnostic.secondary {
            label.span.file = remap(label.span.file);
        }
        diagnostics.push(diagnostic);
    }
}

/// Runs `job` for each index in `0..count` on up to `threads` threads (0: one
/// per core) and returns the results in index order.
fn run_parallel<T: Send>(count: usize, threads: usize, job: impl Fn(usize) -> T + Sync) -> Vec<T> {
    let threads = match threads {
        0 => std::thread::available_parallelism().map_or(1, usize::from),
        n => n,
    }
    .min(count.max(1));
    if threads <= 1 {
        return (0..count).map(job).collect();
    }
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<(usize, T)>> = Mutex::new(Vec::with_capacity(count));
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| loop {
                let index = next.fetch_add(1, Ordering::Relaxed);
                if index >= count {
                    break;
                }
                let result = job(index);
                results
                    .lock()
                    .unwrap_or_else(|poisoned| poisoned.into_inner())
                    .push((index, result));
            });
        }
    });
    let mut results = results
        .into_inner()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    results.sort_by_key(|(index, _)| *index);
    results.into_iter().map(|(_, result)| result).collect()
}

/// The explanation of a diagnostic code, for `concordat explain`.
pub fn explain(code: &str) -> Option<String> {
    let code = Code::parse(code)?;
    let severity = match code.severity() {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    Some(format!(
        "{} ({severity}): {}\n\n{}\n",
        code.as_str(),
        code.title(),
        code.explanation()
    ))
}

/// Every code with its title, one a line, for `concordat explain` alone.
pub fn list_codes() -> String {
    Code::ALL
        .iter()
        .map(|code| format!("{}  {}\n", code.as_str(), code.title()))
        .collect()
}

/// The resolved model of the agreements in one file, as JSON (or YAML), if the
/// file has no errors; otherwise the report saying why not.
pub fn model_of(path: &Path, yaml: bool) -> Result<String, CheckReport> {
    let mut report = check_file(path);
    if report.outcome() != Outcome::Clean {
        return Err(report);
    }
    let agreements = std::mem::take(&mut report.agreements);
    let text = if yaml {
        serde_yaml::to_string(&agreements).map_err(|e| e.to_string())
    } else {
        serde_json::to_string_pretty(&agreements)
            .map(|mut s| {
                s.push('\n');
                s
            })
            .map_err(|e| e.to_string())
    };
    text.map_err(|error| {
        let mut diagnostics = Diagnostics::new();
        diagnostics.push(Diagnostic::about_path(
            Code::CannotRead,
            path,
            format!("the model could not be written: {error}"),
        ));
        CheckReport {
            diagnostics: diagnostics.into_sorted(),
            ..report
        }
    })
}

/// How to draw the responsibility graph.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GraphFormat {
    /// Graphviz DOT.
    Dot,
    /// A Mermaid flowchart.
    Mermaid,
    /// A standalone SVG picture.
    Svg,
}

/// The picture of the responsibility graph of each agreement in one file,
/// with the nodes of every problem the graph rules found highlighted, and the
/// check report of the file (its diagnostics decide the exit code). `Err`
/// when no model could be built (the file cannot be read or parsed).
pub fn graph_of(path: &Path, format: GraphFormat) -> Result<(String, CheckReport), CheckReport> {
    let mut report = check_file(path);
    let agreements = std::mem::take(&mut report.agreements);
    if agreements.is_empty() {
        return Err(report);
    }
    let mut out = String::new();
    for agreement in &agreements {
        let graph = graph::ResponsibilityGraph::build(agreement);
        let mut options = graph::render::Options {
            id_prefix: format!("{}-", agreement.id),
            ..graph::render::Options::default()
        };
        for finding in check::graph_findings(agreement, &graph) {
            options.highlight.extend(finding.nodes);
            options.highlight_edges.extend(finding.edges);
        }
        let picture = match format {
            GraphFormat::Dot => graph::render::dot(&graph, &agreement.title, &options),
            GraphFormat::Mermaid => graph::render::mermaid(&graph, &options),
            GraphFormat::Svg => graph::render::svg(&graph, &agreement.title, &options),
        };
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(&picture);
    }
    Ok((out, report))
}
