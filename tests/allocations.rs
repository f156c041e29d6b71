//! Contributions by formula: allocations files supplying the figures an
//! agreement writes `as notified` (their problems, E0624 to E0626, with
//! their places), and the money they move, exact to the penny.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "tests fail loudly by design"
)]

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use concordat::assess::allocations::{apply, read_text, Allocation};
use concordat::assess::settle::{budget, settle, Variance};
use concordat::assess::{assess_sources, AssessOptions, ReadOptions, ReturnSource};
use concordat::diagnostics::render::{Format, RenderOptions};
use concordat::money::Money;
use concordat::period::FinancialYear;
use proptest::prelude::*;
use rust_decimal::Decimal;

const FOLDER: &str = "tests/fixtures/allocations";

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn assess_with(allocations: Option<&str>) -> concordat::assess::AssessReport {
    std::env::set_current_dir(root()).unwrap();
    let reading = ReadOptions {
        allocations: allocations.map(|name| PathBuf::from(format!("{FOLDER}/{name}"))),
        ..ReadOptions::default()
    };
    assess_sources(
        &PathBuf::from(format!("{FOLDER}/agreement.s75")),
        &[ReturnSource::Path(PathBuf::from(format!(
            "{FOLDER}/returns.csv"
        )))],
        AssessOptions::default(),
        &reading,
    )
}

fn rendered(report: &concordat::assess::AssessReport) -> String {
    report.render(RenderOptions {
        format: Format::Human,
        colour: false,
        deny_warnings: false,
    })
}

#[test]
fn bad_allocations_report_their_codes() {
    for name in [
        "E0624_not_as_notified.csv",
        "E0625_unknown_pool_partner_year.csv",
        "E0626_given_twice.csv",
    ] {
        let report = assess_with(Some(name));
        let found: BTreeSet<&str> = report.diagnostics.iter().map(|d| d.code.as_str()).collect();
        let expected: BTreeSet<&str> = [&name[..5]].into_iter().collect();
        assert_eq!(found, expected, "{name}");
        assert!(report.assessment.is_none(), "{name} is not assessed");
        insta::assert_snapshot!(name, rendered(&report));
    }
}

/// Without allocations, the years with a figure `as notified` (and the
/// uplift of it) are not settled, and the assessment says why; with them,
/// every year is settled against the notified and computed figures.
#[test]
fn allocations_fill_the_figures_as_notified() {
    let without = assess_with(None);
    let assessment = without.assessment.as_ref().unwrap();
    assert_eq!(assessment.settlements.len(), 1);
    assert_eq!(assessment.unsettled.len(), 2);
    assert!(assessment.unsettled[0].reason.contains("as notified"));
    assert!(rendered(&without).contains("Not settled:"));

    let with = assess_with(Some("allocations.csv"));
    let assessment = with.assessment.as_ref().unwrap();
    assert!(assessment.unsettled.is_empty());
    let budgets: Vec<Money> = assessment.settlements.iter().map(|s| s.budget).collect();
    assert_eq!(
        budgets,
        [
            Money::from_pounds(3_000_000),
            Money::from_pounds(3_113_200),
            // £2,113,200 uplifted 5.66% is £2,232,807.12, plus £1m.
            Money::from_pence(323_280_712),
        ]
    );
    insta::assert_snapshot!("allocations_applied", rendered(&with));
}

#[test]
fn a_file_without_its_columns_is_refused_with_places() {
    let (rows, problems) = read_text("pool,partner,amount,colour\nbcf,ccg,£1,red\n");
    assert!(rows.is_empty());
    let codes: Vec<&str> = problems.listed.iter().map(|p| p.code.as_str()).collect();
    assert_eq!(codes, ["E0602", "E0601"]);
    let (rows, problems) = read_text("pool,partner,year,amount\nbcf,ccg,2018/19,£1.234\n");
    assert!(rows.is_empty());
    assert_eq!(problems.listed[0].line, 2);
    assert_eq!(problems.listed[0].code.as_str(), "E0608");
}

/// The agreement of the folder, checked and resolved.
fn model() -> concordat::model::Agreement {
    let checked = concordat::check_file(&root().join(FOLDER).join("agreement.s75"));
    checked.agreements.into_iter().next().unwrap()
}

fn allocation(amount: Money) -> Allocation {
    Allocation {
        pool: "bcf".to_owned(),
        partner: "ccg".to_owned(),
        year: FinancialYear::starting(2018),
        amount,
        note: None,
        line: 2,
        columns: [0, 1, 2, 3],
    }
}

