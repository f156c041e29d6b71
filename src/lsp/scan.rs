//! The words of a file as an editor needs them: its tokens (comments
//! skipped), its blocks and the names each declares, found by a linear scan
//! of the text, so that they are there even on lines that do not parse.
//! What a name means is taken from the model; this only says where names
//! are written.

use crate::model::Kind;

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Tok {
    /// A word: a keyword or a name (`pool`, `bcc`).
    Word,
    /// A figure: money, a number, a year, a date, a percentage.
    Figure,
    /// A text in quotes.
    Text,
    /// `{`.
    Open,
    /// `}`.
    Close,
    /// `,`.
    Comma,
    /// Anything else (`:`, `(`).
    Other,
}

/// One token: what it is and where.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Token {
    /// What it is.
    pub kind: Tok,
    /// Its first byte.
    pub start: usize,
    /// One past its last byte.
    pub end: usize,
    /// Whether it is the first token of its line.
    pub first: bool,
}

/// A block: `agreement`, `pool`, a contributions table, an `on miss`
/// ladder.
#[derive(Debug, Clone)]
pub(crate) struct Block {
    /// The first word of the line that opens it.
    pub keyword: String,
    /// Where that line starts.
    pub start: usize,
    /// The offset of its `{`.
    pub open: usize,
    /// One past its `}` (the end of the text if it is not closed).
    pub end: usize,
    /// The block it is in.
    pub parent: Option<usize>,
}

/// A name declared: `partner bcc "..."`, `pool ld "..." {`.
#[derive(Debug, Clone)]
pub(crate) struct Decl {
    /// What it declares (`None` for an agreement or register).
    pub kind: Option<Kind>,
    /// The keyword that declares it.
    pub keyword: String,
    /// The name.
    pub name: String,
    /// Where the name is written.
    pub start: usize,
    /// One past the name.
    pub end: usize,
    /// Where the statement starts.
    pub statement: usize,
    /// One past the end of the statement (its block's `}` for a block).
    pub statement_end: usize,
    /// The title, in quotes as written.
    pub title: String,
    /// The agreement or register it is in (an index into `blocks`).
    pub scope: Option<usize>,
}

/// The tokens, blocks and declarations of one file.
#[derive(Debug, Default)]
pub(crate) struct Scan {
    /// Every token, in order.
    pub tokens: Vec<Token>,
    /// Every block, in the order opened.
    pub blocks: Vec<Block>,
    /// Every declaration, in order.
    pub decls: Vec<Decl>,
}

/// The words that declare a name, with what they declare.
pub(crate) const DECLARING: &[(&str, Option<Kind>)] = &[
    ("agreement", None),
    ("register", None),
    ("partner", Some(Kind::Partner)),
    ("external", Some(Kind::External)),
    ("function", Some(Kind::Function)),
    ("body", Some(Kind::Body)),
    ("pool", Some(Kind::Pool)),
    ("aligned", Some(Kind::Aligned)),
    ("grant", Some(Kind::Grant)),
    ("scheme", Some(Kind::Scheme)),
    ("reserve", Some(Kind::Reserve)),
    ("obligation", Some(Kind::Obligation)),
];

