//! The spreadsheet: "Tổng hợp" (the CSV table), "Theo tháng" (unit × month) and
//! "Tin bài tiêu biểu" (unit, title, date, link).

use super::csv::{rows, Cell};
use super::{vi_month, Report};
use crate::model::Site;
use chrono::{Datelike, NaiveDate};
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, Worksheet, XlsxError};

/// Column width in characters for a column of `texts`, within sensible bounds.
fn width<'a>(texts: impl Iterator<Item = &'a str>, min: usize, max: usize) -> f64 {
    texts
        .map(|t| t.chars().count())
        .max()
        .unwrap_or(0)
        .clamp(min, max) as f64
        + 2.0
}

/// A bold header row, frozen.
fn header(ws: &mut Worksheet, names: &[String], bold: &Format) -> Result<(), XlsxError> {
    for (c, h) in names.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, h, bold)?;
    }
    ws.set_freeze_panes(1, 0)?;
    Ok(())
}

fn build(report: &Report, site: &Site) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    // A fixed creation date (the period's end) keeps two runs byte-identical.
    let end = NaiveDate::parse_from_str(&report.period.to, "%Y-%m-%d").unwrap_or(NaiveDate::MIN);
    let created = ExcelDateTime::from_ymd(
        end.year().clamp(1900, 9999) as u16,
        end.month() as u8,
        end.day() as u8,
    )?;
    wb.set_properties(
        &DocProperties::new()
            .set_title(format!(
                "Báo cáo {} – {}",
                report.period.from, report.period.to
            ))
            .set_author(site.config.title.clone())
            .set_creation_datetime(&created),
    );
    let bold = Format::new().set_bold().set_text_wrap();
    let names: Vec<&str> = report.units.iter().map(|u| u.name.as_str()).collect();

    let (head, table) = rows(report, site);
    let ws = wb.add_worksheet();
    ws.set_name("Tổng hợp")?;
    header(ws, &head, &bold)?;
    for (r, row) in table.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            let (r, c) = (r as u32 + 1, c as u16);
            match cell {
                Cell::Text(s) => ws.write_string(r, c, s)?,
                Cell::Int(n) => ws.write_number(r, c, *n as f64)?,
                Cell::Float(x) => ws.write_number(r, c, *x)?,
            };
        }
    }
    ws.set_column_width(0, width(report.units.iter().map(|u| u.id.as_str()), 10, 30))?;
    ws.set_column_width(1, width(names.iter().copied(), 12, 50))?;
    ws.set_column_width(
        2,
        width(
            report.units.iter().filter_map(|u| u.parent.as_deref()),
            12,
            30,
        ),
    )?;
    for c in 3..head.len() {
        ws.set_column_width(c as u16, if c == 6 { 30.0 } else { 12.0 })?;
    }

    let ws = wb.add_worksheet();
    ws.set_name("Theo tháng")?;
    let months: Vec<&String> = report
        .units
        .first()
        .map(|u| u.per_month.keys().collect())
        .unwrap_or_default();
    let mut head = vec!["Mã đơn vị".to_string(), "Tên đơn vị".into()];
    head.extend(months.iter().map(|m| vi_month(m)));
    head.push("Tổng số".into());
    header(ws, &head, &bold)?;
    for (r, u) in report.units.iter().enumerate() {
        let r = r as u32 + 1;
        ws.write_string(r, 0, &u.id)?;
        ws.write_string(r, 1, &u.name)?;
        for (c, n) in u.per_month.values().enumerate() {
            ws.write_number(r, c as u16 + 2, *n as f64)?;
        }
        ws.write_number(r, months.len() as u16 + 2, u.count as f64)?;
    }
    ws.set_column_width(0, width(report.units.iter().map(|u| u.id.as_str()), 10, 30))?;
    ws.set_column_width(1, width(names.iter().copied(), 12, 50))?;

    let ws = wb.add_worksheet();
    ws.set_name("Tin bài tiêu biểu")?;
    let head = ["Đơn vị", "Tiêu đề", "Ngày", "Đường dẫn", "Tiêu biểu"].map(String::from);
    header(ws, &head, &bold)?;
    let mut r = 1u32;
    for u in &report.units {
        for h in &u.highlights {
            ws.write_string(r, 0, &u.name)?;
            ws.write_string(r, 1, &h.title)?;
            ws.write_string(r, 2, &h.date)?;
            ws.write_url_with_text(r, 3, h.url.as_str(), &h.url)?;
            ws.write_string(r, 4, if h.featured { "có" } else { "" })?;
            r += 1;
        }
    }
    ws.set_column_width(0, width(names.iter().copied(), 12, 45))?;
    ws.set_column_width(1, 60.0)?;
    ws.set_column_width(2, 12.0)?;
    ws.set_column_width(3, 50.0)?;
    ws.set_column_width(4, 10.0)?;

    wb.save_to_buffer()
}

pub(super) fn render(report: &Report, site: &Site) -> Result<Vec<u8>, String> {
    build(report, site).map_err(|e| format!("không tạo được tệp Excel: {e}"))
}
