//! A scenario file's YAML read into a small tree whose every node has its
//! span, so that each expectation can be reported where it is written.
//!
//! The YAML is read event by event (`yaml-rust2`'s parser, which keeps its
//! own state on the heap, never recursing) and the tree built with an
//! explicit stack, at most [`MOST_NESTING`] levels deep. Aliases are
//! refused: a scenario never needs them, and they would let a small file
//! stand for a large tree.

use yaml_rust2::parser::{Event, Parser};
use yaml_rust2::scanner::{Marker, TScalarStyle};

use crate::diagnostics::{Code, Diagnostic};
use crate::source::{SourceFile, Span};

/// The most levels of lists and mappings a scenario file may nest.
pub const MOST_NESTING: usize = 32;

/// One value of the document, with where it is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node {
    /// The value.
    pub value: Value,
    /// Where it is: the scalar, or the start of the list or mapping.
    pub span: Span,
}

/// A YAML value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    /// A scalar, as written (numbers are not converted: `1,970,000` and
    /// `12.90` stay text, to be read exactly).
    Scalar(String),
    /// A list.
    List(Vec<Node>),
    /// A mapping, its keys in the order written.
    Map(Vec<(Node, Node)>),
}

impl Node {
    /// The text of a scalar.
    pub fn text(&self) -> Option<&str> {
        match &self.value {
            Value::Scalar(text) => Some(text),
            _ => None,
        }
    }

    /// What the value is, in words, for messages.
    pub fn kind(&self) -> &'static str {
        match &self.value {
            Value::Scalar(_) => "a single value",
            Value::List(_) => "a list",
            Value::Map(_) => "a mapping",
        }
    }
}

/// A list or mapping being read.
enum Open {
    List(Vec<Node>, Span),
    Map(Vec<(Node, Node)>, Option<Node>, Span),
}

/// Reads the text of `file` as one YAML document: `None` for an empty
/// document, a diagnostic (E0950) at the place reading stopped.
pub fn read(file: &SourceFile) -> Result<Option<Node>, Box<Diagnostic>> {
    let mut parser = Parser::new_from_str(&file.text);
    let mut stack: Vec<Open> = Vec::new();
    let mut root: Option<Node> = None;
    let mut documents = 0usize;
    loop {
        let (event, marker) = match parser.next_token() {
            Ok(found) => found,
            Err(error) => {
                let span = span_at(file, error.marker(), 1);
                return Err(Box::new(
                    Diagnostic::new(
                        Code::ScenarioSyntax,
                        span,
                        format!("the file cannot be read as YAML: {}", error.info()),
                    )
                    .label("here")
                    .help("a scenario is a YAML mapping of `agreement`, `as_of`, `returns` and `expect`"),
                ));
            }
        };
        let node = match event {
            Event::StreamEnd => break,
            Event::DocumentStart => {
                documents += 1;
                if documents > 1 {
                    return Err(syntax(
                        file,
                        &marker,
                        "a scenario file holds one YAML document",
                    ));
                }
                continue;
            }
            Event::Nothing | Event::StreamStart | Event::DocumentEnd => continue,
            Event::Alias(_) => {
                return Err(syntax(
                    file,
                    &marker,
                    "aliases (`*name`) are not read in scenario files",
                ));
            }
            Event::Scalar(text, style, _, _) => {
                let width = written_width(&text, style);
                Node {
                    value: Value::Scalar(text),
                    span: span_at(file, &marker, width),
                }
            }
            Event::SequenceStart(..) | Event::MappingStart(..) => {
                if stack.len() >= MOST_NESTING {
                    return Err(syntax(
                        file,
                        &marker,
                        &format!(
                            "lists and mappings are nested more than {MOST_NESTING} levels deep"
                        ),
                    ));
                }
                let span = span_at(file, &marker, 1);
                stack.push(match event {
                    Event::SequenceStart(..) => Open::List(Vec::new(), span),
                    _ => Open::Map(Vec::new(), None, span),
                });
                continue;
            }
            Event::SequenceEnd | Event::MappingEnd => match stack.pop() {
                Some(Open::List(items, span)) => Node {
                    value: Value::List(items),
                    span,
                },
                Some(Open::Map(entries, _, span)) => {
                    // A block mapping's start is reported at its first
                    // value; its first key is where it starts.
                    let span = entries.first().map_or(span, |(key, _)| {
                        if key.span.start < span.start {
                            key.span
                        } else {
                            span
                        }
                    });
                    Node {
                        value: Value::Map(entries),
                        span,
                    }
                }
                None => continue,
            },
        };
        match stack.last_mut() {
            Some(Open::List(items, _)) => items.push(node),
            Some(Open::Map(entries, key, _)) => match key.take() {
                Some(key) => entries.push((key, node)),
                None => *key = Some(node),
            },
            None => root = Some(node),
        }
    }
    Ok(root)
}

