//! Obligations: owners, metric, baseline, target, trajectory, tolerance,
//! reporting and the ladder of consequences.

use crate::model::{Metric, Obligation, Reporting, Step};
use crate::syntax::ast::Direction;

use super::compare::{cited, pair_all, Out};
use super::{describe, Section};

fn metric(metric: &Metric) -> String {
    let mut text = format!("\"{}\"", metric.name);
    if let Some(unit) = metric.unit {
        text.push_str(" in ");
        text.push_str(unit.word());
    }
    match metric.direction.map(|d| d.value) {
        Some(Direction::LowerIsBetter) => text.push_str(", lower is better"),
        Some(Direction::HigherIsBetter) => text.push_str(", higher is better"),
        None => {}
    }
    text
}

/// Every part of an obligation in both versions.
pub(super) fn obligation(out: &mut Out<'_>, old: &Obligation, new: &Obligation) {
    let id = old.id.as_str();
    let section = Section::Obligations;
    let both = |statement: &str| {
        (
            cited(&old.citations, statement, old.clause.as_deref()),
            cited(&new.citations, statement, new.clause.as_deref()),
        )
    };
    let line = |out: &mut Out<'_>,
                what: &str,
                a: Option<String>,
                b: Option<String>,
                clauses: (Option<&str>, Option<&str>)| {
        out.text(
            section,
            format!("{what} of {id}"),
            a,
            b,
            clauses.0,
            clauses.1,
        );
    };
    line(
        out,
        "description",
        Some(old.name.to_string()),
        Some(new.name.to_string()),
        (old.clause.as_deref(), new.clause.as_deref()),
    );
    line(
        out,
        "owners",
        Some(describe::refs(&old.owners)),
        Some(describe::refs(&new.owners)),
        both("owner"),
    );
    line(
        out,
        "attribution",
        old.attribution.as_ref().map(describe::attribution),
        new.attribution.as_ref().map(describe::attribution),
        both("attribution"),
    );
    line(
        out,
        "functions",
        Some(describe::refs(&old.functions)).filter(|f| !f.is_empty()),
        Some(describe::refs(&new.functions)).filter(|f| !f.is_empty()),
        both("function"),
    );
    line(
        out,
        "metric",
        old.metric.as_ref().map(metric),
        new.metric.as_ref().map(metric),
        (
            old.metric.as_ref().and_then(|m| m.clause.as_deref()),
            new.metric.as_ref().and_then(|m| m.clause.as_deref()),
        ),
    );
    line(
        out,
        "baseline",
        old.baseline.as_ref().map(describe::measure),
        new.baseline.as_ref().map(describe::measure),
        both("baseline"),
    );
    line(
        out,
        "target",
        old.target.as_ref().map(describe::target),
        new.target.as_ref().map(describe::target),
        both("target"),
    );
    line(
        out,
        "trajectory",
        Some(describe::trajectory(&old.trajectory)),
        Some(describe::trajectory(&new.trajectory)),
        both("trajectory"),
    );
    line(
        out,
        "tolerance",
        old.tolerance.as_ref().map(describe::tolerance),
        new.tolerance.as_ref().map(describe::tolerance),
        both("tolerance"),
    );
    let flag = |o: &Obligation| {
        o.flag_after
            .map(|n| format!("after {} consecutive misses", n.value))
    };
    line(out, "flagging", flag(old), flag(new), both("flag"));
    let to = |r: &Reporting| describe::refs(&r.to);
    for (a, b) in pair_all(&old.reports, &new.reports, to) {
        let whom = a.or(b).map(to).unwrap_or_default();
        line(
            out,
            &format!("reporting to {whom}"),
            a.map(describe::reporting),
            b.map(describe::reporting),
            (
                a.and_then(|r| r.clause.as_deref()),
                b.and_then(|r| r.clause.as_deref()),
            ),
        );
    }
    for (a, b) in pair_all(&old.on_miss, &new.on_miss, |s: &Step| s.after_misses) {
        let n = a.or(b).map_or(0, |s| s.after_misses);
        line(
            out,
            &format!(
                "consequence of the {} miss",
                crate::summary::words::ordinal(n)
            ),
            a.map(describe::step),
            b.map(describe::step),
            (
                a.and_then(|s| s.clause.as_deref()),
                b.and_then(|s| s.clause.as_deref()),
            ),
        );
    }
}
