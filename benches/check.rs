//! Checker throughput on synthetic agreements (`cargo bench --bench check`).
//!
//! - `typical_agreement`: one ~7 KB agreement, read, resolved and checked.
//! - `national_corpus`: 150 agreements (~1.1 MB) on one thread and on all.
//! - `ten_megabytes`: one file of ~10 MB.
//!
//! Before the timings, the peak of memory of one check of a file is printed
//! as a multiple of its size (on Linux: the resident peak over what the
//! process held before, from `/proc/self/status`): the ~11.7 MB agreement,
//! a million governance bodies each accountable to the next (~62.7 MB), and
//! 1,500 typical agreements (~12.2 MB), each written to a temporary folder
//! and checked from there as `concordat check` does.
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

#[path = "common/peak.rs"]
mod peak;

use std::path::PathBuf;

use concordat::synthetic::{agreement, corpus, Shape};
use concordat::{check_paths, check_texts, CheckOptions};

fn main() {
    peak_memory();
    divan::main();
}

/// Files by name, with their text.
type Files = Vec<(String, String)>;

/// Prints the peak of memory of checking each large input, over what the
/// process held before, and that as a multiple of the input's size.
fn peak_memory() {
    let folder = std::env::temp_dir().join(format!("concordat-bench-check-{}", std::process::id()));
    let inputs: [(&str, &str, Files); 3] = [
        (
            "big",
            "one agreement of 2,000 pools and 15,000 obligations",
            vec![("big.s75".to_owned(), agreement(0, Shape::ten_megabytes()))],
        ),
        (
            "chain",
            "a million bodies, each accountable to the next",
            vec![(
                "chain.s75".to_owned(),
                concordat::synthetic::accountability_chain(1_000_000, false),
            )],
        ),
        (
            "corpus",
            "1,500 typical agreements",
            corpus(1_500, Shape::default()),
        ),
    ];
    for (name, what, files) in inputs {
        let dir = folder.join(name);
        std::fs::create_dir_all(&dir).unwrap();
        let mut bytes = 0;
        for (name, text) in &files {
            std::fs::write(dir.join(name), text).unwrap();
            bytes += text.len();
        }
        drop(files);
        let Some(before) = peak::reset_peak() else {
            println!("peak memory: not measured (needs Linux's /proc)");
            break;
        };
        let report = check_paths(
            &[PathBuf::from(&dir)],
            CheckOptions {
                keep_models: false,
                threads: 2,
            },
        );
        assert!(report.diagnostics.is_empty());
        let peak = peak::peak_kib().unwrap_or(0).saturating_sub(before) * 1024;
        println!(
            "check, {what} ({:.1} MB): peak memory {:.1} MB over the start, {:.1} times the input",
            bytes as f64 / 1e6,
            peak as f64 / 1e6,
            peak as f64 / bytes as f64
        );
    }
    let _ = std::fs::remove_dir_all(&folder);
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
