//! Fingerprints: a 64-bit hash of a value, equal for equal inputs within one run.

use std::hash::{BuildHasher, Hash, Hasher};

/// The hasher of fingerprints: foldhash's quality variant, fixed seed. It is several times
/// faster than the standard library's SipHash on the short strings pages are made of, and
/// mixes as well; fingerprints are never exposed to input chosen to collide.
pub type Fingerprinter = foldhash::quality::FoldHasher<'static>;

/// A fresh fingerprint hasher.
pub fn hasher() -> Fingerprinter {
    foldhash::quality::FixedState::with_seed(0x006c_6f61).build_hasher()
}

/// A fingerprint of one value.
pub fn hash_of(v: impl Hash) -> u64 {
    let mut h = hasher();
    v.hash(&mut h);
    h.finish()
}
