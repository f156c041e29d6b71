//! What the agreement marks as illustrative or draft, said wherever it
//! matters: a notice at the head of the marked item's part of the paper,
//! and a list on the front sheet, so that a made-up figure is never read
//! as a fact of the signed agreement.

use super::context::Context;
use super::document::{Block, Cite, Sentence};
use crate::model::{Mark, MarkKind};

/// The sentence for one mark: `Illustrative, not in the agreement as
/// signed: “the split of the £46m between the years”`.
pub fn sentence(mark: &Mark) -> Sentence {
    Sentence::new(
        format!("{}: “{}”", heading(mark.kind), mark.note),
        cite(mark),
    )
}

/// The words that open a mark's sentence.
pub fn heading(kind: MarkKind) -> &'static str {
    match kind {
        MarkKind::Illustrative => "Illustrative, not in the agreement as signed",
        MarkKind::Draft => "Draft, not yet agreed",
    }
}

/// The clause a mark cites, if any: a mark is the file's word about the
/// agreement, not a fact of it, so without a clause it cites nothing.
fn cite(mark: &Mark) -> Vec<Cite> {
    mark.clause
        .iter()
        .map(|c| Cite::Clause(c.clone()))
        .collect()
}

/// The notice at the head of a marked item's part of the paper, or `None`
/// if it carries no mark.
pub fn notice(marks: &[Mark]) -> Option<Block> {
    (!marks.is_empty()).then(|| Block::Notice(marks.iter().map(sentence).collect()))
}

/// A notice naming what each mark is on (`The scheme “Telecare”:
/// illustrative, ...`), for items that have no part of the paper of their
/// own, or `None` if none of them carries a mark.
pub fn named_notice<'m>(items: impl IntoIterator<Item = (String, &'m [Mark])>) -> Option<Block> {
    let sentences: Vec<Sentence> = items
        .into_iter()
        .flat_map(|(what, marks)| marks.iter().map(move |m| (what.clone(), m)))
        .map(|(what, mark)| {
            let mut s = sentence(mark);
            let mut text = s.text.chars();
            let first = text.next().map(|c| c.to_lowercase().to_string());
            s.text = format!(
                "{}: {}{}",
                super::words::capitalised(&what),
                first.unwrap_or_default(),
                text.as_str()
            );
            s
        })
        .collect();
    (!sentences.is_empty()).then_some(Block::Notice(sentences))
}

/// Every mark of the agreement, with what it is on (`the agreement`, `the
/// Lancashire Better Care Fund pooled budget`), in the order of the paper.
pub fn all<'a>(cx: &Context<'a>) -> Vec<(String, &'a Mark)> {
    let a = cx.agreement;
    let mut out: Vec<(String, &Mark)> = Vec::new();
    let mut add = |what: String, marks: &'a [Mark]| {
        out.extend(marks.iter().map(|m| (what.clone(), m)));
    };
    add("the agreement".to_owned(), &a.marks);
    for pool in &a.pools {
        add(format!("the {}", pool.name), &pool.marks);
        for scheme in &pool.schemes {
            add(format!("the scheme “{}”", scheme.name), &scheme.marks);
        }
    }
    for body in &a.bodies {
        add(body.name.to_string(), body.marks());
    }
    for reserve in &a.reserves {
        add(format!("the {}", reserve.name), &reserve.marks);
    }
    for obligation in &a.obligations {
        add(
            format!("the obligation “{}”", obligation.name),
            &obligation.marks,
        );
    }
    for waiver in &a.waivers {
        add(format!("the waiver “{}”", waiver.name), &waiver.marks);
    }
    out
}

/// The front sheet's list: one line per mark, or `None` if there are none.
pub fn front(cx: &Context<'_>) -> Option<Block> {
    let items: Vec<Sentence> = all(cx)
        .into_iter()
        .map(|(what, mark)| {
            let word = match mark.kind {
                MarkKind::Illustrative => "illustrative",
                MarkKind::Draft => "draft, not yet agreed",
            };
            Sentence::new(
                format!(
                    "{}: {word}: “{}”",
                    super::words::capitalised(&what),
                    mark.note
                ),
                cite(mark),
            )
        })
        .collect();
    (!items.is_empty()).then_some(Block::List {
        ordered: false,
        items,
    })
}
