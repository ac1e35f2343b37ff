//! Render: pure functions from the Site model to output bytes. Nothing here touches the disk.

mod context;
pub mod embed;
pub mod feed;
mod sitemap;
pub mod templates;

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::load::theme::{StaticSource, Theme};
use crate::model::permalink::Permalink;
use crate::model::Site;
use context::Shared;
use minijinja::{context, Value};
use rayon::prelude::*;
use std::path::PathBuf;
use templates::Templates;

/// One file of the built site.
#[derive(Debug, Clone)]
pub enum Output {
    /// Bytes produced by rendering.
    Bytes { path: String, data: Vec<u8> },
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
enum Job {
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
}

/// Renders every file of the site.
pub fn render_site(
    site: &Site,
    theme: &Theme,
    templates: &Templates,
) -> Result<Vec<Output>, Diagnostics> {
    let feeds = feed::feeds(site);
    let items = feed::items(site, &feeds);
    let views: Vec<embed::EmbedFeed> = feeds.iter().map(|f| embed::view(site, f, &items)).collect();
    let shared = Shared::new(site, &feeds, &views);
    let per = |n: usize, by: usize| n.div_ceil(by).max(1);
    let by = site.config.paginate_by;

    let mut jobs = vec![Job::Home, Job::Units, Job::Topics, Job::Tags, Job::NotFound];
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

    let results: Vec<Result<Output, Diagnostic>> = jobs
        .par_iter()
        .map(|job| {
            let (permalink, template, ctx) = shared.job_context(site, job);
            let html = templates.render(&template, ctx)?;
            Ok(Output::Bytes {
                path: permalink.output_file(),
                data: html.into_bytes(),
            })
        })
        .collect();
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
    let feed_files: Vec<Output> = feeds
        .par_iter()
        .zip(views.par_iter())
        .flat_map_iter(|(f, v)| {
            let [a, b, c] = feed::render(site, f, &items);
            [
                a,
                b,
                c,
                (embed::path(f, "js"), embed::script(v).into_bytes()),
            ]
            .into_iter()
            .map(|(path, data)| Output::Bytes {
                path: path.trim_start_matches('/').to_string(),
                data,
            })
        })
        .collect();
    outputs.extend(feed_files);
    if site.config.publish_reports {
        outputs.extend(published_reports(site)?);
    }
    outputs.push(Output::Bytes {
        path: "sitemap.xml".into(),
        data: sitemap::sitemap(site).into_bytes(),
    });
    outputs.push(Output::Bytes {
        path: "robots.txt".into(),
        data: sitemap::robots(site).into_bytes(),
    });
    for (path, src) in &theme.statics {
        outputs.push(match src {
            StaticSource::Embedded(b) => Output::Bytes {
                path: path.clone(),
                data: b.to_vec(),
            },
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
    Ok(outputs)
}

/// Folder of a published period's report: `bao-cao/2022/`.
pub fn report_dir(period: &str) -> String {
    format!("bao-cao/{}/", crate::slug::slugify(period))
}

/// The report of every named period, as HTML with its CSV and XLSX beside it.
fn published_reports(site: &Site) -> Result<Vec<Output>, Diagnostics> {
    use crate::report::{self, Downloads, Format, Query};
    let mut out = Vec::new();
    for (id, p) in &site.config.periods {
        let dir = report_dir(id);
        let slug = crate::slug::slugify(id);
        let rep = report::report(site, &Query::period(p.from, p.to));
        let csv = format!("bao-cao-{slug}.csv");
        let xlsx = format!("bao-cao-{slug}.xlsx");
        let downloads = Downloads {
            csv: Some(csv.clone()),
            xlsx: Some(xlsx.clone()),
        };
        let html = report::render_html(&rep, site, &downloads);
        let spreadsheet = report::render(&rep, site, Format::Xlsx).map_err(|e| {
            let mut d = Diagnostics::new();
            d.push(Diagnostic::error(
                "site.yaml",
                crate::diagnostic::Pos::start(),
                e,
            ));
            d
        })?;
        let table = report::render(&rep, site, Format::Csv).unwrap_or_default();
        out.push(Output::Bytes {
            path: format!("{dir}index.html"),
            data: html.into_bytes(),
        });
        out.push(Output::Bytes {
            path: format!("{dir}{csv}"),
            data: table,
        });
        out.push(Output::Bytes {
            path: format!("{dir}{xlsx}"),
            data: spreadsheet,
        });
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

/// Formats a number the Vietnamese way: `1234.5` -> `1.234,5`.
pub fn vi_number(v: f64, decimals: usize) -> String {
    let s = format!("{v:.decimals$}");
    let (int, frac) = s.split_once('.').unwrap_or((&s, ""));
    let (sign, digits) = int.strip_prefix('-').map_or(("", int), |d| ("-", d));
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            grouped.push('.');
        }
        grouped.push(c);
    }
    let frac = frac.trim_end_matches('0');
    if frac.is_empty() {
        format!("{sign}{grouped}")
    } else {
        format!("{sign}{grouped},{frac}")
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn vietnamese_numbers() {
        assert_eq!(super::vi_number(1.25, 2), "1,25");
        assert_eq!(super::vi_number(1234567.0, 2), "1.234.567");
        assert_eq!(super::vi_number(-0.5, 2), "-0,5");
    }
}
