//! What an analyst relies on in an assessment: whole years, what a figure
//! is (in period, year to date, annual, monthly), data not available, the
//! publication lag and the return's deadline, the area's figure of joint
//! owners, and money moved on a miss shown the same in `assess` and in the
//! summary.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "tests and benchmarks fail loudly by design"
)]

use std::path::{Path, PathBuf};

use concordat::assess::{
    assess_paths, AssessOptions, AssessReport, Assessment, OwnerAssessment, Responsibility, Status,
};
use concordat::period::{Date, Period};
use concordat::summary::{summary_with_returns, Format};

fn period(text: &str) -> Period {
    Period::parse(text).unwrap()
}

/// An agreement and its returns written to a scratch folder.
struct Case {
    _dir: tempfile::TempDir,
    agreement: PathBuf,
    returns: PathBuf,
}

fn case(obligations: &str, returns: &str) -> Case {
    let dir = tempfile::tempdir().unwrap();
    let agreement = dir.path().join("a.s75");
    std::fs::write(
        &agreement,
        format!(
            r#"agreement area "An area" {{
  term 2017/18 to 2018/19
  governed by board

  partner council "Example Council"  local_authority
  partner ccg     "NHS Example CCG"  ccg
  external dept   "A department"

  function health "Community health services" nhs community_health
  function care   "Adult social care"         social_care

  body board "Joint Board" {{
    seats council 2, ccg 2
    quorum 3 including council, ccg
  }}

  pool bcf "Example pooled budget" {{
    host council
    manager "Director of Finance"
    functions health, care
    contributions 2017/18 {{ council £1m, ccg £3m }}
    contributions 2018/19 {{ council £1m, ccg £3m }}
    overspend shared by contribution
    underspend retained in pool
  }}
{obligations}
}}
"#
        ),
    )
    .unwrap();
    let path = dir.path().join("returns.csv");
    std::fs::write(
        &path,
        format!("obligation,partner,period,value,note\n{returns}"),
    )
    .unwrap();
    Case {
        _dir: dir,
        agreement,
        returns: path,
    }
}

fn assess(case: &Case, as_of: Option<&str>, on: Option<&str>) -> AssessReport {
    assess_paths(
        &case.agreement,
        std::slice::from_ref(&case.returns),
        AssessOptions {
            as_of: as_of.map(period),
            on: on.map(|d| Date::parse(d).unwrap()),
            periods: true,
        },
    )
}

fn assessed(report: &AssessReport) -> &Assessment {
    match &report.assessment {
        Some(a) => a,
        None => panic!("not assessed: {:?}", report.diagnostics),
    }
}

fn owner<'a>(a: &'a Assessment, obligation: &str, owner: &str) -> &'a OwnerAssessment {
    a.obligations
        .iter()
        .find(|o| o.obligation.as_str() == obligation)
        .and_then(|o| o.owners.iter().find(|w| w.owner.as_str() == owner))
        .unwrap()
}

fn at<'a>(o: &'a OwnerAssessment, p: &str) -> &'a concordat::assess::PeriodAssessment {
    o.periods.iter().find(|x| x.period == period(p)).unwrap()
}

#[test]
fn as_of_a_year_is_its_fourth_quarter() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let agreement = root.join("agreements/lancashire_bcf.s75");
    let returns = vec![root.join("agreements/returns/lancashire_bcf.csv")];
    for year in ["2017/18", "2018/19"] {
        let run = |as_of: &str| {
            let report = assess_paths(
                &agreement,
                &returns,
                AssessOptions {
                    as_of: Some(period(as_of)),
                    on: None,
                    periods: true,
                },
            );
            let mut json: serde_json::Value =
                serde_json::to_value(report.assessment.as_ref().unwrap()).unwrap();
            json["as_of"] = serde_json::Value::Null;
            json
        };
        let whole = run(year);
        assert_eq!(whole, run(&format!("{year} Q4")), "{year}");
        // The year's fourth quarter is assessed, not dropped.
        let periods = whole["obligations"][0]["owners"][0]["periods"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["period"].as_str().unwrap().to_owned())
            .collect::<Vec<_>>();
        assert!(periods.contains(&format!("{year} Q4")), "{periods:?}");
    }
}

