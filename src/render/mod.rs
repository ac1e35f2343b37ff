//! Render: takes the `Site` and the templates, gives each output file's bytes — HTML pages,
//! feeds, embeds, sitemap. Nothing here touches the disk or keeps anything between builds.

mod cached;
mod context;
pub mod embed;
pub mod feed;
pub mod relocate;
mod sitemap;
pub mod templates;

use crate::base::diagnostic::{Diagnostic, Diagnostics};
use crate::input::theme::{StaticSource, Theme};
use crate::model::permalink::Permalink;
use crate::model::routes;
use crate::model::Site;
use crate::model::{PageId, SectionId};
use crate::search::{self, doc::Doc};
use context::Shared;
pub use context::{site_value, Dep, ListRef, Reads};
use minijinja::{context, Value};
use rayon::prelude::*;
use std::path::PathBuf;
use std::sync::Arc;
use templates::Templates;

/// One file of the built site.
#[derive(Debug, Clone)]
pub enum Output {
    /// Bytes produced by rendering (shared, so a rebuild can reuse them without copying).
    Bytes { path: String, data: Arc<Vec<u8>> },
    /// A file copied unchanged (images of page bundles, the theme's static files).
    Copy { path: String, source: PathBuf },
}

impl Output {
    /// Path relative to the output folder, `/` separated.
    pub fn path(&self) -> &str {
        match self {
            Output::Bytes { path, .. } | Output::Copy { path, .. } => path,
        }
    }
}

/// What one HTML file is made from.
#[derive(Debug, Clone, Copy)]
pub enum Job {
    Home,
    Section {
        index: SectionId,
        page: usize,
    },
    Page(PageId),
    Units,
    Unit {
        index: usize,
        page: usize,
    },
    Topics,
    Topic {
        index: usize,
        page: usize,
    },
    Tags,
    Tag {
        index: usize,
        page: usize,
    },
    NotFound,
    Alias(usize),
    /// The guide `/nhung/`.
    Embeds,
    /// `/nhung/<feed-id>.html` of the feed at this index.
    EmbedPage(usize),
    /// `/bao-cao/`, the list of published reports.
    Reports,
    /// `/so-do-trang/`, the site map for people (`sitemap.xml` is for robots).
    SiteMap,
    /// `/tim-kiem/`, the search page.
    Search,
}

impl Output {
    /// Rendered bytes as an output.
    pub fn bytes(path: impl Into<String>, data: Vec<u8>) -> Output {
        Output::Bytes {
            path: path.into(),
            data: Arc::new(data),
        }
    }
}

/// Every HTML file to render, as jobs: lists page by page, pages, taxonomies, embeds.
fn jobs(site: &Site, feeds: &[feed::Feed]) -> Vec<Job> {
    let per = |n: usize, by: usize| n.div_ceil(by).max(1);
    let by = site.config.paginate_by;

    let mut jobs = vec![
        Job::Home,
        Job::Units,
        Job::Topics,
        Job::Tags,
        Job::NotFound,
        Job::SiteMap,
        Job::Search,
    ];
    let sections = site.sections.iter().enumerate();
    for (index, s) in sections.map(|(i, s)| (SectionId(i), s)) {
        if index == site.home {
            continue;
        }
        jobs.extend(
            (1..=per(s.pages.len(), s.paginate_by)).map(|page| Job::Section { index, page }),
        );
    }
    jobs.extend((0..site.pages.len()).map(|i| Job::Page(PageId(i))));
    for (index, list) in site.unit_pages.values().enumerate() {
        jobs.extend((1..=per(list.len(), by)).map(|page| Job::Unit { index, page }));
    }
    for (index, list) in site.topics.values().enumerate() {
        jobs.extend((1..=per(list.len(), by)).map(|page| Job::Topic { index, page }));
    }
    for (index, t) in site.tags.iter().enumerate() {
        jobs.extend((1..=per(t.pages.len(), by)).map(|page| Job::Tag { index, page }));
    }
    jobs.extend((0..site.aliases.len()).map(Job::Alias));
    jobs.push(Job::Embeds);
    if site.config.publish_reports {
        jobs.push(Job::Reports);
    }
    jobs.extend((0..feeds.len()).map(Job::EmbedPage));
    jobs
}

