//! In-year monitoring: what a pool manager reports of a pool during the
//! year, per month or quarter (or for the year): the plan (the budget for
//! the year to date or the year), the forecast outturn for the year, and
//! the actual spending to date.
//!
//! A row says what it measures in an optional `measure` column (`plan`,
//! `forecast`, `actual`; `actual` when absent, so a return without the
//! column reads as before). The year's `actual` is the outturn and is kept
//! where it always was ([`Table::spend`]); every other figure is kept here,
//! one place per fund, period slot and measure, sized by the agreement.
//!
//! A fund is a pool today; a scheme inside a pool would be one more kind
//! of fund, given a place of its own in [`fund_of`] and nowhere else.

use super::catalogue::{Catalogue, Item, SLOTS_PER_YEAR, SLOTS_WITHOUT_MONTHS};
use super::columns::Column;
use super::fields::{text, Problem};
use super::table::{place_of, RowRef, Spend, Table};
use crate::diagnostics::Code;
use crate::model::Agreement;
use crate::money::Money;
use crate::period::Period;

/// What a figure of a pool measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Measure {
    /// The budget for the year to date (for a month or quarter) or the year.
    Plan = 0,
    /// The forecast outturn for the whole year, as at a month or quarter.
    Forecast = 1,
    /// The spending to date: the year to date for a month or quarter, the
    /// outturn for the year.
    Actual = 2,
}

/// Measures a fund has per slot.
pub const MEASURES: usize = 3;

impl Measure {
    /// The word a return writes.
    pub fn word(self) -> &'static str {
        match self {
            Measure::Plan => "plan",
            Measure::Forecast => "forecast",
            Measure::Actual => "actual",
        }
    }

    /// The measure a `measure` field names: `actual` when it is empty;
    /// case and spaces do not matter, and `outturn`, `budget` and
    /// `forecast outturn` are the words finance officers also use.
    pub fn parse(bytes: &[u8]) -> Result<Measure, Problem> {
        if bytes.is_empty() {
            return Ok(Measure::Actual);
        }
        let written = text(bytes, Column::Measure)?;
        let key: String = written
            .chars()
            .filter(|c| !matches!(c, ' ' | '_' | '-'))
            .flat_map(char::to_lowercase)
            .collect();
        match key.as_str() {
            "plan" | "budget" => Ok(Measure::Plan),
            "forecast" | "forecastoutturn" => Ok(Measure::Forecast),
            "actual" | "outturn" | "actualtodate" => Ok(Measure::Actual),
            _ => {
                let problem = Problem::new(
                    Code::UnknownMeasure,
                    Column::Measure,
                    format!("`{written}` is not a measure of a return"),
                );
                let near = crate::diagnostics::did_you_mean(
                    &written.to_lowercase(),
                    ["plan", "forecast", "actual"],
                );
                Err(match near {
                    Some(near) => problem.help(format!(
                        "did you mean `{near}`? A measure is `plan`, `forecast` or `actual`"
                    )),
                    None => problem.help(
                        "a measure is `plan` (the budget to date), `forecast` (the forecast outturn for the year) or `actual` (spent to date); leave it empty for `actual`",
                    ),
                })
            }
        }
    }
}

/// The fund a row's item is monitored as, by its place among the funds
/// (a pool's index today; a scheme would be given a place after the pools
/// here).
pub fn fund_of(item: Item) -> Option<usize> {
    match item {
        Item::Pool(fund) | Item::Scheme(fund) => Some(fund),
        Item::Obligation(_) | Item::Aligned(_) => None,
    }
}

/// Places a table keeps for monitoring.
pub fn places(_agreement: &Agreement, catalogue: &Catalogue) -> usize {
    catalogue.funds() * catalogue.years * SLOTS_PER_YEAR * MEASURES
}

/// The place of a fund's figure for a slot and measure.
pub fn place(catalogue: &Catalogue, fund: usize, slot: usize, measure: Measure) -> usize {
    (fund * catalogue.years * SLOTS_PER_YEAR + slot) * MEASURES + measure as usize
}

/// Where the note of the monitoring figure at `place` is kept in
/// [`Table::notes`]: after the cells and the years' spending.
pub fn note_key(table: &Table, place: usize) -> usize {
    table.cells.len() + table.spend.len() + place
}

/// The note of a fund's figure for a slot and measure, if its row had one.
pub fn note<'t>(
    table: &'t Table,
    catalogue: &Catalogue,
    fund: usize,
    slot: usize,
    measure: Measure,
) -> Option<&'t str> {
    if slot.is_multiple_of(SLOTS_PER_YEAR) && measure == Measure::Actual {
        let index = fund * catalogue.years + slot / SLOTS_PER_YEAR;
        return table.note(table.cells.len() + index);
    }
    table.note(note_key(table, place(catalogue, fund, slot, measure)))
}

/// Whether a slot is a month (rather than the year or a quarter).
fn is_month(slot: usize) -> bool {
    slot % SLOTS_PER_YEAR >= SLOTS_WITHOUT_MONTHS
}

/// The slot of the last month (M12) and last quarter (Q4) of the year of
/// `slot`.
fn year_end_slots(slot: usize) -> (usize, usize) {
    let start = slot - slot % SLOTS_PER_YEAR;
    (start + SLOTS_PER_YEAR - 1, start + 4)
}

