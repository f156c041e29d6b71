//! The encoding of a text return (CSV or YAML), told from its first bytes,
//! and a reader that turns any other encoding into UTF-8 as it streams.
//!
//! - A UTF-8 byte-order mark, or a first block that is valid UTF-8, means
//!   UTF-8: the bytes are read as they are, with no copy (fields are still
//!   checked as they are read, so a bad byte further on is an error at its
//!   row and column).
//! - A UTF-16 byte-order mark (little- or big-endian: Excel's "Unicode
//!   text") means UTF-16, turned into UTF-8 as it is read.
//! - NUL bytes without a byte-order mark mean UTF-16 without its mark, or no
//!   text at all (a workbook saved under a `.csv` name): refused.
//! - Anything else is not UTF-8 and declares nothing: it is read as
//!   Windows-1252, which is what Excel's plain "CSV" format writes on a
//!   computer set up for the UK (`£` is byte `A3`), and the assessment says
//!   so. Every byte has a meaning in Windows-1252, so nothing is lost; the
//!   figures, names and periods are ASCII in every one of these encodings.
//!
//! A sequence the declared encoding does not allow is passed on as the
//! byte `FF`, which is never UTF-8, so the field holding it is refused at
//! its row and column like any other undecodable field.

use std::io::Read;

use encoding_rs::{Decoder, DecoderResult, Encoding, UTF_16BE, UTF_16LE, WINDOWS_1252};

/// What the start of a file says about its encoding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sniffed {
    /// UTF-8, after a byte-order mark of `bom` bytes (0 or 3).
    Utf8 {
        /// The length of the byte-order mark.
        bom: usize,
    },
    /// Another encoding, decoded while reading, after a byte-order mark of
    /// `bom` bytes.
    Decoded {
        /// The encoding.
        encoding: &'static Encoding,
        /// The length of the byte-order mark (0 when it was guessed).
        bom: usize,
    },
    /// Not text that can be read: why, in words.
    NotText(&'static str),
}

impl Sniffed {
    /// The name of the encoding, as the assessment states it, when it is
    /// not UTF-8.
    pub fn name(self) -> Option<&'static str> {
        match self {
            Sniffed::Decoded { encoding, .. } => Some(encoding.name()),
            _ => None,
        }
    }
}

/// The encoding `first` (the first block of a file, or all of it) is in.
pub fn sniff(first: &[u8]) -> Sniffed {
    if let Some(marked) = by_mark(first) {
        return marked;
    }
    let utf8 = match std::str::from_utf8(first) {
        Ok(_) => true,
        // A character cut at the end of the block is not an error.
        Err(error) => error.error_len().is_none(),
    };
    judge(&Seen {
        length: first.len(),
        first_nul: memchr::memchr(0, first),
        nuls: nuls(first),
        utf8,
    })
}

/// The encoding a byte-order mark at the start of `first` declares.
fn by_mark(first: &[u8]) -> Option<Sniffed> {
    if first.starts_with(b"\xEF\xBB\xBF") {
        return Some(Sniffed::Utf8 { bom: 3 });
    }
    match Encoding::for_bom(first) {
        Some((encoding, bom)) if encoding == UTF_16LE || encoding == UTF_16BE => {
            Some(Sniffed::Decoded { encoding, bom })
        }
        _ => None,
    }
}

/// What the bytes of a file without a byte-order mark show.
struct Seen {
    length: usize,
    first_nul: Option<usize>,
    nuls: usize,
    /// Valid UTF-8 (a character cut at the very end allowed).
    utf8: bool,
}

fn nuls(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| b == 0).count()
}

/// The encoding of a file without a byte-order mark, from what it shows.
fn judge(seen: &Seen) -> Sniffed {
    if let Some(at) = seen.first_nul {
        // UTF-16 without a mark has a NUL beside every ASCII character.
        return Sniffed::NotText(if seen.nuls * 3 >= seen.length && at < 2 {
            "the file looks like UTF-16 text without a byte-order mark"
        } else {
            "the file holds NUL bytes: it is not text (a workbook or another document saved under a text file's name?)"
        });
    }
    if seen.utf8 {
        Sniffed::Utf8 { bom: 0 }
    } else {
        Sniffed::Decoded {
            encoding: WINDOWS_1252,
            bom: 0,
        }
    }
}

