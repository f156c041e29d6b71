//! Text written into other formats (a terminal, HTML, SVG, XML, Markdown,
//! DOT, Mermaid, GitHub workflow commands, JSON): the one place each
//! escaping rule is written.
//!
//! Any text from a file (a name, a title, a clause, a path) may hold any
//! character. Some must never be written raw:
//!
//! - control characters other than tab and line feed: an escape sequence
//!   drives a terminal (clears it, sets its title, hides text), and XML 1.0
//!   forbids most C0 controls even as character references;
//! - the bidirectional embedding, override and isolate controls (U+202A to
//!   U+202E, U+2066 to U+2069, as flagged by rustc's
//!   `text_direction_codepoint_in_literal`): they make text display in an
//!   order other than the one it is stored in ("Trojan Source");
//! - noncharacters (U+FFFE, U+FFFF and their kin): not allowed in XML or HTML.
//!
//! Each is written as a visible escape, `\u{1b}`, so the reader sees that it
//! is there and which it is. [`visible`] does only that; the functions for
//! each format do it and then escape what the format itself needs.

use std::borrow::Cow;
use std::fmt::Write as _;

/// Whether `c` is a bidirectional embedding, override or isolate control.
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Whether `c` is a Unicode noncharacter (U+FDD0 to U+FDEF, and the last two
/// code points of every plane).
fn is_noncharacter(c: char) -> bool {
    let n = u32::from(c);
    (0xFDD0..=0xFDEF).contains(&n) || n & 0xFFFE == 0xFFFE
}

/// Whether `c` must never be written raw: a control character other than tab
/// and line feed, a bidirectional control, or a noncharacter.
pub fn is_hidden(c: char) -> bool {
    (c.is_control() && c != '\t' && c != '\n') || is_bidi_control(c) || is_noncharacter(c)
}

/// Writes `c` as a visible escape: `\u{1b}`.
fn push_escape(out: &mut String, c: char) {
    let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
}

/// `text` with every hidden character ([`is_hidden`]) written as a visible
/// escape (`\u{1b}`); tabs and line feeds are kept.
pub fn visible(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_hidden) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_hidden(c) {
            push_escape(&mut out, c);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Like [`visible`], and a line feed is escaped too: for what must stay on
/// one line (a path, a label).
pub fn visible_line(text: &str) -> Cow<'_, str> {
    if !text.chars().any(|c| c == '\n' || is_hidden(c)) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if c == '\n' || is_hidden(c) {
            push_escape(&mut out, c);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Escapes text for XML and HTML, in element content and in quoted
/// attributes alike; hidden characters are written visibly, so the result
/// is well-formed XML 1.0 whatever the input.
pub fn escape_xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if is_hidden(c) => push_escape(&mut out, c),
            c => out.push(c),
        }
    }
    out
}

/// Escapes text for Markdown, in a paragraph, list item, heading or table
/// cell: every character that could start markup (emphasis, links, code, raw
/// HTML, entities, table cells) is escaped with a backslash, line breaks
/// become spaces, and hidden characters are written visibly, so the text
/// reads exactly as written.
pub fn escape_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '&' | '~' | '#' | '!' | '$' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            // The escape's backslash is itself escaped, so it is shown.
            c if is_hidden(c) => {
                out.push('\\');
                push_escape(&mut out, c);
            }
            _ => out.push(c),
        }
    }
    out
}

/// Escapes text for a quoted string in Graphviz DOT: backslashes and quotes
/// escaped, line breaks as spaces, hidden characters written visibly.
pub fn escape_dot(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' | '\r' => out.push(' '),
            c if is_hidden(c) => {
                out.push('\\');
                push_escape(&mut out, c);
            }
            c => out.push(c),
        }
    }
    out
}

/// Escapes text for a quoted label in a Mermaid flowchart, which reads
/// `#quot;`-style entities; `<` and `>` would otherwise be taken as markup.
/// Line breaks become spaces; hidden characters are written visibly.
pub fn escape_mermaid(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '"' => out.push_str("#quot;"),
            '<' => out.push_str("#lt;"),
            '>' => out.push_str("#gt;"),
            '&' => out.push_str("#amp;"),
            '#' => out.push_str("#35;"),
            '\n' | '\r' => out.push(' '),
            c if is_hidden(c) => push_escape(&mut out, c),
            c => out.push(c),
        }
    }
    out
}

/// Escapes the message of a GitHub Actions workflow command (`%`, CR and LF
/// as `%25`, `%0D`, `%0A`); hidden characters are written visibly.
pub fn escape_workflow_data(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '%' => out.push_str("%25"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            c if is_hidden(c) => push_escape(&mut out, c),
            c => out.push(c),
        }
    }
    out
}

