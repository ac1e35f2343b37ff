//! Model: takes what input read and gives the `Site` — sections, pages, units, topics and tags
//! related and validated as a whole, every URL (`routes`) and list decided, bodies rendered.

pub mod bodies;
mod build;
pub mod ids;
pub mod imported;
pub mod links;
mod lists;
pub(crate) mod page;
pub mod permalink;
mod regroup;
mod reread;
mod reshape;
pub mod routes;
mod section;

pub use bodies::{render_body, Bodies, LinkTable, Lookups};
pub use build::{build, build_with, BuildOptions};
pub use page::Resolved;
pub use regroup::{regroup, Moves, Regrouped};
pub use reread::reread_page;
pub use reshape::reshape;
pub use section::from_source as section_from_source;

use crate::base::date::Date;
use crate::base::id::{KindId, TopicId};
use crate::input::config::SiteConfig;
use crate::input::units::{UnitId, Units};
use crate::markdown::{Heading, Link, Rendered};
pub use ids::{PageId, SectionId};
use indexmap::IndexMap;
use permalink::Permalink;
use serde::Serialize;
use std::path::PathBuf;

/// How a section orders its pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SortBy {
    /// Newest first.
    Date,
    /// By `order`, ascending.
    Order,
    /// By title, in Vietnamese-aware order.
    Title,
}

/// A free tag, with the slug it is known by.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct TagRef {
    pub slug: String,
    /// The name shown: the first spelling of the slug met in file order.
    pub name: String,
    /// The name as this page wrote it, which `name` is chosen from again after an edit.
    #[serde(skip)]
    pub written: String,
}

/// What of a page decides the site's shape: its address, its place in lists and feeds, its
/// dates, unit, topics, tags, kind and images. When every page keeps its meta, every address,
/// list and count stays the same, so an edit of the rest is applied in place.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct PageMeta {
    /// Path of the source file relative to the site root, for messages.
    #[serde(skip)]
    pub source: PathBuf,
    #[serde(skip)]
    pub section: SectionId,
    pub slug: String,
    pub permalink: Permalink,
    pub date: Option<Date>,
    pub updated: Option<Date>,
    pub unit: Option<UnitId>,
    pub topics: Vec<TopicId>,
    pub kind: KindId,
    pub column: Option<String>,
    pub tags: Vec<TagRef>,
    pub featured: bool,
    pub source_url: Option<String>,
    /// URL of the lead image, site-absolute.
    pub image: Option<String>,
    /// The lead image as written, with its position, for messages.
    #[serde(skip)]
    pub lead_image: Option<crate::input::frontmatter::Spanned<String>>,
    pub image_alt: Option<String>,
    pub order: Option<i64>,
    pub draft: bool,
    #[serde(skip)]
    pub aliases: Vec<Permalink>,
}

/// One content page: its meta, and what it shows that no list depends on (title, summary,
/// body, `extra`). Its fingerprint is its hash: the body counts by its own fingerprint.
#[derive(Debug, Clone, Hash, Serialize)]
pub struct Page {
    #[serde(flatten)]
    pub meta: PageMeta,
    pub title: String,
    pub summary: String,
    pub extra: Extra,
    /// The title's Vietnamese sort key, made with the page where its section sorts by title
    /// (or by `order`, ties going by title), so that sorting does not make it each build.
    #[serde(skip)]
    pub title_key: Option<crate::base::vi::collate::SortKey>,
    /// The rendered body, shared with the Markdown kept by `serve`.
    #[serde(skip)]
    pub body: std::sync::Arc<Rendered>,
    /// Size in bytes of the lead image when it is a file of the site.
    #[serde(skip)]
    pub image_len: Option<u64>,
    /// The previous and next page in the section's order.
    #[serde(skip)]
    pub neighbours: Neighbours,
}

/// The previous and next page in a section's order, by index in `site.pages`. Not part of a
/// page's fingerprint: indices move when a page is added, and a file that shows a neighbour
/// reads that page as its own input.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Neighbours {
    pub prev: Option<PageId>,
    pub next: Option<PageId>,
}

impl std::hash::Hash for Neighbours {
    fn hash<H: std::hash::Hasher>(&self, _: &mut H) {}
}

impl PageMeta {
    /// Whether readers see the page at `now`: not a draft, not dated later.
    pub fn published_at(&self, now: Date) -> bool {
        !self.draft && self.date.is_none_or(|d| d <= now)
    }
}

impl std::ops::Deref for Page {
    type Target = PageMeta;

    fn deref(&self) -> &PageMeta {
        &self.meta
    }
}

impl Page {
    /// Takes its rendered body; the body's first paragraph becomes the summary unless the
    /// front matter gave one.
    pub fn take_body(&mut self, body: std::sync::Arc<Rendered>) {
        if self.summary.is_empty() {
            self.summary = body.first_paragraph.clone();
        }
        self.body = body;
    }

    /// The body's HTML.
    pub fn content(&self) -> &str {
        &self.body.html
    }

    /// Links and images of the body, for checking.
    pub fn links(&self) -> &[Link] {
        &self.body.links
    }
}

/// Free data of the front matter (`extra:`), hashed by its text.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(transparent)]
pub struct Extra(pub serde_json::Value);

impl std::hash::Hash for Extra {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.0.to_string().hash(state);
    }
}

