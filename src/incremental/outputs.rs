//! Rendered files kept from one build to the next, each with the fingerprint of the inputs
//! it was made from (see `fingerprint`): a rebuild renders only the files whose inputs
//! changed.

use super::fingerprint;
use crate::base::diagnostic::{Diagnostic, Diagnostics};
use crate::build::reports;
use crate::input::theme::Theme;
use crate::model::{Moves, PageId, Site};
use crate::render::feed::Item;
use crate::render::templates::Templates;
use crate::render::{self, Dep, Output, Plan, Renderer};
use crate::search::{self, doc::Doc};
use minijinja::Value;
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use std::sync::Arc;

/// One HTML file as the last build made it: where it went, the fingerprint of its inputs,
/// the pages among them, what it read of lists (see `Reads::lists` and `Reads::deps`), and
/// its bytes.
#[derive(Debug, Clone)]
struct Made {
    path: String,
    fp: u64,
    pages: Arc<[PageId]>,
    lists: bool,
    deps: Arc<[Dep]>,
    data: Arc<Vec<u8>>,
}

impl Made {
    /// Whether it is made of none of the pages marked in `changed` and, when lists may have
    /// changed too (`lists` renders them), of no list that did: then it is the same file.
    fn unchanged(&self, changed: &[bool], lists: Option<&Renderer>) -> bool {
        if self.pages.iter().any(|p| changed[p.index()]) {
            return false;
        }
        match lists {
            None => true,
            Some(r) => !self.lists && self.deps.iter().all(|d| r.holds(d)),
        }
    }

    /// After pages came or went: its pages by their new indices (`after` maps old to new),
    /// when none of them changed or went, it read no list, and its other inputs hold (a slice
    /// of a list names its pages by address, which moves with them).
    fn moved(
        &self,
        after: &[Option<PageId>],
        changed: &[bool],
        r: &Renderer,
    ) -> Option<Arc<[PageId]>> {
        if self.lists || !self.deps.iter().all(|d| r.holds(d)) {
            return None;
        }
        self.pages
            .iter()
            .map(|p| after[p.index()].filter(|n| !changed[n.index()]))
            .collect()
    }
}

/// What changed since the last build, as far as the memo is told.
#[derive(Debug, Clone, Copy)]
pub(super) enum Change<'c> {
    /// Anything: every page's fingerprint is taken again.
    Unknown,
    /// What these pages show: every address and list is the same (the plan is kept).
    Pages(&'c [PageId]),
    /// These pages and the lists that show them: the same pages at the same indices.
    Lists(&'c [PageId]),
    /// Pages came or went: these pages changed (by their new indices), and moved as `Moves`
    /// says.
    Regrouped(&'c [PageId], &'c Moves),
}

/// Pages that came or went, as rendering uses them: where each went, and which changed.
#[derive(Debug)]
pub(super) struct Moved<'c> {
    moves: &'c Moves,
    /// Whether each page (by new index) changed.
    changed: Vec<bool>,
}

