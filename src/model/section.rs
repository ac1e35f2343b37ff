//! Sections: a folder with `_index.md`, its settings and the order of its pages.

use super::permalink::Permalink;
use super::{NewPost, Page, PageId, Section, SectionId, SortBy};
use crate::base::diagnostic::{did_you_mean, Diagnostic, Diagnostics};
use crate::base::vi::collate::{sort_key, SortKey};
use crate::input::config::{ids, SiteConfig};
use crate::input::frontmatter::Spanned;
use crate::input::{parent_dir, Source, CONTENT_DIR};
use indexmap::IndexMap;
use std::borrow::Cow;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// A section read from its `_index.md`; every problem goes to `diags`.
pub fn from_source(src: &Source, config: &SiteConfig, diags: &mut Diagnostics) -> Section {
    let fm = &src.front;
    let dir = parent_dir(&src.rel).to_string();
    let sort_by = fm.sort_by.as_ref().and_then(|s| match s.value.as_str() {
        "date" => Some(SortBy::Date),
        "order" => Some(SortBy::Order),
        "title" => Some(SortBy::Title),
        other => {
            let hint = did_you_mean(other, ["date", "order", "title"])
                .unwrap_or_else(|| "dùng `date`, `order` hoặc `title`".into());
            let msg = format!("`sort_by: {other}` không hợp lệ");
            diags.push(Diagnostic::error(&src.display, s.pos, msg).with_hint(hint));
            None
        }
    });
    let dated = fm.dated.unwrap_or(sort_by == Some(SortBy::Date));
    let path = src.display.as_path();
    let mut new_post = NewPost::default();
    if let Some(k) = &fm.new_post.kind {
        match config.kinds.get_key_value(k.value.as_str()) {
            Some((id, _)) => new_post.kind = Some(id.clone()),
            None => diags.push(not_in_list(path, k, "hình thức", &config.kinds)),
        }
    }
    for t in &fm.new_post.topics {
        match config.topics.get_key_value(t.value.as_str()) {
            None => diags.push(not_in_list(path, t, "chủ đề", &config.topics)),
            Some((id, _)) if !new_post.topics.contains(id) => new_post.topics.push(id.clone()),
            Some(_) => {}
        }
    }
    Section {
        source: src.display.clone(),
        permalink: Permalink::of_dir(&dir),
        dir,
        title: required_title(src, diags),
        summary: fm.summary.clone().unwrap_or_default(),
        content: String::new(),
        headings: Vec::new(),
        sort_by: sort_by.unwrap_or(if dated { SortBy::Date } else { SortBy::Title }),
        paginate_by: fm.paginate_by.unwrap_or(config.paginate_by),
        template: fm.template.as_ref().map(|t| t.value.clone()),
        reportable: fm.reportable.unwrap_or(false),
        dated,
        stream: fm.stream.unwrap_or(dated),
        order: fm.order,
        new_post,
        extra: fm.extra.clone(),
        pages: Vec::new(),
        subsections: Vec::new(),
        parent: None,
        links: Vec::new(),
    }
}

/// A subsection whose `_index.md` does not say (`said` is false) joins the stream as its
/// parent does (`tin-tuc/2025/` is news too); parents go first, so the answer travels down.
/// Every section from its `_index.md` (the home page made up when it has none), each under
/// the nearest section above it, subsections in menu order (`order`, then title). Gives the
/// sections, the home page's index and the section of each folder.
pub(super) fn tree(
    sources: &[&std::sync::Arc<Source>],
    config: &SiteConfig,
    diags: &mut Diagnostics,
) -> (Vec<Section>, SectionId, HashMap<String, SectionId>) {
    let mut sections: Vec<_> = sources
        .iter()
        .map(|s| from_source(s, config, diags))
        .collect();
    let mut by_dir: HashMap<String, SectionId> = sections
        .iter()
        .enumerate()
        .map(|(i, s)| (s.dir.clone(), SectionId(i)))
        .collect();
    let home = *by_dir.entry(String::new()).or_insert_with(|| {
        sections.push(implicit_home(config));
        SectionId(sections.len() - 1)
    });
    for i in (0..sections.len()).map(SectionId).filter(|&i| i != home) {
        let parent = nearest_section(&by_dir, parent_dir(&sections[i].dir));
        sections[i].parent = Some(parent);
        sections[parent].subsections.push(i);
    }
    inherit_stream(&mut sections, home, |i| {
        sources.get(i).is_some_and(|s| s.front.stream.is_some())
    });
    let menu_key: Vec<(i64, SortKey)> = sections
        .iter()
        .map(|s| (s.order.unwrap_or(i64::MAX), sort_key(&s.title)))
        .collect();
    for s in &mut sections {
        s.subsections
            .sort_by(|&a, &b| menu_key[a.index()].cmp(&menu_key[b.index()]));
    }
    (sections, home, by_dir)
}

