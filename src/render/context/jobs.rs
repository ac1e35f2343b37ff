//! The context of each HTML file, one function per kind of file. Each function reads what
//! it shows through [`Reads`], which records the pages and other values it used: that record
//! is the file's list of inputs, kept beside the code that uses them, so nothing else has to
//! know what a file depends on.

use super::{site_map, Shared, Term};
use crate::base::hash::Fingerprinter;
use crate::model::permalink::Permalink;
use crate::model::{routes, PageId, SectionId, Site};
use crate::render::feed::Scope;
use crate::render::{page_of, paginate, Job};
use minijinja::{context, Value};
use std::hash::{Hash, Hasher};

/// What a file's context was made of: the pages it shows (by index in `site.pages`), and a
/// fingerprint of everything else it read beyond the layout every page shares.
pub struct Reads {
    pub pages: Vec<PageId>,
    /// The inputs it read of the site's lists, each one a later build can check again
    /// without making the context (see `Renderer::holds`).
    pub deps: Vec<Dep>,
    other: Fingerprinter,
    /// Whether it read lists or counts of pages, which an edit of a date, a unit or tags may
    /// change without changing the pages it shows. A page's own neighbours count as part of
    /// that page: an edit that moves them names the page as changed.
    pub lists: bool,
}

impl std::fmt::Debug for Reads {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Reads")
            .field("pages", &self.pages)
            .field("deps", &self.deps)
            .field("other", &self.other())
            .field("lists", &self.lists)
            .finish()
    }
}

impl Default for Reads {
    fn default() -> Self {
        Reads {
            pages: Vec::new(),
            deps: Vec::new(),
            other: crate::base::hash::hasher(),
            lists: false,
        }
    }
}

impl Reads {
    /// The fingerprint of what was read besides pages.
    pub fn other(&self) -> u64 {
        self.other.finish()
    }

    /// Records a shared value the context holds, by its fingerprint. Whether lists of pages
    /// change it is for the caller to say (a `Dep`, or `lists`).
    fn value(&mut self, (v, fp): (&Value, u64)) -> Value {
        fp.hash(&mut self.other);
        v.clone()
    }

    /// Records a value made for this context alone, from lists of pages.
    fn made(&mut self, v: Value) -> Value {
        self.lists = true;
        v.hash(&mut self.other);
        v
    }

    /// Records a value made for this context alone from the settings only.
    fn settings(&mut self, v: Value) -> Value {
        v.hash(&mut self.other);
        v
    }

    /// Records any other input (a count, a name, a path).
    fn note(&mut self, v: impl Hash) {
        v.hash(&mut self.other);
    }

    /// The value of page `i`.
    fn page(&mut self, shared: &Shared, i: PageId) -> Value {
        self.pages.push(i);
        shared.pages[i.index()].clone()
    }

    /// The values of the pages of `list`.
    fn page_list(&mut self, shared: &Shared, list: &[PageId]) -> Value {
        self.lists = true;
        list.iter().map(|&i| self.page(shared, i)).collect()
    }

    /// Page `page` of the list `list` (which `of` names), `per` items a page (see
    /// `paginate`).
    fn paginator(
        &mut self,
        shared: &Shared,
        pages: &[crate::model::Page],
        (of, list): (ListRef, &[PageId]),
        per: usize,
        page: usize,
        base: &Permalink,
    ) -> Value {
        self.note(list.len());
        let fp = slice_fingerprint(pages, list, per, page);
        self.deps.push(Dep::Slice { of, page, per, fp });
        self.pages.extend(page_of(list, per, page));
        paginate(&shared.pages, list, per, page, base)
    }

    /// A unit as lists show it, with the count of its pages.
    fn counted_unit(&mut self, shared: &Shared, i: usize) -> Value {
        let (v, fp) = shared.units.get(i);
        self.deps.push(Dep::Unit(i, fp));
        self.value((v, fp))
    }

    /// A section as lists show it, with the count of its pages.
    fn counted_section(&mut self, shared: &Shared, i: SectionId) -> Value {
        let (v, fp) = shared.sections.get(i.index());
        self.deps.push(Dep::Section(i, fp));
        self.value((v, fp))
    }
}