/// Records a monitoring figure of `fund` (a row that is not the year's
/// actual outturn, which the caller keeps in [`Table::spend`]); checks
/// that it is the only one for its period and measure, that the year is
/// reported by months or by quarters but not both, and that a year-end
/// actual to date agrees with the year's outturn.
pub fn record(
    table: &mut Table,
    catalogue: &Catalogue,
    (fund, name): (usize, &str),
    (period, slot, measure): (Period, usize, Measure),
    (amount, note): (Money, &str),
    row: RowRef,
) -> Result<(), Problem> {
    if measure == Measure::Forecast && matches!(period, Period::Year(_)) {
        return Err(Problem::new(
            Code::SpendNotYearly,
            Column::Period,
            format!("a forecast outturn is made during the year, as at a month or quarter: `{period}` is the whole year"),
        )
        .help(format!("give the forecast as at a month or quarter (`{} M9`, `{} Q3`), or report the year's actual spending as its outturn", period.year(), period.year())));
    }
    let at = place(catalogue, fund, slot, measure);
    match table.monitor.get(at) {
        None => {
            return Err(Problem::new(
                Code::ReturnOutsideTerm,
                Column::Period,
                "the period is outside the term".to_owned(),
            ))
        }
        Some(Some(first)) => {
            return Err(Problem::new(
                Code::DuplicateRow,
                Column::Item,
                format!(
                    "the {} of `{name}` for {period} was already reported, at {}",
                    measure.word(),
                    place_of(&table.paths, first.row)
                ),
            )
            .help("keep one row for each pool, period and measure"));
        }
        Some(None) => {}
    }
    if !matches!(period, Period::Year(_)) {
        let month = is_month(slot);
        let start = slot - slot % SLOTS_PER_YEAR;
        let other = (start + 1..start + SLOTS_PER_YEAR)
            .filter(|&s| is_month(s) != month)
            .flat_map(|s| {
                [Measure::Plan, Measure::Forecast, Measure::Actual]
                    .map(|m| place(catalogue, fund, s, m))
            })
            .find_map(|p| table.monitor.get(p).copied().flatten());
        if let Some(other) = other {
            let (this, that) = if month {
                ("months", "quarters")
            } else {
                ("quarters", "months")
            };
            return Err(Problem::new(
                Code::MixedMonitoringPeriods,
                Column::Period,
                format!(
                    "`{name}` is monitored by {that} in {}, at {}; this row is for {period}",
                    period.year(),
                    place_of(&table.paths, other.row)
                ),
            )
            .help(format!("report a pool's year by {that} or by {this}, not both: the forecasts must follow one another")));
        }
    }
    if measure == Measure::Actual {
        let (m12, q4) = year_end_slots(slot);
        if slot == m12 || slot == q4 {
            let year_offset = slot / SLOTS_PER_YEAR;
            if let Some(outturn) = table.spend_of(catalogue, fund, year_offset) {
                disagrees(&table.paths, name, period, amount, outturn)?;
            }
        }
    }
    if let Some(place) = table.monitor.get_mut(at) {
        *place = Some(Spend { amount, row });
    }
    if !note.is_empty() {
        table.notes.insert(note_key(table, at), note.into());
    }
    Ok(())
}

/// The year's outturn of `fund`, just reported as `amount`, checked
/// against the actual to date of the year's last month and quarter.
pub fn check_outturn(
    table: &Table,
    catalogue: &Catalogue,
    (fund, name): (usize, &str),
    slot: usize,
    amount: Money,
) -> Result<(), Problem> {
    let (m12, q4) = year_end_slots(slot);
    for end in [m12, q4] {
        let at = place(catalogue, fund, end, Measure::Actual);
        if let Some(Some(to_date)) = table.monitor.get(at) {
            if to_date.amount != amount {
                let period = catalogue.period_of(end);
                return Err(Problem::new(
                    Code::OutturnDisagrees,
                    Column::Value,
                    format!(
                        "the outturn of `{name}` for {} is {amount}, but the actual to date for {period} is {}, at {}",
                        period.year(),
                        to_date.amount,
                        place_of(&table.paths, to_date.row)
                    ),
                )
                .help(SAME_SPENDING));
            }
        }
    }
    Ok(())
}

const SAME_SPENDING: &str = "the year's actual and the actual to date at its end are the same spending: correct the one that is wrong";

fn disagrees(
    paths: &[String],
    name: &str,
    period: Period,
    amount: Money,
    outturn: Spend,
) -> Result<(), Problem> {
    if amount == outturn.amount {
        return Ok(());
    }
    Err(Problem::new(
        Code::OutturnDisagrees,
        Column::Value,
        format!(
            "the actual to date of `{name}` for {period} is {amount}, but its outturn for {} is {}, at {}",
            period.year(),
            outturn.amount,
            place_of(paths, outturn.row)
        ),
    )
    .help(SAME_SPENDING))
}

/// The spending a year of `fund` is settled on: the year's actual outturn,
/// or when there is none, the actual to date of its last month (M12) or
/// else of its last quarter (Q4). Never a plan or a forecast.
pub fn outturn(
    table: &Table,
    catalogue: &Catalogue,
    fund: usize,
    year_offset: usize,
) -> Option<Spend> {
    if let Some(spend) = table.spend_of(catalogue, fund, year_offset) {
        return Some(spend);
    }
    let (m12, q4) = year_end_slots(year_offset * SLOTS_PER_YEAR);
    [m12, q4]
        .into_iter()
        .find_map(|slot| figure(table, catalogue, fund, slot, Measure::Actual))
}

/// The figure of `fund` for a slot and measure, if reported (the year's
/// actual is its outturn).
pub fn figure(
    table: &Table,
    catalogue: &Catalogue,
    fund: usize,
    slot: usize,
    measure: Measure,
) -> Option<Spend> {
    if slot.is_multiple_of(SLOTS_PER_YEAR) && measure == Measure::Actual {
        return table.spend_of(catalogue, fund, slot / SLOTS_PER_YEAR);
    }
    table
        .monitor
        .get(place(catalogue, fund, slot, measure))
        .copied()
        .flatten()
}
