//! Moves the site's own links to where it is served from: under the path of `base_url`
//! (`/chuyendoiso/tin-tuc/`), or relative to each file for a copy opened with `file://`.
//!
//! Templates and content write site paths (`/tin-tuc/`); this last step of rendering turns
//! them into what the browser must ask for, so no template has to know where the site lives.

use lol_html::{element, HtmlRewriter, Settings};

/// Attributes that hold one URL (`check` reads the same ones).
pub(crate) const URL_ATTRS: &[&str] = &[
    "href",
    "src",
    "action",
    "poster",
    "data",
    "cite",
    "data-script",
    "data-href",
];

/// Where links of the site's HTML point.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Base {
    /// The site is at the root of its host: site paths stay as they are.
    Root,
    /// The site lives in a folder of its host, e.g. `/chuyendoiso` (no trailing slash).
    Folder(String),
    /// Every link is relative to the file it is in, and names `index.html` (for `file://`).
    Relative,
}

impl Base {
    /// The base of a site from its settings.
    pub fn of(base_url: &str, relative: bool) -> Base {
        if relative {
            return Base::Relative;
        }
        let path = url::Url::parse(base_url)
            .map(|u| u.path().trim_end_matches('/').to_string())
            .unwrap_or_default();
        if path.is_empty() {
            Base::Root
        } else {
            Base::Folder(path)
        }
    }

    /// `path` (a site path such as `/tin-tuc/#a`) as written in the file `file` (relative to
    /// the output folder, e.g. `tin-tuc/index.html`); anything else passes unchanged.
    pub fn link(&self, path: &str, file: &str) -> String {
        if !path.starts_with('/') || path.starts_with("//") {
            return path.to_string();
        }
        match self {
            Base::Root => path.to_string(),
            Base::Folder(folder) => format!("{folder}{path}"),
            Base::Relative => {
                let up = "../".repeat(file.matches('/').count());
                let cut = path.find(['?', '#']).unwrap_or(path.len());
                let (target, rest) = path.split_at(cut);
                let target = &target[1..];
                // From a disk a folder does not open its `index.html`: name it, also for a
                // folder written without its last slash (`/tin-tuc`).
                let last = target.rsplit('/').next().unwrap_or("");
                let index = if target.is_empty() || target.ends_with('/') {
                    "index.html"
                } else if !last.contains('.') {
                    "/index.html"
                } else {
                    ""
                };
                format!("{up}{target}{index}{rest}")
            }
        }
    }
}

/// Rewrites every site path in the HTML (UTF-8 bytes) of `file` for `base`.
pub fn html(html: Vec<u8>, file: &str, base: &Base) -> Vec<u8> {
    if *base == Base::Root {
        return html;
    }
    let link = |v: &str| base.link(v.trim(), file);
    let mut out = Vec::with_capacity(html.len() + html.len() / 8);
    let mut rewriter = HtmlRewriter::new(
        Settings::new()
            .with_strict(false)
            .append_element_content_handler(element!("*", |el| {
                for &name in URL_ATTRS {
                    if let Some(v) = el.get_attribute(name) {
                        el.set_attribute(name, &link(&v))?;
                    }
                }
                for name in ["srcset", "imagesrcset"] {
                    if let Some(v) = el.get_attribute(name) {
                        el.set_attribute(name, &srcset(&v, &link))?;
                    }
                }
                Ok(())
            }))
            .append_element_content_handler(element!("meta[http-equiv]", |el| {
                let refresh = el
                    .get_attribute("http-equiv")
                    .is_some_and(|v| v.eq_ignore_ascii_case("refresh"));
                if let Some((delay, target)) = el
                    .get_attribute("content")
                    .filter(|_| refresh)
                    .as_deref()
                    .and_then(refresh_target)
                {
                    el.set_attribute("content", &format!("{delay}url={}", link(&target)))?;
                }
                Ok(())
            })),
        |chunk: &[u8]| out.extend_from_slice(chunk),
    );
    // The rewriter only fails on memory limits; the links as written are then kept.
    match rewriter.write(&html).and_then(|()| rewriter.end()) {
        Ok(()) => out,
        Err(_) => html,
    }
}

