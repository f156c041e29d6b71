//! Values at the limits of what the language can hold, and inputs that once
//! took work out of proportion to their size.
//!
//! Each hostile agreement is a copy of `agreements/lancashire_bcf.s75` with
//! one figure pushed to its limit, run through every subcommand and format
//! (with the shipped returns where they apply): nothing panics, the exit code
//! is the documented one, and a value out of range is a diagnostic with its
//! code. The super-linear cases assert that the result is right, not that it
//! is fast (their speed is shown by `cargo bench --bench hostile`).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "tests and benchmarks fail loudly by design"
)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use concordat::diagnostics::Code;
use concordat::synthetic::hostile;
use concordat::{check_texts, CheckOptions, CheckReport};

const BASE: &str = include_str!("../agreements/lancashire_bcf.s75");
const RETURNS: &str = "agreements/returns/lancashire_bcf.csv";

fn concordat(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_concordat"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

/// The base agreement with each `(from, to)` replaced, written to a file of
/// its own; every replacement must apply.
fn variant(name: &str, edits: &[(&str, &str)]) -> PathBuf {
    let mut text = BASE.to_owned();
    for (from, to) in edits {
        assert!(text.contains(from), "{name}: `{from}` is not in the base");
        text = text.replace(from, to);
    }
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("limits");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!("{name}.s75"));
    std::fs::write(&path, text).unwrap();
    path
}

/// Runs every subcommand and format on `path`: none may panic, and each
/// exits with `exit` (1 for an agreement with errors, 0 for a clean one).
/// Returns the output of `check`.
fn every_subcommand(path: &Path, exit: i32) -> String {
    let path = path.to_str().unwrap();
    let runs: Vec<Vec<&str>> = vec![
        vec!["check", path],
        vec!["check", "--format", "json", path],
        vec!["model", path],
        vec!["graph", path],
        vec!["graph", "--format", "svg", path],
        vec!["graph", "--format", "mermaid", path],
        vec!["summary", path],
        vec!["summary", "--format", "html", path],
        vec!["assess", path, "--returns", RETURNS],
        vec!["assess", path, "--returns", RETURNS, "--format", "json"],
        vec!["summary", path, "--returns", RETURNS],
        vec!["summary", "--format", "html", path, "--returns", RETURNS],
    ];
    for args in &runs {
        let output = concordat(args);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        assert_eq!(output.status.code(), Some(exit), "{args:?}: {stderr}");
    }
    String::from_utf8(concordat(&["check", path]).stdout).unwrap()
}

fn codes(report: &str) -> Vec<&str> {
    report
        .lines()
        .filter(|l| l.len() == 5 && (l.starts_with('E') || l.starts_with('W')))
        .collect()
}

#[test]
fn a_deadline_far_off_is_e0017_not_a_date_before_the_miss() {
    for (name, deadline) in [
        ("deadline_months", "within 4294967290 months"),
        ("deadline_days", "within 4294967295 days"),
        ("deadline_weeks", "within 4294967295 weeks"),
        ("deadline_just_over", "within 121 months"),
    ] {
        let path = variant(
            name,
            &[(
                "escalate to hwb within 30 days",
                &format!("escalate to hwb {deadline}"),
            )],
        );
        let report = every_subcommand(&path, 1);
        assert_eq!(codes(&report), ["E0017", "E0017"], "{report}");
        assert!(report.contains(&format!("`{deadline}` is more than 10 years away")));
    }
    // Ten years to the day is allowed, and dated ten years after the miss.
    let path = variant(
        "deadline_ten_years",
        &[(
            "escalate to hwb within 30 days",
            "escalate to hwb within 120 months",
        )],
    );
    every_subcommand(&path, 0);
    let output = concordat(&["assess", path.to_str().unwrap(), "--returns", RETURNS]);
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(text.contains("by 2027-12-31"), "{text}");
}

#[test]
fn contributions_past_what_money_holds_are_e0018() {
    let big = "£999,999,999,999,999.99";
    let mut edits: Vec<(String, String)> = Vec::new();
    for line in BASE.lines() {
        let words: Vec<&str> = line.split_whitespace().collect();
        if let [who, amount] = words.as_slice() {
            if amount.starts_with('£') && who.len() <= 3 {
                edits.push((line.to_owned(), format!("      {who} {big}")));
            }
        }
    }
    assert_eq!(edits.len(), 14);
    let edits: Vec<(&str, &str)> = edits
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    // 14 amounts below the limit of a literal fit; the same agreement with
    // its tables copied into 7 more pools does not.
    let path = variant("amounts_fit", &edits);
    let report = every_subcommand(&path, 1);
    // The total is wrong, and the schemes no longer plan what the pool has.
    assert_eq!(codes(&report), ["E0310", "E0310", "E0303"], "{report}");
    assert!(
        report.contains("add up to £14,000,000,045,999,999.86"),
        "{report}"
    );

    let text = std::fs::read_to_string(&path).unwrap();
    let start = text.find("  pool bcf").unwrap();
    let end = start + text[start..].find("\n  }\n").unwrap() + 5;
    let pool = &text[start..end];
    let mut more = text.clone();
    for i in 0..7 {
        let copy = pool
            .replace("pool bcf", &format!("pool bcf{i}"))
            .replace("grant ibcf", &format!("grant ibcf{i}"))
            .replace("total £119m", "");
        more.insert_str(end, &copy);
    }
    let path = path.with_file_name("amounts_too_large.s75");
    std::fs::write(&path, more).unwrap();
    let report = every_subcommand(&path, 1);
    assert!(codes(&report).contains(&"E0018"), "{report}");
    assert!(report.contains("add up to more than"), "{report}");
    assert!(report.contains("£92,233,720,368,547,758.07"), "{report}");
}

