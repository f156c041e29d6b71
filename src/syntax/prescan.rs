//! A linear scan of the text before pest runs.
//!
//! It finds what would make parsing meaningless or unsafe: control characters
//! (a binary file, text pasted from another program, an escape sequence meant
//! for a terminal) anywhere in the file, quoted texts and comments included;
//! bidirectional controls, which make text display in another order than it
//! is read ("Trojan Source"); braces that do not pair up, and braces nested
//! deeper than any agreement needs. Refusing deep
//! nesting here bounds the only recursive rule of the grammar (`braced`), so
//! no input can exhaust the stack. Strings and comments are skipped exactly as
//! the grammar skips them, so a `{` inside `"..."` or after `//` is text.

use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::lanes::{first_lane, lanes_below, lanes_equal, word_at};
use crate::source::{SourceFile, Span};

/// The deepest brace nesting accepted. An agreement nests three levels
/// (agreement, pool, contributions); the limit leaves room to spare.
pub const MAX_DEPTH: usize = 16;

/// The most control characters reported one by one in a file.
const MAX_CONTROL_REPORTS: usize = 5;

/// Scans `file`; returns whether the text is fit to parse.
pub fn prescan(file: &SourceFile, diagnostics: &mut Diagnostics) -> bool {
    let bytes = file.text.as_bytes();
    let span = |start: usize, len: usize| Span::new(file.id, start, start + len);
    let mut fit = characters(file, diagnostics);
    let mut open: Vec<usize> = Vec::new();
    let mut i = 0usize;
    // Jump from one byte that matters to the next; most bytes are ordinary text.
    while let Some(at) = find(bytes, i, lanes_that_matter, matters) {
        i = at;
        let Some(&byte) = bytes.get(i) else {
            break;
        };
        match byte {
            b'"' => i = skip_string(bytes, i, b"\"", b"\"", true),
            0xE2 if bytes.get(i..i + 3) == Some("\u{201C}".as_bytes()) => {
                i = skip_string(
                    bytes,
                    i,
                    "\u{201C}".as_bytes(),
                    "\u{201D}".as_bytes(),
                    false,
                );
            }
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                i = bytes
                    .get(i..)
                    .and_then(|rest| memchr::memchr(b'\n', rest))
                    .map_or(bytes.len(), |end| i + end);
            }
            b'{' => {
                open.push(i);
                if open.len() > MAX_DEPTH {
                    diagnostics.push(
                        Diagnostic::new(Code::TooDeep, span(i, 1), format!("braces nest more than {MAX_DEPTH} deep"))
                            .label("one level too many")
                            .help("an agreement nests only a few blocks (agreement, pool, contributions); close the blocks left open"),
                    );
                    return false;
                }
                i += 1;
            }
            b'}' => {
                if open.pop().is_none() {
                    diagnostics.push(
                        Diagnostic::new(
                            Code::UnbalancedBrace,
                            span(i, 1),
                            "this `}` closes no block",
                        )
                        .label("no `{` before it is left open")
                        .help("remove the stray `}`, or add the `{` it was meant to close"),
                    );
                    fit = false;
                }
                i += 1;
            }
            _ => i += 1,
        }
    }
    if let Some(&innermost) = open.last() {
        diagnostics.push(
            Diagnostic::new(Code::UnbalancedBrace, span(innermost, 1), "this `{` is never closed")
                .label("the block opened here has no `}`")
                .help("add the `}` that ends this block; if it looks closed, a `}` is missing from a block inside it"),
        );
        fit = false;
    }
    fit
}

/// Whether the scan must look at a byte: quotes, braces, slashes and the
/// lead byte of curly quotes.
fn matters(byte: u8) -> bool {
    matches!(byte, b'"' | b'/' | b'{' | b'}' | 0xE2)
}

/// The lanes of eight bytes (little-endian in a word) that [`matters`]
/// accepts, each marked by its high bit.
fn lanes_that_matter(word: u64) -> u64 {
    lanes_equal(word, b'"')
        | lanes_equal(word, b'/')
        | lanes_equal(word, b'{')
        | lanes_equal(word, b'}')
        | lanes_equal(word, 0xE2)
}

