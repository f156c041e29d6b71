//! Financial years, quarters and dates.
//!
//! An English public-sector financial year runs from 1 April to 31 March and
//! is written with both calendar years, `2017/18`. Quarters and months count
//! from April, as NHS and council finance count them: `2017/18 Q1` is April
//! to June 2017, `2017/18 Q4` January to March 2018, `2017/18 M1` April 2017
//! and `2017/18 M12` March 2018.
//!
//! Periods are compared by when they end: a year ends with its fourth
//! quarter and its twelfth month, so "as of 2017/18" and "as of 2017/18 Q4"
//! are the same moment ([`Period::end_month`], [`Period::ends_after`]).

use std::fmt;

use serde::Serialize;

/// A financial year, by the calendar year it starts in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FinancialYear {
    start: u16,
}

/// Why a period literal could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PeriodError {
    /// The second year is not the year after the first.
    NotConsecutive {
        /// What the second part should have been.
        expected: u16,
    },
    /// A quarter number outside 1 to 4.
    BadQuarter,
    /// A month number outside 1 to 12.
    BadMonth,
    /// A date that is not on the calendar.
    BadDate,
    /// Not of the expected shape.
    Malformed,
}

impl FinancialYear {
    /// Its first day, 1 April.
    pub fn first_day(self) -> Date {
        Date {
            year: self.start_year(),
            month: 4,
            day: 1,
        }
    }

    /// Its last day, 31 March of the next calendar year.
    pub fn last_day(self) -> Date {
        Date {
            year: self.start_year().saturating_add(1),
            month: 3,
            day: 31,
        }
    }

    /// The financial year starting in April of `start`.
    pub const fn starting(start: u16) -> FinancialYear {
        FinancialYear { start }
    }

    /// The calendar year it starts in.
    pub const fn start_year(self) -> u16 {
        self.start
    }

    /// The next financial year.
    pub fn next(self) -> FinancialYear {
        FinancialYear {
            start: self.start.saturating_add(1),
        }
    }

    /// Reads `2017/18`.
    pub fn parse(text: &str) -> Result<FinancialYear, PeriodError> {
        let (first, second) = text.split_once('/').ok_or(PeriodError::Malformed)?;
        if first.len() != 4 || second.len() != 2 {
            return Err(PeriodError::Malformed);
        }
        let start: u16 = first.parse().map_err(|_| PeriodError::Malformed)?;
        let end: u16 = second.parse().map_err(|_| PeriodError::Malformed)?;
        let expected = (start + 1) % 100;
        if end != expected {
            return Err(PeriodError::NotConsecutive { expected });
        }
        Ok(FinancialYear { start })
    }

    /// The financial year a date falls in.
    pub fn containing(date: Date) -> FinancialYear {
        if date.month >= 4 {
            FinancialYear { start: date.year }
        } else {
            FinancialYear {
                start: date.year.saturating_sub(1),
            }
        }
    }

    /// The years from `self` to `last` inclusive (empty if `last` is earlier).
    pub fn through(self, last: FinancialYear) -> impl Iterator<Item = FinancialYear> {
        (self.start..=last.start).map(|start| FinancialYear { start })
    }
}

impl fmt::Display for FinancialYear {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{:02}", self.start, (u32::from(self.start) + 1) % 100)
    }
}

impl Serialize for FinancialYear {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// A reporting period: a whole financial year, one of its quarters or one
/// of its months.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Period {
    /// A whole financial year.
    Year(FinancialYear),
    /// A quarter, 1 to 4, of a financial year.
    Quarter(FinancialYear, u8),
    /// A month, 1 (April) to 12 (March), of a financial year.
    Month(FinancialYear, u8),
}

impl Period {
    /// The financial year the period lies in.
    pub fn year(self) -> FinancialYear {
        match self {
            Period::Year(year) | Period::Quarter(year, _) | Period::Month(year, _) => year,
        }
    }

    /// The last month of the period within its year, 1 (April) to 12.
    fn last_month(self) -> u8 {
        match self {
            Period::Year(_) => 12,
            Period::Quarter(_, quarter) => quarter.saturating_mul(3),
            Period::Month(_, month) => month,
        }
    }

