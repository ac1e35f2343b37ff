//! Front matter: the YAML between `---` fences, read into typed fields with their positions.

use crate::diagnostic::{did_you_mean, Diagnostic, Pos};
use crate::yaml::{self, Locator, Node};
use std::path::Path;

/// A value with the position it was read from.
#[derive(Debug, Clone, PartialEq)]
pub struct Spanned<T> {
    pub value: T,
    pub pos: Pos,
}

/// The front matter of a page or a section (`_index.md`), before ids are resolved.
#[derive(Debug, Clone, Default)]
pub struct FrontMatter {
    pub title: Option<Spanned<String>>,
    pub date: Option<Spanned<String>>,
    pub updated: Option<Spanned<String>>,
    pub slug: Option<Spanned<String>>,
    pub summary: Option<String>,
    pub unit: Option<Spanned<String>>,
    pub topics: Vec<Spanned<String>>,
    pub kind: Option<Spanned<String>>,
    pub column: Option<String>,
    pub tags: Vec<Spanned<String>>,
    pub featured: bool,
    pub source_url: Option<Spanned<String>>,
    pub image: Option<Spanned<String>>,
    pub image_alt: Option<String>,
    pub order: Option<i64>,
    pub draft: bool,
    pub aliases: Vec<Spanned<String>>,
    pub extra: serde_json::Value,
    // Section settings, only in `_index.md`.
    pub sort_by: Option<Spanned<String>>,
    pub paginate_by: Option<usize>,
    pub template: Option<Spanned<String>>,
    pub reportable: Option<bool>,
    pub dated: Option<bool>,
    /// Where the front matter's opening fence stands, for file-level messages.
    pub start: Pos,
}

const PAGE_KEYS: &[&str] = &[
    "title",
    "date",
    "updated",
    "slug",
    "summary",
    "unit",
    "topics",
    "kind",
    "column",
    "tags",
    "featured",
    "source_url",
    "image",
    "image_alt",
    "order",
    "draft",
    "aliases",
    "extra",
];
const SECTION_KEYS: &[&str] = &["sort_by", "paginate_by", "template", "reportable", "dated"];

/// Splits a file into its YAML and its body; the body's first line number is returned too.
pub fn split(text: &str) -> Result<(&str, &str, usize), (Pos, String, String)> {
    if text.trim().is_empty() {
        return Err((
            Pos::start(),
            "tệp rỗng".into(),
            "mỗi tệp cần phần đầu `---`, ít nhất `title:`, rồi `---` và nội dung".into(),
        ));
    }
    let Some(rest) = text
        .strip_prefix("---\n")
        .or_else(|| (text.trim_end() == "---").then_some(""))
    else {
        return Err((
            Pos::start(),
            "thiếu dòng mở đầu `---` của phần thông tin (front matter)".into(),
            "dòng đầu tiên của tệp phải là `---`, tiếp theo là `title: ...`, rồi một dòng `---`"
                .into(),
        ));
    };
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        if line.trim_end() == "---" {
            let yaml = &rest[..offset];
            let body = &rest[offset + line.len()..];
            let body_line = 2 + yaml.matches('\n').count() + 1;
            return Ok((yaml, body, body_line));
        }
        offset += line.len();
    }
    Err((
        Pos::start(),
        "phần thông tin mở bằng `---` nhưng không có dòng `---` đóng lại".into(),
        "thêm một dòng chỉ có `---` sau các trường như `title:`, `date:`".into(),
    ))
}