/// The first index from `from` whose byte `wanted` accepts, or `None`.
/// Eight bytes at a time, `lanes` (the word's lanes that `wanted` accepts)
/// finds it without looking at each byte: most of an agreement is ordinary
/// text, so this is the bulk of the scan.
fn find(
    bytes: &[u8],
    from: usize,
    lanes: impl Fn(u64) -> u64,
    wanted: impl Fn(u8) -> bool,
) -> Option<usize> {
    let mut i = from;
    while let Some(word) = word_at(bytes, i) {
        let found = lanes(word);
        if found != 0 {
            return Some(i + first_lane(found));
        }
        i += 8;
    }
    bytes
        .get(i..)?
        .iter()
        .position(|b| wanted(*b))
        .map(|at| i + at)
}

/// What [`characters`] finds at a byte.
enum Found {
    /// A control character of this many bytes.
    Control(usize),
    /// A bidirectional control (three bytes).
    Bidi(char),
}

/// Whether the character scan must look at a byte: control characters (other
/// than tab and line feed) and the lead bytes of the C1 controls and of the
/// bidirectional controls.
fn suspect(byte: u8) -> bool {
    matches!(byte, 0..=8 | 11..=31 | 0x7F | 0xC2 | 0xE2)
}

/// The lanes of eight bytes that are [`suspect`], each marked by its high
/// bit.
fn suspect_lanes(word: u64) -> u64 {
    (lanes_below(word, 32) & !lanes_equal(word, b'\t') & !lanes_equal(word, b'\n'))
        | lanes_equal(word, 0x7F)
        | lanes_equal(word, 0xC2)
        | lanes_equal(word, 0xE2)
}

fn found_at(text: &str, i: usize) -> Option<Found> {
    match text.as_bytes().get(i..)? {
        [0xC2, 0x80..=0x9F, ..] => Some(Found::Control(2)),
        [0xE2, 0x80, 0xAA..=0xAE, ..] | [0xE2, 0x81, 0xA6..=0xA9, ..] => {
            text.get(i..)?.chars().next().map(Found::Bidi)
        }
        [0xC2 | 0xE2, ..] | [] => None,
        [_, ..] => Some(Found::Control(1)),
    }
}

/// Reports every control character (E0004) and bidirectional control (E0008)
/// in the whole text, in quoted texts and comments as much as between them,
/// a few of each one by one; returns whether the text is fit to parse (a
/// control character makes it unfit; a bidirectional control does not stop
/// the reading, which reports the other problems too).
fn characters(file: &SourceFile, diagnostics: &mut Diagnostics) -> bool {
    let bytes = file.text.as_bytes();
    let span = |start: usize, len: usize| Span::new(file.id, start, start + len);
    let mut control = 0usize;
    let mut bidi = 0usize;
    let mut i = 0usize;
    while let Some(at) = find(bytes, i, suspect_lanes, suspect) {
        i = at;
        match found_at(&file.text, i) {
            Some(Found::Control(len)) => {
                control += 1;
                if control <= MAX_CONTROL_REPORTS {
                    let byte = bytes.get(i).copied().unwrap_or(0);
                    let (what, help) = describe_control(byte, bytes.get(i + 1).copied());
                    diagnostics.push(
                        Diagnostic::new(
                            Code::ControlCharacter,
                            span(i, len),
                            format!("the file contains {what}"),
                        )
                        .label("here")
                        .help(help),
                    );
                }
                i += len;
            }
            Some(Found::Bidi(c)) => {
                bidi += 1;
                if bidi <= MAX_CONTROL_REPORTS {
                    diagnostics.push(
                        Diagnostic::new(
                            Code::BidiControl,
                            span(i, c.len_utf8()),
                            format!(
                                "the file contains the bidirectional control U+{:04X} ({})",
                                u32::from(c),
                                bidi_name(c)
                            ),
                        )
                        .label("here, invisible in most editors")
                        .help("delete it: it makes the text display in another order than it is read (names in Arabic or Hebrew display correctly without it)"),
                    );
                }
                i += c.len_utf8();
            }
            None => i += 1,
        }
    }
    for (count, code, what) in [
        (control, Code::ControlCharacter, "control character"),
        (bidi, Code::BidiControl, "bidirectional control"),
    ] {
        if count > MAX_CONTROL_REPORTS {
            let more = count - MAX_CONTROL_REPORTS;
            diagnostics.push(
                Diagnostic::new(
                    code,
                    span(bytes.len(), 0),
                    format!("and {more} more {what}{} after those shown", if more == 1 { "" } else { "s" }),
                )
                .help("a file with many of these is usually not a text file, or not the text it seems: check that this is the agreement you meant"),
            );
        }
    }
    control == 0
}