    /// How many months the period covers: 12, 3 or 1.
    pub fn months(self) -> u8 {
        match self {
            Period::Year(_) => 12,
            Period::Quarter(..) => 3,
            Period::Month(..) => 1,
        }
    }

    /// The last month the period covers, counted from April 2000 = 0.
    pub fn end_month(self) -> i64 {
        (i64::from(self.year().start_year()) - 2000) * 12 + i64::from(self.last_month()) - 1
    }

    /// The first month the period covers, counted as [`Period::end_month`].
    pub fn start_month(self) -> i64 {
        self.end_month() - i64::from(self.months()) + 1
    }

    /// The month with this [`Period::end_month`] (`None` before 2000 or past
    /// the last year a period can hold).
    pub fn month_at(index: i64) -> Option<Period> {
        let year = u16::try_from(index.div_euclid(12) + 2000).ok()?;
        let month = u8::try_from(index.rem_euclid(12) + 1).ok()?;
        Some(Period::Month(FinancialYear::starting(year), month))
    }

    /// The last quarter the period touches, counted from 2000/01 Q1 = 0 (a
    /// year ends with its Q4, a month is in its quarter).
    pub fn end_index(self) -> i64 {
        self.end_month().div_euclid(3)
    }

    /// Whether the period ends after `other` ends: what "later than the
    /// as-of period" means. A year does not end after its own Q4 or M12.
    pub fn ends_after(self, other: Period) -> bool {
        self.end_month() > other.end_month()
    }

    /// Whether `other` lies within this period (a period contains itself).
    pub fn contains(self, other: Period) -> bool {
        self.start_month() <= other.start_month() && other.end_month() <= self.end_month()
    }

    /// Reads `2017/18`, `2017/18 Q3` or `2017/18 M7` (any spaces between,
    /// either case).
    pub fn parse(text: &str) -> Result<Period, PeriodError> {
        let mut parts = text.split_whitespace();
        let year = FinancialYear::parse(parts.next().ok_or(PeriodError::Malformed)?)?;
        match (parts.next(), parts.next()) {
            (None, _) => Ok(Period::Year(year)),
            (Some(part), None) => {
                if let Some(number) = part.strip_prefix(['Q', 'q']) {
                    return match number.parse::<u8>() {
                        Ok(q @ 1..=4) if number.len() == 1 => Ok(Period::Quarter(year, q)),
                        _ => Err(PeriodError::BadQuarter),
                    };
                }
                let number = part
                    .strip_prefix(['M', 'm'])
                    .ok_or(PeriodError::Malformed)?;
                match number.parse::<u8>() {
                    Ok(m @ 1..=12) if (1..=2).contains(&number.len()) => Ok(Period::Month(year, m)),
                    _ => Err(PeriodError::BadMonth),
                }
            }
            _ => Err(PeriodError::Malformed),
        }
    }
}

impl PartialOrd for Period {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Period {
    /// By end, then the longer first: a year before its fourth quarter
    /// before its twelfth month. Use [`Period::ends_after`] to ask whether
    /// a period is later than another: this order is for sorting.
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.end_month()
            .cmp(&other.end_month())
            .then_with(|| other.months().cmp(&self.months()))
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Period::Year(year) => write!(f, "{year}"),
            Period::Quarter(year, quarter) => write!(f, "{year} Q{quarter}"),
            Period::Month(year, month) => write!(f, "{year} M{month}"),
        }
    }
}

impl Serialize for Period {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// A calendar date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    year: u16,
    month: u8,
    day: u8,
}

impl Date {
    /// Reads an ISO date, `2010-03-08`, checking it is on the calendar.
    pub fn parse(text: &str) -> Result<Date, PeriodError> {
        let mut parts = text.split('-');
        let (Some(y), Some(m), Some(d), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(PeriodError::Malformed);
        };
        if y.len() != 4 || m.len() != 2 || d.len() != 2 {
            return Err(PeriodError::Malformed);
        }
        let year: u16 = y.parse().map_err(|_| PeriodError::Malformed)?;
        let month: u8 = m.parse().map_err(|_| PeriodError::Malformed)?;
        let day: u8 = d.parse().map_err(|_| PeriodError::Malformed)?;
        Date::from_ymd(year, month, day).ok_or(PeriodError::BadDate)
    }

    /// The calendar year.
    pub fn year(self) -> u16 {
        self.year
    }

