//! Template data: site-wide values built once and shared by every page's context,
//! so a page costs the same whatever the size of the site (`jobs` builds each file's).

mod jobs;

pub use jobs::{Dep, ListRef, Places, Reads};

use super::embed::EmbedFeed;
use super::feed::{Feed, Format, Scope};
use crate::model::permalink::Permalink;
use crate::model::{routes, PageId};
use crate::model::{Page, Section, Site};
use minijinja::{context, Value};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::HashMap;

/// Values with their fingerprints, each computed once, when a context first reads it:
/// contexts record the fingerprint of what they read (see `Reads`), and a rebuild that makes
/// few contexts hashes few values.
struct Fingerprinted(Vec<(Value, std::sync::OnceLock<u64>)>);

impl Fingerprinted {
    fn new(values: Vec<Value>) -> Fingerprinted {
        Fingerprinted(
            values
                .into_iter()
                .map(|v| (v, Default::default()))
                .collect(),
        )
    }

    fn get(&self, i: usize) -> (&Value, u64) {
        let (v, fp) = &self.0[i];
        (v, *fp.get_or_init(|| crate::base::hash::hash_of(v)))
    }

    fn values(&self) -> impl Iterator<Item = &Value> {
        self.0.iter().map(|(v, _)| v)
    }
}

/// Values shared by all renders: cloning a `Value` only bumps a reference count.
pub(crate) struct Shared {
    site: Value,
    pages: Vec<Value>,
    /// Each section with the count of its pages, for lists.
    sections: Fingerprinted,
    /// Each section without that count, for its pages (a new post leaves them alone).
    plain_sections: Fingerprinted,
    /// Each unit with the count of its pages.
    units: Fingerprinted,
    /// `<link rel="alternate">` data per feed scope, the site's feeds first.
    feed_links: HashMap<Scope, (Value, u64)>,
    /// Each feed as embeds show it, in the order of `feeds`, and the pages it lists.
    embeds: Fingerprinted,
    feed_pages: Vec<Vec<PageId>>,
    /// Each feed's id, in the order of `feeds`.
    feed_ids: Vec<String>,
    /// The index of the feed of each scope (a unit's page shows its own embed).
    feed_by_scope: HashMap<Scope, usize>,
    /// Where each feed's embed page goes (`/nhung/<feed-id>.html`).
    embed_pages: Vec<Permalink>,
    /// The feeds grouped for the embed guide.
    embed_groups: (Value, u64),
    /// Each section's pages in order, built once: templates such as the 17-point table
    /// show them all.
    section_pages: Vec<Value>,
}

#[derive(Serialize)]
struct Term {
    id: String,
    name: String,
    url: String,
    count: usize,
}

#[derive(Serialize)]
struct PageView<'a> {
    #[serde(flatten)]
    page: &'a Page,
    content: &'a str,
    headings: &'a [crate::markdown::Heading],
    url: &'a str,
    unit_name: Option<&'a str>,
    unit_url: Option<String>,
    kind_name: &'a str,
    topic_list: Vec<Term>,
    section_title: &'a str,
    section_url: &'a str,
}

#[derive(Serialize)]
struct SectionView<'a> {
    #[serde(flatten)]
    section: &'a Section,
    url: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    count: Option<usize>,
}

#[derive(Serialize)]
struct UnitView<'a> {
    id: &'a str,
    name: &'a str,
    url: String,
    website: Option<&'a str>,
    span: Option<String>,
    depth: usize,
    parent: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    count: Option<usize>,
    successor: Option<&'a str>,
    group: Option<&'a str>,
    /// The newest articles of the unit's own website (and its units'), at most
    /// [`IMPORTED_SHOWN`], and how many there are.
    #[serde(skip_serializing_if = "Option::is_none")]
    imported: Option<Vec<ImportedView<'a>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    imported_count: Option<usize>,
}

/// The articles of units' own websites a unit's page lists: a list that only grows, of links
/// to elsewhere.
const IMPORTED_SHOWN: usize = 100;

/// An article of a unit's own website as its page lists it: a link there, never its text.
#[derive(Serialize)]
struct ImportedView<'a> {
    title: &'a str,
    url: &'a str,
    /// `14/04/2023`, or nothing when the feed gave no date.
    date: Option<String>,
    /// `2023-04-14`, for `<time datetime>`.
    iso: Option<String>,
    kind: &'a str,
}

fn unit_url(id: &str) -> String {
    routes::unit(id).to_string()
}

/// A page as templates see it.
fn page_value(site: &Site, p: &Page) -> Value {
    let cfg = &site.config;
    let sec = &site.sections[p.section];
    super::cached::PageValue::value(Value::from_serialize(PageView {
        page: p,
        content: p.content(),
        headings: &p.body.headings,
        url: p.permalink.as_str(),
        unit_name: p
            .unit
            .as_ref()
            .and_then(|u| site.units.get(u.as_str()))
            .map(|u| u.name.as_str()),
        unit_url: p.unit.as_ref().map(|u| unit_url(u.as_str())),
        kind_name: cfg
            .kinds
            .get(&p.kind)
            .map_or(p.kind.as_str(), String::as_str),
        topic_list: p
            .topics
            .iter()
            .map(|t| Term {
                id: t.to_string(),
                name: cfg.topics[t].clone(),
                url: routes::topic(t).to_string(),
                count: 0,
            })
            .collect(),
        section_title: &sec.title,
        section_url: sec.permalink.as_str(),
    }))
}

