//! Reading a CSV return, streamed: the file is read in blocks into one
//! buffer reused to the end, fields are handled as bytes, and nothing is
//! kept once a row is stored in the table.
//!
//! Its encoding is told from its first block ([`decode`](super::decode)).
//! A UTF-8 return is read as it is: the header row by the `csv` crate, and
//! after it each line without a double quote or a carriage return (other
//! than one ending the line) split at its commas ([`rows`](super::rows));
//! from the first line with a quote or a lone carriage return to the end,
//! the `csv` crate reads the rest, its lines counted on from there. Blank
//! lines are skipped, as the `csv` crate skips them. A large UTF-8 return
//! is read on two threads ([`split`](super::split)). A return in another
//! encoding is decoded as it streams and read by the `csv` crate alone; one
//! that looked like UTF-8 at its start but is not is read again, whole, as
//! Windows-1252.

use std::io::{Read, Seek, SeekFrom};
use std::path::Path;

use csv::{ByteRecord, ReaderBuilder};
use encoding_rs::{Encoding, WINDOWS_1252};

use super::columns::HeaderProblem;
use super::decode::{sniff, Decoding, Sniffed};
use super::fields::{control_in, control_problem, shown};
use super::lines::Lines;
use super::problems::{Field, Located, Problems};
use super::returns::{columns, Columns, Ingest};
use super::rows::{
    error_line, is_end_mark, not_csv, read_rows, take_record, unclosed, Reading, Rows, BLOCK,
    END_MARK,
};
use crate::diagnostics::Code;

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
    let mut first = Vec::with_capacity(BLOCK.min(usize::try_from(length).unwrap_or(BLOCK)));
    (&mut handle)
        .take(u64::try_from(BLOCK).unwrap_or(u64::MAX))
        .read_to_end(&mut first)?;
    let bom = match sniff(&first) {
        Sniffed::NotText(why) => return Ok(not_text(why)),
        Sniffed::Decoded { encoding, bom } => {
            return read_decoded(path, file, ingest, encoding, bom)
        }
        Sniffed::Utf8 { bom } => bom,
    };
    let (rows_before, latest_before) = (ingest.table.rows, ingest.table.latest);
    let problems = read_utf8(path, file, ingest, split_from, &first, length)?;
    if problems.undecodable && bom == 0 {
        // Not UTF-8 after all, and nothing declared: read again, whole, as
        // Windows-1252.
        ingest.table.forget(file, rows_before, latest_before);
        return read_decoded(path, file, ingest, WINDOWS_1252, 0);
    }
    Ok(problems)
}

