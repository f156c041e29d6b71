//! Reading a CSV return, streamed: one record buffer reused for every row,
//! fields handled as bytes, nothing kept once a row is stored in the table.

use std::fs::File;
use std::path::Path;

use csv::{ByteRecord, ReaderBuilder};

use super::problems::{Located, Problems};
use super::returns::{columns, Ingest, RowRef};
use crate::diagnostics::Code;

/// Reads the CSV return at `path` (file number `file`) into `ingest`.
pub fn read(path: &Path, file: u16, ingest: &mut Ingest<'_>) -> std::io::Result<Problems> {
    let handle = File::open(path)?;
    let mut reader = ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .buffer_capacity(256 * 1024)
        .from_reader(handle);
    let mut problems = Problems::default();
    let headers = match reader.byte_headers() {
        Ok(headers) => headers.clone(),
        Err(error) => return not_csv(error, problems),
    };
    let header_texts: Vec<String> = headers
        .iter()
        .map(|h| String::from_utf8_lossy(h.trim_ascii()).into_owned())
        .collect();
    let columns = match columns(header_texts.iter().map(String::as_str)) {
        Ok(columns) => columns,
        Err(found) => {
            for problem in found {
                problems.push(Located::header(1, problem));
            }
            return Ok(problems);
        }
    };
    let mut record = ByteRecord::new();
    loop {
        match reader.read_byte_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(error) => return not_csv(error, problems),
        }
        let line = record
            .position()
            .map_or(0, |p| u32::try_from(p.line()).unwrap_or(u32::MAX));
        if record.len() != columns.count {
            if record.len() == 1 && field(&record, 0).is_empty() {
                continue; // a blank line
            }
            problems.push(Located {
                line,
                field: super::problems::Field::Row,
                code: Code::MalformedReturn,
                message: format!(
                    "this row has {} fields; the header has {}",
                    record.len(),
                    columns.count
                ),
                help: Some("give every row the header's columns, in its order; put a field containing a comma in double quotes".to_owned()),
            });
            continue;
        }
        let note = columns.note.map_or(&b""[..], |n| field(&record, n));
        let result = ingest.row(
            field(&record, columns.item),
            field(&record, columns.partner),
            field(&record, columns.period),
            field(&record, columns.value),
            note,
            RowRef { file, line },
        );
        if let Err(problem) = result {
            let index = match problem.column {
                super::returns::Column::Item => columns.item,
                super::returns::Column::Partner => columns.partner,
                super::returns::Column::Period => columns.period,
                super::returns::Column::Value => columns.value,
                super::returns::Column::Note => columns.note.unwrap_or(columns.value),
            };
            problems.push(Located::at_field(line, Some(index), problem));
        }
    }
    Ok(problems)
}

fn not_csv(error: csv::Error, mut problems: Problems) -> std::io::Result<Problems> {
    let line = error
        .position()
        .map_or(1, |p| u32::try_from(p.line()).unwrap_or(u32::MAX));
    match error.into_kind() {
        csv::ErrorKind::Io(error) => Err(error),
        other => {
            problems.push(Located {
                line,
                field: super::problems::Field::Row,
                code: Code::MalformedReturn,
                message: format!("the file cannot be read as CSV: {other:?}"),
                help: Some("save the return as CSV with a header row".to_owned()),
            });
            Ok(problems)
        }
    }
}

/// A field without the spaces around it (trimmed here rather than by the
/// reader, which would copy every record).
fn field(record: &ByteRecord, index: usize) -> &[u8] {
    record.get(index).unwrap_or(b"").trim_ascii()
}
