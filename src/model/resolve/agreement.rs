//! An agreement built as its statements are read.
//!
//! Each statement is declared as it arrives and built at once when every
//! name it uses is already declared: its syntax tree is then dropped, so a
//! large agreement's tree is never whole in memory. A statement naming
//! something declared further down (`governed by board` above the board's
//! block) waits, and is built when the agreement closes, in the order
//! written, as is every statement after it of the same kind (so the model's
//! lists keep the order of the file). The agreement's own statements
//! (`clause`, `basis`, `governed by`, the contents the Regulations require)
//! are few and always wait: they are built together, in order, at the end.
//!
//! A statement that waits is kept as where it starts in the file and read
//! again when its turn comes, so that what waits costs a few bytes, not its
//! syntax tree: an agreement whose every body answers to one declared after
//! it is never whole in memory either.
//!
//! A statement is built on arrival only if no lookup failed; its problems
//! are then exactly those building it at the end would report, since a name
//! once declared keeps its first meaning. One whose lookup failed is put
//! back as if never built (its problems, the count of failures, what it
//! added to the model), and built again at the end, when every name is
//! known.

use super::*;
use crate::source::SourceFile;

/// The kinds of statement that wait in order with each other: each adds to
/// one list of the model (or, for `Head`, to the agreement's own facts).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Group {
    Head,
    Partner,
    External,
    Function,
    Body,
    Pool,
    Obligation,
    Waiver,
    Reserve,
}

impl Group {
    /// The kinds there may be many of.
    const MANY: [Group; 8] = [
        Group::Partner,
        Group::External,
        Group::Function,
        Group::Body,
        Group::Pool,
        Group::Obligation,
        Group::Waiver,
        Group::Reserve,
    ];

    fn bit(self) -> u16 {
        1 << self as u16
    }

    fn of(item: &ast::AgreementItem<'_>) -> Group {
        match item {
            ast::AgreementItem::Partner(_) => Group::Partner,
            ast::AgreementItem::External(_) => Group::External,
            ast::AgreementItem::Function(_) => Group::Function,
            ast::AgreementItem::Body(_) => Group::Body,
            ast::AgreementItem::Pool(_) | ast::AgreementItem::Aligned(_) => Group::Pool,
            ast::AgreementItem::Obligation(_) => Group::Obligation,
            ast::AgreementItem::Waiver(_) => Group::Waiver,
            ast::AgreementItem::Reserve(_) => Group::Reserve,
            _ => Group::Head,
        }
    }

    /// How many the model's list of this group holds.
    fn len(self, agreement: &Agreement) -> usize {
        match self {
            Group::Head => 0,
            Group::Partner => agreement.partners.len(),
            Group::External => agreement.externals.len(),
            Group::Function => agreement.functions.len(),
            Group::Body => agreement.bodies.len(),
            Group::Pool => agreement.pools.len(),
            Group::Obligation => agreement.obligations.len(),
            Group::Waiver => agreement.waivers.len(),
            Group::Reserve => agreement.reserves.len(),
        }
    }

    /// Makes room in the model's list of this group for `more`.
    fn reserve_exact(self, agreement: &mut Agreement, more: usize) {
        match self {
            Group::Head => {}
            Group::Partner => agreement.partners.reserve_exact(more),
            Group::External => agreement.externals.reserve_exact(more),
            Group::Function => agreement.functions.reserve_exact(more),
            Group::Body => agreement.bodies.reserve_exact(more),
            Group::Pool => agreement.pools.reserve_exact(more),
            Group::Obligation => agreement.obligations.reserve_exact(more),
            Group::Waiver => agreement.waivers.reserve_exact(more),
            Group::Reserve => agreement.reserves.reserve_exact(more),
        }
    }

    /// Takes the model's list of this group back to `len`.
    fn truncate(self, agreement: &mut Agreement, len: usize) {
        match self {
            Group::Head => {}
            Group::Partner => agreement.partners.truncate(len),
            Group::External => agreement.externals.truncate(len),
            Group::Function => agreement.functions.truncate(len),
            Group::Body => agreement.bodies.truncate(len),
            Group::Pool => agreement.pools.truncate(len),
            Group::Obligation => agreement.obligations.truncate(len),
            Group::Waiver => agreement.waivers.truncate(len),
            Group::Reserve => agreement.reserves.truncate(len),
        }
    }
}

/// How many of each kind have been declared: the next one's index.
#[derive(Default)]
struct Counts {
    partners: usize,
    externals: usize,
    functions: usize,
    bodies: usize,
    pools: usize,
    obligations: usize,
    reserves: usize,
}

fn next(counter: &mut usize) -> usize {
    let index = *counter;
    *counter += 1;
    index
}

