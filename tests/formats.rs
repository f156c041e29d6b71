//! Snapshots of the three report formats on fixtures with problems.
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
    }));
}
