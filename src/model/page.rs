//! One page's front matter resolved against the site: slug, permalink, dates, unit, topics,
//! kind and tags. Drafts and future posts are validated too, so `check` catches their mistakes.

use super::links::resolve_url;
use super::permalink::Permalink;
use super::section::{nearest_section, not_in_list, required_title};
use super::{Extra, Page, PageMeta, Section, SectionId, SortBy, TagRef};
use crate::base::date::Date;
use crate::base::diagnostic::{Diagnostic, Diagnostics, Pos};
use crate::base::id::{KindId, TopicId};
use crate::base::slug::slugify;
use crate::base::vi::collate::sort_key;
use crate::base::vi::tone::name_key;
use crate::input::config::{ids, SiteConfig};
use crate::input::frontmatter::Spanned;
use crate::input::units::{UnitId, Units};
use crate::input::{parent_dir, Source};
use std::path::Path;

/// What resolving a page needs to know about the site.
pub(super) struct Site<'a> {
    pub config: &'a SiteConfig,
    pub units: &'a Units,
    pub sections: &'a [Section],
    /// Section index of every content folder that has an `_index.md`.
    pub by_dir: &'a std::collections::HashMap<String, SectionId>,
    pub now: Date,
    pub drafts: bool,
}

impl<'a> Site<'a> {
    /// Whether `page` is published in this build: not a draft, not dated in the future (or
    /// drafts asked for).
    pub(super) fn includes(&self, page: &Page) -> bool {
        self.drafts || page.published_at(self.now)
    }

    /// A fingerprint of everything resolving reads besides the file: settings, units,
    /// sections, the options and today's date (which error hints show).
    pub(super) fn fingerprint(&self) -> u64 {
        let sections: Vec<String> = self.sections.iter().map(|s| format!("{s:?}")).collect();
        crate::base::hash::hash_of((
            format!("{:?}", self.config),
            // In registry order: the registry's index is a hash map, whose order varies.
            self.units
                .iter()
                .map(|u| format!("{u:?}"))
                .collect::<Vec<_>>(),
            sections,
            self.now.iso_day(),
            self.drafts,
        ))
    }

    /// What resolving needs, for a build with options `opts`.
    pub(super) fn new(
        config: &'a SiteConfig,
        units: &'a Units,
        sections: &'a [Section],
        by_dir: &'a std::collections::HashMap<String, SectionId>,
        opts: &super::BuildOptions,
    ) -> Site<'a> {
        Site {
            config,
            units,
            sections,
            by_dir,
            now: Date::from_datetime(opts.now, config.offset),
            drafts: opts.drafts,
        }
    }
}

/// A resolved page and what the rest of the build needs about it.
#[derive(Debug, Clone)]
pub struct Resolved {
    pub page: Page,
    /// Site path that relative links in the body are resolved against.
    pub link_base: String,
    /// Whether the page is published in this build (not a draft, not dated in the future).
    pub included: bool,
}

/// Resolves and validates one page; every problem goes to `diags`.
pub(super) fn resolve(src: &Source, site: &Site, diags: &mut Diagnostics) -> Resolved {
    let fm = &src.front;
    let path = src.display.as_path();
    let place = Place::of(src, site);
    let sec = &site.sections[place.section];
    let title = required_title(src, diags);
    let slug = resolve_slug(src, place.file_stem, &title, diags);
    let permalink = Permalink::of_dir(place.url_dir).join(&slug);
    let link_base = if src.is_bundle {
        permalink.to_string()
    } else {
        Permalink::of_dir(place.url_dir).to_string()
    };
    let date = parse_date(&fm.date, site, path, diags);
    let updated = parse_date(&fm.updated, site, path, diags);
    if sec.dated && fm.date.is_none() && !fm.is_broken("date") {
        let hint = format!(
            "mục `{}` sắp theo ngày; thêm ví dụ `date: {}`",
            sec.title,
            site.now.iso_day()
        );
        diags.push(
            Diagnostic::error(path, Pos::start(), "thiếu trường bắt buộc `date`").with_hint(hint),
        );
    }
    check_links_of_front(src, diags);
    let meta = PageMeta {
        source: src.display.clone(),
        section: place.section,
        slug,
        date,
        updated,
        unit: resolve_unit(src, sec, date, site.units, diags),
        topics: resolve_topics(src, site, diags),
        kind: resolve_kind(src, site, diags),
        column: fm
            .column
            .as_ref()
            .map(|c| c.trim().to_string())
            .filter(|c| !c.is_empty()),
        tags: resolve_tags(src, diags),
        featured: fm.featured,
        // Percent-encoded: feeds carry it, and their readers want a URI.
        source_url: fm
            .source_url
            .as_ref()
            .map(|u| crate::base::url_key::as_uri(&u.value)),
        image: fm.image.as_ref().map(|i| resolve_url(&link_base, &i.value)),
        lead_image: fm.image.clone(),
        image_alt: fm.image_alt.clone(),
        order: fm.order,
        draft: fm.draft,
        aliases: resolve_aliases(src, diags),
        permalink,
    };
    let title_key = (sec.sort_by != SortBy::Date).then(|| sort_key(&title));
    let page = Page {
        meta,
        title_key,
        title,
        summary: fm.summary.clone().unwrap_or_default(),
        extra: Extra(fm.extra.clone()),
        body: Default::default(),
        image_len: None,
        neighbours: Default::default(),
    };
    Resolved {
        included: site.includes(&page),
        page,
        link_base,
    }
}

