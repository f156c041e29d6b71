//! The project configuration, `concordat.toml`, as a user meets it: found
//! from the checked path upward or given with `--config`, each key's effect
//! on `check` and `assess`, and its own problems (E0930 to E0932) reported
//! where they are, with nothing checked.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "tests fail loudly by design"
)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

fn concordat(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_concordat"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

/// A project with a warning (W0212) in `agreements/legacy/old.s75` and in
/// `agreements/current/new.s75`, a clean agreement in
/// `agreements/bcf/lancashire_bcf.s75` with its return, and `config` (if
/// any) as its `concordat.toml`.
fn project(name: &str, config: Option<&str>) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("config")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    let warning = Path::new(ROOT).join("tests/fixtures/errors/W0212_partner_without_seat.s75");
    for (folder, file) in [("legacy", "old.s75"), ("current", "new.s75")] {
        let folder = dir.join("agreements").join(folder);
        std::fs::create_dir_all(&folder).unwrap();
        std::fs::copy(&warning, folder.join(file)).unwrap();
    }
    let bcf = dir.join("agreements/bcf");
    std::fs::create_dir_all(&bcf).unwrap();
    std::fs::copy(
        Path::new(ROOT).join("agreements/lancashire_bcf.s75"),
        bcf.join("lancashire_bcf.s75"),
    )
    .unwrap();
    std::fs::copy(
        Path::new(ROOT).join("agreements/returns/lancashire_bcf.csv"),
        bcf.join("lancashire_bcf.csv"),
    )
    .unwrap();
    if let Some(config) = config {
        std::fs::write(dir.join("concordat.toml"), config).unwrap();
    }
    dir
}

