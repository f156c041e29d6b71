//! Two resolved models compared item by item, matched by id: each
//! difference in words, or in a clause cited, is one [`Change`].

use crate::model::{Agreement, Citation};
use crate::money::Money;

use super::describe;
use super::governance::governance;
use super::obligations::obligation;
use super::pools::{contributions, hosting};
use super::{Change, Section};

/// The changes from the agreements of `old` to those of `new` (registers of
/// definitions are left out: their definitions are in the agreements that
/// import them), agreement by agreement, grouped by section.
pub fn compare(old: &[Agreement], new: &[Agreement]) -> Vec<Change> {
    let old: Vec<&Agreement> = old.iter().filter(|a| !a.register).collect();
    let new: Vec<&Agreement> = new.iter().filter(|a| !a.register).collect();
    let mut changes = Vec::new();
    for (before, after) in pair(&old, &new, |a| a.id.clone()) {
        let id = before.or(after).map_or("", |a| a.id.as_str());
        let mut out = Out {
            agreement: id,
            changes: Vec::new(),
        };
        match (before, after) {
            (Some(before), Some(after)) => {
                agreement(&mut out, before, after);
                if out.changes.is_empty() && !same_model(before, after) {
                    out.text(
                        Section::Other,
                        "other details (see `concordat model`)".to_owned(),
                        Some("as before".to_owned()),
                        Some("changed".to_owned()),
                        None,
                        None,
                    );
                }
            }
            (before, after) => out.text(
                Section::Other,
                format!("agreement {id}"),
                before.map(|a| a.title.to_string()),
                after.map(|a| a.title.to_string()),
                before.and_then(|a| a.clause.as_deref()),
                after.and_then(|a| a.clause.as_deref()),
            ),
        }
        // Stable: within a section, the order of the files.
        out.changes.sort_by_key(|c| c.section);
        changes.extend(out.changes);
    }
    changes
}

/// Whether two models are the same in every field that is serialised (the
/// net under the comparisons item by item).
fn same_model(old: &Agreement, new: &Agreement) -> bool {
    match (serde_json::to_value(old), serde_json::to_value(new)) {
        (Ok(old), Ok(new)) => old == new,
        _ => false,
    }
}

/// Items of two lists matched by key (the n-th item with a key in `old`
/// with the n-th with that key in `new`): those of `old` in order, with
/// their match in `new` if any, then those only in `new`, in order.
fn pair<'a, T: ?Sized, K: PartialEq>(
    old: &[&'a T],
    new: &[&'a T],
    key: impl Fn(&T) -> K,
) -> Vec<(Option<&'a T>, Option<&'a T>)> {
    let keys_old: Vec<K> = old.iter().map(|o| key(o)).collect();
    let keys_new: Vec<K> = new.iter().map(|n| key(n)).collect();
    // How many items before `index` in `keys` have the key at `index`.
    let occurrence = |keys: &[K], index: usize| {
        keys.get(index).map_or(0, |k| {
            keys.iter().take(index).filter(|other| *other == k).count()
        })
    };
    let nth = |keys: &[K], k: &K, n: usize| {
        keys.iter()
            .enumerate()
            .filter(|(_, other)| *other == k)
            .nth(n)
            .map(|(i, _)| i)
    };
    let mut pairs: Vec<(Option<&'a T>, Option<&'a T>)> = Vec::new();
    for (i, (o, k)) in old.iter().zip(&keys_old).enumerate() {
        let matched = nth(&keys_new, k, occurrence(&keys_old, i)).and_then(|j| new.get(j));
        pairs.push((Some(*o), matched.copied()));
    }
    for (j, (n, k)) in new.iter().zip(&keys_new).enumerate() {
        if nth(&keys_old, k, occurrence(&keys_new, j)).is_none() {
            pairs.push((None, Some(*n)));
        }
    }
    pairs
}

/// [`pair`] over slices of owned items.
pub(super) fn pair_all<'a, T, K: PartialEq>(
    old: &'a [T],
    new: &'a [T],
    key: impl Fn(&T) -> K,
) -> Vec<(Option<&'a T>, Option<&'a T>)> {
    let old: Vec<&T> = old.iter().collect();
    let new: Vec<&T> = new.iter().collect();
    pair(&old, &new, key)
}

/// The clause a one-line statement cites, or else the clause of the block
/// it is in (`block`).
pub(super) fn cited<'a>(
    citations: &'a [Citation],
    statement: &str,
    block: Option<&'a str>,
) -> Option<&'a str> {
    citations
        .iter()
        .find(|c| c.statement == statement)
        .map(|c| c.clause.as_str())
        .or(block)
}

/// The changes of one agreement, as they are found.
pub(super) struct Out<'a> {
    agreement: &'a str,
    pub(super) changes: Vec<Change>,
}

