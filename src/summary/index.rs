//! Papers for a folder of agreements: one paper per agreement file, and an
//! index with one line per agreement (its title linked to its paper, its
//! partners, the money pooled over its term, and what `check` found).
//!
//! The folder is walked as `check` walks it ([`crate::check_paths`]: links
//! followed only inside the folder). A file with errors gets no paper; its
//! line in the index says how many errors it has. Everything is in path
//! order, so the same folder always gives the same files.

use std::path::Path;

use super::{render, summarise, Format};
use crate::model::Agreement;
use crate::money::Money;
use crate::text::{escape_markdown, escape_xml};
use crate::{CheckOptions, CheckReport, Outcome};

/// One line of the index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The agreement's title (the file's path if no agreement could be read).
    pub title: String,
    /// The agreement file, relative to the folder, with `/` between names.
    pub source: String,
    /// The file name of its paper in the output folder; `None` when the
    /// file has errors and so no paper.
    pub paper: Option<String>,
    /// The partners' names, in the order the agreement declares them.
    pub partners: Vec<String>,
    /// Every contribution and grant of every pool over the term, as
    /// written; figures notified later are not counted.
    pub pooled: Money,
    /// The errors `check` found in the file.
    pub errors: usize,
    /// The warnings `check` found in the file.
    pub warnings: usize,
    /// The marks the agreement carries as a whole (`draft`,
    /// `illustrative`), each kind once, in the order written.
    pub marks: Vec<crate::model::MarkKind>,
}

/// The papers of a folder, ready to write.
#[derive(Debug)]
pub struct Papers {
    /// Each paper: its file name in the output folder and its text.
    pub papers: Vec<(String, String)>,
    /// The lines of the index, in path order.
    pub entries: Vec<Entry>,
    /// The index: `index.html` or `index.md`, and its text.
    pub index: (String, String),
    /// What `check` found in the folder; its outcome is the run's.
    pub report: CheckReport,
}

/// The papers of the agreements in `folder`, in `format`, with their index.
pub fn papers_of(folder: &Path, format: Format) -> Papers {
    let report = crate::check_paths(
        &[folder.to_path_buf()],
        CheckOptions {
            keep_models: true,
            threads: 0,
        },
    );
    let extension = match format {
        Format::Markdown => "md",
        Format::Html => "html",
    };
    let mut papers = Vec::new();
    let mut entries = Vec::new();
    let mut names: Vec<String> = vec![format!("index.{extension}")];
    for file in &report.files {
        let agreements: Vec<&Agreement> = report
            .agreements
            .iter()
            .filter(|a| a.span.file == file.id)
            .collect();
        let (mut errors, mut warnings) = (0, 0);
        for d in &report.diagnostics {
            if d.primary.as_ref().is_some_and(|l| l.span.file == file.id) {
                if d.is_error() {
                    errors += 1;
                } else {
                    warnings += 1;
                }
            }
        }
        let source = relative(folder, &file.path);
        if agreements.is_empty() && errors == 0 {
            // A file of shared definitions only (imported by the others).
            continue;
        }
        let paper = (errors == 0).then(|| {
            let name = unique(&mut names, &source, extension);
            let documents: Vec<_> = agreements.iter().map(|a| summarise(a, file)).collect();
            papers.push((name.clone(), render(&documents, format)));
            name
        });
        if agreements.is_empty() {
            entries.push(Entry {
                title: source.clone(),
                source,
                paper,
                partners: Vec::new(),
                pooled: Money::ZERO,
                errors,
                warnings,
                marks: Vec::new(),
            });
            continue;
        }
        for agreement in agreements {
            entries.push(Entry {
                title: agreement.title.to_string(),
                source: source.clone(),
                paper: paper.clone(),
                partners: agreement
                    .partners
                    .iter()
                    .map(|p| p.name.to_string())
                    .collect(),
                pooled: pooled(agreement),
                errors,
                warnings,
                marks: {
                    let mut kinds: Vec<_> = Vec::new();
                    for mark in &agreement.marks {
                        if !kinds.contains(&mark.kind) {
                            kinds.push(mark.kind);
                        }
                    }
                    kinds
                },
            });
        }
    }
    let index = match format {
        Format::Markdown => ("index.md".to_owned(), index_markdown(&entries)),
        Format::Html => ("index.html".to_owned(), index_html(&entries)),
    };
    Papers {
        papers,
        entries,
        index,
        report,
    }
}