#[test]
fn without_a_configuration_warnings_pass() {
    let dir = project("none", None);
    let output = concordat(&dir, &["check", "agreements"]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    assert!(stdout(&output).ends_with("3 files checked: 2 warnings\n"));
}

#[test]
fn deny_warnings_fails_on_a_warning() {
    let dir = project("deny_warnings", Some("deny_warnings = true\n"));
    let output = concordat(&dir, &["check", "agreements"]);
    assert_eq!(output.status.code(), Some(1), "{}", stdout(&output));
    let output = concordat(&dir, &["check", "agreements/bcf"]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
}

#[test]
fn the_configuration_is_found_from_a_file_far_below_it() {
    let dir = project("upward", Some("deny_warnings = true\n"));
    let output = concordat(&dir.join("agreements/current"), &["check", "new.s75"]);
    assert_eq!(output.status.code(), Some(1), "{}", stdout(&output));
    // The first found wins: a nearer file that says nothing.
    std::fs::write(dir.join("agreements/current/concordat.toml"), "").unwrap();
    let output = concordat(&dir.join("agreements/current"), &["check", "new.s75"]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
}

#[test]
fn a_configuration_given_is_used_instead() {
    let dir = project("given", Some("deny_warnings = true\n"));
    std::fs::write(dir.join("lenient.toml"), "format = \"plain\"\n").unwrap();
    let output = concordat(&dir, &["check", "--config", "lenient.toml", "agreements"]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    let text = stdout(&output);
    assert!(text.contains("Diagnostic severity: warning"), "{text}");
    let output = concordat(&dir, &["check", "--config", "missing.toml", "agreements"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stdout(&output).contains("E0901"), "{}", stdout(&output));
}

#[test]
fn rules_allow_and_deny_codes_by_path() {
    let config = r#"
[[rules]]
paths = ["agreements/legacy/**"]
allow = ["W0212"]

[[rules]]
paths = ["agreements/current/*.s75"]
deny = ["W0212"]
"#;
    let dir = project("rules", Some(config));
    let output = concordat(&dir, &["check", "--format", "json", "agreements"]);
    assert_eq!(output.status.code(), Some(1), "{}", stdout(&output));
    let report: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    let found: Vec<(&str, &str, &str)> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap(),
                d["severity"].as_str().unwrap(),
                d["file"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        found,
        [("W0212", "error", "agreements/current/new.s75")],
        "{report:#}"
    );
    // The same rules, with the agreements checked from inside their folder.
    let output = concordat(&dir.join("agreements/legacy"), &["check", "old.s75"]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    assert!(stdout(&output).ends_with("1 file checked: no problems found\n"));
}

#[test]
fn a_rule_without_paths_applies_everywhere() {
    let dir = project("everywhere", Some("[[rules]]\nallow = [\"W0212\"]\n"));
    let output = concordat(&dir, &["check", "agreements"]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    assert!(stdout(&output).ends_with("3 files checked: no problems found\n"));
}

#[test]
fn excluded_treatments_add_to_the_warning() {
    // A project's words join those that suggest an excluded treatment
    // (W0224): an NHS function with no category whose name holds one is
    // asked for its category; a council function (telecare) never is.
    let dir = project(
        "excluded",
        Some("excluded_treatments = [\"Telecare\", \"step-up\"]\n"),
    );
    let output = concordat(&dir, &["check", "agreements/bcf"]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    let text = stdout(&output);
    assert_eq!(
        text.matches("one of the project's excluded treatments")
            .count(),
        1,
        "{text}"
    );
    assert!(text.contains("W0224"), "{text}");
    assert!(text.contains("`intermediate_care`"), "{text}");
    assert!(!text.contains("`telecare`"), "{text}");
    assert!(text.contains("excluded_treatments"), "{text}");
    let denied = concordat(&dir, &["check", "--deny-warnings", "agreements/bcf"]);
    assert_eq!(denied.status.code(), Some(1), "{}", stdout(&denied));
}

#[test]
fn the_default_format_comes_from_the_file_and_the_command_line_wins() {
    let dir = project(
        "format",
        Some("format = \"json\"\n[assess]\nformat = \"plain\"\n"),
    );
    let output = concordat(&dir, &["check", "agreements/bcf"]);
    assert!(stdout(&output).starts_with("{\n  \"format_version\""));
    let output = concordat(&dir, &["check", "--format", "human", "agreements/bcf"]);
    assert!(stdout(&output).ends_with("no problems found\n"));
    let returns = "agreements/bcf/lancashire_bcf.csv";
    let agreement = "agreements/bcf/lancashire_bcf.s75";
    let output = concordat(&dir, &["assess", agreement, "--returns", returns]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    let text = stdout(&output);
    assert!(text.starts_with("Assessment of `lancashire_bcf`"), "{text}");
    assert!(!text.contains('•'), "plain, not human: {text}");
    let output = concordat(
        &dir,
        &[
            "assess",
            agreement,
            "--returns",
            returns,
            "--format",
            "json",
        ],
    );
    assert!(stdout(&output).starts_with("{\n  \"format_version\""));
}

#[test]
fn an_unknown_key_is_an_error_with_a_suggestion_and_its_place() {
    let dir = project("unknown", Some("# the project\ndeny_warning = true\n"));
    let output = concordat(&dir, &["check", "agreements"]);
    assert_eq!(output.status.code(), Some(2), "{}", stdout(&output));
    let text = stdout(&output);
    assert!(text.contains("E0931"), "{text}");
    assert!(text.contains("concordat.toml:2:1"), "{text}");
    assert!(text.contains("did you mean `deny_warnings`?"), "{text}");
    assert!(!text.contains("W0212"), "nothing is checked: {text}");
}

#[test]
fn a_bad_value_is_an_error_at_its_place() {
    let dir = project(
        "bad_value",
        Some("deny_warnings = true\n[[rules]]\nallow = [\"W0212\", \"E0206\"]\n"),
    );
    let output = concordat(&dir, &["check", "--format", "json", "agreements"]);
    assert_eq!(output.status.code(), Some(2), "{}", stdout(&output));
    let report: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    let diagnostics = report["diagnostics"].as_array().unwrap();
    assert_eq!(diagnostics.len(), 1, "{report:#}");
    let d = &diagnostics[0];
    assert_eq!(d["code"], "E0932");
    assert_eq!(d["file"], "concordat.toml");
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(3), Some(19))
    );
    // The assessment is not made either.
    let output = concordat(
        &dir,
        &[
            "assess",
            "agreements/bcf/lancashire_bcf.s75",
            "--returns",
            "agreements/bcf/lancashire_bcf.csv",
        ],
    );
    assert_eq!(output.status.code(), Some(2), "{}", stdout(&output));
    assert!(stdout(&output).contains("E0932"));
}

#[test]
fn toml_that_does_not_parse_is_an_error() {
    let dir = project("syntax", Some("format = \"json\ndeny_warnings = true\n"));
    let output = concordat(&dir, &["check", "agreements"]);
    assert_eq!(output.status.code(), Some(2), "{}", stdout(&output));
    let text = stdout(&output);
    assert!(text.contains("E0930"), "{text}");
    assert!(text.contains("concordat.toml:1:"), "{text}");
}

#[test]
fn each_path_has_its_own_configuration() {
    let strict = project("each_strict", Some("[[rules]]\ndeny = [\"W0212\"]\n"));
    let lenient = project("each_lenient", Some("[[rules]]\nallow = [\"W0212\"]\n"));
    let parent = strict.parent().unwrap();
    let output = concordat(
        parent,
        &[
            "check",
            "--format",
            "json",
            "each_strict/agreements/current",
            "each_lenient/agreements",
        ],
    );
    assert_eq!(output.status.code(), Some(1), "{}", stdout(&output));
    let report: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    let found: Vec<(&str, &str)> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["severity"].as_str().unwrap(), d["file"].as_str().unwrap()))
        .collect();
    assert_eq!(found, [("error", "each_strict/agreements/current/new.s75")]);
    assert!(lenient.join("concordat.toml").is_file());
}

#[test]
fn a_folder_is_not_a_configuration() {
    let dir = project("folder", None);
    let output = concordat(&dir, &["check", "--config", "agreements", "agreements"]);
    assert_eq!(output.status.code(), Some(2), "{}", stdout(&output));
    assert!(stdout(&output).contains("E0904"), "{}", stdout(&output));
}
