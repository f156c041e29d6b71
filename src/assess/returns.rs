//! The figures the returns report, held in one table whose size depends on
//! the agreement (obligations × owners × periods of the term, and pools ×
//! years), never on the number of rows: each row is checked and stored the
//! moment it is read, whatever the file format.
//!
//! A row has four required columns and an optional fifth, matched by their
//! headers: `obligation` (or `pool`, `metric`, `item`), `partner`, `period`,
//! `value` and `note`.

use rust_decimal::Decimal;
use rustc_hash::FxHashMap;

use super::catalogue::{Catalogue, Item, Party};
pub use super::columns::{columns, Column, Columns, HeaderProblem};
use crate::diagnostics::Code;
use crate::model::{Agreement, Unit};
use crate::money::{parse_number, Money};
use crate::period::Period;

/// A row of a return: which file, and which line (or worksheet row).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct RowRef {
    /// The return file, by index in the list of returns.
    pub file: u16,
    /// The line of a CSV or YAML file, or the row of a worksheet, from 1.
    pub line: u32,
}

/// What a cell of the table holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CellState {
    /// No row for it.
    #[default]
    Empty,
    /// A figure.
    Value,
    /// A row with an empty value: the figure was not available.
    NoData,
}

/// One owner's figure for one obligation and period.
#[derive(Debug, Clone, Copy, Default)]
pub struct Cell {
    /// The figure (zero unless `state` is `Value`).
    pub value: Decimal,
    /// The row it came from.
    pub row: RowRef,
    /// Whether there is one.
    pub state: CellState,
}

/// A pool's spending in a year.
#[derive(Debug, Clone, Copy)]
pub struct Spend {
    /// The amount spent.
    pub amount: Money,
    /// The row it came from.
    pub row: RowRef,
}

/// A problem with a row.
#[derive(Debug, Clone)]
pub struct Problem {
    /// The code.
    pub code: Code,
    /// The column at fault.
    pub column: Column,
    /// What is wrong.
    pub message: String,
    /// What to do.
    pub help: Option<String>,
}

impl Problem {
    fn new(code: Code, column: Column, message: String) -> Problem {
        Problem {
            code,
            column,
            message,
            help: None,
        }
    }

    fn help(mut self, help: impl Into<String>) -> Problem {
        self.help = Some(help.into());
        self
    }
}

/// Every figure of every return.
#[derive(Debug)]
pub struct Table {
    /// Per obligation, owner and period slot (see [`Catalogue::owner_cell`]).
    pub cells: Vec<Cell>,
    /// Notes, by cell (or by `cells.len()` + spending slot).
    pub notes: FxHashMap<usize, Box<str>>,
    /// Per pool and year of the term.
    pub spend: Vec<Option<Spend>>,
    /// The latest period of any row.
    pub latest: Option<Period>,
    /// Rows read.
    pub rows: u64,
    /// The display paths of the return files, by index.
    pub paths: Vec<String>,
}

impl Table {
    /// An empty table for an agreement.
    pub fn new(agreement: &Agreement, catalogue: &Catalogue) -> Table {
        Table {
            cells: vec![Cell::default(); catalogue.owner_count * catalogue.slots_per_owner()],
            notes: FxHashMap::default(),
            spend: vec![None; agreement.pools.len() * catalogue.years],
            latest: None,
            rows: 0,
            paths: Vec::new(),
        }
    }

    /// The note of a cell, if its row had one.
    pub fn note(&self, cell: usize) -> Option<&str> {
        self.notes.get(&cell).map(|n| &**n)
    }

    /// The spending of a pool in the year of a slot.
    pub fn spend_of(
        &self,
        catalogue: &Catalogue,
        pool: usize,
        year_offset: usize,
    ) -> Option<Spend> {
        self.spend
            .get(pool * catalogue.years + year_offset)
            .copied()
            .flatten()
    }
}

/// Reads rows into a table: the checks every return format shares.
pub struct Ingest<'a> {
    agreement: &'a Agreement,
    catalogue: &'a Catalogue,
    /// The table filled.
    pub table: Table,
    last_item: Vec<u8>,
    item: Option<Item>,
    last_period: Vec<u8>,
    period: Option<(Period, usize)>,
}

