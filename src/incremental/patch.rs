//! Edits applied to the previous model in place: while an editor types in a post, `serve`
//! re-reads that one file instead of rebuilding every page.
//!
//! The shape is a page's `PageMeta`: its address, section, dates, order, unit, topics, tags,
//! kind, column, draft state and images. An edit of the body, the summary, the title (unless
//! titles order its section) or `extra` keeps it, and is applied as it is. An edit of the rest
//! that keeps every address has the lists made again (`model::reshape`). Anything else asks for
//! a full build, as does any error, so messages always come from the one full path.
//!
//! A file added or deleted has the pages taken out and put in and the lists made again
//! (`model::regroup`), unless another file's body links to it: then a full build renders
//! those bodies again.

use super::bodies::BodyMemo;
use super::files::Edit;
use crate::base::diagnostic::Diagnostics;
use crate::input::Source;
use crate::model::{regroup, reread_page, reshape, BuildOptions, Moves, Page, PageId, Site};
use std::path::PathBuf;
use std::sync::Arc;

/// What an edit in place changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Reach {
    /// What the pages show, not where they are listed: the site's shape is the same.
    Pages,
    /// The lists too: the same pages at the same indices, listed differently.
    Lists,
    /// Pages came or went, and moved as these say.
    Regrouped(Moves),
}

/// Applies `edits` to `site`: `patch_pages` when every file was there before and is still,
/// `regroup` otherwise (an edited file among added or deleted ones is taken out and put in).
/// `None`, leaving `site` untouched, when a full build is needed.
pub(super) fn patch(
    site: &mut Site,
    edits: &[Edit],
    opts: &BuildOptions,
    bodies: &BodyMemo,
) -> Option<(Reach, Vec<PageId>, Diagnostics)> {
    let edited: Option<Vec<Arc<Source>>> = edits
        .iter()
        .map(|e| match e {
            Edit::Changed((_, _, s)) => Some(Arc::clone(s)),
            _ => None,
        })
        .collect();
    if let Some(sources) = edited {
        return patch_pages(site, &sources, opts, bodies);
    }
    let mut removed: Vec<PathBuf> = Vec::new();
    let mut added: Vec<Arc<Source>> = Vec::new();
    for e in edits {
        let rel = match e {
            Edit::Changed((_, _, s)) => {
                removed.push(s.display.clone());
                added.push(Arc::clone(s));
                &s.rel
            }
            Edit::Added((_, _, s)) => {
                added.push(Arc::clone(s));
                &s.rel
            }
            Edit::Deleted(_, rel) => {
                removed.push(e.display());
                rel
            }
        };
        // A body that linked to the file shows another address or none now.
        if bodies.looked_up(rel) {
            return None;
        }
    }
    let done = regroup(site, &removed, &added, opts, bodies)?;
    Some((Reach::Regrouped(done.moves), done.changed, done.warnings))
}

/// Applies new versions of pages already in `site` that keep every address. Returns how far
/// the edit reaches, the indices of the changed pages and their warnings, or `None` (leaving
/// `site` untouched) when a full build is needed.
pub(super) fn patch_pages(
    site: &mut Site,
    sources: &[Arc<Source>],
    opts: &BuildOptions,
    bodies: &BodyMemo,
) -> Option<(Reach, Vec<PageId>, Diagnostics)> {
    let mut diags = Diagnostics::new();
    let mut updates: Vec<(PageId, Page)> = Vec::new();
    let mut reshaped = false;
    for src in sources {
        if src.is_section {
            return None;
        }
        // As bytes: comparing paths component by component costs more than a whole scan.
        let path = src.display.as_os_str();
        let index = site
            .pages
            .iter()
            .position(|p| p.source.as_os_str() == path)?;
        let old = &site.pages[index];
        let (new, d) = reread_page(site, old, src, opts, bodies)?;
        if d.has_errors() {
            return None;
        }
        let title_sorted = site.title_places(PageId(index));
        // Where its title decides its place, the title is part of the shape.
        let same_shape = new.meta == old.meta && (!title_sorted || new.title == old.title);
        reshaped |= !same_shape;
        diags.extend(d);
        updates.push((PageId(index), new));
    }
    if reshaped {
        return Some((Reach::Lists, reshape(site, updates)?, diags));
    }
    let changed = updates
        .into_iter()
        .map(|(i, page)| {
            site.pages[i.index()] = page;
            i
        })
        .collect();
    Some((Reach::Pages, changed, diags))
}
