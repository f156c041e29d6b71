//! Problems found in returns, with their places, turned into the same
//! diagnostics `check` reports: for a CSV or YAML return an excerpt of the
//! file with the field underlined, for a workbook the sheet, row and column
//! named in the message.

use std::path::Path;

use super::returns::{HeaderProblem, Problem};
use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::source::{FileId, SourceFile, Span};

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

/// Diagnostics for the problems of a text return (CSV or YAML), with the
/// file loaded as `id` so that they show excerpts. Returns the loaded file.
pub fn text_diagnostics(
    id: FileId,
    path: &Path,
    problems: Problems,
    diagnostics: &mut Diagnostics,
) -> Option<SourceFile> {
    let decoded = crate::files::read_return(path).map(|bytes| super::decode::whole(&bytes));
    let file = match decoded {
        Ok(Ok((text, _))) => SourceFile::new(id, path, &text),
        // A file that cannot be read again, or is not text: no excerpt.
        Ok(Err(_)) | Err(_) => {
            let found = problems.found;
            for problem in problems.listed {
                diagnostics.push(sheet_diagnostic(path, None, problem));
            }
            if found > MOST_LISTED {
                diagnostics.push(too_many(
                    Diagnostic::about_path(Code::TooManyProblems, path, String::new()),
                    found,
                ));
            }
            return None;
        }
    };
    Some(located_diagnostics(file, problems, diagnostics))
}

/// Diagnostics for the problems of a text return held in `file` (read from
/// disk, or text given in memory), with excerpts of it. Returns the file.
pub fn located_diagnostics(
    file: SourceFile,
    problems: Problems,
    diagnostics: &mut Diagnostics,
) -> SourceFile {
    let mut last = file.start_span();
    for problem in problems.listed {
        let span = span_of(&file, &problem);
        last = span;
        diagnostics.push(
            Diagnostic::new(problem.code, span, problem.message)
                .label(label_for(problem.code))
                .maybe_help(problem.help),
        );
    }
    if problems.found > MOST_LISTED {
        diagnostics.push(too_many(
            Diagnostic::new(
                Code::TooManyProblems,
                Span {
                    start: last.end,
                    ..last
                },
                String::new(),
            ),
            problems.found,
        ));
    }
    file
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
    let index = (problem.line as usize)
        .saturating_sub(1)
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
