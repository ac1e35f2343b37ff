//! Render: pure functions from the Site model to output bytes. Nothing here touches the disk.

mod cache;
mod context;
pub mod embed;
pub mod feed;
mod fingerprint;
pub mod relocate;
mod sitemap;
pub mod templates;

pub use cache::RenderCache;
use cache::Shape;

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::load::theme::{StaticSource, Theme};
use crate::model::permalink::Permalink;
use crate::model::Site;
use context::Shared;
use minijinja::{context, Value};
use rayon::prelude::*;
use std::path::PathBuf;
use std::sync::Arc;
use templates::Templates;

/// One file of the built site.
#[derive(Debug, Clone)]
pub enum Output {
    /// Bytes produced by rendering (shared, so a rebuild can reuse them without copying).
    Bytes { path: String, data: Arc<Vec<u8>> },
    /// A file copied unchanged (images of page bundles, the theme's static files).
    Copy { path: String, source: PathBuf },
}

impl Output {
    /// Path relative to the output folder, `/` separated.
    pub fn path(&self) -> &str {
        match self {
            Output::Bytes { path, .. } | Output::Copy { path, .. } => path,
        }
    }
}

/// What one HTML file is made from.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Job {
    Home,
    Section {
        index: usize,
        page: usize,
    },
    Page(usize),
    Units,
    Unit {
        index: usize,
        page: usize,
    },
    Topics,
    Topic {
        index: usize,
        page: usize,
    },
    Tags,
    Tag {
        index: usize,
        page: usize,
    },
    NotFound,
    Alias(usize),
    /// The guide `/nhung/`.
    Embeds,
    /// `/nhung/<feed-id>.html` of the feed at this index.
    EmbedPage(usize),
    /// `/bao-cao/`, the list of published reports.
    Reports,
    /// `/so-do-trang/`, the site map for people (`sitemap.xml` is for robots).
    SiteMap,
}

impl Output {
    /// Rendered bytes as an output.
    pub fn bytes(path: impl Into<String>, data: Vec<u8>) -> Output {
        Output::Bytes {
            path: path.into(),
            data: Arc::new(data),
        }
    }
}

/// Every HTML file to render, as jobs: lists page by page, pages, taxonomies, embeds.
fn jobs(site: &Site, feeds: &[feed::Feed]) -> Vec<Job> {
    let per = |n: usize, by: usize| n.div_ceil(by).max(1);
    let by = site.config.paginate_by;

    let mut jobs = vec![
        Job::Home,
        Job::Units,
        Job::Topics,
        Job::Tags,
        Job::NotFound,
        Job::SiteMap,
    ];
    for (index, s) in site
        .sections
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != site.home)
    {
        jobs.extend(
            (1..=per(s.pages.len(), s.paginate_by)).map(|page| Job::Section { index, page }),
        );
    }
    jobs.extend((0..site.pages.len()).map(Job::Page));
    for (index, list) in site.unit_pages.values().enumerate() {
        jobs.extend((1..=per(list.len(), by)).map(|page| Job::Unit { index, page }));
    }
    for (index, list) in site.topics.values().enumerate() {
        jobs.extend((1..=per(list.len(), by)).map(|page| Job::Topic { index, page }));
    }
    for (index, t) in site.tags.iter().enumerate() {
        jobs.extend((1..=per(t.pages.len(), by)).map(|page| Job::Tag { index, page }));
    }
    jobs.extend((0..site.aliases.len()).map(Job::Alias));
    jobs.push(Job::Embeds);
    if site.config.publish_reports {
        jobs.push(Job::Reports);
    }
    jobs.extend((0..feeds.len()).map(Job::EmbedPage));
    jobs
}

