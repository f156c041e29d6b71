//! What is left: the title, legal basis, signature, term, governing body,
//! commissioned functions, bodies outside the partnership, and the names,
//! kinds and functions of pools.

use crate::model::{Agreement, External, Function, PoolKind};

use super::compare::{cited, pair_all, Out};
use super::{describe, Section};

/// The rest of an agreement in both versions.
pub(super) fn other(out: &mut Out<'_>, old: &Agreement, new: &Agreement) {
    let section = Section::Other;
    let both = |statement: &str| {
        (
            cited(&old.citations, statement, old.clause.as_deref()),
            cited(&new.citations, statement, new.clause.as_deref()),
        )
    };
    out.text(
        section,
        "title".to_owned(),
        Some(old.title.to_string()),
        Some(new.title.to_string()),
        old.clause.as_deref(),
        new.clause.as_deref(),
    );
    let basis = |a: &Agreement| {
        a.basis
            .as_ref()
            .map(|b| format!("section {} of \"{}\"", b.sections.join(", "), b.act))
    };
    out.text(
        section,
        "legal basis".to_owned(),
        basis(old),
        basis(new),
        old.basis.as_ref().and_then(|b| b.clause.as_deref()),
        new.basis.as_ref().and_then(|b| b.clause.as_deref()),
    );
    let signed = both("signed");
    out.text(
        section,
        "signed".to_owned(),
        old.signed.map(|d| d.value.to_string()),
        new.signed.map(|d| d.value.to_string()),
        signed.0,
        signed.1,
    );
    let term = both("term");
    let years = |a: &Agreement| {
        a.term
            .map(|t| format!("{} to {}", t.first.value, t.last.value))
    };
    out.text(
        section,
        "term".to_owned(),
        years(old),
        years(new),
        term.0,
        term.1,
    );
    let governed = both("governed by");
    out.text(
        section,
        "governed by".to_owned(),
        old.governed_by.as_ref().map(|b| b.name.to_string()),
        new.governed_by.as_ref().map(|b| b.name.to_string()),
        governed.0,
        governed.1,
    );
    let function = |f: &Function| match f.kind {
        Some(kind) => format!("{} ({})", f.name, kind.word()),
        None => f.name.to_string(),
    };
    for (a, b) in pair_all(&old.functions, &new.functions, |f| f.id.clone()) {
        let id = a.or(b).map_or("", |f| f.id.as_str());
        out.text(
            section,
            format!("function {id}"),
            a.map(function),
            b.map(function),
            a.and_then(|f| f.clause.as_deref()),
            b.and_then(|f| f.clause.as_deref()),
        );
    }
    for (a, b) in pair_all(&old.externals, &new.externals, |e: &External| e.id.clone()) {
        let id = a.or(b).map_or("", |e| e.id.as_str());
        out.text(
            section,
            format!("external body {id}"),
            a.map(|e| e.name.to_string()),
            b.map(|e| e.name.to_string()),
            a.and_then(|e| e.clause.as_deref()),
            b.and_then(|e| e.clause.as_deref()),
        );
    }
    for (a, b) in pair_all(&old.pools, &new.pools, |p| p.id.clone()) {
        let (Some(a), Some(b)) = (a, b) else {
            continue;
        };
        let words = |p: &crate::model::Pool| {
            let kind = match p.kind {
                PoolKind::Pooled => "pooled fund",
                PoolKind::Aligned => "aligned budget",
            };
            format!("{} ({kind})", p.name)
        };
        out.text(
            section,
            format!("name of {}", a.id),
            Some(words(a)),
            Some(words(b)),
            a.clause.as_deref(),
            b.clause.as_deref(),
        );
        out.text(
            section,
            format!("functions of {}", a.id),
            Some(describe::refs(&a.functions)),
            Some(describe::refs(&b.functions)),
            cited(&a.citations, "functions", a.clause.as_deref()),
            cited(&b.citations, "functions", b.clause.as_deref()),
        );
    }
}
