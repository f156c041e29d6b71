//! Fixture-driven tests of the checker.
//!
//! - `tests/fixtures/errors/*.s75`: each file's first line says which codes it
//!   must produce (`// expect: E0301` or `// expect: E0301, E0303`); the test
//!   asserts exactly that set of codes, then snapshots the rendered report, so
//!   a careless snapshot cannot hide a wrong code.
//! - `tests/fixtures/valid/*.s75`: must produce no diagnostic at all.
//!
//! To add a case, add a file; to review a changed report, `cargo insta review`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "tests and benchmarks fail loudly by design"
)]

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use concordat::diagnostics::render::{Format, RenderOptions};
use concordat::diagnostics::Code;
use concordat::{check_paths, CheckOptions};

/// The path relative to the crate root, so reports name it the same way on
/// every machine.
fn relative(path: &Path) -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}

/// The codes a fixture's first line expects.
fn expected_codes(path: &Path) -> BTreeSet<String> {
    let bytes = std::fs::read(path).unwrap();
    let first_line = bytes.split(|b| *b == b'\n').next().unwrap();
    let first_line = String::from_utf8_lossy(first_line);
    let list = first_line
        .trim_start_matches('\u{feff}')
        .strip_prefix("// expect:")
        .unwrap_or_else(|| panic!("{} must start with `// expect: CODE`", path.display()));
    list.split(',')
        .map(|c| c.trim().to_owned())
        .filter(|c| !c.is_empty())
        .collect()
}

fn check(path: &Path) -> concordat::CheckReport {
    check_paths(&[relative(path)], CheckOptions::default())
}

#[test]
fn error_fixtures_report_their_codes() {
    insta::glob!("fixtures/errors/*.s75", |path| {
        let expected = expected_codes(path);
        for code in &expected {
            assert!(
                Code::parse(code).is_some(),
                "{}: `{code}` is not a code",
                path.display()
            );
        }
        let report = check(path);
        let found: BTreeSet<String> = report
            .diagnostics
            .iter()
            .map(|d| d.code.as_str().to_owned())
            .collect();
        assert_eq!(
            found,
            expected,
            "{}: codes reported differ from `// expect:`",
            path.display()
        );
        let rendered = report.render(RenderOptions {
            format: Format::Human,
            colour: false,
            deny_warnings: false,
        });
        insta::assert_snapshot!(rendered);
    });
}

#[test]
fn valid_fixtures_check_clean() {
    // Not `insta::glob!`: its bookkeeping is shared between tests running at
    // the same time, and this test takes no snapshot.
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/valid");
    let mut checked = 0;
    for entry in std::fs::read_dir(folder).unwrap() {
        let path = entry.unwrap().path();
        let report = check(&path);
        let rendered = report.render(RenderOptions::default());
        assert!(
            report.diagnostics.is_empty(),
            "{}:\n{rendered}",
            path.display()
        );
        checked += 1;
    }
    assert!(checked >= 2);
}

fn returns_folder() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/returns")
}

#[test]
fn every_code_has_an_error_fixture() {
    // Codes that no agreement text can produce are proved elsewhere:
    // E0007 by `tests/cli.rs` (a sparse file over the limit), E0901 and
    // E0902 by `tests/cli.rs` (a missing path, an empty folder); E0903 and
    // E0904 by `tests/files.rs` (links leaving the folder, pipes); E0107 to
    // E0110, which need several files, by `tests/projects.rs`; E0920 by
    // `tests/summary_html.rs` (an output file that cannot be written); the
    // codes of bad returns by the files of `tests/fixtures/returns/` named
    // after them (`tests/returns.rs`), and E0612 and E0614 by
    // `tests/assess.rs` (an `--as-of` outside the term, a file of two
    // agreements); E0930 to E0932, about concordat.toml, by `tests/config.rs`;
    // E0640 and E0641 by `tests/sheets.rs` (workbooks of several sheets),
    // E0940 by `tests/shell.rs` (standard input twice); E0945 to E0947,
    // options of `concordat new`, by `tests/new.rs`; W0419, a waiver expired
    // at the assessment date, by `tests/assess.rs`; E0950 to E0952 by the
    // scenario files of `tests/fixtures/scenarios/` named after them and
    // E0953 (a folder without scenarios) by `tests/scenarios.rs`; E0624 to
    // E0626, problems of an allocations file, by `tests/allocations.rs`.
    let mut elsewhere = vec![
        "E0007", "E0107", "E0108", "E0109", "E0110", "E0901", "E0902", "E0903", "E0904", "E0920",
        "E0612", "E0614", "E0930", "E0931", "E0932", "E0640", "E0641", "E0940", "E0945", "E0946",
        "E0947", "W0419", "E0953", "E0624", "E0625", "E0626",
    ];
    let scenarios = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/scenarios");
    let mut named: Vec<String> = Vec::new();
    for folder in [returns_folder(), scenarios] {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let name = entry.unwrap().file_name().to_string_lossy().into_owned();
            named.extend(
                name.split('_')
                    .take_while(|part| part.len() == 5 && part.starts_with('E'))
                    .map(str::to_owned),
            );
        }
    }
    elsewhere.extend(named.iter().map(String::as_str));
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/errors");
    let mut covered = BTreeSet::new();
    for entry in std::fs::read_dir(&folder).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "s75") {
            covered.extend(expected_codes(&path));
        }
    }
    let missing: Vec<&str> = Code::ALL
        .iter()
        .map(|c| c.as_str())
        .filter(|c| !covered.contains(*c) && !elsewhere.contains(c))
        .collect();
    assert!(
        missing.is_empty(),
        "codes without an error fixture: {missing:?}"
    );
}

/// The rules of the catalogue (codes whose explanation gives a source) each
/// have a passing fixture beside their failing one, named after the code.
#[test]
fn every_rule_has_a_passing_fixture() {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/valid");
    let names: Vec<String> = std::fs::read_dir(folder)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    let rules: Vec<&Code> = Code::ALL
        .iter()
        .filter(|c| c.explanation().starts_with("Source:"))
        .collect();
    assert!(rules.len() >= 18, "the catalogue has {} rules", rules.len());
    let missing: Vec<&str> = rules
        .iter()
        .map(|c| c.as_str())
        .filter(|c| !names.iter().any(|n| n.starts_with(c)))
        .collect();
    assert!(
        missing.is_empty(),
        "rules without a passing fixture: {missing:?}"
    );
}

#[test]
fn every_code_is_listed_in_the_readme() {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let missing: Vec<&str> = Code::ALL
        .iter()
        .map(|c| c.as_str())
        .filter(|c| !readme.contains(&format!("| {c} |")))
        .collect();
    assert!(
        missing.is_empty(),
        "codes missing from the README's table: {missing:?}"
    );
}
