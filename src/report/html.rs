//! One self-contained printable page (A4): the summary table, then each unit's answers with an
//! inline SVG bar chart of its posts per month.

use super::text::{
    active_note, breakdown, column_answer, column_cell, count_answer, describe, frequency_basis,
    imported_total, kinds_breakdown, label, missing_sentence, source_sentence, summary_cells,
    title, unit_with_parent, vi_month,
};
use super::{Downloads, Report, UnitReport};
use crate::base::vi;
use crate::base::xml::escape;
use crate::model::Site;
use std::fmt::Write;

/// The page around a report when it stands alone (`loa report --format html`).
const PAGE_STYLE: &str = "body{margin:0;font:16px/1.5 system-ui,-apple-system,\"Segoe UI\",Roboto,\"Noto Sans\",Arial,sans-serif;color:#1a1a1a;background:#fff}\
main{max-width:60rem;margin:0 auto;padding:1rem}h1{font-size:1.5rem;line-height:1.25}a{color:#0b5394}\
@media print{body{font-size:10pt}main{max-width:none;padding:0}}";

/// The report's own rules, also used inside the site's layout: the table scrolls in its own
/// box with the units' column kept in view, and prints whole on A4.
pub const STYLE: &str = "@page{size:A4 landscape;margin:12mm}.report h2{font-size:1.2rem;margin-top:2rem}.report h3{font-size:1.05rem;margin:0 0 .5rem}\
.report .scroll{overflow-x:auto;max-width:100%;border:1px solid #d0d7de}.report table{border-collapse:separate;border-spacing:0;width:100%;font-size:1rem;margin:0}\
.report th,.report td{border-right:1px solid #b8c2cc;border-bottom:1px solid #b8c2cc;padding:.3rem .45rem;text-align:left;vertical-align:top;background:#fff}\
.report td.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}.report .note{display:block;font-size:1rem;color:#4a4a4a;background:none;border:0;padding:0}.report thead th{background:#eef2f6}\
.report tbody th{font-weight:400;min-width:11rem}.report tr>th:first-child{position:sticky;left:0;z-index:1}.report tfoot th,.report tfoot td{font-weight:700;background:#f6f8fa}\
.report caption{text-align:left;font-weight:600;padding:.25rem .45rem}.report .unit{border-top:1px solid #d0d7de;padding:1rem 0;break-inside:avoid}.report .unit p{margin:.25rem 0}\
.report svg{display:block;max-width:100%;height:auto;margin:.5rem 0}.report .bar{fill:#0b5394}.report .lbl{font-size:10px;fill:#333}.report .val{font-size:10px;fill:#1a1a1a}\
.report .swipe{color:#4a4a4a;margin:.25rem 0}@media (min-width:62rem){.report .swipe{display:none}}\
@media print{.report .scroll{overflow:visible;border:0}.report table{font-size:9pt}.report tr>th:first-child{position:static}.report a{color:inherit;text-decoration:none}.noprint{display:none}}";

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

fn unit_block(out: &mut String, u: &UnitReport, report: &Report, site: &Site) {
    let cfg = &site.config;
    let _ = write!(
        out,
        "<section class=\"unit\" aria-labelledby=\"dv-{}\"><h3 id=\"dv-{}\">{}</h3>",
        escape(&u.id),
        escape(&u.id),
        escape(&u.name)
    );
    if let Some(note) = active_note(u, report) {
        let _ = write!(out, "<p>Đơn vị {}.</p>", escape(&note));
    }
    let kinds = kinds_breakdown(u, report, site, escape);
    let basis = frequency_basis(u, report).map_or(String::new(), |b| format!(" ({})", escape(&b)));
    let _ = write!(
        out,
        "<p><strong>1. Chuyên mục:</strong> {}.</p><p><strong>2. Số lượng:</strong> {}. Theo hình thức: {}. Theo chủ đề: {}.</p><p><strong>3. Tần suất:</strong> trung bình {} tin, bài mỗi tuần; {} tin, bài mỗi tháng{basis}.</p>",
        column_answer(u, site, escape),
        escape(&count_answer(u, report, site)),
        if kinds.is_empty() { "không có".into() } else { kinds },
        breakdown(&u.by_topic, &cfg.topics, escape),
        vi::fixed(u.avg_per_week, 2),
        vi::fixed(u.avg_per_month, 2),
    );
    out.push_str(&chart(u));
    if u.highlights.is_empty() {
        out.push_str("<p><strong>4. Tin, bài tiêu biểu:</strong> không liệt kê (--highlights 0).</p></section>\n");
        return;
    }
    out.push_str("<p><strong>4. Tin, bài tiêu biểu:</strong></p><ol>");
    for h in &u.highlights {
        let star = if h.featured { " (tiêu biểu)" } else { "" };
        let _ = write!(
            out,
            "<li><a href=\"{}\">{}</a> – {}{star}</li>",
            escape(&h.url),
            escape(&h.title),
            crate::base::date::vi_day(h.date)
        );
    }
    out.push_str("</ol></section>\n");
}

