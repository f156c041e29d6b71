//! `summary FOLDER`: a paper per agreement file and an index linking each,
//! deterministic, a file with errors listed without a paper.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "tests and benchmarks fail loudly by design"
)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use concordat::summary::index::{papers_of, write_papers};
use concordat::summary::Format;
use concordat::Outcome;

/// A fresh empty folder under the target directory.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn concordat(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_concordat"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

/// The `href` targets of an HTML page, or the `(<...>)` targets of Markdown.
fn links(text: &str, open: &str, close: char) -> Vec<String> {
    text.split(open)
        .skip(1)
        .map(|rest| rest.split(close).next().unwrap().to_owned())
        .collect()
}

#[test]
fn every_shipped_agreement_is_listed_with_a_working_link() {
    let out = scratch("index-shipped");
    let papers = write_papers(Path::new("agreements"), &out, Format::Html).unwrap();
    assert_eq!(papers.outcome(), Outcome::Clean);
    assert_eq!(papers.entries.len(), 6);
    let index = std::fs::read_to_string(out.join("index.html")).unwrap();
    let hrefs = links(&index, "<a href=\"", '"');
    assert_eq!(hrefs.len(), 6, "{index}");
    for (entry, href) in papers.entries.iter().zip(&hrefs) {
        assert!(
            !href.contains('/') && !href.contains(':'),
            "{href}: not relative"
        );
        let paper = std::fs::read_to_string(out.join(href)).unwrap();
        assert!(
            paper.contains(&format!("<h1>{}</h1>", entry.title)),
            "{href}"
        );
        assert!(index.contains(&entry.title));
        assert!(index.contains(&entry.partners[0]));
        assert!(index.contains(&entry.pooled.to_string()));
    }
    // In path order.
    let sources: Vec<&str> = papers.entries.iter().map(|e| e.source.as_str()).collect();
    let mut sorted = sources.clone();
    sorted.sort_unstable();
    assert_eq!(sources, sorted);
    assert!(index.contains("no problems"));
    assert!(!index.to_lowercase().contains("<script"));
    // The same folder gives the same files, byte for byte.
    let again = papers_of(Path::new("agreements"), Format::Html);
    assert_eq!(again.index, papers.index);
    assert_eq!(again.papers, papers.papers);
}

#[test]
fn the_markdown_index_links_each_paper() {
    let papers = papers_of(Path::new("agreements"), Format::Markdown);
    let (name, index) = &papers.index;
    assert_eq!(name, "index.md");
    let targets = links(index, "](<", '>');
    let names: Vec<&str> = papers.papers.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(targets, names);
    assert!(names.iter().all(|n| n.ends_with(".md")));
    // The index as a reader sees it: one line per agreement, its partners,
    // the money pooled and what `check` found.
    insta::assert_snapshot!("markdown_index_of_the_shipped_agreements", index);
}

#[test]
fn a_file_with_errors_is_listed_without_a_paper_and_fails_the_run() {
    let folder = scratch("index-errors");
    let nested = folder.join("sub");
    std::fs::create_dir_all(&nested).unwrap();
    std::fs::copy("tests/fixtures/valid/small.s75", nested.join("small.s75")).unwrap();
    std::fs::copy(
        "tests/fixtures/errors/E0001_bad_money_literal.s75",
        folder.join("broken.s75"),
    )
    .unwrap();
    let out = folder.join("missing").join("papers");
    let run = concordat(&[
        "summary",
        "--format",
        "html",
        "-o",
        out.to_str().unwrap(),
        folder.to_str().unwrap(),
    ]);
    assert_eq!(
        run.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(String::from_utf8_lossy(&run.stderr).contains("E0001"));
    let mut written: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    written.sort();
    assert_eq!(written, ["index.html", "sub--small.html"]);
    let index = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(index.contains("1 error, no paper"), "{index}");
    assert!(index.contains("<a href=\"sub--small.html\">"), "{index}");
    assert!(index.find("broken.s75") < index.find("sub/small.s75"));
}

#[test]
fn a_folder_needs_an_output_folder_and_takes_no_returns() {
    let run = concordat(&["summary", "agreements"]);
    assert_eq!(run.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&run.stderr).contains("-o FOLDER"));
    let run = concordat(&[
        "summary",
        "-o",
        "target/never",
        "agreements",
        "--returns",
        "agreements/returns/lancashire_bcf.csv",
    ]);
    assert_eq!(run.status.code(), Some(2));
    assert!(!Path::new("target/never").exists());
}
