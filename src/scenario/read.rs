//! Reading a scenario file's tree ([`super::tree`]) into scenarios: every
//! key known (E0951), every value of its kind (E0952), each expectation
//! with the place of each of its fields.

use std::path::{Path, PathBuf};

use rust_decimal::Decimal;

use super::tree::{Node, Value};
use crate::assess::ReturnKind;
use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::money::Money;
use crate::period::{Date, FinancialYear, Period};
use crate::source::{SourceFile, Span};

/// One scenario: an agreement, its returns, an as-of period and what the
/// assessment must find.
#[derive(Debug, Clone)]
pub struct Scenario {
    /// Its name, if given.
    pub name: Option<String>,
    /// Where it starts.
    pub span: Span,
    /// The agreement file, its path relative to the scenario file's folder
    /// already joined to it.
    pub agreement: (PathBuf, Span),
    /// The period to assess as of; the latest of the returns if not given.
    pub as_of: Option<(Period, Span)>,
    /// The day the assessment is made, if given (`on: 2018-11-15`).
    pub on: Option<Date>,
    /// The returns, in order.
    pub returns: Vec<Return>,
    /// What must be found.
    pub expect: Vec<List>,
}

/// A return of a scenario.
#[derive(Debug, Clone)]
pub enum Return {
    /// A file.
    Path(PathBuf, Span),
    /// Written inline: its kind, its text (with blank lines before it, so
    /// that its lines are numbered as the scenario file's), and where.
    Text(ReturnKind, String, Span),
}

/// A list of expectations of one kind.
#[derive(Debug, Clone)]
pub struct List {
    /// What it lists.
    pub schema: &'static Schema,
    /// Where the list is.
    pub span: Span,
    /// Its items.
    pub items: Vec<Item>,
}

/// One expected item: the fields given, each with its place.
#[derive(Debug, Clone)]
pub struct Item {
    /// Where the item is.
    pub span: Span,
    /// The fields given, in the schema's order.
    pub fields: Vec<Field>,
}

/// One field of an expected item.
#[derive(Debug, Clone)]
pub struct Field {
    /// Its name.
    pub name: &'static str,
    /// The value expected.
    pub value: Datum,
    /// Where it is written.
    pub span: Span,
}

/// A value expected or found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Datum {
    /// A name or a word (a status, an action), compared as written (words
    /// with `_` for spaces).
    Text(String),
    /// A number, compared exactly (`10.2` equals `10.2000`).
    Number(Decimal),
    /// A period or financial year.
    Period(Period),
    /// Money, exact to the penny.
    Money(Money),
    /// A date.
    Date(Date),
    /// Yes or no.
    Bool(bool),
    /// Periods, in order.
    Periods(Vec<Period>),
    /// Partners' parts of a settlement, each with where it is written.
    Parts(Vec<(String, Money, Span)>),
}

impl std::fmt::Display for Datum {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Datum::Text(text) => write!(f, "{text}"),
            Datum::Number(number) => write!(f, "{}", number.normalize()),
            Datum::Period(period) => write!(f, "{period}"),
            Datum::Money(money) => write!(f, "{money}"),
            Datum::Date(date) => write!(f, "{date}"),
            Datum::Bool(yes) => write!(f, "{yes}"),
            Datum::Periods(periods) => {
                let texts: Vec<String> = periods.iter().map(ToString::to_string).collect();
                write!(f, "[{}]", texts.join(", "))
            }
            Datum::Parts(parts) => {
                let texts: Vec<String> = parts
                    .iter()
                    .map(|(who, amount, _)| format!("{who} {amount}"))
                    .collect();
                write!(f, "{{{}}}", texts.join(", "))
            }
        }
    }
}

/// What kind of value a field holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A name from the agreement.
    Name,
    /// A word: `missed`, `within tolerance` (read as `within_tolerance`).
    Word,
    /// A number.
    Number,
    /// A whole number (a count of misses, a step).
    Count,
    /// A period.
    Period,
    /// A financial year.
    Year,
    /// Money.
    Money,
    /// A date.
    Date,
    /// `true` or `false`.
    Bool,
    /// A list of periods.
    Periods,
    /// A mapping of partner to money.
    Parts,
}

