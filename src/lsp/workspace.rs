//! The files of the folder an editor has open, and what checking each
//! found: read from disk once, then kept as the editor changes them, each
//! checked again alone when it changes (and the files importing it, if it
//! holds a register).
//!
//! A file is checked as `concordat check` checks it in a folder (see
//! [`crate::project`]): registers resolved first, then agreements with the
//! definitions their imports bring in, every problem reported with the same
//! code, span and help. One thing `check` does is not done here: loops of
//! imports (E0108) are not looked for.

use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};
use std::sync::OnceLock;

use lsp_types::Uri;

use super::scan::Scan;
use super::text::{path_to_uri, Lines};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::files::{find_paths, load_within, Roots};
use crate::model::resolve::{imports_of, resolve_with, Imported};
use crate::model::Agreement;
use crate::source::{FileId, SourceFile, Span};
use crate::syntax::ast;
use crate::{check, project, syntax};

/// One file of the folder.
#[derive(Debug)]
pub(crate) struct File {
    /// Its address.
    pub uri: Uri,
    /// The text as the editor (or the disk) has it.
    pub text: String,
    /// The editor's version of it, if open.
    pub version: Option<i32>,
    /// Whether the editor has it open.
    pub open: bool,
    /// The text as checked (byte-order mark removed, CRLF made LF): every
    /// span is in this text.
    pub source: SourceFile,
    /// Where its lines start.
    pub lines: Lines,
    /// Problems reading it from disk.
    read_problems: Vec<Diagnostic>,
    /// Every problem found, sorted.
    pub diagnostics: Vec<Diagnostic>,
    /// Its agreements and registers, as far as they could be built.
    pub models: Vec<Agreement>,
    /// The files its imports name, as written, where, and the file (by key)
    /// if it could be followed.
    pub imports: Vec<(String, Span, Option<PathBuf>)>,
    scan: OnceLock<Scan>,
}

impl File {
    /// Its tokens, blocks and declarations.
    pub(crate) fn scan(&self) -> &Scan {
        self.scan.get_or_init(|| Scan::new(&self.source.text))
    }

    /// The registers it holds.
    pub(crate) fn registers(&self) -> impl Iterator<Item = &Agreement> {
        self.models.iter().filter(|a| a.register)
    }
}

/// The files of the folder, by path.
#[derive(Debug, Default)]
pub(crate) struct Workspace {
    /// The folder, if the editor opened one.
    root: Option<PathBuf>,
    /// The files, by key (the real path when the file exists on disk).
    pub files: BTreeMap<PathBuf, File>,
    /// The key of each file id given.
    ids: Vec<PathBuf>,
}

impl Workspace {
    /// A workspace of the folder `root` (if any): every agreement file in it
    /// read and checked.
    pub(crate) fn new(root: Option<PathBuf>) -> Workspace {
        let root = root.map(|r| std::fs::canonicalize(&r).unwrap_or(r));
        let mut workspace = Workspace {
            root: root.clone(),
            ..Workspace::default()
        };
        if let Some(root) = root {
            let mut ignored = Diagnostics::new();
            let roots = Roots::of(std::slice::from_ref(&root));
            for path in find_paths(std::slice::from_ref(&root), &roots, &mut ignored) {
                workspace.load(&path);
            }
            // Files that import are checked again, now that every register
            // is built.
            let keys: Vec<PathBuf> = workspace.files.keys().cloned().collect();
            for key in &keys {
                workspace.analyse(key);
            }
            for key in &keys {
                if workspace
                    .files
                    .get(key)
                    .is_some_and(|f| !f.imports.is_empty())
                {
                    workspace.analyse(key);
                }
            }
        }
        workspace
    }

    /// The key of a path: the real path if it exists, else the path made
    /// plain (`.` and `..` taken out).
    pub(crate) fn key(path: &Path) -> PathBuf {
        std::fs::canonicalize(path).unwrap_or_else(|_| plain(path))
    }

    /// The problems to show in the file `key`: those its check found in it,
    /// and those the checks of the files importing it found in it (a
    /// partner of its register with no seat on their board), sorted.
    pub(crate) fn diagnostics_in(&self, key: &Path) -> Vec<&Diagnostic> {
        let Some(file) = self.files.get(key) else {
            return Vec::new();
        };
        let id = file.source.id;
        let mut found: Vec<&Diagnostic> = self
            .files
            .values()
            .flat_map(|f| &f.diagnostics)
            .filter(|d| match &d.primary {
                Some(label) => label.span.file == id,
                None => false,
            })
            .chain(file.diagnostics.iter().filter(|d| d.primary.is_none()))
            .collect();
        found.sort_by_key(|d| {
            let span = d.primary.as_ref().map(|l| l.span).unwrap_or_default();
            (span.start, span.end, d.code, d.message.as_str())
        });
        found.dedup();
        found
    }

