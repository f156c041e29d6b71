//! The conventions of the command line, through the binary: `--color`,
//! `--quiet` and `-o` on every subcommand, `-` for standard input,
//! completions, the manual page and `--version`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "tests and benchmarks fail loudly by design"
)]

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

const AGREEMENT: &str = "agreements/lancashire_bcf.s75";
const RETURNS: &str = "agreements/returns/lancashire_bcf.csv";

/// Runs the binary in the package's folder with `env` set (and NO_COLOR
/// and TERM cleared unless set there), `input` on its standard input.
fn run(args: &[&str], env: &[(&str, &str)], input: Option<&[u8]>) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_concordat"));
    command
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("NO_COLOR")
        .env_remove("TERM")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (name, value) in env {
        command.env(name, value);
    }
    let mut child = command.spawn().unwrap();
    let mut stdin = child.stdin.take().unwrap();
    if let Some(input) = input {
        // A command that stops reading early may close the pipe first.
        let _ = stdin.write_all(input);
    }
    drop(stdin);
    child.wait_with_output().unwrap()
}

fn concordat(args: &[&str]) -> Output {
    run(args, &[], None)
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).unwrap()
}

fn scratch() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

const ESC: char = '\u{1b}';

#[test]
fn version_names_the_language_and_the_commit_when_known() {
    let output = concordat(&["--version"]);
    assert!(output.status.success());
    let text = stdout(&output);
    let expected = format!(
        "concordat {} (language {}",
        env!("CARGO_PKG_VERSION"),
        concordat::syntax::LANGUAGE_VERSION
    );
    assert!(text.starts_with(&expected), "{text}");
    match concordat::shell::COMMIT {
        Some(commit) => assert!(text.contains(&format!(", commit {commit})")), "{text}"),
        None => assert!(text.ends_with(")\n"), "{text}"),
    }
    assert_eq!(text.lines().count(), 1);
}

#[test]
fn colour_is_chosen_by_flag_and_environment_never_into_a_pipe() {
    let bad = "tests/fixtures/errors/E0005_no_agreement.s75";
    // Standard output is a pipe here: `auto` means no colour.
    let auto = run(&["check", bad], &[("TERM", "xterm")], None);
    assert!(!stdout(&auto).contains(ESC));
    // `always` colours, whatever NO_COLOR and TERM say; on every subcommand.
    let always = run(
        &["check", "--color", "always", bad],
        &[("NO_COLOR", "1"), ("TERM", "dumb")],
        None,
    );
    assert!(stdout(&always).contains(ESC), "{}", stdout(&always));
    assert_eq!(always.status.code(), Some(1));
    let graph = run(&["--color", "always", "graph", bad], &[], None);
    assert!(stderr(&graph).contains(ESC), "{}", stderr(&graph));
    let never = run(&["graph", "--color", "never", bad], &[], None);
    assert!(!stderr(&never).contains(ESC));
    // A bad value is refused by name.
    let wrong = concordat(&["check", "--color", "sometimes", AGREEMENT]);
    assert_eq!(wrong.status.code(), Some(2));
}

#[test]
fn quiet_prints_nothing_on_success_and_problems_on_failure() {
    let clean = concordat(&["check", "--quiet", AGREEMENT]);
    assert_eq!(clean.status.code(), Some(0));
    assert_eq!(stdout(&clean), "");
    assert_eq!(stderr(&clean), "");
    let loud = concordat(&["check", AGREEMENT]);
    assert!(stdout(&loud).contains("1 file checked"));

    let folder = scratch();
    let bad = folder.path().join("bad.s75");
    std::fs::write(&bad, "agreement x {\n").unwrap();
    let bad = bad.to_str().unwrap();
    let failed = concordat(&["-q", "check", bad]);
    assert_eq!(failed.status.code(), Some(1));
    let text = stdout(&failed);
    assert!(text.contains("E0006"), "{text}");
    assert!(!text.contains("file checked"), "{text}");

    let assessed = concordat(&["assess", "--quiet", AGREEMENT, "--returns", RETURNS]);
    assert_eq!(assessed.status.code(), Some(0));
    assert_eq!(stdout(&assessed), "");
    let flagged = concordat(&[
        "assess",
        "--quiet",
        AGREEMENT,
        "--returns",
        RETURNS,
        "--fail-on",
        "underperformance",
    ]);
    assert_eq!(flagged.status.code(), Some(3));
    assert!(stdout(&flagged).contains("Underperforming"));
}

