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

/// Every way of reading a CSV return (the `csv` crate alone; lines split
/// here, in order; two halves on two threads) fills the same table and
/// finds the same problems, whatever the line endings, quotes, blank lines
/// and mistakes.
#[test]
fn csv_returns_read_the_same_however_they_are_read() {
    use concordat::assess::catalogue::Catalogue;
    use concordat::assess::csv::{read_general, read_with};
    use concordat::assess::returns::Ingest;
    use concordat::synthetic::returns::{agreement, write_csv, ReturnsShape};
    use concordat::{check_paths, CheckOptions};

    let folder = std::env::temp_dir().join(format!("concordat-csv-ways-{}", std::process::id()));
    std::fs::create_dir_all(&folder).unwrap();
    let shape = ReturnsShape {
        obligations: 3,
        partners: 4,
        years: 2,
    };
    let agreement_path = folder.join("agreement.s75");
    std::fs::write(&agreement_path, agreement(shape)).unwrap();
    let checked = check_paths(
        &[agreement_path],
        CheckOptions {
            keep_models: true,
            threads: 1,
        },
    );
    let model = &checked.agreements[0];
    let catalogue = Catalogue::new(model).unwrap();
    let mut base = Vec::new();
    write_csv(&mut base, shape, shape.rows()).unwrap();
    let base = String::from_utf8(base).unwrap();
    let lines: Vec<&str> = base.lines().collect();
    let half = lines.len() / 2;
    let with = |at: usize, extra: &str| {
        let mut copy = lines.clone();
        copy.insert(at, extra);
        copy.join("\n") + "\n"
    };
    let variants: Vec<(&str, String)> = vec![
        ("plain", base.clone()),
        ("crlf", base.replace('\n', "\r\n")),
        ("no final line break", base.trim_end().to_owned()),
        (
            "blank lines",
            with(half + 3, "").replace("\n\n", "\n\n  \n\r\n"),
        ),
        ("bom", format!("\u{feff}{base}")),
        (
            "quoted note early",
            with(5, "ob_0,council,2016/17,\"1,5\",\"a, note\""),
        ),
        (
            "quoted note late",
            with(half + 5, "ob_1,p_1,2016/17,2.5,\"a \"\"quoted\"\"\nnote\""),
        ),
        (
            "lone carriage return",
            with(half + 2, "ob_2,p_2,2016/17,3\rob_2,p_3,2016/17,4"),
        ),
        ("duplicate across halves", with(lines.len(), lines[3])),
        ("duplicate in the second half", {
            let mut copy = lines.clone();
            copy.push(lines[half + 4]);
            copy.push(lines[half + 4]);
            copy.join("\n")
        }),
        ("bad value late", with(half + 7, "ob_0,p_2,2016/17,n/a,")),
        ("wrong fields", with(half + 9, "ob_0,p_2,2016/17")),
        ("note late", with(half + 9, "ob_0,p_2,2016/17,7,a note")),
        ("spend", with(half + 9, "fund,council,2016/17,1250.50,")),
        ("header only", format!("{}\n", lines[0])),
    ];
    for (name, text) in variants {
        let path = folder.join(format!("{}.csv", name.replace(' ', "_")));
        std::fs::write(&path, &text).unwrap();
        let ways: Vec<String> = [None, Some(u64::MAX), Some(0)]
            .into_iter()
            .map(|split_from| {
                let mut ingest = Ingest::new(model, &catalogue);
                ingest.table.paths = vec!["returns.csv".to_owned()];
                let problems = match split_from {
                    None => read_general(&path, 0, &mut ingest),
                    Some(from) => read_with(&path, 0, &mut ingest, from),
                }
                .unwrap();
                let table = &ingest.table;
                let mut notes: Vec<_> = table.notes.iter().collect();
                notes.sort();
                let values: Vec<_> = (0..table.cells.len()).map(|i| table.value(i)).collect();
                format!(
                    "{:?}\n{:?}\n{:?}\n{notes:?}\n{:?}\n{:?}\n{:?}\n{}",
                    problems.listed,
                    problems.found,
                    table.cells,
                    table.spend,
                    values,
                    table.latest,
                    table.rows,
                )
            })
            .collect();
        assert_eq!(ways[0], ways[1], "{name}: lines split here");
        assert_eq!(ways[0], ways[2], "{name}: two halves");
    }
    std::fs::remove_dir_all(&folder).unwrap();
}

/// Returns saved by Excel end their lines with `\r\n`; a problem is still on
/// the line a reader sees it on, whichever way the file is read.
#[test]
fn crlf_returns_name_the_right_line() {
    let folder = std::env::temp_dir().join(format!("concordat-crlf-{}", std::process::id()));
    std::fs::create_dir_all(&folder).unwrap();
    let text = std::fs::read_to_string("tests/fixtures/returns/E0609_duplicate_row.csv").unwrap();
    let crlf = folder.join("duplicate.csv");
    std::fs::write(&crlf, text.replace('\n', "\r\n")).unwrap();
    let quoted = folder.join("quoted.csv");
    std::fs::write(
        &quoted,
        "obligation,partner,period,value,note\r\n\r\nadmissions,council,2017/18 Q2,390,\"first, with a comma\"\r\n\r\nadmissions,council,2017/18 Q2,391,\r\n",
    )
    .unwrap();
    for (path, line) in [(&crlf, 3), (&quoted, 5)] {
        let report = concordat::assess::assess_paths(
            Path::new("tests/fixtures/returns/agreement.s75"),
            std::slice::from_ref(path),
            concordat::assess::AssessOptions::default(),
        );
        let duplicate = report
            .diagnostics
            .iter()
            .find(|d| d.code == concordat::diagnostics::Code::DuplicateRow)
            .expect("the duplicate is found");
        let at = concordat::diagnostics::render::location(&report.files, duplicate).unwrap();
        assert_eq!(at.line, line, "{}", path.display());
    }
    std::fs::remove_dir_all(&folder).unwrap();
}
