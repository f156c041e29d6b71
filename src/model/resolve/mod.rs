//! Building the model from the syntax tree.
//!
//! The passes, in order, for each agreement:
//! 1. declare: every partner, external body, function, governance body, pool,
//!    aligned budget, grant and obligation enters one table of names; a name
//!    declared twice is reported (E0101) and keeps its first meaning;
//! 2. build: each statement is turned into the model, every reference looked
//!    up in the table (E0102 unknown, with a suggestion; E0103 the wrong kind
//!    of thing), words from the fixed vocabularies read (E0016), statements
//!    that may appear once checked (E0105), and required ones demanded (E0104).
//!
//! It never stops early: a statement that cannot be resolved is left out and
//! the rest is built.
//!
//! This file holds the resolver and agreements; `names.rs` the table of
//! names (pass 1 and every lookup); `body.rs`, `pool.rs` and `obligation.rs`
//! build the blocks of those kinds.

use rustc_hash::{FxHashMap, FxHashSet};

use super::*;
use crate::diagnostics::{did_you_mean, one_of, Code, Diagnostic, Diagnostics};
use crate::source::Span;
use crate::syntax::ast;

mod body;
mod contents;
mod function;
mod names;
mod obligation;
mod pool;
mod scheme;
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
        .map(|agreement| Resolver::new(diagnostics).agreement(agreement, imported))
        .collect()
}

/// The paths a file's agreements import, as written, with where.
pub fn imports_of(file: &ast::File<'_>) -> Vec<(String, Span)> {
    // A register's imports are reported (E0110), not followed.
    file.agreements
        .iter()
        .filter(|a| !a.register)
        .flat_map(|a| a.items.iter())
        .filter_map(|item| match item {
            ast::AgreementItem::Import(stmt) => Some((stmt.node.value.to_string(), stmt.node.span)),
            _ => None,
        })
        .collect()
}

#[derive(Debug, Clone)]
struct Decl {
    kind: Kind,
    index: usize,
    name: Name,
    span: Span,
    /// Later declarations of the same name (already reported): a reference
    /// that fits one of them is not reported again.
    again: Vec<(Kind, usize)>,
}

struct Resolver<'a, 'd> {
    names: FxHashMap<&'a str, Decl>,
    /// Names declared on lines that could not be read.
    unreadable: FxHashSet<&'a str>,
    /// Whether an import could not be followed: a name not found may be one
    /// it would have brought in.
    import_failed: bool,
    /// Lookups that failed so far; a construct compares the count before and
    /// after it is built to know whether it is complete.
    failures: usize,
    /// Declared names of each kind in order of declaration, for suggestions.
    order: FxHashMap<Kind, Vec<&'a str>>,
    diagnostics: &'d mut Diagnostics,
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

impl<'a, 'd> Resolver<'a, 'd> {
    fn new(diagnostics: &'d mut Diagnostics) -> Resolver<'a, 'd> {
        Resolver {
            names: FxHashMap::default(),
            unreadable: FxHashSet::default(),
            import_failed: false,
            failures: 0,
            order: FxHashMap::default(),
            diagnostics,
        }
    }

