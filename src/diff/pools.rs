//! Pools: contributions by partner and year with their totals, grants and
//! declared totals; hosts, pool managers and lead commissioners.

use crate::model::At;
use crate::model::{Contribution, DeclaredTotal, Grant, LeadCommission, Pool, YearContributions};
use crate::money::Money;
use crate::period::FinancialYear;

use super::compare::{cited, pair_all, Out};
use super::{describe, Section};

fn entries(year: Option<&YearContributions>) -> &[Contribution] {
    year.map_or(&[], |y| &y.entries)
}

fn amounts(grant: Option<&Grant>) -> &[(At<FinancialYear>, At<Money>)] {
    grant.map_or(&[], |g| &g.amounts)
}

/// Contributions, grants and totals of a pool in both versions.
pub(super) fn contributions(out: &mut Out<'_>, old: &Pool, new: &Pool) {
    let pool = old.id.as_str();
    let years = pair_all(&old.contributions, &new.contributions, |y| y.year.value);
    for (o, n) in &years {
        let Some(year) = o.or(*n).map(|y| y.year.value) else {
            continue;
        };
        let clauses = (
            o.and_then(|y| y.clause.as_deref()),
            n.and_then(|y| y.clause.as_deref()),
        );
        for (a, b) in pair_all(entries(*o), entries(*n), |c| c.partner.name.clone()) {
            let partner = a.or(b).map_or("", |c| c.partner.name.as_str());
            let item = format!("contribution of {partner} to {pool} in {year}");
            if a.or(b).is_some_and(|c| c.formula.is_some())
                || b.is_some_and(|c| c.formula.is_some())
            {
                // A figure by formula is compared as written (`uplifted
                // 5.66%`, `as notified`), with its figure when known.
                let words = |c: &Contribution| match (c.formula.as_deref(), c.known()) {
                    (Some(_), true) => format!("{} ({})", c.as_written(), c.amount.value),
                    _ => c.as_written(),
                };
                out.text(
                    Section::Contributions,
                    item,
                    a.map(words),
                    b.map(words),
                    clauses.0,
                    clauses.1,
                );
                continue;
            }
            out.money(
                Section::Contributions,
                item,
                a.map(|c| c.amount.value),
                b.map(|c| c.amount.value),
                clauses,
            );
        }
    }
    for (o, n) in &years {
        let Some(year) = o.or(*n).map(|y| y.year.value) else {
            continue;
        };
        // A year with a figure not yet notified has no total to compare.
        if o.or(*n).is_some() && [*o, *n].iter().flatten().any(|y| !y.known()) {
            continue;
        }
        let total = |y: Option<&YearContributions>| {
            y.and_then(|y| Money::sum(y.entries.iter().map(|c: &Contribution| c.amount.value)))
        };
        let (a, b) = (total(*o), total(*n));
        if a != b {
            out.money(
                Section::Contributions,
                format!("total contributions to {pool} in {year}"),
                a,
                b,
                (
                    o.and_then(|y| y.clause.as_deref()),
                    n.and_then(|y| y.clause.as_deref()),
                ),
            );
        }
    }
    for (o, n) in pair_all(&old.grants, &new.grants, |g| g.id.clone()) {
        grant(out, pool, o, n);
    }
    // A total over the term (or each year of it) pairs with the other
    // side's; a total `in YEAR` with the other side's for the same year.
    let key = |t: &DeclaredTotal| t.in_year.then(|| t.years.clone());
    for (o, n) in pair_all(&old.totals, &new.totals, key) {
        total(out, pool, (old, o), (new, n));
    }
}

/// A declared total: its amount and, for a total over the term, its years.
fn total(
    out: &mut Out<'_>,
    pool: &str,
    (old_pool, old): (&Pool, Option<&DeclaredTotal>),
    (new_pool, new): (&Pool, Option<&DeclaredTotal>),
) {
    let Some(either) = old.or(new) else {
        return;
    };
    let years = |t: &DeclaredTotal| {
        let years: Vec<String> = t.years.iter().map(ToString::to_string).collect();
        let each = if t.each_year { "each year of " } else { "" };
        format!("{each}{}", years.join(", "))
    };
    let item = if either.in_year {
        format!("declared total of {pool} {}", either.when())
    } else {
        format!("declared total of {pool}")
    };
    if !either.in_year && old.is_some() && new.is_some() {
        out.text(
            Section::Contributions,
            format!("years of the declared total of {pool}"),
            old.map(years),
            new.map(years),
            None,
            None,
        );
    }
    out.money(
        Section::Contributions,
        item,
        old.map(|t| t.amount.value),
        new.map(|t| t.amount.value),
        (
            old.and_then(|t| t.clause.as_deref())
                .or(old_pool.clause.as_deref()),
            new.and_then(|t| t.clause.as_deref())
                .or(new_pool.clause.as_deref()),
        ),
    );
}

/// A grant: who pays it, through whom, and its amount each year.
fn grant(out: &mut Out<'_>, pool: &str, old: Option<&Grant>, new: Option<&Grant>) {
    let Some(id) = old.or(new).map(|g| g.id.as_str()) else {
        return;
    };
    let clauses = (
        old.and_then(|g| g.clause.as_deref()),
        new.and_then(|g| g.clause.as_deref()),
    );
    let words = |g: &Grant| format!("{} from {} through {}", g.name, g.from.name, g.through.name);
    out.text(
        Section::Contributions,
        format!("grant {id} to {pool}"),
        old.map(words),
        new.map(words),
        clauses.0,
        clauses.1,
    );
    for (a, b) in pair_all(amounts(old), amounts(new), |(year, _)| year.value) {
        let Some(year) = a.or(b).map(|(year, _)| year.value) else {
            continue;
        };
        out.money(
            Section::Contributions,
            format!("grant {id} to {pool} in {year}"),
            a.map(|(_, m)| m.value),
            b.map(|(_, m)| m.value),
            clauses,
        );
    }
}

/// The host, the pool manager and the lead commissioners of a pool.
pub(super) fn hosting(out: &mut Out<'_>, old: &Pool, new: &Pool) {
    let pool = old.id.as_str();
    out.text(
        Section::Hosting,
        format!("host of {pool}"),
        old.host.as_ref().map(|h| h.name.to_string()),
        new.host.as_ref().map(|h| h.name.to_string()),
        cited(&old.citations, "host", old.clause.as_deref()),
        cited(&new.citations, "host", new.clause.as_deref()),
    );
    let manager = |p: &Pool| {
        p.manager.as_ref().map(|m| match &m.of {
            Some(of) => format!("{} of {}", m.title, of.name),
            None => m.title.to_string(),
        })
    };
    out.text(
        Section::Hosting,
        format!("manager of {pool}"),
        manager(old),
        manager(new),
        old.manager
            .as_ref()
            .and_then(|m| m.clause.as_deref())
            .or(old.clause.as_deref()),
        new.manager
            .as_ref()
            .and_then(|m| m.clause.as_deref())
            .or(new.clause.as_deref()),
    );
    let words = |l: &LeadCommission| {
        format!(
            "{} commissions {} for {}",
            l.lead.name,
            describe::refs(&l.functions),
            describe::refs(&l.on_behalf_of)
        )
    };
    for (a, b) in pair_all(&old.leads, &new.leads, |l| l.lead.name.clone()) {
        let lead = a.or(b).map_or("", |l| l.lead.name.as_str());
        out.text(
            Section::Hosting,
            format!("lead commissioning by {lead} in {pool}"),
            a.map(words),
            b.map(words),
            a.and_then(|l| l.clause.as_deref()),
            b.and_then(|l| l.clause.as_deref()),
        );
    }
}
