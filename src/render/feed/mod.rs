//! Feeds: one list of items for the whole site and for every section, unit, topic and tag,
//! written as RSS 2.0, Atom 1.0 and JSON Feed 1.1 from the same items.

mod absolute;
mod atom;
mod json;
mod rss;

use crate::base::date::Date;
use crate::input::config::SiteConfig;
use crate::model::permalink::Permalink;
use crate::model::routes;
use crate::model::{newest_by, Page, Site};
use crate::model::{PageId, SectionId};
use rayon::prelude::*;
use std::sync::{Arc, OnceLock};

pub use absolute::absolutize;

/// Embed id of the whole site's feed; a top-level section may not take this name.
pub use crate::model::routes::SITE_FEED_ID;

/// The three formats every feed is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Rss,
    Atom,
    Json,
}

impl Format {
    /// All formats, in the order pages link them.
    pub const ALL: [Format; 3] = [Format::Rss, Format::Atom, Format::Json];

    /// File name of the feed beside its listing page.
    pub fn file(self) -> &'static str {
        match self {
            Format::Rss => "rss.xml",
            Format::Atom => "atom.xml",
            Format::Json => "feed.json",
        }
    }

    /// Media type for `<link rel="alternate">`.
    pub fn mime(self) -> &'static str {
        match self {
            Format::Rss => "application/rss+xml",
            Format::Atom => "application/atom+xml",
            Format::Json => "application/feed+json",
        }
    }

    /// Name shown to readers.
    pub fn label(self) -> &'static str {
        match self {
            Format::Rss => "RSS",
            Format::Atom => "Atom",
            Format::Json => "JSON Feed",
        }
    }
}

/// What a feed lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Scope {
    Site,
    Section(SectionId),
    Unit(usize),
    Topic(usize),
    Tag(usize),
}

/// One feed: where it lives and its pages, newest first, at most `feeds.limit`.
#[derive(Debug, Clone, Hash)]
pub struct Feed {
    pub scope: Scope,
    /// Embed id: the listing's path without its outer slashes (`tin-tuc`,
    /// `don-vi/bao-lai-chau`), or [`SITE_FEED_ID`] for the whole site.
    pub id: String,
    /// What the feed is about, e.g. `Tin tức` or `Chủ đề: Chuyển đổi số`.
    pub name: String,
    /// Channel title: the name followed by the site's title.
    pub title: String,
    pub description: String,
    /// The HTML page that lists the same pages.
    pub listing: Permalink,
    pub pages: Vec<PageId>,
}

impl Feed {
    /// Site path of the feed in `format`, e.g. `/tin-tuc/rss.xml`.
    pub fn path(&self, format: Format) -> String {
        format!("{}{}", self.listing, format.file())
    }
}

/// Every feed of the site: the site's, then sections, units, topics and tags.
pub fn feeds(site: &Site) -> Vec<Feed> {
    let mut out = vec![site_feed(site)];
    out.extend(section_feeds(site));
    out.extend(unit_feeds(site));
    out.extend(topic_feeds(site));
    out.extend(tag_feeds(site));
    out
}

impl Feed {
    /// The feed of `pages` listed at `listing`: its id comes from the listing, its channel
    /// title from `name` and the site's title.
    fn new(
        cfg: &SiteConfig,
        scope: Scope,
        listing: Permalink,
        name: String,
        description: String,
        pages: Vec<PageId>,
    ) -> Feed {
        let id = match listing.as_str().trim_matches('/') {
            "" => SITE_FEED_ID.to_string(),
            p => p.to_string(),
        };
        let title = if scope == Scope::Site {
            cfg.title.clone()
        } else {
            format!("{name} – {}", cfg.title)
        };
        Feed {
            scope,
            id,
            name,
            title,
            description,
            listing,
            pages,
        }
    }
}

/// The whole site's feed, at the home page.
fn site_feed(site: &Site) -> Feed {
    let cfg = &site.config;
    // Feed validators want a channel description; the title stands in for a missing one.
    let description = if cfg.description.trim().is_empty() {
        cfg.title.clone()
    } else {
        cfg.description.clone()
    };
    Feed::new(
        cfg,
        Scope::Site,
        Permalink::root(),
        "Toàn trang".into(),
        description,
        listed(site, &site.recent, true),
    )
}

/// A feed for every section but the home page's.
fn section_feeds(site: &Site) -> impl Iterator<Item = Feed> + '_ {
    let cfg = &site.config;
    let sections = site.sections.iter().enumerate();
    sections
        .map(|(i, s)| (SectionId(i), s))
        .filter(|(i, _)| *i != site.home)
        .map(move |(i, s)| {
            let description = if s.summary.is_empty() {
                format!("Tin bài mới của chuyên mục {} – {}", s.title, cfg.title)
            } else {
                s.summary.clone()
            };
            // A series (the 17 points) reads in its own order; news goes newest first.
            let pages = listed(site, &s.pages, s.sort_by == crate::model::SortBy::Date);
            Feed::new(
                cfg,
                Scope::Section(i),
                s.permalink.clone(),
                s.title.clone(),
                description,
                pages,
            )
        })
}