/// A statement waiting to be built: 8 bytes, as a file may hold a million.
#[derive(Clone, Copy)]
enum Waiting {
    /// The next of the syntax trees kept (the agreement's own statements,
    /// which are few, and every statement when the file's text is not at
    /// hand).
    Tree,
    /// Where it starts in the file's text, to be read again, and its kind.
    At(u32, Group),
}

const _: () = assert!(std::mem::size_of::<Waiting>() == 8);

/// Where a statement of a kind that may be many starts.
fn start(item: &ast::AgreementItem<'_>) -> Option<u32> {
    let keyword = match item {
        ast::AgreementItem::Partner(stmt) => stmt.keyword,
        ast::AgreementItem::External(stmt) => stmt.keyword,
        ast::AgreementItem::Function(stmt) => stmt.keyword,
        ast::AgreementItem::Body(block) => block.keyword,
        ast::AgreementItem::Pool(block) | ast::AgreementItem::Aligned(block) => block.keyword,
        ast::AgreementItem::Obligation(block) => block.keyword,
        ast::AgreementItem::Waiver(block) => block.keyword,
        ast::AgreementItem::Reserve(block) => block.keyword,
        _ => return None,
    };
    Some(keyword.start)
}

/// An agreement being built from its statements as they are read.
pub struct Building<'a> {
    /// The file's text, to read waiting statements again from.
    file: Option<&'a SourceFile>,
    resolver: Resolver<'a>,
    agreement: Agreement,
    once: Once,
    counts: Counts,
    /// Statements waiting to be built at the end, in the order written.
    waiting: Vec<Waiting>,
    /// The syntax trees of the statements waiting as [`Waiting::Tree`], in
    /// the same order.
    trees: Vec<ast::AgreementItem<'a>>,
    /// Which groups have a statement waiting, a bit each.
    held: u16,
    /// Whether the imports were taken in before the first statement.
    imports_read: bool,
    term_written: bool,
    governor_written: bool,
    partners_written: bool,
    /// Whether a statement may be built on arrival; without, every one waits
    /// (the order of building the tests compare against).
    eager: bool,
}

impl<'a> Building<'a> {
    /// Starts an agreement from its header. The imports already known (the
    /// statements of a whole syntax tree) are taken in first, as if
    /// declared at its top, with the registers `imported` brings; otherwise
    /// an `import` is read where it stands, not followed. With `file`, what
    /// waits is read again from its text rather than kept.
    pub fn open(
        source: &ast::Agreement<'a>,
        imported: Option<&Imported<'a>>,
        file: Option<&'a SourceFile>,
    ) -> Building<'a> {
        let mut resolver = Resolver::new(file.map(|file| file.text.clone()));
        let mut agreement = Agreement {
            id: resolver.name(source.id.name),
            title: resolver.words(&source.title),
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
        if let Some(imported) = imported {
            resolver.import(&source.items, imported, &mut agreement);
        }
        let counts = Counts {
            partners: agreement.partners.len(),
            externals: agreement.externals.len(),
            functions: agreement.functions.len(),
            ..Counts::default()
        };
        Building {
            file,
            resolver,
            agreement,
            once: Once::default(),
            counts,
            waiting: Vec::new(),
            trees: Vec::new(),
            held: 0,
            imports_read: imported.is_some(),
            term_written: false,
            governor_written: false,
            partners_written: false,
            eager: true,
        }
    }

