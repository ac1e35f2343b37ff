//! Internal links, anchors and images checked against what the build actually produced.

use crate::base::diagnostic::{did_you_mean, Diagnostic};
use crate::input::frontmatter::Spanned;
use crate::markdown::Link;
use crate::model::links::{missing_image, percent_decode};
use crate::model::permalink::Permalink;
use crate::model::Site;
use crate::render::relocate::{refresh_target, srcset_candidates, URL_ATTRS};
use crate::render::Output;
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// Problems found: missing images always fail a build; broken links fail only `check`.
#[derive(Debug, Default)]
pub struct LinkReport {
    pub missing_images: Vec<Diagnostic>,
    pub broken_links: Vec<Diagnostic>,
}

impl LinkReport {
    /// Reports a link or image of `source` that leads to no output.
    fn push_nowhere(&mut self, source: &Path, link: &Link) {
        if link.image_alt.is_some() {
            self.missing_images
                .push(missing_image(source, link.pos, &link.original));
            return;
        }
        let hint = if link.original.ends_with(".md") || link.original.contains(".md#") {
            "đường dẫn `.md` tính từ thư mục của tệp đang viết, ví dụ `../hoi-dap/vneid.md`"
                .to_string()
        } else {
            "kiểm tra địa chỉ; trang trong site có dạng `/tin-tuc/ten-bai/`".to_string()
        };
        self.broken_links.push(
            Diagnostic::error(
                source,
                link.pos,
                format!("liên kết hỏng: `{}` không dẫn tới trang nào", link.original),
            )
            .with_hint(hint),
        );
    }
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

/// The outputs of a build by site path, to find what a link leads to.
struct Files<'a> {
    /// Each output by its path (`tin-tuc/a/index.html`).
    by_path: FxHashMap<&'a str, &'a Output>,
    /// Each `index.html` by its folder (`tin-tuc/a/`, `` for the home page): a link to a
    /// folder, the usual kind, is found without building a path.
    by_folder: FxHashMap<&'a str, &'a str>,
}

impl<'a> Files<'a> {
    fn new(outputs: &'a [Output]) -> Self {
        let by_path: FxHashMap<&str, &Output> = outputs.iter().map(|o| (o.path(), o)).collect();
        let mut by_folder = FxHashMap::with_capacity_and_hasher(outputs.len(), Default::default());
        by_folder.extend(
            by_path
                .keys()
                .filter_map(|&p| Some((p.strip_suffix("index.html")?, p)))
                .filter(|(folder, _)| folder.is_empty() || folder.ends_with('/')),
        );
        Files { by_path, by_folder }
    }

    /// The output file a site path refers to, if the build produced it.
    fn find(&self, path: &str) -> Option<&'a str> {
        let rel = path.trim_start_matches('/');
        let decoded;
        let rel = if rel.contains('%') {
            decoded = String::from_utf8_lossy(&percent_decode(rel)).into_owned();
            decoded.as_str()
        } else {
            rel
        };
        if rel.is_empty() || rel.ends_with('/') {
            return self.by_folder.get(rel).copied();
        }
        self.exact(rel)
            .or_else(|| self.by_folder.get(format!("{rel}/").as_str()).copied())
    }

    /// The output at exactly `rel`, a decoded path without its leading slash.
    fn exact(&self, rel: &str) -> Option<&'a str> {
        self.by_path.get_key_value(rel).map(|(k, _)| *k)
    }

    /// The output at a path that `find` or `exact` gave.
    fn get(&self, path: &str) -> &'a Output {
        self.by_path[path]
    }
}

/// Tells which links of a source lead to a file left out of the build, so they are not
/// reported (see `build::partial`).
pub type Skip<'s> = &'s (dyn Fn(&Path, &Link) -> bool + Sync);

/// A file left out of a build because of its problems, whose links are checked all the same.
pub struct LeftOut {
    pub source: PathBuf,
    /// Where the page would most likely have been.
    pub permalink: Permalink,
    pub links: Vec<Link>,
    /// The front matter's `image:` as written, and resolved.
    pub lead_image: Option<(Spanned<String>, String)>,
}

/// Checks every link and image written in the content against the outputs.
pub fn check_links(site: &Site, outputs: &[Output]) -> LinkReport {
    check_links_except(site, outputs, &[], &|_, _| false)
}