/// A list of the site's pages, named so that a later build can find it again: sections,
/// units and topics keep their places, a tag is found by its slug.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ListRef {
    Section(SectionId),
    Unit(usize),
    Topic(usize),
    Tag(String),
}

/// An input a context read from the site's lists.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Dep {
    /// Page `page` of a list, `per` items a page: the fingerprint of the list's length and
    /// of the pages on that page.
    Slice {
        of: ListRef,
        page: usize,
        per: usize,
        fp: u64,
    },
    /// A section with the count of its pages, by the fingerprint of its value.
    Section(SectionId, u64),
    /// A unit with the count of its pages, by its place in the registry and the fingerprint
    /// of its value.
    Unit(usize, u64),
    /// A feed's embed (its items), by the feed's id and the fingerprint of its value.
    Embed(String, u64),
}

/// What page `page` of `list` shows of it: its length and its items, by their addresses,
/// which stay when pages come or go and indices move (what the items show counts apart).
pub(crate) fn slice_fingerprint(
    pages: &[crate::model::Page],
    list: &[PageId],
    per: usize,
    page: usize,
) -> u64 {
    let mut h = crate::base::hash::hasher();
    list.len().hash(&mut h);
    for &i in page_of(list, per, page) {
        pages[i].permalink.hash(&mut h);
    }
    h.finish()
}

/// A template's name and its context.
pub type Made = (String, Value);

impl Shared {
    /// Whether `dep` reads the same in `site` as when it was recorded (`found` gives the
    /// places of tags and feeds by their ids).
    pub(crate) fn holds(&self, site: &Site, found: &Places, dep: &Dep) -> bool {
        let tags = &found.tags;
        match dep {
            Dep::Slice { of, page, per, fp } => {
                let list = match of {
                    ListRef::Section(i) => site.sections.get(i.index()).map(|s| &s.pages),
                    ListRef::Unit(i) => site.unit_pages.get_index(*i).map(|(_, l)| l),
                    ListRef::Topic(i) => site.topics.get_index(*i).map(|(_, l)| l),
                    ListRef::Tag(slug) => tags.get(slug.as_str()).map(|&i| &site.tags[i].pages),
                };
                list.is_some_and(|l| slice_fingerprint(&site.pages, l, *per, *page) == *fp)
            }
            Dep::Section(i, fp) => {
                i.index() < site.sections.len() && self.sections.get(i.index()).1 == *fp
            }
            Dep::Unit(i, fp) => *i < self.units.0.len() && self.units.get(*i).1 == *fp,
            Dep::Embed(feed, fp) => found
                .feeds
                .get(feed.as_str())
                .is_some_and(|&i| self.embeds.get(i).1 == *fp),
        }
    }
}

/// The place of each tag in `site.tags` by slug, and of each feed in the plan by id.
pub struct Places<'s> {
    pub tags: rustc_hash::FxHashMap<&'s str, usize>,
    pub feeds: rustc_hash::FxHashMap<&'s str, usize>,
}

impl Shared {
    /// The output path of one job, without building its context.
    pub(crate) fn job_permalink(&self, site: &Site, job: &Job) -> Permalink {
        match *job {
            Job::Home => Permalink::root(),
            Job::Section { index, page } => site.sections[index].permalink.page(page),
            Job::Page(i) => site.pages[i].permalink.clone(),
            Job::Units => routes::units(),
            Job::Unit { index, page } => {
                let (id, _) = site.unit_pages.get_index(index).expect("unit index");
                routes::unit(id.as_str()).page(page)
            }
            Job::Topics => routes::topics(),
            Job::Tags => routes::tags(),
            Job::Topic { index, page } => {
                let (id, _) = site.topics.get_index(index).expect("topic index");
                routes::topic(id).page(page)
            }
            Job::Tag { index, page } => routes::tag(&site.tags[index].slug).page(page),
            Job::NotFound => routes::not_found(),
            Job::Embeds => routes::embeds(),
            Job::EmbedPage(i) => self.embed_pages[i].clone(),
            Job::Reports => routes::reports(),
            Job::SiteMap => routes::site_map(),
            Job::Search => routes::search(),
            Job::Alias(i) => site.aliases[i].0.clone(),
        }
    }

