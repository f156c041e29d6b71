//! Bytes eight at a time: the lanes of a 64-bit word (its bytes, little
//! endian) that hold a given byte, each marked by its high bit. Used where
//! a scan looks for a few bytes in long stretches of ordinary text (the
//! pre-scan of an agreement, the splitting of a return's lines).

/// A byte in each lane of a word.
const ONES: u64 = 0x0101_0101_0101_0101;
/// The high bit of each lane.
const HIGHS: u64 = 0x8080_8080_8080_8080;

/// The eight bytes from `at` as a word, or `None` past the end.
#[inline]
pub fn word_at(bytes: &[u8], at: usize) -> Option<u64> {
    // This form (not `first_chunk`, nor `try_into`) compiles to the
    // fewest instructions in the pre-scan's loop (callgrind).
    let chunk = bytes.get(at..at + 8)?;
    let mut word = [0u8; 8];
    word.copy_from_slice(chunk);
    Some(u64::from_le_bytes(word))
}

/// The lanes of `word` whose byte is below `n` (at most 128), each marked
/// by its high bit. Exact lane by lane: with each lane's high bit set
/// first, no subtraction borrows from the next lane.
#[inline]
pub fn lanes_below(word: u64, n: u8) -> u64 {
    !((word | HIGHS).wrapping_sub(ONES.wrapping_mul(u64::from(n)))) & !word & HIGHS
}

/// The lanes of `word` whose byte is `byte`, each marked by its high bit.
#[inline]
pub fn lanes_equal(word: u64, byte: u8) -> u64 {
    lanes_below(word ^ ONES.wrapping_mul(u64::from(byte)), 1)
}

/// The first lane marked in `lanes` (not zero), as a byte offset.
#[inline]
pub fn first_lane(lanes: u64) -> usize {
    lanes.trailing_zeros() as usize / 8
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every byte value in every lane, against a byte-by-byte comparison:
    /// no lane is marked that should not be, whatever its neighbours hold.
    #[test]
    fn lanes_are_exact() {
        for target in [0u8, 1, b'\n', b'"', b',', 0x7F, 0x80, 0xE2, 0xFF] {
            for value in 0..=255u8 {
                for neighbour in [0u8, target, target.wrapping_sub(1), 0xFF] {
                    let mut bytes = [neighbour; 8];
                    bytes[3] = value;
                    let word = u64::from_le_bytes(bytes);
                    let expected = bytes
                        .iter()
                        .enumerate()
                        .filter(|(_, b)| **b == target)
                        .fold(0u64, |acc, (i, _)| acc | 0x80 << (8 * i));
                    assert_eq!(
                        lanes_equal(word, target),
                        expected,
                        "{target} {value} {neighbour}"
                    );
                    let below = bytes
                        .iter()
                        .enumerate()
                        .filter(|(_, b)| **b < 32)
                        .fold(0u64, |acc, (i, _)| acc | 0x80 << (8 * i));
                    assert_eq!(lanes_below(word, 32), below, "{value} {neighbour}");
                }
            }
        }
        assert_eq!(first_lane(0x80 << 40), 5);
        assert_eq!(word_at(b"abcdefg", 0), None);
        assert_eq!(
            word_at(b"abcdefgh", 0),
            Some(u64::from_le_bytes(*b"abcdefgh"))
        );
    }
}