impl Out<'_> {
    /// Records a change if the words or the clauses differ.
    pub(super) fn text(
        &mut self,
        section: Section,
        item: String,
        old: Option<String>,
        new: Option<String>,
        old_clause: Option<&str>,
        new_clause: Option<&str>,
    ) {
        if old == new && old_clause == new_clause {
            return;
        }
        self.changes.push(Change {
            section,
            agreement: self.agreement.to_owned(),
            item,
            old,
            new,
            difference: None,
            old_clause: old_clause.map(str::to_owned),
            new_clause: new_clause.map(str::to_owned),
        });
    }

    /// Records a change of money, with the difference (a missing side
    /// counts as nothing).
    pub(super) fn money(
        &mut self,
        section: Section,
        item: String,
        old: Option<Money>,
        new: Option<Money>,
        clauses: (Option<&str>, Option<&str>),
    ) {
        if old == new && clauses.0 == clauses.1 {
            return;
        }
        let difference = if old == new {
            None
        } else {
            new.unwrap_or_default().checked_sub(old.unwrap_or_default())
        };
        self.text(
            section,
            item,
            old.map(|m| m.to_string()),
            new.map(|m| m.to_string()),
            clauses.0,
            clauses.1,
        );
        if let Some(change) = self.changes.last_mut() {
            change.difference = difference;
        }
    }
}

fn agreement(out: &mut Out<'_>, old: &Agreement, new: &Agreement) {
    for (o, n) in pair_all(&old.partners, &new.partners, |p| p.id.clone()) {
        let id = o.or(n).map_or("", |p| p.id.as_str());
        let words = |p: &crate::model::Partner| match (p.kind, &p.care_trust) {
            (Some(kind), Some(_)) => {
                format!("{} ({}, designated care trust)", p.name, kind.word())
            }
            (Some(kind), None) => format!("{} ({})", p.name, kind.word()),
            (None, _) => p.name.to_string(),
        };
        out.text(
            Section::Partners,
            format!("partner {id}"),
            o.map(words),
            n.map(words),
            o.and_then(|p| p.clause.as_deref()),
            n.and_then(|p| p.clause.as_deref()),
        );
    }
    let pools = pair_all(&old.pools, &new.pools, |p| p.id.clone());
    for (o, n) in &pools {
        match (o, n) {
            (Some(o), Some(n)) => contributions(out, o, n),
            (o, n) => {
                let id = o.or(*n).map_or("", |p| p.id.as_str());
                out.text(
                    Section::Contributions,
                    format!("pool {id}"),
                    o.map(|p| p.name.to_string()),
                    n.map(|p| p.name.to_string()),
                    o.and_then(|p| p.clause.as_deref()),
                    n.and_then(|p| p.clause.as_deref()),
                );
            }
        }
    }
    for (o, n) in &pools {
        if let (Some(o), Some(n)) = (o, n) {
            hosting(out, o, n);
            super::schemes::schemes(out, o, n);
        }
    }
    for (o, n) in &pools {
        if let (Some(o), Some(n)) = (o, n) {
            for (side, a, b) in [
                ("overspend", &o.overspend, &n.overspend),
                ("underspend", &o.underspend, &n.underspend),
            ] {
                out.text(
                    Section::RiskShare,
                    format!("{side} of {}", o.id),
                    a.as_ref().map(describe::risk_rule),
                    b.as_ref().map(describe::risk_rule),
                    a.as_ref().and_then(|r| r.clause.as_deref()),
                    b.as_ref().and_then(|r| r.clause.as_deref()),
                );
                let caps = a.as_ref().and_then(describe::risk_cap);
                let caps = caps.zip(b.as_ref().and_then(describe::risk_cap));
                if let Some(((x, rest_a), (y, rest_b))) = caps {
                    if x != y && rest_a == rest_b {
                        if let Some(change) = out.changes.last_mut() {
                            change.difference = y.checked_sub(x);
                        }
                    }
                }
            }
        }
    }
    super::schemes::reserves(out, old, new);
    for (o, n) in pair_all(&old.obligations, &new.obligations, |o| o.id.clone()) {
        match (o, n) {
            (Some(o), Some(n)) => obligation(out, o, n),
            (o, n) => {
                let id = o.or(n).map_or("", |x| x.id.as_str());
                out.text(
                    Section::Obligations,
                    format!("obligation {id}"),
                    o.map(|x| x.name.to_string()),
                    n.map(|x| x.name.to_string()),
                    o.and_then(|x| x.clause.as_deref()),
                    n.and_then(|x| x.clause.as_deref()),
                );
            }
        }
    }
    super::waivers::waivers(out, old, new);
    for (o, n) in pair_all(&old.bodies, &new.bodies, |b| b.id.clone()) {
        match (o, n) {
            (Some(o), Some(n)) => governance(out, o, n),
            (o, n) => {
                let id = o.or(n).map_or("", |b| b.id.as_str());
                out.text(
                    Section::Governance,
                    format!("body {id}"),
                    o.map(|b| b.name.to_string()),
                    n.map(|b| b.name.to_string()),
                    o.and_then(|b| b.clause()),
                    n.and_then(|b| b.clause()),
                );
            }
        }
    }
    super::other::other(out, old, new);
    super::marks::marks(out, old, new);
}
