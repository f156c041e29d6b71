//! Several files as one project: agreements that `import` the registers of
//! other files.
//!
//! The passes, in order:
//! 1. every file is read, in parallel, each agreement resolved as its
//!    statements are read, so that a file's syntax tree is never whole in
//!    memory; a file that imports nothing is checked at once (the common
//!    case, one pass); a file that imports keeps only its registers, and its
//!    imports noted;
//! 2. each import is followed: relative to the importing file's folder, and
//!    only inside the folders being checked (E0107 not found, E0109 outside);
//!    a file imported but not named on the command line is read too (pass 1
//!    again, for it);
//! 3. loops of imports are reported (E0108), each once, file by file;
//! 4. the files that import are read again, in parallel, and resolved with the
//!    definitions their imports bring in, then checked.
//!
//! Registers never import, so the definitions an import brings in are those
//! of the imported file's own registers.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::files::{load_within, Roots};
use crate::model::resolve::{resolve_with, Imported, Resolving};
use crate::model::Agreement;
use crate::parallel::run_parallel;
use crate::report::CheckOptions;
use crate::source::{FileId, SourceFile, Span};
use crate::{check, syntax};

/// What the first pass found in one file.
pub(crate) struct Read {
    /// The file, if it could be loaded.
    pub file: Option<SourceFile>,
    /// Its agreements (if kept, or if they are registers).
    pub agreements: Vec<Agreement>,
    /// Its problems.
    pub diagnostics: Diagnostics,
    /// Its imports, as written, with where; when not empty, its agreements
    /// wait for pass 4.
    pub imports: Vec<(String, Span)>,
}

/// Pass 1 for one file.
pub(crate) fn read(id: FileId, path: &Path, roots: &Roots, options: CheckOptions) -> Read {
    let mut diagnostics = Diagnostics::new();
    let file = load_within(id, path, roots, &mut diagnostics);
    let mut agreements = Vec::new();
    let mut imports = Vec::new();
    if let Some(file) = file.as_ref().filter(|_| !diagnostics.has_errors()) {
        let mut resolving = Resolving::new(file);
        if syntax::parse_into(file, &mut diagnostics, &mut resolving) {
            imports = resolving.imports;
            for (agreement, found) in resolving.built {
                if !imports.is_empty() && !agreement.register {
                    // Built without what it imports: again in pass 4.
                    continue;
                }
                diagnostics.extend(found);
                if !agreement.register {
                    check::check_agreement(&agreement, &mut diagnostics);
                }
                if agreement.register || options.keep_models {
                    agreements.push(agreement);
                }
            }
        }
    }
    Read {
        file,
        agreements,
        diagnostics,
        imports,
    }
}

