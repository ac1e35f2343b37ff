//! One row per unit with the JSON's scalar fields and a column per kind and per topic,
//! UTF-8 with a byte-order mark so Excel shows Vietnamese correctly.

use super::{label, Report};
use crate::model::Site;

/// Quotes a field when it needs it (RFC 4180).
fn field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// The header and one row per unit, as text cells; the spreadsheet writer uses them too.
pub(super) fn rows(report: &Report, site: &Site) -> (Vec<String>, Vec<Vec<Cell>>) {
    let cfg = &site.config;
    let mut header: Vec<String> = [
        "Mã đơn vị",
        "Tên đơn vị",
        "Đơn vị cấp trên",
        "Tổng số",
        "Của chính đơn vị",
        "Có chuyên mục",
        "Tên chuyên mục",
        "TB mỗi tháng",
        "TB mỗi tuần",
    ]
    .map(String::from)
    .to_vec();
    header.extend(
        cfg.kinds
            .keys()
            .map(|k| format!("Hình thức: {}", label(&cfg.kinds, k))),
    );
    header.extend(
        cfg.topics
            .keys()
            .map(|t| format!("Chủ đề: {}", label(&cfg.topics, t))),
    );
    let rows = report
        .units
        .iter()
        .map(|u| {
            let mut r = vec![
                Cell::Text(u.id.clone()),
                Cell::Text(u.name.clone()),
                Cell::Text(u.parent.clone().unwrap_or_default()),
                Cell::Int(u.count),
                Cell::Int(u.own_count),
                Cell::Text(if u.has_column { "có" } else { "không" }.into()),
                Cell::Text(u.columns.join("; ")),
                Cell::Float(u.avg_per_month),
                Cell::Float(u.avg_per_week),
            ];
            r.extend(u.by_kind.values().map(|n| Cell::Int(*n)));
            r.extend(u.by_topic.values().map(|n| Cell::Int(*n)));
            r
        })
        .collect();
    (header, rows)
}

/// A value of the table.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Cell {
    Text(String),
    Int(usize),
    Float(f64),
}

impl Cell {
    fn csv(&self) -> String {
        match self {
            Cell::Text(s) => field(s),
            Cell::Int(n) => n.to_string(),
            Cell::Float(x) => x.to_string(),
        }
    }
}

pub(super) fn render(report: &Report, site: &Site) -> String {
    let (header, rows) = rows(report, site);
    let mut out = String::from("\u{feff}");
    out.push_str(
        &header
            .iter()
            .map(|h| field(h))
            .collect::<Vec<_>>()
            .join(","),
    );
    out.push_str("\r\n");
    for r in rows {
        out.push_str(&r.iter().map(Cell::csv).collect::<Vec<_>>().join(","));
        out.push_str("\r\n");
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn fields_are_quoted_when_needed() {
        assert_eq!(super::field("a,b"), "\"a,b\"");
        assert_eq!(super::field("say \"x\""), "\"say \"\"x\"\"\"");
        assert_eq!(super::field("Lai Châu"), "Lai Châu");
    }
}