/// Every section as templates see it, with the count of its pages or without.
fn section_values(site: &Site, counted: bool) -> Vec<Value> {
    site.sections
        .iter()
        .map(|s| {
            Value::from_serialize(SectionView {
                section: s,
                url: s.permalink.as_str(),
                count: counted.then_some(s.pages.len()),
            })
        })
        .collect()
}

/// Every unit as templates see it, with the count of its pages or without.
fn unit_values(site: &Site, counted: bool) -> Vec<Value> {
    site.units
        .iter()
        .map(|u| {
            Value::from_serialize(UnitView {
                id: u.id.as_str(),
                name: &u.name,
                url: unit_url(u.id.as_str()),
                website: u.website.as_deref(),
                span: u.span_vi(),
                depth: u.depth,
                parent: u.parent.as_ref().map(|p| p.as_str()),
                count: counted.then(|| site.unit_pages[&u.id].len()),
                successor: u.successor.as_ref().map(|s| s.as_str()),
                group: u.group.as_deref(),
                imported_count: counted.then(|| site.imported_of(&u.id).count()),
                imported: counted.then(|| {
                    site.imported_of(&u.id)
                        .take(IMPORTED_SHOWN)
                        .map(|it| ImportedView {
                            title: &it.title,
                            url: &it.url,
                            date: it.date.map(|d| d.vi_short()),
                            iso: it.date.map(|d| d.iso_day()),
                            kind: site
                                .config
                                .kinds
                                .get(&it.kind)
                                .map_or(it.kind.as_str(), String::as_str),
                        })
                        .collect()
                }),
            })
        })
        .collect()
}

/// The site's menu: the home page's sections, then units and topics.
fn nav(site: &Site) -> Vec<Value> {
    let home = &site.sections[site.home];
    let mut nav: Vec<Value> = home
        .subsections
        .iter()
        .map(|&i| {
            let s = &site.sections[i];
            // A section may give itself a short menu label under `extra.menu`.
            let label = s
                .extra
                .get("menu")
                .and_then(|m| m.as_str())
                .unwrap_or(&s.title);
            context! { title => label, url => s.permalink }
        })
        .collect();
    nav.push(context! { title => "Đơn vị", url => routes::units() });
    nav.push(context! { title => "Chủ đề", url => routes::topics() });
    nav
}

/// What every page may read of the site: settings, menu and units (without their counts,
/// which change with every new post).
pub fn site_value(site: &Site) -> Value {
    let cfg = &site.config;
    let units = unit_values(site, false);
    let units_by_id: std::collections::BTreeMap<String, Value> = site
        .units
        .iter()
        .zip(units)
        .map(|(u, v)| (u.id.as_str().to_string(), v))
        .collect();
    context! {
        title => cfg.title,
        description => cfg.description,
        base_url => cfg.base_url,
        language => cfg.language,
        publish_reports => cfg.publish_reports,
        topics => cfg.topics,
        kinds => cfg.kinds,
        publisher => Value::from_serialize(&cfg.publisher),
        extra => Value::from_serialize(&cfg.extra),
        nav => nav(site),
        units_by_id,
    }
}

/// The `<link rel="alternate">` data of each feed's scope: the site's feeds, then its own.
fn feed_links(feeds: &[Feed]) -> HashMap<Scope, (Value, u64)> {
    let links = |f: &Feed| {
        Format::ALL.map(|fmt| {
            context! {
                href => f.path(fmt),
                type => fmt.mime(),
                format => fmt.label(),
                title => format!("{} ({})", f.title, fmt.label()),
            }
        })
    };
    let site_links = feeds.first().map(links);
    feeds
        .iter()
        .map(|f| {
            let mut list: Vec<Value> = site_links.iter().flatten().cloned().collect();
            if f.scope != Scope::Site {
                list.extend(links(f));
            }
            let v = Value::from(list);
            let fp = crate::base::hash::hash_of(&v);
            (f.scope, (v, fp))
        })
        .collect()
}

/// The feeds as the embed guide groups them.
fn embed_groups(feeds: &[Feed], embeds: &Fingerprinted) -> Value {
    let groups = [
        ("Toàn trang", "toan-trang"),
        ("Chuyên mục", "chuyen-muc"),
        ("Đơn vị", routes::UNITS),
        ("Chủ đề", routes::TOPICS),
        ("Thẻ", routes::TAGS),
    ];
    let groups: Vec<Value> = groups
        .iter()
        .enumerate()
        .map(|(g, (label, id))| {
            let members: Vec<Value> = feeds
                .iter()
                .zip(embeds.values())
                .filter(|(f, _)| group_of(f.scope) == g)
                .map(|(_, v)| v.clone())
                .collect();
            context! { label, id, feeds => members }
        })
        .collect();
    Value::from(groups)
}

