//! One unit's file and what its feeds gave: the new items on a topic added, the rest counted
//! by why it was left, the file written only when something was added.

use super::parse::{FeedItem, Moment, Parsed};
use super::{classify, store, Job};
use crate::base::date::Date;
use crate::base::diagnostic::{Diagnostic, Diagnostics, Pos};
use crate::base::id::{KindId, TopicId};
use crate::base::url_key::{Mirrors, UrlKey};
use crate::input::config::SiteConfig;
use crate::input::imported::{self, ImportedFile, ImportedItem};
use crate::input::units::{UnitId, Units};
use std::collections::HashMap;
use std::path::Path;

/// One unit's items being merged: what its file held, what is added, and why the rest was
/// left.
pub(super) struct Merge<'a> {
    existing: &'a [ImportedItem],
    /// Whether the unit has a file yet.
    has_file: bool,
    /// The fingerprint of the file's text when it was read.
    digest: Option<u64>,
    added: Vec<ImportedItem>,
    taken: &'a mut HashMap<UrlKey, UnitId>,
    mirrors: &'a Mirrors,
    config: &'a SiteConfig,
    pub already: usize,
    off_topic: usize,
    duplicate: usize,
    no_address: usize,
    no_title: usize,
    pub unchanged: usize,
    pub failed: usize,
    /// What an editor may want to correct by hand (import does not rewrite entries).
    pub notes: Vec<Diagnostic>,
}

