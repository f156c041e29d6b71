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
use proptest::prelude::*;

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

fn monitored() -> PathBuf {
    root().join("tests/fixtures/monitoring/agreement.s75")
}

#[test]
fn forecasts_beyond_the_threshold_climb_the_pool_managers_ladder() {
    std::env::set_current_dir(root()).unwrap();
    let report = concordat::assess::assess_paths(
        Path::new("tests/fixtures/monitoring/agreement.s75"),
        &[PathBuf::from("tests/fixtures/monitoring/returns.csv")],
        AssessOptions::default(),
    );
    assert!(report.diagnostics.is_empty(), "{:?}", report.diagnostics);
    let text = report.render(concordat::diagnostics::render::RenderOptions {
        format: concordat::diagnostics::render::Format::Human,
        colour: false,
        deny_warnings: false,
    });
    let assessment = report.assessment.unwrap();
    let [trigger] = assessment.forecast_triggers.as_slice() else {
        panic!("one trigger: {:?}", assessment.forecast_triggers);
    };
    assert_eq!(trigger.consecutive_breaches, 3);
    assert_eq!(trigger.since.to_string(), "2017/18 Q2");
    assert_eq!(trigger.consequences.len(), 2);
    assert_eq!(trigger.consequences[1].action, "escalate");
    // The last breach is an underspend forecast: both ways trigger.
    assert_eq!(
        trigger.evidence[2].variance,
        Some(Money::from_pounds(-100_000))
    );
    // The year settles from the actual to date at Q4, not the forecasts.
    assert_eq!(
        assessment.settlements[0].spend,
        Some(Money::from_pounds(3_120_000))
    );
    insta::assert_snapshot!("monitoring_report", text);
    let summary = concordat::assess::render::job_summary(&assessment);
    assert!(
        summary.contains(
            "| bcf (Example pooled budget) | 2% | 3 | 2017/18 Q2 | step 1: a recovery plan"
        ),
        "{summary}"
    );
}

#[test]
fn a_forecast_within_the_threshold_ends_a_run_and_an_amount_is_a_threshold() {
    let report = assess_csv(
        &monitored(),
        "pool,partner,period,measure,value\n\
         bcf,council,2017/18 M1,forecast,£3.07m\n\
         bcf,council,2017/18 M2,forecast,£3.06m\n\
         bcf,council,2017/18 M3,forecast,£3.07m\n",
    );
    let assessment = report.assessment.unwrap();
    // 2% of £3m is £60,000: exactly £60,000 over does not trigger.
    let runs: Vec<u32> = assessment
        .forecast_triggers
        .iter()
        .map(|t| t.consecutive_breaches)
        .collect();
    assert_eq!(runs, [1, 1]);
    assert_eq!(
        assessment.forecast_triggers[1].since.to_string(),
        "2017/18 M3"
    );
}

proptest! {
    /// Whatever the forecasts and the year-end actual, each variance is the
    /// forecast less the budget to the penny, a period breaches exactly
    /// when the variance is beyond 2% of the budget either way, and the
    /// year settles from the actual alone, its parts adding up to the
    /// penny.
    #[test]
    fn variances_and_settlements_add_up(
        forecasts in proptest::collection::vec(0i64..600_000_000, 1..4),
        actual in 0i64..600_000_000,
    ) {
        let budget = Money::from_pounds(3_000_000);
        let mut csv = String::from("pool,partner,period,measure,value\n");
        for (quarter, pence) in forecasts.iter().enumerate() {
            let money = Money::from_pence(*pence);
            csv.push_str(&format!("bcf,council,2017/18 Q{},forecast,{}\n", quarter + 1, money.as_decimal()));
        }
        csv.push_str(&format!("bcf,council,2017/18 Q4,actual,{}\n", Money::from_pence(actual).as_decimal()));
        let report = assess_csv(&monitored(), &csv);
        prop_assert!(report.diagnostics.is_empty(), "{:?}", report.diagnostics);
        let assessment = report.assessment.unwrap();
        let periods = &assessment.monitoring[0].periods;
        for (period, pence) in periods.iter().zip(&forecasts) {
            let variance = Money::from_pence(*pence).checked_sub(budget).unwrap();
            prop_assert_eq!(period.variance, Some(variance));
            let beyond = variance.abs().pence() * 100 > budget.pence() * 2;
            prop_assert_eq!(period.breach, beyond);
        }
        let breaches: u32 = assessment.forecast_triggers.iter().map(|t| t.consecutive_breaches).sum();
        prop_assert_eq!(breaches as usize, periods.iter().filter(|p| p.breach).count());
        let outturn = Money::from_pence(actual).checked_sub(budget).unwrap();
        match assessment.settlements.as_slice() {
            [] => prop_assert_eq!(outturn, Money::ZERO),
            [settlement] => {
                prop_assert_eq!(settlement.amount, outturn.abs());
                prop_assert_eq!(settlement.spend, Some(Money::from_pence(actual)));
                let shares = Money::sum(settlement.shares.iter().map(|s| s.amount)).unwrap();
                let accounted = Money::sum([
                    shares,
                    settlement.from_reserve,
                    settlement.retained,
                    settlement.unallocated,
                ])
                .unwrap();
                prop_assert_eq!(accounted, settlement.amount);
            }
            more => prop_assert!(false, "{} settlements", more.len()),
        }
    }
}

