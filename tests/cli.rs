//! The command line as a user runs it: exit codes, formats, errors about
//! paths, and the explanations of codes.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "tests and benchmarks fail loudly by design"
)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn concordat(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_concordat"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1")
        // Run on a GitHub runner, `--format github` would add to its job summary.
        .env_remove("GITHUB_STEP_SUMMARY")
        .output()
        .unwrap()
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

/// A fresh empty folder under the target directory.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn shipped_agreements_check_clean_with_exit_0() {
    let output = concordat(&["check", "agreements"]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    assert!(stdout(&output).ends_with("no problems found\n"));
}

#[test]
fn errors_exit_1_and_name_file_line_and_column() {
    let output = concordat(&["check", "tests/fixtures/errors/E0102_unknown_name.s75"]);
    assert_eq!(output.status.code(), Some(1));
    let text = stdout(&output);
    assert!(text.contains("E0102"), "{text}");
    assert!(
        text.contains("tests/fixtures/errors/E0102_unknown_name.s75:16:10"),
        "{text}"
    );
    assert!(text.contains("did you mean `council`?"), "{text}");
}

#[test]
fn a_missing_path_exits_2() {
    let output = concordat(&["check", "no/such/file.s75"]);
    assert_eq!(output.status.code(), Some(2));
    let text = stdout(&output);
    assert!(text.contains("E0901"), "{text}");
    assert!(
        text.contains("no/such/file.s75: cannot be read: no such file or folder"),
        "{text}"
    );
}

#[test]
fn a_folder_without_agreements_exits_2() {
    let dir = scratch("empty_folder");
    std::fs::write(dir.join("notes.txt"), "not an agreement").unwrap();
    let output = concordat(&["check", dir.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stdout(&output).contains("E0902"));
}

#[test]
fn findings_and_tool_failures_together_exit_2() {
    let output = concordat(&[
        "check",
        "tests/fixtures/errors/E0102_unknown_name.s75",
        "missing.s75",
    ]);
    assert_eq!(output.status.code(), Some(2));
    let text = stdout(&output);
    assert!(text.contains("E0102") && text.contains("E0901"), "{text}");
}

#[test]
fn a_file_over_the_size_limit_is_refused_unread() {
    let dir = scratch("too_large");
    let path = dir.join("huge.s75");
    let file = std::fs::File::create(&path).unwrap();
    // Sparse: no disk space is used.
    file.set_len(concordat::MAX_FILE_BYTES + 1).unwrap();
    drop(file);
    let output = concordat(&["check", path.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stdout(&output).contains("E0007"));
}

#[test]
fn folders_are_searched_recursively_in_a_stable_order() {
    let dir = scratch("nested");
    std::fs::create_dir_all(dir.join("b/inner")).unwrap();
    let bad = std::fs::read_to_string("tests/fixtures/errors/E0102_unknown_name.s75").unwrap();
    std::fs::write(dir.join("b/inner/z.s75"), &bad).unwrap();
    std::fs::write(dir.join("a.s75"), &bad).unwrap();
    std::fs::write(dir.join("b/ignored.txt"), "x").unwrap();
    let output = concordat(&["check", "--format", "json", dir.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["files_checked"], 2);
    let files: Vec<&str> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["file"].as_str().unwrap())
        .collect();
    assert!(
        files[0].ends_with("a.s75") && files[1].ends_with("b/inner/z.s75"),
        "{files:?}"
    );
}

#[test]
fn output_is_byte_identical_across_runs() {
    let first = concordat(&["check", "tests/fixtures/errors"]);
    let second = concordat(&["check", "tests/fixtures/errors"]);
    assert_eq!(first.stdout, second.stdout);
    assert_eq!(first.status.code(), Some(1));
}

#[test]
fn explain_prints_the_registry_text() {
    let output = concordat(&["explain", "e0301"]);
    assert_eq!(output.status.code(), Some(0));
    let text = stdout(&output);
    assert!(
        text.starts_with("E0301 (error): a year of the term has no contributions"),
        "{text}"
    );
    assert!(text.contains("regulation 7(3)(b)"));
    let all = stdout(&concordat(&["explain"]));
    assert_eq!(all.lines().count(), concordat::diagnostics::Code::ALL.len());
    let unknown = concordat(&["explain", "E9999"]);
    assert_eq!(unknown.status.code(), Some(2));
}

#[test]
fn help_shows_examples_and_exit_codes() {
    let text = stdout(&concordat(&["check", "--help"]));
    assert!(text.contains("concordat check agreements/"), "{text}");
    assert!(text.contains("Exit codes"), "{text}");
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(concordat(&["check"]).status.code(), Some(2));
    assert_eq!(
        concordat(&["check", "--format", "xml", "agreements"])
            .status
            .code(),
        Some(2)
    );
    assert_eq!(concordat(&["frobnicate"]).status.code(), Some(2));
}

#[test]
fn the_model_of_a_clean_agreement_is_printed_as_json_and_yaml() {
    let output = concordat(&["model", "tests/fixtures/valid/small.s75"]);
    assert_eq!(output.status.code(), Some(0));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["format_version"], 1);
    let pool = &json["agreements"][0]["pools"][0];
    assert_eq!(pool["host"], "council");
    assert_eq!(
        pool["contributions"][0]["entries"][1]["amount"],
        "2000000.00"
    );
    let yaml = stdout(&concordat(&[
        "model",
        "--format",
        "yaml",
        "tests/fixtures/valid/small.s75",
    ]));
    assert!(
        yaml.starts_with("format_version: 1\nagreements:\n"),
        "{yaml}"
    );
    assert!(yaml.contains("host: council"), "{yaml}");
    let broken = concordat(&["model", "tests/fixtures/errors/E0102_unknown_name.s75"]);
    assert_eq!(broken.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&broken.stderr).contains("E0102"));
}

