//! Exact money, percentages and plain numbers.
//!
//! Money is a whole number of pence in an `i64` (up to [`Money::MAX`], about
//! £92,000 trillion): never a floating-point number. Every sum is checked. Percentages and metric values are
//! [`Decimal`]s, exact in base ten, so `33.3%` is exactly what was written.

use std::fmt;

use rust_decimal::Decimal;
use serde::Serialize;

/// An exact amount of money in pence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Money {
    pence: i64,
}

/// The largest amount the language accepts: just under £1,000,000bn.
const LIMIT_PENCE: i128 = 100_000_000_000_000_000;

/// Why a literal could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LiteralError {
    /// Commas that do not separate groups of three digits.
    BadGrouping,
    /// More decimal places than the value can have (money below a penny).
    FractionOfPenny,
    /// Too large to hold exactly.
    TooLarge,
    /// Not of the expected shape at all.
    Malformed,
}

impl Money {
    /// Zero pounds.
    pub const ZERO: Money = Money { pence: 0 };

    /// The largest amount that can be held: £92,233,720,368,547,758.07.
    pub const MAX: Money = Money { pence: i64::MAX };

    /// An amount from a number of pence.
    pub const fn from_pence(pence: i64) -> Money {
        Money { pence }
    }

    /// An amount from a number of whole pounds.
    pub const fn from_pounds(pounds: i64) -> Money {
        Money {
            pence: pounds.saturating_mul(100),
        }
    }

    /// The amount in pence.
    pub const fn pence(self) -> i64 {
        self.pence
    }

    /// Whether the amount is below zero.
    pub const fn is_negative(self) -> bool {
        self.pence < 0
    }

    /// The sum, or `None` on overflow.
    pub fn checked_add(self, other: Money) -> Option<Money> {
        self.pence.checked_add(other.pence).map(Money::from_pence)
    }

    /// The difference, or `None` on overflow.
    pub fn checked_sub(self, other: Money) -> Option<Money> {
        self.pence.checked_sub(other.pence).map(Money::from_pence)
    }

    /// The absolute amount.
    pub fn abs(self) -> Money {
        Money::from_pence(self.pence.saturating_abs())
    }

    /// Adds up amounts; `None` on overflow.
    pub fn sum<I: IntoIterator<Item = Money>>(amounts: I) -> Option<Money> {
        amounts
            .into_iter()
            .try_fold(Money::ZERO, |total, amount| total.checked_add(amount))
    }

    /// The amount in pounds as an exact decimal.
    pub fn as_decimal(self) -> Decimal {
        Decimal::new(self.pence, 2)
    }

    /// Reads a money literal: `£1,250.50`, `£46k`, `£13.245m`, `-£1.2bn`.
    pub fn parse(text: &str) -> Result<Money, LiteralError> {
        let (negative, rest) = match text.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, text),
        };
        let rest = rest.strip_prefix('£').ok_or(LiteralError::Malformed)?;
        let (number, scale_digits) = if let Some(n) = rest.strip_suffix("bn") {
            (n, 9)
        } else if let Some(n) = rest.strip_suffix('m') {
            (n, 6)
        } else if let Some(n) = rest.strip_suffix('k') {
            (n, 3)
        } else {
            (rest, 0)
        };
        let (whole, fraction) = split_fraction(number)?;
        let whole = read_whole(whole)?;
        // pence = whole.fraction * 10^(scale + 2), built digit by digit: no
        // allocation, no floating point. The figure only grows as digits
        // are added, so it is judged against the limit once, at the end;
        // saturating keeps a figure past u64 at or above the limit.
        let shift = scale_digits + 2;
        let (kept, dropped) = fraction.split_at(fraction.len().min(shift));
        if dropped.bytes().any(|b| b != b'0') {
            return Err(LiteralError::FractionOfPenny);
        }
        let mut pence = whole.value;
        for digit in kept.bytes() {
            pence = pence
                .saturating_mul(10)
                .saturating_add(u64::from(digit - b'0'));
        }
        for _ in kept.len()..shift {
            pence = pence.saturating_mul(10);
        }
        if pence >= LIMIT_PENCE as u64 {
            return Err(LiteralError::TooLarge);
        }
        let pence = i64::try_from(pence).map_err(|_| LiteralError::TooLarge)?;
        Ok(Money::from_pence(if negative { -pence } else { pence }))
    }

    /// Splits this amount into parts proportional to `weights`, exactly: the
    /// parts always add up to the amount, to the penny.
    ///
    /// Rounding rule (largest remainder): each part is first rounded down to
    /// the penny, then the pennies left over go one each to the parts with the
    /// largest remainders, ties to the earlier part. Negative amounts are split
    /// as their absolute value and negated. Zero or negative weights get
    /// nothing; if no weight is positive, every part is zero and `None` is
    /// returned.
    pub fn split(self, weights: &[Decimal]) -> Option<Vec<Money>> {
        let total: Decimal = weights
            .iter()
            .filter(|w| w.is_sign_positive() && !w.is_zero())
            .sum();
        if total.is_zero() {
            return None;
        }
        let amount = i128::from(self.pence.unsigned_abs());
        let mut parts: Vec<i128> = Vec::with_capacity(weights.len());
        let mut remainders: Vec<(Decimal, usize)> = Vec::with_capacity(weights.len());
        for (index, weight) in weights.iter().enumerate() {
            let weight = if weight.is_sign_positive() {
                *weight
            } else {
                Decimal::ZERO
            };
            let exact = Decimal::from_i128_with_scale(amount, 0)
                .checked_mul(weight)?
                .checked_div(total)?;
            let floor = exact.floor();
            parts.push(i128::try_from(floor).ok()?);
            remainders.push((exact - floor, index));
        }
        let given: i128 = parts.iter().sum();
        let mut left = amount - given;
        remainders.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        for (_, index) in remainders {
            if left <= 0 {
                break;
            }
            if weights
                .get(index)
                .is_some_and(|w| w.is_sign_positive() && !w.is_zero())
            {
                if let Some(part) = parts.get_mut(index) {
                    *part += 1;
                    left -= 1;
                }
            }
        }
        parts
            .into_iter()
            .map(|p| {
                let p = i64::try_from(p).ok()?;
                Some(Money::from_pence(if self.pence < 0 { -p } else { p }))
            })
            .collect()
    }
}

