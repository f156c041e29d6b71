//! The canonical layout of an agreement's text, decided from its tokens and
//! lines alone.
//!
//! The text is cut into lines, each line into tokens (quoted texts, `{`,
//! `}`, `,`, `(`, `)`, `:` and runs of anything else) and at most one
//! trailing `//` comment. The lines are written again, in the same order
//! and with the same tokens, each token byte for byte as it was:
//!
//! - indentation is two spaces a level of braces; a line that goes on a
//!   statement after a comma (or inside `( ... )`) is indented two levels
//!   more, but not the rows of a table (`contributions`, `grant`,
//!   `trajectory`); a grant's `purpose`, `condition` and `passed` lines
//!   among its rows are aligned with their like only;
//! - tokens of a line are one space apart, with no space before `,`, `)`
//!   and `:`, nor after `(`; a comment is one space after the code;
//! - consecutive lines of `partner`, `external`, `function`, `import`,
//!   `contributions` and `grant` statements, and consecutive rows of a
//!   table, are aligned in columns, their comments too;
//! - the citations ending other lines of a block (`host bcc clause "5.1"`,
//!   `} clause "6.1"`) are aligned in one column, after the longest of
//!   those lines that end before column 80;
//! - runs of blank lines become one; none is kept at the start of the file,
//!   after a line that opens a block or before a line that closes one;
//!   blocks at the top level are one blank line apart; the file ends with
//!   one line break.
//!
//! No line is ever joined to another or split: a statement ends at the end
//! of its line, so the line breaks carry meaning, and they are kept as the
//! author wrote them.

use std::collections::BTreeMap;

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// A run of ordinary characters: a keyword, name, number or amount.
    Word,
    /// A quoted text, `"..."` or `“...”`.
    Text,
    /// `{`
    Open,
    /// `}`
    Close,
    /// `,`
    Comma,
    /// `(`
    LParen,
    /// `)`
    RParen,
    /// `:`
    Colon,
}

/// One token of a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Token<'a> {
    /// What it is.
    pub kind: Kind,
    /// Its text, as written.
    pub text: &'a str,
}

/// One line, cut into tokens.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Line<'a> {
    /// The tokens before any comment.
    pub tokens: Vec<Token<'a>>,
    /// The comment at the end of the line, from `//`, without trailing
    /// spaces and tabs.
    pub comment: Option<&'a str>,
}

impl Line<'_> {
    fn is_blank(&self) -> bool {
        self.tokens.is_empty() && self.comment.is_none()
    }

    fn first(&self) -> Option<Kind> {
        self.tokens.first().map(|t| t.kind)
    }

    fn last(&self) -> Option<Kind> {
        self.tokens.last().map(|t| t.kind)
    }
}

/// Whether a character ends a word.
fn ends_word(c: char) -> bool {
    matches!(
        c,
        ' ' | '\t' | '{' | '}' | '(' | ')' | ':' | '"' | '\u{201C}'
    )
}

/// The length in bytes of the quoted text at the start of `rest`, which
/// starts with its opening quote: up to its closing quote, or to the end of
/// the line if it has none.
fn text_len(rest: &str, close: char, escapes: bool) -> usize {
    let mut chars = rest.char_indices().skip(1);
    while let Some((at, c)) = chars.next() {
        if escapes && c == '\\' {
            chars.next();
            continue;
        }
        if c == close {
            return at + c.len_utf8();
        }
    }
    rest.len()
}

/// Whether the `,` at byte `at` of `line` stands between two digits (a
/// thousands separator, `£1,000`), so is part of a word.
fn inside_number(line: &str, at: usize) -> bool {
    let before = line
        .get(..at)
        .and_then(|s| s.chars().next_back())
        .is_some_and(|c| c.is_ascii_digit());
    let after = line
        .get(at + 1..)
        .and_then(|s| s.chars().next())
        .is_some_and(|c| c.is_ascii_digit());
    before && after
}

/// Cuts one line (without its line break) into tokens and a comment.
pub(crate) fn tokenise(line: &str) -> Line<'_> {
    let mut out = Line::default();
    let mut at = 0;
    while let Some(rest) = line.get(at..) {
        let Some(c) = rest.chars().next() else {
            break;
        };
        let single = |kind| Token {
            kind,
            text: rest.get(..1).unwrap_or(""),
        };
        let (token, len) = match c {
            ' ' | '\t' => (None, 1),
            '/' if rest.starts_with("//") => {
                out.comment = Some(rest.trim_end_matches([' ', '\t']));
                break;
            }
            '"' | '\u{201C}' => {
                let len = if c == '"' {
                    text_len(rest, '"', true)
                } else {
                    text_len(rest, '\u{201D}', false)
                };
                let text = rest.get(..len).unwrap_or(rest);
                (
                    Some(Token {
                        kind: Kind::Text,
                        text,
                    }),
                    len,
                )
            }
            '{' => (Some(single(Kind::Open)), 1),
            '}' => (Some(single(Kind::Close)), 1),
            '(' => (Some(single(Kind::LParen)), 1),
            ')' => (Some(single(Kind::RParen)), 1),
            ':' => (Some(single(Kind::Colon)), 1),
            ',' if !inside_number(line, at) => (Some(single(Kind::Comma)), 1),
            _ => {
                let mut len = c.len_utf8();
                for (offset, next) in rest.char_indices().skip(1) {
                    let stop = ends_word(next)
                        || (next == ',' && !inside_number(line, at + offset))
                        || (next == '/' && rest.get(offset..).is_some_and(|r| r.starts_with("//")));
                    if stop {
                        break;
                    }
                    len = offset + next.len_utf8();
                }
                let text = rest.get(..len).unwrap_or(rest);
                (
                    Some(Token {
                        kind: Kind::Word,
                        text,
                    }),
                    len,
                )
            }
        };
        out.tokens.extend(token);
        at += len;
    }
    out
}

