//! The front sheet: what the board must know and decide, before the
//! detail. With an assessment of returns, the status of each obligation in
//! the national template's words, the partners flagged and why (one line
//! each), the money at stake and when, the returns missing and the
//! waivers; always, the matters `check` raises (its warnings) in plain
//! words with the clause they are about.

use super::context::Context;
use super::document::{Block, Cite, Section, Sentence, Table};
use super::words;
use crate::assess::assessment::Assessment;
use crate::diagnostics::Diagnostic;
use crate::source::Span;

/// The front sheet, the first section of the paper.
pub fn front_sheet(
    cx: &Context<'_>,
    assessment: Option<&Assessment>,
    warnings: &[Diagnostic],
) -> Section {
    let mut section = Section::new("at-a-glance", "At a glance");
    match assessment {
        Some(a) => performance(cx, a, &mut section),
        None => section.blocks.push(Block::Paragraph(vec![Sentence::plain(
            "No returns were assessed: this paper describes the agreement, not how the partners are performing against it",
        )])),
    }
    section.blocks.push(Block::Paragraph(vec![Sentence::plain(
        match warnings.len() {
            0 => "The checks of the agreement raise no matter for the board".to_owned(),
            1 => "The checks of the agreement raise one matter for the board".to_owned(),
            n => format!(
                "The checks of the agreement raise {} matters for the board",
                words::count(n)
            ),
        },
    )]));
    if let Some(list) = super::marks::front(cx) {
        let mut marked = Section::new("marked", "Marked illustrative or draft in the agreement");
        marked.blocks.push(Block::Paragraph(vec![Sentence::plain(
            "The agreement marks the parts below as not (or not yet) the agreement as signed; the paper repeats the mark where they appear",
        )]));
        marked.blocks.push(list);
        section.subsections.push(marked);
    }
    if !warnings.is_empty() {
        let mut matters = Section::new("matters", "Matters for the board");
        let items = warnings
            .iter()
            .map(|w| {
                Sentence::new(
                    format!(
                        "{} (check {})",
                        words::capitalised(&plain(cx, &w.message)),
                        w.code.as_str()
                    ),
                    w.primary
                        .as_ref()
                        .map(|l| vec![clause_of(cx, l.span)])
                        .unwrap_or_default(),
                )
            })
            .collect();
        matters.blocks.push(Block::List {
            ordered: false,
            items,
        });
        section.subsections.push(matters);
    }
    section
}

