//! The project configuration, `concordat.toml`: what a repository wants of
//! every run, so that it need not be typed each time.
//!
//! A configuration is found from each path named on the command line
//! upward, folder by folder, to the root of the file system: the first
//! `concordat.toml` found is that path's (or one file for every path, given
//! with `--config`). It sets
//!
//! - `deny_warnings`: warnings fail the check, as `--deny-warnings`;
//! - `format`: the default `--format` of `check` and `assess`, and
//!   `[check] format`, `[assess] format` for one of them;
//! - `excluded_treatments`: words that suggest an excluded treatment
//!   (W0224: an NHS function with no category whose name holds one is asked
//!   to declare its category), in addition to those the checker knows;
//! - `[[rules]]`: for the files matching `paths` (patterns relative to the
//!   folder of the configuration; every file when left out), the warnings
//!   `allow`ed (not reported) and the codes `deny`ed (reported as errors).
//!
//! The command line wins over the file. A configuration with a problem is
//! reported (E0930 to E0932) and nothing is checked: it could have allowed
//! or denied codes.

mod parse;

use std::path::{Path, PathBuf};

use globset::GlobSet;

pub use parse::parse;

use crate::diagnostics::render::Format;
use crate::diagnostics::{Code, Diagnostic, Diagnostics, Severity};
use crate::model::Agreement;
use crate::report::{CheckOptions, CheckReport};
use crate::source::{FileId, SourceFile};

/// The name of the file looked for.
pub const FILE_NAME: &str = "concordat.toml";

/// One configuration file, as read.
#[derive(Debug, Clone, Default)]
pub struct Config {
    /// The file (none for the defaults).
    pub path: Option<PathBuf>,
    /// The folder path patterns are relative to: the file's, canonical.
    pub folder: PathBuf,
    /// Whether warnings fail the check.
    pub deny_warnings: bool,
    /// The default format of `check` and `assess`.
    pub format: Option<Format>,
    /// The default format of `check`, before `format`.
    pub check_format: Option<Format>,
    /// The default format of `assess`, before `format`.
    pub assess_format: Option<Format>,
    /// Words that suggest an excluded treatment (W0224), in lower case.
    pub excluded_treatments: Vec<String>,
    /// The rules, in the order written (a later one wins).
    pub rules: Vec<Rule>,
}

/// One `[[rules]]`: codes allowed and denied in the files that match.
#[derive(Debug, Clone)]
pub struct Rule {
    /// The patterns, compiled.
    pub patterns: GlobSet,
    /// The patterns, as written (`**` when left out).
    pub written: Vec<String>,
    /// Warnings not reported.
    pub allow: Vec<Code>,
    /// Codes reported as errors.
    pub deny: Vec<Code>,
}

/// The subcommands a configuration gives a default format to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Command {
    /// `concordat check`.
    Check,
    /// `concordat assess`.
    Assess,
}

/// What a rule does to a code in a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Verdict {
    Allow,
    Deny,
}

/// The configurations of one run: one for each path named.
#[derive(Debug, Clone, Default)]
pub struct Settings {
    /// The configurations found, each once.
    configs: Vec<Config>,
    /// Each path named, with the index of its configuration (if any).
    paths: Vec<(PathBuf, Option<usize>)>,
}

/// The `concordat.toml` that applies to `path`: the first found in its
/// folder (or, for a folder, in it) and the folders above it.
pub fn find_for(path: &Path) -> Option<PathBuf> {
    let path = std::fs::canonicalize(path)
        .or_else(|_| std::path::absolute(path))
        .ok()?;
    let start = if path.is_dir() {
        path.as_path()
    } else {
        path.parent()?
    };
    start
        .ancestors()
        .map(|folder| folder.join(FILE_NAME))
        .find(|candidate| candidate.is_file())
}

/// A configuration found, as shown in messages: relative to the current
/// folder when inside it.
fn shown(file: &Path) -> PathBuf {
    std::env::current_dir()
        .and_then(std::fs::canonicalize)
        .ok()
        .and_then(|here| file.strip_prefix(here).ok().map(Path::to_path_buf))
        .unwrap_or_else(|| file.to_path_buf())
}

