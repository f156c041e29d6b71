//! Reading a return kept in an Excel workbook (`.xlsx`): the first sheet
//! holds the table, its first non-empty row the headers. Problems name the
//! sheet, row and column.
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

use std::io::{BufRead, BufReader, Read};
use std::path::Path;

use quick_xml::events::{BytesRef, BytesStart, Event};
use quick_xml::Reader;

use super::fields::shown;
use super::problems::{sheet_diagnostics, Field, Located, Problems};
use super::returns::{columns, Column, Columns, Ingest, RowRef};
use crate::diagnostics::{Code, Diagnostics};

/// The limits a workbook is read within.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Bytes of any one part once unpacked.
    pub part: u64,
    /// Rows of the first sheet (Excel's own limit).
    pub rows: u32,
    /// Columns (a return has five; the rest must be empty).
    pub columns: u32,
    /// Cells of the first sheet, empty ones written in the file included.
    pub cells: u64,
    /// Shared strings.
    pub strings: usize,
    /// Cell formats (styles).
    pub styles: usize,
}

/// The limits of `concordat assess`.
pub const LIMITS: Limits = Limits {
    part: 64 * 1024 * 1024,
    rows: 1_048_576,
    columns: 64,
    cells: 10_000_000,
    strings: 1_000_000,
    styles: 65_536,
};

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
    let mut problems = Problems::default();
    let mut sheet = None;
    let mut headers = Vec::new();
    if let Err(stop) = read_workbook(
        path,
        file,
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

/// Why a workbook could not be read on.
#[derive(Debug)]
enum Stop {
    /// Damaged, or not a workbook.
    Unreadable(String),
    /// Past a limit.
    Limit(String),
}

impl Stop {
    fn located(self) -> Located {
        match self {
            Stop::Unreadable(message) => Located {
                line: 0,
                field: Field::Row,
                code: Code::MalformedReturn,
                message,
                help: Some(
                    "save the return as an Excel workbook (.xlsx) whose first sheet holds the table"
                        .to_owned(),
                ),
            },
            Stop::Limit(message) => Located {
                line: 0,
                field: Field::Row,
                code: Code::WorkbookTooLarge,
                message,
                help: Some("keep only the return on the first sheet, or save it as CSV".to_owned()),
            },
        }
    }
}

fn unreadable(what: impl std::fmt::Display) -> Stop {
    Stop::Unreadable(format!(
        "the file cannot be read as an Excel workbook: {what}"
    ))
}

type Archive = zip::ZipArchive<std::fs::File>;

fn read_workbook(
    path: &Path,
    file: u16,
    ingest: &mut Ingest<'_>,
    limits: Limits,
    problems: &mut Problems,
    sheet_name: &mut Option<String>,
    headers: &mut Vec<String>,
) -> Result<(), Stop> {
    let handle = std::fs::File::open(path).map_err(unreadable)?;
    let mut archive = zip::ZipArchive::new(handle).map_err(unreadable)?;
    let (name, target) = first_sheet(&mut archive, limits)?;
    *sheet_name = Some(name);
    let strings = shared_strings(&mut archive, limits)?;
    let dates = date_styles(&mut archive, limits)?;
    let part = open_part(&mut archive, &target, limits)?
        .ok_or_else(|| unreadable(format!("its first sheet (`{target}`) is missing")))?;
    let sheet = Sheet {
        strings: &strings,
        dates: &dates,
        limits,
        cells: 0,
    };
    let mut rows = sheet.rows(part);
    let mut columns: Option<Columns> = None;
    while let Some(row) = rows.next_row()? {
        if row.cells.iter().all(|(_, cell)| cell.is_empty()) {
            continue;
        }
        let Some(found) = &columns else {
            headers.clear();
            for (at, cell) in &row.cells {
                let at = usize::try_from(*at).unwrap_or(usize::MAX);
                if headers.len() <= at {
                    headers.resize(at.saturating_add(1), String::new());
                }
                if let Some(slot) = headers.get_mut(at) {
                    *slot = cell.text().unwrap_or_default().to_owned();
                }
            }
            let offset = headers.iter().take_while(|h| h.is_empty()).count();
            match columns_from(headers, offset) {
                Ok(found) => columns = Some(found),
                Err(found) => {
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
    Ok(())
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
    let mut fields: [&str; 5] = [""; 5];
    for (column, place) in [
        (Column::Item, Some(columns.item)),
        (Column::Partner, Some(columns.partner)),
        (Column::Period, Some(columns.period)),
        (Column::Value, Some(columns.value)),
        (Column::Note, columns.note),
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
    let [item, partner, period, value, note] = fields;
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
        problems.push_rejected(Located::at_field(line, Some(place), problem));
    }
}

/// A part of the archive, unpacked as it is read, never past the limit.
struct Part<'a> {
    inner: zip::read::ZipFile<'a, std::fs::File>,
    name: String,
    left: u64,
}

impl Read for Part<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let read = self.inner.read(buf)?;
        let count = u64::try_from(read).unwrap_or(u64::MAX);
        if count > self.left {
            return Err(std::io::Error::new(
                std::io::ErrorKind::FileTooLarge,
                format!("`{}` unpacks to more than the limit", self.name),
            ));
        }
        self.left -= count;
        Ok(read)
    }
}

/// The part `name`, if the archive has it: refused if it declares an
/// unpacked size over the limit, and stopped if it unpacks past it.
fn open_part<'a>(
    archive: &'a mut Archive,
    name: &str,
    limits: Limits,
) -> Result<Option<BufReader<Part<'a>>>, Stop> {
    let inner = match archive.by_name(name) {
        Ok(inner) => inner,
        Err(zip::result::ZipError::FileNotFound) => return Ok(None),
        Err(error) => return Err(unreadable(error)),
    };
    if inner.encrypted() {
        return Err(unreadable("it is protected by a password"));
    }
    if inner.size() > limits.part {
        return Err(Stop::Limit(format!(
            "the part `{name}` of the workbook unpacks to {} bytes, over the limit of {} MiB",
            inner.size(),
            limits.part / (1024 * 1024)
        )));
    }
    Ok(Some(BufReader::new(Part {
        inner,
        name: name.to_owned(),
        left: limits.part,
    })))
}

