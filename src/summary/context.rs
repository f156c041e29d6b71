//! What the sentences need to know about the agreement beyond the fact in
//! hand: the full names of the things referred to, and where each fact is
//! written (its clause, else its block's, else the agreement's, else the
//! line of the file).

use super::document::Cite;
use crate::model::{Agreement, Citation, FixedShare, Kind, Ref};
use crate::source::{SourceFile, Span};

/// The agreement being summarised and the file it was read from.
#[derive(Clone, Copy)]
pub struct Context<'a> {
    /// The agreement.
    pub agreement: &'a Agreement,
    /// Its file, for line numbers.
    pub file: &'a SourceFile,
}

impl<'a> Context<'a> {
    /// Fixed shares in words: `NHS Birmingham East and North 40%, Birmingham
    /// City Council 20% and ...`.
    pub fn shares(&self, shares: &[FixedShare]) -> String {
        let parts: Vec<String> = shares
            .iter()
            .map(|s| {
                format!(
                    "{} {}%",
                    self.name(&s.partner),
                    super::words::decimal(s.percent.value)
                )
            })
            .collect();
        super::words::list(&parts)
    }

    /// The full name of the thing a reference names (a partner's
    /// "Birmingham City Council", not `bcc`).
    pub fn name(&self, r: &Ref) -> String {
        let a = self.agreement;
        let found = match r.kind {
            Kind::Partner => a.partners.get(r.index).map(|p| p.name.to_string()),
            Kind::External => a.externals.get(r.index).map(|e| e.name.to_string()),
            Kind::Function => a.functions.get(r.index).map(|f| f.name.to_string()),
            Kind::Body => a.bodies.get(r.index).map(|b| b.name.to_string()),
            Kind::Pool | Kind::Aligned => a.pools.get(r.index).map(|p| p.name.to_string()),
            Kind::Grant => a.pools.get(r.index).and_then(|p| {
                p.grants
                    .iter()
                    .find(|g| g.id == r.name)
                    .map(|g| g.name.to_string())
            }),
            Kind::Obligation => a.obligations.get(r.index).map(|o| o.name.to_string()),
            Kind::Scheme => a.pools.get(r.index).and_then(|p| {
                p.schemes
                    .iter()
                    .find(|s| s.id == r.name)
                    .map(|s| s.name.to_string())
            }),
            Kind::Reserve => a.reserves.get(r.index).map(|x| x.name.to_string()),
        };
        found.unwrap_or_else(|| r.name.to_string())
    }

    /// The full names of several references.
    pub fn names(&self, refs: &[Ref]) -> Vec<String> {
        refs.iter().map(|r| self.name(r)).collect()
    }

    /// The line a span starts on, counting from 1.
    pub fn line(&self, span: Span) -> usize {
        self.file.line_col(span.range().start).line
    }

    /// Where a fact is written: the first clause given, from the most
    /// specific (the statement's own) to the least (the agreement's), else
    /// the line of `span`.
    pub fn cite(&self, clauses: &[Option<&str>], span: Span) -> Cite {
        clauses.iter().flatten().next().map_or_else(
            || Cite::Line(self.line(span)),
            |c| Cite::Clause((*c).to_owned()),
        )
    }

    /// Like [`Context::cite`], with the block's clause and the agreement's
    /// added after `own`.
    pub fn cite_in(&self, own: Option<&str>, block: Option<&str>, span: Span) -> Cite {
        self.cite(&[own, block, self.agreement.clause.as_deref()], span)
    }
}

/// The clause a one-line statement cites, from a block's list of citations.
pub fn cited<'c>(citations: &'c [Citation], statement: &str) -> Option<&'c str> {
    citations
        .iter()
        .find(|c| c.statement == statement)
        .map(|c| c.clause.as_str())
}
