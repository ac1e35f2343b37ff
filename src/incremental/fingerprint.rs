//! Fingerprints of what each file shows, so `serve` re-renders only the files whose inputs
//! changed. A fingerprint costs a hash of a few numbers; a render costs a template run.

use crate::model::{Page, Site};
use crate::render::feed::Feed;
use crate::render::Job;
use rayon::prelude::*;
use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};

fn finish(h: impl FnOnce(&mut DefaultHasher)) -> u64 {
    let mut s = DefaultHasher::new();
    h(&mut s);
    s.finish()
}

/// Everything every page may show: settings, units (with their counts), sections, tags,
/// topics, and the templates themselves. When it changes, nothing is reused.
pub(super) fn site(site: &Site, templates: u64) -> u64 {
    finish(|h| {
        templates.hash(h);
        format!("{:?}", site.config).hash(h);
        // Units in registry order (their index is a hash map, whose order varies).
        for u in site.units.iter() {
            format!("{u:?}").hash(h);
        }
        for s in &site.sections {
            (&s.title, s.permalink.as_str(), &s.summary, &s.content).hash(h);
            (s.paginate_by, &s.template, s.order, s.extra.to_string()).hash(h);
            (
                &s.subsections,
                s.pages.len(),
                s.reportable,
                s.dated,
                s.stream,
            )
                .hash(h);
        }
        for (id, list) in &site.unit_pages {
            (id.as_str(), list.len()).hash(h);
        }
        for (id, list) in &site.topics {
            (id, list.len()).hash(h);
        }
        for t in &site.tags {
            (&t.slug, &t.name, t.pages.len()).hash(h);
        }
    })
}

/// One page's own data as templates see it.
pub(super) fn page(p: &Page) -> u64 {
    finish(|h| {
        (
            p.permalink.as_str(),
            &p.title,
            &p.slug,
            &p.summary,
            &p.content,
        )
            .hash(h);
        (
            p.date,
            p.updated,
            p.unit.as_ref().map(|u| u.as_str()),
            &p.kind,
            &p.column,
        )
            .hash(h);
        (
            &p.topics,
            p.tags.iter().map(|t| &t.slug).collect::<Vec<_>>(),
        )
            .hash(h);
        (
            p.featured,
            &p.source_url,
            &p.image,
            &p.image_alt,
            p.order,
            p.draft,
            // Feeds give the lead image's size.
            p.image_len,
        )
            .hash(h);
        (p.section, p.extra.to_string()).hash(h);
    })
}

/// Fingerprints of every page, indexed like `site.pages`.
pub(super) fn pages(site: &Site) -> Vec<u64> {
    site.pages.par_iter().map(page).collect()
}

/// What the published reports read: the settings and every page's counted fields (not its
/// body, so editing a post's text does not recount).
pub(super) fn reports(site_fp: u64, site: &Site) -> u64 {
    finish(|h| {
        site_fp.hash(h);
        for p in &site.pages {
            (
                p.permalink.as_str(),
                &p.title,
                p.date,
                p.unit.as_ref().map(|u| u.as_str()),
            )
                .hash(h);
            (
                &p.kind, &p.topics, &p.column, p.featured, p.draft, p.section,
            )
                .hash(h);
            p.tags.iter().for_each(|t| t.slug.hash(h));
        }
    })
}

/// The fingerprint of one feed's files: the site's, the feed, and its items (an empty feed
/// takes its date from the site's newest page).
pub(super) fn feed(site_fp: u64, fps: &[u64], site: &Site, f: &Feed) -> u64 {
    finish(|h| {
        (site_fp, &f.id, &f.title, &f.description).hash(h);
        f.pages.iter().for_each(|&i| fps[i].hash(h));
        site.recent.first().map(|&i| fps[i]).hash(h);
    })
}

/// Hashes the fingerprints of the pages at `list[from..from + n]` and the list's length.
fn slice(h: &mut DefaultHasher, fps: &[u64], list: &[usize], page: usize, per: usize) {
    list.len().hash(h);
    for &i in list.iter().skip((page - 1) * per).take(per) {
        fps[i].hash(h);
    }
}

/// The fingerprint of one HTML file: the site's, the job, and the pages it shows.
pub(super) fn job(site_fp: u64, fps: &[u64], s: &Site, feeds: &[Feed], job: &Job) -> u64 {
    finish(|h| {
        site_fp.hash(h);
        let by = s.config.paginate_by;
        match *job {
            Job::Home => {
                0u8.hash(h);
                let home = &s.sections[s.home];
                home.pages.iter().for_each(|&i| fps[i].hash(h));
                s.latest_news(6).iter().for_each(|&i| fps[i].hash(h));
            }
            Job::Section { index, page } => {
                (1u8, index, page).hash(h);
                let sec = &s.sections[index];
                slice(h, fps, &sec.pages, page, sec.paginate_by);
                // Page 1 also gets every page of the section (`all_pages`).
                if page == 1 {
                    sec.pages.iter().for_each(|&i| fps[i].hash(h));
                }
            }
            Job::Page(i) => {
                (2u8, fps[i]).hash(h);
                let p = &s.pages[i];
                p.prev.map(|j| fps[j]).hash(h);
                p.next.map(|j| fps[j]).hash(h);
            }
            Job::Unit { index, page } => {
                (3u8, index, page).hash(h);
                let list = &s.unit_pages[index];
                slice(h, fps, list, page, by);
            }
            Job::Topic { index, page } => {
                (4u8, index, page).hash(h);
                slice(h, fps, &s.topics[index], page, by);
            }
            Job::Tag { index, page } => {
                (5u8, index, page).hash(h);
                slice(h, fps, &s.tags[index].pages, page, by);
            }
            Job::Alias(i) => {
                (6u8, i, fps[s.aliases[i].1]).hash(h);
            }
            Job::EmbedPage(i) => {
                (7u8, i).hash(h);
                feeds[i].pages.iter().for_each(|&p| fps[p].hash(h));
            }
            Job::Embeds => {
                8u8.hash(h);
                feeds.iter().for_each(|f| (&f.id, f.pages.len()).hash(h));
            }
            Job::Units => 9u8.hash(h),
            Job::Topics => 10u8.hash(h),
            Job::Tags => 11u8.hash(h),
            Job::NotFound => 12u8.hash(h),
            Job::Reports => 13u8.hash(h),
            Job::SiteMap => {
                // It shows each page's title and address only: a body edit keeps it.
                14u8.hash(h);
                s.pages
                    .iter()
                    .for_each(|p| (&p.title, &p.permalink).hash(h));
            }
        }
    })
}