pub(super) fn inherit_stream(
    sections: &mut [Section],
    home: SectionId,
    said: impl Fn(usize) -> bool,
) {
    let mut by_depth: Vec<usize> = (0..sections.len()).collect();
    by_depth.sort_by_key(|&i| sections[i].dir.matches('/').count());
    for i in by_depth {
        match sections[i].parent {
            Some(p) if p != home && !said(i) => sections[i].stream = sections[p].stream,
            _ => {}
        }
    }
}

/// The home section of a site whose `content/` has no `_index.md`.
pub(super) fn implicit_home(config: &SiteConfig) -> Section {
    Section {
        source: PathBuf::from(CONTENT_DIR).join("_index.md"),
        dir: String::new(),
        title: config.title.clone(),
        permalink: Permalink::root(),
        summary: config.description.clone(),
        content: String::new(),
        headings: Vec::new(),
        sort_by: SortBy::Title,
        paginate_by: config.paginate_by,
        template: None,
        reportable: false,
        dated: false,
        stream: false,
        order: None,
        new_post: NewPost::default(),
        extra: serde_json::Value::Null,
        pages: Vec::new(),
        subsections: Vec::new(),
        parent: None,
        links: Vec::new(),
    }
}

/// The title of a page or section, which every file must have.
pub(super) fn required_title(src: &Source, diags: &mut Diagnostics) -> String {
    match &src.front.title {
        Some(t) if !t.value.trim().is_empty() => t.value.trim().to_string(),
        Some(t) => {
            diags.push(Diagnostic::error(&src.display, t.pos, "`title` rỗng"));
            String::new()
        }
        // Written in a way already reported (a list, `tilte:`).
        None if src.front.is_broken("title") => String::new(),
        None => {
            diags.push(
                Diagnostic::error(
                    &src.display,
                    crate::base::diagnostic::Pos::start(),
                    "thiếu trường bắt buộc `title`",
                )
                .with_hint("thêm một dòng `title: \"Tiêu đề bài\"` giữa hai dòng `---`"),
            );
            String::new()
        }
    }
}

/// Puts a section's pages in its display order; `newest` is each page's place in the site's
/// newest-first order, titles go in Vietnamese alphabetical order.
pub(super) fn sort_pages(pages: &[Page], s: &mut Section, newest: &[usize]) {
    let title = |i: PageId| match &pages[i].title_key {
        Some(k) => Cow::Borrowed(k),
        None => Cow::Owned(sort_key(&pages[i].title)),
    };
    let order = |i: PageId| pages[i].order.unwrap_or(i64::MAX);
    match s.sort_by {
        SortBy::Date => s.pages.sort_unstable_by_key(|&i| newest[i.index()]),
        SortBy::Order => s.pages.sort_by(|&a, &b| {
            order(a)
                .cmp(&order(b))
                .then_with(|| title(a).cmp(&title(b)))
        }),
        SortBy::Title => s.pages.sort_by(|&a, &b| title(a).cmp(&title(b))),
    }
}

/// The section that holds content of folder `dir`: the nearest folder with `_index.md`.
pub(super) fn nearest_section(
    by_dir: &std::collections::HashMap<String, SectionId>,
    mut dir: &str,
) -> SectionId {
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

/// An id missing from one of `site.yaml`'s closed lists (`what`: "chủ đề", "hình thức").
pub(super) fn not_in_list<K: std::ops::Deref<Target = str>>(
    path: &Path,
    id: &Spanned<String>,
    what: &str,
    list: &IndexMap<K, String>,
) -> Diagnostic {
    let hint = did_you_mean(&id.value, list.keys().map(|k| &**k))
        .unwrap_or_else(|| format!("các {what}: {}", ids(list)));
    Diagnostic::error(
        path,
        id.pos,
        format!("{what} `{}` không có trong site.yaml", id.value),
    )
    .with_hint(hint)
}
