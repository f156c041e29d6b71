//! A summary as Markdown (CommonMark with GitHub's tables). Every piece of
//! text is escaped, so names are shown as written. Tables carry the figures;
//! the pictures of the HTML version appear here as their tables (contributions,
//! trajectories) and, where one is given, as a Mermaid diagram.

use super::document::{Block, Document, FigureKind, Section, Sentence, Table};
use crate::text::escape_markdown as esc;

/// The documents as one Markdown text, separated by rules.
pub fn render(documents: &[Document]) -> String {
    let mut out = String::new();
    for (i, document) in documents.iter().enumerate() {
        if i > 0 {
            out.push_str("---\n\n");
        }
        out.push_str(&format!("# {}\n\n", esc(&document.title)));
        for block in &document.preamble {
            write_block(&mut out, block);
        }
        for section in &document.sections {
            write_section(&mut out, section, 2);
        }
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

fn write_section(out: &mut String, section: &Section, level: usize) {
    out.push_str(&format!(
        "{} {}\n\n",
        "#".repeat(level.min(6)),
        esc(&section.heading)
    ));
    for block in &section.blocks {
        write_block(out, block);
    }
    for sub in &section.subsections {
        write_section(out, sub, level + 1);
    }
}

/// A sentence with its citations: `Text (clause 4.1).`
fn sentence(s: &Sentence) -> String {
    match s.cite_text() {
        Some(cite) => format!("{} ({}).", esc(&s.text), esc(&cite)),
        None => format!("{}.", esc(&s.text)),
    }
}

fn write_block(out: &mut String, block: &Block) {
    match block {
        Block::Paragraph(sentences) => {
            let text: Vec<String> = sentences.iter().map(sentence).collect();
            if !text.is_empty() {
                out.push_str(&text.join(" "));
                out.push_str("\n\n");
            }
        }
        Block::List { ordered, items } => {
            for (i, item) in items.iter().enumerate() {
                if *ordered {
                    out.push_str(&format!("{}. {}\n", i + 1, sentence(item)));
                } else {
                    out.push_str(&format!("- {}\n", sentence(item)));
                }
            }
            out.push('\n');
        }
        Block::Table(table) => write_table(out, table),
        Block::Notice(sentences) => {
            let text: Vec<String> = sentences.iter().map(sentence).collect();
            out.push_str("> **Note.** ");
            out.push_str(&text.join(" "));
            out.push_str("\n\n");
        }
        Block::Figure(figure) => match &figure.kind {
            // Shown by the table before them.
            FigureKind::Contributions(_) | FigureKind::Trajectory(_) => {}
            FigureKind::Graph { mermaid, .. } => {
                out.push_str(&format!(
                    "Figure: {}\n\n```mermaid\n{}",
                    esc(&figure.title),
                    mermaid
                ));
                if !mermaid.ends_with('\n') {
                    out.push('\n');
                }
                out.push_str("```\n\n");
            }
        },
    }
}

fn write_table(out: &mut String, table: &Table) {
    out.push_str(&format!("Table: {}\n\n", esc(&table.caption)));
    let row = |cells: &[String], bold: bool| {
        let cells: Vec<String> = cells
            .iter()
            .map(|c| match (bold, c.is_empty()) {
                (true, false) => format!("**{}**", esc(c)),
                _ => esc(c),
            })
            .collect();
        format!("| {} |\n", cells.join(" | "))
    };
    out.push_str(&row(&table.header, false));
    let rule: Vec<&str> = (0..table.header.len())
        .map(|i| {
            if table.numeric.get(i).copied().unwrap_or(false) {
                "---:"
            } else {
                "---"
            }
        })
        .collect();
    out.push_str(&format!("|{}|\n", rule.join("|")));
    for cells in &table.rows {
        out.push_str(&row(cells, false));
    }
    for cells in &table.totals {
        out.push_str(&row(cells, true));
    }
    out.push('\n');
}
