//! Building governance bodies.

use rustc_hash::FxHashMap;

use super::{cited, Once, Resolver};
use crate::diagnostics::{Code, Diagnostic};
use crate::model::*;
use crate::source::Span;
use crate::syntax::ast;

impl<'a> Resolver<'a, '_> {
    pub(super) fn body(&mut self, block: &ast::Block<'a, ast::BodyItem<'a>>) -> Body {
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
        // Where each partner was first given seats.
        let mut seated: FxHashMap<usize, Span> = FxHashMap::default();
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
                            if let Some(&first) = seated.get(&partner.index) {
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
                            seated.insert(partner.index, partner.span);
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
