//! Template data: site-wide values built once and shared by every page's context,
//! so a page costs the same whatever the size of the site.

use super::embed::EmbedFeed;
use super::feed::{Feed, Format, Scope};
use super::{paginate, Job};
use crate::model::permalink::Permalink;
use crate::model::routes;
use crate::model::{Page, Section, Site};
use minijinja::{context, Value};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::HashMap;

/// Values shared by all renders: cloning a `Value` only bumps a reference count.
pub(super) struct Shared {
    site: Value,
    pages: Vec<Value>,
    sections: Vec<Value>,
    units: Vec<Value>,
    /// `<link rel="alternate">` data per feed scope, the site's feeds first.
    feed_links: HashMap<Scope, Value>,
    /// Each feed as embeds show it, in the order of `feeds`.
    embeds: Vec<Value>,
    /// The same, by the scope of its feed (a unit's page shows its own).
    embed_by_scope: HashMap<Scope, Value>,
    /// Where each feed's embed page goes (`/nhung/<feed-id>.html`).
    embed_pages: Vec<Permalink>,
    /// The feeds grouped for the embed guide.
    embed_groups: Value,
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
    count: usize,
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
    count: usize,
    successor: Option<&'a str>,
    group: Option<&'a str>,
}

fn unit_url(id: &str) -> String {
    routes::unit(id).to_string()
}

