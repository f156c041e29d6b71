//! The rows of a workbook's sheet (the first, or the one named), streamed
//! one at a time: of each row only its cells are kept, no more than the
//! limit on columns, and no cell reference or dimension written in the file
//! sizes anything.

use std::io::BufRead;

use quick_xml::events::Event;
use quick_xml::Reader;

use super::fields::shown;
use super::workbook::{attribute, reference, unreadable, xml_error, Limits, Stop};

/// What a cell holds.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Value {
    Empty,
    Text(String),
    Bool,
    Date,
    Error,
}

impl Value {
    pub(super) fn is_empty(&self) -> bool {
        match self {
            Value::Empty => true,
            Value::Text(t) => t.is_empty(),
            _ => false,
        }
    }

    /// The cell as text: `None` for a date, an error or a truth value.
    pub(super) fn text(&self) -> Option<&str> {
        match self {
            Value::Empty => Some(""),
            Value::Text(t) => Some(t),
            Value::Bool | Value::Date | Value::Error => None,
        }
    }

    pub(super) fn describe(&self) -> &'static str {
        match self {
            Value::Bool => "a truth value",
            Value::Date => "a date",
            Value::Error => "a formula error",
            _ => "something else",
        }
    }
}

/// One row of the sheet: its number and its cells, by column from 0.
#[derive(Debug, Default)]
pub(super) struct Row {
    pub(super) number: u32,
    pub(super) cells: Vec<(u32, Value)>,
}

impl Row {
    pub(super) fn cell(&self, column: usize) -> Option<&Value> {
        let column = u32::try_from(column).ok()?;
        self.cells
            .iter()
            .find(|(at, _)| *at == column)
            .map(|(_, v)| v)
    }
}

pub(super) struct Sheet<'s> {
    pub(super) strings: &'s [Box<str>],
    pub(super) dates: &'s [bool],
    pub(super) limits: Limits,
    pub(super) cells: u64,
}

impl<'s> Sheet<'s> {
    pub(super) fn rows<R: BufRead>(self, part: R) -> Rows<'s, R> {
        Rows {
            sheet: self,
            reader: Reader::from_reader(part),
            buf: Vec::new(),
            last_row: 0,
        }
    }
}

/// The rows of a sheet, read one at a time.
pub(super) struct Rows<'s, R> {
    sheet: Sheet<'s>,
    reader: Reader<R>,
    buf: Vec<u8>,
    last_row: u32,
}

/// A cell being read.
pub(super) struct Pending {
    column: u32,
    kind: String,
    style: usize,
    text: String,
    in_value: bool,
}

pub(super) const SHEET: &str = "the sheet";

impl<R: BufRead> Rows<'_, R> {
    /// The next row, or `None` at the end of the sheet.
    pub(super) fn next_row(&mut self) -> Result<Option<Row>, Stop> {
        let limits = self.sheet.limits;
        let mut row: Option<Row> = None;
        let mut cell: Option<Pending> = None;
        loop {
            self.buf.clear();
            let event = self
                .reader
                .read_event_into(&mut self.buf)
                .map_err(|e| xml_error(SHEET, &e))?;
            let empty = matches!(&event, Event::Empty(_));
            match event {
                Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "row" => {
                    let number = match attribute(&e, "r") {
                        Some(r) => r.trim().parse::<u32>().map_err(|_| {
                            unreadable(format!("a row is numbered `{}`", shown(&r)))
                        })?,
                        None => self.last_row.saturating_add(1),
                    };
                    if number > limits.rows || number == 0 {
                        return Err(Stop::Limit(format!(
                            "the sheet has a row numbered {number}, past the limit of {} rows",
                            limits.rows
                        )));
                    }
                    self.last_row = number;
                    let found = Row {
                        number,
                        cells: Vec::new(),
                    };
                    if empty {
                        return Ok(Some(found));
                    }
                    row = Some(found);
                }
                Event::End(e) if e.local_name().as_ref() == "row" => {
                    return Ok(row.take());
                }
                Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "c" => {
                    let Some(current) = row.as_mut() else {
                        continue;
                    };
                    if current.cells.len() >= usize::try_from(limits.columns).unwrap_or(usize::MAX)
                    {
                        return Err(Stop::Limit(format!(
                            "row {} has more than {} cells",
                            current.number, limits.columns
                        )));
                    }
                    self.sheet.cells = self.sheet.cells.saturating_add(1);
                    if self.sheet.cells > limits.cells {
                        return Err(Stop::Limit(format!(
                            "the sheet has more than {} cells",
                            limits.cells
                        )));
                    }
                    let column = match attribute(&e, "r") {
                        Some(r) => column_of(&r, limits)?,
                        None => current
                            .cells
                            .last()
                            .map_or(0, |(at, _)| at.saturating_add(1)),
                    };
                    if column >= limits.columns {
                        return Err(Stop::Limit(format!(
                            "row {}: a cell in column {}, past the limit of {} columns",
                            current.number,
                            super::problems::column_letters(
                                usize::try_from(column).unwrap_or(usize::MAX)
                            ),
                            limits.columns
                        )));
                    }
                    let pending = Pending {
                        column,
                        kind: attribute(&e, "t").unwrap_or_default(),
                        style: attribute(&e, "s").and_then(|s| s.parse().ok()).unwrap_or(0),
                        text: String::new(),
                        in_value: false,
                    };
                    if empty {
                        current.cells.push((column, Value::Empty));
                    } else {
                        cell = Some(pending);
                    }
                }
                Event::Start(e) if matches!(e.local_name().as_ref(), "v" | "t") => {
                    if let Some(pending) = cell.as_mut() {
                        pending.in_value = true;
                    }
                }
                Event::End(e) if matches!(e.local_name().as_ref(), "v" | "t") => {
                    if let Some(pending) = cell.as_mut() {
                        pending.in_value = false;
                    }
                }
                Event::Start(e) if e.local_name().as_ref() == "rPh" => {
                    // Phonetic text is not the cell's.
                    self.reader
                        .read_to_end_into(e.name(), &mut Vec::new())
                        .map_err(|e| xml_error(SHEET, &e))?;
                }
                Event::Text(t) => {
                    if let Some(pending) = cell.as_mut().filter(|p| p.in_value) {
                        pending.text.push_str(&t.xml10_content());
                    }
                }
                Event::CData(t) => {
                    if let Some(pending) = cell.as_mut().filter(|p| p.in_value) {
                        pending.text.push_str(&t.xml10_content());
                    }
                }
                Event::GeneralRef(r) => {
                    if let Some(pending) = cell.as_mut().filter(|p| p.in_value) {
                        pending.text.push_str(&reference(&r));
                    }
                }
                Event::End(e) if e.local_name().as_ref() == "c" => {
                    if let (Some(pending), Some(current)) = (cell.take(), row.as_mut()) {
                        let (column, value) = self.sheet.value(pending)?;
                        current.cells.push((column, value));
                    }
                }
                Event::Eof => return Ok(row.take()),
                _ => {}
            }
        }
    }
}

