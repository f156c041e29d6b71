//! The assessment written as it goes gives the same bytes as the one
//! rendered whole, in every format, with the periods of `--format json`
//! worked out while the document is written; a writer that fails is an
//! error, never a panic.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "tests and benchmarks fail loudly by design"
)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use concordat::assess::stream::assess_paths_streamed;
use concordat::assess::{assess_paths_read, AssessOptions, ReadOptions};
use concordat::diagnostics::render::{Format, RenderOptions};
use concordat::synthetic::returns::{agreement, write_csv, ReturnsShape};

/// Agreements and their returns: the shipped ones, the fixtures with
/// monitoring and grants, and a return with problems.
const CASES: &[(&str, &str)] = &[
    (
        "agreements/birmingham_ld_mh.s75",
        "agreements/returns/birmingham_ld_mh.csv",
    ),
    (
        "agreements/blackburn_care_trust_plus.s75",
        "agreements/returns/blackburn_care_trust_plus.yaml",
    ),
    (
        "agreements/health_and_care_single_budget.s75",
        "agreements/returns/health_and_care_single_budget.xlsx",
    ),
    (
        "agreements/lancashire_bcf.s75",
        "agreements/returns/lancashire_bcf.csv",
    ),
    (
        "agreements/lancashire_public_health.s75",
        "agreements/returns/lancashire_public_health.yaml",
    ),
    (
        "agreements/rotherham_bcf.s75",
        "agreements/returns/rotherham_bcf.csv",
    ),
    (
        "tests/fixtures/monitoring/agreement.s75",
        "tests/fixtures/monitoring/returns.csv",
    ),
    (
        "tests/fixtures/grants/agreement.s75",
        "tests/fixtures/grants/returns.csv",
    ),
    (
        "tests/fixtures/returns/agreement.s75",
        "tests/fixtures/returns/E0604_unknown_partner.csv",
    ),
];

const FORMATS: &[Format] = &[
    Format::Json,
    Format::Human,
    Format::Plain,
    Format::Sarif,
    Format::Short,
];

fn options(format: Format) -> RenderOptions {
    RenderOptions {
        format,
        colour: false,
        deny_warnings: false,
    }
}

/// Asserts that every format of the assessment of `returns` written as it
/// goes is the assessment rendered whole, every period kept.
fn same_bytes(agreement: &Path, returns: &Path) {
    let assess = AssessOptions {
        periods: true,
        ..AssessOptions::default()
    };
    let returns = [returns.to_path_buf()];
    let reading = ReadOptions::default();
    let whole = assess_paths_read(agreement, &returns, assess, &reading);
    let streamed = assess_paths_streamed(agreement, &returns, assess, &reading);
    if let Some(assessment) = &streamed.report.assessment {
        // The periods are not kept: they are written as they are worked out.
        let kept = assessment
            .obligations
            .iter()
            .flat_map(|o| &o.owners)
            .any(|o| !o.periods.is_empty());
        assert!(!kept, "{}", agreement.display());
    }
    for &format in FORMATS {
        let rendered = whole.render(options(format));
        let mut written = Vec::new();
        streamed.write(options(format), &mut written).unwrap();
        assert_eq!(
            String::from_utf8(written).unwrap(),
            rendered,
            "{} {format:?}",
            agreement.display()
        );
        let mut written = Vec::new();
        whole.write(options(format), &mut written).unwrap();
        assert_eq!(String::from_utf8(written).unwrap(), rendered);
    }
}

#[test]
fn written_as_it_goes_is_the_report_rendered_whole() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for (agreement, returns) in CASES {
        same_bytes(&root.join(agreement), &root.join(returns));
    }
}

#[test]
fn synthetic_returns_written_as_they_go_are_the_report_rendered_whole() {
    let folder = std::env::temp_dir().join(format!("concordat-stream-{}", std::process::id()));
    std::fs::create_dir_all(&folder).unwrap();
    let rows = 6_000;
    let shape = ReturnsShape::for_rows(rows, 40);
    let agreement_path = folder.join("agreement.s75");
    std::fs::write(&agreement_path, agreement(shape)).unwrap();
    let returns = folder.join("returns.csv");
    let mut out = std::io::BufWriter::new(std::fs::File::create(&returns).unwrap());
    write_csv(&mut out, shape, rows).unwrap();
    drop(out);
    same_bytes(&agreement_path, &returns);
    std::fs::remove_dir_all(&folder).unwrap();
}

/// A writer that takes `room` bytes, then fails.
struct Full {
    room: usize,
}

impl Write for Full {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.room == 0 {
            return Err(std::io::Error::new(
                std::io::ErrorKind::BrokenPipe,
                "closed",
            ));
        }
        let n = buf.len().min(self.room);
        self.room -= n;
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[test]
fn a_writer_that_fails_is_an_error() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let assess = AssessOptions {
        periods: true,
        ..AssessOptions::default()
    };
    let streamed = assess_paths_streamed(
        &root.join("agreements/lancashire_bcf.s75"),
        &[root.join("agreements/returns/lancashire_bcf.csv")],
        assess,
        &ReadOptions::default(),
    );
    for &format in FORMATS {
        let mut whole = Vec::new();
        streamed.write(options(format), &mut whole).unwrap();
        if whole.is_empty() {
            continue;
        }
        for room in [0, 10, whole.len() / 2, whole.len() - 1] {
            let error = streamed
                .write(options(format), &mut Full { room })
                .unwrap_err();
            assert_eq!(error.kind(), std::io::ErrorKind::BrokenPipe, "{format:?}");
        }
    }
}

fn concordat() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_concordat"));
    command
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1")
        .env_remove("GITHUB_STEP_SUMMARY");
    command
}

#[test]
fn the_command_writes_the_document_and_ends_quietly_on_a_closed_pipe() {
    let args = [
        "assess",
        "agreements/lancashire_bcf.s75",
        "--returns",
        "agreements/returns/lancashire_bcf.csv",
        "--format",
        "json",
    ];
    let output = concordat().args(args).output().unwrap();
    // The command runs at the root of the repository, as the tests do.
    let whole = assess_paths_read(
        Path::new("agreements/lancashire_bcf.s75"),
        &[PathBuf::from("agreements/returns/lancashire_bcf.csv")],
        AssessOptions {
            periods: true,
            ..AssessOptions::default()
        },
        &ReadOptions::default(),
    );
    assert_eq!(
        String::from_utf8(output.stdout).unwrap(),
        whole.render(options(Format::Json))
    );
    // `-o FILE`: the same document.
    let file: PathBuf =
        std::env::temp_dir().join(format!("concordat-stream-out-{}.json", std::process::id()));
    let written = concordat()
        .args(args)
        .arg("-o")
        .arg(&file)
        .output()
        .unwrap();
    assert!(written.stdout.is_empty());
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        whole.render(options(Format::Json))
    );
    std::fs::remove_file(&file).unwrap();
    // A reader that closes its end at once: no panic, exit code 2.
    let mut child = concordat()
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let ended = child.wait_with_output().unwrap();
    let stderr = String::from_utf8(ended.stderr).unwrap();
    assert!(!stderr.contains("panic"), "{stderr}");
    assert!(matches!(ended.status.code(), Some(0 | 2)), "{stderr}");
}