/// Reads `inner` (past any byte-order mark) in `encoding`, giving UTF-8.
#[derive(Debug)]
pub struct Decoding<R> {
    inner: R,
    decoder: Decoder,
    input: Vec<u8>,
    start: usize,
    end: usize,
    ended: bool,
    output: Vec<u8>,
    out_start: usize,
    out_end: usize,
}

/// The bytes read and decoded at a time.
const CHUNK: usize = 64 * 1024;

impl<R: Read> Decoding<R> {
    /// Decodes `inner` from `encoding`.
    pub fn new(inner: R, encoding: &'static Encoding) -> Decoding<R> {
        Decoding {
            inner,
            decoder: encoding.new_decoder_without_bom_handling(),
            input: vec![0; CHUNK],
            start: 0,
            end: 0,
            ended: false,
            // Room for the worst case of a chunk (three UTF-8 bytes for each
            // input byte), so that the decoder always makes progress.
            output: vec![0; CHUNK * 3 + 16],
            out_start: 0,
            out_end: 0,
        }
    }

    /// Decodes more into `output`; false at the end.
    fn refill(&mut self) -> std::io::Result<bool> {
        loop {
            if self.start == self.end && !self.ended {
                let read = self.inner.read(&mut self.input)?;
                self.start = 0;
                self.end = read;
                self.ended = read == 0;
            }
            let input = self.input.get(self.start..self.end).unwrap_or_default();
            let (result, read, written) = self.decoder.decode_to_utf8_without_replacement(
                input,
                &mut self.output,
                self.ended,
            );
            self.start = self.start.saturating_add(read);
            self.out_start = 0;
            self.out_end = written;
            if let DecoderResult::Malformed(..) = result {
                // Never UTF-8: the field holding it is refused.
                if let Some(byte) = self.output.get_mut(written) {
                    *byte = 0xFF;
                    self.out_end = written.saturating_add(1);
                }
            }
            if self.out_end > 0 {
                return Ok(true);
            }
            if self.ended && matches!(result, DecoderResult::InputEmpty) {
                return Ok(false);
            }
        }
    }
}

impl<R: Read> Read for Decoding<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.out_start == self.out_end && !self.refill()? {
            return Ok(0);
        }
        let ready = self
            .output
            .get(self.out_start..self.out_end)
            .unwrap_or_default();
        let count = ready.len().min(buf.len());
        if let (Some(to), Some(from)) = (buf.get_mut(..count), ready.get(..count)) {
            to.copy_from_slice(from);
        }
        self.out_start = self.out_start.saturating_add(count);
        Ok(count)
    }
}

