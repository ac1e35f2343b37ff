//! Turns loaded sources into the validated `Site`, collecting every problem in one pass.

use super::date::Date;
use super::links::{resolve_url, rewrite_link};
use super::permalink::Permalink;
use super::unit::UnitId;
use super::{sort_newest_first, CopiedFile, Page, Section, Site, SortBy, Tag, TagRef};
use crate::diagnostic::{did_you_mean, Diagnostic, Diagnostics, Pos};
use crate::load::frontmatter::{FrontMatter, Spanned};
use crate::load::markdown::{self, Rendered};
use crate::load::{Loaded, Source, CONTENT_DIR};
use crate::slug::{fold, slugify};
use chrono::{DateTime, FixedOffset};
use indexmap::IndexMap;
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

/// Choices that change what a build contains.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// Include drafts and future-dated pages.
    pub drafts: bool,
    /// Replaces `base_url` of `site.yaml` (for previews).
    pub base_url: Option<String>,
    /// The present moment; pages dated after it are held back.
    pub now: DateTime<FixedOffset>,
}

impl Default for BuildOptions {
    fn default() -> Self {
        BuildOptions {
            drafts: false,
            base_url: None,
            now: chrono::Local::now().fixed_offset(),
        }
    }
}

/// Paths the generator itself produces; content must not take them.
const RESERVED: &[&str] = &["/don-vi/", "/chu-de/", "/the/", "/404.html"];

/// What a page or section knows before its Markdown is rendered.
struct Draft<'a> {
    src: &'a Source,
    /// Site path that relative links in the body are resolved against.
    link_base: String,
}