/// The fields of one kind of expectation.
#[derive(Debug)]
pub struct Schema {
    /// Its key under `expect`.
    pub key: &'static str,
    /// One of them, in words.
    pub what: &'static str,
    /// Its fields and their kinds.
    pub fields: &'static [(&'static str, Kind)],
    /// The fields that say which item it is: each must be given.
    pub keys: &'static [&'static str],
    /// Whether the list is the whole of what must be found (nothing else
    /// may be), or picks items out (statuses: no one lists every period).
    pub complete: bool,
}

/// Statuses of periods.
pub const STATUSES: Schema = Schema {
    key: "statuses",
    what: "status",
    fields: &[
        ("obligation", Kind::Name),
        ("owner", Kind::Name),
        ("period", Kind::Period),
        ("status", Kind::Word),
        ("expected", Kind::Number),
        ("actual", Kind::Number),
        ("tolerance", Kind::Number),
        ("due", Kind::Bool),
    ],
    keys: &["obligation", "owner", "period"],
    complete: false,
};

/// Underperforming owners.
pub const FLAGS: Schema = Schema {
    key: "flags",
    what: "flag",
    fields: &[
        ("obligation", Kind::Name),
        ("owner", Kind::Name),
        ("consecutive_misses", Kind::Count),
        ("since", Kind::Period),
    ],
    keys: &["obligation", "owner"],
    complete: true,
};

/// Steps of the ladder due.
pub const CONSEQUENCES: Schema = Schema {
    key: "consequences",
    what: "consequence",
    fields: &[
        ("obligation", Kind::Name),
        ("owner", Kind::Name),
        ("step", Kind::Count),
        ("action", Kind::Word),
        ("triggered_by", Kind::Period),
        ("to", Kind::Name),
        ("from", Kind::Name),
        ("by", Kind::Name),
        ("due_by", Kind::Date),
        ("amount", Kind::Money),
        ("up_to", Kind::Bool),
        ("applies_to", Kind::Money),
    ],
    keys: &["obligation", "owner", "step"],
    complete: true,
};

/// Over- and underspends settled.
pub const SETTLEMENTS: Schema = Schema {
    key: "settlements",
    what: "settlement",
    fields: &[
        ("pool", Kind::Name),
        ("year", Kind::Year),
        ("side", Kind::Word),
        ("overspend", Kind::Money),
        ("underspend", Kind::Money),
        ("budget", Kind::Money),
        ("spend", Kind::Money),
        ("from_reserve", Kind::Money),
        ("from_other_pools", Kind::Money),
        ("cut_allocations", Kind::Money),
        ("to_other_pools", Kind::Money),
        ("retained", Kind::Money),
        ("unallocated", Kind::Money),
        ("parts", Kind::Parts),
    ],
    keys: &["pool", "year"],
    complete: true,
};

/// Reports due and not made.
pub const MISSING_RETURNS: Schema = Schema {
    key: "missing_returns",
    what: "missing return",
    fields: &[
        ("obligation", Kind::Name),
        ("owner", Kind::Name),
        ("periods", Kind::Periods),
    ],
    keys: &["obligation", "owner"],
    complete: true,
};

/// Payments for performance judged.
pub const PAYMENTS: Schema = Schema {
    key: "payments",
    what: "payment for performance",
    fields: &[
        ("pool", Kind::Name),
        ("partner", Kind::Name),
        ("year", Kind::Year),
        ("amount", Kind::Money),
        ("release", Kind::Word),
    ],
    keys: &["pool", "partner", "year"],
    complete: true,
};

/// Every kind of expectation, in the order they are compared and reported.
pub const SCHEMAS: [&Schema; 6] = [
    &STATUSES,
    &FLAGS,
    &CONSEQUENCES,
    &PAYMENTS,
    &SETTLEMENTS,
    &MISSING_RETURNS,
];

const SCENARIO_KEYS: [&str; 6] = ["name", "agreement", "as_of", "on", "returns", "expect"];
const TOP_KEYS: [&str; 5] = ["agreement", "as_of", "on", "returns", "scenarios"];

/// What the keys of a file's top give every scenario in `scenarios`.
#[derive(Default, Clone)]
struct Shared<'n> {
    agreement: Option<&'n Node>,
    as_of: Option<&'n Node>,
    on: Option<&'n Node>,
    returns: Option<&'n Node>,
}

