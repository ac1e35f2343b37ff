//! The default format: an aligned table for the terminal, one row per unit.

use super::{describe, label, summary_cells, used_kinds, Report};
use crate::model::Site;

/// Lays out rows in columns; the first and last columns (text) are left-aligned, the
/// numbers between them right-aligned.
fn layout(rows: &[Vec<String>]) -> String {
    let cols = rows.iter().map(Vec::len).max().unwrap_or(0);
    let width = |c: usize| {
        rows.iter()
            .filter_map(|r| r.get(c))
            .map(|s| s.chars().count())
            .max()
            .unwrap_or(0)
    };
    let widths: Vec<usize> = (0..cols).map(width).collect();
    let mut out = String::new();
    for (n, r) in rows.iter().enumerate() {
        let mut line = String::new();
        for (c, cell) in r.iter().enumerate() {
            let pad = widths[c] - cell.chars().count();
            if c == 0 {
                line.push_str(cell);
                line.push_str(&" ".repeat(pad));
            } else if c + 1 == cols && cols > 2 {
                line.push_str("  ");
                line.push_str(cell);
                line.push_str(&" ".repeat(pad));
            } else {
                line.push_str("  ");
                line.push_str(&" ".repeat(pad));
                line.push_str(cell);
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
        if n == 0 {
            let total: usize = widths.iter().sum::<usize>() + 2 * cols.saturating_sub(1);
            out.push_str(&"─".repeat(total));
            out.push('\n');
        }
    }
    out
}

pub(super) fn render(report: &Report, site: &Site) -> String {
    let cfg = &site.config;
    let kinds = used_kinds(report);
    let mut header = vec!["Đơn vị".to_string(), "Tổng".into(), "Riêng".into()];
    header.extend(kinds.iter().map(|k| label(&cfg.kinds, k).to_string()));
    header.extend(["TB/tuần".into(), "TB/tháng".into(), "Chuyên mục".into()]);
    let mut rows = vec![header];
    for u in &report.units {
        let cells = summary_cells(u, &kinds);
        let mut r = vec![
            format!("{}{}", "  ".repeat(u.depth), u.name),
            cells[0].clone(),
            u.own_count.to_string(),
        ];
        r.extend(cells[1..].iter().cloned());
        r.push(if u.has_column { "có" } else { "không" }.into());
        rows.push(r);
    }
    let mut total = vec![
        "Cộng (không tính trùng)".to_string(),
        report.totals.count.to_string(),
        String::new(),
    ];
    total.extend(
        kinds
            .iter()
            .map(|k| report.totals.by_kind[k.as_str()].to_string()),
    );
    rows.push(total);

    let mut out = format!("{}\n\n", describe(report, site));
    out.push_str(&layout(&rows));
    if report.missing.is_empty() {
        out.push_str("\nMọi đơn vị đều có tin, bài trong kỳ.\n");
    } else {
        out.push_str(&format!(
            "\n{} đơn vị chưa có tin, bài trong kỳ: {}\n",
            report.missing.len(),
            report.missing.join(", ")
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn columns_align_by_characters_not_bytes() {
        let rows = vec![
            vec!["Đơn vị".to_string(), "Tổng".into()],
            vec!["Báo Lai Châu".into(), "12".into()],
        ];
        assert_eq!(
            super::layout(&rows),
            "Đơn vị        Tổng\n──────────────────\nBáo Lai Châu    12\n"
        );
    }
}
