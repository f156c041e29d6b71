//! Grants: an allocation cut on a miss is reported as a cut of the grant's
//! next allocation, worked out against it, and never as a clawback.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "tests fail loudly by design"
)]

use std::path::{Path, PathBuf};

use concordat::assess::{assess_paths, AssessOptions};
use concordat::money::Money;
use concordat::period::FinancialYear;

#[test]
fn an_allocation_cut_is_worked_out_against_the_next_allocation() {
    std::env::set_current_dir(Path::new(env!("CARGO_MANIFEST_DIR"))).unwrap();
    let report = assess_paths(
        Path::new("tests/fixtures/grants/agreement.s75"),
        &[PathBuf::from("tests/fixtures/grants/returns.csv")],
        AssessOptions::default(),
    );
    assert!(report.diagnostics.is_empty(), "{:?}", report.diagnostics);
    let assessment = report.assessment.unwrap();
    let flag = &assessment.flags[0];
    let cuts: Vec<_> = flag
        .consequences
        .iter()
        .filter(|c| c.action == "allocation_cut")
        .collect();
    assert_eq!(cuts.len(), 2);
    assert!(flag.consequences.iter().all(|c| c.action != "clawback"));
    // 10% of the 2018/19 allocation of £2m, then £250k of it.
    assert_eq!(cuts[0].amount, Some(Money::from_pounds(200_000)));
    assert_eq!(cuts[1].amount, Some(Money::from_pounds(250_000)));
    for cut in &cuts {
        assert_eq!(cut.year, Some(FinancialYear::starting(2018)));
        assert_eq!(cut.applies_to, Some(Money::from_pounds(2_000_000)));
        assert_eq!(cut.by.as_ref().map(|b| b.as_str()), Some("dhsc"));
        assert!(cut.description.contains("not a clawback"));
    }
    let json = concordat::assess::render::json(&assessment);
    assert!(json.contains("\"allocation_cut\""));
}

/// The summary says what a grant may be spent on, its conditions and what
/// it passes on, and an allocation cut as money not paid.
#[test]
fn the_summary_says_a_grant_in_words() {
    std::env::set_current_dir(Path::new(env!("CARGO_MANIFEST_DIR"))).unwrap();
    let text = concordat::summary::summary_of(
        Path::new("tests/fixtures/valid/E0322_grant_passed_on.s75"),
        concordat::summary::Format::Markdown,
    )
    .unwrap();
    for words in [
        "may be spent on “Adaptations to the homes of disabled people”",
        "“Spent on capital adaptations only”",
        "passes on 60% of each year's amount to West Lancashire Borough Council and £200,000 in 2018/19 to Chorley Borough Council",
    ] {
        assert!(text.contains(words), "{words} in {text}");
    }
    let text = concordat::summary::summary_of(
        Path::new("tests/fixtures/grants/agreement.s75"),
        concordat::summary::Format::Markdown,
    )
    .unwrap();
    assert!(text.contains("not a clawback"), "{text}");
}