    /// A date from its parts, if it is on the calendar.
    pub fn from_ymd(year: u16, month: u8, day: u8) -> Option<Date> {
        (1..=12).contains(&month).then_some(())?;
        (day >= 1 && day <= days_in_month(year, month)).then_some(Date { year, month, day })
    }

    /// The date `days` days later, or `None` past the last year a date can
    /// hold (65535).
    pub fn add_days(self, days: u32) -> Option<Date> {
        let number = self.day_number().checked_add(i64::from(days))?;
        Date::from_day_number(number)
    }

    /// The date `months` months later: the same day of the month, or the
    /// month's last day if it is shorter; `None` past the last year a date
    /// can hold (65535).
    pub fn add_months(self, months: u32) -> Option<Date> {
        let index = u64::from(self.month) - 1 + u64::from(months);
        let year = u16::try_from(u64::from(self.year) + index / 12).ok()?;
        let month = u8::try_from(index % 12).ok()? + 1;
        Some(Date {
            year,
            month,
            day: self.day.min(days_in_month(year, month)),
        })
    }

    /// Days since 1 March of year 0 in the proleptic Gregorian calendar (the
    /// counting of H. Hinnant's `days_from_civil`, from March so that a leap
    /// day ends its year).
    fn day_number(self) -> i64 {
        let (month, day) = (i64::from(self.month), i64::from(self.day));
        let year = i64::from(self.year) - i64::from(month <= 2);
        let era = year.div_euclid(400);
        let year_of_era = year - era * 400;
        let day_of_year = (153 * ((month + 9) % 12) + 2) / 5 + day - 1;
        let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
        era * 146_097 + day_of_era
    }

    /// The inverse of [`Date::day_number`]; `None` outside years 0 to 65535.
    fn from_day_number(number: i64) -> Option<Date> {
        let era = number.div_euclid(146_097);
        let day_of_era = number - era * 146_097;
        let year_of_era =
            (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
        let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
        let shifted_month = (5 * day_of_year + 2) / 153;
        let day = day_of_year - (153 * shifted_month + 2) / 5 + 1;
        let month = if shifted_month < 10 {
            shifted_month + 3
        } else {
            shifted_month - 9
        };
        let year = year_of_era + era * 400 + i64::from(month <= 2);
        Date::from_ymd(
            u16::try_from(year).ok()?,
            u8::try_from(month).ok()?,
            u8::try_from(day).ok()?,
        )
    }
}

fn days_in_month(year: u16, month: u8) -> u8 {
    let leap = year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400));
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => 31,
    }
}

impl Period {
    /// The first day of the period: the first of its first month.
    pub fn start_date(self) -> Date {
        let start = self.year().start_year();
        let first = self.last_month().saturating_sub(self.months()) + 1;
        let (year, month) = match first {
            m @ 1..=9 => (start, m + 3),
            m => (start.saturating_add(1), m.saturating_sub(9)),
        };
        Date {
            year,
            month,
            day: 1,
        }
    }

