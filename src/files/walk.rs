//! Finding the agreement files named on the command line: files as given,
//! folders searched for `*.s75`.

use std::collections::{BTreeMap, BTreeSet};
use std::fs::Metadata;
use std::path::{Path, PathBuf};

use super::{cannot_read, kind_of, Identity, Refusal, Roots, EXTENSION};
use crate::diagnostics::{Code, Diagnostic, Diagnostics};

/// A file found: the path it was reached by and the file it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// The path, as named or as reached from a folder named.
    pub path: PathBuf,
    /// Whether the path goes through a link.
    pub via_link: bool,
    /// Which file it is, whatever the spelling.
    pub identity: Identity,
}

/// The agreement files named by `paths`: files as given, folders searched
/// (recursively) for `*.s75`, links followed only inside the folders being
/// checked. The result is sorted and holds each file once, so the order of a
/// run never depends on the file system.
pub fn find_files(paths: &[PathBuf], diagnostics: &mut Diagnostics) -> Vec<PathBuf> {
    find_paths(paths, &Roots::of(paths), diagnostics)
}

/// As [`find_files`], inside `roots`.
pub fn find_paths(paths: &[PathBuf], roots: &Roots, diagnostics: &mut Diagnostics) -> Vec<PathBuf> {
    find(paths, roots, diagnostics)
        .into_iter()
        .map(|found| found.path)
        .collect()
}

/// A kind of file searched for in folders.
#[derive(Debug, Clone, Copy)]
pub struct Wanted {
    /// Whether a file of this name is one.
    pub matches: fn(&Path) -> bool,
    /// The diagnostic for a folder that holds none.
    pub none_in: fn(&Path) -> Diagnostic,
}

/// Agreement files: `*.s75`.
pub const AGREEMENTS: Wanted = Wanted {
    matches: |path| path.extension().and_then(|e| e.to_str()) == Some(EXTENSION),
    none_in: |path| {
        Diagnostic::about_path(
            Code::NoAgreements,
            path,
            "no `.s75` agreement files in this folder",
        )
        .help(
            "agreement files end in `.s75`; give a folder that holds some, or the files themselves",
        )
    },
};

/// As [`find_files`], inside `roots`, with what each file is. Of several
/// spellings of one file, the one not through a link is kept, then the first
/// in path order.
pub fn find(paths: &[PathBuf], roots: &Roots, diagnostics: &mut Diagnostics) -> Vec<Found> {
    find_wanted(paths, roots, AGREEMENTS, diagnostics)
}

/// As [`find`], for the files `wanted` says (agreements, scenarios): files
/// named are taken whatever their names, folders searched for those files.
pub fn find_wanted(
    paths: &[PathBuf],
    roots: &Roots,
    wanted: Wanted,
    diagnostics: &mut Diagnostics,
) -> Vec<Found> {
    let mut walk = Walk {
        wanted,
        roots,
        visited: BTreeSet::new(),
        found: BTreeMap::new(),
        seen: 0,
        diagnostics,
    };
    for path in paths {
        if super::stdin::is_stdin(path) {
            match super::stdin::open() {
                Ok((_, meta)) => walk.file(path, &meta, false),
                Err(refusal) => walk.diagnostics.push(refusal.diagnostic(path)),
            }
            continue;
        }
        match std::fs::metadata(path) {
            Ok(meta) if meta.is_dir() => {
                if walk.visited.contains(&Identity::of(&meta, path)) {
                    continue;
                }
                let before = walk.seen;
                walk.folder(path, &meta);
                if walk.seen == before {
                    walk.diagnostics.push((wanted.none_in)(path));
                }
            }
            Ok(meta) => match std::fs::canonicalize(path) {
                Ok(target) if roots.contain(&target) => walk.file(path, &meta, false),
                Ok(_) => walk.diagnostics.push(Refusal::Outside.diagnostic(path)),
                Err(error) => walk.diagnostics.push(cannot_read(path, &error)),
            },
            Err(error) => walk.diagnostics.push(cannot_read(path, &error)),
        }
    }
    let mut found: Vec<Found> = walk.found.into_values().collect();
    found.sort_by(|a, b| a.path.cmp(&b.path));
    found
}