/// The statements whose consecutive lines are aligned in columns.
const ALIGNED: &[&str] = &[
    "partner",
    "external",
    "function",
    "import",
    "contributions",
    "grant",
];

/// Citations are aligned in a column of their block after the longest
/// line that ends before this column; a longer line has its citation one
/// space after it.
const CITE_LIMIT: usize = 80;

/// The statements whose braces hold a table of rows.
const TABLES: &[&str] = &["contributions", "grant", "trajectory"];

/// The statements that may stand among the rows of a table (a grant's), each
/// aligned only with the lines of its own kind.
const TABLE_STATEMENTS: &[&str] = &["purpose", "condition", "passed"];

/// What the layout decided for one line.
struct Placed<'a> {
    line: Line<'a>,
    /// Spaces before the line.
    indent: usize,
    /// The group of lines it is aligned with, if any.
    key: Option<&'a str>,
    /// Whether it ends with `{` (opens a block or table).
    opens: bool,
    /// Whether it starts with `}`.
    closes: bool,
    /// Whether it closes a block at the top level.
    ends_top: bool,
    /// The block it stands in (its innermost brace once any `}` starting
    /// it is closed; 0 for the top level).
    block: usize,
    /// Whether it ends with a citation, `clause "..."`, aligned with those
    /// of the other lines of its block.
    cite: bool,
}

