//! The money: each pool's host, manager, functions and contributions by
//! partner and year; who commissions what on whose behalf; and the risk
//! share in words.

use rust_decimal::Decimal;
use rustc_hash::FxHashMap;

use super::chart::{Bar, BarGroup, ContributionChart};
use super::context::{cited, Context};
use super::document::{Block, Cite, Figure, FigureKind, Section, Sentence, Table};
use super::words;
use crate::model::{CascadeStep, Pool, PoolKind, RiskCap, RiskRule, Share, YearContributions};
use crate::money::Money;
use crate::period::FinancialYear;

/// One row of a contributions table: who pays, and how much each year.
struct Row {
    label: String,
    amounts: Vec<Money>,
    /// The years whose amount is `as notified` and not yet known.
    unknown: Vec<bool>,
    cites: Vec<Cite>,
}

/// Each partner's amount in a year's table, and whether it is known.
type Amounts = FxHashMap<usize, (Money, bool)>;

/// The contributors to a pool, partners first (in the order the agreement
/// declares them), then grants, each with its amount in each year.
fn rows(cx: &Context<'_>, pool: &Pool, years: &[FinancialYear]) -> Vec<Row> {
    // Each year's table, and each partner's amount in it, looked up once.
    let tables: Vec<Option<(&YearContributions, Amounts)>> = years
        .iter()
        .map(|year| {
            let table = pool.year(*year)?;
            let mut amounts = FxHashMap::default();
            for entry in &table.entries {
                amounts
                    .entry(entry.partner.index)
                    .or_insert((entry.amount.value, entry.known()));
            }
            Some((table, amounts))
        })
        .collect();
    let mut payers: Vec<usize> = tables
        .iter()
        .flatten()
        .flat_map(|(_, amounts)| amounts.keys().copied())
        .collect();
    payers.sort_unstable();
    payers.dedup();
    let mut rows = Vec::new();
    for index in payers {
        let Some(partner) = cx.agreement.partners.get(index) else {
            continue;
        };
        let mut cites = Vec::new();
        let (amounts, unknown) = tables
            .iter()
            .map(|table| {
                let Some((table, amounts)) = table else {
                    return (Money::ZERO, false);
                };
                let Some((amount, known)) = amounts.get(&index) else {
                    return (Money::ZERO, false);
                };
                cites.push(cx.cite_in(table.clause.as_deref(), pool.clause.as_deref(), table.span));
                (*amount, !known)
            })
            .unzip();
        rows.push(Row {
            label: partner.name.to_string(),
            amounts,
            unknown,
            cites,
        });
    }
    for grant in &pool.grants {
        let mut by_year: FxHashMap<FinancialYear, Money> = FxHashMap::default();
        for (year, amount) in &grant.amounts {
            by_year.entry(year.value).or_insert(amount.value);
        }
        let amounts = years
            .iter()
            .map(|year| by_year.get(year).copied().unwrap_or(Money::ZERO))
            .collect();
        rows.push(Row {
            unknown: vec![false; years.len()],
            label: format!(
                "{} (grant from {}, paid through {})",
                grant.name,
                super::obligations::party(cx, &grant.from),
                cx.name(&grant.through)
            ),
            amounts,
            cites: vec![cx.cite_in(grant.clause.as_deref(), pool.clause.as_deref(), grant.span)],
        });
    }
    rows
}

/// Tenths of a percent of `amounts` in their total, adding up to exactly
/// 100.0% (the largest-remainder split of [`Money::split`], of 1,000
/// tenths), written `64.7%`.
fn shares(amounts: &[Money]) -> Vec<String> {
    let weights: Vec<Decimal> = amounts.iter().map(|m| m.as_decimal()).collect();
    match Money::from_pence(1000).split(&weights) {
        Some(parts) => parts
            .iter()
            .map(|tenths| format!("{}%", Decimal::new(tenths.pence(), 1)))
            .collect(),
        None => vec![String::new(); amounts.len()],
    }
}

