//! Fingerprints: a 64-bit hash of a value, equal for equal inputs within one run.

use std::hash::{Hash, Hasher};

/// A fingerprint of one value.
pub fn hash_of(v: impl Hash) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    v.hash(&mut h);
    h.finish()
}
