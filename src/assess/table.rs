//! The table the returns fill: one cell per obligation, owner and period
//! slot of the term, and one place per pool and year, sized by the
//! agreement and never by the rows.
//!
//! A cell is 12 bytes: a figure is kept as its integer mantissa and scale
//! (exactly what [`Decimal`] holds) when the mantissa fits in 40 bits
//! (±549,755,813,887: twelve digits, in pence £5.4bn), as every figure a
//! return plausibly holds does; any other figure is kept whole in a side
//! map. The cells are held in blocks of [`BLOCK`], each
//! allocated when a row first fills one of its cells, so that cells no row
//! reaches take no memory. A part of a return read on its own (a thread's
//! half of a large file) fills a table of its own, later merged with
//! [`Table::absorb`], which moves the part's blocks rather than copying
//! them; [`Table::forget`] takes a file's rows out again.

use rust_decimal::Decimal;
use rustc_hash::FxHashMap;

use super::catalogue::Catalogue;
use super::values::ReturnFigure;
use crate::model::Agreement;
use crate::money::Money;
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
#[repr(u8)]
pub enum CellState {
    /// No row for it.
    #[default]
    Empty,
    /// A figure.
    Value,
    /// A row with an empty value: no figure, and no reason.
    NoData,
    /// A row saying the data is not available (`n/a`, `not available`),
    /// its reason in the note.
    NotAvailable,
}

/// The scale that marks a figure kept in the side map (a figure's own
/// scale is at most 28).
const WHOLE: u8 = 31;

/// The largest mantissa a cell holds itself: 40 bits with the sign.
const MOST: i64 = (1 << 39) - 1;

/// A figure's mantissa and scale as a cell holds them, or `None` when it
/// is kept whole in the side map.
fn compact(mantissa: i128, scale: u32, negative: bool) -> Option<(i64, u8)> {
    let mantissa = i64::try_from(mantissa)
        .ok()
        .filter(|m| (-MOST - 1..=MOST).contains(m))?;
    let scale = u8::try_from(scale).ok().filter(|s| *s != WHOLE)?;
    // A negative zero keeps its sign only whole.
    (mantissa != 0 || !negative).then_some((mantissa, scale))
}

/// One owner's figure for one obligation and period, in 12 bytes.
#[derive(Debug, Clone, Copy)]
pub struct Cell {
    /// The mantissa's low 32 bits.
    low: u32,
    line: u32,
    file: u16,
    /// The mantissa's bits 32 to 39, with its sign.
    high: i8,
    /// The scale (bits 0 to 4) and the state (bits 5 and 6).
    meta: u8,
}

impl Cell {
    /// A cell of `state` from `row`, holding `mantissa` (within ±[`MOST`])
    /// and `scale` (at most [`WHOLE`]).
    const fn new(mantissa: i64, scale: u8, state: CellState, row: RowRef) -> Cell {
        Cell {
            low: mantissa as u32,
            line: row.line,
            file: row.file,
            high: (mantissa >> 32) as i8,
            meta: (scale & 31) | ((state as u8) << 5),
        }
    }

    /// Whether there is a row, and a figure.
    pub fn state(self) -> CellState {
        match self.meta >> 5 {
            1 => CellState::Value,
            2 => CellState::NoData,
            3 => CellState::NotAvailable,
            _ => CellState::Empty,
        }
    }

    fn scale(self) -> u8 {
        self.meta & 31
    }

    fn mantissa(self) -> i64 {
        (i64::from(self.high) << 32) | i64::from(self.low)
    }

    /// The row it came from.
    pub fn row(self) -> RowRef {
        RowRef {
            file: self.file,
            line: self.line,
        }
    }
}

/// Cells a block holds (3 KiB).
pub const BLOCK: usize = 256;

/// A cell no row has filled.
const EMPTY: Cell = Cell::new(0, 0, CellState::Empty, RowRef { file: 0, line: 0 });

/// The cells of a table, by index, in blocks allocated when first filled.
#[derive(Debug, Default)]
pub struct Cells {
    len: usize,
    blocks: Vec<Option<Box<[Cell]>>>,
}

impl Cells {
    /// `len` empty cells, taking no memory until filled.
    pub fn new(len: usize) -> Cells {
        let mut blocks = Vec::new();
        blocks.resize_with(len.div_ceil(BLOCK), || None);
        Cells { len, blocks }
    }

