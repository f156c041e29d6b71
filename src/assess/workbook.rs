//! The parts of a workbook (`.xlsx`, a zip archive of XML parts), read
//! with the `zip` and `quick-xml` crates within fixed [`Limits`]: each part
//! is refused when it declares an unpacked size over the limit, and
//! unpacking stops at the limit whatever size it declares (a zip bomb); the
//! workbook's sheets are listed and the one to read chosen, and its shared
//! strings and date formats read, none of them reserving memory for a count
//! written in the file. The sheet's rows are read by [`sheet`](super::sheet).

use std::io::{BufReader, Read};

use quick_xml::events::{BytesRef, BytesStart, Event};
use quick_xml::Reader;

use super::fields::shown;
use super::problems::{Field, Located};
use crate::diagnostics::Code;

/// The limits a workbook is read within.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Bytes of any one part once unpacked.
    pub part: u64,
    /// Rows of the sheet read (Excel's own limit).
    pub rows: u32,
    /// Columns (a return has five; the rest must be empty).
    pub columns: u32,
    /// Cells of the sheet read, empty ones written in the file included.
    pub cells: u64,
    /// Shared strings.
    pub strings: usize,
    /// Cell formats (styles).
    pub styles: usize,
    /// Sheets named in the workbook.
    pub sheets: usize,
}

/// The limits of `concordat assess`.
pub const LIMITS: Limits = Limits {
    part: 64 * 1024 * 1024,
    rows: 1_048_576,
    columns: 64,
    cells: 10_000_000,
    strings: 1_000_000,
    styles: 65_536,
    sheets: 4_096,
};

/// Why a workbook could not be read on.
#[derive(Debug)]
pub(super) enum Stop {
    /// Damaged, or not a workbook.
    Unreadable(String),
    /// Past a limit.
    Limit(String),
    /// `--sheet` names no sheet of the workbook.
    NoSuchSheet(String),
    /// The sheet read has no header row of a return; another sheet has.
    TableElsewhere(String),
}

impl Stop {
    pub(super) fn located(self) -> Located {
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
            Stop::NoSuchSheet(message) => Located {
                line: 0,
                field: Field::Row,
                code: Code::SheetNotFound,
                message,
                help: Some("give one of the sheets listed with `--sheet`, in quotes if it holds spaces".to_owned()),
            },
            Stop::TableElsewhere(message) => Located {
                line: 0,
                field: Field::Row,
                code: Code::TableOnOtherSheet,
                message,
                help: Some("give the sheet that holds the return with `--sheet`, or move it to the front of the workbook".to_owned()),
            },
        }
    }
}

pub(super) fn unreadable(what: impl std::fmt::Display) -> Stop {
    Stop::Unreadable(format!(
        "the file cannot be read as an Excel workbook: {what}"
    ))
}

pub(super) type Archive = zip::ZipArchive<std::fs::File>;
/// A part of the archive, unpacked as it is read, never past the limit.
pub(super) struct Part<'a> {
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
pub(super) fn open_part<'a>(
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
pub(super) fn xml_error(part: &str, error: &quick_xml::Error) -> Stop {
    // A path is quoted; "the sheet" is not.
    let named = if part.contains('/') {
        format!("the part `{part}`")
    } else {
        part.to_owned()
    };
    if let quick_xml::Error::Io(io) = error {
        if io.kind() == std::io::ErrorKind::FileTooLarge {
            return Stop::Limit(format!(
                "{named} of the workbook unpacks to more than the limit on a part's size, whatever size it declares"
            ));
        }
    }
    unreadable(format!("{named} is damaged ({error})"))
}

/// The value of attribute `key` of `start`, unescaped.
pub(super) fn attribute(start: &BytesStart<'_>, key: &str) -> Option<String> {
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
pub(super) fn reference(text: &BytesRef<'_>) -> String {
    if let Ok(Some(c)) = text.resolve_char_ref() {
        return c.to_string();
    }
    let name = text.xml10_content();
    quick_xml::escape::resolve_predefined_entity(&name)
        .unwrap_or_default()
        .to_owned()
}

/// A sheet of the workbook: its name and the path of its part.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct SheetEntry {
    pub(super) name: String,
    pub(super) part: String,
}

