//! `concordat fmt` keeps meaning: on every shipped agreement and every
//! fixture that parses (new fixtures are covered as they are added), and on
//! generated agreements with their whitespace and comments shaken up:
//!
//! - the model of `fmt(x)` is the model of `x` (the agreements as JSON, and
//!   the codes of the diagnostics);
//! - `fmt(fmt(x)) == fmt(x)`;
//! - the comments of `x` appear in `fmt(x)`, in the same order;
//! - (generated) changing only spaces and indentation does not change
//!   `fmt(x)`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "tests and benchmarks fail loudly by design"
)]

use std::path::{Path, PathBuf};

use concordat::format::format_text;
use concordat::synthetic::{self, Shape};
use concordat::{check_texts, CheckOptions};
use proptest::prelude::*;
use proptest::test_runner::{Config as ProptestConfig, RngSeed};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every `*.s75` under `folder`, in path order.
fn s75_under(folder: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut folders = vec![folder.to_path_buf()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                folders.push(path);
            } else if path.extension().is_some_and(|e| e == "s75") {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

/// The shipped agreements and every fixture.
fn corpus() -> Vec<PathBuf> {
    let mut paths = s75_under(&root().join("agreements"));
    paths.extend(s75_under(&root().join("tests/fixtures")));
    paths
}

/// What `text` means: its agreements as JSON and the sorted codes of its
/// diagnostics.
fn meaning(text: &str) -> (String, Vec<String>) {
    let report = check_texts(
        &[("agreement.s75", text)],
        CheckOptions {
            keep_models: true,
            threads: 1,
        },
    );
    let models = serde_json::to_string_pretty(&report.agreements).unwrap();
    let mut codes: Vec<String> = report
        .diagnostics
        .iter()
        .map(|d| d.code.as_str().to_owned())
        .collect();
    codes.sort();
    (models, codes)
}

/// The `//` comments of `text` outside quoted texts, in order, without
/// trailing spaces.
fn comments(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    for line in text.lines() {
        let mut chars = line.char_indices().peekable();
        while let Some((at, c)) = chars.next() {
            match c {
                '"' => {
                    while let Some((_, c)) = chars.next() {
                        if c == '\\' {
                            chars.next();
                        } else if c == '"' {
                            break;
                        }
                    }
                }
                '\u{201C}' => {
                    for (_, c) in chars.by_ref() {
                        if c == '\u{201D}' {
                            break;
                        }
                    }
                }
                '/' if chars.peek().is_some_and(|(_, c)| *c == '/') => {
                    found.push(line[at..].trim_end().to_owned());
                    break;
                }
                _ => {}
            }
        }
    }
    found
}

/// Asserts the three properties of `fmt` on `text`, which parses; returns
/// `fmt(text)`.
fn assert_keeps_meaning(name: &str, text: &str) -> String {
    let formatted = format_text(text).unwrap_or_else(|d| panic!("{name}: not formatted: {d:?}"));
    let (models, codes) = meaning(text);
    let (models_after, codes_after) = meaning(&formatted);
    assert_eq!(models, models_after, "{name}: the model changed");
    assert_eq!(codes, codes_after, "{name}: the diagnostics changed");
    let again = format_text(&formatted).unwrap();
    assert_eq!(formatted, again, "{name}: not idempotent");
    assert_eq!(
        comments(text),
        comments(&formatted),
        "{name}: comments lost or moved"
    );
    formatted
}

#[test]
fn every_shipped_agreement_and_fixture_keeps_its_meaning() {
    let mut formatted = 0;
    for path in corpus() {
        let Ok(text) = String::from_utf8(std::fs::read(&path).unwrap()) else {
            continue;
        };
        if format_text(&text).is_err() {
            continue;
        }
        assert_keeps_meaning(&path.display().to_string(), &text);
        formatted += 1;
    }
    assert!(formatted >= 60, "only {formatted} files formatted");
}

#[test]
fn the_shipped_agreements_are_formatted() {
    for path in s75_under(&root().join("agreements")) {
        let text = std::fs::read_to_string(&path).unwrap();
        assert_eq!(
            format_text(&text).unwrap(),
            text,
            "{}: run `concordat fmt agreements/`",
            path.display()
        );
    }
}

#[test]
fn files_with_syntax_errors_are_refused_with_their_diagnostics() {
    for path in s75_under(&root().join("tests/fixtures/errors")) {
        let name = path.file_name().unwrap().to_str().unwrap();
        let Ok(text) = String::from_utf8(std::fs::read(&path).unwrap()) else {
            continue;
        };
        let syntax = ["E0001", "E0002", "E0004", "E0005", "E0006", "E0008"]
            .iter()
            .any(|code| name.starts_with(code));
        match format_text(&text) {
            Err(diagnostics) => {
                assert!(syntax, "{name}: refused");
                assert!(!diagnostics.is_empty());
            }
            Ok(_) => assert!(!syntax, "{name}: formatted despite syntax errors"),
        }
    }
}

/// A messy agreement: every kind of layout problem at once.
const MESSY: &str = "\n\n// A messy agreement.\n   agreement   messy \"Messy\"{   // opens\n\n\n\tbasis section 75 of \"NHS Act 2006\"\nterm 2017/18 to 2018/19   \n          governed by board\n\n\n\n  partner council \"Messy Council\" county_council // the host\npartner ccg    \"NHS Messy CCG\"   ccg\n   partner other_ccg \"NHS Other CCG\" ccg   // late\n\n  function care \"Care, with a comma\" social_care\n        function health \"Health // not a comment\" nhs\n  body board \"The board\" {\n\n  seats council 2 ,ccg 1,\n        other_ccg 1\n    quorum 2 including one of ( council , ccg )\n   meets quarterly\n\n  }\n  pool fund \"The fund\" {\n  host council   clause \"4.1\"\n   manager \"Head of Finance\" of council\n  functions care , health\n  contributions 2017/18 { council £1,000,000, ccg £2m,\n  other_ccg £1.5m }\n    contributions 2018/19 {\n council £1m\n  ccg   £2,000,000\n     other_ccg £1.5m\n\n  }   clause \"6.1\"\n  overspend shared by contribution ,  capped at contribution\n underspend retained in pool\n  }\n}\n\n\n";

#[test]
fn a_messy_agreement_is_laid_out() {
    let formatted = assert_keeps_meaning("messy", MESSY);
    insta::assert_snapshot!(formatted);
}

#[test]
fn standard_input_and_crlf_are_laid_out() {
    let crlf = MESSY.replace('\n', "\r\n");
    assert_eq!(format_text(&crlf).unwrap(), format_text(MESSY).unwrap());
    let bom = format!("\u{FEFF}{MESSY}");
    assert_eq!(format_text(&bom).unwrap(), format_text(MESSY).unwrap());
}

// ===== Generated agreements =====================================================

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: 48,
        rng_seed: RngSeed::Fixed(14),
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// A valid agreement: a small synthetic one, or a shipped one.
fn base() -> impl Strategy<Value = String> {
    let shipped: Vec<String> = s75_under(&root().join("agreements"))
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect();
    prop_oneof![
        (0usize..50, 1usize..4, 0usize..3, 0usize..4, 1usize..4).prop_map(
            |(area, nhs_partners, pools, obligations, years)| synthetic::agreement(
                area,
                Shape {
                    nhs_partners,
                    pools,
                    obligations,
                    years,
                }
            )
        ),
        proptest::sample::select(shipped),
    ]
}

/// The runs of spaces outside quoted texts and comments of `line`, as
/// byte ranges, and where a comment starts if there is one.
fn spaces_of(line: &str) -> Vec<(usize, usize)> {
    let bytes = line.as_bytes();
    let mut runs = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b' ' | b'\t' => {
                let start = i;
                while i < bytes.len() && (bytes[i] == b' ' || bytes[i] == b'\t') {
                    i += 1;
                }
                runs.push((start, i));
                continue;
            }
            b'"' => {
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
            }
            b'/' if bytes.get(i + 1) == Some(&b'/') => break,
            _ if bytes[i..].starts_with("\u{201C}".as_bytes()) => {
                let close = "\u{201D}".as_bytes();
                while i < bytes.len() && !bytes[i..].starts_with(close) {
                    i += 1;
                }
            }
            _ => {}
        }
        i += 1;
    }
    runs
}

