//! The answer to the Department's letter, in Vietnamese Markdown: a summary table, then per
//! unit its column, counts by form and topic, frequency and representative titles.

use super::{
    column_names, describe, label, summary_cells, used_kinds, vi_day, vi_month, Report, UnitReport,
};
use crate::model::Site;
use crate::render::vi_number;
use indexmap::IndexMap;
use std::fmt::Write;

/// Escapes text so Markdown shows it as written (titles may hold `*`, `|`, `[`…).
fn text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '<' | '>' | '#'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// `Tin: 2; Bài: 1` for the non-zero entries, or `không có`.
fn breakdown(map: &IndexMap<String, usize>, labels: &IndexMap<String, String>) -> String {
    let parts: Vec<String> = map
        .iter()
        .filter(|(_, n)| **n > 0)
        .map(|(k, n)| format!("{}: {n}", label(labels, k)))
        .collect();
    if parts.is_empty() {
        "không có".into()
    } else {
        parts.join("; ")
    }
}

fn unit_section(out: &mut String, u: &UnitReport, site: &Site) {
    let cfg = &site.config;
    let _ = writeln!(out, "### {}\n", text(&u.name));
    if u.has_column {
        let names: Vec<String> = u.columns.iter().map(|c| format!("“{}”", text(c))).collect();
        let _ = writeln!(out, "1. **Chuyên mục:** có – {}.", names.join(", "));
    } else {
        let _ = writeln!(out, "1. **Chuyên mục:** không có chuyên mục riêng.");
    }
    let _ = writeln!(
        out,
        "2. **Số lượng:** {} tin, bài (của chính đơn vị: {}; của đơn vị trực thuộc: {}).",
        u.count,
        u.own_count,
        u.count - u.own_count
    );
    let _ = writeln!(
        out,
        "   - Theo hình thức: {}.",
        breakdown(&u.by_kind, &cfg.kinds)
    );
    let _ = writeln!(
        out,
        "   - Theo chủ đề: {}.",
        breakdown(&u.by_topic, &cfg.topics)
    );
    let _ = writeln!(
        out,
        "3. **Tần suất:** trung bình {} tin, bài mỗi tuần; {} tin, bài mỗi tháng.",
        vi_number(u.avg_per_week, 2),
        vi_number(u.avg_per_month, 2)
    );
    let months: Vec<String> = u
        .per_month
        .iter()
        .map(|(m, n)| format!("{}: {n}", vi_month(m)))
        .collect();
    let _ = writeln!(out, "   - Theo tháng: {}.", months.join("; "));
    let _ = writeln!(out, "4. **Tin, bài tiêu biểu:**");
    for h in &u.highlights {
        let star = if h.featured { " (tiêu biểu)" } else { "" };
        let _ = writeln!(
            out,
            "   - [{}](<{}>) – {}{star}",
            text(&h.title),
            h.url,
            vi_day(&h.date)
        );
    }
    out.push('\n');
}

pub(super) fn render(report: &Report, site: &Site) -> String {
    let cfg = &site.config;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# Báo cáo kết quả thông tin, tuyên truyền về chuyển đổi số, an toàn thông tin\n"
    );
    let _ = writeln!(
        out,
        "{}. Số liệu lấy từ các tin, bài đã đăng trên {} ({}); tin, bài của đơn vị trực thuộc được cộng vào đơn vị cấp trên.\n",
        describe(report, site),
        text(&cfg.title),
        cfg.base_url
    );

    let _ = writeln!(out, "## Tổng hợp\n");
    let kinds = used_kinds(report);
    let mut head = String::from("| Đơn vị | Tổng số |");
    let mut rule = String::from("|---|---:|");
    for k in &kinds {
        let _ = write!(head, " {} |", text(label(&cfg.kinds, k)));
        rule.push_str("---:|");
    }
    head.push_str(" TB mỗi tuần | TB mỗi tháng | Chuyên mục |");
    rule.push_str("---:|---:|---|");
    let _ = writeln!(out, "{head}\n{rule}");
    for u in &report.units {
        // Non-breaking spaces keep the indentation that shows who belongs to whom.
        let indent = "\u{a0}\u{a0}\u{a0}\u{a0}".repeat(u.depth);
        let _ = writeln!(
            out,
            "| {indent}{} | {} | {} |",
            text(&u.name),
            summary_cells(u, &kinds).join(" | "),
            column_names(u, text)
        );
    }
    let _ = write!(
        out,
        "| **Cộng (không tính trùng)** | **{}** |",
        report.totals.count
    );
    for k in &kinds {
        let _ = write!(out, " **{}** |", report.totals.by_kind[k.as_str()]);
    }
    let _ = writeln!(out, " | | |\n");
    let topics: Vec<String> = report
        .totals
        .by_topic
        .iter()
        .map(|(t, n)| format!("{}: {n}", label(&cfg.topics, t)))
        .collect();
    let _ = writeln!(
        out,
        "Theo chủ đề (một bài có thể thuộc nhiều chủ đề): {}.\n",
        topics.join("; ")
    );

    let _ = writeln!(out, "## Trả lời theo từng đơn vị\n");
    let with_posts: Vec<&UnitReport> = report.units.iter().filter(|u| u.count > 0).collect();
    if with_posts.is_empty() {
        let _ = writeln!(out, "Không đơn vị nào có tin, bài trong kỳ.\n");
    }
    for u in with_posts {
        unit_section(&mut out, u, site);
    }

    let _ = writeln!(out, "## Đơn vị chưa có tin, bài trong kỳ\n");
    if report.missing.is_empty() {
        let _ = writeln!(out, "Không có: mọi đơn vị đều có tin, bài.");
    }
    for id in &report.missing {
        let name = site.units.get(id).map_or(id.as_str(), |u| u.name.as_str());
        let _ = writeln!(out, "- {} (`{id}`)", text(name));
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn markdown_text_is_escaped() {
        assert_eq!(super::text("a|b *c* [d]"), "a\\|b \\*c\\* \\[d\\]");
    }
}
