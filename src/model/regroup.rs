//! Pages added to and removed from a built site in place: a post saved as a new file (or
//! deleted) makes the lists again, as `reshape` does, instead of the whole model. Whatever a
//! full build would decide otherwise or report asks for one instead.

use super::build::{check_page_images, copied_outputs, measure_lead_images, name_tags};
use super::page::Resolved;
use super::permalink::Permalink;
use super::reread::resolve_in;
use super::reshape::relist;
use super::{routes, Bodies, BuildOptions, LinkTable, Page, PageId, Site};
use crate::base::diagnostic::Diagnostics;
use crate::base::vi::tone::name_key;
use crate::input::{slash_path, Source, CONTENT_DIR};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// A page of the new order: one the site holds, by index, or one of the added.
#[derive(Clone, Copy)]
enum Slot {
    Kept(usize),
    Added(usize),
}

/// Where the pages went when some came or went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Moves {
    /// By new index, the index before; `None` for an added page.
    pub before: Vec<Option<PageId>>,
    /// By index before, the new index; `None` for a page taken out.
    pub after: Vec<Option<PageId>>,
}

impl Moves {
    /// The moves that give `order` out of `old_len` pages.
    fn of(order: &[Slot], old_len: usize) -> Moves {
        let mut after = vec![None; old_len];
        let before = order
            .iter()
            .enumerate()
            .map(|(n, s)| match *s {
                Slot::Kept(i) => {
                    after[i] = Some(PageId(n));
                    Some(PageId(i))
                }
                Slot::Added(_) => None,
            })
            .collect();
        Moves { before, after }
    }
}

/// What `regroup` did: where the pages went, which pages changed, and the warnings of the
/// added pages.
#[derive(Debug)]
pub struct Regrouped {
    pub moves: Moves,
    /// The added pages, those whose tags took another name, and those with another previous
    /// or next page, by new index.
    pub changed: Vec<PageId>,
    pub warnings: Diagnostics,
}

/// Takes out the pages of the files `removed` (paths as messages show them, `content/…`),
/// puts in the pages of `added` where file order has them, and makes the lists again.
/// `None`, leaving `site` untouched, when only a full build is
/// right or can report it: a section or bundle file, a file not published (a draft, a future
/// post) or with errors, a column (a unit's columns take the spelling met first), an address
/// another file has or loa reserves, a tag spelled as another tag's name.
pub fn regroup(
    site: &mut Site,
    removed: &[PathBuf],
    added: &[Arc<Source>],
    opts: &BuildOptions,
    bodies: &impl Bodies,
) -> Option<Regrouped> {
    let mut gone = removed
        .iter()
        .map(|path| site.pages.iter().position(|p| p.source == *path))
        .collect::<Option<Vec<usize>>>()?;
    gone.sort_unstable();
    if gone.iter().any(|&i| site.pages[i].column.is_some()) {
        return None;
    }
    let mut diags = Diagnostics::new();
    let fresh = resolve_added(site, added, opts, &mut diags)?;
    if !addresses_free(site, &gone, &fresh) {
        return None;
    }
    let order = new_order(site, &gone, &fresh);
    let (names, renamed) = names_after(site, &gone, &order, &fresh)?;
    // Edited in place (a table of a large site takes a while to copy), and put back when an
    // added page turns out to need a full build.
    let links = Arc::make_mut(&mut site.links);
    let undo = edit_links(links, &gone, removed, &site.pages, &fresh);
    let files = copied_outputs(&site.copied);
    let mut pages = Vec::with_capacity(fresh.len());
    for (src, mut page, link_base) in fresh {
        for t in &mut page.meta.tags {
            t.name.clone_from(&names[&t.slug]);
        }
        page.take_body(bodies.render(&src, &link_base, &site.links));
        check_page_images(&page, &files, &mut diags);
        measure_lead_images(std::slice::from_mut(&mut page), &site.copied);
        pages.push(Some(page));
    }
    drop(files);
    if diags.has_errors() {
        undo.apply(Arc::make_mut(&mut site.links));
        return None;
    }
    let moves = Moves::of(&order, site.pages.len());
    // Backwards, so the indices still to remove stay where they were; then each added page
    // at its place in the new order, first places first.
    for &i in gone.iter().rev() {
        site.pages.remove(i);
    }
    for (n, s) in order.iter().enumerate() {
        if let Slot::Added(j) = *s {
            site.pages
                .insert(n, pages[j].take().expect("each added page once"));
        }
    }
    // Only when a slug's first spelling changed do kept pages show another name.
    let mut changed = match renamed {
        true => name_tags(&mut site.pages, &names),
        false => Vec::new(),
    };
    changed.extend(
        moves
            .before
            .iter()
            .enumerate()
            .filter(|(_, b)| b.is_none())
            .map(|(n, _)| PageId(n)),
    );
    relist_moved(site, &names, &moves, &mut changed);
    Some(Regrouped {
        moves,
        changed,
        warnings: diags,
    })
}

