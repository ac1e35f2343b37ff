//! The default format: an aligned table for the terminal, one row per unit.

use super::text::{
    column_cell, describe, label, missing_sentence, shows_imported, span_text, summary_cells,
    unit_with_parent, NO_UNITS,
};
use super::Report;
use crate::model::Site;

/// Lays out rows in columns: text columns (`text[c]`) left-aligned, numbers right-aligned,
/// widths in characters, a rule under the header.
fn layout(rows: &[Vec<String>], text: &[bool]) -> String {
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
            let pad = " ".repeat(widths[c] - cell.chars().count());
            if c > 0 {
                line.push_str("  ");
            }
            if text.get(c).copied().unwrap_or(false) {
                line.push_str(cell);
                line.push_str(&pad);
            } else {
                line.push_str(&pad);
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
    let kinds = &report.kinds;
    let mut out = format!("{}\n\n", describe(report, site));
    if report.units.is_empty() {
        out.push_str(NO_UNITS);
        out.push('\n');
        return out;
    }
    let web = shows_imported(report, site);
    let mut header = vec!["Đơn vị".to_string(), "Tổng".into(), "Riêng".into()];
    if web {
        header.push("Từ web".into());
    }
    header.extend(kinds.iter().map(|k| label(&cfg.kinds, k).to_string()));
    header.extend([
        "TB/tuần".into(),
        "TB/tháng".into(),
        "Hoạt động".into(),
        "Chuyên mục".into(),
    ]);
    let mut text = vec![false; header.len()];
    text[0] = true;
    text[header.len() - 2] = true;
    text[header.len() - 1] = true;
    let mut rows = vec![header];
    for u in &report.units {
        let cells = summary_cells(u, kinds);
        let mut r = vec![
            format!("{}{}", "  ".repeat(u.depth), u.name),
            cells[0].clone(),
            u.own_count.to_string(),
        ];
        if web {
            r.push(u.imported_count.to_string());
        }
        r.extend(cells[1..].iter().cloned());
        r.push(span_text(u, report).unwrap_or_else(|| "cả kỳ".into()));
        r.push(column_cell(u, site, str::to_string));
        rows.push(r);
    }
    let mut total = vec![
        "Cộng (không tính trùng)".to_string(),
        report.totals.count.to_string(),
        String::new(),
    ];
    if web {
        total.push(report.totals.imported_count.to_string());
    }
    total.extend(
        kinds
            .iter()
            .map(|k| report.totals.by_kind[k.as_str()].to_string()),
    );
    rows.push(total);
    out.push_str(&layout(&rows, &text));
    let names: Vec<String> = report
        .units
        .iter()
        .filter(|u| u.count == 0)
        .map(|u| unit_with_parent(u, report, site, str::to_string))
        .collect();
    out.push_str(&format!("\n{}", missing_sentence(report)));
    if !names.is_empty() {
        out.push_str(&format!(" {}", names.join("; ")));
    }
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn columns_align_by_characters_not_bytes() {
        let rows = vec![
            vec!["Đơn vị".to_string(), "Tổng".into(), "Ghi chú".into()],
            vec!["Báo Lai Châu".into(), "12".into(), "có".into()],
        ];
        assert_eq!(
            super::layout(&rows, &[true, false, true]),
            "Đơn vị        Tổng  Ghi chú\n───────────────────────────\nBáo Lai Châu    12  có\n"
        );
    }
}
