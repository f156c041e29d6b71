//! One harness for the fuzz targets (`fuzz/fuzz_targets/`) and the tests
//! that replay their seeds and regressions on the stable toolchain
//! (`tests/generated.rs`): bytes in, every output the command line can
//! write for them out, with the invariants that must hold whatever the
//! input checked on the way.
//!
//! - [`check_bytes`]: the bytes as an agreement file, checked, and the
//!   report rendered in every format (`concordat check`);
//! - [`graph_summary_bytes`]: the responsibility graph drawn in every format
//!   and, for a clean agreement, the board summary written as Markdown and
//!   HTML (`concordat graph`, `concordat summary`);
//! - [`returns_bytes`]: the first byte chooses the kind of return (CSV, YAML
//!   or a workbook) and a shipped agreement, the rest is the return, which
//!   is assessed and rendered in every format, with the summary that
//!   includes it (`concordat assess`, `concordat summary --returns`).
//!
//! Invariants checked on every input: each diagnostic's spans lie inside a
//! file of the report and on character boundaries; the exit code is one of
//! those documented for the command and agrees with the diagnostics; the
//! JSON and SARIF outputs are JSON. With [`Strictness::Outputs`] the outputs
//! are also checked for raw control characters (other than `\n` and `\t`);
//! the coloured human output is left out of that check, as its escapes are
//! meant.
#![allow(
    dead_code,
    reason = "each fuzz target and test uses a part of the harness"
)]

use std::cell::RefCell;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;

use concordat::assess::{assess_agreement, AssessOptions, AssessReport, FailOn};
use concordat::diagnostics::render::{Format, RenderOptions};
use concordat::diagnostics::{Diagnostic, Diagnostics};
use concordat::model::Agreement;
use concordat::source::SourceFile;
use concordat::{check_texts, summary, CheckOptions, CheckReport, Outcome};

/// The agreements returns are read against: the shipped ones and the
/// fixture of the returns tests, by the path they are checked under.
pub const AGREEMENTS: [(&str, &str); 6] = [
    (
        "agreements/birmingham_ld_mh.s75",
        include_str!("../../agreements/birmingham_ld_mh.s75"),
    ),
    (
        "agreements/blackburn_care_trust_plus.s75",
        include_str!("../../agreements/blackburn_care_trust_plus.s75"),
    ),
    (
        "agreements/health_and_care_single_budget.s75",
        include_str!("../../agreements/health_and_care_single_budget.s75"),
    ),
    (
        "agreements/lancashire_bcf.s75",
        include_str!("../../agreements/lancashire_bcf.s75"),
    ),
    (
        "agreements/lancashire_public_health.s75",
        include_str!("../../agreements/lancashire_public_health.s75"),
    ),
    (
        "tests/fixtures/returns/agreement.s75",
        include_str!("../../tests/fixtures/returns/agreement.s75"),
    ),
];

/// The kinds of return, in the order the first byte of a `returns` input
/// chooses them (`byte % 3`).
pub const RETURN_KINDS: [&str; 3] = ["csv", "yaml", "xlsx"];

/// The first byte of a `returns` input for a kind (an index into
/// [`RETURN_KINDS`]) and an agreement (an index into [`AGREEMENTS`]).
pub fn selector(kind: usize, agreement: usize) -> u8 {
    u8::try_from(agreement * RETURN_KINDS.len() + kind).unwrap()
}

/// The kind and the agreement a first byte chooses.
pub fn selected(byte: u8) -> (usize, usize) {
    let byte = usize::from(byte);
    (
        byte % RETURN_KINDS.len(),
        (byte / RETURN_KINDS.len()) % AGREEMENTS.len(),
    )
}

/// How much to check besides the absence of panics.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Strictness {
    /// Spans, exit codes and JSON (what holds today).
    Structure,
    /// And no raw control characters in any output (issue #9, item 6).
    Outputs,
}

impl Strictness {
    /// `Outputs` when the environment variable `CONCORDAT_FUZZ_STRICT` is
    /// set (to anything), else `Structure`: for the fuzz targets.
    pub fn from_env() -> Strictness {
        if std::env::var_os("CONCORDAT_FUZZ_STRICT").is_some() {
            Strictness::Outputs
        } else {
            Strictness::Structure
        }
    }
}

/// Every output written for one input, labelled by what wrote it, with the
/// exit code the command line would end with.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Outputs {
    /// (what, text), in a fixed order.
    pub texts: Vec<(String, String)>,
    /// The exit code.
    pub exit: u8,
}

