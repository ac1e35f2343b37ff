//! `loa import`: reads the feeds of the units' own websites (or a saved feed a unit sent),
//! keeps the items on the campaign's topics and adds them to `imported/<unit-id>.yaml`, which
//! builds and reports read like posts. Import only adds: what a file holds is never rewritten
//! or removed, so an editor's corrections stay.

mod classify;
pub mod decode;
pub mod http;
mod merge;
pub mod parse;
mod store;

use crate::base::diagnostic::{Diagnostic, Diagnostics, Pos};
use crate::base::url_key::{Mirrors, UrlKey};
use crate::input::config::SiteConfig;
use crate::input::imported::{self, ImportedFile};
use crate::input::units::{FeedSource, UnitId, Units, UNITS_FILE};
use http::{Client, Fetched, Validators};
use merge::Merge;
use parse::Parsed;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Duration;

pub use store::CACHE_FILE;

/// What to import, and how.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    /// Only this unit's feeds (or, with `file`, the unit the file is of).
    pub unit: Option<String>,
    /// A saved feed (RSS, Atom or JSON Feed) instead of the configured feeds.
    pub file: Option<PathBuf>,
    /// Say what would be added, write nothing.
    pub dry_run: bool,
    /// For each feed's whole answer.
    pub timeout: Duration,
}

/// The time a feed is given when `--timeout` is not.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(20);

/// What a run did: one line per unit, and its problems (a failed feed is an error).
#[derive(Debug, Default)]
pub struct Outcome {
    pub lines: Vec<String>,
    pub problems: Diagnostics,
}

/// Where one job's items come from.
#[derive(Debug, Clone)]
enum Origin {
    Feed(FeedSource),
    File(PathBuf),
}

/// One feed (or file) of one unit.
#[derive(Debug, Clone)]
struct Job {
    unit: UnitId,
    origin: Origin,
}

impl Job {
    /// The address or path the items came from, as files and messages name it.
    fn label(&self) -> String {
        match &self.origin {
            Origin::Feed(f) => f.url.clone(),
            Origin::File(p) => p.display().to_string(),
        }
    }

    /// What an item's `feed:` says: the address, or the saved file's name (where it lay on a
    /// clerk's computer means nothing to the site).
    fn source_name(&self) -> String {
        match &self.origin {
            Origin::Feed(f) => f.url.clone(),
            Origin::File(p) => format!(
                "tệp {}",
                p.file_name().map_or_else(
                    || p.display().to_string(),
                    |n| n.to_string_lossy().into_owned()
                )
            ),
        }
    }

    fn feed(&self) -> Option<&FeedSource> {
        match &self.origin {
            Origin::Feed(f) => Some(f),
            Origin::File(_) => None,
        }
    }
}

/// What fetching and reading one job gave.
enum Got {
    Items(Parsed, Option<Validators>),
    NotModified,
}