/// A reading error as a reason to stop.
fn xml_error(part: &str, error: &quick_xml::Error) -> Stop {
    if let quick_xml::Error::Io(io) = error {
        if io.kind() == std::io::ErrorKind::FileTooLarge {
            return Stop::Limit(format!(
                "the part `{part}` of the workbook unpacks to more than the limit on a part's size, whatever size it declares"
            ));
        }
    }
    unreadable(format!("`{part}` is damaged ({error})"))
}

/// The value of attribute `key` of `start`, unescaped.
fn attribute(start: &BytesStart<'_>, key: &str) -> Option<String> {
    let mut attributes = start.attributes();
    attributes.with_checks(false);
    attributes
        .flatten()
        .find(|a| a.key.as_ref() == key || a.key.local_name().as_ref() == key)
        .and_then(|a| {
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .ok()
                .map(|v| v.into_owned())
        })
}

/// The text a reference stands for (`&amp;`, `&#163;`).
fn reference(text: &BytesRef<'_>) -> String {
    if let Ok(Some(c)) = text.resolve_char_ref() {
        return c.to_string();
    }
    let name = text.xml10_content();
    quick_xml::escape::resolve_predefined_entity(&name)
        .unwrap_or_default()
        .to_owned()
}

/// The name of the first sheet and the path of its part.
fn first_sheet(archive: &mut Archive, limits: Limits) -> Result<(String, String), Stop> {
    let mut first: Option<(String, Option<String>)> = None;
    if let Some(part) = open_part(archive, "xl/workbook.xml", limits)? {
        let mut reader = Reader::from_reader(part);
        let mut buf = Vec::new();
        loop {
            buf.clear();
            match reader.read_event_into(&mut buf) {
                Ok(Event::Start(e) | Event::Empty(e)) if e.local_name().as_ref() == "sheet" => {
                    first = Some((
                        attribute(&e, "name").unwrap_or_default(),
                        attribute(&e, "id"),
                    ));
                    break;
                }
                Ok(Event::Eof) => break,
                Ok(_) => {}
                Err(error) => return Err(xml_error("xl/workbook.xml", &error)),
            }
        }
    } else {
        return Err(unreadable("it has no workbook part (`xl/workbook.xml`)"));
    }
    let Some((name, id)) = first else {
        return Err(unreadable("the workbook has no sheet"));
    };
    let mut target = None;
    if let (Some(id), Some(part)) = (
        id,
        open_part(archive, "xl/_rels/workbook.xml.rels", limits)?,
    ) {
        let mut reader = Reader::from_reader(part);
        let mut buf = Vec::new();
        loop {
            buf.clear();
            match reader.read_event_into(&mut buf) {
                Ok(Event::Start(e) | Event::Empty(e))
                    if e.local_name().as_ref() == "Relationship"
                        && attribute(&e, "Id").as_deref() == Some(id.as_str()) =>
                {
                    target = attribute(&e, "Target");
                    break;
                }
                Ok(Event::Eof) => break,
                Ok(_) => {}
                Err(error) => return Err(xml_error("xl/_rels/workbook.xml.rels", &error)),
            }
        }
    }
    let target = match target {
        Some(t) if t.starts_with('/') => t.trim_start_matches('/').to_owned(),
        Some(t) => format!("xl/{t}"),
        None => "xl/worksheets/sheet1.xml".to_owned(),
    };
    Ok((name, target))
}

