//! Assessments of the shipped agreements' returns (snapshots), the
//! settlement and consequence amounts (properties), and the ways an
//! assessment cannot be made.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "tests and benchmarks fail loudly by design"
)]

use std::path::{Path, PathBuf};

use concordat::assess::settle::{settle, Variance};
use concordat::assess::{assess_paths, AssessOptions, AssessReport, FailOn, Status};
use concordat::diagnostics::render::{Format, RenderOptions};
use concordat::money::Money;
use concordat::period::{FinancialYear, Period};
use concordat::{check_paths, CheckOptions, Outcome};
use proptest::prelude::*;

const SHIPPED: &[(&str, &str)] = &[
    ("birmingham_ld_mh", "birmingham_ld_mh.csv"),
    (
        "blackburn_care_trust_plus",
        "blackburn_care_trust_plus.yaml",
    ),
    (
        "health_and_care_single_budget",
        "health_and_care_single_budget.xlsx",
    ),
    ("lancashire_bcf", "lancashire_bcf.csv"),
    ("lancashire_public_health", "lancashire_public_health.yaml"),
    ("rotherham_bcf", "rotherham_bcf.csv"),
];

fn run(agreement: &str, returns: &[&str], options: AssessOptions) -> AssessReport {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    std::env::set_current_dir(root).unwrap();
    let returns: Vec<PathBuf> = returns.iter().map(PathBuf::from).collect();
    assess_paths(Path::new(agreement), &returns, options)
}

fn shipped(name: &str, returns: &str, options: AssessOptions) -> AssessReport {
    run(
        &format!("agreements/{name}.s75"),
        &[&format!("agreements/returns/{returns}")],
        options,
    )
}

fn human(report: &AssessReport) -> String {
    report.render(RenderOptions {
        format: Format::Human,
        colour: false,
        deny_warnings: false,
    })
}

#[test]
fn every_shipped_agreement_has_returns_that_assess() {
    for (name, returns) in SHIPPED {
        let report = shipped(name, returns, AssessOptions::default());
        assert!(report.diagnostics.is_empty(), "{name}:\n{}", human(&report));
        let text = human(&report);
        insta::assert_snapshot!(format!("shipped_{name}"), text);
    }
}

#[test]
fn the_shipped_returns_show_a_flag_a_missing_return_and_a_shared_overspend() {
    let report = shipped(
        "lancashire_bcf",
        "lancashire_bcf.csv",
        AssessOptions::default(),
    );
    let assessment = report.assessment.as_ref().unwrap();
    assert_eq!(assessment.flags.len(), 1);
    assert_eq!(assessment.flags[0].owner.as_str(), "lcc");
    assert_eq!(assessment.flags[0].consequences.len(), 4);
    let clawback = &assessment.flags[0].consequences[3];
    assert_eq!(clawback.amount, Some(Money::from_pounds(1_970_000)));
    assert_eq!(clawback.applies_to, Some(Money::from_pounds(19_700_000)));
    assert_eq!(assessment.missing_returns.len(), 1);
    assert_eq!(assessment.missing_returns[0].owner.as_str(), "wl");
    let settlement = &assessment.settlements[0];
    assert_eq!(settlement.amount, Money::from_pounds(1_200_000));
    let shared = Money::sum(settlement.shares.iter().map(|s| s.amount)).unwrap();
    assert_eq!(shared, settlement.amount);
    assert_eq!(report.outcome(FailOn::default()), Outcome::Clean);
    let fail = FailOn {
        underperformance: true,
        missing_returns: false,
    };
    assert_eq!(report.outcome(fail), Outcome::Flagged);
    assert_eq!(Outcome::Flagged.code(), 3);
}

#[test]
fn json_carries_every_period() {
    let options = AssessOptions {
        as_of: None,
        periods: true,
        ..AssessOptions::default()
    };
    let report = shipped("lancashire_bcf", "lancashire_bcf.csv", options);
    let json = report.render(RenderOptions {
        format: Format::Json,
        colour: false,
        deny_warnings: false,
    });
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(value["format_version"], 2);
    let periods = &value["assessment"]["obligations"][0]["owners"][0]["periods"];
    assert_eq!(periods.as_array().unwrap().len(), 6);
    insta::assert_snapshot!("json_lancashire_bcf", json);
}

