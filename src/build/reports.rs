//! The published reports: for each period of `site.yaml`, its report as a page of the site,
//! with the CSV and XLSX files beside it.

use crate::base::diagnostic::{Diagnostic, Diagnostics, Pos};
use crate::model::routes::ReportFiles;
use crate::model::Site;
use crate::render::{Output, Renderer};
use crate::report::{self, Downloads, Format, Query};
use minijinja::context;

/// The report of every named period, rendered with the site's layout by `r`.
pub fn published(site: &Site, r: &Renderer) -> Result<Vec<Output>, Diagnostics> {
    let mut out = Vec::new();
    let mut diags = Diagnostics::new();
    for (id, p) in &site.config.periods {
        let ReportFiles { page, csv, xlsx } = ReportFiles::of(id);
        let dir = &page.as_str()[1..];
        let rep = report::report(site, &Query::period(p.from, p.to));
        let downloads = Downloads {
            csv: Some(csv.clone()),
            xlsx: Some(xlsx.clone()),
        };
        let (title, body) = report::html_body(&rep, site, &downloads);
        let ctx = context! { report => body, report_css => report::HTML_STYLE };
        match r.layout_page(&page, &title, "report.html", ctx) {
            Ok(o) => out.push(o),
            Err(d) => diags.push(d),
        }
        match report::render(&rep, site, Format::Xlsx) {
            Ok(spreadsheet) => out.push(Output::bytes(format!("{dir}{xlsx}"), spreadsheet)),
            Err(e) => diags.push(Diagnostic::error("site.yaml", Pos::start(), e)),
        }
        let table = report::render(&rep, site, Format::Csv).unwrap_or_default();
        out.push(Output::bytes(format!("{dir}{csv}"), table));
    }
    if diags.has_errors() {
        return Err(diags);
    }
    Ok(out)
}
