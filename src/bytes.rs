//! Tests of eight bytes at once for a few byte values.
//!
//! Every byte of a matrix passes through the YAML reader's printable check,
//! and every value an output lists through the JSON writer's escape check;
//! testing a whole word per step keeps both a small part of a run. Each word
//! test is exact for "some byte of the word", so a scan built on them answers
//! as a test of each byte would.

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGH: u64 = 0x8080_8080_8080_8080;

/// Some byte of `word` is below `n` (`n` at most 0x80).
pub fn has_below(word: u64, n: u8) -> bool {
    word.wrapping_sub(ONES * u64::from(n)) & !word & HIGH != 0
}

/// Some byte of `word` is `b`.
pub fn has_byte(word: u64, b: u8) -> bool {
    has_below(word ^ (ONES * u64::from(b)), 1)
}

/// Some byte of `word` is 0x80 or above.
pub fn has_high(word: u64) -> bool {
    word & HIGH != 0
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each word test against the byte it stands for, for every byte value
    /// at every place of a word.
    #[test]
    fn word_tests_agree_with_each_byte() {
        for at in 0..8 {
            for b in 0..=255u8 {
                let mut x = [b'a'; 8];
                x[at] = b;
                let w = u64::from_le_bytes(x);
                for n in [1, 0x20, 0x7f, 0x80] {
                    assert_eq!(has_below(w, n), x.iter().any(|&c| c < n), "{b:#x} < {n:#x}");
                }
                for c in [b'"', b'\\', 0x7f, b'a'] {
                    assert_eq!(has_byte(w, c), x.contains(&c), "{b:#x} = {c:#x}");
                }
                assert_eq!(has_high(w), x.iter().any(|&c| c >= 0x80), "{b:#x}");
            }
        }
    }
}