/// The target of a refresh's `content` (`0; URL='/moi/'`), after what comes before it.
pub(crate) fn refresh_target(content: &str) -> Option<(String, String)> {
    let at = content.to_ascii_lowercase().find("url=")?;
    let target = content[at + 4..].trim().trim_matches(['\'', '"']);
    Some((content[..at].to_string(), target.to_string()))
}

/// The candidates of a `srcset` list (`a.jpg 1x, b.jpg 2x`): each URL and its descriptor.
pub(crate) fn srcset_candidates(value: &str) -> impl Iterator<Item = (&str, &str)> {
    value
        .split(',')
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .map(|c| {
            let (url, descriptor) = c.split_once(char::is_whitespace).unwrap_or((c, ""));
            (url, descriptor.trim())
        })
}

/// Rewrites each candidate of a `srcset` list.
pub(crate) fn srcset(value: &str, map: &dyn Fn(&str) -> String) -> String {
    srcset_candidates(value)
        .map(|(url, d)| match d {
            "" => map(url),
            d => format!("{} {d}", map(url)),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn html_str(text: &str, file: &str, base: &Base) -> String {
        String::from_utf8(html(text.as_bytes().to_vec(), file, base)).unwrap()
    }

    #[test]
    fn base_from_settings() {
        assert_eq!(Base::of("https://x.vn", false), Base::Root);
        assert_eq!(
            Base::of("https://laichau.gov.vn/chuyendoiso", false),
            Base::Folder("/chuyendoiso".into())
        );
        assert_eq!(Base::of("https://x.vn/a", true), Base::Relative);
    }

    #[test]
    fn folder_prefixes_site_paths_only() {
        let b = Base::Folder("/cds".into());
        let out = html_str(
            r##"<a href="/tin-tuc/">t</a><a href="#x">x</a><a href="https://y.vn/">y</a><a href="//cdn.vn/a">c</a><img src="/a.png" srcset="/a.png 1x, /b.png 2x" alt=""><meta http-equiv="refresh" content="0; url=/moi/">"##,
            "cu/index.html",
            &b,
        );
        assert_eq!(
            out,
            r##"<a href="/cds/tin-tuc/">t</a><a href="#x">x</a><a href="https://y.vn/">y</a><a href="//cdn.vn/a">c</a><img src="/cds/a.png" srcset="/cds/a.png 1x, /cds/b.png 2x" alt=""><meta http-equiv="refresh" content="0; url=/cds/moi/">"##
        );
    }

    #[test]
    fn relative_links_name_files() {
        let b = Base::Relative;
        assert_eq!(b.link("/", "index.html"), "index.html");
        assert_eq!(b.link("/style.css", "index.html"), "style.css");
        assert_eq!(
            b.link("/hoi-dap/#ma-otp", "tin-tuc/bai/index.html"),
            "../../hoi-dap/index.html#ma-otp"
        );
        assert_eq!(
            b.link("/tim-kiem/?q=a", "404.html"),
            "tim-kiem/index.html?q=a"
        );
        assert_eq!(b.link("mailto:a@b.vn", "a/index.html"), "mailto:a@b.vn");
        assert_eq!(b.link("/tin-tuc", "a/index.html"), "../tin-tuc/index.html");
        assert_eq!(b.link("/a/anh.png", "index.html"), "a/anh.png");
        let out = html_str(
            r#"<meta http-equiv="Refresh" content="0; URL='/moi/'">"#,
            "cu/index.html",
            &b,
        );
        assert_eq!(
            out,
            r#"<meta http-equiv="Refresh" content="0; url=../moi/index.html">"#
        );
    }
}
