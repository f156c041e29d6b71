//! Problems found in returns, with their places, turned into the same
//! diagnostics `check` reports: for a CSV or YAML return an excerpt of the
//! file with the field underlined, for a workbook the sheet, row and column
//! named in the message.

use std::path::Path;

use super::returns::{HeaderProblem, Problem};
use crate::diagnostics::{Code, Diagnostic, Diagnostics, CONTEXT_LINES};
use crate::source::{joined_runs, Before, FileId, SourceFile, Span};

/// The most problems listed for one return; the rest are counted.
pub const MOST_LISTED: usize = 100;

/// Where in a row a problem is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Field {
    /// The whole row.
    Row,
    /// The field at this position (CSV, worksheet).
    Index(usize),
    /// These bytes of the line (YAML).
    Bytes(usize, usize),
    /// The end of the line (where a missing field would be).
    End,
}

/// A problem and where it is.
#[derive(Debug, Clone)]
pub struct Located {
    /// The line of a text file or the row of a worksheet, from 1; 0 for the
    /// file as a whole.
    pub line: u32,
    /// Where in the row.
    pub field: Field,
    /// The code.
    pub code: Code,
    /// What is wrong.
    pub message: String,
    /// What to do.
    pub help: Option<String>,
}

impl Located {
    /// A row problem at `line`, in the field at `index`.
    pub fn at_field(line: u32, index: Option<usize>, problem: Problem) -> Located {
        Located {
            line,
            field: index.map_or(Field::Row, Field::Index),
            code: problem.code,
            message: problem.message,
            help: problem.help,
        }
    }

    /// A header problem on line (or row) `line`.
    pub fn header(line: u32, problem: HeaderProblem) -> Located {
        Located {
            line,
            field: problem.at.map_or(Field::Row, Field::Index),
            code: problem.code,
            message: problem.message,
            help: Some(problem.help),
        }
    }
}

/// The problems of one return file, at most [`MOST_LISTED`] of them kept.
#[derive(Debug, Default)]
pub struct Problems {
    /// Those kept, in the order found.
    pub listed: Vec<Located>,
    /// How many were found in all.
    pub found: usize,
    /// Rows read (blank lines and the header not counted).
    pub rows: u64,
    /// Rows rejected: those with a problem.
    pub rejected: u64,
    /// Whether a field held bytes that are not text in the file's
    /// encoding.
    pub undecodable: bool,
    /// The encoding the file was read in, when not UTF-8.
    pub encoding: Option<&'static str>,
}

impl Problems {
    /// Records one.
    pub fn push(&mut self, problem: Located) {
        self.found = self.found.saturating_add(1);
        self.undecodable |= problem.code == Code::UndecodableText;
        if self.listed.len() < MOST_LISTED {
            self.listed.push(problem);
        }
    }

    /// Records the problem of a row, which is rejected.
    pub fn push_rejected(&mut self, problem: Located) {
        self.rejected = self.rejected.saturating_add(1);
        self.push(problem);
    }

    /// Whether no more are listed: those found from now on are counted.
    pub fn full(&self) -> bool {
        self.listed.len() >= MOST_LISTED
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.found == 0
    }
}

/// Diagnostics for the problems of a text return (CSV or YAML) on disk,
/// with excerpts of it. The file is read again a line at a time, and only
/// the lines the excerpts show are kept: each listed problem's line with
/// one either side, each run of them a [`SourceFile::window`] of its own,
/// numbered from `first`. Returns those files (none when the file cannot
/// be read again, or is not text: then there is no excerpt). A return of
/// ten million rows with a problem on its second line is not held whole
/// to show three of them.
pub fn text_diagnostics(
    first: FileId,
    path: &Path,
    problems: Problems,
    diagnostics: &mut Diagnostics,
) -> Vec<SourceFile> {
    let windows = match windows_of(first, path, &problems) {
        Ok(Some(windows)) => windows,
        // A file that cannot be read again, or is not text: no excerpt.
        Ok(None) | Err(_) => {
            with_excerpts(path, problems, |_| None, diagnostics);
            return Vec::new();
        }
    };
    with_excerpts(path, problems, |problem| windows.of(problem), diagnostics);
    windows.files
}

/// The line (from 0) a problem is shown on: a problem of the whole file
/// (line 0) on the first.
fn line_index(problem: &Located) -> usize {
    (problem.line as usize).saturating_sub(1)
}

