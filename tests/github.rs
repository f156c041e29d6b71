//! At home in CI: GitHub annotations within GitHub's limits, the job
//! summary, the composite action's script run as a runner runs it, the
//! pre-commit hook, and `--format short` through the binary.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "tests and benchmarks fail loudly by design"
)]

use std::path::Path;
use std::process::{Command, Output};

use concordat::diagnostics::github::{github, job_summary, ANNOTATIONS_PER_SEVERITY};
use concordat::diagnostics::{Code, Diagnostic};
use concordat::source::{FileId, SourceFile, Span};

const BIN: &str = env!("CARGO_BIN_EXE_concordat");
const SEVERAL: &str = "tests/fixtures/errors/several_problems.s75";

/// `concordat ARGS` in the crate's folder, with `GITHUB_STEP_SUMMARY` set to
/// `summary` (or unset).
fn concordat(args: &[&str], summary: Option<&Path>) -> Output {
    let mut command = Command::new(BIN);
    command
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1")
        .env_remove("GITHUB_STEP_SUMMARY");
    if let Some(summary) = summary {
        command.env("GITHUB_STEP_SUMMARY", summary);
    }
    command.output().unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).unwrap()
}

/// A file of 40 lines and `errors` errors and `warnings` warnings on it,
/// one a line, interleaved as a sorted report would have them.
fn many(errors: usize, warnings: usize) -> (Vec<SourceFile>, Vec<Diagnostic>) {
    let text: String = (0..40).map(|i| format!("line {i:02}\n")).collect();
    let file = SourceFile::new(FileId(0), "many.s75", &text);
    let mut diagnostics = Vec::new();
    let (mut e, mut w) = (0, 0);
    for line in 0..errors + warnings {
        let span = Span::new(file.id, line * 8, line * 8 + 4);
        let warning = w < warnings && (line % 2 == 1 || e == errors);
        diagnostics.push(if warning {
            w += 1;
            Diagnostic::new(
                Code::PartnerWithoutSeat,
                span,
                format!("warning on {line} | a"),
            )
        } else {
            e += 1;
            Diagnostic::new(Code::UnknownName, span, format!("error on {line} | a"))
        });
    }
    (vec![file], diagnostics)
}

#[test]
fn annotations_stay_within_githubs_limits_errors_first() {
    let (files, diagnostics) = many(15, 12);
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    assert_eq!((errors, diagnostics.len() - errors), (15, 12));
    let out = github(&files, &diagnostics);
    let lines: Vec<&str> = out.lines().collect();
    let errors: Vec<&&str> = lines.iter().filter(|l| l.starts_with("::error ")).collect();
    let warnings: Vec<&&str> = lines
        .iter()
        .filter(|l| l.starts_with("::warning "))
        .collect();
    let notices: Vec<&&str> = lines
        .iter()
        .filter(|l| l.starts_with("::notice "))
        .collect();
    assert_eq!(errors.len(), ANNOTATIONS_PER_SEVERITY);
    assert_eq!(warnings.len(), ANNOTATIONS_PER_SEVERITY);
    assert_eq!(notices.len(), 1, "{out}");
    // Errors first, then warnings, then the notice.
    let first_warning = lines
        .iter()
        .position(|l| l.starts_with("::warning "))
        .unwrap();
    let last_error = lines
        .iter()
        .rposition(|l| l.starts_with("::error "))
        .unwrap();
    let notice = lines
        .iter()
        .position(|l| l.starts_with("::notice "))
        .unwrap();
    assert!(last_error < first_warning && first_warning < notice);
    assert!(
        notices[0].contains("5 errors and 2 warnings more"),
        "{}",
        notices[0]
    );
    // Those left out are listed in the log, each after `- `, errors first.
    let rest: Vec<&&str> = lines.iter().filter(|l| l.starts_with("- ")).collect();
    assert_eq!(rest.len(), 7, "{out}");
    assert!(rest[0].starts_with("- many.s75:") && rest[0].contains(": error[E0102] "));
    assert!(rest[6].contains(": warning[W0212] "), "{}", rest[6]);
    assert_eq!(
        lines.last().unwrap(),
        &"1 file checked: 15 errors, 12 warnings"
    );
    assert_eq!(lines.len(), 20 + 1 + 7 + 1);
}

#[test]
fn few_problems_are_all_annotations_without_a_notice() {
    let (files, diagnostics) = many(ANNOTATIONS_PER_SEVERITY, ANNOTATIONS_PER_SEVERITY);
    let out = github(&files, &diagnostics);
    assert_eq!(out.lines().filter(|l| l.starts_with("::")).count(), 20);
    assert!(!out.contains("::notice"));
}