/// The section on pools: one subsection each.
pub fn pools(cx: &Context<'_>) -> Section {
    let mut section = Section::new("pools", "Pooled funds and aligned budgets");
    let years: Vec<FinancialYear> = cx
        .agreement
        .term
        .map(|t| t.years().collect())
        .unwrap_or_default();
    for (index, pool) in cx.agreement.pools.iter().enumerate() {
        section
            .subsections
            .push(pool_section(cx, pool, index, &years));
    }
    section
}

fn pool_section(cx: &Context<'_>, pool: &Pool, index: usize, years: &[FinancialYear]) -> Section {
    let mut section = Section::new(format!("pool-{}", index + 1), pool.name.as_str());
    section.blocks.extend(super::marks::notice(&pool.marks));
    let block = pool.clause.as_deref();
    let at = |own: Option<&str>| cx.cite_in(own, block, pool.span);
    let mut about = Vec::new();
    match pool.kind {
        PoolKind::Pooled => about.push(Sentence::new(
            "This is a pooled fund under regulation 7 of the 2000 Partnership Arrangements Regulations: the partners' contributions are paid into one fund",
            vec![at(None)],
        )),
        PoolKind::Aligned => about.push(Sentence::new(
            "This is an aligned budget: it is planned and managed together, but each partner keeps its part in its own accounts, so it has no host and is not pooled",
            vec![at(None)],
        )),
    }
    if let Some(host) = &pool.host {
        about.push(Sentence::new(
            format!(
                "{} hosts it: it holds the fund's accounts and arranges its audit",
                cx.name(host)
            ),
            vec![at(cited(&pool.citations, "host"))],
        ));
    }
    if let Some(manager) = &pool.manager {
        let employer = manager.of.as_ref().or(pool.host.as_ref());
        let of = employer.map_or_else(String::new, |p| format!(" of {}", cx.name(p)));
        about.push(Sentence::new(
            format!("Its pool manager is the {}{of}", manager.title),
            vec![at(manager.clause.as_deref())],
        ));
    }
    if !pool.functions.is_empty() {
        let names: Vec<String> = cx
            .names(&pool.functions)
            .iter()
            .map(|n| words::uncapitalised(n))
            .collect();
        about.push(Sentence::new(
            format!("It pays for {}", words::list(&names)),
            vec![at(cited(&pool.citations, "functions"))],
        ));
    }
    section.blocks.push(Block::Paragraph(about));

    let rows = rows(cx, pool, years);
    if rows.is_empty() {
        return section;
    }
    let year_totals: Vec<Money> = (0..years.len())
        .map(|i| {
            Money::sum(rows.iter().filter_map(|r| r.amounts.get(i).copied())).unwrap_or(Money::ZERO)
        })
        .collect();
    let term_totals: Vec<Money> = rows
        .iter()
        .map(|r| Money::sum(r.amounts.iter().copied()).unwrap_or(Money::ZERO))
        .collect();
    let grand = Money::sum(term_totals.iter().copied()).unwrap_or(Money::ZERO);
    let shares = shares(&term_totals);

    let mut money = vec![Sentence::new(
        format!(
            "Over the term {} is paid in, from {} {}{}",
            grand,
            words::count(rows.len()),
            if rows.len() == 1 { "source" } else { "sources" },
            if rows.iter().any(|r| r.unknown.contains(&true)) {
                ", not counting the figures notified later"
            } else {
                ""
            }
        ),
        rows.iter().flat_map(|r| r.cites.clone()).collect(),
    )];
    if !pool.totals.is_empty() {
        let totals: Vec<String> = pool
            .totals
            .iter()
            .map(|total| {
                let when = total.when();
                if when.is_empty() {
                    total.amount.value.to_string()
                } else {
                    format!("{} {when}", total.amount.value)
                }
            })
            .collect();
        let (noun, pronoun) = if totals.len() == 1 {
            ("a total", "it")
        } else {
            ("totals", "each")
        };
        let checked = super::formulas::totals_check(pool);
        let verdict = if checked.is_empty() {
            format!("and the amounts below add up to {pronoun} to the penny")
        } else {
            checked
        };
        money.push(Sentence::new(
            format!(
                "The agreement declares {noun} of {}, {verdict}",
                words::list(&totals)
            ),
            pool.totals
                .iter()
                .map(|total| at(total.clause.as_deref()))
                .collect(),
        ));
    }
    for payment in &pool.payments {
        let (verb, to) = match &payment.otherwise {
            Share::ReturnedTo(p) => ("is returned to", cx.name(p)),
            Share::KeptBy(p) | Share::BorneBy(p) => ("stays with", cx.name(p)),
            _ => ("stays with", cx.name(&payment.from)),
        };
        let purpose = payment
            .purpose
            .as_ref()
            .map(|p| format!(", {p}"))
            .unwrap_or_default();
        money.push(Sentence::new(
            format!(
                "{} of {}'s {} contribution is paid for performance: it is paid in only if the obligation \"{}\" is met at {}; otherwise it {verb} {to}{purpose}",
                payment.amount.value,
                cx.name(&payment.from),
                payment.year.value,
                cx.name(&payment.obligation),
                payment.by
            ),
            vec![at(payment.clause.as_deref())],
        ));
    }
    money.extend(super::formulas::sentences(cx, pool));
    money.extend(super::grants::sentences(cx, pool));
    section.blocks.push(Block::Paragraph(money));

    let mut header = vec!["Contributor".to_owned()];
    header.extend(years.iter().map(ToString::to_string));
    header.extend([
        "Over the term".to_owned(),
        "Share".to_owned(),
        "Where written".to_owned(),
    ]);
    let mut numeric = vec![false];
    numeric.extend(std::iter::repeat_n(true, years.len() + 2));
    numeric.push(false);
    let table_rows = rows
        .iter()
        .zip(&term_totals)
        .zip(&shares)
        .map(|((row, term), share)| {
            let mut cells = vec![row.label.clone()];
            cells.extend(
                row.amounts
                    .iter()
                    .zip(&row.unknown)
                    .map(|(amount, unknown)| {
                        if *unknown {
                            "as notified".to_owned()
                        } else {
                            amount.to_string()
                        }
                    }),
            );
            cells.extend([
                term.to_string(),
                share.clone(),
                super::document::cite_list(&row.cites).unwrap_or_default(),
            ]);
            cells
        })
        .collect();
    let total_cites: Vec<_> = pool
        .totals
        .iter()
        .map(|t| at(t.clause.as_deref()))
        .collect();
    let mut total_row = vec!["Total".to_owned()];
    total_row.extend(year_totals.iter().map(ToString::to_string));
    total_row.extend([
        grand.to_string(),
        "100%".to_owned(),
        super::document::cite_list(&total_cites).unwrap_or_default(),
    ]);
    let mut cites: Vec<_> = rows.iter().map(|row| row.cites.clone()).collect();
    cites.push(total_cites);
    section.blocks.push(Block::Table(Table {
        caption: format!("Contributions to the {} by year", pool.name),
        header,
        numeric,
        rows: table_rows,
        totals: vec![total_row],
        cites,
    }));

    let groups: Vec<BarGroup> = years
        .iter()
        .enumerate()
        .map(|(i, year)| BarGroup {
            label: year.to_string(),
            total: year_totals.get(i).copied().unwrap_or(Money::ZERO),
            bars: rows
                .iter()
                .map(|r| Bar {
                    label: r.label.clone(),
                    amount: r.amounts.get(i).copied().unwrap_or(Money::ZERO),
                })
                .collect(),
        })
        .collect();
    let description = groups
        .iter()
        .map(|g| {
            let bars: Vec<String> = g
                .bars
                .iter()
                .map(|b| format!("{} {}", b.label, b.amount))
                .collect();
            format!("{}, {} in all: {}.", g.label, g.total, bars.join("; "))
        })
        .collect::<Vec<_>>()
        .join(" ");
    section.blocks.push(Block::Figure(Figure {
        title: format!("Contributions to the {} by partner and year", pool.name),
        description: format!("Bar chart. {description}"),
        kind: FigureKind::Contributions(ContributionChart { groups }),
    }));
    let schemes_marked = super::marks::named_notice(
        pool.schemes
            .iter()
            .map(|s| (format!("the scheme “{}”", s.name), s.marks.as_slice())),
    );
    if let Some(table) = schemes_table(cx, pool, years) {
        section.blocks.push(Block::Table(table));
    }
    section.blocks.extend(schemes_marked);
    let open: Vec<Sentence> = pool
        .schemes
        .iter()
        .filter(|s| !s.uncommitted.is_empty())
        .map(|s| {
            let amounts: Vec<String> = s
                .uncommitted
                .iter()
                .map(|u| format!("{} in {}", u.amount.value, u.year.value))
                .collect();
            Sentence::new(
                format!(
                    "Of the scheme \"{}\", {} is not yet committed",
                    s.name,
                    words::list(&amounts)
                ),
                vec![cx.cite_in(s.clause.as_deref(), pool.clause.as_deref(), s.span)],
            )
        })
        .collect();
    if !open.is_empty() {
        section.blocks.push(Block::Paragraph(open));
    }
    section
}

