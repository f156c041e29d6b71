//! Assessing returns (`cargo bench --bench assess`): a synthetic agreement
//! of 1,000 obligations, each owned by every partner, and its CSV return,
//! written by `concordat::synthetic::returns`.
//!
//! - `one_million_rows`: 1,000,000 rows (25 partners × 40 quarters × 1,000
//!   obligations, ~30 MB), read, assessed and rendered.
//! - `rows`: 10,000 and 100,000 rows, to see the cost grow with the rows.
//! - `one_million_rows_written`: the same million rows, the report written
//!   as it goes (as the command does) in each format, to a sink.
//!
//! Before the timings, the peak of memory of one assessment of the million
//! rows, written in each format, is printed (on Linux: the resident peak
//! over what the process held before it), each format in a process of its
//! own, so that none reuses memory the allocator kept from another.
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

#[path = "common/peak.rs"]
mod peak;

use std::path::{Path, PathBuf};

use concordat::assess::stream::assess_paths_streamed;
use concordat::assess::{assess_paths, AssessOptions, ReadOptions};
use concordat::diagnostics::render::{Format, RenderOptions};
use concordat::synthetic::returns::{agreement, write_csv, ReturnsShape};

const FORMATS: [Format; 3] = [Format::Human, Format::Plain, Format::Json];

/// Set in the process that measures one format's peak: the format's name.
const PEAK_OF: &str = "CONCORDAT_BENCH_PEAK_OF";

fn main() {
    if let Ok(name) = std::env::var(PEAK_OF) {
        let format = FORMATS.into_iter().find(|f| format!("{f:?}") == name);
        peak_memory(format.expect("a format the parent named"));
        return;
    }
    for format in FORMATS {
        let status = std::process::Command::new(std::env::current_exe().unwrap())
            .env(PEAK_OF, format!("{format:?}"))
            .status()
            .unwrap();
        assert!(status.success(), "measuring the peak of {format:?} failed");
    }
    divan::main();
    for rows in [1_000_000, 10_000, 100_000] {
        let _ = std::fs::remove_dir_all(folder(rows));
    }
}

/// Prints the peak of memory (resident, over what the process held
/// before) of one assessment of a million rows written as it goes in
/// `format`. Linux only: the peak is reset through `/proc/self/clear_refs`
/// and read from `/proc/self/status`.
fn peak_memory(format: Format) {
    let (agreement, returns, _) = files(1_000_000);
    let Some(before) = peak::reset_peak() else {
        println!("peak memory: not measured (needs Linux's /proc)");
        return;
    };
    let bytes = written(&agreement, &returns, format);
    let peak = peak::peak_kib().unwrap_or(0).saturating_sub(before);
    let _ = std::fs::remove_dir_all(folder(1_000_000));
    println!(
        "assess, 1,000,000 rows, {format:?}, written as it goes: peak memory {:.1} MiB over the start ({:.1} MB written)",
        peak as f64 / 1024.0,
        bytes as f64 / 1e6
    );
}

/// The assessment of `returns` written in `format` to a sink, as the
/// command writes it; gives the bytes written.
fn written(agreement: &Path, returns: &Path, format: Format) -> u64 {
    let options = AssessOptions {
        periods: format == Format::Json,
        ..AssessOptions::default()
    };
    let report = assess_paths_streamed(
        agreement,
        &[returns.to_path_buf()],
        options,
        &ReadOptions::default(),
    );
    assert!(report.report.diagnostics.is_empty());
    let mut sink = Counted(0);
    let render = RenderOptions {
        format,
        ..RenderOptions::default()
    };
    report.write(render, &mut sink).unwrap();
    sink.0
}

/// A sink that counts what is written to it.
struct Counted(u64);

impl std::io::Write for Counted {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0 += buf.len() as u64;
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Writes the agreement and `rows` rows to a folder of their own.
/// The folder of this process's files for `rows` rows.
fn folder(rows: u64) -> PathBuf {
    std::env::temp_dir().join(format!("concordat-bench-{}-{rows}", std::process::id()))
}

fn files(rows: u64) -> (PathBuf, PathBuf, u64) {
    let folder = folder(rows);
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

#[divan::bench(args = FORMATS, sample_count = 5)]
fn one_million_rows_written(bencher: divan::Bencher, format: Format) {
    let (agreement, returns, bytes) = files(1_000_000);
    bencher
        .counter(divan::counter::BytesCount::new(bytes))
        .bench(|| {
            written(
                divan::black_box(&agreement),
                divan::black_box(&returns),
                format,
            )
        });
}
