//! The figures the returns report, held in one table whose size depends on
//! the agreement (obligations × owners × periods of the term, and pools ×
//! years), never on the number of rows: each row is checked and stored the
//! moment it is read, whatever the file format.
//!
//! A row has four required columns and an optional fifth, matched by their
//! headers: `obligation` (or `pool`, `metric`, `item`), `partner`, `period`,
//! `value` and `note`.

use super::catalogue::{Catalogue, Item, Party, Reported};
pub use super::columns::{columns, Column, Columns, HeaderProblem};
pub use super::fields::{text, Problem};
use super::monitor::{self, Measure};
pub use super::table::{place_of, Cell, CellState, RowRef, Spend, Table};
pub use super::values::{parse_money, parse_value};
use crate::diagnostics::Code;
use crate::model::Agreement;
use crate::period::Period;
use crate::syntax::ast::FigureBasis;

/// Reads rows into a table: the checks every return format shares.
pub struct Ingest<'a> {
    agreement: &'a Agreement,
    catalogue: &'a Catalogue,
    /// The table filled.
    pub table: Table,
    /// The last row's item, by its place in the catalogue's order.
    item_place: Option<usize>,
    last_period: Vec<u8>,
    period: Option<(Period, usize, Option<usize>)>,
    last_party: Vec<u8>,
    party: Option<Party>,
    /// Whether a row's problem will be listed: only then does its help
    /// search for the nearest name or list the names allowed.
    listed: bool,
}

