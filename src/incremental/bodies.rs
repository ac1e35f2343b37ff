//! Markdown already rendered and front matter already resolved, by file: a rebuild does
//! both again only for the files that changed, or when what they depend on did (the link
//! base and table of permalinks for a body; settings, units and sections for a page).

use crate::base::diagnostic::Diagnostics;
use crate::input::Source;
use crate::markdown::Rendered;
use crate::model::{render_body, Bodies, LinkTable, Resolved};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// A rendered body with what it was made from: the source (kept, so its address stays its
/// identity), the link base and the link table's id.
#[derive(Debug, Clone)]
struct Entry {
    source: Arc<Source>,
    link_base: String,
    table: u64,
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

/// The bodies and pages of the last build, and those of the build under way.
#[derive(Debug, Default)]
pub(super) struct BodyMemo {
    last: HashMap<String, Entry>,
    made: Mutex<HashMap<String, Entry>>,
    /// Taken out as they are reused, so each is copied once.
    last_pages: Mutex<HashMap<String, Page>>,
    made_pages: Mutex<HashMap<String, Page>>,
}

impl BodyMemo {
    /// Ends a successful build: its bodies become those the next one may reuse.
    pub(super) fn commit(&mut self) {
        let (bodies, pages) = (
            self.last.len(),
            self.last_pages.get_mut().expect("no panic holds it").len(),
        );
        let made = std::mem::replace(
            self.made.get_mut().expect("no panic holds it"),
            HashMap::with_capacity(bodies),
        );
        if !made.is_empty() {
            self.last = made;
        }
        let pages = std::mem::replace(
            self.made_pages.get_mut().expect("no panic holds it"),
            HashMap::with_capacity(pages.max(bodies)),
        );
        if !pages.is_empty() {
            *self.last_pages.get_mut().expect("no panic holds it") = pages;
        }
    }

    /// Keeps the bodies made by an edit in place beside the others.
    pub(super) fn commit_some(&mut self) {
        let made = std::mem::take(self.made.get_mut().expect("no panic holds it"));
        // Pages resolved in place are not kept: their files' new sources miss the memo.
        self.last.extend(made);
    }

    /// Forgets the bodies of a failed build; pages it reused go back.
    pub(super) fn discard(&mut self) {
        self.made.get_mut().expect("no panic holds it").clear();
        let made = std::mem::take(self.made_pages.get_mut().expect("no panic holds it"));
        self.last_pages
            .get_mut()
            .expect("no panic holds it")
            .extend(made);
    }
}

impl Bodies for BodyMemo {
    fn render(&self, src: &Arc<Source>, link_base: &str, links: &LinkTable) -> Arc<Rendered> {
        let kept = self.last.get(&src.rel).filter(|e| {
            // The file cache hands back the very same source for an unchanged file.
            Arc::ptr_eq(&e.source, src) && e.link_base == link_base && e.table == links.id
        });
        let rendered = match kept {
            Some(e) => Arc::clone(&e.rendered),
            None => Arc::new(render_body(src, link_base, links)),
        };
        let entry = Entry {
            source: Arc::clone(src),
            link_base: link_base.to_string(),
            table: links.id,
            rendered: Arc::clone(&rendered),
        };
        self.made
            .lock()
            .expect("no panic holds it")
            .insert(src.rel.clone(), entry);
        rendered
    }

    fn resolve(
        &self,
        src: &Arc<Source>,
        context: u64,
        fresh: &(dyn Fn() -> (Resolved, Diagnostics) + Sync),
    ) -> (Resolved, Diagnostics) {
        let kept = {
            let mut last = self.last_pages.lock().expect("no panic holds it");
            match last.get(&src.rel) {
                Some(p) if Arc::ptr_eq(&p.source, src) && p.context == context => {
                    last.remove(&src.rel)
                }
                _ => None,
            }
        };
        let page = kept.unwrap_or_else(|| {
            let (resolved, diags) = fresh();
            Page {
                source: Arc::clone(src),
                context,
                resolved,
                diags,
            }
        });
        let (resolved, diags) = (page.resolved.clone(), page.diags.clone());
        self.made_pages
            .lock()
            .expect("no panic holds it")
            .insert(src.rel.clone(), page);
        (resolved, diags)
    }
}
