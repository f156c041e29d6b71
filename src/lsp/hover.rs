//! `textDocument/hover`: what a name is, where it is declared and its
//! clause; a diagnostic code's explanation; a pool's totals on an amount of
//! money.

use std::path::Path;

use lsp_types::{Hover, HoverContents, HoverParams, MarkupContent, MarkupKind};

use super::navigate::{declaration_at, Found};
use super::scan::Tok;
use super::workspace::{File, Workspace};
use super::{file_of, offset};
use crate::diagnostics::Code;
use crate::model::{Agreement, Kind, Pool};
use crate::money::Money;

/// The hover at a position, if there is something to say.
pub(crate) fn hover(ws: &mut Workspace, params: HoverParams) -> Option<Hover> {
    let at = params.text_document_position_params;
    let (key, file) = file_of(ws, &at.text_document.uri)?;
    let offset = offset(file, at.position);
    let text_of = &file.source.text;
    let code = code_at(text_of, offset).and_then(|code| {
        let (start, end) = word_bounds(text_of, offset);
        Some((
            format!("```text\n{}```", crate::explain(code.as_str())?),
            start,
            end,
        ))
    });
    let (text, start, end) = code
        .or_else(|| {
            let found = declaration_at(ws, &key, offset)?;
            let token = file.scan().token_at(offset)?;
            Some((describe(ws, &found), token.start, token.end))
        })
        .or_else(|| money_at(file, offset))?;
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: text,
        }),
        range: Some(file.lines.range(&file.source.text, start, end)),
    })
}

/// The bounds of the run of letters and digits around `offset`.
fn word_bounds(text: &str, offset: usize) -> (usize, usize) {
    let bytes = text.as_bytes();
    let offset = offset.min(text.len());
    let mut start = offset;
    while start > 0 && bytes.get(start - 1).is_some_and(u8::is_ascii_alphanumeric) {
        start -= 1;
    }
    let mut end = offset;
    while bytes.get(end).is_some_and(u8::is_ascii_alphanumeric) {
        end += 1;
    }
    (start, end)
}

/// The diagnostic code written at `offset` (in a comment, say), if any.
fn code_at(text: &str, offset: usize) -> Option<Code> {
    let (start, end) = word_bounds(text, offset);
    Code::parse(text.get(start..end)?)
}

/// What a declared name is, in Markdown.
fn describe(ws: &Workspace, found: &Found) -> String {
    let Some(file) = ws.files.get(&found.key) else {
        return String::new();
    };
    let decl = &found.decl;
    let model = model_of(file, decl.scope);
    let what = decl.kind.map_or_else(
        || {
            if decl.keyword == "register" {
                "register".to_owned()
            } else {
                "agreement".to_owned()
            }
        },
        |k| k.word().to_owned(),
    );
    let mut out = format!("**{what}** `{}`: {}", decl.name, unquote(&decl.title));
    let line = file.lines.position(&file.source.text, decl.start).line + 1;
    let place = format!("{}:{line}", file_name(&found.key));
    let (detail, clause) = model
        .map(|m| details(m, decl.kind, &decl.name))
        .unwrap_or_default();
    if !detail.is_empty() {
        out.push_str(&format!("\n\n{detail}"));
    }
    out.push_str(&format!("\n\nDeclared at {place}"));
    if let Some(clause) = clause {
        out.push_str(&format!(", clause {clause}"));
    }
    out
}

/// The model of the agreement or register a block holds.
pub(crate) fn model_of(file: &File, scope: Option<usize>) -> Option<&Agreement> {
    let scan = file.scan();
    let block = scan.blocks.get(scope?)?;
    let decl = scan
        .decls
        .iter()
        .find(|d| d.kind.is_none() && d.statement == block.start)?;
    file.models.iter().find(|m| m.id.as_str() == decl.name)
}

