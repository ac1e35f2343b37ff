//! The registry of publishing units (`units.yaml`): a tree whose members change over time.

use crate::base::date::Date;
use crate::base::diagnostic::{did_you_mean, Diagnostic, Pos};
use crate::base::id::{KindId, TopicId};
use crate::base::url_key::Mirrors;
use crate::base::yaml::{self, KeyCheck, Locator, Node};
use crate::input::config::not_in_list;
use chrono::{FixedOffset, NaiveDate};
use indexmap::IndexMap;
use serde::Deserialize;
use std::collections::HashMap;
use std::path::Path;

/// The file name of the unit registry.
pub const UNITS_FILE: &str = "units.yaml";

crate::text_id!(
    /// The id of a unit, as posts reference it (`bao-lai-chau`).
    UnitId
);

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawUnit {
    id: String,
    name: String,
    #[serde(default)]
    website: Option<String>,
    #[serde(default)]
    mirrors: Vec<String>,
    #[serde(default)]
    feeds: Vec<RawFeed>,
    #[serde(default)]
    from: Option<String>,
    #[serde(default)]
    until: Option<String>,
    #[serde(default)]
    successor: Option<String>,
    #[serde(default)]
    group: Option<String>,
    #[serde(default)]
    children: Vec<RawUnit>,
}

/// A feed as `feeds:` lists it: its address alone, or with what every item of it is.
#[derive(Deserialize)]
#[serde(untagged)]
enum RawFeed {
    Url(String),
    Full {
        url: String,
        #[serde(default)]
        topics: Vec<String>,
        #[serde(default)]
        column: Option<String>,
        #[serde(default)]
        kind: Option<String>,
    },
}

/// The keys a feed written as a mapping accepts.
const FEED_KEYS: &[&str] = &["url", "topics", "column", "kind"];

/// One feed of a unit's own website, which `loa import` reads.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct FeedSource {
    pub url: String,
    /// Every item of the feed is on these topics, whatever the rules say.
    pub topics: Vec<TopicId>,
    /// The column its items ran in.
    pub column: Option<String>,
    /// The form of its items when no rule of `import.kinds` gives one.
    pub kind: Option<KindId>,
    /// Where `units.yaml` names it.
    pub pos: Pos,
    /// Where its `topics` and `kind` are written (its own position when they are not).
    pub topics_pos: Pos,
    pub kind_pos: Pos,
}

/// One publishing unit.
#[derive(Debug, Clone)]
pub struct Unit {
    pub id: UnitId,
    pub name: String,
    pub website: Option<String>,
    /// Other hosts (`host` or `host:port`) that serve the same articles as `website`.
    pub mirrors: Vec<String>,
    /// The feeds of the unit's own website.
    pub feeds: Vec<FeedSource>,
    /// First day the unit exists (inclusive).
    pub from: Option<NaiveDate>,
    /// Last day the unit exists (inclusive).
    pub until: Option<NaiveDate>,
    pub successor: Option<UnitId>,
    /// The heading `/don-vi/` lists this top-level unit and the ones after it under
    /// (`group:`, e.g. "Cấp xã, phường (từ 01/07/2025)").
    pub group: Option<String>,
    pub parent: Option<UnitId>,
    pub depth: usize,
    pub children: Vec<UnitId>,
}

impl Unit {
    /// Whether the unit exists on `day`.
    pub fn active_on(&self, day: NaiveDate) -> bool {
        self.from.is_none_or(|f| f <= day) && self.until.is_none_or(|u| day <= u)
    }

    /// Whether the unit's span overlaps `[from, to]`.
    pub fn active_during(&self, from: NaiveDate, to: NaiveDate) -> bool {
        self.active_span(from, to).is_some()
    }

    /// `Báo Lai Châu (`bao-lai-chau`)`: how messages name a unit.
    pub fn label(&self) -> String {
        format!("{} (`{}`)", self.name, self.id)
    }

