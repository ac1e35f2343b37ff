//! Turns loaded sources into the validated `Site`, collecting every problem in one pass.

use super::bodies::{Bodies, Fresh, LinkTable};
use super::links::{is_relative, missing_image};
use super::page::{self, Resolved};
use super::permalink::Permalink;
use super::section;
use super::{lists, CopiedFile, Page, PageId, Section, Site};
use crate::base::date::Date;
use crate::base::diagnostic::{Diagnostic, Diagnostics, Pos};
use crate::base::vi::tone::name_key;
use crate::input::units::UnitId;
use crate::input::{parent_dir, Loaded, Source};
use crate::markdown::{self, Link, Rendered};
use chrono::{DateTime, FixedOffset};
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::PathBuf;
use std::sync::Arc;

/// Choices that change what a build contains.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// Include drafts and future-dated pages.
    pub drafts: bool,
    /// Replaces `base_url` of `site.yaml` (for previews); the pipeline applies it to the settings.
    pub base_url: Option<String>,
    /// Replaces `relative_urls` of `site.yaml`: `Some(true)` for `build --relative`,
    /// `Some(false)` for `serve`, whose server opens a folder's `index.html` itself.
    pub relative: Option<bool>,
    /// The present moment; pages dated after it are held back.
    pub now: DateTime<FixedOffset>,
}

impl Default for BuildOptions {
    fn default() -> Self {
        BuildOptions {
            drafts: false,
            base_url: None,
            relative: None,
            now: chrono::Local::now().fixed_offset(),
        }
    }
}

/// Splits a section's rendering into content, headings and links; its first paragraph
/// becomes the summary unless the front matter gave one.
pub(super) fn take_body(
    summary: &mut String,
    r: Rendered,
) -> (String, Vec<markdown::Heading>, Vec<Link>) {
    if summary.is_empty() {
        *summary = r.first_paragraph;
    }
    (r.html, r.headings, r.links)
}

/// Builds and validates the site model from what was loaded.
pub fn build(loaded: Loaded, opts: &BuildOptions) -> Result<(Site, Diagnostics), Diagnostics> {
    build_with(loaded, opts, &Fresh)
}

/// `build`, each file's work (front matter, Markdown) done by `bodies`.
pub fn build_with(
    loaded: Loaded,
    opts: &BuildOptions,
    bodies: &impl Bodies,
) -> Result<(Site, Diagnostics), Diagnostics> {
    let Loaded {
        config,
        units,
        sources,
        assets,
        imported,
        ..
    } = loaded;
    let mut diags = Diagnostics::new();
    diags.extend(config.publisher.warning());

    // Sections first: every page belongs to the nearest section above it.
    let section_sources: Vec<&Arc<Source>> = sources.iter().filter(|s| s.is_section).collect();
    let (mut sections, home, by_dir) = section::tree(&section_sources, &config, &mut diags);
    let page_site = page::Site::new(&config, &units, &sections, &by_dir, opts);
    let Published {
        mut pages,
        drafts,
        bundles,
    } = publish(&sources, &page_site, bodies, &mut diags);
    let tag_names = unify_tags(&mut pages, &drafts, &mut diags);
    unify_columns(&mut pages);
    check_url_owners(
        &sections,
        &pages,
        &drafts,
        config.publish_reports,
        &mut diags,
    );

    // Markdown, in parallel, once every permalink is known.
    let links = LinkTable::new(
        section_sources
            .iter()
            .zip(&sections)
            .map(|(src, s)| (src.rel.as_str(), &s.permalink))
            .chain(
                drafts
                    .iter()
                    .zip(&pages)
                    .map(|((src, _), p)| (src.rel.as_str(), &p.permalink)),
            ),
    );
    render_bodies(
        &section_sources,
        &mut sections,
        &drafts,
        &mut pages,
        &links,
        bodies,
    );

    let copied = copied_files(&assets, &bundles, &pages);
    check_images(&sections, &pages, &copied, &mut diags);
    measure_lead_images(&mut pages, &copied);
    if diags.has_errors() {
        return Err(diags);
    }
    let lists = lists::Lists::of(&mut pages, &mut sections, &config, &units, &tag_names);
    let imported = super::imported::flatten(imported, &units, &mut diags);
    let shown = super::imported::not_posted(&pages, &sections, &imported, &units);
    let unit_imported = super::imported::by_unit(&units, &imported, &shown);
    let site = Site {
        imported,
        unit_imported,
        // Before `config` moves into the site.
        now: Date::from_datetime(opts.now, config.offset),
        links: Arc::new(links),
        config,
        units,
        sections,
        pages,
        home,
        topics: lists.topics,
        tags: lists.tags,
        unit_pages: lists.unit_pages,
        recent: lists.recent,
        copied,
        aliases: lists.aliases,
    };
    Ok((site, diags))
}

