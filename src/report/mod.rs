//! `loa report`: publication counts per unit for a reporting period, computed from the Site
//! model (never from the files again), and written in the formats the Department asks for.

mod count;
mod csv;
mod html;
mod markdown;
mod query;
mod table;
mod text;
mod xlsx;

pub use count::report;
pub use query::{Args, Query};

use crate::base::diagnostic::Diagnostic;
use crate::base::id::{KindId, TopicId};
use crate::model::Site;
use chrono::NaiveDate;
use indexmap::IndexMap;
use serde::Serialize;

/// The report, shaped exactly like the JSON other tools read.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub period: Period,
    pub filters: Filters,
    pub totals: Totals,
    pub units: Vec<UnitReport>,
    pub missing: Vec<String>,
    /// The forms summary tables show: those of `report.kinds` in `site.yaml` and any other
    /// form some counted post used, in the order of `kinds`.
    #[serde(skip)]
    pub kinds: Vec<KindId>,
}

/// Both ends inclusive, `YYYY-MM-DD` in the JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Period {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

/// The filters given, `null` where none.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Filters {
    pub unit: Option<String>,
    pub topic: Option<String>,
    pub kind: Option<String>,
    pub tag: Option<String>,
    pub section: Option<String>,
    /// Whether the articles of the units' own websites count (`false` with `--no-imported`).
    pub imported: bool,
}

/// Figures over the distinct posts counted.
#[derive(Debug, Clone, Serialize)]
pub struct Totals {
    pub count: usize,
    /// How many of `count` are articles of the units' own websites (`imported/`).
    pub imported_count: usize,
    pub by_kind: IndexMap<KindId, usize>,
    pub by_topic: IndexMap<TopicId, usize>,
    /// Distinct posts per `YYYY-MM`, over every month the period touches.
    pub per_month: IndexMap<String, usize>,
}

/// One unit's answers; `count`, the breakdowns and `columns` include its descendants.
#[derive(Debug, Clone, Serialize)]
pub struct UnitReport {
    pub id: String,
    pub name: String,
    pub parent: Option<String>,
    /// The unit's `from` clipped to the period: the first day it is counted over.
    pub active_from: NaiveDate,
    /// The unit's `until` clipped to the period: the last day it is counted over.
    pub active_to: NaiveDate,
    pub count: usize,
    pub own_count: usize,
    /// How many of `count` are articles of the units' own websites (`imported/`).
    pub imported_count: usize,
    pub by_kind: IndexMap<KindId, usize>,
    pub by_topic: IndexMap<TopicId, usize>,
    pub has_column: bool,
    /// Column names of the unit's posts and its descendants', in Vietnamese order.
    pub columns: Vec<String>,
    /// Column names of the unit's own posts.
    pub own_columns: Vec<String>,
    /// Who runs each column: unit id -> its own column names, for the units (this one and
    /// those below it) that have one, in registry order.
    pub columns_by_unit: IndexMap<String, Vec<String>>,
    /// Posts per `YYYY-MM`, over the months `active_from..=active_to` touches.
    pub per_month: IndexMap<String, usize>,
    pub avg_per_month: f64,
    pub avg_per_week: f64,
    pub highlights: Vec<Highlight>,
    /// How many listed units stand above it, for indenting.
    #[serde(skip)]
    pub depth: usize,
}

/// A representative post.
#[derive(Debug, Clone, Serialize)]
pub struct Highlight {
    pub title: String,
    pub date: NaiveDate,
    pub url: String,
    pub featured: bool,
    /// Whether it is an article of the unit's own website, `url` its address there.
    pub imported: bool,
}

/// The output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Table,
    Markdown,
    Csv,
    Json,
    Xlsx,
    Html,
}

impl Format {
    /// Names accepted by `--format`, in the order help lists them.
    pub const NAMES: [(&'static str, Format); 6] = [
        ("table", Format::Table),
        ("md", Format::Markdown),
        ("csv", Format::Csv),
        ("json", Format::Json),
        ("xlsx", Format::Xlsx),
        ("html", Format::Html),
    ];

    /// The name `--format` takes for this format.
    pub fn name(self) -> &'static str {
        Format::NAMES
            .iter()
            .find(|(_, f)| *f == self)
            .map_or("table", |(n, _)| n)
    }