/// Splits `text` into tokens, skipping spaces and comments.
pub(crate) fn tokens(text: &str) -> Vec<Token> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(text.len() / 6);
    let mut at = 0;
    let mut first = true;
    while let Some(&b) = bytes.get(at) {
        let start = at;
        let kind = match b {
            b'\n' => {
                first = true;
                at += 1;
                continue;
            }
            b' ' | b'\t' | b'\r' => {
                at += 1;
                continue;
            }
            b'/' if bytes.get(at + 1) == Some(&b'/') => {
                at = memchr::memchr(b'\n', bytes.get(at..).unwrap_or(&[]))
                    .map_or(bytes.len(), |n| at + n);
                continue;
            }
            b'"' => {
                at += 1;
                while let Some(&c) = bytes.get(at) {
                    match c {
                        b'\\' => at += 2,
                        b'"' => {
                            at += 1;
                            break;
                        }
                        b'\n' => break,
                        _ => at += 1,
                    }
                }
                Tok::Text
            }
            b'{' => {
                at += 1;
                Tok::Open
            }
            b'}' => {
                at += 1;
                Tok::Close
            }
            b',' => {
                at += 1;
                Tok::Comma
            }
            b if b.is_ascii_alphabetic() => {
                at += 1;
                while bytes
                    .get(at)
                    .is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'_')
                {
                    at += 1;
                }
                Tok::Word
            }
            b if b.is_ascii_digit() || text.get(at..).is_some_and(|r| r.starts_with('£')) => {
                at += if b.is_ascii_digit() {
                    1
                } else {
                    '£'.len_utf8()
                };
                while let Some(&c) = bytes.get(at) {
                    let digit_after = bytes.get(at + 1).is_some_and(u8::is_ascii_digit);
                    if c.is_ascii_alphanumeric()
                        || matches!(c, b'.' | b'/' | b'%' | b'_' | b'-')
                        || (c == b',' && digit_after)
                    {
                        at += 1;
                    } else {
                        break;
                    }
                }
                Tok::Figure
            }
            _ if text.get(at..).is_some_and(|r| r.starts_with('\u{201C}')) => {
                let rest = text.get(at..).unwrap_or("");
                let close = rest.find(['\u{201D}', '\n']).map_or(rest.len(), |n| {
                    if rest.get(n..).is_some_and(|r| r.starts_with('\n')) {
                        n
                    } else {
                        n + '\u{201D}'.len_utf8()
                    }
                });
                at += close.max(1);
                Tok::Text
            }
            _ => {
                // One character, whole.
                let width = text
                    .get(at..)
                    .and_then(|r| r.chars().next())
                    .map_or(1, char::len_utf8);
                at += width;
                Tok::Other
            }
        };
        let end = at.min(text.len());
        out.push(Token {
            kind,
            start,
            end,
            first,
        });
        first = false;
    }
    out
}

impl Scan {
    /// The scan of `text`.
    pub(crate) fn new(text: &str) -> Scan {
        let tokens = tokens(text);
        let word = |t: &Token| text.get(t.start..t.end).unwrap_or("");
        let mut blocks: Vec<Block> = Vec::new();
        let mut open: Vec<usize> = Vec::new();
        let mut decls = Vec::new();
        let mut line_first: Option<usize> = None;
        for (i, token) in tokens.iter().enumerate() {
            if token.first {
                line_first = Some(i);
            }
            match token.kind {
                Tok::Open => {
                    let head = line_first.and_then(|f| tokens.get(f));
                    let keyword = head
                        .filter(|t| t.kind == Tok::Word)
                        .map(|t| word(t).to_owned())
                        .unwrap_or_default();
                    blocks.push(Block {
                        keyword,
                        start: head.map_or(token.start, |t| t.start),
                        open: token.start,
                        end: text.len(),
                        parent: open.last().copied(),
                    });
                    open.push(blocks.len() - 1);
                }
                Tok::Close => {
                    if let Some(block) = open.pop().and_then(|b| blocks.get_mut(b)) {
                        block.end = token.end;
                    }
                }
                Tok::Word if token.first => {
                    let (Some(id), Some(title)) = (tokens.get(i + 1), tokens.get(i + 2)) else {
                        continue;
                    };
                    let keyword = word(token);
                    let declares = DECLARING.iter().find(|(k, _)| *k == keyword);
                    if let Some((_, kind)) = declares {
                        if id.kind == Tok::Word && title.kind == Tok::Text {
                            decls.push(Decl {
                                kind: *kind,
                                keyword: keyword.to_owned(),
                                name: word(id).to_owned(),
                                start: id.start,
                                end: id.end,
                                statement: token.start,
                                statement_end: line_end(text, title.end),
                                title: word(title).to_owned(),
                                scope: None,
                            });
                        }
                    }
                }
                _ => {}
            }
        }
        // A block's declaration spans the block; each declaration's scope is
        // the agreement holding it.
        for decl in &mut decls {
            let opened = blocks
                .iter()
                .position(|b| b.start == decl.statement && b.open >= decl.end);
            if let Some(block) = opened.and_then(|b| blocks.get(b)) {
                decl.statement_end = block.end;
            }
            decl.scope = if decl.kind.is_none() {
                opened
            } else {
                agreement_at(&blocks, decl.start)
            };
        }
        Scan {
            tokens,
            blocks,
            decls,
        }
    }