/// The sheets of the workbook, in their order (at most the limit of them).
pub(super) fn sheets(archive: &mut Archive, limits: Limits) -> Result<Vec<SheetEntry>, Stop> {
    // The name and relationship id of each sheet.
    let mut named: Vec<(String, Option<String>)> = Vec::new();
    {
        let Some(part) = open_part(archive, "xl/workbook.xml", limits)? else {
            return Err(unreadable("it has no workbook part (`xl/workbook.xml`)"));
        };
        let mut reader = Reader::from_reader(part);
        let mut buf = Vec::new();
        loop {
            buf.clear();
            match reader.read_event_into(&mut buf) {
                Ok(Event::Start(e) | Event::Empty(e)) if e.local_name().as_ref() == "sheet" => {
                    if named.len() >= limits.sheets {
                        return Err(Stop::Limit(format!(
                            "the workbook has more than {} sheets",
                            limits.sheets
                        )));
                    }
                    named.push((
                        attribute(&e, "name").unwrap_or_default(),
                        attribute(&e, "id"),
                    ));
                }
                Ok(Event::Eof) => break,
                Ok(_) => {}
                Err(error) => return Err(xml_error("xl/workbook.xml", &error)),
            }
        }
    }
    if named.is_empty() {
        return Err(unreadable("the workbook has no sheet"));
    }
    // The target of each relationship named by a sheet.
    let mut targets: Vec<Option<String>> = vec![None; named.len()];
    if let Some(part) = open_part(archive, "xl/_rels/workbook.xml.rels", limits)? {
        let mut reader = Reader::from_reader(part);
        let mut buf = Vec::new();
        loop {
            buf.clear();
            match reader.read_event_into(&mut buf) {
                Ok(Event::Start(e) | Event::Empty(e))
                    if e.local_name().as_ref() == "Relationship" =>
                {
                    let Some(id) = attribute(&e, "Id") else {
                        continue;
                    };
                    for ((_, wanted), target) in named.iter().zip(targets.iter_mut()) {
                        if target.is_none() && wanted.as_deref() == Some(id.as_str()) {
                            *target = attribute(&e, "Target");
                        }
                    }
                }
                Ok(Event::Eof) => break,
                Ok(_) => {}
                Err(error) => return Err(xml_error("xl/_rels/workbook.xml.rels", &error)),
            }
        }
    }
    Ok(named
        .into_iter()
        .zip(targets)
        .enumerate()
        .map(|(index, ((name, _), target))| SheetEntry {
            name,
            part: match target {
                Some(t) if t.starts_with('/') => t.trim_start_matches('/').to_owned(),
                Some(t) => format!("xl/{t}"),
                None => format!("xl/worksheets/sheet{}.xml", index.saturating_add(1)),
            },
        })
        .collect())
}

/// The sheet named `wanted` (exactly, or else ignoring case if only one
/// matches), or the first; a sheet that is not there is an error listing
/// those that are.
pub(super) fn choose(sheets: &[SheetEntry], wanted: Option<&str>) -> Result<SheetEntry, Stop> {
    let found = match wanted {
        None => sheets.first(),
        Some(wanted) => sheets.iter().find(|s| s.name == wanted).or_else(|| {
            let mut folded = sheets
                .iter()
                .filter(|s| s.name.to_lowercase() == wanted.to_lowercase());
            match (folded.next(), folded.next()) {
                (Some(only), None) => Some(only),
                _ => None,
            }
        }),
    };
    match (found, wanted) {
        (Some(sheet), _) => Ok(sheet.clone()),
        (None, Some(wanted)) => Err(Stop::NoSuchSheet(format!(
            "the workbook has no sheet `{}`; {} {}",
            shown(wanted),
            if sheets.len() == 1 {
                "its one sheet is"
            } else {
                "its sheets are"
            },
            listed(sheets)
        ))),
        (None, None) => Err(unreadable("the workbook has no sheet")),
    }
}

/// The names of `sheets` in words: `` `Cover`, `Q1` and `Q2` `` (the
/// first 20, and a count of the rest).
pub(super) fn listed(sheets: &[SheetEntry]) -> String {
    const SHOWN: usize = 20;
    let names: Vec<String> = sheets
        .iter()
        .take(SHOWN)
        .map(|s| format!("`{}`", shown(&s.name)))
        .collect();
    let mut text = match names.as_slice() {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    };
    if sheets.len() > SHOWN {
        text.push_str(&format!(
            " (and {} more)",
            sheets.len().saturating_sub(SHOWN)
        ));
    }
    text
}

/// The shared strings, at most the limit of them, none reserved ahead.
pub(super) fn shared_strings(archive: &mut Archive, limits: Limits) -> Result<Vec<Box<str>>, Stop> {
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

pub(super) fn too_many_strings(limits: Limits) -> Stop {
    Stop::Limit(format!(
        "the workbook has more than {} shared strings",
        limits.strings
    ))
}

/// For each cell format (style) by number, whether it shows a date.
pub(super) fn date_styles(archive: &mut Archive, limits: Limits) -> Result<Vec<bool>, Stop> {
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
pub(super) fn is_date_format(code: &str) -> bool {
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
