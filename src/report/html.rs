//! One self-contained printable page (A4): the summary table, then each unit's answers with an
//! inline SVG bar chart of its posts per month.

use super::{
    column_names, describe, label, summary_cells, used_kinds, vi_day, vi_month, Downloads, Report,
    UnitReport,
};
use crate::model::Site;
use crate::render::vi_number;
use crate::xml::escape;
use std::fmt::Write;

const STYLE: &str = "body{margin:0;font:15px/1.5 system-ui,-apple-system,\"Segoe UI\",Roboto,\"Noto Sans\",Arial,sans-serif;color:#1a1a1a;background:#fff}\
main{max-width:60rem;margin:0 auto;padding:1rem}h1{font-size:1.5rem;line-height:1.25}h2{font-size:1.2rem;margin-top:2rem}h3{font-size:1.05rem;margin:0 0 .5rem}\
a{color:#0b5394}.scroll{overflow-x:auto}table{border-collapse:collapse;width:100%;font-size:.9rem}th,td{border:1px solid #b8c2cc;padding:.3rem .45rem;text-align:left;vertical-align:top}\
td.n{text-align:right;font-variant-numeric:tabular-nums}thead th{background:#eef2f6}tbody th{font-weight:400;min-width:14rem}tfoot th,tfoot td{font-weight:700;background:#f6f8fa}caption{text-align:left;font-weight:600;padding:.25rem 0}\
.unit{border-top:1px solid #d0d7de;padding:1rem 0;break-inside:avoid}.unit p{margin:.25rem 0}svg{display:block;max-width:100%;height:auto;margin:.5rem 0}\
.bar{fill:#0b5394}.lbl{font-size:10px;fill:#333}.val{font-size:10px;fill:#1a1a1a}\
@page{size:A4;margin:15mm}@media print{body{font-size:10pt}.scroll{overflow:visible}main{max-width:none;padding:0}a{color:inherit;text-decoration:none}.noprint{display:none}}";

/// A bar chart of posts per month, labelled for screen readers.
fn chart(u: &UnitReport) -> String {
    let n = u.per_month.len().max(1);
    let bar = 28usize;
    let gap = 8usize;
    let (top, plot, bottom) = (14usize, 80usize, 30usize);
    let width = n * (bar + gap) + gap;
    let height = top + plot + bottom;
    let max = u.per_month.values().copied().max().unwrap_or(0).max(1);
    let title = format!("Số tin, bài theo tháng của {}", u.name);
    let mut svg = format!(
        "<svg role=\"img\" aria-label=\"{}\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\"><title>{}</title>",
        escape(&title),
        escape(&title)
    );
    let _ = write!(
        svg,
        "<line x1=\"0\" y1=\"{0}\" x2=\"{width}\" y2=\"{0}\" stroke=\"#4a4a4a\" stroke-width=\"1\"/>",
        top + plot
    );
    for (i, (month, count)) in u.per_month.iter().enumerate() {
        let x = gap + i * (bar + gap);
        let h = count * plot / max;
        let y = top + plot - h;
        let _ = write!(
            svg,
            "<rect class=\"bar\" x=\"{x}\" y=\"{y}\" width=\"{bar}\" height=\"{h}\"/><text class=\"val\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">{count}</text><text class=\"lbl\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>",
            x + bar / 2,
            y.saturating_sub(3).max(10),
            x + bar / 2,
            top + plot + 14,
            escape(&vi_month(month)[..2]),
        );
        if month.ends_with("-01") || i == 0 {
            let _ = write!(
                svg,
                "<text class=\"lbl\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>",
                x + bar / 2,
                top + plot + 26,
                escape(&month[..4])
            );
        }
    }
    svg.push_str("</svg>");
    svg
}

fn unit_block(out: &mut String, u: &UnitReport, site: &Site) {
    let cfg = &site.config;
    let _ = write!(
        out,
        "<section class=\"unit\" aria-labelledby=\"dv-{}\"><h3 id=\"dv-{}\">{}</h3>",
        escape(&u.id),
        escape(&u.id),
        escape(&u.name)
    );
    let column = if u.has_column {
        format!(
            "có – {}",
            u.columns
                .iter()
                .map(|c| format!("“{}”", escape(c)))
                .collect::<Vec<_>>()
                .join(", ")
        )
    } else {
        "không có chuyên mục riêng".into()
    };
    let list = |m: &indexmap::IndexMap<String, usize>,
                labels: &indexmap::IndexMap<String, String>| {
        let v: Vec<String> = m
            .iter()
            .filter(|(_, n)| **n > 0)
            .map(|(k, n)| format!("{}: {n}", escape(label(labels, k))))
            .collect();
        if v.is_empty() {
            "không có".to_string()
        } else {
            v.join("; ")
        }
    };
    let _ = write!(
        out,
        "<p><strong>1. Chuyên mục:</strong> {column}.</p><p><strong>2. Số lượng:</strong> {} tin, bài (của chính đơn vị: {}). Theo hình thức: {}. Theo chủ đề: {}.</p><p><strong>3. Tần suất:</strong> trung bình {} tin, bài mỗi tuần; {} tin, bài mỗi tháng.</p>",
        u.count,
        u.own_count,
        list(&u.by_kind, &cfg.kinds),
        list(&u.by_topic, &cfg.topics),
        vi_number(u.avg_per_week, 2),
        vi_number(u.avg_per_month, 2),
    );
    out.push_str(&chart(u));
    out.push_str("<p><strong>4. Tin, bài tiêu biểu:</strong></p><ol>");
    for h in &u.highlights {
        let star = if h.featured { " (tiêu biểu)" } else { "" };
        let _ = write!(
            out,
            "<li><a href=\"{}\">{}</a> – {}{star}</li>",
            escape(&h.url),
            escape(&h.title),
            vi_day(&h.date)
        );
    }
    out.push_str("</ol></section>\n");
}