    /// The template and context of one job whose path is `permalink`, its inputs recorded in
    /// `reads`.
    pub(crate) fn job_context(
        &self,
        site: &Site,
        job: &Job,
        permalink: &Permalink,
        reads: &mut Reads,
    ) -> Made {
        let mut cx = Cx {
            shared: self,
            site,
            permalink,
            reads,
        };
        match *job {
            Job::Home => cx.home(),
            Job::Section { index, page } => cx.section(index, page),
            Job::Page(i) => cx.page(i),
            Job::Units => cx.units(),
            Job::Unit { index, page } => cx.unit(index, page),
            Job::Topics => cx.terms(false),
            Job::Tags => cx.terms(true),
            Job::Topic { index, page } => cx.term(Scope::Topic(index), page),
            Job::Tag { index, page } => cx.term(Scope::Tag(index), page),
            Job::NotFound => (
                "404.html".into(),
                cx.layout("Không tìm thấy trang", Scope::Site),
            ),
            Job::Embeds => cx.embeds(),
            Job::EmbedPage(i) => cx.embed_page(i),
            Job::Reports => cx.reports(),
            Job::SiteMap => cx.site_map(),
            Job::Search => cx.search(),
            Job::Alias(i) => cx.alias(i),
        }
    }
}

/// One job's context under construction.
struct Cx<'a> {
    shared: &'a Shared,
    site: &'a Site,
    permalink: &'a Permalink,
    reads: &'a mut Reads,
}

