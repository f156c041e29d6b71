//! Reading a CSV return, streamed: the file is read in blocks into one
//! buffer reused to the end, fields are handled as bytes, and nothing is
//! kept once a row is stored in the table.
//!
//! The header row is always read by the `csv` crate. After it, a line
//! without a double quote or a carriage return (other than one ending the
//! line) is split at its commas here: for such a line that is all CSV is.
//! From the first line with a quote or a lone carriage return to the end,
//! the `csv` crate reads the rest, its lines counted on from there. Blank
//! lines are skipped, as the `csv` crate skips them.
//!
//! A large return is read on two threads ([`split`](super::split)).

use std::io::{Read, Seek, SeekFrom};
use std::path::Path;

use csv::{ByteRecord, ReaderBuilder};

use super::lines::Lines;
use super::problems::{Field, Located, Problems};
use super::returns::{columns, Column, Columns, Ingest, RowRef};
use crate::diagnostics::Code;

/// The size of the block read at a time.
const BLOCK: usize = 256 * 1024;

/// The most fields a row is split into: a header names at most five
/// columns (any other column, or a second of one, is an error).
const MOST_FIELDS: usize = 5;

/// Reads the CSV return at `path` (file number `file`) into `ingest`.
pub fn read(path: &Path, file: u16, ingest: &mut Ingest<'_>) -> std::io::Result<Problems> {
    read_with(path, file, ingest, super::split::SPLIT_FROM)
}

/// Reads as [`read`], on two threads when the rows after the header are at
/// least `split_from` bytes.
pub fn read_with(
    path: &Path,
    file: u16,
    ingest: &mut Ingest<'_>,
    split_from: u64,
) -> std::io::Result<Problems> {
    let mut handle = crate::files::open_return(path)?;
    let length = handle.metadata()?.len();
    let mut first = vec![0; BLOCK.min(usize::try_from(length).unwrap_or(BLOCK))];
    handle.read_exact(&mut first)?;
    let Some(end) = plain_header(&first) else {
        return read_general(path, file, ingest);
    };
    let header = first.get(..end).unwrap_or_default();
    let mut problems = Problems::default();
    let columns = match header_columns(header) {
        Ok(Some(columns)) => columns,
        Ok(None) => return read_general(path, file, ingest),
        Err(found) => {
            for problem in found {
                problems.push(Located::header(1, problem));
            }
            return Ok(problems);
        }
    };
    let rows = Rows {
        path,
        start: u64::try_from(end).unwrap_or(u64::MAX),
        end: length,
        line: 2,
        columns,
        file,
    };
    if length.saturating_sub(rows.start) >= split_from {
        if let Some(problems) = super::split::read(&rows, ingest)? {
            return Ok(problems);
        }
    }
    read_rows(&rows, ingest, &mut problems, true)?;
    Ok(problems)
}

/// The end of the header line (after its `\n`), if it is a plain line the
/// `csv` crate would read as the header: not blank, without a quote or a
/// lone carriage return.
fn plain_header(first: &[u8]) -> Option<usize> {
    let newline = first.iter().position(|&b| b == b'\n')?;
    let line = first.get(..newline)?;
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    let plain = !line.is_empty() && !line.iter().any(|&b| b == b'"' || b == b'\r');
    plain.then_some(newline + 1)
}

/// The columns the header names, read by the `csv` crate; `None` if it does
/// not read exactly one record.
fn header_columns(header: &[u8]) -> Result<Option<Columns>, Vec<super::columns::HeaderProblem>> {
    let mut reader = ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .from_reader(header);
    let Ok(headers) = reader.byte_headers() else {
        return Ok(None);
    };
    columns_of(headers).map(Some)
}

/// The columns a header record names.
fn columns_of(headers: &ByteRecord) -> Result<Columns, Vec<super::columns::HeaderProblem>> {
    let texts: Vec<String> = headers
        .iter()
        .map(|h| String::from_utf8_lossy(h.trim_ascii()).into_owned())
        .collect();
    columns(texts.iter().map(String::as_str))
}

/// A stretch of a return's rows: bytes `start..end` of the file at `path`,
/// `start` a line's start and `line` its number.
#[derive(Debug, Clone, Copy)]
pub struct Rows<'p> {
    /// The file.
    pub path: &'p Path,
    /// The first byte.
    pub start: u64,
    /// The byte after the last.
    pub end: u64,
    /// The number of the line at `start`.
    pub line: u32,
    /// The columns.
    pub columns: Columns,
    /// The file's number in the list of returns.
    pub file: u16,
}