impl<'a> Merge<'a> {
    pub(super) fn new(
        file: Option<&'a ImportedFile>,
        taken: &'a mut HashMap<UrlKey, UnitId>,
        mirrors: &'a Mirrors,
        config: &'a SiteConfig,
    ) -> Merge<'a> {
        Merge {
            existing: file.map_or(&[][..], |f| f.items.as_slice()),
            has_file: file.is_some(),
            digest: file.map(|f| f.digest),
            added: Vec::new(),
            taken,
            mirrors,
            config,
            already: 0,
            off_topic: 0,
            duplicate: 0,
            no_address: 0,
            no_title: 0,
            unchanged: 0,
            failed: 0,
            notes: Vec::new(),
        }
    }

    /// Adds the items of one feed of the unit that are new and on a topic.
    pub(super) fn add(&mut self, job: &Job, parsed: &Parsed) {
        let mut without_column = 0;
        for item in &parsed.items {
            let Some(key) = item
                .url
                .as_deref()
                .and_then(|u| UrlKey::new(u, self.mirrors))
            else {
                self.no_address += 1;
                continue;
            };
            if item.title.is_empty() {
                self.no_title += 1;
                continue;
            }
            match self.taken.get(&key) {
                Some(owner) if *owner == job.unit && self.existing.iter().any(|e| e.key == key) => {
                    self.already += 1;
                    let column = job.feed().and_then(|f| f.column.as_ref());
                    if column.is_some()
                        && self
                            .existing
                            .iter()
                            .any(|e| e.key == key && e.column.is_none())
                    {
                        without_column += 1;
                    }
                    continue;
                }
                Some(owner) => {
                    // The same article in two feeds of the unit in this run: what the feed of
                    // a column says of its items joins what the other gave.
                    if *owner == job.unit {
                        if let Some(found) = classify::classify(item, job.feed(), self.config) {
                            self.join(&key, job, found);
                        }
                    }
                    self.duplicate += 1;
                    continue;
                }
                None => {}
            }
            let Some((topics, kind)) = classify::classify(item, job.feed(), self.config) else {
                self.off_topic += 1;
                continue;
            };
            self.taken.insert(key.clone(), job.unit.clone());
            self.added.push(self.entry(job, item, key, topics, kind));
        }
        if let (Some(feed), true) = (job.feed(), without_column > 0) {
            let column = feed.column.as_deref().unwrap_or_default();
            let msg = format!(
                "{without_column} bài đã có trong {} cũng ở nguồn tin của chuyên mục «{column}» nhưng chưa ghi `column`",
                imported::file_of(&job.unit).display()
            );
            let hint = format!("loa import không sửa mục đã có: thêm `column: \"{column}\"` (và `kind`) vào các mục đó nếu đúng");
            self.notes.push(
                Diagnostic::warning(crate::input::units::UNITS_FILE, feed.pos, msg).with_hint(hint),
            );
        }
    }

    /// Gives back the articles it would have added, once its file could not be written: the
    /// units after it in the run may keep them.
    pub(super) fn release(&mut self) {
        for it in &self.added {
            self.taken.remove(&it.key);
        }
    }

    /// The keys of the unit's file once the added items are in.
    pub(super) fn keys(&self) -> impl Iterator<Item = &UrlKey> {
        self.existing.iter().chain(&self.added).map(|i| &i.key)
    }

    /// Adds to the item added under `key` the topics another feed of the unit gives it, and
    /// that feed's column and form when it declares them.
    fn join(&mut self, key: &UrlKey, job: &Job, (topics, kind): (Vec<TopicId>, KindId)) {
        let order: Vec<&TopicId> = self.config.topics.keys().collect();
        let Some(prev) = self.added.iter_mut().find(|e| &e.key == key) else {
            return;
        };
        for t in topics {
            if !prev.topics.contains(&t) {
                prev.topics.push(t);
            }
        }
        prev.topics
            .sort_by_key(|t| order.iter().position(|o| *o == t));
        if let Some(feed) = job.feed() {
            if feed.column.is_some() {
                prev.column.clone_from(&feed.column);
            }
            if feed.kind.is_some() {
                prev.kind = kind;
            }
        }
    }

    fn entry(
        &self,
        job: &Job,
        item: &FeedItem,
        key: UrlKey,
        topics: Vec<TopicId>,
        kind: KindId,
    ) -> ImportedItem {
        let offset = self.config.offset;
        let date = item.date.map(|m| match m {
            Moment::At(d) => Date::from_datetime(d.fixed_offset(), offset),
            // The day in the site's offset, at its start: the minutes are not known.
            Moment::Hour(d) => {
                let day = d.with_timezone(&offset).date_naive();
                Date::from_naive(day.and_time(chrono::NaiveTime::MIN), offset)
                    .unwrap_or_else(|_| Date::from_datetime(d.fixed_offset(), offset))
            }
        });
        ImportedItem {
            url: self
                .mirrors
                .on_website(&crate::base::url_key::without_tracking(
                    item.url.as_deref().unwrap_or_default(),
                )),
            key,
            title: item.title.clone(),
            date,
            summary: item.summary.clone(),
            topics,
            kind,
            column: job.feed().and_then(|f| f.column.clone()),
            feed: job.source_name(),
            guid: item.guid.clone(),
            featured: false,
            pos: Pos::start(),
        }
    }

    /// The unit's line: what was added, what its file holds, what was left and why.
    pub(super) fn line(&self, name: &str, unit: &UnitId, dry_run: bool) -> String {
        let undated = self.added.iter().filter(|i| i.date.is_none()).count();
        let total = self.existing.len() + self.added.len();
        let mut line = format!(
            "{}{name} (`{unit}`): {} mục mới",
            if dry_run {
                "(chạy thử, không ghi) "
            } else {
                ""
            },
            self.added.len()
        );
        if undated > 0 {
            line.push_str(&format!(" ({undated} chưa có ngày đăng)"));
        }
        let file = imported::file_of(unit);
        match (total, self.has_file) {
            (0, false) => line.push_str(&format!(", chưa có tệp {}", file.display())),
            _ => line.push_str(&format!(", {total} mục trong {}", file.display())),
        }
        let skipped =
            self.already + self.off_topic + self.duplicate + self.no_address + self.no_title;
        if skipped > 0 {
            let parts: Vec<String> = [
                (self.already, "đã có"),
                (self.off_topic, "ngoài chủ đề"),
                (self.duplicate, "trùng bài đã nhập"),
                (self.no_address, "không có địa chỉ bài"),
                (self.no_title, "không có tiêu đề"),
            ]
            .iter()
            .filter(|(n, _)| *n > 0)
            .map(|(n, why)| format!("{n} {why}"))
            .collect();
            line.push_str(&format!("; bỏ qua {skipped}: {}", parts.join(", ")));
        }
        if self.unchanged > 0 {
            line.push_str(&format!(
                "; {} nguồn tin chưa đổi từ lần trước",
                self.unchanged
            ));
        }
        if self.failed > 0 {
            line.push_str(&format!(
                "; {} nguồn tin lỗi (xem thông báo lỗi)",
                self.failed
            ));
        }
        line.push('.');
        if dry_run {
            // What would be added, so that a dry run can be read before the real one.
            for it in &self.added {
                let day = it.date.map_or("chưa có ngày".into(), |d| d.vi_short());
                let topics: Vec<&str> = it.topics.iter().map(|t| t.as_str()).collect();
                line.push_str(&format!(
                    "\n  + {day} «{}» ({}; {})",
                    it.title,
                    it.kind,
                    topics.join(", ")
                ));
            }
        }
        line
    }

    /// Writes the unit's file when something was added, then reminds of every item still
    /// without a date, where the file holds it.
    pub(super) fn write(
        &self,
        root: &Path,
        unit: &crate::input::units::Unit,
        units: &Units,
        problems: &mut Diagnostics,
    ) -> Result<(), Diagnostic> {
        let path = imported::file_of(&unit.id);
        let fail = |msg: String| Diagnostic::error(&path, Pos::start(), msg);
        let now = std::fs::read_to_string(root.join(&path)).ok();
        let (text, order) = if self.added.is_empty() {
            // Left as it is, the editor's layout too.
            (now.unwrap_or_default(), self.existing.to_vec())
        } else {
            // Read at the start, fetched, and saved since by an editor or another import:
            // writing now would lose that.
            if now.as_deref().map(crate::base::hash::hash_of) != self.digest {
                return Err(fail(
                    "tệp đã được sửa trong lúc nhập; chưa ghi gì vào tệp, hãy chạy lại loa import"
                        .into(),
                ));
            }
            let all = store::merged(self.existing, self.added.clone());
            // Entries already there keep their text; a file import cannot split into entries
            // (or a new one) is written whole.
            let text = now
                .as_deref()
                .and_then(|t| imported::with_added(t, self.existing, &self.added))
                .unwrap_or_else(|| imported::to_yaml(&unit.name, &all));
            // What is written must read back: a fault here would lock the unit's file.
            if let Err(e) =
                imported::parse(&text, &unit.id, &path, self.config, units, self.mirrors)
            {
                let why = e.first().map_or(String::new(), |d| d.message.clone());
                return Err(fail(format!(
                    "loa import tạo ra một mục không đọc lại được ({why}); chưa ghi gì vào tệp"
                )));
            }
            store::write(root, &format!("{}.yaml", unit.id), text.as_bytes()).map_err(|e| {
                fail(format!(
                    "không ghi được tệp: {}; tệp cũ được giữ nguyên",
                    crate::base::diagnostic::io_error_vi(&e)
                ))
            })?;
            (text, all)
        };
        let starts = crate::base::yaml::Locator::new(&text).keys_anywhere("url");
        for (item, pos) in order.iter().zip(starts).filter(|(i, _)| i.date.is_none()) {
            problems.push(
                Diagnostic::warning(
                    &path,
                    pos,
                    format!("bài «{}» chưa có ngày đăng nên chưa được đếm", item.title),
                )
                .with_hint("mở bài ở trang của đơn vị và điền `date:`, ví dụ `date: 2025-03-14`"),
            );
        }
        Ok(())
    }
}
