//! The part of a file shown under a diagnostic, made for miette.
//!
//! miette reads source text through [`SourceCode`] and lays out every line it
//! shows in full. Given a file's own text, a label 65,536 columns into a line
//! overflows its layout (a panic), a 20 MB line is printed whole, and a
//! control character in the line reaches the terminal. So miette is given an
//! [`Excerpt`] instead: only the lines it shows (each label's lines with
//! [`CONTEXT_LINES`] either side, runs of them that touch joined), each long
//! line cut to a window around every label start and end in it (`…` where
//! text is left out), every hidden character written visibly
//! ([`crate::text::visible`]), and the labels' spans remapped into it. Line
//! numbers and the column of each label stay those of the file.

use std::collections::BTreeMap;

use miette::{MietteError, MietteSpanContents, SourceCode, SourceSpan, SpanContents};

use crate::source::{ceil_char_boundary, floor_char_boundary, joined_runs, SourceFile, Span};
use crate::text::{is_hidden, visible_line};

/// Lines shown before and after each label's lines.
pub const CONTEXT_LINES: usize = 1;
/// The longest line (in bytes) shown whole; a longer line is shown as
/// windows around its labels.
const LONGEST_LINE: usize = 240;
/// How much of a long line (in bytes) is shown before and after each label's
/// start and end.
const WINDOW: usize = 60;
/// Windows closer than this (in bytes) are joined rather than cut.
const JOIN: usize = 8;
/// A shown line grows no longer than this (in bytes) however many labels it
/// has; the rest is left out.
const LONGEST_SHOWN: usize = 4_000;
/// What marks text left out.
const ELLIPSIS: char = '…';

/// A run of consecutive lines of the file, as written in the excerpt.
#[derive(Debug)]
struct Segment {
    /// Where it starts in the excerpt.
    start: usize,
    /// Where its last line ends in the excerpt (before the line feed).
    end: usize,
    /// Its first line in the file, from 0.
    first_line: usize,
    /// How many lines it has.
    lines: usize,
}

/// A label's span in the excerpt, and where it starts in the file.
#[derive(Debug)]
struct Placed {
    span: SourceSpan,
    /// Line in the file, from 0.
    line: usize,
    /// Column in the file in characters, from 0.
    column: usize,
}

/// The lines of one file shown for one diagnostic; see the module docs.
#[derive(Debug)]
pub(super) struct Excerpt {
    name: String,
    text: String,
    segments: Vec<Segment>,
    labels: Vec<Placed>,
}

impl Excerpt {
    /// The excerpt of `file` showing `spans` (spans of other files are
    /// ignored by the caller).
    pub(super) fn new(file: &SourceFile, spans: &[Span]) -> Excerpt {
        let text = file.text.as_str();
        let last_line = file.line_count().saturating_sub(1);
        let clamp = |offset: u32| (offset as usize).min(text.len());
        // Each span's start and end, on character boundaries.
        let bounds: Vec<(usize, usize)> = spans
            .iter()
            .map(|span| {
                let start = floor_char_boundary(text, clamp(span.start));
                let end = ceil_char_boundary(text, clamp(span.end)).max(start);
                (start, end)
            })
            .collect();
        // The lines each span needs, joined where they touch.
        let groups: Vec<(usize, usize)> = bounds
            .iter()
            .map(|&(start, end)| {
                let first = file.line_index(start);
                let last = if end > start {
                    file.line_index(end - 1)
                } else {
                    first
                };
                (
                    first.saturating_sub(CONTEXT_LINES),
                    (last + CONTEXT_LINES).min(last_line),
                )
            })
            .collect();
        let joined = joined_runs(groups);
        let mut points: Vec<usize> = bounds.iter().flat_map(|&(s, e)| [s, e]).collect();
        points.sort_unstable();
        points.dedup();

        let mut writer = Writer {
            out: String::new(),
            points: &points,
            next: 0,
            placed: BTreeMap::new(),
        };
        let mut segments = Vec::with_capacity(joined.len());
        for (first, last) in joined {
            if !writer.out.is_empty() {
                writer.out.push('\n');
            }
            let start = writer.out.len();
            for line in first..=last {
                if line > first {
                    writer.out.push('\n');
                }
                let range = file.line_range(line);
                let windows = windows(text, range.clone(), &points);
                writer.line(text, range, &windows);
            }
            segments.push(Segment {
                start,
                end: writer.out.len(),
                first_line: first + file.lines_before(),
                lines: last - first + 1,
            });
        }
        let labels = bounds
            .iter()
            .map(|&(start, end)| {
                let from = writer.placed.get(&start).copied().unwrap_or(0);
                let to = writer.placed.get(&end).copied().unwrap_or(from).max(from);
                let at = file.line_col(start);
                Placed {
                    span: SourceSpan::new(from.into(), to - from),
                    line: at.line.saturating_sub(1),
                    column: at.column.saturating_sub(1),
                }
            })
            .collect();
        Excerpt {
            name: visible_line(&file.display_path()).into_owned(),
            text: writer.out,
            segments,
            labels,
        }
    }

