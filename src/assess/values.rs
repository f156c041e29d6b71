//! Reading the figures of a return, exactly: a figure in a metric's unit
//! ([`parse_value`]) and an amount of money ([`parse_money`]).
//!
//! Most figures are plain digits with an optional fraction (`61.90`); those
//! are read here digit by digit into the mantissa and scale the general
//! parser's [`Decimal`] would hold (a [`PlainFigure`], which the table of
//! figures stores as it is). Anything else (a sign, `£`, `%`, thousands
//! separators, exponents, more than 18 digits) goes to the general parsers,
//! which also word the problems.

use rust_decimal::Decimal;

use super::columns::Column;
use super::fields::{text, Problem};
use crate::diagnostics::Code;
use crate::model::Unit;
use crate::money::{parse_number, Money};

/// A figure read from a return.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReturnFigure {
    /// Plain digits with an optional fraction, less than [`LARGEST`].
    Plain(PlainFigure),
    /// Any other figure.
    Decimal(Decimal),
}

/// Plain digits with an optional fraction, as their mantissa and scale,
/// read without building a [`Decimal`]: at most 18 digits, so the scale is
/// at most 18 and the figure a [`Decimal`] exactly.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PlainFigure {
    mantissa: i64,
    scale: u32,
}

impl PlainFigure {
    /// The figure `mantissa` × 10^-`scale`; `None` for a negative mantissa
    /// or a scale past a [`Decimal`]'s 28.
    pub fn new(mantissa: i64, scale: u32) -> Option<PlainFigure> {
        (mantissa >= 0 && scale <= 28).then_some(PlainFigure { mantissa, scale })
    }

    /// The digits as a whole number.
    pub fn mantissa(self) -> i64 {
        self.mantissa
    }

    /// How many of the digits follow the point.
    pub fn scale(self) -> u32 {
        self.scale
    }
}

impl ReturnFigure {
    /// The figure as a [`Decimal`].
    pub fn decimal(self) -> Decimal {
        match self {
            // Exact: the scale is at most 28.
            ReturnFigure::Plain(plain) => {
                Decimal::try_new(plain.mantissa, plain.scale).unwrap_or_default()
            }
            ReturnFigure::Decimal(value) => value,
        }
    }
}

/// Plain digits with an optional `.` and fraction, at most 18 digits in
/// all: the mantissa and scale of the figure, exactly as
/// [`Decimal::from_str_exact`] reads it; `None` for anything else.
fn plain_parts(bytes: &[u8]) -> Option<(i64, u32)> {
    if bytes.is_empty() || bytes.len() > 19 {
        return None;
    }
    let mut mantissa: i64 = 0;
    let mut digits = 0u32;
    let mut point = None;
    for &byte in bytes {
        match byte {
            b'0'..=b'9' if digits < 18 => {
                mantissa = mantissa * 10 + i64::from(byte - b'0');
                digits += 1;
            }
            b'.' if point.is_none() && digits > 0 => point = Some(digits),
            _ => return None,
        }
    }
    match point {
        Some(at) if at == digits => None,
        point => Some((mantissa, point.map_or(0, |at| digits - at))),
    }
}

/// Plain digits with an optional `.` and fraction, at most 18 digits in
/// all: the figure, exactly as [`Decimal::from_str_exact`] reads it; `None`
/// for anything else.
pub fn plain_decimal(bytes: &[u8]) -> Option<Decimal> {
    plain_parts(bytes).and_then(|(mantissa, scale)| Decimal::try_new(mantissa, scale).ok())
}

/// A figure is at most this in size (10^15, a thousand million million):
/// far beyond any return, and far enough within [`Decimal`]'s range that
/// comparing it with the agreement's figures can never overflow.
pub const LARGEST: Decimal = Decimal::from_parts(2_764_472_320, 232_830, 0, false, 0);

