//! Rendered files kept from one build to the next, each with the fingerprint of the inputs
//! it was made from (see `fingerprint`): a rebuild renders only the files whose inputs
//! changed.

use super::fingerprint;
use crate::base::diagnostic::{Diagnostic, Diagnostics};
use crate::build::reports;
use crate::input::theme::Theme;
use crate::model::Site;
use crate::render::feed::Item;
use crate::render::templates::Templates;
use crate::render::{self, Output, Plan, Renderer};
use minijinja::Value;
use rayon::prelude::*;
use std::collections::HashMap;
use std::sync::Arc;

/// What the last build rendered, by what it was made from.
#[derive(Debug, Default)]
pub(super) struct OutputMemo {
    /// Fingerprint of what every page may show; when it changes, nothing is reused.
    site: u64,
    /// The last plan, kept for edits in place (which keep every address and list).
    plan: Option<Plan>,
    /// Fingerprints of every page, indexed like `site.pages`.
    page_fps: Vec<u64>,
    /// HTML files by path, with the fingerprint of what they show.
    files: HashMap<String, (u64, Arc<Vec<u8>>)>,
    /// Template values of pages by the page's fingerprint.
    values: HashMap<u64, Value>,
    /// Feed items of pages by the page's fingerprint.
    items: HashMap<u64, Arc<Item>>,
    /// The files of each feed (three formats and the embed script) by feed id.
    feeds: HashMap<String, (u64, Vec<Output>)>,
    /// The published reports and the fingerprint of the counted fields they were made from.
    reports: Option<(u64, Vec<Output>)>,
    /// HTML files rendered, and taken from the memo, by the last build.
    pub(super) rendered: usize,
    pub(super) reused: usize,
}

impl OutputMemo {
    /// Every file of `site`, rendering only what changed since the last call; `changed`
    /// names the pages an edit in place replaced (the site's shape is then the same).
    pub(super) fn render(
        &mut self,
        site: &Site,
        theme: &Theme,
        templates: &Templates,
        changed: Option<&[usize]>,
    ) -> Result<Vec<Output>, Diagnostics> {
        let site_fp = fingerprint::site(site, templates.fingerprint);
        if self.site != site_fp {
            *self = OutputMemo {
                site: site_fp,
                ..OutputMemo::default()
            };
        }
        let fps = self.page_fps(site, changed);
        let plan = match (changed, self.plan.take()) {
            (Some(_), Some(plan)) => plan,
            _ => Plan::new(site),
        };
        let items = render::items(site, &plan, &|i| self.items.get(&fps[i]).cloned());
        let r = Renderer::new(site, templates, &plan, &items, &|i| {
            self.values.get(&fps[i]).cloned()
        });
        let mut outputs = self.html(site, &plan, &r, &fps, changed.is_some())?;
        outputs.extend(self.feeds(site, &plan, &r, &fps));
        outputs.extend(self.reports(site, &r, site_fp)?);
        outputs.extend(r.rest(theme));
        self.items = items
            .iter()
            .enumerate()
            .filter_map(|(i, it)| Some((fps[i], Arc::clone(it.as_ref()?))))
            .collect();
        self.values = fps
            .iter()
            .copied()
            .zip(r.page_values().iter().cloned())
            .collect();
        drop(r);
        self.page_fps = fps;
        self.plan = Some(plan);
        Ok(outputs)
    }

    /// Fingerprints of every page; after an edit in place only the changed pages' are
    /// computed again.
    fn page_fps(&self, site: &Site, changed: Option<&[usize]>) -> Vec<u64> {
        match changed {
            Some(changed) if self.page_fps.len() == site.pages.len() => {
                let mut fps = self.page_fps.clone();
                for &i in changed {
                    fps[i] = fingerprint::page(&site.pages[i]);
                }
                fps
            }
            _ => fingerprint::pages(site),
        }
    }

    /// The HTML files of the plan, each taken from the memo when what it shows is unchanged.
    fn html(
        &mut self,
        site: &Site,
        plan: &Plan,
        r: &Renderer,
        fps: &[u64],
        in_place: bool,
    ) -> Result<Vec<Output>, Diagnostics> {
        let old = &self.files;
        let results: Vec<(u64, bool, Result<Output, Diagnostic>)> = plan
            .jobs
            .par_iter()
            .enumerate()
            .map(|(n, job)| {
                let fp = fingerprint::job(self.site, fps, site, &plan.feeds, job);
                let path = r.path(n);
                match old.get(&path).filter(|(f, _)| *f == fp) {
                    Some((_, data)) => {
                        let data = Arc::clone(data);
                        (fp, true, Ok(Output::Bytes { path, data }))
                    }
                    None => (fp, false, r.html(n)),
                }
            })
            .collect();
        self.reused = results.iter().filter(|(_, reused, _)| *reused).count();
        self.rendered = results.len() - self.reused;
        if !in_place {
            // A new plan: files of the old one that it no longer has are dropped.
            self.files.clear();
        }
        let mut diags = Diagnostics::new();
        let mut outputs = Vec::with_capacity(results.len());
        for (fp, reused, result) in results {
            match result {
                Ok(o) => {
                    if let (false, Output::Bytes { path, data }) = (reused, &o) {
                        self.files.insert(path.clone(), (fp, Arc::clone(data)));
                    } else if let Output::Bytes { path, data } = &o {
                        self.files
                            .entry(path.clone())
                            .or_insert_with(|| (fp, Arc::clone(data)));
                    }
                    outputs.push(o);
                }
                Err(d) => diags.push(d),
            }
        }
        if diags.has_errors() {
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
