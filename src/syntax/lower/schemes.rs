//! Lowering schemes, payment for performance and risk reserves.

use super::{Context, Kids, Lowerer, P};
use crate::syntax::ast::*;
use crate::syntax::parser::Rule;

impl Lowerer<'_> {
    pub(super) fn scheme<'a>(&mut self, pair: P<'a>) -> Option<Block<'a, SchemeItem<'a>>> {
        self.block(pair, Context::Scheme, Self::scheme_item)
    }

    fn scheme_item<'a>(&mut self, pair: P<'a>) -> Result<Option<SchemeItem<'a>>, ()> {
        Ok(match pair.as_rule() {
            Rule::clause_stmt => self.clause(pair).map(SchemeItem::Clause),
            Rule::marked_stmt => self.stmt(pair, Self::marked).map(SchemeItem::Marked),
            Rule::scheme_funded => self
                .stmt(pair, Self::ident_list_stmt)
                .map(SchemeItem::FundedBy),
            Rule::functions_stmt => self
                .stmt(pair, Self::ident_list_stmt)
                .map(SchemeItem::Functions),
            Rule::scheme_lead => self.stmt(pair, Self::one_ident).map(SchemeItem::Lead),
            Rule::commissioned_stmt => self
                .stmt(pair, Self::share_list)
                .map(SchemeItem::Commissioned),
            Rule::plan_stmt => self.stmt(pair, Self::year_amounts).map(SchemeItem::Plan),
            Rule::uncommitted_stmt => self
                .stmt(pair, Self::year_amounts)
                .map(SchemeItem::Uncommitted),
            Rule::risk_stmt | Rule::risk_block => self.stmt(pair, Self::risk).map(SchemeItem::Risk),
            _ => {
                self.shape(&pair);
                return Err(());
            }
        })
    }

    /// `lcc 60%, icb 40%`
    fn share_list<'a>(
        &mut self,
        kids: &mut Kids<'a>,
    ) -> Option<Vec<(Ident<'a>, Spanned<rust_decimal::Decimal>)>> {
        let mut shares = Vec::new();
        while let Some(share) = kids.next_if(|p| p.as_rule() == Rule::share) {
            shares.push(share);
        }
        self.shares(shares.into_iter())
    }

    /// `2017/18 £2.5m, 2018/19 £2.6m`
    fn year_amounts(
        &mut self,
        kids: &mut Kids<'_>,
    ) -> Option<
        Vec<(
            Spanned<crate::period::FinancialYear>,
            Spanned<crate::money::Money>,
        )>,
    > {
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
        ok.then_some(amounts)
    }

    pub(super) fn payment<'a>(&mut self, kids: &mut Kids<'a>) -> Option<Payment<'a>> {
        let amount = kids.next_if(|p| p.as_rule() == Rule::money)?;
        let from = kids.next_if(|p| p.as_rule() == Rule::ident)?;
        let year = kids.next_if(|p| p.as_rule() == Rule::year)?;
        let obligation = kids.next_if(|p| p.as_rule() == Rule::ident)?;
        let by = match kids.next_if(|p| p.as_rule() == Rule::payment_by) {
            Some(by) => Some(self.period(by.into_inner().next()?)?),
            None => None,
        };
        let otherwise =
            kids.next_if(|p| matches!(p.as_rule(), Rule::kept_by | Rule::returned_to))?;
        let otherwise = self.share_rule(otherwise)?;
        let purpose = kids
            .next_if(|p| p.as_rule() == Rule::string)
            .map(|p| self.text(p));
        let (amount, year) = (self.money(&amount), self.year(&year));
        Some(Payment {
            amount: amount?,
            from: self.ident(&from),
            year: year?,
            obligation: self.ident(&obligation),
            by,
            otherwise,
            purpose,
        })
    }

    pub(super) fn reserve_item<'a>(&mut self, pair: P<'a>) -> Result<Option<ReserveItem<'a>>, ()> {
        Ok(match pair.as_rule() {
            Rule::clause_stmt => self.clause(pair).map(ReserveItem::Clause),
            Rule::marked_stmt => self.stmt(pair, Self::marked).map(ReserveItem::Marked),
            Rule::amount_stmt => self.stmt(pair, Self::one_money).map(ReserveItem::Amount),
            Rule::reserve_funded => self.stmt(pair, Self::share_list).map(ReserveItem::FundedBy),
            Rule::serves_stmt => self
                .stmt(pair, Self::ident_list_stmt)
                .map(ReserveItem::Serves),
            Rule::topped_up_stmt => self.stmt(pair, |_, _| Some(())).map(ReserveItem::ToppedUp),
            _ => {
                self.shape(&pair);
                return Err(());
            }
        })
    }

    fn one_money(&mut self, kids: &mut Kids<'_>) -> Option<Spanned<crate::money::Money>> {
        let money = kids.next_if(|p| p.as_rule() == Rule::money)?;
        self.money(&money)
    }
}
