//! Building governance bodies.

use rustc_hash::FxHashMap;

use super::{cited, Once, Resolver};
use crate::diagnostics::{Code, Diagnostic};
use crate::model::*;
use crate::source::Span;
use crate::syntax::ast;

/// Who may hold seats on a body: the partners, and external bodies that are
/// members without being parties (Healthwatch, the voluntary sector).
const MEMBERS: &[Kind] = &[Kind::Partner, Kind::External];

impl<'a> Resolver<'a> {
    pub(super) fn body(&mut self, block: &ast::Block<'a, ast::BodyItem<'a>>) -> Body {
        let failures = self.failures;
        let kind = block.kind.as_ref().and_then(|word| {
            self.word(
                word,
                BodyKind::from_word,
                BodyKind::WHAT,
                BodyKind::SPELLINGS,
                BodyKind::WORDS,
            )
        });
        // Gathered here, then boxed to their length: a body holds no room it
        // will not use.
        let mut seats = Vec::new();
        let mut quorum = None;
        let mut meets = None;
        let mut accountable_to: smallvec::SmallVec<[Ref; 1]> = smallvec::SmallVec::new();
        let mut remit = None;
        let mut decides = Vec::new();
        let mut marks = Vec::new();
        let mut clause = None;
        let mut citations = Vec::new();
        let mut once = Once::default();
        // Where each member was first given seats, voting or advisory.
        let mut seated: FxHashMap<(Kind, usize, bool), Span> = FxHashMap::default();
        for item in &block.items {
            match item {
                ast::BodyItem::Clause(text) => {
                    if once.first("clause", text.span, &mut self.diagnostics) {
                        clause = Some(Box::from(&*text.value));
                    }
                }
                ast::BodyItem::Marked(stmt) => marks.push(crate::model::Mark::of(stmt)),
                ast::BodyItem::Seats(stmt) => {
                    cited(&mut citations, "seats", &stmt.cite);
                    for seat in &stmt.node {
                        self.seat(seat, &mut seated, &mut seats);
                    }
                }
                ast::BodyItem::Quorum(stmt) => {
                    if !once.first("quorum", stmt.span, &mut self.diagnostics) {
                        continue;
                    }
                    cited(&mut citations, "quorum", &stmt.cite);
                    quorum = Some(self.quorum(stmt));
                }
                ast::BodyItem::Meets(stmt) => {
                    if once.first("meets", stmt.span, &mut self.diagnostics) {
                        cited(&mut citations, "meets", &stmt.cite);
                        meets = self.cadence(&stmt.node);
                    }
                }
                ast::BodyItem::AccountableTo(stmt) => {
                    cited(&mut citations, "accountable to", &stmt.cite);
                    // Straight into the body's list: one line is held
                    // in the body, with no list of its own on the way.
                    for id in &stmt.node {
                        let to = self.lookup(
                            id,
                            &[Kind::Partner, Kind::Body],
                            "a body's line of accountability",
                        );
                        accountable_to.extend(to);
                    }
                }
                ast::BodyItem::Remit(stmt) => {
                    if once.first("remit", stmt.span, &mut self.diagnostics) {
                        cited(&mut citations, "remit", &stmt.cite);
                        remit = Some(Box::from(&*stmt.node.value));
                    }
                }
                ast::BodyItem::Decides(stmt) => {
                    cited(&mut citations, "decides", &stmt.cite);
                    decides.extend(stmt.node.iter().map(|t| t.value.to_string()));
                }
            }
        }
        accountable_to.shrink_to_fit();
        let terms = BodyTerms {
            seats: seats.into_boxed_slice(),
            quorum,
            meets,
            remit,
            decides: decides.into_boxed_slice(),
            marks: marks.into_boxed_slice(),
            clause,
            citations: citations.into_boxed_slice(),
        };
        Body {
            complete: !block.damaged && self.failures == failures,
            id: self.declared_name(&block.id),
            name: self.words(&block.name),
            kind,
            accountable_to,
            span: block.header,
            terms: terms.held(),
        }
    }

    /// One member's seats; a member given voting (or advisory) seats twice
    /// is reported and its second entry dropped.
    fn seat(
        &mut self,
        seat: &ast::Seat<'a>,
        seated: &mut FxHashMap<(Kind, usize, bool), Span>,
        seats: &mut Vec<Seats>,
    ) {
        let who = &seat.holder;
        let Some(member) = self.lookup(who, MEMBERS, "a seat holder") else {
            return;
        };
        let key = (member.kind, member.index, seat.advisory);
        if let Some(&first) = seated.get(&key) {
            let which = if seat.advisory { "advisory " } else { "" };
            self.diagnostics.push(
                Diagnostic::new(
                    Code::RepeatedStatement,
                    who.span,
                    format!("`{}` is given {which}seats twice", who.name),
                )
                .label("second time")
                .with_secondary(first, "first given here")
                .help("give each member's voting seats once, and its advisory seats once"),
            );
            return;
        }
        seated.insert(key, who.span);
        let roles = self.roles(&seat.roles);
        seats.push(Seats {
            member,
            count: At {
                value: seat.count.node,
                span: seat.count.span,
            },
            roles,
            advisory: seat.advisory,
            span: seat.span,
        });
    }

    /// Role words resolved; an unknown word is reported and left out (the
    /// body is then not complete, so its counts are not checked).
    fn roles(&mut self, roles: &[ast::RoleCount<'a>]) -> Vec<RoleCount> {
        let mut resolved = Vec::with_capacity(roles.len());
        for role in roles {
            let word = self.word(
                &role.role,
                SeatRole::from_word,
                SeatRole::WHAT,
                SeatRole::SPELLINGS,
                SeatRole::WORDS,
            );
            match word {
                Some(word) => resolved.push(RoleCount {
                    role: word,
                    count: At {
                        value: role.count.node,
                        span: role.count.span,
                    },
                    span: role.role.span,
                }),
                None => self.failures += 1,
            }
        }
        resolved
    }

    fn quorum(&mut self, stmt: &ast::Stmt<'a, ast::Quorum<'a>>) -> Quorum {
        const ROLE: &str = "a member required for the quorum";
        let mut including = Vec::new();
        let mut counts = Vec::new();
        for need in &stmt.node.including {
            match need {
                ast::QuorumNeed::Partner(id) => {
                    including.extend(self.lookup(id, MEMBERS, ROLE).map(|member| vec![member]))
                }
                ast::QuorumNeed::OneOf(ids) => {
                    let group = self.lookup_all(&ids.node, MEMBERS, ROLE);
                    if !group.is_empty() {
                        including.push(group);
                    }
                }
                ast::QuorumNeed::CountOf(need) => {
                    let roles = self.roles(&need.node.roles);
                    if let Some(member) = self.lookup(&need.node.holder, MEMBERS, ROLE) {
                        counts.push(QuorumCount {
                            member,
                            count: At {
                                value: need.node.count.node,
                                span: need.node.count.span,
                            },
                            roles,
                            span: need.span,
                        });
                    }
                }
            }
        }
        Quorum {
            count: At {
                value: stmt.node.count.node,
                span: stmt.node.count.span,
            },
            including,
            counts,
            span: stmt.span,
        }
    }

    pub(super) fn cadence(&mut self, cadence: &ast::Cadence<'_>) -> Option<Cadence> {
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
}