/// Reads the YAML of a front matter into typed fields, reporting every problem it finds.
pub fn parse(
    yaml_text: &str,
    is_section: bool,
    path: &Path,
) -> Result<FrontMatter, Vec<Diagnostic>> {
    // The YAML starts on the file's second line, after the opening fence.
    let shift = |p: Pos| Pos::new(p.line + 1, p.column);
    let node = yaml::parse(yaml_text).map_err(|e| {
        vec![Diagnostic::error(path, shift(e.pos), e.message).with_opt_hint(e.hint)]
    })?;
    let entries = match node {
        Node::Map(m) => m,
        Node::Null => Vec::new(),
        other => {
            return Err(vec![Diagnostic::error(
                path,
                Pos::new(2, 1),
                format!(
                    "phần thông tin phải là các cặp `khóa: giá trị`, không phải {}",
                    other.type_name()
                ),
            )]);
        }
    };
    let loc = Locator::new(yaml_text);
    let key_pos = |k: &str| shift(loc.key(k).unwrap_or_else(Pos::start));
    let value_pos = |k: &str, v: &str| shift(loc.value(k, v).unwrap_or_else(Pos::start));

    let mut fm = FrontMatter {
        start: Pos::start(),
        ..Default::default()
    };
    let mut errors = Vec::new();
    for (key, value) in entries {
        let kp = key_pos(&key);
        let mut expect = |what: &str| {
            errors.push(Diagnostic::error(
                path,
                kp,
                format!("`{key}` phải là {what}, không phải {}", value.type_name()),
            ));
        };
        let text = |v: &Node| v.as_scalar_text();
        match key.as_str() {
            "title" | "date" | "updated" | "slug" | "unit" | "kind" | "source_url" | "image"
            | "sort_by" | "template" => match text(&value) {
                Some(s) => {
                    let sp = Spanned {
                        pos: value_pos(&key, &s),
                        value: s,
                    };
                    match key.as_str() {
                        "title" => fm.title = Some(sp),
                        "date" => fm.date = Some(sp),
                        "updated" => fm.updated = Some(sp),
                        "slug" => fm.slug = Some(sp),
                        "unit" => fm.unit = Some(sp),
                        "kind" => fm.kind = Some(sp),
                        "source_url" => fm.source_url = Some(sp),
                        "image" => fm.image = Some(sp),
                        "sort_by" => fm.sort_by = Some(sp),
                        _ => fm.template = Some(sp),
                    }
                }
                None if value == Node::Null => {}
                None => expect("một chuỗi"),
            },
            "summary" | "column" | "image_alt" => match text(&value) {
                Some(s) => match key.as_str() {
                    "summary" => fm.summary = Some(s),
                    "column" => fm.column = Some(s),
                    _ => fm.image_alt = Some(s),
                },
                None if value == Node::Null => {}
                None => expect("một chuỗi"),
            },
            "topics" | "tags" | "aliases" => {
                let items = match value {
                    Node::List(items) => items,
                    Node::Null => Vec::new(),
                    ref single @ Node::String(_) => vec![single.clone()],
                    _ => {
                        expect("một danh sách");
                        continue;
                    }
                };
                let mut list = Vec::new();
                for item in items {
                    match text(&item) {
                        Some(s) => list.push(Spanned {
                            pos: value_pos(&key, &s),
                            value: s,
                        }),
                        None => errors.push(Diagnostic::error(
                            path,
                            kp,
                            format!("mỗi mục của `{key}` phải là một chuỗi"),
                        )),
                    }
                }
                match key.as_str() {
                    "topics" => fm.topics = list,
                    "tags" => fm.tags = list,
                    _ => fm.aliases = list,
                }
            }
            "featured" | "draft" | "reportable" | "dated" => match value {
                Node::Bool(b) => match key.as_str() {
                    "featured" => fm.featured = b,
                    "draft" => fm.draft = b,
                    "reportable" => fm.reportable = Some(b),
                    _ => fm.dated = Some(b),
                },
                _ => expect("`true` hoặc `false`"),
            },
            "order" => match value {
                Node::Int(i) => fm.order = Some(i),
                _ => expect("một số nguyên"),
            },
            "paginate_by" => match value {
                Node::Int(i) if i > 0 => fm.paginate_by = Some(i as usize),
                _ => expect("một số nguyên dương"),
            },
            "extra" => fm.extra = value.to_json(),
            other => {
                let known = PAGE_KEYS
                    .iter()
                    .chain(if is_section { SECTION_KEYS } else { &[] });
                let hint = did_you_mean(other, known.copied())
                    .or_else(|| Some("các trường tự do đặt dưới `extra:`".into()));
                let msg = if SECTION_KEYS.contains(&other) {
                    format!("trường `{other}` chỉ dùng trong `_index.md` của chuyên mục")
                } else {
                    format!("trường `{other}` không được hỗ trợ")
                };
                errors.push(Diagnostic::error(path, kp, msg).with_opt_hint(hint));
            }
        }
        if !is_section && SECTION_KEYS.contains(&key.as_str()) {
            errors.push(Diagnostic::error(
                path,
                kp,
                format!("trường `{key}` chỉ dùng trong `_index.md` của chuyên mục"),
            ));
        }
    }
    if errors.is_empty() {
        Ok(fm)
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_reports_body_line() {
        let (y, b, l) = split("---\ntitle: A\n---\nHello\n").unwrap();
        assert_eq!((y, b, l), ("title: A\n", "Hello\n", 4));
    }

    #[test]
    fn fences_and_empty() {
        assert!(split("").unwrap_err().1.contains("rỗng"));
        assert!(split("title: x\n").unwrap_err().1.contains("mở đầu"));
        assert!(split("---\ntitle: x\n")
            .unwrap_err()
            .1
            .contains("không có dòng"));
    }

    #[test]
    fn unknown_keys_all_reported_with_lines() {
        let e = parse("title: A\ntilte: B\ntopcs: [x]\n", false, Path::new("a.md")).unwrap_err();
        assert_eq!(e.len(), 2);
        assert_eq!(e[0].pos, Pos::new(3, 1));
        assert_eq!(e[0].hint.as_deref(), Some("bạn có định viết `title`?"));
        assert_eq!(e[1].hint.as_deref(), Some("bạn có định viết `topics`?"));
    }

    #[test]
    fn typed_fields_with_positions() {
        let fm = parse(
            "title: A\ntopics:\n  - chuyen-doi-so\norder: 3\ndraft: true\n",
            false,
            Path::new("a.md"),
        )
        .unwrap();
        assert_eq!(fm.topics[0].pos, Pos::new(4, 5));
        assert_eq!(fm.order, Some(3));
        assert!(fm.draft);
    }
}
