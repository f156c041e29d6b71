//! Where a diagnostic is, in lines and columns, for every format.
//!
//! The human and plain formats ([`super::render`]) and the CI formats
//! ([`super::ci`]) both place diagnostics with these; neither imports the
//! other for it.

use serde::Serialize;

use super::Diagnostic;
use crate::source::{FileId, SourceFile, Span};

/// A resolved position for machine output.
#[derive(Debug, Clone, Serialize)]
pub struct Location {
    /// The file's path.
    pub file: String,
    /// The first line, from 1.
    pub line: usize,
    /// The first column in characters, from 1.
    pub column: usize,
    /// The last line, from 1.
    pub end_line: usize,
    /// The column after the last character, from 1.
    pub end_column: usize,
    /// The first byte, from 0.
    pub byte_start: u32,
    /// One past the last byte.
    pub byte_end: u32,
}

pub(super) fn file_of(files: &[SourceFile], id: FileId) -> Option<&SourceFile> {
    files.get(id.0 as usize).filter(|file| file.id == id)
}

/// Where `offset` of a file's text is in the whole file's text.
fn file_offset(file: &SourceFile, offset: u32) -> u32 {
    u32::try_from(file.file_offset(offset as usize)).unwrap_or(u32::MAX)
}

/// Where a span is, in lines and columns.
pub fn locate(files: &[SourceFile], span: Span) -> Option<Location> {
    let file = file_of(files, span.file)?;
    let start = file.line_col(span.start as usize);
    let end = file.line_col(span.end as usize);
    Some(Location {
        file: file.display_path(),
        line: start.line,
        column: start.column,
        end_line: end.line,
        end_column: end.column,
        byte_start: file_offset(file, span.start),
        byte_end: file_offset(file, span.end),
    })
}

/// Where a diagnostic is: its primary span, or just its path.
pub fn location(files: &[SourceFile], diagnostic: &Diagnostic) -> Option<Location> {
    match (&diagnostic.primary, &diagnostic.path) {
        (Some(label), _) => locate(files, label.span),
        (None, Some(path)) => Some(Location {
            file: crate::source::display_path(path),
            line: 1,
            column: 1,
            end_line: 1,
            end_column: 1,
            byte_start: 0,
            byte_end: 0,
        }),
        (None, None) => None,
    }
}
