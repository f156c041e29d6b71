//! The fields of a row: the problem a field can have ([`Problem`]) and a
//! field read as text ([`text`]). Shared by the reading of figures
//! ([`values`](super::values)) and of rows ([`returns`](super::returns)).

use super::columns::Column;
use crate::diagnostics::Code;

/// A problem with a row.
#[derive(Debug, Clone)]
pub struct Problem {
    /// The code.
    pub code: Code,
    /// The column at fault.
    pub column: Column,
    /// What is wrong.
    pub message: String,
    /// What to do.
    pub help: Option<String>,
}

impl Problem {
    /// A problem with the field in `column`.
    pub fn new(code: Code, column: Column, message: String) -> Problem {
        Problem {
            code,
            column,
            message,
            help: None,
        }
    }

    /// The same problem, with what to do.
    pub fn help(mut self, help: impl Into<String>) -> Problem {
        self.help = Some(help.into());
        self
    }
}

/// The text of a field, or a problem if it is not text (bytes that are not
/// UTF-8: the file's encoding was not followed) or holds a control
/// character other than a tab.
pub fn text(bytes: &[u8], column: Column) -> Result<&str, Problem> {
    if bytes.is_empty() {
        return Ok(""); // most notes
    }
    let text = std::str::from_utf8(bytes).map_err(|_| {
        Problem::new(
            Code::UndecodableText,
            column,
            format!(
                "the `{}` holds characters that cannot be read in the file's encoding",
                column.header()
            ),
        )
        .help("save the return as \"CSV UTF-8 (Comma delimited)\"; a damaged file may need to be saved again from its workbook")
    })?;
    match control_in(text) {
        None => Ok(text),
        Some(found) => Err(control_problem(column, found)),
    }
}

/// The first control character (other than a tab) in `text`, if any.
pub fn control_in(text: &str) -> Option<char> {
    let bytes = text.as_bytes();
    let ascii = bytes
        .iter()
        .position(|&b| (b < 0x20 && b != b'\t') || b == 0x7f);
    match ascii {
        Some(at) => bytes.get(at).map(|&b| char::from(b)),
        None if text.is_ascii() => None,
        None => text.chars().find(|c| c.is_control() && *c != '\t'),
    }
}

/// The problem of a control character `found` in the field in `column`.
pub fn control_problem(column: Column, found: char) -> Problem {
    let what = match found {
        '\n' | '\r' => "a line break".to_owned(),
        '\0' => "a NUL byte (`U+0000`)".to_owned(),
        other => format!(
            "an invisible control character (`U+{:04X}`)",
            u32::from(other)
        ),
    };
    Problem::new(
        Code::ControlInReturn,
        column,
        format!("the `{}` holds {what}", column.header()),
    )
    .help("retype the field or paste it as plain text; a field of a return is one line of visible text (tabs allowed)")
}

/// `text` with its control characters written as escapes (`\u{1b}`), to
/// quote it in a message.
pub fn shown(text: &str) -> std::borrow::Cow<'_, str> {
    if control_in(text).is_none() {
        return std::borrow::Cow::Borrowed(text);
    }
    std::borrow::Cow::Owned(
        text.chars()
            .map(|c| {
                if c.is_control() && c != '\t' {
                    format!("\\u{{{:x}}}", u32::from(c))
                } else {
                    c.to_string()
                }
            })
            .collect(),
    )
}
