//! `imported/<unit-id>.yaml`: what a unit published on its own website, as `loa import` kept
//! it and editors corrected it. One format, read here for builds and reports and written here
//! for `loa import`, so the two cannot drift apart.

use crate::base::date::Date;
use crate::base::diagnostic::{closest, Diagnostic, Pos};
use crate::base::id::{KindId, TopicId};
use crate::base::url_key::{Mirrors, UrlKey};
use crate::base::yaml::{self, KeyCheck, Locator, Node};
use crate::input::config::{not_in_list, SiteConfig};
use crate::input::units::{UnitId, Units};
use rayon::prelude::*;
use serde::Deserialize;
use std::path::{Path, PathBuf};

/// The folder of imported items under the site root.
pub const IMPORTED_DIR: &str = "imported";

/// The keys an entry accepts (the fields of `RawItem`).
const ITEM_KEYS: &[&str] = &[
    "url", "title", "date", "summary", "topics", "kind", "column", "feed", "guid", "featured",
];

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawItem {
    url: String,
    title: String,
    #[serde(default)]
    date: Option<String>,
    #[serde(default)]
    summary: Option<String>,
    #[serde(default)]
    topics: Vec<String>,
    #[serde(default)]
    kind: Option<String>,
    #[serde(default)]
    column: Option<String>,
    #[serde(default)]
    feed: Option<String>,
    #[serde(default)]
    guid: Option<String>,
    #[serde(default)]
    featured: bool,
    /// `url` or `title` could not be read, which is reported already: not also called empty.
    #[serde(skip)]
    unreadable: bool,
}

/// One article of a unit's own website.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ImportedItem {
    /// The address as the feed gave it, which links go to.
    pub url: String,
    /// The address in canonical form: one article, one key.
    pub key: UrlKey,
    pub title: String,
    /// `None` when the feed gave none: kept for an editor to fill in, not counted.
    pub date: Option<Date>,
    /// Plain text.
    pub summary: String,
    pub topics: Vec<TopicId>,
    pub kind: KindId,
    pub column: Option<String>,
    /// The feed (or file) it came from.
    pub feed: String,
    /// The feed's own id of the item, when it had one.
    pub guid: Option<String>,
    pub featured: bool,
    /// Where its entry starts in its file (the start for an item not yet written).
    pub pos: Pos,
}

impl ImportedItem {
    /// Whether it is on some topic of the campaign: an editor empties `topics` to leave out an
    /// article that is not, and the entry stays so that the next import does not add it again.
    /// Reports count and unit pages list only those (reports, only the dated ones).
    pub fn on_topic(&self) -> bool {
        !self.topics.is_empty()
    }
}

/// The items of one unit, as one file holds them.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ImportedFile {
    pub unit: UnitId,
    /// Relative to the site root, for messages.
    pub path: PathBuf,
    pub items: Vec<ImportedItem>,
    /// A fingerprint of the text it was read from, to tell whether the file changed since.
    pub digest: u64,
}

/// The path of a unit's file, relative to the site root.
pub fn file_of(unit: &str) -> PathBuf {
    Path::new(IMPORTED_DIR).join(format!("{unit}.yaml"))
}

/// Reads every `imported/*.yaml` of the site at `root` (none when the folder is missing),
/// sorted by unit id. Files with problems are left out and their problems returned.
pub fn load(
    root: &Path,
    config: &SiteConfig,
    units: &Units,
) -> (Vec<ImportedFile>, Vec<Diagnostic>) {
    let dir = root.join(IMPORTED_DIR);
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return (Vec::new(), Vec::new());
    };
    let mut names: Vec<String> = entries
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".yaml") && !super::is_ignored_name(n))
        .collect();
    names.sort();
    let mirrors = units.mirrors();
    let parsed: Vec<_> = names
        .par_iter()
        .map(|name| {
            let unit = name.strip_suffix(".yaml").unwrap_or(name);
            let display = Path::new(IMPORTED_DIR).join(name);
            super::read_text(&dir.join(name), &display)
                .map_err(|d| vec![d])
                .and_then(|text| parse(&text, unit, &display, config, units, &mirrors))
        })
        .collect();
    let (mut files, mut problems) = (Vec::new(), Vec::new());
    for p in parsed {
        match p {
            Ok(f) => files.push(f),
            Err(e) => problems.extend(e),
        }
    }
    (files, problems)
}

