//! Front matter: the YAML between `---` fences, read into typed fields with their positions.

use crate::base::diagnostic::{closest, did_you_mean, Diagnostic, Pos};
use crate::base::yaml::{self, Locator, Node};
use std::path::Path;

/// A value with the position it was read from.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
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
    /// Whether the section's pages join the site-wide stream (`stream:`).
    pub stream: Option<bool>,
    pub new_post: NewPostFront,
    /// Known keys written with a value of the wrong type, or most likely meant by a key that
    /// is not known (`topic`): already reported, so the model does not call them missing.
    pub broken: Vec<String>,
}

impl FrontMatter {
    /// Whether `key` was written but could not be read (see [`FrontMatter::broken`]).
    pub fn is_broken(&self, key: &str) -> bool {
        self.broken.iter().any(|k| k == key)
    }
}

/// A section's defaults for `loa new` (`new_post:` in `_index.md`), before ids are checked.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct NewPostFront {
    pub kind: Option<Spanned<String>>,
    pub topics: Vec<Spanned<String>>,
}

/// The keys `new_post:` accepts.
const NEW_POST_KEYS: &[&str] = &["kind", "topics"];

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
const SECTION_KEYS: &[&str] = &[
    "sort_by",
    "paginate_by",
    "template",
    "reportable",
    "dated",
    "stream",
    "new_post",
];

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

/// Reads one front matter's values, recording a problem for each value of the wrong type.
struct Reader<'a> {
    path: &'a Path,
    loc: Locator<'a>,
    errors: Vec<Diagnostic>,
    broken: Vec<String>,
}

impl Reader<'_> {
    /// Positions inside the YAML, shifted past the opening fence on the file's first line.
    fn key_pos(&self, key: &str) -> Pos {
        let p = self.loc.key(key).unwrap_or_else(Pos::start);
        Pos::new(p.line + 1, p.column)
    }

    fn value_pos(&self, key: &str, value: &str) -> Pos {
        let p = self.loc.value(key, value).unwrap_or_else(Pos::start);
        Pos::new(p.line + 1, p.column)
    }

    fn wrong_type(&mut self, key: &str, value: &Node, expected: &str) {
        // The value as written says more than its type (`-3` is a number, just not a count).
        let found = match value.as_scalar_text() {
            Some(text) if !text.trim().is_empty() => format!("`{}`", text.trim()),
            _ => value.type_name().to_string(),
        };
        self.broken.push(key.to_string());
        let msg = format!("`{key}` phải là {expected}, không phải {found}");
        let mut d = Diagnostic::error(self.path, self.key_pos(key), msg);
        if expected.contains("true") {
            d = d.with_hint(format!("viết `{key}: true` hoặc `{key}: false`"));
        }
        self.errors.push(d);
    }

    fn string(&mut self, key: &str, value: &Node) -> Option<Spanned<String>> {
        match value.as_scalar_text() {
            // A blank value has no text to point at: point at its key.
            Some(s) if s.trim().is_empty() => Some(Spanned {
                pos: self.key_pos(key),
                value: s,
            }),
            Some(s) => Some(Spanned {
                pos: self.value_pos(key, &s),
                value: s,
            }),
            None if *value == Node::Null => None,
            None => {
                self.wrong_type(key, value, "một chuỗi");
                None
            }
        }
    }

    fn text(&mut self, key: &str, value: &Node) -> Option<String> {
        self.string(key, value).map(|s| s.value)
    }

    fn list(&mut self, key: &str, value: &Node) -> Vec<Spanned<String>> {
        let items = match value {
            Node::List(items) => items.as_slice(),
            Node::Null => &[],
            Node::String(_) => std::slice::from_ref(value),
            _ => {
                self.wrong_type(key, value, "một danh sách");
                return Vec::new();
            }
        };
        let texts: Vec<Option<String>> = items.iter().map(Node::as_scalar_text).collect();
        let needles: Vec<&str> = texts.iter().flatten().map(String::as_str).collect();
        // One pass for the whole list: a list of thousands is read in linear time.
        let mut positions = self.loc.values(key, &needles).into_iter();
        let mut list = Vec::new();
        for text in texts {
            match text {
                Some(s) => {
                    let p = positions.next().unwrap_or_else(Pos::start);
                    list.push(Spanned {
                        pos: Pos::new(p.line + 1, p.column),
                        value: s,
                    });
                }
                None => {
                    let msg = format!("mỗi mục của `{key}` phải là một chuỗi");
                    self.errors
                        .push(Diagnostic::error(self.path, self.key_pos(key), msg));
                }
            }
        }
        list
    }

    /// `new_post: { kind: …, topics: […] }`; positions are looked up inside its block.
    fn new_post(&mut self, value: &Node) -> NewPostFront {
        let mut out = NewPostFront::default();
        let entries = match value {
            Node::Map(m) => m,
            Node::Null => return out,
            other => {
                self.wrong_type("new_post", other, "các cặp `kind:`, `topics:`");
                return out;
            }
        };
        let spanned = |r: &Self, s: String| Spanned {
            pos: r.value_pos("new_post", &s),
            value: s,
        };
        for (k, v) in entries {
            match (k.as_str(), v) {
                ("kind", Node::Null) => {}
                ("kind", v) => match v.as_scalar_text() {
                    Some(s) => out.kind = Some(spanned(self, s)),
                    None => self.wrong_type("new_post", v, "một mã hình thức"),
                },
                ("topics", Node::List(items)) => {
                    for item in items {
                        match item.as_scalar_text() {
                            Some(s) => out.topics.push(spanned(self, s)),
                            None => self.wrong_type("new_post", item, "một danh sách mã chủ đề"),
                        }
                    }
                }
                ("topics", Node::String(s)) => out.topics.push(spanned(self, s.clone())),
                ("topics", Node::Null) => {}
                ("topics", v) => self.wrong_type("new_post", v, "một danh sách mã chủ đề"),
                (other, _) => {
                    let hint = did_you_mean(other, NEW_POST_KEYS.iter().copied())
                        .unwrap_or_else(|| "`new_post:` nhận `kind:` và `topics:`".into());
                    let msg = format!("trường `{other}` của `new_post` không được hỗ trợ");
                    let pos = self.value_pos("new_post", other);
                    self.errors
                        .push(Diagnostic::error(self.path, pos, msg).with_hint(hint));
                }
            }
        }
        out
    }

    fn bool(&mut self, key: &str, value: &Node) -> Option<bool> {
        match value {
            Node::Bool(b) => Some(*b),
            _ => {
                self.wrong_type(key, value, "`true` hoặc `false`");
                None
            }
        }
    }

    fn int(&mut self, key: &str, value: &Node, min: i64) -> Option<i64> {
        match value {
            Node::Int(i) if *i >= min => Some(*i),
            _ if min > 0 => {
                self.wrong_type(key, value, "một số nguyên dương");
                None
            }
            _ => {
                self.wrong_type(key, value, "một số nguyên");
                None
            }
        }
    }
}

