//! `loa search`: the site's search index made in memory, as `build` would publish it, and a
//! query answered from it with the ranking of the page `/tim-kiem/`.

use crate::base::diagnostic::{Diagnostic, Diagnostics};
use crate::model::{BuildOptions, Site};
use crate::render;
use crate::search::query::Query;
use crate::search::rank::{self, Answer, Filters, Index, Shown};
use crate::search::{excerpt, marked};
use std::collections::HashMap;
use std::ops::Range;
use std::path::Path;

/// The answer to `text` with the results' contents, the first `limit` of them.
pub struct Found {
    pub query: Query,
    pub answer: Answer,
    pub shown: Vec<Shown>,
    /// `base_url` of the site, for full addresses.
    pub base_url: String,
    /// Whether a section, unit or year narrowed the search.
    pub filtered: bool,
}

/// Loads the site at `root`, makes its index and answers `text` within `filters`.
pub fn search(
    root: &Path,
    text: &str,
    filters: &Filters,
    limit: usize,
) -> Result<(Found, Diagnostics), Diagnostics> {
    let query = Query::parse(text);
    if query.is_empty() {
        let d = Diagnostic::arg(
            "TỪ_CẦN_TÌM",
            format!("«{}» không có chữ hay số nào để tìm", text.trim()),
        )
        .with_hint("gõ ít nhất một từ, ví dụ: loa search \"chuyển đổi số\"")
        .usage();
        return Err(d.into());
    }
    let (site, warnings) = super::load_model(root, &BuildOptions::default())?;
    check_filters(&site, filters)?;
    let docs = render::search_docs(&site, &|_| None);
    let files: HashMap<String, Vec<u8>> = crate::search::index::files(&site, &docs)
        .into_iter()
        .collect();
    let load = rank::in_files(&files);
    let index = Index::open(&load).ok_or_else(|| {
        Diagnostics::from(Diagnostic::general(
            "không đọc được chỉ mục tìm kiếm vừa dựng",
        ))
    })?;
    let answer = index.search(&query, filters);
    let shown = answer
        .hits
        .iter()
        .take(limit)
        .filter_map(|h| index.shown(h.doc))
        .collect();
    let found = Found {
        query,
        answer,
        shown,
        base_url: site.config.base_url.clone(),
        filtered: filters != &Filters::default(),
    };
    Ok((found, warnings))
}

/// Filters naming a section, unit or year the site does not have are wrong arguments.
fn check_filters(site: &Site, f: &Filters) -> Result<(), Diagnostics> {
    let mut d = Diagnostics::new();
    if let Some(s) = &f.section {
        if !site.sections.iter().any(|x| &x.dir == s && !s.is_empty()) {
            let dirs: Vec<&str> = site
                .sections
                .iter()
                .map(|x| x.dir.as_str())
                .filter(|d| !d.is_empty())
                .collect();
            d.push(
                Diagnostic::arg("--section", format!("không có mục `{s}`"))
                    .with_hint(format!("các mục: {}", dirs.join(", ")))
                    .usage(),
            );
        }
    }
    if let Some(u) = &f.unit {
        if site.units.get(u).is_none() {
            d.push(
                Diagnostic::arg("--unit", format!("không có đơn vị `{u}` trong units.yaml"))
                    .with_hint("mã đơn vị là khóa `id` trong units.yaml, ví dụ bao-lai-chau")
                    .usage(),
            );
        }
    }
    match !d.has_errors() {
        true => Ok(()),
        false => Err(d),
    }
}

/// `text` with the `ranges` wrapped in `open` and `close`.
fn wrap(text: &str, ranges: &[Range<usize>], open: &str, close: &str) -> String {
    let mut out = String::new();
    let mut at = 0;
    for r in ranges {
        out.push_str(&text[at..r.start]);
        out.push_str(open);
        out.push_str(&text[r.clone()]);
        out.push_str(close);
        at = r.end;
    }
    out.push_str(&text[at..]);
    out
}

/// What `loa search` prints: a line saying what was found, then each result (its title, its
/// address, section, date and unit, and an excerpt), matched words between `open` and
/// `close`.
pub fn text(found: &Found, typed: &str, open: &str, close: &str) -> String {
    let (a, q) = (&found.answer, &found.query);
    let typed = typed.trim();
    let mut out = String::new();
    let n = a.hits.len();
    if n == 0 {
        out.push_str(&format!("Không tìm thấy kết quả nào cho «{typed}».\n"));
        out.push_str(&tips(found));
        return out;
    }
    out.push_str(&format!(
        "Tìm thấy {} kết quả cho «{typed}»",
        crate::base::vi::number(n as f64, 0)
    ));
    if found.shown.len() < n {
        out.push_str(&format!(", đây là {} kết quả đầu", found.shown.len()));
    }
    out.push_str(".\n");
    if !a.missing.is_empty() {
        let m: Vec<String> = a.missing.iter().map(|m| format!("«{m}»")).collect();
        out.push_str(&format!(
            "Không trang nào có {}; kết quả dưới đây không tính từ đó.\n",
            m.join(", ")
        ));
    } else if a.partial {
        out.push_str("Không trang nào có đủ mọi từ; dưới đây là các trang có nhiều từ nhất.\n");
    }
    for (i, s) in found.shown.iter().enumerate() {
        let title = wrap(&s.title, &marked(&s.title, q), open, close);
        let mut meta = vec![format!("{}{}", found.base_url, s.url), s.section.clone()];
        meta.extend(s.date.as_ref().map(|d| {
            let p: Vec<&str> = d.split('-').collect();
            format!("{}/{}/{}", p[2], p[1], p[0])
        }));
        meta.extend(s.unit.clone());
        out.push_str(&format!("\n{}. {title}\n   {}\n", i + 1, meta.join(" · ")));
        let (ex, marks) = excerpt(&s.text, q);
        if !ex.is_empty() {
            out.push_str(&format!("   {}\n", wrap(&ex, &marks, open, close)));
        }
    }
    out
}

/// What to try when nothing was found, as the search page offers it: the query without marks,
/// with its last word left out, without the filters.
fn tips(found: &Found) -> String {
    let q = &found.query;
    let mut out = String::new();
    if q.terms.iter().any(|t| t.marked) {
        let plain: Vec<&str> = q.terms.iter().map(|t| t.folded.as_str()).collect();
        out.push_str(&format!("Thử gõ không dấu: «{}».\n", plain.join(" ")));
    }
    if let Some((_, fewer @ [_, ..])) = q.terms.split_last() {
        let fewer: Vec<&str> = fewer.iter().map(|t| t.typed.as_str()).collect();
        out.push_str(&format!("Thử bớt từ: «{}».\n", fewer.join(" ")));
    }
    if found.filtered {
        out.push_str(
            "Thử tìm không có --section, --unit, --year: bộ lọc có thể đã loại mọi kết quả.\n",
        );
    }
    out
}

/// The results as JSON, for scripts and tests: the query's missing words, whether it is
/// partial, and each shown result's address and title.
pub fn json(found: &Found) -> String {
    let results: Vec<serde_json::Value> = found
        .shown
        .iter()
        .map(|s| serde_json::json!({ "url": s.url, "title": s.title }))
        .collect();
    serde_json::json!({
        "total": found.answer.hits.len(),
        "missing": found.answer.missing,
        "partial": found.answer.partial,
        "results": results,
    })
    .to_string()
}