/// `check_links`, with the links of the files `left_out` too, and leaving out the links
/// `skip` names.
pub fn check_links_except(
    site: &Site,
    outputs: &[Output],
    left_out: &[LeftOut],
    skip: Skip,
) -> LinkReport {
    let check = WrittenLinks::new(outputs, site.config.base_url.as_str(), skip);
    let mut report = LinkReport::default();
    check.lead_images(site, &mut report);
    for l in left_out {
        if let Some((lead, url)) = &l.lead_image {
            if !url.contains("://") && check.files.find(url).is_none() {
                report
                    .missing_images
                    .push(missing_image(&l.source, lead.pos, &lead.value));
            }
        }
    }
    let bodies: Vec<_> = site
        .sections
        .iter()
        .map(|s| (&s.source, &s.permalink, s.links.as_slice()))
        .chain(
            site.pages
                .iter()
                .map(|p| (&p.source, &p.permalink, p.links())),
        )
        .chain(
            left_out
                .iter()
                .map(|l| (&l.source, &l.permalink, l.links.as_slice())),
        )
        .collect();
    // Each link costs a few cache misses: both cores share them, and the order stays.
    let found: Vec<LinkReport> = bodies
        .par_iter()
        .with_min_len(256)
        .map(|(source, permalink, links)| {
            let mut found = LinkReport::default();
            for link in links.iter() {
                check.link(source, permalink.as_str(), link, &mut found);
            }
            found
        })
        .collect();
    for f in found {
        report.missing_images.extend(f.missing_images);
        report.broken_links.extend(f.broken_links);
    }
    report
}

/// The links written in the content, checked one by one against the outputs of a build.
struct WrittenLinks<'a> {
    files: Files<'a>,
    /// The ids of each HTML output, read when an anchor into it is first checked.
    ids_cache: Mutex<FxHashMap<&'a str, Arc<HashSet<String>>>>,
    /// `base_url`: a full address under it is a link into the site.
    base: &'a str,
    skip: Skip<'a>,
}

impl<'a> WrittenLinks<'a> {
    /// A check of `outputs`, for a site at `base`.
    fn new(outputs: &'a [Output], base: &'a str, skip: Skip<'a>) -> Self {
        WrittenLinks {
            files: Files::new(outputs),
            ids_cache: Default::default(),
            base,
            skip,
        }
    }

    /// The pages' front-matter images that are neither elsewhere nor built.
    fn lead_images(&self, site: &Site, report: &mut LinkReport) {
        let lead_images = site
            .pages
            .iter()
            .filter_map(|p| Some((&p.source, p.lead_image.as_ref()?, p.image.as_deref()?)));
        for (source, lead, url) in lead_images {
            if !url.contains("://") && self.files.find(url).is_none() {
                report
                    .missing_images
                    .push(missing_image(source, lead.pos, &lead.value));
            }
        }
    }

    /// One link of the body of `source`, whose page is at `permalink`: it must lead to an
    /// output, and its `#anchor` to an id of that page.
    fn link(&self, source: &Path, permalink: &str, link: &Link, report: &mut LinkReport) {
        let Some(url) = self.site_url(&link.resolved) else {
            return;
        };
        let (path, frag) = match url.split_once('#') {
            Some((p, f)) => (p, Some(f)),
            None => (url, None),
        };
        let path = path.split('?').next().unwrap_or(path);
        let target = if path.is_empty() {
            self.files.find(permalink)
        } else if path.starts_with('/') {
            self.files.find(path)
        } else {
            None
        };
        let Some(target) = target else {
            if !(self.skip)(source, link) {
                report.push_nowhere(source, link);
            }
            return;
        };
        let Some(frag) = frag.filter(|f| !f.is_empty()) else {
            return;
        };
        if target.ends_with(".html") {
            if let Some(d) = self.anchor(source, link, path, target, frag) {
                report.broken_links.push(d);
            }
        }
    }