/// The shared strings, at most the limit of them, none reserved ahead.
fn shared_strings(archive: &mut Archive, limits: Limits) -> Result<Vec<Box<str>>, Stop> {
    const PART: &str = "xl/sharedStrings.xml";
    let mut strings = Vec::new();
    let Some(part) = open_part(archive, PART, limits)? else {
        return Ok(strings);
    };
    let mut reader = Reader::from_reader(part);
    let mut buf = Vec::new();
    let mut current = String::new();
    // Inside `<si>`, inside a `<t>` that counts (not phonetic `<rPh>`).
    let (mut in_item, mut in_text, mut phonetic) = (false, false, false);
    loop {
        buf.clear();
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e)) => match e.local_name().as_ref() {
                "si" => {
                    in_item = true;
                    current.clear();
                }
                "t" => in_text = in_item && !phonetic,
                "rPh" => phonetic = true,
                _ => {}
            },
            Ok(Event::Empty(e)) if e.local_name().as_ref() == "si" => {
                if strings.len() >= limits.strings {
                    return Err(too_many_strings(limits));
                }
                strings.push(Box::from(""));
            }
            Ok(Event::End(e)) => match e.local_name().as_ref() {
                "si" => {
                    if strings.len() >= limits.strings {
                        return Err(too_many_strings(limits));
                    }
                    strings.push(Box::from(current.as_str()));
                    in_item = false;
                }
                "t" => in_text = false,
                "rPh" => phonetic = false,
                _ => {}
            },
            Ok(Event::Text(t)) if in_text => current.push_str(&t.xml10_content()),
            Ok(Event::CData(t)) if in_text => current.push_str(&t.xml10_content()),
            Ok(Event::GeneralRef(r)) if in_text => current.push_str(&reference(&r)),
            Ok(Event::Eof) => break,
            Ok(_) => {}
            Err(error) => return Err(xml_error(PART, &error)),
        }
    }
    Ok(strings)
}

fn too_many_strings(limits: Limits) -> Stop {
    Stop::Limit(format!(
        "the workbook has more than {} shared strings",
        limits.strings
    ))
}