/// Parses the text of the file of `unit`; `path` is used in messages.
pub fn parse(
    text: &str,
    unit: &str,
    path: &Path,
    config: &SiteConfig,
    units: &Units,
    mirrors: &Mirrors,
) -> Result<ImportedFile, Vec<Diagnostic>> {
    let Some(u) = units.get(unit) else {
        let hint = units.suggest(unit).unwrap_or_else(|| {
            "tên tệp là mã đơn vị trong units.yaml, ví dụ `imported/bao-lai-chau.yaml`".into()
        });
        return Err(vec![Diagnostic::error(
            path,
            Pos::start(),
            format!("không có đơn vị `{unit}` trong units.yaml"),
        )
        .with_hint(hint)]);
    };
    // One parse when the file is right, as it nearly always is; the slow path finds every
    // problem of one that is not.
    let (raw, mut errors) = match yaml::from_str::<Vec<RawItem>>(text) {
        Ok(raw) => (raw.into_iter().map(Some).collect(), Vec::new()),
        Err(e) => match raw_items(text, path)? {
            // The field-by-field reading is more lenient than the typed one (`topics: x`):
            // what the typed one refused is still refused.
            (_, problems) if problems.is_empty() => return Err(vec![e.at(path)]),
            found => found,
        },
    };
    let fields = Fields::new(text, raw.len());
    let mut items: Vec<ImportedItem> = Vec::with_capacity(raw.len());
    let mut seen = std::collections::HashMap::new();
    // Entries that could not be read are reported already; the others are checked too.
    let readable = raw
        .into_iter()
        .enumerate()
        .filter_map(|(k, r)| Some((k, r?)));
    for (k, r) in readable {
        let mut err = |key: &str, msg: String, hint: String| {
            errors.push(Diagnostic::error(path, fields.at(k, key), msg).with_hint(hint));
        };
        let pos = fields.at(k, "url");
        let first = UrlKey::new(&r.url, mirrors).and_then(|key| seen.insert(key, pos));
        if let Some(first) = first {
            err(
                "url",
                format!("bài `{}` đã có ở dòng {}", r.url, first.line),
                "mỗi bài một mục: xóa một trong hai".into(),
            );
        }
        match entry(r, config, mirrors, &mut err) {
            Some(item) if first.is_none() => items.push(ImportedItem { pos, ..item }),
            _ => {}
        }
    }
    if !errors.is_empty() {
        errors.sort_by_key(|d| d.pos);
        return Err(errors);
    }
    Ok(ImportedFile {
        unit: u.id.clone(),
        path: path.to_path_buf(),
        items,
        digest: crate::base::hash::hash_of(text),
    })
}

/// Each entry of a file when it could be read, and the problems of all of them.
type Readable = (Vec<Option<RawItem>>, Vec<Diagnostic>);