/// The schemes of a pool: who commissions each and what it plans to spend.
fn schemes_table(cx: &Context<'_>, pool: &Pool, years: &[FinancialYear]) -> Option<Table> {
    if pool.schemes.is_empty() {
        return None;
    }
    let mut header = vec!["Scheme".to_owned(), "Commissioned by".to_owned()];
    header.extend(years.iter().map(ToString::to_string));
    header.push("Where written".to_owned());
    let mut numeric = vec![false, false];
    numeric.extend(std::iter::repeat_n(true, years.len()));
    numeric.push(false);
    let scheme_cite = |scheme: &crate::model::Scheme| {
        cx.cite_in(
            scheme.clause.as_deref(),
            pool.clause.as_deref(),
            scheme.span,
        )
    };
    let rows = pool
        .schemes
        .iter()
        .map(|scheme| {
            let who = match &scheme.lead {
                Some(lead) => cx.name(lead),
                None if scheme.commissioned.is_empty() => "not said".to_owned(),
                None => cx.shares(&scheme.commissioned),
            };
            let mut cells = vec![scheme.name.to_string(), who];
            cells.extend(years.iter().map(|year| {
                scheme
                    .plan(*year)
                    .map_or_else(|| "none".to_owned(), |m| m.to_string())
            }));
            cells.push(scheme_cite(scheme).to_string());
            cells
        })
        .collect();
    Some(Table {
        caption: format!("Schemes of the {} and their plans by year", pool.name),
        header,
        numeric,
        rows,
        totals: Vec::new(),
        cites: pool.schemes.iter().map(|s| vec![scheme_cite(s)]).collect(),
    })
}