fn summary(out: &mut String, report: &Report, site: &Site) {
    let cfg = &site.config;
    out.push_str("<h2>Tổng hợp</h2>\n");
    if report.units.is_empty() {
        let _ = writeln!(out, "<p>{}</p>", missing_sentence(report));
        return;
    }
    out.push_str("<p class=\"swipe noprint\">Bảng rộng: vuốt ngang trong khung để xem hết các cột.</p>\n<div class=\"scroll\"><table>\n<caption>Số tin, bài theo đơn vị và hình thức</caption>\n<thead><tr><th scope=\"col\">Đơn vị</th><th scope=\"col\">Tổng số</th>");
    for k in &report.kinds {
        let _ = write!(
            out,
            "<th scope=\"col\">{}</th>",
            escape(label(&cfg.kinds, k))
        );
    }
    out.push_str("<th scope=\"col\">TB mỗi tuần</th><th scope=\"col\">TB mỗi tháng</th><th scope=\"col\">Chuyên mục</th></tr></thead>\n<tbody>\n");
    for u in &report.units {
        let note = active_note(u, report).map_or(String::new(), |n| {
            format!("<span class=\"note\">{}</span>", escape(&n))
        });
        let _ = write!(
            out,
            "<tr><th scope=\"row\" style=\"padding-left:{}em\">{}{note}</th>",
            0.45 + 1.25 * u.depth as f64,
            escape(&u.name),
        );
        for cell in summary_cells(u, &report.kinds) {
            let _ = write!(out, "<td class=\"n\">{cell}</td>");
        }
        let _ = writeln!(out, "<td>{}</td></tr>", column_cell(u, site, escape));
    }
    let _ = write!(out, "</tbody>\n<tfoot><tr><th scope=\"row\">Cộng (không tính trùng)</th><td class=\"n\">{}</td>", report.totals.count);
    for k in &report.kinds {
        let _ = write!(
            out,
            "<td class=\"n\">{}</td>",
            report.totals.by_kind[k.as_str()]
        );
    }
    out.push_str("<td></td><td></td><td></td></tr></tfoot>\n</table></div>\n");
    if let Some(t) = imported_total(report, site) {
        let _ = writeln!(out, "<p>{}</p>", escape(&t));
    }
}

/// The report as a page of its own: title and the HTML inside `<main>`.
pub(super) fn body(report: &Report, site: &Site, downloads: &Downloads) -> (String, String) {
    let page_title = format!(
        "{} {} – {}",
        title(site),
        crate::base::date::vi_day(report.period.from),
        crate::base::date::vi_day(report.period.to)
    );
    let mut out = format!(
        "<div class=\"report\">\n<h1>{}</h1>\n<p>{}. {}</p>\n",
        escape(title(site)),
        escape(&describe(report, site)),
        source_sentence(site, escape),
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
    summary(&mut out, report, site);

    out.push_str("<h2>Trả lời theo từng đơn vị</h2>\n");
    let with_posts: Vec<&UnitReport> = report.units.iter().filter(|u| u.count > 0).collect();
    if with_posts.is_empty() {
        out.push_str("<p>Không đơn vị nào có tin, bài trong kỳ.</p>\n");
    }
    for u in with_posts {
        unit_block(&mut out, u, report, site);
    }
    if !report.units.is_empty() {
        out.push_str("<h2>Đơn vị chưa có tin, bài trong kỳ</h2>\n");
        let _ = writeln!(out, "<p>{}</p>", missing_sentence(report));
    }
    if !report.missing.is_empty() {
        out.push_str("<ul>\n");
        for u in report.units.iter().filter(|u| u.count == 0) {
            let _ = writeln!(
                out,
                "<li>{}</li>",
                unit_with_parent(u, report, site, escape)
            );
        }
        out.push_str("</ul>\n");
    }
    out.push_str("</div>\n");
    (page_title, out)
}

/// The report as one self-contained printable HTML document.
pub(super) fn render(report: &Report, site: &Site, downloads: &Downloads) -> String {
    let (page_title, body) = body(report, site, downloads);
    format!(
        "<!DOCTYPE html>\n<html lang=\"vi\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<link rel=\"icon\" href=\"data:,\">\n<style>{PAGE_STYLE}{STYLE}</style>\n</head>\n<body>\n<main>\n{body}</main>\n</body>\n</html>\n",
        escape(&page_title),
    )
}