impl<'c> Moved<'c> {
    fn new(changed: &[PageId], moves: &'c Moves) -> Moved<'c> {
        Moved {
            moves,
            changed: PageId::marks(changed, moves.before.len()),
        }
    }

    /// Every page's fingerprint: an unchanged page keeps the one it had.
    fn fingerprints(&self, site: &Site, last: &[u64]) -> Vec<u64> {
        self.moves
            .before
            .iter()
            .enumerate()
            .map(|(j, b)| match b {
                Some(i) if !self.changed[j] => last[i.index()],
                _ => fingerprint::page(site, &site.pages[j]),
            })
            .collect()
    }
}

/// What the last build rendered, by what it was made from.
#[derive(Debug, Default)]
pub(super) struct OutputMemo {
    /// Fingerprint of what every page may show; when it changes, nothing is reused.
    site: u64,
    /// The last plan, kept for edits in place (which keep every address and list).
    plan: Option<Plan>,
    /// Fingerprints of every page, indexed like `site.pages`.
    page_fps: Vec<u64>,
    /// The HTML files of the last plan, in its order.
    files: Vec<Made>,
    /// Template values of pages by the page's fingerprint.
    values: FxHashMap<u64, Value>,
    /// Feed items of pages by the page's fingerprint.
    items: FxHashMap<u64, Arc<Item>>,
    /// The files of each feed (three formats and the embed script) by feed id.
    feeds: FxHashMap<String, (u64, Vec<Output>)>,
    /// The published reports and the fingerprint of the counted fields they were made from.
    reports: Option<(u64, Vec<Output>)>,
    /// Search docs of pages by the page's fingerprint.
    docs: FxHashMap<u64, Option<Arc<Doc>>>,
    /// The search index's files and the fingerprint of the docs they were made from.
    search: Option<(u64, Vec<Output>)>,
    /// Whether the search index is left for the caller to make later (see `Pending`).
    pub(super) search_later: bool,
    /// The index to make, when it was left for later and changed.
    pub(super) pending: Option<Pending>,
    /// HTML files rendered, and taken from the memo, by the last build.
    pub(super) rendered: usize,
    pub(super) reused: usize,
}

/// A search index left for later: the docs it is made of, and their fingerprint.
#[derive(Debug, Clone)]
pub struct Pending {
    pub fp: u64,
    pub docs: Vec<Option<Arc<Doc>>>,
}

impl Pending {
    /// The index's files for `site` (the site of the build that left it).
    pub fn files(&self, site: &Site) -> Vec<Output> {
        render::search_files(site, &self.docs)
    }
}

/// HTML file `n` of the plan: its context built, and the file taken from `previous` (looked
/// up by its path) when what the context read is unchanged, rendered otherwise. Says whether
/// it was taken.
fn made_again<'m>(
    r: &Renderer,
    n: usize,
    site_fp: u64,
    fps: &[u64],
    previous: impl FnOnce(&str) -> Option<&'m Made>,
) -> Result<(Made, bool), Diagnostic> {
    let mut cx = r.context(n);
    let fp = fingerprint::html(site_fp, fps, &cx);
    // The pages it read by their index in this site: indices move between builds.
    let pages: Arc<[PageId]> = cx.reads.pages.as_slice().into();
    let lists = cx.reads.lists;
    let deps: Arc<[Dep]> = std::mem::take(&mut cx.reads.deps).into();
    let path = cx.path.clone();
    let (data, taken) = match previous(&path).filter(|m| m.fp == fp) {
        Some(m) => (Arc::clone(&m.data), true),
        None => match r.render(n, cx)? {
            Output::Bytes { data, .. } => (data, false),
            Output::Copy { .. } => unreachable!("HTML files are rendered"),
        },
    };
    let made = Made {
        path,
        fp,
        pages,
        lists,
        deps,
        data,
    };
    Ok((made, taken))
}

impl OutputMemo {
    /// Every file of `site`, rendering only what changed since the last call, as `change`
    /// tells.
    pub(super) fn render(
        &mut self,
        site: &Site,
        theme: &Theme,
        templates: &Templates,
        change: Change,
    ) -> Result<Vec<Output>, Diagnostics> {
        let mut phases = crate::build::Phases::start();
        let site_fp = fingerprint::site(site, &render::site_value(site), templates.fingerprint);
        if self.site != site_fp {
            // Everything is made again, page values and feed items too (they show names of
            // units, kinds and topics).
            *self = OutputMemo {
                site: site_fp,
                ..OutputMemo::default()
            };
        }
        phases.mark("  site fingerprint");
        // The plan is kept only by a good build, with the files, fingerprints and values made
        // from it. An edit in place reuses the pages' fingerprints and values; one that keeps
        // the lists reuses the plan and its files by place too.
        let kept = self.plan.take();
        let same_pages = match change {
            Change::Pages(c) | Change::Lists(c) => kept.is_some().then_some(c),
            Change::Unknown | Change::Regrouped(..) => None,
        };
        let moved = match change {
            Change::Regrouped(c, moves) if kept.is_some() => Some(Moved::new(c, moves)),
            _ => None,
        };
        let fps = match &moved {
            Some(m) => m.fingerprints(site, &self.page_fps),
            None => self.page_fps(site, same_pages),
        };
        phases.mark("  page fingerprints");
        let kept = kept.filter(|_| matches!(change, Change::Pages(_)) && same_pages.is_some());
        let kept_plan = kept.is_some();
        let plan = kept.unwrap_or_else(|| Plan::new(site));
        phases.mark("  plan");
        let items = render::items(site, &plan, &|i| self.items.get(&fps[i]).cloned());
        phases.mark("  items");
        let r = Renderer::new(site, templates, &plan, &items, &|i| {
            self.values.get(&fps[i]).cloned()
        });
        phases.mark("  shared values");
        // Without the last build's files and fingerprints, nothing is known to be kept.
        let change = match same_pages.is_none() && moved.is_none() {
            true => Change::Unknown,
            false => change,
        };
        let mut outputs = self.html(&plan, &r, &fps, change, moved.as_ref(), kept_plan)?;
        phases.mark("  html");
        outputs.extend(self.feeds(site, &plan, &r, &fps));
        phases.mark("  feeds");
        outputs.extend(self.reports(site, &r, site_fp)?);
        phases.mark("  reports");
        outputs.extend(self.search(site, &fps, site_fp));
        phases.mark("  search");
        outputs.extend(r.rest(theme));
        self.keep_values(&items, r.page_values(), &fps, same_pages);
        drop(r);
        self.page_fps = fps;
        self.plan = Some(plan);
        phases.mark("  memo");
        Ok(outputs)
    }