#[test]
fn warnings_pass_unless_denied() {
    let fixture = "tests/fixtures/errors/W0409_no_reporting.s75";
    assert_eq!(concordat(&["check", fixture]).status.code(), Some(0));
    let denied = concordat(&["check", "--deny-warnings", "--format", "github", fixture]);
    assert_eq!(denied.status.code(), Some(1));
    assert!(stdout(&denied)
        .starts_with("::warning file=tests/fixtures/errors/W0409_no_reporting.s75,line="));
}

#[test]
fn graph_draws_and_exits_with_the_check() {
    let clean = concordat(&[
        "graph",
        "--format",
        "mermaid",
        "agreements/birmingham_ld_mh.s75",
    ]);
    assert_eq!(clean.status.code(), Some(0));
    assert!(stdout(&clean).starts_with("flowchart LR\n"));
    let problem = concordat(&[
        "graph",
        "tests/fixtures/errors/E0210_accountability_loop.s75",
    ]);
    assert_eq!(problem.status.code(), Some(1));
    assert!(stdout(&problem).starts_with("digraph \"Example pooled budget\" {"));
    assert!(String::from_utf8_lossy(&problem.stderr).contains("E0210"));
    let missing = concordat(&["graph", "no/such/file.s75"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(stdout(&missing).is_empty());
}

#[test]
fn assess_exit_codes() {
    let bcf = [
        "assess",
        "agreements/lancashire_bcf.s75",
        "--returns",
        "agreements/returns/lancashire_bcf.csv",
    ];
    let output = concordat(&bcf);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    assert!(stdout(&output).contains("Underperforming: 1 owner"));
    let mut failing = bcf.to_vec();
    failing.extend(["--fail-on", "underperformance"]);
    assert_eq!(concordat(&failing).status.code(), Some(3));
    let mut missing = bcf.to_vec();
    missing.extend(["--fail-on", "missing-returns", "--format", "json"]);
    let output = concordat(&missing);
    assert_eq!(output.status.code(), Some(3));
    let json: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(json["assessment"]["missing_returns"][0]["owner"], "wl");
    let mut early = bcf.to_vec();
    early.extend(["--as-of", "2017/18 Q2", "--fail-on", "underperformance"]);
    assert_eq!(
        concordat(&early).status.code(),
        Some(0),
        "nothing missed by then"
    );
    let bad = concordat(&[
        "assess",
        "tests/fixtures/returns/agreement.s75",
        "--returns",
        "tests/fixtures/returns/E0609_duplicate_row.csv",
    ]);
    assert_eq!(bad.status.code(), Some(1));
    assert!(
        stdout(&bad).contains("E0609_duplicate_row.csv:3:1"),
        "{}",
        stdout(&bad)
    );
    let mut outside = bcf.to_vec();
    outside.extend(["--as-of", "2030/31"]);
    assert_eq!(concordat(&outside).status.code(), Some(2));
    let mut unreadable = bcf.to_vec();
    unreadable.extend(["--as-of", "2018/19 Q7"]);
    assert_eq!(concordat(&unreadable).status.code(), Some(2));
    let help = concordat(&["assess", "--help"]);
    assert!(stdout(&help).contains("3  assessed, and --fail-on"));
}

#[test]
fn summary_with_returns_and_its_errors() {
    let output = concordat(&[
        "summary",
        "agreements/lancashire_bcf.s75",
        "--returns",
        "agreements/returns/lancashire_bcf.csv",
        "--as-of",
        "2018/19 Q2",
    ]);
    assert_eq!(output.status.code(), Some(0));
    assert!(stdout(&output).contains("## Performance as of 2018/19 Q2"));
    let bad = concordat(&[
        "summary",
        "tests/fixtures/returns/agreement.s75",
        "--returns",
        "tests/fixtures/returns/E0609_duplicate_row.csv",
    ]);
    assert_eq!(bad.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("E0609"));
    // `--as-of` means nothing without returns: a usage error.
    let usage = concordat(&[
        "summary",
        "agreements/lancashire_bcf.s75",
        "--as-of",
        "2018/19",
    ]);
    assert_eq!(usage.status.code(), Some(2));
}

#[test]
fn a_missing_statutory_content_fails_when_warnings_are_denied() {
    let fixture = "tests/fixtures/errors/W0115_contents_missing.s75";
    assert_eq!(concordat(&["check", fixture]).status.code(), Some(0));
    let denied = concordat(&["check", "--deny-warnings", fixture]);
    assert_eq!(denied.status.code(), Some(1));
    assert!(stdout(&denied).contains("W0115"), "{}", stdout(&denied));
}
