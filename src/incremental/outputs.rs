//! Rendered files kept from one build to the next, each with the fingerprint of the inputs
//! it was made from (see `fingerprint`): a rebuild renders only the files whose inputs
//! changed.

use super::fingerprint;
use crate::base::diagnostic::{Diagnostic, Diagnostics};
use crate::build::reports;
use crate::input::theme::Theme;
use crate::model::{PageId, Site};
use crate::render::feed::Item;
use crate::render::templates::Templates;
use crate::render::{self, Output, Plan, Renderer};
use minijinja::Value;
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use std::sync::Arc;

/// One HTML file as the last build made it: where it went, the fingerprint of its inputs,
/// the pages among them, and its bytes.
#[derive(Debug, Clone)]
struct Made {
    path: String,
    fp: u64,
    pages: Arc<[PageId]>,
    data: Arc<Vec<u8>>,
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
    /// HTML files rendered, and taken from the memo, by the last build.
    pub(super) rendered: usize,
    pub(super) reused: usize,
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
    let cx = r.context(n);
    let fp = fingerprint::html(site_fp, fps, &cx);
    // The pages it read by their index in this site: indices move between builds.
    let pages: Arc<[PageId]> = cx.reads.pages.as_slice().into();
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
        data,
    };
    Ok((made, taken))
}

impl OutputMemo {
    /// Every file of `site`, rendering only what changed since the last call; `changed`
    /// names the pages an edit in place replaced (the site's shape is then the same).
    pub(super) fn render(
        &mut self,
        site: &Site,
        theme: &Theme,
        templates: &Templates,
        changed: Option<&[PageId]>,
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
        // from it: an edit in place reuses them all, or, without it, nothing is reused by place.
        let kept = self.plan.take().filter(|_| changed.is_some());
        let in_place = changed.filter(|_| kept.is_some());
        let fps = self.page_fps(site, in_place);
        phases.mark("  page fingerprints");
        let plan = kept.unwrap_or_else(|| Plan::new(site));
        phases.mark("  plan");
        let items = render::items(site, &plan, &|i| self.items.get(&fps[i]).cloned());
        phases.mark("  items");
        let r = Renderer::new(site, templates, &plan, &items, &|i| {
            self.values.get(&fps[i]).cloned()
        });
        phases.mark("  shared values");
        let mut outputs = self.html(&plan, &r, &fps, in_place)?;
        phases.mark("  html");
        outputs.extend(self.feeds(site, &plan, &r, &fps));
        phases.mark("  feeds");
        outputs.extend(self.reports(site, &r, site_fp)?);
        phases.mark("  reports");
        outputs.extend(r.rest(theme));
        self.keep_values(&items, r.page_values(), &fps, in_place);
        drop(r);
        self.page_fps = fps;
        self.plan = Some(plan);
        phases.mark("  memo");
        Ok(outputs)
    }

    /// Keeps each page's feed item and template value by its fingerprint for the next build;
    /// after an edit in place only the changed pages' entries are replaced.
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
    fn page_fps(&self, site: &Site, in_place: Option<&[PageId]>) -> Vec<u64> {
        match in_place {
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
    /// After an edit in place (same plan), a file none of whose pages changed is taken as it
    /// is, without building its context.
    fn html(
        &mut self,
        plan: &Plan,
        r: &Renderer,
        fps: &[u64],
        in_place: Option<&[PageId]>,
    ) -> Result<Vec<Output>, Diagnostics> {
        let old = std::mem::take(&mut self.files);
        let site_fp = self.site;
        let results: Vec<Result<(Made, bool), Diagnostic>> = match in_place {
            // The same plan: the file at each place is the one made last time, moved over
            // as it is when none of its pages changed.
            Some(changed) => {
                debug_assert_eq!(old.len(), plan.len(), "a kept plan keeps its files");
                old.into_par_iter()
                    .enumerate()
                    .map(|(n, m)| {
                        if !m.pages.iter().any(|p| changed.contains(p)) {
                            return Ok((m, true));
                        }
                        made_again(r, n, site_fp, fps, |_| Some(&m))
                    })
                    .collect()
            }
            _ => {
                let by_path: FxHashMap<&str, &Made> =
                    old.iter().map(|m| (m.path.as_str(), m)).collect();
                (0..plan.len())
                    .into_par_iter()
                    .map(|n| made_again(r, n, site_fp, fps, |path| by_path.get(path).copied()))
                    .collect()
            }
        };
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
        self.rendered = plan.len() - self.reused;
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