#[test]
fn as_of_limits_what_is_assessed() {
    let options = AssessOptions {
        as_of: Some(Period::parse("2017/18 Q3").unwrap()),
        periods: false,
        ..AssessOptions::default()
    };
    let report = shipped("lancashire_bcf", "lancashire_bcf.csv", options);
    let assessment = report.assessment.unwrap();
    assert_eq!(assessment.flags[0].consecutive_misses, 1);
    assert_eq!(assessment.flags[0].consequences.len(), 1);
    assert!(assessment.missing_returns.is_empty());
    assert!(assessment.settlements.is_empty(), "the year is not over");
    assert!(assessment.rows_after_as_of > 0);
    let latest = assessment.obligations[0].owners[0].latest.as_ref().unwrap();
    assert_eq!(latest.status, Status::Missed);
}

#[test]
fn a_flag_waits_for_the_agreed_number_of_misses() {
    let dir = std::env::temp_dir().join(format!("concordat-flag-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let csv = dir.join("returns.csv");
    // Expected for the council: 40% of the trajectory from 1,000 in 2017/18
    // Q1 to 900 seven quarters later (Q2 394.2857, Q4 382.8571); tolerance
    // 1% of expected.
    std::fs::write(
        &csv,
        "obligation,partner,period,value\nadmissions,council,2017/18 Q2,420\nadmissions,council,2017/18 Q3,\nadmissions,council,2017/18 Q4,430\n",
    )
    .unwrap();
    let report = run(
        "tests/fixtures/returns/agreement.s75",
        &[csv.to_str().unwrap()],
        AssessOptions {
            as_of: Some(Period::parse("2017/18 Q2").unwrap()),
            periods: true,
            ..AssessOptions::default()
        },
    );
    let assessment = report.assessment.unwrap();
    assert!(
        assessment.flags.is_empty(),
        "one miss; the agreement flags after two"
    );
    let report = run(
        "tests/fixtures/returns/agreement.s75",
        &[csv.to_str().unwrap()],
        AssessOptions::default(),
    );
    let assessment = report.assessment.unwrap();
    // Q3 had no figure: passed over, so Q2 and Q4 are two misses in a row.
    let flag = &assessment.flags[0];
    assert_eq!(flag.consecutive_misses, 2);
    assert_eq!(flag.evidence[0].expected.to_string(), "394.2857");
    // The withholding is the third step: not yet due.
    assert_eq!(flag.consequences.len(), 2);
    assert_eq!(
        flag.consequences[1].due_by.unwrap().to_string(),
        "2018-05-31"
    );
    assert_eq!(
        assessment.missing_returns.len(),
        2,
        "both owners missed 2017/18 Q3"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn as_of_outside_the_term_is_a_tool_failure() {
    let options = AssessOptions {
        as_of: Some(Period::parse("2025/26 Q1").unwrap()),
        periods: false,
        ..AssessOptions::default()
    };
    let report = shipped("lancashire_bcf", "lancashire_bcf.csv", options);
    assert_eq!(report.diagnostics[0].code.as_str(), "E0612");
    assert_eq!(report.outcome(FailOn::default()), Outcome::Failure);
    insta::assert_snapshot!("as_of_outside_term", human(&report));
}

#[test]
fn an_agreement_file_must_hold_one_agreement() {
    let dir = std::env::temp_dir().join(format!("concordat-two-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let small = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/valid/small.s75"),
    )
    .unwrap();
    let two = dir.join("two.s75");
    std::fs::write(
        &two,
        format!(
            "{small}\n{}",
            small.replace("agreement small", "agreement other")
        ),
    )
    .unwrap();
    let report = run(
        two.to_str().unwrap(),
        &["agreements/returns/lancashire_bcf.csv"],
        AssessOptions::default(),
    );
    assert_eq!(report.diagnostics.len(), 1);
    assert_eq!(report.diagnostics[0].code.as_str(), "E0614");
    assert_eq!(report.outcome(FailOn::default()), Outcome::Failure);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_missing_return_is_a_tool_failure_and_a_bad_agreement_is_not_assessed() {
    let report = run(
        "agreements/lancashire_bcf.s75",
        &[
            "agreements/returns/missing.csv",
            "agreements/returns/missing.xlsx",
        ],
        AssessOptions::default(),
    );
    let codes: Vec<&str> = report.diagnostics.iter().map(|d| d.code.as_str()).collect();
    assert_eq!(codes, ["E0901", "E0901"]);
    assert_eq!(report.outcome(FailOn::default()), Outcome::Failure);
    let report = run(
        "tests/fixtures/errors/E0303_total_mismatch.s75",
        &["agreements/returns/lancashire_bcf.csv"],
        AssessOptions::default(),
    );
    assert!(report.assessment.is_none());
    assert_eq!(report.diagnostics[0].code.as_str(), "E0303");
    assert_eq!(report.outcome(FailOn::default()), Outcome::Problems);
}

#[test]
fn a_cascade_falls_in_order() {
    let report = check_paths(
        &[PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/returns/agreement.s75")],
        CheckOptions {
            keep_models: true,
            threads: 1,
        },
    );
    let agreement = &report.agreements[0];
    let pool = &agreement.pools[0];
    let year = FinancialYear::starting(2017);
    let settlement = settle(
        agreement,
        pool,
        year,
        Variance::Overspend(Money::from_pounds(2_000_000)),
    )
    .unwrap();
    let text: Vec<&str> = settlement
        .steps
        .iter()
        .map(|s| s.description.as_str())
        .collect();
    insta::assert_snapshot!(
        "cascade",
        format!("{}\n{}", text.join("\n"), settlement.summary)
    );
    assert_eq!(settlement.from_reserve, Money::from_pounds(100_000));
    let total = Money::sum(settlement.shares.iter().map(|s| s.amount)).unwrap();
    let accounted = Money::sum([
        total,
        settlement.from_reserve,
        settlement.retained,
        settlement.unallocated,
    ])
    .unwrap();
    assert_eq!(accounted, settlement.amount);
}

proptest! {
    /// Any over- or underspend of any shipped pool settles exactly: the
    /// partners' shares, the reserves, other pools, the allocations cut,
    /// what is kept in the pool and what is not allocated add up to the
    /// amount, to the penny; no share is
    /// negative, and no capped partner bears more than its cap.
    #[test]
    fn settlements_add_up(pence in 0i64..50_000_000_000, over in any::<bool>(), pick in 0usize..100) {
        let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
        let report = check_paths(&[root.join("agreements"), root.join("tests/fixtures/returns/agreement.s75")], CheckOptions { keep_models: true, threads: 1 });
        let pools: Vec<_> = report.agreements.iter().flat_map(|a| a.pools.iter().map(move |p| (a, p))).filter(|(_, p)| p.kind == concordat::model::PoolKind::Pooled).collect();
        let (agreement, pool) = pools[pick % pools.len()];
        let year = pool.contributions[pick % pool.contributions.len()].year.value;
        let amount = Money::from_pence(pence);
        let variance = if over { Variance::Overspend(amount) } else { Variance::Underspend(amount) };
        let settlement = settle(agreement, pool, year, variance).unwrap();
        prop_assert_eq!(settlement.accounted().unwrap(), amount);
        for share in &settlement.shares {
            prop_assert!(share.amount >= Money::ZERO);
        }
        let steps = Money::sum(settlement.steps.iter().map(|s| s.amount)).unwrap();
        prop_assert_eq!(Money::sum([steps, settlement.unallocated]).unwrap(), amount);
        if let Some(rule) = if over { &pool.overspend } else { &pool.underspend } {
            if let Some(concordat::model::RiskCap::Contribution) = rule.cap {
                let table = pool.year(year).unwrap();
                for share in &settlement.shares {
                    let paid = table.entries.iter().find(|e| e.partner.name == share.partner).map_or(Money::ZERO, |e| e.amount.value);
                    prop_assert!(share.amount <= paid);
                }
            }
        }
    }
}

#[test]
fn consequences_never_exceed_what_they_apply_to() {
    for (name, returns) in SHIPPED {
        let report = shipped(name, returns, AssessOptions::default());
        for flag in &report.assessment.unwrap().flags {
            for c in &flag.consequences {
                if let (Some(amount), Some(base)) = (c.amount, c.applies_to) {
                    assert!(
                        amount <= base && amount >= Money::ZERO,
                        "{name}: {}",
                        c.description
                    );
                }
            }
        }
    }
}

/// Writes the synthetic agreement of `shape` and `rows` rows of its return
/// to a folder named for `test`, and assesses them.
fn assess_synthetic(
    test: &str,
    shape: concordat::synthetic::returns::ReturnsShape,
    rows: u64,
) -> AssessReport {
    use concordat::synthetic::returns::{agreement, write_csv};
    let dir = std::env::temp_dir().join(format!("concordat-{test}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("agreement.s75"), agreement(shape)).unwrap();
    let mut csv = Vec::new();
    write_csv(&mut csv, shape, rows).unwrap();
    std::fs::write(dir.join("returns.csv"), csv).unwrap();
    let report = assess_paths(
        &dir.join("agreement.s75"),
        &[dir.join("returns.csv")],
        AssessOptions::default(),
    );
    std::fs::remove_dir_all(&dir).unwrap();
    report
}

#[test]
fn synthetic_returns_read_clean_and_flag_late_misses() {
    let shape = concordat::synthetic::returns::ReturnsShape {
        obligations: 100,
        partners: 3,
        years: 2,
    };
    let report = assess_synthetic("synthetic", shape, shape.rows());
    assert!(report.diagnostics.is_empty(), "{}", human(&report));
    let assessment = report.assessment.unwrap();
    assert_eq!(assessment.rows, shape.rows());
    assert!(!assessment.flags.is_empty());
}

#[test]
fn synthetic_returns_of_the_smallest_benchmarked_size_read_clean() {
    // `cargo bench --bench assess` reads 10,000 rows against 1,000
    // obligations: fewer rows than one partner's full return.
    let shape = concordat::synthetic::returns::ReturnsShape::for_rows(10_000, 1_000);
    assert_eq!(shape.partners, 2);
    let report = assess_synthetic("synthetic-10k", shape, 10_000);
    assert!(report.diagnostics.is_empty(), "{}", human(&report));
    assert_eq!(report.assessment.unwrap().rows, 10_000);
}

/// The returns for `tests/fixtures/valid/waiver_and_ladder.s75`: the
/// council misses every quarter from 2017/18 Q2 to 2018/19 Q1; its waiver
/// excuses 2017/18 Q3 and Q4 and expires on 2018-06-30.
fn waiver_returns(test: &str) -> (PathBuf, PathBuf) {
    let dir = std::env::temp_dir().join(format!("concordat-waiver-{test}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let csv = dir.join("returns.csv");
    std::fs::write(
        &csv,
        "obligation,partner,period,value\nadmissions,council,2017/18 Q2,1050\nadmissions,council,2017/18 Q3,1050\nadmissions,council,2017/18 Q4,1050\nadmissions,council,2018/19 Q1,1050\n",
    )
    .unwrap();
    (dir, csv)
}

fn assess_waiver(csv: &Path, as_of: &str) -> AssessReport {
    run(
        "tests/fixtures/valid/waiver_and_ladder.s75",
        &[csv.to_str().unwrap()],
        AssessOptions {
            as_of: Some(Period::parse(as_of).unwrap()),
            periods: true,
            ..AssessOptions::default()
        },
    )
}

#[test]
fn a_waived_miss_is_shown_as_waived_and_does_not_climb_the_ladder() {
    let (dir, csv) = waiver_returns("waived");
    let report = assess_waiver(&csv, "2018/19 Q1");
    assert!(report.diagnostics.is_empty(), "{}", human(&report));
    let assessment = report.assessment.as_ref().unwrap();
    let owner = &assessment.obligations[0].owners[0];
    assert_eq!(owner.counts.missed, 2);
    assert_eq!(owner.counts.waived, 2);
    let statuses: Vec<Status> = owner.periods.iter().map(|p| p.status).collect();
    assert_eq!(
        statuses,
        [
            Status::Missed,
            Status::Waived,
            Status::Waived,
            Status::Missed
        ]
    );
    let waiver = owner.periods[1].waiver.as_ref().unwrap();
    assert_eq!(waiver.id.as_str(), "winter");
    assert_eq!(waiver.minute.as_deref(), Some("JB 2018/07"));
    assert_eq!(waiver.agreed_on.unwrap().to_string(), "2018-01-15");
    assert_eq!(owner.waived.len(), 2);
    // The waived quarters neither continue nor end the run: two misses,
    // so two steps of the ladder, not four.
    let flag = &assessment.flags[0];
    assert_eq!(flag.consecutive_misses, 2);
    assert_eq!(flag.consequences.len(), 2);
    assert_eq!(flag.evidence[1].period.to_string(), "2018/19 Q1");
    assert!(assessment.expired_waivers.is_empty());
    let text = human(&report);
    assert!(text.contains("2 waived"), "{text}");
    assert!(
        text.contains(
            "excused by waiver `winter`, agreed by `board` on 2018-01-15 (minute JB 2018/07)"
        ),
        "{text}"
    );
    let json = report.render(RenderOptions {
        format: Format::Json,
        colour: false,
        deny_warnings: false,
    });
    assert!(json.contains("\"status\": \"waived\""), "{json}");
    assert!(json.contains("\"minute\": \"JB 2018/07\""), "{json}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn an_expired_waiver_excuses_nothing_and_is_reported() {
    let (dir, csv) = waiver_returns("expired");
    // The last day of 2018/19 Q2 is after the expiry: the misses count.
    let report = assess_waiver(&csv, "2018/19 Q2");
    let assessment = report.assessment.as_ref().unwrap();
    let owner = &assessment.obligations[0].owners[0];
    assert_eq!(owner.counts.waived, 0);
    assert_eq!(owner.counts.missed, 4);
    assert_eq!(assessment.flags[0].consecutive_misses, 4);
    assert_eq!(assessment.flags[0].consequences.len(), 4);
    let expired = &assessment.expired_waivers;
    assert_eq!(expired.len(), 1);
    assert_eq!(expired[0].code, "W0419");
    assert_eq!(expired[0].assessed_on.to_string(), "2018-09-30");
    let text = human(&report);
    assert!(text.contains("Expired waivers: 1"), "{text}");
    assert!(text.contains("W0419: waiver `winter`"), "{text}");
    // On the day it expires it is still in force.
    let report = assess_waiver(&csv, "2018/19 Q1");
    assert!(report.assessment.unwrap().expired_waivers.is_empty());
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_waiver_agreed_after_the_assessment_date_excuses_nothing_yet() {
    let (dir, csv) = waiver_returns("later");
    // As of 2017/18 Q3 (ending 2017-12-31) the waiver, agreed on
    // 2018-01-15, did not exist yet.
    let report = assess_waiver(&csv, "2017/18 Q3");
    let owner = &report.assessment.as_ref().unwrap().obligations[0].owners[0];
    assert_eq!(owner.counts.waived, 0);
    assert_eq!(owner.consecutive_misses, 2);
    // As of 2017/18 Q4 it excuses Q3 and Q4.
    let report = assess_waiver(&csv, "2017/18 Q4");
    let owner = &report.assessment.as_ref().unwrap().obligations[0].owners[0];
    assert_eq!(owner.counts.waived, 2);
    assert_eq!(owner.consecutive_misses, 1);
    assert_eq!(owner.latest.as_ref().unwrap().status, Status::Waived);
    std::fs::remove_dir_all(&dir).unwrap();
}

/// The Rotherham agreement's overspend cascade on the CCG's pool in
/// 2015/16 under three overspends, worked out by hand. The fund starts full
/// (£500,000); the schemes' uncommitted allocations are £150,000
/// (`community`) and £200,000 (`intermediate`); what is left is shared by
/// commissioning: `community` (£8.2m) is the CCG's, `intermediate`
/// (£5.045m) is 60% the CCG's and 40% the council's, so the council
/// commissions £2.018m of £13.245m and the CCG £11.227m; each capped at its
/// contribution to the pool (council £500,000, CCG £12,745,000).
#[test]
fn the_rotherham_cascade_by_hand() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let report = check_paths(
        &[root.join("agreements/rotherham_bcf.s75")],
        CheckOptions {
            keep_models: true,
            threads: 1,
        },
    );
    let agreement = &report.agreements[0];
    let pool = agreement
        .pools
        .iter()
        .find(|p| p.id.as_str() == "ccg_pool")
        .unwrap();
    let year = FinancialYear::parse("2015/16").unwrap();
    let settle_pounds = |pounds: i64| {
        let s = settle(
            agreement,
            pool,
            year,
            Variance::Overspend(Money::from_pounds(pounds)),
        )
        .unwrap();
        assert_eq!(s.accounted().unwrap(), Money::from_pounds(pounds));
        let parts: Vec<(String, Money)> = s
            .shares
            .iter()
            .map(|p| (p.partner.to_string(), p.amount))
            .collect();
        (s.from_reserve, s.cut_allocations, parts)
    };
    // £300,000: the fund alone.
    assert_eq!(
        settle_pounds(300_000),
        (Money::from_pounds(300_000), Money::ZERO, vec![])
    );
    // £1,000,000: the fund's £500,000, £350,000 cut, £150,000 shared:
    // council 150,000 x 2.018/13.245 = 22,853.907 -> 22,853.90, CCG
    // 127,146.092 -> 127,146.09; the penny left goes to the larger
    // remainder, the council's.
    assert_eq!(
        settle_pounds(1_000_000),
        (
            Money::from_pounds(500_000),
            Money::from_pounds(350_000),
            vec![
                ("rmbc".to_owned(), Money::from_pence(2_285_391)),
                ("ccg".to_owned(), Money::from_pence(12_714_609)),
            ]
        )
    );
    // £5,000,000: £4,150,000 to share; the council's part by commissioning
    // (£632,291.43) is above its £500,000 contribution, so it bears
    // £500,000 and the CCG the other £3,650,000.
    assert_eq!(
        settle_pounds(5_000_000),
        (
            Money::from_pounds(500_000),
            Money::from_pounds(350_000),
            vec![
                ("rmbc".to_owned(), Money::from_pounds(500_000)),
                ("ccg".to_owned(), Money::from_pounds(3_650_000)),
            ]
        )
    );
}

/// The assessment of a return does not depend on the order of its rows
/// (rows are looked up by the item declared after the last row's first, so
/// a return in the agreement's order is read fastest): the same return
/// in the agreement's order, reversed and shuffled assesses alike, all but
/// the line each figure came from.
#[test]
fn the_order_of_rows_does_not_change_the_assessment() {
    use concordat::synthetic::returns::{agreement, write_csv, ReturnsShape};
    let shape = ReturnsShape {
        obligations: 12,
        partners: 3,
        years: 2,
    };
    let dir = std::env::temp_dir().join(format!("concordat-row-order-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("agreement.s75"), agreement(shape)).unwrap();
    let mut csv = Vec::new();
    write_csv(&mut csv, shape, shape.rows()).unwrap();
    let csv = String::from_utf8(csv).unwrap();
    let (header, rows) = csv.split_once('\n').unwrap();
    let in_order: Vec<&str> = rows.lines().collect();
    let reversed: Vec<&str> = in_order.iter().rev().copied().collect();
    // A fixed shuffle (a linear congruential sequence), the same every run.
    let mut shuffled = in_order.clone();
    let mut seed = 12_345u64;
    for i in (1..shuffled.len()).rev() {
        seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
        shuffled.swap(i, (seed >> 33) as usize % (i + 1));
    }
    let assess = |rows: &[&str]| {
        let path = dir.join("returns.csv");
        std::fs::write(&path, format!("{header}\n{}\n", rows.join("\n"))).unwrap();
        let report = assess_paths(
            &dir.join("agreement.s75"),
            &[path],
            AssessOptions::default(),
        );
        assert!(report.diagnostics.is_empty(), "{}", human(&report));
        let mut value = serde_json::to_value(report.assessment.unwrap()).unwrap();
        forget_rows(&mut value);
        value
    };
    let expected = assess(&in_order);
    assert!(
        expected.to_string().contains("\"missed\""),
        "the return has misses to find"
    );
    assert_eq!(assess(&reversed), expected);
    assert_eq!(assess(&shuffled), expected);
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Removes every `row` (`file:line`) from an assessment's JSON, and the
/// line from each `returns.csv:LINE` in its texts.
fn forget_rows(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Object(map) => {
            map.remove("row");
            map.values_mut().for_each(forget_rows);
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(forget_rows),
        serde_json::Value::String(text) => {
            let mut pieces = text.split("returns.csv:");
            let mut kept = pieces.next().unwrap_or_default().to_owned();
            for piece in pieces {
                kept.push_str("returns.csv:LINE");
                kept.push_str(piece.trim_start_matches(|c: char| c.is_ascii_digit()));
            }
            *text = kept;
        }
        _ => {}
    }
}
