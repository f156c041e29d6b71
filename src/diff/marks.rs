//! Marks of what is illustrative or draft: an item marked, no longer
//! marked, or marked with other words. A draft becoming the agreement as
//! signed is exactly the change a board wants to see.

use crate::model::{Agreement, Mark};

use super::compare::{pair_all, Out};
use super::Section;

/// The marks of an agreement and of each of its blocks in both versions
/// (blocks only in one version are reported as added or removed already).
pub(super) fn marks(out: &mut Out<'_>, old: &Agreement, new: &Agreement) {
    one(out, "the agreement".to_owned(), &old.marks, &new.marks);
    for (a, b) in pair_all(&old.pools, &new.pools, |p| p.id.clone()) {
        if let (Some(a), Some(b)) = (a, b) {
            one(out, format!("pool {}", a.id), &a.marks, &b.marks);
            for (x, y) in pair_all(&a.schemes, &b.schemes, |s| s.id.clone()) {
                if let (Some(x), Some(y)) = (x, y) {
                    one(
                        out,
                        format!("scheme {} of pool {}", x.id, a.id),
                        &x.marks,
                        &y.marks,
                    );
                }
            }
        }
    }
    for (a, b) in pair_all(&old.bodies, &new.bodies, |x| x.id.clone()) {
        if let (Some(a), Some(b)) = (a, b) {
            one(out, format!("body {}", a.id), a.marks(), b.marks());
        }
    }
    for (a, b) in pair_all(&old.reserves, &new.reserves, |x| x.id.clone()) {
        if let (Some(a), Some(b)) = (a, b) {
            one(out, format!("reserve {}", a.id), &a.marks, &b.marks);
        }
    }
    for (a, b) in pair_all(&old.obligations, &new.obligations, |x| x.id.clone()) {
        if let (Some(a), Some(b)) = (a, b) {
            one(out, format!("obligation {}", a.id), &a.marks, &b.marks);
        }
    }
    for (a, b) in pair_all(&old.waivers, &new.waivers, |x| x.id.clone()) {
        if let (Some(a), Some(b)) = (a, b) {
            one(out, format!("waiver {}", a.id), &a.marks, &b.marks);
        }
    }
}

fn one(out: &mut Out<'_>, what: String, old: &[Mark], new: &[Mark]) {
    let words = |marks: &[Mark]| {
        (!marks.is_empty()).then(|| {
            marks
                .iter()
                .map(|m| format!("{} \"{}\"", m.kind.word(), m.note))
                .collect::<Vec<_>>()
                .join("; ")
        })
    };
    let clauses = |marks: &[Mark]| marks.iter().find_map(|m| m.clause.clone());
    let (old_clause, new_clause) = (clauses(old), clauses(new));
    out.text(
        Section::Other,
        format!("marked illustrative or draft: {what}"),
        words(old),
        words(new),
        old_clause.as_deref(),
        new_clause.as_deref(),
    );
}
