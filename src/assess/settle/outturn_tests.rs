//! Settling outturns year by year: every settlement adds up to the penny,
//! a reserve never gives more than it holds over the term, what one pool's
//! overspend takes from another's underspend is what that underspend gives,
//! and cuts never exceed the uncommitted allocations.

use proptest::prelude::*;

use super::*;
use crate::diagnostics::Diagnostics;
use crate::model::Agreement;
use crate::source::{FileId, SourceFile};

/// Two pools (`care` £3m a year, `health` £3.5m a year) sharing a £200k
/// fund, with schemes, uncommitted allocations of £100k in 2017/18, and a
/// £300k payment for performance from the CCG to `health` in 2017/18.
const FIXTURE: &str = include_str!("../../../tests/fixtures/valid/E0313_reserve_not_serving.s75");

fn agreement(topped_up: bool) -> Agreement {
    let text = if topped_up {
        FIXTURE.replace(
            "serves care, health",
            "serves care, health\n    topped up each year",
        )
    } else {
        FIXTURE.to_owned()
    };
    let file = SourceFile::new(FileId(0), "fixture.s75", &text);
    let mut diagnostics = Diagnostics::new();
    let mut agreements = crate::pipeline::check_source(&file, &mut diagnostics);
    assert!(!diagnostics.has_errors());
    agreements.remove(0)
}

fn years() -> [FinancialYear; 2] {
    [
        FinancialYear::parse("2017/18").unwrap(),
        FinancialYear::parse("2018/19").unwrap(),
    ]
}

#[test]
fn the_fund_carries_from_one_year_to_the_next() {
    let agreement = agreement(false);
    let [first, second] = years();
    // care overspends £150k in each year: the fund (£200k) gives £150k,
    // then only the £50k left.
    let outturns = [
        Outturn {
            scheme: None,
            apart: Money::ZERO,
            pool: 0,
            year: first,
            spend: Money::from_pounds(3_150_000),
            row: "r:1".into(),
        },
        Outturn {
            scheme: None,
            apart: Money::ZERO,
            pool: 0,
            year: second,
            spend: Money::from_pounds(3_150_000),
            row: "r:2".into(),
        },
    ];
    let settled = settle_outturns(&agreement, &outturns, &[]);
    let reserve: Vec<Money> = settled.iter().map(|s| s.from_reserve).collect();
    assert_eq!(
        reserve,
        [Money::from_pounds(150_000), Money::from_pounds(50_000)]
    );
    // Topped up each year, it gives £150k both years.
    let settled = settle_outturns(&self::agreement(true), &outturns, &[]);
    let reserve: Vec<Money> = settled.iter().map(|s| s.from_reserve).collect();
    assert_eq!(reserve, [Money::from_pounds(150_000); 2]);
}

#[test]
fn an_overspend_takes_the_other_pools_underspend_first() {
    let agreement = agreement(false);
    let [first, _] = years();
    // health underspends £80k, care overspends £100k: £80k comes from
    // health's underspend, £20k from the fund; health keeps nothing.
    let outturns = [
        Outturn {
            scheme: None,
            apart: Money::ZERO,
            pool: 1,
            year: first,
            spend: Money::from_pounds(3_420_000),
            row: "r:1".into(),
        },
        Outturn {
            scheme: None,
            apart: Money::ZERO,
            pool: 0,
            year: first,
            spend: Money::from_pounds(3_100_000),
            row: "r:2".into(),
        },
    ];
    let settled = settle_outturns(&agreement, &outturns, &[]);
    let care = settled.iter().find(|s| s.pool.as_str() == "care");
    let health = settled.iter().find(|s| s.pool.as_str() == "health");
    let (Some(care), Some(health)) = (care, health) else {
        unreachable!("both pools settle")
    };
    assert_eq!(care.from_other_pools, Money::from_pounds(80_000));
    assert_eq!(care.from_reserve, Money::from_pounds(20_000));
    assert_eq!(health.to_other_pools, Money::from_pounds(80_000));
    assert_eq!(health.retained, Money::ZERO);
    // In the order of the pools, whatever order they were settled in.
    assert_eq!(settled[0].pool.as_str(), "care");
}

#[test]
fn a_payment_withheld_lowers_the_budget_and_the_contribution() {
    let agreement = agreement(false);
    let [first, _] = years();
    let withheld = [Withheld {
        pool: 1,
        partner: 1,
        year: first,
        amount: Money::from_pounds(300_000),
    }];
    // health spends its full £3.5m: with £300k withheld that is a £300k
    // overspend, of which the fund takes £200k and the partners share
    // £100k by contribution: council £500k, CCG £2.7m of £3.2m.
    let outturns = [Outturn {
        scheme: None,
        apart: Money::ZERO,
        pool: 1,
        year: first,
        spend: Money::from_pounds(3_500_000),
        row: "r:1".into(),
    }];
    let settled = settle_outturns(&agreement, &outturns, &withheld);
    let [health] = settled.as_slice() else {
        unreachable!("one settlement")
    };
    assert_eq!(health.budget, Money::from_pounds(3_200_000));
    assert_eq!(health.amount, Money::from_pounds(300_000));
    let parts: Vec<Money> = health.shares.iter().map(|s| s.amount).collect();
    assert_eq!(
        parts,
        [Money::from_pence(1_562_500), Money::from_pence(8_437_500)]
    );
}

proptest! {
    /// Any spending of both pools in both years settles exactly: each
    /// settlement accounts for its amount to the penny; the fund gives at
    /// most its £200k over the term (and at most £200k a year when topped
    /// up); what overspends take from other pools is what underspends give;
    /// cuts stay within the £100k uncommitted; no share is negative.
    #[test]
    fn outturns_settle_exactly(
        spends in proptest::collection::vec(-50_000_000_i64..80_000_000, 4),
        withhold in any::<bool>(),
        topped_up in any::<bool>(),
    ) {
        let agreement = agreement(topped_up);
        let [first, second] = years();
        let budgets = [300_000_000_i64, 350_000_000];
        let mut outturns = Vec::new();
        for (index, delta) in spends.iter().enumerate() {
            let pool = index % 2;
            let year = if index < 2 { first } else { second };
            let spend = budgets.get(pool).copied().unwrap_or(0) + delta;
            outturns.push(Outturn { pool, scheme: None, apart: Money::ZERO, year, spend: Money::from_pence(spend), row: format!("r:{index}") });
        }
        let withheld: Vec<Withheld> = if withhold {
            vec![Withheld { pool: 1, partner: 1, year: first, amount: Money::from_pounds(300_000) }]
        } else {
            Vec::new()
        };
        let settled = settle_outturns(&agreement, &outturns, &withheld);
        let mut reserve = Money::ZERO;
        let (mut lent, mut borrowed) = (Money::ZERO, Money::ZERO);
        for s in &settled {
            prop_assert_eq!(s.accounted(), Some(s.amount));
            prop_assert!(s.shares.iter().all(|p| p.amount >= Money::ZERO));
            prop_assert!(s.cut_allocations <= Money::from_pounds(100_000));
            if topped_up {
                prop_assert!(s.from_reserve <= Money::from_pounds(200_000));
            }
            reserve = reserve.checked_add(s.from_reserve).unwrap_or(Money::ZERO);
            lent = lent.checked_add(s.to_other_pools).unwrap_or(Money::ZERO);
            borrowed = borrowed.checked_add(s.from_other_pools).unwrap_or(Money::ZERO);
        }
        if !topped_up {
            prop_assert!(reserve <= Money::from_pounds(200_000));
        }
        prop_assert_eq!(lent, borrowed);
    }
}
