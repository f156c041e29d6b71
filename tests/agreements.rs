//! The shipped agreements: each checks clean, means the same with Windows
//! line endings or a byte-order mark, and fails cleanly when cut short.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "tests and benchmarks fail loudly by design"
)]

use std::path::{Path, PathBuf};

use concordat::diagnostics::render::{Format, RenderOptions};
use concordat::{check_paths, check_texts, CheckOptions};

fn shipped() -> Vec<PathBuf> {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("agreements");
    let mut files: Vec<PathBuf> = std::fs::read_dir(folder)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "s75"))
        .collect();
    files.sort();
    assert!(files.len() >= 4, "the four seed agreements must be shipped");
    files
}

fn json(path: &str, text: &str) -> String {
    check_texts(&[(path, text)], CheckOptions::default()).render(RenderOptions {
        format: Format::Json,
        colour: false,
        deny_warnings: false,
    })
}

#[test]
fn every_shipped_agreement_checks_clean() {
    for path in shipped() {
        let report = check_paths(std::slice::from_ref(&path), CheckOptions::default());
        assert!(
            report.diagnostics.is_empty(),
            "{}:\n{}",
            path.display(),
            report.render(RenderOptions::default())
        );
    }
}

#[test]
fn every_shipped_agreement_has_partners_money_and_an_obligation() {
    let report = check_paths(
        &shipped(),
        CheckOptions {
            keep_models: true,
            threads: 0,
        },
    );
    assert!(report.diagnostics.is_empty());
    for agreement in &report.agreements {
        assert!(agreement.partners.len() >= 2, "{}", agreement.id);
        assert!(!agreement.pools.is_empty(), "{}", agreement.id);
        assert!(!agreement.obligations.is_empty(), "{}", agreement.id);
        assert!(
            agreement.term.is_some() && agreement.governed_by.is_some(),
            "{}",
            agreement.id
        );
    }
}

#[test]
fn crlf_and_byte_order_mark_change_nothing() {
    // Also an error fixture, so that the diagnostics (positions included)
    // are compared, not just their absence.
    let mut files = shipped();
    files.push(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/errors/E0001_problems_on_several_lines.s75"),
    );
    for path in files {
        let text = std::fs::read_to_string(&path).unwrap();
        let crlf = text.replace('\n', "\r\n");
        let bom = format!("\u{feff}{text}");
        let bom_crlf = format!("\u{feff}{crlf}");
        let plain = json("a.s75", &text);
        assert_eq!(plain, json("a.s75", &crlf), "{}", path.display());
        assert_eq!(plain, json("a.s75", &bom), "{}", path.display());
        assert_eq!(plain, json("a.s75", &bom_crlf), "{}", path.display());
    }
}

#[test]
fn a_file_cut_in_half_fails_with_a_position() {
    for path in shipped() {
        let text = std::fs::read_to_string(&path).unwrap();
        let mut cut = text.len() / 2;
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        let half = &text[..cut];
        let report = check_texts(&[("half.s75", half)], CheckOptions::default());
        assert!(
            report.has_errors(),
            "{}: half a file must not check clean",
            path.display()
        );
        for diagnostic in &report.diagnostics {
            let label = diagnostic
                .primary
                .as_ref()
                .expect("every problem in a text has a position");
            assert!(label.span.end as usize <= half.len());
        }
    }
}