/// Reads the scenarios of `file` (its tree `root`); problems go to
/// `diagnostics`, and a scenario with any is left out.
pub fn scenarios(file: &SourceFile, root: &Node, diagnostics: &mut Diagnostics) -> Vec<Scenario> {
    let mut reader = Reader { file, diagnostics };
    match &root.value {
        Value::List(items) => items
            .iter()
            .filter_map(|item| reader.scenario(item, &Shared::default()))
            .collect(),
        Value::Map(entries) if entries.iter().any(|(k, _)| k.text() == Some("scenarios")) => {
            let mut shared = Shared::default();
            let mut list = None;
            for (key, value) in entries {
                match reader.key(key, &TOP_KEYS) {
                    Some("agreement") => shared.agreement = Some(value),
                    Some("as_of") => shared.as_of = Some(value),
                    Some("on") => shared.on = Some(value),
                    Some("returns") => shared.returns = Some(value),
                    Some("scenarios") => list = Some(value),
                    _ => {}
                }
            }
            match list.map(|node| (node, &node.value)) {
                Some((_, Value::List(items))) => items
                    .iter()
                    .filter_map(|item| reader.scenario(item, &shared))
                    .collect(),
                Some((node, _)) => {
                    reader.bad(node, "`scenarios` is a list of scenarios, each a mapping");
                    Vec::new()
                }
                None => Vec::new(),
            }
        }
        Value::Map(_) => reader
            .scenario(root, &Shared::default())
            .into_iter()
            .collect(),
        Value::Scalar(_) => {
            reader.bad(
                root,
                "a scenario file is a mapping (`agreement:`, `expect:`, ...) or a list of them",
            );
            Vec::new()
        }
    }
}

struct Reader<'a> {
    file: &'a SourceFile,
    diagnostics: &'a mut Diagnostics,
}

