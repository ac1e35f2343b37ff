//! The spreadsheet a clerk sends: "Tổng hợp" (one row per unit under a title and the period,
//! with a totals row), "Theo tháng" (unit × month) and "Tin bài tiêu biểu". Names come first,
//! ids last; counts are numbers and dates are date cells; every column fits its content.

use super::text::{
    active_note, column_cell, describe, label, shows_imported, source_sentence, title, vi_month,
};
use super::{Report, UnitReport};
use crate::model::Site;
use chrono::{Datelike, NaiveDate};
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, Worksheet, XlsxError};

/// The formats of the workbook.
struct Styles {
    title: Format,
    header: Format,
    bold: Format,
    date: Format,
    decimal: Format,
    total: Format,
    /// A unit's name, indented by its depth in the registry.
    names: Vec<Format>,
}

impl Styles {
    fn new() -> Styles {
        Styles {
            title: Format::new().set_bold().set_font_size(14),
            header: Format::new().set_bold().set_text_wrap(),
            bold: Format::new().set_bold(),
            date: Format::new().set_num_format("dd/mm/yyyy"),
            decimal: Format::new().set_num_format("0.00"),
            total: Format::new().set_bold(),
            names: (0..4u8).map(|d| Format::new().set_indent(d)).collect(),
        }
    }

    fn name(&self, depth: usize) -> &Format {
        &self.names[depth.min(self.names.len() - 1)]
    }
}

/// A worksheet that remembers how wide each column's content is.
struct Sheet<'a> {
    ws: &'a mut Worksheet,
    widths: Vec<usize>,
}

