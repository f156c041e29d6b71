//! Reading a return kept in an Excel workbook (`.xlsx`), with calamine: the
//! first sheet holds the table, its first non-empty row the headers.
//!
//! Excel keeps numbers as binary floating point; a number cell is read as
//! the shortest decimal that is the same float (`9.8`, not
//! `9.800000000000001`), which is what was typed. Problems name the sheet,
//! row and column.

use std::path::Path;

use calamine::{open_workbook, Data, Reader, Xlsx};

use super::problems::{sheet_diagnostics, Field, Located, Problems};
use super::returns::{columns, Column, Ingest, RowRef};
use crate::diagnostics::{Code, Diagnostics};

/// Reads the workbook at `path` (file number `file`) into `ingest`,
/// reporting its problems into `diagnostics`. Returns whether it had none.
pub fn read(
    path: &Path,
    file: u16,
    ingest: &mut Ingest<'_>,
    diagnostics: &mut Diagnostics,
) -> bool {
    let mut problems = Problems::default();
    let mut workbook: Xlsx<_> = match open_workbook(path) {
        Ok(workbook) => workbook,
        Err(error) => {
            problems.push(unreadable(format!(
                "the file cannot be read as an Excel workbook: {error}"
            )));
            sheet_diagnostics(path, None, &[], problems, diagnostics);
            return false;
        }
    };
    let Some(sheet) = workbook.sheet_names().first().cloned() else {
        problems.push(unreadable("the workbook has no sheet".to_owned()));
        sheet_diagnostics(path, None, &[], problems, diagnostics);
        return false;
    };
    let range = match workbook.worksheet_range(&sheet) {
        Ok(range) => range,
        Err(error) => {
            problems.push(unreadable(format!("the sheet cannot be read: {error}")));
            sheet_diagnostics(path, Some(&sheet), &[], problems, diagnostics);
            return false;
        }
    };
    let (first_row, first_column) = range.start().unwrap_or((0, 0));
    let offset = usize::try_from(first_column).unwrap_or(0);
    let mut rows = range.rows().enumerate();
    let Some((_, header_row)) = rows.next() else {
        return true; // an empty sheet: no rows
    };
    let mut headers: Vec<String> = vec![String::new(); offset];
    headers.extend(header_row.iter().map(|cell| text(cell).unwrap_or_default()));
    let found = columns(headers.iter().skip(offset).map(String::as_str));
    let header_line = first_row + 1;
    let columns = match found {
        Ok(columns) => columns,
        Err(found) => {
            for mut problem in found {
                problem.at = problem.at.map(|at| at + offset);
                problems.push(Located::header(header_line, problem));
            }
            sheet_diagnostics(path, Some(&sheet), &headers, problems, diagnostics);
            return false;
        }
    };
    for (index, row) in rows {
        let line = first_row + 1 + u32::try_from(index).unwrap_or(u32::MAX);
        if row.iter().all(|cell| matches!(cell, Data::Empty)) {
            continue;
        }
        let mut fields: [String; 5] = Default::default();
        let mut bad = false;
        for (column, place) in [
            (Column::Item, Some(columns.item)),
            (Column::Partner, Some(columns.partner)),
            (Column::Period, Some(columns.period)),
            (Column::Value, Some(columns.value)),
            (Column::Note, columns.note),
        ] {
            let Some(place) = place else { continue };
            let cell = row.get(place).unwrap_or(&Data::Empty);
            match text(cell) {
                Some(value) => {
                    if let Some(slot) = fields.get_mut(column as usize) {
                        *slot = value.trim().to_owned();
                    }
                }
                None => {
                    problems.push(Located {
                        line,
                        field: Field::Index(place + offset),
                        code: Code::BadValue,
                        message: format!("the cell holds {}, not a figure or text", describe(cell)),
                        help: Some("format the cell as text or as a number".to_owned()),
                    });
                    bad = true;
                }
            }
        }
        if bad {
            continue;
        }
        let [item, partner, period, value, note] = &fields;
        let result = ingest.row(
            item.as_bytes(),
            partner.as_bytes(),
            period.as_bytes(),
            value.as_bytes(),
            note.as_bytes(),
            RowRef { file, line },
        );
        if let Err(problem) = result {
            let place = match problem.column {
                Column::Item => columns.item,
                Column::Partner => columns.partner,
                Column::Period => columns.period,
                Column::Value => columns.value,
                Column::Note => columns.note.unwrap_or(columns.value),
            };
            problems.push(Located::at_field(line, Some(place + offset), problem));
        }
    }
    let clean = problems.is_empty();
    sheet_diagnostics(path, Some(&sheet), &headers, problems, diagnostics);
    clean
}

fn unreadable(message: String) -> Located {
    Located {
        line: 0,
        field: Field::Row,
        code: Code::MalformedReturn,
        message,
        help: Some(
            "save the return as an Excel workbook (.xlsx) whose first sheet holds the table"
                .to_owned(),
        ),
    }
}

/// A cell as text: `None` for a date, an error or a truth value.
fn text(cell: &Data) -> Option<String> {
    match cell {
        Data::Empty => Some(String::new()),
        Data::String(s) => Some(s.clone()),
        Data::Int(i) => Some(i.to_string()),
        Data::Float(f) => Some(f.to_string()),
        Data::Bool(_)
        | Data::DateTime(_)
        | Data::DateTimeIso(_)
        | Data::DurationIso(_)
        | Data::Error(_) => None,
    }
}

fn describe(cell: &Data) -> &'static str {
    match cell {
        Data::Bool(_) => "a truth value",
        Data::DateTime(_) | Data::DateTimeIso(_) => "a date",
        Data::DurationIso(_) => "a duration",
        Data::Error(_) => "a formula error",
        _ => "something else",
    }
}
