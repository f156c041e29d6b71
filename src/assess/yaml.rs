//! Reading a YAML return: a list of rows, each a mapping from column to
//! value, at the top of the file or under `returns:`.
//!
//! ```yaml
//! - obligation: dtoc
//!   partner: lcc
//!   period: 2017/18 Q1
//!   value: 12.9
//!   note: winter pressures
//! ```
//!
//! serde_yaml reads the file whole (a YAML return is small; large returns
//! are CSV, which is streamed), after a linear pre-scan that refuses
//! nesting deeper than [`MOST_NESTING`] levels ([`nesting`]), so that no
//! input can make the parser recurse or work without bound. Places are
//! found again in the text for the rows with problems only, each within
//! its own entry's lines (found once, in one pass), so that locating every
//! problem is linear in the file overall.

use std::path::Path;

use serde_yaml::Value;

use super::fields::shown;
use super::problems::{Field, Located, Problems};
use super::returns::{Column, Ingest, Problem, RowRef};
use crate::diagnostics::Code;

/// Reads the YAML return at `path` (file number `file`) into `ingest`.
pub fn read(path: &Path, file: u16, ingest: &mut Ingest<'_>) -> std::io::Result<Problems> {
    let bytes = crate::files::read_return(path)?;
    let mut problems = Problems::default();
    let (decoded, encoding) = match super::decode::whole(&bytes) {
        Ok(found) => found,
        Err(why) => {
            problems.push(Located {
                line: 0,
                field: Field::Row,
                code: Code::UndecodableText,
                message: format!("{why}, so its rows cannot be read"),
                help: Some("save the return as YAML in UTF-8".to_owned()),
            });
            return Ok(problems);
        }
    };
    let source = crate::source::SourceFile::new(crate::source::FileId(0), path, &decoded);
    let mut problems = read_text(&source.text, file, ingest);
    problems.encoding = encoding;
    Ok(problems)
}