/// Passes 2 to 4 over the files read in pass 1 (`reads`, one per path in
/// `paths`); returns the reads of every file, those added by imports last.
pub(crate) fn link(
    mut paths: Vec<PathBuf>,
    mut reads: Vec<Read>,
    roots: &Roots,
    options: CheckOptions,
    diagnostics: &mut Diagnostics,
) -> Vec<Read> {
    // Pass 2: follow imports, reading newly reached files, until none is new.
    let mut known: BTreeMap<PathBuf, usize> = paths
        .iter()
        .enumerate()
        .filter_map(|(i, p)| Some((std::fs::canonicalize(p).ok()?, i)))
        .collect();
    // (importer, import as written) → the file it names, if it can be used.
    let mut resolved: BTreeMap<(usize, String), Option<PathBuf>> = BTreeMap::new();
    let mut next = 0;
    while next < reads.len() {
        // Files first reached in this round, by canonical path, with the path
        // as the import spelled it (relative, for messages).
        let mut new_paths: BTreeMap<PathBuf, PathBuf> = BTreeMap::new();
        for index in next..reads.len() {
            let (Some(read), Some(importer)) = (reads.get(index), paths.get(index)) else {
                continue;
            };
            for (written, span) in &read.imports {
                let key = (index, written.clone());
                if resolved.contains_key(&key) {
                    continue;
                }
                let target = follow(importer, written, *span, roots, diagnostics);
                if let Some((canonical, shown)) = &target {
                    if !known.contains_key(canonical) {
                        new_paths
                            .entry(canonical.clone())
                            .or_insert_with(|| shown.clone());
                    }
                }
                resolved.insert(key, target.map(|(canonical, _)| canonical));
            }
        }
        next = reads.len();
        for (canonical, shown) in new_paths {
            let index = reads.len();
            let id = FileId(u32::try_from(index).unwrap_or(u32::MAX));
            reads.push(read(id, &shown, roots, options));
            known.insert(canonical, index);
            paths.push(shown);
        }
    }
    let targets: BTreeMap<(usize, String), Option<usize>> = resolved
        .into_iter()
        .map(|(key, target)| (key, target.and_then(|t| known.get(&t).copied())))
        .collect();
    // Pass 3: loops of imports.
    report_loops(&paths, &reads, &targets, diagnostics);
    // Pass 4: the files that import, resolved with what they import.
    let waiting: Vec<usize> = reads
        .iter()
        .enumerate()
        .filter(|(_, r)| !r.imports.is_empty() && r.file.is_some())
        .map(|(i, _)| i)
        .collect();
    let results = run_parallel(waiting.len(), options.threads, |k| {
        let mut found = Diagnostics::new();
        let mut kept = Vec::new();
        let Some(index) = waiting.get(k).copied() else {
            return (kept, found);
        };
        let Some(read) = reads.get(index) else {
            return (kept, found);
        };
        let Some(file) = &read.file else {
            return (kept, found);
        };
        let mut imported: Imported<'_> = Imported::default();
        for (written, _) in &read.imports {
            let registers = targets
                .get(&(index, written.clone()))
                .copied()
                .flatten()
                .and_then(|t| reads.get(t))
                .map(|r| r.agreements.iter().filter(|a| a.register).collect());
            imported.insert(written.clone(), registers);
        }
        // Its syntax problems were reported in pass 1.
        let mut again = Diagnostics::new();
        if let Some(mut tree) = syntax::parse(file, &mut again) {
            tree.agreements.retain(|a| !a.register);
            for agreement in resolve_with(tree, &imported, &mut found) {
                check::check_agreement(&agreement, &mut found);
                if options.keep_models {
                    kept.push(agreement);
                }
            }
        }
        (kept, found)
    });
    for (index, (kept, found)) in waiting.iter().zip(results) {
        if let Some(read) = reads.get_mut(*index) {
            read.agreements.extend(kept);
            read.diagnostics.extend(found);
        }
    }
    if !options.keep_models {
        for read in &mut reads {
            read.agreements.clear();
        }
    }
    reads
}

/// The file an import names (its canonical path and the path as reached from
/// the importer), if it exists inside the roots; otherwise the problem is
/// reported.
fn follow(
    importer: &Path,
    written: &str,
    span: Span,
    roots: &Roots,
    diagnostics: &mut Diagnostics,
) -> Option<(PathBuf, PathBuf)> {
    let base = importer.parent().unwrap_or(Path::new(""));
    let shown = base.join(written);
    let Ok(target) = std::fs::canonicalize(&shown) else {
        diagnostics.push(import_not_found(written, span, base));
        return None;
    };
    if !roots.contain(&target) {
        diagnostics.push(import_outside(written, span));
        return None;
    }
    let kind = match std::fs::metadata(&target) {
        Ok(meta) if meta.is_file() => None,
        Ok(meta) if meta.is_dir() => Some(("a folder", "not a file")),
        // A named pipe, a device or a socket: never opened.
        _ => Some(("not a plain file", "not read")),
    };
    if let Some((what, label)) = kind {
        diagnostics.push(
            Diagnostic::new(Code::ImportNotFound, span, format!("`{written}` is {what}"))
                .label(label)
                .help("import one `.s75` file"),
        );
        return None;
    }
    Some((target, shown))
}