/// Builds and validates the site model from what was loaded.
pub fn build(loaded: Loaded, opts: &BuildOptions) -> Result<(Site, Diagnostics), Diagnostics> {
    let Loaded {
        mut config,
        units,
        sources,
        assets,
        ..
    } = loaded;
    if let Some(b) = &opts.base_url {
        config.base_url = b.trim_end_matches('/').to_string();
    }
    let offset = config.offset;
    let now = Date::from_datetime(opts.now, offset);
    let mut diags = Diagnostics::new();
    let err = |diags: &mut Diagnostics, path: &Path, pos: Pos, msg: String| {
        diags.push(Diagnostic::error(path, pos, msg))
    };

    // Sections first: every page belongs to the nearest section above it.
    let mut sections: Vec<Section> = Vec::new();
    let mut section_drafts: Vec<Draft> = Vec::new();
    let mut by_dir: HashMap<String, usize> = HashMap::new();
    for src in sources.iter().filter(|s| s.is_section) {
        let dir = parent_dir(&src.rel).to_string();
        let fm = &src.front;
        let permalink = dir_permalink(&dir);
        let sort_by = match fm.sort_by.as_ref().map(|s| s.value.as_str()) {
            None => None,
            Some("date") => Some(SortBy::Date),
            Some("order") => Some(SortBy::Order),
            Some("title") => Some(SortBy::Title),
            Some(other) => {
                let s = fm.sort_by.as_ref().expect("present");
                diags.push(
                    Diagnostic::error(
                        &src.display,
                        s.pos,
                        format!("`sort_by: {other}` không hợp lệ"),
                    )
                    .with_opt_hint(
                        did_you_mean(other, ["date", "order", "title"])
                            .or(Some("dùng `date`, `order` hoặc `title`".into())),
                    ),
                );
                None
            }
        };
        let dated = fm.dated.unwrap_or(sort_by == Some(SortBy::Date));
        let title = required_title(fm, src, &mut diags);
        by_dir.insert(dir.clone(), sections.len());
        section_drafts.push(Draft {
            src,
            link_base: permalink.as_str().to_string(),
        });
        sections.push(Section {
            source: src.display.clone(),
            dir,
            title,
            permalink,
            summary: fm.summary.clone().unwrap_or_default(),
            content: String::new(),
            headings: Vec::new(),
            sort_by: sort_by.unwrap_or(if dated { SortBy::Date } else { SortBy::Title }),
            paginate_by: fm.paginate_by.unwrap_or(config.paginate_by),
            template: fm.template.as_ref().map(|t| t.value.clone()),
            reportable: fm.reportable.unwrap_or(false),
            dated,
            order: fm.order,
            extra: fm.extra.clone(),
            pages: Vec::new(),
            subsections: Vec::new(),
            parent: None,
            links: Vec::new(),
        });
    }
    let home = *by_dir.entry(String::new()).or_insert_with(|| {
        sections.push(Section {
            source: PathBuf::from(CONTENT_DIR).join("_index.md"),
            dir: String::new(),
            title: config.title.clone(),
            permalink: Permalink::root(),
            summary: config.description.clone(),
            content: String::new(),
            headings: Vec::new(),
            sort_by: SortBy::Date,
            paginate_by: config.paginate_by,
            template: None,
            reportable: false,
            dated: false,
            order: None,
            extra: serde_json::Value::Null,
            pages: Vec::new(),
            subsections: Vec::new(),
            parent: None,
            links: Vec::new(),
        });
        sections.len() - 1
    });
    for i in 0..sections.len() {
        if i != home {
            let parent = nearest_section(&by_dir, parent_dir(&sections[i].dir));
            sections[i].parent = Some(parent);
            sections[parent].subsections.push(i);
        }
    }

    // Pages: front matter resolved against the site's closed lists.
    let mut pages: Vec<Page> = Vec::new();
    let mut page_drafts: Vec<Draft> = Vec::new();
    let mut tag_names: BTreeMap<String, String> = BTreeMap::new();
    for src in sources.iter().filter(|s| !s.is_section) {
        let fm = &src.front;
        let path = src.display.as_path();
        // A bundle's folder is its own; a leaf page lives in its folder's URL space.
        let (page_dir, url_dir) = if src.is_bundle {
            let d = parent_dir(&src.rel);
            (d.to_string(), parent_dir(d).to_string())
        } else {
            let d = parent_dir(&src.rel).to_string();
            (d.clone(), d)
        };
        let section = nearest_section(&by_dir, &url_dir);
        let sec = &sections[section];
        let title = required_title(fm, src, &mut diags);
        let default_slug = if src.is_bundle {
            slugify(page_dir.rsplit('/').next().unwrap_or(""))
        } else {
            slugify(
                src.rel
                    .rsplit('/')
                    .next()
                    .unwrap_or("")
                    .trim_end_matches(".md"),
            )
        };
        let slug = match &fm.slug {
            Some(s) => {
                let v = slugify(&s.value);
                if v.is_empty() {
                    err(
                        &mut diags,
                        path,
                        s.pos,
                        "`slug` rỗng sau khi bỏ dấu và ký tự đặc biệt".into(),
                    );
                }
                v
            }
            None if default_slug.is_empty() => slugify(&title),
            None => default_slug,
        };
        let permalink = dir_permalink(&url_dir).join(&slug);

        let parse_date = |f: &Option<Spanned<String>>, diags: &mut Diagnostics| -> Option<Date> {
            let s = f.as_ref()?;
            Date::parse(&s.value, offset)
                .map_err(|e| diags.push(Diagnostic::error(path, s.pos, e.0)))
                .ok()
        };
        let date = parse_date(&fm.date, &mut diags);
        let updated = parse_date(&fm.updated, &mut diags);
        if sec.dated && fm.date.is_none() {
            diags.push(
                Diagnostic::error(path, fm.start, "thiếu trường bắt buộc `date`").with_hint(
                    format!(
                        "chuyên mục `{}` sắp theo ngày; thêm ví dụ `date: {}`",
                        sec.title,
                        now.iso_day()
                    ),
                ),
            );
        }
        if fm.draft && !opts.drafts {
            continue;
        }
        if let Some(d) = date {
            if d > now && !opts.drafts {
                continue;
            }
        }

        let unit = match &fm.unit {
            None => {
                if sec.reportable {
                    diags.push(Diagnostic::error(path, fm.start, "thiếu trường bắt buộc `unit`")
                        .with_hint("bài trong chuyên mục được báo cáo cần mã đơn vị đăng, ví dụ `unit: bao-lai-chau` (xem units.yaml)"));
                }
                None
            }
            Some(u) => {
                match units.get(&u.value) {
                    None => {
                        diags.push(
                            Diagnostic::error(
                                path,
                                u.pos,
                                format!("đơn vị `{}` không có trong units.yaml", u.value),
                            )
                            .with_opt_hint(units.suggest(&u.value)),
                        );
                        None
                    }
                    Some(unit) => {
                        if let Some(d) = date {
                            if !unit.active_on(d.day()) {
                                let span = unit.span_vi().unwrap_or_default();
                                let hint = match &unit.successor {
                                    Some(s) => format!(
                                        "từ khi `{}` thôi hoạt động, bài đăng thuộc `{s}`",
                                        unit.id
                                    ),
                                    None => "kiểm tra lại ngày đăng hoặc đơn vị".into(),
                                };
                                diags.push(Diagnostic::error(path, u.pos, format!(
                                "ngày {} nằm ngoài thời gian hoạt động của `{}` ({span})", d.vi_short(), unit.id))
                                .with_hint(hint));
                            }
                        }
                        Some(unit.id.clone())
                    }
                }
            }
        };
        let mut topics = Vec::new();
        for t in &fm.topics {
            if config.topics.contains_key(&t.value) {
                if !topics.contains(&t.value) {
                    topics.push(t.value.clone());
                }
            } else {
                diags.push(
                    Diagnostic::error(
                        path,
                        t.pos,
                        format!("chủ đề `{}` không có trong site.yaml", t.value),
                    )
                    .with_opt_hint(
                        did_you_mean(&t.value, config.topics.keys().map(String::as_str)).or_else(
                            || {
                                Some(format!(
                                    "các chủ đề: {}",
                                    config.topics.keys().cloned().collect::<Vec<_>>().join(", ")
                                ))
                            },
                        ),
                    ),
                );
            }
        }
        let kind = match &fm.kind {
            None => "tin".to_string(),
            Some(k) if config.kinds.contains_key(&k.value) => k.value.clone(),
            Some(k) => {
                diags.push(
                    Diagnostic::error(
                        path,
                        k.pos,
                        format!("hình thức `{}` không có trong site.yaml", k.value),
                    )
                    .with_opt_hint(
                        did_you_mean(&k.value, config.kinds.keys().map(String::as_str)).or_else(
                            || {
                                Some(format!(
                                    "các hình thức: {}",
                                    config.kinds.keys().cloned().collect::<Vec<_>>().join(", ")
                                ))
                            },
                        ),
                    ),
                );
                k.value.clone()
            }
        };
        let mut tags: Vec<TagRef> = Vec::new();
        for t in &fm.tags {
            let slug = slugify(&t.value);
            if slug.is_empty() {
                err(&mut diags, path, t.pos, "thẻ rỗng".into());
                continue;
            }
            let name = tag_names
                .entry(slug.clone())
                .or_insert_with(|| t.value.trim().to_string())
                .clone();
            if !tags.iter().any(|x| x.slug == slug) {
                tags.push(TagRef { slug, name });
            }
        }
        if let Some(u) = &fm.source_url {
            if !(u.value.starts_with("https://") || u.value.starts_with("http://")) {
                diags.push(
                    Diagnostic::error(
                        path,
                        u.pos,
                        format!("`source_url` `{}` không phải địa chỉ web đầy đủ", u.value),
                    )
                    .with_hint("viết dạng \"https://baolaichau.vn/...\""),
                );
            }
        }
        let link_base = if src.is_bundle {
            permalink.as_str().to_string()
        } else {
            dir_permalink(&url_dir).as_str().to_string()
        };
        let image = match &fm.image {
            None => None,
            Some(img) => {
                if fm.image_alt.as_deref().is_none_or(|a| a.trim().is_empty()) {
                    diags.push(Diagnostic::error(path, img.pos, "ảnh đại diện thiếu mô tả `image_alt`")
                        .with_hint("thêm `image_alt: \"…\"` tả nội dung ảnh cho người dùng trình đọc màn hình"));
                }
                Some(resolve_url(&link_base, &img.value))
            }
        };
        let mut aliases = Vec::new();
        for a in &fm.aliases {
            match Permalink::from_user(&a.value) {
                Some(p) => aliases.push(p),
                None => err(
                    &mut diags,
                    path,
                    a.pos,
                    format!("địa chỉ cũ `{}` không hợp lệ", a.value),
                ),
            }
        }
        let page_assets = if src.is_bundle {
            let prefix = format!("{page_dir}/");
            assets
                .iter()
                .filter(|a| a.rel.starts_with(&prefix))
                .map(|a| {
                    (
                        a.abs.clone(),
                        format!("{}{}", &permalink.as_str()[1..], &a.rel[prefix.len()..]),
                    )
                })
                .collect()
        } else {
            Vec::new()
        };
        page_drafts.push(Draft { src, link_base });
        pages.push(Page {
            source: src.display.clone(),
            section,
            title,
            slug,
            permalink,
            date,
            updated,
            summary: fm.summary.clone().unwrap_or_default(),
            unit,
            topics,
            kind,
            column: fm
                .column
                .as_ref()
                .map(|c| c.trim().to_string())
                .filter(|c| !c.is_empty()),
            tags,
            featured: fm.featured,
            source_url: fm.source_url.as_ref().map(|u| u.value.clone()),
            image,
            image_alt: fm.image_alt.clone(),
            order: fm.order,
            draft: fm.draft,
            aliases,
            content: String::new(),
            headings: Vec::new(),
            extra: fm.extra.clone(),
            links: Vec::new(),
            assets: page_assets,
            prev: None,
            next: None,
        });
    }
    // Tag display names were fixed by the first spelling seen; apply it everywhere.
    for p in &mut pages {
        for t in &mut p.tags {
            t.name = tag_names[&t.slug].clone();
        }
    }

    // Every URL belongs to one source.
    let mut owners: HashMap<String, Vec<(PathBuf, Pos)>> = HashMap::new();
    for s in &sections {
        owners
            .entry(s.permalink.to_string())
            .or_default()
            .push((s.source.clone(), Pos::start()));
    }
    for (p, d) in pages.iter().zip(&page_drafts) {
        let pos = d
            .src
            .front
            .slug
            .as_ref()
            .or(d.src.front.title.as_ref())
            .map_or(Pos::start(), |s| s.pos);
        owners
            .entry(p.permalink.to_string())
            .or_default()
            .push((p.source.clone(), pos));
        for a in &p.aliases {
            owners
                .entry(a.to_string())
                .or_default()
                .push((p.source.clone(), pos));
        }
    }
    for r in RESERVED {
        if let Some(list) = owners.get(*r) {
            for (path, pos) in list {
                diags.push(
                    Diagnostic::error(
                        path,
                        *pos,
                        format!("địa chỉ {r} dành cho trang do loa tạo ra"),
                    )
                    .with_hint("đổi `slug` hoặc tên tệp"),
                );
            }
        }
    }
    let mut collisions: Vec<_> = owners.into_iter().filter(|(_, v)| v.len() > 1).collect();
    collisions.sort();
    for (url, list) in collisions {
        for (i, (path, pos)) in list.iter().enumerate() {
            let others: Vec<String> = list
                .iter()
                .enumerate()
                .filter(|(j, _)| *j != i)
                .map(|(_, (p, _))| p.display().to_string())
                .collect();
            diags.push(Diagnostic::error(path, *pos, format!("địa chỉ {url} trùng với {}", others.join(", ")))
                .with_hint("bỏ dấu làm hai tên giống nhau (ví dụ Đông/Đồng); đặt `slug:` khác cho một trong hai bài"));
        }
    }

    // Markdown, in parallel, once every permalink is known.
    let by_source: HashMap<&str, Permalink> = sections
        .iter()
        .zip(&section_drafts)
        .map(|(s, d)| (d.src.rel.as_str(), s.permalink.clone()))
        .chain(
            pages
                .iter()
                .zip(&page_drafts)
                .map(|(p, d)| (d.src.rel.as_str(), p.permalink.clone())),
        )
        .collect();
    let render = |d: &Draft| -> Rendered {
        let src_dir = parent_dir(&d.src.rel);
        let rewrite = |url: &str| rewrite_link(url, src_dir, &d.link_base, &by_source);
        markdown::render(&d.src.body, d.src.body_line, &rewrite)
    };
    let rendered_sections: Vec<Rendered> = section_drafts.par_iter().map(render).collect();
    let rendered_pages: Vec<Rendered> = page_drafts.par_iter().map(render).collect();
    for (s, r) in sections.iter_mut().zip(rendered_sections) {
        if s.summary.is_empty() {
            s.summary = r.first_paragraph;
        }
        s.content = r.html;
        s.headings = r.headings;
        s.links = r.links;
    }
    for (p, r) in pages.iter_mut().zip(rendered_pages) {
        if p.summary.is_empty() {
            p.summary = r.first_paragraph;
        }
        p.content = r.html;
        p.headings = r.headings;
        p.links = r.links;
    }
    for p in &pages {
        for l in &p.links {
            if let Some(alt) = &l.image_alt {
                if alt.trim().is_empty() {
                    diags.push(
                        Diagnostic::error(
                            &p.source,
                            l.pos,
                            format!("ảnh `{}` thiếu mô tả (alt)", l.original),
                        )
                        .with_hint("viết mô tả trong ngoặc vuông: ![Mô tả ảnh](anh.jpg)"),
                    );
                }
            }
        }
    }

    // Lists and orders.
    for (i, p) in pages.iter().enumerate() {
        sections[p.section].pages.push(i);
    }
    for s in &mut sections {
        sort_section(&pages, s);
    }
    for s in &sections {
        for w in s.pages.windows(2) {
            pages[w[0]].next = Some(w[1]);
            pages[w[1]].prev = Some(w[0]);
        }
    }
    let mut recent: Vec<usize> = (0..pages.len())
        .filter(|&i| pages[i].date.is_some())
        .collect();
    sort_newest_first(&pages, &mut recent);
    let mut topics: IndexMap<String, Vec<usize>> = config
        .topics
        .keys()
        .map(|k| (k.clone(), Vec::new()))
        .collect();
    let mut tag_map: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    let mut unit_pages: IndexMap<UnitId, Vec<usize>> =
        units.iter().map(|u| (u.id.clone(), Vec::new())).collect();
    for &i in recent.iter().chain(
        (0..pages.len())
            .filter(|&i| pages[i].date.is_none())
            .collect::<Vec<_>>()
            .iter(),
    ) {
        let p = &pages[i];
        for t in &p.topics {
            topics.entry(t.clone()).or_default().push(i);
        }
        for t in &p.tags {
            tag_map.entry(t.slug.clone()).or_default().push(i);
        }
        if let Some(u) = &p.unit {
            for a in units.ancestors_and_self(u) {
                unit_pages.entry(a.clone()).or_default().push(i);
            }
        }
    }
    let tags = tag_map
        .into_iter()
        .map(|(slug, pages)| Tag {
            name: tag_names[&slug].clone(),
            slug,
            pages,
        })
        .collect();

    let mut copied = Vec::new();
    for a in &assets {
        let in_bundle = pages
            .iter()
            .any(|p| p.assets.iter().any(|(s, _)| *s == a.abs));
        let owned_by_bundle = sources
            .iter()
            .any(|s| s.is_bundle && a.rel.starts_with(&format!("{}/", parent_dir(&s.rel))));
        if !in_bundle && !owned_by_bundle {
            let dir = parent_dir(&a.rel);
            let name = a.rel.rsplit('/').next().unwrap_or(&a.rel);
            copied.push(CopiedFile {
                source: a.abs.clone(),
                output: format!("{}{name}", &dir_permalink(dir).as_str()[1..]),
            });
        }
    }
    for p in &pages {
        copied.extend(p.assets.iter().map(|(s, o)| CopiedFile {
            source: s.clone(),
            output: o.clone(),
        }));
    }
    let aliases = pages
        .iter()
        .enumerate()
        .flat_map(|(i, p)| p.aliases.iter().map(move |a| (a.clone(), i)))
        .collect();

    if diags.has_errors() {
        return Err(diags);
    }
    Ok((
        Site {
            config,
            units,
            sections,
            pages,
            home,
            topics,
            tags,
            unit_pages,
            recent,
            copied,
            aliases,
        },
        diags,
    ))
}