#[test]
fn a_count_year_to_date_is_held_to_the_cumulative_plan() {
    let c = case(
        r#"
  obligation admissions "Fewer admissions" {
    owner ccg
    metric "Emergency admissions" in count, lower is better
    figures year to date, quarterly
    baseline 1,300 in 2016/17
    target at most 1,200 by 2018/19
    trajectory { 2017/18 1,240 }
    tolerance 1% of expected
    report quarterly to board
  }"#,
        "admissions,ccg,2017/18 Q1,300,\nadmissions,ccg,2017/18 Q2,640,\nadmissions,ccg,2017/18 Q3,900,\n",
    );
    let report = assess(&c, Some("2017/18 Q3"), None);
    let a = assessed(&report);
    let ccg = owner(a, "admissions", "ccg");
    // 1,240 a year is 310 a quarter: 310, 620, 930 so far.
    assert_eq!(at(ccg, "2017/18 Q1").expected.to_string(), "310");
    assert_eq!(at(ccg, "2017/18 Q2").expected.to_string(), "620");
    assert_eq!(at(ccg, "2017/18 Q3").expected.to_string(), "930");
    assert_eq!(at(ccg, "2017/18 Q1").status, Status::Met);
    assert_eq!(at(ccg, "2017/18 Q2").status, Status::Missed);
    assert_eq!(at(ccg, "2017/18 Q3").status, Status::Met);
    // Not the year's end: its course is projected, 900 over nine months
    // carried on to twelve.
    let year = ccg.year_end.as_ref().unwrap();
    assert_eq!(year.projected.to_string(), "1200");
    assert_eq!(year.expected.to_string(), "1240");
    assert!(year.on_course);
    assert_eq!(
        at(ccg, "2017/18 Q2").national,
        "not on track to meet target"
    );
}

#[test]
fn an_annual_figure_is_judged_once_a_year() {
    let obligation = r#"
  obligation homes "Fewer admissions to care homes" {
    owner council
    metric "Long-term admissions to care homes, 65+, per 100,000" in rate, lower is better
    figures annual, published 6 months later
    baseline 620 in 2016/17
    target at most 560 by 2018/19
    report annually to board
  }"#;
    let c = case(obligation, "homes,council,2017/18,600,\n");
    let report = assess(&c, Some("2018/19"), None);
    let a = assessed(&report);
    let council = owner(a, "homes", "council");
    // Only years: the line from 620 to 560 is at 590 for 2017/18.
    assert!(council
        .periods
        .iter()
        .all(|p| matches!(p.period, Period::Year(_))));
    assert_eq!(at(council, "2017/18").expected.to_string(), "590");
    assert_eq!(at(council, "2017/18").status, Status::Missed);
    assert_eq!(at(council, "2017/18").national, "not achieved");
    // 2018/19 is published in September 2019: on 31 March it is not yet
    // available, not a missing return.
    assert_eq!(at(council, "2018/19").status, Status::NotYetAvailable);
    assert_eq!(
        at(council, "2018/19").published_by.unwrap().to_string(),
        "2019-09-30"
    );
    assert!(a.missing_returns.is_empty());
    // Six months on, it is.
    let later = assess(&c, Some("2018/19"), Some("2019-10-31"));
    let a = assessed(&later);
    assert_eq!(
        at(owner(a, "homes", "council"), "2018/19").status,
        Status::NotReported
    );
    assert_eq!(a.missing_returns.len(), 1);
    // A quarter of an annual figure is refused where it is written.
    let bad = case(obligation, "homes,council,2017/18 Q2,600,\n");
    let report = assess(&bad, None, None);
    assert!(report.assessment.is_none());
    assert_eq!(report.diagnostics[0].code.as_str(), "E0622");
}