    /// The files the imports of `key` lead to.
    pub(crate) fn imported_by(&self, key: &Path) -> Vec<PathBuf> {
        self.files
            .get(key)
            .map(|f| f.imports.iter().filter_map(|(_, _, t)| t.clone()).collect())
            .unwrap_or_default()
    }

    /// The path of a file id.
    pub(crate) fn path_of(&self, id: FileId) -> Option<&PathBuf> {
        self.ids.get(id.0 as usize)
    }

    /// The file of a span.
    pub(crate) fn file_of(&self, id: FileId) -> Option<&File> {
        self.path_of(id).and_then(|key| self.files.get(key))
    }

    fn next_id(&mut self, key: &Path) -> FileId {
        if let Some(at) = self.ids.iter().position(|k| k == key) {
            return FileId(u32::try_from(at).unwrap_or(u32::MAX));
        }
        self.ids.push(key.to_path_buf());
        FileId(u32::try_from(self.ids.len() - 1).unwrap_or(u32::MAX))
    }

    /// The roots imports of `key` must stay inside.
    fn roots(&self, key: &Path) -> Roots {
        match &self.root {
            Some(root) if key.starts_with(root) => Roots::of(std::slice::from_ref(root)),
            _ => Roots::holding(key),
        }
    }

    /// Reads a file from disk into the workspace (not yet checked).
    fn load(&mut self, path: &Path) -> Option<PathBuf> {
        let key = Workspace::key(path);
        if self.files.contains_key(&key) {
            return Some(key);
        }
        let id = self.next_id(&key);
        let mut problems = Diagnostics::new();
        let source = load_within(id, &key, &self.roots(&key), &mut problems)?;
        let uri = path_to_uri(&key)?;
        let text = source.text.to_string();
        self.insert(key.clone(), uri, text, None, problems.into_sorted());
        Some(key)
    }

    fn insert(
        &mut self,
        key: PathBuf,
        uri: Uri,
        text: String,
        version: Option<i32>,
        read_problems: Vec<Diagnostic>,
    ) {
        let id = self.next_id(&key);
        let source = SourceFile::new(id, &key, &text);
        let lines = Lines::new(&source.text);
        self.files.insert(
            key,
            File {
                uri,
                text,
                version,
                open: version.is_some(),
                source,
                lines,
                read_problems,
                diagnostics: Vec::new(),
                models: Vec::new(),
                imports: Vec::new(),
                scan: OnceLock::new(),
            },
        );
    }

    /// Sets the text of the file at `path` (opened or changed in the
    /// editor, `version` its version; or re-read from disk, `None`), and
    /// checks it again with the files that depend on it. Returns the keys
    /// of the files checked.
    pub(crate) fn set_text(
        &mut self,
        path: &Path,
        uri: Uri,
        text: String,
        version: Option<i32>,
    ) -> Vec<PathBuf> {
        let key = Workspace::key(path);
        match self.files.get_mut(&key) {
            Some(file) => {
                file.source = SourceFile::new(file.source.id, &key, &text);
                file.lines = Lines::new(&file.source.text);
                file.text = text;
                file.version = version;
                file.open = file.open || version.is_some();
                file.read_problems.clear();
                file.scan = OnceLock::new();
            }
            None => self.insert(key.clone(), uri, text, version, Vec::new()),
        }
        self.recheck(&key)
    }

    /// Marks a file closed in the editor; it stays in the workspace as it
    /// is on disk (and leaves it if it is not there).
    pub(crate) fn close(&mut self, path: &Path) -> Vec<PathBuf> {
        let key = Workspace::key(path);
        let Some(file) = self.files.get_mut(&key) else {
            return Vec::new();
        };
        file.open = false;
        file.version = None;
        self.reread(path)
    }