    /// Every statement waits until the agreement closes: all names declared
    /// before any statement is built.
    #[cfg(test)]
    fn deferred(mut self) -> Building<'a> {
        self.eager = false;
        self
    }

    /// Takes the statements read so far out of `source` and builds those it
    /// can.
    pub fn take(&mut self, source: &mut ast::Agreement<'a>) {
        let known = self.resolver.unreadable.len();
        self.resolver
            .unreadable
            .extend(source.unreadable.iter().skip(known).map(|id| id.name));
        let register = source.register;
        for item in source.items.drain(..) {
            self.statement(item, register);
        }
    }

    fn statement(&mut self, item: ast::AgreementItem<'a>, register: bool) {
        self.declare(&item);
        match &item {
            ast::AgreementItem::Term(stmt) => {
                self.term_written = true;
                // The term is read before anything else is built: totals
                // and obligations are read against it.
                if self
                    .once
                    .first("term", stmt.span, &mut self.resolver.diagnostics)
                {
                    if let Some(clause) = &stmt.cite {
                        self.agreement.citations.insert(
                            0,
                            Citation {
                                statement: "term",
                                clause: clause.value.to_string(),
                            },
                        );
                    }
                    self.agreement.term = self.resolver.term(stmt);
                }
                if register {
                    self.resolver.not_in_register(&item);
                }
                return;
            }
            ast::AgreementItem::GovernedBy(_) => self.governor_written = true,
            ast::AgreementItem::Partner(_) => self.partners_written = true,
            ast::AgreementItem::Import(_) if !self.imports_read => {
                let items = std::slice::from_ref(&item);
                self.resolver
                    .import(items, &Imported::default(), &mut self.agreement);
            }
            _ => {}
        }
        if register && !allowed_in_register(&item) {
            self.resolver.not_in_register(&item);
            return;
        }
        let group = Group::of(&item);
        let waits = !self.eager
            || group == Group::Head
            || self.held & group.bit() != 0
            // Budgets are read against the term.
            || (group == Group::Pool && !self.term_written)
            || !self.try_build(&item, group);
        if waits {
            self.held |= group.bit();
            let waiting = match (self.file, start(&item)) {
                (Some(_), Some(start)) => Waiting::At(start, group),
                _ => {
                    self.trees.push(item);
                    Waiting::Tree
                }
            };
            self.waiting.push(waiting);
        }
    }

    /// Builds `item` if every name it uses is known; otherwise leaves the
    /// model, the problems and the count of failures as they were.
    fn try_build(&mut self, item: &ast::AgreementItem<'a>, group: Group) -> bool {
        let failures = self.resolver.failures;
        let len = group.len(&self.agreement);
        let outer = std::mem::take(&mut self.resolver.diagnostics);
        self.resolver
            .build(item, &mut self.agreement, &mut self.once);
        let found = std::mem::replace(&mut self.resolver.diagnostics, outer);
        if self.resolver.failures == failures {
            self.resolver.diagnostics.extend(found);
            true
        } else {
            self.resolver.failures = failures;
            group.truncate(&mut self.agreement, len);
            false
        }
    }

    /// Enters the names `item` declares, in the order written.
    fn declare(&mut self, item: &ast::AgreementItem<'a>) {
        let counts = &mut self.counts;
        let resolver = &mut self.resolver;
        match item {
            ast::AgreementItem::Partner(stmt) => resolver.declare(
                &stmt.node.party.id,
                Kind::Partner,
                next(&mut counts.partners),
            ),
            ast::AgreementItem::External(stmt) => {
                resolver.declare(&stmt.node.id, Kind::External, next(&mut counts.externals))
            }
            ast::AgreementItem::Function(stmt) => {
                resolver.declare(&stmt.node.id, Kind::Function, next(&mut counts.functions))
            }
            ast::AgreementItem::Body(block) => {
                resolver.declare(&block.id, Kind::Body, next(&mut counts.bodies))
            }
            ast::AgreementItem::Pool(block) | ast::AgreementItem::Aligned(block) => {
                let kind = if matches!(item, ast::AgreementItem::Pool(_)) {
                    Kind::Pool
                } else {
                    Kind::Aligned
                };
                let index = next(&mut counts.pools);
                resolver.declare(&block.id, kind, index);
                for pool_item in &block.items {
                    match pool_item {
                        ast::PoolItem::Grant(grant) => {
                            resolver.declare(&grant.node.id, Kind::Grant, index);
                        }
                        ast::PoolItem::Scheme(scheme) => {
                            resolver.declare(&scheme.id, Kind::Scheme, index);
                        }
                        _ => {}
                    }
                }
            }
            ast::AgreementItem::Obligation(block) => {
                resolver.declare(&block.id, Kind::Obligation, next(&mut counts.obligations));
            }
            ast::AgreementItem::Reserve(block) => {
                resolver.declare(&block.id, Kind::Reserve, next(&mut counts.reserves));
            }
            _ => {}
        }
    }

    /// Builds what waited, now that every name is known, and reports what
    /// the agreement lacks: the model and its problems.
    pub fn finish(mut self, source: ast::Agreement<'a>) -> (Agreement, Diagnostics) {
        let mut source = source;
        self.take(&mut source);
        let waiting = std::mem::take(&mut self.waiting);
        let mut trees = std::mem::take(&mut self.trees).into_iter();
        // Room for exactly what waits, so that a list of a million is not
        // moved as it doubles.
        for group in Group::MANY {
            let count = waiting
                .iter()
                .filter(|w| matches!(w, Waiting::At(_, g) if *g == group))
                .count();
            group.reserve_exact(&mut self.agreement, count);
        }
        for waiting in waiting {
            let item = match waiting {
                Waiting::Tree => trees.next(),
                Waiting::At(start, _) => self
                    .file
                    .and_then(|file| crate::syntax::item_at(file, start as usize)),
            };
            // Read again, the same text gives the same tree: it is there.
            if let Some(item) = item {
                self.resolver
                    .build(&item, &mut self.agreement, &mut self.once);
            }
        }
        let header = source.header;
        let id = source.id.name;
        if !source.damaged && !source.register {
            if !self.term_written {
                self.resolver.missing(
                    header,
                    format!("agreement `{id}` has no term"),
                    "add `term 2017/18 to 2018/19` (the first and last financial years)",
                );
            }
            if !self.governor_written {
                self.resolver.missing(
                    header,
                    format!("agreement `{id}` names no governing body"),
                    "add `governed by BODY`, naming the board that oversees the agreement",
                );
            }
            if !self.partners_written
                && self.agreement.partners.is_empty()
                && !self.resolver.import_failed
            {
                self.resolver.missing(
                    header,
                    format!("agreement `{id}` has no partners"),
                    "add a line `partner ID \"Name\" kind` for each party",
                );
            }
        }
        self.agreement.damaged = source.damaged;
        // What is checked next is held beside the model: none of its lists
        // keeps room it will not use.
        let agreement = &mut self.agreement;
        agreement.partners.shrink_to_fit();
        agreement.externals.shrink_to_fit();
        agreement.functions.shrink_to_fit();
        agreement.bodies.shrink_to_fit();
        agreement.pools.shrink_to_fit();
        agreement.obligations.shrink_to_fit();
        agreement.waivers.shrink_to_fit();
        agreement.reserves.shrink_to_fit();
        (self.agreement, self.resolver.diagnostics)
    }
}

