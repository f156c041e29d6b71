//! Building the model from the syntax tree.
//!
//! For each agreement, statement by statement as they are read (see
//! `agreement.rs`):
//! - declare: every partner, external body, function, governance body, pool,
//!   aligned budget, grant, scheme, reserve and obligation enters one table
//!   of names as it arrives; a name declared twice is reported (E0101) and
//!   keeps its first meaning;
//! - build: each statement is turned into the model, every reference looked
//!   up in the table (E0102 unknown, with a suggestion; E0103 the wrong kind
//!   of thing), words from the fixed vocabularies read (E0016), statements
//!   that may appear once checked (E0105), and required ones demanded
//!   (E0104). A statement naming something not yet declared waits until the
//!   agreement closes, so the result is that of declaring every name first.
//!
//! It never stops early: a statement that cannot be resolved is left out and
//! the rest is built.
//!
//! This file holds the resolver; `agreement.rs` the order of building an
//! agreement; `names.rs` the table of names and every lookup; `body.rs`,
//! `pool.rs`, `obligation.rs` and the others build the blocks of those kinds.

use rustc_hash::{FxHashMap, FxHashSet};

use super::*;
use crate::diagnostics::{
    did_you_mean, one_of, Code, Diagnostic, Diagnostics, SUGGEST_MAX_CANDIDATES,
};
use crate::source::Span;
use crate::syntax::ast;

pub use agreement::{Building, Resolving};

mod agreement;
mod body;
mod contents;
mod function;
mod names;
mod obligation;
mod pool;
mod scheme;
mod table;
mod underspend;
mod waiver;

/// Builds the model of every agreement in a file. The syntax tree is
/// consumed: each statement's tree is dropped as soon as its part of the
/// model is built, so the two are never both whole in memory.
pub fn resolve(file: ast::File<'_>, diagnostics: &mut Diagnostics) -> Vec<Agreement> {
    resolve_with(file, &Imported::default(), diagnostics)
}

/// The registers each `import "path"` of a file brings in, keyed by the
/// path as written; `None` for an import that could not be followed (already
/// reported), whose names are then not reported as unknown.
pub type Imported<'r> = FxHashMap<String, Option<Vec<&'r Agreement>>>;

/// Builds the models of a file's agreements and registers, with the
/// definitions its imports bring in.
pub fn resolve_with<'a>(
    file: ast::File<'a>,
    imported: &Imported<'a>,
    diagnostics: &mut Diagnostics,
) -> Vec<Agreement> {
    file.agreements
        .into_iter()
        .map(|source| {
            let (agreement, found) = Building::open(&source, Some(imported), None).finish(source);
            diagnostics.extend(found);
            agreement
        })
        .collect()
}

/// The paths a file's agreements import, as written, with where.
pub fn imports_of(file: &ast::File<'_>) -> Vec<(String, Span)> {
    let mut imports = Vec::new();
    for agreement in &file.agreements {
        imports_in(agreement, &mut imports);
    }
    imports
}

/// Adds the imports among `agreement`'s statements to `imports`. A
/// register's imports are reported (E0110), not followed.
fn imports_in(agreement: &ast::Agreement<'_>, imports: &mut Vec<(String, Span)>) {
    if agreement.register {
        return;
    }
    imports.extend(agreement.items.iter().filter_map(|item| match item {
        ast::AgreementItem::Import(stmt) => Some((stmt.node.value.to_string(), stmt.node.span)),
        _ => None,
    }));
}

/// A declaration: its name is its key in the table of names.
#[derive(Debug, Clone)]
struct Decl {
    kind: Kind,
    index: usize,
    span: Span,
}

struct Resolver<'a> {
    names: table::Table,
    /// Names declared on lines that could not be read.
    unreadable: FxHashSet<&'a str>,
    /// Whether an import could not be followed: a name not found may be one
    /// it would have brought in.
    import_failed: bool,
    /// Lookups that failed so far; a construct compares the count before and
    /// after it is built to know whether it is complete.
    failures: usize,
    /// Declared names of each kind in order of declaration, for suggestions:
    /// the first [`SUGGEST_MAX_CANDIDATES`] of each, all a suggestion looks at.
    order: FxHashMap<Kind, Vec<&'a str>>,
    /// Later declarations of a name (already reported): a reference that
    /// fits one of them is not reported again. Kept apart from `names`, as
    /// they are rare and a name is one of many.
    again: FxHashMap<&'a str, Vec<(Kind, usize)>>,
    diagnostics: Diagnostics,
    /// The text of the file read, when the words of its quoted texts can be
    /// held as views of it ([`Resolver::words`]).
    text: Option<arcstr::ArcStr>,
}

/// Remembers the first statement of each kind in a block.
#[derive(Default)]
struct Once {
    seen: Vec<(&'static str, Span)>,
}

impl Once {
    /// Whether `what` is new here; if not, reports it.
    fn first(&mut self, what: &'static str, span: Span, diagnostics: &mut Diagnostics) -> bool {
        if let Some((_, first)) = self.seen.iter().find(|(w, _)| *w == what) {
            diagnostics.push(
                Diagnostic::new(
                    Code::RepeatedStatement,
                    span,
                    format!("`{what}` is given twice"),
                )
                .label("second time")
                .with_secondary(*first, "first given here")
                .help(format!("keep one `{what}` statement")),
            );
            return false;
        }
        self.seen.push((what, span));
        true
    }
}

/// Records the clause a statement cites, for statements whose fact has no
/// place of its own for it.
fn cited(list: &mut Vec<Citation>, statement: &'static str, cite: &Option<ast::Text<'_>>) {
    if let Some(text) = cite {
        list.push(Citation {
            statement,
            clause: text.value.to_string(),
        });
    }
}

fn cite(cite: &Option<ast::Text<'_>>) -> Option<String> {
    cite.as_ref().map(|text| text.value.to_string())
}

impl<'a> Resolver<'a> {
    fn new(text: Option<arcstr::ArcStr>) -> Resolver<'a> {
        Resolver {
            text,
            names: table::Table::default(),
            unreadable: FxHashSet::default(),
            import_failed: false,
            failures: 0,
            order: FxHashMap::default(),
            again: FxHashMap::default(),
            diagnostics: Diagnostics::new(),
        }
    }