    fn agreement(mut self, source: ast::Agreement<'a>, imported: &Imported<'a>) -> Agreement {
        self.unreadable = source.unreadable.iter().map(|id| id.name).collect();
        let missing_term = !has(&source, |i| matches!(i, ast::AgreementItem::Term(_)));
        let missing_governor = !has(&source, |i| matches!(i, ast::AgreementItem::GovernedBy(_)));
        let partners_written = has(&source, |i| matches!(i, ast::AgreementItem::Partner(_)));
        let mut agreement = Agreement {
            id: Name::new(source.id.name),
            title: source.title.value.to_string(),
            marks: Vec::new(),
            clause: None,
            basis: None,
            signed: None,
            term: None,
            governed_by: None,
            partners: Vec::new(),
            externals: Vec::new(),
            functions: Vec::new(),
            bodies: Vec::new(),
            pools: Vec::new(),
            reserves: Vec::new(),
            obligations: Vec::new(),
            waivers: Vec::new(),
            span: source.header,
            citations: Vec::new(),
            contents: Contents::default(),
            damaged: source.damaged,
            register: source.register,
            imports: Vec::new(),
        };
        self.import(&source, imported, &mut agreement);
        let counts = (
            agreement.partners.len(),
            agreement.externals.len(),
            agreement.functions.len(),
        );
        self.declare_all(&source, counts);
        let mut once = Once::default();
        // The term first: totals and obligations are read against it.
        for item in &source.items {
            if let ast::AgreementItem::Term(stmt) = item {
                if once.first("term", stmt.span, self.diagnostics) {
                    cited(&mut agreement.citations, "term", &stmt.cite);
                    agreement.term = self.term(stmt);
                }
            }
        }
        for item in source.items {
            if source.register && !allowed_in_register(&item) {
                self.not_in_register(&item);
                continue;
            }
            match &item {
                ast::AgreementItem::Import(stmt) => {
                    agreement.imports.push(At {
                        value: stmt.node.value.to_string(),
                        span: stmt.node.span,
                    });
                }
                ast::AgreementItem::Clause(text) => {
                    if once.first("clause", text.span, self.diagnostics) {
                        agreement.clause = Some(text.value.to_string());
                    }
                }
                ast::AgreementItem::Marked(stmt) => {
                    agreement.marks.push(crate::model::Mark::of(stmt))
                }
                ast::AgreementItem::Basis(stmt) => {
                    if once.first("basis", stmt.span, self.diagnostics) {
                        let act = &stmt.node.act.value;
                        let mut routes: Vec<Route> = Vec::new();
                        for section in &stmt.node.sections {
                            if let Some(route) = Route::of(section.node, act) {
                                if !routes.contains(&route) {
                                    routes.push(route);
                                }
                            }
                        }
                        agreement.basis = Some(Basis {
                            sections: stmt
                                .node
                                .sections
                                .iter()
                                .map(|s| s.node.to_owned())
                                .collect(),
                            act: act.to_string(),
                            clause: cite(&stmt.cite),
                            routes,
                            section_spans: stmt.node.sections.iter().map(|s| s.span).collect(),
                            act_span: stmt.node.act.span,
                            span: stmt.span,
                        });
                    }
                }
                ast::AgreementItem::Signed(stmt) => {
                    if once.first("signed", stmt.span, self.diagnostics) {
                        cited(&mut agreement.citations, "signed", &stmt.cite);
                        agreement.signed = Some(At {
                            value: stmt.node.node,
                            span: stmt.node.span,
                        });
                    }
                }
                ast::AgreementItem::Term(_) => {}
                ast::AgreementItem::GovernedBy(stmt) => {
                    if once.first("governed by", stmt.span, self.diagnostics) {
                        cited(&mut agreement.citations, "governed by", &stmt.cite);
                        agreement.governed_by =
                            self.lookup(&stmt.node, &[Kind::Body], "the governing body");
                    }
                }
                ast::AgreementItem::Partner(stmt) => {
                    let designation = stmt.node.designation;
                    let party = &stmt.node.party;
                    let kind = match &party.kind {
                        Some(word) if word.name == "care_trust" => {
                            self.care_trust_kind(word);
                            None
                        }
                        Some(word) => self.word(
                            word,
                            PartnerKind::from_word,
                            PartnerKind::WHAT,
                            PartnerKind::SPELLINGS,
                            PartnerKind::WORDS,
                        ),
                        None => {
                            self.diagnostics.push(
                                Diagnostic::new(
                                    Code::MissingStatement,
                                    stmt.span,
                                    format!("partner `{}` has no kind", party.id.name),
                                )
                                .label("kind missing at the end")
                                .help(format!(
                                    "say what kind of organisation it is, one of: {}",
                                    one_of(PartnerKind::WORDS)
                                )),
                            );
                            None
                        }
                    };
                    agreement.partners.push(Partner {
                        id: Name::new(party.id.name),
                        name: party.name.value.to_string(),
                        kind,
                        care_trust: designation.map(|d| CareTrustDesignation {
                            from: d.node.from.map(|f| At {
                                value: f.node,
                                span: f.span,
                            }),
                            to: d.node.to.map(|t| At {
                                value: t.node,
                                span: t.span,
                            }),
                            span: d.span,
                        }),
                        clause: cite(&stmt.cite),
                        span: party.id.span,
                    });
                }
                ast::AgreementItem::External(stmt) => {
                    let kind = stmt.node.kind.as_ref().and_then(|word| {
                        self.word(
                            word,
                            ExternalKind::from_word,
                            ExternalKind::WHAT,
                            ExternalKind::SPELLINGS,
                            ExternalKind::WORDS,
                        )
                    });
                    agreement.externals.push(External {
                        id: Name::new(stmt.node.id.name),
                        name: stmt.node.name.value.to_string(),
                        kind,
                        clause: cite(&stmt.cite),
                        span: stmt.node.id.span,
                    });
                }
                ast::AgreementItem::Function(stmt) => {
                    let kind = stmt.node.kind.as_ref().and_then(|word| {
                        self.word(
                            word,
                            FunctionKind::from_word,
                            FunctionKind::WHAT,
                            FunctionKind::SPELLINGS,
                            FunctionKind::WORDS,
                        )
                    });
                    let (category, source) = self.function_nature(&stmt.node, kind);
                    agreement.functions.push(Function {
                        id: Name::new(stmt.node.id.name),
                        name: stmt.node.name.value.to_string(),
                        kind,
                        category,
                        source,
                        clause: cite(&stmt.cite),
                        span: stmt.node.id.span,
                    });
                }
                ast::AgreementItem::Body(block) => {
                    let body = self.body(block);
                    agreement.bodies.push(body);
                }
                ast::AgreementItem::Pool(block) => {
                    let pool = self.pool(block, PoolKind::Pooled, agreement.term.as_ref());
                    agreement.pools.push(pool);
                }
                ast::AgreementItem::Aligned(block) => {
                    let pool = self.pool(block, PoolKind::Aligned, agreement.term.as_ref());
                    agreement.pools.push(pool);
                }
                ast::AgreementItem::Obligation(block) => {
                    let obligation = self.obligation(block);
                    agreement.obligations.push(obligation);
                }
                ast::AgreementItem::Waiver(block) => {
                    let waiver = self.waiver(block, &agreement.waivers);
                    agreement.waivers.push(waiver);
                }
                ast::AgreementItem::Reserve(block) => {
                    let reserve = self.reserve(block);
                    agreement.reserves.push(reserve);
                }
                ast::AgreementItem::Content(stmt) => self.content(stmt, &mut once, &mut agreement),
            }
        }
        let header = source.header;
        let id = source.id.name;
        if !source.damaged && !source.register {
            if missing_term {
                self.missing(
                    header,
                    format!("agreement `{id}` has no term"),
                    "add `term 2017/18 to 2018/19` (the first and last financial years)",
                );
            }
            if missing_governor {
                self.missing(
                    header,
                    format!("agreement `{id}` names no governing body"),
                    "add `governed by BODY`, naming the board that oversees the agreement",
                );
            }
            if !partners_written && agreement.partners.is_empty() && !self.import_failed {
                self.missing(
                    header,
                    format!("agreement `{id}` has no partners"),
                    "add a line `partner ID \"Name\" kind` for each party",
                );
            }
        }
        agreement
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

fn has(agreement: &ast::Agreement<'_>, test: fn(&ast::AgreementItem<'_>) -> bool) -> bool {
    agreement.items.iter().any(test)
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

impl Resolver<'_, '_> {
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