/// Resolves the agreements of a file as its pieces are read (see
/// [`crate::syntax::parse_into`]): the file's syntax tree is never whole.
pub struct Resolving<'a> {
    file: &'a SourceFile,
    building: Option<Building<'a>>,
    /// Each agreement built, with the problems building it found, in the
    /// order of the file.
    pub built: Vec<(Agreement, Diagnostics)>,
    /// What the file's agreements import, as written, with where: if
    /// anything, their models here were built without the imported names.
    pub imports: Vec<(String, Span)>,
}

impl<'a> Resolving<'a> {
    /// Ready to resolve the agreements of `file`.
    pub fn new(file: &'a SourceFile) -> Resolving<'a> {
        Resolving {
            file,
            building: None,
            built: Vec::new(),
            imports: Vec::new(),
        }
    }
}

impl<'a> crate::syntax::Pieces<'a> for Resolving<'a> {
    fn read(&mut self, agreement: &mut ast::Agreement<'a>) {
        imports_in(agreement, &mut self.imports);
        self.building
            .get_or_insert_with(|| Building::open(agreement, None, Some(self.file)))
            .take(agreement);
    }

    fn closed(&mut self, agreement: ast::Agreement<'a>) {
        let building = self
            .building
            .take()
            .unwrap_or_else(|| Building::open(&agreement, None, Some(self.file)));
        self.built.push(building.finish(agreement));
    }
}

#[cfg(test)]
#[path = "agreement_tests.rs"]
mod tests;

impl<'a> Resolver<'a> {
    /// Builds one statement (the term aside) into `agreement`.
    fn build(&mut self, item: &ast::AgreementItem<'a>, agreement: &mut Agreement, once: &mut Once) {
        match item {
            ast::AgreementItem::Import(stmt) => {
                agreement.imports.push(At {
                    value: stmt.node.value.to_string(),
                    span: stmt.node.span,
                });
            }
            ast::AgreementItem::Clause(text) => {
                if once.first("clause", text.span, &mut self.diagnostics) {
                    agreement.clause = Some(text.value.to_string());
                }
            }
            ast::AgreementItem::Marked(stmt) => agreement.marks.push(crate::model::Mark::of(stmt)),
            ast::AgreementItem::Basis(stmt) => {
                if once.first("basis", stmt.span, &mut self.diagnostics) {
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
                if once.first("signed", stmt.span, &mut self.diagnostics) {
                    cited(&mut agreement.citations, "signed", &stmt.cite);
                    agreement.signed = Some(At {
                        value: stmt.node.node,
                        span: stmt.node.span,
                    });
                }
            }
            ast::AgreementItem::Term(_) => {}
            ast::AgreementItem::GovernedBy(stmt) => {
                if once.first("governed by", stmt.span, &mut self.diagnostics) {
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
                    id: self.declared_name(&party.id),
                    name: self.words(&party.name),
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
                    id: self.declared_name(&stmt.node.id),
                    name: self.words(&stmt.node.name),
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
                    id: self.declared_name(&stmt.node.id),
                    name: self.words(&stmt.node.name),
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
            ast::AgreementItem::Content(stmt) => self.content(stmt, once, agreement),
        }
    }
}