impl Shared {
    /// Builds the shared values; `kept` may answer for a page's value.
    pub(super) fn new(
        site: &Site,
        feeds: &[Feed],
        views: &[EmbedFeed],
        kept: super::Kept<Value>,
    ) -> Shared {
        let pages: Vec<Value> = site
            .pages
            .par_iter()
            .enumerate()
            .map(|(i, p)| kept(i).unwrap_or_else(|| page_value(site, p)))
            .collect();
        let embeds = Fingerprinted::new(views.iter().map(Value::from_serialize).collect());
        let section_pages = site
            .sections
            .iter()
            .map(|s| {
                Value::from(
                    s.pages
                        .iter()
                        .map(|&i| pages[i.index()].clone())
                        .collect::<Vec<_>>(),
                )
            })
            .collect();
        let embed_pages = feeds
            .iter()
            .map(|f| {
                Permalink::from_user(&routes::embed_file(&f.id, "html"))
                    .unwrap_or_else(Permalink::root)
            })
            .collect();
        Shared {
            site: site_value(site),
            sections: Fingerprinted::new(section_values(site, true)),
            plain_sections: Fingerprinted::new(section_values(site, false)),
            units: Fingerprinted::new(unit_values(site, true)),
            feed_links: feed_links(feeds),
            embed_groups: {
                let v = embed_groups(feeds, &embeds);
                let fp = crate::base::hash::hash_of(&v);
                (v, fp)
            },
            feed_pages: feeds.iter().map(|f| f.pages.clone()).collect(),
            feed_ids: feeds.iter().map(|f| f.id.clone()).collect(),
            feed_by_scope: feeds
                .iter()
                .enumerate()
                .map(|(i, f)| (f.scope, i))
                .collect(),
            embeds,
            embed_pages,
            section_pages,
            pages,
        }
    }

    /// What the layout (`base.html`) of every page reads: the site, the page's path and title,
    /// and the feeds it links to.
    pub(super) fn layout(&self, permalink: &Permalink, title: &str, scope: Scope) -> Value {
        context! {
            site => self.site.clone(),
            current_url => permalink,
            page_title => title,
            feeds => self.feed_links.get(&scope).map(|(v, _)| v.clone()).unwrap_or_default(),
        }
    }

    /// The registry as `/don-vi/` lists it: each `group:` heading with the top-level units
    /// from it to the next one, their descendants under them.
    fn unit_groups(&self, site: &Site) -> Vec<Value> {
        let mut groups: Vec<(Option<&str>, Vec<Value>)> = Vec::new();
        for (u, view) in site.units.iter().zip(self.units.values()) {
            if u.depth == 0 && (u.group.is_some() || groups.is_empty()) {
                groups.push((u.group.as_deref(), Vec::new()));
            }
            if let Some((_, list)) = groups.last_mut() {
                list.push(view.clone());
            }
        }
        groups
            .into_iter()
            .enumerate()
            .map(|(i, (title, units))| context! { id => format!("nhom-{}", i + 1), title, units })
            .collect()
    }

    /// Every page's template value, indexed like `site.pages`.
    pub(super) fn page_values(&self) -> &[Value] {
        &self.pages
    }
}

/// What `/so-do-trang/` lists: each section with its pages (long archives are linked, not
/// listed, so the page stays readable on a phone) and the published reports.
fn site_map(site: &Site) -> (Value, Vec<PageId>) {
    const LISTED: usize = 100;
    let sections: Vec<Value> = site.sections[site.home]
        .subsections
        .iter()
        .map(|&i| {
            let s = &site.sections[i];
            let listed = if s.pages.len() <= LISTED {
                &s.pages[..]
            } else {
                &[]
            };
            let pages: Vec<Value> = listed
                .iter()
                .map(|&j| context! { title => site.pages[j].title, url => site.pages[j].permalink })
                .collect();
            context! { title => s.title, url => s.permalink, count => s.pages.len(), pages }
        })
        .collect();
    let periods: Vec<Value> = site
        .config
        .periods
        .keys()
        .map(|id| context! { id, url => routes::ReportFiles::of(id).page })
        .collect();
    let listed = site.sections[site.home]
        .subsections
        .iter()
        .map(|&i| &site.sections[i].pages)
        .filter(|p| p.len() <= LISTED)
        .flatten()
        .copied()
        .collect();
    (context! { sections, periods }, listed)
}

/// Position of a feed's group on the embed guide.
fn group_of(scope: Scope) -> usize {
    match scope {
        Scope::Site => 0,
        Scope::Section(_) => 1,
        Scope::Unit(_) => 2,
        Scope::Topic(_) => 3,
        Scope::Tag(_) => 4,
    }
}
