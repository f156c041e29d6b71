//! A diff printed: for people (`human`), as Markdown for a pull request or
//! the schedule of a deed of variation (`md`), or as JSON (`json`).

use std::fmt::Write as _;

use serde::Serialize;

use crate::money::Money;
use crate::text::{escape_markdown, json_visible, visible_line};

use super::{Change, Diff, Section, DIFF_FORMAT_VERSION};

/// `+£120,000` or `-£50,000`.
pub fn signed(money: Money) -> String {
    if money.is_negative() {
        money.to_string()
    } else {
        format!("+{money}")
    }
}

/// `clause 5.1`, `clause 5.1 → 5.2`, `no clause → 5.2`; `None` when
/// neither version cites one.
fn clauses(change: &Change) -> Option<String> {
    match (change.old_clause.as_deref(), change.new_clause.as_deref()) {
        (None, None) => None,
        (Some(a), Some(b)) if a == b => Some(clause(a)),
        (a, b) => Some(format!(
            "{} → {}",
            a.map_or_else(|| "no clause".to_owned(), clause),
            b.unwrap_or("no clause")
        )),
    }
}

/// `clause 5.1` for a number, `Schedule 2` as written.
fn clause(text: &str) -> String {
    if text.starts_with(|c: char| c.is_ascii_digit()) {
        format!("clause {text}")
    } else {
        text.to_owned()
    }
}

/// The old and new values in a sentence: `£5m → £5.12m (+£120,000)`,
/// `added: ...`, `removed (was ...)`.
fn values(change: &Change) -> String {
    let difference = change
        .difference
        .map(|d| format!(" ({})", signed(d)))
        .unwrap_or_default();
    match (change.old.as_deref(), change.new.as_deref()) {
        (Some(a), Some(b)) if a == b => format!("{a} (unchanged; clause only)"),
        (Some(a), Some(b)) => format!("{a} → {b}{difference}"),
        (None, Some(b)) => format!("added: {b}{difference}"),
        (Some(a), None) => format!("removed (was {a}){difference}"),
        (None, None) => "changed".to_owned(),
    }
}

/// Consecutive runs of changes with the same agreement and section.
fn groups(changes: &[Change]) -> Vec<(&str, Section, &[Change])> {
    let mut groups = Vec::new();
    let mut rest = changes;
    while let Some(first) = rest.first() {
        let len = rest
            .iter()
            .take_while(|c| c.agreement == first.agreement && c.section == first.section)
            .count();
        let (group, after) = rest.split_at(len);
        groups.push((first.agreement.as_str(), first.section, group));
        rest = after;
    }
    groups
}

/// For people: one line a change, under the heading of its group.
pub fn human(diff: &Diff) -> String {
    let (old, new) = (visible_line(&diff.old), visible_line(&diff.new));
    if diff.unchanged() {
        return format!("No change in meaning from {old} to {new}.\n");
    }
    let count = diff.changes.len();
    let plural = if count == 1 { "" } else { "s" };
    let mut out = format!("{count} change{plural} in meaning from {old} to {new}\n");
    let mut agreement = None;
    for (id, section, changes) in groups(&diff.changes) {
        if agreement != Some(id) {
            let _ = write!(out, "\nagreement {}\n", visible_line(id));
            agreement = Some(id);
        }
        let _ = writeln!(out, "\n  {}", section.heading());
        for change in changes {
            let clause = clauses(change)
                .map(|c| format!("  [{c}]"))
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "    {}: {}{}",
                visible_line(&change.item),
                visible_line(&values(change)),
                visible_line(&clause)
            );
        }
    }
    out
}

/// Markdown: a table a group, ready as a pull request comment or as the
/// schedule of a deed of variation.
pub fn markdown(diff: &Diff) -> String {
    let (old, new) = (escape_markdown(&diff.old), escape_markdown(&diff.new));
    if diff.unchanged() {
        return format!("**No change in meaning** from {old} to {new}.\n");
    }
    let count = diff.changes.len();
    let plural = if count == 1 { "" } else { "s" };
    let mut out = String::new();
    let mut agreement = None;
    for (id, section, changes) in groups(&diff.changes) {
        if agreement != Some(id) {
            let _ = write!(
                out,
                "{}## Schedule of variations: {}\n\n",
                if agreement.is_some() { "\n" } else { "" },
                escape_markdown(id)
            );
            if agreement.is_none() {
                let _ = write!(
                    out,
                    "{count} change{plural} in meaning from {old} to {new}.\n\n"
                );
            }
            agreement = Some(id);
        } else {
            out.push('\n');
        }
        let _ = write!(
            out,
            "### {}\n\n| Item | Old | New | Difference | Clause |\n|---|---|---|---|---|\n",
            section.heading()
        );
        for change in changes {
            let cell = |text: Option<&str>| text.map_or_else(|| "—".to_owned(), escape_markdown);
            let clause = match (change.old_clause.as_deref(), change.new_clause.as_deref()) {
                (None, None) => "—".to_owned(),
                (Some(a), Some(b)) if a == b => escape_markdown(a),
                (a, b) => format!("{} → {}", cell(a), cell(b)),
            };
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} |",
                escape_markdown(&change.item),
                cell(change.old.as_deref()),
                cell(change.new.as_deref()),
                change.difference.map_or_else(|| "—".to_owned(), signed),
                clause
            );
        }
    }
    out
}

/// What `--format json` prints.
#[derive(Serialize)]
struct Document<'a> {
    format_version: u32,
    old: &'a str,
    new: &'a str,
    unchanged: bool,
    changes: &'a [Change],
}

/// JSON: `{format_version, old, new, unchanged, changes}`, money as exact
/// decimal strings.
pub fn json(diff: &Diff) -> String {
    let document = Document {
        format_version: DIFF_FORMAT_VERSION,
        old: &diff.old,
        new: &diff.new,
        unchanged: diff.unchanged(),
        changes: &diff.changes,
    };
    match serde_json::to_string_pretty(&document) {
        Ok(mut text) => {
            text.push('\n');
            json_visible(text)
        }
        Err(_) => String::new(),
    }
}