    /// The token at byte `offset` (or ending there: the word just typed).
    pub(crate) fn token_at(&self, offset: usize) -> Option<&Token> {
        let i = self.tokens.partition_point(|t| t.end < offset);
        self.tokens
            .get(i)
            .filter(|t| t.start <= offset && offset <= t.end)
    }

    /// The innermost block holding `offset` (inside its braces).
    pub(crate) fn block_at(&self, offset: usize) -> Option<usize> {
        self.blocks
            .iter()
            .enumerate()
            .filter(|(_, b)| b.open < offset && offset < b.end)
            .max_by_key(|(_, b)| b.open)
            .map(|(i, _)| i)
    }

    /// The agreement or register holding `offset`.
    pub(crate) fn agreement_at(&self, offset: usize) -> Option<usize> {
        agreement_at(&self.blocks, offset)
    }

    /// The declaration of `name` in the agreement `scope`.
    pub(crate) fn declared(&self, scope: Option<usize>, name: &str) -> Option<&Decl> {
        self.decls
            .iter()
            .find(|d| d.kind.is_some() && d.scope == scope && d.name == name)
    }
}

/// The outermost block holding `offset`, if it is an agreement or register.
fn agreement_at(blocks: &[Block], offset: usize) -> Option<usize> {
    blocks
        .iter()
        .position(|b| b.parent.is_none() && b.start <= offset && offset < b.end)
        .filter(|&b| {
            blocks
                .get(b)
                .is_some_and(|b| b.keyword == "agreement" || b.keyword == "register")
        })
}

/// The end of the line holding `offset` (before its line break).
fn line_end(text: &str, offset: usize) -> usize {
    let rest = text.as_bytes().get(offset..).unwrap_or(&[]);
    memchr::memchr(b'\n', rest).map_or(text.len(), |n| offset + n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_texts_and_figures() {
        let text = "partner bcc “Café ‘x’” ccg // bcc\n  total £1,234.5m, 2017/18 Q3\n";
        let scan = Scan::new(text);
        let kinds: Vec<(Tok, &str)> = scan
            .tokens
            .iter()
            .map(|t| (t.kind, text.get(t.start..t.end).unwrap_or("")))
            .collect();
        assert_eq!(
            kinds,
            [
                (Tok::Word, "partner"),
                (Tok::Word, "bcc"),
                (Tok::Text, "“Café ‘x’”"),
                (Tok::Word, "ccg"),
                (Tok::Word, "total"),
                (Tok::Figure, "£1,234.5m"),
                (Tok::Comma, ","),
                (Tok::Figure, "2017/18"),
                (Tok::Word, "Q3"),
            ]
        );
        assert_eq!(scan.decls.len(), 1);
    }

    #[test]
    fn blocks_and_scopes() {
        let text = "agreement a \"A\" {\n  pool p \"P\" {\n    host x\n  }\n}\nagreement b \"B\" {\n  partner x \"X\" ccg\n}\n";
        let scan = Scan::new(text);
        let keywords: Vec<&str> = scan.blocks.iter().map(|b| b.keyword.as_str()).collect();
        assert_eq!(keywords, ["agreement", "pool", "agreement"]);
        let host = text.find("host").unwrap_or(0);
        assert_eq!(scan.block_at(host), Some(1));
        assert_eq!(scan.agreement_at(host), Some(0));
        assert!(scan.declared(Some(0), "x").is_none());
        assert!(scan.declared(Some(2), "x").is_some());
        assert_eq!(
            scan.declared(Some(0), "p").map(|d| d.statement_end),
            scan.blocks.get(1).map(|b| b.end)
        );
    }
}