/// Gives each page the size of its lead image when the site has the file (feeds show it).
pub(super) fn measure_lead_images(pages: &mut [Page], copied: &[CopiedFile]) {
    let sizes: HashMap<&str, u64> = copied.iter().map(|c| (c.output.as_str(), c.len)).collect();
    for p in pages {
        p.image_len = p
            .image
            .as_deref()
            .and_then(|i| sizes.get(i.trim_start_matches('/')).copied());
    }
}

/// The published pages in file order, each with its source and link base, and the folder of
/// every bundle, published or not (so a draft's images are not copied elsewhere), with the
/// index of its page when it is published.
struct Published<'s> {
    pages: Vec<Page>,
    drafts: Vec<(&'s Arc<Source>, String)>,
    bundles: HashMap<&'s str, Option<usize>>,
}

/// Resolves every page in parallel, then takes them in file order so messages and indices
/// stay stable; drafts and future posts are left out.
fn publish<'s>(
    sources: &'s [Arc<Source>],
    page_site: &page::Site,
    bodies: &impl Bodies,
    diags: &mut Diagnostics,
) -> Published<'s> {
    let page_sources: Vec<&Arc<Source>> = sources.iter().filter(|s| !s.is_section).collect();
    let context = page_site.fingerprint();
    let resolved: Vec<(Resolved, Diagnostics)> = page_sources
        .par_iter()
        .map(|src| {
            bodies.resolve(src, context, &|| {
                let mut d = Diagnostics::new();
                let r = page::resolve(src, page_site, &mut d);
                (r, d)
            })
        })
        .collect();
    // Sized up front: a page is large, and growing the list would copy them all again.
    let mut out = Published {
        pages: Vec::with_capacity(page_sources.len()),
        drafts: Vec::with_capacity(page_sources.len()),
        bundles: HashMap::new(),
    };
    for (src, (r, d)) in page_sources.into_iter().zip(resolved) {
        diags.extend(d);
        // Whether a post's time has come is not part of what a kept resolution was made from.
        let included = page_site.includes(&r.page);
        let index = included.then_some(out.pages.len());
        if src.is_bundle {
            out.bundles.insert(parent_dir(&src.rel), index);
        }
        if included {
            out.pages.push(r.page);
            out.drafts.push((src, r.link_base));
        }
    }
    out
}

/// Renders the Markdown of every section and page, in parallel, with `bodies`.
fn render_bodies(
    section_sources: &[&Arc<Source>],
    sections: &mut [Section],
    drafts: &[(&Arc<Source>, String)],
    pages: &mut [Page],
    links: &LinkTable,
    bodies: &impl Bodies,
) {
    let rendered_sections: Vec<Arc<Rendered>> = section_sources
        .par_iter()
        .zip(&*sections)
        .map(|(src, s)| bodies.render(src, s.permalink.as_str(), links))
        .collect();
    let rendered_pages: Vec<Arc<Rendered>> = drafts
        .par_iter()
        .map(|(src, base)| bodies.render(src, base, links))
        .collect();
    // Sections own their body; a fresh one is unique and moves, one also kept for the next
    // build is copied once.
    let owned = |r: Arc<Rendered>| Arc::try_unwrap(r).unwrap_or_else(|a| (*a).clone());
    for (s, r) in sections
        .iter_mut()
        .zip(rendered_sections.into_iter().map(owned))
    {
        (s.content, s.headings, s.links) = take_body(&mut s.summary, r);
    }
    for (p, r) in pages.iter_mut().zip(rendered_pages) {
        p.take_body(r);
    }
}

