//! Lowering pest's parse tree to the typed syntax tree ([`super::ast`]).
//!
//! One function per grammar rule. Literals become exact values here (money in
//! pence, financial years, percentages), and a literal that is not valid gets
//! its own diagnostic at its own span. A parse-tree shape the function does
//! not expect (which would mean grammar and code disagree) is reported as a
//! syntax error on that statement, never a panic. Lines swallowed by the
//! grammar's recovery rules are explained by [`super::explain`].
//!
//! This file holds the lowerer itself, agreements, blocks and statements in
//! general; `blocks.rs` the statements of bodies and pools, `obligation.rs`
//! those of obligations, and `literal.rs` the literals.

use std::borrow::Cow;
use std::iter::Peekable;

use pest::iterators::{Pair, Pairs};

use super::ast::*;
use super::explain::{explain, Context};
use super::parser::Rule;
use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::period::Date;
use crate::source::{FileId, Span};

mod blocks;
mod contents;
mod forecast;
mod literal;
mod obligation;
mod schemes;
mod waiver;

type P<'a> = Pair<'a, Rule>;
type Kids<'a> = Peekable<Pairs<'a, Rule>>;

/// Lowers one file's parse tree.
pub struct Lowerer<'d> {
    file: FileId,
    /// Where in the file the text being lowered starts: pest reads one
    /// statement or block at a time, each from its own offset.
    base: usize,
    diagnostics: &'d mut Diagnostics,
}

