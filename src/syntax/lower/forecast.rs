//! Lowering a pool's forecast trigger: `on forecast variance over 2% { ... }`,
//! its steps read as those of `on miss`.

use super::{Lowerer, P};
use crate::syntax::ast::*;
use crate::syntax::explain::Context;
use crate::syntax::parser::Rule;

impl Lowerer<'_> {
    pub(super) fn on_forecast<'a>(&mut self, pair: P<'a>) -> Option<Stmt<'a, ForecastTrigger<'a>>> {
        let span = self.header_span(&pair);
        let keyword = self.keyword_span(&pair);
        let mut threshold = None;
        let mut steps = Vec::new();
        let mut ok = true;
        for child in pair.into_inner() {
            match child.as_rule() {
                Rule::percent => match self.percent(&child) {
                    Some(p) => {
                        threshold = Some(Spanned {
                            node: Threshold::Percent(p.node),
                            span: p.span,
                        });
                    }
                    None => ok = false,
                },
                Rule::money => match self.money(&child) {
                    Some(m) => {
                        threshold = Some(Spanned {
                            node: Threshold::Money(m.node),
                            span: m.span,
                        });
                    }
                    None => ok = false,
                },
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
        let threshold = threshold?;
        ok.then_some(Stmt {
            node: ForecastTrigger { threshold, steps },
            span,
            keyword,
            cite: None,
        })
    }
}