/// What depends only on the site's shape (addresses, dates, lists): the feeds and their
/// pages, the list of HTML files to render, and the sitemap.
#[derive(Debug)]
pub struct Plan {
    pub feeds: Vec<feed::Feed>,
    pub(crate) jobs: Vec<Job>,
    pub sitemap: Arc<Vec<u8>>,
}

impl Plan {
    /// The plan of `site`.
    pub fn new(site: &Site) -> Plan {
        let feeds = feed::feeds(site);
        Plan {
            jobs: jobs(site, &feeds),
            feeds,
            sitemap: Arc::new(sitemap::sitemap(site).into_bytes()),
        }
    }

    /// How many HTML files the plan makes.
    pub fn len(&self) -> usize {
        self.jobs.len()
    }

    /// Whether the plan makes no HTML file (it always makes some).
    pub fn is_empty(&self) -> bool {
        self.jobs.is_empty()
    }
}

/// One HTML file before its template runs: where it goes, its template and context, and what
/// the context was made of.
pub struct Context {
    pub path: String,
    pub template: String,
    pub value: Value,
    pub reads: Reads,
}

/// A page's value or feed item that an earlier build made from the same inputs, if any.
pub type Kept<'k, T> = &'k (dyn Fn(usize) -> Option<T> + Sync);

/// Feed items of the pages that some feed carries, indexed like `site.pages` (see
/// `feed::items_with`); `kept` may answer for a page.
pub fn items(
    site: &Site,
    plan: &Plan,
    kept: Kept<Arc<feed::Item>>,
) -> Vec<Option<Arc<feed::Item>>> {
    feed::items_with(site, &plan.feeds, kept)
}

/// Renders the files of a site one by one: each HTML file of the plan, each feed's files, and
/// the rest (sitemap, robots, static and copied files).
pub struct Renderer<'a> {
    site: &'a Site,
    templates: &'a Templates,
    plan: &'a Plan,
    items: &'a [Option<Arc<feed::Item>>],
    views: Vec<embed::EmbedFeed<'a>>,
    shared: Shared,
    base: relocate::Base,
    /// The 404 page is shown at any depth by a server: its links start from the host.
    anywhere: relocate::Base,
    /// The places of tags and feeds by id, made when a recorded input is first checked.
    places: std::sync::OnceLock<context::Places<'a>>,
}

