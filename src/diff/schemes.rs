//! Schemes of pools (plans, commissioners, their own risk rules),
//! payments for performance and shared risk reserves.

use crate::model::{Agreement, FixedShare, Payment, Pool, Reserve, Scheme, YearAmount};

use super::compare::{pair_all, Out};
use super::{describe, Section};

fn shares(shares: &[FixedShare]) -> String {
    shares
        .iter()
        .map(|s| format!("{} {}%", s.partner.name, s.percent.value.normalize()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The schemes and payments of a pool in both versions.
pub(super) fn schemes(out: &mut Out<'_>, old: &Pool, new: &Pool) {
    let pool = old.id.as_str();
    for (o, n) in pair_all(&old.schemes, &new.schemes, |s| s.id.clone()) {
        scheme(out, pool, o, n);
    }
    let key = |p: &Payment| (p.from.name.clone(), p.year.value);
    for (o, n) in pair_all(&old.payments, &new.payments, key) {
        let Some(either) = o.or(n) else {
            continue;
        };
        let words = |p: &Payment| {
            let otherwise = describe::share(&p.otherwise);
            format!(
                "if {} met at {}, otherwise {otherwise}",
                p.obligation.name, p.by
            )
        };
        let item = format!(
            "payment for performance from {} in {} to {pool}",
            either.from.name, either.year.value
        );
        let clauses = (
            o.and_then(|p| p.clause.as_deref()),
            n.and_then(|p| p.clause.as_deref()),
        );
        out.money(
            Section::Contributions,
            item.clone(),
            o.map(|p| p.amount.value),
            n.map(|p| p.amount.value),
            clauses,
        );
        out.text(
            Section::Contributions,
            format!("condition of the {item}"),
            o.map(words),
            n.map(words),
            clauses.0,
            clauses.1,
        );
    }
}

fn scheme(out: &mut Out<'_>, pool: &str, old: Option<&Scheme>, new: Option<&Scheme>) {
    let Some(id) = old.or(new).map(|s| s.id.as_str()) else {
        return;
    };
    let clauses = (
        old.and_then(|s| s.clause.as_deref()),
        new.and_then(|s| s.clause.as_deref()),
    );
    let who = |s: &Scheme| match &s.lead {
        Some(lead) => format!("{} (lead)", lead.name),
        None => shares(&s.commissioned),
    };
    out.text(
        Section::Hosting,
        format!("scheme {id} of {pool}"),
        old.map(|s| format!("{}, commissioned by {}", s.name, who(s))),
        new.map(|s| format!("{}, commissioned by {}", s.name, who(s))),
        clauses.0,
        clauses.1,
    );
    for (what, of) in [
        (
            "plan",
            (|s: &Scheme| s.plans.as_slice()) as fn(&Scheme) -> &[YearAmount],
        ),
        ("uncommitted allocation", |s: &Scheme| {
            s.uncommitted.as_slice()
        }),
    ] {
        let a = old.map_or(&[][..], of);
        let b = new.map_or(&[][..], of);
        for (x, y) in pair_all(a, b, |p| p.year.value) {
            let Some(year) = x.or(y).map(|p| p.year.value) else {
                continue;
            };
            out.money(
                Section::Contributions,
                format!("{what} of scheme {id} of {pool} in {year}"),
                x.map(|p| p.amount.value),
                y.map(|p| p.amount.value),
                clauses,
            );
        }
    }
    let overspend = |s: &Scheme| s.overspend.clone();
    let underspend = |s: &Scheme| s.underspend.clone();
    for (side, rule) in [
        (
            "overspend",
            overspend as fn(&Scheme) -> Option<crate::model::RiskRule>,
        ),
        ("underspend", underspend),
    ] {
        let (a, b) = (old.and_then(rule), new.and_then(rule));
        let (a, b) = (a.as_ref(), b.as_ref());
        out.text(
            Section::RiskShare,
            format!("{side} of scheme {id} of {pool}"),
            a.map(describe::risk_rule),
            b.map(describe::risk_rule),
            a.and_then(|r| r.clause.as_deref()),
            b.and_then(|r| r.clause.as_deref()),
        );
    }
}

/// The shared risk reserves of an agreement in both versions.
pub(super) fn reserves(out: &mut Out<'_>, old: &Agreement, new: &Agreement) {
    for (o, n) in pair_all(&old.reserves, &new.reserves, |r| r.id.clone()) {
        let Some(id) = o.or(n).map(|r| r.id.as_str()) else {
            continue;
        };
        let clauses = (
            o.and_then(|r| r.clause.as_deref()),
            n.and_then(|r| r.clause.as_deref()),
        );
        out.money(
            Section::RiskShare,
            format!("risk reserve {id}"),
            o.and_then(|r| r.amount.map(|a| a.value)),
            n.and_then(|r| r.amount.map(|a| a.value)),
            clauses,
        );
        let words = |r: &Reserve| {
            let every = if r.topped_up {
                "topped up each year"
            } else {
                "one balance over the term"
            };
            format!(
                "funded by {}, serving {}, {every}",
                shares(&r.funded_by),
                describe::refs(&r.serves)
            )
        };
        out.text(
            Section::RiskShare,
            format!("terms of risk reserve {id}"),
            o.map(words),
            n.map(words),
            clauses.0,
            clauses.1,
        );
    }
}
