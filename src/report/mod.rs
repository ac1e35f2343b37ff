//! `loa report`: publication counts per unit for a reporting period, computed from the Site
//! model (never from the files again), and written in the formats the Department asks for.

mod csv;
mod html;
mod markdown;
mod query;
mod table;
mod xlsx;

pub use query::{ArgError, Args, Query};

use crate::model::unit::UnitId;
use crate::model::{Page, Site};
use crate::slug::collation_key;
use chrono::{Datelike, NaiveDate};
use indexmap::IndexMap;
use serde::Serialize;
use std::collections::{BTreeSet, HashMap};

/// The report, shaped exactly like the JSON other tools read.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub period: Period,
    pub filters: Filters,
    pub totals: Totals,
    pub units: Vec<UnitReport>,
    pub missing: Vec<String>,
}

/// Both ends inclusive, `YYYY-MM-DD`.
#[derive(Debug, Clone, Serialize)]
pub struct Period {
    pub from: String,
    pub to: String,
}

/// The filters given, `null` where none.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Filters {
    pub unit: Option<String>,
    pub topic: Option<String>,
    pub kind: Option<String>,
    pub tag: Option<String>,
    pub section: Option<String>,
}

/// Figures over the distinct posts counted.
#[derive(Debug, Clone, Serialize)]
pub struct Totals {
    pub count: usize,
    pub by_kind: IndexMap<String, usize>,
    pub by_topic: IndexMap<String, usize>,
}

/// One unit's answers; `count` and the breakdowns include its descendants.
#[derive(Debug, Clone, Serialize)]
pub struct UnitReport {
    pub id: String,
    pub name: String,
    pub parent: Option<String>,
    pub count: usize,
    pub own_count: usize,
    pub by_kind: IndexMap<String, usize>,
    pub by_topic: IndexMap<String, usize>,
    pub has_column: bool,
    pub columns: Vec<String>,
    pub per_month: IndexMap<String, usize>,
    pub avg_per_month: f64,
    pub avg_per_week: f64,
    pub highlights: Vec<Highlight>,
    /// Depth below the report's top units, for indenting.
    #[serde(skip)]
    pub depth: usize,
}

/// A representative post.
#[derive(Debug, Clone, Serialize)]
pub struct Highlight {
    pub title: String,
    pub date: String,
    pub url: String,
    pub featured: bool,
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

    /// Parses a `--format` value.
    pub fn parse(name: &str) -> Option<Format> {
        Format::NAMES
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name.trim()))
            .map(|(_, f)| *f)
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

/// Whether `p` counts for `q`: a published page of a reportable section, dated inside the
/// period (days in the site's offset), matching every filter.
fn counted(site: &Site, q: &Query, p: &Page) -> bool {
    let Some(date) = p.date else { return false };
    let day = date.day();
    let sec = &site.sections[p.section];
    sec.reportable
        && !p.draft
        && q.from <= day
        && day <= q.to
        && q.topic.as_ref().is_none_or(|t| p.topics.contains(t))
        && q.kind.as_ref().is_none_or(|k| &p.kind == k)
        && q.tag
            .as_ref()
            .is_none_or(|t| p.tags.iter().any(|x| &x.slug == t))
        && q.section.is_none_or(|s| in_section(site, p.section, s))
        && q.unit.as_ref().is_none_or(|u| {
            p.unit
                .as_ref()
                .is_some_and(|pu| site.units.ancestors_and_self(pu).any(|a| a == u))
        })
}

/// Whether section `s` is `target` or below it.
fn in_section(site: &Site, mut s: usize, target: usize) -> bool {
    loop {
        if s == target {
            return true;
        }
        match site.sections[s].parent {
            Some(p) => s = p,
            None => return false,
        }
    }
}

