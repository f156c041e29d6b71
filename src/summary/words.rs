//! Plain English for the summary: lists, numbers, values in their units,
//! kinds of partner, dates and deadlines.

use rust_decimal::{Decimal, RoundingStrategy};

use crate::model::{Cadence, Deadline, PartnerKind, Unit};
use crate::period::Date;
use crate::syntax::ast::TimeUnit;

/// `A`, `A and B`, `A, B and C`.
pub fn list<S: AsRef<str>>(items: &[S]) -> String {
    joined(items, "and")
}

/// `A`, `A or B`, `A, B or C`.
pub fn alternatives<S: AsRef<str>>(items: &[S]) -> String {
    joined(items, "or")
}

fn joined<S: AsRef<str>>(items: &[S], word: &str) -> String {
    match items {
        [] => String::new(),
        [one] => one.as_ref().to_owned(),
        [rest @ .., last] => {
            let rest: Vec<&str> = rest.iter().map(AsRef::as_ref).collect();
            format!("{} {word} {}", rest.join(", "), last.as_ref())
        }
    }
}

/// A count in words up to twelve, in figures beyond: `three`, `15`.
pub fn count(n: usize) -> String {
    const WORDS: [&str; 13] = [
        "no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
        "eleven", "twelve",
    ];
    WORDS
        .get(n)
        .map_or_else(|| n.to_string(), |w| (*w).to_owned())
}

/// `1 seat`, `3 seats`.
pub fn plural(n: u64, one: &str, many: &str) -> String {
    if n == 1 {
        format!("{n} {one}")
    } else {
        format!("{n} {many}")
    }
}

/// `1st`, `2nd`, `3rd`, `4th`, `11th`, `21st`.
pub fn ordinal(n: u32) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

/// A decimal rounded to two places, without trailing zeros, with commas
/// between groups of three digits: `131,500`, `9.31`, `-0.5`.
pub fn decimal(value: Decimal) -> String {
    let text = value.round_dp(2).normalize().to_string();
    let (sign, digits) = match text.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", text.as_str()),
    };
    let (whole, fraction) = match digits.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (digits, None),
    };
    let mut grouped = String::with_capacity(whole.len() + whole.len() / 3);
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    match fraction {
        Some(f) => format!("{sign}{grouped}.{f}"),
        None => format!("{sign}{grouped}"),
    }
}

/// A value of a metric in its unit: `55%`, `14.6`, `£1,200`, `12 days`.
pub fn value(value: Decimal, unit: Option<Unit>) -> String {
    match unit {
        Some(Unit::Percent) => format!("{}%", decimal(value)),
        Some(Unit::Pounds) if value.is_sign_negative() => format!("-£{}", decimal(value.abs())),
        Some(Unit::Pounds) => format!("£{}", decimal(value)),
        Some(Unit::Days) => format!("{} days", decimal(value)),
        _ => decimal(value),
    }
}

/// An expected figure as shown: a count is a whole number, so an expected
/// count is rounded (half away from zero).
pub fn expected(value: Decimal, unit: Option<Unit>) -> Decimal {
    match unit {
        Some(Unit::Count) => {
            value.round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero)
        }
        _ => value,
    }
}

/// The worst figure that counts as met, as shown: for a count, the whole
/// count within the bound (`at_most` for a metric where lower is better),
/// which is met exactly when the bound is.
pub fn worst_met(value: Decimal, unit: Option<Unit>, at_most: bool) -> Decimal {
    match unit {
        Some(Unit::Count) if at_most => value.floor(),
        Some(Unit::Count) => value.ceil(),
        _ => value,
    }
}

/// A difference of a metric in its unit: `2 percentage points`, `0.5`.
pub fn difference(value: Decimal, unit: Option<Unit>) -> String {
    match unit {
        Some(Unit::Percent) if value == Decimal::ONE => "1 percentage point".to_owned(),
        Some(Unit::Percent) => format!("{} percentage points", decimal(value)),
        _ => self::value(value, unit),
    }
}

