//! New versions of pages applied to a built site whose set of files stays the same, when they
//! change what lists show (a date, a unit, tags, topics) but no address: every list is made
//! again by the same functions a full build uses, without resolving or rendering any other
//! page.

use super::build::{measure_lead_images, name_tags, tag_names};
use super::lists::Lists;
use super::{Neighbours, Page, PageId, Site};
use std::collections::BTreeMap;

/// Puts each `(index, page)` of `updates` in place of the page at that index and makes the
/// lists again. Returns every page that changed: those of `updates`, those whose tags now
/// show another name (the first spelling of a tag may have gone), and those with another
/// previous or next page. `None`, leaving `site`
/// untouched, when an update needs a full build to be right or to be reported: a new address
/// or alias, a column whose spelling others take, or a tag whose name clashes with another's.
pub fn reshape(site: &mut Site, updates: Vec<(PageId, Page)>) -> Option<Vec<PageId>> {
    let keeps_addresses = updates.iter().all(|(i, new)| {
        let old = &site.pages[*i];
        // A unit's columns take the spelling met first: a full build decides it again.
        let same_column = new.column.is_none() && old.column.is_none()
            || (new.unit == old.unit && new.column == old.column);
        new.permalink == old.permalink
            && new.aliases == old.aliases
            && new.section == old.section
            && same_column
    });
    if !keeps_addresses {
        return None;
    }
    let mut olds = Vec::with_capacity(updates.len());
    for (i, mut new) in updates {
        measure_lead_images(std::slice::from_mut(&mut new), &site.copied);
        olds.push((i, std::mem::replace(&mut site.pages[i.index()], new)));
    }
    let (names, clashes) = tag_names(&site.pages);
    if !clashes.is_empty() {
        // Backwards, so a page given twice gets its first version back.
        for (i, old) in olds.into_iter().rev() {
            site.pages[i.index()] = old;
        }
        return None;
    }
    let mut changed: Vec<PageId> = olds.into_iter().map(|(i, _)| i).collect();
    let pages = &mut site.pages;
    for i in name_tags(pages, &names) {
        if !changed.contains(&i) {
            changed.push(i);
        }
    }
    let before: Vec<Neighbours> = pages.iter().map(|p| p.neighbours).collect();
    relist(site, &names);
    for (i, (p, old)) in site.pages.iter().zip(before).enumerate() {
        if p.neighbours != old && !changed.contains(&PageId(i)) {
            changed.push(PageId(i));
        }
    }
    Some(changed)
}

/// Makes every list of `site` again from its pages, as a full build does: each section's
/// pages and each page's neighbours, topics, tags (named by `names`), units, the stream.
pub(super) fn relist(site: &mut Site, names: &BTreeMap<String, String>) {
    for p in &mut site.pages {
        p.neighbours = Neighbours::default();
    }
    for s in &mut site.sections {
        s.pages.clear();
    }
    let lists = Lists::of(
        &mut site.pages,
        &mut site.sections,
        &site.config,
        &site.units,
        names,
    );
    site.topics = lists.topics;
    site.tags = lists.tags;
    site.unit_pages = lists.unit_pages;
    site.recent = lists.recent;
    site.aliases = lists.aliases;
    // A post's `source_url` may now be, or no longer be, an imported article.
    let shown =
        super::imported::not_posted(&site.pages, &site.sections, &site.imported, &site.units);
    site.unit_imported = super::imported::by_unit(&site.units, &site.imported, &shown);
}