impl Money {
    /// `percent`% of this amount (40 for 40%), rounded toward zero to the
    /// penny, so that a percentage of an amount never comes to more than the
    /// exact figure; `None` on overflow.
    pub fn percent_of(self, percent: Decimal) -> Option<Money> {
        let exact = Decimal::from(self.pence)
            .checked_mul(percent)?
            .checked_div(Decimal::ONE_HUNDRED)?;
        i64::try_from(exact.trunc()).ok().map(Money::from_pence)
    }
}

impl Money {
    /// This amount uplifted by `percent`% (5.66 for 5.66%), rounded half
    /// away from zero to the penny: the rule for a contribution defined as
    /// the year before's uplifted (`icb uplifted 5.66%`). `None` when the
    /// result cannot be held exactly.
    pub fn uplifted(self, percent: Decimal) -> Option<Money> {
        let factor = Decimal::ONE_HUNDRED.checked_add(percent)?;
        let exact = Decimal::from(self.pence)
            .checked_mul(factor)?
            .checked_div(Decimal::ONE_HUNDRED)?;
        let pence =
            exact.round_dp_with_strategy(0, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
        i64::try_from(pence)
            .ok()
            .filter(|p| i128::from(*p).abs() < LIMIT_PENCE)
            .map(Money::from_pence)
    }
}

/// Splits a number at its decimal point: the fraction, if there is a point,
/// must be one or more digits.
fn split_fraction(number: &str) -> Result<(&str, &str), LiteralError> {
    match number.split_once('.') {
        None => Ok((number, "")),
        Some((whole, fraction)) => {
            if fraction.is_empty() || !fraction.bytes().all(|b| b.is_ascii_digit()) {
                return Err(LiteralError::Malformed);
            }
            Ok((whole, fraction))
        }
    }
}

/// The whole part of a number, read in one pass.
struct Whole {
    /// Its value, saturating at `u64::MAX`.
    value: u64,
    /// Its digits after any leading zeros.
    significant: usize,
}

/// Reads `whole`: digits, with commas only between groups of three. A
/// character other than a digit or comma is `Malformed` wherever it is,
/// before any misplaced comma is `BadGrouping`.
fn read_whole(whole: &str) -> Result<Whole, LiteralError> {
    if whole.is_empty() {
        return Err(LiteralError::Malformed);
    }
    let (mut value, mut significant) = (0u64, 0usize);
    let (mut group, mut commas, mut misgrouped) = (0usize, 0usize, false);
    for byte in whole.bytes() {
        match byte {
            b'0'..=b'9' => {
                value = value
                    .saturating_mul(10)
                    .saturating_add(u64::from(byte - b'0'));
                if significant > 0 || byte != b'0' {
                    significant += 1;
                }
                group += 1;
            }
            b',' => {
                // The first group is one to three digits, every later one three.
                misgrouped |= if commas == 0 {
                    !(1..=3).contains(&group)
                } else {
                    group != 3
                };
                commas += 1;
                group = 0;
            }
            _ => return Err(LiteralError::Malformed),
        }
    }
    if misgrouped || commas > 0 && group != 3 {
        return Err(LiteralError::BadGrouping);
    }
    Ok(Whole { value, significant })
}

/// Reads a plain number with optional thousands separators: `1,020`, `-3.5`.
pub fn parse_number(text: &str) -> Result<Decimal, LiteralError> {
    let (negative, rest) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (whole, fraction) = split_fraction(rest)?;
    if read_whole(whole)?.significant + fraction.len() > 28 {
        return Err(LiteralError::TooLarge);
    }
    // At most 28 significant digits: under 10^28, within a decimal's 96 bits.
    let digits = whole.bytes().filter(|b| *b != b',').chain(fraction.bytes());
    let mantissa = digits.fold(0i128, |n, digit| n * 10 + i128::from(digit - b'0'));
    let scale = u32::try_from(fraction.len()).map_err(|_| LiteralError::TooLarge)?;
    let value =
        Decimal::try_from_i128_with_scale(mantissa, scale).map_err(|_| LiteralError::TooLarge)?;
    Ok(if negative { -value } else { value })
}

/// Reads a percentage: `40%`, `12.5%`, `-3%`; the value is the number of
/// percent (`40%` is 40).
pub fn parse_percent(text: &str) -> Result<Decimal, LiteralError> {
    parse_number(text.strip_suffix('%').ok_or(LiteralError::Malformed)?)
}

/// Writes `1234567` as `1,234,567`.
fn group_thousands(digits: &str) -> String {
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

impl fmt::Display for Money {
    /// `£1,234.56`; whole pounds without pence: `£120,000,000`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.pence < 0 { "-" } else { "" };
        let abs = self.pence.unsigned_abs();
        let pounds = group_thousands(&(abs / 100).to_string());
        match abs % 100 {
            0 => write!(f, "{sign}£{pounds}"),
            pence => write!(f, "{sign}£{pounds}.{pence:02}"),
        }
    }
}

impl Serialize for Money {
    /// As a string of pounds with two decimals, `"1234.50"`: exact, and read
    /// back by any JSON consumer without floating-point loss.
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.as_decimal().to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn pounds(text: &str) -> i64 {
        Money::parse(text).map(Money::pence).unwrap()
    }