/// For each cell format (style) by number, whether it shows a date.
fn date_styles(archive: &mut Archive, limits: Limits) -> Result<Vec<bool>, Stop> {
    const PART: &str = "xl/styles.xml";
    let mut dates = Vec::new();
    let Some(part) = open_part(archive, PART, limits)? else {
        return Ok(dates);
    };
    let mut custom: Vec<(String, bool)> = Vec::new();
    let mut reader = Reader::from_reader(part);
    let mut buf = Vec::new();
    let mut in_cell_formats = false;
    loop {
        buf.clear();
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e) | Event::Empty(e)) => match e.local_name().as_ref() {
                "numFmt" if custom.len() < limits.styles => {
                    if let (Some(id), Some(code)) =
                        (attribute(&e, "numFmtId"), attribute(&e, "formatCode"))
                    {
                        custom.push((id, is_date_format(&code)));
                    }
                }
                "cellXfs" => in_cell_formats = true,
                "xf" if in_cell_formats => {
                    if dates.len() >= limits.styles {
                        return Err(Stop::Limit(format!(
                            "the workbook has more than {} cell formats",
                            limits.styles
                        )));
                    }
                    let id = attribute(&e, "numFmtId").unwrap_or_default();
                    let date = match id.parse::<u32>() {
                        Ok(14..=22 | 27..=36 | 45..=47 | 50..=58) => true,
                        Ok(n) if n < 164 => false,
                        _ => custom.iter().any(|(c, date)| *c == id && *date),
                    };
                    dates.push(date);
                }
                _ => {}
            },
            Ok(Event::End(e)) if e.local_name().as_ref() == "cellXfs" => in_cell_formats = false,
            Ok(Event::Eof) => break,
            Ok(_) => {}
            Err(error) => return Err(xml_error(PART, &error)),
        }
    }
    Ok(dates)
}

/// Whether a number format shows a date or time: a `d`, `m`, `y`, `h` or
/// `s` outside quotes, brackets and escapes.
fn is_date_format(code: &str) -> bool {
    let (mut quoted, mut bracket, mut escaped) = (false, false, false);
    for c in code.chars() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '"' => quoted = !quoted,
            '[' if !quoted => bracket = true,
            ']' if !quoted => bracket = false,
            'd' | 'D' | 'm' | 'M' | 'y' | 'Y' | 'h' | 'H' | 's' | 'S' if !quoted && !bracket => {
                return true
            }
            _ => {}
        }
    }
    false
}

/// What a cell holds.
#[derive(Debug, Clone, PartialEq)]
enum Value {
    Empty,
    Text(String),
    Bool,
    Date,
    Error,
}

impl Value {
    fn is_empty(&self) -> bool {
        match self {
            Value::Empty => true,
            Value::Text(t) => t.is_empty(),
            _ => false,
        }
    }

    /// The cell as text: `None` for a date, an error or a truth value.
    fn text(&self) -> Option<&str> {
        match self {
            Value::Empty => Some(""),
            Value::Text(t) => Some(t),
            Value::Bool | Value::Date | Value::Error => None,
        }
    }

    fn describe(&self) -> &'static str {
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
struct Row {
    number: u32,
    cells: Vec<(u32, Value)>,
}

impl Row {
    fn cell(&self, column: usize) -> Option<&Value> {
        let column = u32::try_from(column).ok()?;
        self.cells
            .iter()
            .find(|(at, _)| *at == column)
            .map(|(_, v)| v)
    }
}

struct Sheet<'s> {
    strings: &'s [Box<str>],
    dates: &'s [bool],
    limits: Limits,
    cells: u64,
}

impl<'s> Sheet<'s> {
    fn rows<R: BufRead>(self, part: R) -> Rows<'s, R> {
        Rows {
            sheet: self,
            reader: Reader::from_reader(part),
            buf: Vec::new(),
            last_row: 0,
        }
    }
}

/// The rows of a sheet, read one at a time.
struct Rows<'s, R> {
    sheet: Sheet<'s>,
    reader: Reader<R>,
    buf: Vec<u8>,
    last_row: u32,
}

/// A cell being read.
struct Pending {
    column: u32,
    kind: String,
    style: usize,
    text: String,
    in_value: bool,
}

const SHEET: &str = "the first sheet";

impl<R: BufRead> Rows<'_, R> {
    /// The next row, or `None` at the end of the sheet.
    fn next_row(&mut self) -> Result<Option<Row>, Stop> {
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
                            "the first sheet has a row numbered {number}, past the limit of {} rows",
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
                            "the first sheet has more than {} cells",
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
    fn value(&self, pending: Pending) -> Result<(u32, Value), Stop> {
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
fn column_of(reference: &str, limits: Limits) -> Result<u32, Stop> {
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
