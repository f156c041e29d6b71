//! Reading a return kept in an Excel workbook (`.xlsx`): the first sheet,
//! or the one `--sheet` names, holds the table, its first non-empty row the
//! headers. Problems name the sheet, row and column. A sheet named that is
//! not there is an error listing the sheets; when the first sheet has no
//! header row of a return but another sheet has, the error says which.
//!
//! A workbook is a zip archive of XML parts. They are read here with the
//! `zip` and `quick-xml` crates directly, streaming, within fixed limits
//! ([`Limits`]), so that a small hostile file can never make the reader ask
//! for more memory than the limits allow: no size, count or dimension
//! written in the file is trusted to reserve memory (`<dimension
//! ref="A1:XFD1048576"/>` is ignored, `<sst count="4000000000">` reserves
//! nothing, a cell at `XFD1048576` is refused, not allocated for); each
//! part is refused when its declared unpacked size is over the limit, and
//! unpacking stops at the limit whatever the size declared (a zip bomb).
//! Only the shared strings are kept (bounded by the limits), and of each
//! row only the cells of the return's columns.
//!
//! Excel keeps numbers as binary floating point; a number cell is read as
//! the shortest decimal that is the same float (`9.8`, not
//! `9.800000000000001`), which is what was typed. A cell formatted as a
//! date, a truth value or a formula error is refused.

use std::path::Path;

use super::problems::{sheet_diagnostics, Field, Located, Problems};
use super::returns::{columns, Column, Columns, Ingest, RowRef};
use super::sheet::{Row, Sheet, Value};
use super::workbook::{
    choose, date_styles, open_part, shared_strings, sheets, unreadable, Archive, SheetEntry, Stop,
};
pub use super::workbook::{Limits, LIMITS};
use crate::diagnostics::{Code, Diagnostics};

/// Reads the workbook at `path` (file number `file`) into `ingest`,
/// reporting its problems into `diagnostics`. Returns the rows read and
/// the rows rejected.
pub fn read(
    path: &Path,
    file: u16,
    ingest: &mut Ingest<'_>,
    diagnostics: &mut Diagnostics,
) -> (u64, u64) {
    read_within(path, file, ingest, diagnostics, LIMITS)
}

/// Reads as [`read`], within `limits`.
pub fn read_within(
    path: &Path,
    file: u16,
    ingest: &mut Ingest<'_>,
    diagnostics: &mut Diagnostics,
    limits: Limits,
) -> (u64, u64) {
    read_sheet(path, file, None, ingest, diagnostics, limits)
}

/// Reads as [`read_within`], the return from the sheet named `wanted`
/// (`--sheet`), or from the first sheet when `None`.
pub fn read_sheet(
    path: &Path,
    file: u16,
    wanted: Option<&str>,
    ingest: &mut Ingest<'_>,
    diagnostics: &mut Diagnostics,
    limits: Limits,
) -> (u64, u64) {
    let mut problems = Problems::default();
    let mut sheet = None;
    let mut headers = Vec::new();
    if let Err(stop) = read_workbook(
        path,
        (file, wanted),
        ingest,
        limits,
        &mut problems,
        &mut sheet,
        &mut headers,
    ) {
        problems.push(stop.located());
    }
    let counts = (problems.rows, problems.rejected);
    sheet_diagnostics(path, sheet.as_deref(), &headers, problems, diagnostics);
    counts
}

fn read_workbook(
    path: &Path,
    (file, wanted): (u16, Option<&str>),
    ingest: &mut Ingest<'_>,
    limits: Limits,
    problems: &mut Problems,
    sheet_name: &mut Option<String>,
    headers: &mut Vec<String>,
) -> Result<(), Stop> {
    let handle = crate::files::open_return(path).map_err(unreadable)?;
    let mut archive = zip::ZipArchive::new(handle).map_err(unreadable)?;
    let sheets = sheets(&mut archive, limits)?;
    let chosen = choose(&sheets, wanted)?;
    let strings = shared_strings(&mut archive, limits)?;
    let dates = date_styles(&mut archive, limits)?;
    let sheet = || Sheet {
        strings: &strings,
        dates: &dates,
        limits,
        cells: 0,
    };
    let part = open_sheet(&mut archive, &chosen, limits)?;
    *sheet_name = Some(chosen.name.clone());
    let mut rows = sheet().rows(part);
    let mut columns: Option<Columns> = None;
    while let Some(row) = rows.next_row()? {
        if row.cells.iter().all(|(_, cell)| cell.is_empty()) {
            continue;
        }
        let Some(found) = &columns else {
            *headers = headers_of(&row);
            let offset = headers.iter().take_while(|h| h.is_empty()).count();
            match columns_from(headers, offset) {
                Ok(found) => columns = Some(found),
                Err(found) => {
                    drop(rows);
                    if wanted.is_none() {
                        let others = sheets.get(1..).unwrap_or_default();
                        if let Some(other) = with_header(&mut archive, others, &sheet)? {
                            *sheet_name = None;
                            return Err(elsewhere(
                                &chosen,
                                &other,
                                "has no header row of a return",
                            ));
                        }
                    }
                    for problem in found {
                        problems.push(Located::header(row.number, problem));
                    }
                    return Ok(());
                }
            }
            continue;
        };
        take_row(&row, found, file, ingest, problems);
    }
    drop(rows);
    if columns.is_none() && wanted.is_none() {
        let others = sheets.get(1..).unwrap_or_default();
        if let Some(other) = with_header(&mut archive, others, &sheet)? {
            *sheet_name = None;
            return Err(elsewhere(&chosen, &other, "is empty"));
        }
    }
    Ok(())
}

