//! Markdown already rendered, by file: a rebuild renders again only the bodies whose file,
//! link base or table of permalinks changed.

use crate::input::Source;
use crate::markdown::Rendered;
use crate::model::{render_body, Bodies, LinkTable};
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

/// The bodies of the last build, and those of the build under way.
#[derive(Debug, Default)]
pub(super) struct BodyMemo {
    last: HashMap<String, Entry>,
    made: Mutex<HashMap<String, Entry>>,
}

impl BodyMemo {
    /// Ends a successful build: its bodies become those the next one may reuse.
    pub(super) fn commit(&mut self) {
        let made = std::mem::take(self.made.get_mut().expect("no panic holds it"));
        if !made.is_empty() {
            self.last = made;
        }
    }

    /// Keeps the bodies made by an edit in place beside the others.
    pub(super) fn commit_some(&mut self) {
        let made = std::mem::take(self.made.get_mut().expect("no panic holds it"));
        self.last.extend(made);
    }

    /// Forgets the bodies of a failed build.
    pub(super) fn discard(&mut self) {
        self.made.get_mut().expect("no panic holds it").clear();
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
}