#[test]
fn months_are_read_when_the_metric_has_them() {
    let c = case(
        r#"
  obligation delay "Shorter discharge delays" {
    owner council
    metric "Average discharge delay" in days, lower is better
    figures in period, monthly
    baseline 2.0 in 2016/17
    target at most 1.4 by 2018/19 Q4
    report monthly to board
  }"#,
        "delay,council,2017/18 M1,1.9,\ndelay,council,2017/18 M2,1.98,\ndelay,council,2017/18 M3,,\n",
    );
    let report = assess(&c, Some("2017/18 Q1"), Some("2017-08-01"));
    let a = assessed(&report);
    let council = owner(a, "delay", "council");
    // 24 months from 2.0 to 1.4: 0.025 a month.
    assert_eq!(at(council, "2017/18 M1").expected.to_string(), "1.975");
    assert_eq!(at(council, "2017/18 M1").status, Status::Met);
    assert_eq!(at(council, "2017/18 M2").status, Status::Missed);
    // An empty value with no note: no figure, and the monthly return was due.
    assert_eq!(at(council, "2017/18 M3").status, Status::NotReported);
    assert_eq!(a.missing_returns[0].periods, [period("2017/18 M3")]);
    // Reported quarterly, month by month: the quarter's return was made.
    let quarterly = case(
        r#"
  obligation delay "Shorter discharge delays" {
    owner council
    metric "Average discharge delay" in days, lower is better
    figures in period, monthly
    baseline 2.0 in 2016/17
    target at most 1.4 by 2018/19 Q4
    report quarterly to board
  }"#,
        "delay,council,2017/18 M1,1.9,\ndelay,council,2017/18 M2,1.9,\ndelay,council,2017/18 M3,1.9,\n",
    );
    let report = assess(&quarterly, Some("2017/18 Q2"), None);
    let a = assessed(&report);
    let council = owner(a, "delay", "council");
    assert!(council
        .periods
        .iter()
        .all(|p| p.period != period("2017/18 Q1")));
    assert_eq!(a.missing_returns[0].periods, [period("2017/18 Q2")]);
}

#[test]
fn data_not_available_is_neither_a_miss_nor_a_missing_return() {
    let c = case(
        r#"
  obligation discharge "Discharge home" {
    owner council
    metric "Discharges to usual place of residence" in percent, higher is better
    figures in period, quarterly
    baseline 90% in 2016/17
    target at least 92% by 2018/19
    report quarterly to board
  }"#,
        "discharge,council,2017/18 Q1,n/a,new records system broke the data feed\ndischarge,council,2017/18 Q2,,feed still broken\ndischarge,council,2017/18 Q3,,\n",
    );
    let report = assess(&c, Some("2017/18 Q3"), None);
    let a = assessed(&report);
    let council = owner(a, "discharge", "council");
    let q1 = at(council, "2017/18 Q1");
    assert_eq!(q1.status, Status::DataNotAvailable);
    assert_eq!(
        q1.note.as_deref(),
        Some("new records system broke the data feed")
    );
    assert_eq!(q1.national, "data not available to assess progress");
    assert_eq!(at(council, "2017/18 Q2").status, Status::DataNotAvailable);
    assert_eq!(at(council, "2017/18 Q3").status, Status::NotReported);
    assert_eq!(council.counts.data_not_available, 2);
    assert_eq!(council.counts.missed, 0);
    assert_eq!(a.missing_returns.len(), 1);
    assert_eq!(a.missing_returns[0].periods, [period("2017/18 Q3")]);
    assert!(a.flags.is_empty());
}

