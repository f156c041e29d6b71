//! The opening of a summary and its section on the partners.

use super::context::{cited, Context};
use super::document::{Block, Section, Sentence, Table};
use super::words;

/// The paragraphs before the first section: the legal basis, dates, term,
/// governing body, and how to read the citations.
pub fn preamble(cx: &Context<'_>) -> Vec<Block> {
    let a = cx.agreement;
    let mut facts = Vec::new();
    if let Some(basis) = &a.basis {
        let sections = match basis.sections.as_slice() {
            [one] => format!("section {one}"),
            many => format!("sections {}", words::list(many)),
        };
        facts.push(Sentence::new(
            format!(
                "This agreement is made under {sections} of the {}",
                basis.act
            ),
            vec![cx.cite_in(basis.clause.as_deref(), None, a.span)],
        ));
    }
    if let Some(signed) = a.signed {
        facts.push(Sentence::new(
            format!("It was signed on {}", words::date(signed.value)),
            vec![cx.cite_in(cited(&a.citations, "signed"), None, signed.span)],
        ));
    }
    if let Some(term) = &a.term {
        let years = term.years().count();
        let length = if years == 1 {
            format!("one financial year, {}", term.first.value)
        } else {
            format!(
                "{} financial years, from {} to {}",
                words::count(years),
                term.first.value,
                term.last.value
            )
        };
        facts.push(Sentence::new(
            format!("It runs for {length}"),
            vec![cx.cite_in(cited(&a.citations, "term"), None, term.span)],
        ));
    }
    if let Some(body) = &a.governed_by {
        facts.push(Sentence::new(
            format!("It is overseen by the {}", cx.name(body)),
            vec![cx.cite_in(cited(&a.citations, "governed by"), None, body.span)],
        ));
    }
    let how = vec![
        // Where the file is, for analysts, is in the appendix: a path means
        // nothing to a board.
        Sentence::plain(
            "This paper is written by concordat from the agreement's file, so it says what the file says",
        ),
        Sentence::plain(
            "After each statement, in brackets, is the clause of the agreement it comes from, or \"not cited in the agreement\" where the agreement gives none; the appendix for analysts gives the line of the file for those",
        ),
    ];
    let mut blocks: Vec<Block> = super::marks::notice(&a.marks).into_iter().collect();
    blocks.extend([Block::Paragraph(facts), Block::Paragraph(how)]);
    blocks
}

/// Who the partners are, and the bodies named that are not parties.
pub fn partners(cx: &Context<'_>) -> Section {
    let a = cx.agreement;
    let mut section = Section::new("partners", "The partners");
    let councils = a
        .partners
        .iter()
        .filter(|p| p.kind.is_some_and(|k| k.is_local_authority()))
        .count();
    let nhs = a
        .partners
        .iter()
        .filter(|p| p.kind.is_some_and(|k| k.is_nhs()))
        .count();
    let cites = a
        .partners
        .iter()
        .map(|p| cx.cite_in(p.clause.as_deref(), None, p.span))
        .collect();
    section.blocks.push(Block::Paragraph(vec![Sentence::new(
        format!(
            "The agreement is between {} partners: {} {} and {} {}",
            words::count(a.partners.len()),
            words::count(councils),
            if councils == 1 { "council" } else { "councils" },
            words::count(nhs),
            if nhs == 1 { "NHS body" } else { "NHS bodies" },
        ),
        cites,
    )]));
    section.blocks.push(Block::Table(Table {
        caption: "The partners".to_owned(),
        header: vec![
            "Partner".to_owned(),
            "What it is".to_owned(),
            "Side".to_owned(),
            "Where written".to_owned(),
        ],
        numeric: vec![false; 4],
        rows: a
            .partners
            .iter()
            .map(|p| {
                vec![
                    p.name.to_string(),
                    match (p.kind, &p.care_trust) {
                        (Some(k), Some(_)) => {
                            format!("{}, designated a care trust", words::partner_kind(k))
                        }
                        (Some(k), None) => words::partner_kind(k).to_owned(),
                        (None, _) => String::new(),
                    },
                    match p.kind {
                        Some(k) if k.is_nhs() => "NHS".to_owned(),
                        Some(_) => "council".to_owned(),
                        None => String::new(),
                    },
                    cx.cite_in(p.clause.as_deref(), None, p.span).to_string(),
                ]
            })
            .collect(),
        totals: Vec::new(),
        cites: a
            .partners
            .iter()
            .map(|p| vec![cx.cite_in(p.clause.as_deref(), None, p.span)])
            .collect(),
    }));
    if !a.externals.is_empty() {
        let names: Vec<String> = a
            .externals
            .iter()
            .map(|e| words::definite(&e.name))
            .collect();
        let cites = a
            .externals
            .iter()
            .map(|e| cx.cite_in(e.clause.as_deref(), None, e.span))
            .collect();
        section.blocks.push(Block::Paragraph(vec![Sentence::new(
            format!(
                "The agreement also names {}, which {} not a party",
                words::list(&names),
                if names.len() == 1 { "is" } else { "are" }
            ),
            cites,
        )]));
    }
    section
}