/// `key:` with nothing after it (YAML's null) as an empty string.
fn blank_as_empty(v: &Node) -> Node {
    match v {
        Node::Null => Node::String(String::new()),
        other => other.clone(),
    }
}

/// Reads the YAML of a front matter into typed fields, reporting every problem it finds.
/// The fields come back whenever the YAML could be read, so that the model checks the known
/// fields of a front matter that also has mistakes; `None` only when it could not.
pub fn parse(
    yaml_text: &str,
    is_section: bool,
    path: &Path,
) -> (Option<FrontMatter>, Vec<Diagnostic>) {
    let node = match yaml::parse(yaml_text) {
        Ok(node) => node,
        Err(mut e) => {
            // The YAML starts on the file's second line, after the opening fence.
            e.pos = Pos::new(e.pos.line + 1, e.pos.column);
            return (None, vec![e.at(path)]);
        }
    };
    let entries = match node {
        Node::Map(m) => m,
        Node::Null => Vec::new(),
        other => {
            let msg = format!(
                "phần thông tin phải là các cặp `khóa: giá trị`, không phải {}",
                other.type_name()
            );
            return (None, vec![Diagnostic::error(path, Pos::new(2, 1), msg)]);
        }
    };
    let mut r = Reader {
        path,
        loc: Locator::new(yaml_text),
        errors: Vec::new(),
        broken: Vec::new(),
    };
    let mut fm = FrontMatter::default();
    for (key, value) in entries {
        read_field(&mut r, &mut fm, &key, &value, is_section);
    }
    fm.broken = r.broken;
    (Some(fm), r.errors)
}