/// The folder's agreement with the 2017/18 NHS figure `base`, 2018/19 and
/// 2019/20 both `uplifted percent`, and each year's total declared as
/// `totals`.
fn chain(base: Money, percent: Decimal, totals: [Money; 3]) -> String {
    let text = std::fs::read_to_string(root().join(FOLDER).join("agreement.s75")).unwrap();
    let text = text
        .replace("ccg £2m", &format!("ccg {base}"))
        .replace("ccg as notified", &format!("ccg uplifted {percent}%"))
        .replace("ccg uplifted 5.66%", &format!("ccg uplifted {percent}%"));
    let text = text
        .replace(
            "total £3m in 2017/18",
            &format!("total {} in 2017/18", totals[0]),
        )
        .replace(
            "total £3.1m in 2018/19",
            &format!("total {} in 2018/19", totals[1]),
        )
        .replace(
            "total £3.2m in 2019/20",
            &format!("total {} in 2019/20", totals[2]),
        );
    assert!(text.contains(&format!("ccg uplifted {percent}%")));
    text
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// A chain of uplifts written in an agreement gives, year by year, the
    /// year before's figure uplifted and rounded half away from zero to the
    /// penny, and `check` proves the totals declared with those figures
    /// (and refuses a total a penny out).
    #[test]
    fn uplift_chains_are_exact_and_their_totals_checked(
        base in 0i64..100_000_000_000,
        hundredths in 0i64..2_000,
        off in prop::bool::ANY,
    ) {
        let base = Money::from_pence(base);
        let percent = Decimal::new(hundredths, 2).normalize();
        let second = base.uplifted(percent).unwrap();
        let third = second.uplifted(percent).unwrap();
        let council = Money::from_pounds(1_000_000);
        let mut totals = [
            council.checked_add(base).unwrap(),
            council.checked_add(second).unwrap(),
            council.checked_add(third).unwrap(),
        ];
        if off {
            totals[2] = totals[2].checked_add(Money::from_pence(1)).unwrap();
        }
        let text = chain(base, percent, totals);
        let report = concordat::check_texts(
            &[("chain.s75", &text)],
            concordat::CheckOptions { keep_models: true, ..concordat::CheckOptions::default() },
        );
        let codes: Vec<&str> = report.diagnostics.iter().map(|d| d.code.as_str()).collect();
        prop_assert_eq!(codes, if off { vec!["E0303"] } else { Vec::new() });
        let pool = &report.agreements[0].pools[0];
        let ccg = |year: u16| {
            pool.year(FinancialYear::starting(year)).unwrap().entries[1].amount.value
        };
        prop_assert_eq!([ccg(2017), ccg(2018), ccg(2019)], [base, second, third]);
    }

    /// An uplift is the exact product rounded half away from zero to the
    /// penny: never more than half a penny from it.
    #[test]
    fn uplifts_are_exact_to_the_penny(pence in -10_000_000_000i64..10_000_000_000, hundredths in 0i64..5_000) {
        let percent = Decimal::new(hundredths, 2);
        let up = Money::from_pence(pence).uplifted(percent).unwrap();
        let exact = Decimal::from(pence) * (Decimal::ONE_HUNDRED + percent) / Decimal::ONE_HUNDRED;
        let gap = (Decimal::from(up.pence()) - exact).abs();
        prop_assert!(gap <= Decimal::new(5, 1));
        if gap == Decimal::new(5, 1) {
            // A half penny goes away from zero.
            prop_assert!(Decimal::from(up.pence()).abs() > exact.abs());
        }
    }

    /// A notified figure fills its year, the uplift chained from it is
    /// that figure uplifted, and a settlement of any variance in either
    /// year adds up to the variance exactly.
    #[test]
    fn allocations_flow_through_uplifts_and_settlements(
        notified in 0i64..1_000_000_000_000,
        spend in 0i64..2_000_000_000_000,
    ) {
        let mut agreement = model();
        let problems = apply(&mut agreement, &[allocation(Money::from_pence(notified))], "a.csv");
        prop_assert!(problems.is_empty());
        let pool = agreement.pools[0].clone();
        let year = FinancialYear::starting(2018);
        let next = FinancialYear::starting(2019);
        let council = Money::from_pounds(1_000_000);
        prop_assert_eq!(budget(&pool, year), council.checked_add(Money::from_pence(notified)));
        let uplifted = Money::from_pence(notified).uplifted(Decimal::new(566, 2)).unwrap();
        prop_assert_eq!(budget(&pool, next), council.checked_add(uplifted));
        for y in [year, next] {
            let planned = budget(&pool, y).unwrap();
            let variance = Money::from_pence(spend).checked_sub(planned).unwrap();
            if variance == Money::ZERO {
                continue;
            }
            let variance = if variance.is_negative() {
                Variance::Underspend(variance.abs())
            } else {
                Variance::Overspend(variance)
            };
            let settlement = settle(&agreement, &pool, y, variance).unwrap();
            let parts = Money::sum(settlement.shares.iter().map(|s| s.amount)).unwrap();
            let placed = [parts, settlement.from_reserve, settlement.retained, settlement.unallocated];
            prop_assert_eq!(Money::sum(placed), Some(settlement.amount));
        }
    }
}

/// The summary says how each figure by formula is found, and that the
/// totals of a year with a figure notified later wait for it.
#[test]
fn the_summary_says_how_each_figure_is_found() {
    std::env::set_current_dir(root()).unwrap();
    let text = concordat::summary::summary_of(
        Path::new("tests/fixtures/valid/E0320_uplift_from_year_before.s75"),
        concordat::summary::Format::Markdown,
    )
    .unwrap();
    assert!(text.contains("its 2018/19 contribution of £2,113,200 uplifted by 5.66%: £2,232,807.12 (rounded half away from zero to the penny)"), "{text}");
    let text = concordat::summary::summary_of(
        Path::new(&format!("{FOLDER}/agreement.s75")),
        concordat::summary::Format::Markdown,
    )
    .unwrap();
    assert!(
        text.contains("not counting the figures notified later"),
        "{text}"
    );
    assert!(text.contains("cannot be added up against the total in 2018/19 and in 2019/20 until the figure notified is known"), "{text}");
    assert!(text.contains("| as notified | as notified |"), "{text}");
}