#[test]
fn output_files_are_written_by_every_subcommand_that_prints() {
    let folder = scratch();
    let cases: &[(&str, &[&str])] = &[
        ("check.json", &["check", "--format", "json", AGREEMENT]),
        ("assess.txt", &["assess", AGREEMENT, "--returns", RETURNS]),
        ("graph.dot", &["graph", AGREEMENT]),
        ("model.json", &["model", AGREEMENT]),
        ("summary.md", &["summary", AGREEMENT]),
        ("explain.txt", &["explain", "E0301"]),
        ("man.1", &["man"]),
        ("concordat.bash", &["completions", "bash"]),
    ];
    for (name, args) in cases {
        let printed = concordat(args);
        let path = folder.path().join(name);
        let mut with_file: Vec<&str> = args.to_vec();
        with_file.extend(["-o", path.to_str().unwrap()]);
        let written = concordat(&with_file);
        assert_eq!(written.status.code(), printed.status.code(), "{name}");
        assert_eq!(stdout(&written), "", "{name}");
        assert_eq!(
            std::fs::read(&path).unwrap(),
            printed.stdout,
            "{name}: the file holds what would have been printed"
        );
    }
    // A folder that does not exist: E0920, exit 2, nothing left behind.
    let missing = folder.path().join("no/such/folder/out.json");
    let failed = concordat(&["model", AGREEMENT, "-o", missing.to_str().unwrap()]);
    assert_eq!(failed.status.code(), Some(2));
    assert!(stderr(&failed).contains("E0920"), "{}", stderr(&failed));
}

#[test]
fn standard_input_stands_for_an_agreement() {
    let text = std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join(AGREEMENT)).unwrap();
    for args in [
        &["check", "-"][..],
        &["model", "-"],
        &["graph", "-"],
        &["summary", "-"],
    ] {
        let from_file: Vec<&str> = args
            .iter()
            .map(|a| if *a == "-" { AGREEMENT } else { a })
            .collect();
        let piped = run(args, &[], Some(&text));
        let named = concordat(&from_file);
        assert_eq!(piped.status.code(), named.status.code(), "{args:?}");
        if args[0] == "check" {
            assert_eq!(stdout(&piped), stdout(&named));
        } else {
            let same = |text: String| {
                text.replace(AGREEMENT, "-")
                    .replace("the agreement file agreements/lancashire\\_bcf.s75", "-")
                    .replace("the agreement read from standard input", "-")
            };
            assert!(
                same(stdout(&piped)) == same(stdout(&named)),
                "{args:?} differs from standard input"
            );
        }
    }
    let summary = run(&["summary", "-"], &[], Some(&text));
    // The appendix for analysts says where the agreement came from.
    assert!(stdout(&summary).contains("line given of the agreement read from standard input"));
    // Problems name `-` as the file.
    let bad = run(&["check", "-"], &[], Some(b"agreement x {\n"));
    assert_eq!(bad.status.code(), Some(1));
    assert!(stdout(&bad).contains("-:"), "{}", stdout(&bad));
    let assessed = run(&["assess", "-", "--returns", RETURNS], &[], Some(&text));
    assert_eq!(assessed.status.code(), Some(0), "{}", stdout(&assessed));
}

