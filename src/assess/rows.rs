//! Reading a stretch of a CSV return's rows into the table: lines without
//! a quote are split at their commas here; from the first line with a
//! quote or a lone carriage return the `csv` crate reads the rest. Used by
//! [`csv`](super::csv) for a whole return and by [`split`](super::split)
//! for each half of a large one.
//!
//! Every row is counted, and every row with a problem counted as
//! rejected. A quoted field still open at the end of the file is found by
//! what the `csv` crate does with an end mark put after the file's last
//! byte: a closed file reads the mark as a row of its own, an open quote
//! swallows it into its field.

use std::io::{Read, Seek, SeekFrom};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};

use csv::{ByteRecord, ReaderBuilder};

use super::lines::Lines;
use super::problems::{Field, Located, Problems};
use super::returns::{Columns, Ingest, RowRef};
use crate::diagnostics::Code;
use crate::lanes::{first_lane, lanes_equal, word_at};

/// The size of the block read at a time.
pub const BLOCK: usize = 256 * 1024;

/// The most fields a row is split into: a header names at most five
/// columns (any other column, or a second of one, is an error).
const MOST_FIELDS: usize = 5;

/// Put after the last byte of a file read by the `csv` crate: a line of
/// its own holding a NUL byte (which no good return holds).
pub const END_MARK: &[u8] = b"\n\0\n";

/// The field the end mark makes when it is read as a row of its own.
const END_FIELD: &[u8] = b"\0";

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
    /// Early: a part read on a thread of its own had a problem, or the
    /// other part had one, so the return will be read again in order.
    GaveUp,
}

/// How a stretch of rows is read.
#[derive(Debug, Clone, Copy)]
pub struct Reading<'s> {
    /// Whether a line only the `csv` crate can read hands the rest to it
    /// (else it ends the reading, [`Ended::Quoted`]).
    pub general: bool,
    /// For a part read on a thread of its own: raised by the first part to
    /// meet a problem, after which both stop within a block
    /// ([`Ended::GaveUp`]). `None` for a reading in order, which reads to
    /// the end whatever it meets.
    pub give_up: Option<&'s AtomicBool>,
}

impl Reading<'_> {
    /// A reading in order, to the end.
    pub const IN_ORDER: Reading<'static> = Reading {
        general: true,
        give_up: None,
    };

    /// Whether to stop now: raises the flag if this part has a problem.
    fn gives_up(&self, problems: &Problems) -> bool {
        let Some(flag) = self.give_up else {
            return false;
        };
        if !problems.is_empty() {
            flag.store(true, Ordering::Relaxed);
            return true;
        }
        flag.load(Ordering::Relaxed)
    }
}

/// Reads the rows of `rows` into `ingest`, as `reading` says.
pub fn read_rows(
    rows: &Rows<'_>,
    ingest: &mut Ingest<'_>,
    problems: &mut Problems,
    reading: Reading<'_>,
) -> std::io::Result<Ended> {
    ingest.set_listed(!problems.full());
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
            let mut found = split(rest);
            let (len, next) = match found.newline {
                Some(newline) => (newline, at + newline + 1),
                None if last => (rest.len(), filled),
                None => break,
            };
            let read = found.line(rest, len).map(|text| {
                let field = |index: usize| {
                    found
                        .fields
                        .get(index)
                        .and_then(|&(start, end)| text.get(start..end))
                        .unwrap_or_default()
                        .trim_ascii()
                };
                take_row(found.commas + 1, field, line, rows, ingest, problems);
            });
            match read {
                Ok(()) | Err(Line::Blank) => {}
                Err(Line::Quoted) if !reading.general => return Ok(Ended::Quoted),
                Err(Line::Quoted) => {
                    let remaining = rest.chain(source);
                    return read_general_rows(
                        remaining,
                        line.saturating_sub(1),
                        rows,
                        (ingest, problems),
                        reading,
                    );
                }
            }
            at = next;
            line = line.saturating_add(1);
        }
        if last {
            return Ok(Ended::At(line));
        }
        if reading.gives_up(problems) {
            return Ok(Ended::GaveUp);
        }
        buffer.copy_within(at..filled, 0);
        filled -= at;
        if filled == buffer.len() {
            buffer.resize(buffer.len() * 2, 0); // a line longer than a block
        }
    }
}

/// A line that is not a row read here.
enum Line {
    /// Blank: skipped.
    Blank,
    /// A line with a quote or a carriage return: the `csv` crate reads it.
    Quoted,
}