    /// The days of `[from, to]` on which the unit exists, if any.
    pub fn active_span(&self, from: NaiveDate, to: NaiveDate) -> Option<(NaiveDate, NaiveDate)> {
        let start = self.from.map_or(from, |f| f.max(from));
        let end = self.until.map_or(to, |u| u.min(to));
        (start <= end).then_some((start, end))
    }

    /// The span as Vietnamese text, e.g. `đến 30/06/2025`.
    pub fn span_vi(&self) -> Option<String> {
        crate::base::vi::span(self.from, self.until)
    }
}

/// All units, depth-first in registry order.
#[derive(Debug, Clone, Default)]
pub struct Units {
    list: Vec<Unit>,
    index: HashMap<String, usize>,
}

impl Units {
    /// Parses `units.yaml` text; `path` is used in messages.
    pub fn parse(text: &str, path: &Path, offset: FixedOffset) -> Result<Units, Vec<Diagnostic>> {
        let to_diag = |e: yaml::YamlError| e.at(path);
        let mut node = yaml::parse(text).map_err(|e| vec![to_diag(e)])?;
        // Every unknown key of the whole tree at once; serde would stop at the first.
        let mut keys = KeyCheck::new(text);
        check_unit_keys(&node, &mut keys);
        let unknown: Vec<Diagnostic> = keys.errors.into_iter().map(to_diag).collect();
        let raw: Vec<RawUnit> = match (&node, unknown.is_empty()) {
            (Node::Null, _) => Vec::new(),
            (_, true) => yaml::from_str(text).map_err(|e| vec![to_diag(e)])?,
            // The known keys are read all the same, so that their problems come with these;
            // a mistake among them then has no position, and waits for the next run.
            (_, false) => {
                without_unknown_keys(&mut node);
                yaml::from_node(&node).map_err(|_| unknown.clone())?
            }
        };
        let loc = Locator::new(text);
        let mut b = Builder {
            units: Units::default(),
            errors: Vec::new(),
            successors: Vec::new(),
            path,
            // Units come depth-first in document order, so the k-th unit is the k-th `id:`.
            id_lines: loc.keys_anywhere("id"),
            // Likewise the k-th unit with a `group` and the k-th `group:` line.
            group_lines: loc.keys_anywhere("group"),
            groups_seen: 0,
            loc: Locator::new(text),
            visited: 0,
            offset,
        };
        b.add(raw, None, 0);
        let Builder {
            units,
            mut errors,
            successors,
            ..
        } = b;
        errors.extend(unknown);
        for (pos, unit, successor) in successors {
            if successor == unit {
                let at = loc.text(&format!("successor: {successor}")).unwrap_or(pos);
                errors.push(
                    Diagnostic::error(path, at, format!("đơn vị kế tiếp của `{unit}` là chính nó"))
                        .with_hint("`successor` là mã của đơn vị nhận lại công việc khi đơn vị này thôi hoạt động"),
                );
            } else if !units.index.contains_key(&successor) {
                let msg =
                    format!("đơn vị kế tiếp `{successor}` của `{unit}` không có trong danh sách");
                let at = loc.text(&format!("successor: {successor}")).unwrap_or(pos);
                let hint = did_you_mean(&successor, units.index.keys().map(String::as_str));
                errors.push(Diagnostic::error(path, at, msg).with_opt_hint(hint));
            }
        }
        if errors.is_empty() {
            Ok(units)
        } else {
            Err(errors)
        }
    }

    /// Every mirror host of the registry, mapped to its unit's website.
    pub fn mirrors(&self) -> Mirrors {
        let mut m = Mirrors::default();
        for u in &self.list {
            for host in &u.mirrors {
                if let Some(w) = &u.website {
                    m.add(host, w);
                }
            }
        }
        m
    }

