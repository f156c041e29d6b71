//! The driver of a check: files found, read in parallel, linked by their
//! imports ([`crate::project`]), resolved and checked, and the diagnostics
//! gathered into one [`CheckReport`].

use std::path::{Path, PathBuf};

use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::files::{self, Roots};
use crate::model::Agreement;
use crate::parallel::run_parallel;
use crate::report::{CheckOptions, CheckReport};
use crate::source::{FileId, SourceFile};
use crate::{check, model, project, syntax};

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

/// Checks the agreement files named by `paths` (files, or folders searched
/// for `*.s75`), spreading the files over the machine's cores.
pub fn check_paths(paths: &[PathBuf], options: CheckOptions) -> CheckReport {
    check_paths_with(paths, options, &mut |_, _, _| {})
}

/// Rules a caller adds to a check: run once every file is checked, with the
/// files read, the models kept (if [`CheckOptions::keep_models`]) and the
/// sink to report into. Spans name files by [`SourceFile::id`].
pub type ExtraRules<'a> = dyn FnMut(&[SourceFile], &[Agreement], &mut Diagnostics) + 'a;

/// As [`check_paths`], with `extra` rules run over the models before the
/// report is made (the project's own excluded treatments, from
/// `concordat.toml`).
pub fn check_paths_with(
    paths: &[PathBuf],
    options: CheckOptions,
    extra: &mut ExtraRules<'_>,
) -> CheckReport {
    let mut diagnostics = Diagnostics::new();
    let roots = Roots::of(paths);
    let found = files::find_paths(paths, &roots, &mut diagnostics);
    let reads = run_parallel(found.len(), options.threads, |index| {
        let id = FileId(u32::try_from(index).unwrap_or(u32::MAX));
        let path = found.get(index).map_or(Path::new(""), PathBuf::as_path);
        project::read(id, path, &roots, options)
    });
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
    extra(&report.files, &report.agreements, &mut diagnostics);
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
