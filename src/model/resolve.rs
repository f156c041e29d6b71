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

use rustc_hash::FxHashMap;

use rust_decimal::Decimal;

use super::*;
use crate::diagnostics::{did_you_mean, one_of, Code, Diagnostic, Diagnostics};
use crate::syntax::ast;

/// Builds the model of every agreement in a file.
pub fn resolve(file: &ast::File<'_>, diagnostics: &mut Diagnostics) -> Vec<Agreement> {
    file.agreements
        .iter()
        .map(|agreement| Resolver::new(diagnostics).agreement(agreement))
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
    unreadable: Vec<&'a str>,
    /// Lookups that failed so far; a construct compares the count before and
    /// after it is built to know whether it is complete.
    failures: usize,
    /// Declared names in order of declaration, for suggestions.
    order: Vec<&'a str>,
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
            unreadable: Vec::new(),
            failures: 0,
            order: Vec::new(),
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
        self.order.push(id.name);
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

    fn declare_all(&mut self, agreement: &ast::Agreement<'a>) {
        let (mut partners, mut externals, mut functions, mut bodies, mut pools, mut obligations) =
            (0, 0, 0, 0, 0, 0);
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
        if !self.names.contains_key(id.name) && self.unreadable.contains(&id.name) {
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
        let candidates = self
            .order
            .iter()
            .copied()
            .filter(|n| self.names.get(n).is_some_and(|d| allowed.contains(&d.kind)));
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

    fn agreement(mut self, source: &ast::Agreement<'a>) -> Agreement {
        self.unreadable = source.unreadable.iter().map(|id| id.name).collect();
        self.declare_all(source);
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
        };
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
        for item in &source.items {
            match item {
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
        if !source.damaged {
            if !has(source, |i| matches!(i, ast::AgreementItem::Term(_))) {
                self.missing(
                    header,
                    format!("agreement `{id}` has no term"),
                    "add `term 2017/18 to 2018/19` (the first and last financial years)",
                );
            }
            if !has(source, |i| matches!(i, ast::AgreementItem::GovernedBy(_))) {
                self.missing(
                    header,
                    format!("agreement `{id}` names no governing body"),
                    "add `governed by BODY`, naming the board that oversees the agreement",
                );
            }
            if !has(source, |i| matches!(i, ast::AgreementItem::Partner(_))) {
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

    fn body(&mut self, block: &ast::Block<'a, ast::BodyItem<'a>>) -> Body {
        let failures = self.failures;
        let mut body = Body {
            complete: !block.damaged,
            id: Name::new(block.id.name),
            name: block.name.value.to_string(),
            seats: Vec::new(),
            quorum: None,
            meets: None,
            accountable_to: Vec::new(),
            clause: None,
            citations: Vec::new(),
            span: block.header,
        };
        let mut once = Once::default();
        for item in &block.items {
            match item {
                ast::BodyItem::Clause(text) => {
                    if once.first("clause", text.span, self.diagnostics) {
                        body.clause = Some(text.value.to_string());
                    }
                }
                ast::BodyItem::Seats(stmt) => {
                    cited(&mut body.citations, "seats", &stmt.cite);
                    for (who, count) in &stmt.node {
                        if let Some(partner) = self.lookup(who, &[Kind::Partner], "a seat holder") {
                            if let Some(first) =
                                body.seats.iter().find(|s| s.partner.index == partner.index)
                            {
                                let first = first.partner.span;
                                self.diagnostics.push(
                                    Diagnostic::new(
                                        Code::RepeatedStatement,
                                        who.span,
                                        format!("`{}` is given seats twice", who.name),
                                    )
                                    .label("second time")
                                    .with_secondary(first, "first given here")
                                    .help("give each partner's seats once"),
                                );
                                continue;
                            }
                            body.seats.push(Seats {
                                partner,
                                count: At {
                                    value: count.node,
                                    span: count.span,
                                },
                            });
                        }
                    }
                }
                ast::BodyItem::Quorum(stmt) => {
                    if !once.first("quorum", stmt.span, self.diagnostics) {
                        continue;
                    }
                    cited(&mut body.citations, "quorum", &stmt.cite);
                    let mut including = Vec::new();
                    for need in &stmt.node.including {
                        let group = match need {
                            ast::QuorumNeed::Partner(id) => self
                                .lookup(id, &[Kind::Partner], "a partner required for the quorum")
                                .into_iter()
                                .collect(),
                            ast::QuorumNeed::OneOf(ids) => self.lookup_all(
                                &ids.node,
                                &[Kind::Partner],
                                "a partner required for the quorum",
                            ),
                        };
                        if !group.is_empty() {
                            including.push(group);
                        }
                    }
                    body.quorum = Some(Quorum {
                        count: At {
                            value: stmt.node.count.node,
                            span: stmt.node.count.span,
                        },
                        including,
                        span: stmt.span,
                    });
                }
                ast::BodyItem::Meets(stmt) => {
                    if once.first("meets", stmt.span, self.diagnostics) {
                        cited(&mut body.citations, "meets", &stmt.cite);
                        body.meets = self.cadence(&stmt.node);
                    }
                }
                ast::BodyItem::AccountableTo(stmt) => {
                    cited(&mut body.citations, "accountable to", &stmt.cite);
                    let refs = self.lookup_all(
                        &stmt.node,
                        &[Kind::Partner, Kind::Body],
                        "a body's line of accountability",
                    );
                    body.accountable_to.extend(refs);
                }
            }
        }
        body.complete &= self.failures == failures;
        body
    }

    fn cadence(&mut self, cadence: &ast::Cadence<'_>) -> Option<Cadence> {
        match cadence {
            ast::Cadence::Word(word) => self
                .word(
                    word,
                    CadenceWord::from_word,
                    CadenceWord::WHAT,
                    CadenceWord::SPELLINGS,
                    CadenceWord::WORDS,
                )
                .map(Cadence::Named),
            ast::Cadence::Every(count, unit) => {
                if count.node == 0 {
                    self.diagnostics.push(
                        Diagnostic::new(Code::InvalidNumber, count.span, "`every 0` is never")
                            .label("zero")
                            .help("write how many days, weeks or months apart, from 1"),
                    );
                    return None;
                }
                Some(Cadence::Every {
                    every: count.node,
                    unit: unit.node,
                })
            }
        }
    }

    fn pool(
        &mut self,
        block: &ast::Block<'a, ast::PoolItem<'a>>,
        kind: PoolKind,
        term: Option<&Term>,
    ) -> Pool {
        let failures = self.failures;
        let mut pool = Pool {
            id: Name::new(block.id.name),
            name: block.name.value.to_string(),
            kind,
            host: None,
            manager: None,
            functions: Vec::new(),
            leads: Vec::new(),
            contributions: Vec::new(),
            grants: Vec::new(),
            total: None,
            overspend: None,
            underspend: None,
            clause: None,
            citations: Vec::new(),
            span: block.header,
            damaged: block.damaged,
        };
        let mut once = Once::default();
        let contributor: &[Kind] = &[Kind::Partner];
        for item in &block.items {
            match item {
                ast::PoolItem::Clause(text) => {
                    if once.first("clause", text.span, self.diagnostics) {
                        pool.clause = Some(text.value.to_string());
                    }
                }
                ast::PoolItem::Host(stmt) => {
                    if once.first("host", stmt.span, self.diagnostics) {
                        cited(&mut pool.citations, "host", &stmt.cite);
                        pool.host = self.lookup(&stmt.node, &[Kind::Partner], "a pool's host");
                    }
                }
                ast::PoolItem::Manager(stmt) => {
                    if once.first("manager", stmt.span, self.diagnostics) {
                        let of = stmt.node.of.as_ref().and_then(|id| {
                            self.lookup(id, &[Kind::Partner], "the pooled fund manager's employer")
                        });
                        pool.manager = Some(Manager {
                            title: stmt.node.title.value.to_string(),
                            of,
                            clause: cite(&stmt.cite),
                        });
                    }
                }
                ast::PoolItem::Functions(stmt) => {
                    cited(&mut pool.citations, "functions", &stmt.cite);
                    let refs =
                        self.lookup_all(&stmt.node, &[Kind::Function], "what a pool pays for");
                    pool.functions.extend(refs);
                }
                ast::PoolItem::Lead(stmt) => {
                    let lead =
                        self.lookup(&stmt.node.lead, &[Kind::Partner], "a lead commissioner");
                    let functions = self.lookup_all(
                        &stmt.node.functions,
                        &[Kind::Function],
                        "what is commissioned",
                    );
                    let on_behalf_of = self.lookup_all(
                        &stmt.node.on_behalf_of,
                        &[Kind::Partner],
                        "the partner commissioned for",
                    );
                    if let Some(lead) = lead {
                        pool.leads.push(LeadCommission {
                            lead,
                            functions,
                            on_behalf_of,
                            clause: cite(&stmt.cite),
                            span: stmt.span,
                        });
                    }
                }
                ast::PoolItem::Contributions(stmt) => {
                    let year = stmt.node.year;
                    if let Some(first) = pool.year(year.node) {
                        let first = first.year.span;
                        self.diagnostics.push(
                            Diagnostic::new(
                                Code::RepeatedContribution,
                                year.span,
                                format!(
                                    "pool `{}` has two contributions tables for {}",
                                    block.id.name, year.node
                                ),
                            )
                            .label("second table")
                            .with_secondary(first, "first table")
                            .help("merge the two tables into one"),
                        );
                        pool.damaged = true;
                        continue;
                    }
                    let mut entries: Vec<Contribution> = Vec::new();
                    for (who, amount) in &stmt.node.entries {
                        let Some(partner) = self.lookup(who, contributor, "a contributor") else {
                            pool.damaged = true;
                            continue;
                        };
                        if let Some(first) =
                            entries.iter().find(|e| e.partner.index == partner.index)
                        {
                            let first = first.partner.span;
                            self.diagnostics.push(
                                Diagnostic::new(
                                    Code::RepeatedContribution,
                                    who.span,
                                    format!(
                                        "`{}` is listed twice in the {} contributions",
                                        who.name, year.node
                                    ),
                                )
                                .label("second time")
                                .with_secondary(first, "first time")
                                .help("give one amount per partner and year"),
                            );
                            pool.damaged = true;
                            continue;
                        }
                        entries.push(Contribution {
                            partner,
                            amount: At {
                                value: amount.node,
                                span: amount.span,
                            },
                        });
                    }
                    pool.contributions.push(YearContributions {
                        year: At {
                            value: year.node,
                            span: year.span,
                        },
                        entries,
                        clause: cite(&stmt.cite),
                        span: stmt.span,
                    });
                }
                ast::PoolItem::Grant(stmt) => {
                    let from =
                        self.lookup(&stmt.node.from, &[Kind::External], "the payer of a grant");
                    let through = self.lookup(
                        &stmt.node.through,
                        &[Kind::Partner],
                        "the partner a grant is paid to",
                    );
                    if let (Some(from), Some(through)) = (from, through) {
                        pool.grants.push(Grant {
                            id: Name::new(stmt.node.id.name),
                            name: stmt.node.name.value.to_string(),
                            from,
                            through,
                            amounts: stmt
                                .node
                                .amounts
                                .iter()
                                .map(|(y, m)| {
                                    (
                                        At {
                                            value: y.node,
                                            span: y.span,
                                        },
                                        At {
                                            value: m.node,
                                            span: m.span,
                                        },
                                    )
                                })
                                .collect(),
                            clause: cite(&stmt.cite),
                            span: stmt.span,
                        });
                    } else {
                        pool.damaged = true;
                    }
                }
                ast::PoolItem::Total(stmt) => {
                    if once.first("total", stmt.span, self.diagnostics) {
                        pool.total = self.total(stmt, term);
                    }
                }
                ast::PoolItem::Risk(stmt) => {
                    let side = stmt.node.side.node;
                    let what = match side {
                        ast::RiskSide::Overspend => "overspend",
                        ast::RiskSide::Underspend => "underspend",
                    };
                    if !once.first(what, stmt.span, self.diagnostics) {
                        continue;
                    }
                    let rule = self.risk(stmt, pool.host.clone());
                    match side {
                        ast::RiskSide::Overspend => pool.overspend = rule,
                        ast::RiskSide::Underspend => pool.underspend = rule,
                    }
                }
            }
        }
        if kind == PoolKind::Pooled
            && !block.damaged
            && !block
                .items
                .iter()
                .any(|i| matches!(i, ast::PoolItem::Host(_)))
        {
            self.missing(
                block.header,
                format!("pool `{}` has no host", block.id.name),
                "add `host PARTNER`: regulation 7 needs one partner to hold the pool's accounts and arrange its audit",
            );
        }
        pool.damaged |= self.failures != failures;
        pool
    }

    fn total(
        &mut self,
        stmt: &ast::Stmt<'a, ast::Total>,
        term: Option<&Term>,
    ) -> Option<DeclaredTotal> {
        let term_years = || {
            term.map(|t| t.years().collect::<Vec<_>>())
                .unwrap_or_default()
        };
        let (years, each_year) = match stmt.node.covers {
            ast::TotalCovers::Term => (term_years(), false),
            ast::TotalCovers::EachYear => (term_years(), true),
            ast::TotalCovers::Year(year) => (vec![year.node], false),
            ast::TotalCovers::Range(first, last) => {
                if last.node < first.node {
                    self.diagnostics.push(
                        Diagnostic::new(
                            Code::TermReversed,
                            first.span.to(last.span),
                            format!(
                                "`over {} to {}` ends before it starts",
                                first.node, last.node
                            ),
                        )
                        .label("reversed")
                        .help(format!(
                            "did you mean `over {} to {}`?",
                            last.node, first.node
                        )),
                    );
                    return None;
                }
                (first.node.through(last.node).collect(), false)
            }
        };
        Some(DeclaredTotal {
            amount: At {
                value: stmt.node.amount.node,
                span: stmt.node.amount.span,
            },
            years,
            each_year,
            clause: cite(&stmt.cite),
            span: stmt.span,
        })
    }

    fn risk(&mut self, stmt: &ast::Stmt<'a, ast::Risk<'a>>, host: Option<Ref>) -> Option<RiskRule> {
        let share = match &stmt.node.rule.node {
            ast::ShareRule::ByContribution => Share::ByContribution,
            ast::ShareRule::Equally => Share::Equally,
            ast::ShareRule::Retained => Share::Retained,
            ast::ShareRule::BorneBy(Some(who)) => {
                Share::BorneBy(self.lookup(who, &[Kind::Partner], "the partner bearing it")?)
            }
            ast::ShareRule::BorneBy(None) => match host {
                Some(host) => Share::BorneBy(host),
                None => {
                    self.diagnostics.push(
                        Diagnostic::new(
                            Code::MissingStatement,
                            stmt.node.rule.span,
                            "`borne by host`, but the pool names no host",
                        )
                        .label("which partner?")
                        .help("write the `host` line before this one, or name the partner"),
                    );
                    return None;
                }
            },
            ast::ShareRule::Fixed(shares) => {
                Share::Fixed(self.fixed_shares(shares, "a partner's share")?)
            }
        };
        let cap = stmt.node.cap.map(|cap| match cap.node {
            ast::Cap::Contribution => RiskCap::Contribution,
            ast::Cap::Amount(money) => RiskCap::Amount(money),
        });
        Some(RiskRule {
            side: stmt.node.side.node,
            share,
            cap,
            clause: cite(&stmt.cite),
            span: stmt.span,
        })
    }

    /// Fixed shares, or `None` if any could not be resolved (so that their
    /// sum would mislead).
    fn fixed_shares(
        &mut self,
        shares: &[(ast::Ident<'a>, ast::Spanned<Decimal>)],
        role: &str,
    ) -> Option<Vec<FixedShare>> {
        let mut out: Vec<FixedShare> = Vec::new();
        let mut complete = true;
        for (who, percent) in shares {
            let Some(partner) = self.lookup(who, &[Kind::Partner], role) else {
                complete = false;
                continue;
            };
            if let Some(first) = out.iter().find(|s| s.partner.index == partner.index) {
                let first = first.partner.span;
                self.diagnostics.push(
                    Diagnostic::new(
                        Code::RepeatedStatement,
                        who.span,
                        format!("`{}` has two shares", who.name),
                    )
                    .label("second share")
                    .with_secondary(first, "first share")
                    .help("give each partner one percentage"),
                );
                complete = false;
                continue;
            }
            out.push(FixedShare {
                partner,
                percent: At {
                    value: percent.node,
                    span: percent.span,
                },
            });
        }
        complete.then_some(out)
    }

    fn obligation(&mut self, block: &ast::Block<'a, ast::ObligationItem<'a>>) -> Obligation {
        let mut obligation = Obligation {
            id: Name::new(block.id.name),
            name: block.name.value.to_string(),
            owners: Vec::new(),
            attribution: None,
            metric: None,
            baseline: None,
            target: None,
            trajectory: Trajectory::Linear,
            tolerance: None,
            reports: Vec::new(),
            on_miss: Vec::new(),
            clause: None,
            citations: Vec::new(),
            span: block.header,
        };
        let mut once = Once::default();
        let party: &[Kind] = &[Kind::Partner, Kind::Body];
        for item in &block.items {
            match item {
                ast::ObligationItem::Clause(text) => {
                    if once.first("clause", text.span, self.diagnostics) {
                        obligation.clause = Some(text.value.to_string());
                    }
                }
                ast::ObligationItem::Owner(stmt) => {
                    if once.first("owner", stmt.span, self.diagnostics) {
                        cited(&mut obligation.citations, "owner", &stmt.cite);
                        obligation.owners =
                            self.lookup_all(&stmt.node, party, "an obligation's owner");
                    }
                }
                ast::ObligationItem::Attribution(stmt) => {
                    if once.first("attribution", stmt.span, self.diagnostics) {
                        cited(&mut obligation.citations, "attribution", &stmt.cite);
                        obligation.attribution = match &stmt.node {
                            ast::Attribution::Equally => Some(Attribution::Equally),
                            ast::Attribution::Shares(shares) => self
                                .fixed_shares(shares, "an owner's attribution")
                                .map(Attribution::Shares),
                        };
                    }
                }
                ast::ObligationItem::Metric(stmt) => {
                    if once.first("metric", stmt.span, self.diagnostics) {
                        let unit = self.word(
                            &stmt.node.unit,
                            Unit::from_word,
                            Unit::WHAT,
                            Unit::SPELLINGS,
                            Unit::WORDS,
                        );
                        obligation.metric = Some(Metric {
                            name: stmt.node.name.value.to_string(),
                            unit,
                            direction: stmt.node.direction.map(|d| At {
                                value: d.node,
                                span: d.span,
                            }),
                            clause: cite(&stmt.cite),
                        });
                    }
                }
                ast::ObligationItem::Baseline(stmt) => {
                    if once.first("baseline", stmt.span, self.diagnostics) {
                        cited(&mut obligation.citations, "baseline", &stmt.cite);
                        obligation.baseline = Some(measure(&stmt.node));
                    }
                }
                ast::ObligationItem::Target(stmt) => {
                    if once.first("target", stmt.span, self.diagnostics) {
                        cited(&mut obligation.citations, "target", &stmt.cite);
                        let m = measure(&stmt.node.measure);
                        obligation.target = Some(Target {
                            bound: At {
                                value: stmt.node.bound.node,
                                span: stmt.node.bound.span,
                            },
                            value: m.value,
                            period: m.period,
                            span: stmt.span,
                        });
                    }
                }
                ast::ObligationItem::Trajectory(stmt) => {
                    if once.first("trajectory", stmt.span, self.diagnostics) {
                        cited(&mut obligation.citations, "trajectory", &stmt.cite);
                        obligation.trajectory = match &stmt.node {
                            ast::Trajectory::Linear => Trajectory::Linear,
                            ast::Trajectory::Milestones(points) => {
                                let mut points: Vec<Measure> = points.iter().map(measure).collect();
                                points.sort_by_key(|p| p.period.value);
                                Trajectory::Milestones(points)
                            }
                        };
                    }
                }
                ast::ObligationItem::Tolerance(stmt) => {
                    if once.first("tolerance", stmt.span, self.diagnostics) {
                        cited(&mut obligation.citations, "tolerance", &stmt.cite);
                        obligation.tolerance = Some(match stmt.node {
                            ast::Tolerance::Absolute(v) => Tolerance::Absolute(v.node),
                            ast::Tolerance::Relative(v) => Tolerance::Relative(v.node),
                        });
                    }
                }
                ast::ObligationItem::Report(stmt) => {
                    let cadence = self.cadence(&stmt.node.cadence);
                    let to = self.lookup_all(
                        &stmt.node.to,
                        &[Kind::Partner, Kind::Body, Kind::External],
                        "a report's recipient",
                    );
                    if let Some(cadence) = cadence {
                        obligation.reports.push(Reporting {
                            cadence,
                            to,
                            clause: cite(&stmt.cite),
                        });
                    }
                }
                ast::ObligationItem::OnMiss(stmt) => {
                    if once.first("on miss", stmt.span, self.diagnostics) {
                        obligation.on_miss = stmt
                            .node
                            .iter()
                            .filter_map(|step| self.step(step))
                            .collect();
                    }
                }
            }
        }
        let id = block.id.name;
        let has = |f: fn(&ast::ObligationItem<'_>) -> bool| block.items.iter().any(f);
        if !block.damaged {
            if !has(|i| matches!(i, ast::ObligationItem::Owner(_))) {
                self.missing(
                    block.header,
                    format!("obligation `{id}` has no owner"),
                    "add `owner PARTNER`: who is accountable if it is missed?",
                );
            }
            if !has(|i| matches!(i, ast::ObligationItem::Metric(_))) {
                self.missing(
                    block.header,
                    format!("obligation `{id}` has no metric"),
                    "add `metric \"What is measured\" in UNIT`",
                );
            }
            if !has(|i| matches!(i, ast::ObligationItem::Baseline(_))) {
                self.missing(
                    block.header,
                    format!("obligation `{id}` has no baseline"),
                    "add `baseline VALUE in PERIOD`: where the measure starts from",
                );
            }
            if !has(|i| matches!(i, ast::ObligationItem::Target(_))) {
                self.missing(
                    block.header,
                    format!("obligation `{id}` has no target"),
                    "add `target at most VALUE by PERIOD` (or `at least`)",
                );
            }
        }
        obligation
    }

    fn step(&mut self, stmt: &ast::Stmt<'a, ast::Step<'a>>) -> Option<Step> {
        let party: &[Kind] = &[Kind::Partner, Kind::Body, Kind::External];
        let action = match &stmt.node.action {
            ast::Action::Escalate { to, within } => Action::Escalate {
                to: self.lookup(
                    to,
                    &[Kind::Body, Kind::Partner, Kind::External],
                    "the body escalated to",
                )?,
                within: within.map(deadline),
            },
            ast::Action::RecoveryPlan { from, to, within } => Action::RecoveryPlan {
                from: match from {
                    Some(id) => Some(self.lookup(id, party, "the author of a recovery plan")?),
                    None => None,
                },
                to: match to {
                    Some(id) => Some(self.lookup(id, party, "the recipient of a recovery plan")?),
                    None => None,
                },
                within: within.map(deadline),
            },
            ast::Action::Withhold { amount, from } => Action::Withhold {
                amount: self.amount(amount)?,
                from: match from {
                    Some(id) => Some(self.lookup(id, party, "the party money is withheld from")?),
                    None => None,
                },
            },
            ast::Action::Clawback {
                up_to,
                amount,
                by,
                from,
            } => Action::Clawback {
                up_to: *up_to,
                amount: self.amount(amount)?,
                by: match by {
                    Some(id) => Some(self.lookup(id, party, "the party clawing back")?),
                    None => None,
                },
                from: match from {
                    Some(id) => {
                        Some(self.lookup(id, party, "the party money is clawed back from")?)
                    }
                    None => None,
                },
            },
            ast::Action::DisputeResolution => Action::DisputeResolution,
        };
        Some(Step {
            after_misses: stmt.node.ordinal.node,
            action,
            clause: cite(&stmt.cite),
            span: stmt.span,
        })
    }

    fn amount(&mut self, amount: &ast::AmountExpr<'a>) -> Option<Amount> {
        let figure = match amount.figure.node {
            ast::Figure::Money(m) => Figure::Money(m),
            ast::Figure::Percent(p) => Figure::Percent(p),
        };
        let of = match &amount.of {
            None => {
                if matches!(figure, Figure::Percent(_)) {
                    self.diagnostics.push(
                        Diagnostic::new(Code::MissingStatement, amount.figure.span, "a percentage of what?")
                            .label("no `of ...`")
                            .help("write what it is a share of: `5% of bcc contribution to ld`, `10% of ibcf`"),
                    );
                    return None;
                }
                None
            }
            Some(ast::AmountBase::Named(id)) => Some(AmountOf::Fund(self.lookup(
                id,
                &[Kind::Pool, Kind::Aligned, Kind::Grant],
                "what an amount is of",
            )?)),
            Some(ast::AmountBase::Contribution { partner, to }) => Some(AmountOf::Contribution {
                partner: self.lookup(partner, &[Kind::Partner], "a contributor")?,
                to: match to {
                    Some(id) => Some(self.lookup(
                        id,
                        &[Kind::Pool, Kind::Aligned],
                        "the pool contributed to",
                    )?),
                    None => None,
                },
            }),
        };
        Some(Amount {
            figure,
            of,
            span: amount.span,
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

fn deadline(deadline: ast::Deadline) -> Deadline {
    Deadline {
        count: deadline.count.node,
        unit: deadline.unit.node,
    }
}

fn measure(measure: &ast::Measure) -> Measure {
    let (value, written) = match measure.value.node {
        ast::Value::Money(m) => (m.as_decimal(), ValueKind::Money),
        ast::Value::Percent(p) => (p, ValueKind::Percent),
        ast::Value::Number(n) => (n, ValueKind::Number),
    };
    Measure {
        value: Quantity {
            value,
            written,
            span: measure.value.span,
        },
        period: At {
            value: measure.period.node,
            span: measure.period.span,
        },
    }
}