/// `text` with each run of spaces outside texts and comments (indentation
/// included) replaced by one from `pick`, and spaces added at line ends.
fn respace(text: &str, pick: &[u8]) -> String {
    let fill = |n: usize| -> &'static str {
        ["  ", " ", "\t", "   ", " \t ", "      "]
            [pick.get(n % pick.len().max(1)).copied().unwrap_or(0) as usize % 6]
    };
    let mut n = 0;
    let mut out = String::new();
    for line in text.split('\n') {
        let mut last = 0;
        for (start, end) in spaces_of(line) {
            out.push_str(&line[last..start]);
            n += 1;
            out.push_str(fill(n));
            last = end;
        }
        out.push_str(&line[last..]);
        if !line.is_empty() && n % 3 == 0 {
            out.push_str(fill(n + 1));
        }
        out.push('\n');
    }
    out
}

/// `text` with blank lines and comments added between and at the end of
/// lines, where `pick` says.
fn recomment(text: &str, pick: &[u8]) -> String {
    let mut out = String::new();
    for (i, line) in text.split('\n').enumerate() {
        let choice = pick.get(i % pick.len().max(1)).copied().unwrap_or(0) % 8;
        match choice {
            0 => out.push_str("\n\n"),
            1 => out.push_str(&format!("    // note {i}, with \"quotes\"\n")),
            _ => {}
        }
        out.push_str(line);
        if choice == 2 {
            out.push_str(&format!(" // end {i} {{ }}"));
        }
        out.push('\n');
    }
    out
}

