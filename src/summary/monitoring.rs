//! In-year monitoring in a board paper: each pool's plan, forecast outturn,
//! actual to date and variance, period by period, and the forecast
//! triggers with what follows. Read from the [`Assessment`] alone.

use super::context::Context;
use super::document::{Block, Section, Sentence, Table};
use crate::assess::assessment::Assessment;
use crate::money::Money;

/// The subsection, when the returns hold monitoring figures.
pub fn monitoring(cx: &Context<'_>, assessment: &Assessment) -> Option<Section> {
    if assessment.monitoring.is_empty() {
        return None;
    }
    let mut section = Section::new("monitoring", "In-year monitoring");
    let money = |m: Option<Money>| m.map_or("–".to_owned(), |m| m.to_string());
    for pool in &assessment.monitoring {
        let cites = cx
            .agreement
            .pools
            .iter()
            .find(|p| p.id == pool.pool)
            .map(|p| vec![cx.cite_in(None, p.clause.as_deref(), p.span)])
            .unwrap_or_default();
        let rule = pool.threshold.as_ref().map_or(String::new(), |t| {
            format!("; a forecast outturn more than {t} of the year's budget above or below it triggers the pool manager's ladder")
        });
        let (what, against) = match &pool.scheme {
            Some(scheme) => (
                format!("the scheme {scheme} of the {}", pool.pool_name),
                "the scheme's plan for the year",
            ),
            None => (
                format!("{} ({})", pool.pool_name, pool.pool),
                "the year's budget",
            ),
        };
        section
            .blocks
            .push(Block::Paragraph(vec![Sentence::new(
                format!(
                    "The pool manager's monitoring of {what}: the plan to date, the forecast outturn for the year and the actual spent to date, with the forecast's variance from {against}{rule}"
                ),
                cites,
            )]));
        section.blocks.push(Block::Table(Table {
            caption: match &pool.scheme {
                Some(scheme) => format!("Scheme {scheme}: plan, forecast and actual"),
                None => format!("{}: plan, forecast and actual", pool.pool_name),
            },
            header: ["Period", "Budget", "Plan", "Forecast", "Actual", "Variance"]
                .map(str::to_owned)
                .to_vec(),
            numeric: vec![false, true, true, true, true, true],
            rows: pool
                .periods
                .iter()
                .map(|p| {
                    vec![
                        p.period.to_string(),
                        money(p.budget),
                        money(p.plan),
                        money(p.forecast),
                        money(p.actual),
                        match p.variance {
                            Some(v) if p.breach => format!("{v} (beyond the threshold)"),
                            v => money(v),
                        },
                    ]
                })
                .collect(),
            totals: Vec::new(),
            cites: Vec::new(),
        }));
    }
    for flag in &assessment.forecast_triggers {
        section.blocks.push(Block::Paragraph(vec![Sentence::plain(
            flag.explanation.trim_end_matches('.').replace('`', ""),
        )]));
        if !flag.consequences.is_empty() {
            section.blocks.push(Block::List {
                ordered: true,
                items: flag
                    .consequences
                    .iter()
                    .map(|c| {
                        let due = c.due_by.map_or(String::new(), |d| format!(", by {d}"));
                        Sentence::plain(format!(
                            "After the forecast as at {}: {}{due}",
                            c.triggered_by,
                            super::performance::consequence_words(cx, c)
                        ))
                    })
                    .collect(),
            });
        }
    }
    Some(section)
}
