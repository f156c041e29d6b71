//! Returns made to be slow (`cargo bench --bench hostile_returns`), each at
//! n and 10n, so that the ratio of the times shows the work growing in
//! proportion to the input (near 10), not faster:
//!
//! - `yaml_bad_rows`: a YAML return whose every row names an unknown
//!   obligation (each problem is located within its own entry);
//! - `yaml_deep_blocks` and `yaml_deep_flow`: nesting by indentation
//!   (`- - - ...`) and by brackets (`[[[...`), refused by the pre-scan
//!   before serde_yaml reads them;
//! - `csv_open_quote`: a CSV return whose last row opens a quote that is
//!   never closed, after n plain rows;
//! - `csv_misnamed_rows`: a CSV return of n rows, each naming an
//!   obligation that is not in the synthetic agreement of 1,000
//!   obligations (only the first 100 problems are listed, and only they
//!   search the agreement's names for the nearest).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "tests and benchmarks fail loudly by design"
)]

use std::path::{Path, PathBuf};

use concordat::assess::{assess_paths, AssessOptions};
use concordat::diagnostics::Code;
use concordat::synthetic::returns::{agreement as synthetic, ReturnsShape};

fn main() {
    divan::main();
}

fn agreement() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/returns/agreement.s75")
}

/// Writes `text` to a file of its own named `name`.
fn file(name: &str, text: &str) -> PathBuf {
    let folder = std::env::temp_dir().join(format!("concordat-hostile-{}", std::process::id()));
    std::fs::create_dir_all(&folder).unwrap();
    let path = folder.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

/// Assesses `returns`, which must fail with `code`.
fn run(returns: &Path, code: Code) -> usize {
    run_against(&agreement(), returns, code)
}

/// Assesses `returns` against `agreement`, which must fail with `code`.
fn run_against(agreement: &Path, returns: &Path, code: Code) -> usize {
    let report = assess_paths(
        agreement,
        &[returns.to_path_buf()],
        AssessOptions::default(),
    );
    assert!(report.diagnostics.iter().any(|d| d.code == code));
    report.diagnostics.len()
}

#[divan::bench(args = [5_000, 50_000], sample_count = 10)]
fn yaml_bad_rows(bencher: divan::Bencher, rows: usize) {
    let text = "- obligation: admission\n  partner: council\n  period: 2017/18 Q2\n  value: 390\n  note: a note\n"
        .repeat(rows);
    let path = file(&format!("bad-{rows}.yaml"), &text);
    bencher.bench(|| run(divan::black_box(&path), Code::UnknownItem));
}

#[divan::bench(args = [100_000, 1_000_000], sample_count = 10)]
fn yaml_deep_blocks(bencher: divan::Bencher, levels: usize) {
    let text = format!("{}x\n", "- ".repeat(levels));
    let path = file(&format!("blocks-{levels}.yaml"), &text);
    bencher.bench(|| run(divan::black_box(&path), Code::ReturnTooDeep));
}

#[divan::bench(args = [100_000, 1_000_000], sample_count = 10)]
fn yaml_deep_flow(bencher: divan::Bencher, levels: usize) {
    let text = format!("- value: {}1{}\n", "[".repeat(levels), "]".repeat(levels));
    let path = file(&format!("flow-{levels}.yaml"), &text);
    bencher.bench(|| run(divan::black_box(&path), Code::ReturnTooDeep));
}

#[divan::bench(args = [100_000, 1_000_000], sample_count = 10)]
fn csv_open_quote(bencher: divan::Bencher, lines: usize) {
    let text = format!(
        "obligation,partner,period,value,note\n{}admissions,council,2017/18 Q2,390,\"open\n",
        "\n".repeat(lines)
    );
    let path = file(&format!("open-{lines}.csv"), &text);
    bencher.bench(|| run(divan::black_box(&path), Code::UnclosedQuote));
}

#[divan::bench(args = [100_000, 1_000_000], sample_count = 10)]
fn csv_misnamed_rows(bencher: divan::Bencher, rows: usize) {
    let agreement = file(
        "synthetic.s75",
        &synthetic(ReturnsShape::for_rows(1_000_000, 1_000)),
    );
    let mut text = String::from("obligation,partner,period,value,note\n");
    for row in 0..rows {
        text.push_str(&format!("ob_x{row},council,2020/21 Q1,5,\n"));
    }
    let path = file(&format!("misnamed-{rows}.csv"), &text);
    bencher.bench(|| run_against(&agreement, divan::black_box(&path), Code::UnknownItem));
}