/// The part of `sheet`, which must be there.
fn open_sheet<'a>(
    archive: &'a mut Archive,
    sheet: &SheetEntry,
    limits: Limits,
) -> Result<std::io::BufReader<super::workbook::Part<'a>>, Stop> {
    open_part(archive, &sheet.part, limits)?.ok_or_else(|| {
        unreadable(format!(
            "the part of its sheet `{}` (`{}`) is missing",
            super::fields::shown(&sheet.name),
            super::fields::shown(&sheet.part)
        ))
    })
}

/// E0641: the first sheet is empty or has no header row (`what`), and
/// `other` has one.
fn elsewhere(first: &SheetEntry, other: &SheetEntry, what: &str) -> Stop {
    let name = super::fields::shown(&other.name);
    Stop::TableElsewhere(format!(
        "the first sheet, `{}`, {what}, but the sheet `{name}` has one: give `--sheet \"{name}\"`",
        super::fields::shown(&first.name),
    ))
}

/// How many other sheets are looked at for a header row, at most.
const SHEETS_LOOKED_AT: usize = 16;

/// The first of `sheets` (of the first [`SHEETS_LOOKED_AT`]) whose first
/// non-empty row is a header row of a return.
fn with_header<'s>(
    archive: &mut Archive,
    sheets: &[SheetEntry],
    sheet: &dyn Fn() -> Sheet<'s>,
) -> Result<Option<SheetEntry>, Stop> {
    for entry in sheets.iter().take(SHEETS_LOOKED_AT) {
        let sheet = sheet();
        let Some(part) = open_part(archive, &entry.part, sheet.limits)? else {
            continue;
        };
        let mut rows = sheet.rows(part);
        while let Some(row) = rows.next_row()? {
            if row.cells.iter().all(|(_, cell)| cell.is_empty()) {
                continue;
            }
            let headers = headers_of(&row);
            let offset = headers.iter().take_while(|h| h.is_empty()).count();
            if columns_from(&headers, offset).is_ok() {
                return Ok(Some(entry.clone()));
            }
            break;
        }
    }
    Ok(None)
}

/// The text of each cell of a header row, by column from 0.
fn headers_of(row: &Row) -> Vec<String> {
    let mut headers = Vec::new();
    for (at, cell) in &row.cells {
        let at = usize::try_from(*at).unwrap_or(usize::MAX);
        if headers.len() <= at {
            headers.resize(at.saturating_add(1), String::new());
        }
        if let Some(slot) = headers.get_mut(at) {
            *slot = cell.text().unwrap_or_default().to_owned();
        }
    }
    headers
}

/// The columns of the header row: those named, at their places.
fn columns_from(
    headers: &[String],
    offset: usize,
) -> Result<Columns, Vec<super::columns::HeaderProblem>> {
    let named = headers.get(offset..).unwrap_or_default();
    let mut found = columns(named.iter().map(|h| h.as_str()))?;
    for place in [
        &mut found.item,
        &mut found.partner,
        &mut found.period,
        &mut found.value,
    ] {
        *place = place.saturating_add(offset);
    }
    found.note = found.note.map(|n| n.saturating_add(offset));
    found.category = found.category.map(|n| n.saturating_add(offset));
    found.measure = found.measure.map(|n| n.saturating_add(offset));
    found.count = found.count.saturating_add(offset);
    Ok(found)
}

fn take_row(
    row: &Row,
    columns: &Columns,
    file: u16,
    ingest: &mut Ingest<'_>,
    problems: &mut Problems,
) {
    problems.rows = problems.rows.saturating_add(1);
    let line = row.number;
    let mut fields: [&str; 7] = [""; 7];
    for (column, place) in [
        (Column::Item, Some(columns.item)),
        (Column::Partner, Some(columns.partner)),
        (Column::Period, Some(columns.period)),
        (Column::Value, Some(columns.value)),
        (Column::Note, columns.note),
        (Column::Category, columns.category),
        (Column::Measure, columns.measure),
    ] {
        let Some(place) = place else { continue };
        let cell = row.cell(place);
        match cell.map_or(Some(""), Value::text) {
            Some(value) => {
                if let Some(slot) = fields.get_mut(column as usize) {
                    *slot = value.trim();
                }
            }
            None => {
                problems.push_rejected(Located {
                    line,
                    field: Field::Index(place),
                    code: Code::BadValue,
                    message: format!(
                        "the cell holds {}, not a figure or text",
                        cell.map_or("nothing", Value::describe)
                    ),
                    help: Some("format the cell as text or as a number".to_owned()),
                });
                return;
            }
        }
    }
    if let Some((at, _)) = row.cells.iter().find(|(at, cell)| {
        !cell.is_empty() && usize::try_from(*at).is_ok_and(|a| a >= columns.count)
    }) {
        problems.push_rejected(Located {
            line,
            field: Field::Index(usize::try_from(*at).unwrap_or(usize::MAX)),
            code: Code::MalformedReturn,
            message: "this cell is to the right of the header's columns, so it would be ignored"
                .to_owned(),
            help: Some("give the column a header, or clear the cell".to_owned()),
        });
        return;
    }
    let [item, partner, period, value, note, category, measure] = fields;
    ingest.set_listed(!problems.full());
    let result = ingest.row(
        item.as_bytes(),
        partner.as_bytes(),
        period.as_bytes(),
        value.as_bytes(),
        (note.as_bytes(), category.as_bytes(), measure.as_bytes()),
        RowRef { file, line },
    );
    if let Err(problem) = result {
        let place = columns.index_of(problem.column);
        problems.push_rejected(Located::at_field(line, Some(place), problem));
    }
}
