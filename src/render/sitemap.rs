//! `sitemap.xml` and `robots.txt`.

use crate::model::routes;
use crate::model::Site;

/// Every canonical page of the site, with the last change of pages that have a date.
pub fn sitemap(site: &Site) -> String {
    let mut entries: Vec<(String, Option<String>)> = Vec::new();
    for s in &site.sections {
        entries.push((s.permalink.to_string(), None));
    }
    for p in &site.pages {
        let last = p.date.max(p.updated).map(|d| d.iso_day());
        entries.push((p.permalink.to_string(), last));
    }
    entries.push((routes::units().to_string(), None));
    entries.extend(
        site.unit_pages
            .keys()
            .map(|u| (routes::unit(u.as_str()).to_string(), None)),
    );
    entries.push((routes::topics().to_string(), None));
    entries.extend(
        site.topics
            .keys()
            .map(|t| (routes::topic(t).to_string(), None)),
    );
    entries.push((routes::tags().to_string(), None));
    entries.push((routes::embeds().to_string(), None));
    entries.push((routes::site_map().to_string(), None));
    if site.config.publish_reports {
        entries.push((routes::reports().to_string(), None));
        entries.extend(
            site.config
                .periods
                .keys()
                .map(|id| (routes::ReportFiles::of(id).page.to_string(), None)),
        );
    }
    entries.extend(
        site.tags
            .iter()
            .map(|t| (routes::tag(&t.slug).to_string(), None)),
    );
    entries.sort();
    let head = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n";
    // Sized once: a large site's map is megabytes, grown step by step it is copied many times.
    let per_entry = site.config.base_url.len() + 70;
    let size: usize = entries.iter().map(|(p, _)| p.len() + per_entry).sum();
    let mut out = String::with_capacity(head.len() + size + 16);
    out.push_str(head);
    for (path, last) in entries {
        out.push_str("  <url>\n    <loc>");
        let _ = crate::base::xml::escape_to(&mut out, &site.config.url(&path));
        out.push_str("</loc>\n");
        if let Some(l) = last {
            out.push_str("    <lastmod>");
            out.push_str(&l);
            out.push_str("</lastmod>\n");
        }
        out.push_str("  </url>\n");
    }
    out.push_str("</urlset>\n");
    out
}

/// Allows everything and points crawlers at the sitemap.
pub fn robots(site: &Site) -> String {
    format!(
        "User-agent: *\nAllow: /\n\nSitemap: {}/sitemap.xml\n",
        site.config.base_url
    )
}