/// E0107 for an import `written` at `span` of a file in the folder `base`
/// that names no file.
pub(crate) fn import_not_found(written: &str, span: Span, base: &Path) -> Diagnostic {
    Diagnostic::new(
        Code::ImportNotFound,
        span,
        format!("`{written}` cannot be found"),
    )
    .label("no such file")
    .help(format!(
        "the path is relative to the folder of this file, `{}`",
        crate::source::display_path(base)
    ))
}

/// E0109 for an import `written` at `span` that leads outside the folders
/// being checked.
pub(crate) fn import_outside(written: &str, span: Span) -> Diagnostic {
    Diagnostic::new(
        Code::ImportOutsideFolder,
        span,
        format!("`{written}` is outside the folder being checked"),
    )
    .label("outside the project")
    .help("imports resolve only inside the folder being checked: move the register into it")
}

/// A file on the search path: its index, its imports (target, where) and the
/// next import to follow.
type Visit = (usize, Vec<(usize, Span)>, usize);

/// Reports each loop of imports once, at the import that closes it, naming
/// every file in it; found with an iterative depth-first search.
fn report_loops(
    paths: &[PathBuf],
    reads: &[Read],
    targets: &BTreeMap<(usize, String), Option<usize>>,
    diagnostics: &mut Diagnostics,
) {
    let edges = |from: usize| -> Vec<(usize, Span)> {
        reads
            .get(from)
            .map(|r| {
                r.imports
                    .iter()
                    .filter_map(|(written, span)| {
                        let to = targets.get(&(from, written.clone())).copied().flatten()?;
                        Some((to, *span))
                    })
                    .collect()
            })
            .unwrap_or_default()
    };
    let name = |i: usize| {
        paths
            .get(i)
            .and_then(|p| p.file_name())
            .map(|n| format!("`{}`", n.to_string_lossy()))
            .unwrap_or_default()
    };
    // 0 new, 1 on the path, 2 done.
    let mut mark = vec![0u8; reads.len()];
    for root in 0..reads.len() {
        if mark.get(root) != Some(&0) {
            continue;
        }
        let mut path: Vec<Visit> = vec![(root, edges(root), 0)];
        if let Some(m) = mark.get_mut(root) {
            *m = 1;
        }
        while let Some((_, out, next)) = path.last_mut() {
            let Some((to, span)) = out.get(*next).copied() else {
                if let Some((node, _, _)) = path.pop() {
                    if let Some(m) = mark.get_mut(node) {
                        *m = 2;
                    }
                }
                continue;
            };
            *next += 1;
            match mark.get(to) {
                Some(0) => {
                    if let Some(m) = mark.get_mut(to) {
                        *m = 1;
                    }
                    path.push((to, edges(to), 0));
                }
                Some(1) => {
                    let start = path.iter().position(|(n, _, _)| *n == to).unwrap_or(0);
                    let in_loop: Vec<(usize, Span)> = path
                        .get(start..)
                        .unwrap_or_default()
                        .iter()
                        .filter_map(|(n, out, next)| {
                            out.get(next.wrapping_sub(1)).map(|(_, s)| (*n, *s))
                        })
                        .collect();
                    let mut names: Vec<String> = in_loop.iter().map(|(n, _)| name(*n)).collect();
                    names.push(name(to));
                    let mut diagnostic = Diagnostic::new(
                        Code::ImportCycle,
                        span,
                        format!("files import each other in a loop: {}", names.join(" → ")),
                    )
                    .label(format!("imports {}, which leads back here", name(to)));
                    for (n, s) in in_loop.iter().filter(|(_, s)| *s != span) {
                        diagnostic =
                            diagnostic.with_secondary(*s, format!("{} imports here", name(*n)));
                    }
                    diagnostics.push(diagnostic.help(
                        "move the shared definitions into a register file that imports nothing",
                    ));
                }
                _ => {}
            }
        }
    }
}