impl<'a> Renderer<'a> {
    /// A renderer of `site` by `plan`, with the feed items of `items`; `kept` may answer for
    /// a page's template value.
    pub fn new(
        site: &'a Site,
        templates: &'a Templates,
        plan: &'a Plan,
        items: &'a [Option<Arc<feed::Item>>],
        kept: Kept<Value>,
    ) -> Renderer<'a> {
        let views: Vec<embed::EmbedFeed> = plan
            .feeds
            .iter()
            .map(|f| embed::view(site, f, items))
            .collect();
        let shared = Shared::new(site, &plan.feeds, &views, kept);
        Renderer {
            site,
            templates,
            plan,
            items,
            views,
            shared,
            base: relocate::Base::of(&site.config.base_url, site.config.relative_urls),
            anywhere: relocate::Base::of(&site.config.base_url, false),
            places: std::sync::OnceLock::new(),
        }
    }

    /// What the renderer made that outlives its borrows: the template values.
    fn into_shared(self) -> Shared {
        self.shared
    }

    /// Every page's template value, indexed like `site.pages`.
    pub fn page_values(&self) -> &[Value] {
        self.shared.page_values()
    }

    /// Whether an input a context recorded (see `Reads::deps`) reads the same in this site:
    /// then it need not be made again for that input's sake.
    pub fn holds(&self, dep: &Dep) -> bool {
        let places = self.places.get_or_init(|| {
            let (site, plan) = (self.site, self.plan);
            context::Places {
                tags: site
                    .tags
                    .iter()
                    .enumerate()
                    .map(|(i, t)| (t.slug.as_str(), i))
                    .collect(),
                feeds: plan
                    .feeds
                    .iter()
                    .enumerate()
                    .map(|(i, f)| (f.id.as_str(), i))
                    .collect(),
            }
        });
        self.shared.holds(self.site, places, dep)
    }

    /// The output path of HTML file `n` of the plan.
    pub fn path(&self, n: usize) -> String {
        self.shared
            .job_permalink(self.site, &self.plan.jobs[n])
            .output_file()
    }

    /// The template, context and inputs of HTML file `n` of the plan (see `Reads`).
    pub fn context(&self, n: usize) -> Context {
        let job = &self.plan.jobs[n];
        let permalink = self.shared.job_permalink(self.site, job);
        let mut reads = Reads::default();
        let (template, value) = self
            .shared
            .job_context(self.site, job, &permalink, &mut reads);
        Context {
            path: permalink.output_file(),
            template,
            value,
            reads,
        }
    }

    /// Renders HTML file `n` of the plan from its context.
    pub fn render(&self, n: usize, cx: Context) -> Result<Output, Diagnostic> {
        let base = if matches!(self.plan.jobs[n], Job::NotFound) {
            &self.anywhere
        } else {
            &self.base
        };
        let html = self.templates.render(&cx.template, cx.value)?;
        let html = relocate::html(html, &cx.path, base);
        Ok(Output::bytes(cx.path, html))
    }

    /// Renders HTML file `n` of the plan.
    pub fn html(&self, n: usize) -> Result<Output, Diagnostic> {
        self.render(n, self.context(n))
    }

    /// Renders a page of the site with the common layout around `body` (`report.html`).
    pub fn layout_page(
        &self,
        page: &Permalink,
        title: &str,
        template: &str,
        ctx: Value,
    ) -> Result<Output, Diagnostic> {
        let ctx = context! { ..self.shared.layout(page, title, feed::Scope::Site), ..ctx };
        let file = page.output_file();
        let html = self.templates.render(template, ctx)?;
        Ok(Output::bytes(
            file.clone(),
            relocate::html(html, &file, &self.base),
        ))
    }

    /// The files of feed `i` of the plan: its three formats and its embed script.
    pub fn feed_files(&self, i: usize) -> Vec<Output> {
        let f = &self.plan.feeds[i];
        let [a, b, c] = feed::render(self.site, f, self.items);
        let script = (
            routes::embed_file(&f.id, "js"),
            embed::script(&self.views[i]).into_bytes(),
        );
        [a, b, c, script]
            .into_iter()
            .map(|(path, data)| Output::bytes(path.trim_start_matches('/'), data))
            .collect()
    }

    /// The files that need no template: sitemap, robots, the theme's static files and the
    /// files copied from `content/`.
    pub fn rest(&self, theme: &Theme) -> Vec<Output> {
        let mut outputs = vec![
            Output::Bytes {
                path: "sitemap.xml".into(),
                data: Arc::clone(&self.plan.sitemap),
            },
            Output::bytes("robots.txt", sitemap::robots(self.site).into_bytes()),
        ];
        for (path, src) in &theme.statics {
            outputs.push(match src {
                StaticSource::Embedded(b) => Output::bytes(path.clone(), b.to_vec()),
                StaticSource::File(f) => Output::Copy {
                    path: path.clone(),
                    source: f.clone(),
                },
            });
        }
        for c in &self.site.copied {
            outputs.push(Output::Copy {
                path: c.output.clone(),
                source: c.source.clone(),
            });
        }
        outputs
    }
}

/// The search index's doc of every page (`None` for pages not in it), indexed like
/// `site.pages`; `kept` may answer for a page.
pub fn search_docs(site: &Site, kept: Kept<Option<Arc<Doc>>>) -> Vec<Option<Arc<Doc>>> {
    (0..site.pages.len())
        .into_par_iter()
        .map(|i| kept(i).unwrap_or_else(|| Doc::of(site, &site.pages[i]).map(Arc::new)))
        .collect()
}

/// The files of the search index made from `docs` (see `search_docs`).
pub fn search_files(site: &Site, docs: &[Option<Arc<Doc>>]) -> Vec<Output> {
    search::index::files(site, docs)
        .into_iter()
        .map(|(path, data)| Output::bytes(path, data))
        .collect()
}

/// Pages that another stage makes with the site's layout (the published reports of `build`).
pub type More<'m> = &'m dyn Fn(&Renderer) -> Result<Vec<Output>, Diagnostics>;

