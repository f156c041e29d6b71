//! The columns of a return, found by their headers: `obligation` (or
//! `pool`, `metric`, `item`), `partner`, `period`, `value` and optional
//! `note`, `category` and `measure`; case, spaces and `_` do not matter, and any other column is
//! refused rather than silently ignored.

use crate::diagnostics::Code;

/// A column of a return.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    /// The obligation (or pool) reported on.
    Item,
    /// Who reports.
    Partner,
    /// The period.
    Period,
    /// The figure.
    Value,
    /// A note (optional).
    Note,
    /// The category of the figure (optional), for an obligation attributed
    /// by category.
    Category,
    /// What a pool's figure measures (optional): `plan`, `forecast` or
    /// `actual` (the default), for in-year monitoring.
    Measure,
}

impl Column {
    /// The canonical header.
    pub fn header(self) -> &'static str {
        match self {
            Column::Item => "obligation",
            Column::Partner => "partner",
            Column::Period => "period",
            Column::Value => "value",
            Column::Note => "note",
            Column::Category => "category",
            Column::Measure => "measure",
        }
    }

    /// Every header accepted, canonical ones first.
    pub const HEADERS: &'static [&'static str] = &[
        "obligation",
        "partner",
        "period",
        "value",
        "note",
        "category",
        "measure",
        "pool",
        "metric",
        "item",
        "owner",
        "actual",
        "notes",
        "comment",
    ];

    /// The column a header names: case, spaces and `_` do not matter.
    pub fn from_header(header: &str) -> Option<Column> {
        let key: String = header
            .trim()
            .trim_start_matches('\u{feff}')
            .chars()
            .filter(|c| !matches!(c, ' ' | '_' | '-'))
            .flat_map(char::to_lowercase)
            .collect();
        Some(match key.as_str() {
            "obligation" | "pool" | "metric" | "item" => Column::Item,
            "partner" | "owner" => Column::Partner,
            "period" => Column::Period,
            "value" | "actual" => Column::Value,
            "note" | "notes" | "comment" => Column::Note,
            "category" => Column::Category,
            "measure" => Column::Measure,
            _ => return None,
        })
    }
}

/// Where each column is in a row.
#[derive(Debug, Clone, Copy)]
pub struct Columns {
    /// The obligation or pool.
    pub item: usize,
    /// The partner.
    pub partner: usize,
    /// The period.
    pub period: usize,
    /// The value.
    pub value: usize,
    /// The note, if there is one.
    pub note: Option<usize>,
    /// The category, if there is one.
    pub category: Option<usize>,
    /// The measure (plan, forecast or actual), if there is one.
    pub measure: Option<usize>,
    /// How many columns the header has.
    pub count: usize,
}

impl Columns {
    /// Where the field of `column` is in a row: an optional column the
    /// header lacks points at the field its problem is about instead (a
    /// note at the value, a category or measure at the item).
    pub fn index_of(&self, column: Column) -> usize {
        match column {
            Column::Item => self.item,
            Column::Partner => self.partner,
            Column::Period => self.period,
            Column::Value => self.value,
            Column::Note => self.note.unwrap_or(self.value),
            Column::Category => self.category.unwrap_or(self.item),
            Column::Measure => self.measure.unwrap_or(self.item),
        }
    }

    /// The canonical header of the column at `index`, if it is one read.
    pub fn header_at(&self, index: usize) -> Option<&'static str> {
        [
            (Some(self.item), Column::Item),
            (Some(self.partner), Column::Partner),
            (Some(self.period), Column::Period),
            (Some(self.value), Column::Value),
            (self.note, Column::Note),
            (self.category, Column::Category),
            (self.measure, Column::Measure),
        ]
        .into_iter()
        .find(|(at, _)| *at == Some(index))
        .map(|(_, column)| column.header())
    }
}

/// A problem with a header.
#[derive(Debug, Clone)]
pub struct HeaderProblem {
    /// The column (by position) it is about, if any.
    pub at: Option<usize>,
    /// The code.
    pub code: Code,
    /// What is wrong.
    pub message: String,
    /// What to do.
    pub help: String,
}

/// Finds the columns from a header row.
pub fn columns<'h>(
    headers: impl IntoIterator<Item = &'h str>,
) -> Result<Columns, Vec<HeaderProblem>> {
    let mut found: [Option<usize>; 7] = [None; 7];
    let mut problems = Vec::new();
    let mut count = 0;
    for (index, header) in headers.into_iter().enumerate() {
        count = index + 1;
        match Column::from_header(header) {
            Some(column) => {
                let slot = column as usize;
                match found.get_mut(slot) {
                    Some(Some(_)) => problems.push(HeaderProblem {
                        at: Some(index),
                        code: Code::UnknownColumn,
                        message: format!("a second `{}` column", column.header()),
                        help: "keep one column for each of `obligation`, `partner`, `period`, `value` and `note`".to_owned(),
                    }),
                    Some(place) => *place = Some(index),
                    None => {}
                }
            }
            None => {
                let header = header.trim();
                let nearest = crate::diagnostics::did_you_mean(
                    &header.to_lowercase(),
                    Column::HEADERS.iter().copied(),
                );
                problems.push(HeaderProblem {
                    at: Some(index),
                    code: Code::UnknownColumn,
                    message: format!("`{header}` is not a column of a return"),
                    help: match nearest {
                        Some(name) => format!("did you mean `{name}`? The columns are `obligation`, `partner`, `period`, `value` and `note`"),
                        None => "the columns are `obligation`, `partner`, `period`, `value` and `note`; remove any other".to_owned(),
                    },
                });
            }
        }
    }
    let [item, partner, period, value, note, category, measure] = found;
    for (place, column) in [
        (item, Column::Item),
        (partner, Column::Partner),
        (period, Column::Period),
        (value, Column::Value),
    ] {
        if place.is_none() {
            problems.push(HeaderProblem {
                at: None,
                code: Code::MissingColumn,
                message: format!("the return has no `{}` column", column.header()),
                help: "the header row names the columns: `obligation`, `partner`, `period`, `value` and, optionally, `note`".to_owned(),
            });
        }
    }
    match (item, partner, period, value) {
        (Some(item), Some(partner), Some(period), Some(value)) if problems.is_empty() => {
            Ok(Columns {
                item,
                partner,
                period,
                value,
                note,
                category,
                measure,
                count,
            })
        }
        _ => Err(problems),
    }
}
