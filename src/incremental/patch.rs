//! Edits that leave the site's shape alone, applied to the previous model in place: while an
//! editor types in a post, `serve` re-reads that one file instead of rebuilding every page.
//!
//! The shape is everything other pages depend on: the page's address, section, dates, order,
//! unit, topics, tags, kind, column, draft state and images. The body, the summary, the title
//! (unless its section sorts by title) and `extra` may change; anything else asks for a full
//! build, as does any error, so messages always come from the one full path.

use super::bodies::BodyMemo;
use crate::base::diagnostic::Diagnostics;
use crate::input::Source;
use crate::model::{reread_page, BuildOptions, Page, Site, SortBy};
use std::sync::Arc;

/// What of a page other pages and lists depend on; see the module's comment.
fn shape(p: &Page, title_sorted: bool) -> impl PartialEq + '_ {
    (
        (
            &p.source,
            p.section,
            p.permalink.as_str(),
            &p.slug,
            &p.aliases,
        ),
        (p.date, p.updated, p.order, p.draft, p.featured),
        (
            p.unit.as_ref().map(|u| u.as_str()),
            &p.topics,
            &p.kind,
            &p.column,
        ),
        p.tags
            .iter()
            .map(|t| (&t.slug, &t.name))
            .collect::<Vec<_>>(),
        (&p.image, p.lead_image.as_ref().map(|l| &l.value)),
        (&p.image_alt, &p.source_url),
        title_sorted.then_some(&p.title),
    )
}

/// Applies new versions of pages already in `site`, when none of them changes the site's
/// shape. Returns the indices of the changed pages and their warnings, or `None` (leaving
/// `site` untouched) when a full build is needed.
pub(super) fn patch_pages(
    site: &mut Site,
    sources: &[Arc<Source>],
    opts: &BuildOptions,
    bodies: &BodyMemo,
) -> Option<(Vec<usize>, Diagnostics)> {
    let mut diags = Diagnostics::new();
    let mut updates: Vec<(usize, Page)> = Vec::new();
    for src in sources {
        if src.is_section {
            return None;
        }
        let index = site.pages.iter().position(|p| p.source == src.display)?;
        let old = &site.pages[index];
        let (new, d) = reread_page(site, old, src, opts, bodies)?;
        let title_sorted = site.sections[old.section].sort_by == SortBy::Title;
        if d.has_errors() || shape(&new, title_sorted) != shape(old, title_sorted) {
            return None;
        }
        diags.extend(d);
        updates.push((index, new));
    }
    let mut changed = Vec::with_capacity(updates.len());
    for (index, page) in updates {
        site.pages[index] = page;
        changed.push(index);
    }
    Some((changed, diags))
}
