//! Fingerprints of what each file shows, so `serve` re-renders only the files whose inputs
//! changed. A fingerprint costs a hash of a few numbers; a render costs a template run.

use crate::base::hash::Fingerprinter;
use crate::model::{Page, Site};
use crate::render::feed::Feed;
use crate::render::Context;
use rayon::prelude::*;
use std::hash::{Hash, Hasher};

fn finish(h: impl FnOnce(&mut Fingerprinter)) -> u64 {
    let mut s = crate::base::hash::hasher();
    h(&mut s);
    s.finish()
}

/// What every file may show: the settings, and the layout's value of the site (menu,
/// units without their counts), and the templates themselves. When it changes, nothing is
/// reused; counts and lists are each file's own inputs (see `render::Reads`).
pub(super) fn site(site: &Site, layout: &minijinja::Value, templates: u64) -> u64 {
    finish(|h| {
        templates.hash(h);
        format!("{:?}", site.config).hash(h);
        layout.hash(h);
    })
}

/// One page's data as templates see it: the page (its body by the body's fingerprint), and
/// its section's title and address.
pub(super) fn page(site: &Site, p: &Page) -> u64 {
    let s = &site.sections[p.section];
    crate::base::hash::hash_of((p, &s.title, &s.permalink))
}

/// Fingerprints of every page, indexed like `site.pages`.
pub(super) fn pages(site: &Site) -> Vec<u64> {
    site.pages.par_iter().map(|p| page(site, p)).collect()
}

/// What the published reports read: the settings, the sections that count, and every page's
/// meta and title (not its body, so editing a post's text does not recount).
pub(super) fn reports(site_fp: u64, site: &Site) -> u64 {
    finish(|h| {
        site_fp.hash(h);
        for s in &site.sections {
            (&s.dir, &s.title, s.reportable, s.dated).hash(h);
        }
        site.pages.iter().for_each(|p| (&p.meta, &p.title).hash(h));
    })
}

/// The fingerprint of one feed's files: the site's, the feed, and its items (an empty feed
/// takes its date from the site's newest page).
pub(super) fn feed(site_fp: u64, fps: &[u64], site: &Site, f: &Feed) -> u64 {
    finish(|h| {
        (site_fp, f).hash(h);
        f.pages.iter().for_each(|&i| fps[i.index()].hash(h));
        site.recent.first().map(|&i| fps[i.index()]).hash(h);
    })
}

/// The fingerprint of one HTML file: the site's, its path and template, and what its
/// context read.
pub(super) fn html(site_fp: u64, fps: &[u64], cx: &Context) -> u64 {
    finish(|h| {
        (site_fp, &cx.path, &cx.template, cx.reads.other()).hash(h);
        cx.reads.pages.iter().for_each(|&i| fps[i.index()].hash(h));
    })
}