    /// Reads a file again from disk (changed outside the editor): it
    /// leaves the workspace if it is not there, and enters it if it is new.
    pub(crate) fn reread(&mut self, path: &Path) -> Vec<PathBuf> {
        let key = Workspace::key(path);
        if !self.files.contains_key(&key) {
            if path.extension().is_some_and(|e| e == crate::EXTENSION) {
                if let Some(key) = self.load(path) {
                    return self.recheck(&key);
                }
            }
            return Vec::new();
        }
        let mut problems = Diagnostics::new();
        let roots = self.roots(&key);
        let id = self.files.get(&key).map_or(FileId(0), |f| f.source.id);
        match load_within(id, &key, &roots, &mut problems) {
            Some(source) => {
                let uri = self.files.get(&key).map(|f| f.uri.clone());
                if let Some(uri) = uri {
                    self.set_text(&key, uri, source.text.to_string(), None)
                } else {
                    Vec::new()
                }
            }
            None => {
                // Gone from disk: gone from the folder.
                self.files.remove(&key);
                self.dependents(&key)
                    .into_iter()
                    .flat_map(|k| self.recheck(&k))
                    .collect()
            }
        }
    }

    /// Checks `key` again, then the files that import it if it holds a
    /// register; returns the keys checked.
    fn recheck(&mut self, key: &Path) -> Vec<PathBuf> {
        let had_registers = self
            .files
            .get(key)
            .is_some_and(|f| f.registers().next().is_some());
        self.analyse(key);
        let mut checked = vec![key.to_path_buf()];
        let has_registers = self
            .files
            .get(key)
            .is_some_and(|f| f.registers().next().is_some());
        if had_registers || has_registers {
            for dependent in self.dependents(key) {
                if dependent != key {
                    self.analyse(&dependent);
                    checked.push(dependent);
                }
            }
        }
        checked
    }

    /// The files whose imports name `key`.
    fn dependents(&self, key: &Path) -> Vec<PathBuf> {
        self.files
            .iter()
            .filter(|(_, f)| f.imports.iter().any(|(_, _, t)| t.as_deref() == Some(key)))
            .map(|(k, _)| k.clone())
            .collect()
    }

    /// Where an import of `key` leads: the key of the file, if it is in the
    /// folder; otherwise the problem.
    fn follow(&self, key: &Path, written: &str, span: Span) -> Result<PathBuf, Box<Diagnostic>> {
        let base = key.parent().unwrap_or(Path::new(""));
        let target = Workspace::key(&base.join(written));
        let inside = self.roots(key).contain(&target);
        if self.files.contains_key(&target) && inside {
            return Ok(target);
        }
        if !target.exists() {
            return Err(Box::new(project::import_not_found(written, span, base)));
        }
        if !inside {
            return Err(Box::new(project::import_outside(written, span)));
        }
        Ok(target)
    }

    /// Checks one file, with the registers of the files it imports as they
    /// are now.
    fn analyse(&mut self, key: &Path) {
        let Some(file) = self.files.get(key) else {
            return;
        };
        let mut diagnostics = Diagnostics::new();
        for problem in &file.read_problems {
            diagnostics.push(problem.clone());
        }
        let mut models = Vec::new();
        let mut imports = Vec::new();
        if let Some(tree) = syntax::parse(&file.source, &mut diagnostics) {
            let written = imports_of(&tree);
            let (registers, agreements): (Vec<_>, Vec<_>) =
                tree.agreements.into_iter().partition(|a| a.register);
            models.extend(resolve_with(
                ast::File {
                    agreements: registers,
                },
                &Imported::default(),
                &mut diagnostics,
            ));
            let mut imported: Imported<'_> = Imported::default();
            for (path, span) in written {
                let target = match self.follow(key, &path, span) {
                    Ok(target) => Some(target),
                    Err(problem) => {
                        diagnostics.push(*problem);
                        None
                    }
                };
                let registers = target
                    .as_ref()
                    .and_then(|t| self.files.get(t))
                    .map(|f| f.registers().collect());
                imported.insert(path.clone(), registers);
                imports.push((path, span, target));
            }
            for agreement in resolve_with(ast::File { agreements }, &imported, &mut diagnostics) {
                check::check_agreement(&agreement, &mut diagnostics);
                models.push(agreement);
            }
        }
        let diagnostics = diagnostics.into_sorted();
        // Files an import names that are not read yet (made since the
        // folder was read): read, checked, and this file checked again.
        let unread: Vec<PathBuf> = imports
            .iter()
            .filter_map(|(_, _, target)| target.clone())
            .filter(|t| !self.files.contains_key(t))
            .collect();
        if let Some(file) = self.files.get_mut(key) {
            file.diagnostics = diagnostics;
            file.models = models;
            file.imports = imports;
        }
        let mut again = false;
        for target in unread {
            if let Some(loaded) = self.load(&target) {
                self.analyse(&loaded);
                again = true;
            }
        }
        if again {
            self.analyse(key);
        }
    }
}

/// `path` with `.` and `..` taken out, without looking at the disk.
fn plain(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}