impl Reader<'_> {
    fn bad(&mut self, node: &Node, message: &str) {
        self.diagnostics.push(
            Diagnostic::new(Code::BadScenarioValue, node.span, message.to_owned())
                .label("here")
                .help("see \"Scenario tests\" in the README for what each key takes"),
        );
    }

    /// The key's text if it is one of `known`; reported (E0951) if not.
    fn key(&mut self, key: &Node, known: &[&'static str]) -> Option<&'static str> {
        let text = key.text().unwrap_or_default();
        if let Some(found) = known.iter().find(|k| **k == text) {
            return Some(found);
        }
        let help = if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
            "inside `{ }` a comma separates entries: quote an amount written with commas (`amount: \"£1,970,000\"`) or write the mapping on several lines".to_owned()
        } else {
            match crate::diagnostics::did_you_mean(text, known.iter().copied()) {
                Some(near) => format!("did you mean `{near}`?"),
                None => format!("the keys here are {}", crate::diagnostics::one_of(known)),
            }
        };
        self.diagnostics.push(
            Diagnostic::new(
                Code::UnknownScenarioKey,
                key.span,
                format!("`{text}` is not a key concordat reads here"),
            )
            .label("unknown key")
            .help(help),
        );
        None
    }

    fn scenario(&mut self, node: &Node, shared: &Shared<'_>) -> Option<Scenario> {
        let Value::Map(entries) = &node.value else {
            self.bad(
                node,
                "a scenario is a mapping of `agreement`, `as_of`, `returns` and `expect`",
            );
            return None;
        };
        let before = self.diagnostics.len();
        let mut own = shared.clone();
        let (mut name, mut expect) = (None, None);
        for (key, value) in entries {
            match self.key(key, &SCENARIO_KEYS) {
                Some("name") => name = self.text(value).map(str::to_owned),
                Some("agreement") => own.agreement = Some(value),
                Some("as_of") => own.as_of = Some(value),
                Some("on") => own.on = Some(value),
                Some("returns") => own.returns = Some(value),
                Some("expect") => expect = Some(value),
                _ => {}
            }
        }
        let agreement = match own.agreement {
            Some(value) => self.path(value),
            None => {
                self.bad(node, "the scenario names no `agreement`");
                None
            }
        };
        let as_of = own
            .as_of
            .and_then(|value| match self.datum(value, Kind::Period) {
                Some(Datum::Period(period)) => Some((period, value.span)),
                _ => None,
            });
        let on = own
            .on
            .and_then(|value| match self.datum(value, Kind::Date) {
                Some(Datum::Date(date)) => Some(date),
                _ => None,
            });
        let returns = own
            .returns
            .map(|value| self.returns(value))
            .unwrap_or_default();
        let expect = match expect {
            Some(value) => self.expectations(value),
            None => {
                self.bad(
                    node,
                    "the scenario has no `expect`: it would assert nothing",
                );
                Vec::new()
            }
        };
        if self.diagnostics.len() > before {
            return None;
        }
        Some(Scenario {
            name,
            span: node.span,
            agreement: agreement?,
            as_of,
            on,
            returns,
            expect,
        })
    }

    fn text<'n>(&mut self, node: &'n Node) -> Option<&'n str> {
        let text = node.text();
        if text.is_none() {
            self.bad(
                node,
                &format!("expected a single value here, found {}", node.kind()),
            );
        }
        text
    }

    /// A path written in the scenario, joined to the scenario's folder.
    fn path(&mut self, node: &Node) -> Option<(PathBuf, Span)> {
        let text = self.text(node)?;
        if text.trim().is_empty() {
            self.bad(node, "the path is empty");
            return None;
        }
        let folder = self.file.path.parent().unwrap_or(Path::new(""));
        Some((folder.join(text.trim()), node.span))
    }

    fn returns(&mut self, node: &Node) -> Vec<Return> {
        let items = match &node.value {
            Value::List(items) => items.iter().collect(),
            _ => vec![node],
        };
        let mut returns = Vec::new();
        for item in items {
            match &item.value {
                Value::Scalar(_) => {
                    if let Some((path, span)) = self.path(item) {
                        returns.push(Return::Path(path, span));
                    }
                }
                Value::Map(entries) if entries.len() == 1 => {
                    let Some((key, value)) = entries.first() else {
                        continue;
                    };
                    let kind = match self.key(key, &["csv", "yaml"]) {
                        Some("csv") => ReturnKind::Csv,
                        Some("yaml") => ReturnKind::Yaml,
                        _ => continue,
                    };
                    let Some(text) = self.text(value) else {
                        continue;
                    };
                    // Blank lines before the text, so that its rows are
                    // numbered by the lines of the scenario file.
                    let line = self.file.line_col(value.span.start as usize).line;
                    let padded = format!("{}{text}", "\n".repeat(line.saturating_sub(1)));
                    returns.push(Return::Text(kind, padded, value.span));
                }
                _ => self.bad(
                    item,
                    "a return is a path, or `csv: |` or `yaml: |` followed by the return's lines",
                ),
            }
        }
        returns
    }

    fn expectations(&mut self, node: &Node) -> Vec<List> {
        let Value::Map(entries) = &node.value else {
            self.bad(node, "`expect` is a mapping of `statuses`, `flags`, `consequences`, `settlements` and `missing_returns`");
            return Vec::new();
        };
        let keys: Vec<&'static str> = SCHEMAS.iter().map(|s| s.key).collect();
        let mut lists = Vec::new();
        for (key, value) in entries {
            let Some(found) = self.key(key, &keys) else {
                continue;
            };
            let Some(schema) = SCHEMAS.iter().copied().find(|s| s.key == found) else {
                continue;
            };
            let items = match &value.value {
                Value::List(items) => items,
                Value::Scalar(text) if text.is_empty() => {
                    lists.push(List {
                        schema,
                        span: key.span,
                        items: Vec::new(),
                    });
                    continue;
                }
                _ => {
                    self.bad(
                        value,
                        &format!("`{found}` is a list; write `{found}: []` for none"),
                    );
                    continue;
                }
            };
            let items = items
                .iter()
                .filter_map(|item| self.item(schema, item))
                .collect();
            lists.push(List {
                schema,
                span: key.span,
                items,
            });
        }
        lists
    }

    fn item(&mut self, schema: &'static Schema, node: &Node) -> Option<Item> {
        let Value::Map(entries) = &node.value else {
            self.bad(
                node,
                &format!("each {} is a mapping of its fields", schema.what),
            );
            return None;
        };
        let names: Vec<&'static str> = schema.fields.iter().map(|(name, _)| *name).collect();
        let mut fields = Vec::new();
        for (key, value) in entries {
            let Some(name) = self.key(key, &names) else {
                continue;
            };
            let kind = schema
                .fields
                .iter()
                .find(|(field, _)| *field == name)
                .map_or(Kind::Word, |(_, kind)| *kind);
            if let Some(datum) = self.datum(value, kind) {
                fields.push(Field {
                    name,
                    value: datum,
                    span: value.span,
                });
            }
        }
        let missing: Vec<&str> = schema
            .keys
            .iter()
            .copied()
            .filter(|key| !fields.iter().any(|f| f.name == *key))
            .collect();
        if !missing.is_empty() {
            let names: Vec<String> = missing.iter().map(|m| format!("`{m}`")).collect();
            self.bad(
                node,
                &format!(
                    "this {} does not say which it is: give {}",
                    schema.what,
                    names.join(" and ")
                ),
            );
            return None;
        }
        fields.sort_by_key(|f| names.iter().position(|n| *n == f.name));
        Some(Item {
            span: node.span,
            fields,
        })
    }

    /// The value of `node` as a `kind`; reported (E0952) if it is not one.
    fn datum(&mut self, node: &Node, kind: Kind) -> Option<Datum> {
        match kind {
            Kind::Periods => {
                let Value::List(items) = &node.value else {
                    self.bad(
                        node,
                        "expected a list of periods, such as `[2018/19 Q1, 2018/19 Q2]`",
                    );
                    return None;
                };
                let mut periods = Vec::new();
                for item in items {
                    if let Some(Datum::Period(period)) = self.datum(item, Kind::Period) {
                        periods.push(period);
                    }
                }
                return Some(Datum::Periods(periods));
            }
            Kind::Parts => {
                let Value::Map(entries) = &node.value else {
                    self.bad(
                        node,
                        "expected each partner's part: `lcc: £200,000` on its own line",
                    );
                    return None;
                };
                let mut parts = Vec::new();
                for (key, value) in entries {
                    let (Some(partner), Some(Datum::Money(amount))) =
                        (self.text(key), self.datum(value, Kind::Money))
                    else {
                        continue;
                    };
                    parts.push((partner.to_owned(), amount, value.span));
                }
                return Some(Datum::Parts(parts));
            }
            _ => {}
        }
        let text = self.text(node)?.trim();
        let (datum, what) = match kind {
            Kind::Name => (
                Some(Datum::Text(text.to_owned())).filter(|_| !text.is_empty()),
                "a name",
            ),
            Kind::Word => (
                Some(Datum::Text(word(text))).filter(|_| !text.is_empty()),
                "a word, such as `missed`",
            ),
            Kind::Number => (
                crate::money::parse_number(text.strip_suffix('%').unwrap_or(text))
                    .ok()
                    .map(Datum::Number),
                "a number, such as `10.2`",
            ),
            Kind::Count => (
                text.parse::<u32>()
                    .ok()
                    .map(|n| Datum::Number(Decimal::from(n))),
                "a whole number, such as `2`",
            ),
            Kind::Period => (
                Period::parse(text).ok().map(Datum::Period),
                "a period, such as `2017/18 Q4` or `2017/18`",
            ),
            Kind::Year => (
                FinancialYear::parse(text)
                    .ok()
                    .map(|y| Datum::Period(Period::Year(y))),
                "a financial year, such as `2017/18`",
            ),
            Kind::Money => (
                Money::parse(text).ok().map(Datum::Money),
                "an amount of money, such as `£1,970,000` or `£1.97m`",
            ),
            Kind::Date => (
                Date::parse(text).ok().map(Datum::Date),
                "a date, such as `2018-01-30`",
            ),
            Kind::Bool => (
                match text {
                    "true" | "yes" => Some(Datum::Bool(true)),
                    "false" | "no" => Some(Datum::Bool(false)),
                    _ => None,
                },
                "`true` or `false`",
            ),
            Kind::Periods | Kind::Parts => (None, "a value"),
        };
        if datum.is_none() {
            let shown = crate::text::visible(text);
            self.bad(node, &format!("`{shown}` is not {what}"));
        }
        datum
    }
}

/// A word as compared: lower case, `_` for spaces and hyphens
/// (`within tolerance` is `within_tolerance`, as JSON writes it).
pub fn word(text: &str) -> String {
    text.trim()
        .to_lowercase()
        .split([' ', '-', '_'])
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join("_")
}
