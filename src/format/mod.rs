//! `concordat fmt`: agreements written again in one canonical layout.
//!
//! Only the layout changes (see [`layout`] for the rules): every token,
//! every comment and every line break that ends a statement stays as it was,
//! so the agreement means what it meant (tests/fmt.rs proves it on every
//! shipped agreement and fixture, and on generated ones). A text with a
//! problem of reading or syntax (`E0001` to `E0008`) is not laid out: its
//! diagnostics are returned instead.

mod layout;
mod run;

pub use layout::layout;
pub use run::{format_paths, FormatRun, Mode};

use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::source::{FileId, SourceFile};

/// The codes that stop a file from being formatted: problems of reading
/// and syntax, after which the lines of the text are not known to be
/// statements.
pub const BLOCKING: &[Code] = &[
    Code::Syntax,
    Code::TooDeep,
    Code::NotUtf8,
    Code::ControlCharacter,
    Code::EmptyFile,
    Code::UnbalancedBrace,
    Code::FileTooLarge,
    Code::BidiControl,
];

/// The text of `file` in the canonical layout, or the diagnostics of
/// reading and syntax that stop it from being formatted.
pub fn format_source(file: &SourceFile) -> Result<String, Vec<Diagnostic>> {
    let mut diagnostics = Diagnostics::new();
    // The tree is not needed: reading it is how syntax errors are found.
    drop(crate::syntax::parse(file, &mut diagnostics));
    if diagnostics.iter().any(|d| BLOCKING.contains(&d.code)) {
        return Err(diagnostics
            .into_sorted()
            .into_iter()
            .filter(|d| BLOCKING.contains(&d.code))
            .collect());
    }
    Ok(layout(&file.text))
}

/// `text` in the canonical layout (a byte-order mark removed, CRLF made
/// LF), or the diagnostics of reading and syntax that stop it from being
/// formatted.
pub fn format_text(text: &str) -> Result<String, Vec<Diagnostic>> {
    format_source(&SourceFile::new(FileId(0), "-", text))
}
