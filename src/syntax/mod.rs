//! Reading an agreement file: text to typed syntax tree.
//!
//! The passes, in order:
//! 1. [`prescan`]: control characters, unmatched braces and excessive nesting,
//!    in one linear pass; a file that fails it is not parsed.
//! 2. pest, with the grammar in `grammar/s75.pest`, builds the parse tree;
//!    recovery rules swallow unreadable lines so one run sees the whole file.
//! 3. [`lower`]: the parse tree becomes the [`ast`], literals exact values.
//!
//! Passes 2 and 3 alternate piece by piece (see [`parse`]).
//!
//! No pest type leaves this module.

pub mod ast;
mod contents;
mod explain;
mod lower;
mod parser;
pub mod prescan;

use pest::Parser;

use parser::{Rule, S75Parser};

use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::source::SourceFile;

pub use explain::Context;

/// The version of the concordat language this reader reads (what
/// `concordat --version` prints); raised when a change would make a file
/// that checked clean before mean something else or fail.
pub const LANGUAGE_VERSION: &str = "1";

/// Where the statements of each agreement go as they are read.
///
/// [`parse`] keeps them all (a whole [`ast::File`]); a reader that builds as
/// it goes (the model's resolver) takes each piece's statements out of
/// `agreement.items` and lets the rest of the file's tree never exist.
pub trait Pieces<'a> {
    /// After each piece of an agreement: `agreement.items` holds the
    /// statements read since the last call (and any left there before), its
    /// `unreadable` and `damaged` what is known so far.
    fn read(&mut self, agreement: &mut ast::Agreement<'a>);
    /// The agreement's closing brace has been read (or the end of the file,
    /// already reported).
    fn closed(&mut self, agreement: ast::Agreement<'a>);
}

/// Keeps every agreement whole.
impl<'a> Pieces<'a> for ast::File<'a> {
    fn read(&mut self, _agreement: &mut ast::Agreement<'a>) {}

    fn closed(&mut self, agreement: ast::Agreement<'a>) {
        self.agreements.push(agreement);
    }
}

/// Reads `file` into its syntax tree, reporting every problem found into
/// `diagnostics`. Returns `None` only when the file cannot be read at all
/// (a failed pre-scan).
pub fn parse<'a>(file: &'a SourceFile, diagnostics: &mut Diagnostics) -> Option<ast::File<'a>> {
    let mut tree = ast::File::default();
    parse_into(file, diagnostics, &mut tree).then_some(tree)
}

/// Reads `file` piece by piece into `pieces`, reporting every problem found
/// into `diagnostics`. Returns `false` only when the file cannot be read at
/// all (a failed pre-scan).
///
/// pest reads one piece at a time (an agreement's first line, then its
/// statements and blocks, 64 at a time), and each piece is lowered, its
/// parse tree dropped, and its statements handed to `pieces` before the
/// next: the parse tree never holds more than 64 blocks, however large the
/// file.
pub fn parse_into<'a>(
    file: &'a SourceFile,
    diagnostics: &mut Diagnostics,
    pieces: &mut impl Pieces<'a>,
) -> bool {
    if !prescan::prescan(file, diagnostics) {
        return false;
    }
    let text = file.text.as_str();
    let mut agreements = 0_usize;
    let mut lowerer = lower::Lowerer::new(file.id, diagnostics);
    let mut pos = 0;
    while pos < text.len() {
        let Some((step, consumed)) = read(Rule::top_step, text, pos) else {
            break;
        };
        lowerer.at(pos);
        let mut opened = None;
        for inner in step.into_inner() {
            match inner.as_rule() {
                Rule::agreement_open => opened = lowerer.open_agreement(inner),
                Rule::gap => {}
                _ => lowerer.bad(inner, Context::Top),
            }
        }
        if consumed == 0 {
            break;
        }
        pos += consumed;
        let Some(mut agreement) = opened else {
            continue;
        };
        // Its statements and blocks, up to its closing brace.
        loop {
            let read_now = read(Rule::agreement_steps, text, pos);
            let Some((steps, consumed)) = read_now.filter(|(_, consumed)| *consumed > 0) else {
                // The pre-scan has checked that every brace is closed, so
                // this is a last line of defence.
                lowerer.unclosed(agreement.header);
                pos = text.len();
                break;
            };
            lowerer.at(pos);
            pos += consumed;
            let mut closed = false;
            for item in steps.into_inner() {
                if item.as_rule() == Rule::agreement_close {
                    closed = true;
                } else {
                    lowerer.agreement_item(&mut agreement, item);
                }
            }
            if closed {
                break;
            }
            pieces.read(&mut agreement);
        }
        pieces.read(&mut agreement);
        pieces.closed(agreement);
        agreements += 1;
    }
    if agreements == 0 && !diagnostics.has_errors() {
        diagnostics.push(
            Diagnostic::new(
                Code::EmptyFile,
                file.start_span(),
                "the file holds no agreement",
            )
            .help("an agreement file starts `agreement ID \"Title\" {`"),
        );
    }
    true
}

/// Reads again the statement or block that starts at byte `pos` of `file`
/// (an item's keyword, as a piece read it): the same syntax tree, with the
/// same spans. Its problems were reported the first time and are not again.
pub fn item_at(file: &SourceFile, pos: usize) -> Option<ast::AgreementItem<'_>> {
    let (one, _) = read(Rule::agreement_one, &file.text, pos)?;
    let mut again = Diagnostics::new();
    let mut lowerer = lower::Lowerer::new(file.id, &mut again);
    lowerer.at(pos);
    let item = one.into_inner().next()?;
    lowerer.item(item)
}

/// Reads one piece with `rule` from byte `pos`: its parse tree and how many
/// bytes it took.
fn read(rule: Rule, text: &str, pos: usize) -> Option<(pest::iterators::Pair<'_, Rule>, usize)> {
    let rest = text.get(pos..)?;
    let pair = S75Parser::parse(rule, rest).ok()?.next()?;
    let consumed = pair.as_span().end();
    Some((pair, consumed))
}
