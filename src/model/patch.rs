//! Edits that leave the site's shape alone, applied to the previous model in place: while an
//! editor types in a post, `serve` re-reads that one file instead of rebuilding every page.
//!
//! The shape is everything other pages depend on: the page's address, section, dates, order,
//! unit, topics, tags, kind, column, draft state and images. The body, the summary, the title
//! (unless its section sorts by title) and `extra` may change; anything else asks for a full
//! build, as does any error, so messages always come from the one full path.

use super::build::{
    check_page_images, copied_outputs, render_body, take_body, Entry, MarkdownCache,
};
use super::page::{self, Resolved};
use super::{BuildOptions, Page, Site, SortBy};
use crate::diagnostic::Diagnostics;
use crate::load::Source;
use std::collections::HashMap;
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
/// `site` and `cache` untouched) when a full build is needed.
pub fn patch_pages(
    site: &mut Site,
    sources: &[Arc<Source>],
    opts: &BuildOptions,
    cache: &mut MarkdownCache,
) -> Option<(Vec<usize>, Diagnostics)> {
    let by_dir: HashMap<String, usize> = site
        .sections
        .iter()
        .enumerate()
        .map(|(i, s)| (s.dir.clone(), i))
        .collect();
    let page_site = page::Site::new(&site.config, &site.units, &site.sections, &by_dir, opts);
    let files = copied_outputs(&site.copied);
    let mut diags = Diagnostics::new();
    let mut updates: Vec<(usize, Page, Entry)> = Vec::new();
    for src in sources {
        if src.is_section {
            return None;
        }
        let index = site.pages.iter().position(|p| p.source == src.display)?;
        let old = &site.pages[index];
        let mut d = Diagnostics::new();
        let Resolved {
            page: mut new,
            link_base,
            included,
        } = page::resolve(src, &page_site, &mut d);
        let title_sorted = site.sections[old.section].sort_by == SortBy::Title;
        if !included || d.has_errors() || shape(&new, title_sorted) != shape(old, title_sorted) {
            return None;
        }
        let rendered = Arc::new(render_body(src, &link_base, &cache.permalinks));
        (new.content, new.headings, new.links) = take_body(&mut new.summary, (*rendered).clone());
        (new.image_len, new.prev, new.next) = (old.image_len, old.prev, old.next);
        check_page_images(&new, &files, &mut d);
        if d.has_errors() {
            return None;
        }
        diags.extend(d);
        updates.push((index, new, (Arc::clone(src), link_base, rendered)));
    }
    let mut changed = Vec::with_capacity(updates.len());
    for (index, page, entry) in updates {
        cache.entries.insert(entry.0.rel.clone(), entry);
        site.pages[index] = page;
        changed.push(index);
    }
    Some((changed, diags))
}