/// Reads a YAML return given as text (decoded, without a byte-order mark)
/// into `ingest`, as file number `file`.
pub fn read_text(text: &str, file: u16, ingest: &mut Ingest<'_>) -> Problems {
    let mut problems = Problems::default();
    if let Some((line, depth)) = nesting(text) {
        problems.push(Located {
            line,
            field: Field::Row,
            code: Code::ReturnTooDeep,
            message: format!(
                "lists or mappings are nested {depth} levels deep here; a return needs three"
            ),
            help: Some("write the rows as a list of mappings: `- obligation: ...` with `partner`, `period` and `value` beneath".to_owned()),
        });
        return problems;
    }
    let document: Value = match serde_yaml::from_str(text) {
        Ok(value) => value,
        Err(error) => {
            let line = error
                .location()
                .map_or(1, |l| u32::try_from(l.line()).unwrap_or(u32::MAX));
            let message = error.to_string();
            let message = message
                .split(" at line ")
                .next()
                .unwrap_or(&message)
                .to_owned();
            problems.push(Located {
                line,
                field: Field::Row,
                code: Code::MalformedReturn,
                message: format!("the file cannot be read as YAML: {message}"),
                help: Some("a YAML return is a list of rows, each with `obligation`, `partner`, `period` and `value`".to_owned()),
            });
            return problems;
        }
    };
    let rows = match &document {
        Value::Sequence(rows) => Some(rows),
        Value::Mapping(map) => match map.get("returns") {
            Some(Value::Sequence(rows)) => Some(rows),
            _ => None,
        },
        Value::Null => return problems,
        _ => None,
    };
    let Some(rows) = rows else {
        problems.push(Located {
            line: 1,
            field: Field::Row,
            code: Code::MalformedReturn,
            message: "the file is not a list of rows".to_owned(),
            help: Some("write the rows as a list, each starting with `- `, at the top of the file or under `returns:`".to_owned()),
        });
        return problems;
    };
    let lines = line_starts(text);
    let starts = entry_lines(text);
    for (index, row) in rows.iter().enumerate() {
        let line = starts.get(index).copied().unwrap_or(0);
        let next = starts
            .get(index.saturating_add(1))
            .copied()
            .unwrap_or(u32::MAX);
        let place = |key: Option<&str>| locate(text, &lines, line, next, key);
        problems.rows = problems.rows.saturating_add(1);
        let Value::Mapping(map) = row else {
            problems.rejected = problems.rejected.saturating_add(1);
            problems.push(Located {
                line,
                field: Field::Row,
                code: Code::MalformedReturn,
                message: "this row is not a mapping of columns to values".to_owned(),
                help: Some("write each row as `obligation: ...`, `partner: ...`, `period: ...`, `value: ...`".to_owned()),
            });
            continue;
        };
        let mut fields: [Option<(String, String)>; 7] = Default::default();
        let mut bad = false;
        for (key, value) in map {
            let key_text = scalar(key).unwrap_or_default();
            let Some(column) = Column::from_header(&key_text) else {
                let (line, field) = place(Some(&key_text));
                let nearest =
                    crate::diagnostics::did_you_mean(&key_text, Column::HEADERS.iter().copied());
                problems.push(Located {
                    line,
                    field,
                    code: Code::UnknownColumn,
                    message: format!("`{}` is not a column of a return", shown(&key_text)),
                    help: Some(match nearest {
                        Some(near) => format!("did you mean `{near}`?"),
                        None => {
                            "the columns are `obligation`, `partner`, `period`, `value` and `note`"
                                .to_owned()
                        }
                    }),
                });
                bad = true;
                continue;
            };
            let Some(value_text) = scalar(value) else {
                let (line, field) = place(Some(&key_text));
                problems.push(Located {
                    line,
                    field,
                    code: Code::MalformedReturn,
                    message: format!(
                        "the `{}` of this row is not a single value",
                        column.header()
                    ),
                    help: Some("give one value, such as `value: 9.8`".to_owned()),
                });
                bad = true;
                continue;
            };
            if let Some(slot) = fields.get_mut(column as usize) {
                *slot = Some((key_text, value_text));
            }
        }
        let [item, partner, period, value, note, category, measure] = fields;
        for (field, column) in [
            (&item, Column::Item),
            (&partner, Column::Partner),
            (&period, Column::Period),
            (&value, Column::Value),
        ] {
            if field.is_none() {
                problems.push(Located {
                    line,
                    field: Field::Row,
                    code: Code::MissingColumn,
                    message: format!("this row has no `{}`", column.header()),
                    help: Some(
                        "each row gives `obligation`, `partner`, `period` and `value`".to_owned(),
                    ),
                });
                bad = true;
            }
        }
        if bad {
            problems.rejected = problems.rejected.saturating_add(1);
            continue;
        }
        let get = |f: &Option<(String, String)>| {
            f.as_ref()
                .map_or(String::new(), |(_, v)| v.trim().to_owned())
        };
        ingest.set_listed(!problems.full());
        let result = ingest.row(
            get(&item).as_bytes(),
            get(&partner).as_bytes(),
            get(&period).as_bytes(),
            get(&value).as_bytes(),
            (
                get(&note).as_bytes(),
                get(&category).as_bytes(),
                get(&measure).as_bytes(),
            ),
            RowRef { file, line },
        );
        if let Err(problem) = result {
            let key = match problem.column {
                Column::Item => &item,
                Column::Partner => &partner,
                Column::Period => &period,
                Column::Value => &value,
                Column::Note => &note,
                Column::Category => &category,
                Column::Measure => &measure,
            };
            let (line, field) = place(key.as_ref().map(|(k, _)| k.as_str()));
            problems.push_rejected(located(line, field, problem));
        }
    }
    problems
}

fn located(line: u32, field: Field, problem: Problem) -> Located {
    Located {
        line,
        field,
        code: problem.code,
        message: problem.message,
        help: problem.help,
    }
}