#[test]
fn a_return_not_yet_due_is_not_missing() {
    let c = case(
        r#"
  obligation discharge "Discharge home" {
    owner council
    metric "Discharges to usual place of residence" in percent, higher is better
    figures in period, quarterly
    baseline 90% in 2016/17
    target at least 92% by 2018/19
    report quarterly to board within 6 weeks
  }"#,
        "discharge,council,2017/18 Q1,91,\n",
    );
    let report = assess(&c, Some("2017/18 Q2"), None);
    let a = assessed(&report);
    let q2 = at(owner(a, "discharge", "council"), "2017/18 Q2");
    assert_eq!(q2.status, Status::NotYetAvailable);
    assert_eq!(q2.return_due.unwrap().to_string(), "2017-11-11");
    assert!(a.missing_returns.is_empty());
    let late = assess(&c, Some("2017/18 Q2"), Some("2017-11-12"));
    assert_eq!(assessed(&late).missing_returns.len(), 1);
}

const JOINT: &str = r#"
  obligation admissions "Fewer admissions" {
    owner council, ccg
    metric "Emergency admissions per 100,000" in rate, lower is better
    figures in period, quarterly
    baseline 1,000 in 2016/17 Q4
    target at most 900 by 2018/19 Q4
    tolerance 1 point
    report quarterly to board
    on miss {
      1st: recovery plan to board within 30 days
      2nd: withhold 1% of bcf from council to board within 60 days
    }
  }"#;

#[test]
fn joint_owners_without_an_attribution_are_judged_together_on_the_area() {
    let c = case(
        JOINT,
        "admissions,council,2017/18 Q1,1000,\nadmissions,,2017/18 Q2,990,winter came early\n",
    );
    let report = assess(&c, Some("2017/18 Q2"), None);
    let a = assessed(&report);
    let area = owner(a, "admissions", "area");
    assert_eq!(area.responsibility, Responsibility::Joint);
    assert_eq!(
        area.owners.iter().map(|o| o.as_str()).collect::<Vec<_>>(),
        ["council", "ccg"]
    );
    let flag = &a.flags[0];
    assert_eq!(flag.owner.as_str(), "area");
    assert_eq!(flag.owners.len(), 2);
    assert!(
        flag.explanation.contains("jointly responsible"),
        "{}",
        flag.explanation
    );
    // The plan from both; the withholding named its payer, who pays it
    // whole: 1% of the pool's £4m.
    let plan = &flag.consequences[0];
    assert_eq!(plan.from.as_ref().unwrap().as_str(), "area");
    assert_eq!(plan.defaults, ["from"]);
    let withhold = &flag.consequences[1];
    assert_eq!(withhold.from.as_ref().unwrap().as_str(), "council");
    assert_eq!(withhold.to.as_ref().unwrap().as_str(), "board");
    assert_eq!(withhold.amount.unwrap().to_string(), "£40,000");
    assert_eq!(withhold.year.unwrap().to_string(), "2017/18");
    assert_eq!(withhold.defaults, ["year"]);
    assert_eq!(withhold.due_by.unwrap().to_string(), "2017-11-29");
    // One figure for the area: a second row for the same period is refused.
    let twice = case(
        JOINT,
        "admissions,council,2017/18 Q1,1000,\nadmissions,ccg,2017/18 Q1,1000,\n",
    );
    let report = assess(&twice, None, None);
    assert_eq!(report.diagnostics[0].code.as_str(), "E0609");
}

#[test]
fn the_summary_shows_the_amounts_assess_decided() {
    let c = case(
        &JOINT.replace("owner council, ccg", "owner council, ccg\n    attribution council 25%, ccg 75%")
            .replace("from council to board", "to board in the next year"),
        "admissions,council,2017/18 Q1,1000,\nadmissions,council,2017/18 Q2,990,\nadmissions,ccg,2017/18 Q1,1000,\nadmissions,ccg,2017/18 Q2,990,\n",
    );
    let report = assess(&c, Some("2017/18 Q2"), None);
    let a = assessed(&report);
    // Each owner pays its own part of 1% of the next year's £4m.
    let amounts: Vec<String> = a
        .flags
        .iter()
        .flat_map(|f| &f.consequences)
        .filter_map(|c| c.amount)
        .map(|m| m.to_string())
        .collect();
    assert_eq!(amounts, ["£10,000", "£30,000"]);
    assert!(a.flags[0].consequences[1]
        .description
        .contains("2018/19's money"));
    let summary = summary_with_returns(
        &c.agreement,
        std::slice::from_ref(&c.returns),
        Some(period("2017/18 Q2")),
        Format::Markdown,
    )
    .unwrap();
    for amount in &amounts {
        assert!(
            summary.contains(amount.as_str()),
            "{amount} not in:\n{summary}"
        );
    }
}

