//! Diagnostics for continuous integration: SARIF 2.1.0 (GitHub code
//! scanning), GitHub Actions workflow annotations (in [`super::github`],
//! with the job summary), and JUnit XML.
//!
//! Like the other formats, each takes the diagnostics already sorted and gives
//! byte-identical output for the same input.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use serde_json::{json, Map, Value};

use std::path::{Component, Path, PathBuf};

pub use super::github::github;
use super::locate::{file_of, locate, location, Location};
use super::{Code, Diagnostic, Severity};
use crate::source::{display_path, SourceFile, Span};
use crate::text::{escape_uri_path, escape_xml, json_visible};

/// The SARIF version written.
pub const SARIF_VERSION: &str = "2.1.0";

pub(super) fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

/// The region of `location`, whose bytes are those of `span` when it has
/// one: SARIF's byte offsets count the file as it is on disk, byte-order mark
/// and carriage returns included (the text checked has neither).
fn region(files: &[SourceFile], location: &Location, span: Option<Span>) -> Value {
    let (start, end) = match span.and_then(|span| Some((span, file_of(files, span.file)?))) {
        Some((span, file)) => (
            file.original_offset(span.start as usize),
            file.original_offset(span.end as usize),
        ),
        None => (location.byte_start as usize, location.byte_end as usize),
    };
    json!({
        "startLine": location.line,
        "startColumn": location.column,
        "endLine": location.end_line,
        "endColumn": location.end_column,
        "byteOffset": start,
        "byteLength": end.saturating_sub(start),
    })
}

/// Where the run's paths are relative to: the current folder, and its real
/// path (for absolute paths spelled through a link to it).
struct SourceRoot {
    current: Option<PathBuf>,
    canonical: Option<PathBuf>,
}

impl SourceRoot {
    fn here() -> SourceRoot {
        let current = std::env::current_dir().ok();
        let canonical = current
            .as_deref()
            .and_then(|dir| std::fs::canonicalize(dir).ok());
        SourceRoot { current, canonical }
    }

    /// The artifact location of the file at `path` (as given on the command
    /// line): a relative path and `%SRCROOT%` (the current folder) for a file
    /// under the current folder, however it was written; an absolute
    /// `file://` URI, without a base, for one outside it.
    fn artifact(&self, path: &str) -> Value {
        let as_given = Path::new(path);
        if as_given.is_relative() && !climbs(as_given) {
            return relative_artifact(as_given);
        }
        // `../x.s75` may lead out of the current folder: it is placed as an
        // absolute path is, by where it really is.
        let absolute = match &self.current {
            Some(current) if as_given.is_relative() => current.join(as_given),
            _ => as_given.to_path_buf(),
        };
        let under = |root: &Option<PathBuf>, path: &Path| {
            root.as_deref()
                .and_then(|root| path.strip_prefix(root).ok())
                .filter(|rest| !climbs(rest))
                .map(Path::to_path_buf)
        };
        let real = std::fs::canonicalize(&absolute).ok();
        let inside =
            under(&self.current, &absolute).or_else(|| under(&self.canonical, real.as_deref()?));
        match inside {
            Some(relative) => relative_artifact(&relative),
            None => {
                let shown = match &real {
                    Some(real) if climbs(&absolute) => real.as_path(),
                    _ => absolute.as_path(),
                };
                let path = display_path(shown);
                let slash = if path.starts_with('/') { "" } else { "/" };
                json!({ "uri": format!("file://{slash}{}", escape_uri_path(&path)) })
            }
        }
    }
}

/// Whether `path` has a `..` in it.
fn climbs(path: &Path) -> bool {
    path.components().any(|c| matches!(c, Component::ParentDir))
}

/// The artifact location of a path relative to `%SRCROOT%`, without `./`.
fn relative_artifact(path: &Path) -> Value {
    let path: PathBuf = path
        .components()
        .filter(|c| !matches!(c, Component::CurDir))
        .collect();
    json!({ "uri": escape_uri_path(&display_path(&path)), "uriBaseId": "%SRCROOT%" })
}

fn physical(
    files: &[SourceFile],
    root: &SourceRoot,
    location: &Location,
    span: Option<Span>,
) -> Value {
    json!({
        "physicalLocation": {
            "artifactLocation": root.artifact(&location.file),
            "region": region(files, location, span),
        }
    })
}