/// Gives every tag the first spelling met in file order: `Test`, `test ` and `TEST`, `Hòa` and
/// `Hoà` are one tag. Two different names whose slugs collide (`An`, `Ăn`) are an error, as
/// they would share one address. Returns the name of every slug.
fn unify_tags(
    pages: &mut [Page],
    page_drafts: &[(&Arc<Source>, String)],
    diags: &mut Diagnostics,
) -> BTreeMap<String, String> {
    let (names, clashes) = tag_names(pages);
    for Clash { page, tag, first } in clashes {
        let (src, p) = (page_drafts[page].0, &pages[page]);
        let t = &p.tags[tag];
        let pos = src
            .front
            .tags
            .iter()
            .find(|s| s.value.trim() == t.written)
            .map_or(Pos::start(), |s| s.pos);
        let msg = format!(
            "thẻ `{}` trùng địa chỉ /the/{}/ với thẻ `{}` ({})",
            t.written,
            t.slug,
            names[&t.slug],
            pages[first].source.display()
        );
        diags.push(
            Diagnostic::error(&src.display, pos, msg).with_hint("bỏ dấu làm hai thẻ khác nhau có cùng địa chỉ; đổi tên một trong hai thẻ (ví dụ thêm một từ)"),
        );
    }
    name_tags(pages, &names);
    names
}

/// A tag written as another name of a slug that a page met first: tag `tag` of page `page`,
/// and that first page.
pub(super) struct Clash {
    pub page: usize,
    pub tag: usize,
    pub first: usize,
}

/// The name of every tag slug (its first spelling in file order), and the tags that spell
/// another name with the same slug.
pub(super) fn tag_names(pages: &[Page]) -> (BTreeMap<String, String>, Vec<Clash>) {
    // By slug: the first name, its key (made only when another spelling shows up) and page.
    let mut first: FxHashMap<&str, (&str, Option<String>, usize)> = FxHashMap::default();
    let mut clashes = Vec::new();
    for (i, p) in pages.iter().enumerate() {
        for (j, t) in p.tags.iter().enumerate() {
            let (name, first_key, first_page) =
                first
                    .entry(t.slug.as_str())
                    .or_insert((t.written.as_str(), None, i));
            if *name == t.written {
                continue;
            }
            let key = name_key(&t.written);
            if *first_key.get_or_insert_with(|| name_key(name)) != key {
                clashes.push(Clash {
                    page: i,
                    tag: j,
                    first: *first_page,
                });
            }
        }
    }
    let names = first
        .into_iter()
        .map(|(slug, (name, _, _))| (slug.to_string(), name.to_string()))
        .collect();
    (names, clashes)
}

/// Gives every tag the name of its slug; returns the pages whose tags took another name.
pub(super) fn name_tags(pages: &mut [Page], names: &BTreeMap<String, String>) -> Vec<PageId> {
    let names: FxHashMap<&str, &String> = names.iter().map(|(k, v)| (k.as_str(), v)).collect();
    let mut renamed = Vec::new();
    for (i, p) in pages.iter_mut().enumerate() {
        let mut changed = false;
        for t in &mut p.meta.tags {
            let name = names[t.slug.as_str()];
            if t.name != *name {
                t.name.clone_from(name);
                changed = true;
            }
        }
        if changed {
            renamed.push(PageId(i));
        }
    }
    renamed
}

/// Gives each unit's columns the spelling that unit first wrote, in file order: `Văn hoá` and
/// `văn hóa` are one column of a unit, so reports count them as one.
fn unify_columns(pages: &mut [Page]) {
    let mut first: HashMap<(UnitId, String), String> = HashMap::new();
    for p in pages.iter_mut() {
        let (Some(u), Some(c)) = (&p.meta.unit, &mut p.meta.column) else {
            continue;
        };
        let name = first
            .entry((u.clone(), name_key(c)))
            .or_insert_with(|| c.clone());
        c.clone_from(name);
    }
}