impl<'a> Ingest<'a> {
    /// Starts reading returns for `agreement`.
    pub fn new(agreement: &'a Agreement, catalogue: &'a Catalogue) -> Ingest<'a> {
        Ingest {
            agreement,
            catalogue,
            table: Table::new(agreement, catalogue),
            item_place: None,
            last_period: Vec::new(),
            period: None,
            last_party: Vec::new(),
            party: None,
            listed: true,
        }
    }

    /// Says whether the rows' problems from now on will be listed: a
    /// problem only counted (see
    /// [`Problems::full`](super::problems::Problems::full)) keeps its code
    /// and message but not the help that searches or lists the agreement's
    /// names, which on a return of a million misnamed rows was nearly all
    /// the time taken. Each reading of rows sets it at its start, for the
    /// problems it collects.
    pub fn set_listed(&mut self, listed: bool) {
        self.listed = listed;
    }

    /// Starts reading a later part of a return into a table of its own
    /// (see [`Table::absorb`]).
    pub fn part(&self) -> Ingest<'a> {
        let mut part = Ingest::new(self.agreement, self.catalogue);
        part.table.paths.clone_from(&self.table.paths);
        part
    }

    /// Reads one row. Fields are given as bytes with spaces around them
    /// already trimmed; `row` says where it is.
    pub fn row(
        &mut self,
        item: &[u8],
        partner: &[u8],
        period: &[u8],
        value: &[u8],
        (note, category, measure): (&[u8], &[u8], &[u8]),
        row: RowRef,
    ) -> Result<(), Problem> {
        self.table.rows += 1;
        let item = self.item(item)?;
        let measure = Measure::parse(measure)?;
        if measure != Measure::Actual && monitor::fund_of(item).is_none() {
            return Err(self.measure_not_for(item, measure));
        }
        // The partner may be left empty on a row of an obligation judged on
        // the area's figure; every other row names who reports it.
        let party = match item {
            Item::Obligation(obligation)
                if partner.is_empty()
                    && matches!(
                        self.catalogue.reported(obligation),
                        Some(Reported::ForArea | Reported::ByCategory)
                    ) =>
            {
                None
            }
            _ => Some(self.party(partner)?),
        };
        let (period, slot, compact) = self.period(period)?;
        let note = text(note, Column::Note)?;
        match item {
            Item::Obligation(obligation) => {
                let Some(&layout) = self.catalogue.layout(obligation) else {
                    return Err(self.no_figures_for(obligation, period));
                };
                let reported = layout.reported;
                let place = match party {
                    Some(party) => Some(
                        self.catalogue
                            .owner_place(obligation, party)
                            .ok_or_else(|| self.not_owner(obligation, partner))?,
                    ),
                    None => None,
                };
                let unit = match reported {
                    Reported::ByCategory => self
                        .catalogue
                        .category_unit(obligation, category)
                        .ok_or_else(|| self.bad_category(obligation, category))?,
                    _ if !category.is_empty() => {
                        return Err(self.bad_category(obligation, category));
                    }
                    Reported::ForArea => 0,
                    Reported::ByOwner => place.unwrap_or(0),
                };
                let Some(index) = layout
                    .cell(unit, slot, compact)
                    .filter(|_| !layout.annual || matches!(period, Period::Year(_)))
                else {
                    return Err(self.no_figures_for(obligation, period));
                };
                let metric_unit = layout.unit;
                // A row that says so, or leaves the figure out and gives the
                // reason in its note, says the data is not available.
                let not_available =
                    super::values::not_available(value) || (value.is_empty() && !note.is_empty());
                let value = if not_available {
                    None
                } else {
                    parse_value(value, metric_unit)?
                };
                let paths = &self.table.paths;
                let cell = self.table.cells.get(index).ok_or_else(|| {
                    Problem::new(
                        Code::ReturnOutsideTerm,
                        Column::Period,
                        "the period is outside the term".to_owned(),
                    )
                })?;
                if cell.state() != CellState::Empty {
                    let name = self
                        .agreement
                        .obligations
                        .get(obligation)
                        .map_or("", |o| o.id.as_str());
                    let who = match self.catalogue.reported(obligation) {
                        Some(Reported::ByCategory) => format!(
                            "The area's figure for `{name}` in the category `{}` for {period} was already reported, at {}",
                            String::from_utf8_lossy(category),
                            place_of(paths, cell.row())
                        ),
                        Some(Reported::ForArea) => format!(
                            "The area's figure for `{name}` (jointly owned, with no attribution) for {period} was already reported, at {}",
                            place_of(paths, cell.row())
                        ),
                        _ => format!(
                            "`{}` already reported `{name}` for {period}, at {}",
                            String::from_utf8_lossy(partner),
                            place_of(paths, cell.row())
                        ),
                    };
                    let mut who = who;
                    if let Some(first) = who.get(..1) {
                        who = format!("{}{}", first.to_lowercase(), who.get(1..).unwrap_or(""));
                    }
                    return Err(Problem::new(Code::DuplicateRow, Column::Item, who).help(
                        match self.catalogue.reported(obligation) {
                            Some(Reported::ForArea) => "its owners are judged together on one figure for the area: keep one row for each period, naming any one of them (or none)",
                            Some(Reported::ByCategory) => "keep one row for each period and category",
                            _ => "keep one row for each obligation, partner and period",
                        },
                    ));
                }
                if not_available {
                    self.table.mark_not_available(index, row);
                } else {
                    self.table.fill(index, value, row);
                }
                if !note.is_empty() {
                    self.table.notes.insert(index, note.into());
                }
            }
            Item::Pool(fund) | Item::Scheme(fund) => {
                let party = party.ok_or_else(|| self.no_party())?;
                let pool = self.catalogue.pool_of(fund);
                let host = self.agreement.pools.get(pool).and_then(|p| p.host.as_ref());
                let fund_name = self.fund_name(fund);
                if host.map(|h| Party::Partner(h.index)) != Some(party) {
                    let pool_name = fund_name;
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
                let amount = parse_money(value)?;
                let pool_name = fund_name;
                if measure != Measure::Actual || !matches!(period, Period::Year(_)) {
                    monitor::record(
                        &mut self.table,
                        self.catalogue,
                        (fund, pool_name),
                        (period, slot, measure),
                        (amount, note),
                        row,
                    )?;
                    self.later(period);
                    return Ok(());
                }
                monitor::check_outturn(
                    &self.table,
                    self.catalogue,
                    (fund, pool_name),
                    slot,
                    amount,
                )?;
                let index = fund * self.catalogue.years + slot / super::catalogue::SLOTS_PER_YEAR;
                let paths = &self.table.paths;
                let place = self.table.spend.get_mut(index).ok_or_else(|| {
                    Problem::new(
                        Code::ReturnOutsideTerm,
                        Column::Period,
                        "the period is outside the term".to_owned(),
                    )
                })?;
                if let Some(first) = place {
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
        self.later(period);
        Ok(())
    }

    /// `problem` with its help: the nearest name `nearest` finds, when the
    /// problem is listed and a name is near, or else `otherwise`.
    fn suggest<'n>(
        &self,
        problem: Problem,
        nearest: impl FnOnce() -> Option<&'n str>,
        otherwise: &str,
    ) -> Problem {
        match self.listed.then(nearest).flatten() {
            Some(near) => problem.help(format!("did you mean `{near}`?")),
            None => problem.help(otherwise),
        }
    }

    /// The id of a fund: a pool's, or a scheme's.
    fn fund_name(&self, fund: usize) -> &'a str {
        let agreement: &'a Agreement = self.agreement;
        match self.catalogue.scheme_of(fund) {
            Some((pool, k)) => agreement
                .pools
                .get(pool)
                .and_then(|p| p.schemes.get(k))
                .map_or("", |s| s.id.as_str()),
            None => agreement.pools.get(fund).map_or("", |p| p.id.as_str()),
        }
    }

    /// Keeps `period` as the latest of any row if it is.
    fn later(&mut self, period: Period) {
        if self
            .table
            .latest
            .is_none_or(|latest| period.ends_after(latest))
        {
            self.table.latest = Some(period);
        }
    }

    /// A plan or forecast on a row of something that is not monitored.
    fn measure_not_for(&self, item: Item, measure: Measure) -> Problem {
        let name = match item {
            Item::Obligation(index) => self.agreement.obligations.get(index).map(|o| o.id.as_str()),
            Item::Pool(index) | Item::Aligned(index) => {
                self.agreement.pools.get(index).map(|p| p.id.as_str())
            }
            Item::Scheme(fund) => Some(self.fund_name(fund)),
        }
        .unwrap_or("");
        let what = match item {
            Item::Obligation(_) => "an obligation: its rows report the figure of its metric",
            _ => "an aligned budget: each partner monitors its own spending on it",
        };
        Problem::new(
            Code::MeasureNotForItem,
            Column::Measure,
            format!("a {} is reported for `{name}`, which is {what}", measure.word()),
        )
        .help("give a plan or forecast for a pooled fund only; leave the measure empty (or `actual`) on other rows")
    }

    fn item(&mut self, name: &[u8]) -> Result<Item, Problem> {
        // The last row's item, then the one declared after it: a return
        // usually lists a partner's items in the agreement's order.
        if let Some(last) = self.item_place {
            for place in [last, last + 1] {
                if let Some(item) = self.catalogue.item_at(place, name) {
                    self.item_place = Some(place);
                    return Ok(item);
                }
            }
        }
        match self.catalogue.item(name) {
            Some((item, place)) => {
                self.item_place = Some(place);
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
                Err(self.suggest(
                    problem,
                    || self.catalogue.nearest_item(name),
                    "name an obligation or pool declared in the agreement",
                ))
            }
        }
    }

    fn party(&mut self, name: &[u8]) -> Result<Party, Problem> {
        if let Some(party) = self.party {
            if self.last_party == name {
                return Ok(party);
            }
        }
        if let Some(party) = self.catalogue.party(name) {
            self.last_party.clear();
            self.last_party.extend_from_slice(name);
            self.party = Some(party);
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
        Err(self.suggest(
            problem,
            || self.catalogue.nearest_party(name),
            "name the partner (or body) that reports the figure",
        ))
    }

    fn period(&mut self, written: &[u8]) -> Result<(Period, usize, Option<usize>), Problem> {
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
                format!("`{text}` is not a financial year, quarter or month"),
            )
            .help("write a year as `2017/18`, a quarter as `2017/18 Q3` and a month as `2017/18 M7` (M1 is April)")
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
        let found = (period, slot, Catalogue::compact(slot));
        self.period = Some(found);
        Ok(found)
    }

    /// A category that is not one of the obligation's, or one given for an
    /// obligation not attributed by category.
    fn bad_category(&self, obligation: usize, category: &[u8]) -> Problem {
        let id = self
            .agreement
            .obligations
            .get(obligation)
            .map_or("", |o| o.id.as_str());
        let written = String::from_utf8_lossy(category);
        let names = self.catalogue.category_names(obligation);
        if names.is_empty() {
            return Problem::new(
                Code::BadCategory,
                Column::Category,
                format!("`{id}` is not attributed by category, but the row gives the category `{written}`"),
            )
            .help("leave the category empty, or attribute the obligation by category in the agreement (`attribution by category { ... }`)");
        }
        let message = if written.is_empty() {
            format!("`{id}` is attributed by category, and the row gives none")
        } else {
            format!("`{written}` is not a category of `{id}`")
        };
        let problem = Problem::new(Code::BadCategory, Column::Category, message);
        if !self.listed {
            return problem;
        }
        let listed: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
        match crate::diagnostics::did_you_mean(&written, names.iter().map(String::as_str)) {
            Some(near) if !written.is_empty() => problem.help(format!(
                "did you mean `{near}`? The categories are {}",
                listed.join(", ")
            )),
            _ => problem.help(format!(
                "give each row a `category` column: {}",
                listed.join(", ")
            )),
        }
    }

    fn no_party(&self) -> Problem {
        Problem::new(
            Code::UnknownParty,
            Column::Partner,
            "the row names no partner".to_owned(),
        )
        .help("name the partner (or body) that reports the figure")
    }

    /// A row for a period the obligation's metric has no figures for: a
    /// quarter or month of an annual figure, a month of a metric without
    /// monthly figures.
    fn no_figures_for(&self, obligation: usize, period: Period) -> Problem {
        let Some(o) = self.agreement.obligations.get(obligation) else {
            return Problem::new(Code::NoFigureForPeriod, Column::Period, String::new());
        };
        let rules = o.figures();
        let said = if rules.stated {
            format!("its figures are {}", rules.basis.words())
        } else {
            "it does not say it has monthly figures".to_owned()
        };
        let (message, help) = if rules.basis == FigureBasis::Annual {
            (
                format!(
                    "`{}` has one figure a year ({said}): `{period}` is not a year",
                    o.id
                ),
                format!("report the year's figure against `{}`", period.year()),
            )
        } else {
            (
                format!(
                    "`{}` has {} figures ({said}): `{period}` is a month",
                    o.id,
                    rules.frequency.words()
                ),
                "report the quarter's figure, or say in the agreement that the metric has monthly figures (`figures in period, monthly`)".to_owned(),
            )
        };
        Problem::new(Code::NoFigureForPeriod, Column::Period, message).help(help)
    }

    fn not_owner(&self, obligation: usize, partner: &[u8]) -> Problem {
        let Some(o) = self.agreement.obligations.get(obligation) else {
            return Problem::new(Code::NotResponsible, Column::Partner, String::new());
        };
        let problem = Problem::new(
            Code::NotResponsible,
            Column::Partner,
            format!(
                "`{}` does not own `{}`",
                String::from_utf8_lossy(partner),
                o.id
            ),
        );
        if !self.listed {
            return problem;
        }
        let owners: Vec<String> = o.owners.iter().map(|r| format!("`{}`", r.name)).collect();
        problem.help(format!(
            "its figures are reported by its owners: {}",
            owners.join(", ")
        ))
    }
}
