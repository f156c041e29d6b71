//! Lowering pest's parse tree to the typed syntax tree ([`super::ast`]).
//!
//! One function per grammar rule. Literals become exact values here (money in
//! pence, financial years, percentages), and a literal that is not valid gets
//! its own diagnostic at its own span. A parse-tree shape the function does
//! not expect (which would mean grammar and code disagree) is reported as a
//! syntax error on that statement, never a panic. Lines swallowed by the
//! grammar's recovery rules are explained by [`super::explain`].

use std::borrow::Cow;
use std::iter::Peekable;

use pest::iterators::{Pair, Pairs};
use rust_decimal::Decimal;

use super::ast::*;
use super::explain::{explain, Context};
use super::parser::Rule;
use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::money::{parse_number, parse_percent, LiteralError, Money};
use crate::period::{Date, FinancialYear, Period, PeriodError};
use crate::source::{FileId, Span};

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
        let start = self.base + pair.as_span().start();
        let text = pair.as_str();
        let trimmed = text.trim_end().len();
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
        let start = self.base + pair.as_span().start();
        let len = pair
            .as_str()
            .find(|c: char| !c.is_ascii_alphabetic())
            .unwrap_or(pair.as_str().len());
        Span::new(self.file, start, start + len)
    }

    /// The header line of an agreement, `agreement ID "Title" {`; its
    /// statements are added one by one with [`Lowerer::agreement_item`].
    pub fn open_agreement<'a>(&mut self, pair: P<'a>) -> Option<Agreement<'a>> {
        let header = self.header_span(&pair);
        let mut kids = children_of(pair.clone());
        let (Some(id), Some(title)) = (take(&mut kids, Rule::ident), take(&mut kids, Rule::string))
        else {
            self.shape(&pair);
            return None;
        };
        Some(Agreement {
            id: self.ident(&id),
            title: self.text(id.clone(), title),
            header,
            items: Vec::new(),
            damaged: false,
            unreadable: Vec::new(),
        })
    }

    /// One statement or block of an agreement.
    pub fn agreement_item<'a>(&mut self, agreement: &mut Agreement<'a>, item: P<'a>) {
        let lowered = match item.as_rule() {
            Rule::clause_stmt => self.clause(item).map(AgreementItem::Clause),
            Rule::basis_stmt => self.stmt(item, Self::basis).map(AgreementItem::Basis),
            Rule::signed_stmt => self.stmt(item, Self::signed).map(AgreementItem::Signed),
            Rule::term_stmt => self.stmt(item, Self::term).map(AgreementItem::Term),
            Rule::governed_stmt => self
                .stmt(item, Self::one_ident)
                .map(AgreementItem::GovernedBy),
            Rule::partner_stmt => self.stmt(item, Self::party).map(AgreementItem::Partner),
            Rule::external_stmt => self.stmt(item, Self::party).map(AgreementItem::External),
            Rule::function_stmt => self.stmt(item, Self::party).map(AgreementItem::Function),
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
            Rule::bad_agreement_item => {
                agreement.unreadable.extend(self.declared_name(&item));
                self.bad(item, Context::Agreement);
                None
            }
            _ => {
                self.shape(&item);
                None
            }
        };
        match lowered {
            Some(item) => agreement.items.push(item),
            None => agreement.damaged = true,
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
        let mut block = Block {
            id: self.ident(&id),
            name: self.text(id.clone(), name),
            header,
            keyword,
            items: Vec::new(),
            damaged: false,
        };
        for child in kids {
            let rule = child.as_rule();
            if matches!(
                rule,
                Rule::bad_body_item | Rule::bad_pool_item | Rule::bad_obligation_item
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
        let inner = pair.clone().into_inner().next()?;
        Some(self.text(pair, inner))
    }

    fn clause<'a>(&mut self, pair: P<'a>) -> Option<Text<'a>> {
        let inner = pair.clone().into_inner().next();
        match inner {
            Some(string) => Some(self.text(pair, string)),
            None => {
                self.shape(&pair);
                None
            }
        }
    }

    /// A quoted text; `_owner` is the pair it belongs to (for error spans).
    fn text<'a>(&mut self, _owner: P<'a>, string: P<'a>) -> Text<'a> {
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
            act: self.text(act.clone(), act),
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

    fn one_ident<'a>(&mut self, kids: &mut Kids<'a>) -> Option<Ident<'a>> {
        let id = kids.next_if(|p| p.as_rule() == Rule::ident)?;
        Some(self.ident(&id))
    }

    fn party<'a>(&mut self, kids: &mut Kids<'a>) -> Option<Party<'a>> {
        let id = kids.next_if(|p| p.as_rule() == Rule::ident)?;
        let name = kids.next_if(|p| p.as_rule() == Rule::string)?;
        let kind = kids.next_if(|p| p.as_rule() == Rule::ident);
        Some(Party {
            id: self.ident(&id),
            name: self.text(name.clone(), name),
            kind: kind.map(|k| self.ident(&k)),
        })
    }

    // ----- bodies -----

    fn body_item<'a>(&mut self, pair: P<'a>) -> Result<Option<BodyItem<'a>>, ()> {
        Ok(match pair.as_rule() {
            Rule::clause_stmt => self.clause(pair).map(BodyItem::Clause),
            Rule::seats_stmt => self.stmt(pair, Self::seats).map(BodyItem::Seats),
            Rule::quorum_stmt => self.stmt(pair, Self::quorum).map(BodyItem::Quorum),
            Rule::meets_stmt => self.stmt(pair, Self::cadence_stmt).map(BodyItem::Meets),
            Rule::accountable_stmt => self
                .stmt(pair, Self::ident_list_stmt)
                .map(BodyItem::AccountableTo),
            _ => {
                self.shape(&pair);
                return Err(());
            }
        })
    }

    fn seats<'a>(&mut self, kids: &mut Kids<'a>) -> Option<Vec<(Ident<'a>, Spanned<u32>)>> {
        let mut seats = Vec::new();
        let mut ok = true;
        while let Some(seat) = kids.next_if(|p| p.as_rule() == Rule::seat) {
            let mut inner = seat.into_inner();
            let (Some(who), Some(count)) = (inner.next(), inner.next()) else {
                ok = false;
                continue;
            };
            match self.integer(&count) {
                Some(count) => seats.push((self.ident(&who), count)),
                None => ok = false,
            }
        }
        ok.then_some(seats)
    }

    fn quorum<'a>(&mut self, kids: &mut Kids<'a>) -> Option<Quorum<'a>> {
        let count = kids.next_if(|p| p.as_rule() == Rule::integer)?;
        let count = self.integer(&count)?;
        let mut including = Vec::new();
        while let Some(need) = kids.next_if(|p| p.as_rule() == Rule::quorum_need) {
            let inner = need.into_inner().next()?;
            match inner.as_rule() {
                Rule::ident => including.push(QuorumNeed::Partner(self.ident(&inner))),
                Rule::one_of => {
                    let span = self.span(&inner);
                    let names = inner.into_inner().map(|p| self.ident(&p)).collect();
                    including.push(QuorumNeed::OneOf(Spanned { node: names, span }));
                }
                _ => return None,
            }
        }
        Some(Quorum { count, including })
    }

    fn cadence_stmt<'a>(&mut self, kids: &mut Kids<'a>) -> Option<Cadence<'a>> {
        let cadence = kids.next_if(|p| p.as_rule() == Rule::cadence)?;
        self.cadence(cadence)
    }

    fn cadence<'a>(&mut self, pair: P<'a>) -> Option<Cadence<'a>> {
        let inner = pair.into_inner().next()?;
        match inner.as_rule() {
            Rule::word => Some(Cadence::Word(self.ident(&inner))),
            Rule::every_n => {
                let mut parts = inner.into_inner();
                let count = parts.next()?;
                let unit = parts.next()?;
                Some(Cadence::Every(
                    self.integer(&count)?,
                    self.time_unit(&unit)?,
                ))
            }
            _ => None,
        }
    }

    fn time_unit(&mut self, pair: &P<'_>) -> Option<Spanned<TimeUnit>> {
        let node = match pair.as_str() {
            "day" | "days" => TimeUnit::Days,
            "week" | "weeks" => TimeUnit::Weeks,
            "month" | "months" => TimeUnit::Months,
            _ => return None,
        };
        Some(Spanned {
            node,
            span: self.span(pair),
        })
    }

    fn ident_list_stmt<'a>(&mut self, kids: &mut Kids<'a>) -> Option<Vec<Ident<'a>>> {
        let list = kids.next_if(|p| p.as_rule() == Rule::ident_list)?;
        Some(self.ident_list(list))
    }

    fn ident_list<'a>(&mut self, pair: P<'a>) -> Vec<Ident<'a>> {
        pair.into_inner().map(|p| self.ident(&p)).collect()
    }

    // ----- pools -----

    fn pool_item<'a>(&mut self, pair: P<'a>) -> Result<Option<PoolItem<'a>>, ()> {
        Ok(match pair.as_rule() {
            Rule::clause_stmt => self.clause(pair).map(PoolItem::Clause),
            Rule::host_stmt => self.stmt(pair, Self::one_ident).map(PoolItem::Host),
            Rule::manager_stmt => self.stmt(pair, Self::manager).map(PoolItem::Manager),
            Rule::functions_stmt => self
                .stmt(pair, Self::ident_list_stmt)
                .map(PoolItem::Functions),
            Rule::lead_stmt => self.stmt(pair, Self::lead).map(PoolItem::Lead),
            Rule::contributions_stmt => self
                .stmt(pair, Self::contributions)
                .map(PoolItem::Contributions),
            Rule::grant_stmt => self.stmt(pair, Self::grant).map(PoolItem::Grant),
            Rule::total_stmt => self.stmt(pair, Self::total).map(PoolItem::Total),
            Rule::risk_stmt => self.stmt(pair, Self::risk).map(PoolItem::Risk),
            _ => {
                self.shape(&pair);
                return Err(());
            }
        })
    }

    fn manager<'a>(&mut self, kids: &mut Kids<'a>) -> Option<Manager<'a>> {
        let title = kids.next_if(|p| p.as_rule() == Rule::string)?;
        let of = kids.next_if(|p| p.as_rule() == Rule::ident);
        Some(Manager {
            title: self.text(title.clone(), title),
            of: of.map(|p| self.ident(&p)),
        })
    }

    fn lead<'a>(&mut self, kids: &mut Kids<'a>) -> Option<Lead<'a>> {
        let lead = kids.next_if(|p| p.as_rule() == Rule::ident)?;
        let functions = kids.next_if(|p| p.as_rule() == Rule::ident_list)?;
        let partners = kids.next_if(|p| p.as_rule() == Rule::ident_list)?;
        Some(Lead {
            lead: self.ident(&lead),
            functions: self.ident_list(functions),
            on_behalf_of: self.ident_list(partners),
        })
    }

    fn contributions<'a>(&mut self, kids: &mut Kids<'a>) -> Option<Contributions<'a>> {
        let year = kids.next_if(|p| p.as_rule() == Rule::year)?;
        let year = self.year(&year);
        let mut entries = Vec::new();
        let mut ok = true;
        while let Some(entry) = kids.next_if(|p| p.as_rule() == Rule::amount_entry) {
            let mut inner = entry.into_inner();
            let (Some(who), Some(amount)) = (inner.next(), inner.next()) else {
                ok = false;
                continue;
            };
            match self.money(&amount) {
                Some(amount) => entries.push((self.ident(&who), amount)),
                None => ok = false,
            }
        }
        let year = year?;
        ok.then_some(Contributions { year, entries })
    }

    fn grant<'a>(&mut self, kids: &mut Kids<'a>) -> Option<Grant<'a>> {
        let id = kids.next_if(|p| p.as_rule() == Rule::ident)?;
        let name = kids.next_if(|p| p.as_rule() == Rule::string)?;
        let from = kids.next_if(|p| p.as_rule() == Rule::ident)?;
        let through = kids.next_if(|p| p.as_rule() == Rule::ident)?;
        let mut amounts = Vec::new();
        let mut ok = true;
        while let Some(entry) = kids.next_if(|p| p.as_rule() == Rule::year_amount) {
            let mut inner = entry.into_inner();
            let (Some(year), Some(amount)) = (inner.next(), inner.next()) else {
                ok = false;
                continue;
            };
            match (self.year(&year), self.money(&amount)) {
                (Some(year), Some(amount)) => amounts.push((year, amount)),
                _ => ok = false,
            }
        }
        ok.then(|| Grant {
            id: self.ident(&id),
            name: self.text(name.clone(), name),
            from: self.ident(&from),
            through: self.ident(&through),
            amounts,
        })
    }

    fn total<'a>(&mut self, kids: &mut Kids<'a>) -> Option<Total> {
        let amount = kids.next_if(|p| p.as_rule() == Rule::money)?;
        let amount = self.money(&amount);
        let covers = match kids.next_if(|p| {
            matches!(
                p.as_rule(),
                Rule::total_each | Rule::total_in | Rule::total_over
            )
        }) {
            None => TotalCovers::Term,
            Some(p) if p.as_rule() == Rule::total_each => TotalCovers::EachYear,
            Some(p) if p.as_rule() == Rule::total_in => {
                let year = p.into_inner().next()?;
                TotalCovers::Year(self.year(&year)?)
            }
            Some(p) => {
                let mut years = p.into_inner();
                let (first, last) = (years.next()?, years.next()?);
                let (first, last) = (self.year(&first), self.year(&last));
                TotalCovers::Range(first?, last?)
            }
        };
        Some(Total {
            amount: amount?,
            covers,
        })
    }

    fn risk<'a>(&mut self, kids: &mut Kids<'a>) -> Option<Risk<'a>> {
        let side_pair = kids.next_if(|p| p.as_rule() == Rule::risk_side)?;
        let side = Spanned {
            node: if side_pair.as_str() == "overspend" {
                RiskSide::Overspend
            } else {
                RiskSide::Underspend
            },
            span: self.span(&side_pair),
        };
        let rule_pair = kids.next()?;
        let rule_span = self.span(&rule_pair);
        let rule = match rule_pair.as_rule() {
            Rule::by_contribution => ShareRule::ByContribution,
            Rule::equally => ShareRule::Equally,
            Rule::retained => ShareRule::Retained,
            Rule::borne_by => {
                let who = rule_pair.into_inner().next()?;
                if who.as_str() == "host" {
                    ShareRule::BorneBy(None)
                } else {
                    ShareRule::BorneBy(Some(self.ident(&who)))
                }
            }
            Rule::fixed_shares => ShareRule::Fixed(self.shares(rule_pair.into_inner())?),
            _ => return None,
        };
        let cap = match kids.next_if(|p| p.as_rule() == Rule::cap) {
            None => None,
            Some(cap) => {
                let span = self.span(&cap);
                let inner = cap.into_inner().next()?;
                let node = match inner.as_rule() {
                    Rule::cap_contribution => Cap::Contribution,
                    _ => Cap::Amount(self.money(&inner)?.node),
                };
                Some(Spanned { node, span })
            }
        };
        Some(Risk {
            side,
            rule: Spanned {
                node: rule,
                span: rule_span,
            },
            cap,
        })
    }

    fn shares<'a>(&mut self, pairs: Pairs<'a, Rule>) -> Option<Vec<(Ident<'a>, Spanned<Decimal>)>> {
        let mut shares = Vec::new();
        let mut ok = true;
        for share in pairs {
            let mut inner = share.into_inner();
            let (Some(who), Some(percent)) = (inner.next(), inner.next()) else {
                ok = false;
                continue;
            };
            match self.percent(&percent) {
                Some(p) if p.node.is_sign_negative() || p.node > Decimal::ONE_HUNDRED => {
                    self.diagnostics.push(
                        Diagnostic::new(
                            Code::InvalidPercent,
                            p.span,
                            "a share must be between 0% and 100%",
                        )
                        .label("not a share")
                        .help("a share is a part of the whole amount: from 0% to 100%"),
                    );
                    ok = false;
                }
                Some(p) => shares.push((self.ident(&who), p)),
                None => ok = false,
            }
        }
        ok.then_some(shares)
    }

    // ----- obligations -----

    fn obligation_item<'a>(&mut self, pair: P<'a>) -> Result<Option<ObligationItem<'a>>, ()> {
        Ok(match pair.as_rule() {
            Rule::clause_stmt => self.clause(pair).map(ObligationItem::Clause),
            Rule::owner_stmt => self
                .stmt(pair, Self::ident_list_stmt)
                .map(ObligationItem::Owner),
            Rule::attribution_stmt => self
                .stmt(pair, Self::attribution)
                .map(ObligationItem::Attribution),
            Rule::metric_stmt => self.stmt(pair, Self::metric).map(ObligationItem::Metric),
            Rule::baseline_stmt => self.stmt(pair, Self::measure).map(ObligationItem::Baseline),
            Rule::target_stmt => self.stmt(pair, Self::target).map(ObligationItem::Target),
            Rule::trajectory_stmt => self
                .stmt(pair, Self::trajectory)
                .map(ObligationItem::Trajectory),
            Rule::tolerance_stmt => self
                .stmt(pair, Self::tolerance)
                .map(ObligationItem::Tolerance),
            Rule::report_stmt => self.stmt(pair, Self::report).map(ObligationItem::Report),
            Rule::on_miss_block => self.on_miss(pair).map(ObligationItem::OnMiss),
            _ => {
                self.shape(&pair);
                return Err(());
            }
        })
    }

    fn attribution<'a>(&mut self, kids: &mut Kids<'a>) -> Option<Attribution<'a>> {
        if kids
            .next_if(|p| p.as_rule() == Rule::attribution_equal)
            .is_some()
        {
            return Some(Attribution::Equally);
        }
        let mut shares = Vec::new();
        while let Some(share) = kids.next_if(|p| p.as_rule() == Rule::share) {
            shares.push(share);
        }
        let pairs: Vec<P<'a>> = shares;
        let mut lowered = Vec::new();
        let mut ok = true;
        for share in pairs {
            let single = Pairs::single(share);
            match self.shares(single) {
                Some(mut s) => lowered.append(&mut s),
                None => ok = false,
            }
        }
        ok.then_some(Attribution::Shares(lowered))
    }

    fn metric<'a>(&mut self, kids: &mut Kids<'a>) -> Option<Metric<'a>> {
        let name = kids.next_if(|p| p.as_rule() == Rule::string)?;
        let unit = kids.next_if(|p| p.as_rule() == Rule::ident)?;
        let direction = kids
            .next_if(|p| p.as_rule() == Rule::direction)
            .map(|d| Spanned {
                node: if d.as_str().starts_with("lower") {
                    Direction::LowerIsBetter
                } else {
                    Direction::HigherIsBetter
                },
                span: self.span(&d),
            });
        Some(Metric {
            name: self.text(name.clone(), name),
            unit: self.ident(&unit),
            direction,
        })
    }

    fn measure<'a>(&mut self, kids: &mut Kids<'a>) -> Option<Measure> {
        let value = kids.next()?;
        let period = kids.next()?;
        let (value, period) = (self.value(&value), self.period(period));
        Some(Measure {
            value: value?,
            period: period?,
        })
    }

    fn target<'a>(&mut self, kids: &mut Kids<'a>) -> Option<Target> {
        let bound = kids.next_if(|p| p.as_rule() == Rule::bound)?;
        let bound = Spanned {
            node: if bound.as_str().ends_with("most") {
                Bound::AtMost
            } else {
                Bound::AtLeast
            },
            span: self.span(&bound),
        };
        let measure = self.measure(kids)?;
        Some(Target { bound, measure })
    }

    fn trajectory<'a>(&mut self, kids: &mut Kids<'a>) -> Option<Trajectory> {
        let kind = kids.next()?;
        match kind.as_rule() {
            Rule::linear => Some(Trajectory::Linear),
            Rule::milestones => {
                let mut points = Vec::new();
                let mut ok = true;
                for milestone in kind.into_inner() {
                    let mut inner = children_of(milestone);
                    match self.milestone(&mut inner) {
                        Some(point) => points.push(point),
                        None => ok = false,
                    }
                }
                ok.then_some(Trajectory::Milestones(points))
            }
            _ => None,
        }
    }

    fn milestone<'a>(&mut self, kids: &mut Kids<'a>) -> Option<Measure> {
        let period = kids.next()?;
        let value = kids.next()?;
        let (period, value) = (self.period(period), self.value(&value));
        Some(Measure {
            value: value?,
            period: period?,
        })
    }

    fn tolerance<'a>(&mut self, kids: &mut Kids<'a>) -> Option<Tolerance> {
        let kind = kids.next()?;
        let rule = kind.as_rule();
        let figure = kind.into_inner().next()?;
        match rule {
            Rule::absolute_tolerance => {
                let value = self.number(&figure)?;
                Some(Tolerance::Absolute(value))
            }
            Rule::relative_tolerance => Some(Tolerance::Relative(self.percent(&figure)?)),
            _ => None,
        }
    }

    fn report<'a>(&mut self, kids: &mut Kids<'a>) -> Option<Report<'a>> {
        let cadence = kids.next_if(|p| p.as_rule() == Rule::cadence)?;
        let cadence = self.cadence(cadence)?;
        let to = kids.next_if(|p| p.as_rule() == Rule::ident_list)?;
        Some(Report {
            cadence,
            to: self.ident_list(to),
        })
    }

    fn on_miss<'a>(&mut self, pair: P<'a>) -> Option<Stmt<'a, Vec<Stmt<'a, Step<'a>>>>> {
        let span = self.header_span(&pair);
        let keyword = self.keyword_span(&pair);
        let mut steps = Vec::new();
        let mut ok = true;
        for child in pair.into_inner() {
            match child.as_rule() {
                Rule::step => match self.stmt(child, Self::step) {
                    Some(step) => steps.push(step),
                    None => ok = false,
                },
                Rule::bad_step => {
                    self.bad(child, Context::Step);
                    ok = false;
                }
                _ => {
                    self.shape(&child);
                    ok = false;
                }
            }
        }
        ok.then_some(Stmt {
            node: steps,
            span,
            keyword,
            cite: None,
        })
    }

    fn step<'a>(&mut self, kids: &mut Kids<'a>) -> Option<Step<'a>> {
        let ordinal = kids.next_if(|p| p.as_rule() == Rule::ordinal)?;
        let digits: String = ordinal
            .as_str()
            .chars()
            .take_while(char::is_ascii_digit)
            .collect();
        let ordinal = match digits.parse::<u32>() {
            Ok(n) if n > 0 => Spanned {
                node: n,
                span: self.span(&ordinal),
            },
            _ => {
                let span = self.span(&ordinal);
                self.diagnostics.push(
                    Diagnostic::new(Code::InvalidNumber, span, "a step is counted from `1st`")
                        .label("not a step number"),
                );
                return None;
            }
        };
        let action = kids.next()?;
        let action = self.action(action)?;
        Some(Step { ordinal, action })
    }

    fn action<'a>(&mut self, pair: P<'a>) -> Option<Action<'a>> {
        let rule = pair.as_rule();
        let mut kids = children_of(pair);
        match rule {
            Rule::escalate => {
                let to = kids.next_if(|p| p.as_rule() == Rule::ident)?;
                let within = self.deadline(&mut kids)?;
                Some(Action::Escalate {
                    to: self.ident(&to),
                    within,
                })
            }
            Rule::recovery_plan => {
                let text_before: Vec<P<'a>> = kids.clone().collect();
                let mut from = None;
                let mut to = None;
                for p in &text_before {
                    if p.as_rule() != Rule::ident {
                        continue;
                    }
                    // `from X` and `to Y` are told apart by the word before the name.
                    let before = preceding_word(p);
                    if before == "from" {
                        from = Some(self.ident(p));
                    } else {
                        to = Some(self.ident(p));
                    }
                }
                let mut rest = kids.skip_while(|p| p.as_rule() == Rule::ident).peekable();
                let within = self.deadline(&mut rest)?;
                Some(Action::RecoveryPlan { from, to, within })
            }
            Rule::withhold => {
                let amount = kids.next_if(|p| p.as_rule() == Rule::amount_expr)?;
                let amount = self.amount_expr(amount)?;
                let from = kids
                    .next_if(|p| p.as_rule() == Rule::ident)
                    .map(|p| self.ident(&p));
                Some(Action::Withhold { amount, from })
            }
            Rule::clawback => {
                let up_to = kids.next_if(|p| p.as_rule() == Rule::up_to).is_some();
                let amount = kids.next_if(|p| p.as_rule() == Rule::amount_expr)?;
                let amount = self.amount_expr(amount)?;
                let mut by = None;
                let mut from = None;
                for p in kids {
                    if preceding_word(&p) == "by" {
                        by = Some(self.ident(&p));
                    } else {
                        from = Some(self.ident(&p));
                    }
                }
                Some(Action::Clawback {
                    up_to,
                    amount,
                    by,
                    from,
                })
            }
            Rule::dispute => Some(Action::DisputeResolution),
            _ => None,
        }
    }

    /// `Some(None)` when there is no deadline, `None` when it did not lower.
    fn deadline<'a>(
        &mut self,
        kids: &mut Peekable<impl Iterator<Item = P<'a>>>,
    ) -> Option<Option<Deadline>> {
        let Some(deadline) = kids.next_if(|p| p.as_rule() == Rule::deadline) else {
            return Some(None);
        };
        let mut inner = deadline.into_inner();
        let (count, unit) = (inner.next()?, inner.next()?);
        Some(Some(Deadline {
            count: self.integer(&count)?,
            unit: self.time_unit(&unit)?,
        }))
    }

    fn amount_expr<'a>(&mut self, pair: P<'a>) -> Option<AmountExpr<'a>> {
        let span = self.span(&pair);
        let mut kids = pair.into_inner();
        let figure = kids.next()?;
        let figure = match figure.as_rule() {
            Rule::money => {
                let m = self.money(&figure)?;
                Spanned {
                    node: Figure::Money(m.node),
                    span: m.span,
                }
            }
            _ => {
                let p = self.percent(&figure)?;
                Spanned {
                    node: Figure::Percent(p.node),
                    span: p.span,
                }
            }
        };
        let of = match kids.next() {
            None => None,
            Some(base) => {
                let inner = base.into_inner().next()?;
                Some(match inner.as_rule() {
                    Rule::contribution_base => {
                        let mut names = inner.into_inner();
                        let partner = names.next()?;
                        AmountBase::Contribution {
                            partner: self.ident(&partner),
                            to: names.next().map(|p| self.ident(&p)),
                        }
                    }
                    _ => AmountBase::Named(self.ident(&inner)),
                })
            }
        };
        Some(AmountExpr { figure, of, span })
    }

    // ----- literals -----

    fn literal_error(&mut self, code: Code, span: Span, message: String, help: Option<String>) {
        self.diagnostics.push(
            Diagnostic::new(code, span, message)
                .label("here")
                .maybe_help(help),
        );
    }

    fn money(&mut self, pair: &P<'_>) -> Option<Spanned<Money>> {
        let span = self.span(pair);
        match Money::parse(pair.as_str()) {
            Ok(node) => Some(Spanned { node, span }),
            Err(error) => {
                let text = pair.as_str();
                let (message, help) = match error {
                    LiteralError::FractionOfPenny => (
                        format!("`{text}` is not a whole number of pence"),
                        Some("money is exact to the penny: round the figure, or drop a decimal place".to_owned()),
                    ),
                    LiteralError::BadGrouping => (
                        format!("`{text}` has a comma in the wrong place"),
                        Some("commas separate groups of three digits: `£1,250,000`".to_owned()),
                    ),
                    LiteralError::TooLarge => (
                        format!("`{text}` is too large"),
                        Some("amounts must be below £1,000,000bn".to_owned()),
                    ),
                    LiteralError::Malformed => (
                        format!("`{text}` is not an amount of money"),
                        Some("write amounts like `£1,250.50`, `£46k`, `£13.245m` or `£1.2bn`".to_owned()),
                    ),
                };
                self.literal_error(Code::InvalidMoney, span, message, help);
                None
            }
        }
    }

    fn number(&mut self, pair: &P<'_>) -> Option<Spanned<Decimal>> {
        let span = self.span(pair);
        match parse_number(pair.as_str()) {
            Ok(node) => Some(Spanned { node, span }),
            Err(error) => {
                self.number_error(pair.as_str(), span, &error);
                None
            }
        }
    }

    fn number_error(&mut self, text: &str, span: Span, error: &LiteralError) {
        let (message, help) = match error {
            LiteralError::BadGrouping => (
                format!("`{text}` has a comma in the wrong place"),
                "commas separate groups of three digits: `1,020`",
            ),
            _ => (
                format!("`{text}` is not a number that can be held exactly"),
                "numbers may have at most 28 significant digits",
            ),
        };
        self.literal_error(Code::InvalidNumber, span, message, Some(help.to_owned()));
    }

    fn percent(&mut self, pair: &P<'_>) -> Option<Spanned<Decimal>> {
        let span = self.span(pair);
        match parse_percent(pair.as_str()) {
            Ok(node) => Some(Spanned { node, span }),
            Err(error) => {
                self.number_error(pair.as_str(), span, &error);
                None
            }
        }
    }

    fn integer(&mut self, pair: &P<'_>) -> Option<Spanned<u32>> {
        let span = self.span(pair);
        match pair.as_str().parse::<u32>() {
            Ok(node) => Some(Spanned { node, span }),
            Err(_) => {
                let text = pair.as_str();
                self.literal_error(
                    Code::InvalidNumber,
                    span,
                    format!("`{text}` is too large"),
                    Some("whole numbers here are counts: seats, days, members".to_owned()),
                );
                None
            }
        }
    }

    fn value(&mut self, pair: &P<'_>) -> Option<Spanned<Value>> {
        let span = self.span(pair);
        let node = match pair.as_rule() {
            Rule::money => Value::Money(self.money(pair)?.node),
            Rule::percent => Value::Percent(self.percent(pair)?.node),
            Rule::number => Value::Number(self.number(pair)?.node),
            _ => return None,
        };
        Some(Spanned { node, span })
    }

    fn year(&mut self, pair: &P<'_>) -> Option<Spanned<FinancialYear>> {
        let span = self.span(pair);
        match FinancialYear::parse(pair.as_str()) {
            Ok(node) => Some(Spanned { node, span }),
            Err(error) => {
                self.period_error(pair.as_str(), span, &error);
                None
            }
        }
    }

    fn period(&mut self, pair: P<'_>) -> Option<Spanned<Period>> {
        let span = self.span(&pair);
        match pair.as_rule() {
            Rule::year => self.year(&pair).map(|y| Spanned {
                node: Period::Year(y.node),
                span,
            }),
            Rule::quarter => match Period::parse(pair.as_str()) {
                Ok(node) => Some(Spanned { node, span }),
                Err(error) => {
                    self.period_error(pair.as_str(), span, &error);
                    None
                }
            },
            _ => None,
        }
    }

    fn period_error(&mut self, text: &str, span: Span, error: &PeriodError) {
        let first = text.get(..4).unwrap_or(text);
        let (code, message, help) = match error {
            PeriodError::NotConsecutive { expected } => (
                Code::InvalidYear,
                format!("`{text}` is not a financial year"),
                format!("a financial year runs April to March: the year starting in {first} is `{first}/{expected:02}`"),
            ),
            PeriodError::BadQuarter => (
                Code::InvalidQuarter,
                format!("`{text}` is not a quarter"),
                "quarters are `Q1` (April-June) to `Q4` (January-March)".to_owned(),
            ),
            PeriodError::BadDate => (
                Code::InvalidDate,
                format!("`{text}` is not a date on the calendar"),
                "dates are written year-month-day: `2010-03-08`".to_owned(),
            ),
            PeriodError::Malformed => (
                Code::InvalidYear,
                format!("`{text}` is not a financial year"),
                "financial years are written `2017/18`".to_owned(),
            ),
        };
        self.literal_error(code, span, message, Some(help));
    }

    fn date(&mut self, pair: &P<'_>) -> Option<Spanned<Date>> {
        let span = self.span(pair);
        match Date::parse(pair.as_str()) {
            Ok(node) => Some(Spanned { node, span }),
            Err(error) => {
                let error = match error {
                    PeriodError::Malformed => PeriodError::BadDate,
                    other => other,
                };
                self.period_error(pair.as_str(), span, &error);
                None
            }
        }
    }
}

fn take<'a>(kids: &mut Kids<'a>, rule: Rule) -> Option<P<'a>> {
    kids.next_if(|p| p.as_rule() == rule)
}

/// The name an unreadable line declares, if it starts like a declaration:
/// `partner ccg "NHS ...` declares `ccg`.
fn declared_name_at<'a>(file: FileId, base: usize, pair: &P<'a>) -> Option<Ident<'a>> {
    const DECLARING: [&str; 7] = [
        "partner",
        "external",
        "function",
        "body",
        "pool",
        "aligned",
        "obligation",
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

/// The word just before a pair in the input (`from` in `from bcc`).
fn preceding_word<'a>(pair: &P<'a>) -> &'a str {
    let start = pair.as_span().start();
    let before = pair.get_input().get(..start).unwrap_or("");
    before.trim_end().rsplit([' ', '\t']).next().unwrap_or("")
}