impl<'d> Lowerer<'d> {
    /// A lowerer reporting into `diagnostics`.
    pub fn new(file: FileId, diagnostics: &'d mut Diagnostics) -> Lowerer<'d> {
        Lowerer {
            file,
            base: 0,
            diagnostics,
        }
    }

    /// Sets where the text about to be lowered starts in the file.
    pub fn at(&mut self, base: usize) {
        self.base = base;
    }

    /// A name as written.
    fn ident<'a>(&self, pair: &P<'a>) -> Ident<'a> {
        let span = pair.as_span();
        Ident {
            name: pair.as_str(),
            span: Span::new(self.file, self.base + span.start(), self.base + span.end()),
        }
    }

    /// A pair's span, without the line ending and spaces a statement
    /// consumes after itself.
    fn span(&self, pair: &P<'_>) -> Span {
        let span = pair.as_span();
        let start = self.base + span.start();
        let trimmed = span.as_str().trim_end().len();
        Span::new(self.file, start, start + trimmed)
    }

    /// Reports a parse-tree shape the lowering does not expect.
    fn shape(&mut self, pair: &P<'_>) {
        let span = self.span(pair);
        self.diagnostics.push(
            Diagnostic::new(Code::Syntax, span, "this statement could not be read")
                .label("not understood")
                .help("write the statement as the README shows; if it looks right, please report it with this file"),
        );
    }

    fn declared_name<'a>(&self, pair: &P<'a>) -> Option<Ident<'a>> {
        declared_name_at(self.file, self.base, pair)
    }

    /// Reports an agreement whose closing brace the reader never found.
    pub fn unclosed(&mut self, header: Span) {
        self.diagnostics.push(
            Diagnostic::new(
                Code::UnbalancedBrace,
                header,
                "this agreement is never closed",
            )
            .label("its `}` was not found")
            .help("add the `}` that ends the agreement"),
        );
    }

    /// Explains a line the grammar swallowed.
    pub fn bad(&mut self, pair: P<'_>, context: Context) {
        let start = self.base + pair.as_span().start();
        self.diagnostics
            .push(explain(self.file, start, pair.as_str(), context));
    }

    fn header_span(&self, pair: &P<'_>) -> Span {
        let start = self.base + pair.as_span().start();
        let text = pair.as_str();
        let len = text.find('{').map_or(text.len(), |i| i + 1);
        Span::new(self.file, start, start + len)
    }

    fn keyword_span(&self, pair: &P<'_>) -> Span {
        let span = pair.as_span();
        let start = self.base + span.start();
        // A byte that is not an ASCII letter ends the keyword; it is never
        // inside a character, as every byte of one outside ASCII is not.
        let text = span.as_str().as_bytes();
        let len = text
            .iter()
            .position(|b| !b.is_ascii_alphabetic())
            .unwrap_or(text.len());
        Span::new(self.file, start, start + len)
    }

    /// The header line of an agreement, `agreement ID "Title" {`; its
    /// statements are added one by one with [`Lowerer::agreement_item`].
    pub fn open_agreement<'a>(&mut self, pair: P<'a>) -> Option<Agreement<'a>> {
        let header = self.header_span(&pair);
        let mut kids = children_of(pair.clone());
        let keyword = take(&mut kids, Rule::agreement_kw);
        let (Some(id), Some(title)) = (take(&mut kids, Rule::ident), take(&mut kids, Rule::string))
        else {
            self.shape(&pair);
            return None;
        };
        Some(Agreement {
            id: self.ident(&id),
            title: self.text(title),
            header,
            register: keyword.is_some_and(|k| k.as_str() == "register"),
            items: Vec::new(),
            damaged: false,
            unreadable: Vec::new(),
        })
    }

    /// One statement or block of an agreement.
    pub fn agreement_item<'a>(&mut self, agreement: &mut Agreement<'a>, item: P<'a>) {
        if item.as_rule() == Rule::bad_agreement_item {
            agreement.unreadable.extend(self.declared_name(&item));
        }
        match self.item(item) {
            Some(item) => agreement.items.push(item),
            None => agreement.damaged = true,
        }
    }

    /// Lowers one statement or block of an agreement; `None` if it could not
    /// be read (reported).
    pub fn item<'a>(&mut self, item: P<'a>) -> Option<AgreementItem<'a>> {
        match item.as_rule() {
            Rule::clause_stmt => self.clause(item).map(AgreementItem::Clause),
            Rule::marked_stmt => self.stmt(item, Self::marked).map(AgreementItem::Marked),
            Rule::import_stmt => self.stmt(item, Self::import).map(AgreementItem::Import),
            Rule::basis_stmt => self.stmt(item, Self::basis).map(AgreementItem::Basis),
            Rule::signed_stmt => self.stmt(item, Self::signed).map(AgreementItem::Signed),
            Rule::term_stmt => self.stmt(item, Self::term).map(AgreementItem::Term),
            Rule::governed_stmt => self
                .stmt(item, Self::one_ident)
                .map(AgreementItem::GovernedBy),
            Rule::partner_stmt => self.stmt(item, Self::partner).map(AgreementItem::Partner),
            Rule::external_stmt => self.stmt(item, Self::party).map(AgreementItem::External),
            Rule::function_stmt => self
                .stmt(item, Self::function_decl)
                .map(AgreementItem::Function),
            Rule::body_block => self
                .block(item, Context::Body, Self::body_item)
                .map(AgreementItem::Body),
            Rule::pool_block => self
                .block(item, Context::Pool, Self::pool_item)
                .map(AgreementItem::Pool),
            Rule::aligned_block => self
                .block(item, Context::Pool, Self::pool_item)
                .map(AgreementItem::Aligned),
            Rule::obligation_block => self
                .block(item, Context::Obligation, Self::obligation_item)
                .map(AgreementItem::Obligation),
            Rule::waiver_block => self
                .block(item, Context::Waiver, Self::waiver_item)
                .map(AgreementItem::Waiver),
            Rule::reserve_block => self
                .block(item, Context::Reserve, Self::reserve_item)
                .map(AgreementItem::Reserve),
            rule if is_content(rule) => self.content_item(item).flatten(),
            Rule::bad_agreement_item => {
                self.bad(item, Context::Agreement);
                None
            }
            _ => {
                self.shape(&item);
                None
            }
        }
    }

    /// A named block; `item` lowers one statement inside and returns `Err(())`
    /// for a swallowed line, `Ok(None)` for a statement that did not lower.
    fn block<'a, T>(
        &mut self,
        pair: P<'a>,
        context: Context,
        item: fn(&mut Self, P<'a>) -> Result<Option<T>, ()>,
    ) -> Option<Block<'a, T>> {
        let header = self.header_span(&pair);
        let keyword = self.keyword_span(&pair);
        let mut kids = children_of(pair.clone());
        let (Some(id), Some(name)) = (take(&mut kids, Rule::ident), take(&mut kids, Rule::string))
        else {
            self.shape(&pair);
            return None;
        };
        let kind = take(&mut kids, Rule::ident).map(|k| self.ident(&k));
        let mut block = Block {
            id: self.ident(&id),
            name: self.text(name),
            header,
            keyword,
            // Every child left is an item (or a line not understood).
            items: Vec::with_capacity(kids.len()),
            damaged: false,
            kind,
        };
        for child in kids {
            let rule = child.as_rule();
            if matches!(
                rule,
                Rule::bad_body_item
                    | Rule::bad_pool_item
                    | Rule::bad_obligation_item
                    | Rule::bad_waiver_item
                    | Rule::bad_scheme_item
                    | Rule::bad_reserve_item
            ) {
                self.bad(child, context);
                block.damaged = true;
                continue;
            }
            match item(self, child) {
                Ok(Some(lowered)) => block.items.push(lowered),
                Ok(None) | Err(()) => block.damaged = true,
            }
        }
        Some(block)
    }

    /// A statement: its own children go to `f`; a trailing citation is split off.
    fn stmt<'a, T>(
        &mut self,
        pair: P<'a>,
        f: fn(&mut Self, &mut Kids<'a>) -> Option<T>,
    ) -> Option<Stmt<'a, T>> {
        let span = self.span(&pair);
        let keyword = self.keyword_span(&pair);
        let mut own = children_of(pair.clone());
        let node = f(self, &mut own);
        // A citation, if any, is the last child: the statement's own parts
        // come first.
        let cite = match own.next_if(|p| p.as_rule() == Rule::cite) {
            Some(c) => self.cite(c),
            None => None,
        };
        let node = node?;
        if own.peek().is_some() {
            self.shape(&pair);
            return None;
        }
        Some(Stmt {
            node,
            span,
            keyword,
            cite,
        })
    }

    fn cite<'a>(&mut self, pair: P<'a>) -> Option<Text<'a>> {
        let inner = pair.into_inner().next()?;
        Some(self.text(inner))
    }

    fn clause<'a>(&mut self, pair: P<'a>) -> Option<Text<'a>> {
        let inner = pair.clone().into_inner().next();
        match inner {
            Some(string) => Some(self.text(string)),
            None => {
                self.shape(&pair);
                None
            }
        }
    }

    /// `illustrative "..."` / `draft "..."`.
    pub(super) fn marked<'a>(&mut self, kids: &mut Kids<'a>) -> Option<Marked<'a>> {
        let kind = match kids.next_if(|p| p.as_rule() == Rule::marked_kind)?.as_str() {
            "draft" => MarkKind::Draft,
            _ => MarkKind::Illustrative,
        };
        let note = kids.next_if(|p| p.as_rule() == Rule::string)?;
        Some(Marked {
            kind,
            note: self.text(note),
        })
    }

    /// A quoted text, escapes resolved.
    fn text<'a>(&self, string: P<'a>) -> Text<'a> {
        let span = self.span(&string);
        let raw = string
            .into_inner()
            .next()
            .map_or("", |inner| inner.as_str());
        let value = if raw.contains('\\') {
            let mut out = String::with_capacity(raw.len());
            let mut chars = raw.chars();
            while let Some(c) = chars.next() {
                if c == '\\' {
                    if let Some(next) = chars.next() {
                        out.push(next);
                    }
                } else {
                    out.push(c);
                }
            }
            Cow::Owned(out)
        } else {
            Cow::Borrowed(raw)
        };
        Text { value, span }
    }

    // ----- agreement statements -----

    fn basis<'a>(&mut self, kids: &mut Kids<'a>) -> Option<Basis<'a>> {
        let mut sections = Vec::new();
        while let Some(section) = kids.next_if(|p| p.as_rule() == Rule::section_no) {
            sections.push(Spanned {
                node: section.as_str(),
                span: self.span(&section),
            });
        }
        let act = kids.next_if(|p| p.as_rule() == Rule::string)?;
        Some(Basis {
            sections,
            act: self.text(act),
        })
    }

    fn signed<'a>(&mut self, kids: &mut Kids<'a>) -> Option<Spanned<Date>> {
        let date = kids.next_if(|p| p.as_rule() == Rule::date)?;
        self.date(&date)
    }

    fn term<'a>(&mut self, kids: &mut Kids<'a>) -> Option<Term> {
        let first = kids.next_if(|p| p.as_rule() == Rule::year)?;
        let last = kids.next_if(|p| p.as_rule() == Rule::year)?;
        let (first, last) = (self.year(&first), self.year(&last));
        Some(Term {
            first: first?,
            last: last?,
        })
    }

    fn import<'a>(&mut self, kids: &mut Kids<'a>) -> Option<Text<'a>> {
        let path = kids.next_if(|p| p.as_rule() == Rule::string)?;
        Some(self.text(path))
    }

    fn one_ident<'a>(&mut self, kids: &mut Kids<'a>) -> Option<Ident<'a>> {
        let id = kids.next_if(|p| p.as_rule() == Rule::ident)?;
        Some(self.ident(&id))
    }

    fn partner<'a>(&mut self, kids: &mut Kids<'a>) -> Option<PartnerDecl<'a>> {
        let party = self.party(kids)?;
        let designation = match kids.next_if(|p| p.as_rule() == Rule::designation) {
            Some(pair) => {
                let span = self.span(&pair);
                let mut designation = Designation {
                    from: None,
                    to: None,
                };
                for part in pair.into_inner() {
                    let rule = part.as_rule();
                    let date = part
                        .into_inner()
                        .find(|p| p.as_rule() == Rule::date)
                        .and_then(|d| self.date(&d));
                    if rule == Rule::designated_from {
                        designation.from = date;
                    } else {
                        designation.to = date;
                    }
                }
                Some(Spanned {
                    node: designation,
                    span,
                })
            }
            None => None,
        };
        Some(PartnerDecl { party, designation })
    }

    fn party<'a>(&mut self, kids: &mut Kids<'a>) -> Option<Party<'a>> {
        let id = kids.next_if(|p| p.as_rule() == Rule::ident)?;
        let name = kids.next_if(|p| p.as_rule() == Rule::string)?;
        let kind = kids.next_if(|p| p.as_rule() == Rule::ident);
        Some(Party {
            id: self.ident(&id),
            name: self.text(name),
            kind: kind.map(|k| self.ident(&k)),
        })
    }

    fn function_decl<'a>(&mut self, kids: &mut Kids<'a>) -> Option<FunctionDecl<'a>> {
        let id = kids.next_if(|p| p.as_rule() == Rule::ident)?;
        let name = kids.next_if(|p| p.as_rule() == Rule::string)?;
        let kind = kids.next_if(|p| p.as_rule() == Rule::ident);
        let category = kids.next_if(|p| p.as_rule() == Rule::ident);
        let source = kids.next_if(|p| p.as_rule() == Rule::string);
        Some(FunctionDecl {
            id: self.ident(&id),
            name: self.text(name),
            kind: kind.map(|k| self.ident(&k)),
            category: category.map(|c| self.ident(&c)),
            source: source.map(|s| self.text(s)),
        })
    }

    // ----- bodies -----
}