/// Renders every file of the site; with a cache, HTML files whose inputs did not change since
/// the last call are taken from it instead of being rendered again.
pub fn render_site(
    site: &Site,
    theme: &Theme,
    templates: &Templates,
    mut cache: Option<&mut RenderCache>,
    changed: Option<&[usize]>,
) -> Result<Vec<Output>, Diagnostics> {
    // With a cache, fingerprints first: they decide what is reused below.
    let mut site_fp = 0;
    let mut page_fps = Vec::new();
    if let Some(c) = cache.as_deref_mut() {
        site_fp = fingerprint::site(site, templates.fingerprint);
        if c.site != site_fp {
            *c = RenderCache {
                site: site_fp,
                ..RenderCache::default()
            };
        }
        page_fps = match changed {
            // Told which pages changed (an edit in place): only theirs are computed again.
            Some(changed) if c.page_fps.len() == site.pages.len() => {
                let mut fps = c.page_fps.clone();
                for &i in changed {
                    fps[i] = fingerprint::page(&site.pages[i]);
                }
                fps
            }
            _ => fingerprint::pages(site),
        };
        c.page_fps.clone_from(&page_fps);
    }
    // An edit in place keeps every address, date and list: so do feeds, jobs and sitemap.
    let kept = cache
        .as_deref_mut()
        .filter(|_| changed.is_some())
        .and_then(|c| c.shape.take());
    let shape = kept.unwrap_or_else(|| {
        let feeds = feed::feeds(site);
        Shape {
            jobs: jobs(site, &feeds),
            feeds,
            sitemap: Arc::new(sitemap::sitemap(site).into_bytes()),
        }
    });
    let (feeds, jobs) = (&shape.feeds, &shape.jobs);
    let items = match cache.as_deref() {
        Some(c) => {
            let kept = |i: usize| c.items.get(&page_fps[i]).cloned();
            feed::items_with(site, feeds, &kept)
        }
        None => feed::items(site, feeds),
    };
    if let Some(c) = cache.as_deref_mut() {
        c.items = items
            .iter()
            .enumerate()
            .filter_map(|(i, it)| Some((page_fps[i], Arc::clone(it.as_ref()?))))
            .collect();
    }
    let views: Vec<embed::EmbedFeed> = feeds.iter().map(|f| embed::view(site, f, &items)).collect();

    // Fingerprints only pay off when there is a previous build to reuse.
    let report_fp = match cache {
        Some(_) if site.config.publish_reports => fingerprint::reports(site_fp, site),
        _ => 0,
    };
    let fps = cache.as_deref().map(|_| {
        jobs.par_iter()
            .map(|j| fingerprint::job(site_fp, &page_fps, site, feeds, j))
            .collect::<Vec<u64>>()
    });
    let reuse = cache
        .as_deref()
        .filter(|_| fps.is_some())
        .map(|c| (page_fps.as_slice(), &c.values));
    let shared = Shared::new(site, feeds, &views, reuse);
    if let Some(c) = cache.as_deref_mut() {
        c.values = page_fps
            .iter()
            .copied()
            .zip(shared.page_values().iter().cloned())
            .collect();
    }
    let old = cache.as_deref().map(|c| &c.files);
    let base = relocate::Base::of(&site.config.base_url, site.config.relative_urls);
    // The 404 page is shown at any depth by a server: its links start from the host.
    let anywhere = relocate::Base::of(&site.config.base_url, false);
    let results: Vec<Result<(Output, bool), Diagnostic>> = jobs
        .par_iter()
        .enumerate()
        .map(|(n, job)| {
            let permalink = shared.job_permalink(site, job);
            let path = permalink.output_file();
            if let Some(data) = old.zip(fps.as_ref()).and_then(|(o, f)| o.get(&path, f[n])) {
                let data = Arc::clone(data);
                return Ok((Output::Bytes { path, data }, true));
            }
            let (template, ctx) = shared.job_context(site, job, &permalink);
            let base = if matches!(job, Job::NotFound) {
                &anywhere
            } else {
                &base
            };
            let html = relocate::html(templates.render(&template, ctx)?, &path, base);
            Ok((Output::bytes(path, html.into_bytes()), false))
        })
        .collect();
    let results: Vec<Result<Output, Diagnostic>> = match (cache.as_deref_mut(), fps) {
        (Some(c), Some(fps)) => {
            c.reused = results
                .iter()
                .filter(|r| matches!(r, Ok((_, true))))
                .count();
            c.rendered = results.len() - c.reused;
            let made = results.iter().zip(&fps).filter_map(|(r, fp)| match r {
                Ok((Output::Bytes { path, data }, reused)) => Some((path, *fp, data, *reused)),
                _ => None,
            });
            if changed.is_some() {
                // The same files as last time: only those rendered again are new.
                for (path, fp, data, _) in made.filter(|m| !m.3) {
                    c.files.insert(path.clone(), fp, Arc::clone(data));
                }
            } else {
                c.files = made
                    .map(|(path, fp, data, _)| (path.clone(), fp, Arc::clone(data)))
                    .collect();
            }
            results.into_iter().map(|r| r.map(|(o, _)| o)).collect()
        }
        _ => results.into_iter().map(|r| r.map(|(o, _)| o)).collect(),
    };
    let mut diags = Diagnostics::new();
    let mut outputs = Vec::with_capacity(results.len() + site.copied.len() + 3);
    for r in results {
        match r {
            Ok(o) => outputs.push(o),
            Err(d) => diags.push(d),
        }
    }
    if diags.has_errors() {
        return Err(diags);
    }
    let old_feeds = cache.as_deref().map(|c| &c.feeds);
    let feed_files: Vec<(u64, Vec<Output>)> = feeds
        .par_iter()
        .zip(views.par_iter())
        .map(|(f, v)| {
            let fp = old_feeds.map_or(0, |_| fingerprint::feed(site_fp, &page_fps, site, f));
            if let Some(files) = old_feeds.and_then(|o| o.get(&f.id, fp)) {
                return (fp, files.clone());
            }
            let [a, b, c] = feed::render(site, f, &items);
            let files = [
                a,
                b,
                c,
                (embed::path(f, "js"), embed::script(v).into_bytes()),
            ]
            .into_iter()
            .map(|(path, data)| Output::bytes(path.trim_start_matches('/'), data))
            .collect();
            (fp, files)
        })
        .collect();
    if let Some(c) = cache.as_deref_mut() {
        c.feeds = feeds
            .iter()
            .zip(&feed_files)
            .map(|(f, (fp, files))| (f.id.clone(), *fp, files.clone()))
            .collect();
    }
    outputs.extend(feed_files.into_iter().flat_map(|(_, files)| files));
    if site.config.publish_reports {
        // Reports read only the counted fields of pages: a body edit reuses them.
        match cache.as_deref_mut() {
            Some(c) if c.reports.0 == report_fp && !c.reports.1.is_empty() => {
                outputs.extend(c.reports.1.iter().cloned());
            }
            Some(c) => {
                c.reports = (
                    report_fp,
                    published_reports(site, templates, &shared, &base)?,
                );
                outputs.extend(c.reports.1.iter().cloned());
            }
            None => outputs.extend(published_reports(site, templates, &shared, &base)?),
        }
    }
    outputs.push(Output::Bytes {
        path: "sitemap.xml".into(),
        data: Arc::clone(&shape.sitemap),
    });
    outputs.push(Output::bytes(
        "robots.txt",
        sitemap::robots(site).into_bytes(),
    ));
    for (path, src) in &theme.statics {
        outputs.push(match src {
            StaticSource::Embedded(b) => Output::bytes(path.clone(), b.to_vec()),
            StaticSource::File(f) => Output::Copy {
                path: path.clone(),
                source: f.clone(),
            },
        });
    }
    for c in &site.copied {
        outputs.push(Output::Copy {
            path: c.output.clone(),
            source: c.source.clone(),
        });
    }
    if let Some(c) = cache {
        c.shape = Some(shape);
    }
    Ok(outputs)
}