fn syntax(file: &SourceFile, marker: &Marker, message: &str) -> Box<Diagnostic> {
    Box::new(
        Diagnostic::new(
            Code::ScenarioSyntax,
            span_at(file, marker, 1),
            message.to_owned(),
        )
        .label("here")
        .help("write the scenario as plain mappings and lists"),
    )
}

/// How many characters a scalar takes on its first line, as written.
fn written_width(text: &str, style: TScalarStyle) -> usize {
    let first = text.lines().next().unwrap_or_default().chars().count();
    match style {
        TScalarStyle::SingleQuoted | TScalarStyle::DoubleQuoted => first + 2,
        TScalarStyle::Plain => first,
        // A block scalar's marker is at its first line of text.
        TScalarStyle::Literal | TScalarStyle::Folded => first,
    }
    .max(1)
}

/// The span of `width` characters from the marker's line (from 1) and
/// column (characters, from 0), cut at the end of the line.
fn span_at(file: &SourceFile, marker: &Marker, width: usize) -> Span {
    let line = file.line_range(marker.line().saturating_sub(1));
    let text = file.text.get(line.clone()).unwrap_or_default();
    let offset = |chars: usize| {
        text.char_indices()
            .nth(chars)
            .map_or(text.len(), |(at, _)| at)
    };
    let start = offset(marker.col());
    let end = offset(marker.col().saturating_add(width));
    Span::new(file.id, line.start + start, line.start + end)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::FileId;

    fn tree(text: &str) -> (SourceFile, Result<Option<Node>, Box<Diagnostic>>) {
        let file = SourceFile::new(FileId(0), "x.scenario.yaml", text);
        let tree = read(&file);
        (file, tree)
    }

    #[test]
    fn every_value_has_its_place() {
        let (file, found) =
            tree("# c\nas_of: 2017/18 Q4 # x\nreturns:\n  - csv: |\n      a,b\n  - 'é £x'\n");
        let Ok(Some(Node {
            value: Value::Map(entries),
            span,
        })) = found
        else {
            panic!("{found:?}")
        };
        assert_eq!(file.line_col(span.start as usize).line, 2);
        let (key, value) = &entries[0];
        assert_eq!(file.slice(key.span), "as_of");
        assert_eq!(file.slice(value.span), "2017/18 Q4");
        let Value::List(items) = &entries[1].1.value else {
            panic!()
        };
        let Value::Map(inline) = &items[0].value else {
            panic!()
        };
        assert_eq!(inline[0].1.text(), Some("a,b\n"));
        assert_eq!(file.line_col(inline[0].1.span.start as usize).line, 5);
        assert_eq!(file.slice(items[1].span), "'é £x'");
    }

    #[test]
    fn bad_yaml_aliases_and_depth_are_refused_with_a_place() {
        let (file, found) = tree("a: [1, 2\nb: 3\n");
        let error = found.unwrap_err();
        assert_eq!(error.code, Code::ScenarioSyntax);
        let span = error.primary.as_ref().unwrap().span;
        assert_eq!(file.line_col(span.start as usize).line, 2);
        let (_, found) = tree("a: &x [1]\nb: *x\n");
        assert!(found.unwrap_err().message.contains("aliases"));
        let deep = format!("a: {}{}\n", "[".repeat(40), "]".repeat(40));
        let (_, found) = tree(&deep);
        assert!(found.unwrap_err().message.contains("nested"));
        let (_, found) = tree("a: 1\n---\nb: 2\n");
        assert!(found.unwrap_err().message.contains("one YAML document"));
        assert_eq!(tree("# nothing\n").1.unwrap(), None);
    }
}