    /// Keeps each page's feed item and template value by its fingerprint for the next build;
    /// after an edit in place only the changed pages' entries are replaced (a page that joins
    /// a feed then has its item made again by the next build too).
    fn keep_values(
        &mut self,
        items: &[Option<Arc<Item>>],
        values: &[Value],
        fps: &[u64],
        in_place: Option<&[PageId]>,
    ) {
        match in_place {
            Some(changed) => {
                for &i in changed {
                    let (old, new) = (self.page_fps[i.index()], fps[i.index()]);
                    self.items.remove(&old);
                    self.values.remove(&old);
                    if let Some(it) = &items[i.index()] {
                        self.items.insert(new, Arc::clone(it));
                    }
                    self.values.insert(new, values[i.index()].clone());
                }
            }
            None => {
                self.items = items
                    .iter()
                    .enumerate()
                    .filter_map(|(i, it)| Some((fps[i], Arc::clone(it.as_ref()?))))
                    .collect();
                self.values = fps.iter().copied().zip(values.iter().cloned()).collect();
            }
        }
    }

    /// Fingerprints of every page; after an edit in place only the changed pages' are
    /// computed again.
    fn page_fps(&self, site: &Site, same_pages: Option<&[PageId]>) -> Vec<u64> {
        match same_pages {
            Some(changed) => {
                let mut fps = self.page_fps.clone();
                for &i in changed {
                    fps[i.index()] = fingerprint::page(site, &site.pages[i]);
                }
                fps
            }
            _ => fingerprint::pages(site),
        }
    }

    /// The HTML files of the plan, each taken from the memo when what it shows is unchanged.
    /// After an edit in place, a file made of none of the changed pages (and of no list, when
    /// lists changed) is taken as it is, without building its context: by place when the plan
    /// is the same, by path otherwise.
    fn html(
        &mut self,
        plan: &Plan,
        r: &Renderer,
        fps: &[u64],
        change: Change,
        moved: Option<&Moved>,
        kept_plan: bool,
    ) -> Result<Vec<Output>, Diagnostics> {
        let old = std::mem::take(&mut self.files);
        let site_fp = self.site;
        let marked = |c: &[PageId]| PageId::marks(c, fps.len());
        let results: Vec<Result<(Made, bool), Diagnostic>> = match change {
            // The same plan: the file at each place is the one made last time, moved over
            // as it is when none of its pages changed.
            Change::Pages(changed) if kept_plan => {
                debug_assert_eq!(old.len(), plan.len(), "a kept plan keeps its files");
                let changed = marked(changed);
                old.into_par_iter()
                    .enumerate()
                    .map(|(n, m)| match m.unchanged(&changed, None) {
                        true => Ok((m, true)),
                        false => made_again(r, n, site_fp, fps, |_| Some(&m)),
                    })
                    .collect()
            }
            // By path. After an edit of lists, a file whose inputs all hold is taken without
            // its context; after pages came or went, one made of the same unchanged pages
            // that read no list, with its pages' new indices.
            _ => {
                let lists_changed = match change {
                    Change::Lists(changed) => Some(marked(changed)),
                    _ => None,
                };
                let taken = |m: &Made| -> Option<Made> {
                    if let Some(changed) = &lists_changed {
                        return m.unchanged(changed, Some(r)).then(|| m.clone());
                    }
                    let moved = moved?;
                    let pages = m.moved(&moved.moves.after, &moved.changed, r)?;
                    Some(Made { pages, ..m.clone() })
                };
                let by_path: FxHashMap<&str, &Made> =
                    old.iter().map(|m| (m.path.as_str(), m)).collect();
                (0..plan.len())
                    .into_par_iter()
                    .map(|n| {
                        let kept = by_path.get(r.path(n).as_str());
                        if let Some(made) = kept.and_then(|m| taken(m)) {
                            return Ok((made, true));
                        }
                        made_again(r, n, site_fp, fps, |path| by_path.get(path).copied())
                    })
                    .collect()
            }
        };
        self.keep_files(results)
    }