/// Who commissions what on whose behalf.
pub fn commissioning(cx: &Context<'_>) -> Section {
    let mut section = Section::new("commissioning", "Who commissions what");
    let mut items = Vec::new();
    for pool in &cx.agreement.pools {
        for lead in &pool.leads {
            let functions: Vec<String> = cx
                .names(&lead.functions)
                .iter()
                .map(|n| words::uncapitalised(n))
                .collect();
            let mut others: Vec<String> = lead
                .on_behalf_of
                .iter()
                .filter(|p| p.index != lead.lead.index)
                .map(|p| cx.name(p))
                .collect();
            if lead.on_behalf_of.iter().any(|p| p.index == lead.lead.index) {
                others.insert(0, "itself".to_owned());
            }
            items.push(Sentence::new(
                format!(
                    "{} commissions {} for the {} on behalf of {}",
                    cx.name(&lead.lead),
                    words::list(&functions),
                    pool.name,
                    words::list(&others)
                ),
                vec![cx.cite_in(lead.clause.as_deref(), pool.clause.as_deref(), lead.span)],
            ));
        }
        for scheme in &pool.schemes {
            let who = match &scheme.lead {
                Some(lead) => format!("{} commissions", cx.name(lead)),
                None if scheme.commissioned.is_empty() => continue,
                None => format!("{} commission", cx.shares(&scheme.commissioned)),
            };
            items.push(Sentence::new(
                format!("{who} the scheme \"{}\" of the {}", scheme.name, pool.name),
                vec![cx.cite_in(
                    scheme.clause.as_deref(),
                    pool.clause.as_deref(),
                    scheme.span,
                )],
            ));
        }
    }
    if items.is_empty() {
        section.blocks.push(Block::Paragraph(vec![Sentence::plain(
            "The agreement names no lead commissioner",
        )]));
    } else {
        section.blocks.push(Block::List {
            ordered: false,
            items,
        });
    }
    section
}