/// Whether a value says that the data is not available (`n/a`, `NA`, `not
/// available`, `data not available`, `not yet available`, in any case):
/// the return answers for the period without a figure, its reason in the
/// note.
pub fn not_available(bytes: &[u8]) -> bool {
    const WORDS: [&[u8]; 5] = [
        b"n/a",
        b"na",
        b"not available",
        b"data not available",
        b"not yet available",
    ];
    // A figure starts with a digit, a sign or a pound sign: looked at no
    // further.
    bytes.first().is_some_and(u8::is_ascii_alphabetic)
        && bytes.len() <= 18
        && WORDS.iter().any(|w| w.eq_ignore_ascii_case(bytes))
}

/// Reads a figure in a metric's unit: `None` for an empty field (no data).
/// A figure of [`LARGEST`] or more, either way, is a problem.
pub fn parse_value(bytes: &[u8], unit: Option<Unit>) -> Result<Option<ReturnFigure>, Problem> {
    if let Some((mantissa, scale)) = plain_parts(plain_part(bytes, unit)) {
        if mantissa < LARGEST_MANTISSA {
            return Ok(Some(ReturnFigure::Plain(PlainFigure { mantissa, scale })));
        }
    }
    let value = parse_any_value(bytes, unit)?;
    match value {
        Some(v) if !within_range(v) => Err(Problem::new(
            Code::FigureOutOfRange,
            Column::Value,
            format!(
                "`{}` is too large: a figure must be less than 1,000,000,000,000,000",
                super::fields::shown(&String::from_utf8_lossy(bytes))
            ),
        )
        .help("correct the figure: it is far beyond any return")),
        _ => Ok(value.map(ReturnFigure::Decimal)),
    }
}

/// [`LARGEST`] as a whole number: a plain figure whose mantissa is less is
/// less than it, whatever its scale.
const LARGEST_MANTISSA: i64 = 1_000_000_000_000_000;

/// The figure of a value without the `%` a percentage may end with.
fn plain_part(bytes: &[u8], unit: Option<Unit>) -> &[u8] {
    match (unit, bytes.strip_suffix(b"%")) {
        (Some(Unit::Percent), Some(number)) => number.trim_ascii_end(),
        _ => bytes,
    }
}

/// Whether a figure is less than [`LARGEST`] either way: at once when its
/// mantissa is (as for every plain figure of a return), else compared.
fn within_range(value: Decimal) -> bool {
    value.mantissa().unsigned_abs() < u128::from(LARGEST_MANTISSA.unsigned_abs())
        || value.abs() < LARGEST
}

fn parse_any_value(bytes: &[u8], unit: Option<Unit>) -> Result<Option<Decimal>, Problem> {
    if let Some(value) = plain_decimal(plain_part(bytes, unit)) {
        return Ok(Some(value));
    }
    let written = text(bytes, Column::Value)?;
    if written.is_empty() {
        return Ok(None);
    }
    let bad = |why: &str| {
        Problem::new(Code::BadValue, Column::Value, format!("`{written}` is not {why}"))
            .help("write the figure as a number, such as `9.8` or `1,020`; leave it empty if there is no figure")
    };
    let mut number = written;
    if unit == Some(Unit::Percent) {
        number = number.strip_suffix('%').unwrap_or(number).trim_end();
    }
    if number.starts_with('£') || number.starts_with("-£") {
        if unit != Some(Unit::Pounds) {
            return Err(bad("a number: the metric is not measured in pounds"));
        }
        return Money::parse(number)
            .map(|m| Some(m.as_decimal()))
            .map_err(|_| bad("an amount of money"));
    }
    if let Ok(value) = Decimal::from_str_exact(number) {
        return Ok(Some(value));
    }
    parse_number(number).map(Some).map_err(|_| match unit {
        Some(unit) => bad(&format!("a number in {}", unit.word())),
        None => bad("a number"),
    })
}