impl Sheet<'_> {
    /// A cell's value from its type, style and text.
    pub(super) fn value(&self, pending: Pending) -> Result<(u32, Value), Stop> {
        let text = pending.text;
        let value = match pending.kind.as_str() {
            "s" => {
                let index: usize = text
                    .trim()
                    .parse()
                    .map_err(|_| unreadable("a cell names a shared string that is not a number"))?;
                let shared = self.strings.get(index).ok_or_else(|| {
                    unreadable(format!(
                        "a cell names shared string {index}, which is missing"
                    ))
                })?;
                Value::Text(shared.to_string())
            }
            "str" | "inlineStr" => Value::Text(text),
            "b" => Value::Bool,
            "e" => Value::Error,
            "d" => Value::Date,
            _ if text.is_empty() => Value::Empty,
            _ if self.dates.get(pending.style).copied().unwrap_or(false) => Value::Date,
            _ => match text.trim().parse::<f64>() {
                Ok(number) if number.is_finite() => Value::Text(number.to_string()),
                _ => Value::Text(text),
            },
        };
        Ok((pending.column, value))
    }
}

/// The column (from 0) of a cell reference such as `B7`: its letters.
pub(super) fn column_of(reference: &str, limits: Limits) -> Result<u32, Stop> {
    let mut column: u32 = 0;
    let mut letters = 0;
    for c in reference.trim().chars() {
        if !c.is_ascii_alphabetic() {
            break;
        }
        letters += 1;
        let digit = u32::from(c.to_ascii_uppercase()) - u32::from('A') + 1;
        column = column.saturating_mul(26).saturating_add(digit);
        if column > limits.columns.saturating_add(1) && letters > 3 {
            break;
        }
    }
    if letters == 0 {
        return Err(unreadable(format!(
            "a cell's place `{}` is not a cell reference",
            shown(reference)
        )));
    }
    Ok(column.saturating_sub(1))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assess::workbook::{is_date_format, LIMITS};

    #[test]
    fn columns_and_formats() {
        assert_eq!(column_of("A1", LIMITS).unwrap(), 0);
        assert_eq!(column_of("AB12", LIMITS).unwrap(), 27);
        assert_eq!(column_of("XFD1048576", LIMITS).unwrap(), 16_383);
        assert!(column_of("ZZZZZZZZZZZZZZ1", LIMITS).unwrap() > LIMITS.columns);
        assert!(is_date_format("dd/mm/yyyy"));
        assert!(is_date_format("[$-809]d mmmm yyyy"));
        assert!(!is_date_format("#,##0.00"));
        assert!(!is_date_format("\"days\" 0"));
        assert!(!is_date_format("[Red]0.0"));
    }
}