/// How reading a stretch of rows ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ended {
    /// At its end, with the number of the line after it.
    At(u32),
    /// At a line with a quote or a lone carriage return, which the `csv`
    /// crate was not allowed to read.
    Quoted,
}

/// Reads the rows of `rows` into `ingest`. A line only the `csv` crate can
/// read hands the rest to it when `general` is true, and ends the reading
/// otherwise.
pub fn read_rows(
    rows: &Rows<'_>,
    ingest: &mut Ingest<'_>,
    problems: &mut Problems,
    general: bool,
) -> std::io::Result<Ended> {
    let mut handle = crate::files::open_return(rows.path)?;
    handle.seek(SeekFrom::Start(rows.start))?;
    let mut source = handle.take(rows.end.saturating_sub(rows.start));
    let mut buffer = vec![0u8; BLOCK];
    let mut filled = 0;
    let mut line = rows.line;
    loop {
        let read = source.read(buffer.get_mut(filled..).unwrap_or_default())?;
        filled += read;
        let last = read == 0;
        let block = buffer.get(..filled).unwrap_or_default();
        let mut at = 0;
        while at < filled {
            let rest = block.get(at..).unwrap_or_default();
            let (raw, next) = match memchr::memchr(b'\n', rest) {
                Some(newline) => (rest.get(..newline).unwrap_or_default(), at + newline + 1),
                None if last => (rest, filled),
                None => break,
            };
            let text = raw.strip_suffix(b"\r").unwrap_or(raw);
            match split_line(text, line, rows, ingest, problems) {
                Line::Blank => {}
                Line::Row => {}
                Line::Quoted if !general => return Ok(Ended::Quoted),
                Line::Quoted => {
                    let remaining = rest.chain(source);
                    return read_general_rows(
                        remaining,
                        line.saturating_sub(1),
                        rows,
                        ingest,
                        problems,
                    );
                }
            }
            at = next;
            line = line.saturating_add(1);
        }
        if last {
            return Ok(Ended::At(line));
        }
        buffer.copy_within(at..filled, 0);
        filled -= at;
        if filled == buffer.len() {
            buffer.resize(buffer.len() * 2, 0); // a line longer than a block
        }
    }
}

/// What a line was.
enum Line {
    /// Blank: skipped.
    Blank,
    /// A row (read, or its problem recorded).
    Row,
    /// A line with a quote or a carriage return, not read.
    Quoted,
}

/// Splits one line (its `\n` and a `\r` before it taken off) at its commas
/// and reads it as the row numbered `line`.
fn split_line(
    text: &[u8],
    line: u32,
    rows: &Rows<'_>,
    ingest: &mut Ingest<'_>,
    problems: &mut Problems,
) -> Line {
    if text.is_empty() {
        return Line::Blank;
    }
    if memchr::memchr2(b'"', b'\r', text).is_some() {
        return Line::Quoted;
    }
    let mut fields = [(0usize, 0usize); MOST_FIELDS];
    let mut count = 0;
    let mut start = 0;
    for at in memchr::memchr_iter(b',', text) {
        if let Some(field) = fields.get_mut(count) {
            *field = (start, at);
        }
        count += 1;
        start = at + 1;
    }
    if let Some(field) = fields.get_mut(count) {
        *field = (start, text.len());
    }
    count += 1;
    let field = |index: usize| {
        fields
            .get(index)
            .and_then(|&(start, end)| text.get(start..end))
            .unwrap_or_default()
            .trim_ascii()
    };
    take_row(count, field, line, rows, ingest, problems);
    Line::Row
}