/// Makes the lists again after pages moved as `moves` says, and adds to `changed` each page
/// with another previous or next page.
fn relist_moved(
    site: &mut Site,
    names: &BTreeMap<String, String>,
    moves: &Moves,
    changed: &mut Vec<PageId>,
) {
    let after = &moves.after;
    // Each kept page's neighbours as they were, by new index; one taken out is an `Err`, as
    // having none now is a change too.
    type Moved = Result<Option<PageId>, ()>;
    let moved = |n: Option<PageId>| -> Moved {
        n.map_or(Ok(None), |i| after[i.index()].map(Some).ok_or(()))
    };
    let old_neighbours: Vec<(Moved, Moved)> = site
        .pages
        .iter()
        .map(|p| (moved(p.neighbours.prev), moved(p.neighbours.next)))
        .collect();
    relist(site, names);
    let marked = PageId::marks(changed, site.pages.len());
    for (j, (p, old)) in site.pages.iter().zip(old_neighbours).enumerate() {
        let now = (Ok(p.neighbours.prev), Ok(p.neighbours.next));
        let kept_place = moves.before[j].is_some() && now == old;
        if !marked[j] && !kept_place {
            changed.push(PageId(j));
        }
    }
}

/// The name of every tag slug once the pages at `gone` are out and `fresh` in (in `order`),
/// and whether a slug kept pages show took another name; `None` when an added page spells a
/// slug with another name than the others (a clash, which a full build reports). Only the
/// slugs of those pages can change: the last good build had no clash, so every spelling of a
/// slug met before reads the same, and the first in file order names it.
fn names_after(
    site: &Site,
    gone: &[usize],
    order: &[Slot],
    fresh: &[(Arc<Source>, Page, String)],
) -> Option<(BTreeMap<String, String>, bool)> {
    let mut names: BTreeMap<String, String> = site
        .tags
        .iter()
        .map(|t| (t.slug.clone(), t.name.clone()))
        .collect();
    let mut touched: Vec<&str> = gone
        .iter()
        .flat_map(|&i| &site.pages[i].tags)
        .chain(fresh.iter().flat_map(|(_, p, _)| &p.tags))
        .map(|t| t.slug.as_str())
        .collect();
    touched.sort_unstable();
    touched.dedup();
    // The new place of every kept page and of every added one.
    let mut kept_at = vec![usize::MAX; site.pages.len()];
    let mut added_at = vec![0; fresh.len()];
    for (n, s) in order.iter().enumerate() {
        match *s {
            Slot::Kept(i) => kept_at[i] = n,
            Slot::Added(j) => added_at[j] = n,
        }
    }
    let written = |p: &'_ Page, slug: &str| -> Option<String> {
        p.tags
            .iter()
            .find(|t| t.slug == slug)
            .map(|t| t.written.clone())
    };
    let mut renamed = false;
    for slug in touched {
        // Kept spellings all read as the first of them: only that one is needed.
        let kept = site
            .tags
            .iter()
            .find(|t| t.slug == slug)
            .into_iter()
            .flat_map(|t| &t.pages)
            .filter(|i| gone.binary_search(&i.index()).is_err())
            .min_by_key(|i| kept_at[i.index()])
            .map(|i| (kept_at[i.index()], written(&site.pages[*i], slug)));
        let added = fresh
            .iter()
            .enumerate()
            .map(|(j, (_, p, _))| (added_at[j], written(p, slug)));
        let mut spellings: Vec<(usize, String)> = kept
            .into_iter()
            .chain(added)
            .filter_map(|(n, w)| Some((n, w?)))
            .collect();
        spellings.sort_unstable();
        let Some((_, first)) = spellings.first() else {
            names.remove(slug);
            continue;
        };
        let key = name_key(first);
        if spellings
            .iter()
            .any(|(_, w)| w != first && name_key(w) != key)
        {
            return None;
        }
        let before = names.insert(slug.to_string(), first.clone());
        renamed |= before.is_some_and(|b| b != *first);
    }
    Some((names, renamed))
}