impl Outputs {
    fn push(&mut self, what: impl Into<String>, text: String) {
        self.texts.push((what.into(), text));
    }
}

/// The formats of `check`'s report, named as on the command line.
pub const FORMATS: [(&str, Format); 7] = Format::NAMED;

/// The text of a file's bytes, as an agreement file is read: a file that is
/// not UTF-8 is read with the bad bytes replaced (and reported, E0003, by
/// `check`; here the text is checked as it would be shown).
pub fn text_of(data: &[u8]) -> String {
    String::from_utf8_lossy(data).into_owned()
}

/// Checks `data` as one agreement file and renders the report in every
/// format, as `concordat check` does.
pub fn check_bytes(data: &[u8], strictness: Strictness) -> Outputs {
    let text = text_of(data);
    let report = check_texts(
        &[("input.s75", &text)],
        CheckOptions {
            keep_models: false,
            threads: 1,
        },
    );
    check_outputs(&report, strictness)
}

/// The rendered report of a check, with its invariants asserted.
pub fn check_outputs(report: &CheckReport, strictness: Strictness) -> Outputs {
    assert_spans(&report.files, &report.diagnostics);
    let mut outputs = Outputs::default();
    for deny_warnings in [false, true] {
        let outcome = report.outcome_with(deny_warnings);
        assert_check_outcome(outcome, &report.diagnostics, deny_warnings);
        if !deny_warnings {
            outputs.exit = outcome.code();
        }
    }
    for (name, format) in FORMATS {
        let options = RenderOptions {
            format,
            colour: false,
            deny_warnings: false,
        };
        outputs.push(name, report.render(options));
    }
    outputs.push(
        "junit --deny-warnings",
        report.render(RenderOptions {
            format: Format::Junit,
            colour: false,
            deny_warnings: true,
        }),
    );
    assert_outputs(&outputs, strictness);
    // The coloured report is rendered too (it must not panic), but its
    // escapes are meant, so it is not among the outputs checked for them.
    let _ = report.render(RenderOptions {
        format: Format::Human,
        colour: true,
        deny_warnings: false,
    });
    outputs
}

/// Draws the responsibility graph of the agreements in `data` in every
/// format, as `concordat graph` does, and writes the board summary of a
/// clean one as Markdown and HTML, as `concordat summary` does.
pub fn graph_summary_bytes(data: &[u8], strictness: Strictness) -> Outputs {
    let text = text_of(data);
    let report = check_texts(
        &[("input.s75", &text)],
        CheckOptions {
            keep_models: true,
            threads: 1,
        },
    );
    assert_spans(&report.files, &report.diagnostics);
    let mut outputs = Outputs {
        exit: report.outcome().code(),
        ..Outputs::default()
    };
    let agreements: Vec<&Agreement> = report.agreements.iter().filter(|a| !a.register).collect();
    for (name, format) in [
        ("dot", concordat::GraphFormat::Dot),
        ("mermaid", concordat::GraphFormat::Mermaid),
        ("svg", concordat::GraphFormat::Svg),
    ] {
        if !agreements.is_empty() {
            outputs.push(name, graph_of(&agreements, format));
        }
    }
    if report.outcome() == Outcome::Clean && !agreements.is_empty() {
        let documents: Vec<summary::Document> = agreements
            .iter()
            .filter_map(|agreement| {
                let file = report.files.iter().find(|f| f.id == agreement.span.file)?;
                Some(summary::summarise(agreement, file))
            })
            .collect();
        outputs.push("md", summary::render(&documents, summary::Format::Markdown));
        outputs.push("html", summary::render(&documents, summary::Format::Html));
    }
    assert_outputs(&outputs, strictness);
    outputs
}

/// The pictures of `agreements`, as `concordat::graph_of` draws them for a
/// file.
pub fn graph_of(agreements: &[&Agreement], format: concordat::GraphFormat) -> String {
    use concordat::graph::{render, ResponsibilityGraph};
    let mut out = String::new();
    for agreement in agreements {
        let graph = ResponsibilityGraph::build(agreement);
        let mut options = render::Options {
            id_prefix: format!("{}-", agreement.id),
            ..render::Options::default()
        };
        for finding in concordat::check::graph_findings(agreement, &graph) {
            options.highlight.extend(finding.nodes);
            options.highlight_edges.extend(finding.edges);
        }
        let picture = match format {
            concordat::GraphFormat::Dot => render::dot(&graph, &agreement.title, &options),
            concordat::GraphFormat::Mermaid => render::mermaid(&graph, &options),
            concordat::GraphFormat::Svg => render::svg(&graph, &agreement.title, &options),
        };
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(&picture);
    }
    out
}

