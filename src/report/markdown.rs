//! The answer to the Department's letter, in Vietnamese Markdown: a summary table, then per
//! unit its column, counts by form and topic, frequency and representative titles.

use super::text::{
    active_note, breakdown, column_answer, column_cell, count_answer, describe, frequency_basis,
    imported_total, kinds_breakdown, label, missing_sentence, source_sentence, summary_cells,
    title, unit_with_parent, vi_month,
};
use super::{Report, UnitReport};
use crate::base::vi;
use crate::model::Site;
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

/// The mark that puts a unit under the one above it: Markdown tables drop leading spaces, so
/// the nesting is drawn with characters (`↳ `, `· ↳ ` one level further down).
fn nesting(depth: usize) -> String {
    match depth {
        0 => String::new(),
        d => format!("{}↳ ", "· ".repeat(d - 1)),
    }
}

fn unit_section(out: &mut String, u: &UnitReport, report: &Report, site: &Site) {
    let cfg = &site.config;
    let _ = writeln!(out, "### {}\n", text(&u.name));
    if let Some(note) = active_note(u, report) {
        let _ = writeln!(out, "Đơn vị {note}.\n");
    }
    let _ = writeln!(out, "1. **Chuyên mục:** {}.", column_answer(u, site, text));
    let _ = writeln!(out, "2. **Số lượng:** {}.", count_answer(u, report, site));
    let kinds = kinds_breakdown(u, report, site, text);
    let _ = writeln!(
        out,
        "   - Theo hình thức: {}.",
        if kinds.is_empty() {
            "không có".into()
        } else {
            kinds
        }
    );
    let _ = writeln!(
        out,
        "   - Theo chủ đề: {}.",
        breakdown(&u.by_topic, &cfg.topics, text)
    );
    let basis = frequency_basis(u, report).map_or(String::new(), |b| format!(" ({b})"));
    let _ = writeln!(
        out,
        "3. **Tần suất:** trung bình {} tin, bài mỗi tuần; {} tin, bài mỗi tháng{basis}.",
        vi::fixed(u.avg_per_week, 2),
        vi::fixed(u.avg_per_month, 2)
    );
    let months: Vec<String> = u
        .per_month
        .iter()
        .map(|(m, n)| format!("{}: {n}", vi_month(m)))
        .collect();
    let _ = writeln!(out, "   - Theo tháng: {}.", months.join("; "));
    if u.highlights.is_empty() {
        let _ = writeln!(
            out,
            "4. **Tin, bài tiêu biểu:** không liệt kê (--highlights 0)."
        );
    } else {
        let _ = writeln!(out, "4. **Tin, bài tiêu biểu:**");
    }
    for h in &u.highlights {
        let star = if h.featured { " (tiêu biểu)" } else { "" };
        let _ = writeln!(
            out,
            "   - [{}](<{}>) – {}{star}",
            text(&h.title),
            h.url,
            crate::base::date::vi_day(h.date)
        );
    }
    out.push('\n');
}

fn summary(out: &mut String, report: &Report, site: &Site) {
    let cfg = &site.config;
    let _ = writeln!(out, "## Tổng hợp\n");
    if report.units.is_empty() {
        let _ = writeln!(out, "{}\n", missing_sentence(report));
        return;
    }
    let mut head = String::from("| Đơn vị | Tổng số |");
    let mut rule = String::from("|---|---:|");
    for k in &report.kinds {
        let _ = write!(head, " {} |", text(label(&cfg.kinds, k)));
        rule.push_str("---:|");
    }
    head.push_str(" TB mỗi tuần | TB mỗi tháng | Chuyên mục |");
    rule.push_str("---:|---:|---|");
    let _ = writeln!(out, "{head}\n{rule}");
    for u in &report.units {
        let note = active_note(u, report).map_or(String::new(), |n| format!(" ({n})"));
        let _ = writeln!(
            out,
            "| {}{}{note} | {} | {} |",
            nesting(u.depth),
            text(&u.name),
            summary_cells(u, &report.kinds).join(" | "),
            column_cell(u, site, text)
        );
    }
    let _ = write!(
        out,
        "| **Cộng (không tính trùng)** | **{}** |",
        report.totals.count
    );
    for k in &report.kinds {
        let _ = write!(out, " **{}** |", report.totals.by_kind[k.as_str()]);
    }
    let _ = writeln!(out, " | | |\n");
    if let Some(t) = imported_total(report, site) {
        let _ = writeln!(out, "{t}\n");
    }
    let topics: Vec<String> = report
        .totals
        .by_topic
        .iter()
        .map(|(t, n)| format!("{}: {n}", text(label(&cfg.topics, t))))
        .collect();
    let _ = writeln!(
        out,
        "Theo chủ đề (một bài có thể thuộc nhiều chủ đề): {}.\n",
        topics.join("; ")
    );
}

pub(super) fn render(report: &Report, site: &Site) -> String {
    let mut out = format!("# {}\n\n", text(title(site)));
    let _ = writeln!(
        out,
        "{}. {}\n",
        text(&describe(report, site)),
        source_sentence(site, text)
    );
    summary(&mut out, report, site);

    let _ = writeln!(out, "## Trả lời theo từng đơn vị\n");
    let with_posts: Vec<&UnitReport> = report.units.iter().filter(|u| u.count > 0).collect();
    if with_posts.is_empty() {
        let _ = writeln!(out, "Không đơn vị nào có tin, bài trong kỳ.\n");
    }
    for u in with_posts {
        unit_section(&mut out, u, report, site);
    }

    if report.units.is_empty() {
        return out;
    }
    let _ = writeln!(out, "## Đơn vị chưa có tin, bài trong kỳ\n");
    let _ = writeln!(out, "{}\n", missing_sentence(report));
    for u in report.units.iter().filter(|u| u.count == 0) {
        let _ = writeln!(out, "- {}", unit_with_parent(u, report, site, text));
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn markdown_text_is_escaped() {
        assert_eq!(super::text("a|b *c* [d]"), "a\\|b \\*c\\* \\[d\\]");
    }

    #[test]
    fn nesting_survives_tables() {
        assert_eq!(super::nesting(0), "");
        assert_eq!(super::nesting(1), "↳ ");
        assert_eq!(super::nesting(2), "· ↳ ");
    }
}
