//! Lowering the statements of waivers.

use super::{Kids, Lowerer, P};
use crate::syntax::ast::*;
use crate::syntax::parser::Rule;

impl Lowerer<'_> {
    pub(super) fn waiver_item<'a>(&mut self, pair: P<'a>) -> Result<Option<WaiverItem<'a>>, ()> {
        Ok(match pair.as_rule() {
            Rule::clause_stmt => self.clause(pair).map(WaiverItem::Clause),
            Rule::marked_stmt => self.stmt(pair, Self::marked).map(WaiverItem::Marked),
            Rule::excuses_stmt => self.stmt(pair, Self::excuses).map(WaiverItem::Excuses),
            Rule::agreed_stmt => self.stmt(pair, Self::agreed).map(WaiverItem::Agreed),
            Rule::expires_stmt => self.stmt(pair, Self::signed).map(WaiverItem::Expires),
            _ => {
                self.shape(&pair);
                return Err(());
            }
        })
    }

    fn excuses<'a>(&mut self, kids: &mut Kids<'a>) -> Option<Excuses<'a>> {
        let owners = kids.next_if(|p| p.as_rule() == Rule::ident_list)?;
        let owners = self.ident_list(owners);
        let obligation = kids.next_if(|p| p.as_rule() == Rule::ident)?;
        let from = kids.next_if(|p| matches!(p.as_rule(), Rule::year | Rule::quarter))?;
        let to = kids.next_if(|p| matches!(p.as_rule(), Rule::year | Rule::quarter));
        let from = self.period(from);
        let to = match to {
            Some(to) => Some(self.period(to)?),
            None => None,
        };
        Some(Excuses {
            owners,
            obligation: self.ident(&obligation),
            from: from?,
            to,
        })
    }

    fn agreed<'a>(&mut self, kids: &mut Kids<'a>) -> Option<Agreed<'a>> {
        let by = kids.next_if(|p| p.as_rule() == Rule::ident)?;
        let on = kids.next_if(|p| p.as_rule() == Rule::date)?;
        let on = self.date(&on)?;
        let minute = match kids.next_if(|p| p.as_rule() == Rule::minute) {
            Some(minute) => Some(self.text(minute.into_inner().next()?)),
            None => None,
        };
        Some(Agreed {
            by: self.ident(&by),
            on,
            minute,
        })
    }
}
