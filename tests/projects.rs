//! Several files as one project: registers, imports and their errors.
//!
//! Each folder in `tests/fixtures/projects/` is checked as a whole; the
//! `// expect:` first lines of its files, together, name the codes it must
//! produce (none for a clean project), and the rendered report is a snapshot.
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
use concordat::{check_paths, check_texts, CheckOptions, Outcome};

const PROJECTS: &str = "tests/fixtures/projects";

fn expected(folder: &Path) -> BTreeSet<String> {
    let mut codes = BTreeSet::new();
    for entry in std::fs::read_dir(folder).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "s75") {
            let text = std::fs::read_to_string(&path).unwrap();
            if let Some(list) = text.lines().next().unwrap_or("").strip_prefix("// expect:") {
                codes.extend(
                    list.split(',')
                        .map(|c| c.trim().to_owned())
                        .filter(|c| !c.is_empty()),
                );
            }
        }
    }
    codes
}

#[test]
fn each_project_reports_exactly_its_codes() {
    let mut folders: Vec<PathBuf> = std::fs::read_dir(PROJECTS)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    folders.sort();
    assert!(folders.len() >= 5);
    for folder in folders {
        let report = check_paths(std::slice::from_ref(&folder), CheckOptions::default());
        let found: BTreeSet<String> = report
            .diagnostics
            .iter()
            .map(|d| d.code.as_str().to_owned())
            .collect();
        assert_eq!(found, expected(&folder), "{}", folder.display());
        let name = folder.file_name().unwrap().to_string_lossy().into_owned();
        insta::assert_snapshot!(
            name,
            report.render(RenderOptions {
                format: Format::Human,
                colour: false,
                deny_warnings: false,
            })
        );
    }
}

#[test]
fn imported_definitions_are_part_of_the_agreement() {
    let report = check_paths(
        &[PathBuf::from(PROJECTS).join("shared_register/bcf.s75")],
        CheckOptions {
            keep_models: true,
            threads: 1,
        },
    );
    assert_eq!(report.outcome(), Outcome::Clean);
    // The register was read because the agreement imports it.
    assert_eq!(report.files.len(), 2);
    let agreement = &report.agreements[0];
    let partners: Vec<&str> = agreement.partners.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(partners, ["lcc", "gp", "csr"]);
    assert_eq!(
        agreement.externals[0].name,
        "Department of Health and Social Care"
    );
    // Its spans stay in the register's file.
    let register = report
        .files
        .iter()
        .position(|f| f.display_path().ends_with("registers/lancashire.s75"))
        .unwrap();
    assert_eq!(agreement.partners[0].span.file.0 as usize, register);
}

#[test]
fn a_name_both_imported_and_declared_is_a_duplicate_in_its_own_file() {
    let dir = std::env::temp_dir().join(format!("concordat-duplicate-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("registers")).unwrap();
    std::fs::copy(
        Path::new(PROJECTS).join("shared_register/registers/lancashire.s75"),
        dir.join("registers/lancashire.s75"),
    )
    .unwrap();
    let agreement = std::fs::read_to_string(Path::new(PROJECTS).join("shared_register/bcf.s75"))
        .unwrap()
        .replace(
            "  term 2017/18",
            "  partner gp \"NHS Greater Preston CCG\" ccg\n  term 2017/18",
        );
    std::fs::write(dir.join("bcf.s75"), agreement).unwrap();
    let report = check_paths(std::slice::from_ref(&dir), CheckOptions::default());
    let duplicate = report
        .diagnostics
        .iter()
        .find(|d| d.code == Code::DuplicateName)
        .expect("a duplicate");
    let file = &report.files[duplicate.primary.as_ref().unwrap().span.file.0 as usize];
    assert!(file.display_path().ends_with("bcf.s75"));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn texts_in_memory_do_not_follow_imports() {
    let text =
        std::fs::read_to_string(Path::new(PROJECTS).join("shared_register/bcf.s75")).unwrap();
    let report = check_texts(&[("bcf.s75", &text)], CheckOptions::default());
    let codes: BTreeSet<Code> = report.diagnostics.iter().map(|d| d.code).collect();
    assert_eq!(codes, BTreeSet::from([Code::ImportNotFound]));
}
