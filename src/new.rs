//! `loa new`: scaffold a post with its front matter. It never guesses what a report would
//! count: a field the section gives no default for is written empty, with a comment listing
//! the choices, and the build refuses an empty `kind` until the editor picks one.

use crate::base::date::Date;
use crate::base::diagnostic::{did_you_mean, Diagnostic, Diagnostics, Pos};
use crate::base::slug::slugify;
use crate::base::vi;
use crate::input::config::{ids, SiteConfig, SITE_FILE};
use crate::input::units::{Unit, Units, UNITS_FILE};
use crate::input::{load_source, read_text, CONTENT_DIR};
use crate::model::{section_from_source, Section};
use chrono::{DateTime, FixedOffset};
use std::fmt::Write;
use std::path::{Path, PathBuf};

/// Why no post was written.
#[derive(Debug)]
pub enum NewError {
    /// A file of the site has problems.
    Content(Vec<Diagnostic>),
    /// An argument names something the site does not have, cannot be used today, or cannot
    /// mean anything; the diagnostic names the argument.
    Arg(Diagnostic),
}

impl From<Vec<Diagnostic>> for NewError {
    fn from(d: Vec<Diagnostic>) -> Self {
        NewError::Content(d)
    }
}

/// A post written by `loa new`.
#[derive(Debug)]
pub struct Created {
    /// Relative to the site root.
    pub path: PathBuf,
    /// Fields left empty for the editor to fill (`kind`, `topics`).
    pub to_fill: Vec<&'static str>,
}

/// Writes `content/<section>/<slug>.md`; never overwrites.
pub fn new_post(
    root: &Path,
    section: &str,
    title: &str,
    unit: Option<&str>,
    now: DateTime<FixedOffset>,
) -> Result<Created, NewError> {
    let text = read_text(&root.join(SITE_FILE), Path::new(SITE_FILE)).map_err(|d| vec![d])?;
    let config = SiteConfig::parse(&text, Path::new(SITE_FILE))?;
    let section = section.trim_matches('/');
    let sec = read_section(root, section, &config)?;
    let text = read_text(&root.join(UNITS_FILE), Path::new(UNITS_FILE)).map_err(|d| vec![d])?;
    let units = Units::parse(&text, Path::new(UNITS_FILE), config.offset)?;
    let now = Date::from_datetime(now, config.offset);
    let unit = match unit {
        Some(u) => Some(unit_today(&units, u.trim(), now)?),
        None if sec.reportable => return Err(NewError::Arg(unit_required(&units, section, now))),
        None => None,
    };
    let slug = slugify(title);
    if slug.is_empty() {
        return Err(NewError::Arg(
            Diagnostic::arg(
                "<TIÊU_ĐỀ>",
                format!("tiêu đề `{title}` không có chữ hay số nào để đặt tên tệp"),
            )
            .with_hint(format!(
                "ví dụ: loa new {section} \"Tập huấn chuyển đổi số\"{}",
                unit.map_or(String::new(), |u| format!(" --unit {}", u.id))
            ))
            .usage(),
        ));
    }
    let rel = Path::new(CONTENT_DIR)
        .join(section)
        .join(format!("{slug}.md"));
    let (front, to_fill) = front_matter(title, &sec, &config, unit, now);
    write_new(root, &rel, &front)?;
    Ok(Created { path: rel, to_fill })
}

/// The section at `content/<section>/`, read and checked like a build reads it.
fn read_section(root: &Path, section: &str, config: &SiteConfig) -> Result<Section, NewError> {
    let dir = root.join(CONTENT_DIR).join(section);
    let index = dir.join("_index.md");
    if section.is_empty() || section.contains("..") || !index.is_file() {
        let existing = list_sections(&root.join(CONTENT_DIR));
        let hint = did_you_mean(section, existing.iter().map(String::as_str))
            .or_else(|| Some(format!("các mục hiện có: {}", existing.join(", "))));
        return Err(NewError::Arg(
            Diagnostic::arg(
                "<MỤC>",
                format!(
                    "không có mục `{section}`: cần thư mục content/{section}/ với tệp _index.md"
                ),
            )
            .with_opt_hint(hint),
        ));
    }
    let rel = format!("{section}/_index.md");
    let src = load_source(&rel, &index)?;
    let mut diags = Diagnostics::new();
    let sec = section_from_source(&src, config, &mut diags);
    if diags.has_errors() {
        return Err(NewError::Content(diags.sorted()));
    }
    Ok(sec)
}