/// What a partner is, in words: `county council`, `integrated care board`.
pub fn partner_kind(kind: PartnerKind) -> &'static str {
    match kind {
        PartnerKind::LocalAuthority => "council",
        PartnerKind::CountyCouncil => "county council",
        PartnerKind::UnitaryAuthority => "unitary council",
        PartnerKind::DistrictCouncil => "district council",
        PartnerKind::MetropolitanBorough => "metropolitan borough council",
        PartnerKind::LondonBorough => "London borough council",
        PartnerKind::CityOfLondon => "the Common Council of the City of London",
        PartnerKind::IslesOfScilly => "the Council of the Isles of Scilly",
        PartnerKind::CombinedAuthority => "combined authority",
        PartnerKind::HealthAuthority => "health authority",
        PartnerKind::PrimaryCareTrust => "primary care trust",
        PartnerKind::ClinicalCommissioningGroup => "clinical commissioning group",
        PartnerKind::IntegratedCareBoard => "integrated care board",
        PartnerKind::NhsTrust => "NHS trust",
        PartnerKind::FoundationTrust => "NHS foundation trust",
        PartnerKind::NhsEngland => "NHS England",
    }
}

/// `8 March 2010`.
pub fn date(date: Date) -> String {
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let iso = date.to_string();
    let mut parts = iso.split('-');
    let (Some(year), Some(month), Some(day)) = (parts.next(), parts.next(), parts.next()) else {
        return iso;
    };
    let month = month
        .parse::<usize>()
        .ok()
        .and_then(|m| MONTHS.get(m.wrapping_sub(1)));
    match (day.parse::<u8>(), month) {
        (Ok(day), Some(month)) => format!("{day} {month} {year}"),
        _ => iso,
    }
}

/// `within 20 days`, `within 1 month`.
pub fn deadline(deadline: &Deadline) -> String {
    let (one, many) = match deadline.unit {
        TimeUnit::Days => ("day", "days"),
        TimeUnit::Weeks => ("week", "weeks"),
        TimeUnit::Months => ("month", "months"),
    };
    format!("within {}", plural(u64::from(deadline.count), one, many))
}

/// How often, as an adverb: `quarterly`, `every 6 weeks`.
pub fn cadence(cadence: &Cadence) -> String {
    cadence.to_string()
}

/// A department's name with "the" before it (`the Department of Health
/// and Social Care`); other names as they are (`Lancaster University`).
pub fn definite(name: &str) -> String {
    let department = ["Department", "Office", "Ministry"]
        .iter()
        .any(|w| name.starts_with(w));
    if department {
        format!("the {name}")
    } else {
        name.to_owned()
    }
}

/// A capital first letter.
pub fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The first letter in lower case, unless the first word is an acronym or
/// a proper name (a capital followed by another capital): `Share of ...` becomes
/// `share of ...`, `NHS ...` stays.
pub fn uncapitalised(text: &str) -> String {
    let mut chars = text.chars();
    match (chars.next(), chars.next()) {
        (Some(first), Some(second)) if first.is_uppercase() && !second.is_uppercase() => {
            first.to_lowercase().chain(text.chars().skip(1)).collect()
        }
        _ => text.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_and_numbers() {
        assert_eq!(list::<&str>(&[]), "");
        assert_eq!(list(&["a"]), "a");
        assert_eq!(list(&["a", "b"]), "a and b");
        assert_eq!(alternatives(&["a", "b", "c"]), "a, b or c");
        assert_eq!(ordinal(1), "1st");
        assert_eq!(ordinal(12), "12th");
        assert_eq!(ordinal(23), "23rd");
        assert_eq!(decimal(Decimal::new(131_500, 0)), "131,500");
        assert_eq!(decimal(Decimal::new(-1_234_567, 3)), "-1,234.57");
        assert_eq!(decimal(Decimal::new(1300, 2)), "13");
        assert_eq!(value(Decimal::new(925, 1), Some(Unit::Percent)), "92.5%");
        assert_eq!(date(Date::parse("2010-03-08").unwrap()), "8 March 2010");
        assert_eq!(uncapitalised("Share of the pool"), "share of the pool");
        assert_eq!(uncapitalised("NHS trusts"), "NHS trusts");
        assert_eq!(count(3), "three");
        assert_eq!(count(15), "15");
    }

    #[test]
    fn counts_shown_whole_and_bounds_met_exactly_when_shown() {
        let d = |s: &str| s.parse::<Decimal>().unwrap();
        let count = Some(Unit::Count);
        assert_eq!(expected(d("22580.82"), count), d("22581"));
        assert_eq!(expected(d("22524.5"), count), d("22525"));
        assert_eq!(expected(d("14.6"), Some(Unit::Percent)), d("14.6"));
        // At most 23,147.14: 23,147 is met, 23,148 is not.
        assert_eq!(worst_met(d("23147.14"), count, true), d("23147"));
        // At least 17.2: 18 is the least whole count met.
        assert_eq!(worst_met(d("17.2"), count, false), d("18"));
        assert_eq!(worst_met(d("9.95"), None, true), d("9.95"));
    }
}