    #[test]
    fn money_literals() {
        assert_eq!(pounds("£0"), 0);
        assert_eq!(pounds("£1,250.50"), 125_050);
        assert_eq!(pounds("£46k"), 4_600_000);
        assert_eq!(pounds("£13.245m"), 1_324_500_000);
        assert_eq!(pounds("£315m"), 31_500_000_000);
        assert_eq!(pounds("£1.2bn"), 120_000_000_000);
        assert_eq!(pounds("£0.5m"), 50_000_000);
        assert_eq!(pounds("-£5m"), -500_000_000);
        assert_eq!(pounds("£1.23456k"), 123_456);
        assert_eq!(pounds("£1.10"), 110);
        assert_eq!(pounds("£2.500"), 250);
    }

    #[test]
    fn money_literal_errors() {
        assert_eq!(Money::parse("£0.001"), Err(LiteralError::FractionOfPenny));
        assert_eq!(
            Money::parse("£1.234567891m"),
            Err(LiteralError::FractionOfPenny)
        );
        assert_eq!(Money::parse("£1,23"), Err(LiteralError::BadGrouping));
        assert_eq!(Money::parse("£1234,567"), Err(LiteralError::BadGrouping));
        assert_eq!(Money::parse("£1000000bn"), Err(LiteralError::TooLarge));
        assert_eq!(
            Money::parse("£99999999999999999999999999999999999"),
            Err(LiteralError::TooLarge)
        );
        assert_eq!(Money::parse("15"), Err(LiteralError::Malformed));
        assert_eq!(Money::parse("£1."), Err(LiteralError::Malformed));
    }

    #[test]
    fn money_display() {
        assert_eq!(Money::from_pence(125_050).to_string(), "£1,250.50");
        assert_eq!(Money::from_pounds(315_000_000).to_string(), "£315,000,000");
        assert_eq!(Money::from_pence(-5).to_string(), "-£0.05");
        assert_eq!(Money::from_pounds(100).to_string(), "£100");
    }

