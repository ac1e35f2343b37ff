//! The site's lists, once every page is known: each section's pages in its order with each
//! page's neighbours, the stream of news, and the pages of each topic, tag and unit.

use super::{sort_newest_first, Page, PageId, Section, Tag};
use crate::base::vi::collate::sort_key;
use crate::input::config::SiteConfig;
use crate::input::units::{UnitId, Units};
use indexmap::IndexMap;
use rustc_hash::FxHashMap;
use std::collections::BTreeMap;

use super::permalink::Permalink;

/// The lists of a site (see `Site`'s fields of the same names).
pub(super) struct Lists {
    pub topics: IndexMap<String, Vec<PageId>>,
    pub tags: Vec<Tag>,
    pub unit_pages: IndexMap<UnitId, Vec<PageId>>,
    pub recent: Vec<PageId>,
    pub aliases: Vec<(Permalink, PageId)>,
}

impl Lists {
    /// Fills each section's list and each page's neighbours, and makes the other lists;
    /// `tag_names` gives the name shown for each tag slug.
    pub(super) fn of(
        pages: &mut [Page],
        sections: &mut [Section],
        config: &SiteConfig,
        units: &Units,
        tag_names: &BTreeMap<String, String>,
    ) -> Lists {
        for (i, p) in pages.iter().enumerate() {
            sections[p.section].pages.push(PageId(i));
        }
        for s in sections.iter_mut() {
            super::section::sort_pages(pages, s);
        }
        for s in sections.iter() {
            for w in s.pages.windows(2) {
                pages[w[0]].neighbours.next = Some(w[1]);
                pages[w[1]].neighbours.prev = Some(w[0]);
            }
        }
        let mut dated: Vec<PageId> = (0..pages.len())
            .map(PageId)
            .filter(|&i| pages[i].date.is_some())
            .collect();
        sort_newest_first(pages, &mut dated);
        let (topics, tags, unit_pages) = terms(pages, &dated, config, units, tag_names);
        let aliases = pages
            .iter()
            .enumerate()
            .flat_map(|(i, p)| p.aliases.iter().map(move |a| (a.clone(), PageId(i))))
            .collect();
        let recent = dated
            .into_iter()
            .filter(|&i| sections[pages[i].section].stream)
            .collect();
        Lists {
            topics,
            tags,
            unit_pages,
            recent,
            aliases,
        }
    }
}

/// Pages by topic, the tags with their pages, and pages by unit.
type Terms = (
    IndexMap<String, Vec<PageId>>,
    Vec<Tag>,
    IndexMap<UnitId, Vec<PageId>>,
);

/// The pages of each topic, tag and unit (a unit's include its descendants'): newest first,
/// then the undated pages in file order. Every topic and unit is there, even without pages;
/// tags go in Vietnamese alphabetical order of their names.
fn terms(
    pages: &[Page],
    dated: &[PageId],
    config: &SiteConfig,
    units: &Units,
    tag_names: &BTreeMap<String, String>,
) -> Terms {
    let mut topics: IndexMap<String, Vec<PageId>> = config
        .topics
        .keys()
        .map(|k| (k.clone(), Vec::new()))
        .collect();
    let mut tag_pages: FxHashMap<&str, Vec<PageId>> = FxHashMap::default();
    let mut unit_pages: IndexMap<UnitId, Vec<PageId>> =
        units.iter().map(|u| (u.id.clone(), Vec::new())).collect();
    let undated = (0..pages.len())
        .map(PageId)
        .filter(|&i| pages[i].date.is_none());
    for i in dated.iter().copied().chain(undated) {
        let p = &pages[i];
        for t in &p.topics {
            push_to(&mut topics, t, i);
        }
        for t in &p.tags {
            tag_pages.entry(&t.slug).or_default().push(i);
        }
        for u in p.unit.iter().flat_map(|u| units.ancestors_and_self(u)) {
            push_to(&mut unit_pages, u, i);
        }
    }
    let mut tags: Vec<Tag> = tag_pages
        .into_iter()
        .map(|(slug, pages)| Tag {
            name: tag_names[slug].clone(),
            slug: slug.to_string(),
            pages,
        })
        .collect();
    // Names that sort the same (`Hoà`, `hòa`) are one tag already; slugs break other ties.
    tags.sort_by_cached_key(|t| (sort_key(&t.name), t.slug.clone()));
    (topics, tags, unit_pages)
}

/// Adds `page` to the list of `key`, cloning the key only for a new list.
fn push_to<K>(map: &mut IndexMap<K, Vec<PageId>>, key: &K, page: PageId)
where
    K: std::hash::Hash + Eq + Clone,
{
    match map.get_mut(key) {
        Some(list) => list.push(page),
        None => {
            map.insert(key.clone(), vec![page]);
        }
    }
}