    /// The topics and forms of every feed, checked against `site.yaml`'s lists.
    pub fn check_feeds(
        &self,
        topics: &IndexMap<TopicId, String>,
        kinds: &IndexMap<KindId, String>,
        path: &Path,
    ) -> Vec<Diagnostic> {
        let mut errors = Vec::new();
        for u in &self.list {
            for f in &u.feeds {
                let wrong_topics = f.topics.iter().filter(|t| !topics.contains_key(*t));
                let wrong_topics =
                    wrong_topics.map(|t| (f.topics_pos, not_in_list(t, "topics", topics)));
                let wrong_kind = f.kind.as_ref().filter(|k| !kinds.contains_key(*k));
                let wrong_kind = wrong_kind.map(|k| (f.kind_pos, not_in_list(k, "kinds", kinds)));
                for (pos, (msg, hint)) in wrong_topics.chain(wrong_kind) {
                    let msg = format!("nguồn tin `{}` của `{}`: {msg}", f.url, u.id);
                    errors.push(Diagnostic::error(path, pos, msg).with_hint(hint));
                }
            }
        }
        errors
    }

    /// Looks a unit up by id text.
    pub fn get(&self, id: &str) -> Option<&Unit> {
        self.index.get(id).map(|&i| &self.list[i])
    }

    /// The position of a unit in registry order.
    pub fn position(&self, id: &UnitId) -> usize {
        self.index[id.as_str()]
    }

    /// Every unit, depth-first in registry order.
    pub fn iter(&self) -> impl Iterator<Item = &Unit> {
        self.list.iter()
    }

    /// A unit to show in examples: the first one without an end date, else the first.
    pub fn example(&self) -> Option<&Unit> {
        self.list
            .iter()
            .find(|u| u.until.is_none())
            .or(self.list.first())
    }

    /// "Did you mean" among unit ids.
    pub fn suggest(&self, wrong: &str) -> Option<String> {
        did_you_mean(wrong, self.list.iter().map(|u| u.id.as_str()))
    }

    /// The units that carried on `unit`'s work during `[from, to]`, in registry order: from the
    /// unit and the units below it, `successor` links are followed forwards when the span is
    /// after a unit ended and backwards when it is before the unit started, and every unit
    /// met that was active in the span is named. A walk keeps its direction, so a merger's
    /// other predecessors are not named. `unit` must be of the registry.
    pub fn carried_on_by(&self, unit: &UnitId, from: NaiveDate, to: NaiveDate) -> Vec<&Unit> {
        let Some(&top) = self.index.get(unit.as_str()) else {
            return Vec::new();
        };
        let start: Vec<usize> = self.subtree(top).collect();
        let mut found = Vec::new();
        for forwards in [true, false] {
            let mut seen = vec![false; self.list.len()];
            let mut queue: std::collections::VecDeque<usize> = std::collections::VecDeque::new();
            for &i in &start {
                seen[i] = true;
                let u = &self.list[i];
                let gone = if forwards {
                    u.until.is_some_and(|end| end < from)
                } else {
                    u.from.is_some_and(|begin| begin > to)
                };
                if gone {
                    queue.push_back(i);
                }
            }
            while let Some(i) = queue.pop_front() {
                let id = &self.list[i].id;
                let next: Vec<usize> = if forwards {
                    self.list[i]
                        .successor
                        .iter()
                        .filter_map(|s| self.index.get(s.as_str()).copied())
                        .collect()
                } else {
                    (0..self.list.len())
                        .filter(|&j| self.list[j].successor.as_ref() == Some(id))
                        .collect()
                };
                for j in next {
                    if !std::mem::replace(&mut seen[j], true) {
                        if self.list[j].active_during(from, to) {
                            found.push(j);
                        }
                        queue.push_back(j);
                    }
                }
            }
        }
        found.sort_unstable();
        found.dedup();
        found.into_iter().map(|i| &self.list[i]).collect()
    }

    /// Whether `unit` or a unit below it existed at some time in `[from, to]`.
    pub fn subtree_active_during(&self, unit: &UnitId, from: NaiveDate, to: NaiveDate) -> bool {
        self.index.get(unit.as_str()).is_some_and(|&i| {
            self.subtree(i)
                .any(|j| self.list[j].active_during(from, to))
        })
    }