/// The diagnostics as a SARIF 2.1.0 log, one run, with every code of the
/// registry as a rule (its title, explanation and default level).
pub fn sarif(files: &[SourceFile], diagnostics: &[Diagnostic]) -> String {
    let rules: Vec<Value> = Code::ALL
        .iter()
        .map(|code| {
            json!({
                "id": code.as_str(),
                "name": format!("{code:?}"),
                "shortDescription": { "text": code.title() },
                "fullDescription": { "text": code.explanation() },
                "help": {
                    "text": code.explanation(),
                    "markdown": format!("**{}** ({}): {}\n\n{}\n\nRun `concordat explain {}` for this text in a terminal.", code.as_str(), level(code.severity()), code.title(), code.explanation(), code.as_str()),
                },
                "defaultConfiguration": { "level": level(code.severity()) },
            })
        })
        .collect();
    let root = SourceRoot::here();
    let results: Vec<Value> = diagnostics
        .iter()
        .map(|d| {
            let text = match &d.help {
                Some(help) => format!("{}\nhelp: {help}", d.message),
                None => d.message.clone(),
            };
            let mut result = Map::new();
            result.insert("ruleId".into(), json!(d.code.as_str()));
            result.insert(
                "ruleIndex".into(),
                json!(Code::ALL.iter().position(|c| *c == d.code).unwrap_or(0)),
            );
            result.insert("level".into(), json!(level(d.severity)));
            result.insert("message".into(), json!({ "text": text }));
            if let Some(location) = location(files, d) {
                let span = d.primary.as_ref().map(|label| label.span);
                let place = physical(files, &root, &location, span);
                // GitHub groups alerts by fingerprint: code, file and line.
                let uri = place
                    .pointer("/physicalLocation/artifactLocation/uri")
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_owned();
                result.insert("locations".into(), json!([place]));
                result.insert(
                    "partialFingerprints".into(),
                    json!({ "concordat/v1": format!("{}:{uri}:{}", d.code, location.line) }),
                );
            }
            let related: Vec<Value> = d
                .secondary
                .iter()
                .enumerate()
                .filter_map(|(i, label)| {
                    let at = locate(files, label.span)?;
                    let place = physical(files, &root, &at, Some(label.span));
                    Some(json!({
                        "id": i,
                        "message": { "text": label.text },
                        "physicalLocation": place.get("physicalLocation").cloned().unwrap_or_default(),
                    }))
                })
                .collect();
            if !related.is_empty() {
                result.insert("relatedLocations".into(), Value::Array(related));
            }
            Value::Object(result)
        })
        .collect();
    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": SARIF_VERSION,
        "runs": [{
            "tool": {
                "driver": {
                    "name": "concordat",
                    "version": env!("CARGO_PKG_VERSION"),
                    "semanticVersion": env!("CARGO_PKG_VERSION"),
                    "rules": rules,
                }
            },
            "columnKind": "unicodeCodePoints",
            "results": results,
        }]
    });
    let mut text = json_visible(serde_json::to_string_pretty(&log).unwrap_or_default());
    text.push('\n');
    text
}

/// The check as a JUnit XML report: one test case per file, failing when the
/// file has errors (or warnings, when `deny_warnings`), with each diagnostic
/// in the failure's text; a path that could not be read is a test error.
pub fn junit(files: &[SourceFile], diagnostics: &[Diagnostic], deny_warnings: bool) -> String {
    let fails = |d: &Diagnostic| d.severity == Severity::Error || deny_warnings;
    let mut cases = String::new();
    let mut failures = 0;
    let mut errors = 0;
    let mut tests = 0;
    let mut seen_paths = BTreeSet::new();
    for group in crate::source::file_groups(files) {
        let Some(file) = group.first() else {
            continue;
        };
        tests += 1;
        let path = file.display_path();
        seen_paths.insert(path.clone());
        let here: Vec<&Diagnostic> = diagnostics
            .iter()
            .filter(|d| {
                d.primary
                    .as_ref()
                    .is_some_and(|l| group.iter().any(|f| f.id == l.span.file))
            })
            .collect();
        let _ = write!(
            cases,
            "    <testcase name=\"{}\" classname=\"concordat.check\" file=\"{}\">",
            escape_xml(&path),
            escape_xml(&path)
        );
        let failing: Vec<&&Diagnostic> = here.iter().filter(|d| fails(d)).collect();
        if let Some(first) = failing.first() {
            failures += 1;
            let _ = write!(
                cases,
                "\n      <failure type=\"{}\" message=\"{}\">{}</failure>\n    ",
                first.code,
                escape_xml(&format!(
                    "{} problem(s); first: {}",
                    failing.len(),
                    first.message
                )),
                escape_xml(&listing(files, &here))
            );
        } else if !here.is_empty() {
            let _ = write!(
                cases,
                "\n      <system-out>{}</system-out>\n    ",
                escape_xml(&listing(files, &here))
            );
        }
        cases.push_str("</testcase>\n");
    }
    for d in diagnostics.iter().filter(|d| d.primary.is_none()) {
        let path = d
            .path
            .as_deref()
            .map(crate::source::display_path)
            .unwrap_or_default();
        if !seen_paths.insert(path.clone()) {
            continue;
        }
        tests += 1;
        errors += 1;
        let _ = writeln!(
            cases,
            "    <testcase name=\"{}\" classname=\"concordat.check\">\n      <error type=\"{}\" message=\"{}\"/>\n    </testcase>",
            escape_xml(&path),
            d.code,
            escape_xml(&d.message)
        );
    }
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"concordat\" tests=\"{tests}\" failures=\"{failures}\" errors=\"{errors}\">\n  <testsuite name=\"concordat check\" tests=\"{tests}\" failures=\"{failures}\" errors=\"{errors}\" skipped=\"0\">\n{cases}  </testsuite>\n</testsuites>\n"
    )
}

/// The diagnostics of one file as lines of text.
fn listing(files: &[SourceFile], diagnostics: &[&Diagnostic]) -> String {
    let mut out = String::new();
    for d in diagnostics {
        let place = location(files, d)
            .map(|l| format!("{}:{}:{}: ", l.file, l.line, l.column))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "{place}{} {}: {}",
            level(d.severity),
            d.code,
            d.message
        );
        if let Some(help) = &d.help {
            let _ = writeln!(out, "  help: {help}");
        }
    }
    out
}
