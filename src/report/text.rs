//! The sentences and cells every format shares, so md, html, xlsx and the terminal table say
//! the same thing in the same words.

use super::{Report, UnitReport};
use crate::base::id::KindId;
use crate::base::vi;
use crate::model::Site;
use indexmap::IndexMap;

/// Vietnamese label of a kind or topic id.
pub(super) fn label<'a, K>(map: &'a IndexMap<K, String>, id: &'a str) -> &'a str
where
    K: std::hash::Hash + Eq + std::borrow::Borrow<str>,
{
    map.get(id).map_or(id, String::as_str)
}

/// A unit's name, from the registry.
pub(super) fn unit_name<'a>(site: &'a Site, id: &'a str) -> &'a str {
    site.units.get(id).map_or(id, |u| u.name.as_str())
}

/// Whether the report says how many entries came from the units' own websites: when it
/// counts them and the site has any.
pub(super) fn shows_imported(report: &Report, site: &Site) -> bool {
    report.filters.imported && !site.imported.is_empty()
}

/// The answer on the number of entries: the unit's own, its units', and, when the report
/// shows them, those from the unit's own website.
pub(super) fn count_answer(u: &UnitReport, report: &Report, site: &Site) -> String {
    let web = if shows_imported(report, site) {
        format!("; lấy từ trang web của đơn vị: {}", u.imported_count)
    } else {
        String::new()
    };
    format!(
        "{} tin, bài (của chính đơn vị: {}; của đơn vị trực thuộc: {}{web})",
        u.count,
        u.own_count,
        u.count - u.own_count
    )
}

/// The sentence under a summary table on the entries from the units' own websites, when the
/// report shows them.
pub(super) fn imported_total(report: &Report, site: &Site) -> Option<String> {
    shows_imported(report, site).then(|| {
        format!(
            "Trong đó {} tin, bài lấy từ trang web của các đơn vị (nguồn tin của đơn vị, thư mục imported/).",
            report.totals.imported_count
        )
    })
}

/// A unit's figures as summary tables show them: the count, one per shown form, then the
/// average per week and per month in Vietnamese style, always with two decimals so that
/// columns line up.
pub(super) fn summary_cells(u: &UnitReport, kinds: &[KindId]) -> Vec<String> {
    let mut cells = vec![u.count.to_string()];
    cells.extend(kinds.iter().map(|k| u.by_kind[k.as_str()].to_string()));
    cells.push(vi::fixed(u.avg_per_week, 2));
    cells.push(vi::fixed(u.avg_per_month, 2));
    cells
}

/// How the lists of units without posts name one: a station with the district it belongs to,
/// since the list does not show the tree.
pub(super) fn unit_with_parent(
    u: &UnitReport,
    report: &Report,
    site: &Site,
    esc: impl Fn(&str) -> String,
) -> String {
    let mut s = esc(&u.name);
    if let Some(p) = &u.parent {
        s.push_str(&format!(", thuộc {}", esc(unit_name(site, p))));
    }
    if let Some(note) = active_note(u, report) {
        s.push_str(&format!(" – {}", esc(&note)));
    }
    s
}

/// The report's title: `report.title` of `site.yaml`, or the letters' usual one.
pub(super) fn title(site: &Site) -> &str {
    site.config.report_title.as_deref().unwrap_or(TITLE)
}