/// Imports what `opts` asks for into the site at `root`. `Err` when nothing could be tried
/// (settings with errors, a wrong command line); a feed that fails is an error of the
/// outcome, and the others are still imported.
pub fn run(root: &Path, opts: &ImportOptions) -> Result<Outcome, Diagnostics> {
    let mut diags = Diagnostics::new();
    let (config, units) = crate::input::settings(root, &mut diags);
    let (Some(config), Some(units)) = (config, units) else {
        return Err(diags);
    };
    if diags.has_errors() {
        return Err(diags);
    }
    let jobs = jobs(&units, opts)?;
    let mut outcome = Outcome {
        problems: diags,
        ..Outcome::default()
    };
    if jobs.is_empty() {
        outcome
            .lines
            .push("Chưa có đơn vị nào khai `feeds` trong units.yaml: không có gì để nhập.".into());
        return Ok(outcome);
    }
    let (files, problems) = imported::load(root, &config, &units);
    let broken: Vec<PathBuf> = problems
        .iter()
        .filter_map(|d| d.file().map(|(p, _)| p.to_path_buf()))
        .collect();
    // The problems of the files this run writes; with `--unit`, the others' are for `check`.
    let ours: Vec<PathBuf> = jobs.iter().map(|j| imported::file_of(&j.unit)).collect();
    outcome.problems.extend(problems.into_iter().filter(|d| {
        opts.unit.is_none() || d.file().is_some_and(|(p, _)| ours.iter().any(|o| o == p))
    }));
    let mut cache = store::read_cache(root);
    let results = fetch_all(&jobs, &config, &cache, root, &files, opts.timeout);
    let mut taken: HashMap<UrlKey, UnitId> = files
        .iter()
        .flat_map(|f| f.items.iter().map(|i| (i.key.clone(), f.unit.clone())))
        .collect();
    let ctx = Context {
        root,
        config: &config,
        units: &units,
        files: &files,
        broken: &broken,
        mirrors: units.mirrors(),
        dry_run: opts.dry_run,
    };
    let mut unit_ids: Vec<&UnitId> = jobs.iter().map(|j| &j.unit).collect();
    unit_ids.dedup();
    for unit in unit_ids {
        let u = units.get(unit).expect("jobs are of the registry's units");
        let unit_jobs: Vec<(&Job, &Result<Got, Diagnostic>)> = jobs
            .iter()
            .zip(&results)
            .filter(|(j, _)| &j.unit == unit)
            .collect();
        ctx.unit(u, &unit_jobs, &mut taken, &mut cache, &mut outcome);
    }
    if !opts.dry_run {
        if let Err(e) = store::write_cache(root, &cache) {
            outcome.problems.push(Diagnostic::warning(
                Path::new(imported::IMPORTED_DIR).join(CACHE_FILE),
                Pos::start(),
                format!("không ghi được dấu phiên bản của các nguồn tin: {}; lần sau sẽ tải lại toàn bộ", crate::base::diagnostic::io_error_vi(&e)),
            ));
        }
    }
    Ok(outcome)
}

/// What every unit of a run shares.
struct Context<'a> {
    root: &'a Path,
    config: &'a SiteConfig,
    units: &'a Units,
    files: &'a [ImportedFile],
    /// Files with problems, which are not written over.
    broken: &'a [PathBuf],
    mirrors: Mirrors,
    dry_run: bool,
}

impl Context<'_> {
    /// Merges what the jobs of unit `u` gave into its file, says so in a line, and remembers
    /// the validators of its feeds once the file is written.
    fn unit(
        &self,
        u: &crate::input::units::Unit,
        unit_jobs: &[(&Job, &Result<Got, Diagnostic>)],
        taken: &mut HashMap<UrlKey, UnitId>,
        cache: &mut store::Cache,
        outcome: &mut Outcome,
    ) {
        let path = imported::file_of(&u.id);
        if self.broken.contains(&path) {
            let msg = format!(
                "chưa nhập cho `{}`: tệp có lỗi (xem thông báo lỗi của tệp); sửa tệp rồi chạy lại",
                u.id
            );
            outcome.problems.push(
                Diagnostic::error(&path, Pos::start(), msg)
                    .with_hint("loa import không ghi vào tệp đang có lỗi, để không mất gì"),
            );
            return;
        }
        let existing = self.files.iter().find(|f| f.unit == u.id);
        let mut merge = Merge::new(existing, taken, &self.mirrors, self.config);
        for (job, result) in unit_jobs {
            match result {
                Ok(Got::Items(parsed, _)) => {
                    if parsed.month_in_minutes {
                        outcome.problems.push(month_warning(job));
                    }
                    merge.add(job, parsed);
                }
                Ok(Got::NotModified) => merge.unchanged += 1,
                Err(d) => {
                    merge.failed += 1;
                    outcome.problems.push(d.clone());
                }
            }
        }
        outcome.problems.extend(std::mem::take(&mut merge.notes));
        let line = merge.line(&u.name, &u.id, self.dry_run);
        if !self.dry_run {
            if let Err(d) = merge.write(self.root, u, self.units, &mut outcome.problems) {
                merge.release();
                outcome.problems.push(d);
                outcome
                    .lines
                    .push(format!("{line} Chưa ghi vào tệp (xem thông báo lỗi)."));
                return;
            }
            for (job, result) in unit_jobs {
                if let Ok(Got::Items(_, Some(v))) = result {
                    let settings = settings_fingerprint(job, self.config, merge.keys());
                    let validators = v.clone();
                    cache.insert(
                        job.label(),
                        store::Remembered {
                            validators,
                            settings,
                        },
                    );
                }
            }
        }
        outcome.lines.push(line);
    }
}

