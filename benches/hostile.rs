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
//! The texts come from `concordat::synthetic::hostile`, which
//! `tests/limits.rs` checks for the right result; each run here asserts the
//! result too, not the time.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "tests and benchmarks fail loudly by design"
)]

use concordat::diagnostics::Code;
use concordat::synthetic::hostile;
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

#[divan::bench(args = [10_000, 100_000], sample_count = 10)]
fn long_names(bencher: divan::Bencher, chars: usize) {
    let text = hostile::long_names(chars);
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
    let text = hostile::unknown_names(n);
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

#[divan::bench(args = [300, 3_000], sample_count = 10)]
fn trajectory_summary(bencher: divan::Bencher, points: usize) {
    let text = hostile::trajectory(points);
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
    let text = hostile::contributions_and_seats(n, false);
    bencher.bench(|| {
        let report = check(divan::black_box(&text), false);
        assert!(report
            .diagnostics
            .iter()
            .all(|d| d.code.as_str().starts_with('W')));
        report.diagnostics.len()
    });
}
