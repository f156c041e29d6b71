//! Allocations: the figures an agreement writes `as notified` (the Better
//! Care Fund's NHS minimum, notified after the agreement is signed),
//! supplied in a CSV file with the headers `pool,partner,year,amount` and
//! an optional `note`, money written as in returns (`£1,234,567.89`).
//!
//! The file is read as a return's text is ([`decode`](super::decode)), and
//! its problems are reported as a return's are ([`problems`](super::problems)):
//! each with the file, line and column. Applying the allocations fills the
//! unknown contributions of a copy of the model, then computes again the
//! uplifts that start from them.

use std::borrow::Cow;
use std::path::Path;

use csv::ReaderBuilder;

use super::problems::{Field, Located, Problems};
use crate::diagnostics::{Code, Diagnostics};
use crate::model::formula::compute_uplifts;
use crate::model::{Agreement, Formula};
use crate::money::Money;
use crate::period::FinancialYear;
use crate::source::{FileId, SourceFile};

/// The columns of an allocations file, in the order the headers name them
/// in messages.
const COLUMNS: [&str; 5] = ["pool", "partner", "year", "amount", "note"];

/// One figure notified.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Allocation {
    /// The pool's id.
    pub pool: String,
    /// The partner's id.
    pub partner: String,
    /// The financial year.
    pub year: FinancialYear,
    /// The figure.
    pub amount: Money,
    /// A note, if the file gives one (where the figure was notified).
    pub note: Option<String>,
    /// Its line in the file, from 1.
    pub line: u32,
    /// The columns of its pool, partner, year and amount in the file, from
    /// 0: where a problem with the row is underlined.
    pub columns: [usize; 4],
}

/// Reads the allocations in `text` (a CSV file's content). Rows with a
/// problem are left out and their problems kept, with their places.
pub fn read_text(text: &str) -> (Vec<Allocation>, Problems) {
    let mut problems = Problems::default();
    let mut out = Vec::new();
    let mut reader = ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let mut records = reader.records();
    let header = match records.next() {
        Some(Ok(header)) => header,
        Some(Err(error)) => {
            problems.push(malformed(&error));
            return (out, problems);
        }
        None => {
            problems.push(Located {
                line: 0,
                field: Field::Row,
                code: Code::MissingColumn,
                message: "the allocations file is empty".to_owned(),
                help: Some(header_help()),
            });
            return (out, problems);
        }
    };
    // Where each column is, by its place in COLUMNS.
    let mut at: [Option<usize>; 5] = [None; 5];
    for (index, name) in header.iter().enumerate() {
        let name = name.trim_start_matches('\u{feff}').to_ascii_lowercase();
        match COLUMNS.iter().position(|c| *c == name) {
            Some(column) => {
                if let Some(slot) = at.get_mut(column) {
                    *slot = Some(index);
                }
            }
            None => problems.push(Located {
                line: 1,
                field: Field::Index(index),
                code: Code::UnknownColumn,
                message: format!("`{name}` is not a column of an allocations file"),
                help: Some(header_help()),
            }),
        }
    }
    for (column, found) in COLUMNS.iter().zip(at).take(4) {
        if found.is_none() {
            problems.push(Located {
                line: 1,
                field: Field::Row,
                code: Code::MissingColumn,
                message: format!("the allocations file has no `{column}` column"),
                help: Some(header_help()),
            });
        }
    }
    let [Some(pool), Some(partner), Some(year), Some(amount), note] = at else {
        return (out, problems);
    };
    for record in records {
        let record = match record {
            Ok(record) => record,
            Err(error) => {
                problems.push_rejected(malformed(&error));
                continue;
            }
        };
        let line = record
            .position()
            .map_or(0, |p| u32::try_from(p.line()).unwrap_or(u32::MAX));
        problems.rows = problems.rows.saturating_add(1);
        let field = |index: usize| record.get(index).unwrap_or("");
        let year_text = field(year);
        let Ok(parsed_year) = FinancialYear::parse(year_text) else {
            problems.push_rejected(Located {
                line,
                field: Field::Index(year),
                code: Code::BadReturnPeriod,
                message: format!("`{year_text}` is not a financial year"),
                help: Some("write the year as the agreement does: `2024/25`".to_owned()),
            });
            continue;
        };
        let figure = match super::values::parse_money(field(amount).as_bytes()) {
            Ok(figure) => figure,
            Err(problem) => {
                problems.push_rejected(Located {
                    line,
                    field: Field::Index(amount),
                    code: problem.code,
                    message: problem.message,
                    help: Some(
                        "write the figure notified in pounds, to the penny at most: `£1,234,567.89`"
                            .to_owned(),
                    ),
                });
                continue;
            }
        };
        out.push(Allocation {
            pool: field(pool).to_owned(),
            partner: field(partner).to_owned(),
            year: parsed_year,
            amount: figure,
            note: note.map(field).filter(|n| !n.is_empty()).map(str::to_owned),
            line,
            columns: [pool, partner, year, amount],
        });
    }
    (out, problems)
}

fn header_help() -> String {
    "the first line names the columns: `pool,partner,year,amount` (and optionally `note`)"
        .to_owned()
}

fn malformed(error: &csv::Error) -> Located {
    let line = error
        .position()
        .map_or(0, |p| u32::try_from(p.line()).unwrap_or(u32::MAX));
    Located {
        line,
        field: Field::Row,
        code: Code::MalformedReturn,
        message: "this line of the allocations file cannot be read as CSV".to_owned(),
        help: Some("check the quotes and commas of the line".to_owned()),
    }
}

