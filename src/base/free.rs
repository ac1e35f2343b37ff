//! Freeing large values off the critical path.

/// Drops `value` on a pool thread: a build ends without waiting for the hundreds of
/// thousands of small frees of its page values and feed items (about 5 % of a full build at
/// 1,000 posts), nor `serve`'s reload for the last build's. In a process that exits first, the
/// system reclaims the memory instead.
pub fn free_later<T: Send + 'static>(value: T) {
    rayon::spawn(move || drop(value));
}