/// Every `YYYY-MM` the period touches.
fn months(from: NaiveDate, to: NaiveDate) -> Vec<String> {
    let mut out = Vec::new();
    let (mut y, mut m) = (from.year(), from.month());
    while (y, m) <= (to.year(), to.month()) {
        out.push(format!("{y:04}-{m:02}"));
        (y, m) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
    }
    out
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// Computes the report for `q` from the model.
pub fn report(site: &Site, q: &Query) -> Report {
    let cfg = &site.config;
    let zeros = |ids: &mut dyn Iterator<Item = &String>| -> IndexMap<String, usize> {
        ids.map(|k| (k.clone(), 0)).collect()
    };
    let kinds0 = zeros(&mut cfg.kinds.keys());
    let topics0 = zeros(&mut cfg.topics.keys());
    let month_keys = months(q.from, q.to);
    let days = (q.to - q.from).num_days() as f64 + 1.0;

    let posts: Vec<usize> = (0..site.pages.len())
        .filter(|&i| counted(site, q, &site.pages[i]))
        .collect();

    // The units shown: the registry (or the --unit subtree), active at some time in the period.
    let in_scope = |id: &UnitId| {
        q.unit
            .as_ref()
            .is_none_or(|u| site.units.ancestors_and_self(id).any(|a| a == u))
    };
    let shown: Vec<&crate::model::unit::Unit> = site
        .units
        .iter()
        .filter(|u| in_scope(&u.id) && u.active_during(q.from, q.to))
        .collect();
    let top_depth = q
        .unit
        .as_ref()
        .and_then(|u| site.units.get(u.as_str()))
        .map_or(0, |u| u.depth);

    // Posts of each unit, its descendants included.
    let mut rolled: HashMap<&str, Vec<usize>> = HashMap::new();
    for &i in &posts {
        if let Some(u) = &site.pages[i].unit {
            for a in site.units.ancestors_and_self(u) {
                rolled.entry(a.as_str()).or_default().push(i);
            }
        }
    }

    let tally = |list: &[usize]| {
        let mut by_kind = kinds0.clone();
        let mut by_topic = topics0.clone();
        for &i in list {
            let p = &site.pages[i];
            if let Some(n) = by_kind.get_mut(&p.kind) {
                *n += 1;
            }
            for t in &p.topics {
                if let Some(n) = by_topic.get_mut(t) {
                    *n += 1;
                }
            }
        }
        (by_kind, by_topic)
    };

    let units: Vec<UnitReport> = shown
        .iter()
        .map(|u| {
            let list = rolled.get(u.id.as_str()).map_or(&[][..], Vec::as_slice);
            let (by_kind, by_topic) = tally(list);
            let own_count = list
                .iter()
                .filter(|&&i| site.pages[i].unit.as_ref() == Some(&u.id))
                .count();
            let columns: BTreeSet<(String, String)> = list
                .iter()
                .filter_map(|&i| site.pages[i].column.as_deref())
                .map(str::trim)
                .filter(|c| !c.is_empty())
                .map(collation_key)
                .collect();
            let columns: Vec<String> = columns.into_iter().map(|(_, c)| c).collect();
            let mut per_month: IndexMap<String, usize> =
                month_keys.iter().map(|m| (m.clone(), 0)).collect();
            for &i in list {
                if let Some(d) = site.pages[i].date {
                    let key = d.day().format("%Y-%m").to_string();
                    if let Some(n) = per_month.get_mut(&key) {
                        *n += 1;
                    }
                }
            }
            let count = list.len();
            UnitReport {
                id: u.id.as_str().to_string(),
                name: u.name.clone(),
                parent: u.parent.as_ref().map(|p| p.as_str().to_string()),
                count,
                own_count,
                by_kind,
                by_topic,
                has_column: !columns.is_empty(),
                columns,
                avg_per_month: round2(count as f64 / month_keys.len().max(1) as f64),
                avg_per_week: round2(count as f64 / (days / 7.0)),
                per_month,
                highlights: highlights(site, list, q.highlights),
                depth: u.depth.saturating_sub(top_depth),
            }
        })
        .collect();

    let (by_kind, by_topic) = tally(&posts);
    Report {
        period: Period {
            from: q.from.format("%Y-%m-%d").to_string(),
            to: q.to.format("%Y-%m-%d").to_string(),
        },
        filters: q.filters.clone(),
        totals: Totals {
            count: posts.len(),
            by_kind,
            by_topic,
        },
        missing: units
            .iter()
            .filter(|u| u.count == 0)
            .map(|u| u.id.clone())
            .collect(),
        units,
    }
}

/// Featured posts newest first, then the others newest first, ties by URL; at most `max`.
fn highlights(site: &Site, list: &[usize], max: usize) -> Vec<Highlight> {
    let mut v: Vec<&Page> = list.iter().map(|&i| &site.pages[i]).collect();
    v.sort_by(|a, b| {
        b.featured
            .cmp(&a.featured)
            .then_with(|| b.date.cmp(&a.date))
            .then_with(|| a.permalink.cmp(&b.permalink))
    });
    v.into_iter()
        .take(max)
        .map(|p| Highlight {
            title: p.title.clone(),
            date: p.date.map(|d| d.iso_day()).unwrap_or_default(),
            url: site.config.url(p.permalink.as_str()),
            featured: p.featured,
        })
        .collect()
}

/// The kinds with at least one post in the report: summary tables leave the others out, so
/// they stay narrow enough for a terminal and an A4 page.
fn used_kinds(report: &Report) -> Vec<&String> {
    report
        .totals
        .by_kind
        .iter()
        .filter(|(_, n)| **n > 0)
        .map(|(k, _)| k)
        .collect()
}

/// A unit's figures as summary tables show them: the count, one per kind of `kinds`, then the
/// average per week and per month in Vietnamese style.
fn summary_cells(u: &UnitReport, kinds: &[&String]) -> Vec<String> {
    let mut cells = vec![u.count.to_string()];
    cells.extend(kinds.iter().map(|k| u.by_kind[k.as_str()].to_string()));
    cells.push(crate::render::vi_number(u.avg_per_week, 2));
    cells.push(crate::render::vi_number(u.avg_per_month, 2));
    cells
}

/// The unit's column names, each passed through `esc`, or `không`.
fn column_names(u: &UnitReport, esc: impl Fn(&str) -> String) -> String {
    if u.has_column {
        u.columns
            .iter()
            .map(|c| esc(c))
            .collect::<Vec<_>>()
            .join("; ")
    } else {
        "không".into()
    }
}

/// Vietnamese label of a kind or topic id.
fn label<'a>(map: &'a IndexMap<String, String>, id: &'a str) -> &'a str {
    map.get(id).map_or(id, String::as_str)
}

/// `2022-03-01` -> `01/03/2022`.
fn vi_day(iso: &str) -> String {
    match NaiveDate::parse_from_str(iso, "%Y-%m-%d") {
        Ok(d) => d.format("%d/%m/%Y").to_string(),
        Err(_) => iso.to_string(),
    }
}

/// `2022-03` -> `03/2022`.
fn vi_month(key: &str) -> String {
    match key.split_once('-') {
        Some((y, m)) => format!("{m}/{y}"),
        None => key.to_string(),
    }
}

/// The period as Vietnamese text, with the filters given.
fn describe(report: &Report, site: &Site) -> String {
    let mut s = format!(
        "Kỳ báo cáo: từ {} đến {}",
        vi_day(&report.period.from),
        vi_day(&report.period.to)
    );
    let f = &report.filters;
    let mut parts = Vec::new();
    if let Some(u) = &f.unit {
        let name = site.units.get(u).map_or(u.as_str(), |x| x.name.as_str());
        parts.push(format!("đơn vị {name} và các đơn vị trực thuộc"));
    }
    if let Some(t) = &f.topic {
        parts.push(format!("chủ đề {}", label(&site.config.topics, t)));
    }
    if let Some(k) = &f.kind {
        parts.push(format!("hình thức {}", label(&site.config.kinds, k)));
    }
    if let Some(t) = &f.tag {
        let name = site
            .tags
            .iter()
            .find(|x| &x.slug == t)
            .map_or(t.as_str(), |x| x.name.as_str());
        parts.push(format!("thẻ “{name}”"));
    }
    if let Some(sec) = &f.section {
        parts.push(format!("chuyên mục {sec}"));
    }
    if !parts.is_empty() {
        s.push_str(&format!(" (chỉ tính: {})", parts.join("; ")));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_cover_the_period() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        assert_eq!(
            months(d("2022-11-15"), d("2023-02-01")),
            ["2022-11", "2022-12", "2023-01", "2023-02"]
        );
        assert_eq!(months(d("2022-01-01"), d("2022-01-31")), ["2022-01"]);
    }

    #[test]
    fn rounding_to_two_decimals() {
        assert_eq!(round2(2.0 / 12.0), 0.17);
        assert_eq!(round2(4.0 / (365.0 / 7.0)), 0.08);
    }

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