/// The entries of a file the typed parse refused, each when it could be read (`None` when
/// not), and every problem of them at once: unknown keys, missing or mistyped fields. `Err`
/// for a YAML error or a top level that is not a list.
fn raw_items(text: &str, path: &Path) -> Result<Readable, Vec<Diagnostic>> {
    let node = yaml::parse(text).map_err(|e| vec![e.at(path)])?;
    let list = match &node {
        Node::Null => return Ok((Vec::new(), Vec::new())),
        Node::List(items) => items,
        other => {
            return Err(vec![Diagnostic::error(
                path,
                Pos::start(),
                format!(
                    "tệp phải là một danh sách tin, bài (`- url: …`), không phải {}",
                    other.type_name()
                ),
            )])
        }
    };
    let fields = Fields::new(text, list.len());
    let mut keys = KeyCheck::new(text);
    let mut problems = Vec::new();
    let items = list
        .iter()
        .enumerate()
        .map(|(k, item)| {
            keys.check(item, ITEM_KEYS);
            let mut err = |key: &str, msg: String| {
                problems.push(Diagnostic::error(path, fields.at(k, key), msg));
            };
            raw_item(item, &mut err)
        })
        .collect();
    problems.extend(keys.errors.into_iter().map(|e| e.at(path)));
    Ok((items, problems))
}

/// One entry read field by field, each problem told to `err` (the key, the message); `None`
/// when it is not a mapping.
fn raw_item(node: &Node, err: &mut impl FnMut(&str, String)) -> Option<RawItem> {
    let Node::Map(entries) = node else {
        let msg = format!(
            "mỗi mục là các cặp `khóa: giá trị` (`- url: …`), không phải {}",
            node.type_name()
        );
        err("url", msg);
        return None;
    };
    let mut text = |key: &str| match node.get(key) {
        None | Some(Node::Null) => None,
        Some(v) => v.as_scalar_text().or_else(|| {
            err(
                key,
                format!("`{key}` phải là một chuỗi, không phải {}", v.type_name()),
            );
            None
        }),
    };
    let (url, title) = (text("url"), text("title"));
    let (date, summary, kind) = (text("date"), text("summary"), text("kind"));
    let (column, feed, guid) = (text("column"), text("feed"), text("guid"));
    let topics = match node.get("topics") {
        None | Some(Node::Null) => Vec::new(),
        Some(Node::List(items)) => items.iter().filter_map(Node::as_scalar_text).collect(),
        Some(v) => v.as_scalar_text().into_iter().collect(),
    };
    if let Some(Node::List(items)) = node.get("topics") {
        if items.iter().any(|t| t.as_scalar_text().is_none()) {
            err(
                "topics",
                "mỗi mục của `topics` phải là một mã chủ đề".into(),
            );
        }
    }
    let featured = match node.get("featured") {
        None | Some(Node::Null) => false,
        Some(Node::Bool(b)) => *b,
        Some(v) => {
            err(
                "featured",
                format!(
                    "`featured` phải là `true` hoặc `false`, không phải {}",
                    v.type_name()
                ),
            );
            false
        }
    };
    // `titel:` is reported as a key not known, with `title` as the hint: not also missing.
    let misspelt = |key: &str| {
        entries.iter().any(|(k, _)| {
            !ITEM_KEYS.contains(&k.as_str()) && closest(k, ITEM_KEYS.iter().copied()) == Some(key)
        })
    };
    for (key, value) in [("url", &url), ("title", &title)] {
        let absent = node.get(key).is_none_or(|v| *v == Node::Null);
        if value.is_none() && absent && !misspelt(key) {
            err(key, format!("thiếu trường bắt buộc `{key}`"));
        }
    }
    Some(RawItem {
        unreadable: url.is_none() || title.is_none(),
        url: url.unwrap_or_default(),
        title: title.unwrap_or_default(),
        date,
        summary,
        topics,
        kind,
        column,
        feed,
        guid,
        featured,
    })
}

/// Where each entry's fields stand: the k-th entry starts at the k-th line opening with `-`
/// (else at its `url:`), and its keys come before the next one. Each key's lines are found
/// once, so a file of thousands of entries reads in one pass per key.
struct Fields {
    starts: Vec<Pos>,
    by_key: std::collections::HashMap<&'static str, Vec<Pos>>,
}

