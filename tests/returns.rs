//! Bad returns: every file in `tests/fixtures/returns/` but the agreement
//! is named after the codes it must produce (`E0609_duplicate_row.csv`,
//! `E0604_E0608_workbook.xlsx`); the test asserts exactly those codes are
//! reported against `agreement.s75` there, that no assessment is made, and
//! snapshots the rendered diagnostics. To add a case, add a file.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "tests and benchmarks fail loudly by design"
)]

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use concordat::assess::{assess_paths, AssessOptions, FailOn};
use concordat::diagnostics::render::{Format, RenderOptions};
use concordat::diagnostics::Code;
use concordat::Outcome;

fn relative(path: &Path) -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}

/// The codes a fixture's name starts with.
fn expected_codes(path: &Path) -> BTreeSet<String> {
    let name = path.file_name().unwrap().to_str().unwrap();
    name.split('_')
        .take_while(|part| part.len() == 5 && part.starts_with('E'))
        .map(str::to_owned)
        .collect()
}

#[test]
fn bad_returns_report_their_codes() {
    insta::glob!("fixtures/returns/E*", |path| {
        let expected = expected_codes(path);
        assert!(!expected.is_empty(), "{} names no code", path.display());
        for code in &expected {
            assert!(Code::parse(code).is_some(), "`{code}` is not a code");
        }
        let agreement = relative(&path.with_file_name("agreement.s75"));
        let report = assess_paths(&agreement, &[relative(path)], AssessOptions::default());
        let found: BTreeSet<String> = report
            .diagnostics
            .iter()
            .map(|d| d.code.as_str().to_owned())
            .collect();
        assert_eq!(
            found,
            expected,
            "{}: codes differ from the name",
            path.display()
        );
        assert!(report.assessment.is_none(), "a bad return is not assessed");
        let tool_failure = expected.contains("E0613");
        let outcome = report.outcome(FailOn::default());
        assert_eq!(
            outcome,
            if tool_failure {
                Outcome::Failure
            } else {
                Outcome::Problems
            }
        );
        insta::assert_snapshot!(report.render(RenderOptions {
            format: Format::Human,
            colour: false,
            deny_warnings: false,
        }));
    });
}
