//! `concordat new`, through the binary: every kind, with a few values of
//! each option, checks clean; the output is the same each run; `-o` writes
//! the file; options that cannot be written into an agreement are refused
//! (E0945 to E0947, exit 2); one template's output is kept as a snapshot.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "tests and benchmarks fail loudly by design"
)]

use std::process::{Command, Output};

const KINDS: [&str; 4] = [
    "bcf",
    "lead-commissioning",
    "integrated-provision",
    "public-health",
];

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_concordat"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("NO_COLOR")
        .env_remove("TERM")
        .output()
        .unwrap()
}

fn new(args: &[&str]) -> String {
    let mut all = vec!["new"];
    all.extend_from_slice(args);
    let output = run(&all);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

/// Checks `text` through the binary, as a file in a scratch folder, and
/// asserts it is clean: exit 0 and no diagnostic at all, warnings included,
/// and laid out as `concordat fmt` lays it out.
fn assert_clean(text: &str, what: &str) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("new.s75");
    std::fs::write(&path, text).unwrap();
    let output = run(&[
        "check",
        "--format",
        "short",
        "--deny-warnings",
        path.to_str().unwrap(),
    ]);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{what}:\n{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(output.stdout.is_empty(), "{what}: {:?}", output.stdout);
    // Written in the layout `concordat fmt` gives, whatever the options.
    assert_eq!(
        concordat::format::format_text(text).unwrap(),
        text,
        "{what}: not in the canonical layout"
    );
}

#[test]
fn every_kind_checks_clean_with_its_defaults() {
    for kind in KINDS {
        let text = new(&[kind]);
        assert!(text.contains("FILL IN"), "{kind}");
        assert!(!text.contains("{{"), "{kind}: a placeholder left");
        assert!(text.contains("term 2025/26 to 2026/27"), "{kind}");
        assert!(
            text.contains(" icb") || text.contains("foundation_trust"),
            "{kind}"
        );
        assert!(!text.contains(" ccg"), "{kind}: CCGs ended in June 2022");
        assert_clean(&text, kind);
    }
}

#[test]
fn every_kind_checks_clean_with_other_options() {
    let cases: [&[&str]; 5] = [
        &["--years", "1"],
        &["--from", "2023/24", "--years", "3"],
        &["--from", "2030/31", "--years", "10"],
        &[
            "--id",
            "rutland_2025",
            "--title",
            "Rutland \"Better\" Care \\ Fund",
        ],
        &["--id", "pool", "--title", "Café — Better Care Fund"],
    ];
    for kind in KINDS {
        for case in cases {
            let mut args = vec![kind];
            args.extend_from_slice(case);
            let text = new(&args);
            assert_clean(&text, &format!("{args:?}"));
        }
    }
}

#[test]
fn options_are_written_in() {
    let text = new(&[
        "bcf",
        "--id",
        "rutland_bcf",
        "--title",
        "Rutland Better Care Fund",
        "--from",
        "2026/27",
        "--years",
        "3",
    ]);
    assert!(text.contains("agreement rutland_bcf \"Rutland Better Care Fund\" {"));
    assert!(text.contains("term 2026/27 to 2028/29"));
    assert!(text.contains("baseline 100 in 2025/26"));
    for year in ["2026/27", "2027/28", "2028/29"] {
        assert!(text.contains(&format!("contributions {year} {{")), "{year}");
        assert!(text.contains(&format!("      {year} £1m\n")), "{year}");
    }
    let one = new(&["public-health", "--years", "1"]);
    assert!(
        one.contains("\"Public health pooled budget 2025/26\""),
        "{one}"
    );
    assert!(one.contains("term 2025/26 to 2025/26"));
}

#[test]
fn output_is_the_same_each_run() {
    for kind in KINDS {
        assert_eq!(new(&[kind]), new(&[kind]), "{kind}");
    }
}

#[test]
fn output_file_holds_what_standard_output_shows() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bcf.s75");
    let output = run(&["new", "bcf", "-o", path.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0));
    assert!(output.stdout.is_empty());
    assert_eq!(std::fs::read_to_string(&path).unwrap(), new(&["bcf"]));
    let output = run(&["check", path.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0));
}

#[test]
fn options_that_cannot_be_written_are_refused() {
    let cases: [(&[&str], &str); 9] = [
        (&["--id", "rutland-bcf"], "E0945"),
        (&["--id", "2025"], "E0945"),
        (&["--id", ""], "E0945"),
        (&["--id", "a b"], "E0945"),
        (&["--title", "two\nlines"], "E0946"),
        (&["--title", "   "], "E0946"),
        (&["--title", "a\u{202E}b"], "E0946"),
        (&["--from", "2021/22"], "E0947"),
        (&["--years", "11"], "E0947"),
    ];
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("never.s75");
    for (options, code) in cases {
        let mut args = vec!["new", "bcf", "-o", path.to_str().unwrap()];
        args.extend_from_slice(options);
        let output = run(&args);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{options:?}: {stderr}");
        assert!(stderr.contains(code), "{options:?}: {stderr}");
        assert!(output.stdout.is_empty(), "{options:?}");
        assert!(!path.exists(), "{options:?}: a file was written");
    }
    let output = run(&["new", "bcf", "--id", "rutland-bcf"]);
    assert!(String::from_utf8_lossy(&output.stderr).contains("write it as `rutland_bcf`"));
}

#[test]
fn an_unknown_kind_lists_the_kinds() {
    let output = run(&["new", "care-trust"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2));
    for kind in KINDS {
        assert!(stderr.contains(kind), "{stderr}");
    }
    let output = run(&["new", "bcf", "--from", "2025/27"]);
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn the_bcf_template_as_written() {
    insta::assert_snapshot!(new(&["bcf"]));
}