/// Writes the papers of `folder` and their index into `out`, creating `out`
/// (and the folders above it) if it is missing; each file whole or not at
/// all. Gives the outcome of `check` over the folder, with what it found;
/// a file that cannot be written is a report of E0920.
pub fn write_papers(folder: &Path, out: &Path, format: Format) -> Result<Papers, CheckReport> {
    let papers = papers_of(folder, format);
    if papers.report.files.is_empty() {
        return Err(papers.report);
    }
    if let Err(error) = std::fs::create_dir_all(out) {
        let diagnostic = crate::diagnostics::Diagnostic::about_path(
            crate::diagnostics::Code::CannotWrite,
            out,
            format!("cannot be created: {error}"),
        )
        .help("give a folder that exists or can be created");
        return Err(CheckReport::from(diagnostic));
    }
    for (name, text) in papers.papers.iter().chain(std::iter::once(&papers.index)) {
        super::write_atomically(&out.join(name), text)?;
    }
    Ok(papers)
}

impl Papers {
    /// The outcome of the run: that of `check` over the folder.
    pub fn outcome(&self) -> Outcome {
        self.report.outcome()
    }
}

/// `path` relative to `folder`, with `/` between names.
fn relative(folder: &Path, path: &Path) -> String {
    let inside = path.strip_prefix(folder).unwrap_or(path);
    inside
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

/// A file name for the paper of `source` not taken yet: its path with `/`
/// as `--` and the extension replaced, then `-2`, `-3`... if taken.
fn unique(taken: &mut Vec<String>, source: &str, extension: &str) -> String {
    let stem = source.strip_suffix(".s75").unwrap_or(source);
    let stem: String = stem
        .replace('/', "--")
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || "-_.".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    let stem = stem.trim_start_matches('.');
    let mut name = format!("{stem}.{extension}");
    let mut n = 2;
    while taken.contains(&name) {
        name = format!("{stem}-{n}.{extension}");
        n += 1;
    }
    taken.push(name.clone());
    name
}

/// The money paid into every pool over the term: every contribution and
/// grant written (figures notified later count as their placeholder, zero).
fn pooled(agreement: &Agreement) -> Money {
    let amounts = agreement.pools.iter().flat_map(|pool| {
        let contributions = pool
            .contributions
            .iter()
            .flat_map(|year| year.entries.iter())
            .filter(|entry| entry.known())
            .map(|entry| entry.amount.value);
        let grants = pool
            .grants
            .iter()
            .flat_map(|grant| grant.amounts.iter().map(|(_, amount)| amount.value));
        contributions.chain(grants)
    });
    Money::sum(amounts).unwrap_or(Money::ZERO)
}

/// The status of a file in words: `no problems`, `2 warnings`,
/// `1 error, no paper`, then the agreement's own marks (`no problems;
/// marked draft`).
fn status(entry: &Entry) -> String {
    let plural = |n: usize, one: &str| {
        if n == 1 {
            format!("1 {one}")
        } else {
            format!("{n} {one}s")
        }
    };
    let found = match (entry.errors, entry.warnings) {
        (0, 0) => "no problems".to_owned(),
        (0, w) => plural(w, "warning"),
        (e, 0) => format!("{}, no paper", plural(e, "error")),
        (e, w) => format!("{}, {}, no paper", plural(e, "error"), plural(w, "warning")),
    };
    entry.marks.iter().fold(found, |text, kind| {
        format!("{text}; marked {}", kind.word())
    })
}

const INDEX_STYLE: &str = r#"
body { font-family: "DejaVu Sans", Arial, Helvetica, sans-serif; font-size: 11pt; line-height: 1.45; color: #1b1f24; background: #fff; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; }
h1 { font-size: 1.7rem; }
a { color: #0b4f8a; }
.table-scroll { overflow-x: auto; max-width: 100%; }
table { border-collapse: collapse; font-size: 0.9rem; width: 100%; }
caption { text-align: left; font-weight: bold; padding: 0 0 0.3rem; }
th, td { border-bottom: 1px solid #b9c0c8; padding: 0.25rem 0.4rem; text-align: left; vertical-align: top; }
thead th { border-bottom: 2px solid #1b1f24; }
td.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
.errors { color: #a40e26; font-weight: bold; }
@page { size: A4; margin: 18mm 16mm; @bottom-right { content: "Page " counter(page) " of " counter(pages); font-size: 8pt; } }
@media print { tr { break-inside: avoid; } a { color: inherit; text-decoration: none; } }
"#;

/// The index as one self-contained HTML page.
fn index_html(entries: &[Entry]) -> String {
    let mut out = String::new();
    out.push_str("<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\"/>\n");
    out.push_str("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\"/>\n");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n");
    out.push_str("<title>Agreements — index</title>\n");
    out.push_str(&format!("<style>{INDEX_STYLE}</style>\n</head>\n<body>\n"));
    out.push_str("<h1>Agreements</h1>\n");
    out.push_str(&format!(
        "<p>{} in this folder, each linked to its paper. The status is what <code>concordat check</code> found; an agreement with errors has no paper until they are put right.</p>\n",
        count_agreements(entries)
    ));
    out.push_str("<div class=\"table-scroll\">\n<table>\n<caption>Each agreement, its partners, the money pooled over its term and its status</caption>\n");
    out.push_str("<thead><tr><th scope=\"col\">Agreement</th><th scope=\"col\">Partners</th><th scope=\"col\" class=\"num\">Pooled over the term</th><th scope=\"col\">Status</th><th scope=\"col\">File</th></tr></thead>\n<tbody>\n");
    for entry in entries {
        let title = match &entry.paper {
            Some(paper) => format!(
                "<a href=\"{}\">{}</a>",
                escape_xml(&href(paper)),
                escape_xml(&entry.title)
            ),
            None => escape_xml(&entry.title),
        };
        let class = if entry.errors > 0 {
            " class=\"errors\""
        } else {
            ""
        };
        out.push_str(&format!(
            "<tr><th scope=\"row\">{title}</th><td>{}</td><td class=\"num\">{}</td><td{class}>{}</td><td>{}</td></tr>\n",
            escape_xml(&super::words::list(&entry.partners)),
            entry.pooled,
            status(entry),
            escape_xml(&entry.source),
        ));
    }
    out.push_str("</tbody>\n</table>\n</div>\n</body>\n</html>\n");
    out
}

/// The index as Markdown: one list item per agreement.
fn index_markdown(entries: &[Entry]) -> String {
    let mut out = String::from("# Agreements\n\n");
    out.push_str(&format!(
        "{} in this folder. The status is what `concordat check` found; an agreement with errors has no paper until they are put right.\n\n",
        count_agreements(entries)
    ));
    for entry in entries {
        let title = match &entry.paper {
            Some(paper) => format!("[{}](<{}>)", escape_markdown(&entry.title), href(paper)),
            None => escape_markdown(&entry.title),
        };
        let partners = if entry.partners.is_empty() {
            String::new()
        } else {
            format!(
                ": {}",
                escape_markdown(&super::words::list(&entry.partners))
            )
        };
        out.push_str(&format!(
            "- {title}{partners}; {} pooled over the term; {} ({})\n",
            entry.pooled,
            status(entry),
            escape_markdown(&entry.source)
        ));
    }
    out
}

/// A relative link to a paper: its file name, with anything but plain
/// characters percent-encoded.
fn href(name: &str) -> String {
    let mut out = String::new();
    for byte in name.bytes() {
        if byte.is_ascii_alphanumeric() || b"-_.".contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// "3 agreements", "1 agreement".
fn count_agreements(entries: &[Entry]) -> String {
    match entries.len() {
        1 => "One agreement".to_owned(),
        n => format!(
            "{} agreements",
            super::words::capitalised(&super::words::count(n))
        ),
    }
}