/// A shipped agreement, checked once per process, with its report.
struct Checked {
    report: CheckReport,
}

fn checked(index: usize) -> &'static Checked {
    static CHECKED: OnceLock<Vec<Checked>> = OnceLock::new();
    let all = CHECKED.get_or_init(|| {
        AGREEMENTS
            .iter()
            .map(|(path, text)| {
                let report = check_texts(
                    &[(path, text)],
                    CheckOptions {
                        keep_models: true,
                        threads: 1,
                    },
                );
                assert_eq!(report.outcome(), Outcome::Clean, "{path} must be clean");
                assert_eq!(report.agreements.len(), 1, "{path} must hold one agreement");
                Checked { report }
            })
            .collect()
    });
    &all[index % all.len()]
}

/// A file of this process and thread to write returns to (the readers of
/// returns read files), reused from one input to the next.
fn scratch(extension: &str) -> PathBuf {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    thread_local! {
        static FOLDER: RefCell<Option<PathBuf>> = const { RefCell::new(None) };
    }
    FOLDER.with(|folder| {
        let mut folder = folder.borrow_mut();
        let folder = folder.get_or_insert_with(|| {
            let path = std::env::temp_dir().join(format!(
                "concordat-fuzz-{}-{}",
                std::process::id(),
                NEXT.fetch_add(1, Ordering::Relaxed)
            ));
            std::fs::create_dir_all(&path).unwrap();
            path
        });
        folder.join(format!("return.{extension}"))
    })
}

/// Reads `data` (after its first byte, which chooses the kind and the
/// agreement, see [`selected`]) as a return, assesses it and renders the
/// report in every format, and the summary with the assessment when there
/// is one, as `concordat assess` and `concordat summary --returns` do.
pub fn returns_bytes(data: &[u8], strictness: Strictness) -> Outputs {
    let Some((&first, rest)) = data.split_first() else {
        return Outputs::default();
    };
    let (kind, agreement) = selected(first);
    let path = scratch(RETURN_KINDS[kind]);
    std::fs::write(&path, rest).unwrap();
    assess_return(agreement, &path, strictness)
}

/// Assesses the return at `path` against agreement number `agreement` of
/// [`AGREEMENTS`] and renders everything.
pub fn assess_return(agreement: usize, path: &Path, strictness: Strictness) -> Outputs {
    let checked = checked(agreement);
    let model = &checked.report.agreements[0];
    let mut files: Vec<SourceFile> = checked
        .report
        .files
        .iter()
        .map(|f| SourceFile::new(f.id, f.path.clone(), &f.text))
        .collect();
    let mut diagnostics = Diagnostics::new();
    let options = AssessOptions {
        as_of: None,
        periods: true,
        ..AssessOptions::default()
    };
    let returns = [path.to_path_buf()];
    let assessment = assess_agreement(model, &returns, options, &mut files, &mut diagnostics);
    let assessment = match assessment {
        Some(assessment) if !diagnostics.has_errors() => Some(assessment),
        _ => None,
    };
    let report = AssessReport {
        files,
        diagnostics: diagnostics.into_sorted(),
        assessment,
        returns: Vec::new(),
    };
    assert_spans(&report.files, &report.diagnostics);
    let all = FailOn {
        underperformance: true,
        missing_returns: true,
    };
    let outcome = report.outcome(FailOn::default());
    assert!(
        matches!(
            outcome,
            Outcome::Clean | Outcome::Problems | Outcome::Failure
        ),
        "assess without --fail-on ended {outcome:?}"
    );
    assert_eq!(
        report.assessment.is_some(),
        !report.diagnostics.iter().any(Diagnostic::is_error),
        "an assessment is made exactly when there are no errors"
    );
    let flagged = report.outcome(all);
    if outcome == Outcome::Clean {
        assert!(matches!(flagged, Outcome::Clean | Outcome::Flagged));
    } else {
        assert_eq!(flagged, outcome);
    }
    let mut outputs = Outputs {
        exit: outcome.code(),
        ..Outputs::default()
    };
    for (name, format) in FORMATS {
        let options = RenderOptions {
            format,
            colour: false,
            deny_warnings: false,
        };
        outputs.push(name, report.render(options));
    }
    if let Some(assessment) = &report.assessment {
        if let Some(file) = report.files.iter().find(|f| f.id == model.span.file) {
            let document = summary::summarise_with(model, file, Some(assessment));
            let documents = [document];
            outputs.push("md", summary::render(&documents, summary::Format::Markdown));
            outputs.push("html", summary::render(&documents, summary::Format::Html));
        }
    }
    assert_outputs(&outputs, strictness);
    outputs
}