    /// Where the `index`th span given to [`Excerpt::new`] is in the excerpt.
    pub(super) fn span(&self, index: usize) -> Option<SourceSpan> {
        self.labels.get(index).map(|placed| placed.span)
    }

    /// The excerpt's text (for tests).
    #[cfg(test)]
    fn text(&self) -> &str {
        &self.text
    }
}

/// The parts of the line `range` to show: the whole of a short line; around
/// each point of a long one (or its start, if it has none).
fn windows(text: &str, range: std::ops::Range<usize>, points: &[usize]) -> Vec<(usize, usize)> {
    if range.len() <= LONGEST_LINE {
        return vec![(range.start, range.end)];
    }
    let first = points.partition_point(|p| *p < range.start);
    let on_line = points
        .get(first..)
        .unwrap_or(&[])
        .iter()
        .take_while(|p| **p <= range.end);
    let mut windows: Vec<(usize, usize)> = Vec::new();
    for &point in on_line {
        let from = floor_char_boundary(text, point.saturating_sub(WINDOW).max(range.start));
        let to = ceil_char_boundary(text, (point + WINDOW).min(range.end));
        match windows.last_mut() {
            Some(previous) if from <= previous.1 + JOIN => previous.1 = previous.1.max(to),
            _ => windows.push((from, to)),
        }
    }
    if windows.is_empty() {
        let to = ceil_char_boundary(text, range.start + 2 * WINDOW);
        windows.push((range.start, to.min(range.end)));
    }
    windows
}

/// Writes lines into the excerpt, noting where each point lands.
struct Writer<'a> {
    out: String,
    /// The file offsets to place, in order.
    points: &'a [usize],
    /// The first point not yet placed.
    next: usize,
    /// Where each point landed in the excerpt.
    placed: BTreeMap<usize, usize>,
}

impl Writer<'_> {
    /// Places every point up to file offset `offset` here.
    fn place_up_to(&mut self, offset: usize) {
        while let Some(&point) = self.points.get(self.next) {
            if point > offset {
                break;
            }
            self.placed.insert(point, self.out.len());
            self.next += 1;
        }
    }

    /// Writes the `windows` of the line `range`, `…` between them.
    fn line(&mut self, text: &str, range: std::ops::Range<usize>, windows: &[(usize, usize)]) {
        let line_start = self.out.len();
        let mut at = range.start;
        for &(from, to) in windows {
            if self.out.len() - line_start > LONGEST_SHOWN {
                break;
            }
            if from > at {
                self.place_up_to(at);
                self.out.push(ELLIPSIS);
            }
            for (i, c) in text.get(from..to).unwrap_or("").char_indices() {
                self.place_up_to(from + i);
                if is_hidden(c) {
                    self.out.push_str(&visible_line(c.encode_utf8(&mut [0; 4])));
                } else {
                    self.out.push(c);
                }
            }
            at = to;
        }
        self.place_up_to(at);
        if at < range.end {
            self.out.push(ELLIPSIS);
            self.place_up_to(range.end);
        }
    }
}