/// The whole of `bytes` as UTF-8 text in the encoding sniffed from it (for
/// YAML, which is read whole, and for excerpts in diagnostics), with the
/// encoding's name when it is not UTF-8; `Err` with why when it is not
/// text. A sequence the encoding does not allow becomes U+FFFD here: only
/// the excerpt shows it.
pub fn whole(bytes: &[u8]) -> Result<(String, Option<&'static str>), &'static str> {
    let sniffed = sniff(bytes);
    match sniffed {
        Sniffed::Utf8 { bom } => {
            let rest = bytes.get(bom..).unwrap_or_default();
            Ok((String::from_utf8_lossy(rest).into_owned(), None))
        }
        Sniffed::Decoded { encoding, bom } => {
            let rest = bytes.get(bom..).unwrap_or_default();
            let (text, _) = encoding.decode_without_bom_handling(rest);
            Ok((text.into_owned(), sniffed.name()))
        }
        Sniffed::NotText(why) => Err(why),
    }
}

/// What [`sniff`] says of the whole of `source`, read a block at a time:
/// the same as `sniff` given all its bytes at once, without holding them.
pub fn sniff_whole(mut source: impl Read) -> std::io::Result<Sniffed> {
    let mut block = vec![0u8; CHUNK];
    // The first bytes decide a byte-order mark.
    let mut first = Vec::new();
    while first.len() < 4 {
        let read = source.read(&mut block)?;
        if read == 0 {
            break;
        }
        first.extend_from_slice(block.get(..read).unwrap_or_default());
    }
    if let Some(marked) = by_mark(&first) {
        return Ok(marked);
    }
    // Then NULs are counted and UTF-8 checked across blocks, a character
    // cut at a block's end carried into the next.
    let mut seen = Seen {
        length: 0,
        first_nul: None,
        nuls: 0,
        utf8: true,
    };
    let mut carry: Vec<u8> = Vec::new();
    let mut take = |chunk: &[u8]| {
        if let Some(at) = memchr::memchr(0, chunk) {
            seen.first_nul = seen.first_nul.or(Some(seen.length + at));
            seen.nuls += nuls(chunk);
        }
        seen.length += chunk.len();
        if seen.utf8 {
            carry.extend_from_slice(chunk);
            match std::str::from_utf8(&carry) {
                Ok(_) => carry.clear(),
                Err(error) if error.error_len().is_none() => {
                    carry.drain(..error.valid_up_to());
                }
                Err(_) => seen.utf8 = false,
            }
        }
    };
    take(&first);
    loop {
        let read = source.read(&mut block)?;
        if read == 0 {
            break;
        }
        take(block.get(..read).unwrap_or_default());
    }
    Ok(judge(&seen))
}

/// Gives each line of `source` to `line`, without its line feed but with
/// a CR before it, and whether a line feed ended it (all but the last),
/// decoded as [`whole`] decodes the whole of it (`sniffed` being what
/// [`sniff_whole`] said of it): the byte-order mark left out, a sequence
/// the encoding does not allow made U+FFFD. After a final line feed, the
/// last line is empty. Only one line is held at a time.
pub fn each_line(
    mut source: impl Read,
    sniffed: Sniffed,
    mut line: impl FnMut(&str, bool),
) -> std::io::Result<()> {
    let (encoding, bom) = match sniffed {
        Sniffed::Utf8 { bom } => (None, bom),
        Sniffed::Decoded { encoding, bom } => (Some(encoding), bom),
        Sniffed::NotText(_) => return Ok(()),
    };
    let mut decoder = encoding.map(Encoding::new_decoder_without_bom_handling);
    let mut block = vec![0u8; CHUNK];
    let mut skip = bom;
    // The bytes of the line being read: UTF-8 already when decoded.
    let mut pending: Vec<u8> = Vec::new();
    let mut decoded = String::new();
    loop {
        let read = source.read(&mut block)?;
        let mut input = block.get(..read).unwrap_or_default();
        let cut = skip.min(input.len());
        skip -= cut;
        input = input.get(cut..).unwrap_or_default();
        let last = read == 0;
        match decoder.as_mut() {
            Some(decoder) => {
                decoded.clear();
                let room = decoder
                    .max_utf8_buffer_length(input.len())
                    .unwrap_or(input.len().saturating_mul(3).saturating_add(16));
                decoded.reserve(room);
                let _ = decoder.decode_to_string(input, &mut decoded, last);
                pending.extend_from_slice(decoded.as_bytes());
            }
            None => pending.extend_from_slice(input),
        }
        let mut start = 0;
        for end in memchr::memchr_iter(b'\n', &pending) {
            let bytes = pending.get(start..end).unwrap_or_default();
            line(&String::from_utf8_lossy(bytes), true);
            start = end + 1;
        }
        pending.drain(..start);
        if last {
            line(&String::from_utf8_lossy(&pending), false);
            return Ok(());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decoded(bytes: &[u8]) -> Vec<u8> {
        let Sniffed::Decoded { encoding, bom } = sniff(bytes) else {
            panic!("not decoded")
        };
        let mut out = Vec::new();
        Decoding::new(&bytes[bom..], encoding)
            .read_to_end(&mut out)
            .unwrap();
        out
    }

    #[test]
    fn encodings_are_told_apart_and_decoded() {
        assert_eq!(sniff(b"a,b\n"), Sniffed::Utf8 { bom: 0 });
        assert_eq!(sniff(b"\xEF\xBB\xBFa"), Sniffed::Utf8 { bom: 3 });
        assert_eq!(sniff("£".as_bytes()), Sniffed::Utf8 { bom: 0 });
        // A character cut by the end of the block.
        assert_eq!(sniff(b"a\xC2"), Sniffed::Utf8 { bom: 0 });
        assert_eq!(decoded(b"\xA31,250"), "£1,250".as_bytes());
        let utf16le: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("£5\n".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        assert_eq!(decoded(&utf16le), "£5\n".as_bytes());
        let utf16be: Vec<u8> = [0xFE, 0xFF]
            .into_iter()
            .chain("é\n".encode_utf16().flat_map(u16::to_be_bytes))
            .collect();
        assert_eq!(decoded(&utf16be), "é\n".as_bytes());
        // An unpaired surrogate: passed on as a byte that is never UTF-8.
        assert_eq!(decoded(b"\xFF\xFEa\x00\x00\xD8b\x00"), b"a\xFFb");
        assert!(matches!(sniff(b"a\x00b\x00"), Sniffed::NotText(_)));
        assert!(matches!(sniff(b"PK\x03\x04\x00\x00"), Sniffed::NotText(_)));
    }

    #[test]
    fn long_input_is_decoded_whole() {
        let text: String = "é£,x\n".repeat(50_000);
        let (bytes, _, _) = WINDOWS_1252.encode(&text);
        let mut out = String::new();
        Decoding::new(&bytes[..], WINDOWS_1252)
            .read_to_string(&mut out)
            .unwrap();
        assert_eq!(out, text);
    }

    /// Gives at most `step` bytes a read, so that blocks end anywhere.
    struct Trickle<'b> {
        bytes: &'b [u8],
        step: usize,
    }

    impl Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            let count = self.step.min(buf.len()).min(self.bytes.len());
            buf[..count].copy_from_slice(&self.bytes[..count]);
            self.bytes = &self.bytes[count..];
            Ok(count)
        }
    }

    /// The lines [`each_line`] gives, joined again by line feeds.
    fn joined(bytes: &[u8], step: usize) -> (Sniffed, Option<String>) {
        let sniffed = sniff_whole(Trickle { bytes, step }).unwrap();
        let mut lines = Vec::new();
        let mut ends = Vec::new();
        each_line(Trickle { bytes, step }, sniffed, |line, ended| {
            lines.push(line.to_owned());
            ends.push(ended);
        })
        .unwrap();
        // Every line but the last ends with a line feed.
        if let Some((last, rest)) = ends.split_last() {
            assert!(!last && rest.iter().all(|&e| e));
        }
        let text = (!matches!(sniffed, Sniffed::NotText(_))).then(|| lines.join("\n"));
        (sniffed, text)
    }

    proptest::proptest! {
        /// Read a block at a time, however the blocks fall, a file is
        /// sniffed as `sniff` sniffs it whole, and its lines are the text
        /// `whole` decodes.
        #[test]
        fn read_a_line_at_a_time_as_read_whole(
            start in proptest::sample::select(vec![
                &b""[..], b"\xEF\xBB\xBF", b"\xFF\xFE", b"\xFE\xFF", b"\x00", b"a\x00",
            ]),
            body in proptest::collection::vec(
                proptest::sample::select(vec![
                    b'a', b',', b'\n', b'\r', 0, 0xA3, 0xC2, 0xE2, 0x82, 0xAC, 0xFF, 0xFE, 0xEF, 0xBB, 0xBF,
                ]),
                0..64,
            ),
            step in 1usize..9,
        ) {
            let bytes = [start, &body[..]].concat();
            let (sniffed, text) = joined(&bytes, step);
            proptest::prop_assert_eq!(sniffed, sniff(&bytes));
            proptest::prop_assert_eq!(text, whole(&bytes).ok().map(|(text, _)| text));
        }
    }
}
