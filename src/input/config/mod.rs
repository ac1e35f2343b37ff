//! `site.yaml`: the site's settings, closed lists of topics and kinds, reporting periods.

use crate::base::date::{parse_offset, Date};
use crate::base::diagnostic::{Diagnostic, Pos};
use crate::base::id::{KindId, TopicId};
use crate::base::yaml::{self, KeyCheck, Locator, Node};
use chrono::{FixedOffset, NaiveDate};
use indexmap::IndexMap;
use serde::Deserialize;
use std::path::Path;

mod address;
mod import;
mod publisher;

pub use address::{absolute_url, parse_base_url, BASE_URL_HINT};
pub use import::ImportRules;
pub use publisher::Publisher;
use publisher::PUBLISHER_KEYS;

/// The file name of the site settings.
pub const SITE_FILE: &str = "site.yaml";

/// The keys `site.yaml` accepts (the fields of `RawSite`).
const SITE_KEYS: &[&str] = &[
    "title",
    "description",
    "base_url",
    "language",
    "timezone",
    "theme",
    "paginate_by",
    "publish_reports",
    "feeds",
    "topics",
    "kinds",
    "periods",
    "report",
    "relative_urls",
    "publisher",
    "import",
    "extra",
];

/// The forms the Department's letters ask about (news, articles, photos, documents): what a
/// report shows when `site.yaml` names no `report.kinds`.
pub const LETTER_KINDS: [&str; 4] = ["tin", "bai", "anh", "van-ban"];

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSite {
    title: String,
    #[serde(default)]
    description: String,
    base_url: String,
    #[serde(default = "default_language")]
    language: String,
    #[serde(default = "default_timezone")]
    timezone: String,
    #[serde(default = "default_theme")]
    theme: String,
    #[serde(default = "default_paginate")]
    paginate_by: usize,
    #[serde(default)]
    feeds: RawFeeds,
    #[serde(default)]
    publish_reports: bool,
    #[serde(default = "default_topics")]
    topics: IndexMap<String, String>,
    #[serde(default = "default_kinds")]
    kinds: IndexMap<String, String>,
    #[serde(default)]
    periods: IndexMap<String, RawPeriod>,
    #[serde(default)]
    report: RawReport,
    #[serde(default)]
    relative_urls: bool,
    #[serde(default)]
    publisher: Publisher,
    #[serde(default)]
    import: import::RawImport,
    #[serde(default)]
    extra: serde_json::Value,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawReport {
    #[serde(default)]
    kinds: Option<Vec<String>>,
    #[serde(default)]
    title: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFeeds {
    #[serde(default = "default_feed_limit")]
    limit: usize,
}

impl Default for RawFeeds {
    fn default() -> Self {
        RawFeeds {
            limit: default_feed_limit(),
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPeriod {
    from: String,
    to: String,
}

fn default_language() -> String {
    "vi".into()
}
fn default_timezone() -> String {
    "+07:00".into()
}
fn default_theme() -> String {
    "default".into()
}
fn default_paginate() -> usize {
    10
}
fn default_feed_limit() -> usize {
    50
}
fn default_topics() -> IndexMap<String, String> {
    [
        ("an-toan-thong-tin", "An toàn thông tin"),
        ("chuyen-doi-so", "Chuyển đổi số"),
        ("cong-nghe-thong-tin", "Công nghệ thông tin"),
    ]
    .into_iter()
    .map(|(a, b)| (a.into(), b.into()))
    .collect()
}
fn default_kinds() -> IndexMap<String, String> {
    [
        ("tin", "Tin"),
        ("bai", "Bài"),
        ("anh", "Ảnh"),
        ("van-ban", "Văn bản"),
        ("phong-su", "Phóng sự"),
        ("video", "Video"),
        ("phat-thanh", "Chương trình phát thanh"),
        ("truyen-hinh", "Chương trình truyền hình"),
    ]
    .into_iter()
    .map(|(a, b)| (a.into(), b.into()))
    .collect()
}

/// A named reporting period, both ends inclusive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Period {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

/// The validated settings of a site.
#[derive(Debug, Clone)]
pub struct SiteConfig {
    pub title: String,
    pub description: String,
    /// Without a trailing slash: `https://chuyendoiso.laichau.gov.vn`.
    pub base_url: String,
    pub language: String,
    pub offset: FixedOffset,
    pub theme: String,
    pub paginate_by: usize,
    pub feed_limit: usize,
    /// Whether `build` writes the report of every named period under `/bao-cao/`.
    pub publish_reports: bool,
    pub topics: IndexMap<TopicId, String>,
    pub kinds: IndexMap<KindId, String>,
    pub periods: IndexMap<String, Period>,
    /// Forms every report shows as columns, zero or not (`report.kinds`), in `kinds` order.
    pub report_kinds: Vec<KindId>,
    /// The heading of reports (`report.title`), when the site sets one.
    pub report_title: Option<String>,
    /// Links between pages are written relative to each file, for a copy opened from a
    /// folder or a USB stick (`relative_urls:` or `build --relative`).
    pub relative_urls: bool,
    pub publisher: Publisher,
    /// What `loa import` keeps of the units' own feeds, and in which form (`import:`).
    pub import: ImportRules,
    pub extra: serde_json::Value,
}

impl SiteConfig {
    /// A site path or URL made absolute under `base_url`.
    pub fn url(&self, path: &str) -> String {
        absolute_url(&self.base_url, path)
    }

    /// Parses `site.yaml` text; `path` is used in messages.
    pub fn parse(text: &str, path: &Path) -> Result<SiteConfig, Vec<Diagnostic>> {
        let (raw, mut errors) = read_raw(text, path);
        let Some(raw) = raw else {
            return Err(errors);
        };
        let loc = Locator::new(text);
        let offset = timezone(&raw, &loc, path, &mut errors);
        let base_url = base_url(&raw, &loc, path, &mut errors);
        check_counts(&raw, &loc, path, &mut errors);
        check_ids(&raw, &loc, path, &mut errors);
        let periods = periods(&raw, offset, &loc, path, &mut errors);
        let report_kinds = report_kinds(&raw, &loc, path, &mut errors);
        let import = import::rules(&raw, &loc, path, &mut errors);
        if !errors.is_empty() {
            return Err(errors);
        }
        let kinds: IndexMap<KindId, String> =
            raw.kinds.into_iter().map(|(k, v)| (k.into(), v)).collect();
        // The ids of `kinds` themselves, checked to be there above.
        let report_kinds = report_kinds
            .iter()
            .filter_map(|k| kinds.get_key_value(k.as_str()).map(|(id, _)| id.clone()))
            .collect();
        Ok(SiteConfig {
            title: raw.title,
            description: raw.description,
            base_url,
            language: raw.language,
            offset,
            theme: raw.theme,
            paginate_by: raw.paginate_by,
            feed_limit: raw.feeds.limit,
            publish_reports: raw.publish_reports,
            topics: raw.topics.into_iter().map(|(k, v)| (k.into(), v)).collect(),
            kinds,
            periods,
            report_kinds,
            report_title: raw.report.title.filter(|t| !t.trim().is_empty()),
            relative_urls: raw.relative_urls,
            publisher: Publisher {
                pos: key_pos(&loc, "publisher"),
                ..raw.publisher
            },
            import,
            extra: raw.extra,
        })
    }
}

/// A YAML error of `site.yaml` as a diagnostic at its position in `path`.
fn yaml_diagnostic(path: &Path, e: yaml::YamlError) -> Diagnostic {
    e.at(path)
}

/// The settings as written, once the YAML parses and every key is known.
/// The settings as written, and the unknown keys: the known ones are read all the same, so
/// that their problems are reported with them. `None` when they could not be read.
fn read_raw(text: &str, path: &Path) -> (Option<RawSite>, Vec<Diagnostic>) {
    let mut node = match yaml::parse(text) {
        Ok(node) => node,
        Err(e) => return (None, vec![yaml_diagnostic(path, e)]),
    };
    let unknown = unknown_keys(text, &node);
    if unknown.is_empty() {
        return match yaml::from_str(text) {
            Ok(raw) => (Some(raw), Vec::new()),
            Err(e) => (None, vec![yaml_diagnostic(path, e)]),
        };
    }
    let errors = unknown
        .into_iter()
        .map(|e| yaml_diagnostic(path, e))
        .collect();
    without_unknown_keys(&mut node);
    // A mistake of a known key without a position is not worth a guess: the unknown keys say
    // enough for this run.
    (yaml::from_node(&node).ok(), errors)
}

/// `node` with the keys `unknown_keys` reports taken out.
fn without_unknown_keys(node: &mut Node) {
    node.retain_keys(|k| SITE_KEYS.contains(&k));
    for (key, allowed) in NESTED_KEYS {
        if let Some(n) = node.get_mut(key) {
            n.retain_keys(|k| allowed.contains(&k));
        }
    }
    if let Some(Node::Map(periods)) = node.get_mut("periods") {
        for (_, p) in periods {
            p.retain_keys(|k| PERIOD_KEYS.contains(&k));
        }
    }
}

/// Every unknown key at once, at every level that has a fixed set; serde would stop at the
/// first.
fn unknown_keys(text: &str, node: &Node) -> Vec<yaml::YamlError> {
    let mut keys = KeyCheck::new(text);
    keys.check(node, SITE_KEYS);
    for (key, allowed) in NESTED_KEYS {
        keys.check(node.get(key).unwrap_or(&Node::Null), allowed);
    }
    if let Some(Node::Map(periods)) = node.get("periods") {
        for (_, p) in periods {
            keys.check(p, PERIOD_KEYS);
        }
    }
    keys.errors
}

/// The keys of the sections of `site.yaml` that have a fixed set.
const NESTED_KEYS: [(&str, &[&str]); 4] = [
    ("feeds", &["limit"]),
    ("report", &["kinds", "title"]),
    ("publisher", PUBLISHER_KEYS),
    ("import", import::IMPORT_KEYS),
];

/// The keys of each of `periods:`.
const PERIOD_KEYS: &[&str] = &["from", "to"];

/// The line of a top-level `key`, or the start of the file when it is not written.
fn key_pos(loc: &Locator, key: &str) -> Pos {
    loc.key(key).unwrap_or_else(Pos::start)
}

/// The site's UTC offset (`timezone`); +07:00 when it does not parse, so the other checks
/// still run.
fn timezone(
    raw: &RawSite,
    loc: &Locator,
    path: &Path,
    errors: &mut Vec<Diagnostic>,
) -> FixedOffset {
    parse_offset(&raw.timezone).unwrap_or_else(|| {
        errors.push(
            Diagnostic::error(
                path,
                key_pos(loc, "timezone"),
                format!("múi giờ `{}` không hợp lệ", raw.timezone),
            )
            .with_hint("viết dạng \"+07:00\""),
        );
        FixedOffset::east_opt(7 * 3600).expect("valid")
    })
}

/// `base_url` without its trailing slash; empty when it is not a web address.
fn base_url(raw: &RawSite, loc: &Locator, path: &Path, errors: &mut Vec<Diagnostic>) -> String {
    parse_base_url(&raw.base_url).unwrap_or_else(|e| {
        errors.push(
            Diagnostic::error(
                path,
                loc.value("base_url", raw.base_url.trim())
                    .unwrap_or_else(|| key_pos(loc, "base_url")),
                format!("base_url {e}"),
            )
            .with_hint(BASE_URL_HINT),
        );
        String::new()
    })
}

/// `feeds.limit` and `paginate_by`: counts that must be above zero.
fn check_counts(raw: &RawSite, loc: &Locator, path: &Path, errors: &mut Vec<Diagnostic>) {
    if raw.feeds.limit == 0 {
        errors.push(
            Diagnostic::error(
                path,
                loc.value("feeds", "limit")
                    .unwrap_or_else(|| key_pos(loc, "feeds")),
                "feeds.limit phải lớn hơn 0",
            )
            .with_hint("số tin bài tối đa trong mỗi nguồn tin, ví dụ `feeds: { limit: 50 }`"),
        );
    }
    if raw.paginate_by == 0 {
        errors.push(Diagnostic::error(
            path,
            key_pos(loc, "paginate_by"),
            "paginate_by phải lớn hơn 0",
        ));
    }
}

/// The ids of `topics` and `kinds`: each must already be its own slug.
fn check_ids(raw: &RawSite, loc: &Locator, path: &Path, errors: &mut Vec<Diagnostic>) {
    for (key, list) in [("topics", &raw.topics), ("kinds", &raw.kinds)] {
        for id in list.keys() {
            if crate::base::slug::slugify(id) != *id {
                errors.push(
                    Diagnostic::error(
                        path,
                        loc.value(key, id).unwrap_or_else(|| key_pos(loc, key)),
                        format!("mã `{id}` phải viết thường, không dấu, nối bằng `-`"),
                    )
                    .with_hint(format!("dùng `{}`", crate::base::slug::slugify(id))),
                );
            }
        }
    }
}

/// The named reporting periods whose days parse and are in order, read in the site's `offset`.
fn periods(
    raw: &RawSite,
    offset: FixedOffset,
    loc: &Locator,
    path: &Path,
    errors: &mut Vec<Diagnostic>,
) -> IndexMap<String, Period> {
    let mut periods = IndexMap::new();
    for (id, p) in &raw.periods {
        let pos = loc.text(id).unwrap_or_else(|| key_pos(loc, "periods"));
        let from = Date::parse(&p.from, offset);
        let to = Date::parse(&p.to, offset);
        match (from, to) {
            (Ok(f), Ok(t)) if f.day() <= t.day() => {
                periods.insert(
                    id.clone(),
                    Period {
                        from: f.day(),
                        to: t.day(),
                    },
                );
            }
            (Ok(_), Ok(_)) => errors.push(Diagnostic::error(
                path,
                pos,
                format!("kỳ `{id}`: ngày bắt đầu sau ngày kết thúc"),
            )),
            (Err(e), _) | (_, Err(e)) => {
                errors.push(Diagnostic::error(path, pos, format!("kỳ `{id}`: {}", e.0)))
            }
        }
    }
    periods
}

/// The ids of one of `site.yaml`'s closed lists, for hints: `tin, bai, anh`.
pub fn ids<K: std::ops::Deref<Target = str>>(list: &IndexMap<K, String>) -> String {
    list.keys().map(|k| &**k).collect::<Vec<_>>().join(", ")
}

/// What to say of `id` missing from the list `key` of `site.yaml` (`topics` or `kinds`): the
/// message and a hint ("did you mean", else the ids there are).
pub fn not_in_list<K: std::ops::Deref<Target = str>>(
    id: &str,
    key: &str,
    list: &IndexMap<K, String>,
) -> (String, String) {
    let what = if key == "topics" {
        "chủ đề"
    } else {
        "hình thức"
    };
    let hint = crate::base::diagnostic::did_you_mean(id, list.keys().map(|k| &**k))
        .unwrap_or_else(|| format!("các mã khai trong `{key}` của site.yaml: {}", ids(list)));
    (
        format!("{what} `{id}` không có trong `{key}` của site.yaml"),
        hint,
    )
}

/// `report.kinds`, checked against `kinds` and put in its order; without it, the letter's forms
/// that the site has.
fn report_kinds(
    raw: &RawSite,
    loc: &Locator,
    path: &Path,
    errors: &mut Vec<Diagnostic>,
) -> Vec<String> {
    let Some(list) = &raw.report.kinds else {
        return raw
            .kinds
            .keys()
            .filter(|k| LETTER_KINDS.contains(&k.as_str()))
            .cloned()
            .collect();
    };
    for id in list.iter().filter(|id| !raw.kinds.contains_key(*id)) {
        let hint = crate::base::diagnostic::did_you_mean(id, raw.kinds.keys().map(String::as_str))
            .unwrap_or_else(|| format!("các hình thức khai trong `kinds`: {}", ids(&raw.kinds)));
        let pos = loc
            .value("report", id)
            .or_else(|| loc.key("report"))
            .unwrap_or_else(Pos::start);
        errors.push(
            Diagnostic::error(
                path,
                pos,
                format!("hình thức `{id}` của `report.kinds` không có trong `kinds`"),
            )
            .with_hint(hint),
        );
    }
    raw.kinds
        .keys()
        .filter(|k| list.contains(k))
        .cloned()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minimal_site_gets_defaults() {
        let c = SiteConfig::parse(
            "title: T\nbase_url: https://x.vn/\n",
            Path::new("site.yaml"),
        )
        .unwrap();
        assert_eq!(c.base_url, "https://x.vn");
        assert_eq!(c.kinds.len(), 8);
        assert_eq!(c.offset.local_minus_utc(), 7 * 3600);
        // Without `report.kinds`, reports show the letter's four forms.
        assert_eq!(c.report_kinds, LETTER_KINDS);
    }

    #[test]
    fn report_kinds_are_checked_against_kinds() {
        let text = "title: T\nbase_url: https://x.vn\nkinds: { tin: Tin, anh: Ảnh, bai: Bài }\nreport:\n  kinds: [anh, tin, anhh]\n";
        let e = SiteConfig::parse(text, Path::new("site.yaml")).unwrap_err();
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].pos, Pos::new(5, 21));
        assert_eq!(
            e[0].message,
            "hình thức `anhh` của `report.kinds` không có trong `kinds`"
        );
        assert_eq!(e[0].hint.as_deref(), Some("bạn có định viết `anh`?"));
        // The order is that of `kinds`, whatever the list's.
        let ok = text.replace(", anhh", "");
        let c = SiteConfig::parse(&ok, Path::new("site.yaml")).unwrap();
        assert_eq!(c.report_kinds, ["tin", "anh"]);
    }

    #[test]
    fn every_documented_key_is_accepted() {
        let text = "title: T\ndescription: D\nbase_url: https://x.vn\nlanguage: vi\ntimezone: \"+07:00\"\ntheme: default\npaginate_by: 5\nfeeds: { limit: 3 }\npublish_reports: true\ntopics: { a: A }\nkinds: { tin: Tin }\nperiods: { \"2022\": { from: 2022-01-01, to: 2022-12-31 } }\nreport: { kinds: [tin], title: T }\nrelative_urls: true\npublisher: { name: N, parent: P, address: A, phone: \"0213 3\", email: a@b.vn, responsible: R, licence: L, website: \"https://b.vn\", logo: /l.svg }\nimport: { topics: { a: [\"x y\"] }, kinds: { tin: [tin] } }\nextra: { x: 1 }\n";
        let c = SiteConfig::parse(text, Path::new("site.yaml")).unwrap();
        assert_eq!((c.feed_limit, c.periods.len()), (3, 1));
        assert!(c.relative_urls && c.publisher.missing().is_empty());
        assert!(c.publisher.warning().is_none());
        assert_eq!(c.report_title.as_deref(), Some("T"));
        assert!(c.publish_reports);
        assert_eq!((c.import.topics.len(), c.import.kinds.len()), (1, 1));
        assert_eq!(SITE_KEYS.len(), text.lines().count());
    }

    #[test]
    fn all_unknown_keys_reported_at_once() {
        let e = SiteConfig::parse("title: T\nbase_url: https://x.vn\ntheem: a\nfeeds: { limt: 3 }\nperiods:\n  \"2022\": { from: 2022-01-01, to: 2022-12-31, toi: x }\n", Path::new("site.yaml")).unwrap_err();
        let found: Vec<_> = e.iter().map(|d| (d.pos.line, d.message.as_str())).collect();
        assert_eq!(
            found,
            [
                (3, "khóa `theem` không được hỗ trợ"),
                (4, "khóa `limt` không được hỗ trợ"),
                (6, "khóa `toi` không được hỗ trợ")
            ]
        );
    }

    #[test]
    fn import_rules_name_known_ids_and_have_words() {
        let text = "title: T\nbase_url: https://x.vn\ntopics: { chuyen-doi-so: C }\nimport:\n  topics:\n    chuyen-doi-sox: [\"chuyển đổi số\"]\n    chuyen-doi-so: [\"--\"]\n  kinds:\n    anhh: [ảnh]\n  kind: {}\n";
        let e = SiteConfig::parse(text, Path::new("site.yaml")).unwrap_err();
        let found: Vec<_> = e.iter().map(|d| (d.pos.line, d.message.as_str())).collect();
        // The unknown key hides none of the known keys' problems.
        assert_eq!(found.len(), 4, "{found:?}");
        assert_eq!(found[0], (10, "khóa `kind` không được hỗ trợ"));
        let text = text.replace("  kind: {}\n", "");
        let e = SiteConfig::parse(&text, Path::new("site.yaml")).unwrap_err();
        let found: Vec<_> = e
            .iter()
            .map(|d| {
                (
                    d.pos.line,
                    d.message.as_str(),
                    d.hint.as_deref().unwrap_or(""),
                )
            })
            .collect();
        assert_eq!(
            found,
            [
                (
                    6,
                    "`import.topics`: chủ đề `chuyen-doi-sox` không có trong `topics` của site.yaml",
                    "bạn có định viết `chuyen-doi-so`?"
                ),
                (
                    7,
                    "`import` của `chuyen-doi-so`: cụm từ `--` không có chữ nào",
                    "mỗi cụm từ là một hay nhiều chữ, ví dụ \"chuyển đổi số\""
                ),
                (
                    9,
                    "`import.kinds`: hình thức `anhh` không có trong `kinds` của site.yaml",
                    "bạn có định viết `anh`?"
                ),
            ]
        );
    }

    #[test]
    fn unknown_key_suggests() {
        let e = SiteConfig::parse(
            "title: T\nbase_url: https://x.vn\npaginte_by: 3\n",
            Path::new("site.yaml"),
        )
        .unwrap_err();
        assert_eq!(e[0].pos.line, 3);
        assert!(e[0].message.contains("paginte_by"));
        assert_eq!(
            e[0].hint.as_deref(),
            Some("bạn có định viết `paginate_by`?")
        );
    }
}