/// Escapes a property of a GitHub Actions workflow command: as
/// [`escape_workflow_data`], and `:` and `,` as `%3A` and `%2C`.
pub fn escape_workflow_property(text: &str) -> String {
    escape_workflow_data(text)
        .replace(':', "%3A")
        .replace(',', "%2C")
}

/// Escapes a path for the path of a URI (SARIF's `artifactLocation.uri`):
/// every byte but the unreserved characters of RFC 3986 (letters, digits,
/// `-._~`), `/` and `:` is percent-encoded (UTF-8 bytes one by one), so a
/// space, `%`, `#`, `?`, a control character or any other character in a
/// name makes no other URI and is read back exactly.
pub fn escape_uri_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for byte in path.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' | b':' => {
                out.push(char::from(byte));
            }
            _ => {
                let _ = write!(out, "%{byte:02X}");
            }
        }
    }
    out
}

/// Makes JSON written by `serde_json` safe to show: serde already escapes
/// the C0 controls, quotes and backslashes inside strings; this escapes the
/// other hidden characters (DEL, the C1 controls, bidirectional controls,
/// noncharacters) as `\uXXXX` too. A JSON reader gets back exactly the same
/// strings. Outside strings, JSON is ASCII, so every such character found is
/// inside a string.
pub fn json_visible(json: String) -> String {
    if !json.chars().any(is_hidden) {
        return json;
    }
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        if is_hidden(c) {
            let mut units = [0u16; 2];
            for unit in c.encode_utf16(&mut units) {
                let _ = write!(out, "\\u{unit:04x}");
            }
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_is_escaped() {
        assert_eq!(
            escape_xml("<script>alert(\"a&b\")</script> it's"),
            "&lt;script&gt;alert(&quot;a&amp;b&quot;)&lt;/script&gt; it&#39;s"
        );
        assert_eq!(
            escape_markdown("<script>a|b*c_d</script>"),
            "\\<script\\>a\\|b\\*c\\_d\\</script\\>"
        );
    }

    #[test]
    fn hidden_characters_are_shown() {
        let hostile = "a\u{1b}[2J\u{0}\r\u{7f}\u{85}\u{202e}\u{2066}\u{fffe}\u{1ffff}\tb\nc";
        assert_eq!(
            visible(hostile),
            "a\\u{1b}[2J\\u{0}\\u{d}\\u{7f}\\u{85}\\u{202e}\\u{2066}\\u{fffe}\\u{1ffff}\tb\nc"
        );
        assert_eq!(visible_line("a\nb"), "a\\u{a}b");
        assert!(matches!(visible("plain £ “text”"), Cow::Borrowed(_)));
        assert_eq!(escape_xml("]]>\u{1b}"), "]]&gt;\\u{1b}");
        assert_eq!(escape_markdown("\u{1b}"), "\\\\u{1b}");
        assert_eq!(escape_dot("a\"\\\u{1b}"), "a\\\"\\\\\\\\u{1b}");
        assert_eq!(escape_mermaid("#\u{1b}"), "#35;\\u{1b}");
        assert_eq!(
            escape_workflow_property("a:b,c%\n\r\u{1b}"),
            "a%3Ab%2Cc%25%0A%0D\\u{1b}"
        );
        assert_eq!(
            json_visible("[\"\u{85}\u{202e}\u{1ffff}\"]".to_owned()),
            "[\"\\u0085\\u202e\\ud83f\\udfff\"]"
        );
    }

    #[test]
    fn uri_paths_are_percent_encoded() {
        assert_eq!(
            escape_uri_path("a b/c%d#e?f/£.s75"),
            "a%20b/c%25d%23e%3Ff/%C2%A3.s75"
        );
        assert_eq!(escape_uri_path("C:/x/y-z_1.s75"), "C:/x/y-z_1.s75");
    }

    #[test]
    fn nothing_hidden_survives_any_escape() {
        let plane_ends =
            (1..=16u32).flat_map(|p| [p << 16 | 0xFFFD, p << 16 | 0xFFFE, p << 16 | 0xFFFF]);
        for n in (0..=0x3000u32).chain(0xFDC0..=0xFFFF).chain(plane_ends) {
            let Some(c) = char::from_u32(n) else { continue };
            let text = c.to_string();
            for out in [
                visible(&text).into_owned(),
                escape_xml(&text),
                escape_markdown(&text),
                escape_dot(&text),
                escape_mermaid(&text),
                escape_workflow_data(&text),
                escape_uri_path(&text),
                json_visible(text.clone()),
            ] {
                assert!(!out.chars().any(|c| is_hidden(c) || c == '\r'), "{n:x}");
            }
        }
    }
}