/// Every URL belongs to one file: collisions and reserved paths are errors on each file involved.
fn check_url_owners(
    sections: &[super::Section],
    pages: &[Page],
    page_drafts: &[(&Arc<Source>, String)],
    publish_reports: bool,
    diags: &mut Diagnostics,
) {
    let mut owners: FxHashMap<&str, Vec<(&PathBuf, Pos)>> = FxHashMap::default();
    owners.reserve(sections.len() + pages.len());
    for s in sections {
        owners
            .entry(s.permalink.as_str())
            .or_default()
            .push((&s.source, Pos::start()));
    }
    for (p, (src, _)) in pages.iter().zip(page_drafts) {
        let pos = src
            .front
            .slug
            .as_ref()
            .or(src.front.title.as_ref())
            .map_or(Pos::start(), |s| s.pos);
        for url in std::iter::once(&p.permalink).chain(&p.aliases) {
            owners
                .entry(url.as_str())
                .or_default()
                .push((&p.source, pos));
        }
    }
    for (r, what) in super::routes::reserved(publish_reports) {
        for (path, pos) in owners.get(r.as_str()).into_iter().flatten() {
            let msg = format!("địa chỉ {r} dành cho {what} do loa tạo ra");
            diags.push(
                Diagnostic::error(path, *pos, msg).with_hint(
                    "đổi tên thư mục hoặc tệp; một bài viết cũng có thể đặt `slug:` khác",
                ),
            );
        }
    }
    for (url, list) in owners.iter().filter(|(_, v)| v.len() > 1) {
        for (i, (path, pos)) in list.iter().enumerate() {
            let others: Vec<String> = list
                .iter()
                .enumerate()
                .filter(|(j, _)| *j != i)
                .map(|(_, (p, _))| p.display().to_string())
                .collect();
            diags.push(
                Diagnostic::error(path, *pos, format!("địa chỉ {url} trùng với {}", others.join(", ")))
                    .with_hint("bỏ dấu làm hai tên giống nhau (ví dụ Đông/Đồng); đặt `slug:` khác cho một trong hai bài"),
            );
        }
    }
}

/// Where each non-Markdown file of `content/` goes: beside its bundle's page, or at its
/// folder's URL; files of bundles left out of this build are not copied.
fn copied_files(
    assets: &[crate::input::Asset],
    bundles: &HashMap<&str, Option<usize>>,
    pages: &[Page],
) -> Vec<CopiedFile> {
    let mut copied = Vec::new();
    for a in assets {
        let mut dir = parent_dir(&a.rel);
        let owner = loop {
            if let Some(owner) = bundles.get(dir) {
                break Some((dir, *owner));
            }
            if dir.is_empty() {
                break None;
            }
            dir = parent_dir(dir);
        };
        let output = match owner {
            Some((_, None)) => continue,
            Some((bundle, Some(i))) => format!(
                "{}{}",
                &pages[i].permalink.as_str()[1..],
                &a.rel[bundle.len() + 1..]
            ),
            None => {
                let name = a.rel.rsplit('/').next().unwrap_or(&a.rel);
                format!(
                    "{}{name}",
                    &Permalink::of_dir(parent_dir(&a.rel)).as_str()[1..]
                )
            }
        };
        copied.push(CopiedFile {
            source: a.abs.clone(),
            output,
            len: a.len,
        });
    }
    copied
}

/// Images written in content: alt text present, and relative ones among the copied files.
/// (Images given as site paths, `/…`, may be theme files; the link check covers them.)
fn check_images(
    sections: &[super::Section],
    pages: &[Page],
    copied: &[CopiedFile],
    diags: &mut Diagnostics,
) {
    let files = copied_outputs(copied);
    for s in sections {
        check_body_images(&s.source, &s.links, &files, diags);
    }
    for p in pages {
        check_page_images(p, &files, diags);
    }
}

/// The output paths of the copied files, which relative images must be among.
pub(super) fn copied_outputs(copied: &[CopiedFile]) -> HashSet<&str> {
    copied.iter().map(|c| c.output.as_str()).collect()
}

/// `check_images` for one page: its body and its lead image.
pub(super) fn check_page_images(p: &Page, files: &HashSet<&str>, diags: &mut Diagnostics) {
    check_body_images(&p.source, p.links(), files, diags);
    let Some(lead) = p.lead_image.as_ref().filter(|l| is_relative(&l.value)) else {
        return;
    };
    if !files.contains(
        p.image
            .as_deref()
            .unwrap_or_default()
            .trim_start_matches('/'),
    ) {
        diags.push(missing_image(&p.source, lead.pos, &lead.value));
    }
}

fn check_body_images(
    source: &std::path::Path,
    links: &[Link],
    files: &HashSet<&str>,
    diags: &mut Diagnostics,
) {
    for l in links {
        let Link {
            original,
            resolved,
            pos,
            image_alt: Some(alt),
        } = l
        else {
            continue;
        };
        if alt.trim().is_empty() {
            diags.push(
                Diagnostic::error(source, *pos, format!("ảnh `{original}` thiếu mô tả (alt)"))
                    .with_hint("viết mô tả trong ngoặc vuông: ![Mô tả ảnh](anh.jpg)"),
            );
        }
        if is_relative(original) && !files.contains(resolved.trim_start_matches('/')) {
            diags.push(missing_image(source, *pos, original));
        }
    }
}