#[test]
fn job_summary_is_a_markdown_table_of_every_problem() {
    let (files, diagnostics) = many(15, 12);
    let summary = job_summary("concordat check", &files, &diagnostics);
    let rows: Vec<&str> = summary
        .lines()
        .filter(|l| l.starts_with("| many"))
        .collect();
    assert_eq!(rows.len(), 27);
    // The `|` of a message is escaped, so each row has its four cells.
    for row in &rows {
        assert_eq!(row.matches(" | ").count(), 3, "{row}");
        assert!(row.contains("\\| a"), "{row}");
    }
    assert!(summary.starts_with("### concordat check\n\n1 file checked: 15 errors, 12 warnings\n"));
    assert!(summary.contains("| many.s75:1:1 | E0102 | error | error on 0 \\| a |"));
}

#[test]
fn job_summary_escapes_markdown_and_controls_in_names() {
    let file = SourceFile::new(FileId(0), "a|<b>*_.s75", "agreement x {}\n");
    let span = Span::new(file.id, 0, 1);
    let d = Diagnostic::new(Code::UnknownName, span, "`x` <img src=a> [l](u)\n\u{1b}[2J");
    let summary = job_summary("concordat check", &[file], &[d]);
    let row = summary.lines().find(|l| l.contains("E0102")).unwrap();
    assert_eq!(
        row,
        "| a\\|\\<b\\>\\*\\_.s75:1:1 | E0102 | error | \\`x\\` \\<img src=a\\> \\[l\\](u) \\\\u{1b}\\[2J |"
    );
}

#[test]
fn check_appends_a_job_summary_with_format_github() {
    let folder = tempfile::tempdir().unwrap();
    let summary = folder.path().join("summary.md");
    std::fs::write(&summary, "before\n").unwrap();
    let output = concordat(&["check", "--format", "github", SEVERAL], Some(&summary));
    assert_eq!(output.status.code(), Some(1));
    let written = std::fs::read_to_string(&summary).unwrap();
    assert!(
        written.starts_with("before\n### concordat check\n"),
        "{written}"
    );
    assert_eq!(
        written
            .lines()
            .filter(|l| l.starts_with("| tests/"))
            .count(),
        5
    );
    // Other formats leave the summary alone.
    let output = concordat(&["check", "--format", "short", SEVERAL], Some(&summary));
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(std::fs::read_to_string(&summary).unwrap(), written);
}

#[test]
fn assess_appends_the_flagged_partners() {
    let folder = tempfile::tempdir().unwrap();
    let summary = folder.path().join("summary.md");
    let output = concordat(
        &[
            "assess",
            "agreements/lancashire_bcf.s75",
            "--returns",
            "agreements/returns/lancashire_bcf.csv",
            "--format",
            "github",
        ],
        Some(&summary),
    );
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let written = std::fs::read_to_string(&summary).unwrap();
    insta::assert_snapshot!(written);
}

#[test]
fn a_job_summary_that_is_not_a_plain_file_is_refused() {
    let folder = tempfile::tempdir().unwrap();
    let output = concordat(
        &["check", "--format", "github", SEVERAL],
        Some(folder.path()),
    );
    assert_eq!(output.status.code(), Some(2));
    let stderr = text(&output.stderr);
    assert!(
        stderr.contains("E0920") && stderr.contains("a folder"),
        "{stderr}"
    );
    // The annotations were still written.
    assert!(text(&output.stdout).contains("::error "));
    #[cfg(unix)]
    {
        let target = folder.path().join("elsewhere.md");
        std::fs::write(&target, "kept\n").unwrap();
        let link = folder.path().join("summary.md");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        let output = concordat(&["check", "--format", "github", SEVERAL], Some(&link));
        assert_eq!(output.status.code(), Some(2));
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "kept\n");
    }
}

#[test]
fn short_format_through_the_binary_counts_on_standard_error() {
    let output = concordat(&["check", "--format", "short", SEVERAL], None);
    assert_eq!(output.status.code(), Some(1));
    let stdout = text(&output.stdout);
    assert_eq!(stdout.lines().count(), 5);
    assert!(stdout.starts_with(&format!("{SEVERAL}:9:11: warning[W0212] ")));
    assert_eq!(
        text(&output.stderr),
        "1 file checked: 3 errors, 2 warnings\n"
    );
    let clean = concordat(&["check", "--format", "short", "agreements"], None);
    assert_eq!(clean.status.code(), Some(0));
    assert!(clean.stdout.is_empty());
}