/// A line of a return split at its commas by [`split`].
struct Split {
    /// Where its `\n` is, if it has one.
    newline: Option<usize>,
    /// Its first [`MOST_FIELDS`] fields, as byte ranges: those before a
    /// comma, and the last once [`Split::line`] has closed it.
    fields: [(usize, usize); MOST_FIELDS],
    /// How many commas it has.
    commas: usize,
    /// Where its last field starts.
    last_start: usize,
    /// Whether it has a quote.
    quote: bool,
    /// How many carriage returns it has.
    returns: usize,
}

impl Split {
    /// Takes the byte at `at`; true at the line's end.
    #[inline]
    fn take(&mut self, at: usize, byte: u8) -> bool {
        match byte {
            b',' => {
                if let Some(field) = self.fields.get_mut(self.commas) {
                    *field = (self.last_start, at);
                }
                self.commas += 1;
                self.last_start = at + 1;
            }
            b'\n' => {
                self.newline = Some(at);
                return true;
            }
            b'"' => self.quote = true,
            b'\r' => self.returns += 1,
            _ => {}
        }
        false
    }

    /// The line, `len` bytes at the start of `rest` (its `\n` taken off),
    /// with a `\r` that ends it taken off too, its last field closed; or
    /// what it is when it is not a row read here: blank, or with a quote or
    /// a `\r` elsewhere.
    fn line<'t>(&mut self, rest: &'t [u8], len: usize) -> Result<&'t [u8], Line> {
        let raw = rest.get(..len).unwrap_or_default();
        let text = raw.strip_suffix(b"\r").unwrap_or(raw);
        if text.is_empty() {
            return Err(Line::Blank);
        }
        if self.quote || self.returns > raw.len() - text.len() {
            return Err(Line::Quoted);
        }
        if let Some(field) = self.fields.get_mut(self.commas) {
            *field = (self.last_start, text.len());
        }
        Ok(text)
    }
}

/// Splits the line at the start of `rest` at its commas, up to its `\n`.
/// One pass, eight bytes at a time: a return's lines are short, so a
/// search for each kind of byte would cost more in starting than in
/// searching.
fn split(rest: &[u8]) -> Split {
    let mut found = Split {
        newline: None,
        fields: [(0, 0); MOST_FIELDS],
        commas: 0,
        last_start: 0,
        quote: false,
        returns: 0,
    };
    let mut i = 0;
    while let Some(word) = word_at(rest, i) {
        let mut marked = lanes_equal(word, b',')
            | lanes_equal(word, b'\n')
            | lanes_equal(word, b'"')
            | lanes_equal(word, b'\r');
        while marked != 0 {
            let at = i + first_lane(marked);
            marked &= marked - 1;
            if found.take(at, rest.get(at).copied().unwrap_or_default()) {
                return found;
            }
        }
        i += 8;
    }
    for (at, &byte) in rest.iter().enumerate().skip(i) {
        if found.take(at, byte) {
            break;
        }
    }
    found
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
        problems.rows = problems.rows.saturating_add(1);
        reject(wrong_count(count, line, columns), ingest, problems);
        return;
    }
    problems.rows = problems.rows.saturating_add(1);
    let note = columns.note.map_or(&b""[..], &field);
    let category = columns.category.map_or(&b""[..], &field);
    let measure = columns.measure.map_or(&b""[..], &field);
    let result = ingest.row(
        field(columns.item),
        field(columns.partner),
        field(columns.period),
        field(columns.value),
        (note, category, measure),
        RowRef {
            file: rows.file,
            line,
        },
    );
    if let Err(problem) = result {
        let index = columns.index_of(problem.column);
        reject(
            Located::at_field(line, Some(index), problem),
            ingest,
            problems,
        );
    }
}

/// Records the problem of a row, which is rejected; once no more are
/// listed, the rows' problems no longer look for names to suggest.
fn reject(problem: Located, ingest: &mut Ingest<'_>, problems: &mut Problems) {
    problems.push_rejected(problem);
    if problems.full() {
        ingest.set_listed(false);
    }
}

