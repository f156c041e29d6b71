//! Checker throughput on synthetic agreements (`cargo bench --bench check`).
//!
//! - `typical_agreement`: one ~7 KB agreement, read, resolved and checked.
//! - `national_corpus`: 150 agreements (~1.1 MB) on one thread and on all.
//! - `ten_megabytes`: one file of ~10 MB.
//!
//! Whole-process figures (start-up and file reading included) are measured
//! with the `dist` binary (`cargo build --profile dist`, the profile of
//! published binaries) on files written by `cargo run --release --example
//! corpus`; see the README's performance section.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "tests and benchmarks fail loudly by design"
)]

use concordat::synthetic::{agreement, corpus, Shape};
use concordat::{check_texts, CheckOptions};

fn main() {
    divan::main();
}

fn run(texts: &[(String, String)], threads: usize) -> usize {
    let borrowed: Vec<(&str, &str)> = texts
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    let report = check_texts(
        &borrowed,
        CheckOptions {
            keep_models: false,
            threads,
        },
    );
    assert!(
        report.diagnostics.is_empty(),
        "synthetic agreements must check clean"
    );
    report.files.len()
}

#[divan::bench]
fn typical_agreement(bencher: divan::Bencher) {
    let texts = vec![("area.s75".to_owned(), agreement(0, Shape::default()))];
    let bytes = texts.iter().map(|(_, t)| t.len()).sum::<usize>();
    bencher
        .counter(divan::counter::BytesCount::new(bytes))
        .bench(|| run(divan::black_box(&texts), 1));
}

#[divan::bench(args = [1, 2])]
fn national_corpus(bencher: divan::Bencher, threads: usize) {
    let texts = corpus(150, Shape::default());
    let bytes = texts.iter().map(|(_, t)| t.len()).sum::<usize>();
    bencher
        .counter(divan::counter::BytesCount::new(bytes))
        .bench(|| run(divan::black_box(&texts), threads));
}

#[divan::bench(sample_count = 10)]
fn ten_megabytes(bencher: divan::Bencher) {
    let shape = Shape::ten_megabytes();
    let texts = vec![("big.s75".to_owned(), agreement(0, shape))];
    let bytes = texts.iter().map(|(_, t)| t.len()).sum::<usize>();
    bencher
        .counter(divan::counter::BytesCount::new(bytes))
        .bench(|| run(divan::black_box(&texts), 1));
}

/// The graph rules on a chain of a million bodies, each accountable to the
/// next and the last to the governing board (read once, outside the timing):
/// the searches are iterative, so the depth cannot exhaust the stack.
#[divan::bench(sample_count = 3)]
fn accountability_chain_of_a_million(bencher: divan::Bencher) {
    let text = concordat::synthetic::accountability_chain(1_000_000, false);
    let report = check_texts(
        &[("chain.s75", &text)],
        CheckOptions {
            keep_models: true,
            threads: 1,
        },
    );
    assert!(report.diagnostics.is_empty());
    let agreement = &report.agreements[0];
    bencher.bench(|| {
        let graph = concordat::graph::ResponsibilityGraph::build(divan::black_box(agreement));
        concordat::check::graph_findings(agreement, &graph).len()
    });
}