/// The action's script, run as the composite action runs it, against the
/// binary built for the tests (nothing is installed).
#[cfg(unix)]
#[test]
fn the_actions_script_checks_assesses_and_writes_its_outputs() {
    let folder = tempfile::tempdir().unwrap();
    let summary = folder.path().join("summary.md");
    let outputs = folder.path().join("outputs.txt");
    let run = |paths: &str, deny_warnings: &str, returns: &str| {
        let _ = std::fs::remove_file(&summary);
        let _ = std::fs::remove_file(&outputs);
        Command::new("bash")
            .arg(".github/action/run.sh")
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .env("CONCORDAT_BIN", BIN)
            .env("CONCORDAT_PATHS", paths)
            .env("CONCORDAT_DENY_WARNINGS", deny_warnings)
            .env("CONCORDAT_AGREEMENT", "agreements/lancashire_bcf.s75")
            .env("CONCORDAT_RETURNS", returns)
            .env("CONCORDAT_AS_OF", "2018/19 Q2")
            .env_remove("CONCORDAT_FORMAT")
            .env("GITHUB_STEP_SUMMARY", &summary)
            .env("GITHUB_OUTPUT", &outputs)
            .output()
            .unwrap()
    };
    // Problems: check fails, the assessment still runs, both are summarised.
    let output = run(
        &format!("{SEVERAL}\n\n  agreements/lancashire_bcf.s75  \n"),
        "false",
        "agreements/returns/lancashire_bcf.csv\n",
    );
    assert_eq!(output.status.code(), Some(1), "{}", text(&output.stderr));
    assert_eq!(
        std::fs::read_to_string(&outputs).unwrap(),
        "check-exit-code=1\nassess-exit-code=0\n"
    );
    let stdout = text(&output.stdout);
    assert_eq!(
        stdout.lines().filter(|l| l.starts_with("::error ")).count(),
        3
    );
    assert!(stdout.contains("2 files checked: 3 errors, 2 warnings"));
    let written = std::fs::read_to_string(&summary).unwrap();
    assert!(written.starts_with("### concordat check\n"), "{written}");
    assert!(
        written.contains("\n### concordat assess: lancashire\\_bcf"),
        "{written}"
    );
    assert!(written.contains("| dtoc | lcc (Lancashire County Council) | 4 | 2017/18 Q3 |"));

    // Clean agreements, no returns: exit 0, no assessment.
    let output = run("agreements", "true", "");
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stdout));
    assert_eq!(
        std::fs::read_to_string(&outputs).unwrap(),
        "check-exit-code=0\n"
    );

    // Warnings denied fail the check.
    let warnings = "tests/fixtures/errors/W0409_no_reporting.s75";
    assert_eq!(run(warnings, "true", "").status.code(), Some(1));
    assert_eq!(run(warnings, "false", "").status.code(), Some(0));
}

/// The composite action runs the script, passing every input through the
/// environment, and exposes its outputs.
#[test]
fn action_yml_runs_the_script_with_every_input() {
    let action: serde_yaml::Value =
        serde_yaml::from_str(&std::fs::read_to_string("action.yml").unwrap()).unwrap();
    assert_eq!(action["runs"]["using"], "composite");
    let steps = action["runs"]["steps"].as_sequence().unwrap();
    let run = steps.iter().find(|s| s["id"] == "run").unwrap();
    assert!(run["run"]
        .as_str()
        .unwrap()
        .contains("$GITHUB_ACTION_PATH/.github/action/run.sh"));
    let env = run["env"].as_mapping().unwrap();
    let inputs = action["inputs"].as_mapping().unwrap();
    for (name, _) in inputs {
        let name = name.as_str().unwrap();
        if name == "version" || name == "concordat" {
            continue;
        }
        let expression = format!("${{{{ inputs.{name} }}}}");
        assert!(
            env.iter()
                .any(|(_, value)| value.as_str() == Some(expression.as_str())),
            "input `{name}` is not passed to the script"
        );
    }
    for output in ["check-exit-code", "assess-exit-code"] {
        assert!(action["outputs"][output]["value"]
            .as_str()
            .unwrap()
            .contains(&format!("steps.run.outputs.{output}")));
    }
}

