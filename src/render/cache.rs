//! What `serve` keeps from one build to the next, each result with the fingerprint of the
//! inputs it was made from (see `fingerprint`).

use super::Output;
use minijinja::Value;
use std::collections::HashMap;
use std::sync::Arc;

/// Results of the last build by key (a path, a feed id), each with its fingerprint.
#[derive(Debug)]
pub struct Memo<V>(HashMap<String, (u64, V)>);

impl<V> Default for Memo<V> {
    fn default() -> Self {
        Memo(HashMap::new())
    }
}

impl<V> Memo<V> {
    /// The kept result for `key` when it was made from inputs with fingerprint `fp`.
    pub(super) fn get(&self, key: &str, fp: u64) -> Option<&V> {
        self.0
            .get(key)
            .filter(|(old, _)| *old == fp)
            .map(|(_, v)| v)
    }

    /// Keeps `value`, made from inputs with fingerprint `fp`, for `key`.
    pub(super) fn insert(&mut self, key: String, fp: u64, value: V) {
        self.0.insert(key, (fp, value));
    }
}

impl<V> FromIterator<(String, u64, V)> for Memo<V> {
    fn from_iter<I: IntoIterator<Item = (String, u64, V)>>(iter: I) -> Self {
        Memo(iter.into_iter().map(|(k, fp, v)| (k, (fp, v))).collect())
    }
}

/// What depends only on the site's shape (addresses, dates, lists): the feeds and their
/// pages, the list of files to render, and the sitemap.
#[derive(Debug)]
pub(crate) struct Shape {
    pub(super) feeds: Vec<super::feed::Feed>,
    pub(super) jobs: Vec<super::Job>,
    pub(super) sitemap: Arc<Vec<u8>>,
}

/// What a rebuild in `serve` may reuse: each HTML file with the fingerprint of what it showed.
#[derive(Debug, Default)]
pub struct RenderCache {
    pub(super) site: u64,
    /// What the last build derived from the site's shape alone.
    pub(super) shape: Option<Shape>,
    /// Fingerprints of every page, indexed like `site.pages`.
    pub(super) page_fps: Vec<u64>,
    /// Rendered HTML files by path.
    pub(super) files: Memo<Arc<Vec<u8>>>,
    /// Template values of pages by fingerprint.
    pub(super) values: HashMap<u64, Value>,
    /// Feed items of pages by the page's fingerprint.
    pub(super) items: HashMap<u64, Arc<super::feed::Item>>,
    /// The files of each feed (three formats and the embed script) by feed id.
    pub(super) feeds: Memo<Vec<Output>>,
    /// The published reports and the fingerprint of the whole site they were made from.
    pub(super) reports: (u64, Vec<Output>),
    /// HTML files rendered by the last rebuild.
    pub rendered: usize,
    /// HTML files the last rebuild took from the cache.
    pub reused: usize,
}