/// Lines of a file held for a window, as [`SourceFile::window`] takes
/// them.
#[derive(Debug, Default)]
struct Held {
    from: Before,
    text: String,
    crs: Vec<usize>,
    lines: usize,
}

impl Held {
    /// Starts holding at a line after `from`.
    fn at(from: Before) -> Held {
        Held {
            from,
            ..Held::default()
        }
    }

    /// Adds a line (ended by a line feed if `ended`).
    fn push(&mut self, line: &str, ended: bool) {
        if self.lines > 0 {
            self.text.push('\n');
        }
        self.lines += 1;
        match line.strip_suffix('\r').filter(|_| ended) {
            Some(line) => {
                self.text.push_str(line);
                self.crs.push(self.text.len());
            }
            None => self.text.push_str(line),
        }
    }
}

/// The lines kept from the end of a file: its last line, where a problem
/// past the end is shown, and those an excerpt shows before it.
const TAIL: usize = CONTEXT_LINES + 1;

/// The windows of a file shown under its problems.
struct Windows {
    files: Vec<SourceFile>,
    /// The window of the file's last lines (see [`TAIL`]), where a problem
    /// placed past its end is shown (as with the whole file loaded), if
    /// one is.
    tail: Option<usize>,
    /// How many lines the file has (one more than its line feeds).
    lines: usize,
}

impl Windows {
    /// The window a problem is shown in: the first holding its line (a
    /// problem past the end of the file is shown on the last line, with
    /// the lines an excerpt shows before it).
    fn of(&self, problem: &Located) -> Option<&SourceFile> {
        let index = line_index(problem);
        if index < self.lines {
            return holding(&self.files, index, index);
        }
        let last = self.lines.saturating_sub(1);
        holding(&self.files, last.saturating_sub(CONTEXT_LINES), last)
            .or_else(|| self.tail.and_then(|k| self.files.get(k)))
    }
}

/// The first of `files` holding the lines `from` to `to` (from 0).
fn holding(files: &[SourceFile], from: usize, to: usize) -> Option<&SourceFile> {
    files.iter().find(|window| {
        let first = window.lines_before();
        from >= first && to < first + window.line_count()
    })
}

/// The windows of the file at `path` that show `problems`' lines, numbered
/// from `first`; `None` when it is not text.
fn windows_of(first: FileId, path: &Path, problems: &Problems) -> std::io::Result<Option<Windows>> {
    let sniffed = super::decode::sniff_whole(crate::files::open_return(path)?)?;
    if matches!(sniffed, super::decode::Sniffed::NotText(_)) {
        return Ok(None);
    }
    // Each problem's line with the lines an excerpt shows either side.
    let runs = joined_runs(
        problems
            .listed
            .iter()
            .map(|problem| {
                let index = line_index(problem);
                (index.saturating_sub(CONTEXT_LINES), index + CONTEXT_LINES)
            })
            .collect(),
    );
    let mut done: Vec<Held> = Vec::new();
    let mut open: Option<Held> = None;
    let mut runs = runs.into_iter().peekable();
    // The last line and those an excerpt shows before it, for a problem
    // placed past the end of the file (the oldest first; their texts'
    // room reused from line to line).
    let mut tail: [(Before, String, bool); TAIL] = Default::default();
    let mut before = Before::default();
    // A second byte-order mark at the start of the text, taken out as
    // `SourceFile::new` takes it out (the first is the encoding's).
    let mut bom = 0;
    let mut index = 0usize;
    super::decode::each_line(crate::files::open_return(path)?, sniffed, |line, ended| {
        let line = match line.strip_prefix('\u{feff}').filter(|_| index == 0) {
            Some(rest) => {
                bom = '\u{feff}'.len_utf8();
                rest
            }
            None => line,
        };
        if let Some(&(from, to)) = runs.peek() {
            if index == from {
                open = Some(Held::at(before));
            }
            if let Some(held) = open.as_mut() {
                held.push(line, ended);
            }
            if index == to {
                done.extend(open.take());
                runs.next();
            }
        }
        tail.rotate_left(1);
        if let Some(newest) = tail.last_mut() {
            newest.0 = before;
            newest.1.clear();
            newest.1.push_str(line);
            newest.2 = ended;
        }
        let cr = usize::from(ended && line.ends_with('\r'));
        before.lines += 1;
        before.bytes += line.len() - cr + usize::from(ended);
        before.crs += cr;
        index += 1;
    })?;
    // A run the end of the file cut short.
    done.extend(open.take());
    let window = |k: usize, held: Held| {
        let id = FileId(first.0.saturating_add(u32::try_from(k).unwrap_or(u32::MAX)));
        SourceFile::window(id, path, (held.text, held.crs), (held.from, bom))
    };
    let mut files: Vec<SourceFile> = done
        .into_iter()
        .enumerate()
        .map(|(k, held)| window(k, held))
        .collect();
    // The tail, if a problem is past the end and no window holds it.
    let past_end = problems
        .listed
        .iter()
        .any(|problem| line_index(problem) >= index);
    let last = index.saturating_sub(1);
    let mut tail_window = None;
    if past_end && holding(&files, last.saturating_sub(CONTEXT_LINES), last).is_none() {
        let mut held: Option<Held> = None;
        // Fewer when the file has fewer lines.
        for (from, line, ended) in tail.into_iter().skip(TAIL - index.min(TAIL)) {
            held.get_or_insert_with(|| Held::at(from))
                .push(&line, ended);
        }
        if let Some(held) = held {
            tail_window = Some(files.len());
            files.push(window(files.len(), held));
        }
    }
    Ok(Some(Windows {
        files,
        tail: tail_window,
        lines: index,
    }))
}