/// The Unicode name of a bidirectional control, in lower case.
fn bidi_name(c: char) -> &'static str {
    match c {
        '\u{202A}' => "left-to-right embedding",
        '\u{202B}' => "right-to-left embedding",
        '\u{202C}' => "pop directional formatting",
        '\u{202D}' => "left-to-right override",
        '\u{202E}' => "right-to-left override",
        '\u{2066}' => "left-to-right isolate",
        '\u{2067}' => "right-to-left isolate",
        '\u{2068}' => "first strong isolate",
        _ => "pop directional isolate",
    }
}

fn describe_control(byte: u8, next: Option<u8>) -> (String, &'static str) {
    match byte {
        0 => (
            "a NUL byte".to_owned(),
            "a NUL byte usually means the file is not a text file, or was saved as UTF-16: save it as UTF-8 text",
        ),
        b'\r' => (
            "a carriage return without a line feed".to_owned(),
            "save the file with ordinary line endings (LF or CRLF)",
        ),
        0x1B => (
            "the escape character U+001B".to_owned(),
            "delete it: an escape character starts a command to a terminal, and has no place in an agreement",
        ),
        0xC2 => (
            format!("the control character U+{:04X}", next.map_or(0x80, u32::from)),
            "delete it: it usually comes from text copied out of another program",
        ),
        other => (
            format!("the control character U+{:04X}", u32::from(other)),
            "delete it: it usually comes from text copied out of another program",
        ),
    }
}