impl Fields {
    /// The fields of the `entries` entries of `text`: each starts at a line that opens with
    /// `-`, or, when those do not count the entries (a flow list), at its `url:`.
    fn new(text: &str, entries: usize) -> Fields {
        let loc = Locator::new(text);
        let by_key = ITEM_KEYS
            .iter()
            .map(|&k| (k, loc.keys_anywhere(k)))
            .collect();
        let dashes: Vec<Pos> = text
            .lines()
            .enumerate()
            .filter(|(_, l)| l == &"-" || l.starts_with("- "))
            .map(|(i, _)| Pos::new(i + 1, 1))
            .collect();
        Fields {
            starts: match dashes.len() == entries {
                true => dashes,
                false => loc.keys_anywhere("url"),
            },
            by_key,
        }
    }

    /// The position of `key` in entry `k`, else of the entry.
    fn at(&self, k: usize, key: &str) -> Pos {
        let start = self.starts.get(k).copied().unwrap_or_else(Pos::start);
        let end = self.starts.get(k + 1).map_or(usize::MAX, |p| p.line);
        let Some(list) = self.by_key.get(key) else {
            return start;
        };
        let i = list.partition_point(|p| p.line < start.line);
        list.get(i)
            .copied()
            .filter(|p| p.line < end)
            .unwrap_or(start)
    }
}

/// One entry checked, every problem of it told to `err` (the key it is about, the message, a
/// hint); `None` when it has one.
fn entry(
    r: RawItem,
    config: &SiteConfig,
    mirrors: &Mirrors,
    err: &mut impl FnMut(&str, String, String),
) -> Option<ImportedItem> {
    let mut r = r;
    // As everywhere else: no page or feed may carry what XML forbids.
    let forbidden = crate::base::xml::is_forbidden;
    r.title.retain(|c| !forbidden(c));
    if let Some(s) = r.summary.as_mut() {
        s.retain(|c| !forbidden(c));
    }
    if let Some(c) = r.column.as_mut() {
        c.retain(|c| !forbidden(c));
    }
    let mut fine = !r.unreadable;
    let key = UrlKey::new(&r.url, mirrors);
    if key.is_none() && !r.unreadable {
        fine = false;
        err(
            "url",
            format!("`url` `{}` không phải địa chỉ web đầy đủ", r.url),
            "viết đủ cả http:// hoặc https://".into(),
        );
    }
    if r.title.trim().is_empty() && !r.unreadable {
        fine = false;
        err(
            "title",
            "`title` trống".into(),
            "chép tiêu đề bài từ trang của đơn vị".into(),
        );
    }
    let date = match r.date.as_deref().map(str::trim).filter(|d| !d.is_empty()) {
        None => None,
        Some(d) => Date::parse(d, config.offset)
            .map_err(|e| {
                fine = false;
                err(
                    "date",
                    format!("`date`: {}", e.0),
                    "viết dạng 2025-03-14 hoặc 2025-03-14T08:30:00+07:00; để trống khi chưa biết"
                        .into(),
                );
            })
            .ok(),
    };
    let mut topics = Vec::new();
    for t in &r.topics {
        match config.topics.get_key_value(t.as_str()) {
            Some((id, _)) => topics.push(id.clone()),
            None => {
                fine = false;
                let (msg, hint) = not_in_list(t, "topics", &config.topics);
                err("topics", msg, hint);
            }
        }
    }
    let kind_text = r.kind.as_deref().unwrap_or("tin");
    let kind = config
        .kinds
        .get_key_value(kind_text)
        .map(|(k, _)| k.clone());
    if kind.is_none() {
        let (msg, hint) = not_in_list(kind_text, "kinds", &config.kinds);
        err("kind", msg, hint);
    }
    let (Some(key), Some(kind), true) = (key, kind, fine) else {
        return None;
    };
    Some(ImportedItem {
        url: r.url.trim().to_string(),
        key,
        title: r.title,
        date,
        summary: r.summary.unwrap_or_default(),
        topics,
        kind,
        column: r.column.filter(|c| !c.trim().is_empty()),
        feed: r.feed.unwrap_or_default(),
        guid: r.guid.filter(|g| !g.is_empty()),
        featured: r.featured,
        pos: Pos::start(),
    })
}

