//! The structure of a summary, independent of how it is written out: a
//! title, sections of blocks (paragraphs of cited sentences, lists, tables,
//! figures). The Markdown and HTML writers walk this structure; every piece
//! of text in it is plain text, escaped only when written.
//!
//! Sections are found by their [`Section::id`], so a later step (an
//! assessment of returns, say) can add its own sections to a document built
//! from an agreement: see [`Document::insert_after`].

use super::chart::{ContributionChart, TrajectoryChart};

/// A whole summary.
#[derive(Debug, Clone)]
pub struct Document {
    /// The title (the agreement's title).
    pub title: String,
    /// The period the paper reports as of (the period assessed), if it
    /// reports on returns: printed in the running header with the title.
    pub as_of: Option<String>,
    /// Paragraphs before the first section.
    pub preamble: Vec<Block>,
    /// The sections, in order.
    pub sections: Vec<Section>,
}

impl Document {
    /// The section with this id, searched in order, subsections included.
    pub fn section_mut(&mut self, id: &str) -> Option<&mut Section> {
        fn find<'s>(sections: &'s mut [Section], id: &str) -> Option<&'s mut Section> {
            for section in sections {
                if section.id == id {
                    return Some(section);
                }
                if let Some(found) = find(&mut section.subsections, id) {
                    return Some(found);
                }
            }
            None
        }
        find(&mut self.sections, id)
    }

    /// Adds a top-level section after the one with id `after`, or at the end
    /// if there is none.
    pub fn insert_after(&mut self, after: &str, section: Section) {
        let at = self
            .sections
            .iter()
            .position(|s| s.id == after)
            .map_or(self.sections.len(), |i| i + 1);
        self.sections.insert(at, section);
    }
}

/// A section: a heading, its blocks, then its subsections (one heading level
/// down).
#[derive(Debug, Clone)]
pub struct Section {
    /// A stable identifier, unique in the document: used as the HTML anchor
    /// and to find the section.
    pub id: String,
    /// The heading.
    pub heading: String,
    /// The content before any subsection.
    pub blocks: Vec<Block>,
    /// Subsections.
    pub subsections: Vec<Section>,
}

impl Section {
    /// An empty section.
    pub fn new(id: impl Into<String>, heading: impl Into<String>) -> Section {
        Section {
            id: id.into(),
            heading: heading.into(),
            blocks: Vec::new(),
            subsections: Vec::new(),
        }
    }
}

/// A piece of content.
#[derive(Debug, Clone)]
pub enum Block {
    /// A paragraph of sentences.
    Paragraph(Vec<Sentence>),
    /// A list of sentences, numbered if `ordered`.
    List {
        /// Whether the items are numbered.
        ordered: bool,
        /// The items.
        items: Vec<Sentence>,
    },
    /// A table.
    Table(Table),
    /// A picture, with its text alternative.
    Figure(Figure),
    /// Sentences set apart as a warning to the reader: what the agreement
    /// marks as illustrative or draft.
    Notice(Vec<Sentence>),
}

/// One statement with the places in the agreement it comes from.
#[derive(Debug, Clone)]
pub struct Sentence {
    /// The statement, without a closing full stop.
    pub text: String,
    /// Where it comes from (empty for text that states no fact of the
    /// agreement, such as a pointer to a table).
    pub cites: Vec<Cite>,
}

impl Sentence {
    /// A sentence citing the given places.
    pub fn new(text: impl Into<String>, cites: Vec<Cite>) -> Sentence {
        let mut cites = cites;
        cites.dedup();
        Sentence {
            text: text.into(),
            cites,
        }
    }

    /// A sentence that states no fact of the agreement.
    pub fn plain(text: impl Into<String>) -> Sentence {
        Sentence {
            text: text.into(),
            cites: Vec::new(),
        }
    }

    /// The citations as written after the sentence: `clause 4.1; Schedule 1`.
    pub fn cite_text(&self) -> Option<String> {
        cite_list(&self.cites)
    }
}

/// The citations as a reader of the paper sees them: the clauses, joined
/// (`clause 4.1; Schedule 1`), and "not cited in the agreement" for a fact
/// whose clause the agreement does not give (its line of the file is for
/// analysts, in the appendix [`super::sources`] writes); `None` if there
/// are none.
pub fn cite_list(cites: &[Cite]) -> Option<String> {
    let mut written: Vec<String> = Vec::new();
    for cite in cites.iter().filter(|c| matches!(c, Cite::Clause(_))) {
        let text = cite.to_string();
        if !written.contains(&text) {
            written.push(text);
        }
    }
    if cites.iter().any(|c| matches!(c, Cite::Line(_))) {
        written.push(if written.is_empty() {
            NOT_CITED.to_owned()
        } else {
            format!("in part {NOT_CITED}")
        });
    }
    (!written.is_empty()).then(|| written.join("; "))
}

/// What the paper says of a fact the agreement gives no clause for.
pub const NOT_CITED: &str = "not cited in the agreement";

/// Where a fact comes from: the clause of the legal text it cites or, where
/// the agreement cites none (neither on the statement nor on its block), the
/// line of the agreement file. A reader of the paper sees a line as "not
/// cited in the agreement"; the line itself is printed only in the
/// analysts' appendix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cite {
    /// A clause, as written (`4.1`, `Schedule 1, part 3`).
    Clause(String),
    /// A line of the agreement file, counting from 1.
    Line(usize),
}

impl std::fmt::Display for Cite {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Cite::Clause(clause) if clause.starts_with(|c: char| c.is_ascii_digit()) => {
                write!(f, "clause {clause}")
            }
            Cite::Clause(clause) => f.write_str(clause),
            Cite::Line(_) => f.write_str(NOT_CITED),
        }
    }
}

/// A table.
#[derive(Debug, Clone, Default)]
pub struct Table {
    /// What the table shows (an HTML caption, a Markdown line above it).
    pub caption: String,
    /// The column headings.
    pub header: Vec<String>,
    /// Which columns hold figures (aligned right).
    pub numeric: Vec<bool>,
    /// The rows; the first cell of each names the row.
    pub rows: Vec<Vec<String>>,
    /// Rows of totals, set apart after the others.
    pub totals: Vec<Vec<String>>,
    /// Where each row comes from, in the order of `rows` then `totals`,
    /// for a table with a column saying so (else empty): the analysts'
    /// appendix gives the line of each row the agreement cites no clause
    /// for.
    pub cites: Vec<Vec<Cite>>,
}

/// A picture with its text alternative.
#[derive(Debug, Clone)]
pub struct Figure {
    /// A short title.
    pub title: String,
    /// What the picture shows, in words, for those who cannot see it.
    pub description: String,
    /// The picture.
    pub kind: FigureKind,
}

/// The kinds of picture.
#[derive(Debug, Clone)]
pub enum FigureKind {
    /// Contributions by partner and year.
    Contributions(ContributionChart),
    /// An obligation's trajectory, tolerance band and any actual values.
    Trajectory(TrajectoryChart),
    /// The responsibility graph, as drawn by [`crate::graph`]: Mermaid text
    /// for Markdown and an `<svg>` element for HTML (both escaped there).
    Graph {
        /// The Mermaid flowchart.
        mermaid: String,
        /// The SVG element.
        svg: String,
    },
}