impl<'a> Ingest<'a> {
    /// Starts reading returns for `agreement`.
    pub fn new(agreement: &'a Agreement, catalogue: &'a Catalogue) -> Ingest<'a> {
        Ingest {
            agreement,
            catalogue,
            table: Table::new(agreement, catalogue),
            last_item: Vec::new(),
            item: None,
            last_period: Vec::new(),
            period: None,
        }
    }

    /// Reads one row. Fields are given as bytes with spaces around them
    /// already trimmed; `row` says where it is.
    pub fn row(
        &mut self,
        item: &[u8],
        partner: &[u8],
        period: &[u8],
        value: &[u8],
        note: &[u8],
        row: RowRef,
    ) -> Result<(), Problem> {
        self.table.rows += 1;
        let item = self.item(item)?;
        let party = self.party(partner)?;
        let (period, slot) = self.period(period)?;
        let note = text(note, Column::Note)?;
        match item {
            Item::Obligation(obligation) => {
                let Some(place) = self.catalogue.owner_place(obligation, party) else {
                    return Err(self.not_owner(obligation, partner));
                };
                let unit = self
                    .agreement
                    .obligations
                    .get(obligation)
                    .and_then(|o| o.metric.as_ref())
                    .and_then(|m| m.unit);
                let value = parse_value(value, unit)?;
                let index = self.catalogue.owner_cell(obligation, place) + slot;
                let paths = &self.table.paths;
                let cell = self.table.cells.get_mut(index).ok_or_else(|| {
                    Problem::new(
                        Code::ReturnOutsideTerm,
                        Column::Period,
                        "the period is outside the term".to_owned(),
                    )
                })?;
                if cell.state != CellState::Empty {
                    let name = self
                        .agreement
                        .obligations
                        .get(obligation)
                        .map_or("", |o| o.id.as_str());
                    return Err(Problem::new(
                        Code::DuplicateRow,
                        Column::Item,
                        format!(
                            "`{}` already reported `{name}` for {period}, at {}",
                            String::from_utf8_lossy(partner),
                            place_of(paths, cell.row)
                        ),
                    )
                    .help("keep one row for each obligation, partner and period"));
                }
                *cell = match value {
                    Some(value) => Cell {
                        value,
                        row,
                        state: CellState::Value,
                    },
                    None => Cell {
                        value: Decimal::ZERO,
                        row,
                        state: CellState::NoData,
                    },
                };
                if !note.is_empty() {
                    self.table.notes.insert(index, note.into());
                }
            }
            Item::Pool(pool) => {
                let host = self.agreement.pools.get(pool).and_then(|p| p.host.as_ref());
                if host.map(|h| Party::Partner(h.index)) != Some(party) {
                    let pool_name = self.agreement.pools.get(pool).map_or("", |p| p.id.as_str());
                    let host_name = host.map_or("its host".to_owned(), |h| format!("`{}`", h.name));
                    return Err(Problem::new(
                        Code::NotResponsible,
                        Column::Partner,
                        format!(
                            "`{}` does not host `{pool_name}`: its spending is reported by {host_name}",
                            String::from_utf8_lossy(partner)
                        ),
                    )
                    .help("the host keeps the pool's accounts and reports what it spent"));
                }
                if let Period::Quarter(year, _) = period {
                    return Err(Problem::new(
                        Code::SpendNotYearly,
                        Column::Period,
                        format!("spending is settled by the year: `{period}` is a quarter"),
                    )
                    .help(format!("report the year's spending against `{year}`")));
                }
                let amount = parse_money(value)?;
                let index = pool * self.catalogue.years + slot / super::catalogue::SLOTS_PER_YEAR;
                let paths = &self.table.paths;
                let place = self.table.spend.get_mut(index).ok_or_else(|| {
                    Problem::new(
                        Code::ReturnOutsideTerm,
                        Column::Period,
                        "the period is outside the term".to_owned(),
                    )
                })?;
                if let Some(first) = place {
                    let pool_name = self.agreement.pools.get(pool).map_or("", |p| p.id.as_str());
                    return Err(Problem::new(
                        Code::DuplicateRow,
                        Column::Item,
                        format!(
                            "spending on `{pool_name}` in {period} was already reported, at {}",
                            place_of(paths, first.row)
                        ),
                    )
                    .help("keep one row for each pool and year"));
                }
                *place = Some(Spend { amount, row });
                if !note.is_empty() {
                    self.table
                        .notes
                        .insert(self.table.cells.len() + index, note.into());
                }
            }
            Item::Aligned(pool) => {
                let name = self.agreement.pools.get(pool).map_or("", |p| p.id.as_str());
                return Err(Problem::new(
                    Code::UnknownItem,
                    Column::Item,
                    format!("`{name}` is an aligned budget: each partner bears its own over- or underspend on it"),
                )
                .help("report spending on the pooled funds only"));
            }
        }
        if self.table.latest.is_none_or(|latest| latest < period) {
            self.table.latest = Some(period);
        }
        Ok(())
    }

    fn item(&mut self, name: &[u8]) -> Result<Item, Problem> {
        if let Some(item) = self.item {
            if self.last_item == name {
                return Ok(item);
            }
        }
        match self.catalogue.item(name) {
            Some(item) => {
                self.last_item.clear();
                self.last_item.extend_from_slice(name);
                self.item = Some(item);
                Ok(item)
            }
            None => {
                let name = text(name, Column::Item)?;
                let problem = if name.is_empty() {
                    Problem::new(
                        Code::UnknownItem,
                        Column::Item,
                        "the row names no obligation or pool".to_owned(),
                    )
                } else {
                    Problem::new(
                        Code::UnknownItem,
                        Column::Item,
                        format!(
                            "`{name}` is not an obligation or pool of `{}`",
                            self.agreement.id
                        ),
                    )
                };
                Err(match self.catalogue.nearest_item(name) {
                    Some(near) => problem.help(format!("did you mean `{near}`?")),
                    None => problem.help("name an obligation or pool declared in the agreement"),
                })
            }
        }
    }

    fn party(&self, name: &[u8]) -> Result<Party, Problem> {
        if let Some(party) = self.catalogue.party(name) {
            return Ok(party);
        }
        let name = text(name, Column::Partner)?;
        let problem = Problem::new(
            Code::UnknownParty,
            Column::Partner,
            if name.is_empty() {
                "the row names no partner".to_owned()
            } else {
                format!("`{name}` is not a partner of `{}`", self.agreement.id)
            },
        );
        Err(match self.catalogue.nearest_party(name) {
            Some(near) => problem.help(format!("did you mean `{near}`?")),
            None => problem.help("name the partner (or body) that reports the figure"),
        })
    }

    fn period(&mut self, written: &[u8]) -> Result<(Period, usize), Problem> {
        if let Some(found) = self.period {
            if self.last_period == written {
                return Ok(found);
            }
        }
        let text = text(written, Column::Period)?;
        let period = Period::parse(text).map_err(|_| {
            Problem::new(
                Code::BadReturnPeriod,
                Column::Period,
                format!("`{text}` is not a financial year or a quarter"),
            )
            .help("write a year as `2017/18` and a quarter as `2017/18 Q3`")
        })?;
        let Some(slot) = self.catalogue.slot(period) else {
            let term = self
                .agreement
                .term
                .map(|t| format!("{} to {}", t.first.value, t.last.value))
                .unwrap_or_default();
            return Err(Problem::new(
                Code::ReturnOutsideTerm,
                Column::Period,
                format!(
                    "{period} is outside the term of `{}`, {term}",
                    self.agreement.id
                ),
            )
            .help("correct the period, or report it against the agreement that covers it"));
        };
        self.last_period.clear();
        self.last_period.extend_from_slice(written);
        self.period = Some((period, slot));
        Ok((period, slot))
    }

    fn not_owner(&self, obligation: usize, partner: &[u8]) -> Problem {
        let (name, owners) = self
            .agreement
            .obligations
            .get(obligation)
            .map(|o| {
                let owners: Vec<String> =
                    o.owners.iter().map(|r| format!("`{}`", r.name)).collect();
                (o.id.as_str(), owners.join(", "))
            })
            .unwrap_or_default();
        Problem::new(
            Code::NotResponsible,
            Column::Partner,
            format!(
                "`{}` does not own `{name}`",
                String::from_utf8_lossy(partner)
            ),
        )
        .help(format!("its figures are reported by its owners: {owners}"))
    }
}

/// Where a row is, as `file:line`.
pub fn place_of(paths: &[String], row: RowRef) -> String {
    let file = paths.get(usize::from(row.file)).map_or("?", String::as_str);
    format!("{file}:{}", row.line)
}

fn text(bytes: &[u8], column: Column) -> Result<&str, Problem> {
    std::str::from_utf8(bytes).map_err(|_| {
        Problem::new(
            Code::NotUtf8,
            column,
            format!("the `{}` field is not UTF-8 text", column.header()),
        )
        .help("save the return as UTF-8")
    })
}

/// Reads a figure in a metric's unit: `None` for an empty field (no data).
pub fn parse_value(bytes: &[u8], unit: Option<Unit>) -> Result<Option<Decimal>, Problem> {
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