/// Items in the order files keep them: undated first (an editor has to fill them in), then
/// newest first, then by address.
pub fn sort(items: &mut [ImportedItem]) {
    items.sort_by(|a, b| order_key(a).cmp(&order_key(b)));
}

/// The text of a unit's file: a header saying what it is, then every item in the order of
/// [`sort`], each field on its line, strings quoted as JSON (which YAML reads as they are),
/// so that the same items give the same bytes.
pub fn to_yaml(unit_name: &str, items: &[ImportedItem]) -> String {
    let mut out = header(unit_name);
    if items.is_empty() {
        out.push_str("[]\n");
    }
    for it in items {
        out.push_str(&entry_yaml(it));
    }
    out
}

/// `text`, the file that holds `existing` (in its order), with `new` put in: every entry
/// already there kept as it is written, comments and layout too, and the whole in the order
/// of [`sort`]. `None` when the file is not a block list of entries, each starting
/// `- url:` at the start of a line (written by hand otherwise); it is then written anew.
pub fn with_added(text: &str, existing: &[ImportedItem], new: &[ImportedItem]) -> Option<String> {
    let starts = Locator::new(text).keys_anywhere("url");
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let is_start = |p: &Pos| {
        lines
            .get(p.line - 1)
            .is_some_and(|l| l.starts_with("- url:"))
    };
    if existing.is_empty() || starts.len() != existing.len() || !starts.iter().all(is_start) {
        return None;
    }
    let block = |k: usize| {
        let end = starts.get(k + 1).map_or(lines.len(), |p| p.line - 1);
        let mut b = lines[starts[k].line - 1..end].concat();
        if !b.ends_with('\n') {
            b.push('\n');
        }
        b
    };
    let mut all: Vec<(&ImportedItem, String)> = existing
        .iter()
        .enumerate()
        .map(|(k, it)| (it, block(k)))
        .chain(new.iter().map(|it| (it, entry_yaml(it))))
        .collect();
    // Stable: entries of one date and address keep their places.
    all.sort_by(|(a, _), (b, _)| order_key(a).cmp(&order_key(b)));
    let mut out = lines[..starts[0].line - 1].concat();
    for (_, b) in all {
        out.push_str(&b);
    }
    Some(out)
}

/// What [`sort`] orders by.
fn order_key(it: &ImportedItem) -> (bool, std::cmp::Reverse<Option<Date>>, &UrlKey) {
    (it.date.is_some(), std::cmp::Reverse(it.date), &it.key)
}

fn header(unit_name: &str) -> String {
    format!(
        "# Tin, bài của {unit_name} trên trang web của đơn vị, do `loa import` thêm vào.\n\
         # Sửa được topics, kind, column, date, featured: lần nhập sau không ghi đè mục đã có.\n"
    )
}