/// Who bears an overspend or an underspend, pool by pool.
pub fn risk_share(cx: &Context<'_>) -> Section {
    let mut section = Section::new("risk-share", "Risk share");
    for pool in cx
        .agreement
        .pools
        .iter()
        .filter(|p| p.kind == PoolKind::Pooled)
    {
        let mut sentences = Vec::new();
        for (rule, side) in [
            (&pool.overspend, "overspend"),
            (&pool.underspend, "underspend"),
        ] {
            let sentence = match rule {
                Some(rule) => Sentence::new(
                    format!("An {side} on the {} {}", pool.name, rule_words(cx, rule)),
                    vec![cx.cite_in(rule.clause.as_deref(), pool.clause.as_deref(), rule.span)],
                ),
                None => Sentence::new(
                    format!(
                        "The agreement does not say who bears an {side} on the {}",
                        pool.name
                    ),
                    vec![cx.cite_in(None, pool.clause.as_deref(), pool.span)],
                ),
            };
            sentences.push(sentence);
        }
        section.blocks.push(Block::Paragraph(sentences));
        section.blocks.extend(worked_example(cx, pool));
    }
    for reserve in &cx.agreement.reserves {
        section.blocks.extend(super::marks::named_notice([(
            format!("the {}", reserve.name),
            reserve.marks.as_slice(),
        )]));
        let amount = reserve.amount.map_or_else(
            || "an amount not stated".to_owned(),
            |a| a.value.to_string(),
        );
        let pools = words::list(&cx.names(&reserve.serves));
        let balance = if reserve.topped_up {
            "It is topped up to its amount at the start of each year"
        } else {
            "It has one balance over the whole term: what one overspend draws is gone for the next"
        };
        section.blocks.push(Block::Paragraph(vec![
            Sentence::new(
                format!(
                    "The {} of {amount} is funded by {} and may be drawn on by the {pools}",
                    reserve.name,
                    cx.shares(&reserve.funded_by)
                ),
                vec![cx.cite_in(reserve.clause.as_deref(), None, reserve.span)],
            ),
            Sentence::new(
                balance,
                vec![cx.cite_in(reserve.clause.as_deref(), None, reserve.span)],
            ),
        ]));
    }
    if section.blocks.is_empty() {
        section.blocks.push(Block::Paragraph(vec![Sentence::plain(
            "The agreement has no pooled fund, so no risk is shared",
        )]));
    }
    section
}

/// The words of a risk-share rule, after "An overspend on the pool": every
/// step of a cascade, in the order the agreement takes them.
fn rule_words(cx: &Context<'_>, rule: &RiskRule) -> String {
    if rule.cascade.is_empty() {
        return share_words(cx, rule.share.clone(), rule.cap);
    }
    let mut steps: Vec<String> = rule
        .cascade
        .iter()
        .map(|step| step_words(cx, step))
        .collect();
    let last = share_words(cx, rule.share.clone(), rule.cap);
    let last = last.strip_prefix("is ").unwrap_or(&last).to_owned();
    steps.push(format!("what is left is {last}"));
    format!("is met in this order: {}", steps.join("; then "))
}