/// The pages of `added` resolved against `site`, each with its source and link base; `None`
/// when one of them needs a full build (see `regroup`).
fn resolve_added(
    site: &Site,
    added: &[Arc<Source>],
    opts: &BuildOptions,
    diags: &mut Diagnostics,
) -> Option<Vec<(Arc<Source>, Page, String)>> {
    let mut fresh = Vec::with_capacity(added.len());
    for src in added {
        if src.is_section || src.is_bundle {
            return None;
        }
        let (
            Resolved {
                page, link_base, ..
            },
            d,
        ) = resolve_in(site, src, opts)?;
        if d.has_errors() || page.column.is_some() {
            return None;
        }
        diags.extend(d);
        fresh.push((Arc::clone(src), page, link_base));
    }
    Some(fresh)
}

/// Whether every address of the added pages (permalink and aliases) is free: not a section's,
/// not a kept page's, not another added page's, not one loa reserves.
fn addresses_free(site: &Site, gone: &[usize], fresh: &[(Arc<Source>, Page, String)]) -> bool {
    let new: Vec<&Permalink> = fresh
        .iter()
        .flat_map(|(_, p, _)| std::iter::once(&p.permalink).chain(&p.aliases))
        .collect();
    let reserved = routes::reserved(site.config.publish_reports);
    // A few new addresses against every other: a scan costs less than a set of them all.
    let mut seen: Vec<&Permalink> = Vec::with_capacity(new.len());
    for u in &new {
        if seen.contains(u) || reserved.iter().any(|(r, _)| r == u.as_str()) {
            return false;
        }
        seen.push(u);
    }
    let kept_urls = site
        .pages
        .iter()
        .enumerate()
        .filter(|(i, _)| gone.binary_search(i).is_err())
        .flat_map(|(_, p)| std::iter::once(&p.permalink).chain(&p.aliases));
    let mut others = site.sections.iter().map(|s| &s.permalink).chain(kept_urls);
    !others.any(|u| new.contains(&u))
}

/// The site's pages without those `gone`, with the added ones where a fresh build would list
/// them: pages are in file order, which is the order of their paths.
fn new_order(site: &Site, gone: &[usize], fresh: &[(Arc<Source>, Page, String)]) -> Vec<Slot> {
    let source = |s: &Slot| -> &Path {
        match *s {
            Slot::Kept(i) => &site.pages[i].source,
            Slot::Added(j) => &fresh[j].1.source,
        }
    };
    let mut order: Vec<Slot> = (0..site.pages.len())
        .filter(|i| gone.binary_search(i).is_err())
        .map(Slot::Kept)
        .collect();
    for (j, (_, p, _)) in fresh.iter().enumerate() {
        let at = order.partition_point(|s| source(s) < p.source.as_path());
        order.insert(at, Slot::Added(j));
    }
    order
}

/// What `edit_links` replaced, to put back.
struct Undo {
    id: u64,
    entries: Vec<(String, Option<Permalink>)>,
}

impl Undo {
    /// Puts `table` back as it was.
    fn apply(self, table: &mut LinkTable) {
        table.id = self.id;
        for (rel, before) in self.entries.into_iter().rev() {
            match before {
                Some(p) => table.permalinks.insert(rel, p),
                None => table.permalinks.remove(&rel),
            };
        }
    }
}

/// Takes the files `removed` (the pages at `gone`) out of `table` and puts the added pages
/// in, under a new id.
fn edit_links(
    table: &mut LinkTable,
    gone: &[usize],
    removed: &[PathBuf],
    pages: &[Page],
    fresh: &[(Arc<Source>, Page, String)],
) -> Undo {
    let mut undo = Undo {
        id: table.id,
        entries: Vec::with_capacity(removed.len() + fresh.len()),
    };
    let mut changes = Vec::with_capacity(removed.len() + fresh.len());
    for &i in gone {
        let path = &pages[i].source;
        let rel = slash_path(path.strip_prefix(CONTENT_DIR).unwrap_or(path));
        let before = table.permalinks.remove(&rel);
        changes.push((rel.clone(), None));
        undo.entries.push((rel, before));
    }
    for (src, p, _) in fresh {
        let before = table
            .permalinks
            .insert(src.rel.clone(), p.permalink.clone());
        changes.push((src.rel.clone(), Some(p.permalink.clone())));
        undo.entries.push((src.rel.clone(), before));
    }
    table.id = crate::base::hash::hash_of((table.id, changes));
    undo
}
