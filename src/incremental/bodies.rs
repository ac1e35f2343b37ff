//! Markdown already rendered and front matter already resolved, by file: a rebuild does
//! both again only for the files that changed, or when what they depend on did (the link
//! base and the permalinks a body looked up; settings, units and sections for a page).

use crate::base::diagnostic::Diagnostics;
use crate::input::Source;
use crate::markdown::Rendered;
use crate::model::{render_body, Bodies, LinkTable, Lookups, Resolved};
use rustc_hash::FxHashMap;
use std::sync::{Arc, Mutex};

/// A rendered body with what it was made from: the source (kept, so its address stays its
/// identity), the link base, the link table's id and the entries of it the body looked up.
#[derive(Debug, Clone)]
struct Entry {
    source: Arc<Source>,
    link_base: String,
    table: u64,
    lookups: Lookups,
    rendered: Arc<Rendered>,
}

/// A page resolved from its front matter, with what it was resolved from.
#[derive(Debug, Clone)]
struct Page {
    source: Arc<Source>,
    context: u64,
    resolved: Resolved,
    diags: Diagnostics,
}

/// What one kind of per-file work gave in the last build and in the build under way, by
/// file. An entry is taken out of the last build's when it is reused, so it moves rather than
/// being copied.
/// Entries are boxed: a map of a large site grows and moves them, and a box moves in one word.
#[derive(Debug)]
struct PerFile<E> {
    last: Mutex<FxHashMap<String, Box<E>>>,
    made: Mutex<FxHashMap<String, Box<E>>>,
}

impl<E> Default for PerFile<E> {
    fn default() -> Self {
        PerFile {
            last: Mutex::default(),
            made: Mutex::default(),
        }
    }
}

impl<E> PerFile<E> {
    /// The last build's entry for `rel`, taken out, when `fits` says it can be reused.
    fn take(&self, rel: &str, fits: impl FnOnce(&E) -> bool) -> Option<Box<E>> {
        let mut last = self.last.lock().expect("no panic holds it");
        if last.get(rel).is_some_and(|e| fits(e)) {
            last.remove(rel)
        } else {
            None
        }
    }

    /// Notes the entry the build under way has for `rel`.
    fn put(&self, rel: &str, entry: Box<E>) {
        let mut made = self.made.lock().expect("no panic holds it");
        made.insert(rel.to_string(), entry);
    }

    /// A full build succeeded: its entries are all the next one may reuse.
    fn commit(&mut self) {
        let last = self.last.get_mut().expect("no panic holds it");
        let made = self.made.get_mut().expect("no panic holds it");
        *last = std::mem::replace(
            made,
            FxHashMap::with_capacity_and_hasher(last.len(), Default::default()),
        );
    }

    /// An edit in place, or a failed build: its entries join the others (a failed build's
    /// are still right for their sources; taken-out ones go back).
    fn merge(&mut self) {
        let made = self.made.get_mut().expect("no panic holds it");
        let last = self.last.get_mut().expect("no panic holds it");
        // Drained, so the next build's entries find the room already made.
        last.extend(made.drain());
        made.reserve(last.len());
    }
}

/// The bodies and pages of the last build, and those of the build under way.
#[derive(Debug, Default)]
pub(super) struct BodyMemo {
    bodies: PerFile<Entry>,
    pages: PerFile<Page>,
}

impl BodyMemo {
    /// A full build succeeded: what it made is what the next one may reuse.
    pub(super) fn commit(&mut self) {
        self.bodies.commit();
        self.pages.commit();
    }

    /// An edit in place, or a failed build: what it made is kept beside the rest.
    pub(super) fn merge(&mut self) {
        self.bodies.merge();
        self.pages.merge();
    }

    /// Whether a kept body looked up the file at `rel` (under `content/`) in the link table.
    pub(super) fn looked_up(&self, rel: &str) -> bool {
        let last = self.bodies.last.lock().expect("no panic holds it");
        last.values().any(|e| e.lookups.asked(rel))
    }
}

impl Bodies for BodyMemo {
    fn render(&self, src: &Arc<Source>, link_base: &str, links: &LinkTable) -> Arc<Rendered> {
        let kept = self.bodies.take(&src.rel, |e| {
            // The file cache hands back the very same source for an unchanged file.
            Arc::ptr_eq(&e.source, src)
                && e.link_base == link_base
                && (e.table == links.id || e.lookups.hold_in(links))
        });
        let mut entry = kept.unwrap_or_else(|| {
            let (rendered, lookups) = render_body(src, link_base, links);
            Box::new(Entry {
                source: Arc::clone(src),
                link_base: link_base.to_string(),
                table: links.id,
                lookups,
                rendered: Arc::new(rendered),
            })
        });
        entry.table = links.id;
        let rendered = Arc::clone(&entry.rendered);
        self.bodies.put(&src.rel, entry);
        rendered
    }

    fn resolve(
        &self,
        src: &Arc<Source>,
        context: u64,
        fresh: &(dyn Fn() -> (Resolved, Diagnostics) + Sync),
    ) -> (Resolved, Diagnostics) {
        let kept = self.pages.take(&src.rel, |p| {
            Arc::ptr_eq(&p.source, src) && p.context == context
        });
        let page = kept.unwrap_or_else(|| {
            let (resolved, diags) = fresh();
            Box::new(Page {
                source: Arc::clone(src),
                context,
                resolved,
                diags,
            })
        });
        let out = (page.resolved.clone(), page.diags.clone());
        self.pages.put(&src.rel, page);
        out
    }
}