    #[test]
    fn numbers_and_percentages() {
        assert_eq!(parse_number("1,020").unwrap(), Decimal::new(1020, 0));
        assert_eq!(parse_number("-3.5").unwrap(), Decimal::new(-35, 1));
        assert_eq!(parse_number("1,02"), Err(LiteralError::BadGrouping));
        assert_eq!(parse_percent("12.5%").unwrap(), Decimal::new(125, 1));
        assert!(parse_number("12345678901234567890123456789").is_err());
    }

    #[test]
    fn split_adds_up_and_follows_the_rule() {
        let thirds = [Decimal::ONE, Decimal::ONE, Decimal::ONE];
        let parts = Money::from_pence(100).split(&thirds).unwrap();
        assert_eq!(
            parts,
            vec![
                Money::from_pence(34),
                Money::from_pence(33),
                Money::from_pence(33)
            ]
        );
        let parts = Money::from_pence(-100).split(&thirds).unwrap();
        assert_eq!(
            parts,
            vec![
                Money::from_pence(-34),
                Money::from_pence(-33),
                Money::from_pence(-33)
            ]
        );
        assert_eq!(Money::from_pence(5).split(&[Decimal::ZERO]), None);
    }

    #[test]
    fn percentages_round_toward_zero() {
        let amount = Money::from_pence(1_999);
        assert_eq!(
            amount.percent_of(Decimal::from(10)),
            Some(Money::from_pence(199))
        );
        assert_eq!(
            Money::from_pence(-1_999).percent_of(Decimal::from(10)),
            Some(Money::from_pence(-199))
        );
        assert_eq!(amount.percent_of(Decimal::ONE_HUNDRED), Some(amount));
    }

    /// The thousands check as it was written first, in several passes.
    fn check_grouping(whole: &str) -> Result<(), LiteralError> {
        if whole.is_empty() || !whole.bytes().all(|b| b.is_ascii_digit() || b == b',') {
            return Err(LiteralError::Malformed);
        }
        let mut groups = whole.split(',');
        let first = groups.next().map_or(0, str::len);
        if whole.contains(',') && (!(1..=3).contains(&first) || groups.any(|g| g.len() != 3)) {
            return Err(LiteralError::BadGrouping);
        }
        if first == 0 {
            return Err(LiteralError::Malformed);
        }
        Ok(())
    }

