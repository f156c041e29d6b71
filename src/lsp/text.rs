//! Positions as the protocol counts them (lines, and UTF-16 code units
//! within a line) turned into byte offsets and back; edits of a document;
//! `file://` addresses turned into paths and back.

use std::path::{Path, PathBuf};
use std::str::FromStr;

use lsp_types::{Position, Range, Uri};
use percent_encoding::{percent_decode_str, utf8_percent_encode, AsciiSet, CONTROLS};

use crate::source::floor_char_boundary;

/// Where each line of a text starts.
#[derive(Debug, Clone, Default)]
pub(crate) struct Lines {
    starts: Vec<usize>,
}

impl Lines {
    /// The lines of `text`.
    pub(crate) fn new(text: &str) -> Lines {
        let mut starts = Vec::with_capacity(text.len() / 32 + 1);
        starts.push(0);
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|at| at + 1));
        Lines { starts }
    }

    /// The position of byte `offset` of `text` (clamped to the text, and to
    /// the start of the character it falls in).
    pub(crate) fn position(&self, text: &str, offset: usize) -> Position {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let line = self
            .starts
            .partition_point(|&s| s <= offset)
            .saturating_sub(1);
        let start = self.starts.get(line).copied().unwrap_or(0);
        let character = text
            .get(start..offset)
            .map_or(0, |s| s.chars().map(char::len_utf16).sum::<usize>());
        Position {
            line: u32::try_from(line).unwrap_or(u32::MAX),
            character: u32::try_from(character).unwrap_or(u32::MAX),
        }
    }

    /// The range of bytes `start..end` of `text`.
    pub(crate) fn range(&self, text: &str, start: usize, end: usize) -> Range {
        Range {
            start: self.position(text, start),
            end: self.position(text, end.max(start)),
        }
    }

    /// The byte offset of `position` in `text`: a line past the end is the
    /// end of the text, a character past the end of its line the end of the
    /// line, one inside a character the end of that character.
    pub(crate) fn offset(&self, text: &str, position: Position) -> usize {
        let line = position.line as usize;
        let Some(&start) = self.starts.get(line) else {
            return text.len();
        };
        let end = self
            .starts
            .get(line + 1)
            .map_or(text.len(), |next| next.saturating_sub(1));
        let wanted = position.character as usize;
        let mut units = 0;
        for (at, c) in text.get(start..end).unwrap_or("").char_indices() {
            if units >= wanted {
                return start + at;
            }
            units += c.len_utf16();
        }
        end
    }
}

/// Replaces `range` of `text` (or all of it) by `new`, as a change event of
/// the protocol says.
pub(crate) fn apply_change(text: &mut String, range: Option<Range>, new: &str) {
    let Some(range) = range else {
        new.clone_into(text);
        return;
    };
    let lines = Lines::new(text);
    let start = lines.offset(text, range.start);
    let end = lines.offset(text, range.end).max(start);
    text.replace_range(start..end, new);
}

/// What is escaped in the path of a `file://` address.
const PATH: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'[')
    .add(b']')
    .add(b'^')
    .add(b'`')
    .add(b'{')
    .add(b'|')
    .add(b'}');

/// The path a `file://` address names, if it names one.
pub(crate) fn uri_to_path(uri: &Uri) -> Option<PathBuf> {
    let text = uri.as_str();
    let rest = text.strip_prefix("file://")?;
    // `file:///home/...`, or with a host: `file://localhost/home/...`.
    let path = rest.strip_prefix("localhost").unwrap_or(rest);
    if !path.starts_with('/') {
        return None;
    }
    let decoded = percent_decode_str(path).decode_utf8().ok()?;
    Some(PathBuf::from(decoded.as_ref()))
}

/// The `file://` address of an absolute path.
pub(crate) fn path_to_uri(path: &Path) -> Option<Uri> {
    let text = path.to_str()?;
    let encoded = utf8_percent_encode(text, PATH).to_string();
    Uri::from_str(&format!("file://{encoded}")).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_utf16_units() {
        let text = "total £1m\n  name “Café” x\n";
        let lines = Lines::new(text);
        let x = text.find('x').unwrap_or(0);
        let at = lines.position(text, x);
        assert_eq!((at.line, at.character), (1, 14));
        assert_eq!(lines.offset(text, at), x);
        // Past the end of a line, and of the text.
        assert_eq!(lines.offset(text, Position::new(0, 99)), 10);
        assert_eq!(lines.offset(text, Position::new(9, 0)), text.len());
        // Inside a character: its end.
        let pound = text.find('£').unwrap_or(0);
        assert_eq!(lines.offset(text, Position::new(0, 7)), pound + 2);
    }

    #[test]
    fn edits_apply_by_position() {
        let mut text = "a £1\nb\n".to_owned();
        apply_change(
            &mut text,
            Some(Range::new(Position::new(0, 3), Position::new(1, 0))),
            "2\nc",
        );
        assert_eq!(text, "a £2\ncb\n");
    }

    #[test]
    fn paths_and_addresses_round_trip() {
        let path = Path::new("/tmp/a folder/£ and #.s75");
        let uri = path_to_uri(path);
        assert_eq!(
            uri.as_ref().map(|u| u.as_str()),
            Some("file:///tmp/a%20folder/%C2%A3%20and%20%23.s75")
        );
        assert_eq!(uri.and_then(|u| uri_to_path(&u)).as_deref(), Some(path));
    }
}