    /// How many cells there are, filled or not.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether there are no cells at all.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Cell `index`, or `None` past the end.
    #[inline]
    pub fn get(&self, index: usize) -> Option<Cell> {
        if index >= self.len {
            return None;
        }
        match self.blocks.get(index / BLOCK) {
            Some(Some(block)) => block.get(index % BLOCK).copied(),
            _ => Some(EMPTY),
        }
    }

    /// Cell `index` to write, its block allocated if need be; `None` past
    /// the end.
    fn get_mut(&mut self, index: usize) -> Option<&mut Cell> {
        if index >= self.len {
            return None;
        }
        let block = self.blocks.get_mut(index / BLOCK)?;
        block
            .get_or_insert_with(|| vec![EMPTY; BLOCK].into_boxed_slice())
            .get_mut(index % BLOCK)
    }

    /// How many blocks hold memory.
    pub fn blocks_held(&self) -> usize {
        self.blocks.iter().filter(|b| b.is_some()).count()
    }
}

/// A pool's spending in a year.
#[derive(Debug, Clone, Copy)]
pub struct Spend {
    /// The amount spent.
    pub amount: Money,
    /// The row it came from.
    pub row: RowRef,
}

/// Every figure of every return.
#[derive(Debug)]
pub struct Table {
    /// Per obligation, reporting unit and period slot (see
    /// [`Catalogue::cell`]).
    pub cells: Cells,
    /// Figures whose mantissa does not fit in a cell, by cell.
    whole: FxHashMap<usize, Decimal>,
    /// Notes, by cell (or by `cells.len()` + spending slot).
    pub notes: FxHashMap<usize, Box<str>>,
    /// Per pool and year of the term: the year's actual outturn.
    pub spend: Vec<Option<Spend>>,
    /// Per fund, period slot and measure: the in-year monitoring figures
    /// (see [`super::monitor`]).
    pub monitor: Vec<Option<Spend>>,
    /// The latest period of any row.
    pub latest: Option<Period>,
    /// Rows read.
    pub rows: u64,
    /// The display paths of the return files, by index.
    pub paths: Vec<String>,
}

/// Two parts of a return reported the same cell: the merged table would
/// not be the one reading the rows in order gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Collision;

impl Table {
    /// An empty table for an agreement.
    pub fn new(agreement: &Agreement, catalogue: &Catalogue) -> Table {
        Table {
            cells: Cells::new(catalogue.cell_count),
            whole: FxHashMap::default(),
            notes: FxHashMap::default(),
            spend: vec![None; catalogue.funds() * catalogue.years],
            monitor: vec![None; super::monitor::places(agreement, catalogue)],
            latest: None,
            rows: 0,
            paths: Vec::new(),
        }
    }

    /// The figure in cell `index`, if it has one.
    pub fn value(&self, index: usize) -> Option<Decimal> {
        let cell = self.cells.get(index)?;
        if cell.state() != CellState::Value {
            return None;
        }
        if cell.scale() == WHOLE {
            return self.whole.get(&index).copied();
        }
        Decimal::try_new(cell.mantissa(), u32::from(cell.scale())).ok()
    }

    /// Fills cell `index` (which must be empty) from `row`: a figure, or no
    /// data when `value` is `None`.
    pub fn fill(&mut self, index: usize, value: Option<ReturnFigure>, row: RowRef) {
        let compact = match value {
            None => Some((0, 0)),
            Some(ReturnFigure::Plain(p)) => compact(i128::from(p.mantissa()), p.scale(), false),
            Some(ReturnFigure::Decimal(v)) => {
                compact(v.mantissa(), v.scale(), v.is_sign_negative())
            }
        };
        let Some(cell) = self.cells.get_mut(index) else {
            return;
        };
        let state = if value.is_some() {
            CellState::Value
        } else {
            CellState::NoData
        };
        let (mantissa, scale) = compact.unwrap_or((0, WHOLE));
        *cell = Cell::new(mantissa, scale, state, row);
        if let (Some(value), None) = (value, compact) {
            self.whole.insert(index, value.decimal());
        }
    }