/// The problem of a row of `count` fields under a header of another
/// number: it names the first column too many, or the first missing.
fn wrong_count(count: usize, line: u32, columns: &Columns) -> Located {
    let header = |index: usize| {
        columns
            .header_at(index)
            .map_or(String::new(), |h| format!(" (`{h}`)"))
    };
    let (field, message) = if count > columns.count {
        (
            Field::Index(columns.count),
            format!(
                "this row has {count} fields; the header has {}: column {} and after have no header",
                columns.count,
                super::problems::column_letters(columns.count)
            ),
        )
    } else {
        (
            Field::End,
            format!(
                "this row has {count} fields; the header has {}: the row ends before column {}{}",
                columns.count,
                super::problems::column_letters(count),
                header(count)
            ),
        )
    };
    Located {
        line,
        field,
        code: Code::MalformedReturn,
        message,
        help: Some("give every row the header's columns, in its order; put a field containing a comma in double quotes".to_owned()),
    }
}

/// Reads the rest of a stretch with the `csv` crate: `source` starts at a
/// line's start, after `lines_before` lines of the file, and is read to its
/// end.
fn read_general_rows(
    source: impl Read,
    lines_before: u32,
    rows: &Rows<'_>,
    (ingest, problems): (&mut Ingest<'_>, &mut Problems),
    reading: Reading<'_>,
) -> std::io::Result<Ended> {
    let mut reader = ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .buffer_capacity(BLOCK)
        .from_reader(Lines::new(source.chain(END_MARK)));
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
        if !take_record(&record, lines_before, rows, &mut reader, ingest, problems) {
            break;
        }
        if reading.gives_up(problems) {
            return Ok(Ended::GaveUp);
        }
        let at = record.position().map_or(0, csv::Position::byte);
        next = reader
            .get_mut()
            .line_at(at)
            .saturating_add(lines_before)
            .saturating_add(1);
    }
    Ok(Ended::At(next))
}

/// Reads one record the `csv` crate read (after `lines_before` lines of the
/// file) as a row; false when there is nothing more to read: the record is
/// the end mark, or a quote open to the end of the file.
pub fn take_record<R: Read>(
    record: &ByteRecord,
    lines_before: u32,
    rows: &Rows<'_>,
    reader: &mut csv::Reader<Lines<R>>,
    ingest: &mut Ingest<'_>,
    problems: &mut Problems,
) -> bool {
    if is_end_mark(record) {
        return false;
    }
    let at = record.position().map_or(0, csv::Position::byte);
    let line = reader.get_mut().line_at(at).saturating_add(lines_before);
    if let Some(open) = unclosed(
        record,
        line,
        reader.get_mut(),
        lines_before,
        Some(&rows.columns),
    ) {
        problems.rows = problems.rows.saturating_add(1);
        problems.push_rejected(open);
        return false;
    }
    let field = |index: usize| record.get(index).unwrap_or(b"").trim_ascii();
    take_row(record.len(), field, line, rows, ingest, problems);
    true
}

/// Whether `record` is the end mark read as a row of its own: the file
/// before it ended outside any quote.
pub fn is_end_mark(record: &ByteRecord) -> bool {
    record.len() == 1 && record.get(0) == Some(END_FIELD)
}

/// The problem of `record` (the row on `line`) if its last field is a
/// quote still open at the end of the file: the end mark was read into it.
pub fn unclosed<R: Read>(
    record: &ByteRecord,
    line: u32,
    lines: &mut Lines<R>,
    lines_before: u32,
    columns: Option<&Columns>,
) -> Option<Located> {
    let last = record.len().checked_sub(1)?;
    if !record.get(last)?.ends_with(END_MARK) {
        return None;
    }
    // The mark's own lines are not the file's.
    let end = lines
        .lines_seen()
        .saturating_sub(2)
        .saturating_add(lines_before);
    let column = columns
        .and_then(|c| c.header_at(last))
        .map_or(String::new(), |h| format!(" (`{h}`)"));
    let after = if end > line {
        format!(
            ": lines {} to {end} cannot be read as rows",
            line.saturating_add(1)
        )
    } else {
        String::new()
    };
    Some(Located {
        line,
        field: Field::Index(last),
        code: Code::UnclosedQuote,
        message: format!(
            "the double quote opening column {}{column} is never closed{after}",
            super::problems::column_letters(last)
        ),
        help: Some("close the quote, or remove it; inside a quoted field write a double quote as two (`\"\"`)".to_owned()),
    })
}

/// The line a reading error is on: that of the row it is in.
pub fn error_line<R: Read>(error: &csv::Error, lines: &mut Lines<R>) -> u32 {
    error.position().map_or(1, |p| lines.line_at(p.byte()))
}

/// A reading error on `line`: an I/O error is returned, anything else
/// recorded.
pub fn not_csv(error: csv::Error, line: u32, problems: &mut Problems) -> std::io::Result<()> {
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