/// Where a published period's report lives: its page `/bao-cao/2022/` and the names of the
/// CSV and XLSX files beside it.
pub(crate) struct ReportFiles {
    pub page: Permalink,
    pub csv: String,
    pub xlsx: String,
}

impl ReportFiles {
    /// The files of the period `id` of `site.yaml`.
    pub fn of(id: &str) -> ReportFiles {
        let slug = crate::slug::slugify(id);
        ReportFiles {
            page: Permalink::from_segments(["bao-cao", &slug]),
            csv: format!("bao-cao-{slug}.csv"),
            xlsx: format!("bao-cao-{slug}.xlsx"),
        }
    }
}

/// The report of every named period, as a page of the site with its CSV and XLSX beside it.
fn published_reports(
    site: &Site,
    templates: &Templates,
    shared: &Shared,
    base: &relocate::Base,
) -> Result<Vec<Output>, Diagnostics> {
    use crate::report::{self, Downloads, Format, Query};
    let mut out = Vec::new();
    let mut diags = Diagnostics::new();
    for (id, p) in &site.config.periods {
        let ReportFiles { page, csv, xlsx } = ReportFiles::of(id);
        let dir = &page.as_str()[1..];
        let rep = report::report(site, &Query::period(p.from, p.to));
        let downloads = Downloads {
            csv: Some(csv.clone()),
            xlsx: Some(xlsx.clone()),
        };
        let (title, body) = report::html_body(&rep, site, &downloads);
        let ctx = context! {
            ..shared.layout(&page, &title, feed::Scope::Site),
            ..context! { report => body, report_css => report::HTML_STYLE }
        };
        let file = page.output_file();
        match templates.render("report.html", ctx) {
            Ok(html) => out.push(Output::bytes(
                file.clone(),
                relocate::html(html, &file, base).into_bytes(),
            )),
            Err(d) => diags.push(d),
        }
        match report::render(&rep, site, Format::Xlsx) {
            Ok(spreadsheet) => out.push(Output::bytes(format!("{dir}{xlsx}"), spreadsheet)),
            Err(e) => diags.push(Diagnostic::error(
                "site.yaml",
                crate::diagnostic::Pos::start(),
                e,
            )),
        }
        let table = report::render(&rep, site, Format::Csv).unwrap_or_default();
        out.push(Output::bytes(format!("{dir}{csv}"), table));
    }
    if diags.has_errors() {
        return Err(diags);
    }
    Ok(out)
}

/// Page `page` of a list of page indices, as templates see it; only that page's items are
/// looked up, so a list's cost does not grow with the number of its pages.
fn paginate(
    values: &[Value],
    list: &[usize],
    per_page: usize,
    page: usize,
    base: &Permalink,
) -> Value {
    let total = list.len().div_ceil(per_page).max(1);
    let start = (page - 1) * per_page;
    let items: Vec<Value> = list
        .iter()
        .skip(start)
        .take(per_page)
        .map(|&i| values[i].clone())
        .collect();
    let url = |n: usize| base.page(n).to_string();
    context! {
        items,
        current => page,
        total,
        count => list.len(),
        prev_url => (page > 1).then(|| url(page - 1)),
        next_url => (page < total).then(|| url(page + 1)),
        pages => (1..=total).map(|n| context! { n, url => url(n) }).collect::<Vec<_>>(),
    }
}