#[test]
fn figures_after_the_as_of_period_are_read_but_not_judged() {
    let sources = [ReturnSource::Text {
        name: "monitoring.csv".to_owned(),
        kind: ReturnKind::Csv,
        text: "pool,partner,period,measure,value\n\
               bcf,council,2017/18 Q1,forecast,£3m\n\
               bcf,council,2017/18 Q2,forecast,£3.5m\n"
            .to_owned(),
    }];
    let report = assess_sources(
        &monitored(),
        &sources,
        AssessOptions {
            as_of: Some(concordat::period::Period::parse("2017/18 Q1").unwrap()),
            ..AssessOptions::default()
        },
        &ReadOptions::default(),
    );
    let assessment = report.assessment.unwrap();
    assert_eq!(assessment.rows_after_as_of, 1);
    assert_eq!(assessment.monitoring[0].periods.len(), 1);
    assert!(assessment.forecast_triggers.is_empty());
}

/// A scheme with its own rule is settled by it, from its own outturn; the
/// pool's rule settles the rest of the pool's variance.
#[test]
fn a_scheme_with_its_own_rule_is_settled_apart() {
    // care: budget £3m; rehab plans £1m and spends £1.2m (+£200k, shared
    // by commissioning: council £100k, CCG £100k); homecare plans £2m
    // and spends £1.9m (−£100k). The pool spends £3.1m: +£100k, of which
    // +£200k is rehab's, so the pool's own variance is an underspend of
    // £100k, retained in the pool. Rehab's monitoring is shown against
    // its plan.
    let report = assess_csv(
        &root().join("tests/fixtures/schemes/agreement.s75"),
        "pool,partner,period,measure,value\n\
         rehab,council,2017/18 Q2,forecast,£1.15m\n\
         rehab,council,2017/18,actual,£1.2m\n\
         care,council,2017/18,actual,£3.1m\n",
    );
    assert!(report.diagnostics.is_empty(), "{:?}", report.diagnostics);
    let assessment = report.assessment.unwrap();
    let settled: Vec<(String, Option<String>, Money)> = assessment
        .settlements
        .iter()
        .map(|s| {
            (
                s.pool.to_string(),
                s.scheme.as_ref().map(ToString::to_string),
                s.amount,
            )
        })
        .collect();
    assert_eq!(
        settled,
        [
            (
                "care".to_owned(),
                Some("rehab".to_owned()),
                Money::from_pounds(200_000)
            ),
            ("care".to_owned(), None, Money::from_pounds(100_000)),
        ]
    );
    let rehab = &assessment.settlements[0];
    let parts: Vec<Money> = rehab.shares.iter().map(|s| s.amount).collect();
    assert_eq!(parts, [Money::from_pounds(100_000); 2]);
    let pool = &assessment.settlements[1];
    assert_eq!(pool.side, concordat::syntax::ast::RiskSide::Underspend);
    assert_eq!(pool.retained, Money::from_pounds(100_000));
    let monitored: Vec<Option<String>> = assessment
        .monitoring
        .iter()
        .map(|m| m.scheme.as_ref().map(ToString::to_string))
        .collect();
    assert!(
        monitored.contains(&Some("rehab".to_owned())),
        "{monitored:?}"
    );
}