/// A feed for every unit of the registry, with its descendants' posts.
fn unit_feeds(site: &Site) -> impl Iterator<Item = Feed> + '_ {
    let cfg = &site.config;
    site.unit_pages
        .iter()
        .enumerate()
        .map(move |(i, (id, list))| {
            let name = site.units.get(id.as_str()).map_or(id.as_str(), |u| &u.name);
            Feed::new(
                cfg,
                Scope::Unit(i),
                routes::unit(id.as_str()),
                name.to_string(),
                format!(
                    "Tin bài do {name} và các đơn vị trực thuộc đăng trên {}",
                    cfg.title
                ),
                listed(site, list, true),
            )
        })
}

/// A feed for every topic of `site.yaml`.
fn topic_feeds(site: &Site) -> impl Iterator<Item = Feed> + '_ {
    let cfg = &site.config;
    site.topics.iter().enumerate().map(move |(i, (id, list))| {
        let name = &cfg.topics[id];
        Feed::new(
            cfg,
            Scope::Topic(i),
            routes::topic(id),
            format!("Chủ đề: {name}"),
            format!("Tin bài về {} trên {}", name.to_lowercase(), cfg.title),
            listed(site, list, true),
        )
    })
}

/// A feed for every tag.
fn tag_feeds(site: &Site) -> impl Iterator<Item = Feed> + '_ {
    let cfg = &site.config;
    site.tags.iter().enumerate().map(move |(i, t)| {
        Feed::new(
            cfg,
            Scope::Tag(i),
            routes::tag(&t.slug),
            format!("Thẻ: {}", t.name),
            format!("Tin bài gắn thẻ “{}” trên {}", t.name, cfg.title),
            listed(site, &t.pages, true),
        )
    })
}

/// A category of an item: a topic, the kind, or a tag.
#[derive(Debug, Clone)]
pub struct Category {
    pub term: String,
    pub label: String,
    /// Absolute URL of the taxonomy, when it has pages.
    pub scheme: Option<String>,
}

/// The lead image, as an enclosure.
#[derive(Debug, Clone)]
pub struct Enclosure {
    pub url: String,
    pub mime: &'static str,
    /// Byte length, known for the site's own files.
    pub length: Option<u64>,
}

/// One page as every feed format writes it, prepared once per build.
#[derive(Debug, Clone)]
pub struct Item {
    pub title: String,
    pub url: String,
    /// Publication date; evergreen pages (the 17 points, the FAQ) have none.
    pub date: Option<Date>,
    /// `updated`, or the publication date when the page was never updated.
    pub updated: Date,
    pub author: Option<Author>,
    pub categories: Vec<Category>,
    pub summary: String,
    /// Full HTML with every URL absolute.
    pub content: String,
    pub image: Option<Enclosure>,
    pub image_alt: Option<String>,
    pub source_url: Option<String>,
    /// `content` escaped for XML, made the first time a feed needs it: RSS and Atom carry it
    /// alike, and a page in many feeds is escaped once.
    pub content_xml: OnceLock<String>,
}

impl Item {
    /// `content`, escaped for XML.
    fn content_xml(&self) -> &str {
        self.content_xml
            .get_or_init(|| crate::base::xml::escape(&self.content))
    }
}

/// The unit that published an item.
#[derive(Debug, Clone)]
pub struct Author {
    pub name: String,
    /// The unit's page on this site.
    pub url: String,
}

/// Feed items of the pages that some feed carries, indexed like `site.pages`; `None` for
/// the others, so a large archive costs only what its feeds show.
pub fn items(site: &Site, feeds: &[Feed]) -> Vec<Option<Arc<Item>>> {
    items_with(site, feeds, &|_| None)
}

/// `items`, asking `kept` first for each page's item (a cache may answer it).
pub fn items_with(
    site: &Site,
    feeds: &[Feed],
    kept: &(dyn Fn(usize) -> Option<Arc<Item>> + Sync),
) -> Vec<Option<Arc<Item>>> {
    let mut wanted = vec![false; site.pages.len()];
    for &i in feeds.iter().flat_map(|f| &f.pages) {
        wanted[i.index()] = true;
    }
    site.pages
        .par_iter()
        .enumerate()
        .zip(wanted)
        .map(|((i, p), w)| {
            let updated = changed(p).filter(|_| w)?;
            Some(kept(i).unwrap_or_else(|| Arc::new(item(site, p, updated))))
        })
        .collect()
}

/// A page's HTML with every URL absolute, as feeds carry it.
pub fn absolute_content(site: &Site, p: &Page) -> String {
    let folder = crate::render::relocate::Base::of(&site.config.base_url, false);
    match url::Url::parse(&site.config.url(p.permalink.as_str())) {
        Ok(u) => absolutize(p.content(), &u, &folder),
        Err(_) => p.content().to_string(),
    }
}

