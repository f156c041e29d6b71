//! Source files and positions.
//!
//! A [`SourceFile`] holds the text of one agreement file exactly as the parser
//! sees it: a UTF-8 byte-order mark is removed and CRLF line endings become LF
//! when the file is decoded, so a file saved by Word or Notepad means exactly
//! what it means without them, and every position reported for it is the same.
//! Positions are byte offsets into that text ([`Span`]); line and column
//! numbers are worked out only when a diagnostic is shown.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use serde::Serialize;

/// Which loaded file a span belongs to: an index into the list of files that
/// one run loaded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize)]
pub struct FileId(pub u32);

/// A range of bytes in one file's text, `start..end`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Span {
    /// The file the range is in.
    pub file: FileId,
    /// The first byte.
    pub start: u32,
    /// One past the last byte.
    pub end: u32,
}

impl Span {
    /// A span from byte offsets; offsets beyond `u32::MAX` are clamped (the
    /// loader refuses files that large, so this never happens in practice).
    pub fn new(file: FileId, start: usize, end: usize) -> Span {
        let clamp = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        Span {
            file,
            start: clamp(start),
            end: clamp(end.max(start)),
        }
    }

    /// The smallest span covering both.
    pub fn to(self, other: Span) -> Span {
        Span {
            file: self.file,
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }

    /// The byte range, for slicing text.
    pub fn range(self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }

    /// The length in bytes.
    pub fn len(self) -> usize {
        self.end.saturating_sub(self.start) as usize
    }

    /// Whether the span covers no bytes.
    pub fn is_empty(self) -> bool {
        self.start == self.end
    }
}

/// A line and column, both counted from 1; the column counts characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct LineCol {
    /// The line, from 1.
    pub line: usize,
    /// The column in characters, from 1.
    pub column: usize,
}

/// One file's path and decoded text.
#[derive(Debug)]
pub struct SourceFile {
    /// Its identity in this run.
    pub id: FileId,
    /// The path as given (or found under a folder given) on the command line.
    pub path: PathBuf,
    /// The text, without a byte-order mark and with LF line endings. Shared:
    /// names and words read from it are views of it ([`arcstr::Substr`]),
    /// not copies.
    pub text: arcstr::ArcStr,
    line_starts: OnceLock<Vec<usize>>,
    /// What normalising took out, to give offsets in the file as it is on
    /// disk ([`SourceFile::original_offset`]).
    removed: Removed,
    /// What comes before the text in the file, when the text is only some
    /// of its lines ([`SourceFile::window`]); nothing for a whole file.
    before: Before,
    /// Whether the text is only some of the file's lines.
    window: bool,
}

/// What comes before a window of a file's lines, counted in the file's
/// text as a whole file's would be (LF line endings).
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Before {
    /// Lines.
    pub lines: usize,
    /// Bytes of the text.
    pub bytes: usize,
    /// Carriage returns removed before line feeds.
    pub crs: usize,
}

/// What was removed from a file's bytes to give its text: a byte-order mark
/// at the start, and the CR of each CRLF.
#[derive(Debug, Default)]
struct Removed {
    /// The bytes of the byte-order marks removed from the start (3 for
    /// one; a file decoded from bytes starting with two loses both).
    bom: usize,
    /// The offset in the text of each LF that had a CR before it, in order.
    crs: Vec<usize>,
}

impl SourceFile {
    /// A source file from text already in memory. The text is normalised as
    /// [`decode`] would (byte-order mark removed, CRLF made LF).
    pub fn new(id: FileId, path: impl Into<PathBuf>, text: &str) -> SourceFile {
        let (text, removed) = normalise(text);
        SourceFile {
            id,
            path: path.into(),
            text,
            line_starts: OnceLock::new(),
            removed,
            before: Before::default(),
            window: false,
        }
    }

