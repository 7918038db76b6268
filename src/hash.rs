//! A small, fast hash for the core's maps of paths, patterns and names.
//!
//! std's default (SipHash) guards a map against keys chosen to collide, at a
//! cost of several instructions a byte; looking up every directory of 3,000
//! changed paths and hashing every expanded pattern made it a tenth of a
//! LocalAI run. This is the multiply-and-rotate hash rustc uses for its own
//! tables, a word at a time. Crafted collisions can only slow the run that
//! carries them (the pull request whose author wrote the colliding paths or
//! matrix, and who controls its workflow anyway), and the limits on entries,
//! patterns and changed files bound how far.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

/// A `HashMap` with [`Fast`].
pub type Map<K, V> = HashMap<K, V, BuildHasherDefault<Fast>>;
/// A `HashSet` with [`Fast`].
pub type Set<K> = HashSet<K, BuildHasherDefault<Fast>>;

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

/// The hasher: each word is mixed in by a rotate, an xor and a multiply.
#[derive(Default, Clone, Copy)]
pub struct Fast(u64);

impl Fast {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(SEED);
    }
}

impl Hasher for Fast {
    fn write(&mut self, bytes: &[u8]) {
        let mut words = bytes.chunks_exact(8);
        for w in &mut words {
            let mut word = [0; 8];
            word.copy_from_slice(w);
            self.add(u64::from_le_bytes(word));
        }
        let rest = words.remainder();
        if !rest.is_empty() {
            let mut word = [0; 8];
            word[..rest.len()].copy_from_slice(rest);
            // The length keeps "a" and "a\0" apart.
            self.add(u64::from_le_bytes(word) ^ ((rest.len() as u64) << 59));
        }
    }

    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }

    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    /// A multiply carries entropy upwards only; the map picks buckets by the
    /// low bits, so the well-mixed high bits are turned down to them.
    fn finish(&self) -> u64 {
        self.0.rotate_left(26)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::hash::{BuildHasher, Hash};

    fn hash<T: Hash + ?Sized>(t: &T) -> u64 {
        BuildHasherDefault::<Fast>::default().hash_one(t)
    }

    /// Near keys (a byte more, a trailing NUL, a swapped word) hash apart,
    /// and a map keyed by many similar paths finds each of them.
    #[test]
    fn similar_keys_hash_apart_and_are_found() {
        let keys = [
            "",
            "a",
            "a\0",
            "ab",
            "abcdefgh",
            "abcdefgh\0",
            "abcdefghi",
            "ijklmnopabcdefgh",
        ];
        for (i, a) in keys.iter().enumerate() {
            for b in &keys[i + 1..] {
                assert_ne!(hash(*a), hash(*b), "{a:?} {b:?}");
            }
        }
        let mut map = Map::default();
        for i in 0..5_000 {
            map.insert(format!("backend/python/b{i:05}/requirements.txt"), i);
        }
        for i in 0..5_000 {
            assert_eq!(
                map.get(&format!("backend/python/b{i:05}/requirements.txt")),
                Some(&i)
            );
        }
        assert_eq!(map.get("backend/python/b05000/requirements.txt"), None);
    }
}