fn performance(cx: &Context<'_>, a: &Assessment, section: &mut Section) {
    let obligation_cite = |id: &str| -> Vec<Cite> {
        cx.agreement
            .obligations
            .iter()
            .find(|o| o.id.as_str() == id)
            .map(|o| vec![cx.cite_in(None, o.clause.as_deref(), o.span)])
            .unwrap_or_default()
    };
    let flagged = |obligation: &str, owner: &str| {
        a.flags
            .iter()
            .any(|f| f.obligation.as_str() == obligation && f.owner.as_str() == owner)
    };
    let rows: Vec<Vec<String>> = a
        .obligations
        .iter()
        .flat_map(|o| {
            o.owners.iter().map(move |owner| {
                let who: Vec<String> = if owner.owners.is_empty() {
                    vec![full_name(cx, owner.owner.as_str())]
                } else {
                    owner
                        .owners
                        .iter()
                        .map(|n| full_name(cx, n.as_str()))
                        .collect()
                };
                let (period, status) = owner.latest.as_ref().map_or_else(
                    || ("none yet".to_owned(), "no figure yet".to_owned()),
                    |l| (l.period.to_string(), l.national.words().to_owned()),
                );
                vec![
                    o.name.clone(),
                    words::list(&who),
                    period,
                    status,
                    if flagged(o.obligation.as_str(), owner.owner.as_str()) {
                        "yes".to_owned()
                    } else {
                        "no".to_owned()
                    },
                ]
            })
        })
        .collect();
    section
        .blocks
        .push(Block::Paragraph(vec![Sentence::plain(format!(
            "As of {}, {}",
            a.as_of,
            match a.flags.len() {
                0 => "no partner is underperforming".to_owned(),
                1 => "one partner is underperforming".to_owned(),
                n => format!("{} partners are underperforming", words::count(n)),
            }
        ))]));
    if !rows.is_empty() {
        section.blocks.push(Block::Table(Table {
            caption: format!(
                "Each obligation as of {}, in the words of the national template",
                a.as_of
            ),
            header: [
                "Obligation",
                "Answerable",
                "Latest period",
                "Status",
                "Flagged",
            ]
            .map(str::to_owned)
            .to_vec(),
            numeric: vec![false; 5],
            rows,
            totals: Vec::new(),
            cites: Vec::new(),
        }));
    }
    if !a.flags.is_empty() {
        let items = a
            .flags
            .iter()
            .map(|f| {
                let next = f
                    .consequences
                    .last()
                    .map(|c| {
                        let what = match c.action {
                            "escalate" => "escalation",
                            "recovery_plan" => "a recovery plan",
                            "withhold" => "money withheld",
                            "clawback" => "a clawback",
                            "allocation_cut" => "a cut in a grant's allocation",
                            "dispute_resolution" => "dispute resolution",
                            other => other,
                        };
                        format!("; now at step {} of the agreement's ladder: {what}", c.step)
                    })
                    .unwrap_or_default();
                let obligation = cx
                    .agreement
                    .obligations
                    .iter()
                    .find(|o| o.id == f.obligation)
                    .map_or_else(|| f.obligation.to_string(), |o| o.name.to_string());
                let missed = match f.consecutive_misses {
                    1 => format!("missed in {}", f.since),
                    2 => format!("missed twice in a row since {}", f.since),
                    n => format!(
                        "missed {} times in a row since {}",
                        words::count(usize::try_from(n).unwrap_or(usize::MAX)),
                        f.since
                    ),
                };
                Sentence::new(
                    format!("{}: \"{obligation}\" {missed}{next}", f.owner_name),
                    obligation_cite(f.obligation.as_str()),
                )
            })
            .collect();
        section.blocks.push(Block::List {
            ordered: false,
            items,
        });
    }
    let mut money: Vec<Sentence> = Vec::new();
    for flag in &a.flags {
        for c in flag.consequences.iter().filter(|c| c.amount.is_some()) {
            let when = c
                .due_by
                .map(|d| format!(", due by {d}"))
                .unwrap_or_default();
            money.push(Sentence::new(
                format!("{}{when}", words::capitalised(&plain(cx, &c.description))),
                obligation_cite(flag.obligation.as_str()),
            ));
        }
    }
    for p in &a.payments {
        money.push(Sentence::new(
            words::capitalised(&plain(cx, &p.explanation)),
            p.clause.iter().map(|c| Cite::Clause(c.clone())).collect(),
        ));
    }
    for s in &a.settlements {
        let parts: Vec<String> = s
            .shares
            .iter()
            .map(|p| format!("{} {}", full_name(cx, p.partner.as_str()), p.amount))
            .collect();
        if parts.is_empty() {
            continue;
        }
        let (noun, verb) = match s.side {
            crate::syntax::ast::RiskSide::Overspend => ("overspend", "bear"),
            crate::syntax::ast::RiskSide::Underspend => ("underspend", "receive"),
        };
        let what = s.scheme.as_ref().map_or_else(
            || s.pool_name.clone(),
            |k| {
                format!(
                    "scheme {} of the {}",
                    scheme_name(cx, k.as_str()),
                    s.pool_name
                )
            },
        );
        money.push(Sentence::new(
            format!(
                "The {year} {noun} of {} on the {what}: the partners {verb} {}",
                s.amount,
                words::list(&parts),
                year = s.year
            ),
            s.clause.iter().map(|c| Cite::Clause(c.clone())).collect(),
        ));
    }
    if !money.is_empty() {
        let mut at_stake = Section::new("money-at-stake", "Money at stake");
        at_stake.blocks.push(Block::List {
            ordered: false,
            items: money,
        });
        section.subsections.push(at_stake);
    }
    let missing = a.missing_returns.len();
    let waivers = a
        .obligations
        .iter()
        .flat_map(|o| &o.owners)
        .map(|o| o.waived.len())
        .sum::<usize>();
    let mut facts = vec![Sentence::plain(match missing {
        0 => "No return is missing".to_owned(),
        1 => "One owner has returns missing".to_owned(),
        n => format!("{} owners have returns missing", words::count(n)),
    })];
    if waivers > 0 || !a.expired_waivers.is_empty() {
        facts.push(Sentence::plain(format!(
            "Waivers agreed by the board excuse {} {}; {} expired",
            words::count(waivers),
            if waivers == 1 {
                "missed period"
            } else {
                "missed periods"
            },
            match a.expired_waivers.len() {
                0 => "none has".to_owned(),
                1 => "one has".to_owned(),
                n => format!("{} have", words::count(n)),
            }
        )));
    }
    if !a.unsettled.is_empty() {
        facts.push(Sentence::plain(format!(
            "{} not settled yet (see the section on over- and underspends)",
            match a.unsettled.len() {
                1 => "One pool's year is".to_owned(),
                n => format!("{} pool years are", words::capitalised(&words::count(n))),
            }
        )));
    }
    section.blocks.push(Block::Paragraph(facts));
}