/// Fills the contributions of `agreement` written `as notified` with the
/// figures of `allocations` (from the file named `place`), then computes
/// again the uplifts that start from them. Gives the problems: a figure for
/// a contribution not `as notified` (E0624), for no pool, partner or year
/// of the agreement (E0625), or given twice (E0626). A row with a problem
/// changes nothing.
pub fn apply(agreement: &mut Agreement, allocations: &[Allocation], place: &str) -> Problems {
    let mut problems = Problems::default();
    // The rows already applied: pool, table and entry, and the line.
    let mut applied: Vec<((usize, usize, usize), u32)> = Vec::new();
    let mut changed: Vec<usize> = Vec::new();
    for allocation in allocations {
        let at = |column: usize, code: Code, message: String, help: &str| Located {
            line: allocation.line,
            field: Field::Index(allocation.columns.get(column).copied().unwrap_or(0)),
            code,
            message,
            help: Some(help.to_owned()),
        };
        let Some(pool_index) = agreement
            .pools
            .iter()
            .position(|p| p.id.as_str() == allocation.pool)
        else {
            problems.push_rejected(at(
                0,
                Code::AllocationUnknown,
                format!("the agreement has no pool `{}`", allocation.pool),
                "give the id of a pool of the agreement",
            ));
            continue;
        };
        let Some(pool) = agreement.pools.get_mut(pool_index) else {
            continue;
        };
        let Some(table_index) = pool
            .contributions
            .iter()
            .position(|t| t.year.value == allocation.year)
        else {
            problems.push_rejected(at(
                2,
                Code::AllocationUnknown,
                format!(
                    "pool `{}` has no contributions for {}",
                    allocation.pool, allocation.year
                ),
                "give a year of the pool's contributions tables",
            ));
            continue;
        };
        let Some((entry_index, entry)) = pool.contributions.get_mut(table_index).and_then(|t| {
            t.entries
                .iter_mut()
                .enumerate()
                .find(|(_, e)| e.partner.name.as_str() == allocation.partner)
        }) else {
            problems.push_rejected(at(
                1,
                Code::AllocationUnknown,
                format!(
                    "`{}` makes no contribution to `{}` in {}",
                    allocation.partner, allocation.pool, allocation.year
                ),
                "give a partner listed in the pool's contributions for the year",
            ));
            continue;
        };
        let key = (pool_index, table_index, entry_index);
        if let Some((_, first)) = applied.iter().find(|(k, _)| *k == key) {
            problems.push_rejected(at(
                3,
                Code::AllocationRepeated,
                format!(
                    "a second figure for `{}` in `{}` in {} (the first is on line {first})",
                    allocation.partner, allocation.pool, allocation.year
                ),
                "keep the row of the figure notified, and delete the other",
            ));
            continue;
        }
        let Some(Formula::AsNotified { notified }) = entry.formula.as_deref_mut() else {
            problems.push_rejected(at(
                3,
                Code::AllocationNotNotified,
                format!(
                    "the agreement gives `{}`'s {} contribution to `{}` itself ({}), not `as notified`",
                    allocation.partner,
                    allocation.year,
                    allocation.pool,
                    entry.as_written()
                ),
                "remove the row, or write the contribution `as notified` in the agreement",
            ));
            continue;
        };
        *notified = Some(format!("{place}:{}", allocation.line));
        entry.amount.value = allocation.amount;
        applied.push((key, allocation.line));
        if !changed.contains(&pool_index) {
            changed.push(pool_index);
        }
    }
    for index in changed {
        if let Some(pool) = agreement.pools.get_mut(index) {
            // Uplifts were computed clean when the model was built; from a
            // figure now known they can only become known.
            let _ = compute_uplifts(pool);
        }
    }
    problems
}

/// `agreement` with the allocations of the file at `path` applied, or the
/// agreement itself when there is no file. Problems of the file go to
/// `diagnostics` (the file loaded into `files` for excerpts), and give
/// `None`.
pub fn with_allocations<'a>(
    agreement: &'a Agreement,
    path: Option<&Path>,
    files: &mut Vec<SourceFile>,
    diagnostics: &mut Diagnostics,
) -> Option<Cow<'a, Agreement>> {
    let Some(path) = path else {
        return Some(Cow::Borrowed(agreement));
    };
    let bytes = match crate::files::read_return(path) {
        Ok(bytes) => bytes,
        Err(error) => {
            diagnostics.push(crate::cannot_read_path(path, &error));
            return None;
        }
    };
    let text = match super::decode::whole(&bytes) {
        Ok((text, _)) => text,
        Err(why) => {
            diagnostics.push(
                crate::diagnostics::Diagnostic::about_path(
                    Code::UndecodableText,
                    path,
                    format!("{why}, so its allocations cannot be read"),
                )
                .help("save the allocations as CSV"),
            );
            return None;
        }
    };
    let place = crate::source::display_path(path);
    let (allocations, mut problems) = read_text(&text);
    let mut model = agreement.clone();
    if problems.is_empty() {
        problems = apply(&mut model, &allocations, &place);
    }
    if problems.is_empty() {
        return Some(Cow::Owned(model));
    }
    let id = FileId(u32::try_from(files.len()).unwrap_or(u32::MAX));
    let file = SourceFile::new(id, path, &text);
    files.push(super::problems::located_diagnostics(
        file,
        problems,
        diagnostics,
    ));
    None
}
