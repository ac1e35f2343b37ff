//! Atom 1.0 (RFC 4287).

use super::{Channel, Format, Item};
use crate::base::xml::escape;
use std::fmt::Write;

pub(super) fn render(ch: &Channel) -> String {
    let feed = ch.feed;
    let cfg = &ch.site.config;
    let listing = ch.abs(feed.listing.as_str());
    let mut out = String::with_capacity(ch.capacity());
    let _ = write!(
        out,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n<title>{}</title>\n<subtitle>{}</subtitle>\n<link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n<link rel=\"self\" type=\"{}\" href=\"{}\"/>\n<id>{}</id>\n<updated>{}</updated>\n<author><name>{}</name><uri>{}</uri></author>\n<generator>loa</generator>\n",
        escape(&cfg.language),
        escape(&feed.title),
        escape(&feed.description),
        escape(&listing),
        Format::Atom.mime(),
        escape(&ch.abs(&feed.path(Format::Atom))),
        escape(&listing),
        ch.updated.rfc3339(),
        escape(&cfg.title),
        escape(&ch.abs("/")),
    );
    for it in ch.entries {
        entry(&mut out, it);
    }
    out.push_str("</feed>\n");
    out
}

/// One `<entry>`.
fn entry(out: &mut String, it: &Item) {
    let _ = write!(
        out,
        "<entry>\n<title type=\"text\">{}</title>\n<link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n<id>{}</id>\n",
        escape(&it.title),
        escape(&it.url),
        escape(&it.url),
    );
    if let Some(d) = it.date {
        let _ = writeln!(out, "<published>{}</published>", d.rfc3339());
    }
    let _ = writeln!(out, "<updated>{}</updated>", it.updated.rfc3339());
    if let Some(a) = &it.author {
        let _ = writeln!(
            out,
            "<author><name>{}</name><uri>{}</uri></author>",
            escape(&a.name),
            escape(&a.url)
        );
    }
    for c in &it.categories {
        let _ = write!(
            out,
            "<category term=\"{}\" label=\"{}\"",
            escape(&c.term),
            escape(&c.label)
        );
        if let Some(s) = &c.scheme {
            let _ = write!(out, " scheme=\"{}\"", escape(s));
        }
        out.push_str("/>\n");
    }
    let _ = writeln!(
        out,
        "<summary type=\"text\">{}</summary>\n<content type=\"html\">{}</content>",
        escape(&it.summary),
        it.content_xml()
    );
    if let Some(img) = &it.image {
        let _ = write!(
            out,
            "<link rel=\"enclosure\" type=\"{}\" href=\"{}\"",
            img.mime,
            escape(&img.url)
        );
        if let Some(len) = img.length {
            let _ = write!(out, " length=\"{len}\"");
        }
        out.push_str("/>\n");
    }
    if let Some(src) = &it.source_url {
        let _ = writeln!(out, "<link rel=\"via\" href=\"{}\"/>", escape(src));
    }
    out.push_str("</entry>\n");
}