/// Every diagnostic's spans lie in a file of the report, inside its text
/// and on character boundaries.
pub fn assert_spans(files: &[SourceFile], diagnostics: &[Diagnostic]) {
    for diagnostic in diagnostics {
        let labels = diagnostic.primary.iter().chain(&diagnostic.secondary);
        for label in labels {
            let span = label.span;
            let file = files.iter().find(|f| f.id == span.file);
            let Some(file) = file else {
                panic!(
                    "{}: a span in file {:?}, which the report does not hold",
                    diagnostic.code, span.file
                );
            };
            let (start, end) = (span.start as usize, span.end as usize);
            assert!(
                start <= end && end <= file.text.len(),
                "{}: span {start}..{end} outside {} ({} bytes)",
                diagnostic.code,
                file.display_path(),
                file.text.len()
            );
            assert!(
                file.text.is_char_boundary(start) && file.text.is_char_boundary(end),
                "{}: span {start}..{end} not on character boundaries in {}",
                diagnostic.code,
                file.display_path()
            );
        }
        if diagnostic.primary.is_none() {
            assert!(
                diagnostic.path.is_some(),
                "{}: neither a span nor a path",
                diagnostic.code
            );
        }
    }
}

/// `check` ends 0 or 1 on a text (2 is for paths and arguments), and 1
/// exactly when there is an error (or, denying warnings, any diagnostic).
fn assert_check_outcome(outcome: Outcome, diagnostics: &[Diagnostic], deny_warnings: bool) {
    let failing = if deny_warnings {
        !diagnostics.is_empty()
    } else {
        diagnostics.iter().any(Diagnostic::is_error)
    };
    let expected = if failing {
        Outcome::Problems
    } else {
        Outcome::Clean
    };
    assert_eq!(
        outcome, expected,
        "the exit code must follow the diagnostics"
    );
}

/// The JSON outputs parse; with [`Strictness::Outputs`], no output holds a
/// raw control character other than a line feed or a tab.
pub fn assert_outputs(outputs: &Outputs, strictness: Strictness) {
    for (what, text) in &outputs.texts {
        if what == "json" || what == "sarif" {
            if let Err(error) = serde_json::from_str::<serde_json::Value>(text) {
                panic!("the {what} output is not JSON: {error}");
            }
        }
        if strictness == Strictness::Outputs {
            if let Some((at, c)) = raw_control(text) {
                panic!("the {what} output holds the control character {c:?} at byte {at}");
            }
        }
    }
}

/// The first control character in `text` other than `\n` and `\t`.
pub fn raw_control(text: &str) -> Option<(usize, char)> {
    text.char_indices()
        .find(|(_, c)| c.is_control() && *c != '\n' && *c != '\t')
}

/// The names a return can refer to in agreement number `agreement` of
/// [`AGREEMENTS`], for generating returns that are mostly right.
#[derive(Debug, Clone, Default)]
pub struct Names {
    /// Obligations and pools (what a row reports on).
    pub items: Vec<Item>,
    /// Partners (who reports).
    pub partners: Vec<String>,
    /// The financial years of the term, as written (`2017/18`).
    pub years: Vec<String>,
}

/// An obligation or a pool a row can report on.
#[derive(Debug, Clone)]
pub struct Item {
    /// Its name.
    pub name: String,
    /// Who reports on it: an obligation's owners, a pool's host.
    pub reporters: Vec<String>,
    /// Whether it is a pool (reported yearly, in pounds).
    pub pool: bool,
}

/// The names of agreement number `agreement` of [`AGREEMENTS`].
pub fn names(agreement: usize) -> Names {
    let model = &checked(agreement).report.agreements[0];
    let mut items: Vec<Item> = model
        .obligations
        .iter()
        .map(|o| Item {
            name: o.id.to_string(),
            reporters: o.owners.iter().map(|r| r.name.to_string()).collect(),
            pool: false,
        })
        .collect();
    items.extend(model.pools.iter().map(|p| Item {
        name: p.id.to_string(),
        reporters: p.host.iter().map(|r| r.name.to_string()).collect(),
        pool: true,
    }));
    let partners = model.partners.iter().map(|p| p.id.to_string()).collect();
    let years = model
        .term
        .map(|term| {
            term.first
                .value
                .through(term.last.value)
                .map(|year| year.to_string())
                .collect()
        })
        .unwrap_or_default();
    Names {
        items,
        partners,
        years,
    }
}