/// Reads an amount of money: `£1,250.50` or `1250.50`, whole pence.
pub fn parse_money(bytes: &[u8]) -> Result<Money, Problem> {
    if let Some(pence) = plain_decimal(bytes)
        .and_then(|pounds| pounds.checked_mul(Decimal::ONE_HUNDRED))
        .filter(|pence| pence.fract().is_zero())
        .and_then(|pence| i64::try_from(pence).ok())
    {
        return Ok(Money::from_pence(pence));
    }
    let written = text(bytes, Column::Value)?;
    let bad = || {
        Problem::new(
            Code::BadValue,
            Column::Value,
            format!("`{written}` is not an amount of money"),
        )
        .help("write what was spent in pounds, to the penny at most: `£1,250.50` or `1250.50`")
    };
    if written.starts_with('£') || written.starts_with("-£") {
        return Money::parse(written).map_err(|_| bad());
    }
    let pounds = Decimal::from_str_exact(written)
        .or_else(|_| parse_number(written))
        .map_err(|_| bad())?;
    let pence = pounds.checked_mul(Decimal::ONE_HUNDRED).ok_or_else(bad)?;
    if !pence.fract().is_zero() {
        return Err(bad());
    }
    i64::try_from(pence)
        .map(Money::from_pence)
        .map_err(|_| bad())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_figures_read_as_the_general_parser_reads_them() {
        for text in [
            "0",
            "7",
            "007",
            "61.90",
            "0.0",
            "0.000",
            "123456789012345678",
            "12345678901234567.8",
            "1.00000000000000001",
        ] {
            let fast = plain_decimal(text.as_bytes()).unwrap();
            let general = Decimal::from_str_exact(text).unwrap();
            assert_eq!(fast.serialize(), general.serialize(), "{text}");
            // A value of fewer than 16 digits is read as plain parts.
            let value = parse_value(text.as_bytes(), None);
            if general < LARGEST {
                let figure = value.unwrap().unwrap();
                let plain = matches!(figure, ReturnFigure::Plain(_));
                assert_eq!(plain, general.mantissa() < 10i128.pow(15), "{text}");
                assert_eq!(figure.decimal().serialize(), general.serialize(), "{text}");
            } else {
                assert_eq!(value.unwrap_err().code, Code::FigureOutOfRange, "{text}");
            }
        }
        for text in [
            "",
            ".",
            "1.",
            ".5",
            "-1",
            "+1",
            "1,000",
            "1e3",
            "1.2.3",
            " 1",
            "1234567890123456789",
            "9999999999999999999",
            "12345678901234567.89",
        ] {
            assert_eq!(plain_decimal(text.as_bytes()), None, "{text}");
        }
    }

    #[test]
    fn the_largest_figure() {
        assert_eq!(LARGEST, Decimal::from(1_000_000_000_000_000i64));
        for text in [
            "79228162514264337593543950335",
            "-79228162514264337593543950335",
            "1e30",
            "1000000000000000",
            "-1,000,000,000,000,000.5",
        ] {
            let problem = parse_value(text.as_bytes(), None).unwrap_err();
            assert!(
                matches!(problem.code, Code::FigureOutOfRange | Code::BadValue),
                "{text}"
            );
        }
        assert!(parse_value(b"999999999999999.9999", None).is_ok());
    }

    #[test]
    fn values_and_money() {
        let pct = Some(Unit::Percent);
        let v = |t: &str, u| {
            parse_value(t.as_bytes(), u)
                .unwrap()
                .unwrap()
                .decimal()
                .to_string()
        };
        assert_eq!(v("61.90", pct), "61.90");
        assert_eq!(v("61.90 %", pct), "61.90");
        assert_eq!(v("-1.5", None), "-1.5");
        assert!(parse_value(b"61%", None).is_err());
        assert_eq!(parse_value(b"", pct).unwrap(), None);
        assert_eq!(parse_money(b"1250.50").unwrap(), Money::from_pence(125_050));
        assert_eq!(parse_money(b"1250").unwrap(), Money::from_pence(125_000));
        assert!(parse_money(b"1250.505").is_err());
    }
}