    /// The words of a quoted text: a view of the file's text when they are
    /// written there as they are (no escapes), otherwise a copy.
    fn words(&self, text: &ast::Text<'_>) -> Words {
        match &text.value {
            std::borrow::Cow::Borrowed(written) => self.view(written),
            std::borrow::Cow::Owned(unescaped) => Words::from(unescaped.as_str()),
        }
    }

    /// `written`, a slice of the file's text, as a view of it; a copy when
    /// the text is not at hand.
    fn view(&self, written: &str) -> Words {
        // A view is numbered in 32 bits; the loader refuses larger files.
        let view = self
            .text
            .as_ref()
            .filter(|whole| whole.len() <= u32::MAX as usize)
            .and_then(|whole| whole.try_substr_from(written));
        view.unwrap_or_else(|| Words::from(written))
    }

    /// The name written as `written`, a slice of the file's text.
    fn name(&self, written: &str) -> Name {
        Name::view(self.view(written))
    }

    fn missing(&mut self, span: Span, message: String, help: &str) {
        self.diagnostics.push(
            Diagnostic::new(Code::MissingStatement, span, message)
                .label("in this block")
                .help(help),
        );
    }

    fn term(&mut self, stmt: &ast::Stmt<'a, ast::Term>) -> Option<Term> {
        let term = stmt.node;
        if term.last.node < term.first.node {
            self.diagnostics.push(
                Diagnostic::new(
                    Code::TermReversed,
                    term.first.span.to(term.last.span),
                    format!(
                        "the term ends in {} before it starts in {}",
                        term.last.node, term.first.node
                    ),
                )
                .label("reversed")
                .help(format!(
                    "did you mean `term {} to {}`?",
                    term.last.node, term.first.node
                ))
                .fix(
                    "swap the years",
                    term.first.span.to(term.last.span),
                    format!("{} to {}", term.last.node, term.first.node),
                ),
            );
            return None;
        }
        Some(Term {
            first: At {
                value: term.first.node,
                span: term.first.span,
            },
            last: At {
                value: term.last.node,
                span: term.last.span,
            },
            span: stmt.span,
        })
    }
}

fn allowed_words(allowed: &[Kind]) -> String {
    let words: Vec<String> = allowed.iter().map(|k| k.with_article()).collect();
    match words.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
    }
}

/// Whether a statement may stand in a register: only definitions.
fn allowed_in_register(item: &ast::AgreementItem<'_>) -> bool {
    matches!(
        item,
        ast::AgreementItem::Partner(_)
            | ast::AgreementItem::External(_)
            | ast::AgreementItem::Function(_)
            | ast::AgreementItem::Clause(_)
            | ast::AgreementItem::Marked(_)
    )
}

impl Resolver<'_> {
    /// E0217: the old kind word `care_trust`, which names a designation, not
    /// a kind of body.
    fn care_trust_kind(&mut self, word: &ast::Ident<'_>) {
        let fix = "primary_care_trust designated care trust";
        self.diagnostics.push(
            Diagnostic::new(
                Code::CareTrustNotAKind,
                word.span,
                "`care_trust` is not a kind of body: a care trust is an NHS body designated under s.77",
            )
            .label("a designation, not a kind")
            .help(
                "write the body's own kind and its designation, e.g. `primary_care_trust designated \
                 care trust from 2010-04-01` (or `nhs_trust`; from April 2013 `ccg` or \
                 `foundation_trust`)",
            )
            .fix(
                format!("write `{fix}`"),
                word.span,
                fix.to_owned(),
            ),
        );
    }

    fn not_in_register(&mut self, item: &ast::AgreementItem<'_>) {
        let (span, what) = match item {
            ast::AgreementItem::Import(stmt) => (stmt.span, "an `import`"),
            ast::AgreementItem::Basis(stmt) => (stmt.span, "a `basis`"),
            ast::AgreementItem::Signed(stmt) => (stmt.span, "a `signed` date"),
            ast::AgreementItem::Term(stmt) => (stmt.span, "a `term`"),
            ast::AgreementItem::GovernedBy(stmt) => (stmt.span, "a `governed by`"),
            ast::AgreementItem::Body(block) => (block.header, "a governance body"),
            ast::AgreementItem::Pool(block) | ast::AgreementItem::Aligned(block) => {
                (block.header, "a budget")
            }
            ast::AgreementItem::Obligation(block) => (block.header, "an obligation"),
            ast::AgreementItem::Waiver(block) => (block.header, "a waiver"),
            ast::AgreementItem::Reserve(block) => (block.header, "a risk reserve"),
            ast::AgreementItem::Content(stmt) => (stmt.span, "a content of an agreement"),
            _ => return,
        };
        self.diagnostics.push(
            Diagnostic::new(Code::NotInRegister, span, format!("{what} cannot stand in a register"))
                .label("not a definition")
                .help("a register holds only `partner`, `external` and `function` definitions; put this in an agreement"),
        );
    }
}
