//! The hash for the core's maps of paths, patterns and names.
//!
//! std's default (SipHash) guards a map against keys chosen to collide, at a
//! cost of several instructions a byte; looking up every directory of 3,000
//! changed paths and hashing every expanded pattern made it a tenth of a
//! LocalAI run. These maps use `rustc-hash`, the multiply-based hash rustc
//! uses for its own tables. Crafted collisions can only slow the run that
//! carries them (the pull request whose author wrote the colliding paths or
//! matrix, and who controls its workflow anyway), and the limits on entries,
//! patterns and changed files bound how far. (On `wasm32-unknown-unknown`
//! std's SipHash has no random keys anyway.)

use std::collections::{HashMap, HashSet};

/// A `HashMap` with the fast hash.
pub type Map<K, V> = HashMap<K, V, rustc_hash::FxBuildHasher>;
/// A `HashSet` with the fast hash.
pub type Set<K> = HashSet<K, rustc_hash::FxBuildHasher>;

#[cfg(test)]
mod tests {
    use super::*;

    /// A map keyed by many similar paths finds each of them, and only them.
    #[test]
    fn similar_keys_are_found() {
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
        let set: Set<&str> = ["a", "a\0", "ab"].into_iter().collect();
        assert_eq!(set.len(), 3);
    }
}