    /// Keeps the files of this build for the next one and gives their outputs, or every
    /// error among them (then nothing is kept).
    fn keep_files(
        &mut self,
        results: Vec<Result<(Made, bool), Diagnostic>>,
    ) -> Result<Vec<Output>, Diagnostics> {
        let count = results.len();
        let mut diags = Diagnostics::new();
        let mut outputs = Vec::with_capacity(results.len());
        self.reused = 0;
        for result in results {
            match result {
                Ok((made, reused)) => {
                    self.reused += usize::from(reused);
                    outputs.push(Output::Bytes {
                        path: made.path.clone(),
                        data: Arc::clone(&made.data),
                    });
                    self.files.push(made);
                }
                Err(d) => diags.push(d),
            }
        }
        self.rendered = count - self.reused;
        if diags.has_errors() {
            // A failed build keeps nothing: the next one compares with no file.
            self.files.clear();
            return Err(diags);
        }
        Ok(outputs)
    }

    /// The files of every feed, each feed's taken from the memo when its items are unchanged.
    fn feeds(&mut self, site: &Site, plan: &Plan, r: &Renderer, fps: &[u64]) -> Vec<Output> {
        let old = &self.feeds;
        let made: Vec<(u64, Vec<Output>)> = plan
            .feeds
            .par_iter()
            .enumerate()
            .map(|(i, f)| {
                let fp = fingerprint::feed(self.site, fps, site, f);
                match old.get(&f.id).filter(|(old, _)| *old == fp) {
                    Some((_, files)) => (fp, files.clone()),
                    None => (fp, r.feed_files(i)),
                }
            })
            .collect();
        self.feeds = plan
            .feeds
            .iter()
            .zip(&made)
            .map(|(f, (fp, files))| (f.id.clone(), (*fp, files.clone())))
            .collect();
        made.into_iter().flat_map(|(_, files)| files).collect()
    }

    /// The search index: each page's doc taken from the memo by the page's fingerprint, and
    /// the files made again only when some doc changed (or left in `pending`, when asked).
    fn search(&mut self, site: &Site, fps: &[u64], site_fp: u64) -> Vec<Output> {
        let old = std::mem::take(&mut self.docs);
        let docs = render::search_docs(site, &|i| {
            let published = search::doc::published(site, &site.pages[i]);
            // A page published since (its date has come) is made again.
            old.get(&fps[i])
                .filter(|d| d.is_some() == published)
                .cloned()
        });
        self.docs = fps.iter().copied().zip(docs.iter().cloned()).collect();
        // A doc is made from its page alone (names come with the site's fingerprint).
        let published: Vec<bool> = docs.iter().map(Option::is_some).collect();
        let fp = crate::base::hash::hash_of((site_fp, fps, published));
        self.pending = None;
        if let Some((_, files)) = self.search.as_ref().filter(|(old, _)| *old == fp) {
            return files.clone();
        }
        if self.search_later {
            self.pending = Some(Pending { fp, docs });
            return Vec::new();
        }
        let files = render::search_files(site, &docs);
        self.search = Some((fp, files.clone()));
        files
    }

    /// Keeps the files of a pending index, made by the caller, for the next build.
    pub(super) fn searched(&mut self, fp: u64, files: Vec<Output>) {
        self.search = Some((fp, files));
    }

    /// The published reports; they read only the counted fields of pages, so a body edit
    /// reuses them.
    fn reports(
        &mut self,
        site: &Site,
        r: &Renderer,
        site_fp: u64,
    ) -> Result<Vec<Output>, Diagnostics> {
        if !site.config.publish_reports {
            return Ok(Vec::new());
        }
        let fp = fingerprint::reports(site_fp, site);
        if let Some((_, files)) = self.reports.as_ref().filter(|(old, _)| *old == fp) {
            return Ok(files.clone());
        }
        let files = reports::published(site, r)?;
        self.reports = Some((fp, files.clone()));
        Ok(files)
    }
}