/// The summary table's column cell: the unit's own columns alone, or, when units below it run
/// columns too, every column with the name of the unit that runs it; `không` when none.
pub(super) fn column_cell(u: &UnitReport, site: &Site, esc: impl Fn(&str) -> String) -> String {
    if !u.has_column {
        return "không".into();
    }
    let only_own = u.columns_by_unit.keys().all(|id| *id == u.id);
    u.columns_by_unit
        .iter()
        .map(|(id, names)| {
            let names: Vec<String> = names.iter().map(|c| esc(c)).collect();
            if only_own {
                names.join("; ")
            } else {
                format!("{} ({})", names.join("; "), esc(unit_name(site, id)))
            }
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// The answer to the letter's first question, naming the unit that runs each column:
/// `có – “Chuyển đổi số” (Đài truyền thanh xã Bình Lư)`.
pub(super) fn column_answer(u: &UnitReport, site: &Site, esc: impl Fn(&str) -> String) -> String {
    if !u.has_column {
        return "không có chuyên mục riêng".into();
    }
    let parts: Vec<String> = u
        .columns_by_unit
        .iter()
        .map(|(id, names)| {
            let names: Vec<String> = names.iter().map(|c| format!("“{}”", esc(c))).collect();
            format!("{} ({})", names.join(", "), esc(unit_name(site, id)))
        })
        .collect();
    format!("có – {}", parts.join("; "))
}

/// `từ 01/07/2025`, `đến 30/06/2025` or both, when the unit existed for only part of the
/// period.
pub(super) fn span_text(u: &UnitReport, report: &Report) -> Option<String> {
    let p = &report.period;
    vi::span(
        (u.active_from > p.from).then_some(u.active_from),
        (u.active_to < p.to).then_some(u.active_to),
    )
}

/// `hoạt động từ 01/07/2025` when the unit existed for only part of the period.
pub(super) fn active_note(u: &UnitReport, report: &Report) -> Option<String> {
    span_text(u, report).map(|s| format!("hoạt động {s}"))
}

/// The days the unit's averages are taken over, when that is not the whole period.
pub(super) fn frequency_basis(u: &UnitReport, report: &Report) -> Option<String> {
    span_text(u, report).map(|_| {
        format!(
            "tính trên thời gian đơn vị hoạt động trong kỳ, từ {} đến {}",
            crate::base::date::vi_day(u.active_from),
            crate::base::date::vi_day(u.active_to)
        )
    })
}

/// `Tin: 2; Bài: 1` for the non-zero entries, each label passed through `esc`, or `không có`.
pub(super) fn breakdown<K>(
    map: &IndexMap<K, usize>,
    labels: &IndexMap<K, String>,
    esc: impl Fn(&str) -> String,
) -> String
where
    K: std::hash::Hash + Eq + std::borrow::Borrow<str> + std::ops::Deref<Target = str>,
{
    let parts: Vec<String> = map
        .iter()
        .filter(|(_, n)| **n > 0)
        .map(|(k, n)| format!("{}: {n}", esc(label(labels, k))))
        .collect();
    if parts.is_empty() {
        "không có".into()
    } else {
        parts.join("; ")
    }
}

/// `Tin: 2; Bài: 0; Ảnh: 0; Văn bản: 1`: every form the report shows, zero or not.
pub(super) fn kinds_breakdown(
    u: &UnitReport,
    report: &Report,
    site: &Site,
    esc: impl Fn(&str) -> String,
) -> String {
    if report.kinds.is_empty() {
        return "không có".into();
    }
    report
        .kinds
        .iter()
        .map(|k| {
            format!(
                "{}: {}",
                esc(label(&site.config.kinds, k)),
                u.by_kind[k.as_str()]
            )
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// `2022-03` -> `03/2022`.
pub(super) fn vi_month(key: &str) -> String {
    match key.split_once('-') {
        Some((y, m)) => format!("{m}/{y}"),
        None => key.to_string(),
    }
}

/// The report's title when `site.yaml` gives none.
const TITLE: &str = "Báo cáo kết quả thông tin, tuyên truyền về chuyển đổi số, an toàn thông tin";

/// What the report says when no unit existed in the period (or under the `--unit` given).
pub(super) const NO_UNITS: &str = "Không có đơn vị nào hoạt động trong kỳ.";

/// The sentence on units without posts, for reports that list some units.
pub(super) fn missing_sentence(report: &Report) -> String {
    if report.units.is_empty() {
        NO_UNITS.into()
    } else if report.missing.is_empty() {
        "Không có: mọi đơn vị đều có tin, bài trong kỳ.".into()
    } else {
        format!(
            "{} trong {} đơn vị chưa có tin, bài trong kỳ:",
            report.missing.len(),
            report.units.len()
        )
    }
}

/// The period as Vietnamese text, with the filters given.
pub(super) fn describe(report: &Report, site: &Site) -> String {
    let mut s = format!(
        "Kỳ báo cáo: từ {} đến {}",
        crate::base::date::vi_day(report.period.from),
        crate::base::date::vi_day(report.period.to)
    );
    let f = &report.filters;
    let mut parts = Vec::new();
    if let Some(u) = &f.unit {
        let below = site.units.get(u).is_some_and(|x| !x.children.is_empty());
        let and_below = if below {
            " và các đơn vị trực thuộc"
        } else {
            ""
        };
        parts.push(format!("đơn vị {}{and_below}", unit_name(site, u)));
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
        parts.push(format!("mục {sec}"));
    }
    if !parts.is_empty() {
        s.push_str(&format!(" (chỉ tính: {})", parts.join("; ")));
    }
    s
}

/// The sentence that says where the figures come from.
pub(super) fn source_sentence(site: &Site, esc: impl Fn(&str) -> String) -> String {
    format!(
        "Số liệu lấy từ các tin, bài đã đăng trên {} ({}); tin, bài của đơn vị trực thuộc được cộng vào đơn vị cấp trên; tần suất của đơn vị chỉ hoạt động một phần kỳ được tính trên thời gian hoạt động.",
        esc(&site.config.title),
        esc(&site.config.base_url)
    )
}
