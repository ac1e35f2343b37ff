//! How the model gets a file's Markdown rendered: afresh here, or kept from the last build
//! by the incremental layer, which implements [`Bodies`] its own way.

use super::links::rewrite_link;
use super::page::Resolved;
use super::permalink::Permalink;
use crate::base::diagnostic::Diagnostics;
use crate::input::{parent_dir, Source};
use crate::markdown::{self, Rendered};
use rustc_hash::FxHashMap;
use std::cell::RefCell;
use std::sync::Arc;

/// The permalink of every file by its path under `content/`, which links between files
/// resolve against, with an id that changes whenever any entry does.
#[derive(Debug, Clone, Default)]
pub struct LinkTable {
    pub permalinks: FxHashMap<String, Permalink>,
    pub id: u64,
}

impl LinkTable {
    /// The table of `(path under content/, permalink)` pairs, in file order.
    pub fn new<'a>(entries: impl Iterator<Item = (&'a str, &'a Permalink)>) -> LinkTable {
        use std::hash::{Hash, Hasher};
        let mut h = crate::base::hash::hasher();
        let mut permalinks = FxHashMap::default();
        permalinks.reserve(entries.size_hint().0);
        for (rel, p) in entries {
            (rel, p).hash(&mut h);
            permalinks.insert(rel.to_string(), p.clone());
        }
        LinkTable {
            permalinks,
            id: h.finish(),
        }
    }
}

/// The entries of the link table a body looked up, with what it found there: the body is the
/// same in any table that gives the same answers, so adding a post renders no other body.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Lookups(Vec<(String, Option<Permalink>)>);

impl Lookups {
    /// Whether the file at `rel` was looked up.
    pub fn asked(&self, rel: &str) -> bool {
        self.0.iter().any(|(key, _)| key == rel)
    }

    /// Whether `table` gives every answer these lookups got.
    pub fn hold_in(&self, table: &LinkTable) -> bool {
        self.0
            .iter()
            .all(|(key, found)| table.permalinks.get(key) == found.as_ref())
    }
}

/// The work the model does file by file: resolving a page's front matter and rendering its
/// body. The incremental layer keeps both from one build to the next.
pub trait Bodies: Sync {
    /// The body of `src`, its relative links resolved against `link_base` and `links`.
    fn render(&self, src: &Arc<Source>, link_base: &str, links: &LinkTable) -> Arc<Rendered>;

    /// The page of `src` with its problems, as `fresh` resolves it in a site whose settings,
    /// units and sections have the fingerprint `context`.
    fn resolve(
        &self,
        _src: &Arc<Source>,
        _context: u64,
        fresh: &(dyn Fn() -> (Resolved, Diagnostics) + Sync),
    ) -> (Resolved, Diagnostics) {
        fresh()
    }
}

/// Every body rendered afresh.
pub struct Fresh;

impl Bodies for Fresh {
    fn render(&self, src: &Arc<Source>, link_base: &str, links: &LinkTable) -> Arc<Rendered> {
        let find = |key: &str| links.permalinks.get(key).cloned();
        Arc::new(render_with(src, link_base, &find))
    }
}

/// Renders a file's Markdown body, its links resolved against `link_base` and `links`; gives
/// the entries of `links` it looked up too.
pub fn render_body(src: &Source, link_base: &str, links: &LinkTable) -> (Rendered, Lookups) {
    let looked = RefCell::new(Vec::new());
    let find = |key: &str| {
        let found = links.permalinks.get(key).cloned();
        looked.borrow_mut().push((key.to_string(), found.clone()));
        found
    };
    let rendered = render_with(src, link_base, &find);
    (rendered, Lookups(looked.into_inner()))
}

/// Renders a body, `find` giving the permalink of a file by its path under `content/`.
fn render_with(
    src: &Source,
    link_base: &str,
    find: &dyn Fn(&str) -> Option<Permalink>,
) -> Rendered {
    let src_dir = parent_dir(&src.rel);
    let rewrite = |url: &str| rewrite_link(url, src_dir, link_base, find);
    markdown::render(&src.body, src.body_line, &rewrite)
}