    /// Positions of the unit at `i` and every unit below it (they follow it in the list).
    fn subtree(&self, i: usize) -> impl Iterator<Item = usize> + '_ {
        let depth = self.list[i].depth;
        std::iter::once(i)
            .chain((i + 1..self.list.len()).take_while(move |&j| self.list[j].depth > depth))
    }

    /// Whether `unit` is `top` or below it.
    pub fn is_within(&self, unit: &UnitId, top: &UnitId) -> bool {
        self.ancestors_and_self(unit).any(|a| a == top)
    }

    /// `unit` and the ids of all units above it, nearest first.
    pub fn ancestors_and_self<'a>(&'a self, unit: &'a UnitId) -> impl Iterator<Item = &'a UnitId> {
        std::iter::successors(Some(unit), move |u| {
            self.get(u.as_str()).and_then(|x| x.parent.as_ref())
        })
    }
}

/// Whether `s` is an `http` or `https` address with a host.
pub fn is_web_address(s: &str) -> bool {
    url::Url::parse(s.trim())
        .is_ok_and(|u| matches!(u.scheme(), "http" | "https") && u.host_str().is_some())
}

/// The keys a unit accepts (the fields of `RawUnit`).
const UNIT_KEYS: &[&str] = &[
    "id",
    "name",
    "website",
    "mirrors",
    "feeds",
    "from",
    "until",
    "successor",
    "group",
    "children",
];

/// `list` with the keys `check_unit_keys` reports taken out.
fn without_unknown_keys(list: &mut Node) {
    let Node::List(items) = list else { return };
    for unit in items {
        unit.retain_keys(|k| UNIT_KEYS.contains(&k));
        if let Some(Node::List(feeds)) = unit.get_mut("feeds") {
            for f in feeds {
                f.retain_keys(|k| FEED_KEYS.contains(&k));
            }
        }
        if let Some(children) = unit.get_mut("children") {
            without_unknown_keys(children);
        }
    }
}

fn check_unit_keys(list: &Node, keys: &mut KeyCheck) {
    let Node::List(items) = list else { return };
    for unit in items {
        keys.check(unit, UNIT_KEYS);
        if let Some(Node::List(feeds)) = unit.get("feeds") {
            for f in feeds {
                keys.check(f, FEED_KEYS);
            }
        }
        if let Some(children) = unit.get("children") {
            check_unit_keys(children, keys);
        }
    }
}

/// Flattens the raw tree into `Units`, validating each unit.
struct Builder<'a> {
    units: Units,
    errors: Vec<Diagnostic>,
    /// (position, unit, successor) to check once every unit is known.
    successors: Vec<(Pos, String, String)>,
    path: &'a Path,
    id_lines: Vec<Pos>,
    /// Units met so far, duplicates included: the index into `id_lines`.
    visited: usize,
    group_lines: Vec<Pos>,
    loc: Locator<'a>,
    /// Units with a `group` met so far: the index into `group_lines`.
    groups_seen: usize,
    offset: FixedOffset,
}