/// One step of a cascade in words.
fn step_words(cx: &Context<'_>, step: &CascadeStep) -> String {
    let up_to = |limit: &Option<Money>| limit.map(|l| format!(" up to {l}")).unwrap_or_default();
    match step {
        CascadeStep::Reserve { amount, .. } => {
            format!("from a risk reserve of {amount}, renewed each year")
        }
        CascadeStep::NamedReserve { reserve, limit } => {
            let balance = cx
                .agreement
                .reserves
                .get(reserve.index)
                .map(|r| {
                    if r.topped_up {
                        ", topped up each year"
                    } else {
                        ", whose balance lasts the whole term"
                    }
                })
                .unwrap_or_default();
            format!("from the {}{}{balance}", cx.name(reserve), up_to(limit))
        }
        CascadeStep::Underspend { pool, limit } => {
            format!(
                "from any underspend on the {}{}",
                cx.name(pool),
                up_to(limit)
            )
        }
        CascadeStep::CutUncommitted { limit, .. } => {
            format!(
                "by cutting scheme allocations not yet committed{}",
                up_to(limit)
            )
        }
        CascadeStep::Share { share, limit, cap } => {
            let words = share_words(cx, share.clone(), *cap);
            let words = words.strip_prefix("is ").unwrap_or(&words).to_owned();
            format!("{words}{}", up_to(limit))
        }
    }
}

/// How a share rule shares, after "An overspend on the pool".
fn share_words(cx: &Context<'_>, share: Share, cap: Option<RiskCap>) -> String {
    let how = match &share {
        Share::ByContribution => {
            "is shared between the partners in proportion to their contributions".to_owned()
        }
        Share::ByCommissioning => {
            "is shared between the partners in proportion to what each commissions".to_owned()
        }
        Share::Equally => "is shared equally between the partners".to_owned(),
        Share::Fixed(shares) => format!("is shared in fixed proportions: {}", cx.shares(shares)),
        Share::BorneBy(partner) => format!("is borne by {}", cx.name(partner)),
        Share::KeptBy(partner) => format!("is kept by {}", cx.name(partner)),
        Share::ReturnedTo(partner) => format!("is returned to {}", cx.name(partner)),
        Share::Retained => "stays in the pool".to_owned(),
    };
    match cap {
        Some(RiskCap::Contribution) => {
            format!("{how}, no partner bearing more than its own contribution")
        }
        Some(RiskCap::Amount(amount)) => format!("{how}, no partner bearing more than {amount}"),
        None => how,
    }
}

/// A worked example of the overspend rule of a pool, from the assessor's
/// settlement (the one reading of the risk-share rules): an overspend of
/// £1m, or a tenth of the first year's budget if that is smaller, in the
/// first year of the term whose figures are known.
fn worked_example(cx: &Context<'_>, pool: &Pool) -> Vec<Block> {
    let (Some(_), Some(term)) = (&pool.overspend, &cx.agreement.term) else {
        return Vec::new();
    };
    // The first year whose figures are all known (none left to be notified).
    let Some(year) = term
        .years()
        .find(|y| crate::assess::settle::not_known(pool, *y).is_none())
    else {
        return Vec::new();
    };
    let Some(budget) = crate::assess::settle::budget(pool, year) else {
        return Vec::new();
    };
    let tenth = Money::from_pence(budget.pence() / 10 / 100_000 * 100_000);
    let amount = Money::from_pounds(1_000_000).min(tenth);
    if amount == Money::ZERO {
        return Vec::new();
    }
    let Ok(settlement) = crate::assess::settle::settle(
        cx.agreement,
        pool,
        year,
        crate::assess::settle::Variance::Overspend(amount),
    ) else {
        return Vec::new();
    };
    super::performance::settlement_blocks(cx, &settlement, true)
}
