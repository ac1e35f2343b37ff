//! RSS 2.0 with the `content`, `dc` and `atom` namespaces.

use super::{Channel, Format, Item};
use crate::base::xml::escape;
use std::fmt::Write;

pub(super) fn render(ch: &Channel) -> String {
    let feed = ch.feed;
    let mut out = String::with_capacity(ch.capacity());
    out.push_str(concat!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n",
        "<rss version=\"2.0\" xmlns:atom=\"http://www.w3.org/2005/Atom\"",
        " xmlns:content=\"http://purl.org/rss/1.0/modules/content/\"",
        " xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n<channel>\n"
    ));
    let _ = write!(
        out,
        "<title>{}</title>\n<link>{}</link>\n<description>{}</description>\n<language>{}</language>\n<lastBuildDate>{}</lastBuildDate>\n<generator>loa</generator>\n<atom:link href=\"{}\" rel=\"self\" type=\"{}\"/>\n",
        escape(&feed.title),
        escape(&ch.abs(feed.listing.as_str())),
        escape(&feed.description),
        escape(&ch.site.config.language),
        ch.updated.rfc2822(),
        escape(&ch.abs(&feed.path(Format::Rss))),
        Format::Rss.mime(),
    );
    for it in ch.entries {
        entry(&mut out, it);
    }
    out.push_str("</channel>\n</rss>\n");
    out
}

/// One `<item>`.
fn entry(out: &mut String, it: &Item) {
    let _ = write!(
        out,
        "<item>\n<title>{}</title>\n<link>{}</link>\n<guid isPermaLink=\"true\">{}</guid>\n",
        escape(&it.title),
        escape(&it.url),
        escape(&it.url),
    );
    // RSS's only date is the publication: an evergreen page gives when it was updated
    // as Dublin Core's date instead of a made-up publication date.
    match it.date {
        Some(d) => {
            let _ = writeln!(out, "<pubDate>{}</pubDate>", d.rfc2822());
        }
        None => {
            let _ = writeln!(out, "<dc:date>{}</dc:date>", it.updated.rfc3339());
        }
    }
    if let Some(a) = &it.author {
        let _ = writeln!(out, "<dc:creator>{}</dc:creator>", escape(&a.name));
    }
    for c in &it.categories {
        match &c.scheme {
            Some(s) => {
                let _ = writeln!(
                    out,
                    "<category domain=\"{}\">{}</category>",
                    escape(s),
                    escape(&c.label)
                );
            }
            None => {
                let _ = writeln!(out, "<category>{}</category>", escape(&c.label));
            }
        }
    }
    let _ = writeln!(
        out,
        "<description>{}</description>\n<content:encoded>{}</content:encoded>",
        escape(&it.summary),
        it.content_xml()
    );
    if let Some(img) = &it.image {
        if let Some(len) = img.length {
            let _ = writeln!(
                out,
                "<enclosure url=\"{}\" length=\"{len}\" type=\"{}\"/>",
                escape(&img.url),
                img.mime
            );
        }
    }
    if let Some(src) = &it.source_url {
        let _ = writeln!(out, "<dc:source>{}</dc:source>", escape(src));
    }
    out.push_str("</item>\n");
}