#[test]
fn standard_input_stands_for_a_return_told_or_sniffed() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let csv = std::fs::read(root.join(RETURNS)).unwrap();
    let reference = concordat(&[
        "assess",
        AGREEMENT,
        "--returns",
        RETURNS,
        "--format",
        "json",
    ]);
    let reference = stdout(&reference).replace(RETURNS, "-");
    for args in [
        &["assess", AGREEMENT, "--returns", "-", "--format", "json"][..],
        &[
            "assess",
            AGREEMENT,
            "--returns",
            "-",
            "--returns-format",
            "csv",
            "--format",
            "json",
        ],
    ] {
        let piped = run(args, &[], Some(&csv));
        assert_eq!(piped.status.code(), Some(0), "{}", stdout(&piped));
        assert_eq!(stdout(&piped), reference);
    }
    // YAML and a workbook are told from their first bytes.
    for (agreement, returns) in [
        (
            "agreements/blackburn_care_trust_plus.s75",
            "agreements/returns/blackburn_care_trust_plus.yaml",
        ),
        (
            "agreements/health_and_care_single_budget.s75",
            "agreements/returns/health_and_care_single_budget.xlsx",
        ),
    ] {
        let bytes = std::fs::read(root.join(returns)).unwrap();
        let named = concordat(&[
            "assess",
            agreement,
            "--returns",
            returns,
            "--format",
            "json",
        ]);
        let piped = run(
            &["assess", agreement, "--returns", "-", "--format", "json"],
            &[],
            Some(&bytes),
        );
        assert_eq!(piped.status.code(), named.status.code(), "{returns}");
        assert_eq!(
            stdout(&piped),
            stdout(&named).replace(returns, "-"),
            "{returns}"
        );
    }
    // Told wrong: the CSV read as YAML is a malformed return, not a crash.
    let wrong = run(
        &[
            "assess",
            AGREEMENT,
            "--returns",
            "-",
            "--returns-format",
            "yaml",
        ],
        &[],
        Some(&csv),
    );
    assert_eq!(wrong.status.code(), Some(1), "{}", stdout(&wrong));
    // The summary reads a return from standard input too.
    let summary = run(&["summary", AGREEMENT, "--returns", "-"], &[], Some(&csv));
    assert_eq!(summary.status.code(), Some(0), "{}", stderr(&summary));
}

#[test]
fn standard_input_named_twice_is_refused() {
    let text = std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join(AGREEMENT)).unwrap();
    for args in [
        &["assess", "-", "--returns", "-"][..],
        &["assess", AGREEMENT, "--returns", "-", "-"],
        &["summary", "-", "--returns", "-"],
    ] {
        let output = run(args, &[], Some(&text));
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        let all = stdout(&output) + &stderr(&output);
        assert!(all.contains("E0940"), "{args:?}: {all}");
    }
}

#[test]
fn standard_input_past_the_limit_is_refused_without_reading_on() {
    // Not 512 MiB through a pipe: the limit itself is tested on the copy
    // (`files::stdin`); here an empty input is an empty file.
    let empty = run(&["check", "-"], &[], Some(b""));
    assert_eq!(empty.status.code(), Some(1));
    assert!(stdout(&empty).contains("E0005"), "{}", stdout(&empty));
}

#[test]
fn completions_for_each_shell_and_a_manual_page() {
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let output = concordat(&["completions", shell]);
        assert!(output.status.success(), "{shell}");
        let script = stdout(&output);
        assert!(script.contains("concordat"), "{shell}");
        assert!(script.contains("assess"), "{shell}");
        assert!(script.contains("sheet"), "{shell}");
    }
    let unknown = concordat(&["completions", "tcsh"]);
    assert_eq!(unknown.status.code(), Some(2));
    let man = concordat(&["man"]);
    assert!(man.status.success());
    let page = stdout(&man);
    assert!(page.starts_with(".ie"), "{page}");
    assert!(page.contains(".TH concordat 1"), "{page}");
    for sub in [
        "concordat\\-check",
        "concordat\\-assess",
        "concordat\\-summary",
    ] {
        assert!(page.contains(sub), "{sub}");
    }
    // Deterministic.
    assert_eq!(stdout(&concordat(&["man"])), page);
}

#[test]
fn no_copy_of_standard_input_is_left_behind() {
    let folder = scratch();
    let text = std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join(AGREEMENT)).unwrap();
    let output = run(
        &["check", "-"],
        &[("TMPDIR", folder.path().to_str().unwrap())],
        Some(&text),
    );
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(std::fs::read_dir(folder.path()).unwrap().count(), 0);
}
