//! Line numbers for rows the `csv` crate reads.
//!
//! The crate's own line count is taken where the row before ended: after a
//! `\r\n` it is one short (the `\r` ends the row, the `\n` is counted with
//! the next), and blank lines before a row are not counted. A row's line is
//! instead worked out here from the byte at which the crate says the row
//! starts: skip the line breaks there (the rest of the last row's ending and
//! any blank lines), and count every `\n` before the row's first character.
//!
//! [`Lines`] wraps the file as it is read and remembers where its line
//! breaks are, forgetting those before the row asked about, so it holds no
//! more than the crate's read-ahead.

use std::collections::VecDeque;
use std::io::Read;

/// A reader that remembers where the line breaks it passed on are.
#[derive(Debug)]
pub struct Lines<R> {
    inner: R,
    /// Bytes read so far.
    offset: u64,
    /// `\r` and `\n` bytes not yet forgotten: (offset, byte).
    breaks: VecDeque<(u64, u8)>,
    /// `\n` bytes forgotten.
    forgotten: u32,
}

impl<R: Read> Lines<R> {
    /// Wraps `inner`.
    pub fn new(inner: R) -> Lines<R> {
        Lines {
            inner,
            offset: 0,
            breaks: VecDeque::new(),
            forgotten: 0,
        }
    }

    /// The number (from 1) of the line holding the first character at or
    /// after `byte` that is not a line break: the line of a row the `csv`
    /// crate says starts at `byte`. Rows must be asked about in order.
    pub fn line_at(&mut self, byte: u64) -> u32 {
        while let Some(&(at, b)) = self.breaks.front() {
            if at >= byte {
                break;
            }
            if b == b'\n' {
                self.forgotten = self.forgotten.saturating_add(1);
            }
            self.breaks.pop_front();
        }
        let mut line = self.forgotten.saturating_add(1);
        for (expected, &(at, b)) in (byte..).zip(self.breaks.iter()) {
            if at != expected {
                break;
            }
            if b == b'\n' {
                line = line.saturating_add(1);
            }
        }
        line
    }

    /// The number of `\n` bytes passed on so far.
    pub fn lines_seen(&self) -> u32 {
        let kept = self.breaks.iter().filter(|&&(_, b)| b == b'\n').count();
        self.forgotten
            .saturating_add(u32::try_from(kept).unwrap_or(u32::MAX))
    }
}

impl<R: Read> Read for Lines<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let read = self.inner.read(buf)?;
        let filled = buf.get(..read).unwrap_or_default();
        for at in memchr::memchr2_iter(b'\n', b'\r', filled) {
            if let Some(&b) = filled.get(at) {
                self.breaks
                    .push_back((self.offset.saturating_add(at as u64), b));
            }
        }
        self.offset = self.offset.saturating_add(read as u64);
        Ok(read)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The line of each row the `csv` crate reads from `data`.
    fn lines(data: &[u8]) -> Vec<u32> {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(Lines::new(data));
        let mut record = csv::ByteRecord::new();
        let mut found = Vec::new();
        while reader.read_byte_record(&mut record).unwrap() {
            let byte = record.position().unwrap().byte();
            found.push(reader.get_mut().line_at(byte));
        }
        found
    }

    #[test]
    fn rows_are_numbered_by_the_line_they_start_on() {
        assert_eq!(lines(b"h\na\nb\n"), [1, 2, 3]);
        assert_eq!(lines(b"h\r\na\r\nb\r\n"), [1, 2, 3]);
        assert_eq!(lines(b"h\na\n\n\nb"), [1, 2, 5]);
        assert_eq!(
            lines(b"h\r\na\r\n\r\n\r\nc,\"d\r\nx\"\r\ne,f\r\n"),
            [1, 2, 5, 7]
        );
        assert_eq!(lines(b"\n\nh\n"), [3]);
    }
}
