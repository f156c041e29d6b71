//! Assessing returns (`cargo bench --bench assess`): a synthetic agreement
//! of 1,000 obligations, each owned by every partner, and its CSV return,
//! written by `concordat::synthetic::returns`.
//!
//! - `one_million_rows`: 1,000,000 rows (25 partners × 40 quarters × 1,000
//!   obligations, ~30 MB), read, assessed and rendered.
//! - `rows`: 10,000 and 100,000 rows, to see the cost grow with the rows.
//!
//! Whole-process figures are measured with the `dist` binary (`cargo build
//! --profile dist`) on files written by `cargo run --release --example
//! returns`; see the README.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "tests and benchmarks fail loudly by design"
)]

use std::path::{Path, PathBuf};

use concordat::assess::{assess_paths, AssessOptions};
use concordat::diagnostics::render::RenderOptions;
use concordat::synthetic::returns::{agreement, write_csv, ReturnsShape};

fn main() {
    divan::main();
}

/// Writes the agreement and `rows` rows to a folder of their own.
fn files(rows: u64) -> (PathBuf, PathBuf, u64) {
    let folder =
        std::env::temp_dir().join(format!("concordat-bench-{}-{rows}", std::process::id()));
    std::fs::create_dir_all(&folder).unwrap();
    let shape = ReturnsShape::for_rows(rows, 1_000);
    let agreement_path = folder.join("agreement.s75");
    std::fs::write(&agreement_path, agreement(shape)).unwrap();
    let returns = folder.join("returns.csv");
    let mut out = std::io::BufWriter::new(std::fs::File::create(&returns).unwrap());
    let bytes = write_csv(&mut out, shape, rows).unwrap();
    drop(out);
    (agreement_path, returns, bytes)
}

fn run(agreement: &Path, returns: &Path) -> usize {
    let report = assess_paths(
        agreement,
        &[returns.to_path_buf()],
        AssessOptions::default(),
    );
    assert!(
        report.diagnostics.is_empty(),
        "synthetic returns must read clean"
    );
    report.render(RenderOptions::default()).len()
}

#[divan::bench(sample_count = 10)]
fn one_million_rows(bencher: divan::Bencher) {
    let (agreement, returns, bytes) = files(1_000_000);
    bencher
        .counter(divan::counter::BytesCount::new(bytes))
        .bench(|| run(divan::black_box(&agreement), divan::black_box(&returns)));
}

#[divan::bench(args = [10_000, 100_000], sample_count = 20)]
fn rows(bencher: divan::Bencher, rows: u64) {
    let (agreement, returns, bytes) = files(rows);
    bencher
        .counter(divan::counter::BytesCount::new(bytes))
        .bench(|| run(divan::black_box(&agreement), divan::black_box(&returns)));
}