/// Skips a string that starts at `start` if it closes on the same line; else
/// steps over the opening quote alone, as the grammar would.
fn skip_string(bytes: &[u8], start: usize, open: &[u8], close: &[u8], escapes: bool) -> usize {
    let mut i = start + open.len();
    let first = close.first().copied().unwrap_or(b'\n');
    let escape = if escapes { b'\\' } else { b'\n' };
    while let Some(at) = bytes
        .get(i..)
        .and_then(|rest| memchr::memchr3(b'\n', escape, first, rest))
    {
        i += at;
        let Some(&byte) = bytes.get(i) else {
            break;
        };
        if byte == b'\n' {
            break;
        }
        if escapes && byte == b'\\' {
            if bytes.get(i + 1).is_some_and(|b| *b != b'\n') {
                i += 2;
                continue;
            }
            break;
        }
        if bytes.get(i..i + close.len()) == Some(close) {
            return i + close.len();
        }
        i += 1;
    }
    start + open.len()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::FileId;

    proptest::proptest! {
        /// The scan eight bytes at a time finds exactly the byte a scan
        /// one at a time finds, from any start, for both kinds of byte.
        #[test]
        fn finding_by_words_is_finding_by_bytes(
            bytes in proptest::collection::vec(
                proptest::sample::select(vec![b'a', b' ', b'\t', b'\n', 0, 31, 32, b'"', b'/', b'{', b'}', 0x7F, 0x80, 0xC2, 0xE2, 0xFF, 0x21, 0x1F]),
                0..70,
            ),
            from in 0usize..72,
        ) {
            let naive = |wanted: fn(u8) -> bool| {
                bytes.get(from..).and_then(|rest| rest.iter().position(|b| wanted(*b))).map(|at| from + at)
            };
            proptest::prop_assert_eq!(find(&bytes, from, lanes_that_matter, matters), naive(matters));
            proptest::prop_assert_eq!(find(&bytes, from, suspect_lanes, suspect), naive(suspect));
        }
    }

    /// Texts skipped one byte at a time, as the grammar reads them.
    fn naive_skip(bytes: &[u8], start: usize, open: &[u8], close: &[u8], escapes: bool) -> usize {
        let mut i = start + open.len();
        while let Some(&byte) = bytes.get(i) {
            if byte == b'\n' {
                break;
            }
            if escapes && byte == b'\\' {
                if bytes.get(i + 1).is_some_and(|b| *b != b'\n') {
                    i += 2;
                    continue;
                }
                break;
            }
            if bytes.get(i..i + close.len()) == Some(close) {
                return i + close.len();
            }
            i += 1;
        }
        start + open.len()
    }

    proptest::proptest! {
        /// Texts are skipped exactly as a scan one byte at a time skips them.
        #[test]
        fn strings_are_skipped_as_byte_by_byte(
            parts in proptest::collection::vec(
                proptest::sample::select(vec!["a", "\"", "\\", "\n", "\u{201C}", "\u{201D}", "\u{2019}", " "]),
                0..30,
            ),
        ) {
            let text: String = parts.concat();
            let bytes = text.as_bytes();
            let curly = ("\u{201C}".as_bytes(), "\u{201D}".as_bytes());
            proptest::prop_assert_eq!(
                skip_string(bytes, 0, b"\"", b"\"", true),
                naive_skip(bytes, 0, b"\"", b"\"", true)
            );
            proptest::prop_assert_eq!(
                skip_string(bytes, 0, curly.0, curly.1, false),
                naive_skip(bytes, 0, curly.0, curly.1, false)
            );
        }
    }

    #[test]
    fn every_byte_value_is_found_in_every_lane() {
        for value in 0..=255u8 {
            for lane in 0..8 {
                let mut bytes = [b'a'; 8];
                bytes[lane] = value;
                let word = u64::from_le_bytes(bytes);
                let marked = 0x80u64 << (lane * 8);
                let expect = |yes: bool| if yes { marked } else { 0 };
                assert_eq!(
                    lanes_that_matter(word),
                    expect(matters(value)),
                    "{value} in lane {lane}"
                );
                assert_eq!(
                    suspect_lanes(word),
                    expect(suspect(value)),
                    "{value} in lane {lane}"
                );
            }
        }
    }

    fn scan(text: &str) -> (bool, Vec<Code>) {
        let file = SourceFile::new(FileId(0), "t.s75", text);
        let mut diagnostics = Diagnostics::new();
        let fit = prescan(&file, &mut diagnostics);
        (fit, diagnostics.iter().map(|d| d.code).collect())
    }

    #[test]
    fn braces_in_strings_and_comments_do_not_count() {
        assert_eq!(scan("a { \"}\" // }\n }"), (true, vec![]));
        assert_eq!(scan("a { \u{201C}}\u{201D} }"), (true, vec![]));
        assert_eq!(scan("a { \"\\\"}\" }"), (true, vec![]));
    }

    #[test]
    fn an_unterminated_string_is_not_a_string() {
        assert_eq!(scan("a { \"abc }\n"), (true, vec![]));
    }

    #[test]
    fn unbalanced_and_deep_braces() {
        assert_eq!(scan("a { "), (false, vec![Code::UnbalancedBrace]));
        assert_eq!(scan("} a"), (false, vec![Code::UnbalancedBrace]));
        let deep = "{".repeat(200_000);
        assert_eq!(scan(&deep), (false, vec![Code::TooDeep]));
    }

    #[test]
    fn control_characters_are_reported_a_few_at_a_time() {
        assert_eq!(scan("a\0b"), (false, vec![Code::ControlCharacter]));
        let (fit, codes) = scan(&"\0".repeat(100));
        assert!(!fit);
        assert_eq!(codes.len(), MAX_CONTROL_REPORTS + 1);
        assert_eq!(scan("tab\there\n"), (true, vec![]));
        assert_eq!(scan("a\u{85}b"), (false, vec![Code::ControlCharacter]));
    }

    #[test]
    fn control_characters_in_texts_and_comments_are_found() {
        let codes = |text: &str| scan(text).1;
        assert_eq!(
            codes("agreement a \"A\u{1b}[2J\" {\n}\n"),
            [Code::ControlCharacter]
        );
        assert_eq!(
            codes("agreement a \u{201C}A\u{7f}\u{201D} {\n}\n"),
            [Code::ControlCharacter]
        );
        assert_eq!(
            codes("// a comment \u{9b}31m\nagreement a \"A\" {\n}\n"),
            [Code::ControlCharacter]
        );
        assert_eq!(
            codes("\"\u{1b}]0;title\u{7}\""),
            [Code::ControlCharacter; 2]
        );
        // Ordinary text, pound signs and curly quotes are not suspect.
        assert_eq!(scan("\u{201C}£1\u{201D} \u{a0} \u{2019}"), (true, vec![]));
    }

    #[test]
    fn bidirectional_controls_are_reported_and_reading_goes_on() {
        for c in ['\u{202a}', '\u{202e}', '\u{2066}', '\u{2069}'] {
            let text = format!("partner a \"x{c}y\" // {c}\n");
            assert_eq!(scan(&text), (true, vec![Code::BidiControl; 2]), "{c:?}");
        }
        // Left-to-right and right-to-left marks are not controls of this kind.
        assert_eq!(scan("\u{200e}\u{200f}\u{2065}\u{202f}"), (true, vec![]));
        let (fit, codes) = scan(&"\u{202e}".repeat(100));
        assert!(fit);
        assert_eq!(codes.len(), MAX_CONTROL_REPORTS + 1);
    }
}