#[test]
fn years_at_the_edges_of_the_calendar() {
    // Five-digit years are not financial years, nor is `6553/56`.
    let path = variant(
        "year_65535",
        &[("term 2017/18 to 2018/19", "term 65535/36 to 65536/37")],
    );
    assert_eq!(codes(&every_subcommand(&path, 1)), ["E0001"]);
    let path = variant(
        "year_6553",
        &[("term 2017/18 to 2018/19", "term 6553/56 to 2018/19")],
    );
    assert_eq!(codes(&every_subcommand(&path, 1)), ["E0011"]);
    // The last year there is, and the first: checked, summarised, assessed.
    let path = variant(
        "year_9999",
        &[
            ("term 2017/18 to 2018/19", "term 2017/18 to 9999/00"),
            (
                "target at most 9.2 by 2018/19 Q4",
                "target at most 9.2 by 9999/00 Q4",
            ),
        ],
    );
    let report = every_subcommand(&path, 1);
    assert!(codes(&report).contains(&"E0301"), "missing contributions");
    let path = variant(
        "year_0000",
        &[("baseline 14.6 in 2016/17 Q4", "baseline 14.6 in 0000/01 Q1")],
    );
    every_subcommand(&path, 0);
    let path = variant("quarter_9", &[("2017/18 Q1 13.0", "2017/18 Q9 13.0")]);
    assert_eq!(codes(&every_subcommand(&path, 1)), ["E0012"]);
}

#[test]
fn counts_at_the_limit_of_a_whole_number() {
    let max = "4294967295";
    let path = variant(
        "flag_after_max",
        &[(
            "tolerance 5% of expected\n",
            "tolerance 5% of expected\n    flag after 4294967295 consecutive misses\n",
        )],
    );
    every_subcommand(&path, 0);
    let path = variant("step_max", &[("4th: clawback", "4294967295th: clawback")]);
    every_subcommand(&path, 0);
    let path = variant(
        "seats_max",
        &[
            (
                "seats lcc 4 (1 elected_member, 1 dass, 1 dcs, 1 dph), gp 1",
                &format!(
                    "seats lcc {max} (4294967292 elected_member, 1 dass, 1 dcs, 1 dph), gp {max}"
                ),
            ),
            ("quorum 5 including", &format!("quorum {max} including")),
        ],
    );
    every_subcommand(&path, 0);
    let path = variant(
        "seats_too_many",
        &[("seats lcc 4 (", "seats lcc 4294967296 (")],
    );
    assert_eq!(codes(&every_subcommand(&path, 1)), ["E0014"]);
    let path = variant(
        "every_max",
        &[(
            "report quarterly to hwb within 8 weeks",
            "report every 4294967295 days to hwb within 8 weeks",
        )],
    );
    every_subcommand(&path, 0);
}

#[test]
fn figures_at_the_limit_of_the_decimal_type() {
    let most = "9,999,999,999,999,999,999,999,999,999";
    let tiny = "0.000000000000000000000000001";
    for (name, edits) in [
        (
            "trajectory_extremes",
            vec![
                ("2017/18 Q1 13.0", format!("2017/18 Q1 {most}")),
                ("2017/18 Q2 11.0", format!("2017/18 Q2 -{most}")),
            ],
        ),
        (
            "baseline_extremes",
            vec![
                ("baseline 14.6 in", format!("baseline -{most} in")),
                ("target at most 9.2 by", format!("target at most {tiny} by")),
            ],
        ),
        (
            "tolerance_extreme",
            vec![(
                "tolerance 5% of expected",
                format!("tolerance {most}% of expected"),
            )],
        ),
        (
            "absolute_tolerance_extreme",
            vec![("tolerance 5% of expected", format!("tolerance {most}"))],
        ),
        (
            "cap_extreme",
            vec![(
                "capped at contribution",
                "capped at £999,999,999,999,999.99".to_owned(),
            )],
        ),
    ] {
        let edits: Vec<(&str, &str)> = edits.iter().map(|(a, b)| (*a, b.as_str())).collect();
        let path = variant(name, &edits);
        // Warnings of a trajectory that moves away are fine; no panic, no error.
        every_subcommand(&path, 0);
    }
    // 29 digits cannot be held exactly: E0014, at the number.
    let path = variant(
        "number_too_long",
        &[(
            "baseline 14.6 in",
            "baseline 79,228,162,514,264,337,593,543,950,335 in",
        )],
    );
    assert_eq!(codes(&every_subcommand(&path, 1)), ["E0014"]);
    // A literal at the limit of the decimal type is not money.
    let path = variant(
        "money_at_decimal_limit",
        &[("lcc £6m\n", "lcc £79228162514264337593543950335\n")],
    );
    assert_eq!(codes(&every_subcommand(&path, 1)), ["E0010"]);
    // Percentages: a share past 100% is E0015; a clawback of a huge
    // percentage is larger than what it is taken from.
    let path = variant(
        "percent_extreme",
        &[(
            "clawback up to 10% of ibcf",
            "clawback up to 9999999999999999999999999999% of ibcf",
        )],
    );
    assert_eq!(codes(&every_subcommand(&path, 1)), ["E0405"]);
}