    /// `Money::parse` as it was written first, in several passes over the
    /// text: the reference for the one-pass reading.
    fn money_in_passes(text: &str) -> Result<Money, LiteralError> {
        let (negative, rest) = match text.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, text),
        };
        let rest = rest.strip_prefix('£').ok_or(LiteralError::Malformed)?;
        let (number, scale_digits) = if let Some(n) = rest.strip_suffix("bn") {
            (n, 9)
        } else if let Some(n) = rest.strip_suffix('m') {
            (n, 6)
        } else if let Some(n) = rest.strip_suffix('k') {
            (n, 3)
        } else {
            (rest, 0)
        };
        let (whole, fraction) = match number.split_once('.') {
            Some((w, f)) => (w, f),
            None => (number, ""),
        };
        if number.contains('.') && fraction.is_empty()
            || !fraction.bytes().all(|b| b.is_ascii_digit())
        {
            return Err(LiteralError::Malformed);
        }
        check_grouping(whole)?;
        let shift = scale_digits + 2;
        let (kept, dropped) = fraction.split_at(fraction.len().min(shift));
        if dropped.bytes().any(|b| b != b'0') {
            return Err(LiteralError::FractionOfPenny);
        }
        let mut pence: i128 = 0;
        let digits = whole.bytes().filter(|b| *b != b',').chain(kept.bytes());
        for digit in digits {
            pence = pence * 10 + i128::from(digit - b'0');
            if pence >= LIMIT_PENCE {
                return Err(LiteralError::TooLarge);
            }
        }
        for _ in kept.len()..shift {
            pence *= 10;
            if pence >= LIMIT_PENCE {
                return Err(LiteralError::TooLarge);
            }
        }
        let pence = i64::try_from(pence).map_err(|_| LiteralError::TooLarge)?;
        Ok(Money::from_pence(if negative { -pence } else { pence }))
    }

    #[test]
    fn money_read_as_in_passes() {
        for text in [
            "£0",
            "-£0",
            "£1,250.50",
            "£46k",
            "£13.245m",
            "£1.2bn",
            "£1.23456k",
            "£1.234567k",
            "£",
            "£.5",
            "£1.",
            "£,100",
            "£1,00",
            "£1000,000",
            "£1,000,00",
            "£12a,34",
            "£1,2x",
            "£99999999999999999",
            "£999999999999999.99",
            "£1000000000000000",
            "£100000000bn",
            "£18446744073709551616",
            "£1.5.5",
            "1",
            "-£1,000.001",
            "£0.001bn",
        ] {
            assert_eq!(Money::parse(text), money_in_passes(text), "{text:?}");
        }
    }

    /// `parse_number` as it was written first, through a string and
    /// `Decimal`'s parser: the reference for the allocation-free one.
    fn number_through_text(text: &str) -> Result<Decimal, LiteralError> {
        let (negative, rest) = match text.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, text),
        };
        let (whole, fraction) = match rest.split_once('.') {
            Some((w, f)) => (w, f),
            None => (rest, ""),
        };
        if rest.contains('.') && fraction.is_empty()
            || !fraction.bytes().all(|b| b.is_ascii_digit())
        {
            return Err(LiteralError::Malformed);
        }
        check_grouping(whole)?;
        let whole = whole.replace(',', "");
        if whole.trim_start_matches('0').len() + fraction.len() > 28 {
            return Err(LiteralError::TooLarge);
        }
        let joined = if fraction.is_empty() {
            whole
        } else {
            format!("{whole}.{fraction}")
        };
        let value: Decimal = joined.parse().map_err(|_| LiteralError::TooLarge)?;
        Ok(if negative { -value } else { value })
    }

    #[test]
    fn numbers_read_as_through_text() {
        for text in [
            "0",
            "-0",
            "0,001",
            "1,020",
            "-3.5",
            "007.50",
            "1,000,000.000",
            "1.",
            ".5",
            "",
            "-",
            "1,00",
            "12,345,678",
            "0000000000000000000000000000001",
            "0.0000000000000000000000000001",
            "9999999999999999999999999999",
            "99999999999999999999999999999",
            "1.0000000000000000000000000000",
            "1e3",
            "1..2",
        ] {
            let (new, old) = (parse_number(text), number_through_text(text));
            assert_eq!(
                new.map(|d| d.serialize()),
                old.map(|d| d.serialize()),
                "{text:?}"
            );
        }
    }

    proptest! {
        #[test]
        fn a_percentage_never_exceeds_its_amount(pence in 0i64..10_000_000_000_000, percent in 0u32..=10_000) {
            let percent = Decimal::new(i64::from(percent), 2);
            let part = Money::from_pence(pence).percent_of(percent).unwrap();
            prop_assert!(part >= Money::ZERO && part <= Money::from_pence(pence));
            // Never more than a penny below the exact figure.
            let exact = Decimal::from(pence) * percent / Decimal::ONE_HUNDRED;
            prop_assert!(exact - Decimal::from(part.pence()) < Decimal::ONE);
        }

        #[test]
        fn money_read_as_in_passes_always(text in "-?£([0-9]{1,3}(,[0-9]{3}){0,7}|[0-9,]{0,24}|[0-9]{0,22}|[0-9,a.]{0,6})(\\.[0-9]{0,12}|\\.)?(bn|m|k)?") {
            prop_assert_eq!(Money::parse(&text), money_in_passes(&text), "{:?}", text);
        }

        #[test]
        fn numbers_read_as_through_text_always(text in "-?([0-9]{1,3}(,[0-9]{3}){0,9}|[0-9,]{0,32}|0{0,20}[0-9]{0,30})(\\.[0-9]{0,30})?") {
            let (new, old) = (parse_number(&text), number_through_text(&text));
            prop_assert_eq!(new.map(|d| d.serialize()), old.map(|d| d.serialize()), "{:?}", text);
        }

        #[test]
        fn split_always_adds_up(pence in -10_000_000_000_000i64..10_000_000_000_000, weights in proptest::collection::vec(0u32..1_000_000, 1..12)) {
            let weights: Vec<Decimal> = weights.into_iter().map(Decimal::from).collect();
            if let Some(parts) = Money::from_pence(pence).split(&weights) {
                prop_assert_eq!(Money::sum(parts.iter().copied()), Some(Money::from_pence(pence)));
                for (part, weight) in parts.iter().zip(&weights) {
                    if weight.is_zero() { prop_assert_eq!(*part, Money::ZERO); }
                }
            } else {
                prop_assert!(weights.iter().all(|w| w.is_zero()));
            }
        }

        #[test]
        fn display_then_parse_round_trips(pence in -100_000_000_000_000i64..100_000_000_000_000) {
            let money = Money::from_pence(pence);
            let text = money.to_string();
            prop_assert_eq!(Money::parse(&text), Ok(money));
        }
    }
}