/// Reads one `key: value` of a front matter into `fm`.
fn read_field(r: &mut Reader, fm: &mut FrontMatter, k: &str, v: &Node, is_section: bool) {
    match k {
        "title" => fm.title = r.string(k, v),
        "date" => fm.date = r.string(k, v),
        "updated" => fm.updated = r.string(k, v),
        "slug" => fm.slug = r.string(k, v),
        // `unit:` and `kind:` left blank are kept blank: the model says what is missing.
        "unit" => fm.unit = r.string(k, &blank_as_empty(v)),
        "kind" => fm.kind = r.string(k, &blank_as_empty(v)),
        "source_url" => fm.source_url = r.string(k, v),
        "image" => fm.image = r.string(k, v),
        "summary" => fm.summary = r.text(k, v),
        "column" => fm.column = r.text(k, v),
        "image_alt" => fm.image_alt = r.text(k, v),
        "topics" => fm.topics = r.list(k, v),
        "tags" => fm.tags = r.list(k, v),
        "aliases" => fm.aliases = r.list(k, v),
        "featured" => fm.featured = r.bool(k, v).unwrap_or(false),
        "draft" => fm.draft = r.bool(k, v).unwrap_or(false),
        "order" => fm.order = r.int(k, v, i64::MIN),
        "extra" => fm.extra = v.to_json(),
        "sort_by" => fm.sort_by = r.string(k, v),
        "template" => fm.template = r.string(k, v),
        "reportable" => fm.reportable = r.bool(k, v),
        "dated" => fm.dated = r.bool(k, v),
        "stream" => fm.stream = r.bool(k, v),
        "new_post" => fm.new_post = r.new_post(v),
        "paginate_by" => fm.paginate_by = r.int(k, v, 1).map(|i| i as usize),
        other => {
            let known = PAGE_KEYS
                .iter()
                .chain(if is_section { SECTION_KEYS } else { &[] });
            let meant = closest(other, known.copied());
            let hint = match meant {
                Some(m) => format!("bạn có định viết `{m}`?"),
                None => "các trường tự do đặt dưới `extra:`".into(),
            };
            r.broken.extend(meant.map(String::from));
            let msg = format!("trường `{other}` không được hỗ trợ");
            r.errors
                .push(Diagnostic::error(r.path, r.key_pos(other), msg).with_hint(hint));
        }
    }
    if !is_section && SECTION_KEYS.contains(&k) {
        let msg = format!("trường `{k}` chỉ dùng trong `_index.md` của một mục");
        r.errors.push(Diagnostic::error(r.path, r.key_pos(k), msg));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The fields, asserting that there was no problem.
    fn ok(yaml: &str, is_section: bool) -> FrontMatter {
        let (fm, problems) = parse(yaml, is_section, Path::new("a.md"));
        assert!(problems.is_empty(), "{problems:?}");
        fm.unwrap()
    }

    /// The problems, asserting that there were some.
    fn problems(yaml: &str, is_section: bool) -> Vec<Diagnostic> {
        let (_, problems) = parse(yaml, is_section, Path::new("a.md"));
        assert!(!problems.is_empty());
        problems
    }

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
        let e = problems("title: A\ntilte: B\ntopcs: [x]\n", false);
        assert_eq!(e.len(), 2);
        assert_eq!(e[0].pos, Pos::new(3, 1));
        assert_eq!(e[0].hint.as_deref(), Some("bạn có định viết `title`?"));
        assert_eq!(e[1].hint.as_deref(), Some("bạn có định viết `topics`?"));
    }

    #[test]
    fn known_fields_are_read_beside_unknown_and_mistyped_ones() {
        let (fm, e) = parse(
            "title: [A]\ntopic: x\ndate: 2025-13-45\nkind: tinn\n",
            false,
            Path::new("a.md"),
        );
        let fm = fm.unwrap();
        assert_eq!(e.len(), 2, "{e:?}");
        assert_eq!(fm.date.as_ref().unwrap().value, "2025-13-45");
        assert_eq!(fm.kind.as_ref().unwrap().value, "tinn");
        // Reported already, so not missing too: the mistyped title and the meant `topics`.
        assert!(fm.title.is_none() && fm.is_broken("title") && fm.is_broken("topics"));
        assert!(!fm.is_broken("date"));
    }

    #[test]
    fn new_post_defaults_with_positions() {
        let fm = ok(
            "title: Tin\nnew_post:\n  kind: bai\n  topics: [chuyen-doi-so]\n",
            true,
        );
        let kind = fm.new_post.kind.unwrap();
        assert_eq!((kind.value.as_str(), kind.pos), ("bai", Pos::new(4, 9)));
        assert_eq!(fm.new_post.topics[0].pos, Pos::new(5, 12));
        let e = problems("title: Tin\nnew_post:\n  knd: bai\n", true);
        assert_eq!(e[0].pos, Pos::new(4, 3));
        assert_eq!(e[0].hint.as_deref(), Some("bạn có định viết `kind`?"));
        // Only sections have it.
        let e = problems("title: A\nnew_post: {}\n", false);
        assert!(e[0].message.contains("chỉ dùng trong `_index.md`"), "{e:?}");
    }

    #[test]
    fn typed_fields_with_positions() {
        let fm = ok(
            "title: A\ntopics:\n  - chuyen-doi-so\norder: 3\ndraft: true\n",
            false,
        );
        assert_eq!(fm.topics[0].pos, Pos::new(4, 5));
        assert_eq!(fm.order, Some(3));
        assert!(fm.draft);
    }
}