/// Reads a return whose first block is UTF-8.
fn read_utf8(
    path: &Path,
    file: u16,
    ingest: &mut Ingest<'_>,
    split_from: u64,
    first: &[u8],
    length: u64,
) -> std::io::Result<Problems> {
    let Some(end) = plain_header(first) else {
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
    read_rows(&rows, ingest, &mut problems, Reading::IN_ORDER)?;
    Ok(problems)
}

/// The problem of a file that is not text.
fn not_text(why: &str) -> Problems {
    let mut problems = Problems::default();
    problems.push(Located {
        line: 0,
        field: Field::Row,
        code: Code::UndecodableText,
        message: format!("{why}, so its rows cannot be read"),
        help: Some(
            "in Excel, save the return with \"Save as\", type \"CSV UTF-8 (Comma delimited)\""
                .to_owned(),
        ),
    });
    problems
}

/// Reads the return at `path` in `encoding`, after a byte-order mark of
/// `bom` bytes, decoding it as it streams.
fn read_decoded(
    path: &Path,
    file: u16,
    ingest: &mut Ingest<'_>,
    encoding: &'static Encoding,
    bom: usize,
) -> std::io::Result<Problems> {
    let mut handle = crate::files::open_return(path)?;
    handle.seek(SeekFrom::Start(u64::try_from(bom).unwrap_or(0)))?;
    let mut problems = read_general_from(Decoding::new(handle, encoding), file, ingest, path)?;
    problems.encoding = Some(encoding.name());
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
fn header_columns(header: &[u8]) -> Result<Option<Columns>, Vec<HeaderProblem>> {
    let mut reader = ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .from_reader(header);
    let Ok(headers) = reader.byte_headers() else {
        return Ok(None);
    };
    columns_of(headers).map(Some)
}

/// The columns a header record names. A header that is not text, or holds
/// a control character, is a problem of its own, never an unknown column.
fn columns_of(headers: &ByteRecord) -> Result<Columns, Vec<HeaderProblem>> {
    let mut problems = Vec::new();
    let mut texts = Vec::with_capacity(headers.len());
    for (at, header) in headers.iter().enumerate() {
        let header = header.trim_ascii();
        match std::str::from_utf8(header) {
            Err(_) => problems.push(HeaderProblem {
                at: Some(at),
                code: Code::UndecodableText,
                message: "this header holds characters that cannot be read in the file's encoding"
                    .to_owned(),
                help: "save the return as \"CSV UTF-8 (Comma delimited)\"".to_owned(),
            }),
            Ok(text) => match control_in(text) {
                Some(found) => {
                    let problem = control_problem(super::columns::Column::Item, found);
                    problems.push(HeaderProblem {
                        at: Some(at),
                        code: problem.code,
                        message: format!("the header `{}` holds a control character", shown(text)),
                        help: problem.help.unwrap_or_default(),
                    });
                }
                None => texts.push(text),
            },
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    columns(texts)
}

/// Reads the whole return with the `csv` crate alone, as when the header is
/// one only it can read; also the reference the faster reading is tested
/// against.
pub fn read_general(path: &Path, file: u16, ingest: &mut Ingest<'_>) -> std::io::Result<Problems> {
    let handle = crate::files::open_return(path)?;
    read_general_from(handle, file, ingest, path)
}

/// Reads a CSV return given as text in memory (`name` its name in reports)
/// with the `csv` crate alone, as [`read_general`] reads a file.
pub fn read_text(text: &str, name: &Path, file: u16, ingest: &mut Ingest<'_>) -> Problems {
    // Reading from memory cannot fail; a failure would be an I/O error.
    read_general_from(text.as_bytes(), file, ingest, name).unwrap_or_else(|error| {
        let mut problems = Problems::default();
        problems.push(Located {
            line: 0,
            field: Field::Row,
            code: Code::MalformedReturn,
            message: format!("the return cannot be read: {error}"),
            help: None,
        });
        problems
    })
}

/// Reads the return in `source` (UTF-8, from its first byte) with the
/// `csv` crate alone.
fn read_general_from(
    source: impl Read,
    file: u16,
    ingest: &mut Ingest<'_>,
    path: &Path,
) -> std::io::Result<Problems> {
    let mut reader = ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .buffer_capacity(BLOCK)
        .from_reader(Lines::new(source.chain(END_MARK)));
    let mut problems = Problems::default();
    ingest.set_listed(true);
    let mut headers = match reader.byte_headers() {
        Ok(headers) => headers.clone(),
        Err(error) => {
            let line = error_line(&error, reader.get_mut());
            not_csv(error, line, &mut problems)?;
            return Ok(problems);
        }
    };
    if is_end_mark(&headers) {
        headers = ByteRecord::new(); // an empty file
    }
    if let Some(open) = unclosed(&headers, 1, reader.get_mut(), 0, None) {
        problems.push(open);
        return Ok(problems);
    }
    let columns = match columns_of(&headers) {
        Ok(columns) => columns,
        Err(found) => return header_problems(found, problems),
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
        if !take_record(&record, 0, &rows, &mut reader, ingest, &mut problems) {
            break;
        }
    }
    Ok(problems)
}

fn header_problems(found: Vec<HeaderProblem>, mut problems: Problems) -> std::io::Result<Problems> {
    for problem in found {
        problems.push(Located::header(1, problem));
    }
    Ok(problems)
}