/// The full name of a partner (or other declared thing) by its id.
fn full_name(cx: &Context<'_>, id: &str) -> String {
    let a = cx.agreement;
    a.partners
        .iter()
        .find(|p| p.id.as_str() == id)
        .map(|p| p.name.to_string())
        .or_else(|| {
            a.bodies
                .iter()
                .find(|b| b.id.as_str() == id)
                .map(|b| b.name.to_string())
        })
        .or_else(|| {
            a.pools
                .iter()
                .find(|p| p.id.as_str() == id)
                .map(|p| format!("the {}", p.name))
        })
        .or_else(|| {
            a.obligations
                .iter()
                .find(|o| o.id.as_str() == id)
                .map(|o| format!("\"{}\"", o.name))
        })
        .or_else(|| {
            a.reserves
                .iter()
                .find(|r| r.id.as_str() == id)
                .map(|r| format!("the {}", r.name))
        })
        .or_else(|| {
            a.externals
                .iter()
                .find(|e| e.id.as_str() == id)
                .map(|e| e.name.to_string())
        })
        .or_else(|| {
            a.functions
                .iter()
                .find(|f| f.id.as_str() == id)
                .map(|f| f.name.to_string())
        })
        .unwrap_or_else(|| scheme_name(cx, id))
}

fn scheme_name(cx: &Context<'_>, id: &str) -> String {
    let pools = &cx.agreement.pools;
    pools
        .iter()
        .flat_map(|p| &p.schemes)
        .find(|s| s.id.as_str() == id)
        .map(|s| format!("\"{}\"", s.name))
        .or_else(|| {
            pools
                .iter()
                .flat_map(|p| &p.grants)
                .find(|g| g.id.as_str() == id)
                .map(|g| format!("the {}", g.name))
        })
        .unwrap_or_else(|| id.to_owned())
}

/// A message in plain words: each `id` in backticks becomes the full name
/// of what it names (backticks around anything else are dropped).
pub fn plain(cx: &Context<'_>, text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find('`') {
        out.push_str(rest.get(..start).unwrap_or(""));
        let after = rest.get(start + 1..).unwrap_or("");
        let Some(end) = after.find('`') else {
            out.push_str(after);
            return out;
        };
        let inner = after.get(..end).unwrap_or("");
        let is_id =
            !inner.is_empty() && inner.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
        rest = after.get(end + 1..).unwrap_or("");
        if is_id {
            let name = full_name(cx, inner);
            out.push_str(&name);
            // `dhsc` (Department of Health and Social Care): the name once.
            let bare = name.strip_prefix("the ").unwrap_or(&name);
            for said in [format!(" ({name})"), format!(" ({bare})")] {
                if let Some(after_name) = rest.strip_prefix(said.as_str()) {
                    rest = after_name;
                    break;
                }
            }
        } else {
            out.push_str(inner);
        }
    }
    out.push_str(rest);
    out
}

/// The clause a warning is about: that of the pool, obligation, body,
/// reserve or waiver whose block it falls in (the last one opened before
/// it), else the agreement's, else its line.
fn clause_of(cx: &Context<'_>, span: Span) -> Cite {
    let a = cx.agreement;
    let blocks = a
        .pools
        .iter()
        .map(|p| (p.span, p.clause.as_deref()))
        .chain(a.obligations.iter().map(|o| (o.span, o.clause.as_deref())))
        .chain(a.bodies.iter().map(|b| (b.span, b.clause())))
        .chain(a.reserves.iter().map(|r| (r.span, r.clause.as_deref())))
        .chain(a.waivers.iter().map(|w| (w.span, w.clause.as_deref())));
    let inside = blocks
        .filter(|(header, _)| header.file == span.file && header.start <= span.start)
        .max_by_key(|(header, _)| header.start);
    match inside {
        Some((header, clause)) => cx.cite_in(None, clause, header),
        None => cx.cite_in(None, None, span),
    }
}
