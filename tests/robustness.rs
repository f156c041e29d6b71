//! Bad input of every kind gets diagnostics with positions: never a panic,
//! never a stack overflow, never a position outside the text.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "tests and benchmarks fail loudly by design"
)]

use concordat::diagnostics::Code;
use concordat::{check_texts, CheckOptions, CheckReport};
use proptest::prelude::*;

fn check(text: &str) -> CheckReport {
    let report = check_texts(&[("input.s75", text)], CheckOptions::default());
    for diagnostic in &report.diagnostics {
        if let Some(label) = &diagnostic.primary {
            assert!(label.span.start <= label.span.end);
            assert!(label.span.end as usize <= text.len(), "{diagnostic:?}");
        }
    }
    // Rendering must not panic either.
    let _ = report.render(Default::default());
    report
}

fn codes(report: &CheckReport) -> Vec<Code> {
    report.diagnostics.iter().map(|d| d.code).collect()
}

#[test]
fn an_empty_file_holds_no_agreement() {
    assert_eq!(codes(&check("")), [Code::EmptyFile]);
    assert_eq!(codes(&check("\n\n   \n")), [Code::EmptyFile]);
}

#[test]
fn two_hundred_thousand_nested_brackets_are_refused() {
    let text = format!("agreement a \"A\" {}", "{".repeat(200_000));
    assert_eq!(codes(&check(&text)), [Code::TooDeep]);
    let balanced = format!("{}{}", "{".repeat(200_000), "}".repeat(200_000));
    assert_eq!(codes(&check(&balanced)), [Code::TooDeep]);
}

#[test]
fn a_twenty_megabyte_line_is_reported_briefly() {
    let text = format!("agreement a \"{}", "x".repeat(20 * 1024 * 1024));
    let report = check(&text);
    assert!(report.has_errors());
    let rendered = report.render(Default::default());
    assert!(
        rendered.len() < 10_000,
        "the excerpt of a long line must be clipped"
    );
}

#[test]
fn control_characters_are_located() {
    let report = check("agreement a \"A\" {\n  term\u{1b}[2J 2017/18 to 2018/19\n}\n");
    assert_eq!(codes(&report), [Code::ControlCharacter]);
    let rendered = report.render(Default::default());
    assert!(
        !rendered.contains('\u{1b}'),
        "control characters must not reach the terminal"
    );
}

#[test]
fn every_prefix_of_an_agreement_is_handled() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/valid/comments_and_citations.s75"
    ))
    .unwrap();
    for (cut, _) in text.char_indices().step_by(7) {
        let _ = check(&text[..cut]);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_text_never_panics(text in "\\PC{0,400}") {
        let _ = check(&text);
    }

    #[test]
    fn edits_of_a_valid_agreement_never_panic(
        position in 0usize..1_000_000,
        insert in prop::sample::select(vec!["{", "}", "\"", "£", "%", ",", "\n", "/", "Q9", "1st:", " to ", "-£1", "x", "2017/19", "one of (", "//", "\u{201C}"]),
        delete in 0usize..20,
    ) {
        let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/valid/comments_and_citations.s75")).unwrap();
        let mut at = position % text.len();
        while !text.is_char_boundary(at) { at -= 1; }
        let mut end = (at + delete).min(text.len());
        while !text.is_char_boundary(end) { end += 1; }
        let edited = format!("{}{}{}", &text[..at], insert, &text[end..]);
        let _ = check(&edited);
    }
}