    /// Some consecutive lines of a file, after what `before` says: lines
    /// and columns, offsets in the whole text ([`SourceFile::file_offset`])
    /// and on disk are those of the whole file, so a diagnostic reads the
    /// same as with the whole file loaded. `text` is the lines with LF
    /// between them (no line feed after the last), `crs` the offset in it
    /// of each line end whose CR was taken out (as [`SourceFile::new`]
    /// takes them out).
    ///
    /// `bom` is the length of a byte-order mark taken out of the text's
    /// start (as [`SourceFile::new`] takes one out): counted in every
    /// window's offsets on disk, as in the whole file's.
    pub fn window(
        id: FileId,
        path: impl Into<PathBuf>,
        (text, crs): (String, Vec<usize>),
        (before, bom): (Before, usize),
    ) -> SourceFile {
        SourceFile {
            id,
            path: path.into(),
            text: arcstr::ArcStr::from(text),
            line_starts: OnceLock::new(),
            removed: Removed { bom, crs },
            before,
            window: true,
        }
    }

    /// The offset in the whole file's text of byte `offset` of this text.
    pub fn file_offset(&self, offset: usize) -> usize {
        offset + self.before.bytes
    }

    /// The offset in the file as it is on disk of byte `offset` of the text:
    /// the byte-order mark and the CR before each LF counted back in. (For a
    /// file that is not UTF-8, whose bad bytes were replaced, offsets after
    /// the first bad byte are those of the text as read.)
    pub fn original_offset(&self, offset: usize) -> usize {
        // Each CR removed before an LF at an offset below this one.
        let crs = self.removed.crs.partition_point(|&lf| lf < offset);
        offset + self.removed.bom + crs + self.before.bytes + self.before.crs
    }

    /// The path as text, with `/` between folders on every platform.
    pub fn display_path(&self) -> String {
        display_path(&self.path)
    }

    /// A whole-file span of length zero at its start.
    pub fn start_span(&self) -> Span {
        Span::new(self.id, 0, 0)
    }

    fn line_starts(&self) -> &[usize] {
        self.line_starts.get_or_init(|| {
            let mut starts = vec![0];
            starts.extend(memchr_newlines(self.text.as_bytes()));
            starts
        })
    }

    /// The line number (from 0) holding byte `offset`.
    pub fn line_index(&self, offset: usize) -> usize {
        let starts = self.line_starts();
        match starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        }
    }

    /// The byte range of line `index` (from 0), without its newline.
    pub fn line_range(&self, index: usize) -> std::ops::Range<usize> {
        let starts = self.line_starts();
        let start = starts.get(index).copied().unwrap_or(self.text.len());
        let end = starts
            .get(index + 1)
            .map(|next| next.saturating_sub(1))
            .unwrap_or(self.text.len());
        start..end.max(start)
    }

    /// How many lines the text has.
    pub fn line_count(&self) -> usize {
        self.line_starts().len()
    }

    /// How many lines of the file come before the text: 0 but for a
    /// [`SourceFile::window`]. [`SourceFile::line_index`] and
    /// [`SourceFile::line_range`] count from the text's first line,
    /// [`SourceFile::line_col`] from the file's.
    pub fn lines_before(&self) -> usize {
        self.before.lines
    }

    /// The line and column of byte `offset` (clamped to the text).
    pub fn line_col(&self, offset: usize) -> LineCol {
        let offset = floor_char_boundary(&self.text, offset.min(self.text.len()));
        let line = self.line_index(offset);
        let start = self.line_range(line).start;
        let column = self
            .text
            .get(start..offset)
            .map_or(0, |before| before.chars().count());
        LineCol {
            line: line + self.before.lines + 1,
            column: column + 1,
        }
    }

    /// The text a span covers (empty if the span does not fit the text).
    pub fn slice(&self, span: Span) -> &str {
        self.text.get(span.range()).unwrap_or("")
    }
}

/// Runs of lines (first and last, inclusive), sorted, with runs that
/// overlap or touch joined into one.
pub fn joined_runs(mut runs: Vec<(usize, usize)>) -> Vec<(usize, usize)> {
    runs.sort_unstable();
    let mut joined: Vec<(usize, usize)> = Vec::with_capacity(runs.len());
    for (first, last) in runs {
        match joined.last_mut() {
            Some(previous) if first <= previous.1 + 1 => previous.1 = previous.1.max(last),
            _ => joined.push((first, last)),
        }
    }
    joined
}

