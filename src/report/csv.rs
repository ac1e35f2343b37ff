//! One row per unit with the JSON's scalar fields and a column per kind and per topic, UTF-8
//! with a byte-order mark so Excel shows Vietnamese correctly. Machine-readable: ids, ISO
//! dates, `.` decimals; columns added later come last, so older readers keep working.

use super::text::label;
use super::Report;
use crate::model::Site;

/// Quotes a field when it needs it (RFC 4180).
fn field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

pub(super) fn render(report: &Report, site: &Site) -> String {
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
    header.extend(
        [
            "Chuyên mục của chính đơn vị",
            "Hoạt động từ",
            "Hoạt động đến",
            "Lấy từ trang web đơn vị",
        ]
        .map(String::from),
    );
    let mut out = String::from("\u{feff}");
    let line = |cells: Vec<String>| {
        let mut l = cells.iter().map(|c| field(c)).collect::<Vec<_>>().join(",");
        l.push_str("\r\n");
        l
    };
    out.push_str(&line(header));
    for u in &report.units {
        let mut r = vec![
            u.id.clone(),
            u.name.clone(),
            u.parent.clone().unwrap_or_default(),
            u.count.to_string(),
            u.own_count.to_string(),
            if u.has_column { "có" } else { "không" }.into(),
            u.columns.join("; "),
            u.avg_per_month.to_string(),
            u.avg_per_week.to_string(),
        ];
        r.extend(u.by_kind.values().map(usize::to_string));
        r.extend(u.by_topic.values().map(usize::to_string));
        r.push(u.own_columns.join("; "));
        r.push(u.active_from.to_string());
        r.push(u.active_to.to_string());
        r.push(u.imported_count.to_string());
        out.push_str(&line(r));
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
