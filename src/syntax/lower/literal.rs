//! Lowering literals to exact values, each bad literal reported at its span.

use rust_decimal::Decimal;

use super::{Lowerer, P};
use crate::diagnostics::{Code, Diagnostic};
use crate::money::{parse_number, parse_percent, LiteralError, Money};
use crate::period::{Date, FinancialYear, Period, PeriodError};
use crate::source::Span;
use crate::syntax::ast::*;
use crate::syntax::parser::Rule;

impl Lowerer<'_> {
    pub(super) fn literal_error(
        &mut self,
        code: Code,
        span: Span,
        message: String,
        help: Option<String>,
    ) {
        self.diagnostics.push(
            Diagnostic::new(code, span, message)
                .label("here")
                .maybe_help(help),
        );
    }

    pub(super) fn money(&mut self, pair: &P<'_>) -> Option<Spanned<Money>> {
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

    pub(super) fn number(&mut self, pair: &P<'_>) -> Option<Spanned<Decimal>> {
        let span = self.span(pair);
        match parse_number(pair.as_str()) {
            Ok(node) => Some(Spanned { node, span }),
            Err(error) => {
                self.number_error(pair.as_str(), span, &error);
                None
            }
        }
    }

    pub(super) fn number_error(&mut self, text: &str, span: Span, error: &LiteralError) {
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

    pub(super) fn percent(&mut self, pair: &P<'_>) -> Option<Spanned<Decimal>> {
        let span = self.span(pair);
        match parse_percent(pair.as_str()) {
            Ok(node) => Some(Spanned { node, span }),
            Err(error) => {
                self.number_error(pair.as_str(), span, &error);
                None
            }
        }
    }

    pub(super) fn integer(&mut self, pair: &P<'_>) -> Option<Spanned<u32>> {
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

    pub(super) fn value(&mut self, pair: &P<'_>) -> Option<Spanned<Value>> {
        let span = self.span(pair);
        let node = match pair.as_rule() {
            Rule::money => Value::Money(self.money(pair)?.node),
            Rule::percent => Value::Percent(self.percent(pair)?.node),
            Rule::number => Value::Number(self.number(pair)?.node),
            _ => return None,
        };
        Some(Spanned { node, span })
    }

    pub(super) fn year(&mut self, pair: &P<'_>) -> Option<Spanned<FinancialYear>> {
        let span = self.span(pair);
        match FinancialYear::parse(pair.as_str()) {
            Ok(node) => Some(Spanned { node, span }),
            Err(error) => {
                self.period_error(pair.as_str(), span, &error);
                None
            }
        }
    }

    pub(super) fn period(&mut self, pair: P<'_>) -> Option<Spanned<Period>> {
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

    pub(super) fn period_error(&mut self, text: &str, span: Span, error: &PeriodError) {
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
            PeriodError::BadMonth => (
                Code::InvalidQuarter,
                format!("`{text}` is not a month"),
                "months count from April: `M1` (April) to `M12` (March)".to_owned(),
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

    pub(super) fn date(&mut self, pair: &P<'_>) -> Option<Spanned<Date>> {
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