/// `files` file by file: the windows of one file, one after another, are
/// one group; any other file a group of its own.
pub fn file_groups(files: &[SourceFile]) -> Vec<&[SourceFile]> {
    let mut groups = Vec::new();
    let mut rest = files;
    while let Some(first) = rest.first() {
        let length = if first.window {
            1 + rest
                .iter()
                .skip(1)
                .take_while(|file| file.window && file.path == first.path)
                .count()
        } else {
            1
        };
        let (group, after) = rest.split_at(length.min(rest.len()));
        groups.push(group);
        rest = after;
    }
    groups
}

/// How many files `files` are (see [`file_groups`]).
pub fn files_counted(files: &[SourceFile]) -> usize {
    file_groups(files).len()
}

/// `path` as text with `/` separators, for stable output on every platform.
pub fn display_path(path: &Path) -> String {
    let text = path.to_string_lossy();
    if std::path::MAIN_SEPARATOR == '/' {
        text.into_owned()
    } else {
        text.replace(std::path::MAIN_SEPARATOR, "/")
    }
}

fn memchr_newlines(bytes: &[u8]) -> impl Iterator<Item = usize> + '_ {
    bytes
        .iter()
        .enumerate()
        .filter(|(_, b)| **b == b'\n')
        .map(|(i, _)| i + 1)
}

/// The largest char boundary at or below `offset`.
pub fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while offset > 0 && !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// The smallest char boundary at or above `offset` (at most the text length).
pub fn ceil_char_boundary(text: &str, mut offset: usize) -> usize {
    let len = text.len();
    if offset >= len {
        return len;
    }
    while !text.is_char_boundary(offset) {
        offset += 1;
    }
    offset
}

/// Removes a leading byte-order mark and turns CRLF into LF, saying what
/// was removed.
fn normalise(text: &str) -> (arcstr::ArcStr, Removed) {
    let (text, bom) = match text.strip_prefix('\u{feff}') {
        Some(rest) => (rest, '\u{feff}'.len_utf8()),
        None => (text, 0),
    };
    let (out, crs) = without_crs(text);
    (out, Removed { bom, crs })
}

/// `text` with each CRLF made LF, and the offset of each LF that had a CR
/// before it. Written straight into the shared text: a file is copied once.
fn without_crs(text: &str) -> (arcstr::ArcStr, Vec<usize>) {
    let mut crs = Vec::new();
    let pairs = memchr::memmem::find_iter(text.as_bytes(), b"\r\n").count();
    if pairs == 0 {
        return (arcstr::ArcStr::from(text), crs);
    }
    crs.reserve_exact(pairs);
    let written = arcstr::ArcStr::init_with(text.len() - pairs, |out| {
        let mut at = 0;
        for line in text.split_inclusive("\r\n") {
            let kept = line.strip_suffix("\r\n").unwrap_or(line);
            let crlf = kept.len() < line.len();
            if let Some(slot) = out.get_mut(at..at + kept.len()) {
                slot.copy_from_slice(kept.as_bytes());
            }
            at += kept.len();
            if crlf {
                crs.push(at);
                if let Some(slot) = out.get_mut(at) {
                    *slot = b'\n';
                }
                at += 1;
            }
        }
    });
    // Only whole characters were copied, and only CRs taken out: the result
    // is UTF-8 as the text was.
    (written.unwrap_or_default(), crs)
}

/// Why a file's bytes are not a readable agreement text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecodeProblem {
    /// The bytes are not UTF-8; `offset` is the first bad byte.
    NotUtf8 {
        /// Byte offset of the first invalid byte.
        offset: usize,
    },
}