impl Settings {
    /// The configurations for a run over `paths`: the one given
    /// (`--config`), or each path's own. `Err` with the report of every
    /// problem when one cannot be read or has a problem.
    pub fn load(paths: &[PathBuf], given: Option<&Path>) -> Result<Settings, CheckReport> {
        let mut files: Vec<PathBuf> = Vec::new();
        let mut assigned = Vec::new();
        for path in paths {
            let found = match given {
                Some(file) => Some(file.to_path_buf()),
                None => find_for(path).map(|file| shown(&file)),
            };
            let index = found.map(|file| match files.iter().position(|f| *f == file) {
                Some(index) => index,
                None => {
                    files.push(file);
                    files.len() - 1
                }
            });
            assigned.push((path.clone(), index));
        }
        if paths.is_empty() {
            if let Some(file) = given {
                files.push(file.to_path_buf());
            }
        }
        let mut diagnostics = Diagnostics::new();
        let mut sources = Vec::new();
        let mut configs = Vec::new();
        for (index, file) in files.iter().enumerate() {
            let id = FileId(u32::try_from(index).unwrap_or(u32::MAX));
            let mut read = Diagnostics::new();
            let loaded = crate::files::load(id, file, &mut read);
            if loaded.is_none() && read.is_empty() {
                read.push(
                    Diagnostic::about_path(Code::NotAFile, file, "the configuration is a folder")
                        .help(format!("give the path of a `{FILE_NAME}` file")),
                );
            }
            diagnostics.extend(read);
            let Some(source) = loaded else {
                configs.push(Config::default());
                continue;
            };
            let mut config = parse(&source, &mut diagnostics);
            config.path = Some(file.clone());
            config.folder = file
                .parent()
                .map(|folder| {
                    let folder = if folder.as_os_str().is_empty() {
                        Path::new(".")
                    } else {
                        folder
                    };
                    std::fs::canonicalize(folder).unwrap_or_else(|_| folder.to_path_buf())
                })
                .unwrap_or_default();
            configs.push(config);
            sources.push(source);
        }
        if !diagnostics.is_empty() {
            // File ids are indices only if every file was loaded.
            let mut report = CheckReport {
                files: sources,
                ..CheckReport::default()
            };
            let diagnostics = renumbered(&mut report.files, diagnostics);
            report.diagnostics = diagnostics;
            return Err(report);
        }
        Ok(Settings {
            configs,
            paths: assigned,
        })
    }

    /// The configuration files in use, in the order found.
    pub fn files(&self) -> Vec<&Path> {
        self.configs
            .iter()
            .filter_map(|config| config.path.as_deref())
            .collect()
    }

    /// Whether warnings fail the check: when any configuration says so.
    pub fn deny_warnings(&self) -> bool {
        self.configs.iter().any(|config| config.deny_warnings)
    }

    /// The format to use: `given` on the command line, else the first
    /// path's configuration's for `command`, else human.
    pub fn format(&self, given: Option<Format>, command: Command) -> Format {
        given
            .or_else(|| {
                let config = self.config_of_path(0)?;
                match command {
                    Command::Check => config.check_format,
                    Command::Assess => config.assess_format,
                }
                .or(config.format)
            })
            .unwrap_or_default()
    }

    /// Checks `paths` as [`crate::check_paths`] does, with the settings
    /// applied: the project's excluded treatments, and the codes allowed and
    /// denied.
    pub fn check(&self, paths: &[PathBuf], options: CheckOptions) -> CheckReport {
        let words = self
            .configs
            .iter()
            .any(|config| !config.excluded_treatments.is_empty());
        let keep = options.keep_models;
        let mut report = crate::pipeline::check_paths_with(
            paths,
            CheckOptions {
                keep_models: keep || words,
                ..options
            },
            &mut |files, agreements, diagnostics| {
                self.excluded_words(files, agreements, diagnostics);
            },
        );
        if !keep {
            report.agreements.clear();
        }
        self.apply(&mut report);
        report
    }