    /// `resolved` as a path of this site (`base_url` taken off); `None` for another site or
    /// scheme, which is not checked.
    fn site_url<'l>(&self, resolved: &'l str) -> Option<&'l str> {
        let url = resolved
            .strip_prefix(self.base)
            .filter(|r| r.is_empty() || r.starts_with('/'))
            .unwrap_or(resolved);
        let elsewhere = url.contains("://")
            || url.starts_with("mailto:")
            || url.starts_with("tel:")
            || url.starts_with("//");
        (!elsewhere).then_some(url)
    }

    /// Reports `#frag` of a link of `source` when the HTML output `target` (the page at
    /// `path`) has no element with that id.
    fn anchor(
        &self,
        source: &Path,
        link: &Link,
        path: &str,
        target: &'a str,
        frag: &str,
    ) -> Option<Diagnostic> {
        let ids = self.ids(target);
        let frag = String::from_utf8_lossy(&percent_decode(frag)).into_owned();
        if ids.contains(&frag) {
            return None;
        }
        let hint = did_you_mean(&frag, ids.iter().map(String::as_str));
        Some(
            Diagnostic::error(
                source,
                link.pos,
                format!("liên kết hỏng: trang `{path}` không có mục `#{frag}`"),
            )
            .with_opt_hint(hint),
        )
    }

    /// The ids of the HTML output `target`, read once.
    fn ids(&self, target: &'a str) -> Arc<HashSet<String>> {
        if let Some(ids) = self
            .ids_cache
            .lock()
            .expect("no panic holds it")
            .get(target)
        {
            return ids.clone();
        }
        let ids = Arc::new(match self.files.get(target) {
            Output::Bytes { data, .. } => html_ids(&String::from_utf8_lossy(data)),
            Output::Copy { source, .. } => std::fs::read_to_string(source)
                .map(|t| html_ids(&t))
                .unwrap_or_default(),
        });
        self.ids_cache
            .lock()
            .expect("no panic holds it")
            .insert(target, ids.clone());
        ids
    }
}

/// Every URL an HTML output asks the browser for: attributes, `srcset` candidates and the
/// target of a `<meta http-equiv="refresh">`.
fn html_urls(html: &str) -> Vec<String> {
    use lol_html::{element, rewrite_str, RewriteStrSettings};
    let found = std::cell::RefCell::new(Vec::new());
    let _ = rewrite_str(
        html,
        RewriteStrSettings::new()
            .with_strict(false)
            .append_element_content_handler(element!("*", |el| {
                let mut found = found.borrow_mut();
                for name in URL_ATTRS {
                    found.extend(el.get_attribute(name));
                }
                for name in ["srcset", "imagesrcset"] {
                    if let Some(set) = el.get_attribute(name) {
                        found.extend(srcset_candidates(&set).map(|(u, _)| u.to_string()));
                    }
                }
                if el
                    .get_attribute("http-equiv")
                    .is_some_and(|v| v.eq_ignore_ascii_case("refresh"))
                {
                    let content = el.get_attribute("content").unwrap_or_default();
                    found.extend(refresh_target(&content).map(|(_, u)| u));
                }
                Ok(())
            })),
    );
    found.into_inner()
}

/// What a link of a built page asks the browser for.
enum Target {
    /// Another site, another scheme (`mailto:`, `tel:`), or a place in the same page.
    Elsewhere,
    /// A path of the host outside the site's folder.
    Outside,
    /// A path of the site (`/tin-tuc/`, without the folder); `rooted` when written from the
    /// host's root (`/cds/tin-tuc/`), which a copy opened from a disk cannot follow.
    Site { path: String, rooted: bool },
}

/// Where the built site is served from: the judge of its pages' links.
struct Served<'a> {
    base: Option<url::Url>,
    /// The folder of `base_url`, with both slashes: `/cds/`, or `/`.
    folder: String,
    files: Files<'a>,
}

impl<'a> Served<'a> {
    fn new(site: &Site, outputs: &'a [Output]) -> Self {
        let base = url::Url::parse(&format!("{}/", site.config.base_url)).ok();
        let folder = base.as_ref().map_or("/".into(), |b| b.path().to_string());
        let files = Files::new(outputs);
        Served {
            base,
            folder,
            files,
        }
    }