impl Builder<'_> {
    fn add(&mut self, raw: Vec<RawUnit>, parent: Option<&UnitId>, depth: usize) {
        for r in raw {
            let pos = self
                .id_lines
                .get(self.visited)
                .copied()
                .unwrap_or_else(Pos::start);
            self.visited += 1;
            let path = self.path;
            if crate::base::slug::slugify(&r.id) != r.id {
                let msg = format!(
                    "mã đơn vị `{}` phải viết thường, không dấu, nối bằng `-`",
                    r.id
                );
                let hint = format!("dùng `{}`", crate::base::slug::slugify(&r.id));
                self.errors
                    .push(Diagnostic::error(path, pos, msg).with_hint(hint));
            }
            if self.units.index.contains_key(&r.id) {
                self.errors.push(
                    Diagnostic::error(path, pos, format!("mã đơn vị `{}` bị trùng", r.id))
                        .with_hint("mỗi đơn vị cần một mã riêng trong toàn bộ cây"),
                );
                continue;
            }
            let from = self.day(&r.id, "from", &r.from, pos);
            let until = self.day(&r.id, "until", &r.until, pos);
            if let (Some(f), Some(u)) = (from, until) {
                if f > u {
                    self.errors.push(Diagnostic::error(
                        path,
                        pos,
                        format!("đơn vị `{}`: `from` sau `until`", r.id),
                    ));
                }
            }
            if let Some(s) = &r.successor {
                self.successors.push((pos, r.id.clone(), s.clone()));
            }
            let group_pos = r.group.as_ref().map(|_| {
                self.groups_seen += 1;
                self.group_lines
                    .get(self.groups_seen - 1)
                    .copied()
                    .unwrap_or(pos)
            });
            let group = r.group.filter(|g| !g.trim().is_empty());
            if let (Some(_), Some(_), Some(gpos)) = (&group, parent, group_pos) {
                self.errors.push(
                    Diagnostic::error(
                        path,
                        gpos,
                        format!("đơn vị `{}`: `group` chỉ đặt ở đơn vị cấp trên cùng", r.id),
                    )
                    .with_hint("đặt `group:` ở đơn vị đầu tiên của nhóm, ngoài cùng bên trái"),
                );
            }
            let website = self.website(&r.id, r.website, pos);
            let mirrors = self.mirrors(&r.id, r.mirrors, website.is_some(), pos);
            let feeds = r
                .feeds
                .into_iter()
                .filter_map(|f| self.feed(&r.id, f, pos))
                .collect();
            let id = UnitId::from(r.id.as_str());
            self.units.index.insert(r.id.clone(), self.units.list.len());
            if let Some(p) = parent {
                let pi = self.units.index[p.as_str()];
                self.units.list[pi].children.push(id.clone());
            }
            self.units.list.push(Unit {
                id: id.clone(),
                name: r.name,
                website,
                mirrors,
                feeds,
                from,
                until,
                successor: r.successor.map(UnitId::from),
                group,
                parent: parent.cloned(),
                depth,
                children: Vec::new(),
            });
            self.add(r.children, Some(&id), depth + 1);
        }
    }

    /// `website`, when it is a web address.
    fn website(&mut self, unit: &str, website: Option<String>, pos: Pos) -> Option<String> {
        let w = website.filter(|w| !w.trim().is_empty())?;
        if is_web_address(&w) {
            return Some(w.trim().to_string());
        }
        let at = self.loc.text(w.trim()).unwrap_or(pos);
        self.errors.push(
            Diagnostic::error(
                self.path,
                at,
                format!("`website` của `{unit}` không phải địa chỉ web đầy đủ: `{w}`"),
            )
            .with_hint("viết đủ cả http:// hoặc https://, ví dụ \"https://baolaichau.vn\""),
        );
        None
    }

    /// `mirrors`, each a bare host, and only beside a `website` they mirror.
    fn mirrors(&mut self, unit: &str, list: Vec<String>, website: bool, pos: Pos) -> Vec<String> {
        let mut out = Vec::new();
        for m in list {
            let at = self.loc.text(&m).unwrap_or(pos);
            if crate::base::url_key::mirror_host(&m).is_none() {
                self.errors.push(
                    Diagnostic::error(self.path, at, format!("`mirrors` của `{unit}`: `{m}` không phải tên máy chủ"))
                        .with_hint("chỉ ghi tên máy chủ và cổng, không có http:// hay đường dẫn, ví dụ \"14.225.23.250:8080\""),
                );
            } else if !website {
                self.errors.push(
                    Diagnostic::error(
                        self.path,
                        at,
                        format!("`mirrors` của `{unit}` cần `website`"),
                    )
                    .with_hint("`mirrors` là các máy chủ khác phục vụ cùng các bài của `website`"),
                );
            } else {
                out.push(m);
            }
        }
        out
    }

    /// One feed of `feeds`, when its address is a web address (its ids are checked against
    /// `site.yaml` by [`Units::check_feeds`]).
    fn feed(&mut self, unit: &str, raw: RawFeed, pos: Pos) -> Option<FeedSource> {
        let (url, topics, column, kind) = match raw {
            RawFeed::Url(url) => (url, Vec::new(), None, None),
            RawFeed::Full {
                url,
                topics,
                column,
                kind,
            } => (url, topics, column, kind),
        };
        let at = self.loc.text(url.trim()).unwrap_or(pos);
        if !is_web_address(&url) {
            self.errors.push(
                Diagnostic::error(self.path, at, format!("nguồn tin `{url}` của `{unit}` không phải địa chỉ web đầy đủ"))
                    .with_hint("viết đủ địa chỉ của tệp RSS, Atom hay JSON Feed, ví dụ \"https://baolaichau.vn/rss/home.rss\""),
            );
            return None;
        }
        // A feed's own keys follow its `url:` (a map written the other way round is found at
        // its url).
        let key_after = |key: &str| {
            self.loc
                .keys_anywhere(key)
                .into_iter()
                .find(|p| p.line >= at.line)
                .unwrap_or(at)
        };
        Some(FeedSource {
            url: url.trim().to_string(),
            topics_pos: if topics.is_empty() {
                at
            } else {
                key_after("topics")
            },
            kind_pos: if kind.is_none() {
                at
            } else {
                key_after("kind")
            },
            topics: topics.into_iter().map(TopicId::from).collect(),
            column: column.filter(|c| !c.trim().is_empty()),
            kind: kind.map(KindId::from),
            pos: at,
        })
    }

    fn day(
        &mut self,
        unit: &str,
        field: &str,
        value: &Option<String>,
        pos: Pos,
    ) -> Option<NaiveDate> {
        match Date::parse(value.as_ref()?, self.offset) {
            Ok(d) => Some(d.day()),
            Err(e) => {
                // At the field: the first `from:` after the unit's `id:` line is its own.
                let at = (self.loc.keys_anywhere(field).into_iter())
                    .find(|p| p.line > pos.line)
                    .map_or(pos, |p| Pos::new(p.line, p.column + field.len() + 2));
                self.errors.push(Diagnostic::error(
                    self.path,
                    at,
                    format!("`{field}` của `{unit}`: {}", e.0),
                ));
                None
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ict() -> FixedOffset {
        FixedOffset::east_opt(7 * 3600).unwrap()
    }

    #[test]
    fn tree_is_flattened_depth_first() {
        let t = "- id: a\n  name: A\n  children:\n    - id: a1\n      name: A1\n- id: b\n  name: B\n  from: 2025-07-01\n";
        let u = Units::parse(t, Path::new("units.yaml"), ict()).unwrap();
        let ids: Vec<_> = u.iter().map(|x| x.id.as_str()).collect();
        assert_eq!(ids, ["a", "a1", "b"]);
        assert_eq!(u.get("a1").unwrap().parent.as_ref().unwrap().as_str(), "a");
        let b = u.get("b").unwrap();
        assert!(!b.active_on(NaiveDate::from_ymd_opt(2025, 6, 30).unwrap()));
        assert!(b.active_on(NaiveDate::from_ymd_opt(2025, 7, 1).unwrap()));
    }

    #[test]
    fn all_unknown_keys_of_the_tree_at_once() {
        let t = "- id: a\n  nam: A\n  children:\n    - id: b\n      name: B\n      untill: 2025-06-30\n";
        let e = Units::parse(t, Path::new("units.yaml"), ict()).unwrap_err();
        let found: Vec<_> = e
            .iter()
            .map(|d| (d.pos, d.hint.clone().unwrap_or_default()))
            .collect();
        assert_eq!(
            found,
            [
                (Pos::new(2, 3), "bạn có định viết `name`?".to_string()),
                (Pos::new(6, 7), "bạn có định viết `until`?".to_string()),
            ]
        );
    }

    #[test]
    fn work_is_carried_on_through_successor_links_both_ways() {
        // a (until 2025-06-30) with station a1 -> x1 (from 2025-07-01); b -> c -> d.
        let t = "- id: a\n  name: A\n  until: 2025-06-30\n  children:\n    - id: a1\n      name: A1\n      until: 2025-06-30\n      successor: x1\n- id: x1\n  name: X1\n  from: 2025-07-01\n- id: b\n  name: B\n  until: 2020-12-31\n  successor: c\n- id: c\n  name: C\n  from: 2021-01-01\n  until: 2022-12-31\n  successor: d\n- id: d\n  name: D\n  from: 2023-01-01\n- id: e\n  name: E\n  from: 2025-07-01\n- id: m\n  name: M\n  from: 2020-01-01\n  successor: big\n- id: big\n  name: Big\n";
        let u = Units::parse(t, Path::new("units.yaml"), ict()).unwrap();
        let day = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        let ids = |id: &str, from: &str, to: &str| -> Vec<String> {
            let unit = u.get(id).unwrap().id.clone();
            u.carried_on_by(&unit, day(from), day(to))
                .iter()
                .map(|x| x.id.to_string())
                .collect()
        };
        // Backwards: the commune's work was done by the station before it.
        assert_eq!(ids("x1", "2024-01-01", "2024-12-31"), ["a1"]);
        // Forwards, from the district through its station.
        assert_eq!(ids("a", "2026-01-01", "2026-12-31"), ["x1"]);
        // Through a unit that is itself outside the span.
        assert_eq!(ids("d", "2020-01-01", "2020-06-30"), ["b"]);
        assert_eq!(ids("b", "2024-01-01", "2024-12-31"), ["d"]);
        // Every unit of a chain that existed in the span, not only the first.
        assert_eq!(ids("b", "2022-06-01", "2023-06-30"), ["c", "d"]);
        // Before a unit began, the unit it later merged into did not do its work.
        assert!(ids("m", "2019-01-01", "2019-12-31").is_empty());
        // A cycle ends.
        let cycle = "- id: p\n  name: P\n  until: 2020-12-31\n  successor: q\n- id: q\n  name: Q\n  from: 2021-01-01\n  until: 2021-12-31\n  successor: p\n";
        let c = Units::parse(cycle, Path::new("units.yaml"), ict()).unwrap();
        let p = c.get("p").unwrap().id.clone();
        let named: Vec<&str> = c
            .carried_on_by(&p, day("2021-03-01"), day("2021-03-31"))
            .iter()
            .map(|x| x.id.as_str())
            .collect();
        assert_eq!(named, ["q"]);
        // A unit with no links has nobody to name.
        assert!(ids("e", "2024-01-01", "2024-12-31").is_empty());
    }

    #[test]
    fn duplicate_and_unknown_successor() {
        let t = "- id: a\n  name: A\n  successor: bb\n- id: b\n  name: B\n- id: a\n  name: A2\n";
        let e = Units::parse(t, Path::new("units.yaml"), ict()).unwrap_err();
        assert_eq!(e.len(), 2, "{e:?}");
        let own = "- id: a\n  name: A\n  successor: a\n";
        let itself = Units::parse(own, Path::new("units.yaml"), ict()).unwrap_err();
        assert_eq!(itself[0].message, "đơn vị kế tiếp của `a` là chính nó");
        assert_eq!(itself[0].pos, Pos::new(3, 3));
        // The duplicate is reported where it stands, not at the first `a`.
        let dup = e.iter().find(|d| d.message.contains("bị trùng")).unwrap();
        assert_eq!(dup.pos, Pos::new(6, 3));
        assert!(e
            .iter()
            .any(|d| d.hint.as_deref() == Some("bạn có định viết `b`?")));
    }
}