/// Diagnostics for the problems of a text return held in `file` (read from
/// disk, or text given in memory), with excerpts of it. Returns the file.
pub fn located_diagnostics(
    file: SourceFile,
    problems: Problems,
    diagnostics: &mut Diagnostics,
) -> SourceFile {
    let path = file.path.clone();
    with_excerpts(&path, problems, |_| Some(&file), diagnostics);
    file
}

/// Diagnostics for `problems`, each with an excerpt of the file `file_of`
/// gives for it (without one, its row in the message, if it gives none),
/// and the count of those not listed at the last one listed (or about the
/// path).
fn with_excerpts<'f>(
    path: &Path,
    problems: Problems,
    file_of: impl Fn(&Located) -> Option<&'f SourceFile>,
    diagnostics: &mut Diagnostics,
) {
    let mut last = None;
    for problem in problems.listed {
        let Some(file) = file_of(&problem) else {
            // No excerpt (the file is not text, cannot be read again or
            // changed since): the row is named in the message.
            diagnostics.push(sheet_diagnostic(path, None, problem));
            continue;
        };
        let span = span_of(file, &problem);
        last = Some(span);
        diagnostics.push(
            Diagnostic::new(problem.code, span, problem.message)
                .label(label_for(problem.code))
                .maybe_help(problem.help),
        );
    }
    if problems.found > MOST_LISTED {
        let counted = match last {
            Some(last) => Diagnostic::new(
                Code::TooManyProblems,
                Span {
                    start: last.end,
                    ..last
                },
                String::new(),
            ),
            None => Diagnostic::about_path(Code::TooManyProblems, path, String::new()),
        };
        diagnostics.push(too_many(counted, problems.found));
    }
}

/// Diagnostics for the problems of a workbook: the sheet, row and column go
/// in the message.
pub fn sheet_diagnostics(
    path: &Path,
    sheet: Option<&str>,
    headers: &[String],
    problems: Problems,
    diagnostics: &mut Diagnostics,
) {
    let found = problems.found;
    for mut problem in problems.listed {
        if let Field::Index(index) = problem.field {
            if let Some(header) = headers.get(index).filter(|h| !h.is_empty()) {
                problem.message = format!("(`{header}`) {}", problem.message);
            }
        }
        diagnostics.push(sheet_diagnostic(path, sheet, problem));
    }
    if found > MOST_LISTED {
        diagnostics.push(too_many(
            Diagnostic::about_path(Code::TooManyProblems, path, String::new()),
            found,
        ));
    }
}

fn too_many(diagnostic: Diagnostic, found: usize) -> Diagnostic {
    Diagnostic {
        message: format!(
            "{} more problems in this return are not listed ({found} in all)",
            found.saturating_sub(MOST_LISTED)
        ),
        ..diagnostic
    }
    .help("correct the problems listed (often one mistake repeated) and assess again")
}

