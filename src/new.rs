//! `loa new`: scaffold a post with its front matter.

use crate::config::{SiteConfig, SITE_FILE};
use crate::diagnostic::{did_you_mean, Diagnostic, Pos};
use crate::load::{read_text, CONTENT_DIR};
use crate::model::date::Date;
use crate::model::unit::{Units, UNITS_FILE};
use crate::slug::slugify;
use chrono::{DateTime, FixedOffset};
use std::path::{Path, PathBuf};

/// Writes `content/<section>/<slug>.md` and returns its path; never overwrites.
pub fn new_post(
    root: &Path,
    section: &str,
    title: &str,
    unit: Option<&str>,
    now: DateTime<FixedOffset>,
) -> Result<PathBuf, Vec<Diagnostic>> {
    let text = read_text(&root.join(SITE_FILE), Path::new(SITE_FILE)).map_err(|d| vec![d])?;
    let config = SiteConfig::parse(&text, Path::new(SITE_FILE))?;
    let section = section.trim_matches('/');
    let section_dir = root.join(CONTENT_DIR).join(section);
    if section.is_empty() || section.contains("..") || !section_dir.join("_index.md").is_file() {
        let existing = list_sections(&root.join(CONTENT_DIR));
        let hint = did_you_mean(section, existing.iter().map(String::as_str))
            .or_else(|| Some(format!("các chuyên mục hiện có: {}", existing.join(", "))));
        return Err(vec![Diagnostic::error(
            Path::new(CONTENT_DIR).join(section),
            Pos::start(),
            format!("không có chuyên mục `{section}`"),
        )
        .with_opt_hint(hint)]);
    }
    if let Some(u) = unit {
        let text = read_text(&root.join(UNITS_FILE), Path::new(UNITS_FILE)).map_err(|d| vec![d])?;
        let units = Units::parse(&text, Path::new(UNITS_FILE), config.offset)?;
        if units.get(u).is_none() {
            return Err(vec![Diagnostic::error(
                UNITS_FILE,
                Pos::start(),
                format!("đơn vị `{u}` không có trong units.yaml"),
            )
            .with_opt_hint(units.suggest(u))]);
        }
    }
    let slug = slugify(title);
    if slug.is_empty() {
        return Err(vec![Diagnostic::error(
            Path::new(CONTENT_DIR).join(section),
            Pos::start(),
            "tiêu đề rỗng",
        )
        .with_hint("ví dụ: loa new tin-tuc \"Tập huấn chuyển đổi số\"")]);
    }
    let rel = Path::new(CONTENT_DIR)
        .join(section)
        .join(format!("{slug}.md"));
    let path = root.join(&rel);
    let now = Date::from_datetime(now, config.offset);
    let mut fm = format!(
        "---\ntitle: \"{}\"\ndate: {}\n",
        title.replace('\\', "\\\\").replace('"', "\\\""),
        now.datetime().format("%Y-%m-%d %H:%M")
    );
    if let Some(u) = unit {
        fm.push_str(&format!("unit: {u}\n"));
    }
    let first_kind = config
        .kinds
        .keys()
        .next()
        .cloned()
        .unwrap_or_else(|| "tin".into());
    fm.push_str(&format!("kind: {first_kind}\ntopics: [{}]\ncolumn: \"\"\ntags: []\ndraft: true\n---\n\nViết đoạn mở đầu ở đây: đoạn này là tóm tắt của bài.\n", config.topics.keys().next().cloned().unwrap_or_default()));
    let file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path);
    match file {
        Ok(mut f) => {
            use std::io::Write;
            f.write_all(fm.as_bytes()).map_err(|e| {
                vec![Diagnostic::error(
                    &rel,
                    Pos::start(),
                    format!("không ghi được: {}", crate::diagnostic::io_error_vi(&e)),
                )]
            })?;
            Ok(rel)
        }
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Err(vec![Diagnostic::error(
            &rel,
            Pos::start(),
            "tệp đã tồn tại, loa không ghi đè",
        )
        .with_hint("đặt tiêu đề khác hoặc sửa trực tiếp tệp đó")]),
        Err(e) => Err(vec![Diagnostic::error(
            &rel,
            Pos::start(),
            format!("không tạo được tệp: {}", crate::diagnostic::io_error_vi(&e)),
        )]),
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
                .map(crate::load::slash_path)
        })
        .collect();
    out.sort();
    out
}
