//! The site's lists, once every page is known: each section's pages in its order with each
//! page's neighbours, the stream of news, and the pages of each topic, tag and unit.

use super::{sort_newest_first, Page, PageId, Section, Tag};
use crate::base::id::TopicId;
use crate::base::vi::collate::sort_key;
use crate::input::config::SiteConfig;
use crate::input::units::{UnitId, Units};
use indexmap::IndexMap;
use rustc_hash::FxHashMap;
use std::collections::BTreeMap;

use super::permalink::Permalink;

/// The lists of a site (see `Site`'s fields of the same names).
pub(super) struct Lists {
    pub topics: IndexMap<TopicId, Vec<PageId>>,
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
        // The site's order, newest first, sorted once: a section sorted by date goes by each
        // page's place in it (the order is total, so a part of it is that part sorted).
        let mut newest: Vec<PageId> = (0..pages.len()).map(PageId).collect();
        sort_newest_first(pages, &mut newest);
        let mut rank = vec![0; pages.len()];
        for (r, &i) in newest.iter().enumerate() {
            rank[i.index()] = r;
        }
        // In file order first, which the other orders keep for equal keys.
        for (i, p) in pages.iter().enumerate() {
            sections[p.section].pages.push(PageId(i));
        }
        for s in sections.iter_mut() {
            super::section::sort_pages(pages, s, &rank);
        }
        for s in sections.iter() {
            for w in s.pages.windows(2) {
                pages[w[0]].neighbours.next = Some(w[1]);
                pages[w[1]].neighbours.prev = Some(w[0]);
            }
        }
        // Undated pages come last in that order.
        let dated: Vec<PageId> = newest
            .into_iter()
            .take_while(|&i| pages[i].date.is_some())
            .collect();
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
    IndexMap<TopicId, Vec<PageId>>,
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
    // Lists by position, found through a fast map: this runs after every edit in place.
    let topic_at: FxHashMap<&str, usize> = config
        .topics
        .keys()
        .enumerate()
        .map(|(i, k)| (k.as_str(), i))
        .collect();
    let mut topic_lists: Vec<Vec<PageId>> = vec![Vec::new(); topic_at.len()];
    let mut tag_pages: FxHashMap<&str, Vec<PageId>> = FxHashMap::default();
    // Each unit's own position and its ancestors', in registry order.
    let unit_chains: FxHashMap<&str, Vec<usize>> = units
        .iter()
        .map(|u| {
            let chain = units.ancestors_and_self(&u.id).map(|a| units.position(a));
            (u.id.as_str(), chain.collect())
        })
        .collect();
    let mut unit_lists: Vec<Vec<PageId>> = vec![Vec::new(); unit_chains.len()];
    let undated = (0..pages.len())
        .map(PageId)
        .filter(|&i| pages[i].date.is_none());
    for i in dated.iter().copied().chain(undated) {
        let p = &pages[i];
        // Topics and units were checked against the settings and the registry.
        for t in p.topics.iter().filter_map(|t| topic_at.get(t.as_str())) {
            topic_lists[*t].push(i);
        }
        for t in &p.tags {
            tag_pages.entry(&t.slug).or_default().push(i);
        }
        let chain = p.unit.as_ref().and_then(|u| unit_chains.get(u.as_str()));
        for &u in chain.into_iter().flatten() {
            unit_lists[u].push(i);
        }
    }
    let topics = config.topics.keys().cloned().zip(topic_lists).collect();
    let unit_pages = units.iter().map(|u| u.id.clone()).zip(unit_lists).collect();
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