impl SourceCode for Excerpt {
    fn read_span<'b>(
        &'b self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'b> + 'b>, MietteError> {
        let start = span.offset();
        let end = start + span.len();
        // The segment the span is in; a span across two is not shown whole.
        let segment = self
            .segments
            .iter()
            .find(|s| s.start <= start && end <= (s.end + 1).min(self.text.len()).max(s.end))
            .ok_or(MietteError::OutOfBounds)?;
        let (from, to, line, column, count) =
            if context_lines_before == 0 && context_lines_after == 0 {
                // miette asks this for the `file:line:column` heading.
                let line_start = self
                    .text
                    .get(..start)
                    .and_then(|before| before.rfind('\n'))
                    .map_or(0, |i| i + 1)
                    .max(segment.start);
                let line_end = self
                    .text
                    .get(end..)
                    .and_then(|after| after.find('\n'))
                    .map_or(self.text.len(), |i| end + i);
                let (line, column) =
                    match self.labels.iter().find(|placed| {
                        placed.span.offset() == start && placed.span.len() == span.len()
                    }) {
                        Some(placed) => (placed.line, placed.column),
                        None => {
                            let above = self
                                .text
                                .get(segment.start..line_start)
                                .map_or(0, |t| t.matches('\n').count());
                            (segment.first_line + above, 0)
                        }
                    };
                (line_start, line_end.max(end), line, column, 1)
            } else {
                (
                    segment.start,
                    segment.end.max(end),
                    segment.first_line,
                    0,
                    segment.lines,
                )
            };
        let data = self.text.get(from..to).ok_or(MietteError::OutOfBounds)?;
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            data.as_bytes(),
            SourceSpan::new(from.into(), to - from),
            line,
            column,
            count,
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::FileId;

    fn excerpt(text: &str, spans: &[(usize, usize)]) -> (Excerpt, Vec<String>) {
        let file = SourceFile::new(FileId(0), "t.s75", text);
        let spans: Vec<Span> = spans
            .iter()
            .map(|&(s, e)| Span::new(FileId(0), s, e))
            .collect();
        let excerpt = Excerpt::new(&file, &spans);
        let shown = (0..spans.len())
            .map(|i| {
                let span = excerpt.span(i).unwrap_or(SourceSpan::new(0.into(), 0));
                excerpt
                    .text()
                    .get(span.offset()..span.offset() + span.len())
                    .unwrap_or("?")
                    .to_owned()
            })
            .collect();
        (excerpt, shown)
    }

    #[test]
    fn short_lines_are_shown_whole_with_their_neighbours() {
        let (e, shown) = excerpt("a\nbb\ncc\nd\ne\nf\ng\n", &[(3, 4), (12, 13)]);
        assert_eq!(e.text(), "a\nbb\ncc\ne\nf\ng");
        assert_eq!(shown, ["b", "f"]);
        assert_eq!(e.segments.len(), 2);
        let (e, _) = excerpt("1\n2\n3\n4\n5\n6\n7\n8\n", &[(0, 1), (14, 15)]);
        assert_eq!(e.text(), "1\n2\n7\n8\n");
        assert_eq!(e.segments.len(), 2);
    }

    #[test]
    fn hidden_characters_are_shown_and_spans_follow() {
        let (e, shown) = excerpt("x \u{1b}[2J \"n\"\n", &[(2, 3), (7, 10)]);
        assert_eq!(e.text(), "x \\u{1b}[2J \"n\"\n");
        assert_eq!(shown, ["\\u{1b}", "\"n\""]);
    }

    #[test]
    fn long_lines_are_cut_around_every_label() {
        let text = format!(
            "a\n{}X{}Y{}\nb\n",
            "p".repeat(1000),
            "q".repeat(70_000),
            "r".repeat(500)
        );
        let x = text.find('X').unwrap_or(0);
        let y = text.find('Y').unwrap_or(0);
        let (e, shown) = excerpt(&text, &[(x, x + 1), (y, y + 1), (x, y + 1)]);
        assert_eq!(shown[0], "X");
        assert_eq!(shown[1], "Y");
        assert!(shown[2].starts_with('X') && shown[2].ends_with('Y') && shown[2].contains('…'));
        assert!(e.text().len() < 1_000, "{}", e.text().len());
        assert!(e.text().starts_with("a\n…ppp"));
        assert!(e.text().ends_with("rrr…\nb\n") || e.text().ends_with("rrr…\nb"));
    }
}