/// Where a page's file puts it: the folder whose URL space it lives in, its section, and
/// the name its slug defaults to.
struct Place<'s> {
    url_dir: &'s str,
    section: SectionId,
    file_stem: &'s str,
}

impl<'s> Place<'s> {
    fn of(src: &'s Source, site: &Site) -> Place<'s> {
        // A bundle's folder is its own; a leaf page lives in its folder's URL space.
        let folder = parent_dir(&src.rel);
        let url_dir = if src.is_bundle {
            parent_dir(folder)
        } else {
            folder
        };
        let file_stem = if src.is_bundle {
            folder.rsplit('/').next().unwrap_or("")
        } else {
            let name = src.rel.rsplit('/').next().unwrap_or("");
            name.trim_end_matches(".md")
        };
        Place {
            url_dir,
            section: nearest_section(site.by_dir, url_dir),
            file_stem,
        }
    }
}

/// The page's slug: `slug:` slugged, else the file's name, else the title.
fn resolve_slug(src: &Source, file_stem: &str, title: &str, diags: &mut Diagnostics) -> String {
    match &src.front.slug {
        Some(s) => {
            let v = slugify(&s.value);
            if v.is_empty() {
                diags.push(Diagnostic::error(
                    &src.display,
                    s.pos,
                    "`slug` rỗng sau khi bỏ dấu và ký tự đặc biệt",
                ));
            }
            v
        }
        None => Some(slugify(file_stem))
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| slugify(title)),
    }
}

/// The page's topics, each known to `site.yaml`, without repeats.
fn resolve_topics(src: &Source, site: &Site, diags: &mut Diagnostics) -> Vec<TopicId> {
    let mut topics: Vec<TopicId> = Vec::new();
    for t in &src.front.topics {
        // The settings' own id, so every page shares its text.
        match site.config.topics.get_key_value(t.value.as_str()) {
            None => diags.push(not_in_list(&src.display, t, "chủ đề", &site.config.topics)),
            Some((id, _)) if !topics.contains(id) => topics.push(id.clone()),
            Some(_) => {}
        }
    }
    topics
}

/// Checks `source_url` is a full web address and a lead image has its description.
fn check_links_of_front(src: &Source, diags: &mut Diagnostics) {
    let (fm, path) = (&src.front, &src.display);
    if let Some(u) = &fm.source_url {
        if !(u.value.starts_with("https://") || u.value.starts_with("http://")) {
            let msg = format!("`source_url` `{}` không phải địa chỉ web đầy đủ", u.value);
            diags.push(
                Diagnostic::error(path, u.pos, msg)
                    .with_hint("viết dạng \"https://baolaichau.vn/...\""),
            );
        }
    }
    if let Some(img) = &fm.image {
        if fm.image_alt.as_deref().is_none_or(|a| a.trim().is_empty()) {
            diags.push(
                Diagnostic::error(path, img.pos, "ảnh đại diện thiếu mô tả `image_alt`").with_hint(
                    "thêm `image_alt: \"…\"` tả nội dung ảnh cho người dùng trình đọc màn hình",
                ),
            );
        }
    }
}

/// The page's old addresses (`aliases:`), each a valid site path.
fn resolve_aliases(src: &Source, diags: &mut Diagnostics) -> Vec<Permalink> {
    let mut aliases = Vec::new();
    for a in &src.front.aliases {
        match Permalink::from_user(&a.value) {
            Some(p) => aliases.push(p),
            None => diags.push(Diagnostic::error(
                &src.display,
                a.pos,
                format!("địa chỉ cũ `{}` không hợp lệ", a.value),
            )),
        }
    }
    aliases
}

fn parse_date(
    f: &Option<Spanned<String>>,
    site: &Site,
    path: &Path,
    diags: &mut Diagnostics,
) -> Option<Date> {
    let s = f.as_ref()?;
    Date::parse(&s.value, site.config.offset)
        .map_err(|e| diags.push(Diagnostic::error(path, s.pos, e.0)))
        .ok()
}

