//! Summaries with returns: the assessment in a board paper. Snapshots of the
//! Markdown of every shipped agreement with its returns, and the HTML's
//! pictures of actual values against the trajectory.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "tests and benchmarks fail loudly by design"
)]

use std::path::{Path, PathBuf};

use concordat::diagnostics::Code;
use concordat::period::Period;
use concordat::summary::{summary_with_returns, Format};
use concordat::Outcome;

/// Each shipped agreement with its return file.
fn shipped() -> Vec<(PathBuf, PathBuf)> {
    let mut pairs = Vec::new();
    let mut returns: Vec<PathBuf> = std::fs::read_dir("agreements/returns")
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    returns.sort();
    for ret in returns {
        let stem = ret.file_stem().unwrap().to_string_lossy().into_owned();
        let agreement = Path::new("agreements").join(format!("{stem}.s75"));
        assert!(agreement.exists(), "{} has no agreement", ret.display());
        pairs.push((agreement, ret));
    }
    assert_eq!(pairs.len(), 6, "a return for every shipped agreement");
    pairs
}

#[test]
fn markdown_with_returns_of_every_shipped_agreement() {
    for (agreement, ret) in shipped() {
        let text = summary_with_returns(
            &agreement,
            std::slice::from_ref(&ret),
            None,
            Format::Markdown,
        )
        .unwrap_or_else(|report| panic!("{}", report.render(Default::default())));
        assert!(
            text.contains("## Performance as of "),
            "{}",
            agreement.display()
        );
        let name = ret.file_name().unwrap().to_string_lossy().replace('.', "_");
        insta::assert_snapshot!(format!("with_returns_{name}"), text);
    }
}

#[test]
fn the_flagged_partner_its_consequences_and_the_overspend_are_in_the_paper() {
    let text = summary_with_returns(
        Path::new("agreements/lancashire_bcf.s75"),
        &[PathBuf::from("agreements/returns/lancashire_bcf.csv")],
        None,
        Format::Markdown,
    )
    .unwrap();
    assert!(text.contains(
        "Lancashire County Council is underperforming on “Reduce delayed transfers of care from hospital”"
    ));
    assert!(text.contains("Up to £1,970,000 (of £19,700,000) clawed back by the Department of Health and Social Care from Lancashire County Council"));
    assert!(text.contains("NHS West Lancashire CCG has not reported"));
    // The worked example of the risk share, from the settlement.
    assert!(text.contains(
        "For example, if the Lancashire Better Care Fund pooled budget were overspent by £1,000,000 in 2017/18"
    ));
    // As of an earlier period nobody is flagged yet.
    let early = summary_with_returns(
        Path::new("agreements/lancashire_bcf.s75"),
        &[PathBuf::from("agreements/returns/lancashire_bcf.csv")],
        Some(Period::parse("2017/18 Q2").unwrap()),
        Format::Markdown,
    )
    .unwrap();
    assert!(early.contains("## Performance as of 2017/18 Q2"));
    assert!(early.contains("No partner is underperforming"));
}

#[test]
fn html_draws_actual_values_with_shapes_and_words() {
    let html = summary_with_returns(
        Path::new("agreements/lancashire_bcf.s75"),
        &[PathBuf::from("agreements/returns/lancashire_bcf.csv")],
        None,
        Format::Html,
    )
    .unwrap();
    assert!(!html.contains("<script"));
    // The chart's caption states its message.
    assert!(html.contains(
        "Lancashire County Council: “Reduce delayed transfers of care from hospital”: worse than planned, beyond the tolerance, since 2017/18 Q3"
    ));
    // The band lies on the worse side of the plan only, and the legend
    // says so.
    assert!(html.contains("worse than plan, within tolerance"));
    assert!(!html.contains("counts as met</text>"));
    assert!(html.contains("✖ missed"));
    assert!(
        html.contains("class=\"missed\""),
        "missed values drawn with their own shape"
    );
    // The same inputs, the same bytes.
    let again = summary_with_returns(
        Path::new("agreements/lancashire_bcf.s75"),
        &[PathBuf::from("agreements/returns/lancashire_bcf.csv")],
        None,
        Format::Html,
    )
    .unwrap();
    assert_eq!(html, again);
}

#[test]
fn bad_returns_give_the_assessors_diagnostics() {
    let report = summary_with_returns(
        Path::new("tests/fixtures/returns/agreement.s75"),
        &[PathBuf::from(
            "tests/fixtures/returns/E0609_duplicate_row.csv",
        )],
        None,
        Format::Markdown,
    )
    .unwrap_err();
    assert!(report
        .diagnostics
        .iter()
        .any(|d| d.code == Code::DuplicateRow));
    assert_eq!(report.outcome(), Outcome::Problems);
    let outside = summary_with_returns(
        Path::new("agreements/lancashire_bcf.s75"),
        &[PathBuf::from("agreements/returns/lancashire_bcf.csv")],
        Some(Period::parse("2030/31").unwrap()),
        Format::Markdown,
    )
    .unwrap_err();
    assert_eq!(outside.outcome(), Outcome::Failure);
}

#[test]
fn in_year_monitoring_and_forecast_triggers_are_in_the_paper() {
    let text = summary_with_returns(
        Path::new("tests/fixtures/monitoring/agreement.s75"),
        &[PathBuf::from("tests/fixtures/monitoring/returns.csv")],
        None,
        Format::Markdown,
    )
    .unwrap();
    assert!(text.contains("### In-year monitoring"));
    assert!(text.contains(
        "| 2017/18 Q2 | £3,000,000 | £1,500,000 | £3,100,000 | £1,560,000 | £100,000 (beyond the threshold) |"
    ));
    assert!(text.contains("After the forecast as at 2017/18 Q3: Escalation to the Joint Board"));
}