    /// The last day of the period: the end of its last month (the end of a
    /// year is the end of its fourth quarter, 31 March).
    pub fn end_date(self) -> Date {
        let start = self.year().start_year();
        // Month 1 is April.
        let (year, month) = match self.last_month() {
            m @ 1..=9 => (start, m + 3),
            m => (start.saturating_add(1), m.saturating_sub(9)),
        };
        Date {
            year,
            month,
            day: days_in_month(year, month),
        }
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn financial_years() {
        let year = FinancialYear::parse("2017/18").unwrap();
        assert_eq!(year.start_year(), 2017);
        assert_eq!(year.to_string(), "2017/18");
        assert_eq!(
            FinancialYear::parse("1999/00").unwrap().to_string(),
            "1999/00"
        );
        assert_eq!(
            FinancialYear::parse("2017/19"),
            Err(PeriodError::NotConsecutive { expected: 18 })
        );
        assert_eq!(FinancialYear::parse("17/18"), Err(PeriodError::Malformed));
        let years: Vec<String> = year
            .through(FinancialYear::starting(2019))
            .map(|y| y.to_string())
            .collect();
        assert_eq!(years, ["2017/18", "2018/19", "2019/20"]);
    }

    #[test]
    fn quarters() {
        assert_eq!(
            Period::parse("2017/18 Q3"),
            Ok(Period::Quarter(FinancialYear::starting(2017), 3))
        );
        assert_eq!(
            Period::parse("2017/18 q1").unwrap().to_string(),
            "2017/18 Q1"
        );
        assert_eq!(Period::parse("2017/18 Q5"), Err(PeriodError::BadQuarter));
        assert_eq!(Period::parse("2017/18 Q0"), Err(PeriodError::BadQuarter));
        assert_eq!(Period::parse("2017/18 Q12"), Err(PeriodError::BadQuarter));
        let q4 = Period::parse("2017/18 Q4").unwrap();
        let year = Period::parse("2017/18").unwrap();
        let next_q1 = Period::parse("2018/19 Q1").unwrap();
        assert!(year < q4 && q4 < next_q1);
        assert_eq!(q4.end_index(), year.end_index());
    }

    #[test]
    fn months() {
        let year = FinancialYear::starting(2017);
        assert_eq!(Period::parse("2017/18 M7"), Ok(Period::Month(year, 7)));
        assert_eq!(
            Period::parse("2017/18 m12").unwrap().to_string(),
            "2017/18 M12"
        );
        assert_eq!(Period::parse("2017/18 M13"), Err(PeriodError::BadMonth));
        assert_eq!(Period::parse("2017/18 M0"), Err(PeriodError::BadMonth));
        assert_eq!(Period::parse("2017/18 M007"), Err(PeriodError::BadMonth));
        assert_eq!(Period::parse("2017/18 X1"), Err(PeriodError::Malformed));
        let date = |t: &str| Date::parse(t).unwrap();
        assert_eq!(Period::Month(year, 1).end_date(), date("2017-04-30"));
        assert_eq!(Period::Month(year, 9).end_date(), date("2017-12-31"));
        assert_eq!(Period::Month(year, 11).end_date(), date("2018-02-28"));
        assert_eq!(
            Period::Month(FinancialYear::starting(2015), 11).end_date(),
            date("2016-02-29")
        );
        // A year, its Q4 and its M12 end together; nothing in it ends after it.
        let whole = Period::Year(year);
        for p in [Period::Quarter(year, 4), Period::Month(year, 12)] {
            assert_eq!(p.end_month(), whole.end_month());
            assert!(!p.ends_after(whole) && !whole.ends_after(p));
            assert!(whole.contains(p));
        }
        assert!(Period::Quarter(year, 3).contains(Period::Month(year, 8)));
        assert_eq!(Period::Quarter(year, 3).start_date(), date("2017-10-01"));
        assert_eq!(Period::Quarter(year, 4).start_date(), date("2018-01-01"));
        assert_eq!(Period::Month(year, 10).start_date(), date("2018-01-01"));
        assert_eq!(whole.start_date(), date("2017-04-01"));
        assert!(!Period::Quarter(year, 3).contains(Period::Month(year, 10)));
        assert_eq!(
            Period::month_at(Period::Month(year, 5).end_month()),
            Some(Period::Month(year, 5))
        );
        let mut sorted = vec![
            Period::Month(year, 12),
            Period::Quarter(year, 4),
            Period::Year(year),
            Period::Month(year, 1),
        ];
        sorted.sort();
        assert_eq!(
            sorted,
            [
                Period::Month(year, 1),
                Period::Year(year),
                Period::Quarter(year, 4),
                Period::Month(year, 12)
            ]
        );
    }

    #[test]
    fn dates() {
        assert_eq!(Date::parse("2010-03-08").unwrap().to_string(), "2010-03-08");
        assert!(Date::parse("2016-02-29").is_ok());
        assert_eq!(Date::parse("2017-02-29"), Err(PeriodError::BadDate));
        assert_eq!(Date::parse("2017-13-01"), Err(PeriodError::BadDate));
        assert_eq!(Date::parse("2017-1-01"), Err(PeriodError::Malformed));
        let march = Date::parse("2010-03-31").unwrap();
        let april = Date::parse("2010-04-01").unwrap();
        assert_eq!(FinancialYear::containing(march).to_string(), "2009/10");
        assert_eq!(FinancialYear::containing(april).to_string(), "2010/11");
    }

    #[test]
    fn date_arithmetic() {
        let date = |t: &str| Date::parse(t).unwrap();
        let some = |t: &str| Some(date(t));
        assert_eq!(date("2018-03-31").add_days(30), some("2018-04-30"));
        assert_eq!(date("2018-12-31").add_days(1), some("2019-01-01"));
        assert_eq!(date("2016-02-28").add_days(366), some("2017-02-28"));
        assert_eq!(date("2016-02-28").add_days(1), some("2016-02-29"));
        assert_eq!(date("2000-02-28").add_days(1), some("2000-02-29"));
        assert_eq!(date("2100-02-28").add_days(1), some("2100-03-01"));
        assert_eq!(date("2018-01-31").add_months(1), some("2018-02-28"));
        assert_eq!(date("2018-11-30").add_months(3), some("2019-02-28"));
        assert_eq!(
            date("9999-12-31").add_days(1).unwrap().to_string(),
            "10000-01-01"
        );
        let q3 = Period::parse("2017/18 Q3").unwrap();
        assert_eq!(q3.end_date(), date("2017-12-31"));
        let year = Period::parse("2017/18").unwrap();
        assert_eq!(year.end_date(), date("2018-03-31"));
    }

    #[test]
    fn date_arithmetic_never_wraps() {
        let date = Date::parse("2018-06-30").unwrap();
        assert_eq!(date.add_months(u32::MAX), None);
        assert_eq!(date.add_days(u32::MAX), None);
        assert_eq!(date.add_months(4_294_967_290), None);
        let last = Date::from_ymd(u16::MAX, 12, 31).unwrap();
        assert_eq!(last.add_days(1), None);
        assert_eq!(last.add_months(1), None);
    }

    fn any_period() -> impl proptest::strategy::Strategy<Value = Period> {
        use proptest::prelude::*;
        (2000u16..2100, 0u8..3, 1u8..=12).prop_map(|(start, kind, n)| {
            let year = FinancialYear::starting(start);
            match kind {
                0 => Period::Year(year),
                1 => Period::Quarter(year, (n - 1) / 3 + 1),
                _ => Period::Month(year, n),
            }
        })
    }

    proptest::proptest! {
        /// Periods compare by their last day: one ends after another exactly
        /// when its last day is later, the sort order agrees with that, a
        /// period is contained in another exactly when its days are, and a
        /// period reads back as it prints.
        #[test]
        fn periods_compare_by_their_days(a in any_period(), b in any_period()) {
            proptest::prop_assert_eq!(a.ends_after(b), a.end_date() > b.end_date());
            if a.ends_after(b) {
                proptest::prop_assert!(a > b);
            }
            let first_day = |p: Period| {
                let months = u32::from(p.months());
                let before = Period::month_at(p.start_month() - 1).map(Period::end_date);
                (before, months)
            };
            let (a_before, _) = first_day(a);
            let (b_before, _) = first_day(b);
            let inside = a_before <= b_before && b.end_date() <= a.end_date();
            proptest::prop_assert_eq!(a_before.and_then(|d| d.add_days(1)), Some(a.start_date()));
            proptest::prop_assert_eq!(a.contains(b), inside);
            proptest::prop_assert_eq!(Period::parse(&a.to_string()), Ok(a));
            proptest::prop_assert_eq!(a.cmp(&b), b.cmp(&a).reverse());
            proptest::prop_assert_eq!(a == b, a.cmp(&b) == std::cmp::Ordering::Equal);
        }
    }

    proptest::proptest! {
        /// Adding days one at a time and all at once agree, and the day
        /// numbering round-trips over the whole calendar.
        #[test]
        fn day_numbers_round_trip(year in 0u16..u16::MAX, month in 1u8..=12, day in 1u8..=31, days in 0u32..2_000) {
            if let Some(date) = Date::from_ymd(year, month, day) {
                proptest::prop_assert_eq!(Date::from_day_number(date.day_number()), Some(date));
                let mut stepped = Some(date);
                for _ in 0..days.min(40) {
                    stepped = stepped.and_then(|d| d.add_days(1));
                }
                proptest::prop_assert_eq!(stepped, date.add_days(days.min(40)));
                if let Some(later) = date.add_days(days) {
                    proptest::prop_assert_eq!(later.day_number() - date.day_number(), i64::from(days));
                    proptest::prop_assert!(later >= date);
                }
            }
        }
    }
}