impl Cx<'_> {
    /// The layout's values for a page titled `title` that links to the feeds of `scope`; the
    /// site's values in it are every page's, and not counted as this file's inputs.
    fn layout(&mut self, title: &str, scope: Scope) -> Value {
        self.reads.note(title);
        self.reads
            .note(self.shared.feed_links.get(&scope).map(|(_, fp)| fp));
        self.shared.layout(self.permalink, title, scope)
    }

    fn home(&mut self) -> Made {
        let (site, shared) = (self.site, self.shared);
        let home = &site.sections[site.home];
        let subs: Value = home
            .subsections
            .iter()
            .map(|&i| self.reads.counted_section(shared, i))
            .collect();
        let ctx = context! {
            ..self.layout(&home.title, Scope::Site),
            ..context! {
                section => self.reads.counted_section(shared, site.home),
                subsections => subs,
                pages => self.reads.page_list(shared, &home.pages),
                recent => self.reads.page_list(shared, &site.latest_news(6)),
                // Where "all the news" is: the first section of the stream.
                news_url => self.reads.made(Value::from_serialize(home.subsections.iter().map(|&i| &site.sections[i]).find(|s| s.stream).map(|s| s.permalink.clone()))),
            }
        };
        ("index.html".into(), ctx)
    }

    fn section(&mut self, index: SectionId, page: usize) -> Made {
        let (site, shared) = (self.site, self.shared);
        let s = &site.sections[index];
        let title = if page > 1 {
            format!("{} – trang {page}", s.title)
        } else {
            s.title.clone()
        };
        let subsections: Value = s
            .subsections
            .iter()
            .map(|&i| self.reads.counted_section(shared, i))
            .collect();
        // Only the first page gets the whole list: later pages then depend on their own
        // items alone, and are rendered again only when those change.
        let all_pages = (page == 1).then(|| {
            self.reads.lists = true;
            self.reads.pages.extend(&s.pages);
            shared.section_pages[index.index()].clone()
        });
        let ctx = context! {
            ..self.layout(&title, Scope::Section(index)),
            ..context! {
                section => self.reads.counted_section(shared, index),
                paginator => self.reads.paginator(shared, &self.site.pages, (ListRef::Section(index), &s.pages), s.paginate_by, page, &s.permalink),
                all_pages,
                subsections,
            }
        };
        let template = s.template.clone().unwrap_or_else(|| "section.html".into());
        self.reads.note(&template);
        (template, ctx)
    }

    fn page(&mut self, i: PageId) -> Made {
        let shared = self.shared;
        let p = &self.site.pages[i];
        // Which side each neighbour is on: the pages alone do not say.
        let n = p.neighbours;
        self.reads.note((n.prev.is_some(), n.next.is_some()));
        let ctx = context! {
            ..self.layout(&p.title, Scope::Site),
            ..context! {
                page => self.reads.page(shared, i),
                // Without its count of pages: adding a post does not change its neighbours.
                section => self.reads.value(shared.plain_sections.get(p.section.index())),
                prev => p.neighbours.prev.map(|j| self.reads.page(shared, j)),
                next => p.neighbours.next.map(|j| self.reads.page(shared, j)),
            }
        };
        ("page.html".into(), ctx)
    }

    fn units(&mut self) -> Made {
        let groups = Value::from(self.shared.unit_groups(self.site));
        let ctx = context! {
            ..self.layout("Đơn vị đăng tin", Scope::Site),
            ..context! { groups => self.reads.made(groups) }
        };
        ("units.html".into(), ctx)
    }

    fn unit(&mut self, index: usize, page: usize) -> Made {
        let (site, shared) = (self.site, self.shared);
        let (id, list) = site.unit_pages.get_index(index).expect("unit index");
        let base_link = routes::unit(id.as_str());
        let unit = self.reads.counted_unit(shared, index);
        let title = unit
            .get_attr("name")
            .map(|n| n.to_string())
            .unwrap_or_default();
        let children: Value = site
            .units
            .get(id.as_str())
            .map(|u| {
                u.children
                    .iter()
                    .map(|c| self.reads.counted_unit(shared, site.units.position(c)))
                    .collect()
            })
            .unwrap_or_else(|| Value::from(Vec::<Value>::new()));
        let embed = self.embed_of(Scope::Unit(index));
        let ctx = context! {
            ..self.layout(&title, Scope::Unit(index)),
            ..context! {
                unit,
                children,
                embed,
                paginator => self.reads.paginator(shared, &self.site.pages, (ListRef::Unit(index), list), site.config.paginate_by, page, &base_link),
            }
        };
        ("unit.html".into(), ctx)
    }

    /// The embed of the feed of `scope`, with the pages it lists.
    fn embed_of(&mut self, scope: Scope) -> Option<Value> {
        let i = *self.shared.feed_by_scope.get(&scope)?;
        Some(self.embed(i))
    }

    /// The embed of feed `i`, with the pages it lists.
    fn embed(&mut self, i: usize) -> Value {
        self.reads.pages.extend(&self.shared.feed_pages[i]);
        let (v, fp) = self.shared.embeds.get(i);
        let feed = self.shared.feed_ids[i].clone();
        self.reads.deps.push(Dep::Embed(feed, fp));
        self.reads.value((v, fp))
    }

    fn terms(&mut self, tags: bool) -> Made {
        let site = self.site;
        let (segment, title, terms): (&str, &str, Vec<Term>) = if tags {
            let terms = site.tags.iter().map(|t| Term {
                id: t.slug.clone(),
                name: t.name.clone(),
                url: routes::tag(&t.slug).to_string(),
                count: t.pages.len(),
            });
            (routes::TAGS, "Thẻ", terms.collect())
        } else {
            let terms = site.topics.iter().map(|(id, l)| Term {
                id: id.to_string(),
                name: site.config.topics[id].clone(),
                url: routes::topic(id).to_string(),
                count: l.len(),
            });
            (routes::TOPICS, "Chủ đề", terms.collect())
        };
        let other_url = if tags {
            routes::topics()
        } else {
            routes::tags()
        };
        let terms = self.reads.made(Value::from_serialize(&terms));
        let ctx = context! {
            ..self.layout(title, Scope::Site),
            ..context! { terms, taxonomy => segment, other_url }
        };
        ("terms.html".into(), ctx)
    }

    fn term(&mut self, scope: Scope, page: usize) -> Made {
        let (site, shared) = (self.site, self.shared);
        let (segment, label, id, name, list) = match scope {
            Scope::Topic(index) => {
                let (id, list) = site.topics.get_index(index).expect("topic index");
                let name = site.config.topics[id].clone();
                let list = (ListRef::Topic(index), &list[..]);
                (routes::TOPICS, "Chủ đề", id.to_string(), name, list)
            }
            Scope::Tag(index) => {
                let t = &site.tags[index];
                let list = (ListRef::Tag(t.slug.clone()), &t.pages[..]);
                (routes::TAGS, "Thẻ", t.slug.clone(), t.name.clone(), list)
            }
            _ => unreachable!("a term page is a topic's or a tag's"),
        };
        self.reads.note((&id, &name));
        let base_link = Permalink::from_segments([segment, id.as_str()]);
        let ctx = context! {
            ..self.layout(&format!("{label}: {name}"), scope),
            ..context! {
                term => context! { id, name, label, url => base_link.as_str(), taxonomy => segment },
                paginator => self.reads.paginator(shared, &self.site.pages, list, site.config.paginate_by, page, &base_link),
            }
        };
        ("term.html".into(), ctx)
    }

    fn embeds(&mut self) -> Made {
        self.reads.lists = true;
        for pages in &self.shared.feed_pages {
            self.reads.pages.extend(pages);
        }
        let groups = self
            .reads
            .value((&self.shared.embed_groups.0, self.shared.embed_groups.1));
        let ctx = context! {
            ..self.layout("Nhúng tin bài vào trang web khác", Scope::Site),
            ..context! { groups }
        };
        ("embeds.html".into(), ctx)
    }

    fn embed_page(&mut self, i: usize) -> Made {
        let feed = self.embed(i);
        (
            "embed.html".into(),
            context! { site => self.shared.site.clone(), feed },
        )
    }

    fn reports(&mut self) -> Made {
        let periods: Vec<Value> = self
            .site
            .config
            .periods
            .iter()
            .map(|(id, p)| {
                let files = routes::ReportFiles::of(id);
                context! {
                    id,
                    from => crate::base::date::vi_day(p.from),
                    to => crate::base::date::vi_day(p.to),
                    csv => format!("{}{}", files.page, files.csv),
                    xlsx => format!("{}{}", files.page, files.xlsx),
                    url => files.page,
                }
            })
            .collect();
        let periods = self.reads.settings(Value::from(periods));
        let ctx = context! {
            ..self.layout("Báo cáo kết quả tuyên truyền", Scope::Site),
            ..context! { periods }
        };
        ("reports.html".into(), ctx)
    }

    fn site_map(&mut self) -> Made {
        let (map, listed) = site_map(self.site);
        self.reads.lists = true;
        self.reads.pages.extend(listed);
        let map = self.reads.made(map);
        let ctx = context! { ..self.layout("Sơ đồ trang", Scope::Site), ..map };
        ("sitemap.html".into(), ctx)
    }

    fn search(&mut self) -> Made {
        let site = self.site;
        // The filters offered: the same values the index has files for.
        let sections: Vec<Value> = site
            .sections
            .iter()
            .filter(|s| !s.dir.is_empty() && !s.pages.is_empty())
            .map(|s| context! { id => s.dir, title => s.title })
            .collect();
        let units: Vec<Value> = site
            .unit_pages
            .iter()
            .filter(|(_, pages)| !pages.is_empty())
            .filter_map(|(id, _)| site.units.get(id.as_str()))
            .map(|u| context! { id => u.id.as_str(), title => u.name })
            .collect();
        let mut years: Vec<i32> = site
            .pages
            .iter()
            .filter(|p| crate::search::doc::published(site, p))
            .filter_map(|p| p.date.map(|d| chrono::Datelike::year(&d.day())))
            .collect();
        years.sort_unstable_by(|a, b| b.cmp(a));
        years.dedup();
        let filters = self.reads.made(context! { sections, units, years });
        let ctx = context! { ..self.layout("Tìm kiếm", Scope::Site), ..context! { filters } };
        ("search.html".into(), ctx)
    }

    fn alias(&mut self, i: usize) -> Made {
        let target = self.site.aliases[i].1;
        // Its title is the target's: the target is among its inputs.
        self.reads.pages.push(target);
        let p = &self.site.pages[target];
        let ctx = context! {
            ..self.layout(&p.title, Scope::Site),
            ..context! { target => p.permalink.as_str() }
        };
        ("alias.html".into(), ctx)
    }
}