/// `.pre-commit-hooks.yaml` offers `concordat-check` on `*.s75` files, and
/// its entry, given file names as pre-commit gives them, runs the check.
#[test]
fn the_pre_commit_hook_runs_check_on_agreement_files() {
    let hooks: Vec<serde_yaml::Value> =
        serde_yaml::from_str(&std::fs::read_to_string(".pre-commit-hooks.yaml").unwrap()).unwrap();
    let hook = hooks.iter().find(|h| h["id"] == "concordat-check").unwrap();
    assert_eq!(hook["language"], "rust");
    assert_eq!(hook["pass_filenames"], true);
    let files = hook["files"].as_str().unwrap();
    assert_eq!(files, "\\.s75$");
    let entry: Vec<&str> = hook["entry"].as_str().unwrap().split_whitespace().collect();
    let (program, args) = entry.split_first().unwrap();
    assert_eq!(
        *program, "concordat",
        "pre-commit installs the crate's binary"
    );
    let run = |file: &str| {
        Command::new(BIN)
            .args(args)
            .arg(file)
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .env("NO_COLOR", "1")
            .env_remove("GITHUB_STEP_SUMMARY")
            .output()
            .unwrap()
            .status
            .code()
    };
    assert_eq!(run("agreements/lancashire_bcf.s75"), Some(0));
    assert_eq!(run(SEVERAL), Some(1));
}

/// `.pre-commit-hooks.yaml` offers `concordat-fmt` on `*.s75` files: its
/// entry lays out the files it is given in place, leaving a file already in
/// the layout untouched.
#[test]
fn the_pre_commit_hook_lays_out_agreement_files() {
    let hooks: Vec<serde_yaml::Value> =
        serde_yaml::from_str(&std::fs::read_to_string(".pre-commit-hooks.yaml").unwrap()).unwrap();
    let hook = hooks.iter().find(|h| h["id"] == "concordat-fmt").unwrap();
    assert_eq!(hook["language"], "rust");
    assert_eq!(hook["pass_filenames"], true);
    assert_eq!(hook["files"].as_str().unwrap(), "\\.s75$");
    let entry: Vec<&str> = hook["entry"].as_str().unwrap().split_whitespace().collect();
    let (program, args) = entry.split_first().unwrap();
    assert_eq!(*program, "concordat");
    let folder = tempfile::tempdir().unwrap();
    let shipped = std::fs::read_to_string("agreements/lancashire_bcf.s75").unwrap();
    let messy = folder.path().join("messy.s75");
    std::fs::write(&messy, shipped.replace("\n  ", "\n      ")).unwrap();
    let tidy = folder.path().join("tidy.s75");
    std::fs::write(&tidy, &shipped).unwrap();
    let status = Command::new(BIN)
        .args(args)
        .arg(&messy)
        .arg(&tidy)
        .env("NO_COLOR", "1")
        .env_remove("GITHUB_STEP_SUMMARY")
        .status()
        .unwrap();
    assert_eq!(status.code(), Some(0));
    assert_eq!(std::fs::read_to_string(&messy).unwrap(), shipped);
    assert_eq!(std::fs::read_to_string(&tidy).unwrap(), shipped);
}

/// A named pipe at `GITHUB_STEP_SUMMARY` is refused, not opened (opening
/// one to write could wait for a reader for ever).
#[cfg(unix)]
#[test]
fn a_named_pipe_as_job_summary_is_refused() {
    let folder = tempfile::tempdir().unwrap();
    let fifo = folder.path().join("summary.md");
    let made = Command::new("mkfifo").arg(&fifo).status();
    if !made.is_ok_and(|status| status.success()) {
        // No mkfifo on this system: nothing to test.
        return;
    }
    let output = concordat(&["check", "--format", "github", SEVERAL], Some(&fifo));
    assert_eq!(output.status.code(), Some(2));
    let stderr = text(&output.stderr);
    assert!(stderr.contains("a named pipe"), "{stderr}");
}

/// A job summary stops listing rows before GitHub's limit of 1 MiB a step,
/// and says how many it left out.
#[test]
fn a_job_summary_stays_under_githubs_limit() {
    let long = "x".repeat(50_000);
    let file = SourceFile::new(FileId(0), "a.s75", "agreement x {}\n");
    let diagnostics: Vec<Diagnostic> = (0..40)
        .map(|i| {
            Diagnostic::new(
                Code::UnknownName,
                Span::new(file.id, 0, 1),
                format!("{i} {long}"),
            )
        })
        .collect();
    let summary = job_summary("concordat check", &[file], &diagnostics);
    assert!(summary.len() <= concordat::diagnostics::github::JOB_SUMMARY_MAX_BYTES);
    let rows = summary.lines().filter(|l| l.starts_with("| a.s75")).count();
    assert!(rows > 10 && rows < 40, "{rows}");
    let note = format!("\n{} more problems not listed: ", 40 - rows);
    assert!(summary.contains(&note), "{note}");
}