pub(super) fn render(report: &Report, site: &Site, downloads: &Downloads) -> String {
    let cfg = &site.config;
    let title = format!(
        "Báo cáo tuyên truyền chuyển đổi số {} – {}",
        vi_day(&report.period.from),
        vi_day(&report.period.to)
    );
    let mut out = format!(
        "<!DOCTYPE html>\n<html lang=\"vi\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<link rel=\"icon\" href=\"data:,\">\n<style>{STYLE}</style>\n</head>\n<body>\n<main>\n<h1>Báo cáo kết quả thông tin, tuyên truyền về chuyển đổi số, an toàn thông tin</h1>\n<p>{}. Số liệu lấy từ các tin, bài đã đăng trên <a href=\"{}/\">{}</a>; tin, bài của đơn vị trực thuộc được cộng vào đơn vị cấp trên.</p>\n",
        escape(&title),
        escape(&describe(report, site)),
        escape(&cfg.base_url),
        escape(&cfg.title)
    );
    let links: Vec<String> = [("CSV", &downloads.csv), ("Excel (XLSX)", &downloads.xlsx)]
        .iter()
        .filter_map(|(name, href)| {
            href.as_ref()
                .map(|h| format!("<a href=\"{}\">{name}</a>", escape(h)))
        })
        .collect();
    if !links.is_empty() {
        let _ = writeln!(
            out,
            "<p class=\"noprint\">Tải về: {}</p>",
            links.join(" · ")
        );
    }

    let kinds = used_kinds(report);
    out.push_str("<h2>Tổng hợp</h2>\n<div class=\"scroll\"><table>\n<caption>Số tin, bài theo đơn vị và hình thức</caption>\n<thead><tr><th scope=\"col\">Đơn vị</th><th scope=\"col\">Tổng số</th>");
    for k in &kinds {
        let _ = write!(
            out,
            "<th scope=\"col\">{}</th>",
            escape(label(&cfg.kinds, k))
        );
    }
    out.push_str("<th scope=\"col\">TB mỗi tuần</th><th scope=\"col\">TB mỗi tháng</th><th scope=\"col\">Chuyên mục</th></tr></thead>\n<tbody>\n");
    for u in &report.units {
        let _ = write!(
            out,
            "<tr><th scope=\"row\" style=\"padding-left:{}em\">{}</th>",
            0.45 + 1.25 * u.depth as f64,
            escape(&u.name),
        );
        for cell in summary_cells(u, &kinds) {
            let _ = write!(out, "<td class=\"n\">{cell}</td>");
        }
        let _ = writeln!(out, "<td>{}</td></tr>", column_names(u, escape));
    }
    let _ = write!(out, "</tbody>\n<tfoot><tr><th scope=\"row\">Cộng (không tính trùng)</th><td class=\"n\">{}</td>", report.totals.count);
    for k in &kinds {
        let _ = write!(
            out,
            "<td class=\"n\">{}</td>",
            report.totals.by_kind[k.as_str()]
        );
    }
    out.push_str("<td></td><td></td><td></td></tr></tfoot>\n</table></div>\n");

    out.push_str("<h2>Trả lời theo từng đơn vị</h2>\n");
    let with_posts: Vec<&UnitReport> = report.units.iter().filter(|u| u.count > 0).collect();
    if with_posts.is_empty() {
        out.push_str("<p>Không đơn vị nào có tin, bài trong kỳ.</p>\n");
    }
    for u in with_posts {
        unit_block(&mut out, u, site);
    }
    out.push_str("<h2>Đơn vị chưa có tin, bài trong kỳ</h2>\n");
    if report.missing.is_empty() {
        out.push_str("<p>Không có: mọi đơn vị đều có tin, bài.</p>\n");
    } else {
        out.push_str("<ul>\n");
        for id in &report.missing {
            let name = site.units.get(id).map_or(id.as_str(), |u| u.name.as_str());
            let _ = writeln!(out, "<li>{}</li>", escape(name));
        }
        out.push_str("</ul>\n");
    }
    out.push_str("</main>\n</body>\n</html>\n");
    out
}
