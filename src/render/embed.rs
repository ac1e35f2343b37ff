//! Embeds for agencies' websites: a script that inserts the latest items of a feed where its
//! tag stands, and the same list as a page to put in an iframe.

use super::feed::{Feed, Format, Item};
use crate::model::routes::embed_file;
use crate::model::Site;
use serde::Serialize;

/// Most items an embed carries; `data-limit` chooses how many of them are shown.
pub const EMBED_MAX: usize = 20;

/// The script's code; `/*LOA_DATA*/null` is replaced by the feed's data.
const SCRIPT: &str = include_str!("embed.js");

/// Styles the script adds once per host page, scoped to its own classes.
const CSS: &str = ".loa-nhung{font:inherit;line-height:1.5}.loa-nhung__ten{font-weight:700;margin:0 0 .25em}.loa-nhung__ds{list-style:none;margin:0;padding:0}.loa-nhung__muc{padding:.4em 0;border-bottom:1px solid #d0d7de}.loa-nhung__meta{display:block;font-size:max(.875em,1rem);color:#4a4a4a}.loa-nhung__tt{margin:.25em 0 0;font-size:max(.9375em,1rem)}";

/// One item as embeds show it.
#[derive(Serialize)]
pub struct EmbedItem<'a> {
    title: &'a str,
    url: &'a str,
    /// `14/04/2023`, or `Cập nhật 14/04/2023` for a page that has only been updated.
    date: String,
    iso: String,
    unit: Option<&'a str>,
    summary: &'a str,
}

/// A feed as the guide page and the embeds see it.
#[derive(Serialize)]
pub struct EmbedFeed<'a> {
    id: &'a str,
    name: &'a str,
    title: &'a str,
    /// The listing page, absolute.
    url: String,
    /// Number of items the feeds carry.
    count: usize,
    rss: String,
    atom: String,
    json: String,
    script: String,
    page: String,
    /// Site paths, for the site's own links and previews.
    script_path: String,
    page_path: String,
    items: Vec<EmbedItem<'a>>,
}

/// The data of `feed`'s embeds.
pub fn view<'a>(
    site: &Site,
    feed: &'a Feed,
    items: &'a [Option<std::sync::Arc<Item>>],
) -> EmbedFeed<'a> {
    let abs = |p: &str| site.config.url(p);
    EmbedFeed {
        id: &feed.id,
        name: &feed.name,
        title: &feed.title,
        url: abs(feed.listing.as_str()),
        count: feed.pages.len(),
        rss: abs(&feed.path(Format::Rss)),
        atom: abs(&feed.path(Format::Atom)),
        json: abs(&feed.path(Format::Json)),
        script: abs(&embed_file(&feed.id, "js")),
        page: abs(&embed_file(&feed.id, "html")),
        script_path: embed_file(&feed.id, "js"),
        page_path: embed_file(&feed.id, "html"),
        items: feed
            .pages
            .iter()
            .filter_map(|&i| items[i.index()].as_ref())
            .take(EMBED_MAX)
            .map(|it| EmbedItem {
                title: &it.title,
                url: &it.url,
                date: match it.date {
                    Some(d) => d.vi_short(),
                    None => format!("Cập nhật {}", it.updated.vi_short()),
                },
                iso: it.date.unwrap_or(it.updated).iso_day(),
                unit: it.author.as_ref().map(|a| a.name.as_str()),
                summary: &it.summary,
            })
            .collect(),
    }
}

#[derive(Serialize)]
struct ScriptData<'a> {
    title: &'a str,
    url: &'a str,
    script: &'a str,
    css: &'static str,
    empty: &'static str,
    items: &'a [EmbedItem<'a>],
}

/// The embed script of one feed: self-contained, no request beyond itself, no globals.
pub fn script(view: &EmbedFeed) -> String {
    let data = ScriptData {
        title: view.title,
        url: &view.url,
        script: &view.script_path,
        css: CSS,
        empty: "Chưa có tin bài.",
        items: &view.items,
    };
    let json = serde_json::to_string(&data).unwrap_or_else(|_| "null".into());
    // Safe even if a webmaster pastes the script inline in a `<script>` element, and in
    // JavaScript engines older than ES2019 that reject raw line separators in strings.
    let json = json
        .replace('<', "\\u003c")
        .replace('\u{2028}', "\\u2028")
        .replace('\u{2029}', "\\u2029");
    SCRIPT.replacen("/*LOA_DATA*/null", &json, 1)
}