    /// Warns of the functions with no category that the project's excluded
    /// treatments name (files by their ids).
    fn excluded_words(
        &self,
        files: &[SourceFile],
        agreements: &[Agreement],
        diagnostics: &mut Diagnostics,
    ) {
        for agreement in agreements {
            let Some(file) = files.iter().find(|f| f.id == agreement.span.file) else {
                continue;
            };
            if let Some(config) = self.config_of_file(&file.path) {
                crate::check::check_excluded_words(
                    agreement,
                    &config.excluded_treatments,
                    diagnostics,
                );
            }
        }
    }

    /// Applies the rules to a report: allowed warnings taken out, denied
    /// codes made errors. The report's files are named by index.
    pub fn apply(&self, report: &mut CheckReport) {
        if self.configs.iter().all(|config| config.rules.is_empty()) {
            return;
        }
        // Each file's configuration and path from its folder, found once.
        let places: Vec<Option<(&Config, PathBuf)>> = report
            .files
            .iter()
            .map(|file| self.place_of(&file.path))
            .collect();
        let mut kept = Diagnostics::new();
        for mut diagnostic in std::mem::take(&mut report.diagnostics) {
            let place = match (&diagnostic.primary, &diagnostic.path) {
                (Some(label), _) => places
                    .get(label.span.file.0 as usize)
                    .and_then(|place| place.as_ref().map(|(c, p)| (*c, p.clone()))),
                (None, Some(path)) => self.place_of(path),
                (None, None) => None,
            };
            let verdict =
                place.and_then(|(config, relative)| verdict(config, &relative, diagnostic.code));
            match verdict {
                Some(Verdict::Allow) if diagnostic.severity == Severity::Warning => continue,
                Some(Verdict::Deny) => diagnostic.severity = Severity::Error,
                _ => {}
            }
            kept.push(diagnostic);
        }
        report.diagnostics = kept.into_sorted();
    }

    /// The configuration of the file at `path`, and the file's path from
    /// the configuration's folder (none for a file outside it).
    fn place_of(&self, path: &Path) -> Option<(&Config, PathBuf)> {
        let config = self.config_of_file(path)?;
        let real = std::fs::canonicalize(path).ok()?;
        let relative = real.strip_prefix(&config.folder).ok()?.to_path_buf();
        Some((config, relative))
    }

    fn config_of_path(&self, index: usize) -> Option<&Config> {
        let (_, config) = self.paths.get(index)?;
        self.configs.get((*config)?)
    }

    /// The configuration of a file: that of the first path named that holds
    /// it (the first path's for a file reached only by an import).
    fn config_of_file(&self, file: &Path) -> Option<&Config> {
        let index = self
            .paths
            .iter()
            .position(|(path, _)| file.starts_with(path))
            .unwrap_or(0);
        self.config_of_path(index)
    }
}

/// What the rules of `config` do to `code` in the file at `relative` (from
/// the configuration's folder): the last rule that matches the file and
/// names the code decides.
fn verdict(config: &Config, relative: &Path, code: Code) -> Option<Verdict> {
    config
        .rules
        .iter()
        .rev()
        .filter(|rule| rule.patterns.is_match(relative))
        .find_map(|rule| {
            if rule.deny.contains(&code) {
                Some(Verdict::Deny)
            } else if rule.allow.contains(&code) {
                Some(Verdict::Allow)
            } else {
                None
            }
        })
}

/// The diagnostics of configurations, with file ids made indices into
/// `files` (a file that could not be loaded leaves a gap).
fn renumbered(files: &mut [SourceFile], diagnostics: Diagnostics) -> Vec<Diagnostic> {
    let mapping: Vec<FileId> = files.iter().map(|file| file.id).collect();
    for (index, file) in files.iter_mut().enumerate() {
        file.id = FileId(u32::try_from(index).unwrap_or(u32::MAX));
    }
    let remap = |id: FileId| {
        mapping
            .iter()
            .position(|old| *old == id)
            .map_or(id, |new| FileId(u32::try_from(new).unwrap_or(u32::MAX)))
    };
    let mut out = Diagnostics::new();
    for mut diagnostic in diagnostics.into_sorted() {
        if let Some(label) = &mut diagnostic.primary {
            label.span.file = remap(label.span.file);
        }
        out.push(diagnostic);
    }
    out.into_sorted()
}

#[cfg(test)]
mod tests;