/// A section: a folder with `_index.md`, listing its pages.
#[derive(Debug, Clone, Serialize)]
pub struct Section {
    #[serde(skip)]
    pub source: PathBuf,
    /// Folder relative to `content/` (`""` for the home page).
    pub dir: String,
    pub title: String,
    pub permalink: Permalink,
    pub summary: String,
    pub content: String,
    pub headings: Vec<Heading>,
    pub sort_by: SortBy,
    pub paginate_by: usize,
    pub template: Option<String>,
    pub reportable: bool,
    pub dated: bool,
    /// Whether its pages join the site-wide stream (home page, `/rss.xml`, `/nhung/tat-ca.*`).
    pub stream: bool,
    /// Position in the site's navigation.
    pub order: Option<i64>,
    /// What `loa new` writes into a new post of this section.
    #[serde(skip)]
    pub new_post: NewPost,
    pub extra: serde_json::Value,
    /// Pages in display order.
    #[serde(skip)]
    pub pages: Vec<PageId>,
    /// Child sections in menu order (`order`, then title).
    #[serde(skip)]
    pub subsections: Vec<SectionId>,
    #[serde(skip)]
    pub parent: Option<SectionId>,
    #[serde(skip)]
    pub links: Vec<Link>,
}

/// A section's defaults for new posts (`new_post:` in `_index.md`), ids checked.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NewPost {
    pub kind: Option<KindId>,
    pub topics: Vec<TopicId>,
}

/// A free tag and its pages, newest first.
#[derive(Debug, Clone)]
pub struct Tag {
    pub slug: String,
    pub name: String,
    pub pages: Vec<PageId>,
}

/// A file copied as it is into the output.
#[derive(Debug, Clone)]
pub struct CopiedFile {
    pub source: PathBuf,
    /// Relative to the output folder, `/` separated.
    pub output: String,
    /// Size in bytes.
    pub len: u64,
}

/// The whole site, ready to render.
#[derive(Debug, Clone)]
pub struct Site {
    pub config: SiteConfig,
    pub units: Units,
    pub sections: Vec<Section>,
    pub pages: Vec<Page>,
    /// Index of the home section in `sections`.
    pub home: SectionId,
    /// Pages per topic id, newest first, every topic of `site.yaml` present.
    pub topics: IndexMap<TopicId, Vec<PageId>>,
    /// Tags sorted by slug.
    pub tags: Vec<Tag>,
    /// Pages per unit including its descendants, newest first; every unit present.
    pub unit_pages: IndexMap<UnitId, Vec<PageId>>,
    /// The site-wide stream: dated pages of the sections that join it (news), newest first.
    pub recent: Vec<PageId>,
    pub copied: Vec<CopiedFile>,
    /// The permalink of every file, which links between files resolve against.
    pub links: std::sync::Arc<LinkTable>,
    /// Old URLs and the page they redirect to.
    pub aliases: Vec<(Permalink, PageId)>,
    /// When the build ran, in the site's offset: a later-dated page is not yet published.
    pub now: Date,
    /// What units published on their own websites (`imported/`), in registry order.
    pub imported: Vec<imported::Imported>,
    /// The items of `imported` no post republishes, per unit (its descendants' included),
    /// newest first; every unit present.
    pub unit_imported: IndexMap<UnitId, Vec<usize>>,
}

impl Site {
    /// Whether page `i`'s title decides its place in its section: always where the section
    /// sorts by title; under `sort_by: order`, when another page shares its `order` (ties go
    /// by title); never by date.
    pub fn title_places(&self, i: PageId) -> bool {
        let p = &self.pages[i];
        let sec = &self.sections[p.section];
        match sec.sort_by {
            SortBy::Title => true,
            SortBy::Order => {
                // The key `section::sort_pages` sorts by, before the title.
                let key = |q: &Page| q.order.unwrap_or(i64::MAX);
                sec.pages
                    .iter()
                    .any(|&j| j != i && key(&self.pages[j]) == key(p))
            }
            SortBy::Date => false,
        }
    }

    /// The newest `n` pages of the site-wide stream.
    pub fn latest_news(&self, n: usize) -> Vec<PageId> {
        self.recent.iter().copied().take(n).collect()
    }
}

/// Sorts page indices newest first; pages published at the same moment (a series such as
/// the 17 points) keep their `order`, then go by permalink so output is stable.
pub fn sort_newest_first(pages: &[Page], list: &mut [PageId]) {
    sort_newest_by(pages, list, |p| p.date);
}

/// Sorts page indices newest first by `moment`, with the ties of [`sort_newest_first`].
pub fn sort_newest_by(pages: &[Page], list: &mut [PageId], moment: impl Fn(&Page) -> Option<Date>) {
    // Keys made once, side by side: comparing pages in place would jump across memory.
    list.sort_by_cached_key(|&i| newest_key(&pages[i], &moment));
}

/// The first `n` of `list` in the order of [`sort_newest_by`], without sorting the rest (a
/// feed of twenty items from a topic of thousands).
pub fn newest_by(
    pages: &[Page],
    list: &[PageId],
    moment: impl Fn(&Page) -> Option<Date>,
    n: usize,
) -> Vec<PageId> {
    let mut keyed: Vec<_> = list
        .iter()
        .map(|&i| (newest_key(&pages[i], &moment), i))
        .collect();
    // Keys are distinct (permalinks are): the first `n` are the same however the rest lie.
    if n > 0 && keyed.len() > n {
        keyed.select_nth_unstable(n - 1);
    }
    keyed.truncate(n);
    keyed.sort_unstable();
    keyed.into_iter().map(|(_, i)| i).collect()
}

/// Newest first by `moment`; at the same moment by `order`, then by permalink.
fn newest_key<'p>(
    p: &'p Page,
    moment: &impl Fn(&Page) -> Option<Date>,
) -> (
    std::cmp::Reverse<Option<Date>>,
    (bool, Option<i64>),
    &'p str,
) {
    (
        std::cmp::Reverse(moment(p)),
        (p.order.is_none(), p.order),
        p.permalink.as_str(),
    )
}