impl Shared {
    /// Builds the shared values; `kept` may answer for a page's value.
    pub(super) fn new(
        site: &Site,
        feeds: &[Feed],
        views: &[EmbedFeed],
        kept: super::Kept<Value>,
    ) -> Shared {
        let cfg = &site.config;
        let topic_url = |id: &str| routes::topic(id).to_string();
        let pages: Vec<Value> = site
            .pages
            .par_iter()
            .enumerate()
            .map(|(i, p)| {
                if let Some(v) = kept(i) {
                    return v;
                }
                let sec = &site.sections[p.section];
                Value::from_serialize(PageView {
                    page: p,
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
                            id: t.clone(),
                            name: cfg.topics[t].clone(),
                            url: topic_url(t),
                            count: 0,
                        })
                        .collect(),
                    section_title: &sec.title,
                    section_url: sec.permalink.as_str(),
                })
            })
            .collect();
        let sections = site
            .sections
            .iter()
            .map(|s| {
                Value::from_serialize(SectionView {
                    section: s,
                    url: s.permalink.as_str(),
                    count: s.pages.len(),
                })
            })
            .collect();
        let units: Vec<Value> = site
            .units
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
                    count: site.unit_pages[&u.id].len(),
                    successor: u.successor.as_ref().map(|s| s.as_str()),
                    group: u.group.as_deref(),
                })
            })
            .collect();
        let home = &site.sections[site.home];
        let nav: Vec<&Section> = home
            .subsections
            .iter()
            .map(|&i| &site.sections[i])
            .collect();
        let mut nav: Vec<Value> = nav
            .iter()
            .map(|s| {
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
        let site_value = context! {
            title => cfg.title,
            description => cfg.description,
            base_url => cfg.base_url,
            language => cfg.language,
            publish_reports => cfg.publish_reports,
            topics => cfg.topics,
            kinds => cfg.kinds,
            publisher => Value::from_serialize(&cfg.publisher),
            extra => Value::from_serialize(&cfg.extra),
            nav,
            units_by_id => units.iter().map(|u| (u.get_attr("id").unwrap_or_default().to_string(), u.clone())).collect::<std::collections::BTreeMap<_, _>>(),
        };
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
        let feed_links = feeds
            .iter()
            .map(|f| {
                let mut list: Vec<Value> = site_links.iter().flatten().cloned().collect();
                if f.scope != Scope::Site {
                    list.extend(links(f));
                }
                (f.scope, Value::from(list))
            })
            .collect();
        let embeds: Vec<Value> = views.iter().map(Value::from_serialize).collect();
        let groups = [
            ("Toàn trang", "toan-trang"),
            ("Chuyên mục", "chuyen-muc"),
            ("Đơn vị", routes::UNITS),
            ("Chủ đề", routes::TOPICS),
            ("Thẻ", routes::TAGS),
        ];
        let embed_groups: Vec<Value> = groups
            .iter()
            .enumerate()
            .map(|(g, (label, id))| {
                let members: Vec<Value> = feeds
                    .iter()
                    .zip(&embeds)
                    .filter(|(f, _)| group_of(f.scope) == g)
                    .map(|(_, v)| v.clone())
                    .collect();
                context! { label, id, feeds => members }
            })
            .collect();
        let section_pages = site
            .sections
            .iter()
            .map(|s| {
                Value::from(
                    s.pages
                        .iter()
                        .map(|&i| pages[i].clone())
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
        let embed_by_scope = feeds
            .iter()
            .zip(&embeds)
            .map(|(f, v)| (f.scope, v.clone()))
            .collect();
        Shared {
            embed_by_scope,
            embed_pages,
            section_pages,
            site: site_value,
            pages,
            sections,
            units,
            feed_links,
            embeds,
            embed_groups: Value::from(embed_groups),
        }
    }

    /// What the layout (`base.html`) of every page reads: the site, the page's path and title,
    /// and the feeds it links to.
    pub(super) fn layout(&self, permalink: &Permalink, title: &str, scope: Scope) -> Value {
        context! {
            site => self.site.clone(),
            current_url => permalink,
            page_title => title,
            feeds => self.feed_links.get(&scope).cloned().unwrap_or_default(),
        }
    }

    /// The registry as `/don-vi/` lists it: each `group:` heading with the top-level units
    /// from it to the next one, their descendants under them.
    fn unit_groups(&self, site: &Site) -> Vec<Value> {
        let mut groups: Vec<(Option<&str>, Vec<Value>)> = Vec::new();
        for (u, view) in site.units.iter().zip(&self.units) {
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

    fn page_list(&self, list: &[usize]) -> Vec<Value> {
        list.iter().map(|&i| self.pages[i].clone()).collect()
    }

    /// The output path of one job, without building its context (for reused files).
    pub(super) fn job_permalink(&self, site: &Site, job: &Job) -> Permalink {
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
            Job::Alias(i) => site.aliases[i].0.clone(),
        }
    }

    /// The template name and context of one job, whose path is `permalink` (`job_permalink`).
    pub(super) fn job_context(
        &self,
        site: &Site,
        job: &Job,
        permalink: &Permalink,
    ) -> (String, Value) {
        let by = site.config.paginate_by;
        let base_in = |title: &str, scope: Scope| self.layout(permalink, title, scope);
        let base = |title: &str| base_in(title, Scope::Site);
        match *job {
            Job::Home => {
                let home = &site.sections[site.home];
                let subs: Vec<Value> = home
                    .subsections
                    .iter()
                    .map(|&i| self.sections[i].clone())
                    .collect();
                let recent = site.latest_news(6);
                let ctx = context! {
                    ..base(&home.title),
                    ..context! {
                        section => self.sections[site.home].clone(),
                        subsections => subs,
                        pages => self.page_list(&home.pages),
                        recent => self.page_list(&recent),
                        // Where "all the news" is: the first section of the stream.
                        news_url => home.subsections.iter().map(|&i| &site.sections[i]).find(|s| s.stream).map(|s| s.permalink.clone()),
                    }
                };
                ("index.html".into(), ctx)
            }
            Job::Section { index, page } => {
                let s = &site.sections[index];

                let title = if page > 1 {
                    format!("{} – trang {page}", s.title)
                } else {
                    s.title.clone()
                };
                let ctx = context! {
                    ..base_in(&title, Scope::Section(index)),
                    ..context! {
                        section => self.sections[index].clone(),
                        paginator => paginate(&self.pages, &s.pages, s.paginate_by, page, &s.permalink),
                        // Only the first page gets the whole list: later pages then depend on their
                        // own items alone, which lets `serve` reuse them.
                        all_pages => (page == 1).then(|| self.section_pages[index].clone()),
                        subsections => s.subsections.iter().map(|&i| self.sections[i].clone()).collect::<Vec<_>>(),
                    }
                };
                (
                    s.template.clone().unwrap_or_else(|| "section.html".into()),
                    ctx,
                )
            }
            Job::Page(i) => {
                let p = &site.pages[i];
                let ctx = context! {
                    ..base(&p.title),
                    ..context! {
                        page => self.pages[i].clone(),
                        section => self.sections[p.section].clone(),
                        prev => p.prev.map(|j| self.pages[j].clone()),
                        next => p.next.map(|j| self.pages[j].clone()),
                    }
                };
                ("page.html".into(), ctx)
            }
            Job::Units => {
                let ctx = context! { ..base("Đơn vị đăng tin"), ..context! { groups => self.unit_groups(site) } };
                ("units.html".into(), ctx)
            }
            Job::Unit { index, page } => {
                let (id, list) = site.unit_pages.get_index(index).expect("unit index");
                let base_link = routes::unit(id.as_str());
                let unit = self.units[index].clone();
                let title = unit
                    .get_attr("name")
                    .map(|n| n.to_string())
                    .unwrap_or_default();
                let children: Vec<Value> = site
                    .units
                    .get(id.as_str())
                    .map(|u| {
                        u.children
                            .iter()
                            .map(|c| self.units[site.units.position(c)].clone())
                            .collect()
                    })
                    .unwrap_or_default();
                let ctx = context! {
                    ..base_in(&title, Scope::Unit(index)),
                    ..context! {
                        unit,
                        children,
                        embed => self.embed_by_scope.get(&Scope::Unit(index)).cloned(),
                        paginator => paginate(&self.pages, list, by, page, &base_link),
                    }
                };
                ("unit.html".into(), ctx)
            }
            Job::Topics | Job::Tags => {
                let (segment, title, terms): (&str, &str, Vec<Term>) = if matches!(job, Job::Topics)
                {
                    (
                        routes::TOPICS,
                        "Chủ đề",
                        site.topics
                            .iter()
                            .map(|(id, l)| Term {
                                id: id.clone(),
                                name: site.config.topics[id].clone(),
                                url: routes::topic(id).to_string(),
                                count: l.len(),
                            })
                            .collect(),
                    )
                } else {
                    (
                        routes::TAGS,
                        "Thẻ",
                        site.tags
                            .iter()
                            .map(|t| Term {
                                id: t.slug.clone(),
                                name: t.name.clone(),
                                url: routes::tag(&t.slug).to_string(),
                                count: t.pages.len(),
                            })
                            .collect(),
                    )
                };
                let ctx = context! {
                    ..base(title),
                    ..context! { terms => Value::from_serialize(&terms), taxonomy => segment, other_url => if segment == routes::TAGS { routes::topics() } else { routes::tags() } }
                };
                ("terms.html".into(), ctx)
            }
            Job::Topic { index, page } | Job::Tag { index, page } => {
                let scope = if matches!(job, Job::Topic { .. }) {
                    Scope::Topic(index)
                } else {
                    Scope::Tag(index)
                };
                let (segment, label, id, name, list) = if matches!(job, Job::Topic { .. }) {
                    let (id, list) = site.topics.get_index(index).expect("topic index");
                    (
                        routes::TOPICS,
                        "Chủ đề",
                        id.clone(),
                        site.config.topics[id].clone(),
                        list,
                    )
                } else {
                    let t = &site.tags[index];
                    (
                        routes::TAGS,
                        "Thẻ",
                        t.slug.clone(),
                        t.name.clone(),
                        &t.pages,
                    )
                };
                let base_link = Permalink::from_segments([segment, id.as_str()]);
                let ctx = context! {
                    ..base_in(&format!("{label}: {name}"), scope),
                    ..context! {
                        term => context! { id, name, label, url => base_link.as_str(), taxonomy => segment },
                        paginator => paginate(&self.pages, list, by, page, &base_link),
                    }
                };
                ("term.html".into(), ctx)
            }
            Job::NotFound => ("404.html".into(), base("Không tìm thấy trang")),
            Job::Embeds => {
                let ctx = context! {
                    ..base("Nhúng tin bài vào trang web khác"),
                    ..context! { groups => self.embed_groups.clone() }
                };
                ("embeds.html".into(), ctx)
            }
            Job::EmbedPage(i) => {
                let feed = self.embeds[i].clone();
                let ctx = context! { site => self.site.clone(), feed };
                ("embed.html".into(), ctx)
            }
            Job::Reports => {
                let periods: Vec<Value> = site
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
                let ctx = context! {
                    ..base("Báo cáo kết quả tuyên truyền"),
                    ..context! { periods }
                };
                ("reports.html".into(), ctx)
            }
            Job::SiteMap => {
                let ctx = context! { ..base("Sơ đồ trang"), ..site_map(site) };
                ("sitemap.html".into(), ctx)
            }
            Job::Alias(i) => {
                let target = &site.aliases[i].1;
                let p = &site.pages[*target];
                let ctx =
                    context! { ..base(&p.title), ..context! { target => p.permalink.as_str() } };
                ("alias.html".into(), ctx)
            }
        }
    }
}

/// What `/so-do-trang/` lists: each section with its pages (long archives are linked, not
/// listed, so the page stays readable on a phone) and the published reports.
fn site_map(site: &Site) -> Value {
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
    context! { sections, periods }
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
