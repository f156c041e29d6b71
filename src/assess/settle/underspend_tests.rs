//! The settlement of each way of writing an underspend.

use super::*;
use crate::diagnostics::{Code, Diagnostics};
use crate::source::{FileId, SourceFile};

const FIXTURE: &str = include_str!("../../../tests/fixtures/valid/W0310_underspend_kept.s75");

/// A pool with council £1m and ccg £2m in 2017/18, whose underspend rule
/// is `rule` (the fixture's `underspend kept by host` replaced).
fn agreement(rule: &str) -> (Agreement, Diagnostics) {
    load(&FIXTURE.replace("underspend kept by host", rule))
}

fn load(text: &str) -> (Agreement, Diagnostics) {
    let file = SourceFile::new(FileId(0), "underspend.s75", text);
    let mut diagnostics = Diagnostics::new();
    let mut agreements = crate::pipeline::check_source(&file, &mut diagnostics);
    (agreements.remove(0), diagnostics)
}

fn underspend(rule: &str, pounds: &str) -> Settlement {
    let (agreement, diagnostics) = agreement(rule);
    assert!(!diagnostics.has_errors());
    let pool = &agreement.pools[0];
    let year = FinancialYear::parse("2017/18").unwrap();
    let amount = Money::from_pence(pounds.parse::<i64>().unwrap() * 100);
    settle(&agreement, pool, year, Variance::Underspend(amount)).unwrap()
}

fn parts(settlement: &Settlement) -> Vec<(String, Money)> {
    settlement
        .shares
        .iter()
        .map(|s| (s.partner.to_string(), s.amount))
        .collect()
}

fn pounds(pounds: i64) -> Money {
    Money::from_pence(pounds * 100)
}

#[test]
fn kept_by_the_host_goes_whole_to_the_host() {
    let settlement = underspend("underspend kept by host", "300000");
    assert_eq!(
        parts(&settlement),
        [("council".to_owned(), pounds(300_000))]
    );
    assert_eq!(settlement.retained, Money::ZERO);
    assert!(settlement.steps[0]
        .description
        .contains("kept by `council`"));
}

#[test]
fn returned_to_a_partner_goes_whole_to_it() {
    let settlement = underspend("underspend returned to ccg", "300000");
    assert_eq!(parts(&settlement), [("ccg".to_owned(), pounds(300_000))]);
    assert!(settlement.steps[0]
        .description
        .contains("returned to `ccg`"));
}

#[test]
fn retained_in_pool_goes_to_no_partner() {
    let settlement = underspend("underspend retained in pool", "300000");
    assert!(settlement.shares.is_empty());
    assert_eq!(settlement.retained, pounds(300_000));
}

#[test]
fn returned_by_contribution_adds_up_to_the_penny() {
    let settlement = underspend("underspend returned by contribution", "100");
    assert_eq!(
        parts(&settlement),
        [
            ("council".to_owned(), Money::from_pence(3_333)),
            ("ccg".to_owned(), Money::from_pence(6_667)),
        ]
    );
}

#[test]
fn shared_in_fixed_shares() {
    let settlement = underspend("underspend shared council 25%, ccg 75%", "1000");
    assert_eq!(
        parts(&settlement),
        [
            ("council".to_owned(), pounds(250)),
            ("ccg".to_owned(), pounds(750))
        ]
    );
}

#[test]
fn kept_then_returned_in_a_cascade() {
    let rule =
        "underspend {\n      first kept by host up to £100k\n      then returned to ccg\n    }";
    let settlement = underspend(rule, "250000");
    assert_eq!(
        parts(&settlement),
        [
            ("council".to_owned(), pounds(100_000)),
            ("ccg".to_owned(), pounds(150_000))
        ]
    );
}

#[test]
fn borne_by_on_an_underspend_is_read_as_kept_by_with_a_warning() {
    let (agreement, diagnostics) = agreement("underspend borne by host");
    assert!(!diagnostics.has_errors());
    assert!(diagnostics.iter().any(|d| d.code == Code::UnderspendBorne));
    let rule = agreement.pools[0].underspend.as_ref().unwrap();
    assert!(matches!(&rule.share, Share::KeptBy(p) if p.name.as_str() == "council"));
}

#[test]
fn kept_by_on_an_overspend_is_refused() {
    let line = "overspend shared council 40%, ccg 60%, capped at £100k";
    for rule in ["overspend kept by host", "overspend returned to ccg"] {
        let (agreement, diagnostics) = load(&FIXTURE.replace(line, rule));
        assert!(diagnostics.iter().any(|d| d.code == Code::Syntax));
        assert!(agreement.pools[0].overspend.is_none());
    }
}