    /// The target of `url`, written in the output file `file`.
    fn target(&self, url: &str, file: &str) -> Target {
        // Another scheme (`mailto:`, `tel:`, `zalo:`, …) is not a file of the site.
        let scheme = url.split_once(':').map(|(s, _)| s).filter(|s| {
            s.chars()
                .all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c))
        });
        let web = scheme
            .is_none_or(|s| s.eq_ignore_ascii_case("http") || s.eq_ignore_ascii_case("https"));
        let Some(base) = self.base.as_ref().filter(|_| web) else {
            return Target::Elsewhere;
        };
        if url.is_empty() || url.starts_with('#') || url.starts_with("//") {
            return Target::Elsewhere;
        }
        let asked = if scheme.is_some() {
            // A full address on the host is the site's own only inside its folder; the rest
            // of the host (a portal the site lives in) is another site.
            match url::Url::parse(url) {
                Ok(u) if u.origin() == base.origin() && u.path().starts_with(&self.folder) => u,
                _ => return Target::Elsewhere,
            }
        } else {
            match base
                .join(&format!("{}{file}", self.folder))
                .and_then(|p| p.join(url))
            {
                Ok(u) => u,
                Err(_) => return Target::Elsewhere,
            }
        };
        match asked.path().strip_prefix(self.folder.trim_end_matches('/')) {
            Some(path) if path.starts_with('/') => Target::Site {
                path: path.to_string(),
                rooted: url.starts_with('/'),
            },
            _ => Target::Outside,
        }
    }

    /// Whether the build has the file at the site path `path`; `exact` when read from a disk,
    /// where `tin-tuc/` is a folder, not its `index.html`.
    fn has(&self, path: &str, exact: bool) -> bool {
        if !exact {
            return self.files.find(path).is_some();
        }
        let rel = path.trim_start_matches('/');
        let decoded = String::from_utf8_lossy(&percent_decode(rel)).into_owned();
        self.files.exact(&decoded).is_some()
    }
}

/// Checks that every link of every HTML output stays where the site is served from (under
/// the folder of `base_url`, or relative to the file for a `--relative` build) and leads to a
/// file of the build: what `check` proves about a site hosted under any address.
pub fn check_output_urls(site: &Site, outputs: &[Output]) -> Vec<Diagnostic> {
    let served = Served::new(site, outputs);
    // Links written in the content are checked, with their file and line, by `check_links`.
    let written: HashSet<String> = site
        .sections
        .iter()
        .flat_map(|s| s.links.iter())
        .chain(site.pages.iter().flat_map(|p| p.links().iter()))
        .map(|l| {
            let r = l
                .resolved
                .strip_prefix(site.config.base_url.as_str())
                .unwrap_or(&l.resolved);
            r.split(['#', '?']).next().unwrap_or(r).to_string()
        })
        .collect();
    let mut problems = Vec::new();
    for o in outputs {
        let Output::Bytes { path, data } = o else {
            continue;
        };
        if !path.ends_with(".html") {
            continue;
        }
        // A server shows the 404 page at any depth: its links start from the host, also in a
        // `--relative` copy.
        let relative =
            site.config.relative_urls && *path != crate::model::routes::not_found().output_file();
        let problem = |msg: String, hint: Option<&str>| {
            Diagnostic::error(
                format!("{path} (tệp dựng ra)"),
                crate::base::diagnostic::Pos::start(),
                msg,
            )
            .with_opt_hint(hint.map(String::from))
        };
        const HINT: &str =
            "trong mẫu trang, viết đường dẫn của site (`/tin-tuc/`): loa đặt nó đúng chỗ của trang";
        for raw in html_urls(&String::from_utf8_lossy(data)) {
            let url = raw.trim();
            match served.target(url, path) {
                Target::Elsewhere => {}
                Target::Outside => problems.push(problem(
                    format!("liên kết `{url}` nằm ngoài thư mục `{}` của trang (base_url)", served.folder),
                    Some(HINT),
                )),
                Target::Site { rooted: true, .. } if relative => problems.push(problem(
                    format!("liên kết `{url}` tính từ gốc máy chủ: bản dựng `--relative` mở bằng file:// sẽ không tìm thấy"),
                    Some(HINT),
                )),
                Target::Site { path: target, .. } => {
                    // Full addresses lead to the published site, which a server answers.
                    let from_disk = relative && !url.contains("://");
                    if !written.contains(&target) && !served.has(&target, from_disk) {
                        problems.push(problem(
                            format!("liên kết `{url}` không dẫn tới tệp nào của bản dựng"),
                            None,
                        ));
                    }
                }
            }
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_every_kind_of_url() {
        let urls = html_urls(
            r#"<a href="/a/">a</a><img src="b.png" srcset="/c.png 1x, d.png 2x" alt=""><meta http-equiv="refresh" content="0; url=/e/"><form action="/f/"></form>"#,
        );
        assert_eq!(urls, ["/a/", "b.png", "/c.png", "d.png", "/e/", "/f/"]);
    }

    #[test]
    fn finds_ids() {
        let ids = html_ids(r#"<h2 id="a-b">x</h2><details id="c">"#);
        assert!(ids.contains("a-b") && ids.contains("c"));
    }
}
