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
//! This file holds the resolver, names and agreements; `body.rs`, `pool.rs`
//! and `obligation.rs` build the blocks of those kinds.

use rustc_hash::{FxHashMap, FxHashSet};

use super::*;
use crate::diagnostics::{did_you_mean, one_of, Code, Diagnostic, Diagnostics};
use crate::source::Span;
use crate::syntax::ast;

mod body;
mod obligation;
mod pool;

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

    // ----- pass 1: declare -----

    fn declare(&mut self, id: &ast::Ident<'a>, kind: Kind, index: usize) {
        if let Some(first) = self.names.get_mut(id.name) {
            first.again.push((kind, index));
            let what = if first.kind == kind {
                format!("there is already {} `{}`", kind.with_article(), id.name)
            } else {
                format!(
                    "`{}` is already the name of {}",
                    id.name,
                    first.kind.with_article()
                )
            };
            self.diagnostics.push(
                Diagnostic::new(Code::DuplicateName, id.span, what)
                    .label(format!("{} declared again", kind.word()))
                    .with_secondary(first.span, "first declared here")
                    .help("every partner, body, pool, function, grant and obligation needs its own name"),
            );
            return;
        }
        self.order.entry(kind).or_default().push(id.name);
        self.names.insert(
            id.name,
            Decl {
                kind,
                index,
                name: Name::new(id.name),
                span: id.span,
                again: Vec::new(),
            },
        );
    }

    fn declare_all(&mut self, agreement: &ast::Agreement<'a>, imported: (usize, usize, usize)) {
        let (mut partners, mut externals, mut functions) = imported;
        let (mut bodies, mut pools, mut obligations) = (0, 0, 0);
        let next = |counter: &mut usize| {
            let index = *counter;
            *counter += 1;
            index
        };
        for item in &agreement.items {
            match item {
                ast::AgreementItem::Partner(stmt) => {
                    self.declare(&stmt.node.id, Kind::Partner, next(&mut partners))
                }
                ast::AgreementItem::External(stmt) => {
                    self.declare(&stmt.node.id, Kind::External, next(&mut externals))
                }
                ast::AgreementItem::Function(stmt) => {
                    self.declare(&stmt.node.id, Kind::Function, next(&mut functions))
                }
                ast::AgreementItem::Body(block) => {
                    self.declare(&block.id, Kind::Body, next(&mut bodies))
                }
                ast::AgreementItem::Pool(block) | ast::AgreementItem::Aligned(block) => {
                    let kind = if matches!(item, ast::AgreementItem::Pool(_)) {
                        Kind::Pool
                    } else {
                        Kind::Aligned
                    };
                    let index = next(&mut pools);
                    self.declare(&block.id, kind, index);
                    for pool_item in &block.items {
                        if let ast::PoolItem::Grant(grant) = pool_item {
                            self.declare(&grant.node.id, Kind::Grant, index);
                        }
                    }
                }
                ast::AgreementItem::Obligation(block) => {
                    self.declare(&block.id, Kind::Obligation, next(&mut obligations));
                }
                _ => {}
            }
        }
    }

    // ----- references -----

    /// Looks `id` up; it must name one of `allowed`, for the role described by
    /// `role` ("a pool's host").
    fn lookup(&mut self, id: &ast::Ident<'a>, allowed: &[Kind], role: &str) -> Option<Ref> {
        let found = self.find(id, allowed, role);
        if found.is_none() {
            self.failures += 1;
        }
        found
    }

    fn find(&mut self, id: &ast::Ident<'a>, allowed: &[Kind], role: &str) -> Option<Ref> {
        if !self.names.contains_key(id.name)
            && (self.import_failed || self.unreadable.contains(&id.name))
        {
            // Declared on a line already reported as unreadable.
            return None;
        }
        match self.names.get(id.name) {
            Some(decl) if allowed.contains(&decl.kind) => Some(Ref {
                kind: decl.kind,
                index: decl.index,
                name: decl.name.clone(),
                span: id.span,
            }),
            Some(decl) if decl.again.iter().any(|(kind, _)| allowed.contains(kind)) => {
                let (kind, index) = decl
                    .again
                    .iter()
                    .copied()
                    .find(|(kind, _)| allowed.contains(kind))?;
                Some(Ref {
                    kind,
                    index,
                    name: decl.name.clone(),
                    span: id.span,
                })
            }
            Some(decl) => {
                let (kind, first) = (decl.kind, decl.span);
                let wanted = allowed_words(allowed);
                let suggestion = self.suggest(id.name, allowed);
                self.diagnostics.push(
                    Diagnostic::new(
                        Code::WrongKindOfName,
                        id.span,
                        format!(
                            "`{}` is {}, but {role} must be {wanted}",
                            id.name,
                            kind.with_article()
                        ),
                    )
                    .label(format!("{} here", kind.word()))
                    .with_secondary(first, format!("declared as {} here", kind.with_article()))
                    .maybe_help(suggestion.map(|s| format!("did you mean `{s}`?"))),
                );
                None
            }
            None => {
                let suggestion = self.suggest(id.name, allowed);
                let help = match suggestion {
                    Some(s) => format!("did you mean `{s}`?"),
                    None => format!("declare it, or name {}", allowed_words(allowed)),
                };
                self.diagnostics.push(
                    Diagnostic::new(
                        Code::UnknownName,
                        id.span,
                        format!("`{}` is not declared in this agreement", id.name),
                    )
                    .label(format!("{role} must be {}", allowed_words(allowed)))
                    .help(help),
                );
                None
            }
        }
    }

    fn suggest(&self, name: &str, allowed: &[Kind]) -> Option<String> {
        let candidates = allowed
            .iter()
            .filter_map(|kind| self.order.get(kind))
            .flatten()
            .copied();
        did_you_mean(name, candidates).map(str::to_owned)
    }

    fn lookup_all(&mut self, ids: &[ast::Ident<'a>], allowed: &[Kind], role: &str) -> Vec<Ref> {
        ids.iter()
            .filter_map(|id| self.lookup(id, allowed, role))
            .collect()
    }

    fn word<T: Copy>(
        &mut self,
        id: &ast::Ident<'_>,
        from_word: fn(&str) -> Option<T>,
        what: &str,
        spellings: &[&str],
        words: &[&str],
    ) -> Option<T> {
        if let Some(meaning) = from_word(id.name) {
            return Some(meaning);
        }
        let lower = id.name.to_ascii_lowercase();
        let suggestion = from_word(&lower)
            .map(|_| lower.clone())
            .or_else(|| did_you_mean(&lower, spellings.iter().copied()).map(str::to_owned));
        let help = match suggestion {
            Some(s) => format!("did you mean `{s}`? The words are: {}", one_of(words)),
            None => format!("the words are: {}", one_of(words)),
        };
        self.diagnostics.push(
            Diagnostic::new(
                Code::UnknownWord,
                id.span,
                format!("`{}` is not a {what}", id.name),
            )
            .label(format!("unknown {what}"))
            .help(help),
        );
        None
    }

    // ----- pass 2: build -----

    /// Brings in the definitions of the registers an agreement imports, as
    /// if declared at its top; their spans stay in the register's file.
    fn import(
        &mut self,
        source: &ast::Agreement<'a>,
        imported: &Imported<'a>,
        agreement: &mut Agreement,
    ) {
        for item in &source.items {
            let ast::AgreementItem::Import(stmt) = item else {
                continue;
            };
            let Some(Some(registers)) = imported.get(stmt.node.value.as_ref()) else {
                self.import_failed = true;
                continue;
            };
            for register in registers {
                for partner in &register.partners {
                    self.declare_imported(
                        partner.id.as_str(),
                        partner.span,
                        Kind::Partner,
                        agreement.partners.len(),
                    );
                    agreement.partners.push(partner.clone());
                }
                for external in &register.externals {
                    self.declare_imported(
                        external.id.as_str(),
                        external.span,
                        Kind::External,
                        agreement.externals.len(),
                    );
                    agreement.externals.push(external.clone());
                }
                for function in &register.functions {
                    self.declare_imported(
                        function.id.as_str(),
                        function.span,
                        Kind::Function,
                        agreement.functions.len(),
                    );
                    agreement.functions.push(function.clone());
                }
            }
        }
    }

    fn declare_imported(&mut self, name: &'a str, span: Span, kind: Kind, index: usize) {
        self.declare(&ast::Ident { name, span }, kind, index);
    }

    fn agreement(mut self, source: ast::Agreement<'a>, imported: &Imported<'a>) -> Agreement {
        self.unreadable = source.unreadable.iter().map(|id| id.name).collect();
        let missing_term = !has(&source, |i| matches!(i, ast::AgreementItem::Term(_)));
        let missing_governor = !has(&source, |i| matches!(i, ast::AgreementItem::GovernedBy(_)));
        let partners_written = has(&source, |i| matches!(i, ast::AgreementItem::Partner(_)));
        let mut agreement = Agreement {
            id: Name::new(source.id.name),
            title: source.title.value.to_string(),
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
            obligations: Vec::new(),
            span: source.header,
            citations: Vec::new(),
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
                ast::AgreementItem::Basis(stmt) => {
                    if once.first("basis", stmt.span, self.diagnostics) {
                        agreement.basis = Some(Basis {
                            sections: stmt
                                .node
                                .sections
                                .iter()
                                .map(|s| s.node.to_owned())
                                .collect(),
                            act: stmt.node.act.value.to_string(),
                            clause: cite(&stmt.cite),
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
                    let kind = match &stmt.node.kind {
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
                                    format!("partner `{}` has no kind", stmt.node.id.name),
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
                        id: Name::new(stmt.node.id.name),
                        name: stmt.node.name.value.to_string(),
                        kind,
                        clause: cite(&stmt.cite),
                        span: stmt.node.id.span,
                    });
                }
                ast::AgreementItem::External(stmt) => {
                    if let Some(word) = &stmt.node.kind {
                        self.diagnostics.push(
                            Diagnostic::new(
                                Code::Syntax,
                                word.span,
                                "an external body has no kind",
                            )
                            .label("not expected")
                            .help("write `external ID \"Name\"`; only partners have a kind"),
                        );
                    }
                    agreement.externals.push(External {
                        id: Name::new(stmt.node.id.name),
                        name: stmt.node.name.value.to_string(),
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
                    agreement.functions.push(Function {
                        id: Name::new(stmt.node.id.name),
                        name: stmt.node.name.value.to_string(),
                        kind,
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
                )),
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
    )
}

impl Resolver<'_, '_> {
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
            _ => return,
        };
        self.diagnostics.push(
            Diagnostic::new(Code::NotInRegister, span, format!("{what} cannot stand in a register"))
                .label("not a definition")
                .help("a register holds only `partner`, `external` and `function` definitions; put this in an agreement"),
        );
    }
}