/// Decodes a file's bytes into a [`SourceFile`].
///
/// Invalid UTF-8 still yields a file (with the bad bytes replaced, so the
/// problem can be shown in context) together with the problem found.
pub fn decode(id: FileId, path: &Path, bytes: &[u8]) -> (SourceFile, Option<DecodeProblem>) {
    let (bytes, bom) = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) => (rest, 3),
        None => (bytes, 0),
    };
    let (mut file, problem) = decode_text(id, path, bytes);
    file.removed.bom += bom;
    (file, problem)
}

fn decode_text(id: FileId, path: &Path, bytes: &[u8]) -> (SourceFile, Option<DecodeProblem>) {
    match std::str::from_utf8(bytes) {
        Ok(text) => (SourceFile::new(id, path, text), None),
        Err(error) => {
            let valid = error.valid_up_to();
            let prefix = bytes.get(..valid).unwrap_or(&[]);
            // The offset must be measured in the normalised text.
            let crlf_before = prefix.windows(2).filter(|w| w == b"\r\n").count();
            let lossy = String::from_utf8_lossy(bytes);
            (
                SourceFile::new(id, path, &lossy),
                Some(DecodeProblem::NotUtf8 {
                    offset: valid - crlf_before,
                }),
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bom_and_crlf_are_normalised() {
        let (file, problem) = decode(FileId(0), Path::new("a.s75"), b"\xEF\xBB\xBFa\r\nb\r\n");
        assert_eq!(problem, None);
        assert_eq!(file.text, "a\nb\n");
    }

    proptest::proptest! {
        #[test]
        fn crlf_is_made_lf_and_each_place_recorded(
            text in "[ab£\r\n]{0,40}",
        ) {
            let (out, crs) = without_crs(&text);
            proptest::prop_assert_eq!(out.as_str(), text.replace("\r\n", "\n"));
            // Each recorded place is a line feed that had a CR before it.
            let mut expected = Vec::new();
            let mut written = 0;
            for piece in text.split_inclusive("\r\n") {
                let crlf = piece.ends_with("\r\n");
                written += piece.len() - usize::from(crlf) * 2;
                if crlf {
                    expected.push(written);
                    written += 1;
                }
            }
            proptest::prop_assert_eq!(crs, expected);
        }
    }

    #[test]
    fn line_and_column_count_characters() {
        let file = SourceFile::new(FileId(0), "a.s75", "ab\n£12\nx");
        assert_eq!(file.line_col(0), LineCol { line: 1, column: 1 });
        assert_eq!(file.line_col(3), LineCol { line: 2, column: 1 });
        // `1` comes after the two-byte pound sign: column 2.
        assert_eq!(file.line_col(5), LineCol { line: 2, column: 2 });
        assert_eq!(file.line_col(8), LineCol { line: 3, column: 1 });
        assert_eq!(file.line_count(), 3);
        assert_eq!(file.line_range(1), 3..7);
    }

    #[test]
    fn offsets_in_the_file_on_disk_count_the_bom_and_crs() {
        let bytes = b"\xEF\xBB\xBFab\r\ncd\r\n\r\ne";
        let (file, _) = decode(FileId(0), Path::new("a.s75"), bytes);
        assert_eq!(file.text, "ab\ncd\n\ne");
        // Every character of the text is at the same character on disk (a
        // line break at its CR).
        for (offset, c) in file.text.char_indices() {
            let original = file.original_offset(offset);
            let on_disk = if c == '\n' { b'\r' } else { c as u8 };
            assert_eq!(bytes.get(original).copied(), Some(on_disk), "{offset}");
        }
        // The end of the text is the end of the file.
        assert_eq!(file.original_offset(file.text.len()), bytes.len());
        // A span ending at a line's end ends before its CR.
        assert_eq!(file.original_offset(2), 5);
        let plain = SourceFile::new(FileId(0), "b.s75", "ab\ncd");
        assert_eq!(plain.original_offset(4), 4);
    }

    #[test]
    fn invalid_utf8_is_located() {
        let (_, problem) = decode(FileId(0), Path::new("a.s75"), b"ab\r\ncd\xFFe");
        assert_eq!(problem, Some(DecodeProblem::NotUtf8 { offset: 5 }));
    }
}
