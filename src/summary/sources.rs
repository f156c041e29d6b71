//! The appendix for analysts: where in the agreement file each fact is
//! written that the agreement gives no clause for.
//!
//! A reader of the paper sees such a fact cited as "not cited in the
//! agreement"; the line of the file means nothing to a councillor but lets
//! an analyst find the statement, so the lines are gathered here, once the
//! rest of the paper is written, from the citations its sentences and
//! tables carry.

use super::document::{Block, Cite, Document, Section, Sentence, Table};
use super::words;
use crate::source::SourceFile;

/// The id of the appendix's section.
pub const ID: &str = "sources";

/// The longest statement quoted in the appendix, in characters.
const QUOTE: usize = 110;

/// The appendix for `document`, written from `file`: which file it is, and
/// one row per statement or table row that cites a line of the file.
pub fn appendix(document: &Document, file: &SourceFile) -> Section {
    let mut rows: Vec<Vec<String>> = Vec::new();
    for block in &document.preamble {
        rows_of(block, "Introduction", &mut rows);
    }
    for section in &document.sections {
        section_rows(section, &mut rows);
    }
    let place = if crate::files::stdin::is_stdin(&file.path) {
        "the agreement read from standard input".to_owned()
    } else {
        format!("the agreement file {}", file.display_path())
    };
    if rows.is_empty() {
        let mut section = Section::new(ID, "Appendix for analysts: the agreement file");
        section.blocks.push(Block::Paragraph(vec![Sentence::plain(format!(
            "Every fact in this paper cites its clause of the agreement; the paper is written from {place}"
        ))]));
        return section;
    }
    let mut section = Section::new(ID, "Appendix for analysts: where uncited facts are written");
    section.blocks.push(Block::Paragraph(vec![Sentence::plain(format!(
        "The agreement gives no clause for the facts below, so the paper says \"not cited in the agreement\" after them; each is written at the line given of {place}, counting from 1"
    ))]));
    section.blocks.push(Block::Table(Table {
        caption: "Facts the agreement cites no clause for, and their lines".to_owned(),
        header: ["Fact", "In the section", "Line of the file"]
            .map(str::to_owned)
            .to_vec(),
        numeric: vec![false, false, false],
        rows,
        ..Table::default()
    }));
    section
}

fn section_rows(section: &Section, rows: &mut Vec<Vec<String>>) {
    if section.id == ID {
        return;
    }
    for block in &section.blocks {
        rows_of(block, &section.heading, rows);
    }
    for sub in &section.subsections {
        section_rows(sub, rows);
    }
}

fn rows_of(block: &Block, heading: &str, rows: &mut Vec<Vec<String>>) {
    let mut row = |fact: String, cites: &[Cite]| {
        if let Some(lines) = lines(cites) {
            rows.push(vec![quote(&fact), heading.to_owned(), lines]);
        }
    };
    match block {
        Block::Paragraph(sentences)
        | Block::List {
            items: sentences, ..
        }
        | Block::Notice(sentences) => {
            for s in sentences {
                row(s.text.clone(), &s.cites);
            }
        }
        Block::Table(table) => {
            let labels = table.rows.iter().chain(&table.totals);
            for (cells, cites) in labels.zip(&table.cites) {
                let label = cells.first().map_or("", String::as_str);
                row(format!("{}: {label}", table.caption), cites);
            }
        }
        Block::Figure(_) => {}
    }
}

/// `12`, `12 and 40`: the lines among `cites`, or `None` if there are none.
fn lines(cites: &[Cite]) -> Option<String> {
    let mut lines: Vec<usize> = cites
        .iter()
        .filter_map(|c| match c {
            Cite::Line(line) => Some(*line),
            Cite::Clause(_) => None,
        })
        .collect();
    lines.sort_unstable();
    lines.dedup();
    let lines: Vec<String> = lines.iter().map(ToString::to_string).collect();
    (!lines.is_empty()).then(|| words::list(&lines))
}

/// `text`, cut at a word near [`QUOTE`] characters with `…` if longer.
fn quote(text: &str) -> String {
    if text.chars().count() <= QUOTE {
        return text.to_owned();
    }
    let cut: String = text.chars().take(QUOTE).collect();
    let at = cut.rfind(' ').unwrap_or(cut.len());
    format!("{}…", cut[..at].trim_end_matches([',', ';', ':']))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_fact_is_cut_at_a_word() {
        let long = "word ".repeat(40);
        let quoted = quote(&long);
        assert!(quoted.ends_with("word…"), "{quoted}");
        assert!(quoted.chars().count() <= QUOTE + 1);
        assert_eq!(quote("short fact"), "short fact");
    }

    #[test]
    fn lines_are_listed_once_in_order() {
        let cites = [
            Cite::Line(40),
            Cite::Clause("4.1".into()),
            Cite::Line(12),
            Cite::Line(40),
        ];
        assert_eq!(lines(&cites).as_deref(), Some("12 and 40"));
        assert_eq!(lines(&[Cite::Clause("4.1".into())]), None);
    }
}
