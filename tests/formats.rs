//! Snapshots of every report format on fixtures with problems, and the
//! SARIF log checked field by field against what GitHub code scanning needs.
//!
//! Kept apart from `check.rs`: `insta::glob!` keeps its bookkeeping in one
//! place for the whole test binary, so other snapshot tests running beside it
//! could have their failures counted against the glob.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "tests and benchmarks fail loudly by design"
)]

use std::path::Path;

use concordat::diagnostics::render::{Format, RenderOptions};
use concordat::{check_paths, CheckOptions};

fn check(fixture: &str) -> concordat::CheckReport {
    let path = Path::new("tests/fixtures/errors").join(fixture);
    check_paths(&[path], CheckOptions::default())
}

#[test]
fn json_report_carries_positions_and_a_format_version() {
    let report = check("E0102_unknown_name.s75");
    let json = report.render(RenderOptions {
        format: Format::Json,
        colour: false,
        deny_warnings: false,
    });
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(value["format_version"], 1);
    let first = &value["diagnostics"][0];
    for field in [
        "code",
        "severity",
        "message",
        "help",
        "file",
        "line",
        "column",
        "byte_start",
        "byte_end",
    ] {
        assert!(!first[field].is_null(), "missing `{field}` in {first}");
    }
    insta::assert_snapshot!(json);
}

#[test]
fn plain_report_reads_as_sentences() {
    let report = check("E0303_total_mismatch.s75");
    insta::assert_snapshot!(report.render(RenderOptions {
        format: Format::Plain,
        colour: false,
        deny_warnings: false,
    }));
}

/// Every format on one file with several problems (errors and warnings).
#[test]
fn every_format_on_several_problems() {
    let report = check("several_problems.s75");
    for (name, format) in [
        ("human", Format::Human),
        ("plain", Format::Plain),
        ("json", Format::Json),
        ("sarif", Format::Sarif),
        ("github", Format::Github),
        ("junit", Format::Junit),
    ] {
        let text = report.render(RenderOptions {
            format,
            colour: false,
            deny_warnings: false,
        });
        // The version is the crate's: keep snapshots stable across releases.
        let text = text.replace(env!("CARGO_PKG_VERSION"), "[version]");
        insta::assert_snapshot!(format!("several_problems_{name}"), text);
    }
}

/// The SARIF log has what SARIF 2.1.0 and GitHub code scanning require:
/// version, tool driver with rules (help text included), and results whose
/// rule ids name a rule, with a message and a region starting at a line.
#[test]
fn sarif_has_the_fields_code_scanning_requires() {
    let report = check("several_problems.s75");
    let text = report.render(RenderOptions {
        format: Format::Sarif,
        ..RenderOptions::default()
    });
    let log: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(log["version"], "2.1.0");
    assert!(log["$schema"].as_str().unwrap().contains("sarif-2.1.0"));
    let run = &log["runs"][0];
    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "concordat");
    let rules = driver["rules"].as_array().unwrap();
    assert_eq!(rules.len(), concordat::diagnostics::Code::ALL.len());
    let ids: Vec<&str> = rules.iter().map(|r| r["id"].as_str().unwrap()).collect();
    for rule in rules {
        assert!(!rule["shortDescription"]["text"]
            .as_str()
            .unwrap()
            .is_empty());
        assert!(!rule["help"]["text"].as_str().unwrap().is_empty());
        let level = rule["defaultConfiguration"]["level"].as_str().unwrap();
        assert!(level == "error" || level == "warning");
    }
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), report.diagnostics.len());
    for result in results {
        let id = result["ruleId"].as_str().unwrap();
        let index = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(ids[index], id, "ruleIndex points at the rule");
        assert!(!result["message"]["text"].as_str().unwrap().is_empty());
        let location = &result["locations"][0]["physicalLocation"];
        let uri = location["artifactLocation"]["uri"].as_str().unwrap();
        assert!(
            !uri.starts_with('/') && !uri.contains('\\'),
            "{uri} is relative"
        );
        let region = &location["region"];
        assert!(region["startLine"].as_u64().unwrap() >= 1);
        assert!(region["startColumn"].as_u64().unwrap() >= 1);
        assert!(region["endLine"].as_u64().unwrap() >= region["startLine"].as_u64().unwrap());
    }
}

/// `--deny-warnings` turns a warnings-only report into a failing one, and a
/// JUnit test case with only warnings fails with it.
#[test]
fn warnings_fail_only_when_denied() {
    let report = check("W0409_no_reporting.s75");
    assert_eq!(report.outcome_with(false), concordat::Outcome::Clean);
    assert_eq!(report.outcome_with(true), concordat::Outcome::Problems);
    let junit = |deny_warnings| {
        report.render(RenderOptions {
            format: Format::Junit,
            colour: false,
            deny_warnings,
        })
    };
    assert!(junit(false).contains("failures=\"0\""));
    assert!(junit(true).contains("failures=\"1\""));
}

/// `--format short`: one line a problem, `file:line:col: severity[code]
/// message`, and nothing else on standard output.
#[test]
fn short_format_is_one_line_a_problem() {
    let report = check("several_problems.s75");
    let text = report.render(RenderOptions {
        format: Format::Short,
        ..RenderOptions::default()
    });
    assert_eq!(text.lines().count(), report.diagnostics.len());
    for line in text.lines() {
        let (place, rest) = line.split_once(": ").unwrap();
        let mut parts = place.rsplitn(3, ':');
        let column: usize = parts.next().unwrap().parse().unwrap();
        let line_number: usize = parts.next().unwrap().parse().unwrap();
        assert!(column >= 1 && line_number >= 1);
        assert_eq!(
            parts.next(),
            Some("tests/fixtures/errors/several_problems.s75")
        );
        assert!(
            rest.starts_with("error[E") || rest.starts_with("warning[W"),
            "{line}"
        );
    }
    insta::assert_snapshot!(text);
}

/// A message with a line break or a control character stays on its one
/// line, escaped visibly.
#[test]
fn short_format_escapes_line_breaks_and_controls() {
    use concordat::diagnostics::{Code, Diagnostic};
    let file = concordat::source::SourceFile::new(
        concordat::source::FileId(0),
        "a\nb.s75",
        "agreement x {}\n",
    );
    let span = concordat::source::Span::new(file.id, 10, 11);
    let diagnostic = Diagnostic::new(Code::UnknownName, span, "two\nlines \u{1b}[2J");
    let text = concordat::diagnostics::render::short(&[file], &[diagnostic]);
    assert_eq!(
        text,
        "a\\u{a}b.s75:1:11: error[E0102] two\\u{a}lines \\u{1b}[2J\n"
    );
}
