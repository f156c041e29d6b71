//! `concordat test`: the scenarios of the shipped agreements pass; failing
//! scenarios print expected against found at the place of each
//! expectation (snapshots); bad scenario files are diagnostics with their
//! codes and exit 2.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "tests fail loudly by design"
)]

use std::path::Path;
use std::process::Command;

/// Runs the binary in the crate's folder (where the fixtures' paths
/// start): exit code, standard output, standard error.
fn concordat(args: &[&str]) -> (i32, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_concordat"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("NO_COLOR")
        .output()
        .unwrap();
    (
        output.status.code().unwrap(),
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
    )
}

fn relative(path: &Path) -> String {
    path.strip_prefix(env!("CARGO_MANIFEST_DIR"))
        .unwrap()
        .to_string_lossy()
        .into_owned()
}

#[test]
fn the_shipped_scenarios_pass() {
    let (code, out, err) = concordat(&["test", "agreements/"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(!out.contains("FAILED"), "{out}");
    // One file for each shipped agreement.
    let shipped = std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("agreements"))
        .unwrap()
        .filter_map(|e| {
            let name = e.unwrap().file_name().to_string_lossy().into_owned();
            name.strip_suffix(".s75").map(str::to_owned)
        })
        .collect::<Vec<_>>();
    assert_eq!(shipped.len(), 6);
    for name in shipped {
        assert!(
            out.contains(&format!("agreements/scenarios/{name}.scenario.yaml")),
            "no scenario for {name}: {out}"
        );
    }
    let last = out.lines().last().unwrap();
    assert!(last.ends_with("passed, 0 failed"), "{last}");
}

#[test]
fn failing_scenarios_show_expected_and_found_where_written() {
    insta::glob!("fixtures/scenarios/failing/*.scenario.yaml", |path| {
        let (code, out, err) = concordat(&["test", &relative(path)]);
        assert_eq!(code, 1, "{out}{err}");
        assert!(out.contains("FAILED"));
        insta::assert_snapshot!(out);
    });
}

#[test]
fn bad_scenario_files_report_their_codes() {
    insta::glob!("fixtures/scenarios/E*.scenario.yaml", |path| {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let code_expected = &name[..5];
        let (code, out, err) = concordat(&["test", &relative(path)]);
        assert_eq!(code, 2, "{out}{err}");
        assert!(out.contains(code_expected), "{out}");
        assert!(out.contains("0 scenarios"), "{out}");
        insta::assert_snapshot!(out);
    });
}

#[test]
fn json_carries_each_mismatch_with_its_place() {
    let (code, out, _) = concordat(&[
        "test",
        "--format",
        "json",
        "tests/fixtures/scenarios/failing/one_passes_one_fails.scenario.yaml",
    ]);
    assert_eq!(code, 1);
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(json["format_version"], 1);
    assert_eq!(
        (json["passed"].as_u64(), json["failed"].as_u64()),
        (Some(1), Some(1))
    );
    let failed = &json["scenarios"][1];
    assert_eq!(failed["name"], "fails");
    assert_eq!(failed["result"], "failed");
    let first = &failed["mismatches"][0];
    assert_eq!(
        (first["line"].as_u64(), first["column"].as_u64()),
        (Some(14), Some(7))
    );
    assert_eq!(first["expected"], "no other flag");
    let (code, out, _) = concordat(&[
        "test",
        "--format",
        "json",
        "tests/fixtures/scenarios/failing/inline_return_with_a_bad_row.scenario.yaml",
    ]);
    assert_eq!(code, 1);
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    let problem = &json["scenarios"][0]["problems"][0];
    assert_eq!(json["scenarios"][0]["result"], "not_run");
    assert_eq!(problem["code"], "E0603");
    assert_eq!(problem["line"], 8);
}

#[test]
fn a_folder_without_scenarios_and_files_outside_are_refused() {
    let folder = tempfile::tempdir().unwrap();
    let (code, out, _) = concordat(&["test", folder.path().to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(out.contains("E0953"), "{out}");

    // A scenario may name files in the folders tested and in the current
    // folder, nowhere else.
    let scenario = folder.path().join("outside.scenario.yaml");
    std::fs::write(&scenario, "agreement: /etc/passwd\nexpect:\n  flags: []\n").unwrap();
    let (code, out, _) = concordat(&["test", scenario.to_str().unwrap()]);
    assert_eq!(code, 2, "{out}");
    assert!(out.contains("E0903"), "{out}");
    assert!(!out.contains("root:"), "{out}");

    let (code, out, _) = concordat(&["test", "tests/fixtures/scenarios/missing.scenario.yaml"]);
    assert_eq!(code, 2, "{out}");
    assert!(out.contains("E0901"), "{out}");
}

#[cfg(unix)]
#[test]
fn links_to_scenarios_outside_the_folder_are_refused() {
    let outside = tempfile::tempdir().unwrap();
    let folder = tempfile::tempdir().unwrap();
    let target = outside.path().join("x.scenario.yaml");
    std::fs::write(&target, "agreement: a.s75\nexpect:\n  flags: []\n").unwrap();
    std::os::unix::fs::symlink(&target, folder.path().join("x.scenario.yaml")).unwrap();
    let (code, out, _) = concordat(&["test", folder.path().to_str().unwrap()]);
    assert_eq!(code, 2, "{out}");
    assert!(out.contains("E0903"), "{out}");
}