/// One entry as import writes it.
fn entry_yaml(it: &ImportedItem) -> String {
    let q = |s: &str| serde_json::to_string(s).expect("a string serializes");
    let mut out = format!("- url: {}\n", q(&it.url));
    out.push_str(&format!("  title: {}\n", q(&it.title)));
    match &it.date {
        // A day alone when the time is not known (or is midnight, which reads the same).
        Some(d) if d.datetime().time() == chrono::NaiveTime::MIN => {
            out.push_str(&format!("  date: {}\n", d.iso_day()))
        }
        Some(d) => out.push_str(&format!("  date: {}\n", d.rfc3339())),
        None => out.push_str("  date:\n"),
    }
    if !it.summary.is_empty() {
        out.push_str(&format!("  summary: {}\n", q(&it.summary)));
    }
    let topics: Vec<&str> = it.topics.iter().map(|t| t.as_str()).collect();
    out.push_str(&format!("  topics: [{}]\n", topics.join(", ")));
    out.push_str(&format!("  kind: {}\n", it.kind));
    if let Some(c) = &it.column {
        out.push_str(&format!("  column: {}\n", q(c)));
    }
    out.push_str(&format!("  feed: {}\n", q(&it.feed)));
    if let Some(g) = &it.guid {
        out.push_str(&format!("  guid: {}\n", q(g)));
    }
    if it.featured {
        out.push_str("  featured: true\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> (SiteConfig, Units) {
        let c = SiteConfig::parse("title: T\nbase_url: https://x.vn\n", Path::new("site.yaml"))
            .unwrap();
        let u = Units::parse(
            "- id: bao\n  name: Báo\n  website: https://bao.vn\n  mirrors: [\"1.2.3.4:8080\"]\n",
            Path::new("units.yaml"),
            c.offset,
        )
        .unwrap();
        (c, u)
    }

    #[test]
    fn written_then_read_gives_the_same_items() {
        let (c, u) = site();
        let m = u.mirrors();
        let text = "- url: http://1.2.3.4:8080/a\n  title: \"Tiêu đề \\\"trích\\\"\"\n  date: 2025-03-14T10:20:00+07:00\n  summary: \"Dòng 1\\nDòng 2\"\n  topics: [chuyen-doi-so]\n  kind: anh\n  column: \"Chuyển đổi số\"\n  feed: \"https://bao.vn/rss\"\n  guid: \"news_1\"\n  featured: true\n- url: https://bao.vn/b\n  title: B\n  date:\n  topics: []\n  kind: tin\n  feed: f\n";
        let f = parse(text, "bao", Path::new("imported/bao.yaml"), &c, &u, &m).unwrap();
        assert_eq!(f.items.len(), 2);
        assert_eq!(f.items[0].key.as_str(), "bao.vn/a");
        assert_eq!(f.items[0].title, "Tiêu đề \"trích\"");
        assert!(f.items[1].date.is_none());
        let mut items = f.items.clone();
        sort(&mut items);
        let written = to_yaml("Báo", &items);
        let again = parse(&written, "bao", Path::new("x"), &c, &u, &m).unwrap();
        let without_pos = |v: &[ImportedItem]| -> Vec<ImportedItem> {
            v.iter()
                .map(|i| ImportedItem {
                    pos: Pos::start(),
                    ..i.clone()
                })
                .collect()
        };
        assert_eq!(without_pos(&again.items), without_pos(&items));
        assert_eq!(to_yaml("Báo", &again.items), written);
        assert_eq!(
            (again.items[0].pos, again.items[1].pos),
            (Pos::new(3, 3), Pos::new(9, 3))
        );
        // Undated first.
        assert_eq!(items[0].url, "https://bao.vn/b");
    }

    #[test]
    fn added_items_leave_every_entry_as_written() {
        let (c, u) = site();
        let m = u.mirrors();
        let text = "# Ghi chú của biên tập viên\n- url: https://bao.vn/a\n  title: A   # sửa tay\n  featured: true\n  date: 2025-03-01\n  topics: [chuyen-doi-so]\n- url: https://bao.vn/c\n  title: C\n  date: 2025-01-01\n  topics: [chuyen-doi-so]";
        let f = parse(text, "bao", Path::new("x"), &c, &u, &m).unwrap();
        let mut b = f.items[1].clone();
        b.url = "https://bao.vn/b".into();
        b.key = UrlKey::new(&b.url, &m).unwrap();
        b.title = "B".into();
        b.date = Some(Date::parse("2025-02-01", c.offset).unwrap());
        let out = with_added(text, &f.items, &[b]).unwrap();
        assert_eq!(
            out,
            "# Ghi chú của biên tập viên\n- url: https://bao.vn/a\n  title: A   # sửa tay\n  featured: true\n  date: 2025-03-01\n  topics: [chuyen-doi-so]\n- url: \"https://bao.vn/b\"\n  title: \"B\"\n  date: 2025-02-01\n  topics: [chuyen-doi-so]\n  kind: tin\n  feed: \"\"\n- url: https://bao.vn/c\n  title: C\n  date: 2025-01-01\n  topics: [chuyen-doi-so]\n"
        );
        // A file in flow style is written anew.
        let flow = "[{url: \"https://bao.vn/a\", title: A}]\n";
        let g = parse(flow, "bao", Path::new("x"), &c, &u, &m).unwrap();
        assert!(with_added(flow, &g.items, &[]).is_none());
    }

    #[test]
    fn every_problem_of_a_file_with_its_line() {
        let (c, u) = site();
        let m = u.mirrors();
        let text = "- url: https://bao.vn/a\n  title: A\n  kind: tinn\n- url: /b\n  title: B\n- url: https://www.bao.vn/a/\n  title: A2\n- url: https://bao.vn/c\n  title: C\n  date: 32/13/2025\n  topics: [cds]\n";
        let e = parse(text, "bao", Path::new("imported/bao.yaml"), &c, &u, &m).unwrap_err();
        let found: Vec<_> = e.iter().map(|d| (d.pos.line, d.message.as_str())).collect();
        // Each at its field, every problem of an entry, a duplicate of an entry with mistakes.
        assert_eq!(
            found,
            [
                (3, "hình thức `tinn` không có trong `kinds` của site.yaml"),
                (4, "`url` `/b` không phải địa chỉ web đầy đủ"),
                (6, "bài `https://www.bao.vn/a/` đã có ở dòng 1"),
                (10, "`date`: ngày `32/13/2025` không có trong lịch"),
                (11, "chủ đề `cds` không có trong `topics` của site.yaml"),
            ]
        );
        let empty = parse(
            "- url: https://bao.vn/a\n  title: \" \"\n",
            "bao",
            Path::new("x"),
            &c,
            &u,
            &m,
        )
        .unwrap_err();
        assert_eq!(
            (empty[0].pos.line, empty[0].message.as_str()),
            (2, "`title` trống")
        );
        let unknown = parse(
            "- url: https://bao.vn/a\n  titel: A\n",
            "bao",
            Path::new("x"),
            &c,
            &u,
            &m,
        )
        .unwrap_err();
        assert_eq!(
            (unknown[0].pos.line, unknown[0].hint.as_deref()),
            (2, Some("bạn có định viết `title`?"))
        );
        // An unknown key, a missing or mistyped field hide nothing else.
        let mixed = "- url: https://bao.vn/a\n  titel: A\n  date: 2025-02-30\n- title: Không địa chỉ\n  topics: [cds]\n- url: https://bao.vn/c\n  title: [C]\n  featured: có\n- url: https://bao.vn/d\n  title: D\n  kind: tinn\n";
        let e = parse(mixed, "bao", Path::new("x"), &c, &u, &m).unwrap_err();
        let found: Vec<_> = e.iter().map(|d| (d.pos.line, d.message.as_str())).collect();
        assert_eq!(
            found,
            [
                (2, "khóa `titel` không được hỗ trợ"),
                (3, "`date`: ngày `2025-02-30` không có trong lịch"),
                (4, "thiếu trường bắt buộc `url`"),
                (5, "chủ đề `cds` không có trong `topics` của site.yaml"),
                (7, "`title` phải là một chuỗi, không phải danh sách"),
                (
                    8,
                    "`featured` phải là `true` hoặc `false`, không phải chuỗi"
                ),
                (11, "hình thức `tinn` không có trong `kinds` của site.yaml"),
            ]
        );
        let nobody =
            parse("[]\n", "baoo", Path::new("imported/baoo.yaml"), &c, &u, &m).unwrap_err();
        assert_eq!(nobody[0].message, "không có đơn vị `baoo` trong units.yaml");
        assert_eq!(nobody[0].hint.as_deref(), Some("bạn có định viết `bao`?"));
    }
}