/// Whether a rule is a statement of the contents (lowered in `contents.rs`).
fn is_content(rule: Rule) -> bool {
    matches!(
        rule,
        Rule::aims_stmt
            | Rule::eligibility_stmt
            | Rule::staff_stmt
            | Rule::premises_stmt
            | Rule::assets_stmt
            | Rule::review_stmt
            | Rule::variation_stmt
            | Rule::minor_variations_stmt
            | Rule::termination_stmt
            | Rule::exit_stmt
            | Rule::information_stmt
            | Rule::disputes_stmt
    )
}

fn take<'a>(kids: &mut Kids<'a>, rule: Rule) -> Option<P<'a>> {
    kids.next_if(|p| p.as_rule() == rule)
}

/// The name an unreadable line declares, if it starts like a declaration:
/// `partner ccg "NHS ...` declares `ccg`.
fn declared_name_at<'a>(file: FileId, base: usize, pair: &P<'a>) -> Option<Ident<'a>> {
    const DECLARING: [&str; 8] = [
        "partner",
        "external",
        "function",
        "body",
        "pool",
        "aligned",
        "obligation",
        "reserve",
    ];
    let text = pair.as_str();
    let mut words = text.split([' ', '\t']).filter(|w| !w.is_empty());
    let keyword = words.next()?;
    if !DECLARING.contains(&keyword) {
        return None;
    }
    let name = words.next()?;
    let valid = name.starts_with(|c: char| c.is_ascii_alphabetic())
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if !valid {
        return None;
    }
    let offset = text.find(name)?;
    let start = base + pair.as_span().start() + offset;
    Some(Ident {
        name,
        span: Span::new(file, start, start + name.len()),
    })
}

/// The children of `pair`, to be taken in order.
fn children_of<'a>(pair: P<'a>) -> Kids<'a> {
    pair.into_inner().peekable()
}