/// The unit `id`, known and active on `now`'s day.
fn unit_today<'a>(units: &'a Units, id: &str, now: Date) -> Result<&'a Unit, NewError> {
    let Some(u) = units.get(id) else {
        return Err(NewError::Arg(
            Diagnostic::arg("--unit", format!("đơn vị `{id}` không có trong units.yaml"))
                .with_opt_hint(units.suggest(id)),
        ));
    };
    let today = now.day();
    if u.active_on(today) {
        return Ok(u);
    }
    let state = match u.until {
        Some(until) if until < today => format!(
            "đã thôi hoạt động sau ngày {}",
            crate::base::date::vi_day(until)
        ),
        _ => format!("chưa hoạt động ({})", u.span_vi().unwrap_or_default()),
    };
    let others = units.carried_on_by(&u.id, today, today);
    let hint = match others.as_slice() {
        [] => active_today(units, now),
        list => format!(
            "bài đăng hôm nay thuộc {}",
            list.iter()
                .map(|x| x.label())
                .collect::<Vec<_>>()
                .join(" hoặc ")
        ),
    };
    Err(NewError::Arg(
        Diagnostic::arg("--unit", format!("đơn vị `{id}` ({}) {state}", u.name)).with_hint(hint),
    ))
}

/// The error for a reportable section without `--unit`: it lists the units active today, in
/// Vietnamese alphabetical order of their names.
fn unit_required(units: &Units, section: &str, now: Date) -> Diagnostic {
    Diagnostic::arg(
        "--unit",
        format!("bài trong mục `{section}` được tính vào báo cáo: cần --unit MÃ_ĐƠN_VỊ"),
    )
    .with_hint(active_today(units, now))
}

/// The hint that lists the units active on `now`'s day, by name in Vietnamese order.
fn active_today(units: &Units, now: Date) -> String {
    let mut active: Vec<&Unit> = units.iter().filter(|u| u.active_on(now.day())).collect();
    if active.is_empty() {
        return "units.yaml không có đơn vị nào đang hoạt động hôm nay".into();
    }
    active.sort_by_cached_key(|u| vi::collate::sort_key(&u.name));
    let list: Vec<String> = active.iter().map(|u| u.label()).collect();
    format!("các đơn vị đang hoạt động hôm nay: {}", list.join(", "))
}

/// The new file: what the section gives as defaults, the rest empty with the choices beside;
/// and the fields left empty.
fn front_matter(
    title: &str,
    sec: &Section,
    config: &SiteConfig,
    unit: Option<&Unit>,
    now: Date,
) -> (String, Vec<&'static str>) {
    let mut to_fill = Vec::new();
    let mut fm = format!(
        "---\ntitle: \"{}\"\n",
        title.replace('\\', "\\\\").replace('"', "\\\"")
    );
    if sec.dated || sec.reportable {
        let _ = writeln!(
            fm,
            "date: {}",
            now.datetime().format(crate::base::date::FRONT_MATTER)
        );
    } else {
        // An evergreen page has no publication date; its update puts it in its section's feed.
        let _ = writeln!(
            fm,
            "updated: {}",
            now.datetime().format(crate::base::date::FRONT_MATTER)
        );
    }
    if let Some(u) = unit {
        let _ = writeln!(fm, "unit: {}", u.id);
    }
    match &sec.new_post.kind {
        Some(k) => {
            let _ = writeln!(fm, "kind: {k}");
        }
        None if sec.reportable => {
            let _ = writeln!(
                fm,
                "kind: \"\"  # hình thức, chọn một: {}",
                ids(&config.kinds)
            );
            to_fill.push("kind");
        }
        None => {}
    }
    if sec.new_post.topics.is_empty() {
        let _ = writeln!(
            fm,
            "topics: []  # chủ đề, chọn trong: {}",
            ids(&config.topics)
        );
        to_fill.push("topics");
    } else {
        let _ = writeln!(fm, "topics: [{}]", sec.new_post.topics.join(", "));
    }
    if sec.reportable {
        fm.push_str("column: \"\"  # chuyên mục của đơn vị mà bài đăng trong đó, nếu có\n");
    }
    fm.push_str(
        "tags: []\ndraft: true\n---\n\nViết đoạn mở đầu ở đây: đoạn này là tóm tắt của bài.\n",
    );
    (fm, to_fill)
}

/// Creates `rel` under `root` with `text`; an existing file is never touched.
fn write_new(root: &Path, rel: &Path, text: &str) -> Result<(), NewError> {
    use std::io::Write;
    let file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(root.join(rel));
    let err = |msg: String| NewError::Content(vec![Diagnostic::error(rel, Pos::start(), msg)]);
    match file {
        Ok(mut f) => f.write_all(text.as_bytes()).map_err(|e| {
            err(format!(
                "không ghi được: {}",
                crate::base::diagnostic::io_error_vi(&e)
            ))
        }),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            Err(NewError::Content(vec![Diagnostic::error(
                rel,
                Pos::start(),
                "tệp đã tồn tại, loa không ghi đè",
            )
            .with_hint("đặt tiêu đề khác hoặc sửa trực tiếp tệp đó")]))
        }
        Err(e) => Err(err(format!(
            "không tạo được tệp: {}",
            crate::base::diagnostic::io_error_vi(&e)
        ))),
    }
}

fn list_sections(content: &Path) -> Vec<String> {
    let mut out: Vec<String> = walkdir::WalkDir::new(content)
        .min_depth(2)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_name() == "_index.md")
        .filter_map(|e| {
            e.path()
                .parent()?
                .strip_prefix(content)
                .ok()
                .map(crate::input::slash_path)
        })
        .collect();
    out.sort();
    out
}