    /// Parses a `--format` value.
    pub fn parse(name: &str) -> Option<Format> {
        Format::NAMES
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name.trim()))
            .map(|(_, f)| *f)
    }

    /// The format asked for with `--format`, or implied by `-o`'s extension, or the table.
    pub fn choose(
        name: Option<&str>,
        output: Option<&std::path::Path>,
    ) -> Result<Format, Diagnostic> {
        let names = || {
            Format::NAMES
                .iter()
                .map(|(n, _)| *n)
                .collect::<Vec<_>>()
                .join(", ")
        };
        if let Some(path) = output.filter(|p| p.file_name().is_none() || p.is_dir()) {
            return Err(Diagnostic::arg(
                "-o",
                format!("`-o {}` là một thư mục, không phải tệp", path.display()),
            )
            .with_hint("đặt tên tệp, ví dụ -o bao-cao-2025.xlsx")
            .usage());
        }
        let format = match (name, output) {
            (Some(name), output) => {
                let format = Format::parse(name).ok_or_else(|| {
                    Diagnostic::arg("--format", format!("định dạng `{name}` không được hỗ trợ"))
                        .with_hint(format!("chọn một trong: {}", names()))
                        .usage()
                })?;
                // `--format md -o bao-cao.xlsx` would write Markdown that Excel cannot open.
                let implied = output.and_then(Format::from_extension);
                if let (Some(path), Some(other)) = (output, implied.filter(|f| *f != format)) {
                    let ext = path.extension().map(|e| e.to_string_lossy().into_owned());
                    return Err(Diagnostic::arg(
                        "--format",
                        format!(
                            "--format {name} không khớp với đuôi .{} của tệp `{}`",
                            ext.unwrap_or_default(),
                            path.display()
                        ),
                    )
                    .with_hint(format!(
                        "bỏ --format để ghi theo đuôi tệp ({}), hoặc đổi đuôi tệp",
                        other.name()
                    ))
                    .usage());
                }
                format
            }
            (None, Some(path)) => match path.extension() {
                None => Format::Table,
                Some(ext) => Format::from_extension(path).ok_or_else(|| {
                    Diagnostic::arg(
                        "-o",
                        format!(
                            "không biết định dạng nào cho tệp `.{}`",
                            ext.to_string_lossy()
                        ),
                    )
                    .with_hint(format!(
                        "đặt tên tệp có đuôi .md, .csv, .json, .xlsx, .html hoặc .txt, hoặc thêm --format ({})",
                        names()
                    ))
                    .usage()
                })?,
            },
            (None, None) => Format::Table,
        };
        if format == Format::Xlsx && output.is_none() {
            return Err(Diagnostic::arg(
                "--format",
                "định dạng xlsx cần tệp đầu ra: tệp Excel không in ra màn hình được",
            )
            .with_hint("thêm -o bao-cao.xlsx")
            .usage());
        }
        Ok(format)
    }

    /// The format an output file's extension implies (`bao-cao.xlsx`).
    pub fn from_extension(path: &std::path::Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "md" | "markdown" => Some(Format::Markdown),
            "csv" => Some(Format::Csv),
            "json" => Some(Format::Json),
            "xlsx" => Some(Format::Xlsx),
            "html" | "htm" => Some(Format::Html),
            "txt" => Some(Format::Table),
            _ => None,
        }
    }
}

/// Files to link from an HTML report (the CSV and XLSX of the same report).
#[derive(Debug, Clone, Default)]
pub struct Downloads {
    pub csv: Option<String>,
    pub xlsx: Option<String>,
}

/// Writes `report` in `format`; only the spreadsheet writer can fail.
pub fn render(report: &Report, site: &Site, format: Format) -> Result<Vec<u8>, String> {
    Ok(match format {
        Format::Table => table::render(report, site).into_bytes(),
        Format::Markdown => markdown::render(report, site).into_bytes(),
        Format::Csv => csv::render(report, site).into_bytes(),
        Format::Json => {
            let mut s = serde_json::to_string_pretty(report).map_err(|e| e.to_string())?;
            s.push('\n');
            s.into_bytes()
        }
        Format::Xlsx => xlsx::render(report, site)?,
        Format::Html => html::render(report, site, &Downloads::default()).into_bytes(),
    })
}

/// The HTML report with links to its CSV and XLSX, for `publish_reports`.
pub fn render_html(report: &Report, site: &Site, downloads: &Downloads) -> String {
    html::render(report, site, downloads)
}

/// The report's title and body for a page of the site's layout, and the CSS it needs.
pub fn html_body(report: &Report, site: &Site, downloads: &Downloads) -> (String, String) {
    html::body(report, site, downloads)
}

/// The CSS of a report's body (see [`html_body`]).
pub const HTML_STYLE: &str = html::STYLE;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_from_names_and_extensions() {
        assert_eq!(Format::parse("XLSX"), Some(Format::Xlsx));
        assert_eq!(Format::parse("pdf"), None);
        assert_eq!(
            Format::from_extension(std::path::Path::new("a/bao-cao.md")),
            Some(Format::Markdown)
        );
    }
}