#[test]
fn delays_attributed_by_category_are_summed_and_charged_by_part() {
    let c = case(
        r#"
  obligation dtoc "Fewer delayed transfers of care" {
    owner council, ccg
    attribution by category {
      nhs         ccg
      social_care council
      both        council 50%, ccg 50%
    }
    metric "Delayed days per day per 100,000" in rate, lower is better
    figures in period, quarterly
    baseline 12 in 2016/17 Q4
    target at most 8 by 2018/19 Q4
    report quarterly to board
    on miss {
      1st: withhold 1% of bcf within 30 days
    }
  }"#,
        "",
    );
    std::fs::write(
        &c.returns,
        "obligation,partner,period,value,category,note\n\
         dtoc,,2017/18 Q1,6,nhs,\n\
         dtoc,,2017/18 Q1,4,social_care,\n\
         dtoc,,2017/18 Q1,2,both,\n\
         dtoc,,2017/18 Q2,5,nhs,\n\
         dtoc,ccg,2017/18 Q2,1,both,\n",
    )
    .unwrap();
    let report = assess(&c, Some("2017/18 Q2"), None);
    let a = assessed(&report);
    let area = owner(a, "dtoc", "area");
    assert_eq!(area.responsibility, Responsibility::ByCategory);
    // 6 + 4 + 2 = 12 against 11.5: missed.
    let q1 = at(area, "2017/18 Q1");
    assert_eq!(q1.actual.unwrap().to_string(), "12");
    assert_eq!(q1.expected.to_string(), "11.5");
    assert_eq!(q1.status, Status::Missed);
    // The CCG answers for the NHS delays and half of both: 7 of 12.
    let parts: Vec<(String, String)> = q1
        .parts
        .iter()
        .map(|p| (p.owner.to_string(), p.value.to_string()))
        .collect();
    assert_eq!(
        parts,
        [
            ("council".to_owned(), "5".to_owned()),
            ("ccg".to_owned(), "7".to_owned())
        ]
    );
    // Q2 has no social care figure: incomplete, not judged.
    let q2 = at(area, "2017/18 Q2");
    assert_eq!(q2.status, Status::NotReported);
    assert!(
        q2.note
            .as_deref()
            .unwrap()
            .contains("no figure for `social_care`"),
        "{:?}",
        q2.note
    );
    // 1% of the pool's £4m, split 5:7 to the penny.
    let withhold = &a.flags[0].consequences[0];
    let shares: Vec<(String, String)> = withhold
        .shares
        .iter()
        .map(|s| (s.partner.to_string(), s.amount.to_string()))
        .collect();
    assert_eq!(
        shares,
        [
            ("council".to_owned(), "£16,666.67".to_owned()),
            ("ccg".to_owned(), "£23,333.33".to_owned())
        ]
    );
    assert_eq!(withhold.amount.unwrap().to_string(), "£40,000");
    // A category the obligation does not have is refused at its row.
    std::fs::write(
        &c.returns,
        "obligation,partner,period,value,category\ndtoc,,2017/18 Q1,6,nhs_delays\n",
    )
    .unwrap();
    let report = assess(&c, None, None);
    assert_eq!(report.diagnostics[0].code.as_str(), "E0623");
    assert!(report.diagnostics[0]
        .help
        .as_deref()
        .unwrap()
        .contains("did you mean `nhs`?"));
}
