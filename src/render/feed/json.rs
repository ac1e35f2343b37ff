//! JSON Feed 1.1 (https://jsonfeed.org/version/1.1).

use super::{Channel, Format, Item};
use serde::Serialize;

#[derive(Serialize)]
struct JsonFeed<'a> {
    version: &'static str,
    title: &'a str,
    home_page_url: String,
    feed_url: String,
    description: &'a str,
    language: &'a str,
    authors: [Person<'a>; 1],
    items: Vec<JsonItem<'a>>,
}

#[derive(Serialize)]
struct Person<'a> {
    name: &'a str,
    url: &'a str,
}

#[derive(Serialize)]
struct JsonItem<'a> {
    id: &'a str,
    url: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    external_url: Option<&'a str>,
    title: &'a str,
    content_html: &'a str,
    summary: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    image: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    date_published: Option<String>,
    date_modified: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    authors: Vec<Person<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    tags: Vec<&'a str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    attachments: Vec<Attachment<'a>>,
}

#[derive(Serialize)]
struct Attachment<'a> {
    url: &'a str,
    mime_type: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    title: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    size_in_bytes: Option<u64>,
}

fn item<'a>(it: &'a Item) -> JsonItem<'a> {
    JsonItem {
        id: &it.url,
        url: &it.url,
        external_url: it.source_url.as_deref(),
        title: &it.title,
        content_html: &it.content,
        summary: &it.summary,
        image: it.image.as_ref().map(|i| i.url.as_str()),
        date_published: it.date.map(|d| d.rfc3339()),
        date_modified: it.updated.rfc3339(),
        authors: it
            .author
            .iter()
            .map(|a| Person {
                name: &a.name,
                url: &a.url,
            })
            .collect(),
        tags: it.categories.iter().map(|c| c.label.as_str()).collect(),
        attachments: it
            .image
            .iter()
            .map(|i| Attachment {
                url: &i.url,
                mime_type: i.mime,
                title: it.image_alt.as_deref(),
                size_in_bytes: i.length,
            })
            .collect(),
    }
}

pub(super) fn render(ch: &Channel) -> String {
    let cfg = &ch.site.config;
    let home = ch.abs("/");
    let doc = JsonFeed {
        version: "https://jsonfeed.org/version/1.1",
        title: &ch.feed.title,
        home_page_url: ch.abs(ch.feed.listing.as_str()),
        feed_url: ch.abs(&ch.feed.path(Format::Json)),
        description: &ch.feed.description,
        language: &cfg.language,
        authors: [Person {
            name: &cfg.title,
            url: &home,
        }],
        items: ch.entries.iter().map(|it| item(it)).collect(),
    };
    // Into a `String`, so the bytes are not validated again as UTF-8: serde_json writes
    // valid UTF-8 from strings. Writing plain strings and numbers into memory cannot fail.
    let mut out = serde_json::to_string_pretty(&doc).unwrap_or_default();
    out.push('\n');
    out
}
