//! Governance bodies: members and their seats, quorum, meetings and whom
//! the body answers to.

use crate::model::{Body, Seats};

use super::compare::{cited, pair_all, Out};
use super::{describe, Section};

/// Every part of a body in both versions.
pub(super) fn governance(out: &mut Out<'_>, old: &Body, new: &Body) {
    let id = old.id.as_str();
    let section = Section::Governance;
    let both = |statement: &str| {
        (
            cited(old.citations(), statement, old.clause()),
            cited(new.citations(), statement, new.clause()),
        )
    };
    out.text(
        section,
        format!("name of {id}"),
        Some(old.name.to_string()),
        Some(new.name.to_string()),
        old.clause(),
        new.clause(),
    );
    // Said in one version at least: a clause that moved is not a change
    // of something neither version says.
    if old.kind.is_some() || new.kind.is_some() {
        out.text(
            section,
            format!("kind of {id}"),
            old.kind.map(|k| k.word().to_owned()),
            new.kind.map(|k| k.word().to_owned()),
            old.clause(),
            new.clause(),
        );
    }
    if old.remit().is_some() || new.remit().is_some() {
        let remit = both("remit");
        out.text(
            section,
            format!("remit of {id}"),
            old.remit().map(str::to_owned),
            new.remit().map(str::to_owned),
            remit.0,
            remit.1,
        );
    }
    let decisions = |b: &Body| Some(b.decides().join(", ")).filter(|t| !t.is_empty());
    if !old.decides().is_empty() || !new.decides().is_empty() {
        let decides = both("decides");
        out.text(
            section,
            format!("decisions delegated to {id}"),
            decisions(old),
            decisions(new),
            decides.0,
            decides.1,
        );
    }
    let seats = both("seats");
    for (a, b) in pair_all(old.seats(), new.seats(), |s: &Seats| {
        (s.member.name.clone(), s.advisory)
    }) {
        let member = a.or(b).map_or("", |s| s.member.name.as_str());
        let advisory = if a.or(b).is_some_and(|s| s.advisory) {
            "advisory "
        } else {
            ""
        };
        out.text(
            section,
            format!("{advisory}seats of {member} on {id}"),
            a.map(Seats::written),
            b.map(Seats::written),
            seats.0,
            seats.1,
        );
    }
    if old.seat_count() != new.seat_count() {
        out.text(
            section,
            format!("seats on {id} in all"),
            Some(old.seat_count().to_string()),
            Some(new.seat_count().to_string()),
            seats.0,
            seats.1,
        );
    }
    let quorum = both("quorum");
    out.text(
        section,
        format!("quorum of {id}"),
        old.quorum().map(describe::quorum),
        new.quorum().map(describe::quorum),
        quorum.0,
        quorum.1,
    );
    let meets = both("meets");
    out.text(
        section,
        format!("meetings of {id}"),
        old.meets().map(|m| m.to_string()),
        new.meets().map(|m| m.to_string()),
        meets.0,
        meets.1,
    );
    let accountable = both("accountable to");
    let to = |b: &Body| Some(describe::refs(&b.accountable_to)).filter(|t| !t.is_empty());
    out.text(
        section,
        format!("{id} accountable to"),
        to(old),
        to(new),
        accountable.0,
        accountable.1,
    );
}