// ----- super-linear inputs: the result is right -----

fn check(text: &str) -> CheckReport {
    check_texts(
        &[("hostile.s75", text)],
        CheckOptions {
            keep_models: true,
            threads: 1,
        },
    )
}

/// The help of the one unknown name the report has (there must be one).
fn help_of_the_unknown_name(report: &CheckReport) -> String {
    let unknown: Vec<_> = report
        .diagnostics
        .iter()
        .filter(|d| d.code == Code::UnknownName)
        .collect();
    assert_eq!(unknown.len(), 1);
    unknown[0].help.clone().unwrap_or_default()
}

#[test]
fn two_long_names_get_no_suggestion() {
    let report = check(&hostile::long_names(100_000));
    assert!(!help_of_the_unknown_name(&report).contains("did you mean"));
    // A short slip is still caught.
    let report = check(&hostile::agreement(1, "", ", trsut 1", "", ""));
    let help = report
        .diagnostics
        .iter()
        .find(|d| d.code == Code::UnknownName)
        .unwrap()
        .help
        .clone();
    assert_eq!(help.as_deref(), Some("did you mean `trust`?"));
}

#[test]
fn a_suggestion_looks_at_the_first_names_declared_of_each_kind() {
    // 700 partners besides `council` and `trust` (declared first): a slip
    // in one of the first partners is caught; one past the first 500 is not,
    // as a suggestion compares at most 500 names (and, of names this long,
    // fewer: the table of edit distances it may fill is bounded too).
    let partners: String = (0..700)
        .map(|i| format!("  partner member_{i:03} \"P\" local_authority\n"))
        .collect();
    let help_for = |slip: &str| {
        let seats = format!(", {slip} 1");
        help_of_the_unknown_name(&check(&hostile::agreement(1, &partners, &seats, "", "")))
    };
    assert_eq!(help_for("membr_010"), "did you mean `member_010`?");
    assert!(!help_for("membr_650").contains("member_650"));
}

#[test]
fn many_unknown_names_among_many_declared_are_each_reported() {
    let n = 2_000;
    let report = check(&hostile::unknown_names(n));
    let unknown = report
        .diagnostics
        .iter()
        .filter(|d| d.code == Code::UnknownName)
        .count();
    assert_eq!(unknown, n);
}

#[test]
fn a_hundred_thousand_contributions_and_seats_with_one_repeat_each() {
    let n = 100_000;
    let report = check(&hostile::contributions_and_seats(n, true));
    let errors: Vec<(&str, &str)> = report
        .diagnostics
        .iter()
        .filter(|d| d.code.as_str().starts_with('E'))
        .map(|d| (d.code.as_str(), d.message.as_str()))
        .collect();
    assert_eq!(
        errors,
        [
            ("E0105", "`p99999` is given seats twice"),
            ("E0306", "`p0` is listed twice in the 2000/01 contributions"),
        ]
    );
}

#[test]
fn a_summary_of_three_thousand_trajectory_points_is_right() {
    let points = 3_000;
    let years = points / 4 + 1;
    let last = 2000 + years - 1;
    let text = hostile::trajectory(points);
    let report = check(&text);
    assert!(
        report
            .diagnostics
            .iter()
            .all(|d| d.code.as_str().starts_with('W')),
        "{:?}",
        report.diagnostics.first()
    );
    let agreement = &report.agreements[0];
    let points_of = agreement.obligations[0].trajectory_points();
    assert_eq!(points_of.len(), points + 2);
    let document = concordat::summary::summarise(agreement, &report.files[0]);
    let markdown = concordat::summary::render(&[document], concordat::summary::Format::Markdown);
    // Every milestone is a row of the table, with its value.
    assert!(
        markdown.contains("| 2000/01 Q1 | 5,000 |"),
        "first milestone"
    );
    assert!(
        markdown.contains(&format!("| {last}/{:02} Q4 | 1,000 |", (last + 1) % 100)),
        "target"
    );
    assert!(
        markdown.contains("| 2749/50 Q4 | 2,001 |"),
        "last milestone"
    );
}