fn item(site: &Site, p: &Page, updated: Date) -> Item {
    let cfg = &site.config;
    let url = cfg.url(p.permalink.as_str());
    let mut categories: Vec<Category> = p
        .topics
        .iter()
        .map(|t| Category {
            term: t.to_string(),
            label: cfg.topics[t].clone(),
            scheme: Some(cfg.url("/chu-de/")),
        })
        .collect();
    if p.unit.is_some() {
        categories.push(Category {
            term: p.kind.to_string(),
            label: cfg.kinds.get(&p.kind).cloned().unwrap_or_default(),
            scheme: None,
        });
    }
    categories.extend(p.tags.iter().map(|t| Category {
        term: t.slug.clone(),
        label: t.name.clone(),
        scheme: Some(cfg.url(routes::tags().as_str())),
    }));
    let author = p.unit.as_ref().and_then(|id| {
        site.units.get(id.as_str()).map(|u| Author {
            name: u.name.clone(),
            url: cfg.url(routes::unit(id.as_str()).as_str()),
        })
    });
    let image = p.image.as_deref().map(|img| Enclosure {
        url: cfg.url(img),
        mime: image_mime(img),
        length: p.image_len,
    });
    Item {
        title: p.title.clone(),
        url,
        date: p.date,
        updated,
        author,
        categories,
        summary: p.summary.clone(),
        content: absolute_content(site, p),
        image,
        image_alt: p.image_alt.clone(),
        source_url: p.source_url.clone(),
        content_xml: Default::default(),
    }
}

/// The media type of an image, from its extension.
fn image_mime(url: &str) -> &'static str {
    let path = url.split(['?', '#']).next().unwrap_or(url);
    let ext = path.rsplit('.').next().unwrap_or("").to_ascii_lowercase();
    match ext.as_str() {
        "jpg" | "jpeg" => "image/jpeg",
        "png" => "image/png",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "svg" => "image/svg+xml",
        _ => "application/octet-stream",
    }
}

/// The feed's last change: its newest item's, else the site's newest, so that the same
/// content always gives the same bytes.
fn last_updated(site: &Site, feed: &Feed) -> Date {
    let pages = if feed.pages.is_empty() {
        &site.recent[..site.recent.len().min(1)]
    } else {
        &feed.pages[..]
    };
    pages
        .iter()
        .filter_map(|&i| changed(&site.pages[i]))
        .max()
        .unwrap_or_else(|| Date::epoch(site.config.offset))
}

/// When a page last changed: the later of `date` and `updated`.
fn changed(p: &Page) -> Option<Date> {
    p.date.max(p.updated)
}

/// The pages of `list` a feed carries, at most `feeds.limit`: those with a moment to be
/// listed at (news by publication, evergreen pages by their last update), newest first or in
/// the list's own order.
fn listed(site: &Site, list: &[PageId], newest_first: bool) -> Vec<PageId> {
    let limit = site.config.feed_limit;
    let at = |&i: &PageId| listed_at(&site.pages[i]).is_some();
    if newest_first {
        let v: Vec<PageId> = list.iter().copied().filter(at).collect();
        return newest_by(&site.pages, &v, listed_at, limit);
    }
    list.iter().copied().filter(at).take(limit).collect()
}

/// The moment a feed lists a page at: its publication, else its last update.
fn listed_at(p: &Page) -> Option<Date> {
    p.date.or(p.updated)
}

/// The three files of one feed: `(site path, bytes)`.
pub fn render(site: &Site, feed: &Feed, items: &[Option<Arc<Item>>]) -> [(String, Vec<u8>); 3] {
    let entries: Vec<&Item> = feed
        .pages
        .iter()
        .filter_map(|&i| items[i.index()].as_deref())
        .collect();
    let updated = last_updated(site, feed);
    let ctx = Channel {
        site,
        feed,
        entries: &entries,
        updated,
    };
    [
        (feed.path(Format::Rss), rss::render(&ctx).into_bytes()),
        (feed.path(Format::Atom), atom::render(&ctx).into_bytes()),
        (feed.path(Format::Json), json::render(&ctx).into_bytes()),
    ]
}

/// What each format writer gets.
struct Channel<'a> {
    site: &'a Site,
    feed: &'a Feed,
    entries: &'a [&'a Item],
    updated: Date,
}

impl Channel<'_> {
    fn abs(&self, path: &str) -> String {
        self.site.config.url(path)
    }

    /// Room for one file of the feed, its bodies escaped: made once, a feed of full articles
    /// grown by doubling would copy itself a dozen times into fresh memory.
    fn capacity(&self) -> usize {
        let items: usize = self
            .entries
            .iter()
            .map(|it| it.content.len() + it.content.len() / 4 + it.summary.len() * 2 + 2048)
            .sum();
        4096 + items
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn image_types_follow_the_extension() {
        assert_eq!(super::image_mime("/a/b.JPG"), "image/jpeg");
        assert_eq!(super::image_mime("https://x.vn/a.svg?v=1"), "image/svg+xml");
        assert_eq!(super::image_mime("/a/b"), "application/octet-stream");
    }
}