fn required_title(fm: &FrontMatter, src: &Source, diags: &mut Diagnostics) -> String {
    match &fm.title {
        Some(t) if !t.value.trim().is_empty() => t.value.trim().to_string(),
        Some(t) => {
            diags.push(Diagnostic::error(&src.display, t.pos, "`title` rỗng"));
            String::new()
        }
        None => {
            diags.push(
                Diagnostic::error(&src.display, fm.start, "thiếu trường bắt buộc `title`")
                    .with_hint("thêm một dòng `title: \"Tiêu đề bài\"` giữa hai dòng `---`"),
            );
            String::new()
        }
    }
}

fn sort_section(pages: &[Page], s: &mut Section) {
    let key_title = |i: usize| (fold(&pages[i].title), pages[i].title.clone());
    match s.sort_by {
        SortBy::Date => sort_newest_first(pages, &mut s.pages),
        SortBy::Order => s.pages.sort_by(|&a, &b| {
            let (oa, ob) = (
                pages[a].order.unwrap_or(i64::MAX),
                pages[b].order.unwrap_or(i64::MAX),
            );
            oa.cmp(&ob).then_with(|| key_title(a).cmp(&key_title(b)))
        }),
        SortBy::Title => s.pages.sort_by_key(|&a| key_title(a)),
    }
}

/// `tin-tuc/abc.md` -> `tin-tuc`; `abc.md` -> ``.
fn parent_dir(rel: &str) -> &str {
    rel.rsplit_once('/').map_or("", |(d, _)| d)
}

fn nearest_section(by_dir: &HashMap<String, usize>, mut dir: &str) -> usize {
    loop {
        if let Some(&i) = by_dir.get(dir) {
            return i;
        }
        if dir.is_empty() {
            return by_dir[""];
        }
        dir = parent_dir(dir);
    }
}

/// The URL of a content folder: every segment slugged.
fn dir_permalink(dir: &str) -> Permalink {
    let segs: Vec<String> = dir
        .split('/')
        .filter(|s| !s.is_empty())
        .map(slugify)
        .collect();
    Permalink::from_segments(segs.iter().map(String::as_str))
}