/// The page's unit: required in reportable sections, known, and active on the page's date.
fn resolve_unit(
    src: &Source,
    sec: &Section,
    date: Option<Date>,
    units: &Units,
    diags: &mut Diagnostics,
) -> Option<UnitId> {
    let path = src.display.as_path();
    let Some(u) = &src.front.unit else {
        if sec.reportable && !src.front.is_broken("unit") {
            diags.push(
                Diagnostic::error(path, Pos::start(), "thiếu trường bắt buộc `unit`").with_hint(
                    match units.example() {
                        Some(x) => format!("bài trong mục được tính vào báo cáo cần mã đơn vị đăng, ví dụ `unit: {}` (xem units.yaml)", x.id),
                        None => "bài trong mục được tính vào báo cáo cần mã đơn vị đăng; khai báo đơn vị trong units.yaml".into(),
                    },
                ),
            );
        }
        return None;
    };
    if u.value.trim().is_empty() {
        let hint = match units.example() {
            Some(x) => format!(
                "điền mã đơn vị đăng bài trong units.yaml, ví dụ `unit: {}`",
                x.id
            ),
            None => "khai báo đơn vị trong units.yaml trước".into(),
        };
        diags.push(
            Diagnostic::error(path, u.pos, "chưa điền đơn vị: `unit` còn để trống").with_hint(hint),
        );
        return None;
    }
    let Some(unit) = units.get(&u.value) else {
        let msg = format!("đơn vị `{}` không có trong units.yaml", u.value);
        diags.push(Diagnostic::error(path, u.pos, msg).with_opt_hint(units.suggest(&u.value)));
        return None;
    };
    if let Some(d) = date.filter(|d| !unit.active_on(d.day())) {
        let others = units.carried_on_by(&unit.id, d.day(), d.day());
        let hint = if others.is_empty() {
            "kiểm tra lại ngày đăng hoặc đơn vị".to_string()
        } else {
            let names: Vec<String> = others.iter().map(|u| u.label()).collect();
            format!("ngày đó, bài đăng thuộc {}", names.join(" hoặc "))
        };
        let msg = format!(
            "ngày {} nằm ngoài thời gian hoạt động của `{}` ({})",
            d.vi_short(),
            unit.id,
            unit.span_vi().unwrap_or_default()
        );
        diags.push(Diagnostic::error(path, u.pos, msg).with_hint(hint));
    }
    Some(unit.id.clone())
}

/// The page's form: `tin` when the field is absent; blank is an error, since `loa new` leaves
/// it blank rather than guess what the report would count.
fn resolve_kind(src: &Source, site: &Site, diags: &mut Diagnostics) -> KindId {
    let path = src.display.as_path();
    let kinds = &site.config.kinds;
    let known = |k: &str| kinds.get_key_value(k).map(|(id, _)| id.clone());
    match &src.front.kind {
        None => known("tin").unwrap_or_else(|| KindId::from("tin")),
        Some(k) if k.value.trim().is_empty() => {
            let hint = format!("điền một mã trong site.yaml: {}", ids(kinds));
            diags.push(
                Diagnostic::error(path, k.pos, "chưa chọn hình thức: `kind` còn để trống")
                    .with_hint(hint),
            );
            KindId::from("")
        }
        Some(k) => known(&k.value).unwrap_or_else(|| {
            diags.push(not_in_list(path, k, "hình thức", kinds));
            KindId::from(k.value.as_str())
        }),
    }
}

/// The most tags a post may have.
pub const MAX_TAGS: usize = 100;

/// The page's tags, one per name (`Test` and `test ` are one); two names that share a slug
/// are both kept, for the site-wide check to report (`model::build::unify_tags`).
fn resolve_tags(src: &Source, diags: &mut Diagnostics) -> Vec<TagRef> {
    let mut tags: Vec<TagRef> = Vec::new();
    if let Some(extra) = src.front.tags.get(MAX_TAGS) {
        // Every tag page lists the post with all its tags: thousands would cost their square.
        let msg = format!(
            "bài có {} thẻ; mỗi bài có tối đa {MAX_TAGS} thẻ",
            src.front.tags.len()
        );
        let hint = "giữ vài thẻ chính (tên người, nơi chốn, sự kiện); chủ đề đã có `topics`";
        diags.push(Diagnostic::error(&src.display, extra.pos, msg).with_hint(hint));
        return tags;
    }
    for t in &src.front.tags {
        let slug = slugify(&t.value);
        if slug.is_empty() {
            diags.push(Diagnostic::error(&src.display, t.pos, "thẻ rỗng"));
            continue;
        }
        let key = name_key(&t.value);
        if !tags
            .iter()
            .any(|x| x.slug == slug && name_key(&x.name) == key)
        {
            let name = t.value.trim().to_string();
            tags.push(TagRef {
                slug,
                written: name.clone(),
                name,
            });
        }
    }
    tags
}
