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

fn sarif_of(report: &concordat::CheckReport) -> serde_json::Value {
    let text = report.render(RenderOptions {
        format: Format::Sarif,
        ..RenderOptions::default()
    });
    serde_json::from_str(&text).unwrap()
}

/// A file named by its absolute path under the current folder is still a
/// path relative to `%SRCROOT%`; one outside it is an absolute `file://`
/// URI with no base.
#[test]
fn sarif_uris_are_relative_to_the_source_root() {
    let here = std::env::current_dir().unwrap();
    let absolute = here.join("tests/fixtures/errors/./E0102_unknown_name.s75");
    let log = sarif_of(&check_paths(&[absolute], CheckOptions::default()));
    let artifact =
        &log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"];
    assert_eq!(
        artifact["uri"], "tests/fixtures/errors/E0102_unknown_name.s75",
        "{artifact}"
    );
    assert_eq!(artifact["uriBaseId"], "%SRCROOT%");

    let outside = tempfile::tempdir().unwrap();
    let file = outside.path().join("an agreement#1.s75");
    std::fs::copy("tests/fixtures/errors/E0102_unknown_name.s75", &file).unwrap();
    let log = sarif_of(&check_paths(&[file], CheckOptions::default()));
    let artifact =
        &log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"];
    let uri = artifact["uri"].as_str().unwrap();
    assert!(uri.starts_with("file:///"), "{uri}");
    assert!(uri.ends_with("/an%20agreement%231.s75"), "{uri}");
    assert!(artifact.get("uriBaseId").is_none(), "{artifact}");

    // A relative path climbing out of the current folder and back in is
    // placed by where it is.
    let name = here.file_name().unwrap().to_str().unwrap();
    let around = format!("../{name}/tests/fixtures/errors/E0102_unknown_name.s75");
    let log = sarif_of(&check_paths(&[around.into()], CheckOptions::default()));
    let artifact =
        &log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"];
    assert_eq!(
        artifact["uri"],
        "tests/fixtures/errors/E0102_unknown_name.s75"
    );
    assert_eq!(artifact["uriBaseId"], "%SRCROOT%");
}

/// In a file saved with a byte-order mark and CRLF line endings, SARIF's
/// byte offsets count the bytes on disk: the region's bytes are the text
/// the problem is about.
#[test]
fn sarif_byte_offsets_count_the_file_on_disk() {
    let original = std::fs::read_to_string("tests/fixtures/errors/several_problems.s75").unwrap();
    let crlf = format!("\u{feff}{}", original.replace('\n', "\r\n"));
    let folder = tempfile::tempdir().unwrap();
    let lf_path = folder.path().join("lf.s75");
    let crlf_path = folder.path().join("crlf.s75");
    std::fs::write(&lf_path, &original).unwrap();
    std::fs::write(&crlf_path, &crlf).unwrap();
    let regions = |path: &Path| {
        let log = sarif_of(&check_paths(&[path.to_path_buf()], CheckOptions::default()));
        let results = log["runs"][0]["results"].as_array().unwrap().clone();
        results
            .iter()
            .flat_map(|result| {
                let mut places = vec![result["locations"][0]["physicalLocation"].clone()];
                for related in result["relatedLocations"].as_array().into_iter().flatten() {
                    places.push(related["physicalLocation"].clone());
                }
                places
            })
            .map(|place| {
                let region = &place["region"];
                let start = region["byteOffset"].as_u64().unwrap() as usize;
                let length = region["byteLength"].as_u64().unwrap() as usize;
                (region["startLine"].clone(), start, length)
            })
            .collect::<Vec<_>>()
    };
    let lf = regions(&lf_path);
    let crlf_regions = regions(&crlf_path);
    assert_eq!(lf.len(), crlf_regions.len());
    assert!(lf.len() >= 5);
    let lf_bytes = original.as_bytes();
    let crlf_bytes = crlf.as_bytes();
    for ((line, start, length), (crlf_line, crlf_start, crlf_length)) in
        lf.iter().zip(&crlf_regions)
    {
        assert_eq!(line, crlf_line);
        let lf_text = &lf_bytes[*start..start + length];
        let crlf_text = &crlf_bytes[*crlf_start..crlf_start + crlf_length];
        // The same text, its line breaks as they are in each file.
        let lf_text = std::str::from_utf8(lf_text).unwrap();
        let crlf_text = std::str::from_utf8(crlf_text).unwrap();
        assert_eq!(lf_text.replace('\n', "\r\n"), crlf_text, "line {line}");
        // The BOM and one CR a line before it are counted.
        let line = line.as_u64().unwrap() as usize;
        assert_eq!(*crlf_start, start + 3 + (line - 1));
    }
}