    /// Marks cell `index` (which must be empty) from `row`, which says the
    /// data is not available.
    pub fn mark_not_available(&mut self, index: usize, row: RowRef) {
        if let Some(cell) = self.cells.get_mut(index) {
            *cell = Cell::new(0, 0, CellState::NotAvailable, row);
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

    /// Moves everything of `part` (a later part of a return, read into a
    /// table of its own with lines counted from its start) into this table,
    /// its lines moved on by `lines`. Fails, leaving this table partly
    /// filled, if both report the same cell or spending.
    pub fn absorb(&mut self, mut part: Table, lines: u32) -> Result<(), Collision> {
        // Monitoring figures are checked against one another as they are
        // read (the outturn against the year-end actual, months against
        // quarters): a return that has them is read in order.
        let monitored = |t: &Table| t.monitor.iter().any(Option::is_some);
        if monitored(&part) || (monitored(self) && part.spend.iter().any(Option::is_some)) {
            return Err(Collision);
        }
        let blocks = self.cells.blocks.iter_mut().zip(&mut part.cells.blocks);
        for (number, (mine, theirs)) in blocks.enumerate() {
            let Some(mut theirs) = theirs.take() else {
                continue;
            };
            let filled = |c: &Cell| c.state() != CellState::Empty;
            if let Some(mine) = mine.as_deref() {
                if mine
                    .iter()
                    .zip(theirs.iter())
                    .any(|(m, t)| filled(m) && filled(t))
                {
                    return Err(Collision);
                }
            }
            for (at, cell) in theirs.iter_mut().enumerate().filter(|(_, c)| filled(c)) {
                cell.line = cell.line.saturating_add(lines);
                let index = number * BLOCK + at;
                if cell.scale() == WHOLE {
                    if let Some(value) = part.whole.remove(&index) {
                        self.whole.insert(index, value);
                    }
                }
            }
            // A block only this part filled is moved, not copied.
            match mine {
                None => *mine = Some(theirs),
                Some(mine) => {
                    for (mine, theirs) in mine.iter_mut().zip(theirs.iter()) {
                        if filled(theirs) {
                            *mine = *theirs;
                        }
                    }
                }
            }
        }
        for (mine, theirs) in self.spend.iter_mut().zip(&part.spend) {
            match (&mine, theirs) {
                (_, None) => {}
                (Some(_), Some(_)) => return Err(Collision),
                (None, Some(spend)) => {
                    *mine = Some(Spend {
                        row: RowRef {
                            line: spend.row.line.saturating_add(lines),
                            ..spend.row
                        },
                        ..*spend
                    });
                }
            }
        }
        self.notes.extend(part.notes.drain());
        self.rows += part.rows;
        self.latest = self.latest.max(part.latest);
        Ok(())
    }

    /// Takes every figure and note of return `file` out of the table, and
    /// sets the count of rows and the latest period back to `rows` and
    /// `latest` (as they were before it was read).
    pub fn forget(&mut self, file: u16, rows: u64, latest: Option<Period>) {
        let cells = self.cells.len();
        for (number, block) in self.cells.blocks.iter_mut().enumerate() {
            let Some(cells) = block else {
                continue;
            };
            for (at, cell) in cells.iter_mut().enumerate() {
                if cell.state() != CellState::Empty && cell.file == file {
                    *cell = EMPTY;
                    self.whole.remove(&(number * BLOCK + at));
                    self.notes.remove(&(number * BLOCK + at));
                }
            }
            if cells.iter().all(|c| c.state() == CellState::Empty) {
                *block = None;
            }
        }
        for (index, spend) in self.spend.iter_mut().enumerate() {
            if spend.is_some_and(|s| s.row.file == file) {
                *spend = None;
                self.notes.remove(&(cells + index));
            }
        }
        let before = cells + self.spend.len();
        for (index, spend) in self.monitor.iter_mut().enumerate() {
            if spend.is_some_and(|s| s.row.file == file) {
                *spend = None;
                self.notes.remove(&(before + index));
            }
        }
        self.rows = rows;
        self.latest = latest;
    }
}

/// Where a row is, as `file:line`.
pub fn place_of(paths: &[String], row: RowRef) -> String {
    let file = paths.get(usize::from(row.file)).map_or("?", String::as_str);
    format!("{file}:{}", row.line)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assess::values::PlainFigure;

    #[test]
    fn a_cell_is_twelve_bytes() {
        assert_eq!(std::mem::size_of::<Cell>(), 12);
    }

    fn table(cells: usize) -> Table {
        Table {
            cells: Cells::new(cells),
            whole: FxHashMap::default(),
            notes: FxHashMap::default(),
            spend: vec![None; 2],
            monitor: Vec::new(),
            latest: None,
            rows: 0,
            paths: Vec::new(),
        }
    }

    #[test]
    fn figures_come_back_exactly() {
        let mut t = table(16);
        let figures = [
            "61.90",
            "0.0",
            "-0",
            "-0.00",
            "-12.5",
            "79228162514264337593543950335",
            "0.0000000000000000000000000001",
            "1e3",
            "549755813887",
            "549755813888",
            "-549755813888",
            "-549755813889",
            "-5497558.13888",
            "-0.000001",
            "4294967296",
            "-4294967296",
        ];
        for (index, text) in figures.iter().enumerate() {
            let value = if text.contains('e') {
                Decimal::from_scientific(text).unwrap()
            } else {
                Decimal::from_str_exact(text).unwrap()
            };
            t.fill(
                index,
                Some(ReturnFigure::Decimal(value)),
                RowRef { file: 0, line: 2 },
            );
            let back = t.value(index).unwrap();
            assert_eq!(back.to_string(), value.to_string(), "{text}");
            assert_eq!(back.serialize(), value.serialize(), "{text}");
            // The same figure as plain parts fills the same cell.
            if let (Ok(mantissa), false) = (i64::try_from(value.mantissa()), text.starts_with('-'))
            {
                let mut plain = table(1);
                let figure =
                    ReturnFigure::Plain(PlainFigure::new(mantissa, value.scale()).unwrap());
                plain.fill(0, Some(figure), RowRef { file: 0, line: 2 });
                assert_eq!(
                    plain.value(0).unwrap().serialize(),
                    value.serialize(),
                    "{text}"
                );
                assert_eq!(
                    format!("{:?}", plain.cells.get(0)),
                    format!("{:?}", t.cells.get(index)),
                    "{text}"
                );
            }
        }
    }

    #[test]
    fn parts_merge_and_files_are_forgotten() {
        let mut first = table(4);
        first.fill(
            0,
            Some(ReturnFigure::Decimal(Decimal::ONE)),
            RowRef { file: 0, line: 2 },
        );
        first.rows = 1;
        let mut second = table(4);
        second.fill(2, None, RowRef { file: 0, line: 1 });
        second.rows = 1;
        assert_eq!(first.absorb(second, 10), Ok(()));
        assert_eq!(first.cells.get(2).unwrap().row().line, 11);
        assert_eq!(first.rows, 2);
        let mut again = table(4);
        again.fill(2, None, RowRef { file: 0, line: 1 });
        assert_eq!(first.absorb(again, 10), Err(Collision));
        first.fill(
            3,
            Some(ReturnFigure::Decimal(Decimal::TWO)),
            RowRef { file: 1, line: 2 },
        );
        first.forget(1, 2, None);
        assert_eq!(first.cells.get(3).unwrap().state(), CellState::Empty);
        assert_eq!(first.value(0), Some(Decimal::ONE));
    }

    #[test]
    fn only_filled_blocks_hold_memory() {
        let mut first = table(BLOCK * 4 + 1);
        assert_eq!(first.cells.blocks_held(), 0);
        assert_eq!(
            first.cells.get(BLOCK * 4).unwrap().state(),
            CellState::Empty
        );
        assert!(first.cells.get(BLOCK * 4 + 1).is_none());
        first.fill(
            BLOCK + 3,
            Some(ReturnFigure::Decimal(Decimal::ONE)),
            RowRef { file: 0, line: 2 },
        );
        assert_eq!(first.cells.blocks_held(), 1);
        let mut second = table(BLOCK * 4 + 1);
        let huge = Decimal::MAX;
        second.fill(
            BLOCK * 4,
            Some(ReturnFigure::Decimal(huge)),
            RowRef { file: 0, line: 3 },
        );
        second.fill(BLOCK + 4, None, RowRef { file: 0, line: 4 });
        assert_eq!(first.absorb(second, 100), Ok(()));
        assert_eq!(first.cells.blocks_held(), 2);
        assert_eq!(first.value(BLOCK * 4), Some(huge));
        assert_eq!(first.cells.get(BLOCK * 4).unwrap().row().line, 103);
        assert_eq!(first.cells.get(BLOCK + 4).unwrap().row().line, 104);
        assert_eq!(
            first.cells.get(BLOCK + 4).unwrap().state(),
            CellState::NoData
        );
        first.fill(
            0,
            Some(ReturnFigure::Decimal(Decimal::TWO)),
            RowRef { file: 1, line: 2 },
        );
        assert_eq!(first.cells.blocks_held(), 3);
        first.forget(1, 2, None);
        assert_eq!(first.cells.blocks_held(), 2);
        assert_eq!(first.value(BLOCK + 3), Some(Decimal::ONE));
    }
}