fn sheet_diagnostic(path: &Path, sheet: Option<&str>, problem: Located) -> Diagnostic {
    let mut place = Vec::new();
    if let Some(sheet) = sheet {
        place.push(format!("sheet `{sheet}`"));
    }
    if problem.line > 0 {
        place.push(format!("row {}", problem.line));
    }
    if let Field::Index(index) = problem.field {
        place.push(format!("column {}", column_letters(index)));
    }
    let message = if place.is_empty() {
        problem.message
    } else {
        format!("{}: {}", place.join(", "), problem.message)
    };
    Diagnostic::about_path(problem.code, path, message).maybe_help(problem.help)
}

/// `A`, `B`, ..., `Z`, `AA`, ... for a column index from 0.
pub fn column_letters(index: usize) -> String {
    let mut letters = Vec::new();
    let mut n = index + 1;
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(char::from(b'A' + u8::try_from(rem).unwrap_or(0)));
        n = (n - 1) / 26;
    }
    letters.iter().rev().collect()
}

fn label_for(code: Code) -> &'static str {
    match code {
        Code::MissingColumn => "no such column",
        Code::UnknownColumn => "unknown column",
        Code::UnknownItem => "not in the agreement",
        Code::UnknownParty => "not a partner",
        Code::NotResponsible => "not accountable for it",
        Code::BadReturnPeriod => "not a period",
        Code::ReturnOutsideTerm => "outside the term",
        Code::BadValue => "not a figure",
        Code::DuplicateRow => "reported again",
        Code::SpendNotYearly => "the whole year",
        Code::UnknownMeasure => "not a measure",
        Code::MeasureNotForItem => "not monitored",
        Code::MixedMonitoringPeriods => "months and quarters",
        Code::OutturnDisagrees => "a different outturn",
        Code::UnclosedQuote => "opened here, never closed",
        Code::UndecodableText => "not readable text",
        Code::ControlInReturn => "a control character",
        Code::FigureOutOfRange => "too large",
        Code::AllocationNotNotified => "not `as notified` in the agreement",
        Code::AllocationUnknown => "not in the agreement",
        Code::AllocationRepeated => "given again",
        _ => "",
    }
}

fn span_of(file: &SourceFile, problem: &Located) -> Span {
    if problem.line == 0 || file.line_count() == 0 {
        return file.start_span();
    }
    // The line in the text (a window's lines counted from its first).
    let index = line_index(problem)
        .saturating_sub(file.lines_before())
        .min(file.line_count().saturating_sub(1));
    let range = file.line_range(index);
    let line = file.text.get(range.clone()).unwrap_or("");
    let (start, end) = match problem.field {
        Field::Row => (0, line.len()),
        Field::Bytes(start, end) => (start.min(line.len()), end.min(line.len())),
        Field::Index(n) => csv_field(line, n).unwrap_or((0, line.len())),
        Field::End => (line.len(), line.len()),
    };
    Span::new(file.id, range.start + start, range.start + end)
}

/// The bytes of field `n` of a CSV line, quotes included, spaces around it
/// left out: only to underline it.
fn csv_field(line: &str, n: usize) -> Option<(usize, usize)> {
    let mut field = 0;
    let mut start = 0;
    let mut quoted = false;
    for (at, byte) in line.bytes().enumerate() {
        match byte {
            b'"' => quoted = !quoted,
            b',' if !quoted => {
                if field == n {
                    return Some(trimmed(line, start, at));
                }
                field += 1;
                start = at + 1;
            }
            _ => {}
        }
    }
    (field == n).then(|| trimmed(line, start, line.len()))
}

fn trimmed(line: &str, start: usize, end: usize) -> (usize, usize) {
    // Spaces and tabs only, as fields are read: an invisible character
    // at either end is underlined with the field.
    let text = line.get(start..end).unwrap_or("");
    let lead = text.len() - text.trim_start_matches([' ', '\t']).len();
    let trail = text.len() - text.trim_end_matches([' ', '\t']).len();
    let (start, end) = (start + lead, end - trail);
    if start >= end {
        (start, start.max(end))
    } else {
        (start, end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_of_a_line() {
        let line = "dtoc, lcc,\"2017/18, Q1\",9.8";
        assert_eq!(csv_field(line, 0), Some((0, 4)));
        assert_eq!(csv_field(line, 1), Some((6, 9)));
        assert_eq!(line.get(10..23), Some("\"2017/18, Q1\""));
        assert_eq!(csv_field(line, 2), Some((10, 23)));
        assert_eq!(csv_field(line, 3), Some((24, 27)));
        assert_eq!(csv_field(line, 4), None);
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
    }
}