/// A scalar as text: numbers as written by YAML's shortest form, `~` and
/// an empty value as empty; `None` for a list or mapping.
fn scalar(value: &Value) -> Option<String> {
    match value {
        Value::Null => Some(String::new()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Number(n) => Some(n.to_string()),
        Value::String(s) => Some(s.clone()),
        Value::Tagged(tagged) => scalar(&tagged.value),
        Value::Sequence(_) | Value::Mapping(_) => None,
    }
}

/// The lines (from 1) where the entries of the top-level list start: lines
/// beginning `- ` at the smallest indentation that has any.
fn entry_lines(text: &str) -> Vec<u32> {
    let dash = |line: &str| {
        let rest = line.trim_start_matches(' ');
        (rest == "-" || rest.starts_with("- ")).then(|| line.len() - rest.len())
    };
    let indent = text.lines().filter_map(dash).min();
    text.lines()
        .enumerate()
        .filter(|(_, line)| indent.is_some() && dash(line) == indent)
        .map(|(i, _)| u32::try_from(i + 1).unwrap_or(u32::MAX))
        .collect()
}

/// Where each line of `text` starts (byte offsets), in one pass.
fn line_starts(text: &str) -> Vec<usize> {
    std::iter::once(0)
        .chain(memchr::memchr_iter(b'\n', text.as_bytes()).map(|at| at.saturating_add(1)))
        .collect()
}

/// The line and bytes of `key`'s value in the entry running from line
/// `from` to before line `to` (`lines` as [`line_starts`] gives them); the
/// entry's first line if not found. Only the entry's own lines are read.
fn locate(text: &str, lines: &[usize], from: u32, to: u32, key: Option<&str>) -> (u32, Field) {
    let Some(key) = key else {
        return (from, Field::Row);
    };
    let first = usize::try_from(from.max(1))
        .unwrap_or(usize::MAX)
        .saturating_sub(1);
    let last = usize::try_from(to)
        .unwrap_or(usize::MAX)
        .saturating_sub(1)
        .min(lines.len());
    for index in first..last {
        let (Some(&start), end) = (lines.get(index), lines.get(index.saturating_add(1))) else {
            break;
        };
        let end = end.map_or(text.len(), |e| e.saturating_sub(1));
        let line = text.get(start..end).unwrap_or_default();
        let number = u32::try_from(index.saturating_add(1)).unwrap_or(u32::MAX);
        let rest = line.trim_start_matches([' ', '-']);
        let start = line.len() - rest.len();
        let Some(after) = rest.strip_prefix(key) else {
            continue;
        };
        let Some(value) = after.trim_start().strip_prefix(':') else {
            continue;
        };
        let value_start = line.len() - value.len();
        let value_text = value.split(" #").next().unwrap_or(value);
        let lead = value_text.len() - value_text.trim_start().len();
        let begin = value_start + lead;
        let end = value_start + value_text.trim_end().len();
        return if end > begin {
            (number, Field::Bytes(begin, end))
        } else {
            (number, Field::Bytes(start, start + key.len()))
        };
    }
    (from, Field::Row)
}

/// The most levels of lists and mappings a YAML return may nest.
pub const MOST_NESTING: usize = 32;

/// The first line (and its depth) where lists or mappings nest deeper
/// than [`MOST_NESTING`], in one linear pass: flow collections (`[`, `{`
/// outside quotes and comments) and block nesting (each deeper indentation,
/// and each `- ` or `? ` starting an entry on the same line). It may count
/// more levels than the parser would (a block scalar's indented lines),
/// never fewer.
pub fn nesting(text: &str) -> Option<(u32, usize)> {
    let mut indents: Vec<usize> = Vec::new();
    let mut flow = 0usize;
    let mut quote: Option<u8> = None;
    for (index, line) in text.split('\n').enumerate() {
        let number = u32::try_from(index.saturating_add(1)).unwrap_or(u32::MAX);
        let bytes = line.as_bytes();
        if flow == 0 && quote.is_none() {
            let indent = bytes.iter().take_while(|&&b| b == b' ').count();
            let rest = bytes.get(indent..).unwrap_or_default();
            if !rest.is_empty() && !rest.starts_with(b"#") {
                while indents.last().is_some_and(|&top| top >= indent) {
                    indents.pop();
                }
                indents.push(indent);
                // `- - - x` and `? - x`: each indicator opens a level.
                let mut at = indent;
                while let (Some(&(b'-' | b'?')), Some(&b' ')) =
                    (bytes.get(at), bytes.get(at.saturating_add(1)))
                {
                    at = at.saturating_add(2);
                    while bytes.get(at) == Some(&b' ') {
                        at = at.saturating_add(1);
                    }
                    indents.push(at);
                }
            }
        }
        // Flow collections, outside quotes and comments.
        let mut previous = b' ';
        let mut escaped = false;
        for &byte in bytes {
            match quote {
                Some(b'"') if escaped => escaped = false,
                Some(b'"') if byte == b'\\' => escaped = true,
                Some(q) if byte == q => quote = None,
                Some(_) => {}
                None => match byte {
                    b'#' if matches!(previous, b' ' | b'\t') => break,
                    b'"' | b'\''
                        if matches!(
                            previous,
                            b' ' | b'\t' | b'[' | b'{' | b',' | b':' | b'-' | b'?'
                        ) =>
                    {
                        quote = Some(byte);
                    }
                    b'[' | b'{' => {
                        flow = flow.saturating_add(1);
                        let depth = indents.len().saturating_add(flow);
                        if depth > MOST_NESTING {
                            return Some((number, depth));
                        }
                    }
                    b']' | b'}' => flow = flow.saturating_sub(1),
                    _ => {}
                },
            }
            previous = byte;
        }
        let depth = indents.len().saturating_add(flow);
        if depth > MOST_NESTING {
            return Some((number, depth));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_keep_their_written_form() {
        let value: Value = serde_yaml::from_str("[12.9, 131500, 0.1, 1e3]").unwrap();
        let Value::Sequence(items) = value else {
            panic!()
        };
        let texts: Vec<String> = items.iter().filter_map(scalar).collect();
        assert_eq!(texts, ["12.9", "131500", "0.1", "1000.0"]);
    }

    #[test]
    fn places_of_entries_and_keys() {
        let text =
            "returns:\n  - obligation: dtoc\n    partner: lcc # the council\n  - obligation: x\n";
        assert_eq!(entry_lines(text), [2, 4]);
        let lines = line_starts(text);
        assert_eq!(
            locate(text, &lines, 2, 4, Some("partner")),
            (3, Field::Bytes(13, 16))
        );
        assert_eq!(
            locate(text, &lines, 2, 4, Some("obligation")),
            (2, Field::Bytes(16, 20))
        );
    }

    #[test]
    fn nesting_is_bounded_before_parsing() {
        let ok = "returns:\n  - obligation: dtoc\n    note: \"[[[[ in quotes\"\n    value: [1]\n";
        assert_eq!(nesting(ok), None);
        let flow = format!("- {}", "[".repeat(40));
        assert_eq!(nesting(&flow).map(|(line, _)| line), Some(1));
        let braces = format!("x: {}", "{a: ".repeat(40));
        assert!(nesting(&braces).is_some());
        let dashes = format!("{}x\n", "- ".repeat(40));
        assert!(nesting(&dashes).is_some());
        let indented: String = (0..40)
            .map(|i| format!("{}k{i}:\n", " ".repeat(i)))
            .collect();
        assert_eq!(nesting(&indented).map(|(line, _)| line), Some(33));
        // Quotes cannot hide brackets from the count.
        let one_line = format!("value: {}1{}", "[".repeat(40), "]".repeat(40));
        assert!(nesting(&one_line).is_some());
        let hidden = format!("- [{}]", "[\"]\" ".repeat(40));
        assert!(nesting(&hidden).is_some());
    }
}