/// The jobs `opts` asks for, in registry order; a wrong `--unit` or `--file` is a wrong
/// command line.
fn jobs(units: &Units, opts: &ImportOptions) -> Result<Vec<Job>, Diagnostics> {
    let unit = match opts.unit.as_deref().map(str::trim) {
        Some(id) => match units.get(id) {
            Some(u) => Some(u),
            None => {
                let hint = units
                    .suggest(id)
                    .unwrap_or_else(|| "mã đơn vị là `id` trong units.yaml".into());
                return Err(Diagnostic::arg(
                    "--unit",
                    format!("không có đơn vị `{id}` trong units.yaml"),
                )
                .with_hint(hint)
                .into());
            }
        },
        None => None,
    };
    if let Some(file) = &opts.file {
        let Some(u) = unit else {
            return Err(
                Diagnostic::arg("--file", "--file cần --unit: tệp này là của đơn vị nào?")
                    .with_hint("ví dụ: loa import --file tin-bai.xml --unit bao-lai-chau")
                    .usage()
                    .into(),
            );
        };
        return Ok(vec![Job {
            unit: u.id.clone(),
            origin: Origin::File(file.clone()),
        }]);
    }
    // A unit and the units below it, as `report --unit` counts them.
    let jobs: Vec<Job> = units
        .iter()
        .filter(|u| unit.is_none_or(|top| units.is_within(&u.id, &top.id)))
        .flat_map(|u| {
            u.feeds.iter().map(|f| Job {
                unit: u.id.clone(),
                origin: Origin::Feed(f.clone()),
            })
        })
        .collect();
    if let Some(u) = unit.filter(|_| jobs.is_empty()) {
        let below = if u.children.is_empty() {
            ""
        } else {
            " (cả các đơn vị trực thuộc)"
        };
        return Err(Diagnostic::arg("--unit", format!("đơn vị `{}`{below} chưa khai `feeds` trong units.yaml", u.id))
            .with_hint("thêm địa chỉ nguồn tin RSS của đơn vị vào `feeds:`, hoặc dùng --file với tệp đơn vị gửi")
            .into());
    }
    Ok(jobs)
}

/// What the rules for a feed's items were: validators kept under other rules are not sent.
/// `keys` are those of the unit's file: a file reverted or with entries removed has the
/// feed read whole again. (A new version of loa may read every feed whole once: the
/// fingerprint is loa's own hash.)
fn settings_fingerprint<'k>(
    job: &Job,
    config: &SiteConfig,
    keys: impl Iterator<Item = &'k UrlKey>,
) -> String {
    let feed = job.feed().map(|f| (&f.url, &f.topics, &f.column, &f.kind));
    let mut keys: Vec<&str> = keys.map(UrlKey::as_str).collect();
    keys.sort_unstable();
    let h = crate::base::hash::hash_of((
        job.unit.as_str(),
        feed,
        &config.import,
        config.topics.keys().collect::<Vec<_>>(),
        config.kinds.keys().collect::<Vec<_>>(),
        keys,
    ));
    format!("{h:016x}")
}

/// Fetches and reads every job, [`http::PARALLEL`] at a time; results in the jobs' order.
fn fetch_all(
    jobs: &[Job],
    config: &SiteConfig,
    cache: &store::Cache,
    root: &Path,
    files: &[ImportedFile],
    timeout: Duration,
) -> Vec<Result<Got, Diagnostic>> {
    let agent = format!("loa/{} (+{})", env!("CARGO_PKG_VERSION"), config.base_url);
    let client = Client::new(&agent, timeout);
    let next = Mutex::new(0usize);
    let results: Mutex<Vec<Option<Result<Got, Diagnostic>>>> =
        Mutex::new((0..jobs.len()).map(|_| None).collect());
    std::thread::scope(|s| {
        for _ in 0..http::PARALLEL.min(jobs.len()) {
            s.spawn(|| loop {
                let i = {
                    let mut n = next.lock().expect("not poisoned");
                    let i = *n;
                    *n += 1;
                    i
                };
                let Some(job) = jobs.get(i) else { break };
                // Validators only where the unit's file still holds what they stood for.
                let file = files.iter().find(|f| f.unit == job.unit);
                let keys = file
                    .into_iter()
                    .flat_map(|f| f.items.iter().map(|i| &i.key));
                let settings = settings_fingerprint(job, config, keys);
                let known = cache
                    .get(&job.label())
                    .filter(|r| r.settings == settings)
                    .map(|r| &r.validators);
                let got = one(job, &client, known, root);
                results.lock().expect("not poisoned")[i] = Some(got);
            });
        }
    });
    results
        .into_inner()
        .expect("not poisoned")
        .into_iter()
        .map(|r| r.expect("every job ran"))
        .collect()
}

