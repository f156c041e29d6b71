//! Reading an agreement file: text to typed syntax tree.
//!
//! The passes, in order:
//! 1. [`prescan`]: control characters, unmatched braces and excessive nesting,
//!    in one linear pass; a file that fails it is not parsed.
//! 2. pest, with the grammar in `grammar/s75.pest`, builds the parse tree;
//!    recovery rules swallow unreadable lines so one run sees the whole file.
//! 3. [`lower`]: the parse tree becomes the [`ast`], literals exact values;
//!    the parse tree is dropped when this returns.
//!
//! No pest type leaves this module.

pub mod ast;
mod explain;
mod lower;
mod parser;
pub mod prescan;

use pest::Parser;

use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::source::SourceFile;

pub use explain::Context;

/// Reads `file` into its syntax tree, reporting every problem found into
/// `diagnostics`. Returns `None` only when the file cannot be read at all
/// (a failed pre-scan, or no agreement in it).
pub fn parse<'a>(file: &'a SourceFile, diagnostics: &mut Diagnostics) -> Option<ast::File<'a>> {
    if !prescan::prescan(file, diagnostics) {
        return None;
    }
    let text = file.text.as_str();
    let parsed = match parser::S75Parser::parse(parser::Rule::file, text) {
        Ok(mut pairs) => pairs.next(),
        Err(_) => None,
    };
    let Some(root) = parsed else {
        // The recovery rules accept any text whose braces balance, which the
        // pre-scan has checked; this is a last line of defence.
        diagnostics.push(
            Diagnostic::new(
                Code::Syntax,
                file.start_span(),
                "the file could not be read as an agreement",
            )
            .help("check that each block's braces pair up"),
        );
        return None;
    };
    let tree = lower::Lowerer::new(file.id, diagnostics).file(root);
    if tree.agreements.is_empty() && !diagnostics.has_errors() {
        diagnostics.push(
            Diagnostic::new(
                Code::EmptyFile,
                file.start_span(),
                "the file holds no agreement",
            )
            .help("an agreement file starts `agreement ID \"Title\" {`"),
        );
    }
    Some(tree)
}