/// The cells of a line: its tokens, with `,`, `)` and `:` joined to the
/// token before them and the token after a `(` joined to it.
fn cells(tokens: &[Token<'_>]) -> Vec<String> {
    let mut cells: Vec<String> = Vec::new();
    let mut join_next = false;
    for token in tokens {
        let joins = join_next || matches!(token.kind, Kind::Comma | Kind::RParen | Kind::Colon);
        match cells.last_mut() {
            Some(last) if joins => last.push_str(token.text),
            _ => cells.push(token.text.to_owned()),
        }
        join_next = token.kind == Kind::LParen;
    }
    cells
}

fn width(text: &str) -> usize {
    text.chars().count()
}

/// Lays out `text` (LF line breaks) in the canonical layout.
pub fn layout(text: &str) -> String {
    let placed = place(text);
    // The column of the citations of each block.
    let mut cite_columns: BTreeMap<usize, usize> = BTreeMap::new();
    for line in placed.iter().filter(|p| p.cite) {
        let end = line.indent + width(&before_cite(line).join(" "));
        if end < CITE_LIMIT {
            let column = cite_columns.entry(line.block).or_insert(0);
            *column = (*column).max(end + 1);
        }
    }
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    let mut blank = false;
    let mut previous: Option<&Placed<'_>> = None;
    let mut index = 0;
    while let Some(line) = placed.get(index) {
        if line.line.is_blank() {
            blank = true;
            index += 1;
            continue;
        }
        if let Some(before) = previous {
            let wanted = before.ends_top || (blank && !before.opens && !line.closes);
            if wanted {
                out.push('\n');
            }
        }
        blank = false;
        // The group of aligned lines starting here.
        let mut end = index + 1;
        if line.key.is_some() {
            while placed
                .get(end)
                .is_some_and(|next| next.key == line.key && next.indent == line.indent)
            {
                end += 1;
            }
        }
        let group = placed.get(index..end).unwrap_or(&[]);
        write_group(group, &cite_columns, &mut out);
        previous = group.last();
        index = end;
    }
    out
}

/// Writes lines aligned in columns (a group of one is written plainly).
fn write_group(group: &[Placed<'_>], cite_columns: &BTreeMap<usize, usize>, out: &mut String) {
    let rows: Vec<Vec<String>> = group.iter().map(|p| cells(&p.line.tokens)).collect();
    let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
    let mut widths = vec![0usize; columns];
    if group.len() > 1 {
        for row in &rows {
            for (cell, slot) in row.iter().zip(widths.iter_mut()) {
                *slot = (*slot).max(width(cell));
            }
        }
    }
    let codes: Vec<String> = rows
        .iter()
        .zip(group)
        .map(|(row, placed)| {
            if placed.cite {
                let tokens = &placed.line.tokens;
                let before = before_cite(placed).join(" ");
                let cite =
                    cells(tokens.get(tokens.len().saturating_sub(2)..).unwrap_or(&[])).join(" ");
                let end = placed.indent + width(&before);
                let column = cite_columns.get(&placed.block).copied().unwrap_or(0);
                let pad = column.saturating_sub(end).max(1);
                return format!("{before}{}{cite}", " ".repeat(pad));
            }
            let mut code = String::new();
            for (i, cell) in row.iter().enumerate() {
                if i > 0 {
                    code.push(' ');
                }
                code.push_str(cell);
                if i + 1 < row.len() {
                    let pad = widths
                        .get(i)
                        .copied()
                        .unwrap_or(0)
                        .saturating_sub(width(cell));
                    code.extend(std::iter::repeat_n(' ', pad));
                }
            }
            code
        })
        .collect();
    let comment_at = codes
        .iter()
        .zip(group)
        .filter(|(_, p)| p.line.comment.is_some())
        .map(|(code, _)| width(code))
        .max()
        .unwrap_or(0);
    for (code, placed) in codes.iter().zip(group) {
        out.extend(std::iter::repeat_n(' ', placed.indent));
        out.push_str(code);
        if let Some(comment) = placed.line.comment {
            if !code.is_empty() {
                let pad = if group.len() > 1 {
                    comment_at - width(code)
                } else {
                    0
                };
                out.extend(std::iter::repeat_n(' ', pad + 1));
            }
            out.push_str(comment);
        }
        out.push('\n');
    }
}

/// The cells of a line with a citation, before the citation.
fn before_cite(placed: &Placed<'_>) -> Vec<String> {
    let tokens = &placed.line.tokens;
    cells(tokens.get(..tokens.len().saturating_sub(2)).unwrap_or(&[]))
}

/// Decides the indentation and group of every line.
fn place(text: &str) -> Vec<Placed<'_>> {
    // For each brace open: whether it holds a table.
    let mut braces: Vec<bool> = Vec::new();
    // For each brace open: the number of its block.
    let mut blocks: Vec<usize> = Vec::new();
    let mut opened = 0usize;
    let mut parens = 0usize;
    let mut after_comma = false;
    let mut head: Option<&str> = None;
    let mut placed = Vec::new();
    for raw in text.split('\n') {
        let line = tokenise(raw);
        let in_table = braces.last().copied().unwrap_or(false);
        let continues = parens > 0 || (after_comma && !in_table);
        let depth = braces.len();
        if line.tokens.is_empty() {
            placed.push(Placed {
                indent: 2 * depth + if continues { 4 } else { 0 },
                line,
                key: None,
                opens: false,
                closes: false,
                ends_top: false,
                block: 0,
                cite: false,
            });
            continue;
        }
        if !continues {
            head = line.tokens.first().map(|t| t.text);
        }
        let leading_closes = line
            .tokens
            .iter()
            .take_while(|t| t.kind == Kind::Close)
            .count();
        let level = depth.saturating_sub(leading_closes);
        let indent = 2 * level + if continues { 4 } else { 0 };
        let block = level
            .checked_sub(1)
            .and_then(|i| blocks.get(i))
            .copied()
            .unwrap_or(0);
        let mut closed_top = false;
        for token in &line.tokens {
            match token.kind {
                Kind::Open => {
                    braces.push(head.is_some_and(|h| TABLES.contains(&h)));
                    opened += 1;
                    blocks.push(opened);
                }
                Kind::Close => {
                    braces.pop();
                    blocks.pop();
                    closed_top |= braces.is_empty();
                }
                Kind::LParen => parens += 1,
                Kind::RParen => parens = parens.saturating_sub(1),
                _ => {}
            }
        }
        let ends_top = closed_top && braces.is_empty();
        let last = line.last();
        after_comma = matches!(last, Some(Kind::Comma | Kind::LParen));
        let first_word = line
            .tokens
            .first()
            .filter(|t| t.kind == Kind::Word)
            .map(|t| t.text);
        let key = if in_table && !continues && line.first() != Some(Kind::Close) {
            // A statement inside a table (a grant's `purpose`) is aligned
            // with its like, not with the rows.
            Some(
                first_word
                    .filter(|w| TABLE_STATEMENTS.contains(w))
                    .unwrap_or(""),
            )
        } else if continues || after_comma {
            None
        } else {
            first_word.filter(|w| ALIGNED.contains(w))
        };
        let count = line.tokens.len();
        let cite = key.is_none()
            && !continues
            && !after_comma
            && count >= 3
            && line
                .tokens
                .get(count - 2)
                .is_some_and(|t| t.text == "clause")
            && line.tokens.last().is_some_and(|t| t.kind == Kind::Text);
        placed.push(Placed {
            indent,
            key,
            block,
            cite,
            opens: last == Some(Kind::Open),
            closes: line.first() == Some(Kind::Close),
            ends_top,
            line,
        });
    }
    placed
}
