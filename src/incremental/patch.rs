//! Edits that leave the site's shape alone, applied to the previous model in place: while an
//! editor types in a post, `serve` re-reads that one file instead of rebuilding every page.
//!
//! The shape is a page's `PageMeta`: its address, section, dates, order, unit, topics, tags,
//! kind, column, draft state and images. The body, the summary, the title (unless titles
//! order its section) and `extra` may change; anything else asks for a full build, as does any
//! error, so messages always come from the one full path.

use super::bodies::BodyMemo;
use crate::base::diagnostic::Diagnostics;
use crate::input::Source;
use crate::model::{reread_page, BuildOptions, Page, PageId, Site};
use std::sync::Arc;

/// Applies new versions of pages already in `site`, when none of them changes the site's
/// shape. Returns the indices of the changed pages and their warnings, or `None` (leaving
/// `site` untouched) when a full build is needed.
pub(super) fn patch_pages(
    site: &mut Site,
    sources: &[Arc<Source>],
    opts: &BuildOptions,
    bodies: &BodyMemo,
) -> Option<(Vec<PageId>, Diagnostics)> {
    let mut diags = Diagnostics::new();
    let mut updates: Vec<(usize, Page)> = Vec::new();
    for src in sources {
        if src.is_section {
            return None;
        }
        let index = site.pages.iter().position(|p| p.source == src.display)?;
        let old = &site.pages[index];
        let (new, d) = reread_page(site, old, src, opts, bodies)?;
        let title_sorted = site.title_places(PageId(index));
        // Where its title decides its place, the title is part of the shape.
        let same_shape = new.meta == old.meta && (!title_sorted || new.title == old.title);
        if d.has_errors() || !same_shape {
            return None;
        }
        diags.extend(d);
        updates.push((index, new));
    }
    let mut changed = Vec::with_capacity(updates.len());
    for (index, page) in updates {
        site.pages[index] = page;
        changed.push(PageId(index));
    }
    Some((changed, diags))
}