/// Reads one row of `count` fields into `ingest`, or records its problem.
fn take_row<'t>(
    count: usize,
    field: impl Fn(usize) -> &'t [u8],
    line: u32,
    rows: &Rows<'_>,
    ingest: &mut Ingest<'_>,
    problems: &mut Problems,
) {
    let columns = &rows.columns;
    if count != columns.count {
        if count == 1 && field(0).is_empty() {
            return; // a blank line
        }
        problems.push(Located {
            line,
            field: Field::Row,
            code: Code::MalformedReturn,
            message: format!(
                "this row has {count} fields; the header has {}",
                columns.count
            ),
            help: Some("give every row the header's columns, in its order; put a field containing a comma in double quotes".to_owned()),
        });
        return;
    }
    let note = columns.note.map_or(&b""[..], &field);
    let result = ingest.row(
        field(columns.item),
        field(columns.partner),
        field(columns.period),
        field(columns.value),
        note,
        RowRef {
            file: rows.file,
            line,
        },
    );
    if let Err(problem) = result {
        let index = match problem.column {
            Column::Item => columns.item,
            Column::Partner => columns.partner,
            Column::Period => columns.period,
            Column::Value => columns.value,
            Column::Note => columns.note.unwrap_or(columns.value),
        };
        problems.push(Located::at_field(line, Some(index), problem));
    }
}

/// Reads the rest of a stretch with the `csv` crate: `source` starts at a
/// line's start, after `lines_before` lines of the file.
fn read_general_rows(
    source: impl Read,
    lines_before: u32,
    rows: &Rows<'_>,
    ingest: &mut Ingest<'_>,
    problems: &mut Problems,
) -> std::io::Result<Ended> {
    let mut reader = ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .buffer_capacity(BLOCK)
        .from_reader(Lines::new(source));
    let mut record = ByteRecord::new();
    let mut next = lines_before.saturating_add(1);
    loop {
        match reader.read_byte_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(error) => {
                let line = error_line(&error, reader.get_mut());
                not_csv(error, line.saturating_add(lines_before), problems)?;
                break;
            }
        }
        let at = record.position().map_or(0, csv::Position::byte);
        let line = reader.get_mut().line_at(at).saturating_add(lines_before);
        let field = |index: usize| record.get(index).unwrap_or(b"").trim_ascii();
        take_row(record.len(), field, line, rows, ingest, problems);
        next = line.saturating_add(1);
    }
    Ok(Ended::At(next))
}

/// Reads the whole return with the `csv` crate alone, as when the header is
/// one only it can read; also the reference the faster reading is tested
/// against.
pub fn read_general(path: &Path, file: u16, ingest: &mut Ingest<'_>) -> std::io::Result<Problems> {
    let handle = crate::files::open_return(path)?;
    let mut reader = ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .buffer_capacity(BLOCK)
        .from_reader(Lines::new(handle));
    let mut problems = Problems::default();
    let headers = match reader.byte_headers() {
        Ok(headers) => headers.clone(),
        Err(error) => {
            let line = error_line(&error, reader.get_mut());
            not_csv(error, line, &mut problems)?;
            return Ok(problems);
        }
    };
    let columns = match columns_of(&headers) {
        Ok(columns) => columns,
        Err(found) => {
            for problem in found {
                problems.push(Located::header(1, problem));
            }
            return Ok(problems);
        }
    };
    let rows = Rows {
        path,
        start: 0,
        end: 0,
        line: 1,
        columns,
        file,
    };
    let mut record = ByteRecord::new();
    loop {
        match reader.read_byte_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(error) => {
                let line = error_line(&error, reader.get_mut());
                not_csv(error, line, &mut problems)?;
                break;
            }
        }
        let at = record.position().map_or(0, csv::Position::byte);
        let line = reader.get_mut().line_at(at);
        let field = |index: usize| record.get(index).unwrap_or(b"").trim_ascii();
        take_row(record.len(), field, line, &rows, ingest, &mut problems);
    }
    Ok(problems)
}

/// The line a reading error is on: that of the row it is in.
fn error_line<R: Read>(error: &csv::Error, lines: &mut Lines<R>) -> u32 {
    error.position().map_or(1, |p| lines.line_at(p.byte()))
}

/// A reading error on `line`: an I/O error is returned, anything else
/// recorded.
fn not_csv(error: csv::Error, line: u32, problems: &mut Problems) -> std::io::Result<()> {
    match error.into_kind() {
        csv::ErrorKind::Io(error) => Err(error),
        other => {
            problems.push(Located {
                line,
                field: Field::Row,
                code: Code::MalformedReturn,
                message: format!("the file cannot be read as CSV: {other:?}"),
                help: Some("save the return as CSV with a header row".to_owned()),
            });
            Ok(())
        }
    }
}