/// Where each file goes as soon as it is made: kept in memory (`Ok` of the same output), or
/// written by the writer, which gives back a lighter stand-in.
pub type Sink<'s> = &'s (dyn Fn(Output) -> Result<Output, Diagnostic> + Sync);

/// Renders every file of the site, each handed to `sink` as soon as it is made: HTML files,
/// feeds and embeds, the pages of `more`, and the rest.
pub fn render_site(
    site: &Site,
    theme: &Theme,
    templates: &Templates,
    more: More,
    sink: Sink,
) -> Result<Vec<Output>, Diagnostics> {
    let plan = Plan::new(site);
    let items = items(site, &plan, &|_| None);
    let r = Renderer::new(site, templates, &plan, &items, &|_| None);
    // One pass over both, the feeds (the largest files) first, so no core waits at the end
    // of one pass for the last file while the other pass could run; the search index is
    // made alongside.
    let feeds = plan.feeds.len();
    let (mut made, search): (Vec<Vec<Result<Output, Diagnostic>>>, Vec<_>) = rayon::join(
        || {
            (0..feeds + plan.len())
                .into_par_iter()
                .map(|n| match n.checked_sub(feeds) {
                    None => r.feed_files(n).into_iter().map(sink).collect(),
                    Some(n) => vec![r.html(n).and_then(sink)],
                })
                .collect()
        },
        || {
            search_files(site, &search_docs(site, &|_| None))
                .into_par_iter()
                .map(sink)
                .collect()
        },
    );
    // The files in the order they always had: HTML first, then the feeds.
    made.rotate_left(feeds);
    let more: Vec<_> = more(&r)?.into_iter().map(sink).collect();
    let rest: Vec<_> = r.rest(theme).into_iter().map(sink).collect();
    crate::base::free::free_later((r.into_shared(), items, plan));
    let mut diags = Diagnostics::new();
    let mut outputs = Vec::with_capacity(made.len() + feeds * 3 + site.copied.len() + 3);
    for made in made
        .into_iter()
        .flatten()
        .chain(more)
        .chain(search)
        .chain(rest)
    {
        match made {
            Ok(o) => outputs.push(o),
            Err(d) => diags.push(d),
        }
    }
    if diags.has_errors() {
        return Err(diags);
    }
    Ok(outputs)
}

/// The items on page `page` (from 1) of `list`, `per` a page.
pub(crate) fn page_of(list: &[PageId], per: usize, page: usize) -> &[PageId] {
    let start = ((page - 1) * per).min(list.len());
    &list[start..(start + per).min(list.len())]
}

/// Page `page` of a list of page indices, as templates see it; only that page's items are
/// looked up, so a list's cost does not grow with the number of its pages.
fn paginate(
    values: &[Value],
    list: &[PageId],
    per_page: usize,
    page: usize,
    base: &Permalink,
) -> Value {
    let total = list.len().div_ceil(per_page).max(1);
    // One value: `context!` passes a `Vec` of values through serde item by item.
    let items: Value = page_of(list, per_page, page)
        .iter()
        .map(|&i| values[i.index()].clone())
        .collect();
    let url = |n: usize| base.page(n).to_string();
    context! {
        items,
        current => page,
        total,
        count => list.len(),
        prev_url => (page > 1).then(|| url(page - 1)),
        next_url => (page < total).then(|| url(page + 1)),
        pages => Value::from_object(PageLinks { base: base.clone(), total }),
    }
}

/// The links to every page of a list, `{n, url}` each, made when a template reads them: a
/// list of a thousand pages does not build a thousand links for each of them.
#[derive(Debug)]
struct PageLinks {
    base: Permalink,
    total: usize,
}

impl minijinja::value::Object for PageLinks {
    fn repr(self: &Arc<Self>) -> minijinja::value::ObjectRepr {
        minijinja::value::ObjectRepr::Seq
    }

    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        let n = key.as_usize()? + 1;
        (n <= self.total).then(|| context! { n, url => self.base.page(n).to_string() })
    }

    fn enumerate(self: &Arc<Self>) -> minijinja::value::Enumerator {
        minijinja::value::Enumerator::Seq(self.total)
    }
}
