//! Small inputs that once took super-linear work, each at n and 10n
//! (`cargo bench --bench hostile`): the time at 10n should be about ten times
//! the time at n.
//!
//! - `long_names`: an unknown name and a declared one, each n characters
//!   ("did you mean" compares names of at most 64 characters).
//! - `many_unknown_names`: n declared partners and n seats given to names
//!   never declared ("did you mean" looks at 500 candidates at most).
//! - `trajectory_summary`: the Markdown summary of an obligation with n
//!   trajectory points (the points are worked out once per chart).
//! - `many_contributions_and_seats`: a pool with n contributions and a board
//!   with n seats (repeated entries are found in sets).
//!
//! The texts are generated here; each run asserts the result, not the time.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "tests and benchmarks fail loudly by design"
)]

use std::fmt::Write as _;

use concordat::diagnostics::Code;
use concordat::{check_texts, CheckOptions, CheckReport};

fn main() {
    divan::main();
}

fn check(text: &str, keep_models: bool) -> CheckReport {
    check_texts(
        &[("hostile.s75", text)],
        CheckOptions {
            keep_models,
            threads: 1,
        },
    )
}

/// A governing board and two partners around `body`, over `years` years from
/// 2000/01, with a contributions table for each year.
fn agreement(years: usize, partners: &str, seats: &str, pool_extra: &str, body: &str) -> String {
    let last = 2000 + years - 1;
    let mut tables = String::new();
    for year in 2000..=last {
        writeln!(
            tables,
            "    contributions {year}/{:02} {{ council £1m, trust £1m{pool_extra} }}",
            (year + 1) % 100
        )
        .unwrap();
    }
    format!(
        "agreement hostile \"Hostile\" {{
  term 2000/01 to {last}/{:02}
  governed by board
  partner council \"Council\" local_authority
  partner trust \"Trust\" nhs_trust
{partners}
  body board \"Board\" {{
    seats council 1, trust 1{seats}
    quorum 2
    meets quarterly
  }}
  pool fund \"Fund\" {{
    host council
    manager \"Director of Finance\"
{tables}    overspend shared by contribution
    underspend returned by contribution
  }}
{body}}}
",
        (last + 1) % 100
    )
}

/// Two names of `chars` characters each, one used and never declared.
fn long_names_text(chars: usize) -> String {
    let declared = format!("p{}", "a".repeat(chars));
    let used = format!("p{}b", "a".repeat(chars - 1));
    agreement(
        1,
        &format!("  partner {declared} \"Long\" local_authority"),
        &format!(", {used} 1"),
        "",
        "",
    )
}

#[divan::bench(args = [10_000, 100_000], sample_count = 10)]
fn long_names(bencher: divan::Bencher, chars: usize) {
    let text = long_names_text(chars);
    bencher.bench(|| {
        let report = check(divan::black_box(&text), false);
        assert!(report
            .diagnostics
            .iter()
            .any(|d| d.code == Code::UnknownName));
        report.diagnostics.len()
    });
}

#[divan::bench(args = [1_000, 10_000], sample_count = 10)]
fn many_unknown_names(bencher: divan::Bencher, n: usize) {
    let partners: String = (0..n)
        .map(|i| format!("  partner partner_{i:06} \"P\" local_authority\n"))
        .collect();
    let seats: String = (0..n).map(|i| format!(", member_{i:06} 1")).collect();
    let text = agreement(1, &partners, &seats, "", "");
    bencher.bench(|| {
        let report = check(divan::black_box(&text), false);
        let unknown = report
            .diagnostics
            .iter()
            .filter(|d| d.code == Code::UnknownName)
            .count();
        assert_eq!(unknown, n);
    });
}

/// An obligation whose trajectory has a point at each of `points` quarters.
fn trajectory_text(points: usize) -> String {
    let years = points.div_ceil(4) + 1;
    let milestones: Vec<String> = (0..points)
        .map(|i| {
            let year = 2000 + i / 4;
            format!(
                "{year}/{:02} Q{} {}",
                (year + 1) % 100,
                i % 4 + 1,
                1_000 - i % 7
            )
        })
        .collect();
    let last = 2000 + years - 1;
    let obligation = format!(
        "  obligation admissions \"Admissions\" {{
    owner council
    metric \"Admissions\" in count, lower is better
    baseline 1,000 in 2000/01 Q1
    target at most 900 by {last}/{:02} Q4
    trajectory {{ {} }}
    tolerance 5% of expected
    report quarterly to board
  }}
",
        (last + 1) % 100,
        milestones.join(", ")
    );
    agreement(years, "", "", "", &obligation)
}

#[divan::bench(args = [300, 3_000], sample_count = 10)]
fn trajectory_summary(bencher: divan::Bencher, points: usize) {
    let text = trajectory_text(points);
    let report = check(&text, true);
    assert!(
        report
            .diagnostics
            .iter()
            .all(|d| d.code.as_str().starts_with('W')),
        "{:?}",
        report.diagnostics.first()
    );
    let agreement = &report.agreements[0];
    let file = &report.files[0];
    bencher.bench(|| {
        let document = concordat::summary::summarise(divan::black_box(agreement), file);
        concordat::summary::render(&[document], concordat::summary::Format::Markdown).len()
    });
}

#[divan::bench(args = [10_000, 100_000], sample_count = 10)]
fn many_contributions_and_seats(bencher: divan::Bencher, n: usize) {
    let partners: String = (0..n)
        .map(|i| format!("  partner p{i} \"P\" local_authority\n"))
        .collect();
    let seats: String = (0..n).map(|i| format!(", p{i} 1")).collect();
    let contributions: String = (0..n).map(|i| format!(", p{i} £1")).collect();
    let text = agreement(1, &partners, &seats, &contributions, "");
    bencher.bench(|| {
        let report = check(divan::black_box(&text), false);
        assert!(report
            .diagnostics
            .iter()
            .all(|d| d.code.as_str().starts_with('W')));
        report.diagnostics.len()
    });
}
