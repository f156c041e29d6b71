//! A summary as one self-contained HTML file: inline CSS and SVG, no
//! scripts, no external requests (a content security policy forbids them
//! too), laid out for A4 paper. Headings run in order (one `h1` per
//! agreement, `h2` sections, `h3` subsections), every table has a caption and
//! every picture a title and description. Every piece of text is escaped.

use super::document::{Block, Document, FigureKind, Section, Sentence, Table};
use super::svg;
use crate::text::escape_xml as esc;

const STYLE: &str = r#"
:root { color-scheme: light; }
body { font-family: "DejaVu Sans", Arial, Helvetica, sans-serif; font-size: 11pt; line-height: 1.45; color: #1b1f24; background: #fff; max-width: 46rem; margin: 2rem auto; padding: 0 1rem; }
h1 { font-size: 1.7rem; margin: 0 0 0.8rem; line-height: 1.2; }
h2 { font-size: 1.3rem; margin: 2rem 0 0.6rem; border-bottom: 2px solid #1b1f24; padding-bottom: 0.15rem; }
h3 { font-size: 1.1rem; margin: 1.5rem 0 0.5rem; }
p, li { margin: 0.4rem 0; overflow-wrap: anywhere; }
.cite { color: #44505c; font-size: 0.9em; }
.notice { border-left: 0.35rem solid #9a6700; background: #fff8e5; padding: 0.2rem 0.8rem; margin: 0.8rem 0; }
.notice p { margin: 0.3rem 0; }
nav ol { margin: 0.3rem 0; padding-left: 1.4rem; }
a { color: #0b4f8a; }
table { border-collapse: collapse; margin: 0.8rem 0 1.2rem; font-size: 0.88rem; width: 100%; }
caption { text-align: left; font-weight: bold; padding: 0 0 0.3rem; }
th, td { border-bottom: 1px solid #b9c0c8; padding: 0.25rem 0.4rem; text-align: left; vertical-align: top; }
thead th { border-bottom: 2px solid #1b1f24; }
td.num, th.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
tfoot th, tfoot td { border-top: 2px solid #1b1f24; font-weight: bold; }
figure { margin: 1rem 0 1.5rem; }
figcaption { font-size: 0.9rem; color: #2f3842; margin-top: 0.3rem; }
figure svg { max-width: 100%; height: auto; display: block; }
.graph-scroll { overflow-x: auto; max-width: 100%; }
.graph-scroll > svg { max-width: none; }
svg text { font-family: "DejaVu Sans", Arial, Helvetica, sans-serif; fill: #1b1f24; }
svg .group { font-weight: bold; font-size: 13px; }
svg .label, svg .amount, svg .tick, svg .legend, svg .value { font-size: 11.5px; }
svg .year { font-size: 12px; font-weight: bold; }
svg .axis-title { font-size: 12px; font-style: italic; }
svg .bar { fill: #3d6fa5; }
svg .grid { stroke: #dde2e7; stroke-width: 1; }
svg .axis { stroke: #1b1f24; stroke-width: 1; }
svg .band { fill: #cfe0f3; stroke: none; }
svg .band.swatch { stroke: #3d6fa5; stroke-dasharray: 4 3; }
svg .band-edge { fill: none; stroke: #3d6fa5; stroke-width: 1; stroke-dasharray: 4 3; }
svg .planned { fill: none; stroke: #1b1f24; stroke-width: 2.5; }
svg .point { fill: #fff; stroke: #1b1f24; stroke-width: 2; }
svg .met { fill: #1a7f37; }
svg .within { fill: #9a6700; }
svg .missed { fill: none; stroke: #cf222e; stroke-width: 3; }
svg .not-reported { fill: #fff; stroke: #57606a; stroke-width: 2; }
svg .no-data { fill: #fff; stroke: #57606a; stroke-width: 2; stroke-dasharray: 2 2; }
svg .waived { fill: #fff; stroke: #57606a; stroke-width: 2; }
footer { margin-top: 2.5rem; font-size: 0.85rem; color: #44505c; border-top: 1px solid #b9c0c8; padding-top: 0.5rem; }
.table-scroll { overflow-x: auto; max-width: 100%; margin: 0.8rem 0 1.2rem; }
.table-scroll > table { margin: 0; }
@media (max-width: 40rem) {
  body { margin: 1rem auto; padding: 0 0.6rem; }
  caption { position: sticky; left: 0; max-width: calc(100vw - 1.2rem); }
}
@page { size: A4; margin: 20mm 16mm 18mm;
  @bottom-right { content: "Page " counter(page) " of " counter(pages); font-family: "DejaVu Sans", Arial, sans-serif; font-size: 8pt; color: #44505c; }
}
@media print {
  body { max-width: none; margin: 0; padding: 0; font-size: 10pt; }
  nav { display: none; }
  h1, h2, h3 { break-after: avoid; page-break-after: avoid; }
  figure, tr, thead, tfoot { break-inside: avoid; page-break-inside: avoid; }
  .table-scroll { overflow: visible; }
  table { font-size: 8pt; }
  th, td { padding: 0.15rem 0.25rem; }
  th.num { white-space: normal; }
  a { color: inherit; text-decoration: none; }
}
"#;

/// The running header of the printed page: the title, and the period
/// assessed where there is one, on every page (`@page` margin box).
fn running_head(head: &str) -> String {
    format!(
        "@page {{ @top-left {{ content: \"{}\"; font-family: \"DejaVu Sans\", Arial, sans-serif; font-size: 8pt; color: #44505c; }} }}\n",
        css_string(head)
    )
}

/// `text` as the inside of a CSS string: every character but letters,
/// digits, spaces and plain punctuation written as a hex escape, so no
/// quote, backslash or `<` can end the string or the style element.
fn css_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii_alphanumeric() || " .,;:()-'/&+".contains(c) {
            out.push(c);
        } else {
            out.push_str(&format!("\\{:x} ", u32::from(c)));
        }
    }
    out
}

/// The documents as one HTML page.
pub fn render(documents: &[Document]) -> String {
    let title = documents
        .iter()
        .map(|d| d.title.as_str())
        .collect::<Vec<_>>()
        .join("; ");
    // The running header: the title and, for one paper on returns, the
    // period it reports as of.
    let head = match documents {
        [one] => match &one.as_of {
            Some(as_of) => format!("{title}, as of {as_of}"),
            None => format!("{title}, the agreement as written"),
        },
        _ => title.clone(),
    };
    let mut out = String::new();
    out.push_str("<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\"/>\n");
    out.push_str("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\"/>\n");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n");
    out.push_str(&format!("<title>{} — summary</title>\n", esc(&title)));
    out.push_str(&format!(
        "<style>{STYLE}{}</style>\n</head>\n<body>\n",
        running_head(&head)
    ));
    let mut figures = 0;
    for (index, document) in documents.iter().enumerate() {
        let prefix = if documents.len() > 1 {
            format!("a{}-", index + 1)
        } else {
            String::new()
        };
        out.push_str("<article>\n<header>\n");
        out.push_str(&format!("<h1>{}</h1>\n", esc(&document.title)));
        for block in &document.preamble {
            write_block(&mut out, block, &mut figures);
        }
        out.push_str("</header>\n<nav aria-label=\"Contents\">\n<h2>Contents</h2>\n<ol>\n");
        for section in &document.sections {
            out.push_str(&format!(
                "<li><a href=\"#{prefix}{}\">{}</a></li>\n",
                esc(&section.id),
                esc(&section.heading)
            ));
        }
        out.push_str("</ol>\n</nav>\n<main>\n");
        for section in &document.sections {
            write_section(&mut out, section, 2, &prefix, &mut figures);
        }
        out.push_str("</main>\n</article>\n");
    }
    out.push_str("<footer><p>Written by concordat from the agreement file. Each statement cites, in brackets, the clause it comes from, or says it is not cited in the agreement; the appendix for analysts gives the line of the file of those.</p></footer>\n");
    out.push_str("</body>\n</html>\n");
    out
}

fn write_section(
    out: &mut String,
    section: &Section,
    level: usize,
    prefix: &str,
    figures: &mut usize,
) {
    let level = level.min(6);
    out.push_str(&format!(
        "<section id=\"{prefix}{}\">\n<h{level}>{}</h{level}>\n",
        esc(&section.id),
        esc(&section.heading)
    ));
    for block in &section.blocks {
        write_block(out, block, figures);
    }
    for sub in &section.subsections {
        write_section(out, sub, level + 1, prefix, figures);
    }
    out.push_str("</section>\n");
}

fn sentence(s: &Sentence) -> String {
    match s.cite_text() {
        Some(cite) => format!(
            "{} <span class=\"cite\">({})</span>.",
            esc(&s.text),
            esc(&cite)
        ),
        None => format!("{}.", esc(&s.text)),
    }
}

fn write_block(out: &mut String, block: &Block, figures: &mut usize) {
    match block {
        Block::Paragraph(sentences) => {
            let text: Vec<String> = sentences.iter().map(sentence).collect();
            if !text.is_empty() {
                out.push_str(&format!("<p>{}</p>\n", text.join(" ")));
            }
        }
        Block::List { ordered, items } => {
            let tag = if *ordered { "ol" } else { "ul" };
            out.push_str(&format!("<{tag}>\n"));
            for item in items {
                out.push_str(&format!("<li>{}</li>\n", sentence(item)));
            }
            out.push_str(&format!("</{tag}>\n"));
        }
        Block::Table(table) => write_table(out, table),
        Block::Notice(sentences) => {
            let text: Vec<String> = sentences.iter().map(sentence).collect();
            out.push_str(&format!(
                "<div class=\"notice\" role=\"note\"><p>{}</p></div>\n",
                text.join(" ")
            ));
        }
        Block::Figure(figure) => {
            *figures += 1;
            let id = format!("figure-{figures}");
            let picture = match &figure.kind {
                FigureKind::Contributions(chart) => {
                    svg::contributions(chart, &id, &figure.title, &figure.description)
                }
                FigureKind::Trajectory(chart) => {
                    svg::trajectory(chart, &id, &figure.title, &figure.description)
                }
                // Inline SVG in HTML needs no namespace declaration; without
                // it the page holds no address at all.
                // A graph keeps its natural size, so that its text stays
                // legible; on a narrow screen it scrolls in its box.
                FigureKind::Graph { svg, .. } => format!(
                    "<div class=\"graph-scroll\">{}</div>",
                    svg.replacen(" xmlns=\"http://www.w3.org/2000/svg\"", "", 1)
                ),
            };
            out.push_str(&format!(
                "<figure id=\"{id}\">\n{picture}\n<figcaption>Figure {figures}: {}</figcaption>\n</figure>\n",
                esc(&figure.title)
            ));
        }
    }
}

fn write_table(out: &mut String, table: &Table) {
    let class = |i: usize| {
        if table.numeric.get(i).copied().unwrap_or(false) {
            " class=\"num\""
        } else {
            ""
        }
    };
    out.push_str(&format!(
        "<div class=\"table-scroll\">\n<table>\n<caption>{}</caption>\n<thead><tr>",
        esc(&table.caption)
    ));
    for (i, cell) in table.header.iter().enumerate() {
        out.push_str(&format!("<th scope=\"col\"{}>{}</th>", class(i), esc(cell)));
    }
    out.push_str("</tr></thead>\n");
    let rows = |out: &mut String, rows: &[Vec<String>]| {
        for cells in rows {
            out.push_str("<tr>");
            for (i, cell) in cells.iter().enumerate() {
                if i == 0 {
                    out.push_str(&format!("<th scope=\"row\">{}</th>", esc(cell)));
                } else {
                    out.push_str(&format!("<td{}>{}</td>", class(i), esc(cell)));
                }
            }
            out.push_str("</tr>\n");
        }
    };
    out.push_str("<tbody>\n");
    rows(out, &table.rows);
    out.push_str("</tbody>\n");
    if !table.totals.is_empty() {
        out.push_str("<tfoot>\n");
        rows(out, &table.totals);
        out.push_str("</tfoot>\n");
    }
    out.push_str("</table>\n</div>\n");
}