proptest! {
    #![proptest_config(config())]

    /// Spaces, tabs and indentation changed: the same layout comes out,
    /// and it means the same.
    #[test]
    fn generated_agreements_keep_meaning_whatever_their_spacing(
        text in base(),
        pick in proptest::collection::vec(any::<u8>(), 1..64),
    ) {
        let formatted = assert_keeps_meaning("generated", &text);
        let respaced = respace(&text, &pick);
        prop_assert_eq!(meaning(&respaced), meaning(&text), "the mutation changed the meaning");
        let formatted_respaced = assert_keeps_meaning("respaced", &respaced);
        prop_assert_eq!(formatted_respaced, formatted);
    }

    /// Blank lines and comments added: the meaning is kept, comments too.
    #[test]
    fn generated_agreements_keep_meaning_and_comments(
        text in base(),
        pick in proptest::collection::vec(any::<u8>(), 1..64),
        spaces in proptest::collection::vec(any::<u8>(), 1..64),
    ) {
        let mutated = respace(&recomment(&text, &pick), &spaces);
        prop_assert_eq!(meaning(&mutated), meaning(&text), "the mutation changed the meaning");
        assert_keeps_meaning("commented", &mutated);
    }
}

// ===== The command line =========================================================

fn concordat(args: &[&str], stdin: &str) -> std::process::Output {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let mut child = Command::new(env!("CARGO_BIN_EXE_concordat"))
        .args(args)
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

#[test]
fn fmt_writes_changed_files_only_and_check_and_diff_write_nothing() {
    let folder = tempfile::tempdir().unwrap();
    let messy = folder.path().join("messy.s75");
    let broken = folder.path().join("broken.s75");
    std::fs::write(&messy, MESSY).unwrap();
    let broken_text = "agreement x \"X\" {\n  hots bcc\n}\n";
    std::fs::write(&broken, broken_text).unwrap();
    let dir = folder.path().to_str().unwrap();

    // --check: lists the file that would change, exits 1, writes nothing.
    let out = concordat(&["fmt", "--check", dir], "");
    assert_eq!(out.status.code(), Some(1));
    let listed = String::from_utf8(out.stdout).unwrap();
    assert!(listed.contains("messy.s75"), "{listed}");
    assert!(String::from_utf8_lossy(&out.stderr).contains("E0001"));
    assert_eq!(std::fs::read_to_string(&messy).unwrap(), MESSY);

    // --diff: a unified diff, nothing written.
    let out = concordat(&["fmt", "--diff", messy.to_str().unwrap()], "");
    assert_eq!(out.status.code(), Some(1));
    let diff = String::from_utf8(out.stdout).unwrap();
    assert!(
        diff.contains("@@") && diff.contains("+  partner council "),
        "{diff}"
    );
    assert_eq!(std::fs::read_to_string(&messy).unwrap(), MESSY);

    // Writing: the messy file laid out, the broken one left untouched
    // (exit 1, with its diagnostics).
    let out = concordat(&["fmt", dir], "");
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("E0001"));
    assert_eq!(
        std::fs::read_to_string(&messy).unwrap(),
        format_text(MESSY).unwrap()
    );
    assert_eq!(std::fs::read_to_string(&broken).unwrap(), broken_text);

    // Now in the canonical layout: nothing to do, the file not rewritten.
    std::fs::remove_file(&broken).unwrap();
    let before = std::fs::metadata(&messy).unwrap().modified().unwrap();
    let out = concordat(&["fmt", "--check", dir], "");
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stdout.is_empty());
    let out = concordat(&["fmt", dir], "");
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        std::fs::metadata(&messy).unwrap().modified().unwrap(),
        before
    );
}

#[test]
fn fmt_reads_standard_input_and_writes_standard_output() {
    let out = concordat(&["fmt", "-"], MESSY);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        format_text(MESSY).unwrap()
    );
    let out = concordat(&["fmt", "--check", "-"], MESSY);
    assert_eq!(out.status.code(), Some(1));
    let out = concordat(&["fmt", "-"], "agreement x \"X\" {\n  hots bcc\n}\n");
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
}