impl<'a> Sheet<'a> {
    fn new(ws: &'a mut Worksheet) -> Sheet<'a> {
        Sheet {
            ws,
            widths: Vec::new(),
        }
    }

    fn grow(&mut self, col: u16, chars: usize) {
        let c = col as usize;
        if self.widths.len() <= c {
            self.widths.resize(c + 1, 0);
        }
        self.widths[c] = self.widths[c].max(chars);
    }

    /// A text cell that counts for its column's width.
    fn text(&mut self, row: u32, col: u16, s: &str, f: Option<&Format>) -> Result<(), XlsxError> {
        self.grow(col, s.chars().count() + if f.is_some() { 2 } else { 0 });
        match f {
            Some(f) => self.ws.write_string_with_format(row, col, s, f)?,
            None => self.ws.write_string(row, col, s)?,
        };
        Ok(())
    }

    /// A title line that runs across empty cells: it does not widen its column.
    fn banner(&mut self, row: u32, s: &str, f: Option<&Format>) -> Result<(), XlsxError> {
        match f {
            Some(f) => self.ws.write_string_with_format(row, 0, s, f)?,
            None => self.ws.write_string(row, 0, s)?,
        };
        Ok(())
    }

    /// A wrapped header cell: as wide as its longest word.
    fn header(&mut self, row: u32, names: &[String], f: &Format) -> Result<(), XlsxError> {
        for (c, h) in names.iter().enumerate() {
            let longest = h.split_whitespace().map(|w| w.chars().count()).max();
            self.grow(c as u16, longest.unwrap_or(0).max(8));
            self.ws.write_string_with_format(row, c as u16, h, f)?;
        }
        self.ws.set_freeze_panes(row + 1, 1)?;
        // Printed on A4 across, one page wide, the header on every page.
        self.ws
            .set_paper_size(9)
            .set_landscape()
            .set_print_gridlines(true)
            .set_print_fit_to_pages(1, 0);
        self.ws.set_repeat_rows(row, row)?;
        Ok(())
    }

    fn number(&mut self, row: u32, col: u16, n: f64, f: Option<&Format>) -> Result<(), XlsxError> {
        self.grow(col, format!("{n}").len());
        match f {
            Some(f) => self.ws.write_number_with_format(row, col, n, f)?,
            None => self.ws.write_number(row, col, n)?,
        };
        Ok(())
    }

    fn date(&mut self, row: u32, col: u16, d: NaiveDate, f: &Format) -> Result<(), XlsxError> {
        self.grow(col, 10);
        self.ws
            .write_date_with_format(row, col, excel_date(d)?, f)?;
        Ok(())
    }

    fn url(&mut self, row: u32, col: u16, url: &str) -> Result<(), XlsxError> {
        self.grow(col, url.chars().count());
        self.ws.write_url_with_text(row, col, url, url)?;
        Ok(())
    }

    /// Sets every column to its content's width, within `max` characters.
    fn fit(self, max: usize) -> Result<(), XlsxError> {
        for (c, w) in self.widths.iter().enumerate() {
            self.ws
                .set_column_width(c as u16, ((*w).clamp(4, max) + 2) as f64)?;
        }
        Ok(())
    }
}

fn excel_date(d: NaiveDate) -> Result<ExcelDateTime, XlsxError> {
    ExcelDateTime::from_ymd(
        d.year().clamp(1900, 9999) as u16,
        d.month() as u8,
        d.day() as u8,
    )
}

/// Title, period and source lines; the header goes on the row this returns.
fn heading(
    sheet: &mut Sheet,
    title: &str,
    report: &Report,
    site: &Site,
    s: &Styles,
) -> Result<u32, XlsxError> {
    sheet.banner(0, title, Some(&s.title))?;
    sheet.banner(1, &describe(report, site), Some(&s.bold))?;
    sheet.banner(2, &source_sentence(site, str::to_string), None)?;
    Ok(4)
}

fn summary(ws: &mut Worksheet, report: &Report, site: &Site, s: &Styles) -> Result<(), XlsxError> {
    let cfg = &site.config;
    ws.set_name("Tổng hợp")?;
    let mut sheet = Sheet::new(ws);
    let head_row = heading(&mut sheet, title(site), report, site, s)?;
    let mut head: Vec<String> = [
        "Tên đơn vị",
        "Hoạt động từ",
        "Hoạt động đến",
        "Ghi chú",
        "Tổng số",
        "Của chính đơn vị",
    ]
    .map(String::from)
    .to_vec();
    let web = shows_imported(report, site);
    if web {
        head.push("Lấy từ trang web đơn vị".into());
    }
    head.extend(
        report
            .kinds
            .iter()
            .map(|k| label(&cfg.kinds, k).to_string()),
    );
    head.extend(
        [
            "TB mỗi tuần",
            "TB mỗi tháng",
            "Có chuyên mục",
            "Chuyên mục (đơn vị thực hiện)",
        ]
        .map(String::from),
    );
    head.extend(
        cfg.topics
            .keys()
            .map(|t| format!("Chủ đề: {}", label(&cfg.topics, t))),
    );
    head.extend(["Mã đơn vị", "Mã đơn vị cấp trên"].map(String::from));
    sheet.header(head_row, &head, &s.header)?;

    let mut row = head_row + 1;
    for u in &report.units {
        unit_row(&mut sheet, row, u, report, site, s)?;
        row += 1;
    }
    // Distinct posts: a district's figures already hold its stations', so rows do not add up.
    sheet.text(row, 0, "Cộng (không tính trùng)", Some(&s.total))?;
    sheet.number(row, 4, report.totals.count as f64, Some(&s.total))?;
    let mut c = 6u16;
    if web {
        sheet.number(row, c, report.totals.imported_count as f64, Some(&s.total))?;
        c += 1;
    }
    for k in &report.kinds {
        sheet.number(
            row,
            c,
            report.totals.by_kind[k.as_str()] as f64,
            Some(&s.total),
        )?;
        c += 1;
    }
    c += 4;
    for n in report.totals.by_topic.values() {
        sheet.number(row, c, *n as f64, Some(&s.total))?;
        c += 1;
    }
    sheet.fit(60)
}

fn unit_row(
    sheet: &mut Sheet,
    row: u32,
    u: &UnitReport,
    report: &Report,
    site: &Site,
    s: &Styles,
) -> Result<(), XlsxError> {
    sheet.text(row, 0, &u.name, Some(s.name(u.depth)))?;
    sheet.grow(0, u.name.chars().count() + 2 * u.depth);
    sheet.date(row, 1, u.active_from, &s.date)?;
    sheet.date(row, 2, u.active_to, &s.date)?;
    if let Some(note) = active_note(u, report) {
        sheet.text(row, 3, &note, None)?;
    }
    sheet.number(row, 4, u.count as f64, None)?;
    sheet.number(row, 5, u.own_count as f64, None)?;
    let mut c = 6u16;
    if shows_imported(report, site) {
        sheet.number(row, c, u.imported_count as f64, None)?;
        c += 1;
    }
    for k in &report.kinds {
        sheet.number(row, c, u.by_kind[k.as_str()] as f64, None)?;
        c += 1;
    }
    sheet.number(row, c, u.avg_per_week, Some(&s.decimal))?;
    sheet.number(row, c + 1, u.avg_per_month, Some(&s.decimal))?;
    sheet.text(row, c + 2, if u.has_column { "có" } else { "không" }, None)?;
    if u.has_column {
        sheet.text(row, c + 3, &column_cell(u, site, str::to_string), None)?;
    }
    c += 4;
    for n in u.by_topic.values() {
        sheet.number(row, c, *n as f64, None)?;
        c += 1;
    }
    sheet.text(row, c, &u.id, None)?;
    if let Some(p) = &u.parent {
        sheet.text(row, c + 1, p, None)?;
    }
    Ok(())
}

fn by_month(ws: &mut Worksheet, report: &Report, site: &Site, s: &Styles) -> Result<(), XlsxError> {
    ws.set_name("Theo tháng")?;
    let mut sheet = Sheet::new(ws);
    let head_row = heading(&mut sheet, "Số tin, bài theo tháng", report, site, s)?;
    let months: Vec<&String> = report.totals.per_month.keys().collect();
    let mut head = vec!["Tên đơn vị".to_string()];
    head.extend(months.iter().map(|m| vi_month(m)));
    head.extend(["Tổng số".to_string(), "Mã đơn vị".into()]);
    sheet.header(head_row, &head, &s.header)?;
    let last = months.len() as u16 + 1;
    let mut row = head_row + 1;
    for u in &report.units {
        sheet.text(row, 0, &u.name, Some(s.name(u.depth)))?;
        sheet.grow(0, u.name.chars().count() + 2 * u.depth);
        // Months the unit did not exist stay empty: a zero would say it published nothing.
        for (c, m) in months.iter().enumerate() {
            if let Some(n) = u.per_month.get(m.as_str()) {
                sheet.number(row, c as u16 + 1, *n as f64, None)?;
            }
        }
        sheet.number(row, last, u.count as f64, None)?;
        sheet.text(row, last + 1, &u.id, None)?;
        row += 1;
    }
    sheet.text(row, 0, "Cộng (không tính trùng)", Some(&s.total))?;
    for (c, n) in report.totals.per_month.values().enumerate() {
        sheet.number(row, c as u16 + 1, *n as f64, Some(&s.total))?;
    }
    sheet.number(row, last, report.totals.count as f64, Some(&s.total))?;
    sheet.fit(60)
}

fn highlights(
    ws: &mut Worksheet,
    report: &Report,
    site: &Site,
    s: &Styles,
) -> Result<(), XlsxError> {
    ws.set_name("Tin bài tiêu biểu")?;
    let mut sheet = Sheet::new(ws);
    let head_row = heading(&mut sheet, "Tin, bài tiêu biểu", report, site, s)?;
    let head = ["Đơn vị", "Tiêu đề", "Ngày", "Đường dẫn", "Tiêu biểu"].map(String::from);
    sheet.header(head_row, &head, &s.header)?;
    let mut row = head_row + 1;
    for u in &report.units {
        for h in &u.highlights {
            sheet.text(row, 0, &u.name, None)?;
            sheet.text(row, 1, &h.title, None)?;
            sheet.date(row, 2, h.date, &s.date)?;
            sheet.url(row, 3, &h.url)?;
            if h.featured {
                sheet.text(row, 4, "có", None)?;
            }
            row += 1;
        }
    }
    sheet.fit(80)
}

fn build(report: &Report, site: &Site) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    // A fixed creation date (the period's end) keeps two runs byte-identical.
    wb.set_properties(
        &DocProperties::new()
            .set_title(format!("{} – {}", title(site), describe(report, site)))
            .set_author(site.config.title.clone())
            .set_creation_datetime(&excel_date(report.period.to)?),
    );
    let styles = Styles::new();
    summary(wb.add_worksheet(), report, site, &styles)?;
    by_month(wb.add_worksheet(), report, site, &styles)?;
    highlights(wb.add_worksheet(), report, site, &styles)?;
    wb.save_to_buffer()
}

pub(super) fn render(report: &Report, site: &Site) -> Result<Vec<u8>, String> {
    build(report, site).map_err(|e| match e {
        XlsxError::MaxStringLengthExceeded => {
            "không tạo được tệp Excel: một ô dài quá 32.767 ký tự, giới hạn của Excel".into()
        }
        other => format!("không tạo được tệp Excel (bộ ghi XLSX báo: {other})"),
    })
}
