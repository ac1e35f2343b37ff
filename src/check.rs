//! Internal links, anchors and images checked against what the build actually produced.

use crate::diagnostic::{did_you_mean, Diagnostic};
use crate::model::links::{missing_image, percent_decode};
use crate::model::Site;
use crate::render::Output;
use std::collections::{HashMap, HashSet};

/// Problems found: missing images always fail a build; broken links fail only `check`.
#[derive(Debug, Default)]
pub struct LinkReport {
    pub missing_images: Vec<Diagnostic>,
    pub broken_links: Vec<Diagnostic>,
}

/// Ids of the elements of an HTML document (`id="…"`).
fn html_ids(html: &str) -> HashSet<String> {
    let mut ids = HashSet::new();
    let mut rest = html;
    while let Some(i) = rest.find(" id=\"") {
        rest = &rest[i + 5..];
        if let Some(end) = rest.find('"') {
            ids.insert(rest[..end].to_string());
            rest = &rest[end..];
        }
    }
    ids
}

/// The output file a site path refers to, if the build produced it.
fn output_for<'a>(path: &str, files: &HashMap<&'a str, &'a Output>) -> Option<&'a str> {
    let rel = path.trim_start_matches('/');
    let rel = String::from_utf8_lossy(&percent_decode(rel)).into_owned();
    let candidates = if rel.is_empty() || rel.ends_with('/') {
        vec![format!("{rel}index.html")]
    } else {
        vec![rel.clone(), format!("{rel}/index.html")]
    };
    candidates
        .iter()
        .find_map(|c| files.get_key_value(c.as_str()).map(|(k, _)| *k))
}

/// Checks every link and image written in the content against the outputs.
pub fn check_links(site: &Site, outputs: &[Output]) -> LinkReport {
    let files: HashMap<&str, &Output> = outputs.iter().map(|o| (o.path(), o)).collect();
    let mut ids_cache: HashMap<&str, HashSet<String>> = HashMap::new();
    let mut report = LinkReport::default();
    let base = site.config.base_url.as_str();

    let lead_images = site
        .pages
        .iter()
        .filter_map(|p| Some((&p.source, p.lead_image.as_ref()?, p.image.as_deref()?)));
    for (source, lead, url) in lead_images {
        if !url.contains("://") && output_for(url, &files).is_none() {
            report
                .missing_images
                .push(missing_image(source, lead.pos, &lead.value));
        }
    }
    let bodies = site
        .sections
        .iter()
        .map(|s| (&s.source, &s.permalink, &s.links))
        .chain(
            site.pages
                .iter()
                .map(|p| (&p.source, &p.permalink, &p.links)),
        );
    for (source, permalink, links) in bodies {
        for link in links.iter() {
            let url = link
                .resolved
                .strip_prefix(base)
                .filter(|r| r.is_empty() || r.starts_with('/'))
                .unwrap_or(&link.resolved);
            if url.contains("://")
                || url.starts_with("mailto:")
                || url.starts_with("tel:")
                || url.starts_with("//")
            {
                continue;
            }
            let (path, frag) = match url.split_once('#') {
                Some((p, f)) => (p, Some(f)),
                None => (url, None),
            };
            let path = path.split('?').next().unwrap_or(path);
            let target = if path.is_empty() {
                output_for(permalink.as_str(), &files)
            } else if path.starts_with('/') {
                output_for(path, &files)
            } else {
                None
            };
            let Some(target) = target else {
                if link.image_alt.is_some() {
                    report
                        .missing_images
                        .push(missing_image(source, link.pos, &link.original));
                } else {
                    let hint = if link.original.ends_with(".md") || link.original.contains(".md#") {
                        "đường dẫn `.md` tính từ thư mục của tệp đang viết, ví dụ `../hoi-dap/vneid.md`".to_string()
                    } else {
                        "kiểm tra địa chỉ; trang trong site có dạng `/tin-tuc/ten-bai/`".to_string()
                    };
                    report.broken_links.push(
                        Diagnostic::error(
                            source,
                            link.pos,
                            format!("liên kết hỏng: `{}` không dẫn tới trang nào", link.original),
                        )
                        .with_hint(hint),
                    );
                }
                continue;
            };
            let Some(frag) = frag.filter(|f| !f.is_empty()) else {
                continue;
            };
            if !target.ends_with(".html") {
                continue;
            }
            let ids = ids_cache
                .entry(target)
                .or_insert_with(|| match files[target] {
                    Output::Bytes { data, .. } => html_ids(&String::from_utf8_lossy(data)),
                    Output::Copy { source, .. } => std::fs::read_to_string(source)
                        .map(|t| html_ids(&t))
                        .unwrap_or_default(),
                });
            let frag = String::from_utf8_lossy(&percent_decode(frag)).into_owned();
            if !ids.contains(&frag) {
                let hint = did_you_mean(&frag, ids.iter().map(String::as_str));
                report.broken_links.push(
                    Diagnostic::error(
                        source,
                        link.pos,
                        format!("liên kết hỏng: trang `{path}` không có mục `#{frag}`"),
                    )
                    .with_opt_hint(hint),
                );
            }
        }
    }
    report
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_ids() {
        let ids = html_ids(r#"<h2 id="a-b">x</h2><details id="c">"#);
        assert!(ids.contains("a-b") && ids.contains("c"));
    }
}