/// Fetches (or reads) and parses one job.
fn one(
    job: &Job,
    client: &Client,
    known: Option<&Validators>,
    root: &Path,
) -> Result<Got, Diagnostic> {
    let fail = |cause: String, hint: &str| -> Diagnostic {
        let msg = format!(
            "đơn vị `{}`: không nhập được nguồn tin {}: {cause}",
            job.unit,
            job.label()
        );
        match &job.origin {
            Origin::Feed(f) => Diagnostic::error(UNITS_FILE, f.pos, msg),
            Origin::File(_) => Diagnostic::arg("--file", msg),
        }
        .with_hint(hint.to_string())
    };
    let (bytes, content_type, validators) = match &job.origin {
        Origin::Feed(f) => match client.fetch(&f.url, known) {
            Ok(Fetched::NotModified) => return Ok(Got::NotModified),
            Ok(Fetched::Body {
                bytes,
                content_type,
                validators,
            }) => (bytes, content_type, Some(validators)),
            Err(e) => return Err(fail(e.vi(), e.hint())),
        },
        Origin::File(p) => {
            let abs = if p.is_absolute() {
                p.clone()
            } else {
                std::env::current_dir()
                    .map(|d| d.join(p))
                    .unwrap_or_else(|_| root.join(p))
            };
            match std::fs::read(&abs) {
                Ok(b) => (b, None, None),
                Err(e) => {
                    return Err(fail(
                        format!(
                            "không đọc được tệp: {}",
                            crate::base::diagnostic::io_error_vi(&e)
                        ),
                        "kiểm tra đường dẫn của --file",
                    ))
                }
            }
        }
    };
    let text = decode::text(&bytes, content_type.as_deref());
    let base = job.feed().map(|f| f.url.as_str());
    match parse::parse(&text, base) {
        Ok(parsed) => Ok(Got::Items(parsed, validators)),
        Err(e) => {
            let hint = match (&job.origin, &e) {
                (Origin::Feed(_), parse::ParseError::NotAFeed(_)) => "mở địa chỉ này trong trình duyệt: nguồn tin bắt đầu bằng <rss, <feed hoặc {; sửa địa chỉ trong units.yaml",
                (Origin::Feed(_), parse::ParseError::Malformed(_)) => "nguồn tin của đơn vị đang bị lỗi: báo người quản trị trang web của đơn vị; lần nhập sau sẽ đọc lại",
                (Origin::File(_), _) => "xin đơn vị gửi lại tệp nguồn tin (RSS, Atom hay JSON Feed) xuất từ trang web của đơn vị",
            };
            Err(fail(e.vi(job.feed().is_none()), hint))
        }
    }
}

/// The warning for a feed whose dates have NukeViet's minutes fault.
fn month_warning(job: &Job) -> Diagnostic {
    let msg = format!(
        "nguồn tin {} của `{}` ghi giờ đăng sai: số phút luôn bằng số tháng (lỗi của NukeViet đến bản 4.5); chỉ lấy ngày đăng",
        job.label(),
        job.unit
    );
    let hint = "ngày đăng vẫn đúng nên báo cáo không đổi; nhờ quản trị trang web của đơn vị nâng cấp NukeViet";
    match job.feed() {
        Some(f) => Diagnostic::warning(UNITS_FILE, f.pos, msg),
        None => Diagnostic::warning(PathBuf::new(), Pos::start(), msg).in_arg("--file"),
    }
    .with_hint(hint)
}