/// A folder waiting to be searched.
struct Waiting {
    path: PathBuf,
    identity: Identity,
    via_link: bool,
}

/// The state of one search.
struct Walk<'a> {
    wanted: Wanted,
    roots: &'a Roots,
    /// The folders searched, by identity: each once, so loops end.
    visited: BTreeSet<Identity>,
    /// The files found, by identity: each once.
    found: BTreeMap<Identity, Found>,
    /// How many agreement files were seen, repeats and refusals included.
    seen: usize,
    diagnostics: &'a mut Diagnostics,
}

impl Walk<'_> {
    /// Searches the folder `start` and every folder below it, those reached
    /// by real paths before those reached through links (so that a file is
    /// named by its real path when it has one). No recursion: a deep tree
    /// cannot exhaust the stack.
    fn folder(&mut self, start: &Path, meta: &Metadata) {
        let mut real = vec![Waiting {
            path: start.to_path_buf(),
            identity: Identity::of(meta, start),
            via_link: false,
        }];
        let mut linked = Vec::new();
        while let Some(waiting) = real.pop().or_else(|| linked.pop()) {
            if !self.visited.insert(waiting.identity) {
                continue;
            }
            let entries = match std::fs::read_dir(&waiting.path) {
                Ok(entries) => entries,
                Err(error) => {
                    self.diagnostics.push(cannot_read(&waiting.path, &error));
                    continue;
                }
            };
            let mut entries: Vec<PathBuf> =
                entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
            // Last first: the stacks pop in path order.
            entries.sort_by(|a, b| b.cmp(a));
            for path in entries {
                if let Some(sub) = self.entry(path, waiting.via_link) {
                    if sub.via_link {
                        linked.push(sub);
                    } else {
                        real.push(sub);
                    }
                }
            }
        }
    }

    /// Looks at one entry of a folder: notes an agreement file, reports one
    /// that is refused, and returns a folder to search.
    fn entry(&mut self, path: PathBuf, via_link: bool) -> Option<Waiting> {
        let name = path.file_name()?.to_str();
        if name.is_some_and(|n| n.starts_with('.')) {
            return None;
        }
        let agreement = (self.wanted.matches)(&path);
        let own = std::fs::symlink_metadata(&path).ok()?;
        if own.is_dir() {
            let identity = Identity::of(&own, &path);
            return Some(Waiting {
                path,
                identity,
                via_link,
            });
        }
        if !own.file_type().is_symlink() {
            if agreement {
                self.file(&path, &own, via_link);
            }
            return None;
        }
        // A link: where does it lead?
        let target = match std::fs::canonicalize(&path) {
            Ok(target) => target,
            Err(error) => {
                if agreement {
                    self.seen += 1;
                    self.diagnostics.push(cannot_read(&path, &error));
                }
                return None;
            }
        };
        let meta = std::fs::metadata(&target).ok()?;
        if !agreement && !meta.is_dir() {
            return None;
        }
        if !self.roots.contain(&target) {
            self.seen += usize::from(agreement);
            self.diagnostics.push(Refusal::Outside.diagnostic(&path));
            return None;
        }
        if meta.is_dir() {
            let identity = Identity::of(&meta, &target);
            return Some(Waiting {
                path,
                identity,
                via_link: true,
            });
        }
        self.file(&path, &meta, true);
        None
    }

    /// Notes the file at `path`, if it is a regular file (decided from its
    /// metadata: it is not opened).
    fn file(&mut self, path: &Path, meta: &Metadata, via_link: bool) {
        self.seen += 1;
        if !meta.is_file() {
            let refusal = Refusal::NotRegular(kind_of(meta.file_type()));
            self.diagnostics.push(refusal.diagnostic(path));
            return;
        }
        let found = Found {
            path: path.to_path_buf(),
            via_link,
            identity: Identity::of(meta, path),
        };
        let better = |kept: &Found| (found.via_link, &found.path) < (kept.via_link, &kept.path);
        match self.found.get(&found.identity) {
            Some(kept) if !better(kept) => {}
            _ => {
                self.found.insert(found.identity.clone(), found);
            }
        }
    }
}
