//! In-year monitoring: plans, forecasts and actuals to date of a pool read
//! from returns; the year settled only from actual spending; forecasts that
//! stray beyond the pool's threshold climbing the pool manager's ladder.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "tests and benchmarks fail loudly by design"
)]

use std::path::{Path, PathBuf};

use concordat::assess::{
    assess_sources, AssessOptions, AssessReport, ReadOptions, ReturnKind, ReturnSource,
};
use concordat::money::Money;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Assesses `csv` (a return given as text) against `agreement`.
fn assess_csv(agreement: &Path, csv: &str) -> AssessReport {
    let sources = [ReturnSource::Text {
        name: "monitoring.csv".to_owned(),
        kind: ReturnKind::Csv,
        text: csv.to_owned(),
    }];
    assess_sources(
        agreement,
        &sources,
        AssessOptions::default(),
        &ReadOptions::default(),
    )
}

fn small() -> PathBuf {
    root().join("tests/fixtures/returns/agreement.s75")
}

#[test]
fn a_forecast_or_plan_never_settles() {
    // The budget of 2017/18 is £3m; every forecast is an overspend and
    // every plan differs from it, but nothing was spent yet on the record.
    let report = assess_csv(
        &small(),
        "pool,partner,period,measure,value\n\
         bcf,council,2017/18 Q1,plan,£750k\n\
         bcf,council,2017/18 Q1,forecast,£3.5m\n\
         bcf,council,2017/18 Q2,forecast,£3.6m\n\
         bcf,council,2017/18 Q3,forecast,£3.7m\n\
         bcf,council,2017/18 Q4,forecast,£3.8m\n\
         bcf,council,2017/18 Q4,plan,£3m\n\
         bcf,council,2018/19 Q1,forecast,£9m\n",
    );
    assert!(report.diagnostics.is_empty(), "{:?}", report.diagnostics);
    let assessment = report.assessment.unwrap();
    assert!(
        assessment.settlements.is_empty(),
        "a forecast settled: {:?}",
        assessment.settlements
    );
}

#[test]
fn the_year_settles_from_the_actual_at_its_last_quarter_or_month() {
    let quarters = assess_csv(
        &small(),
        "pool,partner,period,measure,value\n\
         bcf,council,2017/18 Q3,forecast,£3.5m\n\
         bcf,council,2017/18 Q3,actual,£2.4m\n\
         bcf,council,2017/18 Q4,actual,£3.2m\n\
         bcf,council,2017/18 Q4,forecast,£3.9m\n",
    );
    let assessment = quarters.assessment.unwrap();
    let [settlement] = assessment.settlements.as_slice() else {
        panic!("one settlement: {:?}", assessment.settlements);
    };
    assert_eq!(settlement.amount, Money::from_pounds(200_000));
    assert_eq!(settlement.spend, Some(Money::from_pounds(3_200_000)));
    assert_eq!(settlement.row.as_deref(), Some("monitoring.csv:4"));

    let months = assess_csv(
        &small(),
        "pool,partner,period,measure,value\n\
         bcf,council,2017/18 M11,actual,£2.6m\n\
         bcf,council,2017/18 M12,actual,£2.9m\n",
    );
    let assessment = months.assessment.unwrap();
    let [settlement] = assessment.settlements.as_slice() else {
        panic!("one settlement: {:?}", assessment.settlements);
    };
    assert_eq!(settlement.amount, Money::from_pounds(100_000));
    assert_eq!(settlement.row.as_deref(), Some("monitoring.csv:3"));

    // The year's row, when there is one, is the outturn (and agrees).
    let both = assess_csv(
        &small(),
        "pool,partner,period,measure,value\n\
         bcf,council,2017/18 Q4,actual,£3.2m\n\
         bcf,council,2017/18,,£3.2m\n",
    );
    let assessment = both.assessment.unwrap();
    assert_eq!(
        assessment.settlements[0].row.as_deref(),
        Some("monitoring.csv:3")
    );
}

#[test]
fn a_return_without_a_measure_reads_as_before() {
    let report = assess_csv(
        &small(),
        "pool,partner,period,value\nbcf,council,2017/18,£3.3m\n",
    );
    let assessment = report.assessment.unwrap();
    assert_eq!(
        assessment.settlements[0].amount,
        Money::from_pounds(300_000)
    );
}
