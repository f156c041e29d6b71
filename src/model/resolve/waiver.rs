//! Building waivers: names resolved (the obligation, its owners, the body
//! that agreed), statements given once, the required ones demanded.

use super::{cite, cited, Once, Resolver};
use crate::diagnostics::{Code, Diagnostic};
use crate::model::*;
use crate::syntax::ast;

impl<'a> Resolver<'a> {
    pub(super) fn waiver(
        &mut self,
        block: &ast::Block<'a, ast::WaiverItem<'a>>,
        earlier: &[Waiver],
    ) -> Waiver {
        if let Some(first) = earlier.iter().find(|w| w.id.as_str() == block.id.name) {
            self.diagnostics.push(
                Diagnostic::new(
                    Code::DuplicateName,
                    block.id.span,
                    format!("there is already a waiver `{}`", block.id.name),
                )
                .label("waiver declared again")
                .with_secondary(first.span, "first declared here")
                .help("every waiver needs its own name"),
            );
        }
        let mut waiver = Waiver {
            id: self.name(block.id.name),
            name: self.words(&block.name),
            owners: Vec::new(),
            obligation: None,
            from: None,
            to: None,
            agreed: None,
            expires: None,
            marks: Vec::new(),
            clause: None,
            citations: Vec::new(),
            span: block.header,
            excuses_span: None,
        };
        let mut once = Once::default();
        for item in &block.items {
            match item {
                ast::WaiverItem::Clause(text) => {
                    if once.first("clause", text.span, &mut self.diagnostics) {
                        waiver.clause = Some(text.value.to_string());
                    }
                }
                ast::WaiverItem::Marked(stmt) => waiver.marks.push(crate::model::Mark::of(stmt)),
                ast::WaiverItem::Excuses(stmt) => {
                    if once.first("excuses", stmt.span, &mut self.diagnostics) {
                        cited(&mut waiver.citations, "excuses", &stmt.cite);
                        let excuses = &stmt.node;
                        waiver.obligation = self.lookup(
                            &excuses.obligation,
                            &[Kind::Obligation],
                            "what a waiver excuses from",
                        );
                        waiver.owners = self.lookup_all(
                            &excuses.owners,
                            &[Kind::Partner, Kind::Body],
                            "an owner excused",
                        );
                        let at = |p: ast::Spanned<crate::period::Period>| At {
                            value: p.node,
                            span: p.span,
                        };
                        waiver.from = Some(at(excuses.from));
                        waiver.to = Some(at(excuses.to.unwrap_or(excuses.from)));
                        waiver.excuses_span = Some(stmt.span);
                    }
                }
                ast::WaiverItem::Agreed(stmt) => {
                    if once.first("agreed by", stmt.span, &mut self.diagnostics) {
                        cited(&mut waiver.citations, "agreed by", &stmt.cite);
                        let by = self.lookup(
                            &stmt.node.by,
                            &[Kind::Body, Kind::Partner],
                            "who agrees a waiver",
                        );
                        waiver.agreed = by.map(|by| Agreed {
                            by,
                            on: At {
                                value: stmt.node.on.node,
                                span: stmt.node.on.span,
                            },
                            minute: stmt.node.minute.as_ref().map(|m| m.value.to_string()),
                            span: stmt.span,
                        });
                    }
                }
                ast::WaiverItem::Expires(stmt) => {
                    if once.first("expires", stmt.span, &mut self.diagnostics) {
                        waiver.expires = Some(At {
                            value: stmt.node.node,
                            span: stmt.node.span,
                        });
                        if let Some(clause) = cite(&stmt.cite) {
                            waiver.citations.push(Citation {
                                statement: "expires",
                                clause,
                            });
                        }
                    }
                }
            }
        }
        if !block.damaged {
            let id = block.id.name;
            let has = |f: fn(&ast::WaiverItem<'_>) -> bool| block.items.iter().any(f);
            if !has(|i| matches!(i, ast::WaiverItem::Excuses(_))) {
                self.missing(
                    block.header,
                    format!("waiver `{id}` excuses nobody"),
                    "add `excuses OWNER from OBLIGATION for PERIOD [to PERIOD]`",
                );
            }
            if !has(|i| matches!(i, ast::WaiverItem::Agreed(_))) {
                self.missing(
                    block.header,
                    format!("waiver `{id}` does not say who agreed it"),
                    "add `agreed by BODY on DATE, minute \"REF\"`: a waiver is a decision of the board",
                );
            }
        }
        waiver
    }
}