/// More about a name, and the clause it cites, from the model.
fn details(agreement: &Agreement, kind: Option<Kind>, name: &str) -> (String, Option<String>) {
    match kind {
        None => {
            let term = agreement
                .term
                .map(|t| format!("Term {} to {}", t.first.value, t.last.value))
                .unwrap_or_default();
            (term, agreement.clause.clone())
        }
        Some(Kind::Partner) => agreement
            .partners
            .iter()
            .find(|p| p.id.as_str() == name)
            .map(|p| {
                let kind = p
                    .kind
                    .map(|k| format!("A `{}`.", k.word()))
                    .unwrap_or_default();
                (kind, p.clause.clone())
            })
            .unwrap_or_default(),
        Some(Kind::External) => agreement
            .externals
            .iter()
            .find(|e| e.id.as_str() == name)
            .map(|e| ("Not a party to the agreement.".to_owned(), e.clause.clone()))
            .unwrap_or_default(),
        Some(Kind::Function) => agreement
            .functions
            .iter()
            .find(|f| f.id.as_str() == name)
            .map(|f| {
                let kind = f
                    .kind
                    .map(|k| format!("A `{}` function.", k.word()))
                    .unwrap_or_default();
                (kind, f.clause.clone())
            })
            .unwrap_or_default(),
        Some(Kind::Body) => agreement
            .bodies
            .iter()
            .find(|b| b.id.as_str() == name)
            .map(|b| {
                let seats = format!("{} seats", b.seat_count());
                let quorum = b
                    .quorum()
                    .map(|q| format!(", quorum {}", q.count.value))
                    .unwrap_or_default();
                (format!("{seats}{quorum}."), b.clause().map(str::to_owned))
            })
            .unwrap_or_default(),
        Some(Kind::Pool | Kind::Aligned) => agreement
            .pools
            .iter()
            .find(|p| p.id.as_str() == name)
            .map(|p| (totals(agreement, p), p.clause.clone()))
            .unwrap_or_default(),
        Some(Kind::Grant) => agreement
            .pools
            .iter()
            .flat_map(|p| p.grants.iter().map(move |g| (p, g)))
            .find(|(_, g)| g.id.as_str() == name)
            .map(|(p, g)| {
                let sum = Money::sum(g.amounts.iter().map(|(_, a)| a.value))
                    .map(|m| format!(", {m} in all"))
                    .unwrap_or_default();
                (
                    format!(
                        "Paid by `{}` through `{}` into `{}`{sum}.",
                        g.from.name, g.through.name, p.id
                    ),
                    g.clause.clone(),
                )
            })
            .unwrap_or_default(),
        Some(Kind::Obligation) => agreement
            .obligations
            .iter()
            .find(|o| o.id.as_str() == name)
            .map(|o| {
                let owners: Vec<String> =
                    o.owners.iter().map(|r| format!("`{}`", r.name)).collect();
                (format!("Owned by {}.", owners.join(", ")), o.clause.clone())
            })
            .unwrap_or_default(),
        Some(Kind::Scheme) => agreement
            .pools
            .iter()
            .flat_map(|p| p.schemes.iter().map(move |s| (p, s)))
            .find(|(_, s)| s.id.as_str() == name)
            .map(|(p, s)| {
                let plan = Money::sum(s.plans.iter().map(|a| a.amount.value))
                    .map(|m| format!(", {m} planned in all"))
                    .unwrap_or_default();
                (format!("A scheme of `{}`{plan}.", p.id), s.clause.clone())
            })
            .unwrap_or_default(),
        Some(Kind::Reserve) => agreement
            .reserves
            .iter()
            .find(|r| r.id.as_str() == name)
            .map(|r| {
                let amount = r
                    .amount
                    .map(|a| format!("{} ", a.value))
                    .unwrap_or_default();
                let every = if r.topped_up {
                    "topped up each year"
                } else {
                    "one balance over the term"
                };
                (
                    format!("A risk reserve of {amount}({every})."),
                    r.clause.clone(),
                )
            })
            .unwrap_or_default(),
    }
}

/// A pool's contributions year by year, its grants, and its total as
/// declared, as a Markdown table.
fn totals(agreement: &Agreement, pool: &Pool) -> String {
    let mut out =
        String::from("| year | contributions | grants | in all |\n|---|---:|---:|---:|\n");
    let mut years: Vec<_> = pool.contributions.iter().map(|c| c.year.value).collect();
    years.extend(
        pool.grants
            .iter()
            .flat_map(|g| g.amounts.iter().map(|(y, _)| y.value)),
    );
    if let Some(term) = &agreement.term {
        years.extend(term.years());
    }
    years.sort();
    years.dedup();
    let mut all = Some(Money::ZERO);
    for year in years {
        let paid = Money::sum(
            pool.year(year)
                .into_iter()
                .flat_map(|c| c.entries.iter().map(|e| e.amount.value)),
        );
        let granted = Money::sum(pool.grants.iter().flat_map(|g| {
            g.amounts
                .iter()
                .filter(|(y, _)| y.value == year)
                .map(|(_, a)| a.value)
        }));
        let both = paid.zip(granted).and_then(|(p, g)| p.checked_add(g));
        all = all.zip(both).and_then(|(a, b)| a.checked_add(b));
        let show = |m: Option<Money>| m.map_or_else(|| "too large".to_owned(), |m| m.to_string());
        out.push_str(&format!(
            "| {year} | {} | {} | {} |\n",
            show(paid),
            show(granted),
            show(both)
        ));
    }
    if let Some(all) = all {
        out.push_str(&format!("| **term** | | | **{all}** |\n"));
    }
    for total in &pool.totals {
        let when = total.when();
        let years = if when.is_empty() {
            when
        } else {
            format!(" {when}")
        };
        out.push_str(&format!("\nDeclared total: {}{years}.", total.amount.value));
    }
    out
}

/// The totals of the pool an amount of money is written in.
fn money_at(file: &File, offset: usize) -> Option<(String, usize, usize)> {
    let scan = file.scan();
    let token = scan.token_at(offset)?;
    let written = file.source.text.get(token.start..token.end)?;
    if token.kind != Tok::Figure || !written.starts_with('£') {
        return None;
    }
    // The pool or aligned budget holding it.
    let mut block = scan.block_at(offset);
    while let Some(b) = block.and_then(|b| scan.blocks.get(b)) {
        if b.keyword == "pool" || b.keyword == "aligned" {
            let decl = scan.decls.iter().find(|d| d.statement == b.start)?;
            let agreement = model_of(file, decl.scope)?;
            let pool = agreement
                .pools
                .iter()
                .find(|p| p.id.as_str() == decl.name)?;
            let text = format!(
                "**{}** `{}`: {}\n\n{}",
                decl.keyword,
                decl.name,
                pool.name,
                totals(agreement, pool)
            );
            return Some((text, token.start, token.end));
        }
        block = b.parent;
    }
    None
}

/// A title without its quotes.
pub(crate) fn unquote(title: &str) -> &str {
    title
        .strip_prefix('"')
        .and_then(|t| t.strip_suffix('"'))
        .or_else(|| {
            title
                .strip_prefix('\u{201C}')
                .and_then(|t| t.strip_suffix('\u{201D}'))
        })
        .unwrap_or(title)
}

/// The file name of a path, for showing.
pub(crate) fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}
